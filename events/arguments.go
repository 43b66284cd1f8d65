// The document level's event arguments: from a cluster of event mentions,
// the event's type, location, date, actors and fatalities, each with the
// field evidence that names its rule (docs/events.md).

package events

import (
	"fmt"
	"slices"
	"strings"

	"github.com/evident-org/evident"
)

// event builds one event from a cluster: the most specific type, the
// most specific stated place, the most precise date, a named actor1 from
// any mention (else ACLED's unidentified group for violent events),
// fatalities as the latest figure per source and the most conservative
// across sources, and every mention's evidence.
func (d Document) event(dc *docContext, c *cluster) evident.Event {
	f := c.founder()
	ev := f.Event
	ev.Fields = nil
	ev.Evidence = nil
	ev.Tags = nil
	rule := func(fe evident.FieldEvidence, why string) evident.FieldEvidence {
		fe.Rule = "event: " + why + ": " + fe.Rule
		return fe
	}

	// Type: the most specific reading.
	typ := f
	for _, m := range c.members[1:] {
		if specificity(m) > specificity(typ) && typesCompatible(f, m) {
			typ = m
		}
	}
	ev.EventType, ev.SubEventType, ev.DisorderType = typ.EventType, typ.SubEventType, typ.DisorderType

	// Location: the most specific place a mention states; else the
	// founder's place from context.
	loc := f
	for _, m := range c.members {
		if betterPlace(m, loc) {
			loc = m
		}
	}
	ev.Location = loc.Location
	locRule := ""
	if fp := dc.focus.place; fp != nil && ev.CountryCode == "" && fp.Place.CountryCode != "" && !fp.Place.IsCountry() {
		// "the jihadis ... in Europe", "the Middle East": a continent or a
		// world region is never the location when the document names a
		// finer place.
		ev.Location = d.locationOf(fp.Place)
		loc = nil
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "location", Value: fp.Place.Name, Start: fp.Start, End: fp.End,
			Rule: "event: a world region yields to the document's focus: " + fp.Rule, Confidence: fp.Confidence * 0.6})
	} else if fp := dc.focus.place; loc.PlaceFrom != "sentence" && fp != nil && dc.focus.country != "" && ev.CountryCode != dc.focus.country && fp.Place.CountryCode == dc.focus.country {
		// "Date of publication 18 July ..." or "Pro-Damascus media": a
		// place no mention states as the event's, outside the document's
		// country, yields to the document's focus.
		ev.Location = d.locationOf(fp.Place)
		locRule = "document focus (the mentions name no place in the document's country as the event's): " + fp.Rule
		loc = nil
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "location", Value: fp.Place.Name, Start: fp.Start, End: fp.End, Rule: "event: " + locRule, Confidence: fp.Confidence * 0.6})
	}

	// Date: the most precise one, a date stated in a mention's sentence
	// before one from context before the publication date.
	date := f
	for _, m := range c.members {
		if weight(m) > 0 && betterDate(m, date) {
			date = m
		}
	}
	ev.EventDate, ev.TimePrecision = date.EventDate, date.TimePrecision

	// Actors: named ones from any mention, the founder's first.
	type actor struct {
		name  string
		inter int
		m     *evident.EventMention
		slot  string
	}
	var a1, a2 *actor
	// Mentions that report the event speak for its actors before those
	// that only refer to it.
	// A reaction's actors are those who react ("the army has launched an
	// investigation into the killings"), not the event's.
	reaction := func(m *evident.EventMention) bool { return strings.HasPrefix(m.NotEvent, "reaction") }
	ranked := slices.Clone(c.members)
	slices.SortStableFunc(ranked, func(x, y *evident.EventMention) int { return weight(y) - weight(x) })
	for _, generic := range []bool{false, true} {
		for _, m := range ranked {
			if a1 == nil && m.Actor1 != "" && genericActor(m.Actor1) == generic && !reaction(m) {
				a1 = &actor{m.Actor1, m.Inter1, m, "actor1"}
			}
		}
	}
	for _, generic := range []bool{false, true} {
		for _, m := range ranked {
			if a2 == nil && m.Actor2 != "" && genericActor(m.Actor2) == generic && (a1 == nil || m.Actor2 != a1.name) && !reaction(m) {
				a2 = &actor{m.Actor2, m.Inter2, m, "actor2"}
			}
		}
	}
	civ := false
	for _, m := range c.members {
		civ = civ || m.CivilianTargeting
	}
	// A named actor found only as a target in one mention and as the
	// perpetrator elsewhere plays the perpetrator.
	countryName := ev.Country
	stateWeapon := ev.SubEventType == "Air/drone strike" || ev.SubEventType == "Shelling/artillery/missile attack" || ev.SubEventType == "Chemical weapon"
	if stateWeapon && (a1 == nil || genericActor(a1.name) || ev.SubEventType == "Air/drone strike" && a1.inter != evident.InterStateForces && a1.inter != evident.InterExternal) {
		// "Israeli warplanes", "US artillery shelled": a country or its
		// demonym right before an air or artillery trigger names the
		// military that fired. Only state forces fly: an air strike whose
		// mentions name no state force is then flown by the nearest state
		// force the document names before it.
		if cc, m := dc.demonymBefore(c); cc != "" {
			name, _ := "", 0
			if d.Countries != nil {
				name, _ = d.Countries(cc)
			}
			if name != "" {
				if a1 != nil && a2 == nil && a1.name != "" {
					a2 = a1
				}
				mil := d.localise(evident.Actor{Name: "Military Forces", Inter: evident.InterStateForces, Generic: true}, name)
				a1 = &actor{mil.Name, evident.InterStateForces, nil, "actor1"}
				if ev.CountryCode != "" && ev.CountryCode != cc {
					a1.inter = evident.InterExternal
				}
				ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor1", Value: a1.name, Start: m.Start, End: m.End,
					Rule: "event: air strikes are flown by state forces: the country of the demonym before the trigger", Confidence: 0.6})
			}
		}
	}
	if ev.SubEventType == "Air/drone strike" && (a1 == nil || genericActor(a1.name)) {
		if m := dc.stateForceBefore(f.Sentence); m != nil {
			act := *m.Actor
			a1 = &actor{act.Name, act.Inter, nil, "actor1"}
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor1", Value: act.Name, Start: m.Start, End: m.End,
				Rule: "event: air strikes are flown by state forces: the nearest state force named before: " + m.Rule, Confidence: m.Confidence * 0.6})
		}
	}
	if violent(ev.EventType) && (a1 == nil || genericActor(a1.name)) {
		// "Turkey launched the assault": a country named as the subject
		// of a violent event is its military (metonymy).
		if cc, m := dc.countryBefore(c, false); cc != "" && d.Countries != nil {
			if name, _ := d.Countries(cc); name != "" {
				if a1 != nil && a2 == nil && !genericActor(a1.name) {
					a2 = a1
				}
				mil := d.localise(evident.Actor{Name: "Military Forces", Inter: evident.InterStateForces, Generic: true}, name)
				inter := evident.InterStateForces
				if ev.CountryCode != "" && ev.CountryCode != cc {
					inter = evident.InterExternal
				}
				a1 = &actor{mil.Name, inter, nil, "actor1"}
				ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor1", Value: mil.Name, Start: m.Start, End: m.End,
					Rule: "event: a country named as the subject of a violent event is its military", Confidence: 0.55})
			}
		}
	}
	if ev.EventType == "Strategic developments" && a1 == nil {
		// "a deal between the government and opposition groups": a
		// strategic development's parties are the actors its sentences
		// name, in order.
		for _, m := range dc.actorsIn(c) {
			switch {
			case a1 == nil:
				a1 = &actor{m.Actor.Name, m.Actor.Inter, nil, "actor1"}
				ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor1", Value: m.Actor.Name, Start: m.Start, End: m.End,
					Rule: "event: the first party a strategic development's sentences name: " + m.Rule, Confidence: m.Confidence * 0.6})
			case a2 == nil && m.Actor.Name != a1.name:
				a2 = &actor{m.Actor.Name, m.Actor.Inter, nil, "actor2"}
				ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor2", Value: m.Actor.Name, Start: m.Start, End: m.End,
					Rule: "event: the second party a strategic development's sentences name: " + m.Rule, Confidence: m.Confidence * 0.6})
			}
		}
	}
	if protestSeverity[ev.SubEventType] > 0 && ev.SubEventType != "Excessive force against protesters" && a1 != nil &&
		(a1.inter == evident.InterStateForces || a1.inter == evident.InterExternal) {
		// "Police fired tear gas at protesters": ACLED codes a protest's
		// demonstrators as actor1 and those who intervene as actor2.
		if a2 == nil || a2.inter == evident.InterProtesters {
			police := a1
			if a2 != nil {
				a1 = a2
			} else {
				a1 = nil
			}
			a2 = police
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor2", Value: police.name, Start: f.Trigger.Start, End: f.Trigger.End,
				Rule: "event: a protest's demonstrators are actor1, who intervenes is actor2", Confidence: 0.6})
		}
	}
	if ev.SubEventType == "Excessive force against protesters" && a2 == nil && ev.CountryCode != "" {
		// Force used against a demonstration: its demonstrators are the
		// target when no one else is named.
		act := d.localise(evident.Actor{Name: "Protesters", Inter: evident.InterProtesters, Generic: true}, countryName)
		a2 = &actor{act.Name, act.Inter, nil, "actor2"}
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor2", Value: act.Name, Start: f.Trigger.Start, End: f.Trigger.End,
			Rule: "event: force against a demonstration: its demonstrators of the event's country", Confidence: 0.6})
	}
	ev.Actor1, ev.Inter1, ev.Actor2, ev.Inter2 = "", 0, "", 0
	if a1 != nil {
		a1.name = d.relocalise(a1.name, a1.inter, countryName)
		ev.Actor1, ev.Inter1 = a1.name, a1.inter
		if a1.m != nil {
			ev.Fields = append(ev.Fields, rule(fieldOf(a1.m, a1.slot), "actor1 of a mention"))
		}
	} else if violent(ev.EventType) && ev.CountryCode != "" {
		act := d.localise(evident.Actor{Name: "Unidentified Armed Group", Inter: evident.InterPoliticalMilit, Generic: true}, countryName)
		ev.Actor1, ev.Inter1 = act.Name, act.Inter
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor1", Value: act.Name, Start: f.Trigger.Start, End: f.Trigger.End,
			Rule: "event: no perpetrator named in any mention: ACLED's unidentified armed group of the event's country", Confidence: 0.6})
	} else if ev.EventType == "Protests" || ev.EventType == "Riots" {
		name := "Protesters"
		inter := evident.InterProtesters
		if ev.EventType == "Riots" {
			name, inter = "Rioters", evident.InterRioters
		}
		act := d.localise(evident.Actor{Name: name, Inter: inter, Generic: true}, countryName)
		ev.Actor1, ev.Inter1 = act.Name, act.Inter
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor1", Value: act.Name, Start: f.Trigger.Start, End: f.Trigger.End,
			Rule: "event: demonstrators of the event's country", Confidence: 0.6})
	}
	if a2 == nil && violent(ev.EventType) {
		// "a convoy of buses carrying civilians": civilians named in an
		// event's sentences are its victims when no other target is.
		if m := dc.civiliansIn(c); m != nil {
			act := *m.Actor
			if act.Generic && act.CountryCode == "" {
				act = d.localise(act, countryName)
			}
			a2 = &actor{act.Name, act.Inter, nil, "actor2"}
			civ = true
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor2", Value: act.Name, Start: m.Start, End: m.End,
				Rule: "event: civilians named in the event's sentences are its victims: " + m.Rule, Confidence: m.Confidence * 0.7})
		}
	}
	if a2 == nil && (ev.EventType == "Explosions/Remote violence" || ev.EventType == "Violence against civilians") && ev.CountryCode != "" {
		// "killing at least 100 people": the victims of a bombing or an
		// attack that names no armed target are civilians (ACLED).
		for _, m := range c.members {
			if m.NotEvent == "" && (m.Fatalities > 0 || m.FatalitiesHigh > 0 || m.Injured > 0 || hasField(m.Fields, "fatalities_shared")) {
				act := d.localise(evident.Actor{Name: "Civilians", Inter: evident.InterCivilians, Generic: true}, countryName)
				a2 = &actor{act.Name, act.Inter, nil, "actor2"}
				civ = true
				ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor2", Value: act.Name, Start: m.Trigger.Start, End: m.Trigger.End,
					Rule: "event: casualties and no armed target named: the victims are civilians of the event's country", Confidence: 0.5})
				break
			}
		}
	}
	if a2 == nil && (ev.SubEventType == "Protest with intervention" || ev.SubEventType == "Excessive force against protesters") && ev.CountryCode != "" {
		// Someone intervened: with no one named, the country's police.
		act := d.localise(evident.Actor{Name: "Police Forces", Inter: evident.InterStateForces, Generic: true}, countryName)
		a2 = &actor{act.Name, act.Inter, nil, "actor2"}
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor2", Value: act.Name, Start: f.Trigger.Start, End: f.Trigger.End,
			Rule: "event: a protest met with force, no one named: the police of the event's country", Confidence: 0.5})
	}
	if a2 != nil && a2.name != ev.Actor1 {
		a2.name = d.relocalise(a2.name, a2.inter, countryName)
		ev.Actor2, ev.Inter2 = a2.name, a2.inter
		if a2.m != nil {
			ev.Fields = append(ev.Fields, rule(fieldOf(a2.m, a2.slot), "actor2 of a mention"))
		}
	} else if civ && violent(ev.EventType) && ev.CountryCode != "" {
		act := d.localise(evident.Actor{Name: "Civilians", Inter: evident.InterCivilians, Generic: true}, countryName)
		ev.Actor2, ev.Inter2 = act.Name, act.Inter
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor2", Value: act.Name, Start: f.Trigger.Start, End: f.Trigger.End,
			Rule: "event: civilians targeted, no victim named: civilians of the event's country", Confidence: 0.6})
	}
	ev.CivilianTargeting = civ || ev.Inter2 == evident.InterCivilians
	ev.Interaction = evident.InteractionCode(ev.Inter1, ev.Inter2)

	// Fields: the chosen slots' evidence, then every mention's type,
	// figures, modality and background evidence side by side.
	if loc != nil {
		if fe, ok := fieldOfOK(loc, "location"); ok {
			why := "most specific place stated by a mention"
			switch loc.PlaceFrom {
			case "ungoverned":
				why = "no mention states where it happened; a place named in a mention's sentence"
			case "context":
				why = "no mention states a place; a mention's context"
			}
			ev.Fields = append(ev.Fields, rule(fe, why))
		}
	}
	if fe, ok := fieldOfOK(date, "event_date"); ok {
		ev.Fields = append(ev.Fields, rule(fe, "most precise date of the event's mentions"))
	}
	for _, m := range c.members {
		for _, fe := range m.Fields {
			switch fe.Field {
			case "location", "event_date", "actor1", "actor2":
				continue
			}
			ev.Fields = append(ev.Fields, fe)
		}
		for _, e := range m.Evidence {
			if !slices.ContainsFunc(ev.Evidence, func(x evident.Evidence) bool { return x.Start == e.Start }) {
				ev.Evidence = append(ev.Evidence, e)
			}
		}
		for _, tag := range m.Tags {
			if !slices.Contains(ev.Tags, tag) {
				ev.Tags = append(ev.Tags, tag)
			}
		}
	}
	slices.SortStableFunc(ev.Evidence, func(x, y evident.Evidence) int { return x.Start - y.Start })
	d.fatalities(&ev, c)
	return ev
}

