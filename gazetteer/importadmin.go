package gazetteer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Country and first-level division entries of an import.
//
// GeoNames' cities dumps (cities500 and the like) have no country or
// division rows, and countryInfo.txt and admin1CodesASCII.txt give names
// and GeoNames ids but no points. So that every import can resolve
// "Iraq" or "Nineveh" to an entry carrying its GeoNames id, the importer
// adds, when the index is written, one PCLI entry for each country of the
// country table and one ADM1 entry for each code of the admin1 table
// (with a GeoNames id, kept by the filters) that no input row carries.
// Their point is, in order: the embedded default's entry with that
// GeoNames id (Natural Earth centroids for countries; Census, Who's On
// First or csc points for divisions), csc's point (countries.csv,
// states.csv, when given), the unweighted mean of the kept populated
// places of the country or division. A division with none of these gets
// no entry and keeps only its name.

// admKey is a country code and an admin1 code ("" for the country).
type admKey struct{ cc, a1 string }

type pointAcc struct {
	lat, lon float64
	n        int
}

// cscState is one row of csc's states.csv.
type cscState struct {
	name, native, iso2, fips string
	lat, lon                 float64
}

// adminState is what the importer gathers for the country and ADM1
// entries it adds.
type adminState struct {
	admin1IDs   map[string]AdminCode // admin1 code -> its row, with the geonameid
	seen        map[int64]bool       // geonameids of country and ADM1 rows read
	places      map[admKey]*pointAcc // kept populated places by country and admin1
	cscStates   map[string][]cscState
	cscPoint    map[string][2]float64 // csc countries.csv points
	cscDemonyms map[string][]string   // csc nationalities
	ownDemonyms map[string][]string   // those each country owns (addCSCDemonyms)
	added       [2]int                // country and ADM1 entries added
	noPoint     int                   // ADM1 codes without a point, left out
}

func newAdminState() *adminState {
	return &adminState{
		admin1IDs:   map[string]AdminCode{},
		seen:        map[int64]bool{},
		places:      map[admKey]*pointAcc{},
		cscStates:   map[string][]cscState{},
		cscPoint:    map[string][2]float64{},
		cscDemonyms: map[string][]string{},
	}
}

// isAdminTop reports whether a row is a country or a first-level
// division, the entries whose GeoNames ids the importer tracks.
func isAdminTop(class, code string) bool {
	return class == "A" && (code == "ADM1" || strings.HasPrefix(code, "PCL"))
}

// note records what a kept entry tells the admin synthesis: that its id
// exists, and the point of a populated place.
func (a *adminState) note(e *Entry) {
	if isAdminTop(e.FeatureClass, e.FeatureCode) && e.GeonameID != 0 {
		a.seen[e.GeonameID] = true
	}
	if e.FeatureClass != "P" || e.CountryCode == "" || (e.Lat == 0 && e.Lon == 0) {
		return
	}
	keys := [2]admKey{{e.CountryCode, ""}, {e.CountryCode, e.Admin1Code}}
	n := 2
	if e.Admin1Code == "" || e.Admin1Code == "00" {
		n = 1
	}
	for _, k := range keys[:n] {
		p := a.places[k]
		if p == nil {
			p = &pointAcc{}
			a.places[admKey{strings.Clone(k.cc), strings.Clone(k.a1)}] = p
		}
		p.lat += e.Lat
		p.lon += e.Lon
		p.n++
	}
}

func (a *adminState) mean(k admKey) (lat, lon float64, ok bool) {
	p := a.places[k]
	if p == nil || p.n == 0 {
		return 0, 0, false
	}
	return p.lat / float64(p.n), p.lon / float64(p.n), true
}

