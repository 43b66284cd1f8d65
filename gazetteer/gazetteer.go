// Package gazetteer reads GeoNames-format data, holds a compact name
// index over it and embeds a default gazetteer so that Evident geoparses
// offline. See docs/gazetteer.md for what the default contains, how it is
// built and the attribution its sources require (GeoNames, CC BY 4.0;
// countries-states-cities database, ODbL 1.0).
package gazetteer

import (
	"math"
	"slices"
	"strings"
	"unsafe"

	evident "github.com/evident-org/evident"
)

// Entry is one place of the gazetteer.
type Entry struct {
	// GeonameID is the GeoNames id; 0 for curated entries without one.
	GeonameID    int64
	Name         string // preferred name
	Lat, Lon     float64
	FeatureClass string // A, P, H, L, ...
	FeatureCode  string // PCLI, ADM1, PPLC, STM, SEA, ...
	CountryCode  string // ISO alpha-2; "" for international features (seas, rivers)
	Admin1Code   string // GeoNames admin1 code within the country ("15")
	Admin2Code   string
	Population   int64

	// Country, Admin1 and Admin2 are names, filled by the Gazetteer.
	Country string
	Admin1  string
	Admin2  string
}

// Place converts the entry to the vocabulary type.
func (e *Entry) Place() *evident.Place {
	return &evident.Place{
		GeonameID: e.GeonameID, Name: e.Name, Lat: e.Lat, Lon: e.Lon,
		FeatureClass: e.FeatureClass, FeatureCode: e.FeatureCode,
		CountryCode: e.CountryCode, Country: e.Country, Admin1: e.Admin1, Admin2: e.Admin2,
		Population: e.Population,
	}
}

// IsCountry reports whether the entry is a country-level feature (PCL*).
func (e *Entry) IsCountry() bool {
	return e.FeatureClass == "A" && strings.HasPrefix(e.FeatureCode, "PCL")
}

// CountryInfo describes a country.
type CountryInfo struct {
	Code       string // ISO 3166-1 alpha-2
	ISO3       string
	ISONumeric int
	GeonameID  int64
	Name       string
	// Lat and Lon are a representative point inside the country (not the
	// capital's coordinates).
	Lat, Lon   float64
	Population int64
	Continent  string // GeoNames continent code: AF, AS, EU, NA, OC, SA, AN
	// Demonyms are the adjectives and people names for the country
	// ("Iraqi", "Iraqis").
	Demonyms []string
}

// Gazetteer is an immutable name index over places, countries, admin
// area names and demonyms. It is safe for concurrent use.
//
// Every Gazetteer works on one binary index image (see index.go): built
// in memory by Builder and ReadCompact, embedded for Default, or
// memory-mapped by OpenIndex. Lookups read the image in place.
type Gazetteer struct {
	data    []byte // the whole image
	mapping []byte // the mapped file when OpenIndex mapped it (for Close)
	clone   bool   // strings are copied out of the image (it is mapped)

	nEnt, nKeys, nCountries int
	bshift                  uint32 // 8 when the buckets are on one byte
	// countryList decodes the country table once, on first use.
	countryList func() []CountryInfo
	// demonymMap indexes the demonym table once, on first use (nil when
	// the table is not sorted: DemonymKey then searches it as it is).
	demonymMap func() map[string]string
	// keySamples samples the keys once, on first search (see search).
	keySamples func() keySamples
	// keyFilter rules out most probes of non-keys once, on first use.
	keyFilter func() *keyFilter
	// probes counts Probe and Has calls until filterOn (atomic).
	probes, filterOn uint32

	meta, heap, ents, countries, strList []byte
	admin1, admin2, demonyms             []byte
	post, keyHeap, keyTab, buckets       []byte
	sums                                 [numSections + 1]uint32
}

// Len returns the number of entries.
func (g *Gazetteer) Len() int { return g.nEnt }

// NumKeys returns the number of distinct lookup keys.
func (g *Gazetteer) NumKeys() int { return g.nKeys }

// Lookup returns the candidates for a name: the entries that have the
// name's normalised form as a name or alternate name, plus, when the
// name starts with an Arabic article ("al-", "el "), those matching the
// name without it. Results are in gazetteer order, without duplicates.
// The returned entries are copies.
func (g *Gazetteer) Lookup(name string) []Entry {
	return g.LookupNormalized(Normalize(name))
}

// LookupNormalized is Lookup for a name already normalised (Normalize):
// Lookup(name) is LookupNormalized(Normalize(name)). Callers that have
// the key spare the second normalisation.
func (g *Gazetteer) LookupNormalized(k string) []Entry {
	if k == "" {
		return nil
	}
	a := g.postings(k)
	var b []byte
	if s, ok := StripArticle(k); ok {
		b = g.postings(s)
	}
	return g.entries(a, b)
}

