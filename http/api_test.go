package http

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/export"
	"github.com/evident-org/evident/sqlite"
	"github.com/evident-org/evident/storetest"
	"github.com/google/go-cmp/cmp"
)

// fakeExtractor returns two fixed events for any document.
type fakeExtractor struct{}

func (fakeExtractor) Run(ctx context.Context, doc *evident.Document) (*evident.Analysis, error) {
	evs := []evident.Event{
		{ID: doc.ID + "-e1", DocID: doc.ID, EventDate: "2017-05-01", EventType: "Battles", SubEventType: "Armed clash",
			Actor1: "Islamic State", Location: evident.Location{Country: "Iraq", CountryCode: "IQ", Location: "Mosul", Latitude: 36.3, Longitude: 43.1},
			Modality: evident.ModalityAsserted, ExtractorVersion: "fake-1"},
		{ID: doc.ID + "-e2", DocID: doc.ID, EventType: "Protests", SubEventType: "Peaceful protest", Background: true,
			Modality: evident.ModalityReported, ExtractorVersion: "fake-1"},
	}
	return &evident.Analysis{Doc: doc, Events: evs, Version: "fake-1"}, nil
}

// fakeFetcher serves one URL.
type fakeFetcher struct{}

func (fakeFetcher) Fetch(ctx context.Context, u string) (*evident.Document, error) {
	if u != "https://example.org/article" {
		return nil, evident.Errorf(evident.ENOTFOUND, u, "no such page")
	}
	text := "Fetched article about Mosul."
	return &evident.Document{ID: "example-article", URL: u, Outlet: "example.org", Text: text, Format: "html", ContentHash: evident.HashText(text)}, nil
}

type testServer struct {
	h     http.Handler
	store *sqlite.Store
	token string
	logs  *syncBuffer
	dir   string
}

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// newTestServer serves a temporary SQLite store holding the storetest
// query fixture, with a token.
func newTestServer(t testing.TB, cfg Config, o Options) *testServer {
	t.Helper()
	dir := t.TempDir()
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "evident.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	storetest.PutQueryFixture(t, st)
	_, secret, err := st.CreateToken(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	if o.Store == nil {
		o.Store = st
	}
	o.Logger = slog.New(slog.NewTextHandler(logs, nil))
	s, err := NewServer(cfg, o)
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{h: s.Handler(), store: st, token: secret, logs: logs, dir: dir}
}

type req struct {
	method, target string
	body           string
	ctype          string
	auth           string
}

func (ts *testServer) do(t testing.TB, r req) *httptest.ResponseRecorder {
	t.Helper()
	if r.method == "" {
		r.method = http.MethodGet
	}
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr := httptest.NewRequest(r.method, r.target, body)
	if r.ctype != "" {
		hr.Header.Set("Content-Type", r.ctype)
	}
	if r.auth != "" {
		hr.Header.Set("Authorization", r.auth)
	}
	w := httptest.NewRecorder()
	ts.h.ServeHTTP(w, hr)
	return w
}

func (ts *testServer) get(t testing.TB, target string) *httptest.ResponseRecorder {
	t.Helper()
	return ts.do(t, req{target: target})
}

// decode decodes a JSON response of the wanted status into v.
func decode(t testing.TB, w *httptest.ResponseRecorder, status int, v any) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q, want JSON", ct)
	}
	dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding %s: %v", w.Body, err)
	}
}

// apiError decodes an error response and checks its shape.
func apiError(t testing.TB, w *httptest.ResponseRecorder, status int, code string) errorDetail {
	t.Helper()
	var body errorBody
	decode(t, w, status, &body)
	if body.Error.Code != code || body.Error.Message == "" {
		t.Errorf("error %+v, want code %q and a message", body.Error, code)
	}
	return body.Error
}

type eventsResp struct {
	Events     []evident.Event `json:"events"`
	NextCursor string          `json:"next_cursor"`
}

func eventIDs(evs []evident.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

func TestEvents(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	tests := []struct {
		target string
		want   []string
	}{
		{"/api/v1/events", []string{"r6", "f3", "f2", "f1", "r4", "x3", "r3", "m8", "m5", "m4", "r2", "r1", "m3", "m2", "m1", "x4", "x1", "r5", "m6", "x2", "f4"}},
		{"/api/v1/events?country=fj&sort=date", []string{"f1", "f2", "f3", "f4"}},
		{"/api/v1/events?country=Fiji&sort=date", []string{"f1", "f2", "f3", "f4"}},
		{"/api/v1/events?country=fiji,FJ&sort=date", []string{"f1", "f2", "f3", "f4"}},
		{"/api/v1/events?bbox=179,-17,-179,-16&sort=date", []string{"f1", "f2"}},
		{"/api/v1/events?bbox=-181,-17,-179,-16&sort=date", []string{"f1", "f2"}}, // Leaflet beyond ±180
		{"/api/v1/events?since=2017-02-06&until=2017-02-06", []string{"m8", "m5"}},
		{"/api/v1/events?event_type=battles,RIOTS&sort=date", []string{"x1", "m1", "r1", "f2", "f3", "m6"}},
		{"/api/v1/events?sub_event_type=Air/drone+strike&min_fatalities=5&sort=date", []string{"m2", "r2", "m8", "x3"}},
		{"/api/v1/events?actor=Popular+Mobilization+Forces", []string{"m1"}},
		{"/api/v1/events?civilian_targeting=true&modality=reported,denied&sort=date", []string{"m3", "r3", "r4"}},
		{"/api/v1/events?include_background=true&doc_id=hist&sort=date", []string{"h1", "h3", "h2"}},
		{"/api/v1/events?q=sniper&sort=date", []string{"m3", "m8"}},
		{"/api/v1/events?admin1=Anbar,Idlib&sort=date", []string{"m5", "x3"}},
		{"/api/v1/events?sort=-fatalities&limit=3", []string{"r1", "x3", "m1"}},
		{"/api/v1/events?doc_id=nope", nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := ts.get(t, tt.target)
			var got eventsResp
			decode(t, w, http.StatusOK, &got)
			if diff := cmp.Diff(tt.want, eventIDs(got.Events)); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if !strings.Contains(w.Body.String(), `"events":[`) || strings.Contains(w.Body.String(), "field_evidence") || strings.Contains(w.Body.String(), `"tags":null`) {
				t.Errorf("events JSON: want a list, no field evidence, tags never null: %.300s", w.Body)
			}
		})
	}
}

