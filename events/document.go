package events

import (
	"context"
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
	places, actors := map[int]*evident.Mention{}, map[int]*evident.Mention{}
	var byStart []*evident.Mention
	for k := range a.Mentions {
		switch m := &a.Mentions[k]; {
		case m.Kind == evident.KindPlace && m.Place != nil:
			places[m.Start] = m
		case m.Kind == evident.KindActor:
			byStart = append(byStart, m)
			if _, ok := actors[m.Start]; !ok && m.Actor != nil {
				actors[m.Start] = m
			}
		}
	}
	slices.SortStableFunc(byStart, func(x, y *evident.Mention) int { return x.Start - y.Start })
	dc := docContext{a: a, places: places, actors: actors, actorSpans: byStart, focus: documentFocus(a)}
	var background []evident.Event
	var clusters []*cluster
	var founders, generic, joiners []*evident.EventMention
	for k := range a.EventMentions {
		em := &a.EventMentions[k]
		dc.dropFutureDate(em)
		switch {
		case em.Background && claimOfKnownEvent(em):
			// "Al Shabaab claimed responsibility for the attack": the
			// claim names the perpetrator of an event told elsewhere; it
			// joins that event and founds none.
			em.Background = false
			em.NotEvent = "claim of a known event"
			em.Fields = slices.DeleteFunc(em.Fields, func(f evident.FieldEvidence) bool { return f.Field == "background" })
			joiners = append(joiners, em)
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
			// The founder's own sentence places the event, stated or only
			// named ("released toxic gas on the town of Khan Sheikhun").
			if em.PlaceFrom == "sentence" || em.PlaceFrom == "ungoverned" {
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
		if em.Another {
			dc.analogy(clusters, em)
		}
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
		if ev.CountryCode == "" {
			// A continent or world region ("cells across Europe") is no
			// place at country level: the event is placed as if it had
			// none.
			ev.Fields = slices.DeleteFunc(ev.Fields, func(f evident.FieldEvidence) bool { return f.Field == "location" })
			ev.Location = evident.Location{}
			d.countryFallback(&dc, &ev, c)
		}
		if ev.CountryCode == "" {
			if len(places) > 0 {
				ev.Background = true
				ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "background", Value: "not reportable: no place",
					Start: c.founder().Trigger.Start, End: c.founder().Trigger.End, Rule: "document: an event needs a place at least at country level", Confidence: 0.6})
			} else {
				// A wire snippet or feed item that names no place the
				// gazetteer knows: the event is kept, unlocated and said
				// so, for an analyst to place; it is never put on the map.
				ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "location", Value: "",
					Start: c.founder().Trigger.Start, End: c.founder().Trigger.End, Rule: "event: the document names no place the gazetteer knows: location unknown", Confidence: 0})
			}
		}
		evs = append(evs, ev)
	}
	a.Events = numberEvents(d.conform(a.Doc, append(evs, mergeEvents(background)...)))
	return nil
}

