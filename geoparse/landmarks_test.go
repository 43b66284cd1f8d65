package geoparse

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLandmark: rivers, lakes, parks and valleys the gazetteer lacks are
// recognised by their form; names it has stay the gazetteer's.
func TestLandmark(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"river", "Crews pulled a car from the Neches River on Monday.", []string{"Neches River landmark"}},
		{"lake before the name", "They fished on Lake Lanier all day.", []string{"Lake Lanier landmark"}},
		{"a common word may end it", "Rain fell across the Santa Clara Valley on Monday.", []string{"Santa Clara Valley landmark"}},
		{"a longer name goes on", "He called Zorvak Creek Mill about it.", nil},
		{"a gazetteer name is the gazetteer's", "Barges sailed down the Mississippi River slowly.", []string{"Mississippi River gazetteer:name"}},
		{"a common word opens no name", "They said Much Lake was dry.", nil},
		{"no lower-case feature word", "She walked to the old river again.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, recognised(t, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestResident: a name before "man", "residents" or "area" is a place,
// whether or not the gazetteer has it.
func TestResident(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"unknown town", "Police said a Zorvak Mills man was hurt.", []string{"Zorvak Mills resident"}},
		{"area", "Storms hit the Zorvak area overnight.", []string{"Zorvak resident"}},
		{"small town without a locative word", "A Whitestown woman won the lottery.", []string{"Whitestown gazetteer:name"}},
		{"no article before", "Officers said Zorvak man was hurt.", nil},
		{"a common word is no name", "Police said a Good man was hurt.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, recognised(t, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}
