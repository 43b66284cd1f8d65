package gazetteer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// contents is everything a gazetteer answers, for comparisons.
type contents struct {
	Entries   []Entry
	Keys      map[string][]int
	Countries []CountryInfo
	Admin1    map[string]string
	Admin2    map[string]string
	Demonyms  map[string]string
}

func dump(g *Gazetteer) contents {
	c := contents{Keys: map[string][]int{}, Admin1: map[string]string{}, Admin2: map[string]string{}, Demonyms: map[string]string{},
		Countries: g.Countries()}
	for i := range g.Len() {
		c.Entries = append(c.Entries, g.Entry(i))
	}
	for i := range g.NumKeys() {
		for p := g.postingsOf(i); len(p) >= 4; p = p[4:] {
			c.Keys[strings.Clone(g.key(i))] = append(c.Keys[strings.Clone(g.key(i))], int(u32(p, 0)))
		}
	}
	for _, t := range []struct {
		t []byte
		m map[string]string
	}{{g.admin1, c.Admin1}, {g.admin2, c.Admin2}, {g.demonyms, c.Demonyms}} {
		for i := 0; i+pairSize <= len(t.t); i += pairSize {
			t.m[g.str(u32(t.t, i))] = g.str(u32(t.t, i+4))
		}
	}
	return c
}

