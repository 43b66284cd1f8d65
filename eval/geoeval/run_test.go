package geoeval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// fakeSystem answers from tables keyed by text.
type fakeSystem struct {
	parse map[string][]Prediction
	spans map[string][]Prediction
	err   error
}

func (f fakeSystem) Parse(_ context.Context, text, _ string) ([]Prediction, error) {
	return f.parse[text], f.err
}

func (f fakeSystem) ResolveSpans(_ context.Context, text, _ string, spans []Span) ([]Prediction, error) {
	out := append([]Prediction(nil), f.spans[text]...)
	if len(out) != len(spans) {
		return nil, errors.New("fake: wrong number of spans")
	}
	for i := range out {
		out[i].Start, out[i].End = spans[i].Start, spans[i].End
	}
	return out, nil
}

// Coordinates of the test places (public knowledge, rounded).
const (
	parisLat, parisLon         = 48.8534, 2.3488
	lyonLat, lyonLon           = 45.7485, 4.8467
	marseilleLat, marseilleLon = 43.2970, 5.3811
)

const testText = "Paris and Lyon and Nice."

func testDocs() []Doc {
	return []Doc{{
		ID: "d1", Text: testText,
		Toponyms: []Toponym{
			{Start: 0, End: 5, Text: "Paris", GeonameID: 1, Lat: parisLat, Lon: parisLon, HasCoord: true, FeatureCode: "PPLC"},
			{Start: 10, End: 14, Text: "Lyon", GeonameID: 2, Lat: lyonLat, Lon: lyonLon, HasCoord: true, FeatureCode: "PPLA"},
			{Start: 19, End: 23, Text: "Nice", FeatureCode: "PPLA2"}, // no coordinates: recognition only
		},
	}, {
		ID: "d2", Text: "Nothing here.",
	}}
}

func testSystem() fakeSystem {
	return fakeSystem{
		parse: map[string][]Prediction{testText: {
			{Start: 0, End: 5, Resolved: true, Lat: parisLat, Lon: parisLon, GeonameID: 1, Name: "Paris"},
			{Start: 10, End: 13, Resolved: true, Lat: marseilleLat, Lon: marseilleLon, GeonameID: 3, Name: "Marseille"}, // boundary error, wrong place
			{Start: 15, End: 18, Resolved: true, Lat: 0, Lon: 0, Name: "And"},                                           // false positive
		}},
		spans: map[string][]Prediction{testText: {
			{Resolved: true, Lat: parisLat, Lon: parisLon, GeonameID: 1, Name: "Paris"},
			{}, // Lyon unresolved
		}},
	}
}

func TestRun(t *testing.T) {
	rep, err := Run(context.Background(), testDocs(), testSystem(), Options{Corpus: TRNews, Workers: 3, CollectErrors: true, Load: LoadStats{Realigned: 2, Dropped: 1}})
	if err != nil {
		t.Fatal(err)
	}
	lyonMarseille := Haversine(lyonLat, lyonLon, marseilleLat, marseilleLon)
	if lyonMarseille < 250 || lyonMarseille > 300 {
		t.Fatalf("Lyon-Marseille = %.1f km", lyonMarseille)
	}
	lmax := math.Log(MaxErrorKm)
	want := Report{
		Corpus: TRNews, Documents: 2,
		Gold:                GoldCounts{Toponyms: 3, Recognition: 3, Resolution: 2, Realigned: 2, Dropped: 1},
		Recognition:         PRF{TP: 1, FP: 2, FN: 2, Precision: 1.0 / 3, Recall: 1.0 / 3, F1: 1.0 / 3},
		RecognitionOverlap:  PRF{TP: 2, FP: 1, FN: 1, Precision: 2.0 / 3, Recall: 2.0 / 3, F1: 2.0 / 3},
		ResolutionGoldSpans: Resolution{N: 2, Acc161: 0.5, Acc161GeoNames: 0.5, AccID: 0.5, MeanKm: MaxErrorKm / 2, MedianKm: MaxErrorKm / 2, AUC: 0.5, Unresolved: 1},
		EndToEnd: Resolution{N: 2, Acc161: 0.5, Acc161GeoNames: 0.5, AccID: 0.5, MeanKm: lyonMarseille / 2, MedianKm: lyonMarseille / 2,
			AUC: math.Log(lyonMarseille+1) / 2 / lmax},
		// Paris is right; Lyon is found but resolved to Marseille; "and"
		// is a false positive.
		EndToEndF1:  PRF{TP: 1, FP: 2, FN: 1, Precision: 1.0 / 3, Recall: 0.5, F1: 0.4},
		E2EF1161:    0.4,
		Coverage:    1,
		DroppedGold: 1,
		ByType:      map[string]TypeCount{},
		ByFeatureCode: map[string]FeatureCount{
			"PPLC":  {Gold: 1, Found: 1, Resolution: 1, Within161: 1},
			"PPLA":  {Gold: 1, Found: 1, Resolution: 1},
			"PPLA2": {Gold: 1},
		},
		Workers: 2, // no more workers than documents
	}
	opts := []cmp.Option{approx, cmpopts.IgnoreFields(Report{}, "Seconds", "Errors")}
	if diff := cmp.Diff(want, rep, opts...); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	kinds := map[string][]string{}
	for _, e := range rep.Errors {
		text := ""
		if e.Gold != nil {
			text = e.Gold.Text
		} else if e.Pred != nil {
			text = e.Pred.Text
		}
		kinds[e.Kind] = append(kinds[e.Kind], text)
	}
	wantKinds := map[string][]string{
		KindResolutionGoldSpans: {"Lyon"},
		KindResolutionEndToEnd:  {"Lyon"},
		KindBoundary:            {"Lyon"},
		KindFalseNegative:       {"Nice"},
		KindFalsePositive:       {"and"},
	}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("error kinds (-want +got):\n%s", diff)
	}

	var buf bytes.Buffer
	if err := rep.WriteErrors(&buf); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != len(rep.Errors) {
		t.Errorf("WriteErrors wrote %d lines for %d errors", n, len(rep.Errors))
	}
	buf.Reset()
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"recognition", "exact", "overlap", "gold spans", "end to end", "0.333", "coverage", "PPLC"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("text report lacks %q:\n%s", s, buf.String())
		}
	}
}

