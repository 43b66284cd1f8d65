package gazetteer

import (
	"bytes"
	"testing"
)

func TestDefault(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if g2, _ := Default(); g2 != g {
		t.Error("Default loaded twice")
	}
	if g.Len() < 100000 {
		t.Errorf("default has %d entries", g.Len())
	}
	has := func(name, cc, code string) *Entry {
		t.Helper()
		for _, e := range g.Lookup(name) {
			if e.CountryCode == cc && (code == "" || e.FeatureCode == code) {
				return &e
			}
		}
		t.Errorf("Lookup(%q): no %s %s candidate", name, cc, code)
		return nil
	}
	if e := has("Mosul", "IQ", "PPLA"); e != nil && (e.Admin1 != "Nineveh" || e.Country != "Iraq") {
		t.Errorf("Mosul names: %+v", e)
	}
	has("Falluja", "IQ", "")
	has("Al-Fallujah", "IQ", "")
	has("Baghdad", "IQ", "PPLC")
	has("Sinjar", "IQ", "")
	has("Iraq", "IQ", "PCLI")
	has("U.S.", "US", "PCLI")
	has("UK", "GB", "PCLI")
	has("Nineveh", "IQ", "ADM1")
	has("Tigris", "", "STM")
	has("Mediterranean Sea", "", "SEA")
	c, ok := g.Country("IQ")
	if !ok || c.ISONumeric != 368 || c.GeonameID != 99237 || c.ISO3 != "IRQ" || c.Lat == 0 {
		t.Errorf("Country(IQ) = %+v", c)
	}
	for w, want := range map[string]string{"Iraqi": "IQ", "Iraqis": "IQ", "Syrian": "SY", "American": "US", "British": "GB", "Congolese": "CD", "Afghans": "AF"} {
		if cc, _ := g.Demonym(w); cc != want {
			t.Errorf("Demonym(%q) = %q, want %q", w, cc, want)
		}
	}
	for _, w := range []string{"UK", "Laos", "Iraq"} {
		if cc, ok := g.Demonym(w); ok {
			t.Errorf("Demonym(%q) = %q, want none", w, cc)
		}
	}
}

// BenchmarkLoadDefault measures a full load of the embedded default
// (gunzip and parse), bypassing the once-per-process cache.
func BenchmarkLoadDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readCompact(bytes.NewReader(defaultData), gzipSize(defaultData)); err != nil {
			b.Fatal(err)
		}
	}
}
