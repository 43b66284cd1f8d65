package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/alecthomas/kong"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/eval/geoeval"
	"github.com/evident-org/evident/gazetteer"
	"github.com/evident-org/evident/geoparse"
	"github.com/evident-org/evident/segment"
)

// EvalCmd groups the scorers.
type EvalCmd struct {
	Geoparse EvalGeoparseCmd `cmd:"" help:"Score the geoparser against GeoWebNews, TR-News or LGL."`
}

// EvalGeoparseCmd scores the geoparser against a geoparsing corpus.
type EvalGeoparseCmd struct {
	Corpus string `required:"" enum:"geowebnews,trnews,lgl" help:"Corpus format: geowebnews, trnews or lgl." placeholder:"NAME"`
	JSON   bool   `name:"json" help:"Print one JSON object with every figure instead of the table."`
	Errors string `placeholder:"FILE" help:"Write JSON Lines of resolution errors over 161 km, recognition false positives and negatives, boundary mismatches and dropped gold toponyms to FILE (for error analysis)."`
	Path   string `arg:"" optional:"" name:"path" help:"The corpus XML file (default: ../shared/eval/geoparse/<GeoWebNews|TR-News|LGL>.xml)."`
}

// Help adds the definitions and examples to --help.
func (c *EvalGeoparseCmd) Help() string {
	return `Runs the geoparser (segment, recognise, resolve; the text is not normalised
so that gold offsets stay valid) on every article of the corpus and reports:

  recognition             precision, recall and F1 of place spans, exact match
  recognition_overlap     the same, pairing overlapping spans one to one
  resolution_gold_spans   the gold spans resolved in context: accuracy within
                          161 km, mean and median error (km), AUC of the log
                          error curve (0 best, 1 worst), exact GeoNames id
  end_to_end              the same on the places the recogniser found (n of
                          them; coverage = n / gold resolution toponyms)

GeoWebNews counts toponyms and demonyms, not common-noun expressions,
homonyms or languages. docs/eval.md defines every figure. Documents are
processed by --workers goroutines (default 2 here).

Examples:
  evident eval geoparse --corpus lgl
  evident eval geoparse --corpus trnews --json ../shared/eval/geoparse/TR-News.xml
  evident eval geoparse --corpus geowebnews --errors gwn-errors.jsonl`
}

// Run implements the command.
func (c *EvalGeoparseCmd) Run(ctx context.Context, m *Main, cli *CLI, kctx *kong.Context) error {
	corpus, err := geoeval.ParseCorpus(c.Corpus)
	if err != nil {
		return err
	}
	path := c.Path
	if path == "" {
		path = filepath.Join("..", "shared", "eval", "geoparse", corpus.File())
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("no corpus path given and %s does not exist (run from the repository root next to ../shared, or pass the XML file)", path)
		}
	}
	docs, st, err := geoeval.Load(path, corpus)
	if err != nil {
		return err
	}
	gaz, err := loadGazetteer(cli.GazetteerPath)
	if err != nil {
		return err
	}
	workers := 2
	if flagGiven(kctx.Args, "--workers") {
		workers = cli.Workers
	}
	opt := geoeval.Options{Corpus: corpus, File: filepath.Base(path), Workers: workers, Load: st, CollectErrors: c.Errors != ""}
	if m.StderrIsTerminal {
		opt.Progress = func(done, total int) {
			fmt.Fprintf(m.Stderr, "\r\033[K%s: %d/%d documents", corpus, done, total)
		}
	}
	rep, err := geoeval.Run(ctx, docs, geoSystem{gaz: gaz, cache: &geoparse.ProbeCache{}}, opt)
	if m.StderrIsTerminal {
		fmt.Fprint(m.Stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	if c.Errors != "" {
		if err := writeEvalErrors(c.Errors, &rep); err != nil {
			return err
		}
	}
	if c.JSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(&rep)
	}
	return rep.WriteText(m.Stdout)
}

func writeEvalErrors(path string, rep *geoeval.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rep.WriteErrors(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// geoSystem is the geoparser as geoeval drives it. It is safe for
// concurrent use: the gazetteer is immutable and the stages hold no state.
type geoSystem struct {
	gaz   *gazetteer.Gazetteer
	cache *geoparse.ProbeCache
}

// Parse segments text, recognises and resolves its place mentions.
func (s geoSystem) Parse(ctx context.Context, text, url string) ([]geoeval.Prediction, error) {
	a := &evident.Analysis{Doc: &evident.Document{Text: text, URL: url}}
	for _, st := range []evident.Stage{segment.Stage{}, geoparse.Recognise{Gaz: s.gaz, Cache: s.cache}, geoparse.Resolve{Gaz: s.gaz, Cache: s.cache}} {
		if err := st.Process(ctx, a); err != nil {
			return nil, err
		}
	}
	var out []geoeval.Prediction
	for i := range a.Mentions {
		mn := &a.Mentions[i]
		if mn.Kind != evident.KindPlace || mn.Place == nil {
			continue
		}
		out = append(out, s.prediction(mn))
	}
	return out, nil
}

// ResolveSpans segments text, makes a place mention of every span (a
// demonym when the gazetteer knows the word as one) and resolves them
// together.
func (s geoSystem) ResolveSpans(ctx context.Context, text, url string, spans []geoeval.Span) ([]geoeval.Prediction, error) {
	a := &evident.Analysis{Doc: &evident.Document{Text: text, URL: url}}
	if err := (segment.Stage{}).Process(ctx, a); err != nil {
		return nil, err
	}
	for _, sp := range spans {
		word := text[sp.Start:sp.End]
		p := &evident.Place{}
		if cc, ok := s.gaz.Demonym(word); ok {
			p = &evident.Place{CountryCode: cc, Demonym: true}
		}
		a.Mentions = append(a.Mentions, evident.Mention{
			Kind: evident.KindPlace, Span: evident.Span{Start: sp.Start, End: sp.End},
			Text: word, Sentence: a.SentenceAt(sp.Start), Rule: "gold-span", Confidence: 1, Place: p,
		})
	}
	if err := (geoparse.Resolve{Gaz: s.gaz, Cache: s.cache}).Process(ctx, a); err != nil {
		return nil, err
	}
	out := make([]geoeval.Prediction, len(a.Mentions))
	for i := range a.Mentions {
		out[i] = s.prediction(&a.Mentions[i])
	}
	return out, nil
}

// prediction converts a place mention; a demonym without coordinates
// resolves to its country's entry.
func (s geoSystem) prediction(mn *evident.Mention) geoeval.Prediction {
	pr := geoeval.Prediction{Start: mn.Start, End: mn.End}
	p := mn.Place
	if !p.Resolved() && p.Demonym && p.CountryCode != "" {
		if e, ok := s.gaz.CountryEntry(p.CountryCode); ok {
			p = e.Place()
		}
	}
	if p.Resolved() {
		pr.Resolved, pr.Lat, pr.Lon, pr.GeonameID, pr.Name = true, p.Lat, p.Lon, p.GeonameID, p.Name
	}
	return pr
}
