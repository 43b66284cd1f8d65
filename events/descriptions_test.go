package events_test

import "testing"

// TestDescriptionsAreNoEvents: sentences that describe a side, a period
// or a policy, or tell what may come, report no event.
func TestDescriptionsAreNoEvents(t *testing.T) {
	for _, text := range []string{
		"The US envoy to forces fighting to defeat Islamic State in Syria resigned.",
		"The air campaign over Ghouta entered a second week, residents of Douma said.",
		"The court's decision to prolong the pastor's detention in Izmir angered Washington.",
		"The coalition expects difficult days ahead until Raqqa is retaken.",
		"Foreign firms in Kuwait remain vulnerable to terrorist attacks, analysts in Dubai said on Monday.",
		"The fate of the engineer and his two murdered colleagues in Baghdad raised concern in London on Monday.",
		"Canada expressed its sympathy to the families of the dead in the Beslan school siege, in which 300 people were killed.",
		"Officials in New York said on Monday the 9/11 attacks still shape security policy.",
	} {
		_, evs := extract(t, text, pub)
		for _, e := range evs {
			if !e.Background {
				t.Errorf("%q: reported %s in %s, want no event", text, e.SubEventType, e.Location.Location)
			}
		}
	}
	// Counted dead make the same participle a report.
	got, _ := extract(t, "The Observatory said 25 rebels fighting alongside Turkish forces were killed near Afrin on Monday.", pub)
	if got.Background || got.Sub == "none" {
		t.Errorf("rebels fighting, with their dead: got %s (background %v), want a reported event", got.Sub, got.Background)
	}
}
