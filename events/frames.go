package events

import "github.com/evident-org/evident"

// Sentence frames. Some sentences fix how every trigger in them is read:
// in a sentence about a protest, "clashed" is a violent demonstration and
// "arrested" an intervention, not a battle and an arrest; in a sentence
// about a mob, "attacked" is mob violence. A frame rewrites the sentence's
// triggers before they are grouped into events, so the sentence yields one
// event of the frame's type. The rewritten trigger keeps its span and
// says in its rule which frame and word decided.

// reframed returns a copy of trigger mention m with a new sub-event type.
func (b Build) reframed(m *evident.Mention, sub, why string) *evident.Mention {
	cp := *m
	tr := *m.Trigger
	tr.SubEventType = sub
	tr.EventType = b.Lex.Taxonomy[sub].EventType
	tr.ByTarget, tr.ByActor1 = nil, nil
	cp.Trigger = &tr
	cp.Rule = m.Rule + "; " + why
	return &cp
}

// protestTypes are the event types a protest frame takes over; explosions
// other than grenades (tear gas canisters, stun grenades) stay themselves,
// and so do agreements, bases and the other strategic developments.
func protestTakesOver(t *evident.Trigger) bool {
	switch t.EventType {
	case "Battles", "Violence against civilians", "Protests", "Riots":
		return true
	}
	return t.SubEventType == "Arrests" || t.SubEventType == "Grenade" || t.SubEventType == "Looting/property destruction"
}

// applyFrames rewrites v.triggers by the sentence's protest or mob frame.
// Participant triggers ("protesters") set the frame but are dropped when
// another trigger is the event.
func (b Build) applyFrames(v *sentenceView) {
	defer func() {
		if len(v.triggers) < 2 {
			return
		}
		kept := v.triggers[:0:0]
		for _, t := range v.triggers {
			if !t.Trigger.Participants {
				kept = append(kept, t)
			}
		}
		if len(kept) > 0 {
			v.triggers = kept
		}
	}()
	protest, mob := false, false
	for _, t := range v.triggers {
		switch t.Trigger.EventType {
		case "Protests":
			protest = true
		case "Riots":
			if t.Trigger.SubEventType == "Mob violence" {
				mob = true
			} else {
				protest = true
			}
		}
	}
	for _, a := range v.actors {
		// Rioters with a mob trigger ("an angry mob") are a mob.
		if a.Actor.Inter == evident.InterProtesters || a.Actor.Inter == evident.InterRioters && !mob {
			protest = true
		}
	}
	// "Security forces found a bomb": beside a seizure or defusal, an
	// explosive noun names what was disrupted, not an explosion.
	for _, t := range v.triggers {
		if t.Trigger.SubEventType != "Disrupted weapons use" {
			continue
		}
		for k, u := range v.triggers {
			if u.Trigger.EventType == "Explosions/Remote violence" && u.Trigger.Nominal {
				v.triggers[k] = b.reframed(u, "Disrupted weapons use", "disrupted frame: "+t.Text)
			}
		}
		break
	}
	// "Rebels entered Afrin after the YPG pulled out": territory taken
	// where the other side withdrew is a non-violent transfer.
	var transfer []classMatch
	looked := false // the words are looked up once, on the first territory trigger
	for k, t := range v.triggers {
		if sub := t.Trigger.SubEventType; sub != "Government regains territory" && sub != "Non-state actor overtakes territory" {
			continue
		}
		if !looked {
			transfer, looked = b.Lex.Context.Transfer.Find(v.lower), true
		}
		if ms := transfer; len(ms) > 0 {
			v.triggers[k] = b.reframed(t, "Non-violent transfer of territory", "transfer frame: "+joinWords(v.lower[ms[0].I:ms[0].J]))
		}
	}
	switch {
	case protest:
		sub, why := b.protestType(v)
		for k, t := range v.triggers {
			// Without force or violence words, only protest triggers are
			// read by the frame; "attack the protesters" keeps its own
			// reading by target.
			if sub == "Peaceful protest" && t.Trigger.EventType != "Protests" {
				continue
			}
			if protestTakesOver(t.Trigger) && t.Trigger.SubEventType != sub {
				v.triggers[k] = b.reframed(t, sub, why)
			}
		}
	case mob:
		for k, t := range v.triggers {
			if t.Trigger.EventType == "Battles" || t.Trigger.EventType == "Violence against civilians" {
				v.triggers[k] = b.reframed(t, "Mob violence", "mob frame")
			}
		}
	}
}

// protestType decides a protest sentence's sub-event type from its words
// (cues.yaml, protest): lethal force, then violence by protesters, then
// other force, then intervention, else peaceful.
func (b Build) protestType(v *sentenceView) (string, string) {
	found := map[string]string{}
	for _, m := range b.Lex.Context.Protest.Find(v.lower) {
		if _, ok := found[m.Class]; !ok {
			found[m.Class] = joinWords(v.lower[m.I:m.J])
		}
	}
	for _, c := range []struct{ class, sub string }{
		{"lethal", "Excessive force against protesters"},
		{"violent", "Violent demonstration"},
		{"force", "Excessive force against protesters"},
		{"intervention", "Protest with intervention"},
	} {
		if w, ok := found[c.class]; ok {
			return c.sub, "protest frame: " + c.class + " \"" + w + "\""
		}
	}
	return "Peaceful protest", "protest frame: no force or violence"
}

// targetNoun classifies the target of the trigger at tokens [ti, tj) by
// the nearest target noun (cues.yaml, targets): after the trigger, or
// before it for a passive or a noun trigger, within the clause. It
// returns "" when none is found.
func (b Build) targetNoun(v *sentenceView, ti, tj int, lookBack bool) (class string, i, j int) {
	ms := b.Lex.Context.Targets.Find(v.lower)
	for _, m := range ms {
		if m.I >= tj && m.I-tj <= 8 && !strongBreak(v, tj, m.I) {
			return m.Class, m.I, m.J
		}
	}
	if lookBack {
		for k := len(ms) - 1; k >= 0; k-- {
			m := ms[k]
			if m.J <= ti && ti-m.J <= 6 && !v.clauseBreak(m.J, ti) {
				return m.Class, m.I, m.J
			}
		}
	}
	return "", 0, 0
}

// notConflict returns the first not-conflict word of the sentence
// (cues.yaml, nonconflict) when no named armed actor, state or
// non-state, is in it; "" otherwise.
func (b Build) notConflict(v *sentenceView, sub string) string {
	for _, a := range v.actors {
		if !a.Actor.Generic && a.Actor.Inter >= evident.InterStateForces && a.Actor.Inter <= evident.InterIdentityMilit || a.Actor.Inter == evident.InterExternal && !a.Actor.Generic {
			return ""
		}
	}
	for _, m := range b.Lex.Context.NonConflict.Find(v.lower) {
		// Looting during a lockdown or after a flood is still looting.
		if m.Class == "disaster" && sub == "Looting/property destruction" {
			continue
		}
		return m.Class + " \"" + joinWords(v.lower[m.I:m.J]) + "\""
	}
	return ""
}

// actorClass is "state" for state forces (inter 1, 8), "nonstate" for
// rebels and militias (2-4), "" otherwise: the keys of by_actor1.
func actorClass(inter int) string {
	switch inter {
	case evident.InterStateForces, evident.InterExternal:
		return "state"
	case evident.InterRebels, evident.InterPoliticalMilit, evident.InterIdentityMilit:
		return "nonstate"
	}
	return ""
}
