package events

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/evident-org/evident"
)

// Build turns the mentions of each sentence into events: a trigger gives
// the type, actor mentions give actor1 (perpetrator) and actor2 (target),
// the nearest place gives the location, date mentions the date, numbers
// next to "killed"/"wounded" the casualties, and discourse cues the
// modality, attribution and background flag. Mentions of the same event in
// one document are merged (see Event.Key), their evidence concatenated.
type Build struct {
	Lex *Lexicon
	// Countries returns a country's name and ISO 3166-1 numeric code for an
	// alpha-2 code; nil leaves them empty.
	Countries func(cc string) (name string, iso int)
	// Localise names a generic actor ("Civilians") for a country
	// ("Civilians (Iraq)"); nil uses "Name (Country)".
	Localise func(a evident.Actor, countryName string) evident.Actor
	// Inter returns the inter code an actor takes in an event in a country
	// (ACLED codes state forces abroad as external, 8); nil keeps a.Inter.
	Inter func(a evident.Actor, eventCountry string) int
}

// Name implements evident.Stage.
func (Build) Name() string { return "build" }

// sentenceView caches what Build needs to know about one sentence.
type sentenceView struct {
	text     string // the document's text
	quoted   bool   // a quotation is open where the sentence starts (its paragraph's quotes)
	idx      int
	sent     evident.Sentence
	lower    []string
	triggers []*evident.Mention
	cues     []*evident.Mention
	actors   []*evident.Mention
	places   []*evident.Mention
	numbers  []*evident.Mention
	dates    []*evident.Mention
}

// tokenAt returns the index of the token that starts at or after off.
func (v *sentenceView) tokenAt(off int) int {
	i, _ := slices.BinarySearchFunc(v.sent.Tokens, off, func(t evident.Token, off int) int { return t.Start - off })
	return i
}

// clauseBreak reports whether a clause boundary lies between token i and j.
func (v *sentenceView) clauseBreak(i, j int) bool {
	for k := i; k < j && k < len(v.lower); k++ {
		switch v.lower[k] {
		case ";", ":", "—", "–", ",", "(", ")":
			return true
		}
	}
	return false
}

// Process implements evident.Stage.
func (b Build) Process(_ context.Context, a *evident.Analysis) error {
	views := make([]sentenceView, len(a.Sentences))
	for i, s := range a.Sentences {
		views[i] = sentenceView{text: a.Doc.Text, idx: i, sent: s}
	}
	// Quotation state at each sentence start, one pass over the text: a
	// quotation may open sentences before the one that tells an event.
	open, pos := false, 0
	for i := range views {
		open = quoteState(a.Doc.Text[pos:views[i].sent.Start], open)
		views[i].quoted, pos = open, views[i].sent.Start
	}
	for k := range a.Mentions {
		m := &a.Mentions[k]
		if m.Sentence < 0 || m.Sentence >= len(views) {
			continue
		}
		v := &views[m.Sentence]
		switch m.Kind {
		case evident.KindTrigger:
			v.triggers = append(v.triggers, m)
		case evident.KindCue:
			v.cues = append(v.cues, m)
		case evident.KindActor:
			v.actors = append(v.actors, m)
		case evident.KindPlace:
			v.places = append(v.places, m)
		case evident.KindNumber:
			v.numbers = append(v.numbers, m)
		case evident.KindDate:
			v.dates = append(v.dates, m)
		}
	}
	focus := documentFocus(a)
	a.EventMentions = a.EventMentions[:0]
	for i := range views {
		v := &views[i]
		if len(v.triggers) == 0 {
			if len(v.numbers) > 0 {
				v.lower = lowerTokens(v.sent.Tokens)
				if em, ok := b.tollUpdate(a, v); ok {
					a.EventMentions = append(a.EventMentions, em)
				}
			}
			continue
		}
		v.lower = lowerTokens(v.sent.Tokens)
		b.applyFrames(v)
		b.dropIntentions(v)
		for _, byType := range groupByEventType(v.triggers) {
			em := b.event(a, views, v, byType, focus)
			more := b.coordinated(v, em, &em.PlaceFrom)
			a.EventMentions = append(a.EventMentions, em)
			a.EventMentions = append(a.EventMentions, more...)
		}
	}
	return nil
}

