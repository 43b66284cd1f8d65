package gazetteer

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// row builds a 19-column dump line.
func row(id int, name, ascii, alts string, lat, lon float64, class, code, cc, a1, a2 string, pop int) string {
	return fmt.Sprintf("%d\t%s\t%s\t%s\t%g\t%g\t%s\t%s\t%s\t\t%s\t%s\t\t\t%d\t\t\t\t2024-01-01", id, name, ascii, alts, lat, lon, class, code, cc, a1, a2, pop)
}

func TestKeepAlternate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"Al Mawsil", true}, {"Mossoul", true}, {"Mawṣil", true}, {"الموصل", true}, {"ÅLAND", true},
		{"alflwjt", false}, {"TQD", false}, {"ORBM", false}, {"OSMA", false}, {"OSMAN", true},
		{"Мосул", false}, {"モースル", false}, {"x", false}, {"Mosul الموصل", false},
		{strings.Repeat("A", 81), false}, {"12", false}, {"St. John's", true},
	} {
		if got := KeepAlternate(tt.in); got != tt.want {
			t.Errorf("KeepAlternate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	got := FilterAlternates([]string{"Mossoul", "mwsl", "Мосул", "الموصل"})
	if diff := cmp.Diff([]string{"Mossoul", "الموصل"}, got); diff != "" {
		t.Errorf("FilterAlternates (-want +got):\n%s", diff)
	}
}

func importStrings(t *testing.T, opt ImportOptions, files ...[2]string) (*Gazetteer, ImportStats) {
	t.Helper()
	im := NewImporter(opt)
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, f[0])
		if err := os.WriteFile(p, []byte(f[1]), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := im.AddFile(context.Background(), p, ""); err != nil {
			t.Fatal(err)
		}
	}
	g, err := im.Build()
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Verify(); err != nil {
		t.Fatal(err)
	}
	return g, im.Stats()
}

func TestImportMergeByGeonameID(t *testing.T) {
	geonames := strings.Join([]string{
		row(99072, "Mosul", "Mosul", "Al Mawsil,mwsl,Мосул,MSL", 36.335, 43.11889, "P", "PPLA", "IQ", "15", "", 1683000),
		row(98182, "Baghdad", "Baghdad", "Bagdad,بغداد", 33.34058, 44.40088, "P", "PPLC", "IQ", "07", "", 7216000),
		row(1, "Dup", "Dup", "", 1, 1, "P", "PPL", "IQ", "", "", 10),
		row(1, "Dup Again", "Dup Again", "", 2, 2, "P", "PPL", "IQ", "", "", 20),
	}, "\n") + "\n"
	wof := strings.Join([]string{
		row(85000001, "Mosul Old City", "Mosul Old City", "", 36.34, 43.13, "P", "PPLX", "IQ", "15", "", 0),
		// Same place as GeoNames 99072: the later fields win, the names add up.
		row(99072, "Mosul", "Mosul", "Nínive City,الموصل", 36.34, 43.12, "P", "PPLA", "IQ", "15", "", 1700000),
	}, "\n")
	admin1 := "IQ.15\tNineveh\tNineveh\t92877\nIQ.07\tBaghdad\tBaghdad\t98180\nSY.01\tDamascus\tDamascus\t1\n"
	countries := "ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea\tPopulation\tContinent\ttld\tCC\tCN\tPhone\tPF\tPR\tLang\tgeonameid\tneighbours\tEq\n" +
		"IQ\tIRQ\t368\tIZ\tIraq\tBaghdad\t437072\t40462701\tAS\t.iq\tIQD\tDinar\t964\t#####\t^(\\d{5})$\tar-IQ,ku,hy\t99237\tSY\t\n"
	g, st := importStrings(t, ImportOptions{},
		[2]string{"IQ.txt", geonames}, [2]string{"wof-IQ.txt", wof},
		[2]string{"admin1CodesASCII.txt", admin1}, [2]string{"countryInfo.txt", countries})
	// 4 entries from the rows, plus Iraq, Baghdad governorate and Nineveh
	// added from the country and admin1 tables (TestImportAdminEntries).
	if g.Len() != 7 || st.Rows != 6 || st.Kept != 6 || st.Merged != 2 || st.Entries != 7 || st.Files != 4 || st.Admin1 != 3 || st.Countries != 1 {
		t.Errorf("Len %d, stats %+v", g.Len(), st)
	}
	var names []string
	for i := range g.Len() {
		names = append(names, g.Entry(i).Name)
	}
	if diff := cmp.Diff([]string{"Mosul", "Baghdad", "Dup Again", "Mosul Old City", "Iraq", "Baghdad", "Nineveh"}, names); diff != "" {
		t.Errorf("entry order: first occurrence keeps its place (-want +got):\n%s", diff)
	}
	m := g.Lookup("Mosul")
	if len(m) != 1 || m[0].Population != 1700000 || m[0].Lat != 36.34 || m[0].Admin1 != "Nineveh" || m[0].Country != "Iraq" {
		t.Errorf("merged Mosul = %+v", m)
	}
	for _, n := range []string{"Al-Mawsil", "Mawsil", "Nínive City", "الموصل", "موصل"} {
		if e := g.Lookup(n); len(e) != 1 || e[0].GeonameID != 99072 {
			t.Errorf("Lookup(%q) = %v: names of both inputs must be kept", n, e)
		}
	}
	for _, n := range []string{"mwsl", "Мосул", "MSL", "Dup"} {
		if e := g.Lookup(n); n != "Dup" && len(e) != 0 {
			t.Errorf("Lookup(%q) = %v: the alternate-name filter must drop it", n, e)
		}
	}
	// "Dup" was the name of the first row only: names are unioned.
	if e := g.Lookup("Dup"); len(e) != 1 || e[0].Name != "Dup Again" || e[0].Lat != 2 {
		t.Errorf("Lookup(Dup) = %+v", e)
	}
	if g.Admin1Name("SY", "01") != "Damascus" {
		t.Error("admin1 names of other countries kept without a filter")
	}
	if c, ok := g.Country("IQ"); !ok || c.ISONumeric != 368 {
		t.Errorf("Country(IQ) = %+v", c)
	}
}

func TestImportFiltersAndBadRows(t *testing.T) {
	dump := strings.Join([]string{
		"# comment",
		row(1, "Bigtown", "Bigtown", "", 1, 1, "P", "PPL", "IQ", "", "", 5000),
		row(2, "Smallville", "Smallville", "", 1, 1, "P", "PPL", "IQ", "", "", 50),
		row(3, "Tigris", "Tigris", "", 1, 1, "H", "STM", "IQ", "", "", 0),
		"broken line",
		row(4, "Damascus", "Damascus", "", 1, 1, "P", "PPLC", "SY", "", "", 2000000),
		"", // blank
		strings.Replace(row(5, "Badlat", "Badlat", "", 1, 1, "P", "PPL", "IQ", "", "", 0), "\t1\t1\t", "\t91\t1\t", 1),
		row(6, "Jebel", "Jebel", "", 1, 1, "T", "MT", "IQ", "", "", 0),
		row(7, "Nowhere", "Nowhere", "", 1, 1, "H", "SEA", "", "", "", 0),
	}, "\r\n")
	admin2 := "IQ.15.1\tMosul District\tMosul District\t1\nSY.01.2\tX\tX\t2\nbad\n"
	g, st := importStrings(t, ImportOptions{MinPopulation: 1000, FeatureClasses: "p,h", Countries: []string{"iq"}},
		[2]string{"CC.txt", dump}, [2]string{"admin2Codes.txt", admin2})
	var names []string
	for i := range g.Len() {
		names = append(names, g.Entry(i).Name)
	}
	if diff := cmp.Diff([]string{"Bigtown", "Tigris"}, names); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	if st.Rows != 8 || st.Bad != 3 || st.Kept != 2 || st.Filtered != 4 || st.Admin2 != 1 {
		t.Errorf("stats %+v", st)
	}
	var lines []string
	for _, e := range st.FirstBad {
		var re *RowError
		if !errors.As(e, &re) || !errors.Is(e, ErrMalformed) {
			t.Errorf("bad row error %v is not a RowError wrapping ErrMalformed", e)
			continue
		}
		lines = append(lines, fmt.Sprintf("%s:%d", filepath.Base(re.File), re.Line))
	}
	if diff := cmp.Diff([]string{"CC.txt:5", "CC.txt:8", "admin2Codes.txt:3"}, lines); diff != "" {
		t.Errorf("bad rows (-want +got):\n%s", diff)
	}
	if !strings.Contains(st.FirstBad[0].Error(), "CC.txt:5: malformed GeoNames row") {
		t.Errorf("error text %q", st.FirstBad[0])
	}
}

func TestImportLongLineAndBatches(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		b.WriteString(row(i+1, fmt.Sprintf("Place %d", i), "", "", 1, 1, "P", "PPL", "XX", "", "", i))
		b.WriteByte('\n')
		if i == 10 {
			b.WriteString(strings.Repeat("x", maxLine+10) + "\n")
		}
	}
	// Small record chunks: most records go through the spill file.
	defer func(n int) { recChunk = n }(recChunk)
	recChunk = 1000
	for _, workers := range []int{1, 3} {
		im := NewImporter(ImportOptions{Workers: workers, TempDir: t.TempDir()})
		if err := im.AddDump(context.Background(), "big.txt", strings.NewReader(b.String())); err != nil {
			t.Fatal(err)
		}
		g, err := im.Build()
		if err != nil {
			t.Fatal(err)
		}
		st := im.Stats()
		if g.Len() != 20000 || st.Bad != 1 || st.Rows != 20001 || !strings.Contains(st.FirstBad[0].Error(), "big.txt:12: malformed GeoNames row: line longer") {
			t.Errorf("workers %d: Len %d stats %+v", workers, g.Len(), st)
		}
		for _, i := range []int{0, 9999, 19999} {
			if e := g.Entry(i); e.Name != fmt.Sprintf("Place %d", i) || e.Population != int64(i) {
				t.Errorf("entry %d = %+v: input order lost", i, e)
			}
		}
		if e := g.Lookup("Place 12345"); len(e) != 1 || e[0].GeonameID != 12346 {
			t.Errorf("Lookup = %+v", e)
		}
	}
	// Merging reads records back from the spill file.
	im := NewImporter(ImportOptions{TempDir: t.TempDir()})
	im.AddDump(context.Background(), "a", strings.NewReader(b.String()))
	im.AddDump(context.Background(), "b", strings.NewReader(row(1, "Updated", "", "", 5, 5, "P", "PPL", "XX", "", "", 7)+"\n"+
		row(15000, "Updated Too", "", "", 5, 5, "P", "PPL", "XX", "", "", 7)+"\n"))
	g, err := im.Build()
	if err != nil {
		t.Fatal(err)
	}
	if e := g.Entry(0); e.Name != "Updated" || e.Population != 7 || len(g.Lookup("Place 0")) != 1 {
		t.Errorf("entry 0 = %+v", e)
	}
	if e := g.Lookup("Updated Too"); len(e) != 1 || e[0].GeonameID != 15000 || g.Entry(14999).Name != "Updated Too" {
		t.Errorf("Updated Too = %+v", e)
	}
	if g.Len() != 20000 {
		t.Errorf("Len %d", g.Len())
	}
}

func TestImportCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	im := NewImporter(ImportOptions{})
	big := strings.Repeat(row(1, "A", "A", "", 1, 1, "P", "PPL", "XX", "", "", 1)+"\n", 50000)
	if err := im.AddDump(ctx, "x", strings.NewReader(big)); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestImportOverDefault: the embedded default as a base, a dump row
// with a geonameid it has merges into its entry: the default's fields
// stay, the row adds only spelling variants of the name.
func TestImportOverDefault(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	mosul := d.Lookup("Mosul")[0]
	im := NewImporter(ImportOptions{})
	im.AddGazetteer("default", d)
	dump := row(int(mosul.GeonameID), "Mosul", "Mosul", "Mosul Test Name,Mosulh", 36, 43, "P", "PPLA", "IQ", mosul.Admin1Code, "", 1) + "\n" +
		row(90000001, "Brand New Village", "", "", 36, 43, "P", "PPL", "IQ", "15", "", 0) + "\n"
	if err := im.AddDump(context.Background(), "IQ.txt", strings.NewReader(dump)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "g.idx")
	st, err := im.WriteFile(p)
	if err != nil {
		t.Fatal(err)
	}
	g, err := OpenIndex(p)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	// The default itself has a few entries sharing a geonameid (GeoNames
	// gives two Vietnamese admin1 codes one id); they merge too.
	ids, dups := map[int64]bool{}, 0
	for i := range d.Len() {
		if id := d.Entry(i).GeonameID; id != 0 {
			if ids[id] {
				dups++
			}
			ids[id] = true
		}
	}
	if g.Len() != d.Len()-dups+1 || st.Entries != g.Len() || st.Merged != dups+1 || st.Keys != g.NumKeys() {
		t.Errorf("Len %d (default %d, %d duplicate ids), stats %+v", g.Len(), d.Len(), dups, st)
	}
	if e := g.Lookup("Mosulh"); len(e) != 1 || e[0].Population != mosul.Population || e[0].Lat != mosul.Lat || e[0].Admin1 != "Nineveh" {
		t.Errorf("merged Mosul = %+v, want the default's fields %+v", e, mosul)
	}
	if e := g.Lookup("Mosul Test Name"); len(e) != 0 {
		t.Errorf("a name that is not a spelling variant was added to the default's Mosul: %+v", e)
	}
	if e := g.Lookup("Al-Mawsil"); len(e) == 0 {
		t.Error("the default's names of Mosul were lost")
	}
	if cc, _ := g.Demonym("Iraqis"); cc != "IQ" {
		t.Error("demonyms of the base lost")
	}
	if c, _ := g.Country("IQ"); c.Lat == 0 {
		t.Error("country point of the base lost")
	}
	if !strings.Contains(strings.Join(g.Comments(), "\n"), "from: default, IQ.txt") {
		t.Errorf("comments %q", g.Comments())
	}
	if err := g.Verify(); err != nil {
		t.Fatal(err)
	}
}

