package events

import (
	"context"
	"fmt"
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
	place, pm, precisionFromContext := b.location(views, v, ti, focus)
	countryName := ""
	placeFrom := ""
	if place != nil {
		switch {
		case precisionFromContext:
			placeFrom = "context"
		case place.Relative != "" || b.Lex.Location.governs(v, v.tokenAt(pm.Start)) == govLocative:
			placeFrom = "sentence"
		default:
			// Named in the sentence but not as where something happened
			// ("Pro-Damascus media", "the Britain-based Observatory").
			placeFrom = "ungoverned"
		}
		ev.Location = evident.Location{
			CountryCode: place.CountryCode, Country: place.Country,
			Admin1: place.Admin1, Admin2: place.Admin2,
			Location: place.Name, Latitude: place.Lat, Longitude: place.Lon,
			GeonameID: place.GeonameID, GeoPrecision: geoPrecision(place),
		}
		if b.Countries != nil && place.CountryCode != "" {
			name, iso := b.Countries(place.CountryCode)
			ev.ISO = iso
			if ev.Country == "" {
				ev.Country = name
			}
		}
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
		Anaphoric: b.anaphoric(v, ti),
		PlaceFrom: placeFrom,
		DateFrom:  dateFrom,
	}
	em.Participant = participant(&ev, a1, a2, targetNoun, group, placeFrom == "sentence" || dateFrom == "sentence")
	if em.Participant == "" {
		em.Participant = b.sentenceParticipant(v, disc.sourceSpan)
	}
	em.NotEvent = b.notEvent(a, v, t, ti, em.Participant)
	return em
}

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

// geoPrecision is ACLED's geo_precision: 1 the town itself; 2 near a
// town ("south of Mosul", "west Mosul") or a part of a region (a
// district, ADM2); 3 only a region or the country is known.
func geoPrecision(p *evident.Place) int {
	switch {
	case p.IsCountry() || p.FeatureCode == "ADM1" || p.FeatureClass == "L" || p.FeatureClass == "H":
		return 3
	case p.IsRegion() || p.Relative != "":
		return 2
	}
	return 1
}

type governor int

const (
	govNone governor = iota
	govLocative
	govOrigin
)

// governs looks back from token i over skip words and capitalised words
// to the word that governs the place there.
func (w *LocationWords) governs(v *sentenceView, i int) governor {
	for k, steps := i-1, 0; k >= 0 && steps < 8; k, steps = k-1, steps+1 {
		low := strings.ToLower(v.sent.Tokens[k].Text)
		switch {
		case w.locative[low]:
			return govLocative
		case w.origin[low]:
			return govOrigin
		case w.skip[low] || isNumber(low):
		case capitalisedToken(v.sent.Tokens[k].Text):
		default:
			return govNone
		}
	}
	return govNone
}

