// Package http serves Evident over HTTP: the JSON API under /api/v1, the
// web UI (templates and assets embedded), /healthz and the OpenAPI
// document. Handlers read through evident.QueryStore and write through
// evident.Store; the wiring (which store, which pipeline) happens in
// cmd/evident.
package http

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/evident-org/evident"
)

// Config configures a Server. WithDefaults fills zero fields; each field's
// comment states its default.
type Config struct {
	// Addr is the listen address. Default: 127.0.0.1:8080.
	Addr string
	// AuthReads requires a bearer token for reads too. Default: false
	// (reads are open; writes always need a token).
	AuthReads bool
	// MaxBodyBytes bounds request bodies; larger ones get 413. Default: 5 MiB.
	MaxBodyBytes int64
	// ReadHeaderTimeout bounds reading a request's headers. Default: 10s.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, headers and body (a
	// client trickling a body is cut off). Default: 60s.
	ReadTimeout time.Duration
	// WriteTimeout bounds writing a response, except exports, which stream
	// for as long as they need. Default: 60s.
	WriteTimeout time.Duration
	// IdleTimeout is how long a keep-alive connection may wait for its
	// next request. Default: 120s.
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds a request's headers; larger ones get 431.
	// Default: 64 KiB.
	MaxHeaderBytes int
	// MaxFetches bounds the URL submissions the server fetches at once;
	// more wait up to FetchQueueTimeout, then get 503 with Retry-After.
	// Default: 4.
	MaxFetches int
	// FetchQueueTimeout is how long a URL submission waits for a fetch
	// slot. Default: 10s.
	FetchQueueTimeout time.Duration
	// WriteRate is the sustained writes (POST /api/v1/documents) per
	// second allowed to one API token; past it, and past WriteBurst,
	// writes get 429 with Retry-After. Negative: no limit. Default: 2.
	WriteRate float64
	// WriteBurst is how many writes one token may make at once before
	// WriteRate applies. Default: 60.
	WriteBurst int
	// ShutdownTimeout is how long Serve waits for requests in flight once
	// its context is done. Default: 10s.
	ShutdownTimeout time.Duration
	// OnlineTiles is a tile URL template ({z}/{x}/{y}) the UI offers as an
	// optional layer above the offline basemap. Default: OpenStreetMap's.
	OnlineTiles string
	// Fuse fuses a submitted document's events into incidents when it is
	// stored (fuse.Update; experimental: the incidents depend on the order
	// documents arrive in, and it slows writes). Default: false.
	Fuse bool
}

// DefaultAddr is where evident serve listens by default.
const DefaultAddr = "127.0.0.1:8080"

// WithDefaults returns c with every zero field set to its default.
func (c Config) WithDefaults() Config {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = 5 << 20
	}
	if c.ReadHeaderTimeout == 0 {
		c.ReadHeaderTimeout = 10 * time.Second
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = 60 * time.Second
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = 60 * time.Second
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 120 * time.Second
	}
	if c.MaxHeaderBytes == 0 {
		c.MaxHeaderBytes = 64 << 10
	}
	if c.MaxFetches == 0 {
		c.MaxFetches = 4
	}
	if c.FetchQueueTimeout == 0 {
		c.FetchQueueTimeout = 10 * time.Second
	}
	if c.WriteRate == 0 {
		c.WriteRate = 2
	}
	if c.WriteBurst == 0 {
		c.WriteBurst = 60
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = 10 * time.Second
	}
	if c.OnlineTiles == "" {
		c.OnlineTiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
	}
	return c
}

