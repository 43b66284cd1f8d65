package eventeval

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/evident-org/evident"
)

func fp(f float64) *float64 { return &f }
func ip(i int) *int         { return &i }
func sp(s string) *string   { return &s }

// Mosul and places at known distances from it.
const (
	mosulLat, mosulLon = 36.34, 43.13
)

// goldEv builds a gold event at lat, lon (NaN: no coordinates).
func goldEv(status, typ string, lat, lon float64, prec int, admin1, date string, tprec int) GoldEvent {
	g := GoldEvent{ID: "G", Status: status, EventType: typ, SubEventType: "Armed clash",
		Location: GoldLocation{Name: "X", Country: "IQ", Admin1: admin1, GeoPrecision: prec}, TimePrecision: tprec}
	if !math.IsNaN(lat) {
		g.Location.Lat, g.Location.Lon = fp(lat), fp(lon)
	}
	if date != "" {
		g.EventDate = sp(date)
	}
	return g
}

// sysEv builds a system event.
func sysEv(typ string, lat, lon float64, prec int, admin1, date string, tprec int) evident.Event {
	e := evident.Event{EventType: typ, SubEventType: "Armed clash", EventDate: date, TimePrecision: tprec, Confidence: 0.5}
	e.Latitude, e.Longitude, e.GeoPrecision, e.Admin1, e.CountryCode = lat, lon, prec, admin1, "IQ"
	return e
}

func TestHaversine(t *testing.T) {
	// One degree of latitude is 111.19 km on the mean sphere.
	if d := Haversine(36, 43, 37, 43); math.Abs(d-111.19) > 0.01 {
		t.Errorf("1° latitude = %.3f km", d)
	}
	if d := Haversine(mosulLat, mosulLon, mosulLat, mosulLon); d != 0 {
		t.Errorf("same point = %f", d)
	}
}

