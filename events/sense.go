package events

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/evident-org/evident"
)

// Sense decides, for each trigger mention, whether its conflict sense
// stands. Many trigger words have everyday senses: a team "beat" its
// rival, stocks "rallied", a golfer "shot a 68", a probe "captured
// images", a virus "attacked" a browser. In order, a trigger is demoted
// (Trigger.Demoted says why) when
//
//   - it is capitalised inside a sentence: part of a name ("the New York
//     Jets", "the Rally of Britain");
//   - it is an arrest, killing, clash, assault, abduction or seizure told
//     in the words of ordinary crime or a court case, with no political
//     participant and no non-state armed actor;
//
// it keeps its sense when a strong conflict participant is bound to it (a
// weapon, an armed noun, a casualty figure, protesters for a protest);
// otherwise it is demoted when
//
//   - it is an ambiguous form with a word of a non-conflict context near
//     it ("shot a 6-under-par 65", "a rally in technology stocks");
//   - (a weak participant, such as an actor name, now keeps it, outside
//     documents of a non-conflict domain)
//   - it is an ambiguous form that needs conflict and nothing in the
//     document tells of conflict ("Auburn rallied for a 10-9 victory");
//   - the document as a whole is sport, business, technology or
//     entertainment news (docDomain) and the trigger is not one that
//     names political violence outright ("car bomb").
//
// Sense runs after the recognisers and the resolver, before Build; Build
// turns a demoted trigger's event into a background event with the
// reason. The words are in data/senses.yaml; docs/events.md has the rules
// with examples.
type Sense struct {
	Lex *Lexicon
}

// Name implements evident.Stage.
func (Sense) Name() string { return "sense" }

// SenseWords are read from data/senses.yaml (see its header).
type SenseWords struct {
	// Window is how many tokens either side of an ambiguous trigger are
	// searched for context words.
	Window int
	// DomainMin and DomainRatio decide a document's domain: its best
	// score must be at least DomainMin and more than DomainRatio times
	// its conflict score.
	DomainMin, DomainRatio int

	// ambiguous maps an ambiguous form to its group; strong holds the
	// forms a domain never demotes.
	ambiguous map[string]ambiguity
	strong    map[string]bool

	participants     phraseIndex // payload: index into participantClass
	participantClass []partClass
	// titles after an armed word make it a person's rank ("army major").
	titles map[string]bool

	contexts     phraseIndex // payload: index into contextOf
	contextOf    []contextWord
	contextNames []string
	// patterns match hyphenated tokens ("3-2", "six-under-par"); each
	// is a strong word of its class (payload: index into contextOf).
	patterns []contextPattern

	crime, legal, political phraseIndex // payload 0
}

type partClass int

const (
	partArmed partClass = iota
	partPolice
	partWeapon
	partDissent
	partProtest
	partLethal
	partMilitary
	partCasualty
	partVictim
	partSetting
)

// ambiguity is a group of ambiguous forms: the context classes that
// select their everyday sense, and whether they need a conflict word
// somewhere in the document.
type ambiguity struct {
	classes                       []int
	needsConflict, weaponsImplied bool
}

type contextPattern struct {
	re      *regexp.Regexp
	payload int
}

type contextWord struct {
	class          int
	strong, domain bool
	// namePart words count after a capitalised word too ("Cisco
	// Systems").
	namePart bool
}

type sensesFile struct {
	Window      int `yaml:"window"`
	DomainMin   int `yaml:"domain_min"`
	DomainRatio int `yaml:"domain_ratio"`
	Ambiguous   []struct {
		Contexts       []string `yaml:"contexts"`
		NeedsConflict  bool     `yaml:"needs_conflict"`
		WeaponsImplied bool     `yaml:"weapons_implied"`
		Forms          []string `yaml:"forms"`
	} `yaml:"ambiguous"`
	Strong       []string `yaml:"strong"`
	Participants struct {
		Armed      []string `yaml:"armed"`
		Police     []string `yaml:"police"`
		Weapon     []string `yaml:"weapon"`
		Dissent    []string `yaml:"dissent"`
		Protest    []string `yaml:"protest"`
		Lethal     []string `yaml:"lethal"`
		Military   []string `yaml:"military"`
		Casualty   []string `yaml:"casualty"`
		Victims    []string `yaml:"victims"`
		Setting    []string `yaml:"setting"`
		Titles     []string `yaml:"titles"`
		ExceptPrev []string `yaml:"except_prev"`
	} `yaml:"participants"`
	Contexts map[string]struct {
		Domain    bool     `yaml:"domain"`
		NameParts []string `yaml:"name_parts"`
		Patterns  []string `yaml:"patterns"`
		Strong    []string `yaml:"strong"`
		Weak      []string `yaml:"weak"`
	} `yaml:"contexts"`
	Crime     []string `yaml:"crime"`
	Legal     []string `yaml:"legal"`
	Political []string `yaml:"political"`
}

