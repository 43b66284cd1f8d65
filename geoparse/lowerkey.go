package geoparse

import (
	"strings"
	"unsafe"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// lowerKey returns strings.ToLower(s) for a map lookup. An ASCII s of up
// to len(buf) bytes is lowered into buf without allocating; the result
// then aliases buf and must not be kept (map reads do not keep it).
func lowerKey(buf *[32]byte, s string) string {
	if len(s) > len(buf) {
		return strings.ToLower(s)
	}
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return strings.ToLower(s)
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if !upper {
		return s
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return unsafe.String(&buf[0], len(s))
}

// never reports whether the normalised span is in Lexicon.Never, without
// allocating for most spans.
func (m *matcher) never(span string) bool {
	var buf [64]byte
	return m.lx.Never[string(gazetteer.AppendNormalize(buf[:0], span))]
}

// tokenFilter is a Bloom filter over the texts of a document's tokens,
// built on first use: lowerInDoc asks whether a word occurs, and most
// words asked about do not.
type tokenFilter struct {
	built bool
	bits  [64]uint64
}

func tokenHash(s string) uint32 {
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// mayHave reports whether some token of sents may have text s; false
// means none has.
func (f *tokenFilter) mayHave(s string, sents []evident.Sentence) bool {
	if !f.built {
		f.built = true
		for i := range sents {
			for j := range sents[i].Tokens {
				h := tokenHash(sents[i].Tokens[j].Text)
				f.bits[h>>26] |= 1 << (h & 63)
				f.bits[(h>>20)&63] |= 1 << ((h >> 6) & 63)
			}
		}
	}
	h := tokenHash(s)
	return f.bits[h>>26]&(1<<(h&63)) != 0 && f.bits[(h>>20)&63]&(1<<((h>>6)&63)) != 0
}