func (d Document) localise(a evident.Actor, countryName string) evident.Actor {
	if countryName == "" {
		return a
	}
	if d.Localise != nil {
		if out := d.Localise(a, countryName); out.Name != a.Name {
			return out
		}
	}
	a.Name += " (" + countryName + ")"
	return a
}

// fatalities sets the event's casualties: per source (the outlet, or the
// source a figure is attributed to) the latest figure in the text, then
// the most conservative across sources; low and high bracket every
// figure. Each figure stays in the field evidence as a claim.
func (d Document) fatalities(ev *evident.Event, c *cluster) {
	latest := map[string]int{}
	precise := map[string]bool{}
	name := map[string]string{} // a source as the text first names it
	var order []string
	low, high, injured := -1, 0, 0
	for _, m := range c.members {
		if m.Fatalities > 0 || m.FatalitiesHigh > 0 {
			// "police said" and "Police later said" are one source.
			src := sourceKey(m.Attribution)
			if _, ok := latest[src]; !ok {
				order = append(order, src)
				name[src] = m.Attribution
			}
			// A vague figure ("dozens") never replaces a precise one of
			// the same source.
			exact := !vagueFigure(m)
			if exact || !precise[src] {
				latest[src] = m.Fatalities
				precise[src] = precise[src] || exact
			}
			if low < 0 || m.FatalitiesLow < low {
				low = m.FatalitiesLow
			}
			high = max(high, m.FatalitiesHigh)
		}
		injured = max(injured, m.Injured)
	}
	ev.Injured = injured
	if len(order) == 0 {
		ev.Fatalities, ev.FatalitiesLow, ev.FatalitiesHigh = 0, 0, 0
		return
	}
	best, from := -1, ""
	for _, src := range order {
		if n := latest[src]; best < 0 || n < best {
			best, from = n, src
		}
	}
	ev.Fatalities, ev.FatalitiesLow, ev.FatalitiesHigh = best, min(low, best), max(high, best)
	if len(c.members) > 1 {
		who := "the outlet"
		if from != "" {
			who = name[from]
		}
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "fatalities", Value: fmt.Sprint(best),
			Start: c.founder().Trigger.Start, End: c.founder().Trigger.End,
			Rule: fmt.Sprintf("event: latest figure per source, most conservative of %d source(s): %s", len(order), who), Confidence: 0.7})
	}
}

