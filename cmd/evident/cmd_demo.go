package main

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/source"
)

//go:embed seeds/*.txt
var seedFS embed.FS

// DemoCmd ingests the embedded seed articles and prints their events.
type DemoCmd struct {
	DBFlag        `embed:""`
	GazetteerFlag `embed:""`
	All           bool `help:"Also list background mentions (historical, aggregate, future, negated)."`
	NoServe       bool `help:"Stop after printing; do not start the web UI and API."`
	ServeFlags    `embed:"" group:"Serving"`
}

// Run implements the command.
func (c *DemoCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	st, err := m.openStore(ctx, cli.DB)
	if err != nil {
		return err
	}
	pipe, err := newPipeline(pipelineConfig{Gazetteer: cli.GazetteerPath})
	if err != nil {
		return err
	}
	entries, err := seedFS.ReadDir("seeds")
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := path.Join("seeds", e.Name())
		b, err := seedFS.ReadFile(name)
		if err != nil {
			return err
		}
		doc, err := source.ReadText(bytes.NewReader(b), e.Name(), source.Options{})
		if err != nil {
			return err
		}
		a, err := pipe.Run(ctx, doc)
		if err != nil {
			return err
		}
		res, err := st.PutDocument(ctx, a.Doc, a.Events)
		if err == nil && res != evident.PutDuplicate {
			err = fuseStored(ctx, st)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s (%s, %s)\n", a.Doc.ID, res, published(a.Doc))
		printEvents(m.Stdout, a.Events, c.All)
		fmt.Fprintln(m.Stdout)
	}
	fmt.Fprintf(m.Stdout, "Stored in %s. Try: %s export --db %s --format geojson\n", cli.DB, selfCommand(), cli.DB)
	if c.NoServe {
		return nil
	}
	return m.serve(ctx, cli, c.ServeFlags)
}

func published(d *evident.Document) string {
	if d.Published.IsZero() {
		return "no publication date"
	}
	return "published " + d.Published.Format("2006-01-02") + " (from " + d.PublishedFrom + ")"
}

// printEvents writes a readable table of events, then each event's
// evidence sentences under its number.
func printEvents(w io.Writer, evs []evident.Event, all bool) {
	var shown []evident.Event
	for _, e := range evs {
		if !e.Background || all {
			shown = append(shown, e)
		}
	}
	if len(shown) == 0 {
		fmt.Fprintln(w, "  (no events)")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  #\tEVENT TYPE / SUB-EVENT TYPE\tACTOR1\tACTOR2\tLOCATION\tDATE\tFATALITIES\tMODALITY\tCONF")
	for i, e := range shown {
		typ := e.EventType + " / " + e.SubEventType
		if e.Background {
			typ = "(background) " + typ
		}
		loc := e.Location.Location
		if e.Country != "" {
			loc += ", " + e.Country
		}
		mod := e.Modality
		if e.Attribution != "" {
			mod += " (" + clip(e.Attribution, 30) + ")"
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%.2f\n", i+1, typ, dash(e.Actor1), dash(e.Actor2), dash(loc), dash(e.EventDate), e.Fatalities, mod, e.Confidence)
	}
	tw.Flush()
	fmt.Fprintln(w, "  evidence:")
	for i, e := range shown {
		for _, ev := range e.Evidence {
			fmt.Fprintf(w, "  %d  [%d:%d] %q\n", i+1, ev.Start, ev.End, clip(ev.Text, 200))
		}
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

// selfCommand is how the user can run this program again: "go run
// ./cmd/evident" when it was started by go run (its binary lives in a
// go-build temporary directory that is gone afterwards), else "evident".
func selfCommand() string {
	exe, err := os.Executable()
	if err == nil && strings.Contains(filepath.ToSlash(exe), "/go-build") {
		return "go run ./cmd/evident"
	}
	return "evident"
}
