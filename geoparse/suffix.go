package geoparse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	evident "github.com/evident-org/evident"
)

// NameSpan returns the span of the place name proper in a place mention:
// the mention without a lower-case administrative word after the name.
// Recognise keeps "Idlib province" and "Nenagh district" as one mention,
// so that resolution and the event pipeline read the division, but the
// name is "Idlib": a capitalised word ("Anbar Province", "Laurel
// County") belongs to it, a lower-case one is a common noun beside it.
// Evaluation against annotated corpora compares this span.
func NameSpan(m *evident.Mention) evident.Span {
	if !strings.Contains(m.Rule, "+suffix") {
		return m.Span
	}
	i := strings.LastIndexFunc(m.Text, unicode.IsSpace)
	if i <= 0 {
		return m.Span
	}
	_, size := utf8.DecodeRuneInString(m.Text[i:])
	r, _ := utf8.DecodeRuneInString(m.Text[i+size:])
	if !unicode.IsLower(r) {
		return m.Span
	}
	return evident.Span{Start: m.Start, End: m.Start + len(strings.TrimRightFunc(m.Text[:i], unicode.IsSpace))}
}
