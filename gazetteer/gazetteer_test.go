package gazetteer

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Mosul", "mosul"},
		{"  MOSUL  ", "mosul"},
		{"Al-Fallūjah", "al fallujah"},
		{"al  Falluja", "al falluja"},
		{"Ma'arrat al-Nu'man", "maarrat al numan"},
		{"Ma’arrat", "maarrat"},
		{"U.S.", "us"},
		{"Washington, D.C.", "washington dc"},
		{"São Paulo", "sao paulo"},
		{"Straße", "strasse"},
		{"Łódź", "lodz"},
		{"Malmö", "malmo"},
		{"ÅLAND", "aland"},
		{"Kyiv--Oblast", "kyiv oblast"},
		{"الفلوجة", "الفلوجه"},
		{"أربيل", "اربيل"},
		{"", ""},
		{"--", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Mosul", []string{"mosul"}},
		{"Al-Fallujah", []string{"al fallujah", "fallujah"}},
		{"El Fasher", []string{"el fasher", "fasher"}},
		{"Ar Raqqah", []string{"ar raqqah", "raqqah"}},
		{"Al", []string{"al"}},
		{"Al Ua", []string{"al ua"}}, // remainder too short
		{"الفلوجة", []string{"الفلوجه", "فلوجه"}},
		{"", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Keys(tt.in)); diff != "" {
			t.Errorf("Keys(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

const mosulRow = "99072\tMosul\tMosul\tAl Mawsil,Mossoul,Mawṣil,الموصل\t36.335\t43.11889\tP\tPPLA\tIQ\t\t15\t9166649\t\t\t1683000\t\t228\tAsia/Baghdad\t2023-02-08"

func TestParseRow(t *testing.T) {
	r, err := ParseRow(mosulRow)
	if err != nil {
		t.Fatal(err)
	}
	want := Row{GeonameID: 99072, Name: "Mosul", ASCIIName: "Mosul",
		AlternateNames: []string{"Al Mawsil", "Mossoul", "Mawṣil", "الموصل"},
		Lat:            36.335, Lon: 43.11889, FeatureClass: "P", FeatureCode: "PPLA", CountryCode: "IQ",
		Admin1Code: "15", Admin2Code: "9166649", Population: 1683000, DEM: "228",
		Timezone: "Asia/Baghdad", Modified: "2023-02-08"}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("ParseRow (-want +got):\n%s", diff)
	}
	bad := []string{
		"", "1\t2", strings.Replace(mosulRow, "99072", "x", 1),
		strings.Replace(mosulRow, "36.335", "96", 1),
		strings.Replace(mosulRow, "36.335", "NaN", 1),
		strings.Replace(mosulRow, "1683000", "many", 1),
		mosulRow + "\textra",
	}
	for _, l := range bad {
		if _, err := ParseRow(l); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseRow(%.30q) error = %v, want ErrMalformed", l, err)
		}
	}
}

func FuzzParseRow(f *testing.F) {
	f.Add(mosulRow)
	f.Add("1\ta\ta\t\t0\t0\tP\tPPL\tXX\t\t\t\t\t\t\t\t\t\t")
	f.Add("\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t")
	f.Fuzz(func(t *testing.T, line string) {
		r, err := ParseRow(line)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if !(r.Lat >= -90 && r.Lat <= 90 && r.Lon >= -180 && r.Lon <= 180) {
			t.Fatalf("accepted out-of-range point %v,%v", r.Lat, r.Lon)
		}
		for _, a := range r.AlternateNames {
			if a == "" || strings.Contains(a, ",") {
				t.Fatalf("bad alternate name %q", a)
			}
		}
		e := r.Entry()
		if e.GeonameID != r.GeonameID || e.Name != r.Name {
			t.Fatal("Entry lost fields")
		}
	})
}

func TestOpenFormats(t *testing.T) {
	dir := t.TempDir()
	data := "# comment\n" + mosulRow + "\n\n" + strings.Replace(mosulRow, "99072", "99073", 1) + "\r\n"
	plain := filepath.Join(dir, "IQ.txt")
	os.WriteFile(plain, []byte(data), 0o644)

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(data))
	zw.Close()
	gzPath := filepath.Join(dir, "IQ.txt.gz")
	os.WriteFile(gzPath, gz.Bytes(), 0o644)

	var zb bytes.Buffer
	zz := zip.NewWriter(&zb)
	w, _ := zz.Create("readme.txt")
	w.Write([]byte("not data"))
	w, _ = zz.Create("IQ.txt")
	w.Write([]byte(data))
	zz.Close()
	zipPath := filepath.Join(dir, "IQ.zip")
	os.WriteFile(zipPath, zb.Bytes(), 0o644)

	for _, p := range []string{plain, gzPath, zipPath} {
		rc, err := Open(p)
		if err != nil {
			t.Fatalf("Open(%s): %v", p, err)
		}
		var ids []int64
		err = ReadRows(rc, func(r *Row) error { ids = append(ids, r.GeonameID); return nil })
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if diff := cmp.Diff([]int64{99072, 99073}, ids); diff != "" {
			t.Errorf("%s (-want +got):\n%s", filepath.Base(p), diff)
		}
	}
}