// groupByEventType keeps one trigger group per event type in a sentence:
// "rockets and mortars ... explosions" is one event, not three.
func groupByEventType(ts []*evident.Mention) [][]*evident.Mention {
	var out [][]*evident.Mention
	idx := map[string]int{}
	for _, t := range ts {
		k := t.Trigger.EventType
		if j, ok := idx[k]; ok {
			out[j] = append(out[j], t)
			continue
		}
		idx[k] = len(out)
		out = append(out, []*evident.Mention{t})
	}
	// "A car bomb killed 12": a death verb or a general attack word beside
	// another trigger tells the outcome of that event, not a second event.
	if len(out) > 1 {
		var keep [][]*evident.Mention
		var lethal []*evident.Mention
		for _, g := range out {
			if allOutcome(g) {
				lethal = append(lethal, g...)
			} else {
				keep = append(keep, g)
			}
		}
		if len(keep) > 0 {
			keep[0] = append(keep[0], lethal...)
			out = keep
		}
	}
	for _, g := range out {
		// The most confident specific trigger leads the group: "bomb
		// attack" leads "attack" and "kills".
		slices.SortStableFunc(g, func(x, y *evident.Mention) int {
			xo, yo := x.Trigger.Outcome || x.Trigger.Lethal, y.Trigger.Outcome || y.Trigger.Lethal
			switch {
			case !xo && yo:
				return -1
			case xo && !yo:
				return 1
			case x.Trigger.SubEventType == "Chemical weapon" && y.Trigger.SubEventType != "Chemical weapon":
				// "killed in an airstrike with toxic gas": the weapon
				// decides the sub-event type, not its carrier.
				return -1
			case y.Trigger.SubEventType == "Chemical weapon" && x.Trigger.SubEventType != "Chemical weapon":
				return 1
			case x.Confidence > y.Confidence:
				return -1
			case x.Confidence < y.Confidence:
				return 1
			}
			return 0
		})
	}
	return out
}

func allOutcome(g []*evident.Mention) bool {
	for _, m := range g {
		if !m.Trigger.Lethal && !m.Trigger.Outcome {
			return false
		}
	}
	return true
}

