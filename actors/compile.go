package actors

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/evident-org/evident"
)

// Default confidences; the data may override them per actor, term or alias.
const (
	defaultAliasConfidence     = 0.9
	defaultAdjectiveConfidence = 0.85
	defaultGenericConfidence   = 0.7
)

var unbracket = strings.NewReplacer("[", "", "]", "")

type patKind uint8

// Pattern kinds, in order of preference when two match the same atoms.
const (
	kindStop patKind = iota // a stop phrase: matches, yields no mention
	kindAlias
	kindAdjective
	kindGeneric
	kindNoun   // a term after a country adjective
	kindMember // a noun that extends a named actor: "IS fighters"
)

// pattern is one compiled alias, adjective, term or member noun.
type pattern struct {
	kind patKind
	text string // as written in the data
	// ruleText is text without brackets; rule is the Rule of a mention
	// of this pattern alone: "actors:alias:ISIS".
	ruleText, rule string
	atoms          []patternAtom
	// pre and suf count the context atoms at either end: they must match
	// but lie outside the mention span.
	pre, suf int
	exact    bool    // case-sensitive
	caps     bool    // an all-capitals acronym: skipped in all-capitals text
	conf     float64 // confidence; for nouns 1 unless set
	target   int     // actor, country or generic group index
}

type country struct {
	code, name, forcesName, period, side string
}

type group struct {
	name, template string
	inter          int
	state          bool
}

// trie indexes patterns by their atom keys. The first atom is looked up in
// a slice indexed by vocabulary id, later ones in small edge lists.
type trie struct {
	root  []int32 // vocabulary id → node; 0 means none
	nodes []tnode // nodes[0] is unused
}

type tnode struct {
	edges []tedge
	pats  []int32 // patterns that end here, in order of preference
}

type tedge struct{ id, node int32 }

func (t *trie) insert(ids []int32, pat int32) {
	if len(t.nodes) == 0 {
		t.nodes = make([]tnode, 1)
	}
	n := t.root[ids[0]]
	if n == 0 {
		n = int32(len(t.nodes))
		t.nodes = append(t.nodes, tnode{})
		t.root[ids[0]] = n
	}
	for _, id := range ids[1:] {
		next := int32(0)
		for _, e := range t.nodes[n].edges {
			if e.id == id {
				next = e.node
				break
			}
		}
		if next == 0 {
			next = int32(len(t.nodes))
			t.nodes = append(t.nodes, tnode{})
			t.nodes[n].edges = append(t.nodes[n].edges, tedge{id, next})
		}
		n = next
	}
	t.nodes[n].pats = append(t.nodes[n].pats, pat)
}

// compiler turns validated data into a Matcher, collecting problems.
type compiler struct {
	m        *Matcher
	problems []string
	seen     map[string][]int32 // trie + folded key → patterns, for conflicts
}

func (c *compiler) addProblem(line int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if line > 0 {
		msg = fmt.Sprintf("line %d: %s", line, msg)
	}
	c.problems = append(c.problems, msg)
}

func validConfidence(f float64) bool { return f >= 0 && f <= 1 && !math.IsNaN(f) }

func validCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// addPattern compiles one alias-like item. what names its owner in errors.
func (c *compiler) addPattern(kind patKind, a aliasData, target int, defConf float64, what string) {
	atoms, pre, suf, bad := splitPattern(a.Text)
	if bad != "" {
		c.addProblem(a.line, "%s: %q: %s", what, a.Text, bad)
		return
	}
	allContext := pre+suf >= len(atoms)
	switch {
	case allContext && kind != kindNoun:
		c.addProblem(a.line, "%s: %q: only a qualified term may be all context", what, a.Text)
		return
	case (pre > 0 || suf > 0) && (kind == kindAdjective || kind == kindMember || kind == kindStop):
		c.addProblem(a.line, "%s: %q: adjectives, member nouns and stop phrases take no [context]", what, a.Text)
		return
	}
	if !validConfidence(a.Confidence) {
		c.addProblem(a.line, "%s: %q: confidence %v is not in [0, 1]", what, a.Text, a.Confidence)
		return
	}
	p := pattern{kind: kind, text: a.Text, atoms: atoms, pre: pre, suf: suf, conf: defConf, target: target}
	p.ruleText = unbracket.Replace(a.Text)
	switch kind {
	case kindAlias:
		p.rule = "actors:alias:" + a.Text
	case kindAdjective:
		p.rule = "actors:adjective:" + a.Text
	case kindGeneric:
		p.rule = "actors:generic:" + a.Text
	case kindStop:
		p.rule = "actors:stop:" + a.Text
	}
	if a.Confidence > 0 {
		p.conf = a.Confidence
	}
	switch a.Case {
	case "":
		p.exact = autoExact(p.ruleText)
	case "exact":
		p.exact = true
	case "fold":
	default:
		c.addProblem(a.line, "%s: %q: case %q: want exact or fold", what, a.Text, a.Case)
		return
	}
	if p.exact {
		p.caps = true
		for _, at := range atoms {
			if !isCapsWord(at.norm) && len(at.norm) > 1 {
				p.caps = false
			}
		}
	}
	// Conflicts: the same folded atoms in the same trie for another owner.
	tr := "main"
	switch kind {
	case kindNoun:
		tr = "noun"
	case kindMember:
		tr = "member"
	}
	var key strings.Builder
	key.WriteString(tr)
	fmt.Fprintf(&key, "\x1f%d\x1f%d", pre, suf)
	for _, at := range atoms {
		key.WriteString("\x1f" + at.key)
	}
	idx := int32(len(c.m.pats))
	for _, j := range c.seen[key.String()] {
		q := &c.m.pats[j]
		if q.exact && p.exact && !sameNorms(q.atoms, p.atoms) {
			continue // exact case variants may coexist: "ISIS", "Isis"
		}
		if kind == kindMember || q.kind == p.kind && q.target == p.target {
			c.addProblem(a.line, "%s: %q is listed twice (as %q)", what, a.Text, q.text)
			return
		}
		c.addProblem(a.line, "%s: %q duplicates %q of %s", what, a.Text, q.text, c.owner(q))
		return
	}
	c.seen[key.String()] = append(c.seen[key.String()], idx)
	c.m.pats = append(c.m.pats, p)
}

func sameNorms(a, b []patternAtom) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].norm != b[i].norm {
			return false
		}
	}
	return true
}

func (c *compiler) owner(p *pattern) string {
	switch p.kind {
	case kindAlias:
		return fmt.Sprintf("actor %q", c.m.actors[p.target].Name)
	case kindAdjective:
		return fmt.Sprintf("country %s", c.m.countries[p.target].code)
	case kindStop:
		return "stop phrases"
	default:
		return fmt.Sprintf("generic %q", c.m.groups[p.target].name)
	}
}

