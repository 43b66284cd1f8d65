package source

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

// Defaults used by [Options.WithDefaults].
const (
	DefaultMaxBytes = 20 << 20 // 20 MiB
	// DefaultMaxDecompressedBytes bounds what one .gz input may expand to.
	DefaultMaxDecompressedBytes = 1 << 30 // 1 GiB
	DefaultTimeout              = 30 * time.Second
	DefaultUserAgent            = "evident/0.1 (+https://github.com/evident-org/evident)"
)

// Options configure reading. The zero value is ready to use: every reader
// applies [Options.WithDefaults] first.
type Options struct {
	// MaxBytes is the largest input accepted: a file, a fetched body, a
	// stdin document or, for JSON Lines, one line. Larger inputs yield an
	// ETOOLARGE error naming the input and are never read whole.
	// Default: DefaultMaxBytes (20 MiB).
	MaxBytes int64
	// Timeout bounds each URL fetch (connection, headers and body).
	// Default: DefaultTimeout (30s).
	Timeout time.Duration
	// Client makes every request: URL inputs and feed item pages. It
	// refuses non-public addresses unless its config allows them (see
	// [Client]). Default: NewClient(ClientConfig{}), which refuses them
	// and keeps no connections open.
	Client *Client
	// UserAgent is sent with every request. Default: DefaultUserAgent.
	UserAgent string
	// FetchItems makes feed readers fetch each item's link and extract the
	// full article instead of using the item's summary. Default: false
	// (offline friendly: a feed is one request).
	FetchItems bool
	// MaxDecompressedBytes is the most a gzip-compressed file (.gz) may
	// decompress to; past it the input yields an ETOOLARGE error (a
	// decompression bomb never fills memory or disk). Default:
	// DefaultMaxDecompressedBytes (1 GiB).
	MaxDecompressedBytes int64
	// AnyContentType makes URL fetches read a body whatever its
	// Content-Type says (sniffing it); by default only HTML, XHTML,
	// RSS/Atom/XML, JSON Lines and text/plain are read, and any other type
	// (images, PDF, octet-stream) is an EINVALID error naming the URL and
	// the type. Default: false.
	AnyContentType bool
	// OnSkip, when set, is called for every entry a directory walk skips
	// and why ("hidden"), so that a summary can count them. Default: nil.
	OnSkip func(path, reason string)
}

// WithDefaults returns a copy of o with zero fields set to their defaults.
func (o Options) WithDefaults() Options {
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxDecompressedBytes == 0 {
		o.MaxDecompressedBytes = DefaultMaxDecompressedBytes
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Client == nil {
		o.Client = NewClient(ClientConfig{})
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	return o
}

// validate reports options that cannot work. It expects defaults applied.
func (o Options) validate() error {
	if o.MaxBytes < 0 {
		return evident.Errorf(evident.EINVALID, "", "source options: MaxBytes must not be negative (got %d)", o.MaxBytes)
	}
	if o.MaxDecompressedBytes < 0 {
		return evident.Errorf(evident.EINVALID, "", "source options: MaxDecompressedBytes must not be negative (got %d)", o.MaxDecompressedBytes)
	}
	if o.Timeout < 0 {
		return evident.Errorf(evident.EINVALID, "", "source options: Timeout must not be negative (got %s)", o.Timeout)
	}
	return nil
}

// prepare applies defaults and validates.
func (o Options) prepare() (Options, error) {
	o = o.WithDefaults()
	if err := o.validate(); err != nil {
		return o, err
	}
	return o, nil
}

func tooLarge(input string, size, max int64) *evident.Error {
	if size < 0 {
		return evident.Errorf(evident.ETOOLARGE, input, "input is over the %s limit", HumanBytes(max))
	}
	return evident.Errorf(evident.ETOOLARGE, input, "input is %s, over the %s limit", HumanBytes(size), HumanBytes(max))
}

// HumanBytes writes a size for people: "512 B", "1.5 KiB", "51.3 MiB",
// "20 MiB", "2 GiB" (binary units, one decimal unless whole).
func HumanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	v, i := float64(n), 0
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	for v >= unit && i < len(units)-1 {
		v /= unit
		i++
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return s + " " + units[i]
}

// ParseBytes reads a size as people write it: "20MB", "20 MiB", "1.5GB",
// "500k", "1048576". K, M, G and T (with or without B or iB) are binary
// multiples, as HumanBytes prints them.
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	v, err := strconv.ParseFloat(num, 64)
	if num == "" || err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a size (want e.g. 20MB, 1GiB or a number of bytes)", s)
	}
	mult := map[string]float64{"": 1, "b": 1,
		"k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
		"m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20,
		"g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
		"t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("%q: unknown unit %q (want B, KB, MB, GB or TB)", s, t[i:])
	}
	return int64(v * mult), nil
}
