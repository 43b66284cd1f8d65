package geoparse

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// recognised returns the texts and rules of the mentions Recognise finds.
func recognised(t *testing.T, text string) []string {
	t.Helper()
	g := defaultGaz(t)
	a := analyse(t, text, Recognise{Gaz: g})
	var out []string
	for _, m := range a.Mentions {
		out = append(out, m.Text+" "+m.Rule)
	}
	return out
}

// TestDottedRegion: a region abbreviation with inner full stops names
// its region anywhere, not only after a place and a comma.
func TestDottedRegion(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"after a preposition", "The new plant opens in S.C. next spring.", []string{"S.C. gazetteer:region-abbrev"}},
		{"before a comma", "In D.C., the council voted again.", []string{"D.C. gazetteer:region-abbrev"}},
		{"as a subject", "He said N.Y. had the most cases.", []string{"N.Y. gazetteer:region-abbrev"}},
		{"an era after a number", "The temple was built in 300 B.C. by hand.", nil},
		{"a country's initials are no region", "Troops from the U.S. arrived.", []string{"U.S. gazetteer:abbrev"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, recognised(t, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestPartyTag: the state or hometown in a politician's party tag.
func TestPartyTag(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"dotted state", "The bill was written by Rep. Ann Doe, D-S.C., last year.", []string{"S.C. gazetteer:region-abbrev"}},
		{"one-dot state in brackets", "Sen. Tom Roe (R-Ky.) objected.", []string{"Ky. gazetteer:region-abbrev"}},
		{"hometown", "Delegate Pat Moe, R-Ashland, voted no.", []string{"Ashland gazetteer:party-tag"}},
		{"no comma or bracket before", "They watched D-Day films.", nil},
		{"no place after the party letter", "His car, R-Type, won.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, recognised(t, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestDatelineForms: all-capital datelines before a colon, and after the
// date inside the text.
func TestDatelineForms(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"before a colon", "BEIRUT: Talks resumed on Sunday.", []string{"BEIRUT gazetteer:dateline"}},
		{"after a date", "By Ann Lee Staff Writer May 2, 2011 NEWARK -- The school reopened.", []string{"NEWARK gazetteer:dateline"}},
		{"a heading before a colon", "UPDATE: the game is on. We will update you.", nil},
		{"all capitals mid-sentence stay acronyms", "He met the NEWARK board.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, recognised(t, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestPersonChain: a name right after a word the person rules rejected
// belongs to the same person; holidays named after saints are no places.
func TestPersonChain(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"three names", "Police arrested Mary Lynn Turner, 31, on Friday.", nil},
		{"title, first name, surname", "The ruling by Judge Haywood Turner stands.", nil},
		{"a place after a person and a comma stays", "Mary Lynn, of Dallas, spoke.", []string{"Dallas gazetteer:name"}},
		{"saint's day", "Parades mark St. Patrick's Day in Boston.", []string{"Boston gazetteer:name"}},
		{"saint's day eve", "Crowds gathered on St. John's Eve.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, recognised(t, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestRegionNoPerson: continents and world regions, and their
// adjectives, are no first names or surnames.
func TestRegionNoPerson(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"after a capitalised word", "They revived the Single European Sky plan.", []string{"European gazetteer:name"}},
		{"before a capitalised word", "A new European Aviation Strategy was due.", []string{"European gazetteer:name"}},
		{"a town before a capitalised word is still a first name", "Reporters met Sydney Zorvak there.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, recognised(t, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestOrgOfAndArticles: an organisation's head before "of", and a name
// that is never a place after its article, are no towns.
func TestOrgOfAndArticles(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"university of", "She studied at the University of Rochester.", []string{"Rochester gazetteer:name"}},
		{"la niña", "Rain came with La Niña this year.", nil},
		{"el niño", "Farmers feared El Niño again.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, recognised(t, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}