// compile validates f and builds a Matcher.
func compile(f *fileData) (*Matcher, []string) {
	m := &Matcher{
		byName:    map[string]int{},
		countryBy: map[string]int{},
		groupBy:   map[string]int{},
		vocab:     map[string]int32{},
	}
	c := &compiler{m: m, seen: map[string][]int32{}}
	var accCountries []countryData // the data of m.countries[i]

	for i, cd := range f.Countries {
		if cd.Disabled {
			continue
		}
		what := fmt.Sprintf("countries[%d] %s", i, cd.Code)
		if !validCode(cd.Code) {
			c.addProblem(0, "%s: code must be two capital letters (ISO 3166-1 alpha-2)", what)
			continue
		}
		if _, dup := m.countryBy[cd.Code]; dup {
			c.addProblem(0, "%s: country listed twice", what)
			continue
		}
		if cd.Name == "" {
			c.addProblem(0, "%s: name is empty", what)
			continue
		}
		co := country{code: cd.Code, name: cd.Name, forcesName: cd.ForcesName, period: cd.Period, side: cd.Side}
		if co.forcesName == "" {
			co.forcesName = co.name
		}
		if co.side == "" {
			co.side = co.code + "-government"
		}
		m.countryBy[co.code] = len(m.countries)
		names := append([]string{co.name}, cd.OtherNames...)
		for _, n := range names {
			key := strings.ToLower(strings.TrimSpace(n))
			if j, dup := m.countryBy[key]; dup || key == "" {
				other := ""
				if dup {
					other = " (also " + m.countries[j].code + ")"
				}
				c.addProblem(0, "%s: name %q is empty or listed twice%s", what, n, other)
				continue
			}
			m.countryBy[key] = len(m.countries)
		}
		m.countries = append(m.countries, co)
		accCountries = append(accCountries, cd)
	}

	accepted := map[int]int{} // f.Actors index → m.actors index
	for i, ad := range f.Actors {
		if ad.Disabled {
			continue
		}
		what := fmt.Sprintf("actors[%d] %q", i, ad.Name)
		switch {
		case strings.TrimSpace(ad.Name) == "":
			c.addProblem(0, "%s: name is empty", what)
			continue
		case ad.Inter < 1 || ad.Inter > 8:
			c.addProblem(0, "%s: inter %d is not an ACLED inter code 1..8", what, ad.Inter)
			continue
		case ad.Country != "" && !validCode(ad.Country):
			c.addProblem(0, "%s: country %q must be two capital letters or empty", what, ad.Country)
			continue
		case !validConfidence(ad.Confidence):
			c.addProblem(0, "%s: confidence %v is not in [0, 1]", what, ad.Confidence)
			continue
		}
		if _, dup := m.byName[ad.Name]; dup {
			c.addProblem(0, "%s: actor listed twice", what)
			continue
		}
		accepted[i] = len(m.actors)
		m.byName[ad.Name] = len(m.actors)
		m.actors = append(m.actors, evident.Actor{Name: ad.Name, Inter: ad.Inter, CountryCode: ad.Country, Side: ad.Side})
	}
	// Aliases after all actors exist, so conflicts can name their owner.
	for i, ad := range f.Actors {
		ai, ok := accepted[i]
		if !ok {
			continue
		}
		c.contextual(i, ai, ad)
		conf := defaultAliasConfidence
		if ad.Confidence > 0 {
			conf = ad.Confidence
		}
		for _, al := range ad.Aliases {
			c.addPattern(kindAlias, al, ai, conf, fmt.Sprintf("actors[%d] %q alias", i, ad.Name))
		}
	}
	for ci, cd := range accCountries {
		co := m.countries[ci]
		for _, adj := range cd.Adjectives {
			c.addPattern(kindAdjective, adj, ci, defaultAdjectiveConfidence, "country "+co.code+" adjective")
		}
	}

	for i, gd := range f.Generics {
		if gd.Disabled {
			continue
		}
		what := fmt.Sprintf("generics[%d] %q", i, gd.Name)
		switch {
		case gd.Name == "":
			c.addProblem(0, "%s: name is empty", what)
			continue
		case strings.Count(gd.Template, "%") != 1 || !strings.Contains(gd.Template, "%s"):
			c.addProblem(0, "%s: template %q must contain %%s once and no other %%", what, gd.Template)
			continue
		case gd.Inter < 1 || gd.Inter > 8:
			c.addProblem(0, "%s: inter %d is not an ACLED inter code 1..8", what, gd.Inter)
			continue
		case !validConfidence(gd.Confidence):
			c.addProblem(0, "%s: confidence %v is not in [0, 1]", what, gd.Confidence)
			continue
		}
		if _, dup := m.groupBy[gd.Name]; dup {
			c.addProblem(0, "%s: generic listed twice", what)
			continue
		}
		if _, dup := m.byName[gd.Name]; dup {
			c.addProblem(0, "%s: generic name is also an actor name", what)
			continue
		}
		gi := len(m.groups)
		m.groupBy[gd.Name] = gi
		m.groups = append(m.groups, group{name: gd.Name, template: gd.Template, inter: gd.Inter, state: gd.State})
		conf := defaultGenericConfidence
		if gd.Confidence > 0 {
			conf = gd.Confidence
		}
		for _, t := range gd.Terms {
			c.addPattern(kindGeneric, t, gi, conf, what+" term")
			// After an adjective the term is a noun, unless it needs
			// leading context ("[the] army").
			if !strings.HasPrefix(strings.TrimSpace(t.Text), "[") {
				c.addPattern(kindNoun, t, gi, 1, what+" term")
			}
		}
		for _, t := range gd.QualifiedTerms {
			c.addPattern(kindNoun, t, gi, 1, what+" qualified term")
		}
	}
	for _, mn := range f.MemberNouns {
		c.addPattern(kindMember, mn, 0, 1, "member noun")
	}
	for _, sp := range f.StopPhrases {
		c.addPattern(kindStop, sp, 0, 1, "stop phrase")
	}
	if len(c.problems) > 0 {
		return nil, c.problems
	}

	// Vocabulary and tries.
	for _, p := range m.pats {
		for _, a := range p.atoms {
			if _, ok := m.vocab[a.key]; !ok {
				m.vocab[a.key] = int32(len(m.vocab))
			}
		}
	}
	m.table = newVocabTable(m.vocab)
	m.main.root = make([]int32, len(m.vocab))
	m.noun.root = make([]int32, len(m.vocab))
	m.member.root = make([]int32, len(m.vocab))
	// Insert in order of preference so that a node's patterns are too.
	order := make([]int, len(m.pats))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return m.pats[order[a]].kind < m.pats[order[b]].kind })
	ids := make([]int32, 0, 8)
	for _, pi := range order {
		p := &m.pats[pi]
		ids = ids[:0]
		for _, a := range p.atoms {
			ids = append(ids, m.vocab[a.key])
		}
		switch p.kind {
		case kindNoun:
			m.noun.insert(ids, int32(pi))
		case kindMember:
			m.member.insert(ids, int32(pi))
		default:
			m.main.insert(ids, int32(pi))
		}
	}

	// Actors for every country adjective + generic group pair.
	m.adjActors = make([]evident.Actor, len(m.countries)*len(m.groups))
	for ci := range m.countries {
		for gi := range m.groups {
			a := m.localised(gi, m.countries[ci])
			a.Generic = false // the country is in the text
			m.adjActors[ci*len(m.groups)+gi] = a
		}
	}
	return m, nil
}

