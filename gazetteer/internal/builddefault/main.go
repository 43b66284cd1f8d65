// Command builddefault builds Evident's embedded default gazetteer
// (gazetteer/data/default.tsv.gz) from the GeoNames and
// countries-states-cities files in shared/gazetteer plus the curated file
// gazetteer/data/curated.tsv. Run it from the repository root:
//
//	go run ./gazetteer/internal/builddefault -shared ../shared/gazetteer -out gazetteer/data/default.tsv.gz
//
// The output is deterministic for the same inputs and flags.
package main

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/evident-org/evident/gazetteer"
)

func main() {
	shared := flag.String("shared", "../shared/gazetteer", "directory with cities500.txt.gz, countryInfo.txt, admin1CodesASCII.txt, admin2Codes.txt and csc/")
	curated := flag.String("curated", "gazetteer/data/curated.tsv", "curated aliases, demonyms and features")
	out := flag.String("out", "gazetteer/data/default.tsv.gz", "output file (gzipped compact gazetteer)")
	minPop := flag.Int64("minpop", 1000, "keep populated places with at least this population (PPLC and PPLA* are always kept)")
	flag.Parse()
	if err := run(*shared, *curated, *out, *minPop); err != nil {
		log.Fatal(err)
	}
}

type country struct {
	info    gazetteer.CountryInfo
	names   []string
	demonym []string
}

type cscState struct {
	name, iso2, fips, native string
	lat, lon                 float64
	used                     bool
}

type feature struct {
	e    gazetteer.Entry
	alts []string
}

