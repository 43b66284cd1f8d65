package events

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

// Document is the document level: it clusters the event mentions that
// Build found sentence by sentence into the events an ACLED coder would
// write, one per event type, location, day and actor pair. The same
// incident told again (headline, lead, casualty update, restatement,
// "the attack", "it killed") is one event; strikes on two named towns or
// on two days are two. docs/events.md describes the rules.
//
// A mention joins an event unless a slot conflicts: another resolved
// day, a place neither inside nor near the event's, a different named
// perpetrator, or an incompatible sub-event type. Mentions are taken in
// three rounds: specific mentions that can found an event; generic ones
// ("killed 15 civilians"), which join the specific event they describe
// and refine nothing; then anaphoric mentions and those that cannot found
// an event (quotes, reactions, mentions with no conflict participant),
// which only join. An event is reported only when a conflict participant
// is bound to one of its founding mentions and it has a place at least
// at country level; everything else is kept as a background event with
// its reason.
type Document struct {
	// Countries returns a country's name and ISO 3166-1 numeric code for
	// an alpha-2 code; nil leaves them as Build found them.
	Countries func(cc string) (name string, iso int)
	// Localise names a generic actor for a country ("Unidentified Armed
	// Group" in Syria is "Unidentified Armed Group (Syria)"); nil uses
	// "Name (Country)".
	Localise func(a evident.Actor, countryName string) evident.Actor
}

// Name implements evident.Stage.
func (Document) Name() string { return "document" }

// cluster is one event under construction: its mentions in the order
// they joined, the founder first.
type cluster struct {
	members []*evident.EventMention
	// place is the place mention of the event's most specific stated
	// location, nil when only context gave one.
	place *evident.Mention
}

func (c *cluster) founder() *evident.EventMention { return c.members[0] }

// Process implements evident.Stage.
func (d Document) Process(_ context.Context, a *evident.Analysis) error {
	places := map[int]*evident.Mention{}
	for k := range a.Mentions {
		if m := &a.Mentions[k]; m.Kind == evident.KindPlace && m.Place != nil {
			places[m.Start] = m
		}
	}
	dc := docContext{a: a, places: places, focus: documentFocus(a)}
	var background []evident.Event
	var clusters []*cluster
	var founders, generic, joiners []*evident.EventMention
	for k := range a.EventMentions {
		em := &a.EventMentions[k]
		dc.dropFutureDate(em)
		switch {
		case em.Background:
			background = append(background, em.Event)
		case em.NotEvent != "" || em.Anaphoric:
			joiners = append(joiners, em)
		case em.Generic:
			generic = append(generic, em)
		default:
			founders = append(founders, em)
		}
	}
	join := func(em *evident.EventMention, found, loose bool) bool {
		if c := dc.best(clusters, em, loose); c != nil {
			c.members = append(c.members, em)
			if c.place == nil && em.PlaceFrom == "sentence" && weight(em) > 0 {
				c.place = dc.placeOf(em)
			}
			return true
		}
		if found {
			c := &cluster{members: []*evident.EventMention{em}}
			if em.PlaceFrom == "sentence" {
				c.place = dc.placeOf(em)
			}
			clusters = append(clusters, c)
			return true
		}
		return false
	}
	for _, em := range founders {
		join(em, true, false)
	}
	for _, em := range generic {
		join(em, true, false)
	}
	for _, em := range joiners {
		// An anaphor refers back: it joins loosely before it founds.
		if join(em, false, false) || join(em, false, true) || em.NotEvent == "" && join(em, true, false) {
			continue
		}
		ev := em.Event
		ev.Background = true
		ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "background", Value: "not an event: " + em.NotEvent,
			Start: em.Trigger.Start, End: em.Trigger.End, Rule: "document: a mention that cannot found an event and joins none", Confidence: 0.6})
		if em.NotEvent == "" {
			ev.Fields[len(ev.Fields)-1].Value = "not an event: anaphor of no event"
		}
		background = append(background, ev)
	}
	var evs []evident.Event
	for _, c := range clusters {
		ev := d.event(&dc, c)
		if ev.CountryCode == "" && ev.Latitude == 0 && ev.Longitude == 0 {
			d.countryFallback(&dc, &ev, c)
		}
		if ev.CountryCode == "" && ev.Latitude == 0 && ev.Longitude == 0 {
			ev.Background = true
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "background", Value: "not reportable: no place",
				Start: c.founder().Trigger.Start, End: c.founder().Trigger.End, Rule: "document: an event needs a place at least at country level", Confidence: 0.6})
		}
		evs = append(evs, ev)
	}
	a.Events = numberEvents(append(evs, mergeEvents(background)...))
	return nil
}

