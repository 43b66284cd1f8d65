package actors

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Matching works on atoms, not tokens, so that it does not depend on how a
// tokeniser treats possessives, hyphens and abbreviation dots:
//
//   - a possessive "'s" (straight or curly apostrophe) is an atom of its
//     own, whether the tokeniser split it off or not ("Iraq’s" → Iraq 's);
//   - a trailing apostrophe is dropped ("militants'" → militants);
//   - hyphens separate atoms and are dropped ("so-called" → so called,
//     "al-Shabaab" = "al Shabaab", "US-led" → US led);
//   - dots inside a word are dropped from its key ("U.S." → US);
//   - keys are lower-cased for lookup; exact (case-sensitive) patterns
//     compare the case-preserving form.

// atomSpan is a byte range of an atom inside the token text.
type atomSpan struct{ start, end int }

// isApos reports whether the rune is an apostrophe: ' ’ ʼ.
func isApos(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// isHyphen reports whether the rune is a word-joining hyphen.
func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// appendAtoms appends the atoms of token text s, offset by base, to dst.
func appendAtoms(dst []atomSpan, s string, base int) []atomSpan {
	if s == "" {
		return dst
	}
	end := len(s)
	possStart := -1
	// A possessive 's / ’s suffix, or a token that is only that suffix.
	if last := s[len(s)-1]; last == 's' || last == 'S' {
		r, size := utf8.DecodeLastRuneInString(s[:len(s)-1])
		if size > 0 && isApos(r) {
			ps := len(s) - 1 - size
			if ps == 0 {
				return append(dst, atomSpan{base, base + len(s)})
			}
			possStart = ps
			end = ps
		}
	}
	if possStart < 0 {
		// A trailing apostrophe: "militants'".
		if r, size := utf8.DecodeLastRuneInString(s); isApos(r) && size < len(s) {
			end = len(s) - size
		}
	}
	part := 0
	for i := 0; i < end; {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '-' {
				if i > part {
					dst = append(dst, atomSpan{base + part, base + i})
				}
				part = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isHyphen(r) {
			if i > part {
				dst = append(dst, atomSpan{base + part, base + i})
			}
			part = i + size
		}
		i += size
	}
	if end > part {
		dst = append(dst, atomSpan{base + part, base + end})
	}
	if possStart >= 0 {
		dst = append(dst, atomSpan{base + possStart, base + len(s)})
	}
	return dst
}

// appendKey appends the normalised form of atom text s to dst: dots
// dropped when s has a letter or digit, apostrophes made straight, and
// lower-cased when fold is set.
func appendKey(dst []byte, s string, fold bool) []byte {
	alnum := false
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			alnum = true // close enough: non-ASCII runes in tokens are nearly always letters
			break
		}
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			alnum = true
		}
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c == '.' && alnum {
				continue
			}
			if fold && c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
		}
		return dst
	}
	for _, r := range s {
		switch {
		case r == '.' && alnum:
			continue
		case isApos(r):
			r = '\''
		case fold:
			r = unicode.ToLower(r)
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// isCapsWord reports whether s has at least two letters and no lower-case
// letter: "EVIDENCE", "IS".
func isCapsWord(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// patternAtom is one atom of a dictionary pattern.
type patternAtom struct {
	key  string // folded key
	norm string // case-preserving normalised form
}

// splitPattern splits dictionary text such as "[the] army" or
// "so-called Islamic State" into atoms. Bracketed words at either end are
// context: required to match but outside the mention's span. It returns the
// atoms and the number of leading and trailing context atoms.
func splitPattern(text string) (atoms []patternAtom, pre, suf int, err string) {
	words := strings.Fields(text)
	if len(words) == 0 {
		return nil, 0, 0, "empty text"
	}
	type word struct {
		s   string
		ctx bool
	}
	var ws []word
	in := false
	for _, w := range words {
		open := strings.HasPrefix(w, "[")
		if open {
			if in {
				return nil, 0, 0, "nested '['"
			}
			in = true
			w = w[1:]
		}
		closeB := strings.HasSuffix(w, "]")
		if closeB {
			if !in {
				return nil, 0, 0, "']' without '['"
			}
			w = w[:len(w)-1]
		}
		if w != "" {
			ws = append(ws, word{w, in})
		}
		if closeB {
			in = false
		}
	}
	if in {
		return nil, 0, 0, "unclosed '['"
	}
	// Context only at the ends, and not everywhere.
	state := 0 // 0 leading context, 1 body, 2 trailing context
	for _, w := range ws {
		switch {
		case w.ctx && state == 0:
		case w.ctx && state == 1:
			state = 2
		case !w.ctx && state == 2:
			return nil, 0, 0, "bracketed context must be at the start or the end"
		case !w.ctx:
			state = 1
		}
	}
	for _, w := range ws {
		for _, r := range w.s {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || isApos(r) || isHyphen(r) || r == '.') {
				return nil, 0, 0, "character " + string(r) + " cannot match a word token"
			}
		}
		for _, sp := range appendAtoms(nil, w.s, 0) {
			a := w.s[sp.start:sp.end]
			atoms = append(atoms, patternAtom{key: string(appendKey(nil, a, true)), norm: string(appendKey(nil, a, false))})
		}
	}
	if len(atoms) == 0 {
		return nil, 0, 0, "no word in text"
	}
	if state == 0 {
		// Everything is context: allowed only for a qualified term such as
		// "[air strikes]", which the caller checks.
		return atoms, 0, len(atoms), ""
	}
	for _, w := range ws {
		if !w.ctx {
			break
		}
		pre += len(appendAtoms(nil, w.s, 0))
	}
	for i := len(ws) - 1; i >= 0 && ws[i].ctx; i-- {
		suf += len(appendAtoms(nil, ws[i].s, 0))
	}
	return atoms, pre, suf, ""
}

// autoExact reports whether text written this way is an acronym that
// should match case-sensitively: it has a letter and no lower-case letter.
func autoExact(text string) bool {
	hasLetter := false
	for _, r := range text {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			hasLetter = true
		}
	}
	return hasLetter
}
