package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/evident-org/evident"
	evhttp "github.com/evident-org/evident/http"
	"github.com/evident-org/evident/internal/synth"
	"github.com/evident-org/evident/postgres"
	"github.com/evident-org/evident/sqlite"
)

// benchStore opens (building it on first use) a database of synthetic
// events: EVIDENT_BENCH_EVENTS events (default 20,000) at
// EVIDENT_BENCH_DB (default: a file in the OS temp dir named after the
// size, reused across runs). With EVIDENT_BENCH_POSTGRES set to a
// postgres:// URL the store is PostgreSQL instead, in the schema
// evident_bench_N of that database (reused across runs; drop it to
// rebuild), filled with the same synthetic events by COPY.
func benchStore(b *testing.B) (evhttp.Store, int) {
	b.Helper()
	n := 20000
	if s := os.Getenv("EVIDENT_BENCH_EVENTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n <= 0 {
			b.Fatalf("EVIDENT_BENCH_EVENTS=%q: want a positive integer", s)
		}
	}
	ctx := context.Background()
	if u := os.Getenv("EVIDENT_BENCH_POSTGRES"); u != "" {
		return benchPostgres(b, u, n)
	}
	path := os.Getenv("EVIDENT_BENCH_DB")
	if path == "" {
		path = filepath.Join(os.TempDir(), fmt.Sprintf("evident-bench-%d.db", n))
	}
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	_, have, err := st.Counts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if have < n {
		b.Logf("building %s: %d synthetic events (once; reused later)", path, n)
		start := time.Now()
		g := synth.New(1)
		for have < n {
			doc, evs := g.Next()
			if _, err := st.PutDocument(ctx, doc, evs); err != nil {
				b.Fatal(err)
			}
			have += len(evs)
		}
		b.Logf("built in %s", time.Since(start).Round(time.Second))
	}
	return st, have
}

// benchPostgres opens the PostgreSQL bench store of n events at url,
// building it with postgres.Store.Load (COPY) when it is not there: the
// generator's documents in the order SQLite's build puts them, so both
// stores hold the same events.
func benchPostgres(b *testing.B, url string, n int) (evhttp.Store, int) {
	ctx := context.Background()
	schema := fmt.Sprintf("evident_bench_%d", n)
	st, err := postgres.Open(ctx, postgres.Config{URL: url, Schema: schema})
	if err != nil {
		b.Fatal(err)
	}
	_, have, err := st.Counts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if have == 0 {
		b.Logf("building schema %s: %d synthetic events (once; reused later)", schema, n)
		start := time.Now()
		g := synth.New(1)
		for have < n {
			var docs []*evident.Document
			var evs [][]evident.Event
			for len(docs) < 5000 && have < n {
				doc, es := g.Next()
				docs = append(docs, doc)
				evs = append(evs, es)
				have += len(es)
			}
			if err := st.Load(ctx, docs, evs); err != nil {
				b.Fatal(err)
			}
		}
		// Statistics for the planner, and the visibility map that lets
		// index-only scans skip the table.
		if _, err := st.Pool().Exec(ctx, `VACUUM (ANALYZE) events, documents, evidence, field_evidence, event_months`); err != nil {
			b.Fatal(err)
		}
		b.Logf("built in %s", time.Since(start).Round(time.Second))
	} else if have < n {
		b.Fatalf("schema %s holds %d events, fewer than %d: drop it to rebuild", schema, have, n)
	}
	return st, have
}

// viewport is a random map view as an analyst would pan to: centred near
// a place with events, at zoom 3 to 10, on a 1366x800 screen.
func viewport(rng *rand.Rand, centres [][2]float64) string {
	c := centres[rng.IntN(len(centres))]
	zoom := 3 + rng.IntN(8)
	w := 360 / math.Pow(2, float64(zoom)) * 1366 / 256
	h := w * 800 / 1366 * math.Cos(c[0]*math.Pi/180)
	lat := c[0] + rng.NormFloat64()*h/4
	lon := c[1] + rng.NormFloat64()*w/4
	return fmt.Sprintf("%.4f,%.4f,%.4f,%.4f", lon-w/2, max(-90, lat-h/2), lon+w/2, min(90, lat+h/2))
}

// timeRange is a random analyst time window: a week to five years.
func timeRange(rng *rand.Rand) (string, string) {
	spans := []int{7, 30, 90, 365, 1825}
	span := spans[rng.IntN(len(spans))]
	total := int(synth.End.Sub(synth.Start).Hours() / 24)
	start := synth.Start.AddDate(0, 0, rng.IntN(max(1, total-span/2)))
	return start.Format(time.DateOnly), start.AddDate(0, 0, span).Format(time.DateOnly)
}

