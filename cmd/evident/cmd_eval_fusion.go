package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/evident-org/evident/eval/eventeval"
	"github.com/evident-org/evident/eval/fuseeval"
)

// EvalFusionCmd scores fusion against the gold incidents.
type EvalFusionCmd struct {
	WorkersFlag   `embed:""`
	GazetteerFlag `embed:""`
	JSON          bool     `name:"json" help:"Print one JSON object with every figure instead of the table."`
	Docs          []string `placeholder:"PATH" help:"Where gold documents are looked up by doc_id, in order (repeatable): a JSON Lines corpus (.jsonl) or a directory of <doc_id>.txt files; <doc_id>.txt beside the gold file comes first (default: DATA/corpus/*.jsonl, then DATA/seeds)."`
	Path          string   `arg:"" optional:"" name:"path" help:"The gold file with incident ids (default: DATA/eval/events/dev-gold.jsonl, DATA from --data)."`
	DataFlag      `embed:""`
	GateFlags     `embed:"" group:"Regression gates"`
}

// Help adds the definitions and examples to --help.
func (c *EvalFusionCmd) Help() string {
	return `Runs the whole extraction pipeline on every gold document, fuses all the
system events into incidents (package fuse) and scores them against the gold
incident ids and claims (ANNOTATION.md), over the required gold events
matched to system events as "eval events --set gold" matches them:

  link_precision, link_recall, link_f1
                 pairwise: a gold link is two matched gold events of
                 different documents with the same incident id, a system
                 link two whose system events are in one incident
  bcubed_precision, bcubed_recall, bcubed_f1
                 B-cubed over the same matched events
  claims_recall  the share of the gold claims' figures found, with a
                 compatible source, among the claims of the incident of
                 the matched system event (claims_recall_figure: any
                 source)

docs/eval.md, "Fusion", defines every figure.

Examples:
  evident eval fusion
  evident eval fusion --json ../shared/eval/events/dev-gold.jsonl
  evident eval fusion --fail-under fusion.link_f1=0.5`
}

// Run implements the command.
func (c *EvalFusionCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	gates, err := c.gates()
	if err != nil {
		return err
	}
	path := c.Path
	if path == "" {
		path = fuseeval.DefaultPath(c.dir(m))
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("fusion: no path given and %s does not exist (run next to ../shared, set --data or EVIDENT_DATA, or pass the gold file)", path)
		}
	}
	docPaths := c.Docs
	if len(docPaths) == 0 {
		docPaths = eventeval.DefaultDocPaths(c.dir(m))
	}
	docs, err := eventeval.LoadGold(path, docPaths...)
	if err != nil {
		return err
	}
	pipe, err := newPipeline(pipelineConfig{Gazetteer: cli.GazetteerPath})
	if err != nil {
		return err
	}
	opt := eventeval.Options{File: filepath.Base(path), Workers: cli.Workers}
	if m.StderrIsTerminal && m.Getenv("CI") == "" {
		opt.Progress = func(done, total int) {
			fmt.Fprintf(m.Stderr, "\r\033[Kfusion: %d/%d documents", done, total)
		}
		defer fmt.Fprint(m.Stderr, "\r\033[K")
	}
	rep, err := fuseeval.Run(ctx, docs, pipelineSystem{pipe}, opt)
	if err != nil {
		return err
	}
	if c.JSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetEscapeHTML(false)
		err = enc.Encode(rep)
	} else {
		err = rep.WriteText(m.Stdout)
	}
	if err != nil || len(gates) == 0 {
		return err
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	return checkGates(m, gates, map[string][]byte{"fusion": b})
}
