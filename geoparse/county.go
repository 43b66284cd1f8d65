package geoparse

import (
	"strings"

	"github.com/evident-org/evident/gazetteer"
)

// Towns and their counties: local news names a town and the county
// around it ("Huntsville ... Walker County", "Lebanon ... Boone County
// Jail"), and the pair singles out one state where each name alone
// has many: Huntsville, Texas, lies in Walker County, Texas, while
// Huntsville, Alabama, does not lie in Walker County, Alabama. A
// populated place whose second-level division is a candidate of
// another name, and a second-level division that contains a candidate
// of another name, gain Weights.CountyPair.

// a2Key is an entry's country, first- and second-level codes; the zero
// key for an entry without a second-level code. A struct key costs no
// allocation.
type a2Key struct{ cc, a1, a2 string }

func admin2Key(e *gazetteer.Entry) a2Key {
	if e.CountryCode == "" || e.Admin1Code == "" || e.Admin2Code == "" {
		return a2Key{}
	}
	return a2Key{e.CountryCode, e.Admin1Code, e.Admin2Code}
}

// markCountyPairs sets g.countyPair for the candidates of every group
// that pair with another group's: a town in a county that another name
// may be, or a county that holds a town another name may be. Nothing
// is allocated for a document without county candidates.
func markCountyPairs(groups []*group) {
	// key -> the first group with a county (or a town) there, and
	// whether a second group has one too.
	type owner struct {
		g    *group
		many bool
	}
	var counties, towns map[a2Key]owner
	note := func(m map[a2Key]owner, k a2Key, g *group) {
		if o, ok := m[k]; !ok {
			m[k] = owner{g: g}
		} else if o.g != g && !o.many {
			m[k] = owner{g: o.g, many: true}
		}
	}
	other := func(m map[a2Key]owner, k a2Key, g *group) bool {
		o, ok := m[k]
		return ok && (o.many || o.g != g && !sameBase(o.g, g))
	}
	pair := func(g *group, ci int) {
		if g.countyPair == nil {
			g.countyPair = make([]bool, len(g.cands))
		}
		g.countyPair[ci] = true
	}
	usable := func(g *group) bool { return g.fallback == "" && !g.home }
	// The counties first: few, and only towns in them matter.
	for _, g := range groups {
		if !usable(g) {
			continue
		}
		for ci := range g.cands {
			if c := &g.cands[ci]; c.FeatureCode == "ADM2" && g.named(ci) {
				if k := admin2Key(c); k != (a2Key{}) {
					if counties == nil {
						counties, towns = map[a2Key]owner{}, map[a2Key]owner{}
					}
					note(counties, k, g)
				}
			}
		}
	}
	if counties == nil {
		return
	}
	for _, g := range groups {
		if !usable(g) {
			continue
		}
		for ci := range g.cands {
			c := &g.cands[ci]
			if c.FeatureClass != "P" || c.Admin2Code == "" {
				continue
			}
			k := admin2Key(c)
			if _, ok := counties[k]; !ok || !g.named(ci) {
				continue // an alternate name is no evidence
			}
			note(towns, k, g)
			if other(counties, k, g) {
				pair(g, ci)
			}
		}
	}
	for _, g := range groups {
		if !usable(g) {
			continue
		}
		for ci := range g.cands {
			if c := &g.cands[ci]; c.FeatureCode == "ADM2" && g.named(ci) && other(towns, admin2Key(c), g) {
				pair(g, ci)
			}
		}
	}
}

// markTownPairs sets g.townPair for the named populated places whose
// county holds a named populated place of another name: "Sharon,
// Cornwall and Salisbury" are three towns of one Connecticut county, not
// a town and two English counties. It is spatial minimality among the
// candidates, before any choice.
func markTownPairs(groups []*group) {
	type owner struct {
		g    *group
		many bool
	}
	towns := map[a2Key]owner{}
	for _, g := range groups {
		if g.fallback != "" || g.home {
			continue
		}
		for ci := range g.cands {
			c := &g.cands[ci]
			if c.FeatureClass != "P" || c.Admin2Code == "" || !g.named(ci) {
				continue
			}
			k := admin2Key(c)
			if o, ok := towns[k]; !ok {
				towns[k] = owner{g: g}
			} else if o.g != g && !o.many {
				towns[k] = owner{g: o.g, many: true}
			}
		}
	}
	for _, g := range groups {
		if g.fallback != "" || g.home {
			continue
		}
		for ci := range g.cands {
			c := &g.cands[ci]
			if c.FeatureClass != "P" || c.Admin2Code == "" || !g.named(ci) {
				continue
			}
			if o, ok := towns[admin2Key(c)]; ok && (o.many || o.g != g && !sameBase(o.g, g)) {
				if g.townPair == nil {
					g.townPair = make([]bool, len(g.cands))
				}
				g.townPair[ci] = true
			}
		}
	}
}

// sameBase reports whether one group's name is the other's with a level
// word after it ("Karak" and "Karak district"): one name read twice is
// no pair.
func sameBase(a, b *group) bool {
	ka, kb := strings.TrimPrefix(a.key, "county:"), strings.TrimPrefix(b.key, "county:")
	if len(ka) > len(kb) {
		ka, kb = kb, ka
	}
	return strings.HasPrefix(kb, ka) && (len(kb) == len(ka) || kb[len(ka)] == ' ')
}

// countyScore is candidate ci's score from its county pair.
func (g *group) countyScore(ci int, w *Weights, why *[]string) float64 {
	s := 0.0
	if ci < len(g.townPair) && g.townPair[ci] && w.TownPair != 0 {
		s += w.TownPair
		if why != nil {
			*why = append(*why, "town-pair")
		}
	}
	if w.CountyPair == 0 || ci >= len(g.countyPair) || !g.countyPair[ci] {
		return s
	}
	if why != nil {
		*why = append(*why, "county-pair")
	}
	return s + w.CountyPair
}