func TestEventsPaging(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	for _, sort := range []string{"-date", "date", "-fatalities", "fatalities"} {
		var want eventsResp
		decode(t, ts.get(t, "/api/v1/events?include_background=true&sort="+sort), http.StatusOK, &want)
		for _, limit := range []int{1, 4, 7} {
			var got []string
			cursor := ""
			for n := 0; ; n++ {
				if n > 100 {
					t.Fatal("more than 100 pages")
				}
				var pg eventsResp
				decode(t, ts.get(t, fmt.Sprintf("/api/v1/events?include_background=true&sort=%s&limit=%d&cursor=%s", sort, limit, url.QueryEscape(cursor))), http.StatusOK, &pg)
				if len(pg.Events) > limit {
					t.Fatalf("page of %d events for limit %d", len(pg.Events), limit)
				}
				got = append(got, eventIDs(pg.Events)...)
				if cursor = pg.NextCursor; cursor == "" {
					break
				}
			}
			if diff := cmp.Diff(eventIDs(want.Events), got); diff != "" || len(got) != 26 {
				t.Errorf("sort %s limit %d: paged ids (-want +got):\n%s", sort, limit, diff)
			}
		}
	}
	// A cursor of another sort is a bad cursor.
	var pg eventsResp
	decode(t, ts.get(t, "/api/v1/events?limit=1"), http.StatusOK, &pg)
	e := apiError(t, ts.get(t, "/api/v1/events?sort=-fatalities&cursor="+pg.NextCursor), http.StatusBadRequest, evident.EINVALID)
	if e.Param != "cursor" {
		t.Errorf("param %q, want cursor", e.Param)
	}
}

func TestEventDetail(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	var got struct {
		Event    evident.Event `json:"event"`
		Document jsonDocument  `json:"document"`
	}
	decode(t, ts.get(t, "/api/v1/events/m3"), http.StatusOK, &got)
	if got.Event.ID != "m3" || got.Event.DocID != "mosul" || len(got.Event.Fields) == 0 || len(got.Event.Evidence) == 0 {
		t.Fatalf("event %+v, want m3 with evidence and field evidence", got.Event)
	}
	if got.Document.ID != "mosul" || got.Document.Title != "Battle for Mosul" || got.Document.Text == "" || got.Document.Published == "" {
		t.Errorf("document %+v, want mosul with its text", got.Document)
	}
	for _, ev := range got.Event.Evidence {
		if ev.Start < 0 || ev.End > len(got.Document.Text) || got.Document.Text[ev.Start:ev.End] != ev.Text {
			t.Errorf("evidence %+v is not the document's text at its span", ev)
		}
	}
	for _, target := range []string{"/api/v1/events/nope", "/api/v1/events/M3", "/api/v1/events/m3%27%20OR%20%271%27=%271"} {
		w := ts.get(t, target)
		apiError(t, w, http.StatusNotFound, evident.ENOTFOUND)
		if strings.Contains(w.Body.String(), ts.dir) {
			t.Errorf("%s: the error names the database: %s", target, w.Body)
		}
	}
	apiError(t, ts.get(t, "/api/v1/events/m3?x=1"), http.StatusBadRequest, evident.EINVALID)
}

type docsResp struct {
	Documents  []evident.DocumentSummary `json:"documents"`
	NextCursor string                    `json:"next_cursor"`
}

func TestDocuments(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	var all docsResp
	decode(t, ts.get(t, "/api/v1/documents"), http.StatusOK, &all)
	var ids []string
	for _, d := range all.Documents {
		ids = append(ids, d.ID)
	}
	if want := []string{"empty", "hist", "misc", "fiji", "raqqa", "mosul"}; !cmp.Equal(want, ids) || all.NextCursor != "" {
		t.Errorf("documents %v next %q, want %v", ids, all.NextCursor, want)
	}
	if d := all.Documents[5]; d.Events != 7 || d.BackgroundEvents != 1 || d.Outlet != "Iraq News" || d.IngestedAt.IsZero() {
		t.Errorf("mosul summary %+v", d)
	}
	// Paging.
	var got []string
	cursor := ""
	for {
		var pg docsResp
		decode(t, ts.get(t, "/api/v1/documents?limit=4&cursor="+url.QueryEscape(cursor)), http.StatusOK, &pg)
		for _, d := range pg.Documents {
			got = append(got, d.ID)
		}
		if cursor = pg.NextCursor; cursor == "" {
			break
		}
	}
	if !cmp.Equal(ids, got) {
		t.Errorf("paged documents %v, want %v", got, ids)
	}
	var match docsResp
	decode(t, ts.get(t, "/api/v1/documents?q=SYRIA"), http.StatusOK, &match)
	if len(match.Documents) != 1 || match.Documents[0].ID != "raqqa" {
		t.Errorf("documents?q=SYRIA = %+v, want raqqa", match.Documents)
	}
	var none docsResp
	decode(t, ts.get(t, "/api/v1/documents?q=zzz"), http.StatusOK, &none)
	if none.Documents == nil || len(none.Documents) != 0 {
		t.Errorf("no match: documents %v, want []", none.Documents)
	}

	// One document, background events included and flagged.
	var one struct {
		Document jsonDocument    `json:"document"`
		Events   []evident.Event `json:"events"`
	}
	decode(t, ts.get(t, "/api/v1/documents/mosul"), http.StatusOK, &one)
	if one.Document.ID != "mosul" || !strings.Contains(one.Document.Text, "sniper") {
		t.Errorf("document %+v, want mosul with its text", one.Document)
	}
	if want := []string{"m1", "m7", "m2", "m3", "m4", "m5", "m6", "m8"}; !cmp.Equal(want, eventIDs(one.Events)) || !one.Events[1].Background {
		t.Errorf("events %v, want %v with m7 background", eventIDs(one.Events), want)
	}
	decode(t, ts.get(t, "/api/v1/documents/empty"), http.StatusOK, &one)
	if one.Events == nil || len(one.Events) != 0 {
		t.Errorf("document without events: events %v, want []", one.Events)
	}
	apiError(t, ts.get(t, "/api/v1/documents/nope"), http.StatusNotFound, evident.ENOTFOUND)
}

