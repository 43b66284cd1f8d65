package geoparse

import "github.com/evident-org/evident/gazetteer"

// Guards on the "part" fallback (a name inside a name the gazetteer
// lacks): unresolved is better than wrong.
//
//   - The last word of a longer name is its head noun, not a place:
//     "Trump Tower" is not Tower, "Craven Cottage" not Cottage, "Best Buy"
//     not Buy. After "of" it is the place ("University of California").
//   - The place found must lie in a country the document's other names
//     or the outlet name: "Puget Sound" in an American story is not
//     Puget-sur-Argens, France. When none does, a country, first-level
//     division, continent or sea found is kept ("Nazi Germany").

// headPart reports whether words[s:s+n] is the head noun that ends a
// longer name.
func headPart(words []string, s, n int) bool {
	return n < len(words) && s+n == len(words) && words[s-1] != "of"
}

// supportedParts keeps the candidates of a "part" group that lie in a
// country other names of the document or the outlet support.
func supportedParts(g *group, dc *docContext, locale string) []gazetteer.Entry {
	var out []gazetteer.Entry
	for ci := range g.cands {
		c := &g.cands[ci]
		n := dc.countries[c.CountryCode]
		if g.chosen >= 0 && g.cands[g.chosen].CountryCode == c.CountryCode {
			n -= len(g.mentions) // not its own support
		}
		if c.CountryCode != "" && (n > 0 || c.CountryCode == locale) {
			out = append(out, *c)
		}
	}
	if len(out) == 0 {
		// No country supports the part: a country, first-level division,
		// continent or sea inside the name is still where it lies ("Nazi
		// Germany", "South Venezuela", "Northern Europe"); a town is not.
		for ci := range g.cands {
			if c := &g.cands[ci]; c.IsCountry() || c.FeatureCode == "ADM1" || c.FeatureClass == "L" || c.FeatureClass == "H" {
				out = append(out, *c)
			}
		}
	}
	return out
}