func writeIndexFile(t testing.TB, g *Gazetteer) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "g.idx")
	var buf bytes.Buffer
	if err := g.WriteIndex(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestIndexRoundTrip: Builder -> WriteIndex -> OpenIndex (mapped) and
// Load give the same answers as the built gazetteer.
func TestIndexRoundTrip(t *testing.T) {
	g := small(t)
	if err := g.Verify(); err != nil {
		t.Fatal(err)
	}
	p := writeIndexFile(t, g)
	h, err := OpenIndex(p)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	l, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := h.Verify(); err != nil {
		t.Fatal(err)
	}
	for name, o := range map[string]*Gazetteer{"OpenIndex": h, "Load": l} {
		if diff := cmp.Diff(dump(g), dump(o)); diff != "" {
			t.Errorf("%s (-built +opened):\n%s", name, diff)
		}
	}
	queries := []string{"Mosul", "MOSUL", "al-Mawsil", "Mawsil", "الموصل", "العراق", "Fallujah", "Al-Falluja",
		"U.S.", "US", "USA", "Iraq", "Basra", "", "m", "Mossoul"}
	for _, q := range queries {
		if diff := cmp.Diff(g.Lookup(q), h.Lookup(q)); diff != "" {
			t.Errorf("Lookup(%q) (-built +opened):\n%s", q, diff)
		}
		k := Normalize(q)
		if g.Has(k) != h.Has(k) || g.HasPrefix(k) != h.HasPrefix(k) {
			t.Errorf("Has/HasPrefix(%q) differ", k)
		}
	}
	for _, w := range []string{"Iraqi", "iraqis", "American", "Martian"} {
		c1, ok1 := g.Demonym(w)
		c2, ok2 := h.Demonym(w)
		if c1 != c2 || ok1 != ok2 {
			t.Errorf("Demonym(%q): %q %v vs %q %v", w, c1, ok1, c2, ok2)
		}
	}
	if got := h.Lookup("الموصل"); len(got) != 1 || got[0].GeonameID != 99072 || got[0].Admin1 != "Nineveh" || got[0].Country != "Iraq" {
		t.Errorf("Arabic lookup after round trip: %+v", got)
	}
	if a := h.Admin2Name("IQ", "01", "123"); a != "Al Falluja District" {
		t.Errorf("Admin2Name = %q", a)
	}
	// Strings returned by a mapped gazetteer survive Close.
	e := h.Lookup("Mosul")
	c, _ := h.Country("IQ")
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if e[0].Name != "Mosul" || e[0].Admin1 != "Nineveh" || c.Demonyms[0] != "Iraqi" {
		t.Errorf("after Close: %+v %+v", e[0], c)
	}
	if h.Has("mosul") || h.Lookup("Mosul") != nil || h.Len() != 0 {
		t.Error("closed gazetteer still answers")
	}
	if err := h.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestBuildDeterministic: building twice, or through the compact format,
// gives byte-identical indexes.
func TestBuildDeterministic(t *testing.T) {
	var a, b, c bytes.Buffer
	small(t).WriteIndex(&a)
	small(t).WriteIndex(&b)
	var compact bytes.Buffer
	small(t).WriteCompact(&compact)
	h, err := ReadCompact(&compact)
	if err != nil {
		t.Fatal(err)
	}
	h.WriteIndex(&c)
	if !bytes.Equal(a.Bytes(), b.Bytes()) || !bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("index bytes differ between identical builds")
	}
}

func TestBuilderEdgeCases(t *testing.T) {
	b := NewBuilder()
	id := b.Add(Entry{GeonameID: 1, Name: "Aa", Lat: 1.23456789, Lon: -0.000001, FeatureClass: "P", Population: 6_814_400_000})
	b.AddKey(id, "")          // empty key is allowed
	b.AddKey(id, "x")         // one-byte key
	b.AddKey(5, "ignored")    // unknown id
	b.AddKey(-1, "ignored")   // negative id
	b.AddNames(id, "Aa", "A") // duplicate key
	b.AddKey(id, "\xff\xff")
	b.AddDemonym("", "XX")
	b.SetAdmin1("XX.1", "One")
	g := b.Build()
	if err := g.Verify(); err != nil {
		t.Fatal(err)
	}
	if g.Len() != 1 || g.NumKeys() != 5 {
		t.Errorf("Len %d NumKeys %d, want 1 and 5", g.Len(), g.NumKeys())
	}
	e := g.LookupKey("aa")
	if len(e) != 1 || e[0].Lat != 1.23456789 || e[0].Lon != -0.000001 || e[0].Population != 6_814_400_000 {
		t.Errorf("LookupKey(aa) = %+v", e)
	}
	for _, k := range []string{"", "x", "a", "aa", "\xff\xff"} {
		if !g.Has(k) || len(g.LookupKey(k)) != 1 {
			t.Errorf("Has(%q) false", k)
		}
	}
	for _, p := range []string{"", "x", "\xff", "a"} {
		if !g.HasPrefix(p) {
			t.Errorf("HasPrefix(%q) false", p)
		}
	}
	for _, k := range []string{"ignored", "b", "aaa", "\xff"} {
		if g.Has(k) {
			t.Errorf("Has(%q) true", k)
		}
	}
	if g.HasPrefix("ab") || g.HasPrefix("y") {
		t.Error("HasPrefix false positive")
	}
	if g.Admin1Name("XX", "1") != "One" || g.Admin1Name("XX", "") != "" || g.Admin1Name("XX.1", "") != "" {
		t.Error("Admin1Name")
	}
	empty := NewBuilder().Build()
	if empty.Has("") || empty.HasPrefix("") || empty.Lookup("a") != nil || len(empty.Countries()) != 0 {
		t.Error("empty gazetteer answers")
	}
	if err := empty.Verify(); err != nil {
		t.Fatal(err)
	}
}

// TestHasPrefixAgainstScan compares the bucketed search with a scan.
// Small indexes use one-byte buckets, big ones two-byte buckets.
func TestHasPrefixAgainstScan(t *testing.T) {
	for _, filler := range []int{0, smallKeys} {
		t.Run(fmt.Sprint(filler), func(t *testing.T) { testHasPrefixAgainstScan(t, filler) })
	}
}

func testHasPrefixAgainstScan(t *testing.T, filler int) {
	b := NewBuilder()
	words := []string{"a", "ab", "abc", "abd", "b", "ba", "bab", "z", "zz", "al raqqah", "raqqah", "é", "éa", "الموصل", "موصل", "\x00", "a\x00b"}
	for i := range filler {
		words = append(words, fmt.Sprintf("k%05d", i))
	}
	id := b.Add(Entry{Name: "x"})
	for _, w := range words {
		b.AddKey(id, w)
	}
	g := b.Build()
	if want := uint32(8 * btoi(filler == 0)); g.bshift != want {
		t.Errorf("bucket shift %d, want %d", g.bshift, want)
	}
	keys := append(words, "x")
	probes := append(slicesOf(keys[:20]), "", "aa", "abz", "c", "zzz", "م", "\xd9", "\x00\x00", "a\x00", "é", "\xc3", "k", "k0", "k04", "k0409", "k04095", "k040955", "l", "j")
	for _, p := range probes {
		want, has := false, false
		for _, k := range keys {
			if strings.HasPrefix(k, p) {
				want = true
			}
			if k == p {
				has = true
			}
		}
		if got := g.HasPrefix(p); got != want {
			t.Errorf("HasPrefix(%q) = %v, want %v", p, got, want)
		}
		if got := g.Has(p); got != has {
			t.Errorf("Has(%q) = %v, want %v", p, got, has)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func slicesOf(s []string) []string { return append([]string(nil), s...) }

// TestIndexCorrupt: truncated and damaged files give a clear error (or,
// for data the open does not read, wrong answers and a Verify error);
// never a panic.
func TestIndexCorrupt(t *testing.T) {
	var buf bytes.Buffer
	small(t).WriteIndex(&buf)
	good := buf.Bytes()
	dir := t.TempDir()
	open := func(data []byte) (*Gazetteer, error) {
		p := filepath.Join(dir, "x.idx")
		os.WriteFile(p, data, 0o644)
		return OpenIndex(p)
	}
	flip := func(off int) []byte {
		b := bytes.Clone(good)
		b[off] ^= 0x40
		return b
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "truncated"},
		{"short", good[:10], "truncated"},
		{"header only", good[:200], "truncated: header says"},
		{"half", good[:len(good)/2], "truncated: header says"},
		{"one byte short", good[:len(good)-1], "truncated"},
		{"trailing garbage", append(bytes.Clone(good), 0), "size mismatch"},
		{"not an index", []byte("#evident-gazetteer 1\nK\ta\t0\n" + strings.Repeat("x", 100)), "bad magic"},
		{"version", flip(8), "unsupported version"},
		{"header bit", flip(45), "header checksum"},
		{"section table bit", flip(headerFixed + 9), "header checksum"},
		{"countries bit", flip(int(sectionOff(good, secCountries)) + 3), "countries checksum"},
		{"buckets bit", flip(int(sectionOff(good, secBuckets)) + 5), "buckets checksum"},
	}
	for _, tt := range tests {
		g, err := open(tt.data)
		if err == nil {
			g.Close()
			t.Errorf("%s: opened", tt.name)
			continue
		}
		if !errors.Is(err, ErrBadIndex) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "x.idx") {
			t.Errorf("%s: error %q, want ErrBadIndex mentioning %q and the file", tt.name, err, tt.want)
		}
	}
	// Damage in the big sections is not seen by the open (it reads no
	// data) but by Verify; lookups stay safe.
	for _, sec := range []int{secStrings, secEntries, secPostings, secKeyHeap, secKeyTab} {
		off := int(sectionOff(good, sec))
		for _, delta := range []int{0, 1, 7} {
			b := bytes.Clone(good)
			b[off+delta] ^= 0xff
			g, err := open(b)
			if err != nil {
				continue
			}
			if err := g.Verify(); err == nil {
				t.Errorf("section %s byte %d: Verify passed", sectionNames[sec], delta)
			}
			exercise(g)
			g.Close()
		}
	}
}

func sectionOff(img []byte, id int) uint64 {
	for i := range int(u32(img, 24)) {
		t := img[headerFixed+i*sectionSize:]
		if int(u32(t, 0)) == id {
			return u64(t, 8)
		}
	}
	panic("no section")
}

// exercise calls every read method; it must not panic whatever the data.
func exercise(g *Gazetteer) {
	for _, q := range []string{"Mosul", "al-Mawsil", "US", "العراق", "", "a", "zz"} {
		g.Lookup(q)
		g.Has(Normalize(q))
		g.HasPrefix(Normalize(q))
		g.Demonym(q)
	}
	for i := range min(g.NumKeys(), 1000) {
		k := strings.Clone(g.key(i))
		g.LookupKey(k)
		g.Has(k)
		g.HasPrefix(k)
	}
	for i := range min(g.Len(), 1000) {
		g.Entry(i)
	}
	for _, c := range g.Countries() {
		g.Country(c.Code)
		g.CountryEntry(c.Code)
	}
	g.Country("IQ")
	g.CountryEntry("IQ")
	g.Admin1Name("IQ", "15")
	g.Admin2Name("IQ", "01", "123")
	g.Comments()
	g.Verify()
	g.WriteCompact(discard{})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// FuzzOpenIndex: arbitrary bytes give an error or a gazetteer whose
// every method works; never a panic. Checksums are checked on the first
// pass; the second pass skips them (and recomputes the header's) so that
// the fuzzer reaches the rest of the validation and the lookups.
func FuzzOpenIndex(f *testing.F) {
	var buf bytes.Buffer
	small(f).WriteIndex(&buf)
	f.Add(buf.Bytes())
	b := NewBuilder()
	b.AddKey(b.Add(Entry{Name: "a"}), "")
	var tiny bytes.Buffer
	b.Build().WriteIndex(&tiny)
	f.Add(tiny.Bytes())
	f.Add([]byte(indexMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if g, err := openImage(data, true); err == nil {
			exercise(g)
		} else if !errors.Is(err, ErrBadIndex) {
			t.Fatalf("error %v does not wrap ErrBadIndex", err)
		}
		if g, err := openImage(data, false); err == nil {
			exercise(g)
		}
	})
}

// TestOpenIndexFuzzSeedsCorrupt runs the corrupt-section paths of the
// fuzz target with a fixed header checksum, so that plain go test covers
// them.
func TestOpenIndexUncheckedDamage(t *testing.T) {
	var buf bytes.Buffer
	small(t).WriteIndex(&buf)
	good := buf.Bytes()
	for off := 0; off < len(good); off += 3 {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			b := bytes.Clone(good)
			b[off] ^= x
			if g, err := openImage(b, false); err == nil {
				exercise(g)
			}
		}
	}
	// A valid header over damaged small sections: the checksum catches it.
	b := bytes.Clone(good)
	b[sectionOff(b, secAdmin1)] ^= 1
	if _, err := openImage(b, true); err == nil || !strings.Contains(err.Error(), "admin1 checksum") {
		t.Errorf("damaged admin1: %v", err)
	}
	// Rewriting the header checksum does not hide a bad count.
	b = bytes.Clone(good)
	binary.LittleEndian.PutUint64(b[40:], 1<<20)
	binary.LittleEndian.PutUint32(b[28:], 0)
	h := crc32.Checksum(b[:headerFixed+numSections*sectionSize], castagnoli)
	binary.LittleEndian.PutUint32(b[28:], h)
	if _, err := openImage(b, true); err == nil || !strings.Contains(err.Error(), "entries") {
		t.Errorf("bad entry count: %v", err)
	}
}

func TestLoadDetectsFormat(t *testing.T) {
	g := small(t)
	dir := t.TempDir()
	var compact bytes.Buffer
	g.WriteCompact(&compact)
	paths := map[string][]byte{"c.tsv": compact.Bytes()}
	var idx bytes.Buffer
	g.WriteIndex(&idx)
	paths["g.idx"] = idx.Bytes()
	for name, data := range paths {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		h, err := Load(p)
		if err != nil {
			t.Fatalf("Load(%s): %v", name, err)
		}
		if diff := cmp.Diff(dump(g), dump(h)); diff != "" {
			t.Errorf("Load(%s) (-want +got):\n%s", name, diff)
		}
		h.Close()
	}
	p := filepath.Join(dir, "junk")
	os.WriteFile(p, []byte("junk"), 0o644)
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "junk") {
		t.Errorf("Load(junk) = %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("Load(missing) succeeded")
	}
}

func benchGaz(b *testing.B) *Gazetteer {
	g, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	return g
}

var benchNames = []string{"Mosul", "Baghdad", "al-Raqqa", "Aleppo", "Kyiv", "Monday", "Islamic State", "Iraq", "Springfield", "Zzyzx", "الموصل", "Sinjar"}

// BenchmarkLookup looks up a mix of names (found, absent, with article,
// Arabic) in the default gazetteer.
func BenchmarkLookup(b *testing.B) {
	g := benchGaz(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		g.Lookup(benchNames[i%len(benchNames)])
	}
}

// BenchmarkHas is the geoparser's per-n-gram check: Has and HasPrefix on
// normalised keys.
func BenchmarkHas(b *testing.B) {
	g := benchGaz(b)
	keys := make([]string, 0, 2*len(benchNames))
	for _, n := range benchNames {
		keys = append(keys, Normalize(n), Normalize(n)+" ")
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := keys[i%len(keys)]
		g.Has(k)
		g.HasPrefix(k)
	}
}

// BenchmarkOpenIndex opens (maps and validates) an index file of the
// default's size.
func BenchmarkOpenIndex(b *testing.B) {
	g := benchGaz(b)
	p := writeIndexFile(b, g)
	b.ReportAllocs()
	for b.Loop() {
		h, err := OpenIndex(p)
		if err != nil {
			b.Fatal(err)
		}
		h.Close()
	}
}

// BenchmarkOpenIndexFile opens the index EVIDENT_BENCH_GAZETTEER names
// (skipped when unset) and looks up one name, which pages in its bucket,
// keys and entries: what a command pays before geoparsing.
func BenchmarkOpenIndexFile(b *testing.B) {
	p := os.Getenv("EVIDENT_BENCH_GAZETTEER")
	if p == "" {
		b.Skip("EVIDENT_BENCH_GAZETTEER not set")
	}
	b.ReportAllocs()
	for b.Loop() {
		h, err := OpenIndex(p)
		if err != nil {
			b.Fatal(err)
		}
		if len(h.Lookup("Mosul")) == 0 {
			b.Fatal("no Mosul")
		}
		h.Close()
	}
}

func ExampleOpenIndex() {
	b := NewBuilder()
	b.SetCountry(CountryInfo{Code: "IQ", Name: "Iraq", Demonyms: []string{"Iraqi"}})
	b.Add(Entry{GeonameID: 99072, Name: "Mosul", FeatureClass: "P", FeatureCode: "PPLA", CountryCode: "IQ"}, "Al-Mawsil")
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "g.idx")
	f, _ := os.Create(p)
	b.Build().WriteIndex(f)
	f.Close()

	g, err := OpenIndex(p)
	if err != nil {
		panic(err)
	}
	defer g.Close()
	for _, e := range g.Lookup("Mawsil") {
		fmt.Println(e.Name, e.Country)
	}
	// Output: Mosul Iraq
}

// TestSearchSamples checks that search answers through the key samples as
// the plain binary search does: every 7th key of the default gazetteer,
// prefixes of them, their successors and some words that are no key.
func TestSearchSamples(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if g.keySamples() == nil {
		t.Fatal("no key samples for the default gazetteer")
	}
	plain := *g
	plain.keySamples = nil
	keys := []string{"", "a", "al", "al ", "zzzz", "new york", "saint petersburg", "\xff\xff\xff\xff\xff\xff\xff\xff\xff", "al qaryah al"}
	for i := 0; i < g.NumKeys(); i += 7 {
		k := g.key(i)
		keys = append(keys, k, k+" ", k+"a", k[:len(k)/2], k[:min(len(k), 8)], k[:len(k)-1]+"\xff")
	}
	for _, k := range keys {
		for _, prefix := range []bool{false, true} {
			i, end, ok := g.search(k, prefix)
			i2, end2, ok2 := plain.search(k, prefix)
			if i != i2 || end != end2 || ok != ok2 {
				t.Fatalf("search(%q, %v) = %d, %d, %v with samples, %d, %d, %v without", k, prefix, i, end, ok, i2, end2, ok2)
			}
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	g, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	var keys []string
	for i := 0; i < g.NumKeys(); i += 101 {
		keys = append(keys, g.key(i), g.key(i)+"x")
	}
	for _, bc := range []struct {
		name    string
		samples bool
	}{{"samples", true}, {"plain", false}} {
		b.Run(bc.name, func(b *testing.B) {
			h := *g
			if !bc.samples {
				h.keySamples = nil
			}
			for b.Loop() {
				for _, k := range keys {
					h.search(k, false)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys)), "ns/search")
		})
	}
}
