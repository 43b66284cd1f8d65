package source

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// Defaults of [ClientConfig].
const (
	DefaultMaxRedirects = 5
	DefaultDialTimeout  = 10 * time.Second
	// DefaultRefusalHint ends every refusal when ClientConfig.Hint is empty.
	DefaultRefusalHint = "set AllowPrivate or Allow to permit it"
)

// ClientConfig configures a [Client]: which network addresses fetches may
// reach and how redirects are followed. The zero value refuses every
// address that is not public (see [Client]).
type ClientConfig struct {
	// AllowPrivate lets fetches reach every address, including loopback,
	// private, link-local and the other ranges refused by default.
	// Default: false.
	AllowPrivate bool
	// Allow lists networks fetches may reach although they are not public
	// (e.g. 10.1.0.0/16 for an intranet news server). Default: none.
	Allow []netip.Prefix
	// MaxRedirects is how many redirects one fetch follows; every hop is
	// checked again (scheme and address). Default: DefaultMaxRedirects (5).
	MaxRedirects int
	// DialTimeout bounds connecting (and the TLS handshake, and waiting for
	// response headers). Default: DefaultDialTimeout (10s).
	DialTimeout time.Duration
	// LookupNetIP resolves host names. Tests inject their own resolver.
	// Default: net.DefaultResolver.LookupNetIP.
	LookupNetIP func(ctx context.Context, network, host string) ([]netip.Addr, error)
	// Hint ends every refusal, telling people how to allow the address
	// ("use --fetch-allow-private to allow"). Default: DefaultRefusalHint.
	Hint string
	// KeepAlives keeps connections open between fetches (the CLI and the
	// server make one Client and reuse it). Default: false, so that a
	// throwaway Client leaves no idle connections behind.
	KeepAlives bool
}

// WithDefaults returns c with zero fields set to their defaults.
func (c ClientConfig) WithDefaults() ClientConfig {
	if c.MaxRedirects == 0 {
		c.MaxRedirects = DefaultMaxRedirects
	}
	if c.DialTimeout == 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.LookupNetIP == nil {
		c.LookupNetIP = net.DefaultResolver.LookupNetIP
	}
	if c.Hint == "" {
		c.Hint = DefaultRefusalHint
	}
	return c
}

// Client is the one HTTP client every fetch of this package goes through:
// URL inputs, feed item pages, API submissions. It fetches only http and
// https URLs, and only from public addresses unless its config allows
// more. The address check runs at dial time on the resolved address (the
// address connected to is the one checked, so DNS rebinding cannot slip
// past it), and again for every redirect hop.
//
// Refused by default: loopback (127.0.0.0/8, ::1), private (RFC 1918,
// fc00::/7, fec0::/10), link-local (169.254.0.0/16, fe80::/10), shared
// CGNAT (100.64.0.0/10), multicast, unspecified (0.0.0.0, ::), "this
// network" (0.0.0.0/8), broadcast, reserved (240.0.0.0/4), IETF protocol
// assignments (192.0.0.0/24), benchmarking (198.18.0.0/15), documentation
// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), discard
// (100::/64), and the IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96)
// and 6to4 (2002::/16) forms of refused IPv4 addresses. Proxies from the
// environment (HTTP_PROXY) are not used: the check must see the target.
type Client struct {
	cfg ClientConfig
	hc  *http.Client
}

// NewClient returns a Client with cfg's defaults filled in.
func NewClient(cfg ClientConfig) *Client {
	cfg = cfg.WithDefaults()
	c := &Client{cfg: cfg}
	d := &net.Dialer{Timeout: cfg.DialTimeout, KeepAlive: 30 * time.Second, Control: c.control}
	tr := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return c.dial(ctx, d, network, addr)
		},
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          32,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   cfg.DialTimeout,
		ResponseHeaderTimeout: 3 * cfg.DialTimeout,
		ExpectContinueTimeout: time.Second,
		DisableKeepAlives:     !cfg.KeepAlives,
	}
	c.hc = &http.Client{Transport: tr, CheckRedirect: c.checkRedirect}
	return c
}

// Config returns the client's configuration with defaults filled in.
func (c *Client) Config() ClientConfig { return c.cfg }

// Do sends req. Use it for every outbound request.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if err := checkScheme(req.URL.Scheme); err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}

// CloseIdleConnections closes the connections kept for reuse.
func (c *Client) CloseIdleConnections() { c.hc.CloseIdleConnections() }

// RefusedError says that a fetch would reach an address the client's
// policy refuses.
type RefusedError struct {
	Host   string     // the host name as written in the URL, or the address
	Addr   netip.Addr // the address it resolved to
	Reason string     // "a loopback address"
	Hint   string     // how to allow it
}

