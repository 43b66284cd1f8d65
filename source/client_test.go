package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

// loopbackOnly is the test-only allow-list for httptest servers.
var loopbackOnly = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}

// localClient lets tests fetch from httptest servers on 127.0.0.1 and
// nothing else that is not public.
func localClient() *Client { return NewClient(ClientConfig{Allow: loopbackOnly}) }

// local returns o fetching through localClient.
func local(o Options) Options {
	if o.Client == nil {
		o.Client = localClient()
	}
	return o
}

// fakeDNS resolves the test names; other names are not found.
func fakeDNS(names map[string][]string) func(context.Context, string, string) ([]netip.Addr, error) {
	return func(_ context.Context, _, host string) ([]netip.Addr, error) {
		as, ok := names[host]
		if !ok {
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		var out []netip.Addr
		for _, a := range as {
			out = append(out, netip.MustParseAddr(a))
		}
		return out, nil
	}
}

func TestRefusedReason(t *testing.T) {
	tests := []struct {
		addr string
		want string // a part of the reason; "" for public
	}{
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"2606:4700:4700::1111", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::808:808", ""},
		{"127.0.0.1", "loopback"},
		{"127.9.9.9", "loopback"},
		{"::1", "loopback"},
		{"::ffff:127.0.0.1", "loopback"},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.1", "private"},
		{"::ffff:192.168.1.1", "private"},
		{"fc00::1", "private"},
		{"fd12:3456::1", "private"},
		{"169.254.169.254", "link-local"},
		{"fe80::1", "link-local"},
		{"100.64.0.1", "CGNAT"},
		{"100.127.255.254", "CGNAT"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"ff02::1", "multicast"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"0.1.2.3", "this network"},
		{"255.255.255.255", "broadcast"},
		{"240.0.0.1", "reserved"},
		{"192.0.0.8", "IETF"},
		{"192.0.2.1", "documentation"},
		{"198.51.100.1", "documentation"},
		{"203.0.113.1", "documentation"},
		{"2001:db8::1", "documentation"},
		{"198.18.0.1", "benchmarking"},
		{"100::1", "discard"},
		{"fec0::1", "site-local"},
		{"64:ff9b::7f00:1", "NAT64 form of 127.0.0.1, a loopback"},
		{"64:ff9b::a00:1", "NAT64 form of 10.0.0.1, a private"},
		{"2002:7f00:1::1", "6to4 form of 127.0.0.1"},
		{"2002:a9fe:a9fe::1", "6to4 form of 169.254.169.254, a link-local"},
	}
	c := NewClient(ClientConfig{})
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := c.Check("", netip.MustParseAddr(tt.addr))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if (tt.want == "") != (err == nil) || !strings.Contains(got, tt.want) {
				t.Errorf("Check(%s) = %q, want a refusal containing %q", tt.addr, got, tt.want)
			}
		})
	}
	// The opt-ins.
	if err := NewClient(ClientConfig{AllowPrivate: true}).Check("", netip.MustParseAddr("10.0.0.1")); err != nil {
		t.Errorf("AllowPrivate: %v", err)
	}
	allow := NewClient(ClientConfig{Allow: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}})
	if err := allow.Check("", netip.MustParseAddr("::ffff:10.1.2.3")); err != nil {
		t.Errorf("Allow 10.1.0.0/16, ::ffff:10.1.2.3: %v", err)
	}
	if err := allow.Check("", netip.MustParseAddr("10.2.0.1")); err == nil {
		t.Errorf("Allow 10.1.0.0/16 let 10.2.0.1 through")
	}
}