// betterPlace reports whether mention m locates the event better than
// the current choice: a place stated in the mention's sentence beats
// context, and a finer geo precision beats a coarser one.
func betterPlace(m, cur *evident.EventMention) bool {
	if m.CountryCode == "" {
		return false
	}
	if cur.CountryCode == "" {
		return true
	}
	// "killed 15 in Saraqeb" after "air strikes in Idlib province": a
	// stated town inside the stated region refines it, whoever states it.
	if m.PlaceFrom == "sentence" && cur.PlaceFrom == "sentence" && weight(m) > 0 && m.GeoPrecision != 0 && m.GeoPrecision < cur.GeoPrecision &&
		m.CountryCode == cur.CountryCode && (cur.Admin1 == "" || m.Admin1 == cur.Admin1) {
		return true
	}
	// "Air strikes kill 15 in Idlib" then "... in the town of Saraqeb in
	// Idlib province": a place named like its province may mean the
	// province; a town inside it is more specific.
	if m.PlaceFrom == "sentence" && weight(m) > 0 && cur.Admin1 != "" && m.Admin1 == cur.Admin1 && sameName(cur.Location.Location, cur.Admin1) &&
		!sameName(m.Location.Location, m.Admin1) && m.GeoPrecision != 0 && m.GeoPrecision <= cur.GeoPrecision {
		return true
	}
	// A mention that only joins ("no comment from the regime in
	// Damascus ... after the attack") never places the event over one
	// that reports it.
	if wm, wc := weight(m), weight(cur); wm != wc && (m.PlaceFrom == "sentence") == (cur.PlaceFrom == "sentence") || wm == 0 && wc > 0 {
		return wm > wc
	}
	if placeRank[m.PlaceFrom] != placeRank[cur.PlaceFrom] {
		return placeRank[m.PlaceFrom] > placeRank[cur.PlaceFrom]
	}
	return m.GeoPrecision != 0 && m.GeoPrecision < cur.GeoPrecision
}