// strongBreak reports whether a ";", ":" or dash lies between tokens i
// and j.
func strongBreak(v *sentenceView, i, j int) bool {
	toks := v.sent.Tokens
	for k := max(i, 0); k < j && k < len(toks); k++ {
		switch toks[k].Text {
		case ";", ":", "—", "–":
			return true
		}
	}
	return false
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

// insideActor reports whether a place mention lies inside an actor
// mention of the sentence ("the Nineveh Operations Command").
func insideActor(v *sentenceView, m *evident.Mention) bool {
	for _, a := range v.actors {
		if a.Start <= m.Start && m.End <= a.End {
			return true
		}
	}
	return false
}

type discourse struct {
	modality, attribution string
	modalityCue           *evident.Mention
	background            bool
	backgroundReason      string
	backgroundCue         *evident.Mention
	sourceSpan            evident.Span
}

// modalityRank orders modality cues: the strongest one wins.
var modalityRank = map[evident.CueType]int{
	evident.CueDenied: 6, evident.CueNegated: 5, evident.CueClaimed: 4, evident.CueAlleged: 4,
	evident.CueUncertain: 3, evident.CueReported: 2,
}

func (b Build) discourse(a *evident.Analysis, v *sentenceView, trig *evident.Mention, ti, tj int) discourse {
	d := discourse{modality: evident.ModalityAsserted}
	rank := 0
	for _, c := range v.cues {
		ci := v.tokenAt(c.Start)
		cj := v.tokenAt(c.End)
		applies := false
		switch c.Cue.Scope {
		case "sentence":
			applies = true
		case "before":
			applies = cj <= ti && !v.clauseBreak(cj, ti)
		case "window":
			applies = cj <= ti && ti-ci <= 4 && !v.clauseBreak(cj, ti)
		}
		if !applies {
			continue
		}
		switch c.Cue.Type {
		case evident.CueHistorical, evident.CueAggregate, evident.CueFuture, evident.CueHabitual, evident.CueHypothetic:
			if !d.background {
				d.background, d.backgroundReason, d.backgroundCue = true, string(c.Cue.Type), c
			}
			continue
		}
		if r := modalityRank[c.Cue.Type]; r > rank {
			rank = r
			d.modalityCue = c
			d.modality = modalityOf(c.Cue.Type)
			if c.Cue.Type == evident.CueReported || c.Cue.Type == evident.CueClaimed {
				d.attribution, d.sourceSpan = attributionSource(a, v, c, ci, cj)
				c.Cue.Source = d.attribution
			}
		}
	}
	if d.modality == evident.ModalityNegated || d.modality == evident.ModalityDenied {
		// Negated and denied events are stored, flagged, never emitted.
		if !d.background {
			d.background, d.backgroundReason, d.backgroundCue = true, d.modality, d.modalityCue
		}
	}
	for _, dm := range v.dates {
		if dm.Date != nil && dm.Date.Historical && !d.background {
			d.background, d.backgroundReason, d.backgroundCue = true, "historical date", dm
		}
	}
	if n := len(v.lower); n > 0 && v.lower[n-1] == "?" && !d.background {
		d.background, d.backgroundReason = true, "question"
	}
	// "IS claimed responsibility for the attack": a claim or accusation
	// about a definite, already known event reports the claim, not a new
	// event ("for a car bomb ... that killed eight" does report one).
	if !d.background && (d.modality == evident.ModalityClaimed || d.modality == evident.ModalityAlleged) && definite(v, ti) {
		d.background, d.backgroundReason, d.backgroundCue = true, "attribution of a known event", d.modalityCue
	}
	if !d.background {
		if why := genericReason(v, trig, ti, tj); why != "" {
			d.background, d.backgroundReason, d.backgroundCue = true, why, trig
		}
	}
	return d
}

func modalityOf(t evident.CueType) string {
	switch t {
	case evident.CueReported:
		return evident.ModalityReported
	case evident.CueClaimed:
		return evident.ModalityClaimed
	case evident.CueUncertain:
		return evident.ModalityUncertain
	case evident.CueAlleged:
		return evident.ModalityAlleged
	case evident.CueDenied:
		return evident.ModalityDenied
	case evident.CueNegated:
		return evident.ModalityNegated
	}
	return evident.ModalityAsserted
}

// attributionSource finds who says so: an actor mention just before a
// speech verb ("Iraqi forces say"), the words after "according to", or the
// few words before the verb back to a clause boundary ("the general told").
func attributionSource(a *evident.Analysis, v *sentenceView, c *evident.Mention, ci, cj int) (string, evident.Span) {
	if strings.HasPrefix(strings.ToLower(c.Text), "according to") {
		end := cj
		for end < len(v.lower) && end-cj < 8 && !isPunct(v.lower[end]) {
			end++
		}
		if end > cj {
			sp := evident.Span{Start: v.sent.Tokens[cj].Start, End: v.sent.Tokens[end-1].End}
			return a.Doc.Text[sp.Start:sp.End], sp
		}
		return "", evident.Span{}
	}
	for _, am := range v.actors {
		ai := v.tokenAt(am.End)
		if am.End <= c.Start && ci-ai <= 1 {
			return am.Text, am.Span
		}
	}
	start := ci
	for start > 0 && ci-start < 6 && !isPunct(v.lower[start-1]) && v.lower[start-1] != "that" {
		start--
	}
	if start < ci {
		sp := evident.Span{Start: v.sent.Tokens[start].Start, End: v.sent.Tokens[ci-1].End}
		return a.Doc.Text[sp.Start:sp.End], sp
	}
	// "..., he said." — the words after the verb.
	end := cj
	for end < len(v.lower) && end-cj < 6 && !isPunct(v.lower[end]) {
		end++
	}
	if end > cj {
		sp := evident.Span{Start: v.sent.Tokens[cj].Start, End: v.sent.Tokens[end-1].End}
		return a.Doc.Text[sp.Start:sp.End], sp
	}
	return "", evident.Span{}
}

func isPunct(s string) bool {
	switch s {
	case ",", ";", ":", ".", "!", "?", "\"", "“", "”", "(", ")", "—", "–":
		return true
	}
	return false
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

// focusInfo is the document's most mentioned place, a fallback location,
// and its main country.
type focusInfo struct {
	place   *evident.Mention
	country string
}

func documentFocus(a *evident.Analysis) focusInfo {
	count := map[int64]int{}
	firstSeen := map[int64]*evident.Mention{}
	var order []int64
	for k := range a.Mentions {
		m := &a.Mentions[k]
		if m.Kind != evident.KindPlace || m.Place == nil || !eventPlace(m.Place) || m.Place.IsCountry() {
			continue
		}
		if m.Sentence >= 0 && m.Sentence < len(a.Sentences) && notWhereIn(a.Doc.Text, a.Sentences[m.Sentence].Tokens, m) != "" {
			continue // "the Britain-based Observatory" is no focus of the story
		}
		id := m.Place.GeonameID
		if _, ok := firstSeen[id]; !ok {
			firstSeen[id] = m
			order = append(order, id)
		}
		count[id]++
	}
	var best *evident.Mention
	bestN := 0
	for _, id := range order {
		if count[id] > bestN {
			best, bestN = firstSeen[id], count[id]
		}
	}
	// The main country: the one most place mentions (demonyms and
	// countries included) point into, if it has at least half of them.
	byCC := map[string]int{}
	n := 0
	for k := range a.Mentions {
		m := &a.Mentions[k]
		if m.Kind == evident.KindPlace && m.Place != nil && m.Place.CountryCode != "" {
			byCC[m.Place.CountryCode]++
			n++
		}
	}
	cc, ccN := "", 0
	for c, k := range byCC {
		if k > ccN || k == ccN && c < cc {
			cc, ccN = c, k
		}
	}
	if 2*ccN < n {
		cc = ""
	}
	if cc == "" {
		// Demonyms and country names count every side of a war ("Russian
		// aircraft", "Turkey persuaded"); towns and regions tell where the
		// story is: their main country, when it holds two fifths of them.
		byCC, n = map[string]int{}, 0
		for k := range a.Mentions {
			m := &a.Mentions[k]
			if m.Kind == evident.KindPlace && m.Place != nil && m.Place.CountryCode != "" && eventPlace(m.Place) && !m.Place.IsCountry() {
				byCC[m.Place.CountryCode]++
				n++
			}
		}
		ccN = 0
		for c, k := range byCC {
			if k > ccN || k == ccN && c < cc {
				cc, ccN = c, k
			}
		}
		if 5*ccN < 2*n || ccN < 2 {
			cc = ""
		}
	}
	return focusInfo{place: best, country: cc}
}

// eventPlace reports whether a place can be where an event happened: not a
// demonym, and not a river or sea (events happen beside them).
func eventPlace(p *evident.Place) bool {
	return !p.Demonym && p.FeatureClass != "H"
}

// location chooses where the event happened: the place nearest the trigger
// in its sentence (a town beats a country), else the nearest in the three
// sentences before, else the document's focus, else a country named or
// implied (demonym) in the sentence.
func (b Build) location(views []sentenceView, v *sentenceView, ti int, focus focusInfo) (*evident.Place, *evident.Mention, bool) {
	pick := func(ms []*evident.Mention, near int, sv *sentenceView) *evident.Mention {
		var best *evident.Mention
		bestD := 1 << 30
		for _, m := range ms {
			if m.Place == nil || !eventPlace(m.Place) || m.Place.IsCountry() {
				continue
			}
			ti := sv.tokenAt(m.Start)
			d := ti - near
			if d < 0 {
				d = -d + 1 // prefer "in Mosul" after the trigger on ties
			}
			// A place governed by "in", "near" ... beats closer ones in
			// the same clause; one after "from" or inside an actor's name
			// ("Nineveh Operations Command") comes last; one across a
			// ";", ":" or dash from the trigger is a list's other item.
			switch b.Lex.Location.governs(sv, ti) {
			case govLocative:
				d -= 20
			case govOrigin:
				d += 1000
			}
			if strongBreak(sv, min(ti, near), max(ti, near)) {
				d += 40
			}
			if insideActor(sv, m) {
				d += 1000
			}
			if why := notWhere(sv, m); why != "" {
				// "the Britain-based Observatory", "who lives in Europe":
				// never where the event happened.
				continue
			}
			if d < bestD {
				best, bestD = m, d
			}
		}
		return best
	}
	// A place outside the document's main country is taken only when the
	// context offers nothing inside it: a lone foreign reading of a local
	// name is more often the resolver's error than the event's place.
	foreign := func(m *evident.Mention) bool {
		return focus.country != "" && m.Place.CountryCode != focus.country
	}
	var abroad *evident.Mention
	if m := pick(v.places, ti, v); m != nil {
		if !foreign(m) {
			return m.Place, m, false
		}
		abroad = m
	}
	if abroad != nil {
		for k := v.idx - 1; k >= 0 && k >= v.idx-3; k-- {
			if m := pick(views[k].places, len(views[k].sent.Tokens), &views[k]); m != nil && !foreign(m) {
				return m.Place, m, true
			}
		}
		if focus.place == nil || foreign(focus.place) {
			return abroad.Place, abroad, false
		}
		return focus.place.Place, focus.place, true
	}
	for k := v.idx - 1; k >= 0 && k >= v.idx-3; k-- {
		if m := pick(views[k].places, len(views[k].sent.Tokens), &views[k]); m != nil {
			return m.Place, m, true
		}
	}
	if focus.place != nil {
		return focus.place.Place, focus.place, true
	}
	// A country the sentence names beats one a demonym implies: "an
	// Italian aid worker ... in the southern Philippines".
	for _, demonym := range []bool{false, true} {
		for _, m := range v.places {
			if m.Place != nil && (m.Place.IsCountry() || m.Place.Demonym) && m.Place.Demonym == demonym {
				return m.Place, m, false
			}
		}
	}
	return nil, nil, false
}

func (b Build) date(a *evident.Analysis, views []sentenceView, v *sentenceView, trig *evident.Mention, ev *evident.Event, field func(string, string, *evident.Mention)) (from string) {
	// The date nearest the trigger: "Today, forces confirmed a leader was
	// arrested ... Sunday" happened on Sunday.
	var best *evident.Mention
	bestD := 1 << 30
	for _, dm := range v.dates {
		if !datesEvent(a, dm, false) || isDateline(a, dm) { // events/dates.go
			continue
		}
		d := dm.Start - trig.End
		if d < 0 {
			d = trig.Start - dm.End
		}
		if d < bestD {
			best, bestD = dm, d
		}
	}
	if dm := best; dm != nil {
		ev.EventDate = dm.Date.Time.Format("2006-01-02")
		ev.TimePrecision = dm.Date.Precision
		field("event_date", ev.EventDate, dm)
		if statementDate(a.Doc.Text, dm) {
			// "a monitoring group said Sunday": the date of the report,
			// an upper bound on the event's.
			return "statement"
		}
		return "sentence"
	}
	// No date in the sentence: a story told after its lead keeps the
	// lead's date ("... in Khost yesterday. The force then ..."): the
	// nearest date of the five sentences before, at lower confidence.
	for k := v.idx - 1; k >= 0 && k >= v.idx-5; k-- {
		for _, dm := range views[k].dates {
			if !datesEvent(a, dm, true) || isDateline(a, dm) {
				continue
			}
			ev.EventDate = dm.Date.Time.Format("2006-01-02")
			ev.TimePrecision = dm.Date.Precision
			field("event_date", ev.EventDate, dm)
			f := &ev.Fields[len(ev.Fields)-1]
			f.Rule, f.Confidence = "date of an earlier sentence: "+dm.Rule, dm.Confidence*0.7
			return "context"
		}
	}
	if !a.Doc.Published.IsZero() {
		// No date in the sentence: the report's date, known to the week.
		ev.EventDate = a.Doc.Published.Format("2006-01-02")
		ev.TimePrecision = evident.PrecisionWeek
		rule := "publication date (" + a.Doc.PublishedFrom + ")"
		fe := evident.FieldEvidence{Field: "event_date", Value: ev.EventDate, Rule: rule, Confidence: 0.5}
		if a.Doc.PublishedSpan != nil {
			fe.Start, fe.End = a.Doc.PublishedSpan.Start, a.Doc.PublishedSpan.End
		}
		ev.Fields = append(ev.Fields, fe)
		return "published"
	}
	ev.TimePrecision = evident.PrecisionMonth
	return ""
}

var (
	lethalWords = map[string]bool{"killed": true, "dead": true, "died": true, "deaths": true, "death": true, "bodies": true,
		"killing": true, "fatalities": true, "lives": true, "slain": true, "executed": true, "toll": true}
	injuryWords = map[string]bool{"wounded": true, "injured": true, "injuring": true, "wounding": true, "hurt": true, "injuries": true}
	detainWords = map[string]bool{"arrested": true, "detained": true, "captured": true, "apprehended": true, "detaining": true,
		"arresting": true, "capturing": true, "arrest": true, "detain": true, "custody": true, "detainees": true, "arrests": true}
	// singularVictims are nouns whose singular form, with no number,
	// counts as one person: "killed a soldier", "the leader was killed".
	singularVictims = setOf("man", "woman", "child", "boy", "girl", "soldier", "officer", "policeman", "civilian", "leader",
		"commander", "insurgent", "militant", "fighter", "student", "journalist", "farmer", "driver", "teacher", "doctor",
		"person", "resident", "villager", "worker", "guard", "sniper", "gunman", "facilitator", "member", "suspect",
		"cleric", "imam", "priest", "judge", "official", "chief", "elder", "trooper", "marine", "contractor", "tourist")
)

// casualties reads figures next to words of death or injury: "12 people
// were killed", "killing at least 5", "the death toll rose to 112". The most
// conservative figure becomes fatalities; low and high bracket them.
func (b Build) casualties(v *sentenceView, ev *evident.Event, field func(string, string, *evident.Mention)) {
	var dead, hurt, detained []*evident.Mention
	for _, nm := range v.numbers {
		if nm.Number == nil {
			continue
		}
		ni, nj := v.tokenAt(nm.Start), v.tokenAt(nm.End)
		kind := casualtyWordNear(v.lower, ni, nj)
		if kind == "" {
			kind = b.casualtyPhrase(v, ni, nj)
		}
		if kind != "" && b.countsThings(v, nj) {
			// "two besieged towns killing 100": the number counts towns.
			continue
		}
		if kind == "dead" || kind == "hurt" {
			// "400 killed since March": a cumulative toll is kept as
			// evidence but is never the event's figure.
			if w := b.cumulativeAfter(v, nj); w != "" {
				field("cumulative_toll", fmt.Sprint(nm.Number.Value), nm)
				ev.Fields[len(ev.Fields)-1].Rule = "cumulative toll (\"" + w + "\"): not this event's figure"
				continue
			}
		}
		switch kind {
		case "dead":
			dead = append(dead, nm)
		case "hurt":
			hurt = append(hurt, nm)
		case "detained":
			detained = append(detained, nm)
		}
	}
	for _, nm := range detained {
		field("detained", fmt.Sprint(nm.Number.Value), nm)
	}
	for i, nm := range dead {
		n := int(nm.Number.Value)
		if i == 0 || n < ev.FatalitiesLow {
			ev.FatalitiesLow = n
		}
		if h := int(nm.Number.High); h > n {
			n = h // a range: "10 to 15 killed" brackets 10..15
		}
		if n > ev.FatalitiesHigh {
			ev.FatalitiesHigh = n
		}
		field("fatalities", fmt.Sprint(n), nm)
	}
	ev.Fatalities = ev.FatalitiesLow
	for _, nm := range hurt {
		if n := int(nm.Number.Value); n > ev.Injured {
			ev.Injured = n
		}
		field("injured", fmt.Sprint(nm.Number.Value), nm)
	}
}

// casualtyWordNear returns "dead" or "hurt" for the death or injury word
// nearest to the number at tokens [ni, nj), within four tokens and the
// same clause, or "".
func casualtyWordNear(lower []string, ni, nj int) string {
	afterOpen, beforeOpen := true, true
	for d := 0; d < 4; d++ {
		if k := nj + d; afterOpen && k < len(lower) {
			if isPunct(lower[k]) {
				afterOpen = false
			} else if w := casualtyKind(lower[k]); w != "" {
				return w
			}
		}
		if k := ni - 1 - d; beforeOpen && k >= 0 {
			if isPunct(lower[k]) {
				beforeOpen = false
			} else if w := casualtyKind(lower[k]); w != "" {
				return w
			}
		}
	}
	return ""
}

func hasField(fs []evident.FieldEvidence, name string) bool {
	for _, f := range fs {
		if f.Field == name {
			return true
		}
	}
	return false
}

func casualtyKind(w string) string {
	switch {
	case lethalWords[w]:
		return "dead"
	case injuryWords[w]:
		return "hurt"
	case detainWords[w]:
		return "detained"
	}
	return ""
}

// singularCount gives the count an event implies without a number: one
// for a lethal or arrest trigger whose victim is a singular person noun
// with an article ("killed the Taliban leader", "a soldier was
// killed", "detained an insurgent"); 0 otherwise.
func singularCount(v *sentenceView, ti, tj int) int {
	look := func(k int) bool {
		w := v.lower[k]
		if !singularVictims[w] {
			return false
		}
		for j := k - 1; j >= 0 && j >= k-4; j-- {
			switch v.lower[j] {
			case "a", "an", "the", "one", "his", "their", "its":
				return true
			}
			if isPunct(v.lower[j]) {
				return false
			}
		}
		return false
	}
	for k := tj; k < len(v.lower) && k < tj+6; k++ {
		if isPunct(v.lower[k]) {
			break
		}
		if look(k) {
			return 1
		}
	}
	if isPassive(v, ti) {
		for k := ti - 1; k >= 0 && k >= ti-5; k-- {
			if look(k) {
				return 1
			}
		}
	}
	return 0
}

// mergeEvents merges events of one document that share a key, or that
// agree on everything but an actor one of them lacks. Evidence and field
// evidence are concatenated; the merged event is not background if any of
// its mentions is not.
func mergeEvents(evs []evident.Event) []evident.Event {
	var out []evident.Event
	for _, e := range evs {
		merged := false
		for i := range out {
			o := &out[i]
			if o.Background != e.Background || !compatible(o, &e) {
				continue
			}
			if o.Actor1 == "" {
				o.Actor1, o.Inter1 = e.Actor1, e.Inter1
			}
			if o.Actor2 == "" {
				o.Actor2, o.Inter2 = e.Actor2, e.Inter2
			}
			o.Interaction = evident.InteractionCode(o.Inter1, o.Inter2)
			o.CivilianTargeting = o.CivilianTargeting || e.CivilianTargeting
			for _, ev := range e.Evidence {
				if !slices.ContainsFunc(o.Evidence, func(x evident.Evidence) bool { return x.Start == ev.Start }) {
					o.Evidence = append(o.Evidence, ev)
				}
			}
			o.Fields = append(o.Fields, e.Fields...)
			for _, tag := range e.Tags {
				if !slices.Contains(o.Tags, tag) {
					o.Tags = append(o.Tags, tag)
				}
			}
			if e.FatalitiesHigh > o.FatalitiesHigh {
				o.FatalitiesHigh = e.FatalitiesHigh
			}
			if e.Injured > o.Injured {
				o.Injured = e.Injured
			}
			merged = true
			break
		}
		if !merged {
			out = append(out, e)
		}
	}
	return out
}

// numberEvents gives each event its id.
func numberEvents(out []evident.Event) []evident.Event {
	// Ids are stable: derived from the document and the event key, with
	// background mentions and the rare key collision (two events that
	// agree on the key but could not merge) numbered in text order.
	seen := map[string]int{}
	for i := range out {
		id := out[i].StableID()
		if out[i].Background {
			id += "-b"
		}
		seen[id]++
		if n := seen[id]; n > 1 {
			id = fmt.Sprintf("%s-%d", id, n)
		}
		out[i].ID = id
	}
	return out
}

func compatible(a, b *evident.Event) bool {
	if a.SubEventType != b.SubEventType || a.Location.Location != b.Location.Location ||
		a.CountryCode != b.CountryCode || a.EventDate != b.EventDate {
		return false
	}
	same := func(x, y string) bool { return x == "" || y == "" || x == y }
	if same(a.Actor1, b.Actor1) && same(a.Actor2, b.Actor2) {
		return true
	}
	// The same clash told again with roles unstated ("people attacking
	// Islamic State" after "IS fighters attacking Iraq's Special
	// Forces"): one side's named actors are among the other's.
	subset := func(x, y *evident.Event) bool {
		n := 0
		for _, act := range []string{x.Actor1, x.Actor2} {
			if act == "" {
				continue
			}
			n++
			if act != y.Actor1 && act != y.Actor2 {
				return false
			}
		}
		return n > 0 && (x.Actor1 == "" || x.Actor2 == "")
	}
	return subset(a, b) || subset(b, a)
}
