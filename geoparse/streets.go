package geoparse

import (
	"strings"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

var gazetteerNormalize = gazetteer.Normalize

// Streets and roads are toponyms the gazetteer lacks: "Main Street",
// "South Nokomis Avenue", "W. Bridge St.", "Highway 82", "County Road
// 42". They are recognised by their form, capitalised words before a
// street word, or a road word before a number; Resolve places them where
// the document's other places are.

// streetWord reports whether w is a street word that ends a street name,
// as written (exact match: no lower-casing per token). An abbreviation
// takes the full stop after it into the name.
func streetWord(w string) bool {
	switch w {
	case "Street", "St", "Avenue", "Ave", "Road", "Rd", "Drive", "Boulevard", "Blvd", "Lane", "Ln",
		"Parkway", "Pkwy", "Terrace", "Trail", "Turnpike", "Pike", "Expressway", "Freeway", "Causeway",
		"Crescent", "Circle", "Square", "Trafficway", "Bypass",
		// British and Irish usage writes the street word in lower case:
		// "Mill road", "Victoria street".
		"street", "road", "avenue", "lane", "square":
		return true
	}
	return false
}

// streetAbbrev reports whether w is a street word written with a full stop.
func streetAbbrev(w string) bool {
	switch w {
	case "St", "Ave", "Rd", "Blvd", "Ln", "Pkwy":
		return true
	}
	return false
}

// roadWord reports whether w comes before a road number: "Highway 82", "Route 30",
// "Interstate 45"; "County", "State" or "U.S." before them belong to
// the name ("County Road 42", "State Route 1").
func roadWord(w string) bool {
	switch w {
	case "Highway", "Hwy", "Route", "Interstate", "Road":
		return true
	}
	return false
}

// streetStop reports whether w is a capitalised function word, that do not open a street
// name: "On Main Street", "The Avenue".
func streetStop(w string) bool {
	switch w {
	case "The", "On", "At", "In", "Of", "And", "To", "From", "Near", "By", "Off", "Along", "Via", "Into", "Onto", "A", "An":
		return true
	}
	return false
}

// maxStreetWords bounds the words of a street name before its street word.
const maxStreetWords = 4

// street matches a street or road name starting at token i. It returns
// the first token and the number of tokens.
func (m *matcher) street(toks []evident.Token, i int) (int, int, bool) {
	t := toks[i].Text
	if len(t) == 0 {
		return 0, 0, false
	}
	if c := t[0]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') || streetStop(t) {
		return 0, 0, false
	}
	if n, ok := roadNumber(toks, i); ok {
		return i, n, true
	}
	words := 0
	k := i
	for k < len(toks) && words <= maxStreetWords {
		w := toks[k].Text
		if words > 0 && streetWord(w) {
			n := k - i + 1
			// "Mill road" in British usage, but "This road", "Another
			// road": before a lower-case street word every word must be
			// a name, not a common word, and the name no sentence's
			// first word.
			if w[0] >= 'a' && !m.properBefore(toks, i, k) {
				return 0, 0, false
			}
			if streetAbbrev(w) {
				// "Bridge St." keeps its full stop; "St. Louis" after a
				// name is no street: the name goes on.
				if k+1 < len(toks) && toks[k+1].Text == "." && toks[k+1].Start == toks[k].End {
					if k+2 < len(toks) && capitalised(toks[k+2].Text) && isWord(toks[k+2].Text) && !sentenceBreak(toks, k+1) {
						return 0, 0, false
					}
					n++
				} else {
					return 0, 0, false
				}
			}
			// "Main Street Bridge", "Wall Street Journal": a longer name
			// goes on, the street is part of it.
			if e := i + n; e < len(toks) && isWord(toks[e].Text) && capitalised(toks[e].Text) {
				return 0, 0, false
			}
			if m.lx.Never[gazetteerNormalize(m.text[toks[i].Start:toks[i+n-1].End])] {
				return 0, 0, false
			}
			return i, n, true
		}
		switch {
		case words == 0 && len(w) == 1 && (w == "N" || w == "S" || w == "E" || w == "W") && k+1 < len(toks) && toks[k+1].Text == ".":
			// "W. Bridge St.": an abbreviated direction.
			k += 2
			words++
			continue
		case ordinal(w):
			// "Seventh Street", "5th Avenue"
		case isWord(w) && capitalised(w) && !allCaps(w) && !streetStop(w):
		default:
			return 0, 0, false
		}
		words++
		k++
	}
	return 0, 0, false
}

