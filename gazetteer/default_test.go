package gazetteer

import (
	"bytes"
	"os"
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

// TestDefaultIndexCurrent checks that the embedded index is the
// conversion of data/default.tsv.gz; regenerate it with
// "go generate ./gazetteer".
func TestDefaultIndexCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the compact default")
	}
	f, err := os.Open("data/default.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := ReadCompact(f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := g.WriteIndex(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), defaultImage()) {
		t.Fatal("gazetteer/defaultindex/default.idx is stale (data/default.tsv.gz changed): run go generate ./gazetteer")
	}
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Verify(); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkLoadDefault measures opening the embedded default (header and
// section validation; the index is used in place), bypassing the
// once-per-process cache.
func BenchmarkLoadDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := openImage(defaultImage(), true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadCompactDefault measures loading the compact default
// (gunzip, parse and index build): what Default did before the index.
func BenchmarkReadCompactDefault(b *testing.B) {
	data, err := os.ReadFile("data/default.tsv.gz")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readCompact(bytes.NewReader(data), gzipSize(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// gzipSize returns the decompressed size recorded in a gzip trailer
// (modulo 4 GiB), or 0.
func gzipSize(b []byte) int {
	if len(b) < 18 {
		return 0
	}
	t := b[len(b)-4:]
	return int(uint32(t[0]) | uint32(t[1])<<8 | uint32(t[2])<<16 | uint32(t[3])<<24)
}