// docContext is what the document level knows of the document.
type docContext struct {
	a      *evident.Analysis
	places map[int]*evident.Mention // place mentions by start offset
	focus  focusInfo
}

// placeOf returns the place mention behind a mention's location.
func (dc *docContext) placeOf(em *evident.EventMention) *evident.Mention {
	for _, f := range em.Fields {
		if f.Field == "location" {
			return dc.places[f.Start]
		}
	}
	return nil
}

// dropFutureDate removes a date after the document's publication: an
// event reported in a document cannot have happened after it. The
// mention falls back to the publication date, known to the week.
func (dc *docContext) dropFutureDate(em *evident.EventMention) {
	pub := dc.a.Doc.Published
	if pub.IsZero() || em.EventDate == "" {
		return
	}
	d, err := time.Parse(time.DateOnly, em.EventDate)
	if err != nil || !d.After(pub.Truncate(24*time.Hour)) || d.Format(time.DateOnly) == pub.Format(time.DateOnly) {
		return
	}
	em.Fields = slices.DeleteFunc(em.Fields, func(f evident.FieldEvidence) bool { return f.Field == "event_date" })
	em.EventDate, em.TimePrecision, em.DateFrom = pub.Format(time.DateOnly), evident.PrecisionWeek, "published"
	fe := evident.FieldEvidence{Field: "event_date", Value: em.EventDate, Rule: "publication date: the date read (" + d.Format(time.DateOnly) + ") is after it", Confidence: 0.4}
	if ps := dc.a.Doc.PublishedSpan; ps != nil {
		fe.Start, fe.End = ps.Start, ps.End
	}
	em.Fields = append(em.Fields, fe)
}