func TestClientRefuses(t *testing.T) {
	page := []byte("<html><body><article><p>Gunmen killed 4 people in Kirkuk on Monday, police said, in an attack on a checkpoint.</p></article></body></html>")
	mux := http.NewServeMux()
	mux.HandleFunc("/x.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(page)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	at := func(host, path string) string { return fmt.Sprintf("http://%s:%d%s", host, port, path) }
	mux.HandleFunc("/to-private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, at("private.test", "/x.html"), http.StatusFound)
	})
	mux.HandleFunc("/to-loopback", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, at("127.0.0.2", "/x.html"), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://news.test/x.html", http.StatusFound)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/hop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, at("news.test", "/x.html"), http.StatusFound)
	})
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write([]byte("<html><body><p>" + strings.Repeat("boom ", 200_000) + "</p></body></html>"))
	zw.Close()
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	})

	dns := fakeDNS(map[string][]string{
		"news.test":      {"127.0.0.1"}, // the test's "public" server: allowed by the test allow-list
		"mixed.test":     {"10.0.0.9", "127.0.0.1"},
		"private.test":   {"10.0.0.7"},
		"rfc1918.test":   {"192.168.0.10"},
		"ula.test":       {"fd00::7"},
		"loopback.test":  {"127.0.0.1"},
		"loop6.test":     {"::1"},
		"mapped.test":    {"::ffff:127.0.0.1"},
		"metadata.test":  {"169.254.169.254"},
		"linklocal.test": {"fe80::1"},
		"cgnat.test":     {"100.64.1.1"},
		"mcast.test":     {"224.0.0.251"},
		"zero.test":      {"0.0.0.0"},
		"bcast.test":     {"255.255.255.255"},
		"nat64.test":     {"64:ff9b::a00:7"},
	})
	strict := NewClient(ClientConfig{LookupNetIP: dns, Hint: "use --fetch-allow-private to allow"})
	allowLocal := NewClient(ClientConfig{LookupNetIP: dns, Allow: loopbackOnly, Hint: "use --fetch-allow-private to allow"})
	open := NewClient(ClientConfig{LookupNetIP: dns, AllowPrivate: true})

	type res struct {
		Code string // "" for a document
		Msg  string // a part of the error
	}
	tests := []struct {
		name   string
		client *Client
		url    string
		opt    Options
		want   res
	}{
		{"loopback literal", strict, at("127.0.0.1", "/x.html"), Options{}, res{evident.EFORBIDDEN, "refused: 127.0.0.1 is a loopback address (use --fetch-allow-private to allow)"}},
		{"loopback v6 literal", strict, at("[::1]", "/x.html"), Options{}, res{evident.EFORBIDDEN, "::1 is a loopback address"}},
		{"mapped literal", strict, at("[::ffff:127.0.0.1]", "/x.html"), Options{}, res{evident.EFORBIDDEN, "127.0.0.1 is a loopback address"}},
		{"loopback name", strict, at("loopback.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "loopback.test resolves to 127.0.0.1, which is a loopback address"}},
		{"loopback v6 name", strict, at("loop6.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "::1, which is a loopback"}},
		{"mapped name", strict, at("mapped.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "127.0.0.1, which is a loopback"}},
		{"private", strict, at("private.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "10.0.0.7, which is a private address"}},
		{"rfc1918 192.168", strict, at("rfc1918.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "192.168.0.10, which is a private address"}},
		{"ula", strict, at("ula.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "fd00::7, which is a private address"}},
		{"metadata", strict, at("metadata.test", "/latest/meta-data/"), Options{}, res{evident.EFORBIDDEN, "169.254.169.254, which is a link-local address"}},
		{"link-local v6", strict, at("linklocal.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "link-local"}},
		{"cgnat", strict, at("cgnat.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "CGNAT"}},
		{"multicast", strict, at("mcast.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "multicast"}},
		{"unspecified", strict, at("zero.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "unspecified"}},
		{"broadcast", strict, at("bcast.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "broadcast"}},
		{"nat64", strict, at("nat64.test", "/x.html"), Options{}, res{evident.EFORBIDDEN, "NAT64 form of 10.0.0.7"}},
		{"allow-listed", allowLocal, at("news.test", "/x.html"), Options{}, res{}},
		{"allow-listed literal", allowLocal, at("127.0.0.1", "/x.html"), Options{}, res{}},
		{"mixed answer dials the allowed address", allowLocal, at("mixed.test", "/x.html"), Options{}, res{}},
		{"allow-list is exact", allowLocal, at("127.0.0.2", "/x.html"), Options{}, res{evident.EFORBIDDEN, "127.0.0.2 is a loopback address"}},
		{"redirect into a private address", allowLocal, at("news.test", "/to-private"), Options{},
			res{evident.EFORBIDDEN, "redirected to " + at("private.test", "/x.html") + ": refused: private.test resolves to 10.0.0.7, which is a private address"}},
		{"redirect into loopback", allowLocal, at("news.test", "/to-loopback"), Options{}, res{evident.EFORBIDDEN, "refused: 127.0.0.2 is a loopback address"}},
		{"redirect to ftp", allowLocal, at("news.test", "/to-ftp"), Options{}, res{evident.EFORBIDDEN, `redirect to ftp://news.test/x.html: scheme "ftp" is not fetched (only http and https)`}},
		{"redirect to file", allowLocal, at("news.test", "/to-file"), Options{}, res{evident.EFORBIDDEN, `scheme "file"`}},
		{"redirect loop", allowLocal, at("news.test", "/loop"), Options{}, res{evident.EINVALID, "stopped after 5 redirects"}},
		{"literal spelled differently", strict, "http://127.0.0.1:" + fmt.Sprint(port) + "/x%2Ehtml", Options{}, res{evident.EFORBIDDEN, "/x%2Ehtml: refused: 127.0.0.1 is a loopback"}},
		{"allowed redirect", allowLocal, at("127.0.0.1", "/hop"), Options{}, res{}},
		{"gzip bomb counted decompressed", allowLocal, at("news.test", "/bomb"), Options{MaxBytes: 64 << 10}, res{evident.ETOOLARGE, "over the 64 KiB limit"}},
		{"unknown host", allowLocal, at("nowhere.test", "/x.html"), Options{}, res{evident.ENOTFOUND, "no such host"}},
		{"allow private", open, at("loopback.test", "/x.html"), Options{}, res{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Client = tt.client
			var got res
			for it := range Read(t.Context(), tt.url, nil, opt) {
				if it.Err != nil {
					e := it.Err.(*evident.Error)
					if e.Input != tt.url {
						t.Errorf("error names %q, want the URL %q", e.Input, tt.url)
					}
					got = res{e.Code, it.Err.Error()}
				}
			}
			if !strings.Contains(got.Msg, tt.want.Msg) {
				t.Errorf("Read(%s) error %q, want one containing %q", tt.url, got.Msg, tt.want.Msg)
			}
			got.Msg = tt.want.Msg
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Read(%s) (-want +got):\n%s", tt.url, diff)
			}
		})
	}
}

func TestClientScheme(t *testing.T) {
	c := NewClient(ClientConfig{})
	for _, u := range []string{"ftp://example.org/x", "file:///etc/passwd", "gopher://example.org/"} {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		if _, err := c.Do(req); err == nil || !strings.Contains(err.Error(), "only http and https") {
			t.Errorf("Do(%s) = %v, want a scheme refusal", u, err)
		}
	}
	if _, err := url.Parse("http://x"); err != nil {
		t.Fatal(err)
	}
}

func TestParseCIDRs(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"", nil, ""},
		{"10.0.0.0/8", []string{"10.0.0.0/8"}, ""},
		{"10.1.2.3/16, 127.0.0.1 ,fd00::/8", []string{"10.1.0.0/16", "127.0.0.1/32", "fd00::/8"}, ""},
		{"::ffff:10.0.0.1", []string{"10.0.0.1/32"}, ""},
		{"10.0.0.0/33", nil, `"10.0.0.0/33" is not a network`},
		{"intranet", nil, `"intranet" is not an address`},
	}
	for _, tt := range tests {
		ps, err := ParseCIDRs(tt.in)
		var got []string
		for _, p := range ps {
			got = append(got, p.String())
		}
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if diff := cmp.Diff(tt.want, got); diff != "" || !strings.Contains(gotErr, tt.wantErr) || (tt.wantErr == "") != (err == nil) {
			t.Errorf("ParseCIDRs(%q) = %v, %v; want %v, error containing %q", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