// contextual checks and records the by_country table of actor ad, which
// is m.actors[ai]: its mentions become generic.
func (c *compiler) contextual(i, ai int, ad actorData) {
	if len(ad.ByCountry) == 0 {
		return
	}
	what := fmt.Sprintf("actors[%d] %q by_country", i, ad.Name)
	if ad.Country != "" {
		c.addProblem(0, "%s: a contextual actor has no country of its own", what)
		return
	}
	m := c.m
	to := make(map[string]int, len(ad.ByCountry))
	codes := make([]string, 0, len(ad.ByCountry))
	for code := range ad.ByCountry {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		name := ad.ByCountry[code]
		if _, ok := m.countryBy[code]; !ok || !validCode(code) {
			c.addProblem(0, "%s: %q is not a country code of the countries table", what, code)
			continue
		}
		j, ok := m.byName[name]
		if !ok {
			c.addProblem(0, "%s: %s: no actor named %q", what, code, name)
			continue
		}
		to[code] = j
	}
	if m.contextual == nil {
		m.contextual = map[int]map[string]int{}
	}
	m.contextual[ai] = to
	m.actors[ai].Generic = true
}

// localised returns generic group gi's actor for country co. When the
// dictionary has an actor of that name, its inter and side are used.
func (m *Matcher) localised(gi int, co country) evident.Actor {
	g := m.groups[gi]
	var a evident.Actor
	if g.state {
		a.Name = fmt.Sprintf(g.template, co.forcesName)
		if co.period != "" {
			a.Name += " (" + co.period + ")"
		}
		a.Side = co.side
	} else {
		a.Name = fmt.Sprintf(g.template, co.name)
	}
	a.Inter = g.inter
	a.CountryCode = co.code
	a.Generic = true
	if i, ok := m.byName[a.Name]; ok {
		d := m.actors[i]
		a.Inter, a.Side = d.Inter, d.Side
		if d.CountryCode != "" {
			a.CountryCode = d.CountryCode
		}
	}
	return a
}
