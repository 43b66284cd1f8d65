package geoparse

import (
	"context"
	"strings"
	"testing"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
	"github.com/evident-org/evident/segment"
)

// namesakeGaz is a small hand-built gazetteer for the rules of
// namesake.go: towns named like countries, county namesakes, parks the
// gazetteer lacks. Ids are made up; coordinates are approximate.
func namesakeGaz(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	b := gazetteer.NewBuilder()
	for _, c := range []gazetteer.CountryInfo{
		{Code: "US", Name: "United States", Demonyms: []string{"American"}},
		{Code: "CN", Name: "China", Demonyms: []string{"Chinese"}},
		{Code: "TR", Name: "Turkey", Demonyms: []string{"Turkish"}},
		{Code: "GB", Name: "United Kingdom", Demonyms: []string{"British"}},
		{Code: "EG", Name: "Egypt"}, {Code: "SY", Name: "Syria"}, {Code: "PK", Name: "Pakistan"}, {Code: "JO", Name: "Jordan"}, {Code: "IL", Name: "Israel"}, {Code: "GR", Name: "Greece"}, {Code: "CA", Name: "Canada"},
	} {
		b.SetCountry(c)
	}
	for code, name := range map[string]string{"IA": "Iowa", "TX": "Texas", "MN": "Minnesota", "OH": "Ohio", "NJ": "New Jersey", "IL": "Illinois", "GA": "Georgia"} {
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
	add(1, "United States", "PCLI", "US", "", 327000000, 39.8, -98.5)
	add(2, "China", "PCLI", "CN", "", 1390000000, 35, 105)
	add(3, "Turkey", "PCLI", "TR", "", 82000000, 39, 35)
	add(10, "Texas", "ADM1", "US", "TX", 0, 31.25, -99.25)
	add(11, "Minnesota", "ADM1", "US", "MN", 0, 46.25, -94.25)
	add(12, "Ohio", "ADM1", "US", "OH", 0, 40.25, -82.75)
	add(13, "Illinois", "ADM1", "US", "IL", 0, 40, -89.25)
	// Texas towns, two of them named like countries.
	add(20, "Houston", "PPLA2", "US", "TX", 2300000, 29.76, -95.36)
	add(21, "Beaumont", "PPLA2", "US", "TX", 118000, 30.09, -94.10)
	add(22, "China", "PPL", "US", "TX", 1100, 30.05, -94.34)
	add(23, "Turkey", "PPL", "US", "TX", 400, 34.39, -100.90)
	add(24, "Lubbock", "PPLA2", "US", "TX", 250000, 33.58, -101.86)
	add(25, "Amarillo", "PPLA2", "US", "TX", 200000, 35.22, -101.83)
	// Counties and towns of the same names.
	add(30, "Becker County", "ADM2", "US", "MN", 34000, 46.93, -95.68)
	add(31, "Clay County", "ADM2", "US", "MN", 64000, 46.89, -96.49)
	add(32, "Clay County", "ADM2", "US", "TX", 10000, 33.79, -98.21)
	add(33, "Otter Tail County", "ADM2", "US", "MN", 58000, 46.41, -95.71)
	add(34, "Clay", "PPL", "US", "GA", 3000, 33.0, -84.0)
	add(35, "Douglas County", "ADM2", "US", "MN", 38000, 45.93, -95.45)
	add(36, "Douglas", "PPLA2", "US", "GA", 11000, 31.51, -82.85)
	// Newark, and a place the parks are not.
	add(40, "Newark", "PPLA2", "US", "NJ", 280000, 40.73, -74.17)
	add(41, "Newark", "PPLA2", "US", "OH", 50000, 40.06, -82.40)
	add(42, "DeKalb", "PPL", "US", "IL", 43000, 41.93, -88.75)
	add(43, "Hopkins", "PPL", "US", "MN", 18000, 44.92, -93.42)
	// "Cairo's Abbasiya": a namesake far away, and one in Cairo.
	add(50, "Cairo", "PPLC", "EG", "11", 9600000, 30.06, 31.25)
	add(51, "Abbasiya", "PPL", "IL", "01", 25000, 32.03, 34.89)
	add(52, "Heliopolis", "PPLX", "EG", "11", 100000, 30.09, 31.32)
	add(53, "Heliopolis", "PPL", "GR", "ESYE31", 20000, 37.93, 23.75)
	add(54, "Ontario", "ADM1", "CA", "08", 0, 49.25, -84.5)
	add(55, "Toronto", "PPLA", "CA", "08", 2600000, 43.70, -79.42)
	// A city known in translation as "White House", a town of that
	// name, and the capital.
	add(70, "Casablanca", "PPLA", "MA", "08", 3100000, 33.59, -7.62, "White House")
	add(71, "White House", "PPL", "US", "TN", 12000, 36.47, -86.65)
	add(72, "Washington", "PPLC", "US", "DC", 690000, 38.9, -77.04)
	// Governorates and their seats.
	add(80, "Idlib", "PPLA", "SY", "07", 165000, 35.93, 36.63)
	add(81, "Idlib", "ADM1", "SY", "07", 0, 35.8, 36.6)
	add(82, "Aleppo", "PPLA", "SY", "09", 1600000, 36.2, 37.16)
	add(83, "Aleppo", "ADM1", "SY", "09", 0, 36.2, 37.4)
	// Towns and their counties (with second-level codes).
	add2 := func(id int64, name, code, cc, a1, a2 string, pop int64, lat, lon float64) {
		class := "P"
		if strings.HasPrefix(code, "ADM") {
			class = "A"
		}
		b.Add(gazetteer.Entry{GeonameID: id, Name: name, FeatureClass: class, FeatureCode: code,
			CountryCode: cc, Admin1Code: a1, Admin2Code: a2, Population: pop, Lat: lat, Lon: lon})
	}
	add2(90, "Huntsville", "PPLA2", "US", "AL", "089", 215000, 34.73, -86.59)
	add2(91, "Huntsville", "PPLA2", "US", "TX", "471", 41000, 30.72, -95.55)
	add2(92, "Walker County", "ADM2", "US", "AL", "127", 22000, 33.80, -87.30)
	add2(93, "Walker County", "ADM2", "US", "TX", "471", 42000, 30.74, -95.57)
	add2(94, "Karak", "PPLA2", "PK", "03", "7419047", 13000, 33.12, 71.09)
	add2(95, "Karak District", "ADM2", "PK", "03", "7419047", 13000, 33.14, 71.11)
	add2(97, "Sharon", "PPL", "US", "CT", "005", 2700, 41.88, -73.48)
	add2(98, "Cornwall", "PPL", "US", "CT", "005", 1400, 41.84, -73.33)
	add2(99, "Cornwall", "ADM2", "GB", "ENG", "C6", 560000, 50.4, -4.9)
	add2(103, "Sharon", "PPL", "US", "PA", "085", 13000, 41.23, -80.49)
	add(96, "Karak City", "PPLA", "JO", "09", 21000, 31.16, 35.76, "Karak")
	// A village that is a name's one sense, and a town's two namesakes.
	add(100, "Crescent", "PPL", "US", "OK", 1500, 35.95, -97.59)
	add(101, "Enfield", "PPL", "US", "CT", 45000, 41.98, -72.59)
	add(102, "Enfield", "PPL", "GB", "ENG", 100000, 51.65, -0.08)
	// An ocean and the town named after it.
	b.Add(gazetteer.Entry{Name: "Atlantic Ocean", FeatureClass: "H", FeatureCode: "OCN", Lat: 0, Lon: -30}, "Atlantic")
	add(60, "Atlantic", "PPLA2", "US", "IA", 6800, 41.40, -95.01)
	add(61, "Des Moines", "PPLA", "US", "IA", 215000, 41.60, -93.61)
	return b.Build()
}

func TestResolveNamesakes(t *testing.T) {
	g := namesakeGaz(t)
	tests := []struct {
		name, text string
		spans      []string
		mention    string
		wantID     int64
		wantReason string
	}{
		// A Houston story names China: the country, not China, Texas
		// (80 km from Houston).
		{"a town named like a country yields to it",
			"Refineries in Houston ship fuel to China.", []string{"Houston", "China"}, "China", 2, ""},
		{"containment still makes it the town",
			"A fire destroyed a barn near China, Texas, on Sunday.", []string{"China", "Texas"}, "China", 22, "contained"},
		{"the town says it was a namesake",
			"A fire destroyed a barn near China, Texas, on Sunday.", []string{"China", "Texas"}, "China", 22, "country-namesake"},
		// "the City of Turkey" is a town.
		{"city of makes a town",
			"Call the City of Turkey about the festival near Lubbock and Amarillo.", []string{"Turkey", "Lubbock", "Amarillo"}, "Turkey", 23, ""},
		{"without the cue the country",
			"Tourists flock to Turkey every summer.", []string{"Turkey"}, "Turkey", 3, ""},
		// "X in Y" is containment like "X, Y".
		{"X in Y contains X",
			"A dog was found in Newark in Ohio.", []string{"Newark", "Ohio"}, "Newark", 41, "contained"},
		// A park the gazetteer lacks lies in the town after "in".
		{"a park in a town is there",
			"A couple walking in Hopkins Park in DeKalb found the body.", []string{"Hopkins Park", "DeKalb"}, "Hopkins Park", 42, "fallback=container"},
		{"a park, town is there",
			"The race starts at Hopkins Park, DeKalb on Sunday.", []string{"Hopkins Park", "DeKalb"}, "Hopkins Park", 42, "fallback=container"},
		// "X's Y": Y lies in X.
		{"a name the gazetteer lacks lies in the possessor",
			"Crowds filled Cairo's Tahrir Square.", []string{"Cairo", "Tahrir Square"}, "Tahrir Square", 50, "fallback=container"},
		{"a namesake far from the possessor yields to it",
			"A church in Cairo's Abbasiya was bombed.", []string{"Cairo", "Abbasiya"}, "Abbasiya", 50, "fallback=container"},
		{"a candidate near the possessor stays",
			"Shops in Cairo's Heliopolis closed.", []string{"Cairo", "Heliopolis"}, "Heliopolis", 52, ""},
		{"an area is no point far from the city",
			"Toronto's Ontario health-card holders register.", []string{"Toronto", "Ontario"}, "Ontario", 54, ""},
		// A name the gazetteer lacks is not put at a place chosen by an
		// alternate name.
		{"the focus fallback skips alternate-name choices",
			"Aides of the White House and Washington lobbyists met in the West Wing.", []string{"White House", "Washington", "West Wing"}, "West Wing", 72, "fallback=focus"},
		// A direction adjective makes the region, unless a city of a
		// million or a capital has the name.
		{"southern Idlib is the governorate",
			"Shelling hit villages in southern Idlib.", []string{"Idlib"}, "Idlib", 81, ""},
		{"Idlib alone is the city",
			"Shelling hit Idlib.", []string{"Idlib"}, "Idlib", 80, ""},
		{"eastern Aleppo is part of the city",
			"Shelling hit eastern Aleppo.", []string{"Aleppo"}, "Aleppo", 82, ""},
		// A town and its county single out one state.
		{"a town in a county named beside it",
			"Walker County deputies arrested a Huntsville man.", []string{"Walker County", "Huntsville"}, "Huntsville", 91, "county-pair"},
		{"the county that holds a town named beside it",
			"Walker County deputies arrested a Huntsville man.", []string{"Walker County", "Huntsville"}, "Walker County", 93, "county-pair"},
		// Two towns of one county.
		{"two towns of one county",
			"Officials visited residents in Sharon and Cornwall.", []string{"Sharon", "Cornwall"}, "Sharon", 97, "town-pair"},
		{"the town alone is the larger one",
			"Deputies arrested a Huntsville man.", []string{"Huntsville"}, "Huntsville", 90, ""},
		// After "the", the ocean.
		{"the Atlantic is the ocean",
			"Storms form in the Atlantic, forecasters in Des Moines said.", []string{"Atlantic", "Des Moines"}, "Atlantic", 0, "the-area"},
		{"the eastern Atlantic is the ocean",
			"Storms form in the eastern Atlantic, forecasters in Des Moines said.", []string{"Atlantic", "Des Moines"}, "Atlantic", 0, "the-area"},
		{"without the article the town near Des Moines",
			"Farmers from Atlantic met in Des Moines.", []string{"Atlantic", "Des Moines"}, "Atlantic", 60, ""},
		// A list that ends in "counties" names counties.
		{"a county list makes counties",
			"Storms hit Becker, Clay and Otter Tail counties on Monday.", []string{"Becker", "Clay", "Otter Tail"}, "Clay", 31, ""},
		{"the first name of the list too",
			"Storms hit Douglas, Becker and Otter Tail counties on Monday.", []string{"Douglas", "Becker", "Otter Tail"}, "Douglas", 35, ""},
		{"a lone name before counties is not a list",
			"Storms hit many Clay counties, he said, and Douglas.", []string{"Clay", "Douglas"}, "Clay", 34, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := resolveSpans(t, Resolve{Gaz: g}, tt.text, tt.spans...)
			m, ok := firstPlace(a, tt.mention)
			if !ok {
				t.Fatalf("%q not found", tt.mention)
			}
			if m.Place.GeonameID != tt.wantID {
				t.Errorf("%s resolved to %d (%s), want %d", m.Text, m.Place.GeonameID, m.Rule, tt.wantID)
			}
			if !strings.Contains(m.Rule, tt.wantReason) {
				t.Errorf("rule %q lacks %q", m.Rule, tt.wantReason)
			}
		})
	}
}