func run(shared, curatedPath, out string, minPop int64) error {
	// Countries: GeoNames countryInfo.txt joined with csc by ISO alpha-2.
	countries := map[string]*country{}
	if err := withFile(filepath.Join(shared, "countryInfo.txt"), func(r io.Reader) error {
		return gazetteer.ReadCountryInfo(r, func(c gazetteer.CountryInfo) error {
			if c.GeonameID == 0 { // dissolved entries (CS, AN)
				return nil
			}
			countries[c.Code] = &country{info: c}
			return nil
		})
	}); err != nil {
		return err
	}
	inCSC := map[string]bool{}
	if err := readCSV(filepath.Join(shared, "csc", "countries.csv"), func(rec map[string]string) error {
		c := countries[rec["iso2"]]
		if c == nil {
			return nil
		}
		inCSC[rec["iso2"]] = true
		c.info.Lat, c.info.Lon = parseF(rec["latitude"]), parseF(rec["longitude"])
		c.names = append(c.names, rec["name"], rec["native"])
		for _, d := range splitDemonyms(rec["nationality"]) {
			c.demonym = append(c.demonym, d)
		}
		return nil
	}); err != nil {
		return err
	}
	for cc := range countries {
		if !inCSC[cc] { // dissolved countries kept by GeoNames (AN, CS)
			delete(countries, cc)
		}
	}
	var features []feature
	var curatedDemonyms [][2]string
	if err := withFile(curatedPath, func(r io.Reader) error {
		sc := bufio.NewScanner(r)
		no := 0
		for sc.Scan() {
			no++
			line := sc.Text()
			if line == "" || line[0] == '#' {
				continue
			}
			f := strings.Split(line, "\t")
			switch {
			case f[0] == "alias" && len(f) == 3 && countries[f[1]] != nil:
				countries[f[1]].names = append(countries[f[1]].names, strings.Split(f[2], "|")...)
			case f[0] == "demonym" && len(f) == 3 && countries[f[1]] != nil:
				for d := range strings.SplitSeq(f[2], "|") {
					curatedDemonyms = append(curatedDemonyms, [2]string{d, f[1]})
				}
			case f[0] == "feature" && len(f) == 9:
				id, _ := strconv.ParseInt(f[7], 10, 64)
				ft := feature{e: gazetteer.Entry{GeonameID: id, Name: f[1], FeatureClass: f[2], FeatureCode: f[3],
					Lat: parseF(f[4]), Lon: parseF(f[5]), CountryCode: f[6]}}
				if f[8] != "" {
					ft.alts = strings.Split(f[8], "|")
				}
				features = append(features, ft)
			default:
				return fmt.Errorf("%s:%d: bad curated line", curatedPath, no)
			}
		}
		return sc.Err()
	}); err != nil {
		return err
	}

	// Populated places, streamed; only the kept ones stay in memory.
	var rows []gazetteer.Row
	if err := withFile(filepath.Join(shared, "cities500.txt.gz"), func(r io.Reader) error {
		return gazetteer.ReadRows(r, func(row *gazetteer.Row) error {
			if row.FeatureClass != "P" {
				return nil
			}
			if row.Population < minPop && row.FeatureCode != "PPLC" && !strings.HasPrefix(row.FeatureCode, "PPLA") {
				return nil
			}
			row.AlternateNames = filterAlternates(row.AlternateNames)
			row.Elevation, row.DEM, row.Timezone, row.Modified, row.Admin3Code, row.Admin4Code, row.CC2 = "", "", "", "", "", "", ""
			rows = append(rows, *row)
			return nil
		})
	}); err != nil {
		return err
	}
	// Most populous place of each admin1: the fallback point of regions
	// that csc cannot place.
	biggest := map[string]*gazetteer.Row{}
	admin2Used := map[string]bool{}
	for i := range rows {
		r := &rows[i]
		if r.Admin1Code == "" {
			continue
		}
		k := r.CountryCode + "." + r.Admin1Code
		if b := biggest[k]; b == nil || r.Population > b.Population {
			biggest[k] = r
		}
		if r.Admin2Code != "" {
			admin2Used[k+"."+r.Admin2Code] = true
		}
	}

	// First-level divisions: GeoNames codes and ids, csc points and names.
	states := map[string][]*cscState{}
	if err := readCSV(filepath.Join(shared, "csc", "states.csv"), func(rec map[string]string) error {
		s := &cscState{name: rec["name"], iso2: rec["iso2"], fips: rec["fips_code"], native: rec["native"],
			lat: parseF(rec["latitude"]), lon: parseF(rec["longitude"])}
		if rec["latitude"] == "" {
			return nil
		}
		states[rec["country_code"]] = append(states[rec["country_code"]], s)
		return nil
	}); err != nil {
		return err
	}
	var admins []gazetteer.AdminCode
	if err := withFile(filepath.Join(shared, "admin1CodesASCII.txt"), func(r io.Reader) error {
		return gazetteer.ReadAdminCodes(r, func(a gazetteer.AdminCode) error { admins = append(admins, a); return nil })
	}); err != nil {
		return err
	}

	b := gazetteer.NewBuilder()
	// Countries by code for a deterministic order; demonyms are claimed by
	// curated entries first, then by larger countries.
	codes := make([]string, 0, len(countries))
	for cc := range countries {
		codes = append(codes, cc)
	}
	slices.Sort(codes)
	countryKeys := map[string]bool{}
	for _, c := range countries {
		countryKeys[gazetteer.Normalize(c.info.Name)] = true
		for _, n := range c.names {
			countryKeys[gazetteer.Normalize(n)] = true
		}
	}
	for _, d := range curatedDemonyms {
		addDemonym(countries[d[1]], d[0], countryKeys)
	}
	byPop := slices.Clone(codes)
	slices.SortStableFunc(byPop, func(a, b string) int {
		return cmp.Compare(countries[b].info.Population, countries[a].info.Population)
	})
	for _, cc := range byPop {
		c := countries[cc]
		for _, d := range slices.Clone(c.demonym) {
			addDemonym(c, d, countryKeys)
		}
	}
	// Demonyms go to the builder in population order so that a shared one
	// ("Congolese") belongs to the larger country, curated ones first.
	for _, d := range curatedDemonyms {
		b.AddDemonym(d[0], d[1])
		b.AddDemonym(plural(d[0], countryKeys), d[1])
	}
	for _, cc := range byPop {
		c := countries[cc]
		c.info.Demonyms = dedupe(c.info.Demonyms)
		b.SetCountry(c.info)
	}
	for _, cc := range codes {
		c := countries[cc]
		if c.info.Lat == 0 && c.info.Lon == 0 {
			log.Printf("country %s has no representative point: no entry, country info only", cc)
			continue
		}
		b.Add(gazetteer.Entry{GeonameID: c.info.GeonameID, Name: c.info.Name, Lat: round(c.info.Lat), Lon: round(c.info.Lon),
			FeatureClass: "A", FeatureCode: "PCLI", CountryCode: cc, Population: c.info.Population}, c.names...)
	}

	nCSC, nFallback, nSkipped := 0, 0, 0
	for _, a := range admins {
		cc, code, _ := strings.Cut(a.Code, ".")
		b.SetAdmin1(a.Code, a.Name)
		e := gazetteer.Entry{GeonameID: a.GeonameID, Name: a.Name, FeatureClass: "A", FeatureCode: "ADM1",
			CountryCode: cc, Admin1Code: code}
		alts := []string{a.ASCIIName}
		if s := matchState(states[cc], code, a, biggest[a.Code]); s != nil {
			s.used = true
			e.Lat, e.Lon = round(s.lat), round(s.lon)
			alts = append(alts, s.name)
			if hasArabic(s.native) {
				// Latin-script "native" names in csc include machine
				// translations ("Great", "Stiff"); only Arabic script is kept.
				alts = append(alts, s.native)
			}
			nCSC++
		} else if r := biggest[a.Code]; r != nil {
			e.Lat, e.Lon = r.Lat, r.Lon
			nFallback++
		} else {
			nSkipped++
			continue
		}
		b.Add(e, alts...)
	}
	for _, f := range features {
		b.Add(f.e, f.alts...)
	}
	nAlt := 0
	for i := range rows {
		r := &rows[i]
		b.AddRow(r)
		nAlt += len(r.AlternateNames)
	}
	nAdm2 := 0
	if err := withFile(filepath.Join(shared, "admin2Codes.txt"), func(r io.Reader) error {
		return gazetteer.ReadAdminCodes(r, func(a gazetteer.AdminCode) error {
			if admin2Used[a.Code] {
				b.SetAdmin2(a.Code, a.Name)
				nAdm2++
			}
			return nil
		})
	}); err != nil {
		return err
	}
	g := b.Build()

	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	err = g.WriteCompact(zw,
		"Evident default gazetteer. Generated by gazetteer/internal/builddefault; do not edit.",
		"Data: GeoNames (geonames.org), CC BY 4.0 - credit \"GeoNames\";",
		"countries-states-cities database (github.com/dr5hn/countries-states-cities-database), ODbL 1.0;",
		"curated water bodies, regions, aliases and demonyms: gazetteer/data/curated.tsv.",
		fmt.Sprintf("Populated places: cities500 with population >= %d, plus all PPLC and PPLA*.", minPop),
		"Alternate names kept: Latin script with at least one capital letter, and Arabic script; codes dropped.")
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	st, _ := os.Stat(out)
	log.Printf("%s: %d bytes; %d entries, %d keys, %d countries, %d admin1 (%d csc points, %d fallback, %d without point), %d admin2 names, %d places, %d kept alternate names, %d curated features",
		out, st.Size(), g.Len(), g.NumKeys(), len(codes), len(admins), nCSC, nFallback, nSkipped, nAdm2, len(rows), nAlt, len(features))
	return nil
}

