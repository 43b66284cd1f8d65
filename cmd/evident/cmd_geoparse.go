package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"github.com/evident-org/evident/source"
	"io"
	"strings"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/geoparse"
	"github.com/evident-org/evident/segment"
)

// GeoparseCmd prints the place mentions of its inputs.
type GeoparseCmd struct {
	WorkersFlag   `embed:""`
	GazetteerFlag `embed:""`
	Inputs        []string `arg:"" name:"input" help:"A file, directory, URL, JSON Lines file, or - for stdin."`
	JSON          bool     `help:"Print one JSON object per document: {id, input, mentions: [...]}, with byte offsets."`
	Alternatives  int      `help:"Runner-up candidates to show per place (default 3; 0 for none)." default:"3"`
	GeoFlags      `embed:"" group:"Geoparsing"`
}

// Help adds examples to --help.
func (c *GeoparseCmd) Help() string {
	return `Each place mention is printed with its byte span in the (normalised) text,
the gazetteer entry it resolved to (GeoNames id, feature code, country,
admin1/admin2, coordinates), the resolver's score and the reasons for it,
and the runner-up candidates. Demonyms ("Iraqi") resolve to their country.

Examples:
  evident geoparse article.txt
  echo "Clashes near Tripoli, Lebanon." | evident geoparse -
  evident geoparse --json --country=SY,IQ feed.jsonl
  evident geoparse --feature-classes=P article.txt   # towns and villages only`
}

// geoMention is the JSON form of one place mention.
type geoMention struct {
	Start        int                   `json:"start"`
	End          int                   `json:"end"`
	Text         string                `json:"text"`
	Name         string                `json:"name,omitempty"`
	GeonameID    int64                 `json:"geonameid,omitempty"`
	Lat          float64               `json:"lat"`
	Lon          float64               `json:"lon"`
	FeatureClass string                `json:"feature_class,omitempty"`
	FeatureCode  string                `json:"feature_code,omitempty"`
	CountryCode  string                `json:"country_code,omitempty"`
	Country      string                `json:"country,omitempty"`
	Admin1       string                `json:"admin1,omitempty"`
	Admin2       string                `json:"admin2,omitempty"`
	Demonym      bool                  `json:"demonym,omitempty"`
	Relative     string                `json:"relative,omitempty"`
	Resolved     bool                  `json:"resolved"`
	Score        float64               `json:"score"`
	Confidence   float64               `json:"confidence"`
	Rule         string                `json:"rule"`
	Alternatives []evident.Alternative `json:"alternatives,omitempty"`
}

type geoDoc struct {
	ID       string       `json:"id"`
	Input    string       `json:"input"`
	Mentions []geoMention `json:"mentions"`
}

// Run implements the command.
func (c *GeoparseCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	gaz, err := loadGazetteer(cli.GazetteerPath)
	if err != nil {
		return err
	}
	opts := c.GeoFlags.options()
	opts.Alternatives = c.Alternatives
	if c.Alternatives == 0 {
		opts.Alternatives = -1
	}
	cache := &geoparse.ProbeCache{}
	pipe := &evident.Pipeline{Stages: []evident.Stage{
		segment.Normalise{},
		segment.Stage{},
		geoparse.Recognise{Gaz: gaz, Cache: cache},
		geoparse.Resolve{Gaz: gaz, Options: opts, Cache: cache},
	}}
	results, failed := m.collect(ctx, pipe, c.Inputs, source.Options{}, cli.Workers)
	w := bufio.NewWriter(m.Stdout)
	for _, r := range results {
		d := geoDoc{ID: r.doc.ID, Input: r.doc.Input, Mentions: []geoMention{}}
		for _, mn := range r.mentions {
			if mn.Kind != evident.KindPlace || mn.Place == nil {
				continue
			}
			d.Mentions = append(d.Mentions, toGeoMention(&mn))
		}
		if c.JSON {
			b, err := json.Marshal(d)
			if err != nil {
				return err
			}
			w.Write(append(b, '\n'))
			continue
		}
		writeGeoText(w, d, len(results) > 1)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return exitError{1}
	}
	return ctx.Err()
}

func toGeoMention(mn *evident.Mention) geoMention {
	p := mn.Place
	return geoMention{
		Start: mn.Start, End: mn.End, Text: mn.Text,
		Name: p.Name, GeonameID: p.GeonameID, Lat: p.Lat, Lon: p.Lon,
		FeatureClass: p.FeatureClass, FeatureCode: p.FeatureCode,
		CountryCode: p.CountryCode, Country: p.Country, Admin1: p.Admin1, Admin2: p.Admin2,
		Demonym: p.Demonym, Relative: p.Relative, Resolved: p.Resolved(),
		Score: p.Score, Confidence: mn.Confidence, Rule: mn.Rule, Alternatives: p.Alternatives,
	}
}

// writeGeoText prints one line per mention:
//
//	12-17 "Mosul" → Mosul (PPLA, Nineveh, Iraq) 36.3350,43.1189 geonames:99072 score 9.12 conf 0.85
//	      also: ...
func writeGeoText(w io.Writer, d geoDoc, header bool) {
	if header {
		fmt.Fprintf(w, "== %s (%s)\n", d.Input, d.ID)
	}
	if len(d.Mentions) == 0 {
		fmt.Fprintln(w, "(no place names)")
	}
	for _, g := range d.Mentions {
		fmt.Fprintf(w, "%d-%d %q", g.Start, g.End, g.Text)
		if !g.Resolved {
			fmt.Fprintf(w, " → unresolved [%s]\n", g.Rule)
			continue
		}
		where := []string{g.FeatureCode}
		for _, s := range []string{g.Admin2, g.Admin1, g.Country} {
			if s != "" && s != g.Name {
				where = append(where, s)
			}
		}
		kind := ""
		switch {
		case g.Demonym:
			kind = " demonym"
		case g.Relative != "":
			kind = " " + g.Relative
		}
		fmt.Fprintf(w, " →%s %s (%s) %.4f,%.4f geonames:%d score %.2f conf %.2f\n",
			kind, g.Name, strings.Join(where, ", "), g.Lat, g.Lon, g.GeonameID, g.Score, g.Confidence)
		fmt.Fprintf(w, "    why: %s\n", g.Rule)
		for _, a := range g.Alternatives {
			fmt.Fprintf(w, "    or:  %s (%s, %s %s) %.4f,%.4f geonames:%d score %.2f\n",
				a.Name, a.FeatureCode, a.Admin1, a.CountryCode, a.Lat, a.Lon, a.GeonameID, a.Score)
		}
	}
}