func (e *RefusedError) Error() string {
	s := "refused: "
	if e.Host != "" && e.Host != e.Addr.String() {
		s += e.Host + " resolves to " + e.Addr.String() + ", which"
	} else {
		s += e.Addr.String()
	}
	s += " is " + e.Reason
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// redirectError is a redirect (or a first request) the client does not
// follow: a scheme other than http(s) (refused), or one hop too many
// (tooMany).
type redirectError struct {
	msg     string
	tooMany bool
}

func (e *redirectError) Error() string { return e.msg }

func checkScheme(scheme string) error {
	if s := strings.ToLower(scheme); s != "http" && s != "https" {
		return &redirectError{msg: fmt.Sprintf("scheme %q is not fetched (only http and https)", scheme)}
	}
	return nil
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if err := checkScheme(req.URL.Scheme); err != nil {
		return &redirectError{msg: "redirect to " + req.URL.Redacted() + ": " + err.Error()}
	}
	if len(via) > c.cfg.MaxRedirects {
		return &redirectError{msg: fmt.Sprintf("stopped after %d redirects (the limit)", c.cfg.MaxRedirects), tooMany: true}
	}
	return nil
}

// Check reports whether the policy lets fetches reach a; host names it in
// the error.
func (c *Client) Check(host string, a netip.Addr) error {
	a = a.Unmap().WithZone("")
	if c.cfg.AllowPrivate {
		return nil
	}
	for _, p := range c.cfg.Allow {
		if p.Contains(a) {
			return nil
		}
	}
	if r := refusedReason(a); r != "" {
		return &RefusedError{Host: host, Addr: a, Reason: r, Hint: c.cfg.Hint}
	}
	return nil
}

// dial resolves addr itself, checks every address and connects only to
// allowed ones; the dialer's Control checks the socket address once more.
func (c *Client) dial(ctx context.Context, d *net.Dialer, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		ips, host = []netip.Addr{ip}, "" // a literal: the refusal names the address
	} else {
		lookup := "ip"
		switch network {
		case "tcp4":
			lookup = "ip4"
		case "tcp6":
			lookup = "ip6"
		}
		ips, err = c.cfg.LookupNetIP(ctx, lookup, host)
		if err != nil {
			return nil, err
		}
		if len(ips) == 0 {
			return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
		}
	}
	var firstErr error
	for _, ip := range ips {
		if err := c.Check(host, ip); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		conn, err := d.DialContext(ctx, network, net.JoinHostPort(ip.Unmap().String(), port))
		if err == nil {
			return conn, nil
		}
		if firstErr == nil || isRefused(firstErr) {
			firstErr = err
		}
	}
	return nil, firstErr
}

// control checks the address a socket is about to connect to.
func (c *Client) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: cannot parse the address: %w", address, err)
	}
	return c.Check("", ap.Addr())
}

func isRefused(err error) bool {
	var re *RefusedError
	return errors.As(err, &re)
}

var specialRanges = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), `in "this network" (0.0.0.0/8)`},
	{netip.MustParsePrefix("100.64.0.0/10"), "a shared (CGNAT) address (100.64.0.0/10)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "an IETF protocol address (192.0.0.0/24)"},
	{netip.MustParsePrefix("192.0.2.0/24"), "a documentation address (192.0.2.0/24)"},
	{netip.MustParsePrefix("198.51.100.0/24"), "a documentation address (198.51.100.0/24)"},
	{netip.MustParsePrefix("203.0.113.0/24"), "a documentation address (203.0.113.0/24)"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a benchmarking address (198.18.0.0/15)"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address (240.0.0.0/4)"},
	{netip.MustParsePrefix("2001:db8::/32"), "a documentation address (2001:db8::/32)"},
	{netip.MustParsePrefix("100::/64"), "a discard-only address (100::/64)"},
	{netip.MustParsePrefix("fec0::/10"), "a site-local address (fec0::/10)"},
}

var (
	nat64   = netip.MustParsePrefix("64:ff9b::/96")
	sixToFo = netip.MustParsePrefix("2002::/16")
)

// refusedReason says why a is refused by default ("a loopback address"),
// or "" for a public address. a must be unmapped.
func refusedReason(a netip.Addr) string {
	switch {
	case !a.IsValid():
		return "not a valid address"
	case a.IsUnspecified():
		return "an unspecified address"
	case a.IsLoopback():
		return "a loopback address"
	case a == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "the broadcast address"
	case a.IsPrivate():
		return "a private address"
	case a.IsLinkLocalUnicast():
		return "a link-local address"
	case a.IsMulticast():
		return "a multicast address"
	}
	for _, r := range specialRanges {
		if r.prefix.Contains(a) {
			return r.reason
		}
	}
	if a.Is6() {
		b := a.As16()
		var v4 netip.Addr
		form := ""
		switch {
		case nat64.Contains(a):
			v4, form = netip.AddrFrom4([4]byte(b[12:16])), "NAT64"
		case sixToFo.Contains(a):
			v4, form = netip.AddrFrom4([4]byte(b[2:6])), "6to4"
		}
		if v4.IsValid() {
			if r := refusedReason(v4); r != "" {
				return fmt.Sprintf("the %s form of %s, %s", form, v4, r)
			}
		}
	}
	return ""
}

// ParseCIDRs reads a comma-separated list of networks ("10.0.0.0/8,
// 192.168.1.7"); a bare address is a network of one.
func ParseCIDRs(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not a network (want e.g. 10.0.0.0/8 or fd00::/8)", f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a network (want e.g. 10.0.0.0/8)", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
