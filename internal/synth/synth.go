// Package synth generates synthetic, realistically distributed event
// data for load tests: events cluster around conflict hotspots in the
// countries ACLED records most, over ten years with a rising rate, with
// ACLED-like shares of event types, heavy-tailed fatalities, a tenth of
// mentions in the background, and one evidence sentence each. Nothing here
// is real reporting; it exists so the store and the API can be measured
// at a million events.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/evident-org/evident"
)

// hotspot is a place events cluster around; weight is its share of events.
type hotspot struct {
	location, admin1, country, cc string
	iso                           int
	lat, lon                      float64
	weight                        float64
	actors                        []string
}

var hotspots = []hotspot{
	{"Aleppo", "Aleppo", "Syria", "SY", 760, 36.20, 37.16, 6, []string{"Military Forces of Syria", "Hayat Tahrir al-Sham", "Islamic State"}},
	{"Idlib", "Idlib", "Syria", "SY", 760, 35.93, 36.63, 5, []string{"Military Forces of Syria", "Hayat Tahrir al-Sham", "Military Forces of Russia"}},
	{"Deir ez-Zor", "Deir ez-Zor", "Syria", "SY", 760, 35.33, 40.14, 4, []string{"Islamic State", "Syrian Democratic Forces"}},
	{"Daraa", "Daraa", "Syria", "SY", 760, 32.62, 36.10, 3, []string{"Military Forces of Syria", "Unidentified Armed Group (Syria)"}},
	{"Mosul", "Nineveh", "Iraq", "IQ", 368, 36.34, 43.12, 3, []string{"Islamic State", "Military Forces of Iraq", "Popular Mobilization Forces"}},
	{"Baghdad", "Baghdad", "Iraq", "IQ", 368, 33.34, 44.40, 3, []string{"Police Forces of Iraq", "Protesters (Iraq)", "Islamic State"}},
	{"Taizz", "Taizz", "Yemen", "YE", 887, 13.58, 44.02, 4, []string{"Houthi Movement", "Military Forces of Yemen"}},
	{"Marib", "Marib", "Yemen", "YE", 887, 15.46, 45.33, 3, []string{"Houthi Movement", "Saudi-led Coalition"}},
	{"Hodeidah", "Al Hudaydah", "Yemen", "YE", 887, 14.80, 42.95, 3, []string{"Houthi Movement", "Military Forces of Yemen"}},
	{"Kandahar", "Kandahar", "Afghanistan", "AF", 4, 31.61, 65.71, 3, []string{"Taliban", "Military Forces of Afghanistan"}},
	{"Helmand", "Helmand", "Afghanistan", "AF", 4, 31.58, 64.36, 3, []string{"Taliban", "Military Forces of Afghanistan"}},
	{"Kabul", "Kabul", "Afghanistan", "AF", 4, 34.53, 69.17, 2, []string{"Islamic State (Khorasan Province)", "Taliban"}},
	{"Donetsk", "Donetsk", "Ukraine", "UA", 804, 48.02, 37.80, 8, []string{"Military Forces of Russia", "Military Forces of Ukraine"}},
	{"Kharkiv", "Kharkiv", "Ukraine", "UA", 804, 49.99, 36.23, 5, []string{"Military Forces of Russia", "Military Forces of Ukraine"}},
	{"Zaporizhzhia", "Zaporizhzhia", "Ukraine", "UA", 804, 47.84, 35.14, 4, []string{"Military Forces of Russia", "Military Forces of Ukraine"}},
	{"Kherson", "Kherson", "Ukraine", "UA", 804, 46.64, 32.62, 3, []string{"Military Forces of Russia", "Military Forces of Ukraine"}},
	{"Maiduguri", "Borno", "Nigeria", "NG", 566, 11.85, 13.16, 3, []string{"Boko Haram", "Military Forces of Nigeria", "Islamic State (West Africa)"}},
	{"Zamfara", "Zamfara", "Nigeria", "NG", 566, 12.17, 6.25, 2, []string{"Bandits (Nigeria)", "Military Forces of Nigeria"}},
	{"Lagos", "Lagos", "Nigeria", "NG", 566, 6.45, 3.39, 2, []string{"Protesters (Nigeria)", "Police Forces of Nigeria"}},
	{"Mopti", "Mopti", "Mali", "ML", 466, 14.49, -4.18, 2, []string{"JNIM", "Military Forces of Mali", "Wagner Group"}},
	{"Gao", "Gao", "Mali", "ML", 466, 16.27, -0.04, 1, []string{"Islamic State (Sahel)", "Military Forces of Mali"}},
	{"Djibo", "Sahel", "Burkina Faso", "BF", 854, 14.10, -1.63, 2, []string{"JNIM", "Military Forces of Burkina Faso"}},
	{"Mogadishu", "Banaadir", "Somalia", "SO", 706, 2.04, 45.34, 3, []string{"Al Shabaab", "Military Forces of Somalia"}},
	{"Khartoum", "Khartoum", "Sudan", "SD", 729, 15.50, 32.56, 4, []string{"Rapid Support Forces", "Military Forces of Sudan"}},
	{"El Fasher", "North Darfur", "Sudan", "SD", 729, 13.63, 25.35, 2, []string{"Rapid Support Forces", "Military Forces of Sudan"}},
	{"Goma", "North Kivu", "Democratic Republic of the Congo", "CD", 180, -1.68, 29.22, 3, []string{"M23", "Military Forces of the Democratic Republic of Congo"}},
	{"Bunia", "Ituri", "Democratic Republic of the Congo", "CD", 180, 1.56, 30.25, 2, []string{"CODECO", "ADF"}},
	{"Sagaing", "Sagaing", "Myanmar", "MM", 104, 21.88, 95.98, 3, []string{"Military Forces of Myanmar", "People's Defence Force"}},
	{"Mandalay", "Mandalay", "Myanmar", "MM", 104, 21.97, 96.08, 2, []string{"Military Forces of Myanmar", "Protesters (Myanmar)"}},
	{"Culiacan", "Sinaloa", "Mexico", "MX", 484, 24.80, -107.39, 2, []string{"Sinaloa Cartel", "Police Forces of Mexico"}},
	{"Mexico City", "Mexico City", "Mexico", "MX", 484, 19.43, -99.13, 2, []string{"Protesters (Mexico)", "Police Forces of Mexico"}},
	{"Srinagar", "Jammu and Kashmir", "India", "IN", 356, 34.08, 74.80, 2, []string{"Military Forces of India", "Protesters (India)"}},
	{"Delhi", "Delhi", "India", "IN", 356, 28.65, 77.23, 3, []string{"Protesters (India)", "Police Forces of India"}},
	{"Peshawar", "Khyber Pakhtunkhwa", "Pakistan", "PK", 586, 34.01, 71.58, 2, []string{"Tehrik-i-Taliban Pakistan", "Military Forces of Pakistan"}},
	{"Cauca", "Cauca", "Colombia", "CO", 170, 2.44, -76.61, 1, []string{"ELN", "Military Forces of Colombia"}},
	{"Rio de Janeiro", "Rio de Janeiro", "Brazil", "BR", 76, -22.91, -43.18, 2, []string{"Police Forces of Brazil", "Comando Vermelho"}},
	{"Marawi", "Lanao del Sur", "Philippines", "PH", 608, 8.00, 124.29, 1, []string{"Military Forces of the Philippines", "Islamic State (East Asia)"}},
	{"Tripoli", "Tripoli", "Libya", "LY", 434, 32.89, 13.19, 1, []string{"Libyan National Army", "Government of National Accord"}},
	{"Gondar", "Amhara", "Ethiopia", "ET", 231, 12.60, 37.47, 2, []string{"Fano Militia", "Military Forces of Ethiopia"}},
	{"Mekelle", "Tigray", "Ethiopia", "ET", 231, 13.50, 39.47, 1, []string{"Tigray People's Liberation Front", "Military Forces of Ethiopia"}},
	{"Port-au-Prince", "Ouest", "Haiti", "HT", 332, 18.54, -72.34, 1, []string{"G9 Gang Coalition", "Police Forces of Haiti"}},
	{"Gaza", "Gaza Strip", "Palestine", "PS", 275, 31.50, 34.47, 3, []string{"Military Forces of Israel", "Hamas"}},
	{"Suva", "Central", "Fiji", "FJ", 242, -18.14, 178.44, 0.05, []string{"Protesters (Fiji)", "Police Forces of Fiji"}},
}

