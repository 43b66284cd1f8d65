// Package gazetteer reads GeoNames-format data, holds a compact name
// index over it and embeds a default gazetteer so that Evident geoparses
// offline. See docs/gazetteer.md for what the default contains, how it is
// built and the attribution its sources require (GeoNames, CC BY 4.0;
// countries-states-cities database, ODbL 1.0).
package gazetteer

import (
	"cmp"
	"slices"
	"strings"

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
type Gazetteer struct {
	entries   []Entry
	keys      []string // sorted, unique
	postStart []int32  // postings of keys[i] are post[postStart[i]:postStart[i+1]]
	post      []int32
	countries map[string]*CountryInfo
	admin1    map[string]string // "IQ.15" -> "Nineveh"
	admin2    map[string]string // "IQ.15.1234" -> name
	demonyms  map[string]string // normalised word -> country code
}

// Len returns the number of entries.
func (g *Gazetteer) Len() int { return len(g.entries) }

// NumKeys returns the number of distinct lookup keys.
func (g *Gazetteer) NumKeys() int { return len(g.keys) }

// Lookup returns the candidates for a name: the entries that have the
// name's normalised form as a name or alternate name, plus, when the
// name starts with an Arabic article ("al-", "el "), those matching the
// name without it. Results are in gazetteer order, without duplicates.
// The returned entries are copies.
func (g *Gazetteer) Lookup(name string) []Entry {
	k := Normalize(name)
	if k == "" {
		return nil
	}
	ids := g.postings(k)
	if s, ok := StripArticle(k); ok {
		if more := g.postings(s); len(more) > 0 {
			ids = append(slices.Clip(ids), more...)
			slices.Sort(ids)
			ids = slices.Compact(ids)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	out := make([]Entry, len(ids))
	for i, id := range ids {
		out[i] = g.entries[id]
	}
	return out
}

// LookupKey returns the entries indexed under an already normalised key,
// without article stripping. The returned entries are copies.
func (g *Gazetteer) LookupKey(key string) []Entry {
	ids := g.postings(key)
	if len(ids) == 0 {
		return nil
	}
	out := make([]Entry, len(ids))
	for i, id := range ids {
		out[i] = g.entries[id]
	}
	return out
}

// Has reports whether a normalised key has any entry. It is cheaper than
// Lookup and does not strip articles.
func (g *Gazetteer) Has(key string) bool {
	_, ok := slices.BinarySearch(g.keys, key)
	return ok
}

// HasPrefix reports whether some key starts with the normalised prefix.
// Matchers use it to stop extending an n-gram early.
func (g *Gazetteer) HasPrefix(prefix string) bool {
	i, _ := slices.BinarySearch(g.keys, prefix)
	return i < len(g.keys) && strings.HasPrefix(g.keys[i], prefix)
}

func (g *Gazetteer) postings(key string) []int32 {
	i, ok := slices.BinarySearch(g.keys, key)
	if !ok {
		return nil
	}
	return g.post[g.postStart[i]:g.postStart[i+1]]
}

// Country returns the country with ISO alpha-2 code cc (case-insensitive).
func (g *Gazetteer) Country(cc string) (CountryInfo, bool) {
	c, ok := g.countries[strings.ToUpper(cc)]
	if !ok {
		return CountryInfo{}, false
	}
	return *c, true
}

// Countries returns all countries ordered by code.
func (g *Gazetteer) Countries() []CountryInfo {
	out := make([]CountryInfo, 0, len(g.countries))
	for _, c := range g.countries {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b CountryInfo) int { return cmp.Compare(a.Code, b.Code) })
	return out
}

// Admin1Name returns the name of first-level division a1 of country cc.
func (g *Gazetteer) Admin1Name(cc, a1 string) string {
	if cc == "" || a1 == "" {
		return ""
	}
	return g.admin1[cc+"."+a1]
}

// Admin2Name returns the name of second-level division a2 of a1 in cc.
func (g *Gazetteer) Admin2Name(cc, a1, a2 string) string {
	if cc == "" || a1 == "" || a2 == "" {
		return ""
	}
	return g.admin2[cc+"."+a1+"."+a2]
}

// Demonym returns the country of a demonym ("Iraqi", "Iraqis",
// "Syrian"); word is normalised first.
func (g *Gazetteer) Demonym(word string) (cc string, ok bool) {
	cc, ok = g.demonyms[Normalize(word)]
	return cc, ok
}

// CountryEntry returns the country-level entry of cc (the one carrying
// its representative point and geonameid), if the gazetteer has one.
func (g *Gazetteer) CountryEntry(cc string) (Entry, bool) {
	c, ok := g.countries[strings.ToUpper(cc)]
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
	entries   []Entry
	index     map[string][]int32
	countries map[string]*CountryInfo
	admin1    map[string]string
	admin2    map[string]string
	demonyms  map[string]string
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder {
	return &Builder{
		index:     map[string][]int32{},
		countries: map[string]*CountryInfo{},
		admin1:    map[string]string{},
		admin2:    map[string]string{},
		demonyms:  map[string]string{},
	}
}

// Add adds an entry indexed under its Name and the given alternate names,
// and returns its index.
func (b *Builder) Add(e Entry, altNames ...string) int {
	id := len(b.entries)
	b.entries = append(b.entries, e)
	b.AddNames(id, e.Name)
	b.AddNames(id, altNames...)
	return id
}

// AddNames indexes entry id under more names.
func (b *Builder) AddNames(id int, names ...string) {
	for _, n := range names {
		for _, k := range Keys(n) {
			b.AddKey(id, k)
		}
	}
}

// AddKey indexes entry id under an already normalised key.
func (b *Builder) AddKey(id int, key string) {
	p := b.index[key]
	if len(p) > 0 && p[len(p)-1] == int32(id) {
		return
	}
	b.index[key] = append(p, int32(id))
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
	c.Demonyms = slices.Clone(c.Demonyms)
	b.countries[c.Code] = &c
	for _, d := range c.Demonyms {
		b.AddDemonym(d, c.Code)
	}
}

// SetAdmin1 records the name of a first-level division; code is the
// GeoNames form "CC.A1".
func (b *Builder) SetAdmin1(code, name string) { b.admin1[code] = name }

// SetAdmin2 records the name of a second-level division ("CC.A1.A2").
func (b *Builder) SetAdmin2(code, name string) { b.admin2[code] = name }

// AddDemonym maps a demonym to a country; the first mapping of a word wins.
func (b *Builder) AddDemonym(word, cc string) {
	k := Normalize(word)
	if k == "" {
		return
	}
	if _, dup := b.demonyms[k]; !dup {
		b.demonyms[k] = cc
	}
}

// Build returns the gazetteer. The builder must not be used afterwards.
func (b *Builder) Build() *Gazetteer {
	g := &Gazetteer{
		entries: b.entries, countries: b.countries,
		admin1: b.admin1, admin2: b.admin2, demonyms: b.demonyms,
	}
	g.keys = make([]string, 0, len(b.index))
	for k := range b.index {
		g.keys = append(g.keys, k)
	}
	slices.Sort(g.keys)
	g.postStart = make([]int32, 0, len(g.keys)+1)
	for _, k := range g.keys {
		g.postStart = append(g.postStart, int32(len(g.post)))
		g.post = append(g.post, b.index[k]...)
	}
	g.postStart = append(g.postStart, int32(len(g.post)))
	g.fillNames()
	return g
}

func (g *Gazetteer) fillNames() {
	for i := range g.entries {
		e := &g.entries[i]
		if c, ok := g.countries[e.CountryCode]; ok {
			e.Country = c.Name
		}
		e.Admin1 = g.Admin1Name(e.CountryCode, e.Admin1Code)
		e.Admin2 = g.Admin2Name(e.CountryCode, e.Admin1Code, e.Admin2Code)
	}
}
