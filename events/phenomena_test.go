package events_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/actors"
	"github.com/evident-org/evident/events"
	"github.com/evident-org/evident/gazetteer"
	"github.com/evident-org/evident/geoparse"
	"github.com/evident-org/evident/numbers"
	"github.com/evident-org/evident/segment"
	"github.com/evident-org/evident/timex"
)

// The phenomenon tests run the real recognisers (embedded gazetteer,
// actor dictionary, numbers, dates) so that each case shows what a user
// gets for a sentence. The sentences are written for these tests; none is
// taken from an evaluation set.

var pipeline = sync.OnceValues(func() (*evident.Pipeline, error) {
	gaz, err := gazetteer.Default()
	if err != nil {
		return nil, err
	}
	lex, err := events.DefaultLexicon()
	if err != nil {
		return nil, err
	}
	act, err := actors.Default()
	if err != nil {
		return nil, err
	}
	countries := func(cc string) (string, int) {
		if c, ok := gaz.Country(cc); ok {
			return c.Name, c.ISONumeric
		}
		return "", 0
	}
	return &evident.Pipeline{Version: "test", Stages: []evident.Stage{
		segment.Normalise{}, timex.Published{}, segment.Stage{},
		geoparse.Recognise{Gaz: gaz}, actors.Stage{M: act}, events.Recognise{Lex: lex},
		numbers.Stage{}, timex.Stage{}, geoparse.Resolve{Gaz: gaz}, events.Sense{Lex: lex},
		events.Build{Lex: lex, Countries: countries, Localise: actors.Localise, Inter: actors.EventInter},
		events.Document{Countries: countries, Localise: actors.Localise},
		events.Score{},
	}}, nil
})

// got is what a phenomenon test checks of a document's primary event: the
// most confident non-background event, or the first background one when
// there is none.
type got struct {
	Sub         string
	Background  bool
	Modality    string
	Fatalities  int
	Date        string
	Precision   int
	CivTarget   bool
	Actor1      string
	Actor2      string
	HasDetained bool
}

func extract(t *testing.T, text string, published time.Time) (got, []evident.Event) {
	t.Helper()
	p, err := pipeline()
	if err != nil {
		t.Fatal(err)
	}
	doc := &evident.Document{ID: "t", Input: "test", Text: text, Published: published}
	if !published.IsZero() {
		doc.PublishedFrom = "metadata"
	}
	a, err := p.Run(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	var best *evident.Event
	for i := range a.Events {
		e := &a.Events[i]
		switch {
		case best == nil:
			best = e
		case best.Background && !e.Background:
			best = e
		case best.Background == e.Background && e.Confidence > best.Confidence:
			best = e
		}
	}
	if best == nil {
		return got{Sub: "none"}, nil
	}
	g := got{Sub: best.SubEventType, Background: best.Background, Modality: best.Modality, Fatalities: best.Fatalities,
		Date: best.EventDate, Precision: best.TimePrecision, CivTarget: best.CivilianTargeting, Actor1: best.Actor1, Actor2: best.Actor2}
	for _, f := range best.Fields {
		if f.Field == "detained" {
			g.HasDetained = true
		}
	}
	return g, a.Events
}

var pub = time.Date(2021, 3, 10, 0, 0, 0, 0, time.UTC) // a Wednesday

// TestSubEventTypes has one sentence per ACLED sub-event type (and the
// refinements that decide between neighbours).
func TestSubEventTypes(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Government troops clashed with rebels near Goma on Monday.", "Armed clash"},
		{"Iraqi forces recaptured the town of Tal Afar from Islamic State fighters.", "Government regains territory"},
		{"Al Shabaab militants seized the town of Mahaday in Somalia after heavy fighting with soldiers.", "Non-state actor overtakes territory"},
		{"Rebels entered the town of Kafr Nabl after government forces withdrew from it.", "Non-violent transfer of territory"},
		{"A chlorine gas attack on Douma left dozens of people choking.", "Chemical weapon"},
		{"Coalition air strikes hit a weapons depot near Raqqa on Tuesday.", "Air/drone strike"},
		{"A suicide bomber blew himself up at a checkpoint in Kabul, killing five people.", "Suicide bomb"},
		{"Mortar shells landed on a market in Donetsk, residents said.", "Shelling/artillery/missile attack"},
		{"A roadside bomb struck a police vehicle in Kandahar on Monday.", "Remote explosive/landmine/IED"},
		{"Attackers threw a hand grenade into a bar in Bujumbura.", "Grenade"},
		{"Soldiers raped three women in a village near Bunia, witnesses said.", "Sexual violence"},
		{"Gunmen shot dead two farmers in Benue state on Sunday.", "Attack"},
		{"Unidentified gunmen abducted 15 passengers on the highway near Kaduna.", "Abduction/forced disappearance"},
		{"Hundreds of people held a peaceful protest in Khartoum against fuel prices.", "Peaceful protest"},
		{"Police fired tear gas to disperse a protest by students in Nairobi.", "Protest with intervention"},
		{"Security forces opened fire on protesters in Baghdad, killing four demonstrators.", "Excessive force against protesters"},
		{"Protesters threw stones at police and set fire to tyres in Beirut.", "Violent demonstration"},
		{"An angry mob lynched a man accused of theft in Lagos state.", "Mob violence"},
		{"The two sides signed a ceasefire agreement in Juba on Sunday.", "Agreement"},
		{"Police arrested 12 opposition activists in Minsk on Friday.", "Arrests"},
		{"About 200 fighters defected from the rebel group to the army in Bentiu.", "Change to group/activity"},
		{"Soldiers seized a cache of weapons and ammunition in a raid in Maiduguri.", "Disrupted weapons use"},
		{"Turkish forces set up a new observation post in Idlib province.", "Headquarters or base established"},
		{"Militiamen looted and torched shops in the market of Bangui.", "Looting/property destruction"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			g, evs := extract(t, tc.text, pub)
			if g.Sub != tc.want || g.Background {
				t.Errorf("%q: got %s (background %v), want %s\nevents: %+v", tc.text, g.Sub, g.Background, tc.want, evs)
			}
		})
	}
}