var placeRank = map[string]int{"sentence": 3, "ungoverned": 2, "context": 1}

var dateRank = map[string]int{"sentence": 4, "statement": 3, "context": 2, "published": 1}

// betterDate reports whether mention m dates the event better: a date
// from its own sentence beats one from context beats the publication
// date; then a finer precision.
func betterDate(m, cur *evident.EventMention) bool {
	if dateRank[m.DateFrom] != dateRank[cur.DateFrom] {
		return dateRank[m.DateFrom] > dateRank[cur.DateFrom]
	}
	return m.TimePrecision != 0 && m.TimePrecision < cur.TimePrecision
}

func fieldOfOK(m *evident.EventMention, name string) (evident.FieldEvidence, bool) {
	for _, f := range m.Fields {
		if f.Field == name {
			return f, true
		}
	}
	return evident.FieldEvidence{}, false
}

func fieldOf(m *evident.EventMention, name string) evident.FieldEvidence {
	fe, ok := fieldOfOK(m, name)
	if !ok {
		v := m.Actor1
		if name == "actor2" {
			v = m.Actor2
		}
		fe = evident.FieldEvidence{Field: name, Value: v, Start: m.Trigger.Start, End: m.Trigger.End, Rule: "mention", Confidence: 0.5}
	}
	return fe
}

