package fuse

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evident-org/evident"
)

// place is a test location.
type place struct {
	name, admin1, cc string
	lat, lon         float64
	gp, radiusM      int
}

var (
	townA    = place{"Alpha", "North", "SY", 36.20, 37.10, 1, 13000}
	townA2   = place{"Alpha East", "North", "SY", 36.21, 37.15, 2, 12000} // ~5 km from Alpha
	townB    = place{"Bravo", "South", "SY", 33.50, 36.30, 1, 12000}      // ~300 km from Alpha
	region   = place{"North", "North", "SY", 36.00, 36.80, 3, 77000}      // the region around Alpha
	villageC = place{"Charlie", "North", "SY", 35.44, 36.65, 1, 2000}     // ~95 km from Alpha
)

type evOpt func(*evident.Event)

func ev(id, doc, date, sub string, p place, fat int, opts ...evOpt) evident.Event {
	typ := "Explosions/Remote violence"
	switch sub {
	case "Armed clash", "Government regains territory":
		typ = "Battles"
	case "Attack":
		typ = "Violence against civilians"
	case "Peaceful protest", "Protest with intervention":
		typ = "Protests"
	}
	e := evident.Event{ID: id, DocID: doc, EventDate: date, TimePrecision: 1, EventType: typ, SubEventType: sub,
		Actor1: "Unidentified Armed Group (Syria)", Actor2: "Civilians (Syria)",
		Location: evident.Location{Country: "Syria", CountryCode: p.cc, ISO: 760, Admin1: p.admin1, Location: p.name,
			Latitude: p.lat, Longitude: p.lon, GeoPrecision: p.gp, UncertaintyM: p.radiusM},
		Source: "Outlet " + doc, SourceScale: "International", Modality: evident.ModalityAsserted,
		Casualties: evident.Casualties{Fatalities: fat, FatalitiesLow: fat, FatalitiesHigh: fat},
		Evidence:   []evident.Evidence{{Start: 0, End: 40, Text: "A bomb killed " + sub + " in " + p.name + "."}},
	}
	for _, o := range opts {
		o(&e)
	}
	return e
}

func actor1(a string) evOpt { return func(e *evident.Event) { e.Actor1 = a } }
func tp(p int) evOpt        { return func(e *evident.Event) { e.TimePrecision = p } }
func scale(s string) evOpt  { return func(e *evident.Event) { e.SourceScale = s } }
func background() evOpt     { return func(e *evident.Event) { e.Background = true } }
func claim(v, who string) evOpt {
	return func(e *evident.Event) {
		e.Fields = append(e.Fields, evident.FieldEvidence{Field: "fatalities", Value: v, Start: 5, End: 8, Rule: "number:digits (according to " + who + ")"})
	}
}

