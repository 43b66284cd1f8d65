package geoparse

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStreets: street and road names are place mentions of their own,
// whole, with rule "street".
func TestStreets(t *testing.T) {
	g := defaultGaz(t)
	tests := []struct {
		name, text string
		want       []got
	}{
		{"street", "Crews repaved Elmwood Street on Monday.", []got{{Text: "Elmwood Street", Rule: "street"}}},
		{"direction and two words", "The shop on South Cedar Hollow Avenue closed.", []got{{Text: "South Cedar Hollow Avenue", Rule: "street"}}},
		{"abbreviated direction and street word", "He lives at 41 W. Poplar St., the police said.", []got{{Text: "W. Poplar St.", Rule: "street"}}},
		{"ordinal", "Traffic backed up on Seventh Avenue and 5th Street.", []got{{Text: "Seventh Avenue", Rule: "street"}, {Text: "5th Street", Rule: "street"}}},
		{"numbered roads", "Drivers left Highway 14 for County Road 9 and Interstate 80.", []got{
			{Text: "Highway 14", Rule: "street"}, {Text: "County Road 9", Rule: "street"}, {Text: "Interstate 80", Rule: "street"}}},
		{"street named after a city is the street", "Fire broke out on Omaha Road late Sunday.", []got{{Text: "Omaha Road", Rule: "street"}}},
		{"saint before a name is no street", "Mary St. John arrived in Omaha.", []got{
			{Text: "St. John", Rule: "gazetteer:name", CC: "JE"}, {Text: "Omaha", Rule: "gazetteer:name", CC: "US"}}},
		{"a longer name goes on", "She works for the Wall Street Journal.", nil},
		{"lower-case street word after a proper name", "The cafe in Gwydir street reopened.", []got{{Text: "Gwydir street", Rule: "street"}}},
		{"lower-case street word after a common word", "This road is closed. Another road opened.", nil},
		{"function word does not open the name", "On Elmwood Street the lights failed.", []got{{Text: "Elmwood Street", Rule: "street"}}},
		{"never list", "Reporters waited in Downing Street.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, Recognise{Gaz: g})
			var out []got
			for _, s := range summarise(a) {
				if s.Rule != "street" {
					s.CC = Prominent(g.Lookup(s.Text)).CountryCode
				}
				out = append(out, s)
			}
			if diff := cmp.Diff(tt.want, out); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestRoadNo(t *testing.T) {
	for s, want := range map[string]bool{"82": true, "30A": true, "2701": true, "12345": false, "A1": false, "": false, "3b": false} {
		if got := roadNo(s); got != want {
			t.Errorf("roadNo(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{"5th": true, "42nd": true, "1st": true, "Seventh": true, "5": false, "th": false, "Fifty": false} {
		if got := ordinal(s); got != want {
			t.Errorf("ordinal(%q) = %v, want %v", s, got, want)
		}
	}
}