func TestReadRowsReportsLine(t *testing.T) {
	err := ReadRows(strings.NewReader(mosulRow+"\nbroken\n"), func(*Row) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "line 2") || !errors.Is(err, ErrMalformed) {
		t.Errorf("err = %v, want line 2 ErrMalformed", err)
	}
}

func TestReadAdminAndCountryInfo(t *testing.T) {
	var got []AdminCode
	err := ReadAdminCodes(strings.NewReader("IQ.15\tNineveh\tNineveh\t92877\nIQ.12\tKarbalāʼ\tMuhafazat Karbala'\t94823\n"),
		func(a AdminCode) error { got = append(got, a); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := []AdminCode{{"IQ.15", "Nineveh", "Nineveh", 92877}, {"IQ.12", "Karbalāʼ", "Muhafazat Karbala'", 94823}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("admin codes (-want +got):\n%s", diff)
	}
	ci := "#comment\nISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea\tPopulation\tContinent\ttld\tCC\tCN\tPhone\tPF\tPR\tLang\tgeonameid\tneighbours\tEq\n" +
		"IQ\tIRQ\t368\tIZ\tIraq\tBaghdad\t437072\t40462701\tAS\t.iq\tIQD\tDinar\t964\t#####\t^(\\d{5})$\tar-IQ,ku,hy\t99237\tSY,SA,TR,IR,JO,KW\t\n"
	var cs []CountryInfo
	if err := ReadCountryInfo(strings.NewReader(ci), func(c CountryInfo) error { cs = append(cs, c); return nil }); err != nil {
		t.Fatal(err)
	}
	wantC := []CountryInfo{{Code: "IQ", ISO3: "IRQ", ISONumeric: 368, GeonameID: 99237, Name: "Iraq", Population: 40462701, Continent: "AS"}}
	if diff := cmp.Diff(wantC, cs); diff != "" {
		t.Errorf("country info (-want +got):\n%s", diff)
	}
}

// small builds a tiny gazetteer by hand.
func small(t testing.TB) *Gazetteer {
	t.Helper()
	b := NewBuilder()
	b.SetCountry(CountryInfo{Code: "IQ", ISO3: "IRQ", ISONumeric: 368, GeonameID: 99237, Name: "Iraq", Lat: 33, Lon: 44, Population: 40462701, Continent: "AS", Demonyms: []string{"Iraqi", "Iraqis"}})
	b.SetCountry(CountryInfo{Code: "US", ISO3: "USA", ISONumeric: 840, GeonameID: 6252001, Name: "United States", Lat: 39.8, Lon: -98.6, Continent: "NA", Demonyms: []string{"American"}})
	b.SetAdmin1("IQ.15", "Nineveh")
	b.SetAdmin1("IQ.01", "Al Anbar")
	b.SetAdmin2("IQ.01.123", "Al Falluja District")
	b.Add(Entry{GeonameID: 99237, Name: "Iraq", Lat: 33, Lon: 44, FeatureClass: "A", FeatureCode: "PCLI", CountryCode: "IQ"}, "العراق")
	b.Add(Entry{GeonameID: 6252001, Name: "United States", FeatureClass: "A", FeatureCode: "PCLI", CountryCode: "US"}, "U.S.", "USA")
	r, err := ParseRow(mosulRow)
	if err != nil {
		t.Fatal(err)
	}
	b.AddRow(&r)
	b.Add(Entry{GeonameID: 99454, Name: "Al Fallūjah", FeatureClass: "P", FeatureCode: "PPLA2", CountryCode: "IQ", Admin1Code: "01", Admin2Code: "123", Population: 190159}, "Falluja")
	b.Add(Entry{GeonameID: 1, Name: "Mosul", FeatureClass: "P", FeatureCode: "PPL", CountryCode: "US"})
	return b.Build()
}

func TestLookup(t *testing.T) {
	g := small(t)
	names := func(es []Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name+"/"+e.CountryCode)
		}
		return out
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"Mosul", []string{"Mosul/IQ", "Mosul/US"}},
		{"MOSUL", []string{"Mosul/IQ", "Mosul/US"}},
		{"al-Mawsil", []string{"Mosul/IQ"}},
		{"Mawsil", []string{"Mosul/IQ"}},
		{"الموصل", []string{"Mosul/IQ"}},
		{"Fallujah", []string{"Al Fallūjah/IQ"}},
		{"Al-Falluja", []string{"Al Fallūjah/IQ"}},
		{"el Falluja", []string{"Al Fallūjah/IQ"}},
		{"U.S.", []string{"United States/US"}},
		{"US", []string{"United States/US"}},
		{"Basra", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, names(g.Lookup(tt.q))); diff != "" {
			t.Errorf("Lookup(%q) (-want +got):\n%s", tt.q, diff)
		}
	}
	f := g.Lookup("Falluja")[0]
	want := &Entry{GeonameID: 99454, Name: "Al Fallūjah", FeatureClass: "P", FeatureCode: "PPLA2", CountryCode: "IQ",
		Admin1Code: "01", Admin2Code: "123", Population: 190159, Country: "Iraq", Admin1: "Al Anbar", Admin2: "Al Falluja District"}
	if diff := cmp.Diff(want, &f); diff != "" {
		t.Errorf("entry names (-want +got):\n%s", diff)
	}
	p := f.Place()
	if p.Country != "Iraq" || p.Admin1 != "Al Anbar" || p.Admin2 != "Al Falluja District" || p.CountryCode != "IQ" || p.GeonameID != 99454 {
		t.Errorf("Place() = %+v", p)
	}
	if !g.HasPrefix("mos") || g.HasPrefix("mosx") || !g.Has("mosul") {
		t.Error("Has/HasPrefix")
	}
}

