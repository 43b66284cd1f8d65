package geoparse

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOfficialNamesAndAcronymCompounds covers prefixOf (a country's
// official name is one toponym) and acronyms inside hyphenated words.
func TestOfficialNamesAndAcronymCompounds(t *testing.T) {
	g := defaultGaz(t)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"republic of", "The envoy of the Republic of Armenia arrived.", []string{"Republic of Armenia"}},
		{"kingdom of", "Talks with the Kingdom of Bahrain resumed.", []string{"Kingdom of Bahrain"}},
		{"a division's title is not the name's", "The State of Ohio sued. The City of Omaha paid.", []string{"Ohio", "Omaha"}},
		{"lower-case title", "They reached the city of Mosul.", []string{"Mosul"}},
		{"title before no country", "The Republic of Letters met.", nil},
		{"an administrative word alone is no place", "The City approved it. The County and the Republic agreed.", nil},
		{"country acronym in a compound", "A UK-based charity and US-led forces.", []string{"UK", "US"}},
		{"other acronym in a compound", "An NGO-run clinic and a BBC-style show.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, Recognise{Gaz: g}, Resolve{Gaz: g})
			var got []string
			for _, m := range a.Mentions {
				got = append(got, m.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s\n%v", tt.text, diff, summarise(a))
			}
		})
	}
}
