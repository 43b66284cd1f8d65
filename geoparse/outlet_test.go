package geoparse

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/segment"
)

func TestHomeNames(t *testing.T) {
	g := localGaz(t)
	tests := []struct {
		url  string
		want []string
	}{
		{"http://www.athensreview.com/local/x.html", []string{"athens"}},
		{"www.parisnews.com", []string{"paris"}},
		{"https://theparisnews.com/a", []string{"paris"}},
		{"http://newarkadvocate.com/", []string{"newark"}},
		{"http://chronicle.augusta.com/news", []string{"augusta"}},
		{"http://www.timesofjordan.com/", []string{"jordan"}},
		{"http://www.dailystar.com/", nil},    // news words only
		{"http://www.athensrevue.com/", nil},  // an unknown word: no split
		{"http://www.towerherald.com/", nil},  // Tower is in Ireland, not on a .com ... nor a town of 5,000
		{"http://www.tylertimes.co.uk/", nil}, // Tyler is not in the United Kingdom
		{"http://www.tacoma-news.com/", []string{"tacoma"}},
	}
	for _, tt := range tests {
		labels := hostLabels(&evident.Document{URL: tt.url})
		locale := OutletCountry(&evident.Document{URL: tt.url})
		got := homeNames(g, labels, func(k string) bool { return len((Resolve{Gaz: g}).homeCands(k, locale)) > 0 })
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (labels %q): (-want +got)\n%s", tt.url, labels, diff)
		}
	}
}

func TestResolveOutletHome(t *testing.T) {
	g := localGaz(t)
	tests := []struct {
		name, url, text, mention string
		wantID                   int64
		wantReason               string
	}{
		{"the home's namesake", "http://www.athensreview.com/x", "The council of Henderson County met in Athens.", "Athens", 112, "home=Athens"},
		{"places near the home", "http://www.newarkadvocate.com/x", "The fair in Newark drew crowds from Licking County.", "Newark", 141, "home=Newark"},
		{"no home: the larger namesake", "http://www.example.com/x", "The fair in Newark drew crowds.", "Newark", 140, ""},
		{"a home in another context does not move a capital", "http://www.athensreview.com/x", "Greek protesters marched in Athens.", "Athens", 110, ""},
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
		})
	}
	// NoLocale turns the home off.
	a := &evident.Analysis{Doc: &evident.Document{Text: "The fair in Newark drew crowds from Licking County.", URL: "http://www.newarkadvocate.com/x"}}
	for _, s := range []evident.Stage{segment.Stage{}, Recognise{Gaz: g}, Resolve{Gaz: g, Options: Options{NoLocale: true}}} {
		if err := s.Process(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	if m, ok := firstPlace(a, "Newark"); ok && strings.Contains(m.Rule, "home=") {
		t.Errorf("NoLocale: rule %q has a home", m.Rule)
	}
}
