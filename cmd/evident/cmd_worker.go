package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/evident-org/evident/jobs"
)

// WorkerCmd works the job queue.
type WorkerCmd struct {
	DBFlag        `embed:""`
	GazetteerFlag `embed:""`
	Concurrency   int           `help:"Jobs worked at once (default: 4 per CPU: a job waits on the database for much of its time)." default:"0"`
	StopTimeout   time.Duration `name:"stop-timeout" help:"On SIGTERM or SIGINT, how long jobs in flight get to finish before they are cancelled and released to other workers." default:"30s"`
	RescueAfter   time.Duration `name:"rescue-after" help:"A job running this long is taken for stuck (its worker died) and tried again; must exceed --job-timeout." default:"10m"`
	JobTimeout    time.Duration `name:"job-timeout" help:"Longest attempt at one job." default:"5m"`
	Drain         bool          `help:"Exit once no job is queued, running or waiting for a retry (for batch runs and benchmarks)."`
	Fuse          bool          `help:"Fuse the events into incidents as documents are stored (as ingest --fuse; on PostgreSQL under one advisory lock)."`
	GeoFlags      `embed:"" group:"Geoparsing"`
	InputFlags    `embed:""`
}

// Run implements the command.
func (c *WorkerCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	src, err := c.InputFlags.options()
	if err != nil {
		return err
	}
	st, err := m.openStore(ctx, cli.DB)
	if err != nil {
		return err
	}
	pipe, err := newPipeline(pipelineConfig{Gazetteer: cli.GazetteerPath, Geo: c.GeoFlags.options()})
	if err != nil {
		return err
	}
	n := c.Concurrency
	if n <= 0 {
		n = 4 * cli.Workers // cli.Workers: the number of CPUs
	}
	h := &jobHandler{m: m, pipe: pipe, st: st, opt: src, fuse: c.Fuse}
	q, err := m.openQueue(ctx, cli, jobs.Config{
		Handler: h, Concurrency: n, JobTimeout: c.JobTimeout, RescueAfter: c.RescueAfter,
		Logger: slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		return err
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	if c.Drain {
		go func() {
			t := time.NewTicker(250 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-runCtx.Done():
					return
				case <-t.C:
				}
				if p, err := q.Pending(runCtx); err == nil && p == 0 {
					stop()
					return
				}
			}
		}()
	}
	fmt.Fprintf(m.Stderr, "evident: worker started, %d jobs at once\n", n)
	if err := q.Run(runCtx, c.StopTimeout); err != nil {
		return err
	}
	if ctx.Err() != nil {
		fmt.Fprintln(m.Stderr, "evident: worker stopped; unfinished jobs are back in the queue")
	}
	return nil
}
