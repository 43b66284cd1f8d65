package main

import (
	"context"
	"fmt"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/source"
)

// IngestCmd stores the events of its inputs.
type IngestCmd struct {
	DBFlag        `embed:""`
	WorkersFlag   `embed:""`
	GazetteerFlag `embed:""`
	Paths         []string `arg:"" name:"path" help:"Files, directories (recursive), http(s) URLs or feed URLs, or - for stdin."`
	Progress      string   `help:"Progress bar on stderr: auto (when stderr is a terminal), always, never." enum:"auto,always,never" default:"auto"`
	Quiet         bool     `short:"q" help:"Do not print the closing summary."`
	GeoFlags      `embed:"" group:"Geoparsing"`
	InputFlags    `embed:""`
	Queue         bool `help:"Enqueue the inputs instead of ingesting them here: one job per document (of a file, directory or JSON Lines line) and per URL, for 'evident worker' processes to work."`
	Fuse          bool `help:"Fuse the events into incidents as documents are stored (experimental: the incidents still depend on ingest order, and ingest is slower; see docs/schema.md, Incidents)."`
}

// Run implements the command.
func (c *IngestCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	cli.Fuse = c.Fuse
	show := c.Progress == "always" || (c.Progress == "auto" && m.StderrIsTerminal)
	src, err := c.InputFlags.options()
	if err != nil {
		return err
	}
	if c.Queue {
		return c.enqueue(ctx, m, cli, src)
	}
	s, err := m.ingest(ctx, cli, pipelineConfig{Gazetteer: cli.GazetteerPath, Geo: c.GeoFlags.options()}, c.Paths, src, show)
	if s == nil {
		return err
	}
	if err != nil {
		// Interrupted (SIGINT, SIGTERM): one line says so and names what
		// was left; the summary still counts what was done.
		fmt.Fprintln(m.Stderr, s.interruption(err))
		if !c.Quiet {
			fmt.Fprintln(m.Stderr, s)
		}
		return exitError{interruptedCode(ctx)}
	}
	if !c.Quiet {
		fmt.Fprintln(m.Stderr, s)
	}
	if s.failed > 0 {
		return exitError{1}
	}
	return nil
}

// enqueue is ingest --queue.
func (c *IngestCmd) enqueue(ctx context.Context, m *Main, cli *CLI, src source.Options) error {
	if c.Fuse {
		return evident.Errorf(evident.EINVALID, "--fuse", "with --queue, fusion is the workers' setting: pass --fuse to evident worker")
	}
	q, err := m.openQueue(ctx, cli, jobsConfigForListing())
	if err != nil {
		return err
	}
	s, err := m.enqueue(ctx, q, c.Paths, src)
	if !c.Quiet {
		fmt.Fprintln(m.Stderr, "evident:", s)
	}
	if err != nil {
		return err
	}
	if s.failed > 0 {
		return exitError{1}
	}
	return nil
}