func TestActorsPlacesStatsMap(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	var actors struct {
		Actors []evident.ActorCount `json:"actors"`
	}
	decode(t, ts.get(t, "/api/v1/actors?limit=2"), http.StatusOK, &actors)
	if want := []evident.ActorCount{{Name: "Islamic State", Inter: 2, Events: 9, Fatalities: 51}, {Name: "Coalition Forces", Inter: 8, Events: 4, Fatalities: 17}}; !cmp.Equal(want, actors.Actors) {
		t.Errorf("actors %+v, want %+v", actors.Actors, want)
	}
	var places struct {
		Places []evident.PlaceCount `json:"places"`
	}
	decode(t, ts.get(t, "/api/v1/places?country=FJ&limit=1"), http.StatusOK, &places)
	if len(places.Places) != 1 || places.Places[0].Location != "Labasa" || places.Places[0].GeonameID != 2204 {
		t.Errorf("places %+v, want Labasa", places.Places)
	}
	decode(t, ts.get(t, "/api/v1/places?doc_id=misc"), http.StatusOK, &places)
	if places.Places == nil || len(places.Places) != 0 {
		t.Errorf("places without locations: %v, want []", places.Places)
	}

	var st evident.Stats
	decode(t, ts.get(t, "/api/v1/stats"), http.StatusOK, &st)
	if st.By != "day" || st.Total != 21 || st.Fatalities != 91 || len(st.Buckets) != 12 {
		t.Errorf("stats (auto) = %+v, want day, 21 events, 91 dead, 12 buckets", st)
	}
	decode(t, ts.get(t, "/api/v1/stats?by=WEEK&country=FJ"), http.StatusOK, &st)
	if want := (evident.Stats{By: "week", Total: 4, Fatalities: 1, Buckets: []evident.Bucket{{Key: "2017-02-27", Count: 3, Fatalities: 1}}}); !cmp.Equal(want, st) {
		t.Errorf("stats by week = %+v, want %+v", st, want)
	}
	decode(t, ts.get(t, "/api/v1/stats?by=country"), http.StatusOK, &st)
	if len(st.Buckets) != 3 || st.Buckets[0] != (evident.Bucket{Key: "IQ", Label: "Iraq", Count: 9, Fatalities: 34}) {
		t.Errorf("stats by country = %+v", st)
	}
	decode(t, ts.get(t, "/api/v1/stats?doc_id=nope"), http.StatusOK, &st)
	if st.Buckets == nil || st.Total != 0 {
		t.Errorf("stats of nothing = %+v, want buckets []", st)
	}

	var mv evident.MapView
	decode(t, ts.get(t, "/api/v1/map?zoom=5"), http.StatusOK, &mv)
	if mv.Mode != "points" || mv.Total != 16 || len(mv.Points) != 16 {
		t.Errorf("map = %s, %d, %d points; want 16 points", mv.Mode, mv.Total, len(mv.Points))
	}
	w := ts.get(t, "/api/v1/map?doc_id=misc")
	decode(t, w, http.StatusOK, &mv)
	if mv.Total != 0 || !strings.Contains(w.Body.String(), `"points":[]`) {
		t.Errorf("map of unlocated events: %s, want points []", w.Body)
	}
}

func TestCellDegrees(t *testing.T) {
	prev := 1e9
	for z := 0; z <= 18; z++ {
		c := cellDegrees(z)
		if !(c > 0) || c > prev {
			t.Errorf("cellDegrees(%d) = %g after %g: want positive, shrinking with zoom", z, c, prev)
		}
		prev = c
	}
	if cellDegrees(0) < 30 || cellDegrees(18) > 0.001 {
		t.Errorf("cellDegrees(0) = %g, (18) = %g", cellDegrees(0), cellDegrees(18))
	}
}

