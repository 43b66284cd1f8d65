package storetest

import (
	"testing"
	"time"

	"github.com/evident-org/evident"
)

// FixtureDoc is one document of the query fixture with its events, in the
// order they are stored.
type FixtureDoc struct {
	Doc    *evident.Document
	Events []evident.Event
}

// fixtureRow is one hand-built event of the query fixture.
type fixtureRow struct {
	id, date     string
	cc, admin1   string
	loc          string
	gid          int64
	lat, lon     float64
	sub          string
	a1, as1      string
	a2, as2      string
	fat          int
	civ          bool
	modality     string
	bg           bool
	evidenceText string
}

// Actors of the fixture.
const (
	fxIS     = "Islamic State"
	fxISF    = "Military Forces of Iraq (2014-)"
	fxCoal   = "Coalition Forces"
	fxCivIQ  = "Civilians (Iraq)"
	fxCivSY  = "Civilians (Syria)"
	fxSDF    = "SDF: Syrian Democratic Forces"
	fxSYF    = "Military Forces of Syria (2000-)"
	fxRU     = "Military Forces of Russia (2000-)"
	fxUAGIQ  = "Unidentified Armed Group (Iraq)"
	fxUAG    = "Unidentified Armed Group"
	fxCiv    = "Civilians"
	fxProtFJ = "Protesters (Fiji)"
	fxRiotFJ = "Rioters (Fiji)"
	fxPolFJ  = "Police Forces of Fiji"
	fxProtIQ = "Protesters (Iraq)"
	fxProtSY = "Protesters (Syria)"
	fxFSA    = "Free Syrian Army"
	fxUS     = "Military Forces of the United States (2001-2009)"
	fxIQ03   = "Military Forces of Iraq (1979-2003)"
	fxAssoc1 = "Police Forces of Iraq (2014-); Popular Mobilization Forces"
)

var fxInter = map[string]int{
	fxIS: 2, fxISF: 1, fxCoal: 8, fxCivIQ: 7, fxCivSY: 7, fxSDF: 2, fxSYF: 1, fxRU: 8, fxUAGIQ: 3, fxUAG: 3,
	fxCiv: 7, fxProtFJ: 6, fxRiotFJ: 5, fxPolFJ: 1, fxProtIQ: 6, fxProtSY: 6, fxFSA: 2, fxUS: 8, fxIQ03: 1,
}

var fxCountry = map[string]string{"IQ": "Iraq", "SY": "Syria", "FJ": "Fiji"}

// Sub-event types of the fixture and their event types.
const (
	fxArmed   = "Armed clash"
	fxAir     = "Air/drone strike"
	fxShell   = "Shelling/artillery/missile attack"
	fxIED     = "Remote explosive/landmine/IED"
	fxAttack  = "Attack"
	fxPeace   = "Peaceful protest"
	fxViolent = "Violent demonstration"
)

var fxType = map[string]string{
	fxArmed: "Battles", fxAir: "Explosions/Remote violence", fxShell: "Explosions/Remote violence",
	fxIED: "Explosions/Remote violence", fxAttack: "Violence against civilians", fxPeace: "Protests", fxViolent: "Riots",
}

