package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/taxonomy"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixedClock is the export time used by every test: 2017-02-01T12:00:00Z.
func fixedClock() time.Time { return time.Date(2017, 2, 1, 12, 0, 0, 0, time.UTC) }

const fixedTimestamp = "1485950400"

// fixtureEvents covers a fully coded event, an event with nothing but an
// id (no date, no coordinates, nil slices, notes needing CSV quoting and
// HTML characters) and a month-precision event with non-ASCII text.
func fixtureEvents() []evident.Event {
	text := "MOSUL, Iraq — Islamic State fighters shelled civilians fleeing Mosul on Tuesday, officials said."
	span := func(s string) evident.Evidence {
		i := strings.Index(text, s)
		return evident.Evidence{Start: i, End: i + len(s), Text: s}
	}
	full := evident.Event{
		ID:                "ev-0123456789abcdef",
		DocID:             "doc-mosul-1",
		EventDate:         "2017-01-31",
		TimePrecision:     evident.PrecisionDay,
		DisorderType:      "Political violence",
		EventType:         "Explosions/Remote violence",
		SubEventType:      "Shelling/artillery/missile attack",
		Actor1:            "Islamic State",
		AssocActor1:       "",
		Inter1:            evident.InterRebels,
		Actor2:            "Civilians (Iraq)",
		AssocActor2:       "Refugees/IDPs (Iraq)",
		Inter2:            evident.InterCivilians,
		Interaction:       evident.InteractionCode(evident.InterRebels, evident.InterCivilians),
		CivilianTargeting: true,
		Location: evident.Location{
			ISO: 368, Country: "Iraq", CountryCode: "IQ", Admin1: "Nineveh", Admin2: "Mosul",
			Location: "Mosul", Latitude: 36.335, Longitude: 43.1189, GeoPrecision: 1, GeonameID: 99072,
		},
		Source:      "Example Wire",
		SourceScale: "International",
		Casualties:  evident.Casualties{Fatalities: 12, FatalitiesLow: 12, FatalitiesHigh: 20, Injured: 5},
		Tags:        []string{"sniper", "human shields"},
		Modality:    evident.ModalityReported,
		Attribution: "officials",
		Confidence:  0.85,
		Evidence: []evident.Evidence{
			span("Islamic State fighters shelled civilians fleeing Mosul on Tuesday"),
			span("officials said"),
		},
		Fields: []evident.FieldEvidence{
			{Field: "actor1", Value: "Islamic State", Start: span("Islamic State").Start, End: span("Islamic State").End, Rule: "actors/islamic-state", Confidence: 0.9},
		},
		ExtractorVersion: "evident/0.1.0",
	}
	bare := evident.Event{
		ID:               "ev-fedcba9876543210",
		DocID:            "doc-2",
		Notes:            "Gunmen fired on a crowd, \"reportedly\" <at> a market &\nfled.",
		Modality:         evident.ModalityAsserted,
		ExtractorVersion: "evident/0.1.0",
	}
	month := evident.Event{
		ID:            "ev-00000000000000aa",
		DocID:         "doc-3",
		EventDate:     "2016-11-01",
		TimePrecision: evident.PrecisionMonth,
		DisorderType:  "Demonstrations",
		EventType:     "Protests",
		SubEventType:  "Peaceful protest",
		Actor1:        "Protesters (Côte d'Ivoire)",
		Inter1:        evident.InterProtesters,
		Interaction:   evident.InteractionCode(evident.InterProtesters, 0),
		Location: evident.Location{
			ISO: 384, Country: "Côte d'Ivoire", CountryCode: "ci", Admin1: "Abidjan",
			Location: "Abidjan", Latitude: 5.30966, Longitude: -4.01266, GeoPrecision: 1, GeonameID: 2293538,
		},
		Tags:             []string{},
		Modality:         evident.ModalityClaimed,
		Attribution:      "organisers",
		Background:       true,
		Confidence:       0.5,
		Evidence:         []evident.Evidence{{Start: 0, End: 9, Text: "Manifesté"}},
		ExtractorVersion: "evident/0.1.0",
	}
	return []evident.Event{full, bare, month}
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// export writes events in format with the fixed clock and opts.
func export(t testing.TB, format string, events []evident.Event, opts ...Option) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteAll(&buf, format, events, append([]Option{WithClock(fixedClock)}, opts...)...); err != nil {
		t.Fatalf("WriteAll(%s): %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	ext := map[string]string{
		FormatJSON: "json", FormatJSONL: "jsonl", FormatACLEDCSV: "csv", FormatGeoJSON: "geojson",
	}
	sets := []struct {
		name   string
		events []evident.Event
	}{
		{"events", fixtureEvents()},
		{"empty", nil},
	}
	for _, format := range Formats() {
		for _, set := range sets {
			t.Run(format+"/"+set.name, func(t *testing.T) {
				golden(t, set.name+"."+ext[format], export(t, format, set.events))
			})
		}
	}
}

// TestGoldenCodes pins the output with both mapping sets; the default
// goldens above stay free of them.
func TestGoldenCodes(t *testing.T) {
	ext := map[string]string{
		FormatJSON: "json", FormatJSONL: "jsonl", FormatACLEDCSV: "csv", FormatGeoJSON: "geojson",
	}
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			golden(t, "events.codes."+ext[format], export(t, format, fixtureEvents(), WithCodes(CodesCAMEO|CodesPLOVER)))
		})
	}
}

