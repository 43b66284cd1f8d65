package numbers

import (
	"context"

	"github.com/evident-org/evident"
)

// Stage adds an evident.KindNumber mention for every count phrase of every
// sentence. It needs a.Sentences (the segment stage) and adds nothing
// without them.
type Stage struct{}

// Name implements evident.Stage.
func (Stage) Name() string { return "numbers" }

// Process implements evident.Stage.
func (Stage) Process(ctx context.Context, a *evident.Analysis) error {
	if a.Doc == nil {
		return nil
	}
	text := a.Doc.Text
	var toks []tok
	var ms []Match
	for si, sent := range a.Sentences {
		if si%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if sent.Start < 0 || sent.End > len(text) || sent.Start >= sent.End {
			continue
		}
		st := text[sent.Start:sent.End]
		toks = tokenize(st, toks[:0])
		ms = scan(st, toks, sent.Start, ms[:0])
		for _, m := range ms {
			n := m.Number
			n.High = m.High
			a.Mentions = append(a.Mentions, evident.Mention{
				Kind:       evident.KindNumber,
				Span:       m.Span,
				Text:       m.Text,
				Sentence:   si,
				Rule:       m.Rule,
				Confidence: m.Confidence,
				Number:     &n,
			})
		}
	}
	return nil
}
