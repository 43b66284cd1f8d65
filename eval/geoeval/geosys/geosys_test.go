package geosys

import (
	"context"
	"math"
	"testing"

	"github.com/evident-org/evident/eval/geoeval"
	"github.com/evident-org/evident/gazetteer"
	"github.com/evident-org/evident/geoparse"
)

func TestSystem(t *testing.T) {
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "Clashes near Tripoli, Lebanon. Iraqi troops held Mosul."
	for _, s := range []System{{Gaz: g}, {Gaz: g, Cache: &geoparse.ProbeCache{}}} {
		preds, err := s.Parse(context.Background(), text, "")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]geoeval.Prediction{}
		for _, p := range preds {
			got[text[p.Start:p.End]] = p
		}
		for name, want := range map[string][2]float64{"Tripoli": {34.43, 35.84}, "Lebanon": {33.9, 35.9}, "Iraqi": {33, 43.7}, "Mosul": {36.34, 43.12}} {
			p, ok := got[name]
			if !ok || !p.Resolved {
				t.Errorf("Parse: %s not found or unresolved (%+v)", name, preds)
				continue
			}
			if d := geoparse.Distance(p.Lat, p.Lon, want[0], want[1]); d > 161 {
				t.Errorf("Parse: %s at %.2f,%.2f, %.0f km from %v", name, p.Lat, p.Lon, d, want)
			}
		}
		// Gold spans: one prediction per span, in order; a demonym
		// resolves to its country's point.
		spans := []geoeval.Span{{Start: 13, End: 20}, {Start: 22, End: 29}, {Start: 31, End: 36}}
		res, err := s.ResolveSpans(context.Background(), text, "", spans)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 3 || !res[0].Resolved || !res[2].Resolved {
			t.Fatalf("ResolveSpans = %+v", res)
		}
		if math.Abs(res[0].Lon-35.84) > 1 || res[2].Name == "" {
			t.Errorf("ResolveSpans = %+v", res)
		}
	}
}
