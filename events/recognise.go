package events

import (
	"context"
	"slices"

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
		var placeToks [][2]int // computed on first need
		accept := func(payload, i, j int) bool {
			e := &r.Lex.Triggers[payload]
			if len(e.with) == 0 && !e.WithPlace {
				return true
			}
			lo, hi := max(i-e.WithWindow, 0), min(j+e.WithWindow, len(lower))
			for _, w := range e.with {
				for k := lo; k+len(w) <= hi; k++ {
					if (k+len(w) <= i || k >= j) && lower[k] == w[0] && slices.Equal(lower[k:k+len(w)], w) {
						return true
					}
				}
			}
			if e.WithPlace {
				if placeToks == nil {
					placeToks = sentencePlaces(a, si, s)
				}
				for _, pt := range placeToks {
					if pt[0] >= j && pt[0] < hi || pt[1] <= i && pt[1] > lo {
						return true
					}
				}
			}
			return false
		}
		for _, m := range r.Lex.triggers.find(lower, accept) {
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
					ByActor1:         e.ByActor1,
					Participants:     e.Participants,
					Outcome:          e.Outcome,
					Nominal:          e.Nominal,
					Lethal:           e.Lethal,
					TargetsCivilians: e.Civilians,
				},
			})
		}
		for _, m := range r.Lex.cues.find(lower, nil) {
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

// sentencePlaces returns the token ranges of the place mentions of
// sentence si (never nil, so callers can cache it).
func sentencePlaces(a *evident.Analysis, si int, s evident.Sentence) [][2]int {
	out := [][2]int{}
	for k := range a.Mentions {
		m := &a.Mentions[k]
		if m.Kind != evident.KindPlace || m.Sentence != si {
			continue
		}
		i, _ := slices.BinarySearchFunc(s.Tokens, m.Start, func(t evident.Token, off int) int { return t.Start - off })
		j, _ := slices.BinarySearchFunc(s.Tokens, m.End, func(t evident.Token, off int) int { return t.End - off })
		out = append(out, [2]int{i, j + 1})
	}
	return out
}

func joinWords(ws []string) string {
	if len(ws) == 1 {
		return ws[0]
	}
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