// types are ACLED-like shares of sub-event types.
var types = []struct {
	eventType, subEventType, disorder string
	weight                            float64
	verb                              string
}{
	{"Protests", "Peaceful protest", "Demonstrations", 30, "demonstrated peacefully in"},
	{"Protests", "Protest with intervention", "Demonstrations", 4, "protested and were dispersed in"},
	{"Riots", "Violent demonstration", "Demonstrations", 6, "rioted in"},
	{"Riots", "Mob violence", "Political violence", 2, "attacked a crowd in"},
	{"Battles", "Armed clash", "Political violence", 15, "clashed with forces near"},
	{"Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence", 12, "shelled positions in"},
	{"Explosions/Remote violence", "Air/drone strike", "Political violence", 7, "carried out an air strike on"},
	{"Explosions/Remote violence", "Remote explosive/landmine/IED", "Political violence", 2, "detonated an IED in"},
	{"Violence against civilians", "Attack", "Political violence", 12, "attacked civilians in"},
	{"Violence against civilians", "Abduction/forced disappearance", "Political violence", 3, "abducted residents of"},
	{"Strategic developments", "Looting/property destruction", "Strategic developments", 3, "looted property in"},
	{"Strategic developments", "Arrests", "Strategic developments", 2, "arrested people in"},
	{"Strategic developments", "Change to group/activity", "Strategic developments", 2, "moved fighters into"},
}

var modalities = []string{evident.ModalityAsserted, evident.ModalityAsserted, evident.ModalityAsserted, evident.ModalityReported, evident.ModalityReported, evident.ModalityClaimed, evident.ModalityAlleged}