// LookupKey returns the entries indexed under an already normalised key,
// without article stripping. The returned entries are copies.
func (g *Gazetteer) LookupKey(key string) []Entry {
	return g.entries(g.postings(key), nil)
}

// Has reports whether a normalised key has any entry. It is cheaper than
// Lookup and does not strip articles.
func (g *Gazetteer) Has(key string) bool {
	if g.ruledOut(key) {
		return false
	}
	_, _, ok := g.search(key, false)
	return ok
}

// HasPrefix reports whether some key starts with the normalised prefix.
// Matchers use it to stop extending an n-gram early.
func (g *Gazetteer) HasPrefix(prefix string) bool {
	i, end, _ := g.search(prefix, true)
	return i < end && strings.HasPrefix(g.key(i), prefix)
}

// Probe reports, with one search, whether key is a key (Has) and whether
// a longer key continues it with a space (HasPrefix(key+" ")): what a
// matcher extending an n-gram word by word asks.
func (g *Gazetteer) Probe(key string) (has, longer bool) {
	if g.ruledOut(key) {
		return false, false
	}
	if len(key) < 2 {
		return g.Has(key), g.HasPrefix(key + " ")
	}
	i, end, ok := g.search(key, false)
	if ok {
		i++
	}
	if i < end {
		k := g.key(i)
		longer = len(k) > len(key) && k[len(key)] == ' ' && strings.HasPrefix(k, key)
	}
	return ok, longer
}

// postings returns the raw postings of key, or nil.
func (g *Gazetteer) postings(key string) []byte {
	i, _, ok := g.search(key, false)
	if !ok {
		return nil
	}
	return g.postingsOf(i)
}

// entries decodes the union of two ascending posting lists.
func (g *Gazetteer) entries(a, b []byte) []Entry {
	if len(a)+len(b) == 0 {
		return nil
	}
	out := make([]Entry, 0, (len(a)+len(b))/4)
	last := int64(-1)
	for len(a) > 0 || len(b) > 0 {
		var id uint32
		switch {
		case len(b) == 0 || len(a) > 0 && u32(a, 0) <= u32(b, 0):
			id, a = u32(a, 0), a[4:]
		default:
			id, b = u32(b, 0), b[4:]
		}
		if int64(id) <= last || int(id) >= g.nEnt {
			continue // duplicate, or corrupt
		}
		last = int64(id)
		out = append(out, g.entryView(int(id)))
	}
	if g.clone {
		ownStrings(out)
	}
	return out
}

// entryView decodes entry i, which must be in range; its strings alias
// the image.
func (g *Gazetteer) entryView(i int) Entry {
	r := g.ents[i*entrySize : (i+1)*entrySize]
	return Entry{
		GeonameID:    int64(u64(r, eGeonameID)),
		Population:   int64(u64(r, ePopulation)),
		Lat:          math.Float64frombits(u64(r, eLat)),
		Lon:          math.Float64frombits(u64(r, eLon)),
		Name:         g.strView(u32(r, eName)),
		FeatureClass: g.strView(u32(r, eClass)),
		FeatureCode:  g.strView(u32(r, eCode)),
		CountryCode:  g.strView(u32(r, eCC)),
		Admin1Code:   g.strView(u32(r, eAdmin1Code)),
		Admin2Code:   g.strView(u32(r, eAdmin2Code)),
		Country:      g.strView(u32(r, eCountryName)),
		Admin1:       g.strView(u32(r, eAdmin1Name)),
		Admin2:       g.strView(u32(r, eAdmin2Name)),
	}
}

// entry decodes entry i, which must be in range.
func (g *Gazetteer) entry(i int) Entry {
	e := g.entryView(i)
	if g.clone {
		ownStrings(unsafe.Slice(&e, 1))
	}
	return e
}

// ownStrings copies the strings of entries that alias a mapped image
// into one allocation.
func ownStrings(es []Entry) {
	n := 0
	for i := range es {
		e := &es[i]
		n += len(e.Name) + len(e.FeatureClass) + len(e.FeatureCode) + len(e.CountryCode) + len(e.Admin1Code) +
			len(e.Admin2Code) + len(e.Country) + len(e.Admin1) + len(e.Admin2)
	}
	buf := make([]byte, 0, n)
	own := func(s *string) {
		if len(*s) > 0 {
			start := len(buf)
			buf = append(buf, *s...)
			*s = unsafe.String(&buf[start], len(*s))
		}
	}
	for i := range es {
		e := &es[i]
		own(&e.Name)
		own(&e.FeatureClass)
		own(&e.FeatureCode)
		own(&e.CountryCode)
		own(&e.Admin1Code)
		own(&e.Admin2Code)
		own(&e.Country)
		own(&e.Admin1)
		own(&e.Admin2)
	}
}

