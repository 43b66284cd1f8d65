package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/sqlite"
	"github.com/evident-org/evident/storetest"
	"github.com/google/go-cmp/cmp"
)

func openTemp(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "evident.db"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) evident.Store { return openTemp(t) })
}

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) evident.Store {
		s, err := sqlite.Open(t.Context(), sqlite.MemoryPath)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		path     string
		code     string
		contains string
	}{
		{"missing directory", filepath.Join(dir, "no", "such", "dir", "evident.db"), evident.ENOTFOUND, "does not exist"},
		{"path is a directory", dir, evident.EINVALID, "is a directory"},
		{"empty path", "", evident.EINVALID, "empty database path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := sqlite.Open(t.Context(), tt.path)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded, want error", tt.path)
			}
			if got := evident.ErrorCode(err); got != tt.code {
				t.Errorf("Open(%q): ErrorCode(%v) = %q, want %q", tt.path, err, got, tt.code)
			}
			if !strings.Contains(err.Error(), tt.contains) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("Open(%q) error %q should mention %q and the path", tt.path, err, tt.contains)
			}
		})
	}
}

func TestOpenOddPath(t *testing.T) {
	// Characters that mean something in URIs are taken literally.
	path := filepath.Join(t.TempDir(), "a dir?x=1#frag%20", "evident.db")
	if err := mkdirAll(filepath.Dir(path)); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc := &evident.Document{ID: "d", Text: "t"}
	if _, err := s.PutDocument(t.Context(), doc, nil); err != nil {
		t.Fatal(err)
	}
	if !exists(path) {
		t.Errorf("database not created at %q", path)
	}
}

func TestNotFoundMentionsPath(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	_, err := s.Document(t.Context(), "missing")
	if evident.ErrorCode(err) != evident.ENOTFOUND || !strings.Contains(err.Error(), s.Path()) || !strings.Contains(err.Error(), "missing") {
		t.Errorf("Document(missing) = %v, want ENOTFOUND naming the id and %s", err, s.Path())
	}
}

func TestPutValidation(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	tests := []struct {
		name   string
		doc    *evident.Document
		events []evident.Event
		code   string
	}{
		{"nil document", nil, nil, evident.EINVALID},
		{"no id", &evident.Document{Text: "x"}, nil, evident.EINVALID},
		{"event without id", &evident.Document{ID: "d", Text: "x"}, []evident.Event{{DocID: "d"}}, evident.EINVALID},
		{"event of another document", &evident.Document{ID: "d", Text: "x"}, []evident.Event{{ID: "e", DocID: "other"}}, evident.EINVALID},
		{"duplicate event ids", &evident.Document{ID: "d", Text: "x"}, []evident.Event{{ID: "e"}, {ID: "e"}}, evident.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.PutDocument(t.Context(), tt.doc, tt.events)
			if got := evident.ErrorCode(err); got != tt.code {
				t.Errorf("PutDocument = %q, %v; want code %q", res, err, tt.code)
			}
		})
	}
	if docs, evs, err := s.Counts(t.Context()); err != nil || docs != 0 || evs != 0 {
		t.Errorf("Counts = %d, %d, %v; want empty store", docs, evs, err)
	}
}

func TestPutFillsDefaults(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	doc := &evident.Document{ID: "d", Text: "Some text."}
	events := []evident.Event{{ID: "e1"}}
	if _, err := s.PutDocument(t.Context(), doc, events); err != nil {
		t.Fatal(err)
	}
	if doc.ContentHash != "" || events[0].DocID != "" {
		t.Errorf("PutDocument modified its arguments: %+v %+v", doc, events)
	}
	got, err := s.Document(t.Context(), "d")
	if err != nil {
		t.Fatal(err)
	}
	if got.ContentHash != evident.HashText(doc.Text) {
		t.Errorf("ContentHash = %q, want HashText", got.ContentHash)
	}
	evs, err := s.Events(t.Context(), evident.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].DocID != "d" {
		t.Errorf("Events = %+v, want one event of document d", evs)
	}
	// The same text under another id is a duplicate even though the caller
	// left ContentHash empty.
	res, err := s.PutDocument(t.Context(), &evident.Document{ID: "d2", Text: "Some text."}, nil)
	if err != nil || res != evident.PutDuplicate {
		t.Errorf("PutDocument(d2) = %q, %v; want duplicate", res, err)
	}
}

