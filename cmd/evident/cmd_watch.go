package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/source"
	"github.com/evident-org/evident/watch"
)

// WatchFlags configure feed watching; watch and serve --watch share them.
type WatchFlags struct {
	Contact     string        `help:"A URL (or mailto:) where site operators can reach you; sent in the User-Agent of every request. Set it: polite crawlers say who they are." placeholder:"URL"`
	Every       time.Duration `help:"Polling interval of feeds whose line gives no every=." default:"15m"`
	HostDelay   time.Duration `name:"host-delay" help:"Least time between two requests to one host (one request at a time per host)." default:"1s"`
	SummaryOnly bool          `name:"summary-only" help:"Ingest each item's summary without fetching its page."`
}

// WatchCmd polls feeds and ingests their new items until interrupted.
type WatchCmd struct {
	DBFlag        `embed:""`
	GazetteerFlag `embed:""`
	Feeds         string `arg:"" help:"Feeds file: one URL a line, optional outlet=NAME and every=DURATION; # comments (docs/feeds.md)." type:"path"`
	WatchFlags    `embed:""`
	FetchFlags    `embed:""`
	GeoFlags      `embed:"" group:"Geoparsing"`
}

// Run implements the command.
func (c *WatchCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	client, err := c.FetchFlags.client(cliFetchHint)
	if err != nil {
		return err
	}
	pipe, err := newPipeline(pipelineConfig{Gazetteer: cli.GazetteerPath, Geo: c.GeoFlags.options()})
	if err != nil {
		return err
	}
	return m.watch(ctx, cli, c.Feeds, c.WatchFlags, client, pipe)
}

// loadFeeds reads a feeds file, printing its bad lines (which are
// skipped). No usable line is an error.
func loadFeeds(path string, stderr io.Writer) ([]watch.Feed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, evident.Errorf(evident.ENOTFOUND, path, "cannot open the feeds file: %v", err)
	}
	defer f.Close()
	feeds, errs := watch.ParseFeeds(f, path)
	for _, err := range errs {
		fmt.Fprintln(stderr, "evident: error:", err)
	}
	if len(feeds) == 0 {
		return nil, evident.Errorf(evident.EINVALID, path, "no feeds to watch")
	}
	return feeds, nil
}

// watch runs a watcher on the feeds of path until ctx ends.
func (m *Main) watch(ctx context.Context, cli *CLI, path string, f WatchFlags, client *source.Client, pipe *evident.Pipeline) error {
	feeds, err := loadFeeds(path, m.Stderr)
	if err != nil {
		return err
	}
	st, err := m.openStore(ctx, cli.DB)
	if err != nil {
		return err
	}
	fs, ok := st.(evident.FeedStore)
	if !ok {
		return evident.Errorf(evident.EINVALID, cli.DB, "this database keeps no feed state")
	}
	if f.Contact == "" {
		fmt.Fprintln(m.Stderr, "evident: watch: no --contact URL set; site operators cannot tell who is fetching (User-Agent: "+watch.DefaultUserAgent+")")
	}
	w, err := watch.New(watch.Config{
		Client: client, Store: fs, UserAgent: watch.UserAgent(f.Contact), Every: f.Every,
		HostInterval: f.HostDelay, SummaryOnly: f.SummaryOnly,
		Ingest: func(ctx context.Context, doc *evident.Document) (evident.PutResult, error) {
			a, err := pipe.Run(ctx, doc)
			if err != nil {
				return "", err
			}
			res, _, err := storeAnalysed(ctx, st, a.Doc, a.Events)
			return res, err
		},
		Report: func(fd watch.Feed, r watch.Result, err error) {
			if err != nil && !errors.Is(err, context.Canceled) {
				fmt.Fprintln(m.Stderr, "evident: watch: error:", err)
			}
			for _, e := range r.ItemErrors {
				fmt.Fprintln(m.Stderr, "evident: watch: error:", e)
			}
			if err == nil {
				fmt.Fprintf(m.Stderr, "evident: watch: %s: HTTP %d, %d new, %d seen, %d duplicates, %d from summaries\n",
					fd.URL, r.Status, r.Added, r.Seen, r.Duplicates, r.Summaries)
			}
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "evident: watching %d feeds from %s into %s (Ctrl-C to stop)\n", len(feeds), path, dbName(cli.DB))
	if err := w.Run(ctx, feeds); err != nil {
		return err
	}
	fmt.Fprintln(m.Stderr, "evident: watch stopped; feed state is stored, the next run goes on from it")
	return nil
}
