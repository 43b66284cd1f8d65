package geoparse

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRegionDemonyms: people of a first-level division or a city of a
// million are demonym mentions placed at that region or city.
func TestRegionDemonyms(t *testing.T) {
	g := defaultGaz(t)
	type dm struct{ Text, Place, CC string }
	tests := []struct {
		name, text string
		want       []dm
	}{
		{"plural -ans", "Many Nebraskans voted early.", []dm{{"Nebraskans", "Nebraska", "US"}}},
		{"-ans after a vowel", "Thousands of Ohioans lost power.", []dm{{"Ohioans", "Ohio", "US"}}},
		{"-ians for -o", "Some Ontarians disagree.", []dm{{"Ontarians", "Ontario", "CA"}}},
		{"-ns for -s", "Two Kansans won.", []dm{{"Kansans", "Kansas", "US"}}},
		{"two words", "Several New Yorkers testified.", []dm{{"New Yorkers", "New York City", "US"}}},
		{"a surname is no demonym", "Then Susan Peters and Dr. Buhari spoke.", nil},
		{"a word the document writes in lower case", "Gunman held. The gunman fled.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, Recognise{Gaz: g}, Resolve{Gaz: g})
			var got []dm
			for _, m := range a.Mentions {
				if m.Rule != "demonym:region" {
					continue
				}
				if !m.Place.Demonym {
					t.Errorf("%s: not a demonym", m.Text)
				}
				got = append(got, dm{m.Text, m.Place.Name, m.Place.CountryCode})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s\n%v", tt.text, diff, summarise(a))
			}
		})
	}
}
