package segment

import (
	"context"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/evident-org/evident"
)

// Stage splits Doc.Text into sentences and tokens, every one carrying byte
// offsets into the text. Sentences end at a line break, or at '.', '!' or
// '?' (with any closing quotes or brackets) followed by white space, unless
// the word before the period is a known abbreviation ("Col.", "Jan.") or an
// initial ("U.S.", "J."). Tokens are words (letters and digits, with
// internal apostrophes, hyphens and abbreviation dots), numbers (with
// internal ',' and '.'), a possessive "'s" split off as its own token, and
// single punctuation marks.
type Stage struct{}

// Name implements evident.Stage.
func (Stage) Name() string { return "segment" }

// Process implements evident.Stage.
func (Stage) Process(_ context.Context, a *evident.Analysis) error {
	a.Sentences = Split(a.Doc.Text)
	return nil
}

// Split returns the sentences of text with their tokens.
func Split(text string) []evident.Sentence {
	toks := Tokenize(text)
	out := make([]evident.Sentence, 0, len(toks)/24+1) // news: 20 to 30 tokens a sentence
	start := 0                                         // index into toks of the current sentence's first token
	flush := func(end int) {
		if end > start {
			ts := toks[start:end:end]
			out = append(out, evident.Sentence{Span: evident.Span{Start: ts[0].Start, End: ts[len(ts)-1].End}, Tokens: ts})
		}
		start = end
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		// A line break between this token and the previous one ends a sentence.
		if i > start && t.Start > toks[i-1].End && hasNewline(text[toks[i-1].End:t.Start]) {
			flush(i)
		}
		if t.Text != "." && t.Text != "!" && t.Text != "?" && t.Text != "…" {
			continue
		}
		// Swallow closing quotes and brackets, and repeated marks.
		j := i + 1
		for j < len(toks) && toks[j].Start == toks[j-1].End && isCloser(toks[j].Text) {
			j++
		}
		if j < len(toks) && toks[j].Start == toks[j-1].End {
			continue // "3.5", "...x": no space after the mark
		}
		if t.Text == "." && i > start && isAbbrev(toks[i-1].Text) && toks[i-1].End == t.Start {
			// "Col. Mohammed": an abbreviation does not end the sentence
			// unless a line break follows.
			if j < len(toks) && strings.IndexByte(text[toks[j-1].End:toks[j].Start], '\n') < 0 {
				continue
			}
		}
		flush(j)
		i = j - 1
	}
	flush(len(toks))
	return out
}

// hasNewline reports whether the gap between two tokens holds a line
// break; most gaps are one space.
func hasNewline(gap string) bool {
	if len(gap) == 1 {
		return gap[0] == '\n'
	}
	return strings.IndexByte(gap, '\n') >= 0
}

func isCloser(s string) bool {
	switch s {
	case "\"", "'", "”", "’", ")", "]", "»", ".", "!", "?", "…":
		return true
	}
	return false
}

// abbreviations that are commonly followed by a period inside a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "sr": true, "jr": true,
	"col": true, "gen": true, "lt": true, "maj": true, "capt": true, "cpt": true, "sgt": true, "cpl": true, "pte": true,
	"brig": true, "adm": true, "cmdr": true, "gov": true, "sen": true, "rep": true, "pres": true, "rev": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "no": true, "vs": true, "etc": true, "approx": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "dept": true, "est": true, "fig": true, "mt": true,
	"ft": true, "ste": true, "mtn": true, "twp": true,
}

func isAbbrev(w string) bool {
	if n := utf8.RuneCountInString(w); n == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r) // an initial: "J. Smith"
	}
	if strings.Contains(w, ".") {
		return true // "U.S", "a.m"
	}
	if len(w) <= 8 { // the longest abbreviation is 6 bytes
		var b [8]byte
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c >= utf8.RuneSelf {
				return abbreviations[strings.ToLower(w)]
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		return abbreviations[string(b[:len(w)])]
	}
	return abbreviations[strings.ToLower(w)]
}

