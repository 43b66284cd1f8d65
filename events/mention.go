package events

import (
	"strings"

	"github.com/evident-org/evident"
)

// What the sentence level tells the document level about one event
// mention: whether it refines anything (generic), whether it points back
// at an event told elsewhere (anaphoric), which conflict participant is
// bound to its trigger, and why it cannot found an event of its own.

// genericGroup reports whether every trigger of the group names an
// attack or its outcome in general ("attacked", "killed").
func genericGroup(g []*evident.Mention) bool {
	for _, m := range g {
		if !m.Trigger.Lethal && !m.Trigger.Outcome {
			return false
		}
	}
	return true
}

// anaphoric reports whether the trigger at token ti refers to an event
// told elsewhere: a definite event noun ("the attack", "Friday's
// blast") or a pronoun subject right before it ("it killed").
func (b Build) anaphoric(v *sentenceView, ti int) bool {
	if definite(v, ti) {
		return true
	}
	return ti > 0 && b.Lex.Document.Anaphora[v.lower[ti-1]]
}

// participant names the conflict participant bound to the trigger: a
// perpetrator or target actor, a casualty or detention figure, a target
// noun ("a checkpoint"), a weapon the trigger names ("air strikes"), or
// the victims it implies ("human shields"); "" when there is none.
func participant(ev *evident.Event, a1, a2 *evident.Mention, targetNoun string, group []*evident.Mention) string {
	switch {
	case ev.EventType == "Protests" || ev.EventType == "Riots":
		// A demonstration names its own participants.
		return "demonstrators"
	case ev.EventType == "Strategic developments" && ev.SubEventType != "Change to group/activity":
		// Arrests, seizures, agreements, bases and looting name their
		// object with their trigger ("weapons seized", "arrested").
		return "strategic development: " + ev.SubEventType
	case a1 != nil:
		return "actor: " + a1.Actor.Name
	case a2 != nil:
		return "target: " + a2.Actor.Name
	case ev.Fatalities > 0 || ev.FatalitiesHigh > 0 || ev.Injured > 0 || hasField(ev.Fields, "detained"):
		return "casualties"
	case targetNoun != "":
		return "target noun: " + targetNoun
	}
	for _, m := range group {
		if m.Trigger.TargetsCivilians {
			return "victims: " + m.Text
		}
		if m.Trigger.Nominal && len(m.Trigger.Tags) > 0 && ev.EventType == "Explosions/Remote violence" {
			return "weapon: " + m.Text
		}
	}
	return ""
}

// notEvent says why the mention at trigger t cannot found an event: it
// stands inside a quotation, a reaction or investigation governs it, or
// no conflict participant is bound to it. "" when it can.
func (b Build) notEvent(a *evident.Analysis, v *sentenceView, t *evident.Mention, ti int, participant string) string {
	if inQuote(a.Doc.Text[v.sent.Start:t.Start]) {
		return "quote"
	}
	if w := b.reactionBefore(v, ti); w != "" {
		return "reaction: " + w
	}
	if participant == "" {
		return "no participant"
	}
	return ""
}

// inQuote reports whether a text that starts a sentence and ends at a
// trigger leaves a quotation open.
func inQuote(before string) bool {
	open := false
	for _, r := range before {
		switch r {
		case '"':
			open = !open
		case '“':
			open = true
		case '”':
			open = false
		}
	}
	return open
}

// reactionBefore returns the reaction word that governs the trigger at
// token ti ("condemned the attack"): one within the window before it, in
// its clause. "" when there is none.
func (b Build) reactionBefore(v *sentenceView, ti int) string {
	w := &b.Lex.Document
	for _, m := range w.Reaction.Find(v.lower[max(0, ti-w.ReactionWindow):ti]) {
		i := m.I + max(0, ti-w.ReactionWindow)
		j := m.J + max(0, ti-w.ReactionWindow)
		if !strongBreak(v, j, ti) && !commaBetween(v, j, ti) {
			return joinWords(v.lower[i:j])
		}
	}
	return ""
}

func commaBetween(v *sentenceView, i, j int) bool {
	for k := max(i, 0); k < j && k < len(v.lower); k++ {
		if v.lower[k] == "," {
			return true
		}
	}
	return false
}

// cumulativeAfter returns the cumulative-toll word within the window
// after a casualty figure at tokens [ni, nj), in its clause ("400 killed
// since March"), or "".
func (b Build) cumulativeAfter(v *sentenceView, nj int) string {
	w := &b.Lex.Document
	end := min(len(v.lower), nj+w.CumulativeWindow)
	for k := nj; k < end; k++ {
		if k > nj && (isPunct(v.lower[k]) && v.lower[k] != "," || v.lower[k] == "and") {
			end = k
			break
		}
	}
	if end <= nj {
		return ""
	}
	for _, m := range w.Cumulative.Find(v.lower[nj:end]) {
		return strings.Join(v.lower[nj+m.I:nj+m.J], " ")
	}
	return ""
}
