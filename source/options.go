package source

import (
	"net/http"
	"time"

	"github.com/evident-org/evident"
)

// Defaults used by [Options.WithDefaults].
const (
	DefaultMaxBytes  = 20 << 20 // 20 MiB
	DefaultTimeout   = 30 * time.Second
	DefaultUserAgent = "evident/0.1 (+https://github.com/evident-org/evident)"
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
	// HTTPClient fetches URLs. Default: a new &http.Client{} using
	// http.DefaultTransport; its own Timeout, if any, also applies.
	HTTPClient *http.Client
	// UserAgent is sent with every request. Default: DefaultUserAgent.
	UserAgent string
	// FetchItems makes feed readers fetch each item's link and extract the
	// full article instead of using the item's summary. Default: false
	// (offline friendly: a feed is one request).
	FetchItems bool
}

// WithDefaults returns a copy of o with zero fields set to their defaults.
func (o Options) WithDefaults() Options {
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{}
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
		return evident.Errorf(evident.ETOOLARGE, input, "input is larger than the %d-byte limit (MaxBytes)", max)
	}
	return evident.Errorf(evident.ETOOLARGE, input, "input is %d bytes, over the %d-byte limit (MaxBytes)", size, max)
}
