// Roles at the sentence level: which actor mention is the perpetrator
// (actor1) and which the target (actor2) of a trigger.

package events

import (
	"strings"

	"github.com/evident-org/evident"
)

// targetClass maps an inter code to the by_target keys of the lexicon.
func targetClass(inter int) string {
	switch inter {
	case evident.InterCivilians:
		return "civilians"
	case evident.InterProtesters, evident.InterRioters:
		return "protesters"
	case evident.InterNone:
		return ""
	}
	return "armed"
}

var passiveAux = map[string]bool{"was": true, "were": true, "been": true, "being": true, "is": true, "are": true, "got": true, "be": true}

var prepositions = setOf("on", "against", "from", "with", "of", "by", "to", "at", "in", "into", "towards", "toward", "near", "behind", "among", "between")

// subjectActor picks the perpetrator among the actors before an active
// trigger: the first actor of the trigger's clause that no preposition
// governs ("Afghan forces in a crackdown on Taliban militants recaptured"
// is done by the Afghan forces), else the nearest ungoverned actor, else
// the nearest.
func subjectActor(v *sentenceView, before []*evident.Mention, ti int) *evident.Mention {
	if len(before) == 0 {
		return nil
	}
	governed := func(m *evident.Mention) bool {
		k := v.tokenAt(m.Start) - 1
		for k >= 0 && (v.lower[k] == "the" || v.lower[k] == "a" || v.lower[k] == "an") {
			k--
		}
		return k >= 0 && prepositions[v.lower[k]]
	}
	for _, m := range before {
		if !v.clauseBreak(v.tokenAt(m.End), ti) && !governed(m) {
			return m
		}
	}
	for k := len(before) - 1; k >= 0; k-- {
		if !governed(before[k]) {
			return before[k]
		}
	}
	return before[len(before)-1]
}

// isPassive reports whether the trigger at token ti is a passive verb:
// an auxiliary ("was", "were", "been") one or two tokens before it.
func isPassive(v *sentenceView, ti int) bool {
	aux := func(k int) bool { return k >= 0 && passiveAux[v.lower[k]] && v.sent.Tokens[k].Text == v.lower[k] } // "is", not "IS"
	return ti < len(v.lower) && !strings.HasSuffix(v.lower[ti], "ing") && (aux(ti-1) || aux(ti-2))
}

// pickActors chooses perpetrator and target around the trigger at tokens
// [ti, tj). Active voice: the nearest actor before the trigger acts on the
// nearest actor after it. Passive ("was shot by X"): X acts on the actor
// before. Triggers that imply civilian targets ("human shields") take any
// civilian mention as the target. Actors inside the attribution source
// ("Iraqi forces say that ...") play no role.
func pickActors(v *sentenceView, ti, tj int, civTrigger bool, source evident.Span) (a1, a2 *evident.Mention) {
	var before, after []*evident.Mention
	for _, m := range v.actors {
		if source.Len() > 0 && source.Overlaps(m.Span) {
			continue
		}
		if v.tokenAt(m.End) <= ti {
			before = append(before, m)
		} else if v.tokenAt(m.Start) >= tj {
			after = append(after, m)
		}
	}
	passive := isPassive(v, ti)
	byAt := -1
	for k := tj; k < len(v.lower) && k < tj+4; k++ {
		if v.lower[k] == "by" {
			byAt = k
			break
		}
	}
	if passive {
		if len(before) > 0 {
			a2 = before[len(before)-1]
		}
		if byAt >= 0 {
			for _, m := range after {
				if v.tokenAt(m.Start) > byAt {
					a1 = m
					break
				}
			}
		}
		return a1, a2
	}
	if civTrigger {
		for _, m := range v.actors {
			if m.Actor.Inter == evident.InterCivilians {
				a2 = m
				break
			}
		}
		for i := len(before) - 1; i >= 0; i-- {
			if before[i] != a2 && before[i].Actor.Inter != evident.InterCivilians {
				a1 = before[i]
				break
			}
		}
		return a1, a2
	}
	a1 = subjectActor(v, before, ti)
	if len(after) > 0 {
		a2 = after[0]
	}
	if a1 != nil && a2 != nil && a1.Actor.Name == a2.Actor.Name {
		a2 = nil
	}
	// ACLED never codes civilians as perpetrators: a civilian mention
	// before the trigger is its victim ("civilians ... shelled") or no
	// party at all.
	if a1 != nil && a1.Actor.Inter == evident.InterCivilians {
		if a2 == nil {
			a2 = a1
		}
		a1 = nil
	}
	return a1, a2
}

// nounAgent returns the actor an event noun's "by" phrase names
// ("airstrikes by the US-led coalition"), or nil.
func nounAgent(v *sentenceView, tj int, source evident.Span) *evident.Mention {
	if tj >= len(v.lower) || v.lower[tj] != "by" {
		return nil
	}
	for _, m := range v.actors {
		if source.Len() > 0 && source.Overlaps(m.Span) {
			continue
		}
		if k := v.tokenAt(m.Start); k > tj && k <= tj+4 {
			return m
		}
	}
	return nil
}
