package main

import (
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/evident-org/evident/gazetteer"
)

// Country groups accepted by -wof-villages and -wof-nbhd, besides "all",
// "none" and plain ISO alpha-2 codes.
var countryGroups = map[string][]string{
	// Middle East and North Africa of the packs.
	"mideast": {"IQ", "SY", "YE", "LB", "JO", "PS", "IL", "SA", "EG", "LY"},
	"sahel":   {"ML", "BF", "NE", "TD", "MR"},
	"horn":    {"SO", "ET", "ER", "SD", "SS"},
	// Iraq and the Levant; the embedded default takes these and Ukraine
	// (see docs/gazetteer.md for the measurements behind the choice).
	"levant": {"IQ", "SY", "LB", "JO", "PS", "IL"},
	"core":   {"IQ", "SY", "YE", "LB", "JO", "PS", "IL", "SA", "EG", "LY", "AF", "UA"},
}

// countrySet parses a -wof-* flag value; available are the pack codes.
func countrySet(spec string, available []string) map[string]bool {
	out := map[string]bool{}
	for p := range strings.SplitSeq(spec, ",") {
		p = strings.TrimSpace(p)
		switch {
		case p == "" || p == "none":
		case p == "all":
			for _, cc := range available {
				out[cc] = true
			}
		case countryGroups[p] != nil:
			for _, cc := range countryGroups[p] {
				out[cc] = true
			}
		default:
			out[strings.ToUpper(p)] = true
		}
	}
	return out
}

// packs lists the country codes of the Who's On First packs in dir
// (CC.txt.gz), sorted.
func packs(dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		log.Printf("no Who's On First packs: %v", err)
		return nil
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if len(n) == len("CC.txt.gz") && strings.HasSuffix(n, ".txt.gz") {
			out = append(out, n[:2])
		}
	}
	slices.Sort(out)
	return out
}

// wofData is what the builder takes from the packs.
type wofData struct {
	adm1, adm2 map[string][]*gazetteer.Row // by country
	// extra holds the names of pack rows whose geonameid the default
	// already has as a kept populated place.
	extra map[int64][]string
	// villages and nbhd are populated places (PPL*) and neighbourhoods
	// (PPLX) that are not kept places, of the selected countries.
	villages, nbhd []*gazetteer.Row
	// person counts the words that follow person prefixes in the names
	// of every pack's places (see villageFilter).
	person         personCounter
	badID, skipped int
}

// readPacks streams the packs. kept are the geonameids of kept populated
// places; villageCC and nbhdCC select the countries whose new places and
// neighbourhoods are wanted.
func readPacks(dir string, ccs []string, kept map[int64]bool, villageCC, nbhdCC map[string]bool) (*wofData, error) {
	w := &wofData{adm1: map[string][]*gazetteer.Row{}, adm2: map[string][]*gazetteer.Row{}, extra: map[int64][]string{}, person: personCounter{}}
	for _, cc := range ccs {
		err := withFile(filepath.Join(dir, cc+".txt.gz"), func(r io.Reader) error {
			return gazetteer.ReadRows(r, func(row *gazetteer.Row) error {
				if row.GeonameID <= 0 { // "-99" in a few WOF records
					w.badID++
					return nil
				}
				if row.CountryCode == "" {
					row.CountryCode = cc
				}
				if row.FeatureClass == "P" {
					w.person.add(row.Name, row.ASCIIName)
				}
				switch {
				case row.FeatureCode == "ADM1":
					w.adm1[cc] = append(w.adm1[cc], slim(row))
				case row.FeatureCode == "ADM2":
					w.adm2[cc] = append(w.adm2[cc], slim(row))
				case row.FeatureClass != "P":
					// Countries come from countryInfo.txt; airports and
					// other spots (class S) are buildings, and their
					// alternate names in WOF include city and generic
					// names ("Air Base"). ADM3 is not used.
					w.skipped++
				case kept[row.GeonameID]:
					w.extra[row.GeonameID] = append(w.extra[row.GeonameID], row.Name, row.ASCIIName)
					w.extra[row.GeonameID] = append(w.extra[row.GeonameID], row.AlternateNames...)
				case row.FeatureCode == "PPLX":
					if nbhdCC[cc] {
						w.nbhd = append(w.nbhd, slim(row))
					}
				default:
					if villageCC[cc] {
						w.villages = append(w.villages, slim(row))
					}
				}
				return nil
			})
		})
		if err != nil {
			return nil, err
		}
	}
	return w, nil
}

// slim returns a copy of a pack row with the columns the builder does
// not use dropped and its preferred name in Latin or Arabic script.
func slim(r *gazetteer.Row) *gazetteer.Row {
	c := &gazetteer.Row{GeonameID: r.GeonameID, Name: r.Name, ASCIIName: r.ASCIIName, Lat: r.Lat, Lon: r.Lon,
		FeatureClass: r.FeatureClass, FeatureCode: r.FeatureCode, CountryCode: r.CountryCode,
		Admin1Code: r.Admin1Code, Admin2Code: r.Admin2Code, Population: r.Population}
	if !latinOrArabic(c.Name) && c.ASCIIName != "" {
		c.Name = c.ASCIIName
	}
	c.AlternateNames = gazetteer.FilterAlternates(append([]string{r.Name}, r.AlternateNames...))
	return c
}

// latinOrArabic reports whether a name's letters are all Latin or all
// Arabic script.
func latinOrArabic(s string) bool {
	latin, arabic, other := 0, 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.IsLetter(r):
			other++
		}
	}
	return other == 0 && (latin > 0) != (arabic > 0)
}