func TestEventTypeCaseInsensitive(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	ev := evident.Event{ID: "e", DocID: "d", EventType: "Battles", SubEventType: "Armed clash"}
	if _, err := s.PutDocument(t.Context(), &evident.Document{ID: "d", Text: "x"}, []evident.Event{ev}); err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"battles", "ARMED CLASH"} {
		evs, err := s.Events(t.Context(), evident.EventFilter{EventType: typ})
		if err != nil || len(evs) != 1 {
			t.Errorf("Events(EventType %q) = %d events, %v; want 1", typ, len(evs), err)
		}
	}
}

func TestEventsManyWithEvidence(t *testing.T) {
	// More events than the key-lookup path handles: evidence is fetched by
	// re-running the filter.
	s := openTemp(t)
	defer s.Close()
	const docs, perDoc = 70, 10
	var want []string
	for d := range docs {
		id := fmt.Sprintf("d%03d", d)
		var evs []evident.Event
		for i := range perDoc {
			e := evident.Event{ID: fmt.Sprintf("%s-e%d", id, i), DocID: id, EventDate: "2017-01-01",
				Evidence: []evident.Evidence{{Start: i, End: i + 1, Text: "x"}, {Start: 0, End: 1, Text: id}},
				Fields:   []evident.FieldEvidence{{Field: "f", Value: id, Rule: "r"}}}
			evs = append(evs, e)
			want = append(want, e.ID)
		}
		if _, err := s.PutDocument(t.Context(), &evident.Document{ID: id, Text: id}, evs); err != nil {
			t.Fatal(err)
		}
	}
	for _, limit := range []int{0, 650} {
		got, err := s.Events(t.Context(), evident.EventFilter{Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		var gotIDs []string
		for _, e := range got {
			gotIDs = append(gotIDs, e.ID)
			if len(e.Evidence) != 2 || e.Evidence[1].Text != e.DocID || len(e.Fields) != 1 || e.Fields[0].Value != e.DocID {
				t.Fatalf("event %s: evidence %+v fields %+v", e.ID, e.Evidence, e.Fields)
			}
		}
		w := want
		if limit > 0 {
			w = want[:limit]
		}
		if diff := cmp.Diff(w, gotIDs); diff != "" {
			t.Errorf("limit %d: ids (-want +got):\n%s", limit, diff)
		}
	}
}

func TestNegativeLimit(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	if _, err := s.Events(t.Context(), evident.EventFilter{Limit: -1}); evident.ErrorCode(err) != evident.EINVALID {
		t.Errorf("Events(Limit -1) error = %v, want EINVALID", err)
	}
}

func TestConcurrentStores(t *testing.T) {
	// Two Stores on one file (as two processes would be) write without
	// SQLITE_BUSY errors thanks to BEGIN IMMEDIATE and the busy timeout.
	path := filepath.Join(t.TempDir(), "evident.db")
	a, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	errs := make(chan error, 2)
	for i, s := range []*sqlite.Store{a, b} {
		go func() {
			for j := range 50 {
				id := fmt.Sprintf("s%d-%d", i, j)
				if _, err := s.PutDocument(t.Context(), &evident.Document{ID: id, Text: id}, []evident.Event{{ID: id + "-e"}}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	docs, evs, err := a.Counts(t.Context())
	if err != nil || docs != 100 || evs != 100 {
		t.Errorf("Counts = %d, %d, %v; want 100, 100", docs, evs, err)
	}
}

// BenchmarkPutDocument puts new documents of about 3 KB (a typical news
// article) with 5 events, each with 2 evidence spans and 4 field evidence
// rows.
func BenchmarkPutDocument(b *testing.B) {
	body := strings.Repeat("Iraqi forces said the strike on the western district destroyed two buildings used by the militants. ", 30)
	s := openTemp(b)
	defer s.Close()
	ctx := b.Context() // cancellable, as in the pipeline
	i := 0
	for b.Loop() {
		id := fmt.Sprintf("doc-%d", i)
		i++
		text := "On 31 January 2017, an airstrike hit Mosul, killing three civilians, officials said. " + body + id
		doc := &evident.Document{ID: id, URL: "https://example.org/" + id, Outlet: "Example", Title: "Airstrike",
			PublishedFrom: "metadata", Text: text, Input: "bench.jsonl:" + id, Format: "jsonl", ContentHash: evident.HashText(text)}
		evs := make([]evident.Event, 5)
		for j := range evs {
			evs[j] = benchEvent(id, j)
		}
		if _, err := s.PutDocument(ctx, doc, evs); err != nil {
			b.Fatal(err)
		}
	}
}

func benchEvent(docID string, j int) evident.Event {
	return evident.Event{
		ID: fmt.Sprintf("%s-ev%d", docID, j), DocID: docID, EventDate: "2017-01-31", TimePrecision: 1,
		DisorderType: "Political violence", EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
		Actor1: "Military Forces of Iraq (2014-)", Inter1: 1, Actor2: "Civilians (Iraq)", Inter2: 7, Interaction: 17,
		CivilianTargeting: true,
		Location: evident.Location{ISO: 368, Country: "Iraq", CountryCode: "IQ", Admin1: "Nineveh", Location: "Mosul",
			Latitude: 36.335, Longitude: 43.11889, GeoPrecision: 1, GeonameID: 99072},
		Source: "Example", Notes: "An airstrike hit Mosul.", Casualties: evident.Casualties{Fatalities: 3, FatalitiesLow: 3, FatalitiesHigh: 3},
		Tags: []string{"airstrike"}, Modality: "reported", Attribution: "officials", Confidence: 0.8,
		Evidence: []evident.Evidence{{Start: 0, End: 18, Text: "On 31 January 2017"}, {Start: 23, End: 32, Text: "airstrike"}},
		Fields: []evident.FieldEvidence{
			{Field: "event_date", Value: "2017-01-31", Start: 3, End: 18, Rule: "date", Confidence: 0.9},
			{Field: "sub_event_type", Value: "Air/drone strike", Start: 23, End: 32, Rule: "trigger", Confidence: 1},
			{Field: "location", Value: "Mosul", Start: 37, End: 42, Rule: "gazetteer", Confidence: 0.8},
			{Field: "fatalities", Value: "3", Start: 52, End: 57, Rule: "number", Confidence: 0.9},
		},
		ExtractorVersion: "bench-1",
	}
}

func TestPutContextErrors(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	expired, cancel2 := context.WithTimeout(t.Context(), 0)
	defer cancel2()
	tests := []struct {
		name  string
		ctx   context.Context
		cause error
		code  string
	}{
		{"cancelled", cancelled, context.Canceled, evident.EINTERNAL},
		{"deadline", expired, context.DeadlineExceeded, evident.ETIMEOUT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.PutDocument(tt.ctx, &evident.Document{ID: "d", Text: "x"}, []evident.Event{{ID: "e"}})
			if !errors.Is(err, tt.cause) || evident.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), s.Path()) {
				t.Errorf("PutDocument = %v; want %v with code %q naming %s", err, tt.cause, tt.code, s.Path())
			}
		})
	}
}

func TestQueryConformance(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		storetest.RunQuery(t, func(t *testing.T) storetest.QueryStoreUnderTest { return openTemp(t) })
	})
	t.Run("memory", func(t *testing.T) {
		storetest.RunQuery(t, func(t *testing.T) storetest.QueryStoreUnderTest {
			s, err := sqlite.Open(t.Context(), sqlite.MemoryPath)
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	})
}

func TestIncidentConformance(t *testing.T) {
	storetest.RunIncidents(t, func(t *testing.T) storetest.IncidentStoreUnderTest { return openTemp(t) })
}

func TestFeedConformance(t *testing.T) {
	storetest.RunFeeds(t, func(t *testing.T) storetest.FeedStoreUnderTest { return openTemp(t) })
}