func TestExport(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	check := func(t *testing.T, w *httptest.ResponseRecorder, ctype, ext string) {
		t.Helper()
		if w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		if got := w.Header().Get("Content-Type"); got != ctype {
			t.Errorf("Content-Type %q, want %q", got, ctype)
		}
		if got := w.Header().Get("Content-Disposition"); got != `attachment; filename="evident-events.`+ext+`"` {
			t.Errorf("Content-Disposition %q", got)
		}
	}
	t.Run("acled-csv", func(t *testing.T) {
		for _, target := range []string{"/api/v1/export", "/api/v1/export?format=acled-csv"} {
			w := ts.get(t, target)
			check(t, w, "text/csv; charset=utf-8", "csv")
			rows, err := csv.NewReader(w.Body).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(export.CSVHeader(), rows[0]); diff != "" {
				t.Errorf("header (-want +got):\n%s", diff)
			}
			if !slices.Equal(export.ACLEDColumns(), rows[0][:len(export.ACLEDColumns())]) {
				t.Errorf("header does not start with ACLED's columns in order: %v", rows[0])
			}
			if len(rows) != 22 {
				t.Errorf("%d rows, want header + 21", len(rows))
			}
			// Date order, undated last.
			if rows[1][0] == "" || rows[1][1] != "2017-01-01" {
				t.Errorf("first row %v, want x1 of 2017-01-01", rows[1])
			}
		}
	})
	t.Run("geojson", func(t *testing.T) {
		w := ts.get(t, "/api/v1/export?format=geojson&country=FJ")
		check(t, w, "application/geo+json", "geojson")
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				Type     string          `json:"type"`
				ID       string          `json:"id"`
				Geometry json.RawMessage `json:"geometry"`
			} `json:"features"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &fc); err != nil {
			t.Fatalf("GeoJSON does not parse: %v\n%s", err, w.Body)
		}
		if fc.Type != "FeatureCollection" || len(fc.Features) != 4 || fc.Features[0].ID != "f1" || len(fc.Features[0].Geometry) < 10 {
			t.Errorf("GeoJSON %+v, want 4 features from f1", fc)
		}
	})
	t.Run("jsonl", func(t *testing.T) {
		w := ts.get(t, "/api/v1/export?format=JSONL&include_background=true")
		check(t, w, "application/x-ndjson", "jsonl")
		n := 0
		sc := bufio.NewScanner(w.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var e evident.Event
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.ID == "" || len(e.Fields) != 0 {
				t.Errorf("line %d %q: %v (want an event without field evidence)", n+1, sc.Text(), err)
			}
			n++
		}
		if n != 26 {
			t.Errorf("%d lines, want 26", n)
		}
	})
	t.Run("json", func(t *testing.T) {
		// The CLI's default format for extract: one JSON array.
		w := ts.get(t, "/api/v1/export?format=json&include_background=true")
		check(t, w, "application/json", "json")
		var evs []evident.Event
		if err := json.Unmarshal(w.Body.Bytes(), &evs); err != nil {
			t.Fatalf("JSON does not parse: %v", err)
		}
		if len(evs) != 26 {
			t.Errorf("%d events, want 26", len(evs))
		}
	})
	t.Run("empty", func(t *testing.T) {
		w := ts.get(t, "/api/v1/export?format=jsonl&doc_id=nope")
		check(t, w, "application/x-ndjson", "jsonl")
		if w.Body.Len() != 0 {
			t.Errorf("empty jsonl export = %q", w.Body)
		}
	})
}

func TestHealthAndOpenAPI(t *testing.T) {
	ts := newTestServer(t, Config{AuthReads: true}, Options{})
	var h struct {
		Status    string `json:"status"`
		Version   string `json:"version"`
		Documents int    `json:"documents"`
		Events    int    `json:"events"`
	}
	decode(t, ts.get(t, "/healthz"), http.StatusOK, &h)
	if h.Status != "ok" || h.Documents != 6 || h.Events != 26 {
		t.Errorf("healthz = %+v", h)
	}
	w := ts.get(t, "/api/v1/openapi.json")
	if w.Code != http.StatusOK || !json.Valid(w.Body.Bytes()) || !bytes.Equal(w.Body.Bytes(), openapiJSON) {
		t.Errorf("openapi.json: status %d, %d bytes", w.Code, w.Body.Len())
	}
}

func TestPostDocument(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{Extractor: fakeExtractor{}, Fetcher: fakeFetcher{}})
	bearer := "Bearer " + ts.token
	type postResp struct {
		Result      evident.PutResult `json:"result"`
		DuplicateOf string            `json:"duplicate_of"`
		Document    jsonDocument      `json:"document"`
		Events      []evident.Event   `json:"events"`
	}
	tests := []struct {
		name   string
		r      req
		status int
		check  func(t *testing.T, p postResp)
	}{
		{"json text", req{body: `{"text": "Clashes in Mosul on 1 May 2017.", "id": "api-1", "title": "T", "outlet": "O", "url": "https://o.example/1", "published": "2017-05-02"}`, ctype: "application/json"}, http.StatusCreated,
			func(t *testing.T, p postResp) {
				if p.Result != evident.PutAdded || p.Document.ID != "api-1" || p.Document.Title != "T" || p.Document.Outlet != "O" ||
					p.Document.URL != "https://o.example/1" || !strings.HasPrefix(p.Document.Published, "2017-05-02") || len(p.Events) != 2 {
					t.Errorf("got %+v", p)
				}
			}},
		{"json text again", req{body: `{"text": "Clashes in Mosul on 1 May 2017.", "id": "api-1"}`}, http.StatusOK,
			func(t *testing.T, p postResp) {
				if p.Result != evident.PutDuplicate {
					t.Errorf("result %q, want duplicate", p.Result)
				}
			}},
		{"same text, other id", req{body: `{"text": "Clashes in Mosul on 1 May 2017.", "id": "api-copy"}`}, http.StatusOK,
			func(t *testing.T, p postResp) {
				if p.Result != evident.PutDuplicate || p.DuplicateOf != "api-1" || p.Document.ID != "api-1" || len(p.Events) != 2 {
					t.Errorf("got %+v, want a duplicate of api-1 with its document and events", p)
				}
			}},
		{"json html", req{body: `{"html": "<html><head><title>Raid</title></head><body><p>A raid in Ramadi killed two.</p></body></html>", "url": "https://news.example.com/raid"}`, ctype: "application/json; charset=utf-8"}, http.StatusCreated,
			func(t *testing.T, p postResp) {
				if p.Result != evident.PutAdded || p.Document.ID == "" || p.Document.Text != "" {
					t.Errorf("got %+v (want added, no text in the answer)", p)
				}
			}},
		{"raw text", req{body: "Shelling hit Aleppo on Tuesday.", ctype: "text/plain; charset=utf-8"}, http.StatusCreated, nil},
		{"raw html", req{body: "<html><body><p>Protesters gathered in Suva.</p></body></html>", ctype: "text/html"}, http.StatusCreated, nil},
		{"url", req{body: `{"url": "https://example.org/article"}`}, http.StatusCreated,
			func(t *testing.T, p postResp) {
				if p.Document.ID != "example-article" {
					t.Errorf("got %+v", p)
				}
			}},
		{"unknown url", req{body: `{"url": "https://example.org/missing"}`}, http.StatusBadRequest, nil},
		{"no token", req{body: `{"text": "x"}`, auth: "-"}, http.StatusUnauthorized, nil},
		{"bad token", req{body: `{"text": "x"}`, auth: "Bearer evt_nope_nope"}, http.StatusUnauthorized, nil},
		{"not bearer", req{body: `{"text": "x"}`, auth: "Basic " + ts.token}, http.StatusUnauthorized, nil},
		{"bearer without token", req{body: `{"text": "x"}`, auth: "Bearer "}, http.StatusUnauthorized, nil},
		{"lower-case bearer", req{body: `{"text": "Bearer scheme is case-insensitive."}`, auth: "bearer " + ts.token}, http.StatusCreated, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			r.method, r.target = http.MethodPost, "/api/v1/documents"
			switch r.auth {
			case "":
				r.auth = bearer
			case "-":
				r.auth = ""
			}
			w := ts.do(t, r)
			if tt.status >= 400 {
				code := map[int]string{400: evident.EINVALID, 401: evident.EUNAUTHORIZED}[tt.status]
				apiError(t, w, tt.status, code)
				if tt.status == 401 && w.Header().Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				return
			}
			var p postResp
			decode(t, w, tt.status, &p)
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}
	// The alias finds the document it duplicates.
	var alias struct {
		Document jsonDocument    `json:"document"`
		Events   []evident.Event `json:"events"`
	}
	decode(t, ts.get(t, "/api/v1/documents/api-copy"), http.StatusOK, &alias)
	if alias.Document.ID != "api-1" {
		t.Errorf("GET api-copy = %+v, want the document api-1", alias.Document)
	}
	// The stored document is readable.
	var one struct {
		Document jsonDocument    `json:"document"`
		Events   []evident.Event `json:"events"`
	}
	decode(t, ts.get(t, "/api/v1/documents/api-1"), http.StatusOK, &one)
	if one.Document.Text != "Clashes in Mosul on 1 May 2017." || len(one.Events) != 2 {
		t.Errorf("stored document %+v with %d events", one.Document, len(one.Events))
	}

	// A revoked token stops working.
	toks, _ := ts.store.Tokens(t.Context())
	if err := ts.store.RevokeToken(t.Context(), toks[0].ID); err != nil {
		t.Fatal(err)
	}
	apiError(t, ts.do(t, req{method: http.MethodPost, target: "/api/v1/documents", body: `{"text": "y"}`, auth: bearer}), http.StatusUnauthorized, evident.EUNAUTHORIZED)
}

func TestPostDocumentBadBodies(t *testing.T) {
	ts := newTestServer(t, Config{MaxBodyBytes: 1 << 10}, Options{Extractor: fakeExtractor{}})
	tests := []struct {
		name, body, ctype, param string
	}{
		{"empty object", `{}`, "", "body"},
		{"empty body", ``, "application/json", "body"},
		{"not json", `text`, "application/json", "body"},
		{"unknown field", `{"txt": "x"}`, "", "body"},
		{"text and html", `{"text": "x", "html": "<p>y</p>"}`, "", "body"},
		{"two objects", `{"text": "x"} {"text": "y"}`, "", "body"},
		{"array", `[{"text": "x"}]`, "", "body"},
		{"wrong type", `{"text": 1}`, "", "body"},
		{"bad date", `{"text": "Some text.", "published": "someday"}`, "", "published"},
		{"url without fetcher", `{"url": "https://example.org/article"}`, "", "url"},
		{"binary text", "\x00\x01\x02\x03", "text/plain", "text"},
		{"blank text", `{"text": "   "}`, "", "text"},
		{"content type", `<x/>`, "application/xml", "Content-Type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := ts.do(t, req{method: http.MethodPost, target: "/api/v1/documents", body: tt.body, ctype: tt.ctype, auth: "Bearer " + ts.token})
			e := apiError(t, w, http.StatusBadRequest, evident.EINVALID)
			if e.Param != tt.param {
				t.Errorf("param %q, want %q (%s)", e.Param, tt.param, e.Message)
			}
		})
	}
	for _, ctype := range []string{"application/json", "text/plain", "text/html"} {
		body := strings.Repeat("a", 2<<10)
		if ctype == "application/json" {
			body = `{"text": "` + body + `"}`
		}
		w := ts.do(t, req{method: http.MethodPost, target: "/api/v1/documents", body: body, ctype: ctype, auth: "Bearer " + ts.token})
		apiError(t, w, http.StatusRequestEntityTooLarge, evident.ETOOLARGE)
	}
	if w := ts.do(t, req{method: http.MethodPost, target: "/api/v1/documents?id=x", body: `{"text":"x"}`, auth: "Bearer " + ts.token}); w.Code != http.StatusBadRequest {
		t.Errorf("query parameter on POST: status %d", w.Code)
	}
	// Without an extractor the server does not take documents.
	nx := newTestServer(t, Config{}, Options{})
	apiError(t, nx.do(t, req{method: http.MethodPost, target: "/api/v1/documents", body: `{"text":"x"}`, auth: "Bearer " + nx.token}), http.StatusServiceUnavailable, evident.ETIMEOUT)
}

func TestDefaultBodyLimit(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{Extractor: fakeExtractor{}})
	body := strings.Repeat("word ", (5<<20)/5+1)
	apiError(t, ts.do(t, req{method: http.MethodPost, target: "/api/v1/documents", body: body, ctype: "text/plain", auth: "Bearer " + ts.token}),
		http.StatusRequestEntityTooLarge, evident.ETOOLARGE)
}

func TestAuthReads(t *testing.T) {
	ts := newTestServer(t, Config{AuthReads: true}, Options{})
	reads := []string{"/api/v1/events", "/api/v1/events/m1", "/api/v1/documents", "/api/v1/documents/mosul", "/api/v1/actors",
		"/api/v1/places", "/api/v1/stats", "/api/v1/map", "/api/v1/export"}
	for _, target := range reads {
		apiError(t, ts.get(t, target), http.StatusUnauthorized, evident.EUNAUTHORIZED)
		apiError(t, ts.do(t, req{target: target, auth: "Bearer evt_x_y"}), http.StatusUnauthorized, evident.EUNAUTHORIZED)
		if w := ts.do(t, req{target: target, auth: "Bearer " + ts.token}); w.Code != http.StatusOK {
			t.Errorf("%s with a token: status %d", target, w.Code)
		}
	}
	for _, target := range []string{"/healthz", "/api/v1/openapi.json"} {
		if w := ts.get(t, target); w.Code != http.StatusOK {
			t.Errorf("%s stays open: status %d", target, w.Code)
		}
	}
	// Reads are open by default.
	open := newTestServer(t, Config{}, Options{})
	for _, target := range reads {
		if w := open.get(t, target); w.Code != http.StatusOK {
			t.Errorf("%s without auth-reads: status %d", target, w.Code)
		}
	}
}

// eventEndpoints take the event filters.
var eventEndpoints = []string{"/api/v1/events", "/api/v1/stats", "/api/v1/map", "/api/v1/actors", "/api/v1/places", "/api/v1/export"}

func TestBadParams(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	long := strings.Repeat("é", 201)
	filters := []struct{ query, param string }{
		{"since=2017-13-01", "since"},
		{"since=yesterday", "since"},
		{"since=2017-1-1", "since"},
		{"until=2017-02-30", "until"},
		{"since=2017-02-02&until=2017-02-01", "until"},
		{"bbox=1,2,3", "bbox"},
		{"bbox=1,2,3,4,5", "bbox"},
		{"bbox=a,b,c,d", "bbox"},
		{"bbox=0,91,1,92", "bbox"},
		{"bbox=0,-91,1,0", "bbox"},
		{"bbox=0,2,1,1", "bbox"},
		{"bbox=NaN,0,1,1", "bbox"},
		{"bbox=0,0,Inf,1", "bbox"},
		{"bbox=-600,0,-550,1", "bbox"},
		{"country=IRQ", "country"},
		{"country=I1", "country"},
		{"country=IQ,,Narnia", "country"},
		{"event_type=Wars", "event_type"},
		{"event_type=Armed+clash", "event_type"},
		{"sub_event_type=Battles", "sub_event_type"},
		{"actor=" + url.QueryEscape(long), "actor"},
		{"min_fatalities=-1", "min_fatalities"},
		{"min_fatalities=x", "min_fatalities"},
		{"min_fatalities=1e3", "min_fatalities"},
		{"min_fatalities=99999999999", "min_fatalities"},
		{"civilian_targeting=maybe", "civilian_targeting"},
		{"modality=rumoured", "modality"},
		{"include_background=2", "include_background"},
		{"q=" + url.QueryEscape(long), "q"},
		{"doc_id=" + url.QueryEscape(long), "doc_id"},
		{"admin1=" + strings.Repeat("a", 4097), "admin1"},
		{"admin1=%FF", "admin1"},
		{"nope=1", "nope"},
		{"Country=IQ", "Country"},
		{"country=IQ&country=SY", "country"},
		{"q=a&q=a", "q"},
		{"q=%zz", "query"},
	}
	for _, ep := range eventEndpoints {
		for _, f := range filters {
			t.Run(ep+"?"+f.query[:min(len(f.query), 40)], func(t *testing.T) {
				e := apiError(t, ts.get(t, ep+"?"+f.query), http.StatusBadRequest, evident.EINVALID)
				if e.Param != f.param || !strings.Contains(e.Message, f.param) {
					t.Errorf("param %q message %q, want param %q named in the message", e.Param, e.Message, f.param)
				}
			})
		}
	}
	own := []struct{ target, param string }{
		{"/api/v1/events?sort=name", "sort"},
		{"/api/v1/events?sort=-date,date", "sort"},
		{"/api/v1/events?limit=0", "limit"},
		{"/api/v1/events?limit=1001", "limit"},
		{"/api/v1/events?limit=ten", "limit"},
		{"/api/v1/events?cursor=garbage", "cursor"},
		{"/api/v1/events?zoom=3", "zoom"},
		{"/api/v1/stats?by=year", "by"},
		{"/api/v1/stats?by=day,week", "by"},
		{"/api/v1/stats?limit=3", "limit"},
		{"/api/v1/map?zoom=19", "zoom"},
		{"/api/v1/map?zoom=-1", "zoom"},
		{"/api/v1/map?zoom=1.5", "zoom"},
		{"/api/v1/actors?limit=0", "limit"},
		{"/api/v1/places?limit=1001", "limit"},
		{"/api/v1/export?format=xml", "format"},
		{"/api/v1/events?q=%00", "q"}, {"/api/v1/stats?q=bomb%00ing", "q"}, {"/api/v1/map?actor=%01x", "actor"}, {"/api/v1/export?country=I%0AQ", "country"},
		{"/api/v1/export?format=jsonl,geojson", "format"},
		{"/api/v1/export?format=xml", "format"},
		{"/api/v1/events?q=%00", "q"}, {"/api/v1/stats?q=bomb%00ing", "q"}, {"/api/v1/map?actor=%01x", "actor"}, {"/api/v1/export?country=I%0AQ", "country"},
		{"/api/v1/export?limit=10", "limit"},
		{"/api/v1/documents?limit=0", "limit"},
		{"/api/v1/documents?cursor=garbage", "cursor"},
		{"/api/v1/documents?q=" + url.QueryEscape(long), "q"},
		{"/api/v1/documents?country=IQ", "country"},
		{"/api/v1/documents/mosul?q=x", "q"},
		{"/api/v1/events/m1?sort=date", "sort"},
	}
	for _, tt := range own {
		t.Run(tt.target, func(t *testing.T) {
			e := apiError(t, ts.get(t, tt.target), http.StatusBadRequest, evident.EINVALID)
			if e.Param != tt.param {
				t.Errorf("param %q (%s), want %q", e.Param, e.Message, tt.param)
			}
		})
	}
}

func TestRoutingErrors(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	for _, target := range []string{"/api/v1/nope", "/api/v2/events", "/api/v1/events/", "/api/v1/events/m1/more", "/nope"} {
		e := apiError(t, ts.get(t, target), http.StatusNotFound, evident.ENOTFOUND)
		if e.Param != "" {
			t.Errorf("%s: param %q", target, e.Param)
		}
	}
	methods := []struct {
		method, target, allow string
	}{
		{http.MethodPost, "/api/v1/events", "GET"},
		{http.MethodDelete, "/api/v1/events/m1", "GET"},
		{http.MethodPut, "/api/v1/documents", "GET, POST"},
		{http.MethodPost, "/api/v1/documents/mosul", "GET"},
		{http.MethodPatch, "/api/v1/stats", "GET"},
		{http.MethodPost, "/healthz", "GET"},
		{http.MethodDelete, "/api/v1/export", "GET"},
	}
	for _, m := range methods {
		w := ts.do(t, req{method: m.method, target: m.target})
		apiError(t, w, http.StatusMethodNotAllowed, eMethod)
		if got := w.Header().Get("Allow"); got != m.allow {
			t.Errorf("%s %s: Allow %q, want %q", m.method, m.target, got, m.allow)
		}
	}
}

// failingStore fails every read with an error that carries SQL and a
// path, as a database error would.
type failingStore struct {
	Store
	panicky bool
}

var errSQL = &evident.Error{Code: evident.EINTERNAL, Input: "/srv/secret/evident.db", Message: "sqlite: events",
	Err: errors.New("SQL logic error: no such column: e.secret_column (SELECT * FROM events WHERE 1)")}

func (f failingStore) fail() error {
	if f.panicky {
		panic("boom: SELECT secret FROM events")
	}
	return errSQL
}
func (f failingStore) EventPage(context.Context, evident.Query, evident.PageRequest) (evident.EventPage, error) {
	return evident.EventPage{}, f.fail()
}
func (f failingStore) Event(context.Context, string) (*evident.Event, error) { return nil, f.fail() }
func (f failingStore) EachEvent(context.Context, evident.Query, func(*evident.Event) error) error {
	return f.fail()
}
func (f failingStore) Stats(context.Context, evident.Query, string) (evident.Stats, error) {
	return evident.Stats{}, f.fail()
}
func (f failingStore) Map(context.Context, evident.Query, float64) (evident.MapView, error) {
	return evident.MapView{}, f.fail()
}
func (f failingStore) Actors(context.Context, evident.Query, int) ([]evident.ActorCount, error) {
	return nil, f.fail()
}
func (f failingStore) Places(context.Context, evident.Query, int) ([]evident.PlaceCount, error) {
	return nil, f.fail()
}
func (f failingStore) Documents(context.Context, string, int, string) (evident.DocumentPage, error) {
	return evident.DocumentPage{}, f.fail()
}
func (f failingStore) Document(context.Context, string) (*evident.Document, error) {
	return nil, f.fail()
}
func (f failingStore) PutDocument(context.Context, *evident.Document, []evident.Event) (evident.PutResult, error) {
	return "", f.fail()
}
func (f failingStore) Counts(context.Context) (int, int, error) { return 0, 0, f.fail() }

func TestStoreErrors(t *testing.T) {
	for _, panicky := range []bool{false, true} {
		t.Run(fmt.Sprintf("panic=%v", panicky), func(t *testing.T) {
			ts := newTestServer(t, Config{}, Options{Extractor: fakeExtractor{}})
			ts.h = mustServer(t, Options{Store: failingStore{Store: ts.store, panicky: panicky}, Extractor: fakeExtractor{}, Logger: slog.New(slog.NewTextHandler(ts.logs, nil))})
			targets := []req{
				{target: "/api/v1/events"}, {target: "/api/v1/events/m1"}, {target: "/api/v1/documents"},
				{target: "/api/v1/documents/mosul"}, {target: "/api/v1/actors"}, {target: "/api/v1/places"},
				{target: "/api/v1/stats"}, {target: "/api/v1/map"}, {target: "/api/v1/export?format=geojson"},
				{method: http.MethodPost, target: "/api/v1/documents", body: `{"text": "Some text."}`, auth: "Bearer " + ts.token},
			}
			for _, r := range targets {
				w := ts.do(t, r)
				e := apiError(t, w, http.StatusInternalServerError, evident.EINTERNAL)
				body := w.Body.String()
				for _, leak := range []string{"SELECT", "sqlite", "secret", "no such column", "boom", "goroutine", ".go:"} {
					if strings.Contains(body, leak) {
						t.Errorf("%s %s: body leaks %q: %s", r.method, r.target, leak, body)
					}
				}
				if cd := w.Header().Get("Content-Disposition"); cd != "" {
					t.Errorf("%s: error with Content-Disposition %q", r.target, cd)
				}
				if e.RequestID == "" || e.RequestID != w.Header().Get("X-Request-Id") {
					t.Errorf("%s: request id %q, header %q", r.target, e.RequestID, w.Header().Get("X-Request-Id"))
				}
				// The log has the details, under the request id.
				logs := ts.logs.String()
				if !strings.Contains(logs, e.RequestID) || !(strings.Contains(logs, "no such column") || strings.Contains(logs, "boom")) {
					t.Errorf("%s: log lacks the request id %s or the cause", r.target, e.RequestID)
				}
			}
			w := ts.get(t, "/healthz")
			if panicky {
				apiError(t, w, http.StatusInternalServerError, evident.EINTERNAL)
			} else if w.Code != http.StatusServiceUnavailable || strings.Contains(w.Body.String(), "SELECT") {
				t.Errorf("healthz with a failing store: %d %s", w.Code, w.Body)
			}
		})
	}
}

func mustServer(t testing.TB, o Options) http.Handler {
	t.Helper()
	s, err := NewServer(Config{}, o)
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

func TestSQLInjection(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	attacks := []string{
		`x' OR '1'='1`, `x" OR "1"="1`, `x'); DROP TABLE events; --`, `x; DELETE FROM documents`,
		`x%`, `x_`, `x\`, `x' UNION SELECT * FROM api_tokens --`, `x NEAR(y)`, `x OR y`, `"x"*`, `x:*`,
	}
	for _, a := range attacks {
		for _, param := range []string{"admin1", "actor", "q", "doc_id"} {
			for _, ep := range eventEndpoints {
				target := ep + "?" + param + "=" + url.QueryEscape(a)
				w := ts.get(t, target)
				if w.Code != http.StatusOK {
					t.Fatalf("%s: status %d %s", target, w.Code, w.Body)
				}
				if ep == "/api/v1/events" {
					var got eventsResp
					decode(t, w, http.StatusOK, &got)
					if len(got.Events) != 0 {
						t.Errorf("%s: %d events, want none", target, len(got.Events))
					}
				}
			}
		}
		var docs docsResp
		decode(t, ts.get(t, "/api/v1/documents?q="+url.QueryEscape(a)), http.StatusOK, &docs)
		if len(docs.Documents) != 0 {
			t.Errorf("documents?q=%s: %d documents", a, len(docs.Documents))
		}
		apiError(t, ts.get(t, "/api/v1/events/"+url.PathEscape(a)), http.StatusNotFound, evident.ENOTFOUND)
	}
	docs, evs, err := ts.store.Counts(t.Context())
	if err != nil || docs != 6 || evs != 26 {
		t.Errorf("Counts after the attacks = %d, %d, %v; want 6, 26", docs, evs, err)
	}
	if toks, err := ts.store.Tokens(t.Context()); err != nil || len(toks) != 1 {
		t.Errorf("Tokens after the attacks = %v, %v", toks, err)
	}
}