func parseSenses(b []byte) (SenseWords, error) {
	var f sensesFile
	var w SenseWords
	if err := yaml.Unmarshal(b, &f); err != nil {
		return w, err
	}
	w.Window, w.DomainMin, w.DomainRatio = f.Window, f.DomainMin, f.DomainRatio
	if w.Window <= 0 {
		w.Window = 8
	}
	if w.DomainMin <= 0 {
		w.DomainMin = 3
	}
	if w.DomainRatio <= 0 {
		w.DomainRatio = 2
	}
	set := func(forms []string) map[string]bool {
		m := make(map[string]bool, len(forms))
		for _, x := range forms {
			m[joinWords(splitPhrase(x))] = true
		}
		return m
	}
	w.strong = set(f.Strong)
	w.titles = set(f.Participants.Titles)
	p := f.Participants
	for class, forms := range [][]string{partArmed: p.Armed, partPolice: p.Police, partWeapon: p.Weapon, partDissent: p.Dissent, partProtest: p.Protest, partLethal: p.Lethal, partMilitary: p.Military, partCasualty: p.Casualty, partVictim: p.Victims, partSetting: p.Setting} {
		w.participantClass = append(w.participantClass, partClass(class))
		for _, x := range forms {
			w.participants.add(x, class, nil, p.ExceptPrev)
		}
	}
	for name := range f.Contexts {
		w.contextNames = append(w.contextNames, name)
	}
	slices.Sort(w.contextNames)
	for ci, name := range w.contextNames {
		c := f.Contexts[name]
		if len(c.Strong) == 0 {
			return w, fmt.Errorf("contexts: %s: no strong words", name)
		}
		strongEntry := len(w.contextOf)
		for _, strong := range []bool{true, false} {
			words := c.Weak
			if strong {
				words = c.Strong
			}
			w.contextOf = append(w.contextOf, contextWord{class: ci, strong: strong, domain: c.Domain})
			for _, x := range words {
				w.contexts.add(x, len(w.contextOf)-1, nil, nil)
			}
		}
		if len(c.NameParts) > 0 {
			w.contextOf = append(w.contextOf, contextWord{class: ci, strong: true, domain: c.Domain, namePart: true})
			for _, x := range c.NameParts {
				w.contexts.add(x, len(w.contextOf)-1, nil, nil)
			}
		}
		for _, x := range c.Patterns {
			re, err := regexp.Compile(x)
			if err != nil {
				return w, fmt.Errorf("contexts: %s: pattern %q: %w", name, x, err)
			}
			w.patterns = append(w.patterns, contextPattern{re: re, payload: strongEntry})
		}
	}
	w.ambiguous = map[string]ambiguity{}
	for gi, g := range f.Ambiguous {
		var classes []int
		for _, name := range g.Contexts {
			ci, ok := slices.BinarySearch(w.contextNames, name)
			if !ok {
				return w, fmt.Errorf("ambiguous: group %d: unknown context %q", gi+1, name)
			}
			classes = append(classes, ci)
		}
		for _, x := range g.Forms {
			form := joinWords(splitPhrase(x))
			if _, dup := w.ambiguous[form]; dup {
				return w, fmt.Errorf("ambiguous: group %d: %q is in an earlier group", gi+1, x)
			}
			w.ambiguous[form] = ambiguity{classes: classes, needsConflict: g.NeedsConflict, weaponsImplied: g.WeaponsImplied}
		}
	}
	for _, l := range []struct {
		x     *phraseIndex
		forms []string
	}{{&w.crime, f.Crime}, {&w.legal, f.Legal}, {&w.political, f.Political}} {
		for _, x := range l.forms {
			l.x.add(x, 0, nil, nil)
		}
	}
	return w, nil
}

