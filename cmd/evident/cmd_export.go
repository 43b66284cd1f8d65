package main

import (
	"context"
	"errors"
	"slices"

	"fmt"
	"github.com/evident-org/evident/taxonomy"
	"os"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/export"
	"github.com/evident-org/evident/postgres"
)

// ExportCmd writes stored events.
type ExportCmd struct {
	DBFlag  `embed:""`
	Format  string `short:"f" help:"Output format: json, jsonl, acled-csv, geojson." enum:"json,jsonl,acled-csv,geojson" default:"acled-csv"`
	Since   string `help:"Only events on or after this date (YYYY-MM-DD)." placeholder:"DATE"`
	Until   string `help:"Only events on or before this date (YYYY-MM-DD)." placeholder:"DATE"`
	Country string `help:"Only events in this country (ISO 3166-1 alpha-2, e.g. IQ)." placeholder:"CC"`
	Type    string `name:"event-type" aliases:"type" help:"Only events of this event_type or sub_event_type (e.g. Battles, \"Air/drone strike\"); the API's event_type. --type is an alias." placeholder:"TYPE"`
	Doc     string `help:"Only events of this document id." placeholder:"ID"`
	All     bool   `help:"Include background mentions (flagged background=true)."`
	Output  string `short:"o" help:"Write to this file instead of stdout." placeholder:"FILE" type:"path"`
	// Incidents exports one row per incident instead of per event.
	Incidents bool `help:"One row per incident (cross-source fusion, stored by 'ingest --fuse') instead of one per event: the canonical record in ACLED's columns, source listing the outlets; event_id is the incident id."`
	// Geometry selects what a GeoJSON feature draws.
	Geometry string `help:"GeoJSON geometry: point, or uncertainty for each event's uncertainty circle (a polygon of radius uncertainty_m)." enum:"point,uncertainty" default:"point"`

	CodesFlag `embed:""`
}

// CodesFlag is the --codes flag shared by export and extract.
type CodesFlag struct {
	Codes []string `help:"Add the CAMEO and/or PLOVER mapping of each event's sub_event_type: cameo adds cameo_root, cameo_code; plover adds plover_event, plover_mode. acled-csv appends them as its last columns, the JSON formats as the last keys (see docs/taxonomy.md)." enum:"cameo,plover" sep:"," placeholder:"SET"`
}

// options returns the export options the flag selects.
func (f CodesFlag) options() ([]export.Option, error) {
	c, err := export.ParseCodes(f.Codes...)
	if err != nil {
		return nil, err
	}
	if c == 0 {
		return nil, nil
	}
	return []export.Option{export.WithCodes(c)}, nil
}

// Run implements the command.
func (c *ExportCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	f := evident.EventFilter{CountryCode: strings.ToUpper(c.Country), EventType: c.Type, DocID: c.Doc, WithBackground: c.All}
	opts, err := c.CodesFlag.options()
	if err != nil {
		return err
	}
	if f.Since, err = parseDay("--since", c.Since); err != nil {
		return err
	}
	if f.Until, err = parseDay("--until", c.Until); err != nil {
		return err
	}
	if _, err := os.Stat(cli.DB); err != nil && !postgres.IsURL(cli.DB) {
		return evident.Errorf(evident.ENOTFOUND, cli.DB, "no database here; run 'evident ingest' or 'evident demo' first, or pass --db")
	}
	st, err := m.openStore(ctx, cli.DB)
	if err != nil {
		return err
	}
	var evs []evident.Event
	if c.Incidents {
		evs, err = incidentRows(ctx, st, f)
	} else {
		evs, err = st.Events(ctx, f)
	}
	if err != nil {
		return err
	}
	out := m.Stdout
	if c.Output != "" {
		file, err := os.Create(c.Output)
		if err != nil {
			return err
		}
		defer file.Close()
		out = file
	}
	if c.Geometry == "uncertainty" {
		opts = append(opts, export.WithUncertaintyGeometry())
	}
	if err := export.WriteAll(out, c.Format, evs, opts...); err != nil {
		return err
	}
	if c.Output != "" {
		fmt.Fprintf(m.Stderr, "%d events written to %s\n", len(evs), c.Output)
	}
	return nil
}

// incidentRows returns the stored incidents matching f as records: each
// its founding report (the first of its reports) with the incident's
// canonical fields, so that inter codes and associated actors come along;
// the id is the incident's, the notes are generated again.
func incidentRows(ctx context.Context, st evident.Store, f evident.EventFilter) ([]evident.Event, error) {
	is, ok := st.(evident.IncidentStore)
	qs, ok2 := st.(evident.QueryStore)
	if !ok || !ok2 {
		return nil, errors.New("export --incidents: this store keeps no incidents")
	}
	q := evident.Query{Since: f.Since, Until: f.Until, DocID: f.DocID}
	if f.CountryCode != "" {
		q.Countries = []string{f.CountryCode}
	}
	if f.EventType != "" {
		if slices.ContainsFunc(taxonomy.Default().EventTypes(), func(t taxonomy.EventType) bool { return strings.EqualFold(t.Name, f.EventType) }) {
			q.EventTypes = []string{f.EventType}
		} else {
			q.SubEventTypes = []string{f.EventType}
		}
	}
	var out []evident.Event
	pr := evident.PageRequest{Limit: evident.MaxPageLimit}
	for {
		page, err := is.Incidents(ctx, q, pr)
		if err != nil {
			return nil, err
		}
		for _, inc := range page.Incidents {
			var e evident.Event
			if len(inc.Reports) > 0 {
				if r, err := qs.Event(ctx, inc.Reports[0].EventID); err == nil {
					e = *r
				}
			}
			e.ID, e.DocID, e.IncidentID = inc.ID, "", inc.ID
			e.EventType, e.SubEventType, e.DisorderType = inc.EventType, inc.SubEventType, inc.DisorderType
			e.EventDate, e.TimePrecision, e.Location = inc.EventDate, inc.TimePrecision, inc.Location
			if inc.Actor1 != e.Actor1 {
				e.Actor1, e.AssocActor1 = inc.Actor1, ""
			}
			if inc.Actor2 != e.Actor2 {
				e.Actor2, e.AssocActor2 = inc.Actor2, ""
			}
			e.Casualties, e.Source, e.SourceScale, e.Notes = inc.Casualties, inc.Source, inc.SourceScale, ""
			e.Interaction = evident.InteractionCode(e.Inter1, e.Inter2)
			e.Fields = nil
			out = append(out, e)
		}
		if page.NextCursor == "" {
			return out, nil
		}
		pr.Cursor = page.NextCursor
	}
}

func parseDay(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, evident.Errorf(evident.EINVALID, flag, "%q is not a date of the form YYYY-MM-DD", s)
	}
	return t, nil
}