// Start and End bound generated event dates.
var (
	Start = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	End   = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Generator yields documents with events. It is deterministic for a seed.
type Generator struct {
	rng       *rand.Rand
	hsCum     []float64
	typeCum   []float64
	days      int
	doc       int
	Extractor string
}

// New returns a generator seeded with seed.
func New(seed uint64) *Generator {
	g := &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), Extractor: "synth/1"}
	sum := 0.0
	for _, h := range hotspots {
		sum += h.weight
		g.hsCum = append(g.hsCum, sum)
	}
	sum = 0
	for _, t := range types {
		sum += t.weight
		g.typeCum = append(g.typeCum, sum)
	}
	g.days = int(End.Sub(Start).Hours()/24) + 1
	return g
}

func pick(cum []float64, r float64) int {
	x := r * cum[len(cum)-1]
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// date draws a day with a rate rising linearly threefold over the span.
func (g *Generator) date() time.Time {
	// Inverse CDF of density proportional to 1 + 2u on [0, 1].
	u := g.rng.Float64()
	x := (-1 + math.Sqrt(1+8*u)) / 2
	return Start.AddDate(0, 0, int(x*float64(g.days)))
}

// Next returns the next document and its events (1 to 8, one per
// document on the same day and hotspot).
func (g *Generator) Next() (*evident.Document, []evident.Event) {
	g.doc++
	h := hotspots[pick(g.hsCum, g.rng.Float64())]
	day := g.date()
	n := 1 + int(g.rng.ExpFloat64()*2)
	if n > 8 {
		n = 8
	}
	doc := &evident.Document{
		ID:        fmt.Sprintf("synth-%07d", g.doc),
		Outlet:    "Synthetic Wire",
		Title:     fmt.Sprintf("Fighting and unrest around %s", h.location),
		Published: day.AddDate(0, 0, 1),
	}
	doc.PublishedFrom = "metadata"
	var text []byte
	evs := make([]evident.Event, 0, n)
	for i := range n {
		t := types[pick(g.typeCum, g.rng.Float64())]
		a1 := h.actors[g.rng.IntN(len(h.actors))]
		a2 := ""
		if t.eventType == "Battles" || t.eventType == "Violence against civilians" {
			a2 = h.actors[g.rng.IntN(len(h.actors))]
			if a2 == a1 || t.eventType == "Violence against civilians" {
				a2 = "Civilians (" + h.country + ")"
			}
		}
		fat := 0
		if t.eventType != "Protests" && t.eventType != "Strategic developments" && g.rng.Float64() < 0.45 {
			fat = 1 + int(g.rng.ExpFloat64()*3)
			if g.rng.Float64() < 0.02 {
				fat += g.rng.IntN(200)
			}
		}
		// Positions spread around the hotspot (about 0.5 degrees).
		lat := h.lat + g.rng.NormFloat64()*0.4
		lon := h.lon + g.rng.NormFloat64()*0.5
		evDay := day.AddDate(0, 0, -g.rng.IntN(2))
		date := evDay.Format(time.DateOnly)
		undated := g.rng.Float64() < 0.02
		if undated {
			date = ""
		}
		sentence := fmt.Sprintf("On %s, %s %s %s, leaving %d dead. ", evDay.Format("2 January"), a1, t.verb, h.location, fat)
		start := len(text)
		text = append(text, sentence...)
		e := evident.Event{
			DocID: doc.ID, EventDate: date, TimePrecision: 1,
			DisorderType: t.disorder, EventType: t.eventType, SubEventType: t.subEventType,
			Actor1: a1, Inter1: 1 + g.rng.IntN(3), Actor2: a2,
			CivilianTargeting: t.eventType == "Violence against civilians",
			Location: evident.Location{
				ISO: h.iso, Country: h.country, CountryCode: h.cc, Admin1: h.admin1, Location: h.location,
				Latitude: math.Round(lat*1e5) / 1e5, Longitude: math.Round(lon*1e5) / 1e5, GeoPrecision: 2,
			},
			Source: doc.Outlet, SourceScale: "International",
			Casualties: evident.Casualties{Fatalities: fat, FatalitiesLow: fat, FatalitiesHigh: fat},
			Modality:   modalities[g.rng.IntN(len(modalities))],
			Background: g.rng.Float64() < 0.1,
			Confidence: 0.5 + g.rng.Float64()/2,
			Evidence:   []evident.Evidence{{Start: start, End: start + len(sentence) - 1, Text: sentence[:len(sentence)-1]}},
			ExtractorVersion: g.Extractor,
		}
		if a2 != "" {
			e.Inter2 = 7
		}
		e.Interaction = evident.InteractionCode(e.Inter1, e.Inter2)
		e.ID = fmt.Sprintf("ev-%s-%d", doc.ID, i)
		evs = append(evs, e)
	}
	doc.Text = string(text)
	doc.ContentHash = evident.HashText(doc.Text + doc.ID)
	return doc, evs
}