func TestCountryAndDemonym(t *testing.T) {
	g := small(t)
	c, ok := g.Country("iq")
	if !ok || c.Name != "Iraq" || c.ISONumeric != 368 || c.ISO3 != "IRQ" || c.GeonameID != 99237 || c.Lat != 33 {
		t.Errorf("Country(iq) = %+v, %v", c, ok)
	}
	if _, ok := g.Country("ZZ"); ok {
		t.Error("Country(ZZ) found")
	}
	for w, want := range map[string]string{"Iraqi": "IQ", "IRAQIS": "IQ", "American": "US", "Martian": ""} {
		cc, ok := g.Demonym(w)
		if cc != want || ok != (want != "") {
			t.Errorf("Demonym(%q) = %q, %v; want %q", w, cc, ok, want)
		}
	}
	if got := g.Admin1Name("IQ", "15"); got != "Nineveh" {
		t.Errorf("Admin1Name = %q", got)
	}
	e, ok := g.CountryEntry("IQ")
	if !ok || e.GeonameID != 99237 || !e.IsCountry() {
		t.Errorf("CountryEntry = %+v %v", e, ok)
	}
}

func TestCompactRoundTrip(t *testing.T) {
	g := small(t)
	var buf bytes.Buffer
	if err := g.WriteCompact(&buf, "test\ncomment"); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(buf.Bytes())
	zw.Close()
	for name, data := range map[string][]byte{"plain": buf.Bytes(), "gzip": gz.Bytes()} {
		h, err := ReadCompact(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(dump(g), dump(h)); diff != "" {
			t.Errorf("%s round trip (-want +got):\n%s", name, diff)
		}
	}
	for _, bad := range []string{"", "nope", compactHeader + "\nK\tb\t0\nK\ta\t0\n", compactHeader + "\nE\t1\n", compactHeader + "\nK\ta\t5\n", compactHeader + "\nX\n"} {
		if _, err := ReadCompact(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadCompact(%q) succeeded", bad)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Mosul", "Al-Fallūjah", "U.S.", "الفلوجة", "Straße", " a--b ", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Normalize(s)
		if k != strings.TrimSpace(k) || strings.Contains(k, "  ") {
			t.Fatalf("Normalize(%q) = %q: untrimmed or double space", s, k)
		}
		if k2 := Normalize(k); k2 != k {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, k, k2)
		}
		if b := AppendNormalize([]byte("x "), s); string(b) != "x "+k {
			t.Fatalf("AppendNormalize(\"x \", %q) = %q, want %q", s, b, "x "+k)
		}
	})
}