func TestParseCodes(t *testing.T) {
	tests := []struct {
		in   []string
		want Codes
	}{
		{nil, 0},
		{[]string{""}, 0},
		{[]string{"cameo"}, CodesCAMEO},
		{[]string{"PLOVER"}, CodesPLOVER},
		{[]string{"cameo", "plover"}, CodesCAMEO | CodesPLOVER},
		{[]string{"plover,cameo"}, CodesCAMEO | CodesPLOVER},
		{[]string{" cameo , cameo "}, CodesCAMEO},
	}
	for _, tt := range tests {
		got, err := ParseCodes(tt.in...)
		if err != nil || got != tt.want {
			t.Errorf("ParseCodes(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"gdelt", "cameo,icews"} {
		_, err := ParseCodes(bad)
		if evident.ErrorCode(err) != evident.EINVALID || !strings.Contains(err.Error(), "cameo, plover") {
			t.Errorf("ParseCodes(%q) error = %v, want EINVALID listing the sets", bad, err)
		}
	}
	if diff := cmp.Diff([]string{"cameo", "plover"}, CodeSets()); diff != "" {
		t.Errorf("CodeSets (-want +got):\n%s", diff)
	}
}

// TestCodesCSV checks the appended columns for each selection and the
// values for a mapped, an unmapped (no sub_event_type) and a protest event.
func TestCodesCSV(t *testing.T) {
	tests := []struct {
		codes   Codes
		columns []string
		rows    [][]string
	}{
		{CodesCAMEO, []string{"cameo_root", "cameo_code"}, [][]string{{"19", "194"}, {"", ""}, {"14", "141"}}},
		{CodesPLOVER, []string{"plover_event", "plover_mode"}, [][]string{{"ASSAULT", "heavy-weapons"}, {"", ""}, {"PROTEST", "demo"}}},
		{CodesPLOVER | CodesCAMEO, []string{"cameo_root", "cameo_code", "plover_event", "plover_mode"},
			[][]string{{"19", "194", "ASSAULT", "heavy-weapons"}, {"", "", "", ""}, {"14", "141", "PROTEST", "demo"}}},
	}
	events := fixtureEvents()
	n := len(CSVHeader())
	for _, tt := range tests {
		if diff := cmp.Diff(tt.columns, CodeColumns(tt.codes)); diff != "" {
			t.Errorf("CodeColumns(%v) (-want +got):\n%s", tt.codes, diff)
		}
		for _, evs := range [][]evident.Event{nil, events} {
			records := readCSV(t, export(t, FormatACLEDCSV, evs, WithCodes(tt.codes)))
			if diff := cmp.Diff(CSVHeader(), records[0][:n]); diff != "" {
				t.Errorf("codes %v: default columns moved (-want +got):\n%s", tt.codes, diff)
			}
			if diff := cmp.Diff(tt.columns, records[0][n:]); diff != "" {
				t.Errorf("codes %v: appended columns (-want +got):\n%s", tt.codes, diff)
			}
			for i, rec := range records[1:] {
				if diff := cmp.Diff(tt.rows[i], rec[n:]); diff != "" {
					t.Errorf("codes %v: event %d cells (-want +got):\n%s", tt.codes, i, diff)
				}
			}
		}
	}
	if got := CodeColumns(0); len(got) != 0 {
		t.Errorf("CodeColumns(0) = %v, want none", got)
	}
}

// TestCodesJSON checks that the JSON formats add exactly the selected keys
// after the event's fields, with the same values as the CSV columns.
func TestCodesJSON(t *testing.T) {
	events := fixtureEvents()
	want := []map[string]string{
		{"cameo_root": "19", "cameo_code": "194", "plover_event": "ASSAULT", "plover_mode": "heavy-weapons"},
		{"cameo_root": "", "cameo_code": "", "plover_event": "", "plover_mode": ""},
		{"cameo_root": "14", "cameo_code": "141", "plover_event": "PROTEST", "plover_mode": "demo"},
	}
	for _, c := range []Codes{CodesCAMEO, CodesPLOVER, CodesCAMEO | CodesPLOVER} {
		for _, format := range []string{FormatJSON, FormatJSONL, FormatGeoJSON} {
			out := export(t, format, events, WithCodes(c))
			for i, m := range decodeObjects(t, format, out) {
				wantKeys := slices.Clone(wantJSONFields)
				if len(events[i].Fields) == 0 {
					wantKeys = slices.DeleteFunc(wantKeys, func(s string) bool { return s == "field_evidence" })
				}
				wantKeys = append(wantKeys, CodeColumns(c)...)
				if diff := cmp.Diff(wantKeys, keys(m), cmpSorted); diff != "" {
					t.Errorf("%s codes %v event %d keys (-want +got):\n%s", format, c, i, diff)
				}
				for _, k := range CodeColumns(c) {
					var v string
					if err := json.Unmarshal(m[k], &v); err != nil || v != want[i][k] {
						t.Errorf("%s codes %v event %d: %s = %s, want %q", format, c, i, k, m[k], want[i][k])
					}
				}
			}
			// The codes come last in each object.
			line := string(out)
			if i := strings.Index(line, `"extractor_version"`); i < 0 || strings.Index(line, `"`+CodeColumns(c)[0]+`"`) < i {
				t.Errorf("%s codes %v: mapping keys do not follow the event fields", format, c)
			}
		}
	}
}

// TestCodesCoverTaxonomy checks that the notes phrases (SubEventTypes) and
// the taxonomy list the same sub-event types in the same order, so every
// sub-event type the pipeline produces has a mapping.
func TestCodesCoverTaxonomy(t *testing.T) {
	var tax []string
	for _, s := range taxonomy.Default().SubEventTypes() {
		tax = append(tax, s.SubEventType)
	}
	if diff := cmp.Diff(tax, SubEventTypes()); diff != "" {
		t.Errorf("export.SubEventTypes vs taxonomy (-taxonomy +export):\n%s", diff)
	}
}

func TestFormats(t *testing.T) {
	want := []string{"json", "jsonl", "acled-csv", "geojson"}
	if diff := cmp.Diff(want, Formats()); diff != "" {
		t.Errorf("Formats() (-want +got):\n%s", diff)
	}
	for _, f := range append(Formats(), "JSON", " GeoJSON ", "ACLED-CSV") {
		w, err := NewWriter(&bytes.Buffer{}, f)
		if err != nil {
			t.Errorf("NewWriter(%q): %v", f, err)
			continue
		}
		if err := w.Close(); err != nil {
			t.Errorf("Close(%q): %v", f, err)
		}
	}
}

func TestNewWriterUnknownFormat(t *testing.T) {
	for _, f := range []string{"", "xml", "csv"} {
		w, err := NewWriter(&bytes.Buffer{}, f)
		if w != nil {
			t.Errorf("NewWriter(%q) returned a writer", f)
		}
		var e *evident.Error
		if !errors.As(err, &e) || e.Code != evident.EINVALID {
			t.Fatalf("NewWriter(%q) error = %v, want *evident.Error with code %s", f, err, evident.EINVALID)
		}
		for _, valid := range Formats() {
			if !strings.Contains(e.Message, valid) {
				t.Errorf("error %q does not list format %q", e.Message, valid)
			}
		}
	}
}

// wantJSONFields is the output field set: ACLED's names, then Evident's.
var wantJSONFields = []string{
	"event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
	"actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
	"civilian_targeting", "iso", "country", "admin1", "admin2", "admin3", "location",
	"latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
	"fatalities", "tags",
	"event_id", "doc_id", "country_code", "geonameid", "fatalities_low", "fatalities_high",
	"injured", "modality", "attribution", "background", "confidence", "evidence",
	"field_evidence", "extractor_version", "weapons", "uncertainty_m",
}

// jsonTags returns the JSON names of t's fields, following embedded
// structs without tags as encoding/json does.
func jsonTags(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && tag == "" {
			out = append(out, jsonTags(f.Type)...)
			continue
		}
		if tag != "-" && f.IsExported() {
			out = append(out, tag)
		}
	}
	return out
}

func TestEventTagsMatchSchema(t *testing.T) {
	got := jsonTags(reflect.TypeFor[evident.Event]())
	if diff := cmp.Diff(append(slices.Clone(wantJSONFields), "incident_id"), got, cmpSorted); diff != "" {
		t.Errorf("evident.Event JSON tags differ from the documented field set (-want +got):\n%s", diff)
	}
}

var cmpSorted = cmp.Transformer("sort", func(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
})

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// decodeObjects returns the event objects of a json, jsonl or geojson
// output.
func decodeObjects(t *testing.T, format string, out []byte) []map[string]json.RawMessage {
	t.Helper()
	var objs []map[string]json.RawMessage
	switch format {
	case FormatJSON:
		if err := json.Unmarshal(out, &objs); err != nil {
			t.Fatalf("json output is not a JSON array: %v", err)
		}
	case FormatJSONL:
		for i, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
			var m map[string]json.RawMessage
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("jsonl line %d: %v", i+1, err)
			}
			objs = append(objs, m)
		}
	case FormatGeoJSON:
		var fc struct {
			Features []struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal(out, &fc); err != nil {
			t.Fatalf("geojson: %v", err)
		}
		for _, f := range fc.Features {
			objs = append(objs, f.Properties)
		}
	}
	return objs
}