// allParams is every parameter any endpoint takes.
var allParams = with(filterParams, "sort", "limit", "cursor", "by", "zoom", "format")

func FuzzParams(f *testing.F) {
	for _, s := range []string{
		"", "country=IQ,SY&since=2017-01-01", "bbox=179,-17,-179,-16", "bbox=-600,0,1,1", "bbox=1e308,0,-1e308,1",
		"q=%zz", "limit=5&limit=6", "modality=REPORTED", "min_fatalities=2147483647", "event_type=battles,riots",
		"a=%FF", "until=2017-01-01&since=2018-01-01", "include_background=yes", "civilian_targeting=0",
		"bbox=-180,-90,180,90", "bbox=,,,", "country=%00%00", "actor=" + strings.Repeat("x", 300),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := newParams(raw, allParams, tax)
		if err != nil {
			var pe *paramError
			if !errors.As(err, &pe) || pe.Param == "" {
				t.Fatalf("newParams(%q) = %v, want a *paramError", raw, err)
			}
			return
		}
		q, err := p.query()
		if err != nil {
			var pe *paramError
			if !errors.As(err, &pe) || pe.Param == "" {
				t.Fatalf("query(%q) = %v, want a *paramError", raw, err)
			}
			return
		}
		if b := q.BBox; b != nil {
			if b.MinLon < -180 || b.MaxLon > 180 || b.MinLon > 180 || b.MaxLon < -180 || b.MinLat < -90 || b.MaxLat > 90 || b.MinLat > b.MaxLat {
				t.Errorf("query(%q): bbox %+v out of range", raw, *b)
			}
		}
		if q.MinFatalities < 0 || !q.Since.IsZero() && !q.Until.IsZero() && q.Until.Before(q.Since) {
			t.Errorf("query(%q) = %+v", raw, q)
		}
		for _, c := range q.Countries {
			if len(c) != 2 || strings.ToUpper(c) != c {
				t.Errorf("query(%q): country %q", raw, c)
			}
		}
	})
}