func TestFileKind(t *testing.T) {
	for path, want := range map[string]string{
		"/x/admin1CodesASCII.txt": "admin1", "admin2Codes.txt.gz": "admin2", "CountryInfo.txt": "countryinfo",
		"allCountries.zip": "dump", "IQ.txt.gz": "dump", "cities500.txt": "dump", "csc/states.csv": "csc",
	} {
		if got := FileKind(path); got != want {
			t.Errorf("FileKind(%q) = %q, want %q", path, got, want)
		}
	}
}

func FuzzReadAdminCodes(f *testing.F) {
	f.Add("IQ.15\tNineveh\tNineveh\t92877\nIQ.12\tKarbalāʼ\tMuhafazat Karbala'\t94823\n")
	f.Add("# c\n\nIQ.15.1\ta\tb\tx\n")
	f.Add("a\tb\tc\t1\td\n")
	f.Fuzz(func(t *testing.T, s string) {
		n := 0
		err := ReadAdminCodes(strings.NewReader(s), func(a AdminCode) error {
			n++
			if strings.Contains(a.Code, "\t") || strings.Contains(a.Name, "\n") {
				t.Fatalf("bad split: %+v", a)
			}
			return nil
		})
		if err != nil && !errors.Is(err, ErrMalformed) && !strings.Contains(err.Error(), "token too long") {
			t.Fatalf("error %v", err)
		}
		// The importer skips the rows ReadAdminCodes stops at and goes on;
		// it never panics.
		lines := 0
		for l := range strings.SplitSeq(s, "\n") {
			if l = strings.TrimRight(l, "\r"); l != "" && l[0] != '#' {
				lines++
			}
		}
		im := NewImporter(ImportOptions{})
		if err := im.AddAdmin("f", strings.NewReader(s), 1); err == nil {
			if st := im.Stats(); st.Admin1+int(st.Bad) > lines {
				t.Fatalf("importer kept %d names and %d bad rows of %d lines (ReadAdminCodes: %d)", st.Admin1, st.Bad, lines, n)
			}
		}
	})
}