// sentenceBreak reports whether the full stop at token k ends a
// sentence: a street abbreviation may end one ("on Main St. The fire").
func sentenceBreak(toks []evident.Token, k int) bool {
	return k+1 < len(toks) && streetStop(toks[k+1].Text)
}

// roadNumber matches "Highway 82", "Route 30", "Interstate 45", "County
// Road 42" or "U.S. Highway 59" at token i.
func roadNumber(toks []evident.Token, i int) (int, bool) {
	k := i
	switch toks[k].Text {
	case "County", "State", "U.S.", "US":
		k++
	}
	if k >= len(toks) || !roadWord(toks[k].Text) {
		return 0, false
	}
	if toks[k].Text == "Road" && k == i {
		return 0, false // "Road 42" alone is rare; "County Road 42" is not
	}
	if toks[k].Text == "Hwy" && k+1 < len(toks) && toks[k+1].Text == "." {
		k++
	}
	k++
	if k >= len(toks) || !roadNo(toks[k].Text) {
		return 0, false
	}
	return k - i + 1, true
}

// roadNo reports whether s is a road number: digits, maybe with one
// letter after ("82", "30A").
func roadNo(s string) bool {
	d := 0
	for d < len(s) && s[d] >= '0' && s[d] <= '9' {
		d++
	}
	if d == 0 || d > 4 {
		return false
	}
	return d == len(s) || d == len(s)-1 && s[d] >= 'A' && s[d] <= 'Z'
}

// ordinals are spelled-out ordinals that name streets.
var ordinals = map[string]bool{"First": true, "Second": true, "Third": true, "Fourth": true, "Fifth": true,
	"Sixth": true, "Seventh": true, "Eighth": true, "Ninth": true, "Tenth": true, "Eleventh": true, "Twelfth": true}

// ordinal reports whether w is an ordinal: "Seventh", "5th", "42nd".
func ordinal(w string) bool {
	if ordinals[w] {
		return true
	}
	d := 0
	for d < len(w) && w[d] >= '0' && w[d] <= '9' {
		d++
	}
	if d == 0 || d+2 != len(w) {
		return false
	}
	switch w[d:] {
	case "st", "nd", "rd", "th", "ST", "ND", "RD", "TH":
		return true
	}
	return false
}

// streetMention makes the place mention of the street at toks[i:i+n]:
// no gazetteer entry yet; Resolve places it.
func (m *matcher) streetMention(si int, toks []evident.Token, i, n int) evident.Mention {
	start, end := toks[i].Start, toks[i+n-1].End
	men := evident.Mention{
		Kind: evident.KindPlace, Span: evident.Span{Start: start, End: end},
		Text: m.text[start:end], Sentence: si, Rule: "street", Confidence: 0.8,
		Place: &evident.Place{},
	}
	if rel := m.relative(toks, i); rel != "" {
		men.Place.Relative = rel
	}
	return men
}

// properBefore reports whether the words toks[i:k] look like a proper
// name: none is a common word of the lexicon, and i does not open the
// sentence.
func (m *matcher) properBefore(toks []evident.Token, i, k int) bool {
	if atSentenceStart(toks, i) {
		return false
	}
	for j := i; j < k; j++ {
		if w := toks[j].Text; isWord(w) && m.commonWord(w) {
			return false
		}
	}
	return true
}

// commonWord reports whether w, in lower case, is a common word or a
// word never a place (lexicon sections sentence-start and never).
func (m *matcher) commonWord(w string) bool {
	low := strings.ToLower(w)
	return m.lx.SentenceStart[low] || m.lx.Never[low]
}
