package acled

import (
	"slices"
	"strings"
	"testing"
)

func TestTables(t *testing.T) {
	for _, tt := range []struct{ cc, region, iso3 string }{
		{"IQ", "Middle East", "IRQ"}, {"sy", "Middle East", "SYR"}, {"SD", "Northern Africa", "SDN"},
		{"SS", "Eastern Africa", "SSD"}, {"MX", "Central America", "MEX"}, {"XX", "", ""}, {"", "", ""},
	} {
		if got := Region(tt.cc); got != tt.region {
			t.Errorf("Region(%q) = %q, want %q", tt.cc, got, tt.region)
		}
		if got := ISO3(tt.cc); got != tt.iso3 {
			t.Errorf("ISO3(%q) = %q, want %q", tt.cc, got, tt.iso3)
		}
	}
}

func TestSourceScale(t *testing.T) {
	for _, tt := range []struct {
		name                 string
		outlet               string
		international, local bool
		event, want          string
	}{
		{"wire service", "GB", true, false, "SY", ScaleInternational},
		{"national outlet at home", "EG", false, false, "EG", ScaleNational},
		{"local outlet at home", "US", false, true, "US", ScaleSubnational},
		{"neighbour's outlet", "LB", false, false, "SY", ScaleRegional},
		{"outlet from another region", "GB", false, false, "SY", ScaleInternational},
		{"local outlet abroad", "US", false, true, "IQ", ScaleInternational},
		{"unknown outlet", "", false, false, "SY", ""},
		{"unplaced event", "EG", false, false, "", ""},
	} {
		if got := SourceScale(tt.outlet, tt.international, tt.local, tt.event); got != tt.want {
			t.Errorf("%s: SourceScale(%q, %v, %v, %q) = %q, want %q", tt.name, tt.outlet, tt.international, tt.local, tt.event, got, tt.want)
		}
	}
}

func TestCombineScales(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{[]string{ScaleInternational, ScaleNational, ScaleNational}, "National-International"},
		{[]string{ScaleRegional}, "Regional"},
		{[]string{"", "Other"}, ""},
		{nil, ""},
	} {
		if got := CombineScales(tt.in...); got != tt.want {
			t.Errorf("CombineScales(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRegionsTable(t *testing.T) {
	regions := regions()
	valid := []string{
		"Middle East", "Northern Africa", "Eastern Africa", "Western Africa", "Middle Africa",
		"Southern Africa", "South Asia", "Southeast Asia", "East Asia",
		"Caucasus and Central Asia", "Europe", "North America", "Central America",
		"South America", "Caribbean", "Oceania", "Antarctica",
	}
	if len(regions) < 240 {
		t.Errorf("regions table has %d entries, want the whole ISO 3166-1 list", len(regions))
	}
	for code, region := range regions {
		if len(code) != 2 || strings.ToUpper(code) != code {
			t.Errorf("bad country code %q", code)
		}
		if !slices.Contains(valid, region) {
			t.Errorf("%s: %q is not an ACLED region", code, region)
		}
	}
	for code, want := range map[string]string{
		"IQ": "Middle East", "SY": "Middle East", "TR": "Middle East", "NG": "Western Africa",
		"SD": "Northern Africa", "SS": "Eastern Africa", "CD": "Middle Africa", "ZA": "Southern Africa",
		"AF": "South Asia", "MM": "Southeast Asia", "CN": "East Asia", "UA": "Europe",
		"GE": "Caucasus and Central Asia", "MX": "Central America", "CO": "South America",
		"HT": "Caribbean", "US": "North America", "PG": "Oceania",
	} {
		if regions[code] != want {
			t.Errorf("region[%s] = %q, want %q", code, regions[code], want)
		}
	}
}