// TestImportAdminEntries: a cities dump has no country or division rows;
// the importer adds them from countryInfo.txt and admin1CodesASCII.txt
// with their GeoNames ids, taking points from the embedded default (by
// id), from csc, or from the mean of the kept places, and adds none for
// ids an input row already carries.
func TestImportAdminEntries(t *testing.T) {
	dump := strings.Join([]string{
		row(99072, "Mosul", "Mosul", "", 36.0, 43.0, "P", "PPLA", "IQ", "15", "", 1683000),
		row(5, "Tal Kayf", "Tal Kayf", "", 37.0, 43.2, "P", "PPL", "IQ", "15", "", 20000),
		row(6, "Xtown", "Xtown", "", 10.0, 10.0, "P", "PPL", "ZZ", "01", "", 2000),
		row(7, "Ytown", "Ytown", "", 20.0, 20.0, "P", "PPL", "ZZ", "02", "", 2000),
		// A division that a dump carries is not added again.
		row(170654, "Damascus Governorate", "Damascus Governorate", "", 33.5, 36.3, "A", "ADM1", "SY", "13", "", 0),
	}, "\n") + "\n"
	admin1 := "IQ.15\tNineveh\tNineveh\t92877\nIQ.99\tNowhere\tNowhere\t42\nZZ.01\tAlpha Province\tAlpha Province\t901\n" +
		"ZZ.02\tBeta\tBeta\t902\nSY.13\tDimashq\tDimashq\t170654\nZZ.03\tGamma\tGamma\t0\n"
	hdr := "ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea\tPopulation\tContinent\ttld\tCC\tCN\tPhone\tPF\tPR\tLang\tgeonameid\tneighbours\tEq\n"
	countries := hdr + "IQ\tIRQ\t368\tIZ\tIraq\tBaghdad\t437072\t40462701\tAS\t.iq\tIQD\tDinar\t964\t#####\t^(\\d{5})$\tar-IQ,ku,hy\t99237\tSY\t\n" +
		"ZZ\tZZZ\t999\tZZ\tZedland\tX\t1\t5\tAS\t.zz\tZZD\tZ\t1\t\t\tzz\t900\t\t\n"
	cscCountries := "id,name,iso3,iso2,numeric_code,nationality,latitude,longitude,wikiDataId\n" +
		"1,Zedland,ZZZ,ZZ,999,\"Zed, Zeddish\",15.5,16.5,Q1\n" +
		"2,Broken,BRK,BR,1,X,north,2,Q2\n"
	cscStates := "id,name,country_code,iso2,iso3166_2,fips_code,native,latitude,longitude,wikiDataId\n" +
		"1,Alpha,ZZ,AL,ZZ-AL,01,,11.0,11.0,Q3\n" +
		"2,Beta,ZZ,BE,ZZ-BE,07,,21.0,21.0,Q4\n" +
		"3,Empty,ZZ,EM,ZZ-EM,,,,,Q5\n"
	g, st := importStrings(t, ImportOptions{},
		[2]string{"cities.txt", dump}, [2]string{"admin1CodesASCII.txt", admin1}, [2]string{"countryInfo.txt", countries},
		[2]string{"countries.csv", cscCountries}, [2]string{"states.csv", cscStates})
	if st.AddedCountries != 2 || st.AddedAdmin1 != 3 || st.Admin1NoPoint != 1 || st.Bad != 1 {
		t.Errorf("stats %+v", st)
	}
	if len(st.FirstBad) != 1 || !strings.HasSuffix(st.FirstBad[0].Error(), `countries.csv:3: malformed csc row: point "north","2"`) {
		t.Errorf("bad rows %v", st.FirstBad)
	}
	find := func(name, code string) Entry {
		t.Helper()
		for _, e := range g.Lookup(name) {
			if e.FeatureCode == code {
				return e
			}
		}
		t.Fatalf("no %s entry %q in %+v", code, name, g.Lookup(name))
		return Entry{}
	}
	d, _ := Default()
	dIQ, _ := d.Country("IQ")
	// Iraq: the GeoNames id of countryInfo.txt, the default's point.
	if e := find("Iraq", "PCLI"); e.GeonameID != 99237 || e.CountryCode != "IQ" || e.Lat != dIQ.Lat || e.Lon != dIQ.Lon {
		t.Errorf("Iraq = %+v, want the default's point %v,%v", e, dIQ.Lat, dIQ.Lon)
	}
	// Zedland is in no default: csc's point, and csc's nationalities.
	if e := find("Zedland", "PCLI"); e.GeonameID != 900 || e.Lat != 15.5 || e.Lon != 16.5 {
		t.Errorf("Zedland = %+v", e)
	}
	if c, _ := g.Country("ZZ"); c.Lat != 15.5 || !slices.Contains(c.Demonyms, "Zeddish") {
		t.Errorf("Country(ZZ) = %+v", c)
	}
	for _, w := range []string{"Zed", "Zeds", "Zeddish"} {
		if cc, ok := g.Demonym(w); !ok || cc != "ZZ" {
			t.Errorf("Demonym(%q) = %q, %v", w, cc, ok)
		}
	}
	// Nineveh: the default's division with that id.
	var dNin Entry
	for _, e := range d.Lookup("Nineveh") {
		if e.GeonameID == 92877 {
			dNin = e
		}
	}
	if e := find("Nineveh", "ADM1"); e.GeonameID != 92877 || dNin.GeonameID == 0 || e.Lat != dNin.Lat || e.Admin1Code != "15" || e.Country != "Iraq" {
		t.Errorf("Nineveh = %+v, default %+v", e, dNin)
	}
	// Alpha Province: csc's state by FIPS code (the names differ), within
	// 800 km of its places; Beta: by name.
	if e := find("Alpha Province", "ADM1"); e.GeonameID != 901 || e.Lat != 11 {
		t.Errorf("Alpha = %+v", e)
	}
	if e := find("Beta", "ADM1"); e.GeonameID != 902 || e.Lat != 21 {
		t.Errorf("Beta = %+v", e)
	}
	// Damascus: carried by the dump, not added; Nowhere: no point; Gamma:
	// no id.
	if n := len(g.Lookup("Dimashq")); n != 0 {
		t.Errorf("Dimashq added again: %d entries", n)
	}
	if n := len(g.Lookup("Nowhere")) + len(g.Lookup("Gamma")); n != 0 {
		t.Errorf("Nowhere/Gamma have entries")
	}

	// Without csc, a division takes the mean of its kept places.
	g, _ = importStrings(t, ImportOptions{}, [2]string{"cities.txt", dump}, [2]string{"admin1CodesASCII.txt", admin1})
	if e := find("Beta", "ADM1"); e.Lat != 20 || e.Lon != 20 {
		t.Errorf("Beta without csc = %+v", e)
	}
	// A feature-class filter without A adds nothing.
	g, st = importStrings(t, ImportOptions{FeatureClasses: "P"}, [2]string{"cities.txt", dump}, [2]string{"admin1CodesASCII.txt", admin1}, [2]string{"countryInfo.txt", countries})
	if st.AddedCountries+st.AddedAdmin1 != 0 {
		t.Errorf("class P only: added %d + %d", st.AddedCountries, st.AddedAdmin1)
	}
}