// findAll returns every phrase of x found in lower, overlapping ones
// included (a word may be in two classes), in text order.
func (x *phraseIndex) findAll(lower []string) []match {
	var out []match
	for i := range lower {
		if w := lower[i]; w == "" {
			continue
		} else if k, m := filterMask(w); x.filter[k]&m != m {
			continue // !x.mayStart(w)
		}
		for _, p := range x.byFirst[lower[i]] {
			j := i + len(p.words)
			if j > len(lower) || !slices.Equal(lower[i:j], p.words) {
				continue
			}
			if i > 0 && slices.Contains(p.exceptPrev, lower[i-1]) {
				continue
			}
			out = append(out, match{i: i, j: j, payload: p.payload})
		}
	}
	return out
}

// senseView caches what Sense needs of one sentence.
type senseView struct {
	sent     evident.Sentence
	lower    []string
	headline bool
	parts    []match // participants
	ctx      []match // context words
	actors   []*evident.Mention
	numbers  []*evident.Mention
	triggers []*evident.Mention
	// demoted are the triggers of the sentence already read in their
	// everyday sense: their words are no participants of the others ("a
	// private rocket" is no weapon for "blast off").
	demoted []evident.Span
	// crime caches crimeReading's words of the sentence.
	crime struct {
		done       bool
		word, kind string // the first crime (or else legal) word and its kind
		political  bool   // a political word is in the sentence too
	}
}

// contexts returns the context words of the sentence of v, or of lower
// when v is nil (a title).
func (v *senseView) contexts(w *SenseWords, lower []string) []match {
	if v != nil {
		return v.ctx
	}
	return w.findContexts(lower)
}

func (v *senseView) demotedSpan(sp evident.Span) bool {
	for _, d := range v.demoted {
		if d.Overlaps(sp) {
			return true
		}
	}
	return false
}

func (v *senseView) overlapsDemoted(p match) bool {
	if len(v.demoted) == 0 {
		return false
	}
	return v.demotedSpan(evident.Span{Start: v.sent.Tokens[p.i].Start, End: v.sent.Tokens[p.j-1].End})
}

func (v *senseView) tokenAt(off int) int {
	i, _ := slices.BinarySearchFunc(v.sent.Tokens, off, func(t evident.Token, off int) int { return t.Start - off })
	return i
}

// tokenEnd returns the index after the last token that ends at or before
// off.
func (v *senseView) tokenEnd(off int) int {
	j := v.tokenAt(off)
	for j < len(v.sent.Tokens) && v.sent.Tokens[j].End <= off {
		j++
	}
	return j
}

// Process implements evident.Stage.
func (s Sense) Process(_ context.Context, a *evident.Analysis) error {
	w := &s.Lex.Senses
	var view func(int) *senseView
	var doc docSense
	measured := false
	var judged []*evident.Mention
	for k := range a.Mentions {
		m := &a.Mentions[k]
		if m.Kind != evident.KindTrigger || m.Trigger == nil || m.Sentence < 0 || m.Sentence >= len(a.Sentences) {
			continue
		}
		if !measured {
			view = w.views(a)
			cand := w.domainScores(a, view)
			doc, measured = docSense{domain: w.accepted(cand), conflict: cand.conflictAll, war: cand.Conflict >= conflictDocument}, true
		}
		m.Trigger.Demoted = w.judge(a, view(m.Sentence), m, doc)
		judged = append(judged, m)
	}
	// A trigger read in its everyday sense is no participant of another
	// ("a rocket scheduled to blast off"): judge again, without the
	// words of the demoted ones, until nothing changes.
	for round := 0; round < 3; round++ {
		changed := false
		for _, m := range judged {
			if m.Trigger.Demoted != "" {
				v := view(m.Sentence)
				if !slices.Contains(v.demoted, m.Span) {
					v.demoted = append(v.demoted, m.Span)
					changed = true
				}
			}
		}
		if !changed {
			break
		}
		for _, m := range judged {
			if v := view(m.Sentence); m.Trigger.Demoted == "" && len(v.demoted) > 0 {
				m.Trigger.Demoted = w.judge(a, v, m, doc)
			}
		}
	}
	return nil
}

