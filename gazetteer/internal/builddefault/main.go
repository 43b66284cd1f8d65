// Command builddefault builds Evident's embedded default gazetteer
// (gazetteer/data/default.tsv.gz) from the GeoNames,
// countries-states-cities and Who's On First files in shared/gazetteer
// plus the files of gazetteer/data: curated.tsv, country_centroids.tsv and
// us_centroids.tsv (see ./centroids) and village_stopwords.txt (see
// ./stopwords). docs/gazetteer.md describes the result. Run it from the
// repository root:
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
	"maps"
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
	var o options
	flag.StringVar(&o.shared, "shared", "../shared/gazetteer", "directory with cities500.txt.gz, countryInfo.txt, admin1CodesASCII.txt, admin2Codes.txt, csc/ and wof/")
	flag.StringVar(&o.curated, "curated", "gazetteer/data/curated.tsv", "curated aliases, demonyms and features")
	flag.StringVar(&o.countryPoints, "country-points", "gazetteer/data/country_centroids.tsv", "country centroids (see ./centroids)")
	flag.StringVar(&o.usPoints, "us-points", "gazetteer/data/us_centroids.tsv", "US state and county centroids (see ./centroids)")
	flag.StringVar(&o.stopwords, "village-stopwords", "gazetteer/data/village_stopwords.txt", "English words pack villages are not indexed under (see ./stopwords)")
	flag.StringVar(&o.out, "out", "gazetteer/data/default.tsv.gz", "output file (gzipped compact gazetteer)")
	flag.Int64Var(&o.minPop, "minpop", 1000, "keep populated places with at least this population (PPLC and PPLA* are always kept)")
	flag.StringVar(&o.villages, "wof-villages", "levant,UA", "countries whose Who's On First places that are not kept GeoNames places are added: all, none, a group (levant, mideast, core, sahel, horn) or ISO codes, comma-separated")
	flag.StringVar(&o.nbhd, "wof-nbhd", "none", "countries whose Who's On First neighbourhoods (PPLX) are added, as for -wof-villages")
	flag.BoolVar(&o.extraNames, "wof-names", true, "add the names Who's On First has for kept GeoNames places")
	flag.BoolVar(&o.villageArabic, "village-arabic", false, "index villages under their Arabic-script names too")
	flag.BoolVar(&o.measure, "measure", false, "after writing, load the output with gazetteer.ReadCompact and report time and allocation")
	flag.Parse()
	if err := run(o); err != nil {
		log.Fatal(err)
	}
}

type options struct {
	shared, curated, countryPoints, usPoints, out string
	stopwords                                     string
	minPop                                        int64
	villages, nbhd                                string
	extraNames, measure, villageArabic            bool
}

