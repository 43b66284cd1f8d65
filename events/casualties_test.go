package events_test

import (
	"strings"
	"testing"
)

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

// TestTollAfterLongSubjectOrCopula: a toll's figure after a long subject
// ("the death toll from a bomb blast on ... reached") or a copula ("the
// death toll was at least 24") is a figure of the event, with its source.
func TestTollAfterLongSubjectOrCopula(t *testing.T) {
	for _, tc := range []struct {
		text   string
		figure string
		source string
	}{
		{"A car bomb exploded near buses in Rashidin on Saturday. The death toll from a bomb blast on a crowded bus convoy outside the town of Rashidin reached at least 112 people, the Syrian Observatory for Human Rights said on Sunday.",
			"112", "Syrian Observatory for Human Rights"},
		{"A suicide bomber killed at least 22 people in Rashidin on Saturday, state media said. The Syrian Observatory for Human Rights said the death toll was at least 24.",
			"24", "Syrian Observatory for Human Rights"},
	} {
		_, evs := extract(t, tc.text, pub)
		found := false
		for _, e := range evs {
			for _, f := range e.Fields {
				if f.Field == "fatalities" && f.Value == tc.figure && strings.Contains(f.Rule, tc.source) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%q: no fatalities figure %s according to %s\n%+v", tc.text, tc.figure, tc.source, evs)
		}
	}
}

// TestInvertedAttribution: "..., said the Observatory" names the
// Observatory, not the words before the verb.
func TestInvertedAttribution(t *testing.T) {
	_, evs := extract(t, "Air strikes on the town of Saraqeb wounded more than 60 people on Tuesday, said the Syrian Observatory for Human Rights.", pub)
	if len(evs) == 0 {
		t.Fatal("no event")
	}
	for _, e := range evs {
		if !strings.Contains(e.Attribution, "Observatory") {
			t.Errorf("%s: attribution %q, want the Observatory", e.SubEventType, e.Attribution)
		}
	}
}
