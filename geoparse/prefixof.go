package geoparse

import evident "github.com/evident-org/evident"

// stateTitles open the official names of countries: "Republic of
// Armenia", "Kingdom of Bahrain", "Sultanate of Oman".
var stateTitles = map[string]bool{"Republic": true, "Kingdom": true, "Emirate": true, "Emirates": true,
	"Sultanate": true, "Principality": true, "Duchy": true, "Federation": true}

// prefixOf matches the official name of a country at token i: a
// capitalised title of a state, "of" and a country ("Republic of
// Armenia", "Kingdom of Bahrain"). The whole is the country's name. Titles
// of lower divisions are not the name's: "State of Ohio" and "City of
// Athens" name "Ohio" and "Athens", and the matcher finds them alone.
func (m *matcher) prefixOf(toks []evident.Token, i int) (match, bool) {
	if i+2 >= len(toks) || toks[i+1].Text != "of" || !stateTitles[toks[i].Text] {
		return match{}, false
	}
	inner, ok := m.longest(toks, i+2)
	if !ok || inner.demonym != "" || !hasCountry(inner.cands) {
		return match{}, false
	}
	_, ok = m.accept(toks, inner)
	m.orgEnd = 0
	if !ok {
		return match{}, false
	}
	return match{i: i, n: inner.i + inner.n - i, cands: inner.cands}, true
}

// genericOnly reports whether a match is only an administrative word,
// perhaps after "The": "Republic", "The City", "County". Such a word
// names a place only with a name beside it.
func (m *matcher) genericOnly(toks []evident.Token, mt match) bool {
	i, n := mt.i, mt.n
	if n == 2 && (toks[i].Text == "The" || toks[i].Text == "the") {
		i, n = i+1, 1
	}
	return n == 1 && m.commonGeneric(toks[i].Text)
}

// commonGeneric reports whether w is a generic word of the lexicon
// ("county", "city", "republic").
func (m *matcher) commonGeneric(w string) bool {
	if len(w) > 16 {
		return false
	}
	var buf [16]byte
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[k] = c
	}
	return m.lx.Generic[string(buf[:len(w)])]
}
