package evident

import (
	"context"
	"fmt"
)

// Analysis is the shared annotated document that pipeline stages read and
// extend. Each stage adds its own annotations; every annotation carries a
// span into Doc.Text.
type Analysis struct {
	Doc       *Document
	Sentences []Sentence
	Mentions  []Mention
	// EventMentions are the sentence-level readings of events (one per
	// trigger group), which the document level clusters into Events.
	EventMentions []EventMention
	Events        []Event
	// Version is the extractor version stamped on every event.
	Version string
}

// MentionsIn returns the mentions of kind k inside sentence i, in text order.
func (a *Analysis) MentionsIn(i int, k MentionKind) []*Mention {
	var out []*Mention
	for j := range a.Mentions {
		m := &a.Mentions[j]
		if m.Sentence == i && m.Kind == k {
			out = append(out, m)
		}
	}
	return out
}

// SentenceAt returns the index of the sentence containing byte offset off,
// or -1.
func (a *Analysis) SentenceAt(off int) int {
	lo, hi := 0, len(a.Sentences)
	for lo < hi {
		mid := (lo + hi) / 2
		s := a.Sentences[mid]
		switch {
		case off < s.Start:
			hi = mid
		case off >= s.End:
			lo = mid + 1
		default:
			return mid
		}
	}
	return -1
}

// Stage is one step of the pipeline: normalise, segment, recognise,
// resolve, build events, score. A stage reads what earlier stages added to
// the Analysis and adds its own annotations. Stages hold no per-document
// state and start no goroutines, so one Pipeline serves many workers.
type Stage interface {
	Name() string
	Process(ctx context.Context, a *Analysis) error
}

// Pipeline is an ordered list of stages run by a plain loop.
type Pipeline struct {
	Stages  []Stage
	Version string
}

// Run passes doc through every stage in order and returns the analysis.
// An error names the stage and the document's input. The events it
// returns keep the record contract (ValidateEvents); one that does not is
// an EINVALID error, the analysis still returned for inspection.
func (p *Pipeline) Run(ctx context.Context, doc *Document) (*Analysis, error) {
	a := &Analysis{Doc: doc, Version: p.Version}
	for _, s := range p.Stages {
		if err := ctx.Err(); err != nil {
			return a, err
		}
		if err := s.Process(ctx, a); err != nil {
			return a, fmt.Errorf("%s: stage %s: %w", doc.Input, s.Name(), err)
		}
	}
	// The record contract holds for everything a pipeline hands on to be
	// printed or stored: a violation is an extractor bug.
	if err := ValidateEvents(doc, a.Events); err != nil {
		return a, fmt.Errorf("extractor bug: %w", err)
	}
	return a, nil
}
