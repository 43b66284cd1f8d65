package events

import (
	"slices"
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
func (b Build) anaphoric(v *sentenceView, t *evident.Mention, ti int) bool {
	// "the attack", "its assault"; a verb after "its fighters had" is no
	// anaphor ("its fighters had repelled an attempt").
	if t.Trigger.Nominal && definite(v, ti) || !t.Trigger.Nominal && definiteNoun(v, ti) {
		return true
	}
	// "his two murdered colleagues", "the killed soldiers": a participle
	// used as an adjective names victims of an event told elsewhere.
	if tj := v.tokenAt(t.End); !t.Trigger.Nominal && strings.HasSuffix(v.lower[ti], "ed") && tj < len(v.lower) && ti > 0 &&
		(determiners[v.lower[ti-1]] || isNumber(v.lower[ti-1]) || capitalisedToken(v.sent.Tokens[ti-1].Text) && !capitalisedToken(v.sent.Tokens[ti].Text)) &&
		(personNouns[v.lower[tj]] || tj+1 < len(v.lower) && personNouns[v.lower[tj+1]]) {
		return true
	}
	return ti > 0 && b.Lex.Document.Anaphora[v.lower[ti-1]]
}

// participant names the conflict participant bound to the trigger: a
// perpetrator or target actor, a casualty or detention figure, a target
// noun ("a checkpoint"), a weapon the trigger names ("air strikes"), or
// the victims it implies ("human shields"); "" when there is none.
func participant(ev *evident.Event, a1, a2 *evident.Mention, targetNoun string, group []*evident.Mention, anchored bool) string {
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
	switch ev.SubEventType {
	case "Government regains territory", "Non-state actor overtakes territory":
		// Their triggers need a place or a territory word beside them.
		return "territory"
	}
	for _, m := range group {
		if m.Trigger.TargetsCivilians {
			return "victims: " + m.Text
		}
		// "Air strikes hit Manbij on Monday": an event noun that names a
		// weapon is its own participant when the sentence anchors it in
		// place or time ("forced out by the siege and bombardment" does
		// not).
		if anchored && len(m.Trigger.Tags) > 0 && (m.Trigger.Nominal && ev.EventType == "Explosions/Remote violence" || slices.Contains(m.Trigger.Tags, "firearm")) {
			return "weapon: " + m.Text
		}
	}
	return ""
}

// notEvent says why the mention at trigger t cannot found an event: it
// stands inside a quotation, a reaction or investigation governs it, or
// no conflict participant is bound to it. "" when it can.
func (b Build) notEvent(a *evident.Analysis, v *sentenceView, t *evident.Mention, ti int, participant string) string {
	if (quoteState(a.Doc.Text[v.sent.Start:t.Start], v.quoted) || closesQuote(a.Doc.Text[t.End:v.sent.End])) && !scareQuotes(a.Doc.Text, v.sent, t.Span) {
		return "quote"
	}
	if w := b.reactionBefore(v, ti); w != "" {
		return "reaction: " + w
	}
	if participant == "" {
		return "no participant"
	}
	if (t.Trigger.SubEventType == "Change to group/activity" || t.Trigger.SubEventType == "Disrupted weapons use") && !b.anchoredHere(a, v) {
		// "ISIS no longer has the sources ... for recruiting", "joined
		// forces with both to punish Iran": a strategic development is
		// reported with its place or its day.
		return "strategic development with no place or date of its own"
	}
	if t.Trigger.SubEventType == "Agreement" && allNominal(v, t) && !agreementVerbBefore(v, ti) {
		// "maintaining the ceasefire", "voted for a ceasefire": an
		// agreement is reported by a verb ("signed", "agreed").
		return "agreement named, not reported"
	}
	if w := b.intention(v, t, ti); w != "" {
		return w
	}
	if t.Trigger.Nominal {
		// "US airstrikes would be more effective": a modal after an event
		// noun talks of events that may come, not of one that happened.
		for k := v.tokenAt(t.End); k < len(v.lower) && k < v.tokenAt(t.End)+3; k++ {
			if modals[v.lower[k]] {
				return "hypothetical: " + v.lower[k]
			}
			if isPunct(v.lower[k]) {
				break
			}
		}
	}
	if ti > 0 && v.lower[ti] == "protest" && v.lower[ti-1] == "in" {
		// "resigned in protest": a motive, not a demonstration.
		return "idiom: in protest"
	}
	return ""
}

// closesQuote reports whether the rest of a sentence after a trigger
// closes a quotation it never opened and names its speaker: `fierce
// bombardment of civilians,” said Deghayes.`
func closesQuote(rest string) bool {
	i := strings.IndexAny(rest, "”\"")
	if i < 0 || strings.ContainsAny(rest[:i], "“") {
		return false
	}
	if strings.Count(rest, "\"") >= 2 && !strings.Contains(rest, "”") {
		return false // a quotation that opens and closes after the trigger
	}
	after := strings.ToLower(rest[i:])
	for _, w := range []string{" said", " says", " told", " added", " according to"} {
		if strings.Contains(after, w) {
			return true
		}
	}
	return false
}

// quoteState returns whether a quotation is open after text, given
// whether one was open before it. A line break ends a paragraph and any
// quotation left open in it.
func quoteState(text string, open bool) bool {
	for _, r := range text {
		switch r {
		case '"':
			open = !open
		case '“':
			open = true
		case '”', '\n':
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
	// "The Philippines expressed deepest sympathy to the families of the
	// dead in the Russian school siege, in which 322 people were killed":
	// an event in a relative clause of a reaction is the reaction's topic.
	for k := ti - 1; k > 0; k-- {
		if v.lower[k] == "which" || v.lower[k] == "whom" {
			for _, m := range w.Reaction.Find(v.lower[:k]) {
				return joinWords(v.lower[m.I:m.J])
			}
			break
		}
	}
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

// isDateline reports whether a date mention is the report's own date: the
// publication date's span, or a date that opens the text ("Sun 16 Apr
// 2017 Death toll ..."), which wire copy and feeds put before the story.
func isDateline(a *evident.Analysis, dm *evident.Mention) bool {
	if ps := a.Doc.PublishedSpan; ps != nil && ps.Start < dm.End && dm.Start < ps.End {
		return true
	}
	lead := len(a.Doc.Text) - len(strings.TrimLeft(a.Doc.Text, " \t\r\n"))
	return dm.Start <= lead+4 && dm.Sentence == 0 && dm.Date != nil && !dm.Date.Relative
}

// violentTrigger reports whether the sentence has a trigger of a violent
// event type.
func violentTrigger(v *sentenceView) bool {
	for _, t := range v.triggers {
		if t.Trigger != nil && (strings.HasPrefix(t.Trigger.EventType, "Battles") || t.Trigger.EventType == "Explosions/Remote violence" || t.Trigger.EventType == "Violence against civilians") {
			return true
		}
	}
	return false
}

// allNominal reports whether every Agreement trigger of the sentence is
// a noun.
func allNominal(v *sentenceView, t *evident.Mention) bool {
	for _, m := range v.triggers {
		if m.Trigger != nil && m.Trigger.SubEventType == t.Trigger.SubEventType && !m.Trigger.Nominal {
			return false
		}
	}
	return true
}

// sentenceParticipant finds a conflict participant that the role
// heuristics did not bind to the trigger but that its sentence names: an
// actor outside the attribution source ("Mai Mai rebels have taken
// over") or a casualty figure. "" when the sentence names none.
func (b Build) sentenceParticipant(v *sentenceView, source evident.Span) string {
	for _, m := range v.actors {
		if source.Len() > 0 && source.Overlaps(m.Span) || m.Actor.Inter == evident.InterCivilians || m.Actor.Inter == evident.InterNone {
			continue
		}
		return "actor in the sentence: " + m.Actor.Name
	}
	if hasCasualtyNumber(v) {
		return "casualties in the sentence"
	}
	return ""
}

// aspectual verbs before "to" report the event itself: "continued to
// pound", "began to shell".
var aspectual = setOf("continued", "continue", "continues", "began", "begun", "started", "went", "kept", "managed", "tried")

// intention says why a verb trigger tells an aim or a state rather than
// an event: an infinitive ("an offensive to retake Aleppo", "begins to
// retake"), a territory participle after its noun with no date in the
// sentence ("areas retaken by Damascus"), or a territory verb in the
// passive present perfect with no date ("have been slowly recaptured").
// "" otherwise.
func (b Build) intention(v *sentenceView, t *evident.Mention, ti int) string {
	if t.Trigger.Nominal || ti == 0 {
		return ""
	}
	if v.lower[ti-1] == "to" && (ti < 2 || !aspectual[v.lower[ti-2]]) {
		return "intention: to " + v.lower[ti]
	}
	territory := t.Trigger.SubEventType == "Government regains territory" || t.Trigger.SubEventType == "Non-state actor overtakes territory" ||
		t.Trigger.SubEventType == "Non-violent transfer of territory"
	if territory {
		// "hostages seized in Iraq", "captured soldiers": people taken are
		// no territory.
		tj := v.tokenAt(t.End)
		for k := tj; k < min(len(v.lower), tj+3); k++ {
			if takenPeople[v.lower[k]] {
				return "people taken, not territory: " + v.lower[k]
			}
			if goodsWords[v.lower[k]] {
				return "goods handed, not territory: " + v.lower[k]
			}
			if timeWords[v.lower[k]] {
				// "the air blitz entered a second week".
				return "a period entered, not territory: " + v.lower[k]
			}
		}
		for k := max(0, ti-2); k < ti; k++ {
			if hostageWords[v.lower[k]] {
				return "people taken, not territory: " + v.lower[k]
			}
		}
	}
	// "buses carrying Syrians evacuated from two towns": a participle
	// after the people it describes.
	if k := ti - 1; territory && k >= 0 && movedPeople[v.lower[ti]] && (takenPeople[v.lower[k]] || capitalisedToken(v.sent.Tokens[k].Text) && strings.HasSuffix(v.lower[k], "ns")) {
		return "description: " + v.lower[k] + " " + v.lower[ti]
	}
	// "forces fighting to defeat Islamic State": a participle after an
	// armed noun describes what a side does, unless the sentence dates it
	// or counts its dead ("25 rebels fighting alongside Turkish forces").
	if t.Trigger.EventType == "Battles" && !territory && len(v.dates) == 0 && strings.HasSuffix(v.lower[ti], "ing") && ti > 0 &&
		(armedNouns[v.lower[ti-1]] || capitalisedToken(v.sent.Tokens[ti-1].Text) && strings.HasSuffix(v.lower[ti-1], "s")) && !hasCasualtyNumber(v) {
		return "description: " + v.lower[ti-1] + " " + v.lower[ti]
	}
	if !territory || len(v.dates) > 0 {
		return ""
	}
	if k := ti - 1; strings.HasSuffix(v.lower[ti], "ed") || strings.HasSuffix(v.lower[ti], "en") || v.lower[ti] == "held" {
		if k >= 0 && territoryNouns[v.lower[k]] {
			return "state: " + v.lower[k] + " " + v.lower[ti]
		}
	}
	// "the western neighborhoods it has captured": a relative clause in
	// the perfect describes what a side holds.
	if ti >= 3 && perfectAux[v.lower[ti-1]] && (relPronouns[v.lower[ti-2]]) && territoryNouns[v.lower[ti-3]] {
		return "state: " + v.lower[ti-3] + " " + v.lower[ti-2] + " " + v.lower[ti-1] + " " + v.lower[ti]
	}
	// "have captured wide areas from IS across northern Syria": a
	// perfect with no date and no named place sums up a campaign
	// ("forces have seized the town of Tabqa" reports one).
	if ti >= 1 && perfectAux[v.lower[ti-1]] && !b.namedPlaceAfter(v, ti) {
		return "summary: perfect without a date or a named place"
	}
	// "Rebel-held areas have been slowly recaptured": a passive perfect
	// with no date sums up a campaign ("forces have seized the town"
	// reports one).
	for k := ti - 1; k >= 1 && k >= ti-3; k-- {
		if v.lower[k] == "been" && perfectAux[v.lower[k-1]] {
			return "summary: passive perfect without a date"
		}
		if isPunct(v.lower[k]) {
			break
		}
	}
	return ""
}

// dropIntentions removes from a sentence's triggers those that tell an
// aim or a state (intention) when another trigger of the same event type
// remains: "fighters besieging the territory occupied by IS said they had
// pushed further after clashes" reports the clashes.
func (b Build) dropIntentions(v *sentenceView) {
	keep := v.triggers[:0:0]
	var dropped []*evident.Mention
	for _, t := range v.triggers {
		if t.Trigger != nil && b.intention(v, t, v.tokenAt(t.Start)) != "" {
			dropped = append(dropped, t)
			continue
		}
		keep = append(keep, t)
	}
	for _, d := range dropped {
		if !slices.ContainsFunc(keep, func(k *evident.Mention) bool { return k.Trigger.EventType == d.Trigger.EventType }) {
			keep = append(keep, d)
		}
	}
	slices.SortStableFunc(keep, func(x, y *evident.Mention) int { return x.Start - y.Start })
	v.triggers = keep
}

// takenPeople are nouns whose seizure is an abduction or an arrest, not
// a territorial gain.
var takenPeople = setOf("hostage", "hostages", "captive", "captives", "prisoner", "prisoners", "soldier", "soldiers", "people",
	"civilians", "workers", "journalist", "journalists", "tourists", "fighters", "militants", "suspects", "him", "her", "them")

// hostageWords, before a territory verb, are what it took: "10 hostages
// seized in Iraq".
var hostageWords = setOf("hostage", "hostages", "captive", "captives", "prisoners")

// agreementVerbs report that an agreement was made: "announced a
// ceasefire", "brokered a truce".
var agreementVerbs = setOf("announced", "declared", "agreed", "signed", "reached", "brokered", "struck", "concluded", "sealed", "accepted")

// agreementVerbBefore reports whether an agreement verb stands within
// six tokens before token ti, in its clause.
func agreementVerbBefore(v *sentenceView, ti int) bool {
	for k := ti - 1; k >= 0 && k >= ti-6; k-- {
		if agreementVerbs[v.lower[k]] {
			return true
		}
		if isPunct(v.lower[k]) && v.lower[k] != "," {
			return false
		}
	}
	return false
}

// modals after an event noun make it hypothetical or future.
var modals = setOf("would", "could", "might", "should", "will", "can", "must")

// anchoredHere reports whether the sentence names a place as where
// something happened or a day: a resolved place a locative word governs,
// or a date that is not the dateline. In a document that names no place
// at all (a wire snippet) every sentence counts as anchored.
func (b Build) anchoredHere(a *evident.Analysis, v *sentenceView) bool {
	if !docHasPlace(a) {
		return true // nothing in the document could anchor it
	}
	for _, dm := range v.dates {
		if dm.Date != nil && !dm.Date.Time.IsZero() && !dm.Date.Historical && !isDateline(a, dm) {
			return true
		}
	}
	for _, m := range v.places {
		if m.Place != nil && m.Place.Resolved() && (m.Place.Relative != "" || b.Lex.Location.governs(v, v.tokenAt(m.Start)) == govLocative) {
			return true
		}
	}
	return false
}

// docHasPlace reports whether the document names a resolved place.
func docHasPlace(a *evident.Analysis) bool {
	for k := range a.Mentions {
		if m := &a.Mentions[k]; m.Kind == evident.KindPlace && m.Place != nil && m.Place.Resolved() {
			return true
		}
	}
	return false
}

// goodsWords, as the object of a territory verb, are things handed over
// or taken, not territory: "handed over medical supplies".
var goodsWords = setOf("supplies", "aid", "food", "medicine", "medicines", "documents", "evidence", "letter", "letters", "money",
	"funds", "cash", "equipment", "power", "bodies", "remains", "list", "report")

// territoryNouns name ground a side holds: "areas retaken", "the
// neighborhoods it has captured".
var territoryNouns = setOf("areas", "territory", "territories", "towns", "villages", "land", "lands", "regions", "parts",
	"neighborhoods", "neighbourhoods", "districts", "positions", "ground", "cities")

// relPronouns open a relative clause after a territory noun.
var relPronouns = setOf("it", "they", "that", "which", "he", "she", "we", "forces", "rebels", "troops")

// movedPeople are participles that describe people moved ("Syrians
// evacuated from two towns"), not territory changing hands.
var movedPeople = setOf("evacuated", "displaced", "relocated", "transferred", "bussed", "expelled", "deported")

// timeWords, as the object of "entered", are a period, not ground.
var timeWords = setOf("week", "weeks", "day", "days", "month", "months", "year", "years", "phase", "stage", "round", "decade", "hour", "hours")

// armedNouns name the sides of a war; a participle after one describes it.
var armedNouns = setOf("forces", "force", "fighters", "groups", "militias", "rebels", "troops", "factions", "militants", "units", "coalition", "allies")

// separateIncident reports whether the sentence opens with a marker of
// another incident ("Separately, gunmen killed two soldiers").
func (b Build) separateIncident(v *sentenceView) bool {
	for _, m := range b.Lex.Document.Separate.Find(v.lower[:min(len(v.lower), 6)]) {
		if m.I <= 3 {
			return true
		}
	}
	return false
}

// anotherPlaceOrVictims reports whether the sentence tells more victims
// ("four more people", "six others") or another place ("the nearby town
// of", "a neighbouring village", "a second wave of strikes").
func anotherPlaceOrVictims(v *sentenceView) bool {
	for k, w := range v.lower {
		switch w {
		case "more", "others", "other", "further":
			if k > 0 && (isNumber(v.lower[k-1]) || numberWord[v.lower[k-1]]) {
				return true
			}
		case "nearby", "neighbouring", "neighboring", "another", "second", "separate":
			if k+1 < len(v.lower) && (placeNouns[v.lower[k+1]] || v.lower[k+1] == "wave") {
				return true
			}
		}
	}
	return false
}

var numberWord = setOf("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen", "dozens", "several", "many")

var placeNouns = setOf("town", "village", "city", "district", "neighbourhood", "neighborhood", "area", "province", "camp", "market")

// definiteNoun reports whether a non-nominal trigger form used as a noun
// is definite: "the attack", "this bombing" (a determiner right before
// it, not a possessive pronoun followed by a subject).
func definiteNoun(v *sentenceView, ti int) bool {
	if ti == 0 {
		return false
	}
	switch v.lower[ti-1] {
	case "the", "this", "that", "these", "those":
		return true
	}
	return definite(v, ti) && ti > 0 && (strings.HasSuffix(v.lower[ti-1], "'s") || strings.HasSuffix(v.lower[ti-1], "’s") || v.lower[ti-1] == "its" || v.lower[ti-1] == "their")
}

// personNouns name people a participle may describe ("murdered
// colleagues", "kidnapped American workers").
var personNouns = setOf("colleague", "colleagues", "soldier", "soldiers", "civilians", "civilian", "workers", "worker", "journalist",
	"journalists", "hostage", "hostages", "man", "men", "woman", "women", "children", "child", "people", "victims", "officers", "policemen")

// scareQuotes reports whether the quotation marks around a trigger
// enclose only a few words ("released \"toxic gas\" on the town"): a
// term quoted, not a speaker's words.
func scareQuotes(text string, sent evident.Sentence, t evident.Span) bool {
	open := strings.LastIndexAny(text[sent.Start:t.Start], "\"“")
	if open < 0 {
		return false
	}
	open += sent.Start
	rest := text[t.End:sent.End]
	closeAt := strings.IndexAny(rest, "\"”")
	if closeAt < 0 {
		return false
	}
	inner := text[open+1 : t.End+closeAt]
	return len(strings.Fields(inner)) <= 4
}

// namedPlaceAfter reports whether a resolved town or region follows the
// trigger at token ti in its clause ("have seized the town of Tabqa").
func (b Build) namedPlaceAfter(v *sentenceView, ti int) bool {
	for _, m := range v.places {
		k := v.tokenAt(m.Start)
		if m.Place == nil || !m.Place.Resolved() || m.Place.IsCountry() || m.Place.Demonym || k <= ti || k > ti+8 {
			continue
		}
		if !strongBreak(v, ti, k) {
			return true
		}
	}
	return false
}
