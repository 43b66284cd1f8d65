package geoparse

import (
	"math"
	"testing"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// resolved returns the country and admin1 of each place mention with the
// given text.
func resolvedAs(a *evident.Analysis, text string) (cc, admin1 string, alts int, ok bool) {
	for _, m := range a.Mentions {
		if m.Kind == evident.KindPlace && m.Text == text {
			return m.Place.CountryCode, m.Place.Admin1, len(m.Place.Alternatives), true
		}
	}
	return "", "", 0, false
}

func placeOf(a *evident.Analysis, text string) *evident.Place {
	for _, m := range a.Mentions {
		if m.Kind == evident.KindPlace && m.Text == text {
			return m.Place
		}
	}
	return &evident.Place{}
}

func TestResolveContext(t *testing.T) {
	g := defaultGaz(t)
	tests := []struct {
		name, text, mention string
		opts                Options
		wantCC, wantAdmin1  string
	}{
		// Containment: the next mention after a comma names the division.
		{"containment admin1", "He grew up in Springfield, Illinois.", "Springfield", Options{}, "US", "Illinois"},
		{"containment admin1 other", "He grew up in Springfield, Massachusetts.", "Springfield", Options{}, "US", "Massachusetts"},
		// Co-occurring places in the same country pull an ambiguous name there.
		{"cooccur", "Fighting spread from Homs to Palmyra and Tripoli.", "Tripoli", Options{}, "LB", ""},
		// The caller's bias wins over population.
		{"bias country", "The convoy reached Tripoli.", "Tripoli", Options{Countries: []string{"LB"}}, "LB", ""},
		{"no bias", "The convoy reached Tripoli.", "Tripoli", Options{}, "LY", ""},
		// An acronym is not a town that it spells; a metropolis is the
		// city, not its region.
		{"acronym", "Talks with the EU stalled.", "EU", Options{}, "", ""},
		{"metropolis", "Protests spread in New York.", "New York", Options{}, "US", "New York"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, Recognise{Gaz: g}, Resolve{Gaz: g, Options: tt.opts})
			cc, a1, _, ok := resolvedAs(a, tt.mention)
			if !ok {
				t.Fatalf("%q not recognised: %+v", tt.mention, summarise(a))
			}
			if m := placeOf(a, tt.mention); tt.name == "metropolis" && m.FeatureClass != "P" {
				t.Errorf("New York resolved to %s %s, want the city", m.FeatureCode, m.Name)
			}
			if cc != tt.wantCC || tt.wantAdmin1 != "" && a1 != tt.wantAdmin1 {
				t.Errorf("%q resolved to %s/%s, want %s/%s", tt.mention, cc, a1, tt.wantCC, tt.wantAdmin1)
			}
		})
	}
}

func TestResolveOptions(t *testing.T) {
	g := defaultGaz(t)
	// Restricting to populated places leaves a country name unresolved.
	a := analyse(t, "Troops left Mosul for Syria.", Recognise{Gaz: g}, Resolve{Gaz: g, Options: Options{FeatureClasses: "P"}})
	for _, m := range a.Mentions {
		switch m.Text {
		case "Mosul":
			if m.Place.FeatureClass != "P" || !m.Place.Resolved() {
				t.Errorf("Mosul: %+v", m.Place)
			}
		case "Syria":
			if m.Place.Resolved() {
				t.Errorf("Syria resolved despite FeatureClasses=P: %+v", m.Place)
			}
		}
	}
	// Alternatives: an ambiguous name keeps runner-ups, capped.
	for _, tc := range []struct {
		n, want int
	}{{0, 3}, {1, 1}, {-1, 0}} {
		a := analyse(t, "The convoy reached Tripoli.", Recognise{Gaz: g}, Resolve{Gaz: g, Options: Options{Alternatives: tc.n}})
		if _, _, alts, _ := resolvedAs(a, "Tripoli"); alts != tc.want {
			t.Errorf("Alternatives=%d: got %d alternatives, want %d", tc.n, alts, tc.want)
		}
	}
}

func TestOutletCountry(t *testing.T) {
	tests := []struct {
		url, outlet, want string
	}{
		{"https://www.bbc.co.uk/news/x", "", "GB"},
		{"http://www.abc.net.au/news", "", "AU"},
		{"https://www.aljazeera.com/news", "", ""},
		{"https://techcrunch.io/a", "", ""},
		{"", "lemonde.fr", "FR"},
		{"", "Sky News", ""},
		{"::bad", "", ""},
	}
	for _, tt := range tests {
		if got := OutletCountry(&evident.Document{URL: tt.url, Outlet: tt.outlet}); got != tt.want {
			t.Errorf("OutletCountry(%q, %q) = %q, want %q", tt.url, tt.outlet, got, tt.want)
		}
	}
}

func TestDistance(t *testing.T) {
	// Mosul to Baghdad is about 350 km; a point to itself is 0.
	if d := Distance(36.335, 43.119, 33.341, 44.401); math.Abs(d-355) > 10 {
		t.Errorf("Mosul-Baghdad = %.0f km", d)
	}
	if d := Distance(10, 10, 10, 10); d != 0 {
		t.Errorf("zero distance = %v", d)
	}
	if d := Distance(0, 0, 0, 180); math.Abs(d-20015) > 1 {
		t.Errorf("antipodes = %.0f km", d)
	}
}

func TestSmallPlaceNeedsLocative(t *testing.T) {
	b := gazetteer.NewBuilder()
	b.Add(gazetteer.Entry{GeonameID: 1, Name: "Kelleyland", FeatureClass: "P", FeatureCode: "PPL", CountryCode: "US", Population: 1200, Lat: 31, Lon: -92})
	g := b.Build()
	tests := []struct {
		text string
		want int
	}{
		{"Kelleyland reopened its school.", 0},
		{"The fire in Kelleyland spread.", 1},
		{"They drove from the Kelleyland mill.", 1},
		{"Kelleyland, a village, is quiet.", 1},
	}
	for _, tt := range tests {
		a := analyse(t, tt.text, Recognise{Gaz: g})
		if len(a.Mentions) != tt.want {
			t.Errorf("%q: %d mentions, want %d", tt.text, len(a.Mentions), tt.want)
		}
	}
}