type country struct {
	info    gazetteer.CountryInfo
	names   []string
	demonym []string
	source  string
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

// builder wraps gazetteer.Builder and remembers the keys it indexed:
// all of them (for collision checks of derived names) and those of
// populated places by country (for the population of districts).
type builder struct {
	*gazetteer.Builder
	keys      map[string]bool
	placeKeys map[string]bool // "CC\x00key"
}

func (b *builder) add(e gazetteer.Entry, alts ...string) int {
	id := b.Add(e, alts...)
	b.note(e, append([]string{e.Name}, alts...))
	return id
}

func (b *builder) addNames(id int, e gazetteer.Entry, names ...string) {
	b.AddNames(id, names...)
	b.note(e, names)
}

func (b *builder) note(e gazetteer.Entry, names []string) {
	for _, n := range names {
		for _, k := range gazetteer.Keys(n) {
			b.keys[k] = true
			if e.FeatureClass == "P" {
				b.placeKeys[e.CountryCode+"\x00"+k] = true
			}
		}
	}
}

func run(o options) error {
	shared := o.shared
	// Countries: GeoNames countryInfo.txt joined with csc by ISO alpha-2;
	// points from Natural Earth (country_centroids.tsv), csc's
	// representative point where Natural Earth has no shape.
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
		c.source = "csc"
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
	cpts, err := readPoints(o.countryPoints)
	if err != nil {
		return err
	}
	nNE := 0
	for cc, c := range countries {
		if p, ok := cpts[cc]; ok {
			c.info.Lat, c.info.Lon, c.source = p.lat, p.lon, "ne"
			nNE++
		}
	}
	usPts, err := readPoints(o.usPoints)
	if err != nil {
		return err
	}
	var features []feature
	var curatedDemonyms [][2]string
	var notVillage []string
	if err := withFile(o.curated, func(r io.Reader) error {
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
			case f[0] == "notvillage" && len(f) == 2:
				notVillage = append(notVillage, strings.Split(f[1], "|")...)
			case f[0] == "feature" && len(f) == 9:
				id, _ := strconv.ParseInt(f[7], 10, 64)
				ft := feature{e: gazetteer.Entry{GeonameID: id, Name: f[1], FeatureClass: f[2], FeatureCode: f[3],
					Lat: parseF(f[4]), Lon: parseF(f[5]), CountryCode: f[6]}}
				if f[8] != "" {
					ft.alts = strings.Split(f[8], "|")
				}
				features = append(features, ft)
			default:
				return fmt.Errorf("%s:%d: bad curated line", o.curated, no)
			}
		}
		return sc.Err()
	}); err != nil {
		return err
	}

	// Populated places, streamed; only the kept ones stay in memory, and
	// the smaller ones by id, for Who's On First rows that name them.
	var rows []gazetteer.Row
	small := map[int64]*gazetteer.Row{}
	if err := withFile(filepath.Join(shared, "cities500.txt.gz"), func(r io.Reader) error {
		return gazetteer.ReadRows(r, func(row *gazetteer.Row) error {
			if row.FeatureClass != "P" {
				return nil
			}
			row.AlternateNames = gazetteer.FilterAlternates(row.AlternateNames)
			row.Elevation, row.DEM, row.Timezone, row.Modified, row.Admin3Code, row.Admin4Code, row.CC2 = "", "", "", "", "", "", ""
			if row.Population < o.minPop && row.FeatureCode != "PPLC" && !strings.HasPrefix(row.FeatureCode, "PPLA") {
				c := *row
				small[row.GeonameID] = &c
				return nil
			}
			rows = append(rows, *row)
			return nil
		})
	}); err != nil {
		return err
	}
	kept := make(map[int64]bool, len(rows))
	// Names of kept places by country: a division does not take a town's
	// name from the packs ("Raqqa" stays the city, not the governorate).
	townKeys := map[string]bool{}
	for i := range rows {
		r := &rows[i]
		for _, n := range append([]string{r.Name, r.ASCIIName}, r.AlternateNames...) {
			for _, k := range gazetteer.Keys(n) {
				townKeys[r.CountryCode+"\x00"+k] = true
			}
		}
	}
	notTown := func(cc string, names []string) []string {
		out := names[:0]
		for _, n := range names {
			if !slices.ContainsFunc(gazetteer.Keys(n), func(k string) bool { return townKeys[cc+"\x00"+k] }) {
				out = append(out, n)
			}
		}
		return out
	}
	// Kept places by first- and second-level division: fallback points
	// (their unweighted mean) and population estimates.
	byA1, byA2 := map[string]*agg{}, map[string]*agg{}
	for i := range rows {
		r := &rows[i]
		kept[r.GeonameID] = true
		if r.Admin1Code == "" {
			continue
		}
		k := r.CountryCode + "." + r.Admin1Code
		if byA1[k] == nil {
			byA1[k] = &agg{}
		}
		byA1[k].add(r)
		if r.Admin2Code != "" {
			k += "." + r.Admin2Code
			if byA2[k] == nil {
				byA2[k] = &agg{}
			}
			byA2[k].add(r)
		}
	}

	// Who's On First packs.
	wofDir := filepath.Join(shared, "wof")
	ccs := packs(wofDir)
	villageCC, nbhdCC := countrySet(o.villages, ccs), countrySet(o.nbhd, ccs)
	wof, err := readPacks(wofDir, ccs, kept, villageCC, nbhdCC)
	if err != nil {
		return err
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

	b := &builder{Builder: gazetteer.NewBuilder(), keys: map[string]bool{}, placeKeys: map[string]bool{}}
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
	demonymKeys := map[string]bool{}
	for _, cc := range byPop {
		c := countries[cc]
		c.info.Demonyms = dedupe(c.info.Demonyms)
		b.SetCountry(c.info)
		for _, d := range c.info.Demonyms {
			demonymKeys[gazetteer.Normalize(d)] = true
		}
	}
	for _, d := range curatedDemonyms {
		demonymKeys[gazetteer.Normalize(d[0])] = true
	}
	// Names from the packs never make a division or village a homonym
	// of a country or a demonym ("Iraq", "Kurdish").
	packNames := func(names []string) []string {
		out := make([]string, 0, len(names))
		for _, n := range names {
			k := gazetteer.Normalize(n)
			if k != "" && !countryKeys[k] && !demonymKeys[k] {
				out = append(out, n)
			}
		}
		return out
	}
	for _, cc := range codes {
		c := countries[cc]
		if c.info.Lat == 0 && c.info.Lon == 0 {
			log.Printf("country %s has no representative point: no entry, country info only", cc)
			continue
		}
		b.add(gazetteer.Entry{GeonameID: c.info.GeonameID, Name: c.info.Name, Lat: round(c.info.Lat), Lon: round(c.info.Lon),
			FeatureClass: "A", FeatureCode: "PCLI", CountryCode: cc, Population: c.info.Population}, c.names...)
	}

	// First-level divisions. Point: US Census centroid, else the Who's
	// On First label point, else csc's point, else the mean of the kept
	// places. No population: see docs/gazetteer.md.
	wofA1 := map[string]*wofIndex{}
	for _, cc := range ccs {
		wofA1[cc] = newWOFIndex(wof.adm1[cc], parentKey)
	}
	var n1 struct{ us, wof, csc, mean, none int }
	for _, a := range admins {
		cc, code, _ := strings.Cut(a.Code, ".")
		b.SetAdmin1(a.Code, a.Name)
		e := gazetteer.Entry{GeonameID: a.GeonameID, Name: a.Name, FeatureClass: "A", FeatureCode: "ADM1",
			CountryCode: cc, Admin1Code: code}
		alts := []string{a.ASCIIName}
		big := byA1[a.Code].bigRow()
		near := func(r *gazetteer.Row) bool { return big == nil || km(r.Lat, r.Lon, big.Lat, big.Lon) < 800 }
		var w *gazetteer.Row
		if x := wofA1[cc]; x != nil {
			// By geonameid, then by the admin1 code the pack row
			// carries, then by name.
			if i, ok := x.byID[a.GeonameID]; ok && !x.used[i] {
				x.used[i], w = true, x.rows[i]
			}
			for i, r := range x.rows {
				if w == nil && !x.used[i] && r.Admin1Code == code {
					x.used[i], w = true, r
				}
			}
			if w == nil {
				w = x.match(a.GeonameID, []string{cc}, []string{a.Name, a.ASCIIName}, near)
			}
		}
		s := matchState(states[cc], code, a, big)
		if s != nil {
			s.used = true
			alts = append(alts, s.name)
			if hasArabic(s.native) {
				// Latin-script "native" names in csc include machine
				// translations ("Great", "Stiff"); only Arabic script is kept.
				alts = append(alts, s.native)
			}
		}
		if w != nil {
			alts = append(alts, notTown(cc, packNames(w.AlternateNames))...)
		}
		alts = dropLevelForms(e.Name, alts)
		if p, ok := usPts[a.Code]; ok {
			e.Lat, e.Lon = p.lat, p.lon
			n1.us++
		} else if w != nil {
			e.Lat, e.Lon = w.Lat, w.Lon
			n1.wof++
		} else if s != nil {
			e.Lat, e.Lon = round(s.lat), round(s.lon)
			n1.csc++
		} else if lat, lon, ok := byA1[a.Code].mean(); ok {
			e.Lat, e.Lon = round(lat), round(lon)
			n1.mean++
		} else {
			n1.none++
			continue
		}
		b.add(e, alts...)
	}
	for _, f := range features {
		b.add(f.e, f.alts...)
	}

	// Kept GeoNames places, with the names Who's On First adds.
	nAlt, nExtra := 0, 0
	keptID := make([]int, len(rows))
	for i := range rows {
		r := &rows[i]
		id := b.AddRow(r)
		keptID[i] = id
		e := r.Entry()
		b.note(e, append([]string{r.Name, r.ASCIIName}, r.AlternateNames...))
		nAlt += len(r.AlternateNames)
		if x := wof.extra[r.GeonameID]; len(x) > 0 && o.extraNames {
			x = variants(packNames(gazetteer.FilterAlternates(x)), looseKeys(r.Name, r.ASCIIName))
			b.addNames(id, e, x...)
			nExtra += len(x)
		}
	}

	// Who's On First places of the selected countries. GeoNames rows
	// (cities500 below -minpop) keep their fields; pack-only places get
	// population 0 unless the pack has one, and those within 10 km of a
	// kept place of the same name are merged into it.
	keptByKey := map[string][]int{}
	for i := range rows {
		if villageCC[rows[i].CountryCode] || nbhdCC[rows[i].CountryCode] {
			k := rows[i].CountryCode + "\x00" + gazetteer.Normalize(rows[i].Name)
			keptByKey[k] = append(keptByKey[k], i)
		}
	}
	english, err := readWords(o.stopwords)
	if err != nil {
		return err
	}
	for _, w := range notVillage {
		for _, k := range gazetteer.Keys(w) {
			english[k] = true
		}
	}
	vf := &villageFilter{english: english, person: wof.person.words(), arabic: o.villageArabic}
	var nv struct{ gn, small, wofOnly, merged, blocked int }
	addPlace := func(w *gazetteer.Row) {
		if sr := small[w.GeonameID]; sr != nil {
			names, ok := vf.names(sr.Name, sr.ASCIIName, append(slices.Clip(sr.AlternateNames), packNames(w.AlternateNames)...))
			if !ok {
				nv.blocked++
				return
			}
			b.add(sr.Entry(), names...)
			nv.small++
			return
		}
		if w.GeonameID > 80000000 {
			for _, i := range keptByKey[w.CountryCode+"\x00"+gazetteer.Normalize(w.Name)] {
				if km(rows[i].Lat, rows[i].Lon, w.Lat, w.Lon) < 10 {
					names := variants(packNames(append([]string{w.ASCIIName}, w.AlternateNames...)), looseKeys(rows[i].Name, rows[i].ASCIIName))
					b.addNames(keptID[i], rows[i].Entry(), names...)
					nv.merged++
					return
				}
			}
		}
		names, ok := vf.names(w.Name, w.ASCIIName, packNames(w.AlternateNames))
		if !ok {
			nv.blocked++
			return
		}
		if w.GeonameID > 80000000 {
			nv.wofOnly++
		} else {
			nv.gn++
		}
		e := w.Entry()
		e.Lat, e.Lon = round(e.Lat), round(e.Lon)
		b.add(e, names...)
	}
	for _, w := range wof.villages {
		addPlace(w)
	}
	nVillages := nv
	nv = struct{ gn, small, wofOnly, merged, blocked int }{}
	for _, w := range wof.nbhd {
		addPlace(w)
	}
	nNbhd := nv

	// Second-level divisions, after the places so that derived names can
	// be checked against theirs. Point: US Census centroid, else the Who's
	// On First label point, else the unweighted mean of the kept places;
	// divisions with neither get a name (for Place.Admin2) but no entry.
	wofA2 := map[string]*wofIndex{}
	for _, cc := range ccs {
		wofA2[cc] = newWOFIndex(wof.adm2[cc], parentKey)
	}
	var admin2 []gazetteer.AdminCode
	if err := withFile(filepath.Join(shared, "admin2Codes.txt"), func(r io.Reader) error {
		return gazetteer.ReadAdminCodes(r, func(a gazetteer.AdminCode) error { admin2 = append(admin2, a); return nil })
	}); err != nil {
		return err
	}
	var n2 struct{ us, wof, mean, none, names, bare, pop, wofOnly int }
	addAdm2 := func(e gazetteer.Entry, names []string) {
		// A bare name ("Rapides" for "Rapides Parish") only where no other
		// entry has it ("Orange" stays the city) and it is not an English
		// word ("Will" for Will County, "Power" for Power County).
		var bare []string
		for _, n := range names[:1] {
			if s := stripLevelWord(n); s != "" && countLetters(s) >= 4 && !slices.ContainsFunc(gazetteer.Keys(s), func(k string) bool { return b.keys[k] || vf.english[k] }) {
				bare = append(bare, s)
			}
		}
		// The summed population ranks same-named districts; it is dropped
		// where the district is a homonym of a populated place of its
		// country ("Sinjar", "Mosul"), so that the town wins.
		for _, n := range names {
			for _, k := range gazetteer.Keys(n) {
				if b.placeKeys[e.CountryCode+"\x00"+k] {
					e.Population = 0
				}
			}
		}
		names = append(names[:1], dropLevelForms(names[0], names[1:])...)
		if e.Population > 0 {
			n2.pop++
		}
		n2.bare += len(bare)
		b.add(e, append(names[1:], bare...)...)
	}
	for _, a := range admin2 {
		cc, rest, _ := strings.Cut(a.Code, ".")
		a1, code, _ := strings.Cut(rest, ".")
		ag := byA2[a.Code]
		mlat, mlon, hasMean := ag.mean()
		e := gazetteer.Entry{GeonameID: a.GeonameID, Name: a.Name, FeatureClass: "A", FeatureCode: "ADM2",
			CountryCode: cc, Admin1Code: a1, Admin2Code: code}
		names := []string{a.Name, a.ASCIIName}
		near := func(r *gazetteer.Row) bool { return !hasMean || km(r.Lat, r.Lon, mlat, mlon) < 150 }
		w := wofA2[cc].match(a.GeonameID, []string{cc + "." + a1, cc}, names, near)
		if w != nil {
			names = append(names, notTown(cc, packNames(w.AlternateNames))...)
		}
		if ag != nil {
			e.Population = ag.pop
		}
		switch p, ok := usPts[a.Code]; {
		case ok:
			e.Lat, e.Lon = p.lat, p.lon
			n2.us++
		case w != nil:
			e.Lat, e.Lon = w.Lat, w.Lon
			n2.wof++
		case hasMean:
			e.Lat, e.Lon = round(mlat), round(mlon)
			n2.mean++
		default:
			if ag != nil {
				b.SetAdmin2(a.Code, a.Name)
				n2.names++
			}
			n2.none++
			continue
		}
		b.SetAdmin2(a.Code, a.Name)
		n2.names++
		addAdm2(e, names)
	}
	// Districts of the packs that GeoNames does not list.
	for _, cc := range ccs {
		x := wofA2[cc]
		for i, w := range x.rows {
			if x.used[i] {
				continue
			}
			e := w.Entry()
			e.Lat, e.Lon = round(e.Lat), round(e.Lon)
			addAdm2(e, append([]string{w.Name}, notTown(cc, packNames(append([]string{w.ASCIIName}, w.AlternateNames...)))...))
			n2.wofOnly++
		}
	}
	// Pack regions that match no GeoNames first-level division (finer or
	// older regions: "Nyanza", provinces of the Philippines) are kept as
	// ADMD, an administrative division of unspecified level.
	nADMD := 0
	for _, cc := range ccs {
		x := wofA1[cc]
		for i, w := range x.rows {
			if x.used[i] {
				continue
			}
			e := w.Entry()
			e.FeatureCode, e.Admin1Code, e.Admin2Code = "ADMD", "", ""
			e.Lat, e.Lon = round(e.Lat), round(e.Lon)
			b.add(e, dropLevelForms(e.Name, notTown(cc, packNames(append([]string{w.ASCIIName}, w.AlternateNames...))))...)
			nADMD++
		}
	}
	g := b.Build()

	tmp := o.out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	err = g.WriteCompact(zw,
		"Evident default gazetteer. Generated by gazetteer/internal/builddefault; do not edit.",
		"Data: GeoNames (geonames.org), CC BY 4.0 - credit \"GeoNames\";",
		"Who's On First (whosonfirst.org), CC BY 4.0 - credit \"Who's On First\": district and region points and names,",
		fmt.Sprintf("  places and neighbourhoods of %s;", describeSet(villageCC, nbhdCC)),
		"countries-states-cities database (github.com/dr5hn/countries-states-cities-database), ODbL 1.0;",
		"Natural Earth (naturalearthdata.com, public domain, via npm world-atlas): country centroids;",
		"US Census Bureau cartographic boundaries (public domain, via npm us-atlas): US state and county centroids;",
		"curated water bodies, regions, aliases and demonyms: gazetteer/data/curated.tsv.",
		fmt.Sprintf("Populated places: cities500 with population >= %d, plus all PPLC and PPLA*.", o.minPop),
		"Alternate names kept: Latin script with at least one capital letter, and Arabic script; codes dropped.",
		"geonameid > 80000000: Who's On First id (no GeoNames id known).")
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, o.out); err != nil {
		return err
	}
	st, _ := os.Stat(o.out)
	log.Printf("%s: %d bytes; %d entries, %d keys", o.out, st.Size(), g.Len(), g.NumKeys())
	log.Printf("countries: %d (%d Natural Earth points, %d csc)", len(codes), nNE, len(codes)-nNE)
	log.Printf("admin1: %d codes; points: %d US Census, %d WOF, %d csc, %d mean of places, %d none", len(admins), n1.us, n1.wof, n1.csc, n1.mean, n1.none)
	log.Printf("admin2: %d codes, %d names kept; entries: %d US Census, %d WOF, %d mean of places (%d none); %d WOF-only districts; %d with population; %d bare names; %d WOF regions as ADMD",
		len(admin2), n2.names, n2.us, n2.wof, n2.mean, n2.none, n2.wofOnly, n2.pop, n2.bare, nADMD)
	log.Printf("places: %d kept (%d alternate names, %d names from WOF); WOF villages: %d GeoNames below minpop, %d GeoNames, %d WOF-only, %d merged into kept places, %d left out (blocked name; %d person words); neighbourhoods: %d/%d/%d/%d/%d",
		len(rows), nAlt, nExtra, nVillages.small, nVillages.gn, nVillages.wofOnly, nVillages.merged, nVillages.blocked, len(vf.person),
		nNbhd.small, nNbhd.gn, nNbhd.wofOnly, nNbhd.merged, nNbhd.blocked)
	log.Printf("curated features: %d; WOF rows skipped: %d (class S, ADM3, PCLI), %d bad ids", len(features), wof.skipped, wof.badID)
	if o.measure {
		return measure(o.out)
	}
	return nil
}

// variants keeps the Arabic-script names and the spelling variants of
// base among names.
func variants(names []string, base []string) []string {
	out := names[:0]
	for _, n := range names {
		if hasArabic(n) || variantOf(n, base) {
			out = append(out, n)
		}
	}
	return out
}

func describeSet(v, n map[string]bool) string {
	list := func(m map[string]bool) string {
		if len(m) == 0 {
			return "none"
		}
		s := slices.Sorted(maps.Keys(m))
		return strings.Join(s, " ")
	}
	return "places: " + list(v) + "; neighbourhoods: " + list(n)
}

func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func (a *agg) bigRow() *gazetteer.Row {
	if a == nil {
		return nil
	}
	return a.biggest
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
