package numbers

import (
	"context"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/internal/wordscan"
)

// Stage adds an evident.KindNumber mention for every count phrase of every
// sentence. It needs a.Sentences (the segment stage) and adds nothing
// without them.
type Stage struct{}

// Name implements evident.Stage.
func (Stage) Name() string { return "numbers" }

// Process implements evident.Stage.
func (Stage) Process(ctx context.Context, a *evident.Analysis) error {
	var toks []tok
	var ms []Match
	return wordscan.EachSentence(ctx, a, func(si, start int, st string) {
		toks = tokenize(st, toks[:0])
		ms = scan(st, toks, start, ms[:0])
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
	})
}