func TestJSONFields(t *testing.T) {
	events := fixtureEvents()
	for _, format := range []string{FormatJSON, FormatJSONL, FormatGeoJSON} {
		t.Run(format, func(t *testing.T) {
			objs := decodeObjects(t, format, export(t, format, events))
			if len(objs) != len(events) {
				t.Fatalf("got %d objects, want %d", len(objs), len(events))
			}
			for i, m := range objs {
				want := wantJSONFields
				if len(events[i].Fields) == 0 { // field_evidence is omitempty
					want = slices.DeleteFunc(slices.Clone(want), func(s string) bool { return s == "field_evidence" })
				}
				if diff := cmp.Diff(want, keys(m), cmpSorted); diff != "" {
					t.Errorf("event %d fields (-want +got):\n%s", i, diff)
				}
				for _, k := range []string{"tags", "evidence"} {
					if s := string(m[k]); s == "null" || !strings.HasPrefix(s, "[") {
						t.Errorf("event %d: %s = %s, want an array", i, k, s)
					}
				}
				var notes string
				if err := json.Unmarshal(m["notes"], &notes); err != nil || notes == "" {
					t.Errorf("event %d: notes = %s, want a non-empty string", i, m["notes"])
				}
			}
		})
	}
}

func TestJSONRoundTrip(t *testing.T) {
	events := fixtureEvents()
	var got []evident.Event
	if err := json.Unmarshal(export(t, FormatJSON, events), &got); err != nil {
		t.Fatal(err)
	}
	want := make([]evident.Event, len(events))
	for i, e := range events {
		want[i] = prepare(e)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestGeoJSONShape(t *testing.T) {
	events := fixtureEvents()
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type     string          `json:"type"`
			ID       string          `json:"id"`
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(export(t, FormatGeoJSON, events), &fc); err != nil {
		t.Fatalf("geojson is not valid JSON: %v", err)
	}
	if fc.Type != "FeatureCollection" {
		t.Errorf("type = %q, want FeatureCollection", fc.Type)
	}
	if len(fc.Features) != len(events) {
		t.Fatalf("got %d features, want %d", len(fc.Features), len(events))
	}
	for i, f := range fc.Features {
		if f.Type != "Feature" || f.ID != events[i].ID {
			t.Errorf("feature %d: type %q id %q", i, f.Type, f.ID)
		}
		e := events[i]
		if e.Latitude == 0 && e.Longitude == 0 && e.GeonameID == 0 {
			if string(f.Geometry) != "null" {
				t.Errorf("feature %d: geometry = %s, want null", i, f.Geometry)
			}
			continue
		}
		var g struct {
			Type        string    `json:"type"`
			Coordinates []float64 `json:"coordinates"`
		}
		if err := json.Unmarshal(f.Geometry, &g); err != nil {
			t.Fatalf("feature %d geometry: %v", i, err)
		}
		want := []float64{e.Longitude, e.Latitude}
		if g.Type != "Point" || !slices.Equal(g.Coordinates, want) {
			t.Errorf("feature %d geometry = %s, want Point %v ([lon, lat])", i, f.Geometry, want)
		}
	}

	var empty struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(export(t, FormatGeoJSON, nil), &empty); err != nil {
		t.Fatal(err)
	}
	if empty.Type != "FeatureCollection" || empty.Features == nil || len(empty.Features) != 0 {
		t.Errorf("empty collection = %+v, want FeatureCollection with features []", empty)
	}
}

func readCSV(t *testing.T, out []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(out))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("acled-csv output does not parse: %v", err)
	}
	return records
}