// stateForceBefore returns the last named state force (inter 1 or 8)
// mentioned at or before sentence si, else the first one after it.
func (dc *docContext) stateForceBefore(si int) *evident.Mention {
	var before, after *evident.Mention
	for k := range dc.a.Mentions {
		m := &dc.a.Mentions[k]
		if m.Kind != evident.KindActor || m.Actor == nil || m.Actor.Generic {
			continue
		}
		if m.Actor.Inter != evident.InterStateForces && m.Actor.Inter != evident.InterExternal {
			continue
		}
		if m.Sentence <= si {
			before = m
		} else if after == nil {
			after = m
		}
	}
	if before != nil {
		return before
	}
	return after
}

// locationOf is the event location of a gazetteer place.
func (d Document) locationOf(p *evident.Place) evident.Location { return placeLocation(p, d.Countries) }

// countryFallback locates an event that no mention places at country
// level (geo_precision 3): in the document's main country, named or
// implied by demonyms ("News India. Mob lynches ..."), else in the
// country of a named, non-foreign actor of the event ("Kenyan police").
func (d Document) countryFallback(dc *docContext, ev *evident.Event, c *cluster) {
	cc, rule, span := dc.focus.country, "the document's main country", evident.Span{}
	if cc == "" {
		am := dc.actorCountry(c)
		if am == nil {
			return
		}
		cc, rule, span = am.Actor.CountryCode, "the country of the actor "+am.Actor.Name, am.Span
	}
	p := evident.Place{CountryCode: cc, FeatureClass: "A", FeatureCode: "PCLI"}
	for k := range dc.a.Mentions {
		m := &dc.a.Mentions[k]
		if m.Kind == evident.KindPlace && m.Place != nil && m.Place.CountryCode == cc && (m.Place.IsCountry() || m.Place.Demonym) {
			p.Name, p.Country, p.Lat, p.Lon, p.GeonameID = m.Place.Country, m.Place.Country, m.Place.Lat, m.Place.Lon, m.Place.GeonameID
			if span.Len() == 0 {
				span = m.Span
			}
			break
		}
	}
	ev.Location = d.locationOf(&p)
	if ev.Location.Location == "" {
		ev.Location.Location = ev.Location.Country
	}
	ev.GeoPrecision = 3
	ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "location", Value: ev.Location.Location, Start: span.Start, End: span.End,
		Rule: "event: no mention names a place: " + rule + " (country level)", Confidence: 0.4})
}

