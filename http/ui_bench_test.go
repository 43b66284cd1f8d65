package http_test

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/fuse"
	evhttp "github.com/evident-org/evident/http"
	"github.com/evident-org/evident/internal/synth"
)

// benchIncidents fuses the synthetic store's events into incidents when
// it has none yet (once; the database keeps them). Fusing 1M events with
// fuse.Update is slow (the synthetic hotspots make huge components), so
// this replays the generator (it is deterministic: the same documents
// benchStore stored), groups its non-background events by place and
// event date, fuses each group with the pure fuse.Fuse and writes the
// incidents with ReplaceIncidents, a few thousand groups at a time.
func benchIncidents(b *testing.B, store evhttp.Store, n int) {
	b.Helper()
	st, ok := store.(interface {
		evident.Store
		evident.IncidentStore
	})
	if !ok {
		b.Skip("the store keeps no incidents")
	}
	ctx := context.Background()
	page, err := st.Incidents(ctx, evident.Query{}, evident.PageRequest{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	if len(page.Incidents) > 0 {
		return
	}
	b.Logf("fusing the %d synthetic events into incidents (once; reused later)", n)
	start := time.Now()
	type group struct {
		events []evident.Event
	}
	groups := map[string]*group{}
	var order []string
	docs := map[string]fuse.Doc{}
	g := synth.New(1)
	for have := 0; have < n; {
		doc, evs := g.Next()
		have += len(evs)
		docs[doc.ID] = fuse.Doc{Outlet: doc.Outlet, Published: doc.Published}
		for _, e := range evs {
			if e.Background {
				continue
			}
			k := e.Location.Location + "|" + e.EventDate
			gr := groups[k]
			if gr == nil {
				gr = &group{}
				groups[k] = gr
				order = append(order, k)
			}
			gr.events = append(gr.events, e)
		}
	}
	var ids []string
	var incs []evident.Incident
	flush := func() {
		if len(ids) == 0 {
			return
		}
		if err := st.ReplaceIncidents(ctx, ids, incs); err != nil {
			b.Fatal(err)
		}
		ids, incs = ids[:0], incs[:0]
	}
	total := 0
	for _, k := range order {
		gr := groups[k]
		for _, in := range fuse.Fuse(gr.events, docs) {
			in.Component = "bench-" + in.ID
			in.Cause = "fused from " + strconv.Itoa(len(in.Reports)) + " synthetic report(s)"
			incs = append(incs, in)
			total++
		}
		for _, e := range gr.events {
			ids = append(ids, e.ID)
		}
		if len(ids) >= 5000 {
			flush()
		}
	}
	flush()
	b.Logf("%d incidents from %d groups in %s", total, len(order), time.Since(start).Round(time.Second))
}

// BenchmarkIncidentUI measures the incident pages and the incidents API
// over loopback on the synthetic store with its events fused, one
// request at a time, and reports p50, p95 and p99 in milliseconds:
//
//	EVIDENT_BENCH_EVENTS=1000000 go test -run XXX -bench IncidentUI -benchtime 400x ./http/
func BenchmarkIncidentUI(b *testing.B) {
	st, n := benchStore(b)
	defer st.Close()
	benchIncidents(b, st, n)
	srv, err := evhttp.NewServer(evhttp.Config{}, evhttp.Options{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	ctx := context.Background()

	// Incident ids to open: the first pages of a few countries and of the
	// world, the largest incidents among them included.
	var ids []string
	for _, c := range []string{"", "SY", "UA", "YE", "IQ", "NG", "SD", "MM", "AF"} {
		page, err := st.(evident.IncidentStore).Incidents(ctx, evident.Query{Countries: nonEmpty(c)}, evident.PageRequest{Limit: 200})
		if err != nil {
			b.Fatal(err)
		}
		for _, in := range page.Incidents {
			ids = append(ids, in.ID)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		b.Fatal("no incidents")
	}
	b.Logf("%d events; %d incident ids to open", n, len(ids))
	var centres [][2]float64
	places, err := st.Places(ctx, evident.Query{}, 200)
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range places {
		centres = append(centres, [2]float64{p.Latitude, p.Longitude})
	}

	cases := []struct {
		name  string
		query func(rng *rand.Rand) string
	}{
		{"page/incident", func(rng *rand.Rand) string { return "/incidents/" + ids[rng.IntN(len(ids))] }},
		{"api/incident", func(rng *rand.Rand) string { return "/api/v1/incidents/" + ids[rng.IntN(len(ids))] }},
		{"api/incidents", func(rng *rand.Rand) string { return "/api/v1/incidents?limit=50" }},
		// What the index's incidents view asks when the map moves: the
		// list (50) and the markers (pages of 1,000).
		{"api/incidents/bbox+time", func(rng *rand.Rand) string {
			since, until := timeRange(rng)
			return "/api/v1/incidents?" + url.Values{"limit": {"50"}, "bbox": {viewport(rng, centres)}, "since": {since}, "until": {until}}.Encode()
		}},
		{"api/incidents/bbox+1000", func(rng *rand.Rand) string {
			return "/api/v1/incidents?" + url.Values{"limit": {"1000"}, "bbox": {viewport(rng, centres)}}.Encode()
		}},
		{"page/index", func(rng *rand.Rand) string { return "/" }},
		{"page/index/reports", func(rng *rand.Rand) string { return "/?view=reports" }},
	}
	client := ts.Client()
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(7, 7))
			var lat []time.Duration
			for b.Loop() {
				u := ts.URL + c.query(rng)
				start := time.Now()
				resp, err := client.Get(u)
				if err != nil {
					b.Fatal(err)
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				lat = append(lat, time.Since(start))
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d %s", u, resp.StatusCode, body)
				}
			}
			slices.Sort(lat)
			q := func(p float64) float64 {
				return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(q(0.50), "p50-ms")
			b.ReportMetric(q(0.95), "p95-ms")
			b.ReportMetric(q(0.99), "p99-ms")
		})
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