// TestImportCSCOther: regions.csv has no points; AddFile says so with
// ErrNothingToImport, and an unknown CSV names its file and line.
func TestImportCSCOther(t *testing.T) {
	dir := t.TempDir()
	im := NewImporter(ImportOptions{})
	for name, text := range map[string]string{"regions.csv": "id,name,wikiDataId\n1,Africa,Q15\n", "other.csv": "a,b\n1,2\n"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		err := im.AddFile(context.Background(), p, "")
		switch name {
		case "regions.csv":
			if !errors.Is(err, ErrNothingToImport) {
				t.Errorf("%s: %v", name, err)
			}
		default:
			if err == nil || !strings.Contains(err.Error(), "other.csv: line 1: not a GeoNames dump or a csc table") {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

// TestImportVillageFilter: villages (below 1,000, not seats) named by an
// English word, a notvillage word or only name prefixes and articles are
// left out; the others keep only spelling variants among their
// alternate names. Towns and seats are not affected.
func TestImportVillageFilter(t *testing.T) {
	dump := strings.Join([]string{
		row(1, "Rod", "Rod", "", 30, 60, "P", "PPL", "AF", "", "", 0),
		row(2, "Assad", "Assad", "", 30, 60, "P", "PPL", "AF", "", "", 0),
		row(3, "Abu Abbas", "Abu Abbas", "", 30, 60, "P", "PPL", "AF", "", "", 0),
		row(4, "Doktor", "Doktor", "Teacher,Doktorr,Columbus,دكتور", 30, 60, "P", "PPL", "AF", "", "", 0),
		row(5, "Hotel", "Hotel", "", 30, 60, "P", "PPL", "AF", "", "", 5000),
		row(6, "Rod", "Rod", "", 30, 60, "P", "PPLA2", "AF", "", "", 0),
	}, "\n") + "\n"
	g, st := importStrings(t, ImportOptions{VillageFilter: true}, [2]string{"AF.txt", dump})
	var names []string
	for i := range g.Len() {
		names = append(names, g.Entry(i).Name)
	}
	if diff := cmp.Diff([]string{"Doktor", "Hotel", "Rod"}, names); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	if st.Villages != 3 || st.Filtered != 3 {
		t.Errorf("stats %+v", st)
	}
	for n, want := range map[string]int{"Doktorr": 1, "Teacher": 0, "Columbus": 0, "دكتور": 0} {
		if got := len(g.Lookup(n)); got != want {
			t.Errorf("Lookup(%q): %d entries, want %d", n, got, want)
		}
	}
	g, st = importStrings(t, ImportOptions{}, [2]string{"AF.txt", dump})
	if g.Len() != 6 || st.Villages != 0 || len(g.Lookup("Teacher")) != 1 {
		t.Errorf("without the filter: %d entries, %+v", g.Len(), st)
	}
}

// TestImportOverDefaultDemonyms: a demonym that several countries of the
// default list keeps the country the default's demonym table gives it.
func TestImportOverDefaultDemonyms(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	im := NewImporter(ImportOptions{})
	im.AddGazetteer("default", d)
	g, err := im.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"American", "Americans", "British", "Iraqi"} {
		want, _ := d.Demonym(w)
		if got, _ := g.Demonym(w); got != want {
			t.Errorf("Demonym(%q) = %q, the default says %q", w, got, want)
		}
	}
}

// TestImportTruncatedGzip: a gzip that breaks off names the file and the
// last line read; the rows before it are kept.
func TestImportTruncatedGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for i := range 2000 {
		fmt.Fprintln(zw, row(i+1, fmt.Sprintf("Place%d", i), "", "", 1, 1, "P", "PPL", "IQ", "", "", 5000))
	}
	zw.Close()
	p := filepath.Join(t.TempDir(), "IQ.txt.gz")
	if err := os.WriteFile(p, buf.Bytes()[:buf.Len()/2], 0o644); err != nil {
		t.Fatal(err)
	}
	im := NewImporter(ImportOptions{})
	err := im.AddFile(context.Background(), p, "")
	if err == nil || !strings.Contains(err.Error(), "IQ.txt.gz: reading stopped after line ") || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v", err)
	}
	if st := im.Stats(); st.Kept == 0 || st.Kept >= 2000 {
		t.Errorf("kept %d rows of a broken file", st.Kept)
	}
}