// docContext is what the document level knows of the document.
type docContext struct {
	a      *evident.Analysis
	places map[int]*evident.Mention // place mentions by start offset
	actors map[int]*evident.Mention // actor mentions by start offset
	// actorSpans are the actor mentions in text order.
	actorSpans []*evident.Mention
	focus      focusInfo
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
		// A generic mention's type ("attack", "killed") is a default,
		// no sign of which event it tells.
		if c.founder().SubEventType == em.SubEventType && !em.Generic {
			score += 100
		}
		// The nearest member told before the mention; a cluster told only
		// after it comes last.
		gap, after := math.Inf(1), math.Inf(1)
		for _, m := range c.members {
			if d := float64(em.Sentence - m.Sentence); d >= 0 {
				gap = min(gap, d)
			} else {
				after = min(after, -d)
			}
		}
		if math.IsInf(gap, 1) {
			gap = 50 + after
		}
		score -= gap
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

// conflict says which slot keeps a mention out of a cluster, or "".
func (dc *docContext) conflict(c *cluster, em *evident.EventMention, loose bool) string {
	f := c.founder()
	if em.Separate && f.Sentence < em.Sentence || f.Separate && em.Sentence < f.Sentence {
		return "another incident"
	}
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
	if em.Another && em.PlaceFrom == "sentence" {
		// "a second wave of strikes hit the nearby town of Kafranbel,
		// killing four more people": another place is another event,
		// even inside the province the first one was told in.
		if p := dc.placeOf(em); p != nil && (c.place == nil || c.place.Place.GeonameID != p.Place.GeonameID) && f.GeonameID != p.Place.GeonameID {
			return "another place"
		}
	}
	if em.CountryCode != "" && f.CountryCode != "" && em.CountryCode != f.CountryCode && em.PlaceFrom == "sentence" && (f.PlaceFrom == "sentence" || c.place != nil) {
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

// protestSeverity ranks the readings of one demonstration: "protesters
// marched" then "police fired tear gas" then "used live ammunition".
var protestSeverity = map[string]int{"Peaceful protest": 1, "Protest with intervention": 2, "Excessive force against protesters": 3}

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
	case protestSeverity[f.SubEventType] > 0 && protestSeverity[em.SubEventType] > 0:
		// One demonstration, told as a march, then its dispersal.
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
	return n + protestSeverity[em.SubEventType] - min(protestSeverity[em.SubEventType], 1)
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
// date that only context gave never conflicts; an anaphor may be a day
// off ("the attack on Saturday" told on Sunday).
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
	if x.Anaphoric || y.Anaphoric {
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
	// "Air strikes kill 15 in Idlib": a provincial capital named like its
	// province may stand for the province.
	if p.Admin1 != "" && p.Admin1 == q.Admin1 && (sameName(p.Name, p.Admin1) || sameName(q.Name, q.Admin1)) {
		return true
	}
	km := haversineKm(p.Lat, p.Lon, q.Lat, q.Lon)
	return km <= extentKm(p)+extentKm(q)
}

// sameName compares place names loosely (case, diacritics ignored by the
// first letters and length).
func sameName(a, b string) bool {
	fold := func(s string) string {
		var out []rune
		for _, r := range strings.ToLower(s) {
			if r >= 'a' && r <= 'z' {
				out = append(out, r)
			}
		}
		return string(out)
	}
	x, y := fold(a), fold(b)
	return x != "" && (x == y || strings.HasPrefix(y, x) || strings.HasPrefix(x, y))
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

// claimOfKnownEvent reports whether a background mention is a claim or
// accusation about a definite event (discourse: "attribution of a known
// event") that names its perpetrator.
func claimOfKnownEvent(em *evident.EventMention) bool {
	if em.Actor1 == "" {
		return false
	}
	for _, f := range em.Fields {
		if f.Field == "background" {
			return f.Value == "attribution of a known event"
		}
	}
	return false
}

// analogy gives a generic mention that tells another place ("a second
// wave of strikes hit the nearby town of Kafranbel, killing four more")
// the type of the specific event before it that it would have joined but
// for the place: the same attack, told again elsewhere.
func (dc *docContext) analogy(cs []*cluster, em *evident.EventMention) {
	for i := len(cs) - 1; i >= 0; i-- {
		f := cs[i].founder()
		if f.Generic || f.Sentence > em.Sentence || !typesCompatible(f, em) {
			continue
		}
		if dc.conflict(cs[i], em, false) != "another place" {
			continue
		}
		em.EventType, em.SubEventType, em.DisorderType = f.EventType, f.SubEventType, f.DisorderType
		em.Generic = false
		em.Fields = append(em.Fields, evident.FieldEvidence{Field: "sub_event_type", Value: f.SubEventType, Start: f.Trigger.Start, End: f.Trigger.End,
			Rule: "event: another place told as the event before it (analogy)", Confidence: 0.5})
		return
	}
}
