package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/eval/eventeval"
	"github.com/evident-org/evident/eval/gate"
	"github.com/evident-org/evident/eval/geoeval"
	"github.com/evident-org/evident/eval/geoeval/geosys"
	"github.com/evident-org/evident/geoparse"
)

// EvalCmd groups the scorers.
type EvalCmd struct {
	Geoparse EvalGeoparseCmd `cmd:"" help:"Score the geoparser against GeoWebNews, TR-News or LGL."`
	Events   EvalEventsCmd   `cmd:"" help:"Score event extraction against CASE 2021, the ISAF press releases, gold annotations and non-conflict news."`
	Fusion   EvalFusionCmd   `cmd:"" help:"Score cross-source fusion of events into incidents against the gold incident ids and claims."`
}

// GateFlags are the regression gates of an eval command.
type GateFlags struct {
	FailUnder []string `placeholder:"NAME=VALUE" help:"Exit 1 when the figure NAME (REPORT.KEY of the JSON output, e.g. gold.f1, lgl.resolution_gold_spans.acc161) is below VALUE (a floor; repeatable)."`
	FailOver  []string `placeholder:"NAME=VALUE" help:"Exit 1 when the figure NAME (e.g. fp.per_1000) is above VALUE (a ceiling; repeatable)."`
}

// gates parses the flags.
func (f GateFlags) gates() ([]gate.Gate, error) {
	var out []gate.Gate
	for _, l := range []struct {
		vals    []string
		ceiling bool
	}{{f.FailUnder, false}, {f.FailOver, true}} {
		for _, v := range l.vals {
			g, err := gate.Parse(v, l.ceiling)
			if err != nil {
				return nil, err
			}
			out = append(out, g)
		}
	}
	return out, nil
}

// checkGates checks gates against the reports (name → JSON object),
// prints one line per gate on stderr and fails with exit code 1 when a
// figure is past its limit.
func checkGates(m *Main, gates []gate.Gate, reports map[string][]byte) error {
	if len(gates) == 0 {
		return nil
	}
	res, err := gate.Check(gates, reports)
	for _, r := range res {
		fmt.Fprintf(m.Stderr, "gate %s\n", r)
	}
	if err != nil {
		return err
	}
	if gate.Failed(res) {
		var failed []string
		for _, r := range res {
			if !r.OK {
				failed = append(failed, r.Gate.Name)
			}
		}
		fmt.Fprintf(m.Stderr, "evident: eval: %d of %d gates failed: %s\n", len(failed), len(res), strings.Join(failed, ", "))
		return exitError{1}
	}
	return nil
}