// actorCountry returns the first actor of a cluster's mentions (actor1 or
// actor2 evidence, in order) that has a country and is not foreign to it,
// or nil.
func (dc *docContext) actorCountry(c *cluster) *evident.Mention {
	for _, m := range c.members {
		for _, f := range m.Fields {
			if f.Field != "actor1" && f.Field != "actor2" {
				continue
			}
			if am := dc.actors[f.Start]; am != nil && am.Actor.CountryCode != "" && am.Actor.Inter != evident.InterExternal {
				return am
			}
		}
	}
	return nil
}

// civiliansIn returns the first civilian actor mention in the sentences
// of a cluster's mentions, or nil.
func (dc *docContext) civiliansIn(c *cluster) *evident.Mention {
	for _, em := range c.members {
		if em.NotEvent != "" {
			continue
		}
		for k := range dc.a.Mentions {
			m := &dc.a.Mentions[k]
			if m.Kind == evident.KindActor && m.Sentence == em.Sentence && m.Actor != nil && m.Actor.Inter == evident.InterCivilians {
				return m
			}
		}
	}
	return nil
}

// vagueFigure reports whether every fatality figure of a mention is a
// vague quantity ("dozens", "scores").
func vagueFigure(m *evident.EventMention) bool {
	n := 0
	for _, f := range m.Fields {
		if f.Field == "fatalities" {
			if !strings.Contains(f.Rule, "vague") {
				return false
			}
			n++
		}
	}
	return n > 0
}

