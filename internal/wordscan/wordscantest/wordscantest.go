// Package wordscantest holds test helpers shared by the recognisers built
// on wordscan.
package wordscantest

import "github.com/evident-org/evident"

// Sentences splits text into rough sentences at newlines and ". ",
// standing in for the segment stage in tests.
func Sentences(text string) []evident.Sentence {
	var out []evident.Sentence
	start := 0
	flush := func(end int) {
		for start < end && (text[start] == ' ' || text[start] == '\n') {
			start++
		}
		if start < end {
			out = append(out, evident.Sentence{Span: evident.Span{Start: start, End: end}})
		}
		start = end
	}
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '\n':
			flush(i)
		case text[i] == '.' && (i+1 == len(text) || text[i+1] == ' '):
			flush(i + 1)
		}
	}
	flush(len(text))
	return out
}