func TestCompatible(t *testing.T) {
	nan := math.NaN()
	// 0.4° of latitude ≈ 44.5 km; 0.5° ≈ 55.6 km.
	near, far := mosulLat+0.4, mosulLat+0.5
	tests := []struct {
		name string
		g    GoldEvent
		s    evident.Event
		want string
	}{
		{"same place and day", goldEv("required", "Battles", mosulLat, mosulLon, 1, "Nineveh", "2017-03-09", 1), sysEv("Battles", mosulLat, mosulLon, 1, "Nineveh", "2017-03-09", 1), ""},
		{"different type", goldEv("required", "Battles", mosulLat, mosulLon, 1, "Nineveh", "", 3), sysEv("Violence against civilians", mosulLat, mosulLon, 1, "Nineveh", "", 3), ReasonType},
		{"type case-insensitive", goldEv("required", "Battles", mosulLat, mosulLon, 1, "", "", 3), sysEv("battles", mosulLat, mosulLon, 1, "", "", 3), ""},
		{"sub-event type not compared", goldEv("required", "Battles", mosulLat, mosulLon, 1, "", "", 3), func() evident.Event {
			e := sysEv("Battles", mosulLat, mosulLon, 1, "", "", 3)
			e.SubEventType = "Government regains territory"
			return e
		}(), ""},
		{"44 km", goldEv("required", "Battles", mosulLat, mosulLon, 1, "", "", 3), sysEv("Battles", near, mosulLon, 1, "", "", 3), ""},
		{"56 km", goldEv("required", "Battles", mosulLat, mosulLon, 1, "Nineveh", "", 3), sysEv("Battles", far, mosulLon, 1, "Nineveh", "", 3), ReasonLocation},
		{"56 km, same admin1, gold precision 3", goldEv("required", "Battles", mosulLat, mosulLon, 3, "Nineveh", "", 3), sysEv("Battles", far, mosulLon, 1, "Ninawa", "", 3), ""},
		{"56 km, same admin1, system precision 3", goldEv("required", "Battles", mosulLat, mosulLon, 1, "Nineveh", "", 3), sysEv("Battles", far, mosulLon, 3, "Nineveh", "", 3), ""},
		{"precision 3, other admin1", goldEv("required", "Battles", mosulLat, mosulLon, 3, "Nineveh", "", 3), sysEv("Battles", 33.3, 44.4, 3, "Baghdad", "", 3), ReasonLocation},
		{"precision 3, no admin1", goldEv("required", "Battles", mosulLat, mosulLon, 3, "", "", 3), sysEv("Battles", far, mosulLon, 3, "", "", 3), ReasonLocation},
		{"precision 3, same admin1 name, other country", goldEv("required", "Battles", mosulLat, mosulLon, 3, "Babil", "", 3), func() evident.Event {
			e := sysEv("Battles", 10, 10, 3, "Babil", "", 3)
			e.CountryCode = "NG"
			return e
		}(), ReasonLocation},
		{"gold without coordinates, precision 3", goldEv("required", "Battles", nan, 0, 3, "Nineveh", "", 3), sysEv("Battles", far, mosulLon, 1, "Nineveh", "", 3), ""},
		{"gold without coordinates, precision 1", goldEv("required", "Battles", nan, 0, 1, "Nineveh", "", 3), sysEv("Battles", mosulLat, mosulLon, 1, "Nineveh", "", 3), ReasonLocation},
		{"system without coordinates", goldEv("required", "Battles", mosulLat, mosulLon, 1, "Nineveh", "", 3), sysEv("Battles", 0, 0, 0, "", "", 3), ReasonLocation},
		{"3 days", goldEv("required", "Battles", mosulLat, mosulLon, 1, "", "2017-03-09", 1), sysEv("Battles", mosulLat, mosulLon, 1, "", "2017-03-12", 1), ""},
		{"4 days", goldEv("required", "Battles", mosulLat, mosulLon, 1, "", "2017-03-09", 1), sysEv("Battles", mosulLat, mosulLon, 1, "", "2017-03-05", 1), ReasonDate},
		{"4 days, gold week precision", goldEv("required", "Battles", mosulLat, mosulLon, 1, "", "2017-03-09", 2), sysEv("Battles", mosulLat, mosulLon, 1, "", "2017-03-05", 1), ReasonDate},
		{"4 days, gold precision 3", goldEv("required", "Battles", mosulLat, mosulLon, 1, "", "2017-03-01", 3), sysEv("Battles", mosulLat, mosulLon, 1, "", "2017-03-20", 1), ""},
		{"4 days, system precision 3", goldEv("required", "Battles", mosulLat, mosulLon, 1, "", "2017-03-09", 1), sysEv("Battles", mosulLat, mosulLon, 1, "", "2017-03-01", 3), ""},
		{"gold without date", goldEv("required", "Battles", mosulLat, mosulLon, 1, "", "", 1), sysEv("Battles", mosulLat, mosulLon, 1, "", "2010-01-01", 1), ""},
		{"system without date", goldEv("required", "Battles", mosulLat, mosulLon, 1, "", "2017-03-09", 1), sysEv("Battles", mosulLat, mosulLon, 1, "", "", 0), ""},
		{"across a month end", goldEv("required", "Battles", mosulLat, mosulLon, 1, "", "2017-02-27", 1), sysEv("Battles", mosulLat, mosulLon, 1, "", "2017-03-02", 1), ""},
	}
	for _, tt := range tests {
		if got := Compatible(&tt.g, &tt.s); got != tt.want {
			t.Errorf("%s: Compatible = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	g := func(status string, lat float64) GoldEvent {
		return goldEv(status, "Battles", lat, mosulLon, 1, "", "", 3)
	}
	s := func(lat float64) evident.Event { return sysEv("Battles", lat, mosulLon, 1, "", "", 3) }
	bg := s(mosulLat)
	bg.Background = true
	tests := []struct {
		name       string
		gold       []GoldEvent
		sys        []evident.Event
		wantGold   []int
		wantSystem []int
	}{
		{"nearest first", []GoldEvent{g(StatusRequired, mosulLat)}, []evident.Event{s(mosulLat + 0.3), s(mosulLat + 0.1)}, []int{1}, []int{-1, 0}},
		{"same sub-event type before nearest", []GoldEvent{g(StatusRequired, mosulLat)}, []evident.Event{func() evident.Event {
			e := s(mosulLat + 0.1)
			e.SubEventType = "Government regains territory"
			return e
		}(), s(mosulLat + 0.3), s(mosulLat + 0.2)}, []int{2}, []int{-1, -1, 0}},
		{"other sub-event type when nothing else", []GoldEvent{func() GoldEvent {
			e := g(StatusRequired, mosulLat)
			e.SubEventType = "Government regains territory"
			return e
		}()}, []evident.Event{s(mosulLat + 0.1)}, []int{0}, []int{0}},
		{"one gold, one system", []GoldEvent{g(StatusRequired, mosulLat), g(StatusRequired, mosulLat)}, []evident.Event{s(mosulLat)}, []int{0, -1}, []int{0}},
		// The first gold takes the nearest system event, which the second
		// can only use: augmenting moves the first to the other.
		{"augmenting path", []GoldEvent{g(StatusRequired, mosulLat), g(StatusRequired, mosulLat+0.4)}, []evident.Event{s(mosulLat + 0.2), s(mosulLat - 0.3)}, []int{1, 0}, []int{1, 0}},
		// Required first: the optional gold event (listed first) may not
		// keep the only system event both could use.
		{"required before optional", []GoldEvent{g(StatusOptional, mosulLat), g(StatusRequired, mosulLat)}, []evident.Event{s(mosulLat)}, []int{-1, 0}, []int{1}},
		// An optional event takes a system event from a required one if
		// the required one can move.
		{"optional augments", []GoldEvent{g(StatusRequired, mosulLat), g(StatusOptional, mosulLat+0.4)}, []evident.Event{s(mosulLat + 0.2), s(mosulLat - 0.3)}, []int{1, 0}, []int{1, 0}},
		{"background system events never match", []GoldEvent{g(StatusRequired, mosulLat)}, []evident.Event{bg}, []int{-1}, []int{-1}},
	}
	for _, tt := range tests {
		m := Match(tt.gold, tt.sys)
		if diff := cmp.Diff(Matching{tt.wantGold, tt.wantSystem}, m); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestScoreDoc(t *testing.T) {
	mk := func(status, typ string, fat *int) GoldEvent {
		g := goldEv(status, typ, mosulLat, mosulLon, 1, "Nineveh", "", 3)
		g.Fatalities = fat
		return g
	}
	sysE := func(typ, sub string, fat int, background bool) evident.Event {
		e := sysEv(typ, mosulLat+0.01, mosulLon, 1, "Nineveh", "", 3)
		e.SubEventType, e.Fatalities, e.Background = sub, fat, background
		return e
	}
	gold := []GoldEvent{
		mk(StatusRequired, "Battles", ip(3)),                    // matched, subtype right, fatalities wrong
		mk(StatusRequired, "Protests", ip(0)),                   // missed
		mk(StatusOptional, "Violence against civilians", nil),   // matched: not a hit, not an FP
		mk(StatusBackground, "Explosions/Remote violence", nil), // matched by a non-background event: not an FP
		mk(StatusOptional, "Riots", nil),                        // unmatched: not a miss
	}
	gold[2].SubEventType = "Attack"
	gold[0].Actor1, gold[0].Actor2 = "Islamic State", "Military Forces of Iraq (2014-)"
	gold[2].Actor1 = "Islamic State"
	sys := []evident.Event{
		sysE("Battles", "Armed clash", 2, false),
		sysE("Violence against civilians", "Abduction/forced disappearance", 0, false),
		sysE("Explosions/Remote violence", "Air/drone strike", 0, false),
		sysE("Strategic developments", "Arrests", 0, false), // FP
		sysE("Protests", "Peaceful protest", 0, true),       // background: ignored, even though a required gold event could use it
		sysE("Battles", "Armed clash", 0, false),            // a second clash: the gold clash is taken, FP
	}
	sys[0].Actor1, sys[0].Actor2 = "Military Forces of Iraq", "Islamic State" // the pair reversed
	sys[1].Actor1, sys[1].Actor2 = "ISLAMIC STATE", "Civilians (Iraq)"        // actor1 right, but the gold has no actor2
	got, m := ScoreDoc(gold, sys)
	want := DocScore{
		NGold: 2, NSystem: 5, TP: 1, FN: 1, FP: 2, MatchedOptional: 1, MatchedBackground: 1,
		Pairs: []Pair{
			{Gold: 0, System: 0, SameSubtype: true, SameActor1: false, SamePair: true, HasFatalities: true, SameFatalities: false, Km: Haversine(mosulLat, mosulLon, mosulLat+0.01, mosulLon), HasKm: true},
			{Gold: 2, System: 1, SameSubtype: false, SameActor1: true, SamePair: false, Km: Haversine(mosulLat, mosulLon, mosulLat+0.01, mosulLon), HasKm: true},
		},
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("score (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{0, -1, 1, 2, -1}, m.Gold); diff != "" {
		t.Errorf("matching (-want +got):\n%s", diff)
	}
	if r := missReason(&gold[1], sys); r != ReasonType {
		t.Errorf("missReason = %q, want event_type (the only protest is background)", r)
	}
}

func TestRunGold(t *testing.T) {
	docs, err := LoadGold(filepath.Join("testdata", "gold", "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	clash := sysEv("Battles", 36.345, 43.12, 1, "Nineveh", "2017-03-09", 1)
	clash.Fatalities = 3
	clash.Evidence = []evident.Evidence{{Start: 0, End: 20, Text: "Iraqi forces clashed"}}
	clash.Actor1, clash.Actor2 = "Military Forces of Iraq", "Islamic State"
	seized := sysEv("Battles", 36.34, 43.13, 1, "Nineveh", "2014-06-10", 1)
	seized.SubEventType = "Non-state actor overtakes territory"
	seized.Background = true
	strike := sysEv("Explosions/Remote violence", 36.34, 43.13, 1, "Nineveh", "2017-03-09", 1)
	strike.SubEventType = "Air/drone strike"
	extra := sysEv("Riots", 36.34, 43.13, 1, "Nineveh", "2017-03-09", 1)
	protest := sysEv("Protests", 30.9, 47.78, 1, "Basra", "", 3) // 43 km off
	protest.SubEventType = "Protest with intervention"
	protest.Actor1 = "Protesters (Iraq)" // the gold names no actor
	sys := &fakeSystem{byID: map[string][]evident.Event{
		"clash-doc":   {clash, seized, strike, extra},
		"protest-doc": {protest},
	}}
	rep, err := RunGold(context.Background(), docs, sys, Options{File: "gold.jsonl", Workers: 2, CollectErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	// Required: 2, both matched. System: 4 not background; 2 hits, 1
	// matched to the optional strike, 1 false positive (the riot).
	// Pairs: clash (subtype right, 3 = 3 dead, ~1 km), strike (right, 0 =
	// 0, 0 km), protest (subtype wrong, 0 = 0, ~43 km).
	if rep.Precision != 0.6667 || rep.Recall != 1 || rep.F1 != 0.8 || rep.NGold != 2 || rep.NSystem != 4 ||
		rep.SubtypeAccuracy != 0.6667 || rep.Actor1Accuracy != 0.6667 || rep.ActorPairAccuracy != 0.6667 || rep.FatalitiesExact != 1 || rep.NPairs != 3 || rep.MatchedOptional != 1 || rep.MatchedBackground != 0 {
		t.Errorf("report = %+v", rep)
	}
	if rep.MedianLocationKm < 0.5 || rep.MedianLocationKm > 1.5 {
		t.Errorf("median km = %v", rep.MedianLocationKm)
	}
	var kinds []string
	for _, e := range rep.Errors {
		kinds = append(kinds, e.Doc+" "+e.Kind)
	}
	if diff := cmp.Diff([]string{"clash-doc false_positive", "protest-doc wrong_subtype", "protest-doc wrong_actor1"}, kinds); diff != "" {
		t.Errorf("error records (-want +got):\n%s", diff)
	}
	for _, d := range sys.seen {
		switch d.ID {
		case "clash-doc":
			if d.Published.Format("2006-01-02") != "2017-03-10" || d.PublishedFrom != "metadata" {
				t.Errorf("clash-doc published %v (%s)", d.Published, d.PublishedFrom)
			}
		case "protest-doc":
			if !d.Published.IsZero() {
				t.Errorf("protest-doc published %v", d.Published)
			}
		}
	}
	// The JSON report starts with the documented keys, in order.
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"set":"gold","precision":0.6667,"recall":1,"f1":0.8,"actor1_accuracy":0.6667,"actor_pair_accuracy":0.6667,"subtype_accuracy":0.6667,"fatalities_exact":1,"median_location_km":`) ||
		!strings.Contains(string(b), `"n_gold":2,"n_system":4,`) {
		t.Errorf("JSON = %s", b)
	}
	var sb strings.Builder
	if err := rep.WriteText(&sb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sb.String(), "matched      0.667   1.000   0.800     2     1     0         1         0") {
		t.Errorf("text report:\n%s", sb.String())
	}

	// Missing everything: recall 0 and reasons.
	sys = &fakeSystem{byID: map[string][]evident.Event{"clash-doc": {extra}}}
	rep, err = RunGold(context.Background(), docs, sys, Options{CollectErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Recall != 0 || rep.Precision != 0 || rep.F1 != 0 || rep.NPairs != 0 || rep.MedianLocationKm != 0 {
		t.Errorf("report = %+v", rep)
	}
	kinds = nil
	for _, e := range rep.Errors {
		kinds = append(kinds, e.Doc+" "+e.Kind+" "+e.Field)
	}
	if diff := cmp.Diff([]string{"clash-doc missed event_type", "clash-doc false_positive ", "protest-doc missed no_event"}, kinds); diff != "" {
		t.Errorf("error records (-want +got):\n%s", diff)
	}
}
