package events_test

import "testing"

// TestCasualtyFigures: a part of a toll and a figure for another group
// across a conjunction are not the event's fatalities.
func TestCasualtyFigures(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"An air strike killed 72 people, including nine children, in Saraqeb on Tuesday.", 72},
		{"A man died and five people were hurt in a bomb attack in Kandahar on Monday.", 1},
		{"Gunmen killed 12 villagers in Zamfara on Monday.", 12},
	} {
		got, evs := extract(t, tc.text, pub)
		if got.Fatalities != tc.want || got.Background {
			t.Errorf("%q: fatalities %d (background %v), want %d\n%+v", tc.text, got.Fatalities, got.Background, tc.want, evs)
		}
	}
}

// TestWarTollIsNoFigure: a figure no single event reaches is a
// cumulative toll even without "since".
func TestWarTollIsNoFigure(t *testing.T) {
	_, evs := extract(t, "Air strikes killed 250,000 people in Aleppo province, the monitor said on Monday.", pub)
	for _, e := range evs {
		if !e.Background && e.Fatalities > 10000 {
			t.Errorf("reported %s with %d fatalities", e.SubEventType, e.Fatalities)
		}
	}
}
