package geoparse

import (
	"context"
	"strings"
	"testing"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/segment"
)

// The outlet's home lies in the country its news is about.
func TestResolveHomeInFocusCountry(t *testing.T) {
	g := localGaz(t)
	tests := []struct {
		name, url, text, mention string
		wantID                   int64
		wantReason               string
	}{
		// jordannews.com with Minnesota names is Jordan, Minnesota (not
		// the country, whose locale would then favour it).
		{"a local paper named like a country", "http://www.jordannews.com/x", "The Jordan council met officials from Shakopee.", "Jordan", 155, "home=Jordan"},
		// Without names of its own country the home is the country.
		{"a paper about the country", "http://www.jordannews.com/x", "Refugees reached Jordan.", "Jordan", 5, ""},
		// A home that only its name's prominence chose does not echo
		// into that name's mentions.
		{"an unsupported home does not echo", "http://theparisnews.com/x", "The council met in Paris.", "Paris", 130, ""},
		{"a supported home does", "http://theparisnews.com/x", "The council met in Paris with Tyler officials.", "Paris", 131, "home=Paris"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &evident.Analysis{Doc: &evident.Document{Text: tt.text, URL: tt.url}}
			for _, s := range []evident.Stage{segment.Stage{}, Recognise{Gaz: g}, Resolve{Gaz: g}} {
				if err := s.Process(context.Background(), a); err != nil {
					t.Fatal(err)
				}
			}
			m, ok := firstPlace(a, tt.mention)
			if !ok {
				t.Fatalf("%q not recognised: %+v", tt.mention, summarise(a))
			}
			if m.Place.GeonameID != tt.wantID {
				t.Errorf("%s resolved to %d (%s), want %d", m.Text, m.Place.GeonameID, m.Rule, tt.wantID)
			}
			if !strings.Contains(m.Rule, tt.wantReason) {
				t.Errorf("rule %q lacks %q", m.Rule, tt.wantReason)
			}
			if tt.wantReason == "" && strings.Contains(m.Rule, "home=") {
				t.Errorf("rule %q has a home", m.Rule)
			}
		})
	}
}

// A country inside an unknown name stands without support; a town does
// not.
func TestResolvePartCountryWithoutSupport(t *testing.T) {
	g := localGaz(t)
	a := resolveSpans(t, Resolve{Gaz: g}, "Officials of the France Football Federation met.", "France Football Federation")
	if m, _ := firstPlace(a, "France Football Federation"); m == nil || m.Place.GeonameID != 3 {
		t.Errorf("France Football Federation: %+v", m)
	}
	a = resolveSpans(t, Resolve{Gaz: g}, "Fans met at Puget Sound.", "Puget Sound")
	if m, _ := firstPlace(a, "Puget Sound"); m == nil || m.Place.GeonameID == 161 {
		t.Errorf("Puget Sound: %+v", m)
	}
}
