package events_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEventPlaceRules: places the text names but that are not where an
// event happened never become its location, and a world region yields
// to a finer place of the document.
func TestEventPlaceRules(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"an organisation's base", "The Britain-based Observatory said air strikes killed 12 people in Idlib on Tuesday.", "Idlib"},
		{"a hyphenated city base", "A New York-based rights group said gunmen killed four villagers in Kidal on Monday.", "Kidal"},
		{"a newspaper", "The New York Times said air strikes killed 12 people in Idlib on Tuesday.", "Idlib"},
		{"where a source speaks from", "State media quoted a source in Hasaka as saying a car bomb killed 44 people in Qamishli on Wednesday.", "Al Qāmishlī"},
		{"a residence", "Her brother, who lives in London, said a car bomb killed nine people in Mogadishu on Sunday.", "Mogadishu"},
		{"a named country beats a demonym", "An Italian aid worker was abducted by gunmen in the Philippines on Monday.", "Philippines"},
		{"a world region yields to the document's place", "Militants attacked a checkpoint in Kidal on Monday, killing three soldiers. Jihadists have spread across the Sahel.", "Kidal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, evs := extract(t, tt.text, pub)
			var got []string
			for _, e := range evs {
				if !e.Background {
					got = append(got, e.Location.Location)
				}
			}
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("%q: locations of reported events (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestCoordinatedPlaces: one event per location when one sentence tells
// an attack on coordinated places.
func TestCoordinatedPlaces(t *testing.T) {
	_, evs := extract(t, "Car bombs exploded in Kirkuk and Tikrit on Monday, killing 14 people.", pub)
	var got []string
	for _, e := range evs {
		if !e.Background {
			got = append(got, e.SubEventType+" in "+e.Location.Location)
		}
	}
	slices.Sort(got)
	want := []string{"Remote explosive/landmine/IED in Kirkuk", "Remote explosive/landmine/IED in Tikrīt"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// TestDatelineCityByDeixis: "in this northern city" puts the event in the
// dateline's town, not in another place the sentence names.
func TestDatelineCityByDeixis(t *testing.T) {
	text := "MOSUL, Iraq -- Troops stormed police stations in this northern city on Tuesday, days after insurgents from Falluja seized them."
	_, evs := extract(t, text, pub)
	for _, e := range evs {
		if !e.Background && e.Location.Location != "Mosul" {
			t.Errorf("%q: %s located in %s, want Mosul", text, e.SubEventType, e.Location.Location)
		}
	}
}