// docSense is what Sense knows of the whole document: its domain, if
// any, and its conflict score.
type docSense struct {
	domain   Domain
	conflict int
	// war is true for a document about armed conflict: its conflict
	// words and armed actors (Domain.Conflict) are at least
	// conflictDocument.
	war bool
}

// conflictDocument is the conflict score (Domain.Conflict) from which a
// document is about armed conflict. There, capitals and context words
// say little: "Terrorist Attack on Damascus" is a headline, not a name,
// and "attacks plotted from internet cafes" are attacks.
const conflictDocument = 3

// views returns a function that builds the view of a sentence on first
// use; the mentions are bucketed by sentence once.
func (w *SenseWords) views(a *evident.Analysis) func(int) *senseView {
	views := make([]*senseView, len(a.Sentences))
	var bySentence [][]*evident.Mention
	return func(si int) *senseView {
		if views[si] != nil {
			return views[si]
		}
		if bySentence == nil {
			bySentence = make([][]*evident.Mention, len(a.Sentences))
			for k := range a.Mentions {
				m := &a.Mentions[k]
				if m.Sentence >= 0 && m.Sentence < len(bySentence) {
					bySentence[m.Sentence] = append(bySentence[m.Sentence], m)
				}
			}
		}
		views[si] = w.view(a.Sentences[si], bySentence[si])
		return views[si]
	}
}

func (w *SenseWords) view(s evident.Sentence, mentions []*evident.Mention) *senseView {
	v := &senseView{sent: s, lower: lowerTokens(s.Tokens), headline: headline(s.Tokens)}
	v.parts = w.participants.findAll(v.lower)
	v.ctx = w.findContexts(v.lower)
	for _, m := range mentions {
		switch m.Kind {
		case evident.KindActor:
			if m.Actor != nil {
				v.actors = append(v.actors, m)
			}
		case evident.KindNumber:
			v.numbers = append(v.numbers, m)
		case evident.KindTrigger:
			v.triggers = append(v.triggers, m)
		}
	}
	return v
}

// crimeTypes are the sub-event types that ordinary crime also produces.
var crimeTypes = setOf("Attack", "Arrests", "Sexual violence", "Abduction/forced disappearance", "Armed clash",
	"Government regains territory", "Non-state actor overtakes territory")

// judge returns why trigger m has no conflict sense, or "".
func (w *SenseWords) judge(a *evident.Analysis, v *senseView, m *evident.Mention, doc docSense) string {
	dom := doc.domain
	ti, tj := v.tokenAt(m.Start), v.tokenEnd(m.End)
	if ti >= tj || tj > len(v.lower) {
		return ""
	}
	form := joinWords(v.lower[ti:tj])
	if !doc.war && w.isName(a, v, m, ti, tj) {
		return fmt.Sprintf("name: capitalised %q is part of a name", m.Text)
	}
	if crimeTypes[m.Trigger.SubEventType] {
		if why := w.crimeReading(v, m, ti, tj); why != "" {
			return why
		}
	}
	// A strong participant (a weapon, an armed noun, a casualty figure)
	// keeps the conflict sense; a context word beside an ambiguous form
	// outweighs a weak one (an actor name, "military", "deadly").
	strong, any := w.participant(v, m, ti, tj)
	if strong {
		return ""
	}
	amb, ambiguous := w.ambiguous[form]
	if ambiguous && !doc.war {
		if class, word := w.contextNear(v, amb.classes, ti, tj); class != "" {
			return fmt.Sprintf("sense: %q beside %s word %q", form, class, word)
		}
	}
	if any && dom.Name == "" {
		return ""
	}
	if ambiguous && amb.needsConflict && doc.conflict == 0 && !any {
		return fmt.Sprintf("sense: %q with no conflict participant in the document", form)
	}
	if dom.Name != "" && !w.strong[form] {
		return fmt.Sprintf("domain: %s; %q has no conflict participant", dom.Reason(), form)
	}
	return ""
}

