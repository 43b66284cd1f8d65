package events

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/segment"
)

var (
	isActor    = evident.Actor{Name: "Islamic State", Inter: evident.InterPoliticalMilit}
	iqArmy     = evident.Actor{Name: "Military Forces of Iraq (2014-)", Inter: evident.InterStateForces, CountryCode: "IQ"}
	civilians  = evident.Actor{Name: "Civilians", Inter: evident.InterCivilians, Generic: true}
	protesters = evident.Actor{Name: "Protesters", Inter: evident.InterProtesters, Generic: true}
	police     = evident.Actor{Name: "Police Forces of Iraq (2014-)", Inter: evident.InterStateForces, CountryCode: "IQ"}
	mosul      = evident.Place{GeonameID: 99072, Name: "Mosul", Lat: 36.335, Lon: 43.11889, FeatureClass: "P", FeatureCode: "PPLA", CountryCode: "IQ", Country: "Iraq", Admin1: "Nineveh"}
	baghdad    = evident.Place{GeonameID: 98182, Name: "Baghdad", Lat: 33.34, Lon: 44.40, FeatureClass: "P", FeatureCode: "PPLC", CountryCode: "IQ", Country: "Iraq", Admin1: "Baghdad"}
)

// fixture marks the words of a test sentence that the (separately tested)
// actor, place, number and date recognisers would find.
type fixture struct {
	actors  map[string]evident.Actor
	places  map[string]evident.Place
	numbers map[string]int64
	dates   map[string]evident.Date
}

