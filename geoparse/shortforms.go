package geoparse

import (
	"strings"

	"github.com/evident-org/evident/gazetteer"
)

// Short forms of regions and countries that news writes without the
// dots the lexicon's region abbreviations have, or that the gazetteer
// does not index: "FrontCounter BC", "NSW police", "T&T", "L.A.". A
// mention whose text is exactly one of them (case and dots as written
// here) gets the entries of the full name as further candidates: the
// first-level division or country of that name in the given country.
// The usual scoring then chooses among them and the gazetteer's own
// senses of the text ("WA" is Washington or Western Australia, "BC"
// is not Nelson, B.C.), and "Pacific" is the ocean as well as the
// towns. Written from general knowledge of postal and news
// abbreviations.
var shortForms = map[string][]string{}

// regionDemonyms are adjectives of regions that are no countries
// ("English pianist", "Sicilian mafia", "Texan ranchers"): such a
// mention means the region, and only the region (the town of English,
// Indiana, is not meant). Countries' demonyms come from the gazetteer.
var regionDemonyms = map[string][]string{}

func init() {
	for _, f := range strings.Fields(`
		English=GB/England Scottish=GB/Scotland Welsh=GB/Wales
		Sicilian=IT/Sicily Sardinian=IT/Sardinia Tuscan=IT/Tuscany
		Bavarian=DE/Bavaria Catalan=ES/Catalonia Andalusian=ES/Andalusia
		Flemish=BE/Flanders Breton=FR/Brittany Corsican=FR/Corsica
		Texan=US/Texas Californian=US/California Floridian=US/Florida
		Quebecois=CA/Quebec Québécois=CA/Quebec Kashmiri=--/Kashmir
		Punjabi=IN/Punjab Punjabi=PK/Punjab`) {
		k, v, _ := strings.Cut(f, "=")
		regionDemonyms[k] = append(regionDemonyms[k], strings.ReplaceAll(v, "_", " "))
	}
}

func init() {
	for _, f := range strings.Fields(`
		AL=US/Alabama AK=US/Alaska AZ=US/Arizona AR=US/Arkansas CA=US/California
		CO=US/Colorado CT=US/Connecticut DE=US/Delaware FL=US/Florida GA=US/Georgia
		HI=US/Hawaii ID=US/Idaho IL=US/Illinois IN=US/Indiana IA=US/Iowa KS=US/Kansas
		KY=US/Kentucky LA=US/Louisiana ME=US/Maine MD=US/Maryland MA=US/Massachusetts
		MI=US/Michigan MN=US/Minnesota MS=US/Mississippi MO=US/Missouri MT=US/Montana
		NE=US/Nebraska NV=US/Nevada NH=US/New_Hampshire NJ=US/New_Jersey NM=US/New_Mexico
		NY=US/New_York NC=US/North_Carolina ND=US/North_Dakota OH=US/Ohio OK=US/Oklahoma
		OR=US/Oregon PA=US/Pennsylvania RI=US/Rhode_Island SC=US/South_Carolina
		SD=US/South_Dakota TN=US/Tennessee TX=US/Texas UT=US/Utah VT=US/Vermont
		VA=US/Virginia WA=US/Washington WV=US/West_Virginia WI=US/Wisconsin WY=US/Wyoming
		BC=CA/British_Columbia AB=CA/Alberta SK=CA/Saskatchewan MB=CA/Manitoba
		QC=CA/Quebec NB=CA/New_Brunswick NS=CA/Nova_Scotia PEI=CA/Prince_Edward_Island
		NL=CA/Newfoundland_and_Labrador
		NSW=AU/New_South_Wales ACT=AU/Australian_Capital_Territory QLD=AU/Queensland
		Qld=AU/Queensland WA=AU/Western_Australia TAS=AU/Tasmania
		T&T=TT/Trinidad_and_Tobago L.A.=US/Los_Angeles
		Pacific=--/Pacific_Ocean Arctic=--/Arctic_Ocean Caribbean=--/Caribbean_Sea`) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			continue
		}
		shortForms[k] = append(shortForms[k], strings.ReplaceAll(v, "_", " "))
	}
}

// shortFormCands appends to cands the entries that the short form text
// stands for, unless cands has them already. Los Angeles, the one city
// in the table, is the most populous populated place of its name in
// its country; "--" stands for no country (an ocean or sea); the
// others are first-level divisions or countries.
func (r Resolve) shortFormCands(text string, cands []gazetteer.Entry) []gazetteer.Entry {
	if targets := regionDemonyms[text]; len(targets) > 0 {
		if out := r.formTargets(targets, nil); len(out) > 0 {
			return out // the region only
		}
	}
	targets := shortForms[text]
	if len(targets) == 0 {
		return cands
	}
	return r.formTargets(targets, cands)
}

// formTargets appends to cands the entries of the "CC/Name" targets that
// cands lacks (see shortFormCands).
func (r Resolve) formTargets(targets []string, cands []gazetteer.Entry) []gazetteer.Entry {
	out := cands
	for _, t := range targets {
		cc, name, _ := strings.Cut(t, "/")
		if cc == "--" {
			cc = "" // a sea or ocean of no country
		}
		var best *gazetteer.Entry
		for _, e := range r.restrict(r.Gaz.Lookup(name)) {
			if e.CountryCode != cc || !nameMatches(e.Name, gazetteer.Normalize(name)) {
				continue
			}
			switch {
			case cc == "":
				if e.FeatureClass == "H" {
					best = &e
				}
			case e.FeatureCode == "ADM1" || e.IsCountry():
				if best == nil || best.FeatureClass == "P" {
					best = &e
				}
			case e.FeatureClass == "P" && (best == nil || best.FeatureClass == "P" && e.Population > best.Population):
				best = &e
			}
		}
		if best == nil || containsEntry(out, *best) {
			continue
		}
		if len(out) == len(cands) {
			out = append(make([]gazetteer.Entry, 0, len(cands)+len(targets)), cands...) // never the cache's slice
		}
		out = append(out, *best)
	}
	return out
}

func containsEntry(es []gazetteer.Entry, e gazetteer.Entry) bool {
	for i := range es {
		if es[i].GeonameID == e.GeonameID && es[i].Name == e.Name {
			return true
		}
	}
	return false
}