// FuzzPostDocument posts arbitrary bodies: the answer is 200, 201, 400 or
// 413, always JSON, never a 500.
func FuzzPostDocument(f *testing.F) {
	ts := newTestServer(f, Config{MaxBodyBytes: 1 << 12}, Options{Extractor: fakeExtractor{}})
	for _, s := range []struct {
		body  string
		ctype uint8
	}{
		{`{"text": "Clashes in Mosul."}`, 0}, {`{"html": "<p>x</p>"}`, 0}, {`{"url": "x"}`, 0}, {"plain text", 1},
		{"<html><p>html</p>", 2}, {`{"text": "x", "published": "2017-13-40"}`, 0}, {"\xff\xfe", 1}, {"", 3},
		{`{"text": "a", "id": ""}`, 0}, {`{"text":"` + strings.Repeat("x", 5000) + `"}`, 0},
	} {
		f.Add(s.body, s.ctype)
	}
	ctypes := []string{"application/json", "text/plain", "text/html", "", "application/x-www-form-urlencoded", "text/plain; charset=latin1"}
	f.Fuzz(func(t *testing.T, body string, ct uint8) {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/documents", strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+ts.token)
		if c := ctypes[int(ct)%len(ctypes)]; c != "" {
			r.Header.Set("Content-Type", c)
		}
		w := httptest.NewRecorder()
		ts.h.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusOK, http.StatusCreated, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("POST %q: status %d %s", body, w.Code, w.Body)
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("POST %q: body is not JSON: %s", body, w.Body)
		}
	})
}

