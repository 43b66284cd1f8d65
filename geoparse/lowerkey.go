package geoparse

import (
	"strings"
	"unsafe"

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
