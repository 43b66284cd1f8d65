package geoparse

import (
	"strings"
	"testing"

	"github.com/evident-org/evident/gazetteer"
)

// localGaz is a small hand-built gazetteer of American namesakes (three
// Alexandrias, four Athenses, two Newarks ...), their states and a few
// foreign places of the same names, for the tests of the local-news
// rules (region vote, outlet home, containment, state readings). Ids
// are made up; coordinates are approximate.
func localGaz(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	b := gazetteer.NewBuilder()
	for _, c := range []gazetteer.CountryInfo{
		{Code: "US", Name: "United States", Demonyms: []string{"American"}},
		{Code: "GR", Name: "Greece", Demonyms: []string{"Greek"}},
		{Code: "FR", Name: "France", Demonyms: []string{"French"}},
		{Code: "GE", Name: "Georgia", Demonyms: []string{"Georgian"}},
		{Code: "JO", Name: "Jordan", Demonyms: []string{"Jordanian"}},
		{Code: "EG", Name: "Egypt", Demonyms: []string{"Egyptian"}},
		{Code: "IE", Name: "Ireland", Demonyms: []string{"Irish"}},
		{Code: "GB", Name: "United Kingdom", Demonyms: []string{"British"}},
	} {
		b.SetCountry(c)
	}
	states := map[string]string{
		"MN": "Minnesota", "LA": "Louisiana", "VA": "Virginia", "TX": "Texas", "GA": "Georgia",
		"TN": "Tennessee", "WA": "Washington", "NY": "New York", "OH": "Ohio", "NJ": "New Jersey",
		"KY": "Kentucky", "FL": "Florida", "OR": "Oregon", "IL": "Illinois", "DC": "Washington, D.C.",
	}
	for code, name := range states {
		b.SetAdmin1("US."+code, name)
	}
	add := func(id int64, name, code, cc, a1 string, pop int64, lat, lon float64, alts ...string) {
		class := "P"
		if strings.HasPrefix(code, "ADM") || strings.HasPrefix(code, "PCL") {
			class = "A"
		}
		b.Add(gazetteer.Entry{GeonameID: id, Name: name, FeatureClass: class, FeatureCode: code,
			CountryCode: cc, Admin1Code: a1, Population: pop, Lat: lat, Lon: lon}, alts...)
	}
	// Countries.
	add(1, "United States", "PCLI", "US", "", 327000000, 39.8, -98.5)
	add(2, "Greece", "PCLI", "GR", "", 10700000, 39, 22)
	add(3, "France", "PCLI", "FR", "", 67000000, 46, 2)
	add(4, "Georgia", "PCLI", "GE", "", 3700000, 42, 43.5)
	add(5, "Jordan", "PCLI", "JO", "", 10000000, 31, 36)
	add(6, "Ireland", "PCLI", "IE", "", 4900000, 53, -8)
	// States.
	add(10, "Minnesota", "ADM1", "US", "MN", 0, 46.25, -94.25)
	add(11, "Louisiana", "ADM1", "US", "LA", 0, 31, -92)
	add(12, "Virginia", "ADM1", "US", "VA", 0, 37.5, -78.5)
	add(13, "Texas", "ADM1", "US", "TX", 0, 31.25, -99.25)
	add(14, "Georgia", "ADM1", "US", "GA", 0, 32.75, -83.5)
	add(15, "Tennessee", "ADM1", "US", "TN", 0, 35.75, -86.25)
	add(16, "Washington", "ADM1", "US", "WA", 0, 47.5, -120.5)
	add(17, "New York", "ADM1", "US", "NY", 0, 43, -75.5)
	add(18, "Ohio", "ADM1", "US", "OH", 0, 40.25, -82.75)
	add(19, "New Jersey", "ADM1", "US", "NJ", 0, 40.17, -74.5)
	add(20, "Kentucky", "ADM1", "US", "KY", 0, 38.2, -84.9, "Ky.")
	add(21, "Florida", "ADM1", "US", "FL", 0, 28.75, -82.5)
	add(22, "Oregon", "ADM1", "US", "OR", 0, 44, -120.5)
	add(23, "Illinois", "ADM1", "US", "IL", 0, 40, -89.25)
	// Alexandria: Louisiana, Virginia, Minnesota, Egypt.
	add(100, "Alexandria", "PPLA2", "US", "LA", 47000, 31.31, -92.45)
	add(101, "Alexandria", "PPLA2", "US", "VA", 150000, 38.80, -77.05)
	add(102, "Alexandria", "PPLA2", "US", "MN", 13000, 45.88, -95.38)
	add(103, "Alexandria", "PPLA", "EG", "06", 4500000, 31.2, 29.9)
	add(104, "Otter Tail County", "ADM2", "US", "MN", 0, 46.4, -95.7)
	add(105, "Wadena", "PPLA2", "US", "MN", 4000, 46.44, -95.14)
	add(106, "Fergus Falls", "PPLA2", "US", "MN", 13000, 46.28, -96.08)
	// Athens: Greece, Georgia, Texas, Tennessee, Ohio.
	add(110, "Athens", "PPLC", "GR", "ESYE31", 660000, 37.98, 23.73)
	add(111, "Athens", "PPLA2", "US", "GA", 120000, 33.96, -83.38)
	add(112, "Athens", "PPLA2", "US", "TX", 12000, 32.20, -95.85)
	add(113, "Athens", "PPLA2", "US", "TN", 14000, 35.44, -84.59)
	add(114, "Athens", "PPLA2", "US", "OH", 24000, 39.33, -82.10)
	add(115, "Henderson County", "ADM2", "US", "TX", 0, 32.2, -95.85)
	add(116, "Tyler", "PPLA2", "US", "TX", 100000, 32.35, -95.30)
	// Washington: the capital, a Georgia town; a made-up Georgia
	// village known by an old alternate name, "Paris".
	add(120, "Washington", "PPLC", "US", "DC", 690000, 38.9, -77.04)
	add(121, "Washington", "PPLA2", "US", "GA", 4000, 33.74, -82.74)
	add(122, "Hillcrest", "PPL", "US", "GA", 2000, 33.5, -82.5, "Paris")
	add(123, "Augusta", "PPLA2", "US", "GA", 200000, 33.47, -81.97)
	add(124, "Lincolnton", "PPLA2", "US", "GA", 1500, 33.79, -82.48)
	// Paris: France, Texas, Tennessee, Kentucky.
	add(130, "Paris", "PPLC", "FR", "11", 2100000, 48.85, 2.35)
	add(131, "Paris", "PPLA2", "US", "TX", 25000, 33.66, -95.55)
	add(132, "Paris", "PPLA2", "US", "TN", 10000, 36.30, -88.33)
	add(133, "Paris", "PPLA2", "US", "KY", 10000, 38.21, -84.25)
	// Newark: New Jersey and Ohio.
	add(140, "Newark", "PPLA2", "US", "NJ", 280000, 40.73, -74.17)
	add(141, "Newark", "PPLA2", "US", "OH", 50000, 40.06, -82.40)
	add(142, "Licking County", "ADM2", "US", "OH", 0, 40.09, -82.48)
	// Towns named like states.
	add(150, "Oregon", "PPLA2", "US", "IL", 3600, 42.01, -89.33)
	add(151, "Florida", "PPL", "US", "NY", 2800, 41.33, -74.36)
	add(152, "Rockford", "PPLA2", "US", "IL", 150000, 42.27, -89.09)
	add(153, "New York City", "PPL", "US", "NY", 8800000, 40.71, -74.01, "New York")
	add(154, "Tacoma", "PPLA2", "US", "WA", 210000, 47.25, -122.44)
	add(155, "Jordan", "PPL", "US", "MN", 6000, 44.67, -93.63)
	add(156, "Shakopee", "PPLA2", "US", "MN", 40000, 44.80, -93.53)
	// Generic words that are also villages somewhere.
	add(160, "Tower", "PPL", "IE", "M", 3000, 51.92, -8.6)
	add(161, "Puget-sur-Argens", "PPL", "FR", "93", 7000, 43.45, 6.68, "Puget")
	add(162, "Cottage", "PPL", "GB", "ENG", 1500, 52, -1)
	add(163, "Seattle", "PPLA2", "US", "WA", 700000, 47.61, -122.33)
	return b.Build()
}