func TestBBoxFarOutside(t *testing.T) {
	// Longitudes far beyond ±540 used to make wrapLon loop (almost) forever.
	for _, s := range []string{"1e308,0,-1e308,1", "1e18,0,-1e18,1", "600,0,-600,1", "-1e18,0,-1e18,1"} {
		if b, err := parseBBox(s); err == nil {
			t.Errorf("parseBBox(%q) = %+v, want an error", s, *b)
		}
	}
	// A box wider than the world is the world.
	b, err := parseBBox("-1e18,0,1e18,1")
	if err != nil || b.MinLon != -180 || b.MaxLon != 180 {
		t.Errorf("parseBBox(wide) = %+v, %v", b, err)
	}
}

func TestCountryNames(t *testing.T) {
	for in, want := range map[string]string{"iq": "IQ", "Iraq": "IQ", "syria": "SY", "Syrian Arab Republic": "SY", "  fiji ": "FJ"} {
		if got, err := countryCode(strings.TrimSpace(in)); err != nil || got != want {
			t.Errorf("countryCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	ts := newTestServer(t, Config{}, Options{})
	w := ts.get(t, "/api/v1/events?country=Narnia")
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `\"Narnia\" is not a country name or an ISO 3166-1 alpha-2 code`) {
		t.Errorf("unknown country name: %d %s", w.Code, w.Body)
	}
}

func TestBasemapPlaces(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	var body struct {
		Places  []BasemapPlace
		Regions []BasemapRegion
	}
	// Around Aleppo.
	decode(t, ts.get(t, "/api/v1/basemap/places?bbox=36.5,35.8,37.8,36.6&limit=20"), http.StatusOK, &body)
	if len(body.Places) < 3 || body.Places[0].Name != "Aleppo" {
		t.Fatalf("places around Aleppo = %+v", body.Places)
	}
	if !slices.ContainsFunc(body.Regions, func(r BasemapRegion) bool { return r.Name == "Aleppo" && r.CountryCode == "SY" }) {
		t.Errorf("regions around Aleppo = %+v, want Aleppo's governorate", body.Regions)
	}
	for _, p := range body.Places {
		if p.Lon < 36.5 || p.Lon > 37.8 || p.Lat < 35.8 || p.Lat > 36.6 || p.Population < basemapMinPopulation {
			t.Errorf("place %+v outside the box or too small", p)
		}
	}
	decode(t, ts.get(t, "/api/v1/basemap/places?bbox=36.5,35.8,37.8,36.6&min_population=1000000"), http.StatusOK, &body)
	if len(body.Places) != 1 {
		t.Errorf("cities of a million around Aleppo = %+v", body.Places)
	}
	// Across the antimeridian: Fiji's Suva and Lautoka.
	decode(t, ts.get(t, "/api/v1/basemap/places?bbox=177,-19,-179,-17"), http.StatusOK, &body)
	if len(body.Places) == 0 || !slices.ContainsFunc(body.Places, func(p BasemapPlace) bool { return p.Name == "Suva" }) {
		t.Errorf("places across the antimeridian = %+v", body.Places)
	}
	decode(t, ts.get(t, "/api/v1/basemap/places?limit=1"), http.StatusOK, &body)
	if len(body.Places) != 1 || len(body.Regions) != maxBasemapRegions {
		t.Errorf("the world: %d places, %d regions; want 1 and %d", len(body.Places), len(body.Regions), maxBasemapRegions)
	}
	if w := ts.get(t, "/api/v1/basemap/places?limit=0"); w.Code != http.StatusBadRequest {
		t.Errorf("limit=0: %d", w.Code)
	}
}

// FuzzAPIStore sends fuzzed query strings to every read endpoint of a
// server over the real SQLite store (with the query fixture): whatever
// the values, the answer is never a 500: a bad value is a 400 naming its
// parameter, a good one an answer.
func FuzzAPIStore(f *testing.F) {
	for _, s := range []string{
		"q=%00", "q=bomb%00ing", "q=%22", "q=*", "q=NEAR(a b)", "q=a OR", "actor=%01", "country=Iraq",
		"q=%E2%80%8B", "q=\\", "q='; DROP TABLE events; --", "admin1=%7F", "q=AND", "q=(", "q=^x",
	} {
		f.Add(s)
	}
	ts := newTestServer(f, Config{}, Options{})
	paths := []string{"/api/v1/events", "/api/v1/actors", "/api/v1/places", "/api/v1/stats", "/api/v1/map", "/api/v1/export"}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, p := range paths {
			hr := httptest.NewRequest(http.MethodGet, p, nil)
			hr.URL.RawQuery = raw // any bytes a client may send after "?"
			w := httptest.NewRecorder()
			ts.h.ServeHTTP(w, hr)
			if w.Code >= 500 {
				t.Fatalf("GET %s?%s: %d %s", p, raw, w.Code, w.Body)
			}
			if w.Code == 400 && !strings.Contains(w.Body.String(), `"param"`) && !strings.Contains(w.Body.String(), "param") {
				t.Errorf("GET %s?%s: 400 without naming the parameter: %s", p, raw, w.Body)
			}
		}
	})
}
