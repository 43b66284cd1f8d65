package geoparse

import (
	"strings"
	"testing"

	evident "github.com/evident-org/evident"
)


// firstPlace returns the first place mention with the given text.
func firstPlace(a *evident.Analysis, text string) (*evident.Mention, bool) {
	for i := range a.Mentions {
		if a.Mentions[i].Kind == evident.KindPlace && a.Mentions[i].Text == text {
			return &a.Mentions[i], true
		}
	}
	return nil, false
}

func TestResolveRegionVote(t *testing.T) {
	g := localGaz(t)
	tests := []struct {
		name, text, mention string
		wantID              int64 // negative: any but this one
		wantReason          string
	}{
		// The other names lie in Minnesota: Alexandria is the one there.
		{"local names pull a namesake into their state",
			"Floods closed roads in Otter Tail County and in Wadena and Fergus Falls. Volunteers came from Alexandria.", "Alexandria", 102, "region=US.MN"},
		{"without local names the largest namesake",
			"Volunteers came from Alexandria.", "Alexandria", 103, ""},
		{"a state name votes for its state",
			"The Texas floods reached Tyler and Athens.", "Athens", 112, "region=US.TX"},
		// A national capital keeps its reading: the dateline of a wire
		// story in a Georgia paper.
		{"the capital resists the region",
			"WASHINGTON — The bill helps farmers in Augusta and Lincolnton, Georgia.", "WASHINGTON", 120, ""},
		// A candidate known only by an alternate name gets no help from
		// the region against one named so.
		{"alternate names get no region help",
			"Farmers in Augusta, Lincolnton and Washington, Georgia, sell to Paris.", "Paris", -122, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, Recognise{Gaz: g}, Resolve{Gaz: g})
			m, ok := firstPlace(a, tt.mention)
			if !ok {
				t.Fatalf("%q not recognised: %+v", tt.mention, summarise(a))
			}
			if tt.wantID < 0 && m.Place.GeonameID == -tt.wantID {
				t.Errorf("%s resolved to %d (%s)", m.Text, m.Place.GeonameID, m.Rule)
			}
			if tt.wantID > 0 && m.Place.GeonameID != tt.wantID {
				t.Errorf("%s resolved to %d (%s), want %d", m.Text, m.Place.GeonameID, m.Rule, tt.wantID)
			}
			if !strings.Contains(m.Rule, tt.wantReason) {
				t.Errorf("rule %q lacks %q", m.Rule, tt.wantReason)
			}
		})
	}
}
