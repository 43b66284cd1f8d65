package geoparse

import (
	"slices"
	"strings"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// States and their namesakes.
//
//   - A mention that reads as a first-level division ("Washington state",
//     "upstate New York", "the state of New York", "New York Gov. Andrew
//     Cuomo") is its own name group with only the division's entries,
//     apart from the plain mentions of the name (one sense per document
//     still holds among those).
//   - A town that shares its name with a first-level division of its own
//     country ("Oregon", Illinois; "Florida", New York) loses
//     Weights.StateNamesake: the name mostly means the division. National
//     capitals and cities of a million are exempt (Washington, New York
//     City), and "Oregon, Illinois" still wins by containment.
//   - The second place of "Tacoma, Washington" is the division or country
//     that contains the first: its candidates that contain one of the
//     first place's candidates gain Weights.Contained.

// stateBefore and stateAfter are the words around a name that make it a
// first-level division.
var (
	stateBefore = map[string]bool{"upstate": true, "downstate": true}
	stateAfter  = map[string]bool{
		"state": true, "state's": true, "state’s": true, "gov": true, "gov.": true, "governor": true, "governor's": true,
		"legislature": true, "legislators": true, "lawmakers": true, "statehouse": true,
	}
	// stateNot are words after "state" that make "X State" an
	// institution named after the division, not the division: "Ohio
	// State University" is in Columbus.
	stateNot = map[string]bool{"university": true, "college": true, "park": true, "fair": true, "street": true, "road": true}
)

// readsAsState reports whether the words around mention m make it a
// first-level division.
func readsAsState(text string, m *evident.Mention) bool {
	var buf [2]string
	before := wordsBefore(buf[:0], text, m.Start, 2)
	if len(before) > 0 && stateBefore[before[len(before)-1]] {
		return true
	}
	if len(before) == 2 && before[0] == "state" && before[1] == "of" {
		return true
	}
	after := wordsAfter(buf[:0], text, m.End, 2)
	if len(after) == 0 {
		return false
	}
	w := after[0]
	if !stateAfter[w] {
		w = strings.TrimSuffix(w, ".") // "in Washington state."
		if !stateAfter[w] {
			return false
		}
	}
	if w == "state" && len(after) > 1 && stateNot[after[1]] {
		return false
	}
	return true
}

// stateGroup is the group of the mentions of name k that read as a
// first-level division: the candidates that are one. nil when there are
// none.
func (r Resolve) stateGroup(k, text string) *group {
	cands := slices.DeleteFunc(slices.Clone(r.restrict(r.Cache.lookup(r.Gaz, text))), func(e gazetteer.Entry) bool {
		return e.FeatureCode != "ADM1" || !nameMatches(e.Name, k)
	})
	if len(cands) == 0 {
		return nil
	}
	g := &group{key: k, chosen: -1, cands: cands}
	if cc, a1, ok := oneCountry(cands); ok {
		g.uniqCC = cc
		if a1 != "" {
			g.uniqA1 = cc + "." + a1
		}
	}
	return g
}

// noteContains records, for the second place of "X, Y", the countries
// and divisions of X's candidates.
func noteContains(outer, inner *group) {
	if outer.contains == nil {
		outer.contains = map[string]bool{}
	}
	for ci := range inner.cands {
		c := &inner.cands[ci]
		if c.CountryCode == "" {
			continue
		}
		outer.contains[c.CountryCode] = true
		if c.Admin1Code != "" {
			outer.contains[c.CountryCode+"."+c.Admin1Code] = true
		}
	}
}

// stateScore is candidate ci's score from the rules above.
func (g *group) stateScore(ci int, w *Weights, why *[]string) float64 {
	c := &g.cands[ci]
	s := 0.0
	switch {
	case c.IsCountry() && g.contains[c.CountryCode],
		c.FeatureCode == "ADM1" && c.Admin1Code != "" && g.contains[c.CountryCode+"."+c.Admin1Code]:
		s += w.Contained
		if why != nil {
			*why = append(*why, "contains-previous")
		}
	case c.FeatureClass == "P" && c.FeatureCode != "PPLC" && c.FeatureCode != "PPLA" && c.Population < 1000000 && w.StateNamesake != 0 && g.hasStateNamed(c.CountryCode):
		s -= w.StateNamesake
		if why != nil {
			*why = append(*why, "state-namesake")
		}
	}
	return s
}

// hasStateNamed reports whether a first-level division of country cc
// among the candidates has the text as its preferred name.
func (g *group) hasStateNamed(cc string) bool {
	for ci := range g.cands {
		if c := &g.cands[ci]; c.FeatureCode == "ADM1" && c.CountryCode == cc && g.named(ci) {
			return true
		}
	}
	return false
}

// wordsBefore appends to out up to n lower-case words ending before
// offset i, in text order; anything but a space between words stops it.
func wordsBefore(out []string, text string, i, n int) []string {
	for len(out) < n {
		j := i
		for j > 0 && (text[j-1] == ' ' || text[j-1] == '\t') {
			j--
		}
		k := j
		for k > 0 && isWordByte(text[k-1]) {
			k--
		}
		if k == j {
			break
		}
		out = append(out, strings.ToLower(text[k:j]))
		i = k
	}
	slices.Reverse(out)
	return out
}

// wordsAfter appends to out up to n lower-case words starting after
// offset i; a word's trailing dot is kept ("gov.") and ends the words.
func wordsAfter(out []string, text string, i, n int) []string {
	for len(out) < n {
		j := i
		for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
			j++
		}
		k := j
		for k < len(text) && isWordByte(text[k]) {
			k++
		}
		if k == j {
			break
		}
		if k < len(text) && text[k] == '.' {
			k++
		}
		out = append(out, strings.ToLower(text[j:k]))
		i = k
		if text[k-1] == '.' {
			break
		}
	}
	return out
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '\'' || b >= 0x80
}
