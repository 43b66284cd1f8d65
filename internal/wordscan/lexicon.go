package wordscan

// Lexicon maps lower-case ASCII words to entries of type W. Lookup is
// case-insensitive and does not allocate; a bit filter on (length, first
// letter, last letter) spares most words the map access.
type Lexicon[W any] struct {
	m      map[string]W
	filter [17][32]uint32
}

// NewLexicon indexes m, whose keys must be lower-case ASCII.
func NewLexicon[W any](m map[string]W) *Lexicon[W] {
	l := &Lexicon[W]{m: m}
	for w := range m {
		if w != "" && len(w) < len(l.filter) {
			l.filter[len(w)][(w[0]|0x20)&31] |= 1 << ((w[len(w)-1] | 0x20) & 31)
		}
	}
	return l
}

// Lookup returns the entry of an ASCII word, case-insensitively, or the
// zero W.
func (l *Lexicon[W]) Lookup(s string) W {
	var zero W
	var buf [16]byte
	if s == "" || len(s) > len(buf) || l.filter[len(s)][(s[0]|0x20)&31]&(1<<((s[len(s)-1]|0x20)&31)) == 0 {
		return zero
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return l.m[string(buf[:len(s)])]
}

// TrimFinalPunct drops trailing sentence punctuation tokens (. , ; ! ?)
// from toks, which were scanned from text.
func TrimFinalPunct[W any](text string, toks []Tok[W]) []Tok[W] {
	for len(toks) > 0 && toks[len(toks)-1].Kind == Punct {
		switch text[toks[len(toks)-1].Start] {
		case '.', ',', ';', '!', '?':
			toks = toks[:len(toks)-1]
			continue
		}
		break
	}
	return toks
}
