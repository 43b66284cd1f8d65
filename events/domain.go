package events

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/evident-org/evident"
)

// Domain is a document's non-conflict domain ("sport", "business",
// "technology", "entertainment") with the cues that decided it; the zero
// value is a document of no such domain (conflict or general news).
type Domain struct {
	Name string
	// Score is the domain's score: two points a distinct strong cue, one
	// a distinct weak cue. Conflict is the document's conflict score:
	// its distinct conflict words and armed actors.
	Score, Conflict int
	// conflictAll adds the unambiguous triggers to Conflict.
	conflictAll int
	// sentences is the length of the document in sentences.
	sentences int
	// Cues are the domain's distinct cue words, strong ones first, in
	// text order.
	Cues []string
}

// Reason says why the document is of its domain, for field evidence:
// "sport (quarterback, touchdown, season; 7 vs conflict 0)".
func (d Domain) Reason() string {
	cues := d.Cues
	if len(cues) > 5 {
		cues = cues[:5]
	}
	return fmt.Sprintf("%s document (%s; score %d vs conflict %d)", d.Name, strings.Join(cues, ", "), d.Score, d.Conflict)
}

// docDomain is the document's accepted domain (domainScores, accepted).
func (w *SenseWords) docDomain(a *evident.Analysis) Domain {
	return w.accepted(w.domainScores(a, w.views(a)))
}

// domainScores measures a document's domain from lexical cues over its title
// and text (senses.yaml, contexts with domain: true): the domain with the
// highest score wins when the score is at least DomainMin and more than
// DomainRatio times the conflict score, which counts the distinct
// participant words (armed nouns, weapons, casualty words beside a figure)
// and the armed actors of the actor dictionary mentioned. view returns
// the sentence views that Sense uses too.
func (w *SenseWords) domainScores(a *evident.Analysis, view func(sentence int) *senseView) Domain {
	type tally struct {
		score int
		cues  []string
		seen  map[string]bool
	}
	tallies := make([]tally, len(w.contextNames))
	conflictSeen := map[string]bool{}
	scan := func(toks []evident.Token, lower []string, v *senseView) {
		ctx := v.contexts(w, lower) // the view has them already
		for _, m := range ctx {
			c := w.contextOf[m.payload]
			if !c.domain || !c.namePart && nameContinuation(toks, m.i, m.j) {
				continue
			}
			t := &tallies[c.class]
			word := joinWords(lower[m.i:m.j])
			if t.seen == nil {
				t.seen = map[string]bool{}
			}
			if t.seen[word] {
				continue
			}
			t.seen[word] = true
			if c.strong {
				t.score += 2
				t.cues = append(t.cues, word)
			} else {
				t.score++
			}
		}
		if v == nil {
			return
		}
	parts:
		for _, m := range v.parts {
			// An ambiguous trigger is no evidence of its own sense: "a
			// private rocket" does not make a document about conflict.
			for _, t := range v.triggers {
				if ti, tj := v.tokenAt(t.Start), v.tokenEnd(t.End); m.i < tj && ti < m.j {
					if _, ok := w.ambiguous[joinWords(v.lower[ti:tj])]; ok {
						continue parts
					}
				}
			}
			switch w.participantClass[m.payload] {
			case partArmed, partPolice, partWeapon, partDissent, partSetting:
			case partCasualty:
				if !w.casualtyFigure(v, m) {
					continue
				}
			default:
				continue
			}
			if !capitalisedAt(toks, m.i) {
				conflictSeen[joinWords(lower[m.i:m.j])] = true
			}
		}
	}
	if a.Doc.Title != "" {
		toks := titleTokens(a.Doc.Title)
		scan(toks, lowerTokens(toks), nil)
	}
	for i := range a.Sentences {
		v := view(i)
		scan(v.sent.Tokens, v.lower, v)
	}
	triggers := map[string]bool{}
	// Triggers that are not ambiguous (and not protests, which business
	// and sport news report too) tell of conflict: "kidnapped",
	// "ceasefire", "air strike".
	for k := range a.Mentions {
		m := &a.Mentions[k]
		if m.Kind != evident.KindTrigger || m.Trigger == nil || m.Trigger.EventType == "Protests" || m.Sentence < 0 || m.Sentence >= len(a.Sentences) {
			continue
		}
		v := view(m.Sentence)
		ti, tj := v.tokenAt(m.Start), v.tokenEnd(m.End)
		if ti >= tj || tj > len(v.lower) {
			continue
		}
		form := joinWords(v.lower[ti:tj])
		if _, ok := w.ambiguous[form]; ok || w.isName(a, v, m, ti, tj) {
			continue
		}
		triggers["trigger:"+form] = true
	}
	conflict := len(conflictSeen)
	for k := range a.Mentions {
		m := &a.Mentions[k]
		if m.Kind == evident.KindActor && m.Actor != nil && armedInter(m.Actor.Inter) && (!m.Actor.Generic || !startsUpper(m.Text)) {
			if !conflictSeen["actor:"+m.Actor.Name] {
				conflictSeen["actor:"+m.Actor.Name] = true
				conflict++
			}
		}
	}
	best := -1
	for i, t := range tallies {
		if best < 0 || t.score > tallies[best].score {
			best = i
		}
	}
	all := conflict + len(triggers)
	if best < 0 {
		return Domain{Conflict: conflict, conflictAll: all, sentences: len(a.Sentences)}
	}
	t := tallies[best]
	return Domain{Name: w.contextNames[best], Score: t.score, Conflict: conflict, conflictAll: all, Cues: t.cues, sentences: len(a.Sentences)}
}