func (b Build) event(a *evident.Analysis, views []sentenceView, v *sentenceView, group []*evident.Mention, focus focusInfo) evident.EventMention {
	t := group[0]
	ti := v.tokenAt(t.Start)
	tj := v.tokenAt(t.End)
	text := a.Doc.Text
	ev := evident.Event{
		DocID:            a.Doc.ID,
		SubEventType:     t.Trigger.SubEventType,
		ExtractorVersion: a.Version,
		Source:           a.Doc.Outlet,
		Tags:             append([]string(nil), t.Trigger.Tags...),
		Evidence:         []evident.Evidence{{Start: v.sent.Start, End: v.sent.End, Text: text[v.sent.Start:v.sent.End]}},
	}
	field := func(name, value string, m *evident.Mention) {
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: name, Value: value, Start: m.Start, End: m.End, Rule: m.Rule, Confidence: m.Confidence})
	}
	field("sub_event_type", t.Trigger.SubEventType, t)
	for _, o := range group[1:] {
		field("sub_event_type", o.Trigger.SubEventType, o)
		for _, tag := range o.Trigger.Tags {
			if !slices.Contains(ev.Tags, tag) {
				ev.Tags = append(ev.Tags, tag)
			}
		}
	}

	// Discourse: modality, attribution, background.
	disc := b.discourse(a, v, t, ti, tj)
	ev.Modality, ev.Attribution, ev.Background = disc.modality, disc.attribution, disc.background
	if disc.modalityCue != nil {
		field("modality", disc.modality, disc.modalityCue)
	}
	if disc.backgroundCue != nil {
		field("background", disc.backgroundReason, disc.backgroundCue)
	}
	// A trigger read in its everyday sense (events.Sense) is no event.
	if why := demotedGroup(group); why != "" && !ev.Background {
		ev.Background = true
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "background", Value: "not conflict: " + why, Start: t.Start, End: t.End, Rule: "sense: " + t.Rule, Confidence: t.Confidence})
	}

	// Actors.
	a1, a2 := pickActors(v, ti, tj, t.Trigger.TargetsCivilians, disc.sourceSpan)
	if disc.modality == evident.ModalityClaimed && disc.sourceSpan.Len() > 0 {
		// "IS claimed responsibility for the attack": the claimant is the
		// perpetrator it claims to be.
		for _, m := range v.actors {
			if disc.sourceSpan.Overlaps(m.Span) && m.Actor.Inter != evident.InterCivilians && m.Actor.Inter != evident.InterNone {
				if a2 == m {
					a2 = nil
				}
				a1 = m
				break
			}
		}
	}
	if a1 != nil && a1.Actor.Generic && disc.sourceSpan.Len() > 0 {
		// "Hayat Tahrir al-Sham said its fighters had repelled an
		// attempt": "its fighters" are the speaker's.
		if k := v.tokenAt(a1.Start) - 1; k >= 0 && (v.lower[k] == "its" || v.lower[k] == "their" || v.lower[k] == "our") {
			for _, m := range v.actors {
				if disc.sourceSpan.Overlaps(m.Span) && !m.Actor.Generic && m.Actor.Inter >= evident.InterStateForces && m.Actor.Inter <= evident.InterIdentityMilit {
					a1 = m
					break
				}
			}
		}
	}
	if t.Trigger.Nominal {
		// "airstrikes by the US-led coalition": an event noun's agent.
		if by := nounAgent(v, tj, disc.sourceSpan); by != nil {
			if a2 == by {
				a2 = nil
			}
			if a1 != nil && a2 == nil && a1.Actor.Inter != by.Actor.Inter {
				a2 = a1
			}
			a1 = by
		}
	}
	if t.Trigger.TargetsCivilians && a2 == nil {
		ev.CivilianTargeting = true
	}

	// Location.
	place, pm, precisionFromContext := b.location(views, v, ti, tj, focus)
	countryName := ""
	placeFrom := ""
	if place != nil {
		switch {
		case precisionFromContext:
			placeFrom = "context"
		case place.Relative != "" || b.Lex.Location.governs(v, v.tokenAt(pm.Start)) == govLocative || b.objectOf(v, tj, pm):
			placeFrom = "sentence"
		default:
			// Named in the sentence but not as where something happened
			// ("Pro-Damascus media", "the Britain-based Observatory").
			placeFrom = "ungoverned"
		}
		ev.Location = b.placeLocation(place)
		countryName = ev.Country
		rule := "nearest place in sentence"
		if precisionFromContext {
			rule = "place from context: " + pm.Rule
		} else {
			rule += ": " + pm.Rule
		}
		conf := pm.Confidence
		if precisionFromContext {
			conf *= 0.7 // not stated in the event's own sentence
		}
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "location", Value: place.Name, Start: pm.Start, End: pm.End, Rule: rule, Confidence: conf})
	}

	localise := func(m *evident.Mention) evident.Actor {
		act := *m.Actor
		if act.Generic && act.CountryCode == "" && countryName != "" {
			if b.Localise != nil {
				act = b.Localise(act, countryName)
			} else if !strings.Contains(act.Name, "(") {
				act.Name = act.Name + " (" + countryName + ")"
			}
		}
		return act
	}
	inter := func(act evident.Actor) int {
		if b.Inter != nil {
			return b.Inter(act, ev.CountryCode)
		}
		return act.Inter
	}
	if a1 != nil {
		act := localise(a1)
		ev.Actor1, ev.Inter1 = act.Name, inter(act)
		field("actor1", act.Name, a1)
	}
	if a2 != nil {
		act := localise(a2)
		ev.Actor2, ev.Inter2 = act.Name, inter(act)
		field("actor2", act.Name, a2)
		switch target := targetClass(act.Inter); {
		case target == "civilians":
			ev.CivilianTargeting = true
			fallthrough
		default:
			if sub, ok := t.Trigger.ByTarget[target]; ok {
				ev.SubEventType = sub
			}
		}
	}
	if a1 != nil {
		if sub, ok := t.Trigger.ByActor1[actorClass(a1.Actor.Inter)]; ok && sub != ev.SubEventType {
			ev.SubEventType = sub
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "sub_event_type", Value: sub, Start: a1.Start, End: a1.End,
				Rule: "by perpetrator: " + actorClass(a1.Actor.Inter), Confidence: t.Confidence})
		}
	}
	targetNoun := ""
	if a2 == nil && len(t.Trigger.ByTarget) > 0 {
		if class, i, j := b.targetNoun(v, ti, tj, isPassive(v, ti) || t.Trigger.Lethal); class != "" {
			targetNoun = class
			if class == "civilians" {
				ev.CivilianTargeting = true
			}
			if sub, ok := t.Trigger.ByTarget[class]; ok {
				ev.SubEventType = sub
				sp := evident.Span{Start: v.sent.Tokens[i].Start, End: v.sent.Tokens[j-1].End}
				ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "sub_event_type", Value: sub, Start: sp.Start, End: sp.End,
					Rule: "by target noun: " + class, Confidence: t.Confidence * 0.9})
			}
		}
	}
	if !ev.Background && t.Trigger.EventType != "Protests" && t.Trigger.EventType != "Riots" {
		if why := b.notConflict(v, ev.SubEventType); why != "" {
			ev.Background = true
			field("background", "not conflict: "+why, t)
		}
	}
	ev.Interaction = evident.InteractionCode(ev.Inter1, ev.Inter2)
	info := b.Lex.Taxonomy[ev.SubEventType]
	ev.EventType, ev.DisorderType = info.EventType, info.DisorderType

	// Date.
	dateFrom := b.date(a, views, v, t, &ev, field)

	// Casualties. Figures carry their attribution, so conflicting tolls
	// from different sources stay side by side after merging.
	nf := len(ev.Fields)
	// "had carted away 100 bodies from the site of Saturday's blast ...
	// in an evacuation deal": the figures of a sentence that tells a
	// violent event belong to it, not to a strategic development beside.
	if ev.EventType != "Strategic developments" || !violentTrigger(v) {
		b.casualties(v, &ev, field)
	}
	if ev.Attribution != "" {
		for k := nf; k < len(ev.Fields); k++ {
			ev.Fields[k].Rule += " (according to " + ev.Attribution + ")"
		}
	}
	if hasField(ev.Fields, "cumulative_toll") && ev.Fatalities == 0 && ev.FatalitiesHigh == 0 && !ev.Background {
		// "The conflict has killed more than 500,000 people": a mention
		// whose only figure is a cumulative toll sums up a war.
		ev.Background = true
		for _, f := range ev.Fields {
			if f.Field == "cumulative_toll" {
				ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "background", Value: "aggregate: a cumulative toll", Start: f.Start, End: f.End, Rule: f.Rule, Confidence: 0.7})
				break
			}
		}
	}
	if ev.Fatalities == 0 && ev.FatalitiesHigh == 0 && !ev.Background {
		for _, g := range group {
			if g.Trigger.Lethal {
				if n := singularCount(v, v.tokenAt(g.Start), v.tokenAt(g.End)); n > 0 {
					ev.Fatalities, ev.FatalitiesLow, ev.FatalitiesHigh = n, n, n
					field("fatalities", "1", g)
					ev.Fields[len(ev.Fields)-1].Rule = "singular victim: " + g.Rule
					break
				}
			}
		}
		if ev.Fatalities == 0 && violentTrigger(v) {
			// "A man died and five people were hurt in a bomb attack".
			if sp, ok := singularDied(v); ok {
				ev.Fatalities, ev.FatalitiesLow, ev.FatalitiesHigh = 1, 1, 1
				ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "fatalities", Value: "1", Start: sp.Start, End: sp.End, Rule: "singular victim: died", Confidence: 0.7})
			}
		}
	}
	if ev.SubEventType == "Arrests" && !hasField(ev.Fields, "detained") {
		if n := singularCount(v, ti, tj); n > 0 {
			field("detained", "1", t)
			ev.Fields[len(ev.Fields)-1].Rule = "singular detainee: " + t.Rule
		}
	}
	em := evident.EventMention{
		Event:     ev,
		Sentence:  v.idx,
		Trigger:   t.Span,
		Generic:   genericGroup(group),
		Anaphoric: b.anaphoric(v, t, ti),
		PlaceFrom: placeFrom,
		DateFrom:  dateFrom,
	}
	em.Participant = participant(&ev, a1, a2, targetNoun, group, placeFrom == "sentence" || dateFrom == "sentence")
	if em.Participant == "" {
		em.Participant = b.sentenceParticipant(v, disc.sourceSpan)
	}
	em.NotEvent = b.notEvent(a, v, t, ti, em.Participant)
	em.Separate = b.separateIncident(v)
	em.Another = anotherPlaceOrVictims(v)
	return em
}

func isNumber(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' && r != ',' {
			return false
		}
	}
	return s != ""
}

func capitalisedToken(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

func isPunct(s string) bool {
	switch s {
	case ",", ";", ":", ".", "!", "?", "\"", "“", "”", "(", ")", "—", "–":
		return true
	}
	return false
}
