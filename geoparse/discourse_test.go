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

func TestResolveStates(t *testing.T) {
	g := localGaz(t)
	tests := []struct {
		name, text, mention string
		wantID              int64
		wantReason          string
	}{
		// Words around the name that make it the state.
		{"X state", "Wildfires burn in Washington state.", "Washington state", 16, "feature=ADM1"},
		{"X governor", "The Washington governor spoke.", "Washington", 16, "feature=ADM1"},
		{"upstate", "Snow fell across upstate New York.", "New York", 17, "feature=ADM1"},
		{"the state of", "Voters in the state of New York went to the polls.", "New York", 17, "feature=ADM1"},
		{"Gov.", "New York Gov. Jane Smith signed the bill.", "New York", 17, "feature=ADM1"},
		{"plain Washington is the capital", "Officials in Washington said no.", "Washington", 120, "feature=PPLC"},
		{"plain New York is the city", "Protests spread in New York.", "New York", 153, "feature=PPL"},
		{"State University is not the state", "He studied at Washington State University in Pullman.", "Washington", 0, ""},
		// The second place of "X, Y" contains the first.
		{"X, state", "The rally was held in Tacoma, Washington.", "Washington", 16, "contains-previous"},
		// A town named like a state of its country.
		{"state before its namesake town", "Farmers in Florida lost crops.", "Florida", 21, "feature=ADM1"},
		{"state before its namesake town, with a state nearby", "Snow hit Oregon and Florida.", "Oregon", 22, "feature=ADM1"},
		{"a neighbour of the town still picks the town", "Rockford and Oregon got snow.", "Oregon", 150, "state-namesake"},
		{"containment still picks the town", "The fair is in Oregon, Illinois.", "Oregon", 150, "contained"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, Recognise{Gaz: g}, Resolve{Gaz: g})
			m, ok := firstPlace(a, tt.mention)
			if !ok {
				if tt.wantID == 0 {
					return
				}
				t.Fatalf("%q not recognised: %+v", tt.mention, summarise(a))
			}
			if tt.wantID == 0 {
				if m.Place.FeatureCode == "ADM1" {
					t.Errorf("%s resolved to the state (%s)", m.Text, m.Rule)
				}
				return
			}
			if m.Place.GeonameID != tt.wantID {
				t.Errorf("%s resolved to %d (%s), want %d", m.Text, m.Place.GeonameID, m.Rule, tt.wantID)
			}
			if !strings.Contains(m.Rule, tt.wantReason) {
				t.Errorf("rule %q lacks %q", m.Rule, tt.wantReason)
			}
		})
	}
}

func TestReadsAsState(t *testing.T) {
	tests := []struct {
		text, name string
		want       bool
	}{
		{"in Washington state.", "Washington", true},
		{"in Washington State, officials", "Washington", true},
		{"the Washington state's budget", "Washington", true},
		{"Washington State University", "Washington", false},
		{"upstate New York", "New York", true},
		{"the state of Kentucky", "Kentucky", true},
		{"Ohio Gov. Smith", "Ohio", true},
		{"the Ohio legislature", "Ohio", true},
		{"in Washington on Monday", "Washington", false},
		{"New York City", "New York", false},
	}
	for _, tt := range tests {
		i := strings.Index(tt.text, tt.name)
		m := &evident.Mention{Span: evident.Span{Start: i, End: i + len(tt.name)}, Text: tt.name}
		if got := readsAsState(tt.text, m); got != tt.want {
			t.Errorf("readsAsState(%q, %q) = %v, want %v", tt.text, tt.name, got, tt.want)
		}
	}
}