func TestCSVHeaderOrder(t *testing.T) {
	acled := []string{
		"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
		"sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
		"inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
		"admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
		"source_scale", "notes", "fatalities", "tags", "timestamp",
	}
	ours := []string{
		"event_id", "doc_id", "country_code", "geonameid", "fatalities_low", "fatalities_high", "injured",
		"modality", "attribution", "background", "confidence", "evidence", "extractor_version", "weapons", "uncertainty_m",
	}
	want := append(slices.Clone(acled), ours...)
	for _, events := range [][]evident.Event{nil, fixtureEvents()} {
		records := readCSV(t, export(t, FormatACLEDCSV, events))
		if len(records) != len(events)+1 {
			t.Fatalf("got %d records, want header + %d rows", len(records), len(events))
		}
		if diff := cmp.Diff(want, records[0]); diff != "" {
			t.Errorf("header (-want +got):\n%s", diff)
		}
		for i, rec := range records[1:] {
			if len(rec) != len(want) {
				t.Errorf("row %d has %d cells, want %d", i, len(rec), len(want))
			}
		}
	}
	if diff := cmp.Diff(acled, ACLEDColumns()); diff != "" {
		t.Errorf("ACLEDColumns (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ours, ExtensionColumns()); diff != "" {
		t.Errorf("ExtensionColumns (-want +got):\n%s", diff)
	}
}

func TestACLEDID(t *testing.T) {
	e := evident.Event{ID: "ev-0123456789abcdef", Location: evident.Location{CountryCode: "IQ"}}
	id := ACLEDID(&e)
	if !regexp.MustCompile(`^IRQ[0-9]+$`).MatchString(id) {
		t.Errorf("ACLEDID = %q, want IRQ and digits", id)
	}
	if again := ACLEDID(&e); again != id {
		t.Errorf("ACLEDID not stable: %q then %q", id, again)
	}
	other := evident.Event{ID: "ev-fedcba9876543210", Location: evident.Location{CountryCode: "IQ"}}
	if ACLEDID(&other) == id {
		t.Errorf("two events share %q", id)
	}
	if got := ACLEDID(&evident.Event{ID: "ev-1"}); !strings.HasPrefix(got, "XXX") {
		t.Errorf("ACLEDID without a country = %q, want XXX and digits", got)
	}
}

func TestCSVCells(t *testing.T) {
	events := fixtureEvents()
	records := readCSV(t, export(t, FormatACLEDCSV, events))
	header := records[0]
	row := func(i int) map[string]string {
		m := map[string]string{}
		for j, h := range header {
			m[h] = records[i+1][j]
		}
		return m
	}
	tests := []struct {
		event       int
		column, val string
	}{
		{0, "event_id_cnty", "IRQ763332482"},
		{0, "event_id", "ev-0123456789abcdef"},
		{0, "year", "2017"},
		{0, "region", "Middle East"},
		{0, "civilian_targeting", "Civilian targeting"},
		{0, "interaction", "27"},
		{0, "iso", "368"},
		{0, "latitude", "36.335"},
		{0, "longitude", "43.1189"},
		{0, "tags", "sniper; human shields"},
		{0, "timestamp", fixedTimestamp},
		{0, "notes", "On 31 January 2017, Islamic State shelled Civilians (Iraq) in Mosul (Nineveh, Iraq) (reported by officials). 12 fatalities reported (up to 20). 5 injured. Source: Example Wire."},
		{0, "geonameid", "99072"},
		{0, "confidence", "0.85"},
		{0, "evidence", "[16:81] Islamic State fighters shelled civilians fleeing Mosul on Tuesday | [83:97] officials said"},
		{0, "background", "false"},
		{1, "year", ""},
		{1, "region", ""},
		{1, "civilian_targeting", ""},
		{1, "iso", ""},
		{1, "latitude", ""},
		{1, "longitude", ""},
		{1, "geonameid", ""},
		{1, "tags", ""},
		{1, "evidence", ""},
		{1, "inter2", "0"},
		{1, "notes", events[1].Notes},
		{2, "region", "Western Africa"}, // lower-case country code
		{2, "interaction", "60"},
		{2, "background", "true"},
		{2, "location", "Abidjan"},
	}
	for _, tt := range tests {
		if got := row(tt.event)[tt.column]; got != tt.val {
			t.Errorf("event %d %s = %q, want %q", tt.event, tt.column, got, tt.val)
		}
	}
}

func TestWriteDoesNotModifyEvent(t *testing.T) {
	events := fixtureEvents()
	before := fixtureEvents()
	for _, format := range Formats() {
		export(t, format, events)
		export(t, format, events, WithCodes(CodesCAMEO|CodesPLOVER))
	}
	if diff := cmp.Diff(before, events); diff != "" {
		t.Errorf("export modified its input (-before +after):\n%s", diff)
	}
}

func TestWriteAfterClose(t *testing.T) {
	for _, format := range Formats() {
		w, err := NewWriter(&bytes.Buffer{}, format)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatalf("%s: Close: %v", format, err)
		}
		if err := w.Close(); err != nil {
			t.Errorf("%s: second Close: %v", format, err)
		}
		if err := w.Write(fixtureEvents()[0]); err == nil {
			t.Errorf("%s: Write after Close succeeded", format)
		}
	}
}