// relocalise names a generic actor for the event's country: a mention
// localised from its own sentence's place ("Civilians (Fiji)" from a
// misread "Western") takes the event's country.
func (d Document) relocalise(name string, inter int, countryName string) string {
	if countryName == "" {
		return name
	}
	if unlocalised[name] {
		// "police" in a sentence with no place: "Police Forces" takes the
		// event's country ("Police Forces of Indonesia").
		return d.localise(evident.Actor{Name: name, Inter: inter, Generic: true}, countryName).Name
	}
	if !genericActor(name) {
		return name
	}
	base, _, _ := strings.Cut(name, " (")
	return d.localise(evident.Actor{Name: base, Inter: inter, Generic: true}, countryName).Name
}

// demonymBefore returns the country of a demonym within three tokens
// before the trigger of one of a cluster's reporting mentions ("Israeli
// warplanes", "Russian aircraft conducted strikes"), and its mention.
func (dc *docContext) demonymBefore(c *cluster) (string, *evident.Mention) {
	if cc, m := dc.countryBefore(c, true); cc != "" {
		return cc, m
	}
	// "the bombardment ... by Russian and Syrian planes": the first
	// demonym of an event noun's "by" phrase.
	for _, em := range c.members {
		if weight(em) == 0 && em != c.founder() {
			continue
		}
		after := dc.a.Doc.Text[em.Trigger.End:min(len(dc.a.Doc.Text), em.Trigger.End+60)]
		by := strings.Index(after, " by ")
		if by < 0 || strings.ContainsAny(after[:by], ",;:.") {
			continue
		}
		for k := range dc.a.Mentions {
			m := &dc.a.Mentions[k]
			if m.Kind == evident.KindPlace && m.Place != nil && m.Place.Demonym && m.Sentence == em.Sentence &&
				m.Start >= em.Trigger.End+by && m.Start <= em.Trigger.End+by+12 {
				return m.Place.CountryCode, m
			}
		}
	}
	// "Russian aircraft conducted at least 12 aerial strikes": the
	// nearest demonym before an air strike's trigger in its clause names
	// the air force, when no actor stands between.
	for _, em := range c.members {
		if weight(em) == 0 && em != c.founder() || em.SubEventType != "Air/drone strike" {
			continue
		}
		var best *evident.Mention
		for k := range dc.a.Mentions {
			m := &dc.a.Mentions[k]
			if m.Kind != evident.KindPlace || m.Place == nil || !m.Place.Demonym || m.Sentence != em.Sentence || m.End > em.Trigger.Start {
				continue
			}
			if gap := dc.a.Doc.Text[m.End:em.Trigger.Start]; strings.ContainsAny(gap, ";:") || dc.actorBetween(m.End, em.Trigger.Start) {
				continue
			}
			best = m
		}
		if best != nil {
			return best.Place.CountryCode, best
		}
	}
	return "", nil
}

