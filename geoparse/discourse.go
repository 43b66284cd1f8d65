package geoparse

import (
	"math"
)

// The document's region: local news names many small places of one
// first-level division ("Becker, Clay, Douglas and Otter Tail counties",
// Minnesota), most of them ambiguous on their own. Every name spreads one
// vote over the divisions of its candidates, in proportion to how likely
// each candidate is without context (a softmax of the priors): a name
// with candidates in one division gives it a whole vote, "Springfield"
// gives crumbs to thirty states, "Minnesota" nearly a whole vote to the
// state. A candidate then gains Weights.Region times the share of the
// other names' votes that its division holds, so the division most names
// agree on pulls every ambiguous name into it.

// regionShare is one name's vote for a division.
type regionShare struct {
	a1 string // "CC.A1"
	p  float64
}

// regionVotes is the document's vote per division ("CC.A1"), and the
// total of all votes.
type regionVotes struct {
	votes map[string]float64
	total float64
}

// castRegionVotes fills g.votes for every group and sums them.
func castRegionVotes(groups []*group, w *Weights) regionVotes {
	rv := regionVotes{votes: map[string]float64{}}
	var ps []float64
	n := 0
	for _, g := range groups {
		n += len(g.cands)
	}
	pool := make([]regionShare, 0, n) // the groups' votes, one allocation
	for _, g := range groups {
		g.votes = pool[len(pool):len(pool)]
		if len(g.cands) == 0 || g.fallback != "" {
			continue
		}
		ps = ps[:0]
		best := math.Inf(-1)
		for ci := range g.cands {
			p := w.prior(&g.cands[ci])
			if g.named(ci) {
				p += w.NameMatch
			}
			ps = append(ps, p)
			best = max(best, p)
		}
		sum := 0.0
		for i := range ps {
			ps[i] = math.Exp(ps[i] - best)
			sum += ps[i]
		}
		for ci := range g.cands {
			c := &g.cands[ci]
			if c.CountryCode == "" || c.Admin1Code == "" || c.IsCountry() {
				continue
			}
			a1 := c.CountryCode + "." + c.Admin1Code
			p := ps[ci] / sum
			found := false
			for i := range g.votes {
				if g.votes[i].a1 == a1 {
					g.votes[i].p += p
					found = true
					break
				}
			}
			if !found {
				g.votes = append(g.votes, regionShare{a1, p})
			}
		}
		g.votes = g.votes[:len(g.votes):len(g.votes)]
		pool = pool[:len(pool)+len(g.votes)]
		for _, v := range g.votes {
			rv.votes[v.a1] += v.p
			rv.total += v.p
		}
	}
	return rv
}

// regionSupport is the share of the other names' votes that division a1
// holds, and their total: how strongly the rest of the document points
// into a1.
func (rv *regionVotes) regionSupport(g *group, a1 string) (share, others float64) {
	if rv == nil || rv.total == 0 {
		return 0, 0
	}
	v, total := rv.votes[a1], rv.total
	for _, s := range g.votes {
		total -= s.p
		if s.a1 == a1 {
			v -= s.p
		}
	}
	if total < 1e-9 || v < 1e-9 {
		return 0, total
	}
	return v / total, total
}

// regionBonus is candidate ci's score from the document's region. Two
// readings keep their ground: a national capital of the name against its
// namesakes in the same country ("WASHINGTON —" in a Georgia paper is
// still the capital; Athens, Texas, may still beat Athens, Georgia), and
// a candidate that has the name as its preferred name against one that
// has it only as an alternate ("Paris" is not Swainsboro, Georgia) in
// another division (New York City, "New York", shares its division with
// the state).
func (rv *regionVotes) regionBonus(g *group, ci int, w *Weights) float64 {
	c := &g.cands[ci]
	if w.RegionVote == 0 || c.CountryCode == "" || c.Admin1Code == "" || c.IsCountry() {
		return 0
	}
	if g.capitalCC == "" {
		g.capitalCC = "-"
		for cj := range g.cands {
			if g.cands[cj].FeatureCode == "PPLC" && g.named(cj) {
				g.capitalCC = g.cands[cj].CountryCode
				break
			}
		}
	}
	if c.CountryCode == g.capitalCC && c.FeatureClass == "P" && c.FeatureCode != "PPLC" || !g.named(ci) && !g.namedIn(c.CountryCode, c.Admin1Code) && g.anyNamed() {
		return 0
	}
	share, others := rv.regionSupport(g, c.CountryCode+"."+c.Admin1Code)
	if share == 0 {
		return 0
	}
	// Few other names are weak evidence: the bonus grows with the votes
	// behind the share, full from two names on.
	return w.RegionVote * share * min(1, others/2)
}

// anyNamed reports whether some candidate has the text as its preferred
// name.
func (g *group) anyNamed() bool {
	for ci := range g.cands {
		if g.named(ci) {
			return true
		}
	}
	return false
}

// namedIn reports whether a candidate in division cc.a1 has the text as
// its preferred name.
func (g *group) namedIn(cc, a1 string) bool {
	for ci := range g.cands {
		if c := &g.cands[ci]; c.CountryCode == cc && c.Admin1Code == a1 && g.named(ci) {
			return true
		}
	}
	return false
}
