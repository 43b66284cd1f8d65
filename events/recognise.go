package events

import (
	"context"

	"github.com/evident-org/evident"
)

// Recognise adds trigger and discourse-cue mentions from the lexicon. It
// runs after segmentation.
type Recognise struct {
	Lex *Lexicon
}

// Name implements evident.Stage.
func (Recognise) Name() string { return "triggers" }

// Process implements evident.Stage.
func (r Recognise) Process(_ context.Context, a *evident.Analysis) error {
	for si, s := range a.Sentences {
		lower := lowerTokens(s.Tokens)
		for _, m := range r.Lex.triggers.find(lower) {
			e := &r.Lex.Triggers[m.payload]
			info := r.Lex.Taxonomy[e.SubEventType]
			a.Mentions = append(a.Mentions, evident.Mention{
				Kind:       evident.KindTrigger,
				Span:       evident.Span{Start: s.Tokens[m.i].Start, End: s.Tokens[m.j-1].End},
				Text:       a.Doc.Text[s.Tokens[m.i].Start:s.Tokens[m.j-1].End],
				Sentence:   si,
				Rule:       "trigger:" + joinWords(lower[m.i:m.j]),
				Confidence: e.Confidence,
				Trigger: &evident.Trigger{
					EventType:        info.EventType,
					SubEventType:     e.SubEventType,
					Tags:             e.Tags,
					ByTarget:         e.ByTarget,
					Lethal:           e.Lethal,
					TargetsCivilians: e.Civilians,
				},
			})
		}
		for _, m := range r.Lex.cues.find(lower) {
			e := &r.Lex.Cues[m.payload]
			a.Mentions = append(a.Mentions, evident.Mention{
				Kind:       evident.KindCue,
				Span:       evident.Span{Start: s.Tokens[m.i].Start, End: s.Tokens[m.j-1].End},
				Text:       a.Doc.Text[s.Tokens[m.i].Start:s.Tokens[m.j-1].End],
				Sentence:   si,
				Rule:       "cue:" + string(e.Type) + ":" + joinWords(lower[m.i:m.j]),
				Confidence: 0.7,
				Cue:        &evident.Cue{Type: e.Type, Scope: e.Scope},
			})
		}
	}
	return nil
}

func joinWords(ws []string) string {
	n := 0
	for _, w := range ws {
		n += len(w) + 1
	}
	b := make([]byte, 0, n)
	for i, w := range ws {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, w...)
	}
	return string(b)
}