// TestNotConflict: documents ACLED does not code yield no event (or only
// background ones).
func TestNotConflict(t *testing.T) {
	for _, text := range []string{
		"An earthquake killed 12 people in the province of Herat on Monday.",
		"A gas cylinder exploded in a restaurant in Lahore, injuring six people.",
		"Fans clashed with stewards after the football match in Leeds.",
		"Thieves looted a jewellery shop in the centre of Nairobi.",
		"The company's shares rose 5 percent after profits beat forecasts.",
		"The United States imposed new sanctions on Russian officials on Monday.",
		"Two people died when a bus collided with a truck near Mombasa.",
	} {
		g, evs := extract(t, text, pub)
		if g.Sub != "none" && !g.Background {
			t.Errorf("%q: got %s, want no event\nevents: %+v", text, g.Sub, evs)
		}
	}
}

// TestDiscourse covers modality, attribution and the background classes.
func TestDiscourse(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		background bool
		modality   string
	}{
		{"asserted", "Gunmen killed three villagers in Zamfara on Tuesday.", false, "asserted"},
		{"reported", "Gunmen killed three villagers in Zamfara on Tuesday, police said.", false, "reported"},
		{"claimed", "Islamic State claimed it killed ten soldiers near Palmyra on Monday.", false, "claimed"},
		{"uncertain", "The militants may have killed several hostages in Marawi.", false, "uncertain"},
		{"denied", "The army denied that its soldiers shot civilians in Lashio.", true, "denied"},
		{"negated", "The soldiers did not fire on the crowd in Mandalay.", true, "negated"},
		{"history", "Two years ago Islamic State fighters captured the city of Mosul.", true, "asserted"},
		{"history year", "In 2014 Islamic State fighters captured the city of Mosul.", true, "asserted"},
		{"last summer", "Last summer in the fight for Falluja, Iraqi forces clashed with IS daily.", true, "asserted"},
		{"aggregate", "Islamic State has used 700 car bombs in Mosul so far.", true, "asserted"},
		{"future", "Iraqi forces will launch an offensive on western Mosul next week.", true, "asserted"},
		{"purpose", "Troops massed outside Mosul to launch an assault on the old city.", true, "asserted"},
		{"habitual", "Insurgents often attack convoys on the road to Kandahar.", true, "asserted"},
		{"hypothetical", "If the shot was not clear, the sniper did not shoot in Mosul.", true, ""},
		{"generic present", "They are good with car bombs in Mosul.", true, "asserted"},
		{"role", "The commander was responsible for IED attacks in Helmand province.", true, "asserted"},
		{"attribution of a known event", "Al Shabaab claimed responsibility for the attack in Mogadishu.", true, "claimed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, evs := extract(t, tc.text, pub)
			if g.Sub == "none" {
				t.Fatalf("%q: no event at all", tc.text)
			}
			if g.Background != tc.background || tc.modality != "" && g.Modality != tc.modality {
				t.Errorf("%q: background %v modality %s, want %v %s\nevents: %+v", tc.text, g.Background, g.Modality, tc.background, tc.modality, evs)
			}
		})
	}
}

