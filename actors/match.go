package actors

import (
	"context"

	"github.com/evident-org/evident"
)

// atom is a matchable piece of a token with its byte offsets in the text
// and its vocabulary id (-1 when no pattern uses it).
type atom struct {
	start, end int
	id         int32
}

// hit is a trie pattern ending just before atom end.
type hit struct {
	pat int32
	end int
}

// scratch holds per-call buffers; it never outlives one Process or Find.
type scratch struct {
	atoms []atom
	spans []atomSpan
	key   []byte
	hits  []hit
	nouns []hit
	// actors is a chunk that mention actors are carved from, so a
	// document costs a few allocations rather than one per mention.
	actors []evident.Actor
}

func newScratch() *scratch {
	return &scratch{
		atoms: make([]atom, 0, 128),
		spans: make([]atomSpan, 0, 8),
		key:   make([]byte, 0, 64),
		hits:  make([]hit, 0, 16),
		nouns: make([]hit, 0, 16),
	}
}

// newActor returns a fresh *Actor holding a; it stays valid after the call.
func (sc *scratch) newActor(a evident.Actor) *evident.Actor {
	if len(sc.actors) == cap(sc.actors) {
		sc.actors = make([]evident.Actor, 0, 32)
	}
	sc.actors = append(sc.actors, a)
	return &sc.actors[len(sc.actors)-1]
}

// candidate is a match being considered at one start atom.
type candidate struct {
	pat, noun, member int32 // noun and member are -1 when unused
	end               int   // atom after the last consumed one
	lo, hi            int   // atoms of the mention span
}

// walk appends the patterns of t that match atoms from i, shortest first.
func (t *trie) walk(atoms []atom, i int, out []hit) []hit {
	if i >= len(atoms) || atoms[i].id < 0 {
		return out
	}
	n := t.root[atoms[i].id]
	for j := i + 1; n != 0; j++ {
		node := &t.nodes[n]
		for _, p := range node.pats {
			out = append(out, hit{p, j})
		}
		if j >= len(atoms) || atoms[j].id < 0 {
			break
		}
		id := atoms[j].id
		n = 0
		for _, e := range node.edges {
			if e.id == id {
				n = e.node
				break
			}
		}
	}
	return out
}

// Find returns the actor mentions among the tokens of one sentence of
// text, in text order; sentence is stored in each Mention. Tokens whose
// spans fall outside text or go backwards are ignored.
func (m *Matcher) Find(text string, tokens []evident.Token, sentence int) []evident.Mention {
	sc := newScratch()
	return m.appendMentions(nil, text, tokens, sentence, sc)
}

func (m *Matcher) appendMentions(dst []evident.Mention, text string, tokens []evident.Token, sentence int, sc *scratch) []evident.Mention {
	sc.atoms = sc.atoms[:0]
	last := 0
	for _, t := range tokens {
		if t.Start < last || t.End > len(text) || t.Start >= t.End {
			continue
		}
		last = t.End
		if id, ok := m.table.lookupPlain(text[t.Start:t.End]); ok {
			sc.atoms = append(sc.atoms, atom{t.Start, t.End, id})
			continue
		}
		sc.spans = appendAtoms(sc.spans[:0], text[t.Start:t.End], t.Start)
		for _, sp := range sc.spans {
			sc.key = appendKey(sc.key[:0], text[sp.start:sp.end], true)
			sc.atoms = append(sc.atoms, atom{sp.start, sp.end, m.table.lookupKey(sc.key)})
		}
	}
	atoms := sc.atoms
	for i := 0; i < len(atoms); {
		if id := atoms[i].id; id < 0 || m.main.root[id] == 0 {
			i++
			continue
		}
		c, ok := m.best(text, atoms, i, sc)
		if !ok {
			i++
			continue
		}
		if c.lo > i {
			// Leading context ("[the] armed forces") must not hide a
			// longer match from the mention's start ("the Armed Forces
			// of Ukraine").
			if c2, ok := m.best(text, atoms, c.lo, sc); ok && c2.end > c.end {
				c = c2
			}
		}
		if m.pats[c.pat].kind == kindStop {
			i = c.end // a stop phrase: skip it, no mention
			continue
		}
		dst = append(dst, m.mention(text, atoms, c, sentence, sc))
		i = c.end
	}
	return dst
}

