package geoparse

import (
	"strings"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// Readings that the words around a name fix, and namesakes of countries.
//
//   - A town named like a country ("China", Texas; "Italy", Texas;
//     "Malta", Illinois) loses Weights.CountryNamesake: the name mostly
//     means the country, and a local paper's context (its state, its
//     region vote, places near it) should not stack up against it.
//     "China, Texas" still wins by containment, and a paper whose domain
//     names the town (jordannews.com) keeps it.
//   - "the city of X", "the town of X", "the village of X": X is a
//     populated place, not a country or division of that name ("the City
//     of Turkey", Texas); other candidates lose Weights.CityOf.
//   - "the Atlantic", "the eastern Pacific", "the Sinai": after "the" the
//     water bodies, areas and terrain of the name gain Weights.TheArea
//     and the towns of the name lose it (Atlantic, Iowa): "the" before a
//     town's name is all but ungrammatical.
//   - "X in Y" is read like "X, Y": Y's countries and divisions contain X
//     ("Newark in Ohio").
//   - A name the gazetteer lacks, followed by ", Y" or "in Y" ("Hopkins
//     Park in DeKalb", "Oulton Park, Cheshire", "Thomas Memorial
//     Hospital in South Charleston"), lies where Y was resolved: Y's
//     place is its candidate, before the name-part and focus fallbacks.
//   - "X's Y" ("London's Heathrow", "Cairo's Abbasiya") puts Y in X:
//     X's countries and divisions contain Y, and a Y the gazetteer lacks,
//     or whose every candidate is a point 100 km or more from the town X
//     was resolved to, lies at X.
//   - "Becker, Clay, Douglas and Otter Tail counties": every name of a
//     list that ends in "counties" or "parishes" is a county; its
//     candidates are the second-level divisions "<name> County" (or
//     Parish).

// countryNamesake reports whether candidate ci is a populated place
// (not a national capital) whose group also has a country among its
// candidates.
func (g *group) countryNamesake(ci int) bool {
	c := &g.cands[ci]
	if c.FeatureClass != "P" || c.FeatureCode == "PPLC" || g.outletName {
		return false
	}
	if g.countryCand == 0 {
		g.countryCand = 1
		for cj := range g.cands {
			if g.cands[cj].IsCountry() {
				g.countryCand = 2
				break
			}
		}
	}
	return g.countryCand == 2
}

// cityOfWords are the nouns of "the city of X" that make X a populated
// place.
var cityOfWords = map[string]bool{"city": true, "town": true, "village": true, "hamlet": true}

// readsAsTown reports whether mention m follows "city of", "town of" or
// "village of".
func readsAsTown(text string, m *evident.Mention) bool {
	var buf [2]string
	return townBefore(wordsBefore(buf[:0], text, m.Start, 2))
}

// townBefore, theBefore and regionPartBefore read the two lower-case
// words before a mention (wordsBefore) for readsAsTown, readsWithThe
// and readsAsRegionPart.
func townBefore(before []string) bool {
	return len(before) == 2 && before[1] == "of" && cityOfWords[before[0]]
}

func theBefore(before []string) bool {
	n := len(before)
	return n > 0 && before[n-1] == "the" || n == 2 && before[0] == "the" && directionWords[before[1]]
}

func regionPartBefore(before []string) bool {
	return len(before) > 0 && regionPartWords[before[len(before)-1]]
}

// directionWords are the adjectives between "the" and a sea's name
// ("the eastern Pacific").
var directionWords = map[string]bool{
	"eastern": true, "western": true, "northern": true, "southern": true, "central": true,
	"northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true,
	"north": true, "south": true, "east": true, "west": true, "equatorial": true, "tropical": true,
}

// readsWithThe reports whether mention m follows "the", directly or
// with a direction word between ("the Atlantic", "the eastern
// Pacific"): towns are seldom named so, seas, regions and mountains
// are.
func readsWithThe(text string, m *evident.Mention) bool {
	var buf [2]string
	return theBefore(wordsBefore(buf[:0], text, m.Start, 2))
}

// readsAsRegionPart reports whether mention m follows a direction
// adjective ("central Washington", "southern Idlib"): a part of a
// region. Resolve then reads the name as its first-level division when
// it has one, unless a capital or a city of a million has the name
// ("eastern Aleppo", "southern Baghdad" are parts of the city).
func readsAsRegionPart(text string, m *evident.Mention) bool {
	var buf [1]string
	return regionPartBefore(wordsBefore(buf[:0], text, m.Start, 1))
}

var regionPartWords = map[string]bool{
	"eastern": true, "western": true, "northern": true, "southern": true, "central": true,
	"northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true,
}

// cityReading reports whether a candidate is a national capital or a
// populated place of a million people.
func cityReading(cands []gazetteer.Entry) bool {
	for i := range cands {
		if c := &cands[i]; c.FeatureCode == "PPLC" || c.FeatureClass == "P" && c.Population >= 1000000 {
			return true
		}
	}
	return false
}

// namesakeScore is candidate ci's score from the rules above.
func (g *group) namesakeScore(ci int, w *Weights, why *[]string) float64 {
	c := &g.cands[ci]
	s := 0.0
	if w.CountryNamesake != 0 && g.countryNamesake(ci) {
		s -= w.CountryNamesake
		if why != nil {
			*why = append(*why, "country-namesake")
		}
	}
	if g.article && w.TheArea != 0 {
		switch {
		case isArea(c):
			s += w.TheArea
			if why != nil {
				*why = append(*why, "the-area")
			}
		case c.FeatureClass == "P" && g.hasArea():
			s -= w.TheArea // "the Atlantic" is no town
			if why != nil {
				*why = append(*why, "the-not-town")
			}
		}
	}
	if g.town && c.FeatureClass != "P" {
		s -= w.CityOf
		if why != nil {
			*why = append(*why, "not-a-town")
		}
	}
	return s
}

// listGenerics are the plural level words that end a list of county
// names, and the singular each name takes.
var listGenerics = map[string]string{"counties": "county", "parishes": "parish"}

// listGeneric returns the singular of a plural level word, any case,
// without allocating.
func listGeneric(w string) string {
	for pl, sg := range listGenerics {
		if strings.EqualFold(w, pl) {
			return sg
		}
	}
	return ""
}

// countyListGeneric returns the singular level word ("county") when
// mention m is one name of a list that ends in a plural one: "Becker,
// Clay, Douglas and Otter Tail counties". Names are runs of capitalised
// words, joined by commas, "and", "or" or "&"; at most 12 names follow.
func countyListGeneric(text string, m *evident.Mention) string {
	// A list has two names at least: "Ohio counties" are the counties
	// of Ohio.
	var buf [1]string
	before := wordsBefore(buf[:0], text, m.Start, 1)
	j := m.Start
	for j > 0 && (text[j-1] == ' ' || text[j-1] == '\t') {
		j--
	}
	list := j > 0 && text[j-1] == ',' || len(before) == 1 && (before[0] == "and" || before[0] == "or")
	i := m.End
	for n := 0; n < 12; n++ {
		j := listSpaces(text, i)
		w, k := listWord(text, j)
		if g := listGeneric(w); g != "" && list {
			return g
		}
		list = true
		switch {
		case j < len(text) && text[j] == ',':
			j = listSpaces(text, j+1)
			if w, k := listWord(text, j); w == "and" || w == "or" {
				j = listSpaces(text, k)
			}
		case w == "and" || w == "or" || w == "&":
			j = listSpaces(text, k)
		default:
			return ""
		}
		// A name: capitalised words.
		named := false
		for j < len(text) && text[j] >= 'A' && text[j] <= 'Z' {
			_, k := listWord(text, j)
			named, i = true, k
			j = listSpaces(text, k)
			if w, _ := listWord(text, j); w == "" || w[0] < 'A' || w[0] > 'Z' {
				break
			}
		}
		if !named {
			return ""
		}
	}
	return ""
}

func listSpaces(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i
}

// listWord returns the word (letters, apostrophes, dots, hyphens, or a
// lone "&") starting at i and the offset after it.
func listWord(text string, i int) (string, int) {
	if i < len(text) && text[i] == '&' {
		return "&", i + 1
	}
	k := i
	for k < len(text) && (isWordByte(text[k]) || text[k] == '.' || text[k] == '-') {
		k++
	}
	return text[i:k], k
}

// countyGroup is the group of the mentions of name k that a county list
// makes counties: the second-level divisions "<k> <generic>". nil when
// there are none.
func (r Resolve) countyGroup(k, generic string) *group {
	var cands []gazetteer.Entry
	for _, e := range r.lookupKey(k + " " + generic) {
		if e.FeatureCode == "ADM2" {
			cands = append(cands, e)
		}
	}
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

// adoptContainer gives a group without candidates of its own the place
// its container ("in Y", ", Y") was resolved to; it reports whether it
// did.
func (g *group) adoptContainer() bool {
	c := g.container
	if c == nil || c == g || c.chosen < 0 || c.chosen >= len(c.cands) {
		return false
	}
	g.cands, g.fallback, g.chosen = []gazetteer.Entry{c.cands[c.chosen]}, "container", -1
	g.exact, g.nameMatch = nil, nil
	return true
}

// farFromContainer reports whether the group of the Y of "X's Y" has no
// candidate within 100 km of the town or district X was resolved to
// (not a country, division or water body: "Iraq's Mosul" is contained
// as usual).
func (g *group) farFromContainer() bool {
	c := g.container
	if !g.possessive || c == nil || c.chosen < 0 || c.chosen >= len(c.cands) {
		return false
	}
	x := &c.cands[c.chosen]
	if x.FeatureClass != "P" && x.FeatureCode != "ADM2" {
		return false
	}
	for ci := range g.cands {
		y := &g.cands[ci]
		if y.FeatureClass == "A" || y.FeatureClass == "H" || y.FeatureClass == "L" || Distance(y.Lat, y.Lon, x.Lat, x.Lon) < 100 {
			return false // "Toronto's Ontario health-card holders": an area is no point
		}
	}
	return true
}

// isArea reports whether e is a water body, an area or terrain.
func isArea(e *gazetteer.Entry) bool {
	return e.FeatureClass == "H" || e.FeatureClass == "L" || e.FeatureClass == "T"
}

// hasArea reports whether a candidate of g is a water body, an area or
// terrain (cached in g.areaCand: 0 unknown, 1 no, 2 yes).
func (g *group) hasArea() bool {
	if g.areaCand == 0 {
		g.areaCand = 1
		for ci := range g.cands {
			if isArea(&g.cands[ci]) {
				g.areaCand = 2
				break
			}
		}
	}
	return g.areaCand == 2
}

// weakOnly reports whether a name's one candidate is a village of
// under 2,000 people that seats no division ("Crescent", Oklahoma): it
// stays a candidate, but is no unambiguous evidence of the document's
// country or division, since such a name is more often a word or a
// place the gazetteer lacks ("the Crescent", a London street).
func weakOnly(cands []gazetteer.Entry) bool {
	if len(cands) != 1 {
		return false
	}
	c := &cands[0]
	return c.FeatureClass == "P" && c.Population < 2000 && !strings.HasPrefix(c.FeatureCode, "PPLA") && c.FeatureCode != "PPLC"
}