func addDemonym(c *country, d string, countryKeys map[string]bool) {
	k := gazetteer.Normalize(d)
	if k == "" || countryKeys[k] || len(k) < 3 {
		return
	}
	c.info.Demonyms = append(c.info.Demonyms, d)
	if p := plural(d, countryKeys); p != "" {
		c.info.Demonyms = append(c.info.Demonyms, p)
	}
}

// plural returns the -s plural of a demonym used as a people name
// ("Iraqis", "Costa Ricans"), or "" when English uses none ("French",
// "Lebanese", "Swiss") or when it would be a country name ("Laos").
func plural(d string, countryKeys map[string]bool) string {
	low := strings.ToLower(d)
	for _, suf := range []string{"ese", "s", "sh", "ch", "x", "z"} {
		if strings.HasSuffix(low, suf) {
			return ""
		}
	}
	p := d + "s"
	if countryKeys[gazetteer.Normalize(p)] {
		return ""
	}
	return p
}

// splitDemonyms splits csc's nationality column ("Azerbaijani, Azeri",
// "Antiguan or Barbudan"), dropping codes ("UK", "BIOT") and names that
// are not adjectives.
func splitDemonyms(s string) []string {
	var out []string
	for p := range strings.SplitSeq(strings.ReplaceAll(s, " or ", ","), ",") {
		p = strings.TrimSpace(p)
		if p == "" || p == strings.ToUpper(p) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// matchState finds the csc division of a GeoNames admin1 code: by name
// first, then by FIPS or ISO 3166-2 code. A code match whose point lies
// more than 800 km from the division's most populous place (when known)
// is refused: GeoNames does not use FIPS codes for every country.
func matchState(cands []*cscState, code string, a gazetteer.AdminCode, city *gazetteer.Row) *cscState {
	n1, n2 := gazetteer.Normalize(a.Name), gazetteer.Normalize(a.ASCIIName)
	for _, s := range cands {
		if k := gazetteer.Normalize(s.name); !s.used && (k == n1 || k == n2) {
			return s
		}
	}
	near := func(s *cscState) bool {
		return city == nil || km(s.lat, s.lon, city.Lat, city.Lon) < 800
	}
	for _, s := range cands {
		if !s.used && s.fips != "" && s.fips == code && near(s) {
			return s
		}
	}
	for _, s := range cands {
		if !s.used && s.iso2 != "" && s.iso2 == code && near(s) {
			return s
		}
	}
	return nil
}

// km is the great-circle distance in kilometres.
func km(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

func hasArabic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return true
		}
	}
	return false
}

