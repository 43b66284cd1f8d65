package gazetteer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
	if g.Len() != 4 || st.Rows != 6 || st.Kept != 6 || st.Merged != 2 || st.Entries != 4 || st.Files != 4 || st.Admin1 != 3 || st.Countries != 1 {
		t.Errorf("Len %d, stats %+v", g.Len(), st)
	}
	var names []string
	for i := range g.Len() {
		names = append(names, g.Entry(i).Name)
	}
	if diff := cmp.Diff([]string{"Mosul", "Baghdad", "Dup Again", "Mosul Old City"}, names); diff != "" {
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
// with a geonameid it has merges into its entry.
func TestImportOverDefault(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	mosul := d.Lookup("Mosul")[0]
	im := NewImporter(ImportOptions{})
	im.AddGazetteer("default", d)
	dump := row(int(mosul.GeonameID), "Mosul", "Mosul", "Mosul Test Name", 36, 43, "P", "PPLA", "IQ", mosul.Admin1Code, "", 1) + "\n" +
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
	if e := g.Lookup("Mosul Test Name"); len(e) != 1 || e[0].Population != 1 || e[0].Admin1 != "Nineveh" {
		t.Errorf("merged Mosul = %+v", e)
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
		"allCountries.zip": "dump", "IQ.txt.gz": "dump", "cities500.txt": "dump",
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
