package fuse

import (
	"github.com/evident-org/evident"
)

// constraints are the overrides' links among one fusion's reports.
type constraints struct {
	cannot map[[2]string]evident.FusionLink
	must   map[[2]string]evident.FusionLink
	// root is each must-linked report's group: the smallest event id of
	// its must-link component.
	root map[string]string
}

func pair(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

func newConstraints(reps []*report, links []evident.FusionLink) *constraints {
	k := &constraints{cannot: map[[2]string]evident.FusionLink{}, must: map[[2]string]evident.FusionLink{}, root: map[string]string{}}
	if len(links) == 0 {
		return k
	}
	present := map[string]bool{}
	for _, r := range reps {
		present[r.ev.ID] = true
	}
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, l := range links {
		if !present[l.EventA] || !present[l.EventB] || l.EventA == l.EventB {
			continue
		}
		p := pair(l.EventA, l.EventB)
		switch l.Kind {
		case evident.LinkCannot:
			k.cannot[p] = l
		case evident.LinkMust:
			k.must[p] = l
			for _, x := range p {
				if _, ok := parent[x]; !ok {
					parent[x] = x
				}
			}
			a, b := find(p[0]), find(p[1])
			if b < a {
				a, b = b, a
			}
			parent[b] = a
		}
	}
	for x := range parent {
		k.root[x] = find(x)
	}
	return k
}

// group is the must-link group of event id, "" when it has none.
func (k *constraints) group(id string) string { return k.root[id] }

// forbidden returns the cannot link between r and a report of c, if any.
func (k *constraints) forbidden(r *report, c *cluster) (evident.FusionLink, bool) {
	if len(k.cannot) == 0 {
		return evident.FusionLink{}, false
	}
	for _, m := range c.reports {
		if l, ok := k.cannot[pair(r.ev.ID, m.ev.ID)]; ok {
			return l, true
		}
	}
	return evident.FusionLink{}, false
}

// mustLink returns the must link that ties report id to c: of the links
// between id and a report of c, else of the links of id's group, the one
// of the earliest override (then the smallest pair).
func (k *constraints) mustLink(id string, c *cluster) evident.FusionLink {
	in := map[string]bool{}
	for _, m := range c.reports {
		in[m.ev.ID] = true
	}
	var best evident.FusionLink
	bestDirect := false
	var bestPair [2]string
	for p, l := range k.must {
		direct := (p[0] == id && in[p[1]]) || (p[1] == id && in[p[0]])
		if !direct && k.root[p[0]] != k.root[id] {
			continue
		}
		better := best.Override == 0 ||
			direct && !bestDirect ||
			direct == bestDirect && (l.Override < best.Override || l.Override == best.Override && (p[0] < bestPair[0] || p[0] == bestPair[0] && p[1] < bestPair[1]))
		if better {
			best, bestDirect, bestPair = l, direct, p
		}
	}
	return best
}
