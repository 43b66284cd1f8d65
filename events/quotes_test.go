package events_test

import "testing"

// TestQuotesAcrossSentences: a quotation that opens in an earlier
// sentence of its paragraph, or closes after the trigger with its
// speaker, reports no event of its own; an idiom is no riot.
func TestQuotesAcrossSentences(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"quote opened a sentence before", "“We have seen nothing like it. There is a very fierce bombardment of civilians in Douma every night,” said the doctor."},
		{"quote closed after the trigger", "That is why the bombardment of civilians in Douma matters,” said the doctor."},
		{"run riot", "While the militias run riot across the region, diplomats in Geneva watch."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, evs := extract(t, tc.text, pub)
			for _, e := range evs {
				if !e.Background {
					t.Errorf("%q: reported %s in %s, want no event", tc.text, e.SubEventType, e.Location.Location)
				}
			}
		})
	}
	// The same words outside a quotation still report the event.
	_, evs := extract(t, "Government forces shelled Douma on Monday, killing four civilians, the doctor said.", pub)
	n := 0
	for _, e := range evs {
		if !e.Background {
			n++
		}
	}
	if n != 1 {
		t.Errorf("shelling outside a quotation: %d reported events, want 1", n)
	}
}

// TestScareQuotes: quotation marks around a term are no quotation.
func TestScareQuotes(t *testing.T) {
	got, _ := extract(t, `Warplanes released "toxic gas" on Khan Sheikhun on Tuesday, killing 72 people.`, pub)
	if got.Sub != "Chemical weapon" || got.Background {
		t.Errorf("got %s (background %v), want a reported Chemical weapon event", got.Sub, got.Background)
	}
}