// One name and its district ("Karak", "the Karak district") are no
// town-and-county pair.
func TestCountyPairSameName(t *testing.T) {
	g := namesakeGaz(t)
	a := resolveSpans(t, Resolve{Gaz: g}, "Gunmen fired in Karak, in the Karak district, police said.", "Karak", "Karak district")
	for _, m := range a.Mentions {
		if strings.Contains(m.Rule, "county-pair") {
			t.Errorf("%s: rule %q pairs a name with itself", m.Text, m.Rule)
		}
	}
}

// A name whose one sense is a small village is no evidence of the
// document's country: "The Crescent" in a London paper does not make
// Enfield the one in Connecticut.
func TestWeakOnlyCandidate(t *testing.T) {
	g := namesakeGaz(t)
	a := &evident.Analysis{Doc: &evident.Document{Text: "Pupils from The Crescent planted trees in Enfield.", URL: "http://www.northlondonherald.co.uk/x"}}
	if err := (segment.Stage{}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"Crescent", "Enfield"} {
		i := strings.Index(a.Doc.Text, n)
		a.Mentions = append(a.Mentions, evident.Mention{Kind: evident.KindPlace, Span: evident.Span{Start: i, End: i + len(n)},
			Text: n, Sentence: a.SentenceAt(i), Rule: "span", Confidence: 1, Place: &evident.Place{}})
	}
	if err := (Resolve{Gaz: g}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if m, _ := firstPlace(a, "Enfield"); m == nil || m.Place.GeonameID != 102 {
		t.Errorf("Enfield: %+v", m.Place)
	}
	if !weakOnly([]gazetteer.Entry{{FeatureClass: "P", FeatureCode: "PPL", Population: 1500}}) ||
		weakOnly([]gazetteer.Entry{{FeatureClass: "P", FeatureCode: "PPLA2", Population: 1500}}) ||
		weakOnly([]gazetteer.Entry{{FeatureClass: "P", FeatureCode: "PPL", Population: 26000}}) {
		t.Error("weakOnly")
	}
}

func TestCountyListGeneric(t *testing.T) {
	tests := []struct {
		text, name, want string
	}{
		{"in Becker, Clay, Douglas, Grant and Otter Tail counties", "Clay", "county"},
		{"in Becker, Clay, Douglas, Grant and Otter Tail counties", "Otter Tail", "county"},
		{"in Becker, Clay, Douglas, Grant and Otter Tail counties", "Becker", "county"},
		{"in Rapides and Avoyelles parishes", "Rapides", "parish"},
		{"in Rapides and Avoyelles parishes", "Avoyelles", "parish"},
		{"Barrow, Jackson & Madison counties", "Jackson", "county"},
		{"most Ohio counties", "Ohio", ""},
		{"in Becker, Clay and the other counties", "Clay", ""},
		{"Becker, Clay and Douglas", "Clay", ""},
	}
	for _, tt := range tests {
		i := strings.Index(tt.text, tt.name)
		m := &evident.Mention{Span: evident.Span{Start: i, End: i + len(tt.name)}}
		if got := countyListGeneric(tt.text, m); got != tt.want {
			t.Errorf("countyListGeneric(%q, %q) = %q, want %q", tt.text, tt.name, got, tt.want)
		}
	}
}

func TestReadsWithThe(t *testing.T) {
	tests := []struct {
		text, name string
		want       bool
	}{
		{"hurricanes in the Atlantic", "Atlantic", true},
		{"cooler water in the eastern Pacific", "Pacific", true},
		{"a town in eastern Pacific", "Pacific", false},
		{"he moved to Atlantic", "Atlantic", false},
		{"The Atlantic reported", "Atlantic", true},
	}
	for _, tt := range tests {
		i := strings.Index(tt.text, tt.name)
		m := &evident.Mention{Span: evident.Span{Start: i, End: i + len(tt.name)}}
		if got := readsWithThe(tt.text, m); got != tt.want {
			t.Errorf("readsWithThe(%q, %q) = %v, want %v", tt.text, tt.name, got, tt.want)
		}
	}
}

func TestReadsAsTown(t *testing.T) {
	tests := []struct {
		text, name string
		want       bool
	}{
		{"the City of Turkey said", "Turkey", true},
		{"the town of Jordan voted", "Jordan", true},
		{"in the village of Xinmo", "Xinmo", true},
		{"the people of Turkey", "Turkey", false},
		{"City Turkey", "Turkey", false},
	}
	for _, tt := range tests {
		i := strings.Index(tt.text, tt.name)
		m := &evident.Mention{Span: evident.Span{Start: i, End: i + len(tt.name)}}
		if got := readsAsTown(tt.text, m); got != tt.want {
			t.Errorf("readsAsTown(%q, %q) = %v, want %v", tt.text, tt.name, got, tt.want)
		}
	}
}

func TestFeatureScoreMetropolis(t *testing.T) {
	w := DefaultWeights()
	tests := []struct {
		e    gazetteer.Entry
		want float64
	}{
		{gazetteer.Entry{FeatureClass: "P", FeatureCode: "PPLA", Population: 1010000}, w.Capital}, // Edmonton, Alberta
		{gazetteer.Entry{FeatureClass: "P", FeatureCode: "PPLA", Population: 530000}, w.Seat},     // Québec
		{gazetteer.Entry{FeatureClass: "P", FeatureCode: "PPL", Population: 8800000}, w.Capital},  // New York City
		{gazetteer.Entry{FeatureClass: "P", FeatureCode: "PPLA2", Population: 1500}, w.District},
	}
	for _, tt := range tests {
		if got := w.featureScore(&tt.e); got != tt.want {
			t.Errorf("featureScore(%s, %d) = %v, want %v", tt.e.FeatureCode, tt.e.Population, got, tt.want)
		}
	}
}