// best returns the longest match starting at atom i; on a tie a stop
// phrase beats an alias, which beats an adjective + noun, which beats a
// generic term.
func (m *Matcher) best(text string, atoms []atom, i int, sc *scratch) (candidate, bool) {
	sc.hits = m.main.walk(atoms, i, sc.hits[:0])
	var best candidate
	found := false
	better := func(c candidate) {
		if !found || c.end > best.end || c.end == best.end && m.pats[c.pat].kind < m.pats[best.pat].kind {
			best, found = c, true
		}
	}
	for _, h := range sc.hits {
		p := &m.pats[h.pat]
		if !m.caseOK(text, atoms, i, p, sc) {
			continue
		}
		if p.kind != kindAdjective {
			better(candidate{pat: h.pat, noun: -1, member: -1, end: h.end, lo: i + p.pre, hi: h.end - p.suf})
			continue
		}
		sc.nouns = m.noun.walk(atoms, h.end, sc.nouns[:0])
		for _, nh := range sc.nouns {
			np := &m.pats[nh.pat]
			if !m.caseOK(text, atoms, h.end, np, sc) {
				continue
			}
			better(candidate{pat: h.pat, noun: nh.pat, member: -1, end: nh.end, lo: i, hi: nh.end - np.suf})
		}
	}
	if !found {
		return best, false
	}
	// A named actor or country force followed by a member noun takes it
	// in: "IS fighters", "Iraqi army soldiers".
	k := m.pats[best.pat].kind
	if (k == kindAlias || k == kindAdjective) && best.hi == best.end {
		sc.nouns = m.member.walk(atoms, best.end, sc.nouns[:0])
		for j := len(sc.nouns) - 1; j >= 0; j-- {
			nh := sc.nouns[j]
			if m.caseOK(text, atoms, best.end, &m.pats[nh.pat], sc) {
				best.member, best.end, best.hi = nh.pat, nh.end, nh.end
				break
			}
		}
	}
	return best, true
}

// caseOK checks an exact pattern's case against the atoms from i, and
// rejects an all-capitals acronym in all-capitals text ("WHERE IS").
func (m *Matcher) caseOK(text string, atoms []atom, i int, p *pattern, sc *scratch) bool {
	if !p.exact {
		return true
	}
	for k, pa := range p.atoms {
		a := atoms[i+k]
		sc.key = appendKey(sc.key[:0], text[a.start:a.end], false)
		if string(sc.key) != pa.norm {
			return false
		}
	}
	if !p.caps {
		return true
	}
	neighbours, caps := 0, 0
	for _, j := range [2]int{i - 1, i + len(p.atoms)} {
		if j < 0 || j >= len(atoms) {
			continue
		}
		neighbours++
		if isCapsWord(text[atoms[j].start:atoms[j].end]) {
			caps++
		}
	}
	return neighbours == 0 || caps < neighbours
}

func (m *Matcher) mention(text string, atoms []atom, c candidate, sentence int, sc *scratch) evident.Mention {
	p := &m.pats[c.pat]
	start, end := atoms[c.lo].start, atoms[c.hi-1].end
	var act evident.Actor
	rule := p.rule
	conf := p.conf
	switch p.kind {
	case kindAlias:
		act = m.actors[p.target]
	case kindAdjective:
		np := &m.pats[c.noun]
		act = m.adjActors[p.target*len(m.groups)+np.target]
		rule += "+" + np.ruleText
		conf = min(conf, np.conf)
	default:
		g := m.groups[p.target]
		act = evident.Actor{Name: g.name, Inter: g.inter, Generic: true}
	}
	if c.member >= 0 {
		rule += "+" + m.pats[c.member].ruleText
	}
	return evident.Mention{
		Kind:       evident.KindActor,
		Span:       evident.Span{Start: start, End: end},
		Text:       text[start:end],
		Sentence:   sentence,
		Rule:       rule,
		Confidence: conf,
		Actor:      sc.newActor(act),
	}
}

// Stage is the actor recogniser: for every sentence it adds an
// evident.KindActor mention per dictionary alias, country adjective + noun
// ("Iraqi forces") and generic term ("gunmen"), longest match first. It
// reads a.Sentences (run segment.Stage first) and leaves other mentions
// alone. A nil M means Default().
type Stage struct {
	M *Matcher
}

// Name implements evident.Stage.
func (Stage) Name() string { return "actors" }

// Process implements evident.Stage.
func (s Stage) Process(ctx context.Context, a *evident.Analysis) error {
	if a.Doc == nil {
		return evident.Errorf(evident.EINVALID, "", "actors: analysis has no document")
	}
	m := s.M
	if m == nil {
		var err error
		if m, err = Default(); err != nil {
			return err
		}
	}
	sc := newScratch()
	for i, sent := range a.Sentences {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		a.Mentions = m.appendMentions(a.Mentions, a.Doc.Text, sent.Tokens, i, sc)
	}
	return nil
}