// groups returns the incidents as sorted lists of event ids, sorted.
func groups(ins []evident.Incident) [][]string {
	var out [][]string
	for _, in := range ins {
		var g []string
		for _, r := range in.Reports {
			g = append(g, r.EventID)
		}
		slices.Sort(g)
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out
}

func TestFuseGroups(t *testing.T) {
	tests := []struct {
		name   string
		events []evident.Event
		want   [][]string
	}{
		{"two outlets, one bombing, different tolls", []evident.Event{
			ev("a1", "docA", "2017-04-15", "Suicide bomb", townA, 126, claim("126", "the Observatory")),
			ev("b1", "docB", "2017-04-15", "Suicide bomb", townA2, 22, claim("22", "state media"), claim("24", "the Observatory")),
		}, [][]string{{"a1", "b1"}}},
		{"same day, far apart", []evident.Event{
			ev("a1", "docA", "2017-04-15", "Suicide bomb", townA, 10),
			ev("b1", "docB", "2017-04-15", "Suicide bomb", townB, 10),
		}, [][]string{{"a1"}, {"b1"}}},
		{"a refined type joins its generic report", []evident.Event{
			ev("a1", "docA", "2017-04-15", "Remote explosive/landmine/IED", townA, 30),
			ev("b1", "docB", "2017-04-16", "Suicide bomb", townA, 44),
		}, [][]string{{"a1", "b1"}}},
		{"unrelated sub-event types stay apart", []evident.Event{
			ev("a1", "docA", "2017-04-15", "Air/drone strike", townA, 3),
			ev("b1", "docB", "2017-04-15", "Remote explosive/landmine/IED", townA, 3),
		}, [][]string{{"a1"}, {"b1"}}},
		{"exact days four apart", []evident.Event{
			ev("a1", "docA", "2017-04-15", "Suicide bomb", townA, 10),
			ev("b1", "docB", "2017-04-19", "Suicide bomb", townA, 6),
		}, [][]string{{"a1"}, {"b1"}}},
		{"a week-precise date joins within seven days", []evident.Event{
			ev("a1", "docA", "2017-04-15", "Suicide bomb", townA, 10),
			ev("b1", "docB", "2017-04-19", "Suicide bomb", townA, 6, tp(2)),
		}, [][]string{{"a1", "b1"}}},
		{"never two reports of one document", []evident.Event{
			ev("a1", "docA", "2017-04-15", "Suicide bomb", townA, 10),
			ev("a2", "docA", "2017-04-15", "Suicide bomb", townA2, 10),
			ev("b1", "docB", "2017-04-15", "Suicide bomb", townA, 10),
		}, [][]string{{"a1", "b1"}, {"a2"}}},
		{"a region contains its town", []evident.Event{
			ev("a1", "docA", "2017-04-04", "Chemical weapon", villageC, 58),
			ev("b1", "docB", "2017-04-04", "Chemical weapon", region, 70),
		}, [][]string{{"a1", "b1"}}},
		{"disjoint identified actors", []evident.Event{
			ev("a1", "docA", "2017-04-04", "Air/drone strike", townA, 5, actor1("Military Forces of Russia (2000-)")),
			ev("b1", "docB", "2017-04-04", "Air/drone strike", townA, 5, actor1("Military Forces of Syria (2000-2024)"), func(e *evident.Event) { e.Actor2 = "" }),
		}, [][]string{{"a1"}, {"b1"}}},
		{"an unidentified actor is compatible", []evident.Event{
			ev("a1", "docA", "2017-04-04", "Air/drone strike", townA, 5, actor1("Military Forces of Russia (2000-)")),
			ev("b1", "docB", "2017-04-04", "Air/drone strike", townA, 5, func(e *evident.Event) { e.Actor2 = "" }),
		}, [][]string{{"a1", "b1"}}},
		{"background events are not fused", []evident.Event{
			ev("a1", "docA", "2017-04-15", "Suicide bomb", townA, 10),
			ev("b1", "docB", "2017-04-15", "Suicide bomb", townA, 10, background()),
		}, [][]string{{"a1"}}},
		{"no chaining through a vague report", []evident.Event{
			// b1 (week precision) is within 7 days of both; a1 and c1 are
			// four days apart at day precision: b1 may join one, never
			// both into one incident.
			ev("a1", "docA", "2017-04-15", "Suicide bomb", townA, 10),
			ev("b1", "docB", "2017-04-17", "Suicide bomb", townA, 10, tp(2)),
			ev("c1", "docC", "2017-04-19", "Suicide bomb", townA, 6),
		}, [][]string{{"a1", "b1"}, {"c1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := groups(Fuse(tt.events, nil))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("groups = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFuseCanonicalAndClaims(t *testing.T) {
	docs := map[string]Doc{
		"docA": {Outlet: "Zeta News", Published: time.Date(2017, 4, 16, 0, 0, 0, 0, time.UTC)},
		"docB": {Outlet: "Alpha Wire", Published: time.Date(2017, 4, 15, 0, 0, 0, 0, time.UTC)},
	}
	ins := Fuse([]evident.Event{
		ev("a1", "docA", "2017-04-15", "Remote explosive/landmine/IED", townA2, 126, claim("126", "the Observatory"), scale("National")),
		ev("b1", "docB", "2017-04-15", "Suicide bomb", townA, 22, claim("22", "state media"), claim("24", "the Observatory"),
			actor1("Islamic State")),
	}, docs)
	if len(ins) != 1 {
		t.Fatalf("%d incidents, want 1: %+v", len(ins), ins)
	}
	in := ins[0]
	if in.SubEventType != "Suicide bomb" || in.Fatalities != 22 || in.FatalitiesHigh != 126 || in.EventDate != "2017-04-15" {
		t.Errorf("canonical: %s, %d killed (high %d), %s", in.SubEventType, in.Fatalities, in.FatalitiesHigh, in.EventDate)
	}
	if in.Location.Location != "Alpha" || in.Actor1 != "Islamic State" || in.FatalitiesFrom != "b1" {
		t.Errorf("location %q, actor1 %q, fatalities from %q", in.Location.Location, in.Actor1, in.FatalitiesFrom)
	}
	if in.Source != "Alpha Wire; Zeta News" || in.SourceScale != "National-International" {
		t.Errorf("source %q, scale %q", in.Source, in.SourceScale)
	}
	var tolls []string
	canon := 0
	for _, c := range in.Claims {
		if c.Field == evident.ClaimFatalities {
			tolls = append(tolls, c.Value+" "+c.Source+" "+c.Outlet+" "+c.Published)
			if c.Canonical {
				canon++
				if c.Value != "22" {
					t.Errorf("canonical claim %+v", c)
				}
			}
			if c.Evidence.Text == "" || c.Span == nil {
				t.Errorf("claim without evidence: %+v", c)
			}
		}
	}
	want := []string{"126 the Observatory Zeta News 2017-04-16", "22 state media Alpha Wire 2017-04-15", "24 the Observatory Alpha Wire 2017-04-15"}
	slices.Sort(tolls)
	if !reflect.DeepEqual(tolls, want) || canon != 1 {
		t.Errorf("fatality claims %q (canonical %d), want %q", tolls, canon, want)
	}
	if len(in.Decisions) != 2 || in.Decisions[0].Action != evident.FusionStarted || in.Decisions[1].Action != evident.FusionJoined {
		t.Fatalf("decisions %+v", in.Decisions)
	}
	j := in.Decisions[1]
	if j.Incident != in.ID || j.Km < 0 || j.Days != 0 || j.Score <= 0 || !strings.Contains(j.Rule, "refinement") {
		t.Errorf("join decision %+v", j)
	}
}

func TestFuseStartedDecisionExplains(t *testing.T) {
	ins := Fuse([]evident.Event{
		ev("a1", "docA", "2017-04-15", "Suicide bomb", townA, 10),
		ev("b1", "docB", "2017-04-19", "Suicide bomb", townA, 6),
	}, nil)
	var started evident.FusionDecision
	for _, in := range ins {
		for _, d := range in.Decisions {
			if d.EventID == "b1" {
				started = d
			}
		}
	}
	if started.Action != evident.FusionStarted || started.Against == "" || started.Days != 4 || !strings.HasPrefix(started.Rule, "date: 4 days apart") {
		t.Errorf("decision %+v", started)
	}
}

// corpus is a mixed set for the order tests: two incidents with several
// reports each, refinements, a vague report and loners.
func corpus() []evident.Event {
	return []evident.Event{
		ev("a1", "docA", "2017-04-15", "Suicide bomb", townA, 126),
		ev("b1", "docB", "2017-04-15", "Remote explosive/landmine/IED", townA2, 22),
		ev("c1", "docC", "2017-04-16", "Suicide bomb", townA, 100),
		ev("d1", "docD", "2017-04-17", "Suicide bomb", townA, 43, tp(2)),
		ev("e1", "docE", "2017-04-19", "Remote explosive/landmine/IED", townA, 6),
		ev("f1", "docF", "2017-04-19", "Remote explosive/landmine/IED", townA2, 6),
		ev("a2", "docA", "2017-04-19", "Remote explosive/landmine/IED", townA, 6),
		ev("g1", "docG", "2017-04-04", "Chemical weapon", villageC, 58),
		ev("h1", "docH", "2017-04-04", "Chemical weapon", region, 70),
		ev("i1", "docI", "2017-04-05", "Air/drone strike", villageC, 72),
		ev("j1", "docJ", "2017-04-15", "Suicide bomb", townB, 3),
		ev("k1", "docK", "2017-04-15", "Armed clash", townA, 2),
		ev("l1", "docL", "2017-04-16", "Government regains territory", townA2, 0),
	}
}

func TestFuseOrderIndependent(t *testing.T) {
	want := Fuse(corpus(), nil)
	if len(want) < 4 {
		t.Fatalf("only %d incidents", len(want))
	}
	rng := rand.New(rand.NewPCG(14, 1))
	for i := range 10 {
		evs := corpus()
		rng.Shuffle(len(evs), func(a, b int) { evs[a], evs[b] = evs[b], evs[a] })
		if got := Fuse(evs, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d: incidents differ:\n got %v\nwant %v", i, groups(got), groups(want))
		}
	}
}

func TestFuseIdempotent(t *testing.T) {
	first := Fuse(corpus(), nil)
	again := Fuse(corpus(), nil)
	if !reflect.DeepEqual(first, again) {
		t.Fatal("fusing the same set twice differs")
	}
	// The same set given twice over fuses to the same incidents.
	twice := Fuse(append(corpus(), corpus()...), nil)
	if !reflect.DeepEqual(first, twice) {
		t.Fatalf("duplicated input differs: %v vs %v", groups(twice), groups(first))
	}
	ids := map[string]bool{}
	for _, in := range first {
		if !strings.HasPrefix(in.ID, "in-") || ids[in.ID] {
			t.Errorf("bad or duplicate id %q", in.ID)
		}
		ids[in.ID] = true
	}
}

func TestGenericActor(t *testing.T) {
	for a, want := range map[string]bool{"": true, "Unidentified Armed Group (Syria)": true, "Protesters (Iraq)": true,
		"Islamic State": false, "Civilians (Syria)": false} {
		if got := GenericActor(a); got != want {
			t.Errorf("GenericActor(%q) = %v", a, got)
		}
	}
	if normActor("Military Forces of Syria (2000-2024)") != normActor("military forces of syria (2000-)") {
		t.Error("normActor keeps the period")
	}
}

func TestComponentsEqualsFuse(t *testing.T) {
	// The incidents are the same; only a started incident's explanation
	// may differ: Fuse names the nearest rejected incident anywhere,
	// Components only within the component ("no candidate" otherwise).
	startsPlain := func(ins []evident.Incident) []evident.Incident {
		out := slices.Clone(ins)
		for i := range out {
			out[i].Decisions = slices.Clone(out[i].Decisions)
			for j, d := range out[i].Decisions {
				if d.Action == evident.FusionStarted {
					out[i].Decisions[j] = evident.FusionDecision{EventID: d.EventID, DocID: d.DocID, Action: d.Action, Incident: d.Incident}
				}
			}
		}
		return out
	}
	want := startsPlain(Fuse(corpus(), nil))
	if got := startsPlain(Components(corpus(), nil)); !reflect.DeepEqual(got, want) {
		t.Fatalf("Components differs from Fuse:\n got %v\nwant %v", groups(got), groups(want))
	}
}

func TestFuseLinked(t *testing.T) {
	at := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	base := Fuse(corpus(), nil)
	incidentOf := func(ins []evident.Incident, id string) string {
		for _, in := range ins {
			for _, r := range in.Reports {
				if r.EventID == id {
					return in.ID
				}
			}
		}
		return ""
	}
	if incidentOf(base, "a1") != incidentOf(base, "c1") || incidentOf(base, "a1") == incidentOf(base, "j1") {
		t.Fatalf("fixture: a1 and c1 should be one incident, j1 another: %v", groups(base))
	}
	// A cannot link keeps c1 out of a1's incident.
	split := FuseLinked(corpus(), nil, []evident.FusionLink{{EventA: "a1", EventB: "c1", Kind: evident.LinkCannot, Override: 1, By: "alice", At: at}})
	if incidentOf(split, "a1") == incidentOf(split, "c1") {
		t.Errorf("cannot link ignored: %v", groups(split))
	}
	var rule string
	for _, in := range split {
		for _, d := range in.Decisions {
			if d.EventID == "c1" {
				rule = d.Rule
			}
		}
	}
	if rule == "" {
		t.Error("no decision for c1")
	}
	// A must link brings j1 (another town) into a1's incident, and the
	// decision names the override.
	merged := FuseLinked(corpus(), nil, []evident.FusionLink{{EventA: "a1", EventB: "j1", Kind: evident.LinkMust, Override: 2, By: "bob", At: at}})
	if incidentOf(merged, "a1") != incidentOf(merged, "j1") {
		t.Fatalf("must link ignored: %v", groups(merged))
	}
	named := false
	for _, in := range merged {
		for _, d := range in.Decisions {
			// Whichever of the two comes later in canonical order joins
			// the other's incident by the override.
			if (d.EventID == "j1" || d.EventID == "a1") && d.Action == evident.FusionJoined {
				named = named || strings.Contains(d.Rule, "override #2: merged by bob")
			}
		}
	}
	if !named {
		t.Error("no join decision of a1 or j1 names the override")
	}
	// Links with an end outside the events change nothing; so does the
	// order of events and links.
	if got := FuseLinked(corpus(), nil, []evident.FusionLink{{EventA: "a1", EventB: "zz", Kind: evident.LinkCannot}}); !reflect.DeepEqual(got, base) {
		t.Error("a link to an absent event changed the incidents")
	}
	evs := corpus()
	slices.Reverse(evs)
	if got := FuseLinked(evs, nil, []evident.FusionLink{{EventA: "j1", EventB: "a1", Kind: evident.LinkMust, Override: 2, By: "bob", At: at}}); !reflect.DeepEqual(got, merged) {
		t.Error("reversed events and link ends give other incidents")
	}
}