// isName reports whether the trigger at tokens [ti, tj) is capitalised
// inside its sentence, and so part of a name ("the New York Jets", "the
// Rally of Britain", "Kim Sarin"): not the sentence's first word, not
// after a line break, not an acronym ("IED"), not in a headline, and not
// inside an actor mention ("the Syrian Air Force" names state forces).
func (w *SenseWords) isName(a *evident.Analysis, v *senseView, m *evident.Mention, ti, tj int) bool {
	toks := v.sent.Tokens
	if v.headline || !capitalisedAt(toks, ti) || strings.Contains(a.Doc.Text[toks[ti-1].End:toks[ti].Start], "\n") {
		return false
	}
	for k := ti; k < tj; k++ {
		if allCaps(toks[k].Text) || k > ti && !startsUpper(toks[k].Text) && startsWithLetter(toks[k].Text) {
			return false
		}
	}
	for _, am := range v.actors {
		if am.Span.Overlaps(m.Span) {
			return false
		}
	}
	return true
}

// crimeReading returns why an arrest, killing or assault at tokens
// [ti, tj) is ordinary crime or a court case: a crime or legal word in its
// sentence, no political participant and no non-state armed actor. State
// forces do not count for an arrest or a seizure (the police and troops
// make those of crime news too), but do for a killing or a clash: "a tank
// opened fire and killed three troops, mistaking them for smugglers" is
// no crime.
func (w *SenseWords) crimeReading(v *senseView, m *evident.Mention, ti, tj int) string {
	if !v.crime.done {
		// The sentence's words, once: several triggers of a sentence, and
		// the later rounds of Sense.Process, ask again.
		c := &v.crime
		c.done = true
		if ms := w.crime.findAll(v.lower); len(ms) > 0 {
			c.word, c.kind = joinWords(v.lower[ms[0].i:ms[0].j]), "crime"
		} else if ms := w.legal.findAll(v.lower); len(ms) > 0 {
			c.word, c.kind = joinWords(v.lower[ms[0].i:ms[0].j]), "court case"
		}
		c.political = c.word != "" && len(w.political.findAll(v.lower)) > 0
	}
	word, kind := v.crime.word, v.crime.kind
	if word == "" || v.crime.political {
		return ""
	}
	violent := m.Trigger.SubEventType == "Attack" || m.Trigger.SubEventType == "Armed clash"
	if violent {
		for _, p := range v.parts {
			if w.participantClass[p.payload] == partArmed && !(p.i < tj && ti < p.j) {
				return ""
			}
		}
	}
	for _, am := range v.actors {
		act := am.Actor
		switch {
		case act.Inter == evident.InterRebels || act.Inter == evident.InterPoliticalMilit || act.Inter == evident.InterIdentityMilit:
			if !act.Generic {
				return ""
			}
		case violent && armedInter(act.Inter) && !strings.HasPrefix(act.Name, "Police"):
			return ""
		}
	}
	return fmt.Sprintf("ordinary %s: %q with no political or armed actor", kind, word)
}

// participant reports whether a conflict participant is bound to the
// trigger at tokens [ti, tj) of its sentence (see senses.yaml,
// participants): strong for a weapon, an armed or police noun, a casualty
// figure, protesters for a protest or an arrest; any also for an actor of
// the actor dictionary or a participant word written with a capital
// (which may be a name). Words of the trigger itself do not count, and
// neither do the police or weapons for an arrest, nor weapons for a shot,
// which implies one.
func (w *SenseWords) participant(v *senseView, m *evident.Mention, ti, tj int) (strong, any bool) {
	toks := v.sent.Tokens
	protest := m.Trigger.EventType == "Protests" || m.Trigger.EventType == "Riots"
	arrest := m.Trigger.SubEventType == "Arrests"
	gun := w.ambiguous[joinWords(v.lower[ti:tj])].weaponsImplied
	named := func(i int) bool { return !v.headline && capitalisedAt(toks, i) }
	for _, p := range v.parts {
		// The trigger's own words are no participant, except a casualty
		// word with its figure ("five people were killed").
		own := p.i < tj && ti < p.j
		if own && w.participantClass[p.payload] != partCasualty || v.overlapsDemoted(p) && !own {
			continue
		}
		ok := false
		switch w.participantClass[p.payload] {
		case partArmed:
			if p.j < len(v.lower) && w.titles[v.lower[p.j]] {
				any = true
				continue
			}
			ok = true
		case partWeapon:
			ok = !arrest && !gun
		case partMilitary, partLethal:
			any = true
			continue
		case partPolice:
			ok = !arrest
		case partDissent:
			ok = protest || arrest
		case partProtest:
			ok = protest && p.i < tj+w.Window && p.j > ti-w.Window
		case partCasualty:
			ok = w.casualtyFigure(v, p)
		}
		if !ok {
			continue
		}
		if !named(p.i) {
			return true, true
		}
		any = true
	}
	for _, am := range v.actors {
		if am.Span.Overlaps(m.Span) || v.demotedSpan(am.Span) {
			continue
		}
		act := am.Actor
		if protest && (act.Inter == evident.InterProtesters || act.Inter == evident.InterRioters) {
			any = true
			continue
		}
		if !armedInter(act.Inter) || arrest && strings.HasPrefix(act.Name, "Police") {
			continue
		}
		if act.Generic && !v.headline {
			// "the Runnin' Rebels", "the Raiders": a capitalised generic
			// noun is a team's name.
			if last := v.tokenEnd(am.End) - 1; last >= 0 && named(last) {
				continue
			}
		}
		any = true
	}
	return false, any
}