func TestUnencodableEvent(t *testing.T) {
	bad := fixtureEvents()[0]
	bad.Confidence = math.NaN()
	for _, format := range []string{FormatJSON, FormatJSONL, FormatGeoJSON} {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, format)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(bad); evident.ErrorCode(err) != evident.EINVALID {
			t.Errorf("%s: Write(NaN confidence) = %v, want an %s error", format, err, evident.EINVALID)
		}
		good := fixtureEvents()
		for _, e := range good {
			if err := w.Write(e); err != nil {
				t.Fatalf("%s: Write after a bad event: %v", format, err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if got := decodeObjects(t, format, buf.Bytes()); len(got) != len(good) {
			t.Errorf("%s: got %d objects, want %d", format, len(got), len(good))
		}
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestWriteErrors(t *testing.T) {
	boom := errors.New("disk full")
	for _, format := range Formats() {
		w, err := NewWriter(failWriter{boom}, format)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			_ = w.Write(fixtureEvents()[0]) // may be buffered
		}
		if err := w.Close(); !errors.Is(err, boom) {
			t.Errorf("%s: Close = %v, want %v", format, err, boom)
		}
		if err := w.Write(fixtureEvents()[0]); err == nil {
			t.Errorf("%s: Write after failure succeeded", format)
		}
	}
}

// TestStreaming checks that writers hand output to the underlying writer
// as they go instead of holding every event until Close, and that Flush
// makes a complete prefix available.
func TestStreaming(t *testing.T) {
	e := fixtureEvents()[0]
	for _, format := range Formats() {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, format, WithClock(fixedClock))
		if err != nil {
			t.Fatal(err)
		}
		for range 200 {
			if err := w.Write(e); err != nil {
				t.Fatal(err)
			}
		}
		if buf.Len() == 0 {
			t.Errorf("%s: nothing written before Close after 200 events", format)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		flushed := buf.Len()
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if tail := buf.Len() - flushed; tail > 8 {
			t.Errorf("%s: Close wrote %d bytes after Flush, want only the closing brackets", format, tail)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	e := fixtureEvents()[0]
	for _, format := range []string{FormatACLEDCSV, FormatJSONL, FormatACLEDCSV + "+codes", FormatJSONL + "+codes"} {
		b.Run(format, func(b *testing.B) {
			opts := []Option{WithClock(fixedClock)}
			if f, ok := strings.CutSuffix(format, "+codes"); ok {
				format = f
				opts = append(opts, WithCodes(CodesCAMEO|CodesPLOVER))
			}
			w, err := NewWriter(discard{}, format, opts...)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := w.Write(e); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