// EvalGeoparseCmd scores the geoparser against a geoparsing corpus.
type EvalGeoparseCmd struct {
	WorkersFlag   `embed:""`
	GazetteerFlag `embed:""`
	Corpus        string `required:"" enum:"geowebnews,trnews,lgl" help:"Corpus format: geowebnews, trnews or lgl." placeholder:"NAME"`
	JSON          bool   `name:"json" help:"Print one JSON object with every figure instead of the table."`
	Errors        string `placeholder:"FILE" help:"Write JSON Lines of resolution errors over 161 km, recognition false positives and negatives, boundary mismatches and dropped gold toponyms to FILE (for error analysis)."`
	Path          string `arg:"" optional:"" name:"path" help:"The corpus XML file (default: DATA/eval/geoparse/<GeoWebNews|TR-News|LGL>.xml, DATA from --data)."`
	DataFlag      `embed:""`
	GateFlags     `embed:"" group:"Regression gates"`
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
  evident eval geoparse --corpus geowebnews --errors gwn-errors.jsonl
  evident eval geoparse --corpus lgl --fail-under lgl.recognition.f1=0.74

Gates (--fail-under, --fail-over) name a figure as CORPUS.KEY of the
JSON output (nested keys joined by dots) and make the command exit 1
when it is past the limit; docs/eval.md, "Regression gates".`
}

// Run implements the command.
func (c *EvalGeoparseCmd) Run(ctx context.Context, m *Main, cli *CLI, kctx *kong.Context) error {
	corpus, err := geoeval.ParseCorpus(c.Corpus)
	if err != nil {
		return err
	}
	gates, err := c.gates()
	if err != nil {
		return err
	}
	path := c.Path
	if path == "" {
		path = filepath.Join(c.dir(m), "eval", "geoparse", corpus.File())
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("no corpus path given and %s does not exist (run next to ../shared, set --data or EVIDENT_DATA, or pass the XML file)", path)
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
		err = enc.Encode(&rep)
	} else {
		err = rep.WriteText(m.Stdout)
	}
	if err != nil || len(gates) == 0 {
		return err
	}
	b, err := json.Marshal(&rep)
	if err != nil {
		return err
	}
	return checkGates(m, gates, map[string][]byte{string(corpus): b})
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

// EvalEventsCmd scores the extractor against the event sets.
type EvalEventsCmd struct {
	WorkersFlag   `embed:""`
	GazetteerFlag `embed:""`
	Set           string   `enum:"case2021,isaf,gold,fp," default:"" help:"The set to score: case2021, isaf, gold or fp (default: case2021, isaf and gold, from ../shared)." placeholder:"NAME"`
	JSON          bool     `name:"json" help:"Print one JSON object per set, one per line, instead of the tables."`
	Errors        string   `placeholder:"FILE" help:"Write JSON Lines of every wrong item (wrong or missing predictions, wrong ISAF fields, missed and spurious gold events, wrong actors, fp events) to FILE (for error analysis)."`
	Docs          []string `placeholder:"PATH" help:"Where gold documents are looked up by doc_id, in order (repeatable): a JSON Lines corpus (.jsonl) or a directory of <doc_id>.txt files; <doc_id>.txt beside the gold file comes first (default: ../shared/corpus/*.jsonl, then ../shared/seeds)."`
	Category      []string `placeholder:"NAME" help:"fp: score only the corpus lines whose category field is NAME, or is not NAME for !NAME (repeatable or comma-separated; default with the default corpus: !World)."`
	Path          string   `arg:"" optional:"" name:"path" help:"The set's file (needs --set; default: ../shared/eval/events/case2021-task2.tsv, ../shared/eval/events/isaf-press-releases.jsonl, ../shared/seeds/gold.jsonl, ../shared/corpus/ag-news-test.jsonl)."`
	DataFlag      `embed:""`
	GateFlags     `embed:"" group:"Regression gates"`
}

// Help adds the definitions and examples to --help.
func (c *EvalEventsCmd) Help() string {
	return `Runs the whole extraction pipeline on every document of a set and reports:

  case2021   the sub-event type of each snippet's primary event (the most
             confident event not flagged background; none without one)
             against the CASE 2021 task 2 label: weighted_f1 and macro_f1
             over the 25 ACLED classes, reject_accuracy (share of snippets
             labelled outside ACLED predicted none), per-class table and
             confusions
  isaf       per press release, accuracy of date (earliest event date),
             province (admin1 of the primary event), killed (sum of
             fatalities), captured (sum of detained counts) and airstrike
  gold       events matched to the annotations of ANNOTATION.md (same event
             type, within 50 km or same admin1 at precision 3, within 3
             days): precision, recall, f1; over the matched required
             and optional events actor1_accuracy and actor_pair_accuracy
             (unordered {actor1, actor2}; case, "(2014-)"-style years
             and "SDF: "-style prefixes ignored), subtype_accuracy,
             fatalities_exact, median_location_km. Documents are found by
             doc_id in --docs (JSON Lines corpora, .txt directories)
  fp         a JSON Lines corpus of non-conflict news: events not flagged
             background per 1,000 documents (per_1000; each one is a false
             positive), documents with an event, and the top sub-event
             types and triggers; --category NAME keeps the lines whose
             category field is NAME, --category '!NAME' drops them
             (repeatable). Not run without --set.

docs/eval.md defines every figure. Documents are processed by --workers
goroutines (default: number of CPUs).

Examples:
  evident eval events --json
  evident eval events --set gold ../shared/seeds/gold.jsonl
  evident eval events --set gold ../shared/eval/events/dev-gold.jsonl
  evident eval events --set gold --docs my-corpus.jsonl my-gold.jsonl
  evident eval events --set case2021 --errors case-errors.jsonl
  # AG News non-World (Business, Sports, Sci/Tech; 5,700 items):
  evident eval events --set fp --category '!World' ../shared/corpus/ag-news-test.jsonl
  # regression gates: exit 1 below a floor or above a ceiling
  evident eval events --set gold --fail-under gold.f1=0.40 --fail-under gold.precision=0.30 ../shared/eval/events/dev-gold.jsonl
  evident eval events --set fp --fail-over fp.per_1000=70