func FuzzReadCompact(f *testing.F) {
	var buf bytes.Buffer
	small(f).WriteCompact(&buf)
	f.Add(buf.String())
	f.Add(compactHeader + "\t1\t1\nE\t1\tA\t0\t0\tP\tPPL\tXX\t\t\t\nK\ta\t0\n")
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ReadCompact(strings.NewReader(s))
		if err != nil {
			return
		}
		for i := range g.NumKeys() {
			g.LookupKey(g.key(i)) // must not panic
		}
	})
}

// TestProbe checks that Probe answers as Has and HasPrefix(key+" ") do,
// on every key of the default gazetteer's first thousand entries and on
// their prefixes.
func TestProbe(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for i := 0; i < 1000 && i < g.Len(); i++ {
		for _, k := range Keys(g.Entry(i).Name) {
			keys = append(keys, k)
			for j := 1; j < len(k); j++ {
				keys = append(keys, k[:j])
			}
		}
	}
	keys = append(keys, "new", "new york", "al", "zzzz", "a", "")
	for _, k := range keys {
		has, longer := g.Probe(k)
		if has != g.Has(k) || longer != g.HasPrefix(k+" ") {
			t.Errorf("Probe(%q) = %v, %v; Has %v, HasPrefix %v", k, has, longer, g.Has(k), g.HasPrefix(k+" "))
		}
	}
}

// TestNormalizedLookups checks that LookupNormalized and DemonymKey answer
// as Lookup and Demonym do for the normalised name, and that DemonymKey
// answers through its map as the search of the table does.
func TestNormalizedLookups(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Mosul", "al-Raqqa", "Al Raqqah", "AR-RAQQA", "Aleppo", "New York", "St. Petersburg", "U.S.",
		"Iraqi", "Iraqis", "Syrian", "Kurdish", "الفلوجة", "Straße", "Zürich", "", "-", "nowhere at all"}
	for i := 0; i < 1000 && i < g.Len(); i++ {
		names = append(names, g.Entry(i).Name)
	}
	for _, c := range g.Countries() {
		names = append(names, c.Name)
		names = append(names, c.Demonyms...)
	}
	search := *g
	search.demonymMap = nil // DemonymKey searches the table
	for _, n := range names {
		k := Normalize(n)
		cc, ok := search.DemonymKey(k)
		if cc2, ok2 := g.DemonymKey(k); cc2 != cc || ok2 != ok {
			t.Errorf("DemonymKey(%q) = %q, %v through the map, %q, %v by search", k, cc2, ok2, cc, ok)
		}
		if diff := cmp.Diff(g.Lookup(n), g.LookupNormalized(k)); diff != "" {
			t.Errorf("LookupNormalized(%q) differs from Lookup(%q) (-Lookup +LookupNormalized):\n%s", k, n, diff)
		}
		cc, ok = g.Demonym(n)
		if cc2, ok2 := g.DemonymKey(k); cc2 != cc || ok2 != ok {
			t.Errorf("DemonymKey(%q) = %q, %v; Demonym(%q) = %q, %v", k, cc2, ok2, n, cc, ok)
		}
	}
}