// tokenBufs holds scratch token slices: Tokenize collects the tokens in
// one and returns an exact-size copy, so that no capacity is wasted on a
// guess at the number of tokens (news has 4 to 6 bytes a token).
var tokenBufs = sync.Pool{New: func() any { return new([]evident.Token) }}

// Tokenize splits text into tokens with byte offsets.
func Tokenize(text string) []evident.Token {
	bp := tokenBufs.Get().(*[]evident.Token)
	buf := appendTokens((*bp)[:0], text)
	toks := make([]evident.Token, len(buf))
	copy(toks, buf)
	clear(buf) // the pool must not keep texts alive
	*bp = buf[:0]
	tokenBufs.Put(bp)
	return toks
}

// appendTokens appends the tokens of text to toks.
func appendTokens(toks []evident.Token, text string) []evident.Token {
	i := 0
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			// ASCII fast path: spaces and punctuation without decoding.
			switch {
			case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
				i++
				continue
			case !asciiWord[c]:
				toks = append(toks, evident.Token{Span: evident.Span{Start: i, End: i + 1}, Text: text[i : i+1]})
				i++
				continue
			}
			// An ASCII letter or digit starts a word.
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				i += size
				continue
			}
			if !isWordRune(r) {
				toks = append(toks, evident.Token{Span: evident.Span{Start: i, End: i + size}, Text: text[i : i+size]})
				i += size
				continue
			}
		}
		start := i
		end := scanWord(text, i)
		// Split a possessive "'s" / "’s" off the word.
		if w := text[start:end]; end-start > 2 && (w[len(w)-1] == 's' || w[len(w)-1] == 'S') {
			for _, p := range []string{"'s", "’s", "'S", "’S"} {
				if strings.HasSuffix(w, p) && end-len(p) > start {
					toks = append(toks, evident.Token{Span: evident.Span{Start: start, End: end - len(p)}, Text: text[start : end-len(p)]})
					start = end - len(p)
					break
				}
			}
		}
		toks = append(toks, evident.Token{Span: evident.Span{Start: start, End: end}, Text: text[start:end]})
		i = end
	}
	return toks
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// scanWord returns the end of the word starting at i. Joiners (' ’ - . , and
// the Arabic/Hebrew letter marks) stay inside a word when a word rune
// follows; a dot also stays when it closes an initialism ("U.S.").
func scanWord(text string, i int) int {
	end := i
	prevLetter := false
	dots := 0
	for end < len(text) {
		if c := text[end]; c < utf8.RuneSelf && asciiWord[c] {
			// ASCII letters and digits, most of a word, without decoding.
			prevLetter = true
			end++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[end:])
		if isWordRune(r) {
			prevLetter = true
			end += size
			continue
		}
		if !prevLetter {
			break
		}
		next, _ := utf8.DecodeRuneInString(text[end+size:])
		switch r {
		case '\'', '’', '-', '‐':
			if isWordRune(next) {
				end += size
				prevLetter = false
				continue
			}
		case ',':
			// 1,200: digits on both sides.
			if end > 0 && isDigitByte(text[end-1]) && end+1 < len(text) && isDigitByte(text[end+1]) {
				end += size
				prevLetter = false
				continue
			}
		case '.':
			if end > 0 && isDigitByte(text[end-1]) && end+1 < len(text) && isDigitByte(text[end+1]) {
				end += size // 3.5
				prevLetter = false
				continue
			}
			// Initialisms: single letters separated by dots ("U.S.", "a.m.").
			if isInitialRun(text, i, end) {
				if isWordRune(next) {
					end += size
					dots++
					prevLetter = false
					continue
				}
				if dots > 0 {
					return end + size // the final dot of "U.S."
				}
			}
		}
		break
	}
	return end
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// isInitialRun reports whether text[i:end] is single letters separated by dots.
func isInitialRun(text string, i, end int) bool {
	n := 0
	for _, r := range text[i:end] {
		if r == '.' {
			if n != 1 {
				return false
			}
			n = 0
			continue
		}
		if !unicode.IsLetter(r) {
			return false
		}
		n++
	}
	return n == 1
}