// fixtureDocs are the documents of the query fixture, in the order they are
// stored (so "empty" is the newest ingested).
var fixtureDocs = []struct {
	id, outlet, title string
	rows              []fixtureRow
}{
	{"mosul", "Iraq News", "Battle for Mosul", []fixtureRow{
		{"m1", "2017-01-30", "IQ", "Nineveh", "Mosul", 99072, 36.335, 43.119, fxArmed, fxISF, fxAssoc1, fxIS, "", 12, false, "asserted", false, "Iraqi troops clashed with militants near the university."},
		{"m7", "2014-06-10", "IQ", "Nineveh", "Mosul", 99072, 36.335, 43.119, fxArmed, fxIS, "", fxISF, "", 40, false, "asserted", true, "Islamic State seized Mosul in June 2014."},
		{"m2", "2017-01-31", "IQ", "Nineveh", "Mosul", 99072, 36.34, 43.13, fxAir, fxCoal, "", fxIS, "", 5, false, "reported", false, "A coalition airstrike destroyed a car bomb factory."},
		{"m3", "2017-01-31", "IQ", "Nineveh", "Mosul", 99072, 36.33, 43.11, fxAttack, fxIS, "", fxCivIQ, "Teachers (Iraq)", 3, true, "reported", false, "A sniper shot three civilians fleeing the old city."},
		{"m4", "2017-02-05", "IQ", "Nineveh", "Tal Afar", 295, 36.374, 42.448, fxShell, fxIS, "", fxISF, "", 0, false, "claimed", false, "Mortar rounds fell on Tal Afar, the group said."},
		{"m5", "2017-02-06", "IQ", "Anbar", "Ramadi", 91, 33.42, 43.30, fxIED, fxUAGIQ, "", fxCivIQ, "", 7, true, "alleged", false, "A roadside bomb killed seven people near Ramadi."},
		{"m6", "", "IQ", "Nineveh", "Mosul", 99072, 36.335, 43.119, fxArmed, fxISF, "", fxIS, "", 0, false, "uncertain", false, "Fighting may have resumed in the western districts."},
		{"m8", "2017-02-06", "IQ", "Nineveh", "Mosul", 99072, 36.36, 43.15, fxAir, fxCoal, "", fxIS, "", 5, false, "reported", false, "Jets struck a sniper position."},
	}},
	{"raqqa", "Syria Daily", "Raqqa offensive", []fixtureRow{
		{"r1", "2017-02-01", "SY", "Raqqa", "Raqqa", 163, 35.95, 39.01, fxArmed, fxSDF, "", fxIS, "", 20, false, "asserted", false, "SDF fighters clashed with jihadists north of Raqqa."},
		{"r2", "2017-02-01", "SY", "Raqqa", "Raqqa", 163, 35.95, 39.02, fxAir, fxCoal, "", fxIS, "", 5, false, "reported", false, "Coalition aircraft hit a bridge."},
		{"r7", "2013-03-04", "SY", "Raqqa", "Raqqa", 163, 35.95, 39.01, fxArmed, fxFSA, "", fxSYF, "", 0, false, "asserted", true, "Rebels took the city in March 2013."},
		{"r3", "2017-02-14", "SY", "Aleppo", "Aleppo", 170, 36.20, 37.16, fxShell, fxSYF, "", fxCivSY, "", 9, true, "reported", false, "Barrel bombs fell on a bakery."},
		{"r4", "2017-03-01", "SY", "Aleppo", "Al-Bab", 171, 36.37, 37.52, fxAttack, fxIS, "", fxCivSY, "", 1, true, "denied", false, "The group denied executing a shepherd."},
		{"r5", "", "SY", "Raqqa", "Tabqa", 172, 35.84, 38.55, fxAir, fxCoal, "", fxSDF, "", 2, false, "alleged", false, "An airstrike reportedly hit allied fighters near Tabqa."},
		{"r6", "2017-03-31", "SY", "", "", 0, 0, 0, fxPeace, fxProtSY, "", "", "", 0, false, "asserted", false, "Protesters rallied against conscription."},
	}},
	{"fiji", "Pacific Wire", "Unrest in Fiji", []fixtureRow{
		{"f1", "2017-03-02", "FJ", "Northern", "Labasa", 2204, -16.43, 179.38, fxPeace, fxProtFJ, "", "", "", 0, false, "asserted", false, "Sugar cane farmers marched through Labasa."},
		{"f2", "2017-03-02", "FJ", "Northern", "Taveuni", 2205, -16.85, -179.97, fxViolent, fxRiotFJ, "", fxPolFJ, "", 1, false, "reported", false, "Rioters clashed with police on Taveuni."},
		{"f3", "2017-03-03", "FJ", "Eastern", "Lakeba", 2206, -18.20, -178.80, fxViolent, fxRiotFJ, "", fxPolFJ, "", 0, false, "reported", false, "Youths burned tyres on Lakeba."},
		{"f4", "", "FJ", "Central", "Suva", 2198, -18.14, 178.44, fxPeace, fxProtFJ, "", "", "", 0, false, "asserted", false, "A vigil was held in Suva."},
	}},
	{"misc", "World Desk", "Roundup", []fixtureRow{
		{"x1", "2017-01-01", "IQ", "", "", 0, 0, 0, fxArmed, fxUAGIQ, "", fxISF, "", 2, false, "uncertain", false, "Gunmen attacked a checkpoint."},
		{"x2", "", "", "", "", 0, 0, 0, fxAttack, fxUAG, "", fxCiv, "", 4, true, "negated", false, "Officials said no civilians were killed."},
		{"x3", "2017-02-28", "SY", "Idlib", "", 0, 0, 0, fxAir, fxRU, "", fxCivSY, "", 15, true, "alleged", false, "Jets bombed the market in Sarāqib."},
		{"x4", "2017-01-30", "IQ", "Baghdad", "", 0, 0, 0, fxPeace, fxProtIQ, "", "", "", 0, false, "asserted", false, "Thousands protested in Tahrir Square."},
	}},
	{"hist", "Archive", "Background", []fixtureRow{
		{"h1", "2003-03-20", "IQ", "Baghdad", "Baghdad", 98182, 33.34, 44.40, fxAir, fxUS, "", fxIQ03, "", 0, false, "asserted", true, "The invasion began with airstrikes on Baghdad."},
		{"h2", "", "IQ", "", "", 0, 0, 0, fxAttack, fxIS, "", fxCivIQ, "", 100, true, "reported", true, "Thousands were killed under the group's rule."},
		{"h3", "2016-10-17", "IQ", "Nineveh", "Mosul", 99072, 36.335, 43.119, fxArmed, fxISF, "", fxIS, "", 0, false, "asserted", true, "The offensive began in October 2016."},
	}},
	{"empty", "Nothing Daily", "No events here", nil},
}