func analyse(t *testing.T, text string, fx fixture, published time.Time) *evident.Analysis {
	t.Helper()
	lex, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	a := &evident.Analysis{Doc: &evident.Document{ID: "doc", Text: text, Published: published, PublishedFrom: "metadata"}, Version: "test"}
	ctx := context.Background()
	if err := (segment.Stage{}).Process(ctx, a); err != nil {
		t.Fatal(err)
	}
	add := func(phrase string, m evident.Mention) {
		i := strings.Index(text, phrase)
		if i < 0 {
			t.Fatalf("fixture phrase %q not in text", phrase)
		}
		m.Span = evident.Span{Start: i, End: i + len(phrase)}
		m.Text = phrase
		m.Sentence = a.SentenceAt(i)
		m.Confidence = 0.9
		m.Rule = "fixture"
		a.Mentions = append(a.Mentions, m)
	}
	for p, act := range fx.actors {
		act := act
		add(p, evident.Mention{Kind: evident.KindActor, Actor: &act})
	}
	for p, pl := range fx.places {
		pl := pl
		add(p, evident.Mention{Kind: evident.KindPlace, Place: &pl})
	}
	for p, n := range fx.numbers {
		add(p, evident.Mention{Kind: evident.KindNumber, Number: &evident.Number{Value: n}})
	}
	for p, d := range fx.dates {
		d := d
		add(p, evident.Mention{Kind: evident.KindDate, Date: &d})
	}
	for _, s := range []evident.Stage{Recognise{Lex: lex}, Build{Lex: lex, Countries: func(string) (string, int) { return "Iraq", 368 }}, Document{}, Score{}} {
		if err := s.Process(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// brief is the part of an event the phenomenon tests compare.
type brief struct {
	SubEventType, EventType string
	Actor1, Actor2          string
	Location                string
	CivilianTargeting       bool
	Modality, Attribution   string
	Background              bool
	Fatalities, Injured     int
	EventDate               string
}

func briefs(evs []evident.Event) []brief {
	var out []brief
	for _, e := range evs {
		out = append(out, brief{e.SubEventType, e.EventType, e.Actor1, e.Actor2, e.Location.Location, e.CivilianTargeting,
			e.Modality, e.Attribution, e.Background, e.Fatalities, e.Injured, e.EventDate})
	}
	return out
}

func TestBuildPhenomena(t *testing.T) {
	pub := time.Date(2017, 1, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		text string
		fx   fixture
		want []brief
	}{
		{
			name: "attack on a civilian is violence against civilians",
			text: "An IS sniper had shot a woman in Mosul.",
			fx:   fixture{actors: map[string]evident.Actor{"IS sniper": isActor, "a woman": civilians}, places: map[string]evident.Place{"Mosul": mosul}},
			want: []brief{{"Attack", "Violence against civilians", "Islamic State", "Civilians (Iraq)", "Mosul", true, "asserted", "", false, 0, 0, "2017-01-31"}},
		},
		{
			name: "attack on armed forces is an armed clash",
			text: "Islamic State fighters attacked Iraqi troops in Mosul.",
			fx:   fixture{actors: map[string]evident.Actor{"Islamic State fighters": isActor, "Iraqi troops": iqArmy}, places: map[string]evident.Place{"Mosul": mosul}},
			want: []brief{{"Armed clash", "Battles", "Islamic State", "Military Forces of Iraq (2014-)", "Mosul", false, "asserted", "", false, 0, 0, "2017-01-31"}},
		},
		{
			name: "passive voice swaps the roles",
			text: "A civilian was shot by Islamic State fighters in Mosul.",
			fx:   fixture{actors: map[string]evident.Actor{"A civilian": civilians, "Islamic State fighters": isActor}, places: map[string]evident.Place{"Mosul": mosul}},
			want: []brief{{"Attack", "Violence against civilians", "Islamic State", "Civilians (Iraq)", "Mosul", true, "asserted", "", false, 0, 0, "2017-01-31"}},
		},
		{
			name: "attribution makes it reported and the source plays no role",
			text: "Iraqi forces say that IS set fire to a number of buildings in Mosul.",
			fx:   fixture{actors: map[string]evident.Actor{"Iraqi forces": iqArmy, "IS": isActor}, places: map[string]evident.Place{"Mosul": mosul}},
			want: []brief{{"Looting/property destruction", "Strategic developments", "Islamic State", "", "Mosul", false, "reported", "Iraqi forces", false, 0, 0, "2017-01-31"}},
		},
		{
			name: "aggregate is background",
			text: "It is estimated IS have used 700 vehicle IEDs so far in Mosul.",
			fx:   fixture{actors: map[string]evident.Actor{"IS": isActor}, places: map[string]evident.Place{"Mosul": mosul}, numbers: map[string]int64{"700": 700}},
			want: []brief{{"Suicide bomb", "Explosions/Remote violence", "Islamic State", "", "Mosul", false, "asserted", "", true, 0, 0, "2017-01-31"}},
		},
		{
			name: "future plan is background",
			text: "Iraqi troops prepare to launch an offensive against IS in Mosul.",
			fx:   fixture{actors: map[string]evident.Actor{"Iraqi troops": iqArmy, "IS": isActor}, places: map[string]evident.Place{"Mosul": mosul}},
			want: []brief{{"Armed clash", "Battles", "Military Forces of Iraq (2014-)", "Islamic State", "Mosul", false, "asserted", "", true, 0, 0, "2017-01-31"}},
		},
		{
			name: "historical date is background",
			text: "Two years ago IS attacked Iraqi troops in Mosul.",
			fx: fixture{actors: map[string]evident.Actor{"IS": isActor, "Iraqi troops": iqArmy}, places: map[string]evident.Place{"Mosul": mosul},
				dates: map[string]evident.Date{"Two years ago": {Precision: 3, Historical: true}}},
			want: []brief{{"Armed clash", "Battles", "Islamic State", "Military Forces of Iraq (2014-)", "Mosul", false, "asserted", "", true, 0, 0, "2017-01-31"}},
		},
		{
			name: "hypothetical is background",
			text: "If the shot was not clear, it was not taken.",
			want: []brief{{"Attack", "Violence against civilians", "", "", "", false, "asserted", "", true, 0, 0, "2017-01-31"}},
		},
		{
			name: "negation is stored as background with negated modality",
			text: "Police did not attack the protesters in Baghdad.",
			fx:   fixture{actors: map[string]evident.Actor{"Police": police, "protesters": protesters}, places: map[string]evident.Place{"Baghdad": baghdad}},
			want: []brief{{"Excessive force against protesters", "Protests", "Police Forces of Iraq (2014-)", "Protesters (Iraq)", "Baghdad", false, "negated", "", true, 0, 0, "2017-01-31"}},
		},
		{
			name: "explicit date and casualties",
			text: "On Monday a car bomb killed 12 people and wounded 30 in Baghdad.",
			fx: fixture{places: map[string]evident.Place{"Baghdad": baghdad}, numbers: map[string]int64{"12": 12, "30": 30},
				dates: map[string]evident.Date{"On Monday": {Time: time.Date(2017, 1, 30, 0, 0, 0, 0, time.UTC), Precision: 1, Relative: true}}},
			want: []brief{
				{"Remote explosive/landmine/IED", "Explosions/Remote violence", "Unidentified Armed Group (Iraq)", "Civilians (Iraq)", "Baghdad", true, "asserted", "", false, 12, 30, "2017-01-30"},
			},
		},
		{
			name: "uncertain modality",
			text: "Islamic State fighters reportedly attacked Iraqi troops in Mosul.",
			fx:   fixture{actors: map[string]evident.Actor{"Islamic State fighters": isActor, "Iraqi troops": iqArmy}, places: map[string]evident.Place{"Mosul": mosul}},
			want: []brief{{"Armed clash", "Battles", "Islamic State", "Military Forces of Iraq (2014-)", "Mosul", false, "uncertain", "", false, 0, 0, "2017-01-31"}},
		},
		{
			name: "question is background",
			text: "How can he fire missiles into Mosul?",
			fx:   fixture{places: map[string]evident.Place{"Mosul": mosul}},
			want: []brief{{"Shelling/artillery/missile attack", "Explosions/Remote violence", "", "", "Mosul", false, "asserted", "", true, 0, 0, "2017-01-31"}},
		},
		{
			name: "modifier use is not a trigger",
			text: "Giant attack helicopters sit on the tarmac in Mosul.",
			fx:   fixture{places: map[string]evident.Place{"Mosul": mosul}},
			want: nil,
		},
		{
			name: "the place after 'in' is where it happened, not the origin",
			text: "Gunmen from Baghdad shot a woman in Mosul.",
			fx:   fixture{places: map[string]evident.Place{"Baghdad": baghdad, "Mosul": mosul}, actors: map[string]evident.Actor{"a woman": civilians}},
			want: []brief{{"Attack", "Violence against civilians", "Unidentified Armed Group (Iraq)", "Civilians (Iraq)", "Mosul", true, "asserted", "", false, 0, 0, "2017-01-31"}},
		},
		{
			name: "a locative place beats a nearer one that is not",
			text: "In Mosul, gunmen who had come over from Baghdad shot a woman.",
			fx:   fixture{places: map[string]evident.Place{"Baghdad": baghdad, "Mosul": mosul}, actors: map[string]evident.Actor{"a woman": civilians}},
			want: []brief{{"Attack", "Violence against civilians", "Unidentified Armed Group (Iraq)", "Civilians (Iraq)", "Mosul", true, "asserted", "", false, 0, 0, "2017-01-31"}},
		},
		{
			name: "the Iraqi city of: skip words between the preposition and the place",
			text: "Gunmen from Baghdad shot a woman in the Iraqi city of Mosul.",
			fx:   fixture{places: map[string]evident.Place{"Baghdad": baghdad, "Mosul": mosul}, actors: map[string]evident.Actor{"a woman": civilians}},
			want: []brief{{"Attack", "Violence against civilians", "Unidentified Armed Group (Iraq)", "Civilians (Iraq)", "Mosul", true, "asserted", "", false, 0, 0, "2017-01-31"}},
		},
		{
			name: "location from an earlier sentence",
			text: "The battle for Mosul goes on. Gunmen shot a woman in the street.",
			fx:   fixture{places: map[string]evident.Place{"Mosul": mosul}, actors: map[string]evident.Actor{"a woman": civilians}},
			want: []brief{{"Attack", "Violence against civilians", "Unidentified Armed Group (Iraq)", "Civilians (Iraq)", "Mosul", true, "asserted", "", false, 0, 0, "2017-01-31"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, tt.fx, pub)
			if diff := cmp.Diff(tt.want, briefs(a.Events)); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			for _, e := range a.Events {
				checkEvidence(t, a.Doc.Text, e)
			}
		})
	}
}

// checkEvidence asserts that every offset of an event points at its text.
func checkEvidence(t *testing.T, text string, e evident.Event) {
	t.Helper()
	if len(e.Evidence) == 0 {
		t.Errorf("event %s has no evidence", e.ID)
	}
	for _, ev := range e.Evidence {
		if ev.Start < 0 || ev.End > len(text) || text[ev.Start:ev.End] != ev.Text {
			t.Errorf("evidence [%d:%d] %q does not match the text", ev.Start, ev.End, ev.Text)
		}
	}
	for _, f := range e.Fields {
		if f.Start < 0 || f.End > len(text) || f.Start > f.End {
			t.Errorf("field %s offsets [%d:%d] out of range", f.Field, f.Start, f.End)
		}
	}
	if e.ExtractorVersion == "" || e.ID == "" {
		t.Errorf("event lacks id or extractor version: %+v", e)
	}
	if e.Confidence <= 0 || e.Confidence > 1 {
		t.Errorf("confidence %v out of (0,1]", e.Confidence)
	}
}

func TestMergeSameIncident(t *testing.T) {
	text := "Islamic State fighters attacked Iraqi troops in Mosul. The fighting in Mosul lasted hours."
	a := analyse(t, text, fixture{
		actors: map[string]evident.Actor{"Islamic State fighters": isActor, "Iraqi troops": iqArmy},
		places: map[string]evident.Place{"Mosul": mosul},
	}, time.Date(2017, 1, 31, 0, 0, 0, 0, time.UTC))
	if len(a.Events) != 1 {
		t.Fatalf("got %d events, want 1 merged: %+v", len(a.Events), briefs(a.Events))
	}
	if got := len(a.Events[0].Evidence); got != 2 {
		t.Errorf("merged event has %d evidence spans, want 2", got)
	}
}

func TestLexiconLoads(t *testing.T) {
	lex, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if len(lex.Taxonomy) != 25 {
		t.Errorf("taxonomy has %d sub-event types, want ACLED's 25", len(lex.Taxonomy))
	}
	types := map[string]bool{}
	for _, s := range lex.Taxonomy {
		types[s.EventType] = true
	}
	if len(types) != 6 {
		t.Errorf("taxonomy has %d event types, want 6", len(types))
	}
	if len(lex.Hash) != 8 {
		t.Errorf("hash %q", lex.Hash)
	}
}

func TestLoadLexiconDirOverrides(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "triggers.yaml", "triggers:\n  - forms: [skirmished]\n    sub_event_type: Armed clash\n")
	lex, err := LoadLexiconDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(lex.Triggers) != 1 || len(lex.Cues) == 0 {
		t.Errorf("override: %d triggers, %d cues", len(lex.Triggers), len(lex.Cues))
	}
	writeFile(t, dir, "triggers.yaml", "triggers:\n  - forms: [x]\n    sub_event_type: Nonsense\n")
	if _, err := LoadLexiconDir(dir); err == nil || !strings.Contains(err.Error(), "Nonsense") {
		t.Errorf("unknown sub-event type: err = %v", err)
	}
}