func (c Config) validate() error {
	if c.MaxBodyBytes < 0 {
		return evident.Errorf(evident.EINVALID, "", "max body bytes must be positive, got %d", c.MaxBodyBytes)
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"read header timeout", c.ReadHeaderTimeout}, {"read timeout", c.ReadTimeout}, {"write timeout", c.WriteTimeout},
		{"idle timeout", c.IdleTimeout}, {"shutdown timeout", c.ShutdownTimeout}, {"fetch queue timeout", c.FetchQueueTimeout}} {
		if d.v < 0 {
			return evident.Errorf(evident.EINVALID, "", "%s must be positive, got %s", d.name, d.v)
		}
	}
	if c.MaxHeaderBytes < 0 || c.MaxFetches < 0 || c.WriteBurst < 0 {
		return evident.Errorf(evident.EINVALID, "", "max header bytes, max fetches and write burst must be positive, got %d, %d and %d", c.MaxHeaderBytes, c.MaxFetches, c.WriteBurst)
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return evident.Errorf(evident.EINVALID, "", "listen address %q: %v", c.Addr, err)
	}
	return nil
}

// Store is what the server needs from a store: documents and events in,
// queries out, and API tokens.
type Store interface {
	evident.Store
	evident.QueryStore
	evident.TokenStore
}

// Extractor turns a document into events; *evident.Pipeline is one.
type Extractor interface {
	Run(ctx context.Context, doc *evident.Document) (*evident.Analysis, error)
}

// Server is Evident's HTTP server.
type Server struct {
	cfg     Config
	store   Store
	extract Extractor
	log     *slog.Logger
	fetch   Fetcher
	jobs    evident.JobLister
	handler http.Handler
	// Version is reported by /healthz and the UI footer.
	version string
	// writes limits writes per API token; nil when unlimited.
	writes *rateLimiter
	// feeds is the feed watchers' state; nil: none.
	feeds evident.FeedStore
	// fetches holds one value per URL fetch in flight.
	fetches chan struct{}
}

// Options are a Server's collaborators beside its Config.
type Options struct {
	Store     Store
	Extractor Extractor // nil: POST /api/v1/documents answers 503
	Logger    *slog.Logger
	Fetcher   Fetcher           // reads documents by URL; nil: URL submission is refused
	Jobs      evident.JobLister // the job queue (http/jobs.go); nil: GET /api/v1/jobs answers 404
	// Feeds is the feed watchers' state (http/feeds.go). Default: Store,
	// when it is an evident.FeedStore; else GET /api/v1/feeds answers 404.
	Feeds   evident.FeedStore
	Version string
	// Now is the clock of the write rate limit. Default: time.Now.
	Now func() time.Time
}

// NewServer returns a server with cfg's defaults filled in.
func NewServer(cfg Config, o Options) (*Server, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if o.Store == nil {
		return nil, errors.New("http: nil store")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if fs, ok := o.Store.(evident.FeedStore); ok && o.Feeds == nil {
		o.Feeds = fs
	}
	s := &Server{cfg: cfg, store: o.Store, extract: o.Extractor, log: o.Logger, fetch: o.Fetcher, jobs: o.Jobs, feeds: o.Feeds, version: o.Version,
		fetches: make(chan struct{}, cfg.MaxFetches)}
	if cfg.WriteRate > 0 {
		s.writes = newRateLimiter(cfg.WriteRate, cfg.WriteBurst, o.Now)
	}
	mux := http.NewServeMux()
	s.routes(mux)
	s.handler = s.middleware(mux)
	return s, nil
}

// Handler returns the server's handler, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.handler }

// Config returns the server's configuration with defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Listen opens the configured address.
func (s *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return nil, evident.Errorf(evident.EINVALID, s.cfg.Addr, "cannot listen: %v", err)
	}
	return ln, nil
}

// Serve serves on ln until ctx is done, then shuts down gracefully: it
// stops accepting, lets requests in flight finish for up to
// ShutdownTimeout, and returns nil.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := s.httpServer(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("http: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "timeout", s.cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("http: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http: %w", err)
	}
	return nil
}

// httpServer is the net/http server Serve runs. WriteTimeout is not set
// here: the middleware sets a write deadline per request, which exports
// lift.
func (s *Server) httpServer(ctx context.Context) *http.Server {
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
}

// routes registers every route. The API and health routes live in api.go,
// the UI's in ui.go.
func (s *Server) routes(mux *http.ServeMux) {
	s.registerAPI(mux)
	s.registerJobs(mux)
	s.registerFeeds(mux)
	s.registerFeedsPage(mux)
	s.registerUI(mux)
}