// Entry returns entry i (0 ≤ i < Len) in gazetteer order.
func (g *Gazetteer) Entry(i int) Entry {
	if i < 0 || i >= g.nEnt {
		return Entry{}
	}
	return g.entry(i)
}

// Country returns the country with ISO alpha-2 code cc (case-insensitive).
func (g *Gazetteer) Country(cc string) (CountryInfo, bool) {
	i, ok := g.findCountry(strings.ToUpper(cc))
	if !ok {
		return CountryInfo{}, false
	}
	if g.countryList != nil {
		return g.countryList()[i], true
	}
	return g.country(i), true
}

func (g *Gazetteer) findCountry(cc string) (int, bool) {
	lo, hi := 0, g.nCountries
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if g.strView(u32(g.countries, m*countrySize+cCode)) < cc {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < g.nCountries && g.strView(u32(g.countries, lo*countrySize+cCode)) == cc
}

func (g *Gazetteer) country(i int) CountryInfo {
	r := g.countries[i*countrySize : (i+1)*countrySize]
	c := CountryInfo{
		Code:       g.str(u32(r, cCode)),
		ISO3:       g.str(u32(r, cISO3)),
		Name:       g.str(u32(r, cName)),
		Continent:  g.str(u32(r, cContinent)),
		ISONumeric: int(int32(u32(r, cISONumeric))),
		GeonameID:  int64(u64(r, cGeonameID)),
		Population: int64(u64(r, cPopulation)),
		Lat:        math.Float64frombits(u64(r, cLat)),
		Lon:        math.Float64frombits(u64(r, cLon)),
	}
	start, n := uint64(u32(r, cDemStart)), uint64(u32(r, cDemCount))
	if n > 0 && start+n <= uint64(len(g.strList)/4) {
		c.Demonyms = make([]string, n)
		for j := range c.Demonyms {
			c.Demonyms[j] = g.str(u32(g.strList, int(start)*4+j*4))
		}
	}
	return c
}

// Countries returns all countries ordered by code.
func (g *Gazetteer) Countries() []CountryInfo {
	if g.countryList != nil {
		return slices.Clone(g.countryList())
	}
	return g.decodeCountries()
}

func (g *Gazetteer) decodeCountries() []CountryInfo {
	out := make([]CountryInfo, g.nCountries)
	for i := range out {
		out[i] = g.country(i)
	}
	return out
}

// Admin1Name returns the name of first-level division a1 of country cc.
func (g *Gazetteer) Admin1Name(cc, a1 string) string {
	if cc == "" || a1 == "" {
		return ""
	}
	return g.findName(g.admin1, cc, a1, "")
}

// Admin2Name returns the name of second-level division a2 of a1 in cc.
func (g *Gazetteer) Admin2Name(cc, a1, a2 string) string {
	if cc == "" || a1 == "" || a2 == "" {
		return ""
	}
	return g.findName(g.admin2, cc, a1, a2)
}

// findName looks up the code cc.a1 (or cc.a1.a2 when a2 != "") in an
// admin name table without building the code.
func (g *Gazetteer) findName(t []byte, cc, a1, a2 string) string {
	cmpCode := func(s string) int {
		if a2 == "" {
			return cmpConcat(s, cc, ".", a1, "", "")
		}
		return cmpConcat(s, cc, ".", a1, ".", a2)
	}
	lo, hi := 0, len(t)/pairSize
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if cmpCode(g.strView(u32(t, m*pairSize))) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(t)/pairSize && cmpCode(g.strView(u32(t, lo*pairSize))) == 0 {
		return g.str(u32(t, lo*pairSize+4))
	}
	return ""
}

// cmpConcat compares s with the concatenation of the parts.
func cmpConcat(s string, parts ...string) int {
	for _, p := range parts {
		n := min(len(s), len(p))
		if c := strings.Compare(s[:n], p[:n]); c != 0 {
			return c
		}
		if n < len(p) {
			return -1
		}
		s = s[n:]
	}
	if len(s) > 0 {
		return 1
	}
	return 0
}

// Demonym returns the country of a demonym ("Iraqi", "Iraqis",
// "Syrian"); word is normalised first.
func (g *Gazetteer) Demonym(word string) (cc string, ok bool) {
	return g.DemonymKey(Normalize(word))
}

// DemonymKey is Demonym for a word already normalised (Normalize):
// Demonym(word) is DemonymKey(Normalize(word)).
func (g *Gazetteer) DemonymKey(k string) (cc string, ok bool) {
	if g.demonymMap != nil {
		if m := g.demonymMap(); m != nil {
			cc, ok = m[k]
			return cc, ok
		}
	}
	t := g.demonyms
	lo, hi := 0, len(t)/pairSize
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if g.strView(u32(t, m*pairSize)) < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(t)/pairSize && g.strView(u32(t, lo*pairSize)) == k {
		return g.str(u32(t, lo*pairSize+4)), true
	}
	return "", false
}

// decodeDemonyms returns the demonym table as a map from key to country
// code, or nil when its keys are not strictly ascending (a corrupt index),
// where only the binary search of DemonymKey gives the answers it always
// gave. Matchers ask about every capitalised word: a map read beats the
// binary search.
func (g *Gazetteer) decodeDemonyms() map[string]string {
	t := g.demonyms
	m := make(map[string]string, len(t)/pairSize)
	prev := ""
	for i := 0; i+pairSize <= len(t); i += pairSize {
		k := g.strView(u32(t, i))
		if i > 0 && k <= prev {
			return nil
		}
		prev = k
		m[g.str(u32(t, i))] = g.str(u32(t, i+4))
	}
	return m
}

// CountryEntry returns the country-level entry of cc (the one carrying
// its representative point and geonameid), if the gazetteer has one.
func (g *Gazetteer) CountryEntry(cc string) (Entry, bool) {
	c, ok := g.Country(cc)
	if !ok {
		return Entry{}, false
	}
	for _, e := range g.Lookup(c.Name) {
		if e.IsCountry() && e.CountryCode == c.Code {
			return e, true
		}
	}
	return Entry{
		GeonameID: c.GeonameID, Name: c.Name, Lat: c.Lat, Lon: c.Lon,
		FeatureClass: "A", FeatureCode: "PCLI", CountryCode: c.Code,
		Population: c.Population, Country: c.Name,
	}, true
}

// Builder assembles a Gazetteer in memory, from GeoNames rows or by hand.
// The zero value is not usable; call NewBuilder.
type Builder struct {
	ib *indexBuilder
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder { return &Builder{ib: newIndexBuilder()} }

// Add adds an entry indexed under its Name and the given alternate names,
// and returns its index. The Country, Admin1 and Admin2 names of e are
// ignored: the gazetteer fills them from its country and admin tables.
func (b *Builder) Add(e Entry, altNames ...string) int {
	id := b.ib.addEntry(&e)
	b.AddNames(id, e.Name)
	b.AddNames(id, altNames...)
	return id
}

// AddNames indexes entry id under more names.
func (b *Builder) AddNames(id int, names ...string) {
	var buf [2]string
	for _, n := range names {
		for _, k := range appendKeys(buf[:0], n) {
			b.AddKey(id, k)
		}
	}
}

// AddKey indexes entry id under an already normalised key. Ids that were
// not returned by Add are ignored.
func (b *Builder) AddKey(id int, key string) {
	if id < 0 || id >= b.ib.n {
		return
	}
	b.ib.addKey(uint32(id), key)
}

// AddRow adds a GeoNames row indexed under its name, ASCII name and
// alternate names.
func (b *Builder) AddRow(r *Row) int {
	id := b.Add(r.Entry(), r.ASCIIName)
	b.AddNames(id, r.AlternateNames...)
	return id
}

// SetCountry records a country. Its demonyms are registered unless
// another country already claimed them.
func (b *Builder) SetCountry(c CountryInfo) {
	b.ib.setCountry(c)
	for _, d := range c.Demonyms {
		b.AddDemonym(d, c.Code)
	}
}

// SetAdmin1 records the name of a first-level division; code is the
// GeoNames form "CC.A1".
func (b *Builder) SetAdmin1(code, name string) { b.ib.admin1[code] = name }

// SetAdmin2 records the name of a second-level division ("CC.A1.A2").
func (b *Builder) SetAdmin2(code, name string) { b.ib.admin2[code] = name }

// AddDemonym maps a demonym to a country; the first mapping of a word wins.
func (b *Builder) AddDemonym(word, cc string) {
	b.ib.addDemonymKey(Normalize(word), cc)
}

// Build returns the gazetteer. The builder must not be used afterwards.
// It panics if the index would exceed the format's limits (4 GiB of
// strings or of keys, 2^31 entries), far beyond what fits in memory.
func (b *Builder) Build() *Gazetteer {
	g, err := b.ib.buildImage()
	if err != nil {
		panic(err)
	}
	b.ib = nil
	return g
}
