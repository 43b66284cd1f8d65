package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/evident-org/evident"
	evhttp "github.com/evident-org/evident/http"
	"github.com/evident-org/evident/source"
	"github.com/evident-org/evident/sqlite"
)

// ServeFlags configure the HTTP server; serve and demo share them.
type ServeFlags struct {
	Addr        string `help:"Listen address (default 127.0.0.1:8080; env EVIDENT_ADDR). Use 0.0.0.0:8080 to listen on every interface." placeholder:"HOST:PORT"`
	AuthReads   bool   `help:"Require a bearer token for reads too (writes always need one; see 'evident token create')."`
	OnlineTiles string `help:"Tile URL template offered as an optional online map layer (default: OpenStreetMap's). The offline basemap is always there." placeholder:"URL"`
	LogFormat   string `help:"Log format on stderr: text or json." enum:"text,json" default:"text"`
	LogLevel    string `help:"Log level: debug, info, warn, error." enum:"debug,info,warn,error" default:"info"`
	Fuse        bool   `help:"Fuse submitted documents' events into incidents as they are stored (experimental; see docs/schema.md, Incidents)."`
	FetchFlags  `embed:""`
}

// serveFetchHint ends a refusal the API answers with.
const serveFetchHint = "this server fetches public addresses only; its operator can allow more with serve --fetch-allow-private or --fetch-allow"

// ServeCmd serves the API and the web UI.
type ServeCmd struct {
	DBFlag        `embed:""`
	GazetteerFlag `embed:""`
	ServeFlags    `embed:""`
	Watch         string `help:"Also watch the feeds of this feeds file (as 'evident watch FILE'; docs/feeds.md)." placeholder:"FILE" type:"path"`
	WatchFlags    `embed:"" group:"Watching"`
}

// Run implements the command.
func (c *ServeCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	if c.Watch == "" {
		return m.serve(ctx, cli, c.ServeFlags)
	}
	if _, err := loadFeeds(c.Watch, io.Discard); err != nil {
		return err
	}
	client, err := c.FetchFlags.client(cliFetchHint)
	if err != nil {
		return err
	}
	pipe, err := newPipeline(pipelineConfig{Gazetteer: cli.GazetteerPath})
	if err != nil {
		return err
	}
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- m.watch(wctx, cli, c.Watch, c.WatchFlags, client, pipe) }()
	err = m.serve(ctx, cli, c.ServeFlags)
	stop()
	if werr := <-done; err == nil {
		err = werr
	}
	return err
}

func (f ServeFlags) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(f.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if f.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// newServer wires the HTTP server to the configured database and the
// default pipeline.
func (m *Main) newServer(ctx context.Context, cli *CLI, f ServeFlags) (*evhttp.Server, error) {
	st, err := m.openStore(ctx, cli.DB)
	if err != nil {
		return nil, err
	}
	hs, ok := st.(evhttp.Store)
	if !ok {
		return nil, errors.New("serve: this store cannot answer API queries")
	}
	pipe, err := newPipeline(pipelineConfig{Gazetteer: cli.GazetteerPath})
	if err != nil {
		return nil, err
	}
	// GET /api/v1/jobs shows the job queue in the same database (not for
	// an in-memory one, which no worker can share).
	var jl evident.JobLister
	if cli.DB != sqlite.MemoryPath {
		q, err := m.openQueue(ctx, cli, jobsConfigForListing())
		if err != nil {
			return nil, err
		}
		jl = q
	}
	addr := f.Addr
	if addr == "" {
		addr = m.Getenv("EVIDENT_ADDR")
	}
	client, err := f.FetchFlags.client(serveFetchHint)
	if err != nil {
		return nil, err
	}
	return evhttp.NewServer(evhttp.Config{Addr: addr, AuthReads: f.AuthReads, OnlineTiles: f.OnlineTiles, Fuse: f.Fuse},
		evhttp.Options{Store: hs, Extractor: pipe, Logger: f.logger(m.Stderr), Fetcher: urlFetcher{opt: source.Options{Client: client}}, Jobs: jl, Version: Version})
}

// serve runs the server until ctx ends (Ctrl-C or SIGTERM), then shuts
// down gracefully.
func (m *Main) serve(ctx context.Context, cli *CLI, f ServeFlags) error {
	srv, err := m.newServer(ctx, cli, f)
	if err != nil {
		return err
	}
	ln, err := srv.Listen()
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Evident is serving %s at %s (Ctrl-C to stop)\n", dbName(cli.DB), serveURL(ln.Addr()))
	if st, ok := m.store.(walKeeper); ok {
		// A busy API never pauses its readers, so SQLite's automatic
		// checkpoints never reset the WAL: checkpoint it here.
		wctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			st.KeepWALSmall(wctx, WALCheckpointInterval, func(err error) { fmt.Fprintln(m.Stderr, "evident: serve:", err) })
		}()
		defer func() { stop(); <-done }()
	}
	return srv.Serve(ctx, ln)
}

// WALCheckpointInterval is how often serve checkpoints the WAL.
const WALCheckpointInterval = 15 * time.Second

// serveURL is the address people paste in a browser.
func serveURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	if host == "0.0.0.0" || host == "::" || host == "" {
		host = "localhost"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return "http://" + host + ":" + port + "/"
}

// urlFetcher reads documents submitted by URL with the same reader (and
// the same fetch policy) as 'evident ingest URL'.
type urlFetcher struct{ opt source.Options }

func (f urlFetcher) Fetch(ctx context.Context, url string) (*evident.Document, error) {
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return nil, evident.Errorf(evident.EINVALID, url, "not an http(s) URL")
	}
	for it := range source.Read(ctx, url, nil, f.opt) {
		return it.Doc, it.Err
	}
	return nil, evident.Errorf(evident.EINVALID, url, "no document at this URL")
}
