// Package wordscan splits text into word, digit and punctuation tokens for
// the rule-based recognisers (numbers, timex). Each recogniser attaches its
// own lexicon entry to ASCII words through a lookup function.
package wordscan

import (
	"unicode"
	"unicode/utf8"
)

// Kind is the coarse class of a token.
type Kind uint8

const (
	Alpha Kind = iota + 1 // a run of letters
	Digit                 // a run of ASCII digits
	Punct                 // one rune that is neither letter, digit nor space
)

// Tok is a word, a run of ASCII digits or one punctuation character, with
// byte offsets into the scanned text. Gap is true when whitespace (or the
// start of the text) precedes it, so "1,200" is three tokens without gaps.
// W is the lexicon entry of an ASCII word (the zero W for other tokens).
// Offsets are int32: texts must be shorter than 2 GiB.
type Tok[W any] struct {
	Start, End int32
	Kind       Kind
	Gap        bool
	W          W
}

// Tokenize appends the tokens of text to buf and returns it. Letters are
// Unicode letters; digits are ASCII digits; every other non-space rune is a
// one-rune punctuation token. lookup is called with each all-ASCII word
// (as a substring of text) and its result stored in Tok.W; words with
// non-ASCII letters get the zero W.
func Tokenize[W any](text string, buf []Tok[W], lookup func(string) W) []Tok[W] {
	gap := true
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
				gap = true
				i++
				continue
			case c >= '0' && c <= '9':
				j := i + 1
				for j < len(text) && text[j] >= '0' && text[j] <= '9' {
					j++
				}
				buf = append(buf, Tok[W]{Start: int32(i), End: int32(j), Kind: Digit, Gap: gap})
				gap = false
				i = j
				continue
			case isASCIILetter(c):
				j := letterRun(text, i)
				buf = append(buf, Tok[W]{Start: int32(i), End: int32(j), Kind: Alpha, Gap: gap, W: lookup(text[i:j])})
				gap = false
				i = j
				continue
			}
			buf = append(buf, Tok[W]{Start: int32(i), End: int32(i + 1), Kind: Punct, Gap: gap})
			gap = false
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			gap = true
			i += n
		case unicode.IsLetter(r):
			j := letterRun(text, i)
			buf = append(buf, Tok[W]{Start: int32(i), End: int32(j), Kind: Alpha, Gap: gap})
			gap = false
			i = j
		default:
			buf = append(buf, Tok[W]{Start: int32(i), End: int32(i + n), Kind: Punct, Gap: gap})
			gap = false
			i += n
		}
	}
	return buf
}

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// letterRun returns the end of the run of letters starting at i.
func letterRun(text string, i int) int {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			return i
		}
		i += n
	}
	return i
}

// Seq is a text with its tokens. Its accessors take token indices and
// treat an index out of range as no token, so recognisers can look ahead
// and behind without bounds checks of their own.
type Seq[W any] struct {
	Text string
	Toks []Tok[W]
}

// In reports whether i is the index of a token.
func (s *Seq[W]) In(i int) bool { return i >= 0 && i < len(s.Toks) }

// Str returns the text of token i, which must exist.
func (s *Seq[W]) Str(i int) string { return s.Text[s.Toks[i].Start:s.Toks[i].End] }

// Glued reports whether token i exists and follows its predecessor without
// space.
func (s *Seq[W]) Glued(i int) bool { return s.In(i) && !s.Toks[i].Gap }

// Punct reports whether token i is the punctuation p.
func (s *Seq[W]) Punct(i int, p string) bool {
	return s.In(i) && s.Toks[i].Kind == Punct && s.Str(i) == p
}

// IsDash reports whether token i is a hyphen or an en dash.
func (s *Seq[W]) IsDash(i int) bool {
	if !s.In(i) || s.Toks[i].Kind != Punct {
		return false
	}
	switch s.Str(i) {
	case "-", "\u2010", "\u2011", "\u2013":
		return true
	}
	return false
}