// best returns the cluster a mention joins, or nil. A loose join (for
// mentions that only join) ignores the mention's own place and date,
// which are weak in a sentence that talks about an event rather than
// reporting it. Among compatible clusters it prefers the same
// sub-event type, then the nearest one before the mention.
func (dc *docContext) best(cs []*cluster, em *evident.EventMention, loose bool) *cluster {
	var best *cluster
	bestScore := math.Inf(-1)
	for _, c := range cs {
		if why := dc.conflict(c, em, loose); why != "" {
			continue
		}
		score := 0.0
		if c.founder().SubEventType == em.SubEventType {
			score += 100
		}
		last := c.members[len(c.members)-1].Sentence
		if last <= em.Sentence {
			score -= float64(em.Sentence - last)
		} else {
			score -= 50 + float64(last-em.Sentence)
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

// conflict says which slot keeps a mention out of a cluster, or "".
func (dc *docContext) conflict(c *cluster, em *evident.EventMention, loose bool) string {
	f := c.founder()
	if !typesCompatible(f, em) {
		return "type"
	}
	for _, o := range c.members {
		if actorsConflict(o, em) {
			return "actors"
		}
	}
	if loose {
		return ""
	}
	for _, o := range c.members {
		if datesConflict(o, em) {
			return "date"
		}
	}
	if em.PlaceFrom == "sentence" && c.place != nil {
		if p := dc.placeOf(em); p != nil && !nearPlaces(c.place.Place, p.Place) {
			return "place"
		}
	}
	if em.CountryCode != "" && f.CountryCode != "" && em.CountryCode != f.CountryCode && (em.PlaceFrom == "sentence" || c.place != nil) {
		return "country"
	}
	return ""
}

// violent event types: the ones a generic attack or death word can
// describe.
func violent(eventType string) bool {
	switch eventType {
	case "Battles", "Explosions/Remote violence", "Violence against civilians":
		return true
	}
	return false
}

// explosive sub-event types that one incident can be told as: "a suicide
// car bomb", "the explosion", "the bomb".
var explosiveFamily = setOf("Suicide bomb", "Remote explosive/landmine/IED", "Grenade")

// typesCompatible reports whether a mention can be the same event as a
// cluster's founder: the same sub-event type, either one a generic
// attack or death word beside a violent type, or two readings of one
// explosion.
func typesCompatible(f, em *evident.EventMention) bool {
	switch {
	case f.SubEventType == em.SubEventType:
		return true
	case em.Generic && violent(f.EventType) && violent(em.EventType):
		return true
	case f.Generic && violent(f.EventType) && violent(em.EventType):
		return true
	case explosiveFamily[f.SubEventType] && explosiveFamily[em.SubEventType]:
		return f.SubEventType == "Remote explosive/landmine/IED" || em.SubEventType == "Remote explosive/landmine/IED"
	}
	return false
}

// specificity ranks sub-event types of one incident: the event takes the
// most specific reading ("suicide bomb" over "explosion").
func specificity(em *evident.EventMention) int {
	n := 1
	if em.Generic {
		n = 0
	}
	if em.SubEventType == "Suicide bomb" || em.SubEventType == "Grenade" {
		n++
	}
	return n
}

// genericActor reports whether an actor name is ACLED's name for an
// unnamed group ("Unidentified Armed Group (Syria)", "Civilians (Iraq)").
func genericActor(name string) bool {
	for _, p := range []string{"Unidentified", "Civilians", "Protesters", "Rioters"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// actorsConflict reports whether two mentions name different
// perpetrators: both have a named actor1, neither is among the other's
// actors (the pair is unordered), and they are of different kinds (inter
// codes): "US-led coalition attacks" and "US strikes" are one side told
// two ways.
func actorsConflict(x, y *evident.EventMention) bool {
	if x.Actor1 == "" || y.Actor1 == "" || genericActor(x.Actor1) || genericActor(y.Actor1) {
		return false
	}
	return x.Actor1 != y.Actor1 && x.Actor1 != y.Actor2 && y.Actor1 != x.Actor2 && x.Inter1 != y.Inter1
}

// datesConflict reports whether two mentions state different days. A
// date that only context gave never conflicts; a generic mention may be
// a day off ("the toll rose on Sunday").
func datesConflict(x, y *evident.EventMention) bool {
	if x.DateFrom != "sentence" || y.DateFrom != "sentence" || x.TimePrecision != evident.PrecisionDay || y.TimePrecision != evident.PrecisionDay {
		return false
	}
	dx, err1 := time.Parse(time.DateOnly, x.EventDate)
	dy, err2 := time.Parse(time.DateOnly, y.EventDate)
	if err1 != nil || err2 != nil {
		return false
	}
	days := math.Abs(dx.Sub(dy).Hours() / 24)
	if x.Generic || y.Generic || x.Anaphoric || y.Anaphoric {
		return days > 1.5
	}
	return days > 0.5
}

// nearPlaces reports whether two places can be where one event
// happened: the same entry; one a country or region that holds the
// other; or two places whose distance is within their extents (a
// district of a city, the city itself).
func nearPlaces(p, q *evident.Place) bool {
	if p == nil || q == nil {
		return true
	}
	if p.GeonameID != 0 && p.GeonameID == q.GeonameID {
		return true
	}
	if p.CountryCode != "" && q.CountryCode != "" && p.CountryCode != q.CountryCode {
		return false
	}
	if p.IsCountry() || q.IsCountry() {
		return true
	}
	if p.FeatureCode == "ADM1" || q.FeatureCode == "ADM1" || p.FeatureClass == "L" || q.FeatureClass == "L" {
		return p.Admin1 == "" || q.Admin1 == "" || p.Admin1 == q.Admin1
	}
	if p.IsRegion() || q.IsRegion() {
		return p.Admin1 == q.Admin1 && (p.Admin2 == "" || q.Admin2 == "" || p.Admin2 == q.Admin2)
	}
	km := haversineKm(p.Lat, p.Lon, q.Lat, q.Lon)
	return km <= extentKm(p)+extentKm(q)
}

// extentKm is a rough radius of a populated place: a few kilometres for
// a village, a dozen for a city of a million.
func extentKm(p *evident.Place) float64 {
	return 3 + 0.006*math.Sqrt(float64(max(p.Population, 0)))
}

func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * 6371 * math.Asin(math.Sqrt(min(1, h)))
}

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
	// that only refer to it. A reaction's actors are those who react ("the
	// army has launched an investigation into the killings"), not the
	// event's.
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
	stateWeapon := ev.SubEventType == "Air/drone strike" || ev.SubEventType == "Shelling/artillery/missile attack"
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
			if m.NotEvent == "" && (m.Fatalities > 0 || m.FatalitiesHigh > 0 || m.Injured > 0) {
				act := d.localise(evident.Actor{Name: "Civilians", Inter: evident.InterCivilians, Generic: true}, countryName)
				a2 = &actor{act.Name, act.Inter, nil, "actor2"}
				civ = true
				ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor2", Value: act.Name, Start: m.Trigger.Start, End: m.Trigger.End,
					Rule: "event: casualties and no armed target named: the victims are civilians of the event's country", Confidence: 0.5})
				break
			}
		}
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
	var order []string
	name := map[string]string{} // a source as the text first names it
	low, high, injured := -1, 0, 0
	for _, m := range c.members {
		if m.Fatalities > 0 || m.FatalitiesHigh > 0 {
			// "police said" and "Police later said" are one source.
			src := strings.ToLower(m.Attribution)
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
func (d Document) locationOf(p *evident.Place) evident.Location {
	l := evident.Location{
		CountryCode: p.CountryCode, Country: p.Country, Admin1: p.Admin1, Admin2: p.Admin2,
		Location: p.Name, Latitude: p.Lat, Longitude: p.Lon, GeonameID: p.GeonameID, GeoPrecision: geoPrecision(p),
	}
	if d.Countries != nil && p.CountryCode != "" {
		name, iso := d.Countries(p.CountryCode)
		l.ISO = iso
		if l.Country == "" {
			l.Country = name
		}
	}
	return l
}

// countryFallback locates an event that no mention places at country
// level (geo_precision 3): in the document's main country, named or
// implied by demonyms ("News India. Mob lynches ..."), else in the
// country of a named, non-foreign actor of the event ("Kenyan police").
func (d Document) countryFallback(dc *docContext, ev *evident.Event, c *cluster) {
	cc, rule, span := dc.focus.country, "the document's main country", evident.Span{}
	if cc == "" {
		for _, m := range c.members {
			for _, f := range m.Fields {
				if f.Field != "actor1" && f.Field != "actor2" {
					continue
				}
				for k := range dc.a.Mentions {
					am := &dc.a.Mentions[k]
					if am.Kind == evident.KindActor && am.Start == f.Start && am.Actor != nil && am.Actor.CountryCode != "" && am.Actor.Inter != evident.InterExternal {
						cc, rule, span = am.Actor.CountryCode, "the country of the actor "+am.Actor.Name, am.Span
						break
					}
				}
				if cc != "" {
					break
				}
			}
			if cc != "" {
				break
			}
		}
	}
	if cc == "" {
		return
	}
	var place *evident.Place
	for k := range dc.a.Mentions {
		m := &dc.a.Mentions[k]
		if m.Kind == evident.KindPlace && m.Place != nil && m.Place.CountryCode == cc && (m.Place.IsCountry() || m.Place.Demonym) {
			place = m.Place
			if span.Len() == 0 {
				span = m.Span
			}
			break
		}
	}
	if place != nil {
		ev.Location = d.locationOf(&evident.Place{Name: place.Country, CountryCode: cc, Country: place.Country, Lat: place.Lat, Lon: place.Lon,
			GeonameID: place.GeonameID, FeatureClass: "A", FeatureCode: "PCLI"})
		if ev.Location.Location == "" {
			ev.Location.Location = ev.Location.Country
		}
	} else {
		ev.Location = d.locationOf(&evident.Place{CountryCode: cc, FeatureClass: "A", FeatureCode: "PCLI"})
		ev.Location.Location = ev.Location.Country
	}
	ev.GeoPrecision = 3
	ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "location", Value: ev.Location.Location, Start: span.Start, End: span.End,
		Rule: "event: no mention names a place: " + rule + " (country level)", Confidence: 0.4})
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
	if !genericActor(name) || countryName == "" {
		return name
	}
	base, _, _ := strings.Cut(name, " (")
	return d.localise(evident.Actor{Name: base, Inter: inter, Generic: true}, countryName).Name
}

// weight ranks how much a mention says about its event: 2 for a
// specific mention that could found it, 1 for a generic one, 0 for one
// that only joins (anaphors, quotes, reactions, no participant).
func weight(em *evident.EventMention) int {
	switch {
	case em.NotEvent != "" || em.Anaphoric:
		return 0
	case em.Generic:
		return 1
	}
	return 2
}

// demonymBefore returns the country of a demonym within three tokens
// before the trigger of one of a cluster's reporting mentions ("Israeli
// warplanes", "Russian aircraft conducted strikes"), and its mention.
func (dc *docContext) demonymBefore(c *cluster) (string, *evident.Mention) {
	return dc.countryBefore(c, true)
}

// countryBefore returns the country named (or, when demonyms is true,
// implied by a demonym) within two words before the trigger of one of a
// cluster's reporting mentions, with no actor between them: "Turkey
// launched the assault", "Israeli warplanes".
func (dc *docContext) countryBefore(c *cluster, demonyms bool) (string, *evident.Mention) {
	for _, em := range c.members {
		if weight(em) == 0 {
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
	for k := range dc.a.Mentions {
		m := &dc.a.Mentions[k]
		if m.Kind == evident.KindActor && m.Start >= start && m.End <= end {
			return true
		}
	}
	return false
}