// BenchmarkAPI measures API latency over loopback against a store of
// synthetic events. Each sub-benchmark sends its request mix one request
// at a time and reports p50, p95 and p99 in milliseconds:
//
//	EVIDENT_BENCH_EVENTS=1000000 go test -run XXX -bench API -benchtime 400x ./http/
//	EVIDENT_BENCH_POSTGRES=postgres://... EVIDENT_BENCH_EVENTS=1000000 go test -run XXX -bench API -benchtime 400x ./http/
func BenchmarkAPI(b *testing.B) {
	st, n := benchStore(b)
	defer st.Close()
	srv, err := evhttp.NewServer(evhttp.Config{}, evhttp.Options{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	b.Logf("%d events", n)

	var centres [][2]float64
	places, err := st.Places(context.Background(), evident.Query{}, 200)
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range places {
		centres = append(centres, [2]float64{p.Latitude, p.Longitude})
	}
	countries := []string{"SY", "UA", "YE", "IQ", "NG", "SD", "MM", "AF"}
	types := []string{"Battles", "Protests", "Explosions/Remote violence", "Violence against civilians"}

	cases := []struct {
		name  string
		query func(rng *rand.Rand) string
	}{
		{"events/bbox+time", func(rng *rand.Rand) string {
			since, until := timeRange(rng)
			return "/api/v1/events?" + url.Values{"bbox": {viewport(rng, centres)}, "since": {since}, "until": {until}}.Encode()
		}},
		{"events/bbox+time+type", func(rng *rand.Rand) string {
			since, until := timeRange(rng)
			return "/api/v1/events?" + url.Values{"bbox": {viewport(rng, centres)}, "since": {since}, "until": {until}, "event_type": {types[rng.IntN(len(types))]}}.Encode()
		}},
		{"events/all", func(rng *rand.Rand) string { return "/api/v1/events" }},
		{"stats/auto", func(rng *rand.Rand) string { return "/api/v1/stats?by=auto" }},
		{"stats/auto+country", func(rng *rand.Rand) string {
			return "/api/v1/stats?by=auto&country=" + countries[rng.IntN(len(countries))]
		}},
		{"stats/type+bbox+time", func(rng *rand.Rand) string {
			since, until := timeRange(rng)
			return "/api/v1/stats?" + url.Values{"by": {"event_type"}, "bbox": {viewport(rng, centres)}, "since": {since}, "until": {until}}.Encode()
		}},
		{"stats/country+time", func(rng *rand.Rand) string {
			since, until := timeRange(rng)
			return "/api/v1/stats?" + url.Values{"by": {"country"}, "since": {since}, "until": {until}}.Encode()
		}},
		// What the index asks when the map moves: the timeline, the
		// actors chart and the place labels of the view.
		{"stats/auto+bbox", func(rng *rand.Rand) string {
			return "/api/v1/stats?" + url.Values{"by": {"auto"}, "bbox": {viewport(rng, centres)}}.Encode()
		}},
		{"actors/bbox+time", func(rng *rand.Rand) string {
			since, until := timeRange(rng)
			return "/api/v1/actors?" + url.Values{"limit": {"8"}, "bbox": {viewport(rng, centres)}, "since": {since}, "until": {until}}.Encode()
		}},
		{"actors/world", func(rng *rand.Rand) string { return "/api/v1/actors?limit=8" }},
		{"basemap/places", func(rng *rand.Rand) string {
			return "/api/v1/basemap/places?" + url.Values{"bbox": {viewport(rng, centres)}, "min_population": {"30000"}, "limit": {"150"}}.Encode()
		}},
		{"map/world", func(rng *rand.Rand) string { return "/api/v1/map?zoom=2" }},
		{"map/last-100k", func(rng *rand.Rand) string {
			// The most recent ~100,000 events of the 1M-event store, world view.
			return "/api/v1/map?zoom=2&since=2025-03-22"
		}},
		{"map/bbox+time", func(rng *rand.Rand) string {
			since, until := timeRange(rng)
			return "/api/v1/map?" + url.Values{"zoom": {"6"}, "bbox": {viewport(rng, centres)}, "since": {since}, "until": {until}}.Encode()
		}},
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
				if !json.Valid(body) {
					b.Fatalf("%s: invalid JSON", u)
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
