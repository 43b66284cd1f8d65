package events_test

import "testing"

// TestTerritoryDescriptions: words of territory that describe people
// moved, ground a side holds, or goods handed over report no territorial
// event; the same verbs reporting a change of hands still do.
func TestTerritoryDescriptions(t *testing.T) {
	for _, text := range []string{
		"Buses carrying Syrians evacuated from two besieged towns waited near Aleppo on Saturday.",
		"Rebels tried again to advance from the western neighbourhoods they have captured near Manbij.",
		"Soldiers handed over medical supplies to relief workers in Tal Afar on Friday.",
		"Ten hostages seized by militants were shown on video in Baghdad on Thursday.",
		"The Kurdish-led force has captured wide areas from Islamic State across northern Syria.",
	} {
		_, evs := extract(t, text, pub)
		for _, e := range evs {
			if !e.Background && (e.SubEventType == "Non-violent transfer of territory" || e.SubEventType == "Government regains territory" || e.SubEventType == "Non-state actor overtakes territory") {
				t.Errorf("%q: reported %s, want no territorial event", text, e.SubEventType)
			}
		}
	}
	if got, _ := extract(t, "Kurdish-led forces have recaptured the town of Manbij from Islamic State.", pub); got.Background || got.Sub == "none" {
		t.Errorf("a named town recaptured in the perfect: got %s (background %v), want a reported event", got.Sub, got.Background)
	}
	got, _ := extract(t, "Al Shabaab militants seized the town of Bardhere in Somalia on Monday.", pub)
	if got.Sub != "Non-state actor overtakes territory" || got.Background {
		t.Errorf("a town seized: got %s (background %v), want Non-state actor overtakes territory", got.Sub, got.Background)
	}
}