// countryBefore returns the country named (or, when demonyms is true,
// implied by a demonym) within two words before the trigger of one of a
// cluster's reporting mentions, with no actor between them: "Turkey
// launched the assault", "Israeli warplanes".
func (dc *docContext) countryBefore(c *cluster, demonyms bool) (string, *evident.Mention) {
	for _, em := range c.members {
		if weight(em) == 0 && em != c.founder() {
			continue
		}
		for k := range dc.a.Mentions {
			m := &dc.a.Mentions[k]
			if m.Kind != evident.KindPlace || m.Place == nil || !(demonyms && m.Place.Demonym || m.Place.IsCountry() && !m.Place.Demonym) || m.Sentence != em.Sentence || m.End > em.Trigger.Start {
				continue
			}
			if dc.actorBetween(m.End, em.Trigger.Start) {
				continue
			}
			if gap := dc.a.Doc.Text[m.End:em.Trigger.Start]; len(strings.Fields(gap)) <= 2 && !strings.ContainsAny(gap, ",;:.") {
				return m.Place.CountryCode, m
			}
		}
	}
	return "", nil
}

// actorBetween reports whether an actor mention lies in [start, end).
func (dc *docContext) actorBetween(start, end int) bool {
	i, _ := slices.BinarySearchFunc(dc.actorSpans, start, func(m *evident.Mention, off int) int { return m.Start - off })
	for ; i < len(dc.actorSpans) && dc.actorSpans[i].Start < end; i++ {
		if dc.actorSpans[i].End <= end {
			return true
		}
	}
	return false
}

// actorsIn returns the armed and political actor mentions (not civilians)
// of the sentences of a cluster's founder and reporting mentions, in text
// order.
func (dc *docContext) actorsIn(c *cluster) []*evident.Mention {
	sents := map[int]bool{c.founder().Sentence: true}
	for _, em := range c.members {
		if weight(em) > 0 {
			sents[em.Sentence] = true
		}
	}
	var out []*evident.Mention
	for k := range dc.a.Mentions {
		m := &dc.a.Mentions[k]
		if m.Kind == evident.KindActor && m.Actor != nil && sents[m.Sentence] && m.Actor.Inter != evident.InterCivilians && m.Actor.Inter != evident.InterNone {
			out = append(out, m)
		}
	}
	return out
}

// unlocalised are the generic actor names the sentence level leaves
// without a country when its sentence names none.
var unlocalised = map[string]bool{"Police Forces": true, "Military Forces": true, "Unidentified Armed Group": true,
	"Civilians": true, "Protesters": true, "Rioters": true}

// sourceKey groups the names of one source: case and articles aside,
// sources that share their first word are one ("police" and "Police
// captain Mohamed Ali", "hospital officials" and "Hospital sources").
func sourceKey(attribution string) string {
	for _, w := range strings.Fields(strings.ToLower(attribution)) {
		switch w {
		case "a", "an", "the", "local", "senior":
			continue
		}
		return strings.Trim(w, ",.;:'’\"")
	}
	return ""
}