// casualtyFigure reports whether the casualty word p has a number or a
// victim noun within four tokens, in the same clause: "killing 12",
// "five people were wounded".
func (w *SenseWords) casualtyFigure(v *senseView, p match) bool {
	near := func(i, j int) bool {
		lo, hi := min(j, p.i), max(i, p.j)
		if hi-lo > 4 {
			return false
		}
		for k := lo; k < hi; k++ {
			if isPunct(v.lower[k]) {
				return false
			}
		}
		return true
	}
	for _, n := range v.numbers {
		if near(v.tokenAt(n.Start), v.tokenEnd(n.End)) {
			return true
		}
	}
	for _, q := range v.parts {
		if w.participantClass[q.payload] == partVictim && near(q.i, q.j) {
			return true
		}
	}
	return false
}

// contextNear returns the class and word of the nearest strong context
// word of one of classes within Window tokens of the trigger at [ti, tj).
func (w *SenseWords) contextNear(v *senseView, classes []int, ti, tj int) (string, string) {
	best, bestD := -1, 1<<30
	for k, c := range v.ctx {
		cw := w.contextOf[c.payload]
		// A phrase that contains the trigger decides it too ("offensive
		// coordinator"); the trigger's own word does not.
		if !cw.strong || c.i == ti && c.j == tj || !cw.namePart && nameContinuation(v.sent.Tokens, c.i, c.j) {
			continue
		}
		if !slices.Contains(classes, cw.class) {
			continue
		}
		d := max(c.i-tj, ti-c.j, 0)
		if d < w.Window && d < bestD {
			best, bestD = k, d
		}
	}
	if best < 0 {
		return "", ""
	}
	c := v.ctx[best]
	return w.contextNames[w.contextOf[c.payload].class], joinWords(v.lower[c.i:c.j])
}

// demotedGroup returns the reason when every trigger of an event's group
// is demoted (the leader's reason), else "": one trigger with its conflict
// sense keeps the event.
func demotedGroup(group []*evident.Mention) string {
	for _, t := range group {
		if t.Trigger.Demoted == "" {
			return ""
		}
	}
	if len(group) == 0 {
		return ""
	}
	return group[0].Trigger.Demoted
}

// Domain returns the document's non-conflict domain (see docDomain); the
// zero Domain for conflict or general news.
func (s Sense) Domain(a *evident.Analysis) Domain { return s.Lex.Senses.docDomain(a) }

// findContexts returns the context words of lower: lexicon phrases, then
// hyphenated tokens that match a pattern.
func (w *SenseWords) findContexts(lower []string) []match {
	ms := w.contexts.findAll(lower)
	if len(w.patterns) == 0 {
		return ms
	}
	for i, t := range lower {
		if !hasHyphen(t) {
			continue
		}
		for _, p := range w.patterns {
			if p.re.MatchString(t) {
				ms = append(ms, match{i: i, j: i + 1, payload: p.payload})
				break
			}
		}
	}
	return ms
}

// hasHyphen is strings.Contains(t, "-") for the short strings of tokens,
// without the call into the general search.
func hasHyphen(t string) bool {
	for k := 0; k < len(t); k++ {
		if t[k] == '-' {
			return true
		}
	}
	return false
}
