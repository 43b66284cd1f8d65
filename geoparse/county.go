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

// admin2Key is the "CC.A1.A2" of an entry with a second-level code.
func admin2Key(e *gazetteer.Entry) string {
	if e.CountryCode == "" || e.Admin1Code == "" || e.Admin2Code == "" {
		return ""
	}
	return e.CountryCode + "." + e.Admin1Code + "." + e.Admin2Code
}

// markCountyPairs sets g.countyPair for the candidates of every group
// that pair with another group's: a town in a county that another name
// may be, or a county that holds a town another name may be. Nothing
// is allocated for a document without county candidates.
func markCountyPairs(groups []*group) {
	any := false
	for _, g := range groups {
		for ci := range g.cands {
			if g.cands[ci].FeatureCode == "ADM2" {
				any = true
				break
			}
		}
	}
	if !any {
		return
	}
	// key -> the first group with a county (or a town) there, and
	// whether a second group has one too.
	type owner struct {
		g    *group
		many bool
	}
	counties, towns := map[string]owner{}, map[string]owner{}
	note := func(m map[string]owner, k string, g *group) {
		if o, ok := m[k]; !ok {
			m[k] = owner{g: g}
		} else if o.g != g && !o.many {
			m[k] = owner{g: o.g, many: true}
		}
	}
	for _, g := range groups {
		if g.fallback != "" || g.home {
			continue
		}
		for ci := range g.cands {
			c := &g.cands[ci]
			k := admin2Key(c)
			switch {
			case k == "":
			case c.FeatureCode == "ADM2":
				note(counties, k, g)
			case c.FeatureClass == "P":
				note(towns, k, g)
			}
		}
	}
	other := func(m map[string]owner, k string, g *group) bool {
		o, ok := m[k]
		return ok && (o.many || o.g != g && !sameBase(o.g, g))
	}
	for _, g := range groups {
		if g.fallback != "" || g.home {
			continue
		}
		for ci := range g.cands {
			c := &g.cands[ci]
			k := admin2Key(c)
			if k == "" || !g.named(ci) {
				continue // an alternate name is no evidence
			}
			if c.FeatureCode == "ADM2" && other(towns, k, g) || c.FeatureClass == "P" && other(counties, k, g) {
				if g.countyPair == nil {
					g.countyPair = make([]bool, len(g.cands))
				}
				g.countyPair[ci] = true
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
	return ka == kb || strings.HasPrefix(kb, ka+" ")
}

// countyScore is candidate ci's score from its county pair.
func (g *group) countyScore(ci int, w *Weights, why *[]string) float64 {
	if w.CountyPair == 0 || ci >= len(g.countyPair) || !g.countyPair[ci] {
		return 0
	}
	if why != nil {
		*why = append(*why, "county-pair")
	}
	return w.CountyPair
}