Gates (--fail-under, --fail-over) name a figure as SET.KEY of the JSON
output (gold.f1, fp.per_1000, case2021.weighted_f1, isaf.date) and make
the command exit 1 when it is past the limit, after printing the report
and one "gate" line per figure on stderr. .ci/run applies the floors of
eval/floors.txt; docs/eval.md, "Regression gates".`
}

// pipelineSystem scores the real pipeline.
type pipelineSystem struct{ p *evident.Pipeline }

// Extract implements eventeval.System.
func (s pipelineSystem) Extract(ctx context.Context, doc *evident.Document) ([]evident.Event, error) {
	a, err := s.p.Run(ctx, doc)
	if err != nil {
		return nil, err
	}
	return a.Events, nil
}

// Run implements the command.
func (c *EvalEventsCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	sets := eventeval.Sets
	if c.Set != "" {
		s, err := eventeval.ParseSet(c.Set)
		if err != nil {
			return err
		}
		sets = []eventeval.Set{s}
	} else if c.Path != "" {
		return errors.New("a path needs --set (case2021, isaf, gold or fp)")
	}
	if len(c.Category) > 0 && c.Set != string(eventeval.FP) {
		return errors.New("--category needs --set fp")
	}
	if len(c.Docs) > 0 && c.Set != "" && c.Set != string(eventeval.Gold) {
		return errors.New("--docs is for the gold set (--set gold, or no --set)")
	}
	gates, err := c.gates()
	if err != nil {
		return err
	}
	in := setInputs{docPaths: c.Docs}
	if len(in.docPaths) == 0 {
		in.docPaths = eventeval.DefaultDocPaths(c.dir(m))
	}
	cats := c.Category
	if len(cats) == 0 && c.Path == "" {
		cats = []string{"!World"} // the default fp corpus is AG News
	}
	if in.categories, err = eventeval.ParseCategories(cats); err != nil {
		return err
	}
	paths := map[eventeval.Set]string{}
	for _, s := range sets {
		path := c.Path
		if path == "" {
			path = s.DefaultPath(c.dir(m))
		}
		if _, err := os.Stat(path); err != nil {
			if errors.Is(err, fs.ErrNotExist) && c.Path == "" {
				return fmt.Errorf("%s: no path given and %s does not exist (run next to ../shared, set --data or EVIDENT_DATA, or pass the file with --set)", s, path)
			}
			return fmt.Errorf("%s: %w", s, err)
		}
		paths[s] = path
	}
	pipe, err := newPipeline(pipelineConfig{Gazetteer: cli.GazetteerPath})
	if err != nil {
		return err
	}
	sys := pipelineSystem{pipe}
	showProgress := m.StderrIsTerminal && m.Getenv("CI") == ""
	var reports []eventeval.Report
	for _, s := range sets {
		path := paths[s]
		opt := eventeval.Options{File: filepath.Base(path), Workers: cli.Workers, CollectErrors: c.Errors != ""}
		if showProgress {
			opt.Progress = func(done, total int) {
				fmt.Fprintf(m.Stderr, "\r\033[K%s: %d/%d documents", s, done, total)
			}
		}
		rep, err := runEventSet(ctx, s, path, in, sys, opt)
		if showProgress {
			fmt.Fprint(m.Stderr, "\r\033[K")
		}
		if err != nil {
			return err
		}
		reports = append(reports, rep)
	}
	if c.Errors != "" {
		if err := writeEventErrors(c.Errors, reports); err != nil {
			return err
		}
	}
	if err := c.writeReports(m, reports); err != nil {
		return err
	}
	if len(gates) == 0 {
		return nil
	}
	byName := map[string][]byte{}
	for i, rep := range reports {
		b, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		byName[string(sets[i])] = b
	}
	return checkGates(m, gates, byName)
}

// writeReports prints the reports as JSON Lines or tables.
func (c *EvalEventsCmd) writeReports(m *Main, reports []eventeval.Report) error {
	for i, rep := range reports {
		if c.JSON {
			enc := json.NewEncoder(m.Stdout)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(rep); err != nil {
				return err
			}
			continue
		}
		if i > 0 {
			fmt.Fprintln(m.Stdout)
		}
		if err := rep.WriteText(m.Stdout); err != nil {
			return err
		}
	}
	return nil
}

// setInputs are what some sets need besides their file.
type setInputs struct {
	// docPaths are where gold documents are looked up.
	docPaths []string
	// categories select the fp corpus lines.
	categories eventeval.CategoryFilter
}

// runEventSet loads and scores one set.
func runEventSet(ctx context.Context, s eventeval.Set, path string, in setInputs, sys eventeval.System, opt eventeval.Options) (eventeval.Report, error) {
	switch s {
	case eventeval.CASE2021:
		snips, bad, err := eventeval.LoadCASE(path)
		if err != nil {
			return nil, err
		}
		return eventeval.RunCASE(ctx, snips, bad, sys, opt)
	case eventeval.ISAF:
		rel, bad, err := eventeval.LoadISAF(path)
		if err != nil {
			return nil, err
		}
		return eventeval.RunISAF(ctx, rel, bad, sys, opt)
	case eventeval.Gold:
		docs, err := eventeval.LoadGold(path, in.docPaths...)
		if err != nil {
			return nil, err
		}
		return eventeval.RunGold(ctx, docs, sys, opt)
	case eventeval.FP:
		docs, bad, err := eventeval.LoadFP(path, in.categories)
		if err != nil {
			return nil, err
		}
		return eventeval.RunFP(ctx, docs, bad, in.categories, sys, opt)
	}
	return nil, fmt.Errorf("unknown set %q", s)
}

func writeEventErrors(path string, reports []eventeval.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	for _, r := range reports {
		if err := eventeval.WriteErrors(f, r.ErrorRecords()); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
