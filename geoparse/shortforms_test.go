package geoparse

import (
	"strings"
	"testing"

	"github.com/evident-org/evident/gazetteer"
)

// shortGaz has the full names behind a few short forms, and towns the
// gazetteer knows under the short forms themselves.
func shortGaz(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	b := gazetteer.NewBuilder()
	for _, c := range []gazetteer.CountryInfo{
		{Code: "US", Name: "United States"}, {Code: "CA", Name: "Canada"}, {Code: "AU", Name: "Australia"},
		{Code: "TT", Name: "Trinidad and Tobago"}, {Code: "GH", Name: "Ghana"}, {Code: "GB", Name: "United Kingdom"},
	} {
		b.SetCountry(c)
	}
	add := func(id int64, name, code, cc, a1 string, pop int64, lat, lon float64, alts ...string) {
		class := "P"
		if strings.HasPrefix(code, "ADM") || strings.HasPrefix(code, "PCL") {
			class = "A"
		}
		b.Add(gazetteer.Entry{GeonameID: id, Name: name, FeatureClass: class, FeatureCode: code,
			CountryCode: cc, Admin1Code: a1, Population: pop, Lat: lat, Lon: lon}, alts...)
	}
	add(1, "Trinidad and Tobago", "PCLI", "TT", "", 1400000, 10.4, -61.3)
	add(2, "British Columbia", "ADM1", "CA", "02", 0, 54, -125)
	add(3, "New South Wales", "ADM1", "AU", "02", 0, -32, 147)
	add(4, "Western Australia", "ADM1", "AU", "08", 0, -25, 122)
	add(5, "Washington", "ADM1", "US", "WA", 0, 47.5, -120.5)
	add(6, "Los Angeles", "PPLA2", "US", "CA", 3900000, 34.05, -118.24)
	add(7, "Los Angeles", "PPL", "US", "TX", 1000, 28.0, -98.0)
	add(8, "Wa", "PPLA", "GH", "10", 78000, 10.06, -2.5)
	add(9, "Nelson", "PPL", "CA", "02", 10000, 49.5, -117.3, "BC")
	add(10, "Perth", "PPLA", "AU", "08", 2000000, -31.95, 115.86)
	add(11, "Seattle", "PPLA2", "US", "WA", 700000, 47.61, -122.33)
	add(12, "England", "ADM1", "GB", "ENG", 0, 52.16, -0.7)
	add(13, "English", "PPLA2", "US", "IN", 600, 38.33, -86.46)
	add(14, "Indianapolis", "PPLA", "US", "IN", 870000, 39.77, -86.16)
	return b.Build()
}

func TestResolveShortForms(t *testing.T) {
	g := shortGaz(t)
	tests := []struct {
		name, text string
		spans      []string
		mention    string
		wantID     int64
	}{
		{"a country's short form", "The minister asked why T&T was not represented.", []string{"T&T"}, "T&T", 1},
		{"a province without dots", "FrontCounter BC opened an office.", []string{"BC"}, "BC", 2},
		{"a state's initials", "NSW police closed the road.", []string{"NSW"}, "NSW", 3},
		{"WA near Perth is Western Australia", "Perth has water limits; wastewater in WA is treated.", []string{"Perth", "WA"}, "WA", 4},
		{"WA near Seattle is Washington", "Seattle has water limits; wastewater in WA is treated.", []string{"Seattle", "WA"}, "WA", 5},
		{"L.A. is the city, the largest of its name", "L.A. police were disappointed.", []string{"L.A."}, "L.A.", 6},
		// A region's adjective is the region, even beside Indiana.
		{"a region's demonym is the region", "The English pianist played in Indianapolis.", []string{"English", "Indianapolis"}, "English", 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := resolveSpans(t, Resolve{Gaz: g}, tt.text, tt.spans...)
			m, ok := firstPlace(a, tt.mention)
			if !ok {
				t.Fatalf("%q not found", tt.mention)
			}
			if m.Place.GeonameID != tt.wantID {
				t.Errorf("%s resolved to %d (%s), want %d", m.Text, m.Place.GeonameID, m.Rule, tt.wantID)
			}
		})
	}
	// The table never changes the cache's slice.
	r := Resolve{Gaz: g}
	own := g.Lookup("BC")
	before := len(own)
	if got := r.shortFormCands("BC", own); len(got) != before+1 || len(own) != before {
		t.Errorf("shortFormCands: %d candidates from %d (input now %d)", len(got), before, len(own))
	}
}