// TestArguments: perpetrator and target (with passives), fatalities by
// ACLED's conventions, relative dates, civilian targeting, detentions.
func TestArguments(t *testing.T) {
	type want struct {
		Actor1, Actor2 string
		Fatalities     int
		Date           string
		Precision      int
		CivTarget      bool
		HasDetained    bool
	}
	for _, tc := range []struct {
		name, text string
		want       want
	}{
		{"active", "Islamic State fighters attacked Iraqi troops in Mosul on Monday.",
			want{"Islamic State", "Military Forces of Iraq (2014-)", 0, "2021-03-08", 1, false, false}},
		{"passive", "Two civilians were shot dead by Islamic State snipers in Mosul yesterday.",
			want{"Islamic State", "Civilians (Iraq)", 2, "2021-03-09", 1, true, false}},
		{"dozens", "Dozens of civilians were killed by shelling in Idlib on Tuesday.",
			want{"", "Civilians (Syria)", 12, "2021-03-09", 1, true, false}},
		{"at least", "An air strike killed at least 23 people in Maarat al-Numan on Sunday.",
			want{"", "", 23, "2021-03-07", 1, false, false}},
		{"number word", "Gunmen killed seven villagers in Zamfara last week.",
			want{"", "Civilians (Nigeria)", 7, "2021-03-01", 2, true, false}},
		{"singular victim", "Taliban fighters killed a policeman in Kunduz on Tuesday.",
			want{"Taliban", "", 1, "2021-03-09", 1, false, false}},
		{"detained", "Police detained 30 protesters in Yangon on Monday.",
			want{"", "", 0, "2021-03-08", 1, false, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, evs := extract(t, tc.text, pub)
			w := want{g.Actor1, g.Actor2, g.Fatalities, g.Date, g.Precision, g.CivTarget, g.HasDetained}
			// Actor names are compared only when the case names them.
			if tc.want.Actor1 == "" {
				w.Actor1 = ""
			}
			if tc.want.Actor2 == "" {
				w.Actor2 = ""
			}
			if d := cmp.Diff(tc.want, w); d != "" {
				t.Errorf("%q (-want +got):\n%s\nevents: %+v", tc.text, d, evs)
			}
		})
	}
}

// TestRunningToll: a toll that "rose to" a figure replaces the earlier one
// and the range keeps both ends.
func TestFatalityRange(t *testing.T) {
	_, evs := extract(t, "Between 10 and 15 people were killed in the car bomb attack in Mogadishu on Friday.", pub)
	for _, e := range evs {
		if !e.Background && e.Fatalities == 10 && e.FatalitiesHigh == 15 {
			return
		}
	}
	t.Errorf("want fatalities 10, high 15; got %+v", evs)
}

// TestConflictingFigures: two sources' tolls for one event are merged into
// one event and kept side by side, each with its attribution.
func TestConflictingFigures(t *testing.T) {
	_, evs := extract(t, "A car bomb killed 5 people in Kabul on Monday, police said. Hospital officials said the car bomb killed 8 people in Kabul on Monday.", pub)
	var live []evident.Event
	for _, e := range evs {
		if !e.Background {
			live = append(live, e)
		}
	}
	if len(live) != 1 {
		t.Fatalf("want one merged event, got %d: %+v", len(live), live)
	}
	e := live[0]
	if e.Fatalities != 5 || e.FatalitiesHigh != 8 {
		t.Errorf("fatalities %d high %d, want 5 and 8", e.Fatalities, e.FatalitiesHigh)
	}
	var rules []string
	for _, f := range e.Fields {
		if f.Field == "fatalities" && !strings.HasPrefix(f.Rule, "event:") {
			rules = append(rules, f.Value+" "+f.Rule)
		}
	}
	if !slices.ContainsFunc(e.Fields, func(f evident.FieldEvidence) bool {
		return f.Field == "fatalities" && f.Value == "5" && strings.Contains(f.Rule, "most conservative of 2 source(s)")
	}) {
		t.Errorf("no event-level fatality choice in %+v", e.Fields)
	}
	if len(rules) != 2 || !strings.Contains(rules[0], "police") || !strings.Contains(rules[1], "Hospital officials") {
		t.Errorf("fatality evidence %q, want one per source with its attribution", rules)
	}
}
