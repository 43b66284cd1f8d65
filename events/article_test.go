package events_test

import (
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestWireArticle: a wire story of our own (testdata/articles) that tells
// one bombing in its lead, a restatement, a claim, a quote, a toll update,
// a reaction and history, then another incident "Separately": two records,
// the bombing with its claimant and the latest toll of its source.
func TestWireArticle(t *testing.T) {
	b, err := os.ReadFile("testdata/articles/mogadishu-hotel-bombing.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, evs := extract(t, string(b), pub)
	type rec struct {
		Sub, Actor1, Actor2, Location, Date string
		Fatalities                          int
	}
	var got []rec
	for _, e := range evs {
		if !e.Background {
			got = append(got, rec{e.SubEventType, e.Actor1, e.Actor2, e.Location.Location, e.EventDate, e.Fatalities})
		}
	}
	want := []rec{
		{"Remote explosive/landmine/IED", "Al Shabaab", "Civilians (Somalia)", "Mogadishu", "2021-03-06", 15},
		{"Armed clash", "Unidentified Armed Group (Somalia)", "Military Forces of Somalia (2022-)", "Afgooye", "2021-03-07", 2},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
}

// TestTwoTownsArticle: strikes on one town and "a second wave" on "the
// nearby town" with "four more" dead are two events, the second told as
// the first (an air strike); the jihadists' claim of a clash in another
// province is a third; the offensive's cumulative toll and the reactions
// are none.
func TestTwoTownsArticle(t *testing.T) {
	b, err := os.ReadFile("testdata/articles/idlib-strikes-two-towns.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, evs := extract(t, string(b), time.Date(2019, 7, 23, 0, 0, 0, 0, time.UTC))
	type rec struct {
		Sub, Location, Date string
		Fatalities          int
	}
	var got []rec
	for _, e := range evs {
		if !e.Background {
			got = append(got, rec{e.SubEventType, e.Admin1, e.EventDate, e.Fatalities})
		}
	}
	want := []rec{
		{"Air/drone strike", "Idlib", "2019-07-22", 9},
		{"Air/drone strike", "Idlib", "2019-07-22", 4},
		{"Armed clash", "Latakia", "2019-07-21", 12},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
}

// TestProtestArticle: a march dispersed with batons and tear gas is one
// event, coded at its most severe reading with the police as actor1 and
// the demonstrators as actor2; a peaceful rally in another city is
// another; the crackdown's cumulative toll and the foreign reactions are
// none.
func TestProtestArticle(t *testing.T) {
	b, err := os.ReadFile("testdata/articles/khartoum-protests.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, evs := extract(t, string(b), time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC))
	type rec struct{ Sub, Actor1, Actor2, Location string }
	var got []rec
	for _, e := range evs {
		if !e.Background {
			got = append(got, rec{e.SubEventType, e.Actor1, e.Actor2, e.Location.Location})
		}
	}
	want := []rec{
		{"Excessive force against protesters", "Police Forces of Sudan (2019-)", "Protesters (Sudan)", "Khartoum"},
		{"Peaceful protest", "Protesters (Sudan)", "", "Omdurman"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
}