// shortDocument is the most sentences a document may have for weak words
// alone to decide its domain: a few in a news brief tell its topic, but
// they add up in any long article.
const shortDocument = 5

// accepted returns d when it decides the document's domain: a score of at
// least DomainMin, more than DomainRatio times the conflict score, and,
// beyond a short document, at least one strong cue.
func (w *SenseWords) accepted(d Domain) Domain {
	if d.Score < w.DomainMin || d.Score <= w.DomainRatio*d.Conflict || len(d.Cues) == 0 && d.sentences > shortDocument {
		return Domain{}
	}
	return d
}

// armedInter reports whether an inter code is an armed actor's: state
// forces, rebels, militias, external forces.
func armedInter(inter int) bool {
	switch inter {
	case evident.InterStateForces, evident.InterRebels, evident.InterPoliticalMilit, evident.InterIdentityMilit, evident.InterExternal:
		return true
	}
	return false
}

// titleTokens splits a title into word tokens the way the lexicons are
// written: letters, digits and inner hyphens, apostrophes, dots and
// ampersands stay in the word ("U.S.", "AT&T", "6-3"). Offsets are into
// the title, which is not part of Doc.Text, so they are never evidence.
func titleTokens(title string) []evident.Token {
	var out []evident.Token
	start := -1
	inner := func(r rune) bool { return r == '-' || r == '\'' || r == '.' || r == '&' || r == '’' }
	flush := func(end int) {
		if start >= 0 {
			w := strings.TrimRightFunc(title[start:end], inner)
			if w != "" {
				out = append(out, evident.Token{Span: evident.Span{Start: start, End: start + len(w)}, Text: w})
			}
			start = -1
		}
	}
	for i, r := range title {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
		case inner(r) && start >= 0:
		default:
			flush(i)
		}
	}
	flush(len(title))
	return out
}

// capitalisedAt reports whether token i starts with an upper-case letter
// and is not the sentence's first word (or the first after an opening
// quote, bracket or dash): a name or part of one, in running text.
func capitalisedAt(toks []evident.Token, i int) bool {
	if i <= 0 || i >= len(toks) || !startsUpper(toks[i].Text) {
		return false
	}
	switch toks[i-1].Text {
	case "\"", "“", "‘", "(", "[", ":", "-", "--", "—", "–", ".", "!", "?":
		return false
	}
	return true
}

// nameContinuation reports whether the single-token match [i, j) is a
// capitalised word right after another capitalised word: "the Arab
// League", "the West Bank", "Microsoft Corp".
func nameContinuation(toks []evident.Token, i, j int) bool {
	return j == i+1 && i > 0 && capitalisedAt(toks, i) && startsUpper(toks[i-1].Text)
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// allCaps reports whether s has letters and all of them are upper-case,
// but for a plural "s" ("IED", "NY", "IEDs"), so its capital says nothing
// about a name.
func allCaps(s string) bool {
	if len(s) > 2 && s[len(s)-1] == 's' {
		s = s[:len(s)-1]
	}
	letters := false
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters = true
		}
	}
	return letters
}

// headline reports whether most words of a sentence are capitalised
// ("Suicide Bomber Kills Five in Kabul"): capitals then mark no names.
func headline(toks []evident.Token) bool {
	words, caps := 0, 0
	for _, t := range toks {
		if !startsWithLetter(t.Text) {
			continue
		}
		words++
		if startsUpper(t.Text) {
			caps++
		}
	}
	return words >= 3 && 10*caps >= 7*words
}

func startsWithLetter(s string) bool {
	for _, r := range s {
		return unicode.IsLetter(r)
	}
	return false
}