// wofCountryID maps the country rows of Who's On First packs that carry
// no GeoNames id (ids above 80,000,000: Thailand) to the country's
// GeoNames id from the embedded default's country table, so that the
// country entry carries it and merges with other rows of the country.
func wofCountryID(e *Entry) {
	if e.GeonameID < wofIDMin || e.FeatureClass != "A" || !strings.HasPrefix(e.FeatureCode, "PCL") {
		return
	}
	if d, err := Default(); err == nil {
		if c, ok := d.Country(e.CountryCode); ok && c.GeonameID != 0 {
			e.GeonameID = c.GeonameID
		}
	}
}

// wofIDMin is the smallest id of a Who's On First record that has no
// GeoNames id in the packs.
const wofIDMin = 80_000_000

// addAdminEntries adds the missing country and ADM1 entries (see above).
// It runs once, before the index is written.
func (im *Importer) addAdminEntries() {
	a := im.adm
	var def map[int64]Entry
	var defCountries map[string]CountryInfo
	if d, err := Default(); err == nil {
		def = map[int64]Entry{}
		for i := range d.Len() {
			if e := d.entryView(i); isAdminTop(e.FeatureClass, e.FeatureCode) && e.GeonameID != 0 {
				def[e.GeonameID] = d.Entry(i)
			}
		}
		defCountries = map[string]CountryInfo{}
		for _, c := range d.Countries() {
			defCountries[c.Code] = c
		}
	}
	a.addCSCDemonyms(im.ib)
	ccs := make([]string, 0, len(im.ib.countries))
	for cc := range im.ib.countries {
		ccs = append(ccs, cc)
	}
	slices.Sort(ccs)
	for _, cc := range ccs {
		c := im.ib.countries[cc]
		lat, lon, ok := 0.0, 0.0, false
		if e, found := def[c.GeonameID]; found && c.GeonameID != 0 && e.CountryCode == cc {
			lat, lon, ok = e.Lat, e.Lon, true
		} else if dc, found := defCountries[cc]; found && (dc.Lat != 0 || dc.Lon != 0) {
			lat, lon, ok = dc.Lat, dc.Lon, true
		} else if p, found := a.cscPoint[cc]; found {
			lat, lon, ok = p[0], p[1], true
		} else if c.Lat != 0 || c.Lon != 0 {
			lat, lon, ok = c.Lat, c.Lon, true
		} else {
			lat, lon, ok = a.mean(admKey{cc, ""})
		}
		if ok && c.Lat == 0 && c.Lon == 0 {
			c.Lat, c.Lon = lat, lon
		}
		if len(c.Demonyms) == 0 {
			c.Demonyms = a.ownDemonyms[cc]
		}
		if c.GeonameID == 0 || a.seen[c.GeonameID] || !ok || !im.keep("A", cc, 0) || c.Name == "" {
			continue
		}
		e := Entry{GeonameID: c.GeonameID, Name: c.Name, Lat: lat, Lon: lon, FeatureClass: "A", FeatureCode: "PCLI",
			CountryCode: cc, Population: c.Population}
		id := uint32(im.ib.addEntry(&e))
		for _, k := range appendKeys(nil, c.Name) {
			im.ib.addKey(id, k)
		}
		a.seen[c.GeonameID] = true
		a.added[0]++
	}
	codes := make([]string, 0, len(a.admin1IDs))
	for code := range a.admin1IDs {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		ac := a.admin1IDs[code]
		cc, a1, _ := strings.Cut(code, ".")
		if ac.GeonameID == 0 || a.seen[ac.GeonameID] || !im.keep("A", cc, 0) || !im.keepCode(code) {
			continue
		}
		names := []string{ac.Name, ac.ASCIIName}
		lat, lon, ok := 0.0, 0.0, false
		if e, found := def[ac.GeonameID]; found {
			lat, lon, ok = e.Lat, e.Lon, true
			names = append(names, e.Name)
		} else if s, found := a.matchState(cc, a1, ac); found {
			lat, lon, ok = s.lat, s.lon, true
		} else {
			lat, lon, ok = a.mean(admKey{cc, a1})
		}
		if !ok {
			a.noPoint++
			continue
		}
		e := Entry{GeonameID: ac.GeonameID, Name: ac.Name, Lat: lat, Lon: lon, FeatureClass: "A", FeatureCode: "ADM1",
			CountryCode: cc, Admin1Code: a1}
		id := uint32(im.ib.addEntry(&e))
		var keys []string
		for _, n := range names {
			keys = appendRowKeys(keys, 0, n)
		}
		for _, k := range keys {
			im.ib.addKey(id, k)
		}
		a.seen[ac.GeonameID] = true
		a.added[1]++
	}
	im.st.AddedCountries, im.st.AddedAdmin1, im.st.Admin1NoPoint = a.added[0], a.added[1], a.noPoint
}

