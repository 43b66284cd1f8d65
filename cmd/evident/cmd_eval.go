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

	"github.com/evident-org/evident/eval/geoeval"
	"github.com/evident-org/evident/eval/geoeval/geosys"
	"github.com/evident-org/evident/geoparse"
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
	rep, err := geoeval.Run(ctx, docs, geosys.System{Gaz: gaz, Cache: &geoparse.ProbeCache{}}, opt)
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