func TestReportJSONKeys(t *testing.T) {
	rep, err := Run(context.Background(), testDocs(), testSystem(), Options{Corpus: LGL})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(&rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"corpus", "documents", "recognition", "resolution_gold_spans", "end_to_end", "e2e_f1_161", "e2e_161", "seconds"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	for _, k := range []string{"precision", "recall", "f1"} {
		if _, ok := m["recognition"].(map[string]any)[k]; !ok {
			t.Errorf("recognition lacks %q", k)
		}
	}
	for _, o := range []string{"resolution_gold_spans", "end_to_end"} {
		for _, k := range []string{"n", "acc161", "acc161_geonames", "mean_km", "median_km", "auc"} {
			if _, ok := m[o].(map[string]any)[k]; !ok {
				t.Errorf("%s lacks %q", o, k)
			}
		}
	}
}

// TestRunGeoWebNewsTypes: predictions on types that do not count are
// false positives, and the per-type table says so.
func TestRunGeoWebNewsTypes(t *testing.T) {
	text := "Jordan said Iraqi forces entered the city."
	docs := []Doc{{ID: "g", Text: text, Toponyms: []Toponym{
		{Start: 0, End: 6, Text: "Jordan", Type: "Non_Toponym"},
		{Start: 12, End: 17, Text: "Iraqi", Type: "Demonym", GeonameID: 99237, Lat: 33, Lon: 44, HasCoord: true},
		{Start: 37, End: 41, Text: "city", Type: "Literal_Expression"},
	}}}
	sys := fakeSystem{
		parse: map[string][]Prediction{text: {
			{Start: 0, End: 6, Resolved: true, Lat: 31, Lon: 36},
			{Start: 12, End: 17, Resolved: true, Lat: 33, Lon: 44, GeonameID: 99237},
		}},
		spans: map[string][]Prediction{text: {{Resolved: true, Lat: 33, Lon: 44, GeonameID: 99237}}},
	}
	rep, err := Run(context.Background(), docs, sys, Options{Corpus: GeoWebNews, CollectErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(NewPRF(1, 2, 1), rep.Recognition, approx); diff != "" {
		t.Errorf("recognition (-want +got):\n%s", diff)
	}
	wantTypes := map[string]TypeCount{
		"Non_Toponym":        {Gold: 1, Found: 1},
		"Demonym":            {Counted: true, Gold: 1, Found: 1},
		"Literal_Expression": {Gold: 1},
	}
	if diff := cmp.Diff(wantTypes, rep.ByType); diff != "" {
		t.Errorf("by type (-want +got):\n%s", diff)
	}
	if rep.ResolutionGoldSpans.N != 1 || rep.ResolutionGoldSpans.Acc161 != 1 || rep.EndToEnd.AccID != 1 {
		t.Errorf("resolution = %+v / %+v", rep.ResolutionGoldSpans, rep.EndToEnd)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Kind != KindFalsePositive || rep.Errors[0].Gold == nil || rep.Errors[0].Gold.Type != "Non_Toponym" {
		t.Errorf("errors = %+v, want one false positive on the Non_Toponym", rep.Errors)
	}
}

func TestRunDeterministic(t *testing.T) {
	var docs []Doc
	for range 20 {
		docs = append(docs, testDocs()...)
	}
	ignore := cmpopts.IgnoreFields(Report{}, "Seconds", "Workers")
	var first Report
	for i, w := range []int{1, 2, 7} {
		rep, err := Run(context.Background(), docs, testSystem(), Options{Corpus: TRNews, Workers: w, CollectErrors: true})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = rep
			continue
		}
		if diff := cmp.Diff(first, rep, ignore); diff != "" {
			t.Errorf("workers=%d differs from workers=1 (-1 +%d):\n%s", w, w, diff)
		}
	}
}

func TestRunErrors(t *testing.T) {
	sys := testSystem()
	sys.err = errors.New("boom")
	if _, err := Run(context.Background(), testDocs(), sys, Options{Corpus: TRNews}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("Run error = %v, want boom", err)
	}
	short := testSystem()
	short.spans[testText] = short.spans[testText][:1]
	if _, err := Run(context.Background(), testDocs(), short, Options{Corpus: TRNews}); err == nil {
		t.Error("Run with a short ResolveSpans answer: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, testDocs(), testSystem(), Options{Corpus: TRNews}); !errors.Is(err, context.Canceled) {
		t.Errorf("Run on a cancelled context = %v", err)
	}
}