// addCSCDemonyms indexes csc's nationalities. A demonym that several
// countries share ("American": the United States and its Minor Outlying
// Islands) goes to the most populous of them, and one that the inputs
// (the default) already give a country is left alone.
func (a *adminState) addCSCDemonyms(ib *indexBuilder) {
	owner := map[string]string{}
	pop := func(cc string) int64 {
		if c := ib.countries[cc]; c != nil {
			return c.Population
		}
		return -1
	}
	for _, cc := range slices.Sorted(maps.Keys(a.cscDemonyms)) {
		for _, d := range a.cscDemonyms[cc] {
			k := Normalize(d)
			if o, ok := owner[k]; !ok || pop(cc) > pop(o) {
				owner[k] = cc
			}
		}
	}
	a.ownDemonyms = map[string][]string{}
	for _, cc := range slices.Sorted(maps.Keys(a.cscDemonyms)) {
		for _, d := range a.cscDemonyms[cc] {
			k := Normalize(d)
			if owner[k] != cc {
				continue
			}
			if old, taken := ib.demonyms[k]; taken && old != cc {
				continue
			}
			ib.addDemonymKey(k, cc)
			a.ownDemonyms[cc] = append(a.ownDemonyms[cc], d)
		}
	}
}

// matchState finds the csc state of a GeoNames admin1 code: by name
// (GeoNames name or ASCII name against csc's name), else by code (csc's
// FIPS or ISO 3166-2 subdivision code equal to the GeoNames admin1 code,
// which is FIPS in most countries and ISO in some) when the state lies
// within 800 km of the mean of the division's kept places: codes of the
// two schemes collide.
func (a *adminState) matchState(cc, a1 string, ac AdminCode) (cscState, bool) {
	states := a.cscStates[cc]
	n1, n2 := Normalize(ac.Name), Normalize(ac.ASCIIName)
	for _, s := range states {
		if k := Normalize(s.name); k != "" && (k == n1 || k == n2) {
			return s, true
		}
	}
	mlat, mlon, ok := a.mean(admKey{cc, a1})
	if !ok {
		return cscState{}, false
	}
	for _, s := range states {
		if (s.fips != "" && s.fips == a1) || (s.iso2 != "" && s.iso2 == a1) {
			if distKm(s.lat, s.lon, mlat, mlon) <= 800 {
				return s, true
			}
		}
	}
	return cscState{}, false
}

func distKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// cscKind tells which csc (countries-states-cities database) table a
// CSV header is: "csc-countries", "csc-states", "csc-other" (regions.csv,
// subregions.csv: no points, nothing to import), or "".
func cscKind(header []string) string {
	has := map[string]bool{}
	for _, h := range header {
		has[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = true
	}
	switch {
	case has["iso2"] && has["nationality"] && has["latitude"]:
		return "csc-countries"
	case has["country_code"] && has["iso3166_2"] && has["latitude"]:
		return "csc-states"
	case has["wikiDataId"] && has["name"] && !has["latitude"]:
		return "csc-other"
	}
	return ""
}

// ErrNothingToImport is returned (wrapped) for an input that is
// recognised but holds nothing to import (csc regions.csv and
// subregions.csv, which have no points).
var ErrNothingToImport = errors.New("a csc table without coordinates (regions.csv, subregions.csv): nothing to import")

// AddCSC reads a table of the countries-states-cities database (ODbL 1.0):
// countries.csv gives country points (used where the embedded default has
// none), nationalities (demonyms) and, for countries read from
// countryInfo.txt, nothing else; states.csv gives points for the ADM1
// entries the importer adds (see addAdminEntries). Bad rows are counted
// with their line and skipped. regions.csv and subregions.csv have no
// points: AddCSC returns an error wrapping ErrNothingToImport, having read
// nothing.
func (im *Importer) AddCSC(name string, r io.Reader) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("csc table: reading the header: %w", err)
	}
	kind := cscKind(header)
	switch kind {
	case "":
		return fmt.Errorf("line 1: not a GeoNames dump or a csc table (unknown CSV header %q)", strings.Join(header, ","))
	case "csc-other":
		return ErrNothingToImport
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	im.st.Files++
	im.st.File = name
	im.sources = append(im.sources, "csc "+fileBase(name))
	im.csc = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				im.st.Rows++
				im.bad(name, pe.Line, fmt.Errorf("malformed csc row: %v", pe.Err))
				continue
			}
			return err
		}
		im.st.Rows++
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if len(rec) != len(header) {
			im.bad(name, line, fmt.Errorf("malformed csc row: want %d CSV fields, got %d", len(header), len(rec)))
			continue
		}
		if get("latitude") == "" && get("longitude") == "" {
			im.st.Filtered++ // no point: nothing to use
			continue
		}
		lat, err1 := strconv.ParseFloat(get("latitude"), 64)
		lon, err2 := strconv.ParseFloat(get("longitude"), 64)
		if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			im.bad(name, line, fmt.Errorf("malformed csc row: point %q,%q", get("latitude"), get("longitude")))
			continue
		}
		switch kind {
		case "csc-countries":
			cc := strings.ToUpper(get("iso2"))
			if cc == "" || (im.countries != nil && !im.countries[cc]) {
				im.st.Filtered++
				continue
			}
			im.adm.cscPoint[cc] = [2]float64{lat, lon}
			for _, d := range splitNationality(get("nationality")) {
				im.adm.cscDemonyms[cc] = append(im.adm.cscDemonyms[cc], d)
			}
		case "csc-states":
			cc := strings.ToUpper(get("country_code"))
			if cc == "" || (im.countries != nil && !im.countries[cc]) {
				im.st.Filtered++
				continue
			}
			iso := get("iso3166_2")
			if _, sub, ok := strings.Cut(iso, "-"); ok {
				iso = sub
			}
			im.adm.cscStates[cc] = append(im.adm.cscStates[cc], cscState{
				name: get("name"), native: get("native"), iso2: iso, fips: get("fips_code"), lat: lat, lon: lon})
		}
		im.st.Kept++
	}
	return nil
}

func fileBase(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// splitNationality splits csc's nationality column ("Azerbaijani, Azeri",
// "Antiguan or Barbudan") into demonyms, dropping codes ("UK", "BIOT"),
// and adds the plural of each ("Iraqi", "Iraqis"; not "Swiss",
// "Chinese", "British").
func splitNationality(s string) []string {
	var out []string
	for p := range strings.SplitSeq(strings.ReplaceAll(s, " or ", ","), ",") {
		p = strings.TrimSpace(p)
		if p == "" || p == strings.ToUpper(p) {
			continue
		}
		out = append(out, p)
		l := strings.ToLower(p)
		if !strings.HasSuffix(l, "s") && !strings.HasSuffix(l, "sh") && !strings.HasSuffix(l, "ch") &&
			!strings.HasSuffix(l, "ese") && !strings.HasSuffix(l, "x") && !strings.HasSuffix(l, "z") {
			out = append(out, p+"s")
		}
	}
	return out
}
