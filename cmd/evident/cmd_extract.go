package main

import (
	"context"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/fuse"

	"github.com/evident-org/evident/export"
)

// ExtractCmd prints the events of one or more inputs without storing them.
type ExtractCmd struct {
	WorkersFlag   `embed:""`
	GazetteerFlag `embed:""`
	Inputs        []string `arg:"" name:"input" help:"A file, directory, URL, feed URL, or - for stdin."`
	Format        string   `short:"f" help:"Output format: json, jsonl, acled-csv, geojson." enum:"json,jsonl,acled-csv,geojson" default:"json"`
	All           bool     `help:"Include background mentions (historical, aggregate, future, negated), flagged background=true."`
	NoFuse        bool     `name:"no-fuse" help:"Leave incident_id empty instead of fusing the extracted events across the inputs into incidents (in memory, as ingest --fuse does in the store)."`
	GeoFlags      `embed:"" group:"Geoparsing"`
	InputFlags    `embed:""`

	CodesFlag `embed:""`
}

// Run implements the command.
func (c *ExtractCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	opts, err := c.CodesFlag.options()
	if err != nil {
		return err
	}
	pipe, err := newPipeline(pipelineConfig{Gazetteer: cli.GazetteerPath, Geo: c.GeoFlags.options()})
	if err != nil {
		return err
	}
	src, err := c.InputFlags.options()
	if err != nil {
		return err
	}
	results, failed := m.collect(ctx, pipe, c.Inputs, src, cli.Workers)
	if len(results) == 0 && failed > 0 {
		// Nothing was read: the errors are on stderr, and an empty "[]"
		// on stdout would pass for a document without events.
		return exitError{1}
	}
	if !c.NoFuse {
		fuseResults(results)
	}
	w, err := export.NewWriter(m.Stdout, c.Format, opts...)
	if err != nil {
		return err
	}
	for _, r := range results {
		for _, e := range r.events {
			if e.Background && !c.All {
				continue
			}
			if err := w.Write(e); err != nil {
				return err
			}
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	if failed > 0 {
		return exitError{1}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return nil
}

// fuseResults sets every non-background event's IncidentID by fusing the
// events of all results (fuse.Components), so that extract's output
// carries the incidents ingest --fuse would store.
func fuseResults(results []result) {
	var all []evident.Event
	docs := map[string]fuse.Doc{}
	for _, r := range results {
		all = append(all, r.events...)
		docs[r.doc.ID] = fuse.Doc{Outlet: r.doc.Outlet, Published: r.doc.Published}
	}
	incident := map[string]string{}
	for _, in := range fuse.Components(all, docs) {
		for _, rep := range in.Reports {
			incident[rep.EventID] = in.ID
		}
	}
	for _, r := range results {
		for i := range r.events {
			r.events[i].IncidentID = incident[r.events[i].ID]
		}
	}
}