// filterAlternates keeps the alternate names a news text could use in
// Latin or Arabic script: Latin names need a capital letter (GeoNames'
// all-lowercase alternates are machine transliterations), short
// all-capital ASCII names are airport and other codes, and names in other
// scripts are dropped to keep the default small.
func filterAlternates(alts []string) []string {
	out := alts[:0]
	for _, a := range alts {
		if keepAlternate(a) {
			out = append(out, a)
		}
	}
	return slices.Clip(out)
}

func keepAlternate(a string) bool {
	if len(a) < 2 || len(a) > 80 {
		return false
	}
	latin, arabic, upper, lower := 0, 0, 0, 0
	for _, r := range a {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
			if unicode.IsUpper(r) {
				upper++
			} else {
				lower++
			}
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.IsLetter(r):
			return false
		}
	}
	if latin > 0 && arabic > 0 {
		return false
	}
	if latin > 0 {
		if upper == 0 {
			return false
		}
		if lower == 0 && latin <= 4 {
			return false
		}
		return true
	}
	return arabic > 0
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func round(f float64) float64 { return math.Round(f*1e5) / 1e5 }

func parseF(s string) float64 {
	f, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f
}

func withFile(path string, fn func(io.Reader) error) error {
	rc, err := gazetteer.Open(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := fn(rc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func readCSV(path string, fn func(map[string]string) error) error {
	return withFile(path, func(r io.Reader) error {
		cr := csv.NewReader(r)
		cr.ReuseRecord = false
		head, err := cr.Read()
		if err != nil {
			return err
		}
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			m := make(map[string]string, len(head))
			for i, h := range head {
				if i < len(rec) {
					m[h] = rec[i]
				}
			}
			if err := fn(m); err != nil {
				return err
			}
		}
	})
}