// QueryFixture returns the documents and events that RunQuery's tests
// query: 26 events over 6 documents (one without events) in Iraq, Syria
// and Fiji (on both sides of the antimeridian), dated and undated, with
// and without coordinates, five of them background. Each call returns
// fresh values.
func QueryFixture() []FixtureDoc {
	var out []FixtureDoc
	for i, d := range fixtureDocs {
		text := "Text of " + d.id + "."
		for _, r := range d.rows {
			text += " " + r.evidenceText
		}
		doc := &evident.Document{
			ID: d.id, URL: "https://news.example.org/" + d.id, Outlet: d.outlet, Title: d.title,
			Published: time.Date(2017, 4, 1+i, 9, 0, 0, 0, time.UTC), PublishedFrom: "metadata",
			Text: text, Input: "fixture:" + d.id, Format: "text", ContentHash: evident.HashText(text),
		}
		fd := FixtureDoc{Doc: doc}
		for _, r := range d.rows {
			fd.Events = append(fd.Events, r.event(d.id, text))
		}
		out = append(out, fd)
	}
	return out
}

func (r fixtureRow) event(docID, text string) evident.Event {
	start := len("Text of " + docID + ".")
	for i := 0; i+len(r.evidenceText) <= len(text); i++ {
		if text[i:i+len(r.evidenceText)] == r.evidenceText {
			start = i
			break
		}
	}
	e := evident.Event{
		ID: r.id, DocID: docID, EventDate: r.date, TimePrecision: evident.PrecisionDay,
		DisorderType: "Political violence", EventType: fxType[r.sub], SubEventType: r.sub,
		Actor1: r.a1, AssocActor1: r.as1, Inter1: fxInter[r.a1],
		Actor2: r.a2, AssocActor2: r.as2, Inter2: fxInter[r.a2],
		CivilianTargeting: r.civ,
		Location: evident.Location{
			Country: fxCountry[r.cc], CountryCode: r.cc, Admin1: r.admin1, Location: r.loc,
			Latitude: r.lat, Longitude: r.lon, GeonameID: r.gid,
		},
		Source:           "fixture",
		Casualties:       evident.Casualties{Fatalities: r.fat, FatalitiesLow: r.fat, FatalitiesHigh: r.fat},
		Tags:             []string{"fixture"},
		Modality:         r.modality,
		Background:       r.bg,
		Confidence:       0.5,
		Evidence:         []evident.Evidence{{Start: start, End: start + len(r.evidenceText), Text: r.evidenceText}},
		Fields:           []evident.FieldEvidence{{Field: "event_date", Value: r.date, Start: start, End: start + 1, Rule: "fixture", Confidence: 0.5}},
		ExtractorVersion: "fixture-1",
	}
	e.Interaction = evident.InteractionCode(e.Inter1, e.Inter2)
	if r.date == "" {
		e.TimePrecision = 0
	}
	if r.loc != "" {
		e.GeoPrecision = 1
	} else if r.admin1 != "" {
		e.GeoPrecision = 3
	}
	return e
}

// PutQueryFixture stores QueryFixture in s, document by document, and
// returns it.
func PutQueryFixture(t testing.TB, s evident.Store) []FixtureDoc {
	t.Helper()
	docs := QueryFixture()
	for _, d := range docs {
		res, err := s.PutDocument(t.Context(), d.Doc, d.Events)
		if err != nil {
			t.Fatalf("PutDocument(%q): %v", d.Doc.ID, err)
		}
		if res != evident.PutAdded {
			t.Fatalf("PutDocument(%q) = %q, want %q", d.Doc.ID, res, evident.PutAdded)
		}
	}
	return docs
}
