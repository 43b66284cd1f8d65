// Package storetest is the conformance suite for evident.Store. Every store
// implementation (the embedded SQLite store, a PostgreSQL adapter, test
// fakes) runs it from its own tests:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) evident.Store {
//			s, err := mystore.Open(...)
//			if err != nil {
//				t.Fatal(err)
//			}
//			return s
//		})
//	}
//
// The suite is written against the evident.Store interface only. Beyond
// what store.go says, it pins down these behaviours, which every
// implementation must share:
//
//   - PutDocument with a document whose id and content hash are already
//     stored, and whose events carry the same set of extractor versions as
//     the stored events, returns PutDuplicate and changes nothing, even if
//     the events passed differ.
//   - The same content hash under a different id is PutDuplicate; the new id
//     is not stored.
//   - The same id with new content, or with the same content but a different
//     set of extractor versions on its events (re-extraction), returns
//     PutUpdated: the document row is replaced and every old event is gone.
//   - Two events with the same id in one PutDocument make it fail, and a
//     failed PutDocument (including one with a cancelled context) leaves the
//     store exactly as it was.
//   - Events orders by event_date, then doc_id, then event id; events whose
//     event_date is empty sort after all dated events. Since and Until
//     compare the calendar date of the bound (in the bound's own location)
//     with event_date, inclusively; an event with no date never matches a
//     Since or Until bound. CountryCode matches case-insensitively.
//     EventType matches either event_type or sub_event_type.
//   - Stores need not tell a nil slice from an empty one (Tags, Evidence,
//     Fields): the suite compares them as equal. Times are compared with
//     time.Time.Equal, at one-second precision.
//   - Document returns an error whose evident.ErrorCode is ENOTFOUND for an
//     unknown id.
//   - A store is safe for concurrent use by many goroutines.
package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Run runs the conformance suite. open must return a new, empty store each
// time it is called; Run closes every store it opens.
func Run(t *testing.T, open func(t *testing.T) evident.Store) {
	newStore := func(t *testing.T) evident.Store {
		t.Helper()
		s := open(t)
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return s
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, s evident.Store)
	}{
		{"Empty", testEmpty},
		{"RoundTrip", testRoundTrip},
		{"RoundTripMinimal", testRoundTripMinimal},
		{"DuplicateSameID", testDuplicateSameID},
		{"DuplicateOtherID", testDuplicateOtherID},
		{"UpdateNewText", testUpdateNewText},
		{"UpdateNewTextTakenByOtherID", testUpdateNewTextTakenByOtherID},
		{"LatestIngestWins", testLatestIngestWins},
		{"ReExtraction", testReExtraction},
		{"NotFound", testNotFound},
		{"Filters", testFilters},
		{"Ordering", testOrdering},
		{"Counts", testCounts},
		{"FailedPutKeepsData", testFailedPut},
		{"Concurrent", testConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, newStore(t))
		})
	}
}

// cmpOpts compares stored values with what was put: nil and empty slices
// are equal; time.Time uses its Equal method (go-cmp's default).
var cmpOpts = []cmp.Option{cmpopts.EquateEmpty()}

func ctx(t *testing.T) context.Context { return t.Context() }

// newDoc returns a document with every field set.
func newDoc(id, text string) *evident.Document {
	return &evident.Document{
		ID:            id,
		URL:           "https://news.example.org/" + id,
		Outlet:        "Example News",
		Title:         "Title of " + id,
		Published:     time.Date(2017, 1, 31, 10, 30, 0, 0, time.FixedZone("AST", 3*3600)),
		PublishedFrom: "text",
		PublishedSpan: &evident.Span{Start: 0, End: 10},
		Text:          text,
		Input:         "testdata/" + id + ".txt",
		Format:        "text",
		ContentHash:   evident.HashText(text),
	}
}

// newEvent returns an event with every field set to a non-zero value.
func newEvent(docID, id, date string) evident.Event {
	return evident.Event{
		ID:                id,
		DocID:             docID,
		EventDate:         date,
		TimePrecision:     evident.PrecisionDay,
		DisorderType:      "Political violence",
		EventType:         "Explosions/Remote violence",
		SubEventType:      "Air/drone strike",
		Actor1:            "Military Forces of Iraq (2014-)",
		AssocActor1:       "Police Forces of Iraq (2014-)",
		Inter1:            evident.InterStateForces,
		Actor2:            "Islamic State",
		AssocActor2:       "Civilians (Iraq)",
		Inter2:            evident.InterRebels,
		Interaction:       12,
		CivilianTargeting: true,
		Location: evident.Location{
			ISO:          368,
			Country:      "Iraq",
			CountryCode:  "IQ",
			Admin1:       "Nineveh",
			Admin2:       "Mosul",
			Admin3:       "Mosul Subdistrict",
			Location:     "Mosul",
			Latitude:     36.335,
			Longitude:    43.11889,
			GeoPrecision: 1,
			GeonameID:    99072,
			UncertaintyM: 2000,
		},
		Source:      "Example News",
		SourceScale: "International",
		Notes:       "On 31 January 2017, an airstrike hit Mosul. [" + id + "]",
		Casualties: evident.Casualties{
			Fatalities:     3,
			FatalitiesLow:  3,
			FatalitiesHigh: 5,
			Injured:        7,
		},
		Tags:        []string{"crowd size=no report", "ünïcode \"quoted\""},
		Weapons:     []string{"airstrike", "sniper"},
		Modality:    evident.ModalityReported,
		Attribution: "Iraqi forces",
		Background:  false,
		Confidence:  0.8125,
		Evidence: []evident.Evidence{
			{Start: 0, End: 10, Text: "On 31 Jan."},
			{Start: 20, End: 29, Text: "airstrike"},
			{Start: 11, End: 15, Text: "Mosu"},
		},
		Fields: []evident.FieldEvidence{
			{Field: "event_date", Value: date, Start: 0, End: 10, Rule: "dateline", Confidence: 0.9},
			{Field: "sub_event_type", Value: "Air/drone strike", Start: 20, End: 29, Rule: "trigger:airstrike", Confidence: 1},
			{Field: "location", Value: "Mosul", Start: 11, End: 16, Rule: "gazetteer", Confidence: 0.7},
		},
		ExtractorVersion: "v1",
	}
}

func put(t *testing.T, s evident.Store, doc *evident.Document, events []evident.Event, want evident.PutResult) {
	t.Helper()
	got, err := s.PutDocument(ctx(t), doc, events)
	if err != nil {
		t.Fatalf("PutDocument(%q): %v", doc.ID, err)
	}
	if got != want {
		t.Fatalf("PutDocument(%q) = %q, want %q", doc.ID, got, want)
	}
}

func events(t *testing.T, s evident.Store, f evident.EventFilter) []evident.Event {
	t.Helper()
	evs, err := s.Events(ctx(t), f)
	if err != nil {
		t.Fatalf("Events(%+v): %v", f, err)
	}
	return evs
}

func ids(evs []evident.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

func checkCounts(t *testing.T, s evident.Store, wantDocs, wantEvents int) {
	t.Helper()
	docs, evs, err := s.Counts(ctx(t))
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	if docs != wantDocs || evs != wantEvents {
		t.Errorf("Counts = %d docs, %d events; want %d, %d", docs, evs, wantDocs, wantEvents)
	}
}

func checkDocument(t *testing.T, s evident.Store, want *evident.Document) {
	t.Helper()
	got, err := s.Document(ctx(t), want.ID)
	if err != nil {
		t.Fatalf("Document(%q): %v", want.ID, err)
	}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("Document(%q) mismatch (-want +got):\n%s", want.ID, diff)
	}
}

func checkEvents(t *testing.T, s evident.Store, f evident.EventFilter, want []evident.Event) {
	t.Helper()
	got := events(t, s, f)
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("Events(%+v) mismatch (-want +got):\n%s", f, diff)
	}
}

func checkNotFound(t *testing.T, s evident.Store, id string) {
	t.Helper()
	d, err := s.Document(ctx(t), id)
	if err == nil {
		t.Fatalf("Document(%q) = %+v, want ENOTFOUND error", id, d)
	}
	if code := evident.ErrorCode(err); code != evident.ENOTFOUND {
		t.Errorf("Document(%q): ErrorCode(%v) = %q, want %q", id, err, code, evident.ENOTFOUND)
	}
}

func testEmpty(t *testing.T, s evident.Store) {
	checkCounts(t, s, 0, 0)
	if evs := events(t, s, evident.EventFilter{WithBackground: true}); len(evs) != 0 {
		t.Errorf("Events on empty store = %v, want none", ids(evs))
	}
	checkNotFound(t, s, "anything")
}

func testRoundTrip(t *testing.T, s evident.Store) {
	doc := newDoc("doc-1", "On 31 Jan. Mosul airstrike killed three.")
	e1 := newEvent("doc-1", "ev-b", "2017-01-31")
	e2 := newEvent("doc-1", "ev-a", "2017-01-30")
	e2.Background = true
	e2.Modality = evident.ModalityClaimed
	e2.Tags = []string{"single"}
	e2.Inter2 = 0
	e2.TimePrecision = evident.PrecisionMonth
	e2.Location.Latitude, e2.Location.Longitude = -33.8688197, 151.2092955
	e2.Confidence = 0.1 + 0.2 // not exactly representable in decimal
	e2.ExtractorVersion = "v1"

	put(t, s, doc, []evident.Event{e1, e2}, evident.PutAdded)
	checkDocument(t, s, doc)
	checkEvents(t, s, evident.EventFilter{DocID: "doc-1", WithBackground: true}, []evident.Event{e2, e1})
	checkCounts(t, s, 1, 2)

	// Evidence order is the order given, not span order.
	got := events(t, s, evident.EventFilter{DocID: "doc-1"})
	if len(got) != 1 || got[0].Evidence[1].Text != "airstrike" || got[0].Fields[2].Field != "location" {
		t.Errorf("evidence or field evidence reordered: %+v", got)
	}
}

func testRoundTripMinimal(t *testing.T, s evident.Store) {
	// Zero values everywhere: no publication date, no span, no events.
	doc := &evident.Document{ID: "bare", Text: "x", ContentHash: evident.HashText("x")}
	put(t, s, doc, nil, evident.PutAdded)
	checkDocument(t, s, doc)

	// An event with only its identity set.
	doc2 := &evident.Document{ID: "bare-2", Text: "y", ContentHash: evident.HashText("y")}
	ev := evident.Event{ID: "ev-bare", DocID: "bare-2"}
	put(t, s, doc2, []evident.Event{ev}, evident.PutAdded)
	checkDocument(t, s, doc2)
	checkEvents(t, s, evident.EventFilter{DocID: "bare-2"}, []evident.Event{ev})
	checkCounts(t, s, 2, 1)
}

func testDuplicateSameID(t *testing.T, s evident.Store) {
	doc := newDoc("doc-1", "Mosul airstrike.")
	evs := []evident.Event{newEvent("doc-1", "ev-1", "2017-01-31")}
	put(t, s, doc, evs, evident.PutAdded)

	// Same document, same extractor version, different events and metadata:
	// nothing changes.
	again := newDoc("doc-1", "Mosul airstrike.")
	again.Title = "Changed title"
	other := newEvent("doc-1", "ev-2", "2017-02-01")
	put(t, s, again, []evident.Event{other}, evident.PutDuplicate)
	put(t, s, doc, evs, evident.PutDuplicate)

	checkDocument(t, s, doc)
	checkEvents(t, s, evident.EventFilter{}, evs)
	checkCounts(t, s, 1, 1)
}

func testDuplicateOtherID(t *testing.T, s evident.Store) {
	doc := newDoc("doc-1", "Mosul airstrike.")
	evs := []evident.Event{newEvent("doc-1", "ev-1", "2017-01-31")}
	put(t, s, doc, evs, evident.PutAdded)

	copyDoc := newDoc("doc-copy", "Mosul airstrike.")
	put(t, s, copyDoc, []evident.Event{newEvent("doc-copy", "ev-copy", "2017-01-31")}, evident.PutDuplicate)
	put(t, s, copyDoc, nil, evident.PutDuplicate) // again: nothing changes

	// The second id is an alias of the first: either finds the document.
	as, ok := s.(evident.AliasStore)
	if !ok {
		t.Fatal("the store records no aliases (evident.AliasStore)")
	}
	if id, ok, err := as.AliasOf(ctx(t), "doc-copy"); err != nil || !ok || id != "doc-1" {
		t.Errorf("AliasOf(doc-copy) = %q, %v, %v; want doc-1", id, ok, err)
	}
	if _, ok, err := as.AliasOf(ctx(t), "doc-1"); err != nil || ok {
		t.Errorf("AliasOf(doc-1) = %v, %v; want no alias", ok, err)
	}
	if got, err := s.Document(ctx(t), "doc-copy"); err != nil || got.ID != "doc-1" {
		t.Errorf("Document(doc-copy) = %v, %v; want doc-1", got, err)
	}
	checkDocument(t, s, doc)
	checkEvents(t, s, evident.EventFilter{}, evs)
	checkCounts(t, s, 1, 1)
}

func testUpdateNewText(t *testing.T, s evident.Store) {
	doc := newDoc("doc-1", "Mosul airstrike.")
	put(t, s, doc, []evident.Event{
		newEvent("doc-1", "ev-old-1", "2017-01-31"),
		newEvent("doc-1", "ev-old-2", "2017-01-30"),
	}, evident.PutAdded)
	other := newDoc("doc-2", "Unrelated.")
	otherEvs := []evident.Event{newEvent("doc-2", "ev-other", "2017-01-01")}
	put(t, s, other, otherEvs, evident.PutAdded)

	updated := newDoc("doc-1", "Mosul airstrike, corrected.")
	updated.Title = "Corrected"
	updated.Published = time.Time{}
	updated.PublishedSpan = nil
	newEvs := []evident.Event{newEvent("doc-1", "ev-new", "2017-02-01")}
	put(t, s, updated, newEvs, evident.PutUpdated)

	checkDocument(t, s, updated)
	checkEvents(t, s, evident.EventFilter{DocID: "doc-1", WithBackground: true}, newEvs)
	checkEvents(t, s, evident.EventFilter{DocID: "doc-2", WithBackground: true}, otherEvs)
	checkCounts(t, s, 2, 2)

	// The old content is gone, so it can be added again under a new id.
	put(t, s, newDoc("doc-3", "Mosul airstrike."), nil, evident.PutAdded)
	// And the new content is a duplicate.
	put(t, s, updated, newEvs, evident.PutDuplicate)
}

func testLatestIngestWins(t *testing.T, s evident.Store) {
	// The content ingested last wins, a return to an earlier text included
	// (A, B, A leaves A): callers that store several versions of one id in
	// one run store them in input order, so the later line wins.
	v1 := newDoc("doc-1", "First version.")
	v2 := newDoc("doc-1", "Second version.")
	evs1 := []evident.Event{newEvent("doc-1", "ev-1", "2017-01-30")}
	evs2 := []evident.Event{newEvent("doc-1", "ev-2", "2017-01-31")}
	put(t, s, v1, evs1, evident.PutAdded)
	put(t, s, v2, evs2, evident.PutUpdated)
	put(t, s, v1, evs1, evident.PutUpdated)
	checkDocument(t, s, v1)
	checkEvents(t, s, evident.EventFilter{DocID: "doc-1", WithBackground: true}, evs1)
	put(t, s, v1, evs1, evident.PutDuplicate)
	put(t, s, v2, evs2, evident.PutUpdated)
	checkDocument(t, s, v2)
	checkEvents(t, s, evident.EventFilter{DocID: "doc-1", WithBackground: true}, evs2)
	checkCounts(t, s, 1, 1)
}

func testUpdateNewTextTakenByOtherID(t *testing.T, s evident.Store) {
	// doc-1 changes to text that doc-2 already has: that content is already
	// stored, so the put is a duplicate and doc-1 keeps its old content.
	doc1 := newDoc("doc-1", "First text.")
	evs1 := []evident.Event{newEvent("doc-1", "ev-1", "2017-01-31")}
	put(t, s, doc1, evs1, evident.PutAdded)
	put(t, s, newDoc("doc-2", "Second text."), nil, evident.PutAdded)

	put(t, s, newDoc("doc-1", "Second text."), nil, evident.PutDuplicate)
	checkDocument(t, s, doc1)
	checkEvents(t, s, evident.EventFilter{DocID: "doc-1"}, evs1)
	checkCounts(t, s, 2, 1)
}

func testReExtraction(t *testing.T, s evident.Store) {
	doc := newDoc("doc-1", "Mosul airstrike.")
	put(t, s, doc, []evident.Event{
		newEvent("doc-1", "ev-1", "2017-01-31"),
		newEvent("doc-1", "ev-2", "2017-01-31"),
	}, evident.PutAdded)

	v2 := newEvent("doc-1", "ev-1", "2017-01-31") // same id, new content
	v2.ExtractorVersion = "v2"
	v2.Casualties.Fatalities = 4
	v2.Evidence = v2.Evidence[:1]
	put(t, s, doc, []evident.Event{v2}, evident.PutUpdated)
	checkDocument(t, s, doc)
	checkEvents(t, s, evident.EventFilter{WithBackground: true}, []evident.Event{v2})
	checkCounts(t, s, 1, 1)

	// The same extractor version again is a duplicate.
	put(t, s, doc, []evident.Event{v2}, evident.PutDuplicate)

	// Going back to an older extractor is also a different version.
	v1 := newEvent("doc-1", "ev-3", "2017-01-31")
	put(t, s, doc, []evident.Event{v1}, evident.PutUpdated)
	checkEvents(t, s, evident.EventFilter{WithBackground: true}, []evident.Event{v1})

	// A new extractor that finds nothing removes the old events.
	put(t, s, doc, nil, evident.PutUpdated)
	checkEvents(t, s, evident.EventFilter{WithBackground: true}, nil)
	checkCounts(t, s, 1, 0)
	put(t, s, doc, nil, evident.PutDuplicate)
}

func testNotFound(t *testing.T, s evident.Store) {
	put(t, s, newDoc("doc-1", "Text."), nil, evident.PutAdded)
	for _, id := range []string{"doc-2", "", "DOC-1", "doc-1 "} {
		checkNotFound(t, s, id)
	}
}

// filterFixture stores events that the Filters and Ordering tests select.
func filterFixture(t *testing.T, s evident.Store) {
	t.Helper()
	mk := func(doc, id, date, cc, typ, sub string, bg bool) evident.Event {
		e := newEvent(doc, id, date)
		e.CountryCode, e.EventType, e.SubEventType, e.Background = cc, typ, sub, bg
		return e
	}
	const (
		battles = "Battles"
		armed   = "Armed clash"
		erv     = "Explosions/Remote violence"
		air     = "Air/drone strike"
		shell   = "Shelling/artillery/missile attack"
		vac     = "Violence against civilians"
		attack  = "Attack"
	)
	put(t, s, newDoc("a", "Document a."), []evident.Event{
		mk("a", "a1", "2017-01-30", "IQ", battles, armed, false),
		mk("a", "a2", "2017-01-31", "IQ", erv, air, false),
		mk("a", "a3", "2017-02-01", "SY", erv, shell, false),
		mk("a", "a4", "2014-06-10", "IQ", battles, armed, true), // background
	}, evident.PutAdded)
	put(t, s, newDoc("b", "Document b."), []evident.Event{
		mk("b", "b1", "2017-01-31", "sy", vac, attack, false),
		mk("b", "b2", "", "IQ", erv, air, false), // no date
		mk("b", "b0", "2017-01-31", "", battles, armed, false),
	}, evident.PutAdded)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func testFilters(t *testing.T, s evident.Store) {
	filterFixture(t, s)
	tests := []struct {
		name string
		f    evident.EventFilter
		want []string
	}{
		{"none", evident.EventFilter{}, []string{"a1", "a2", "b0", "b1", "a3", "b2"}},
		{"background", evident.EventFilter{WithBackground: true}, []string{"a4", "a1", "a2", "b0", "b1", "a3", "b2"}},
		{"since inclusive", evident.EventFilter{Since: day(2017, 1, 31)}, []string{"a2", "b0", "b1", "a3"}},
		{"until inclusive", evident.EventFilter{Until: day(2017, 1, 31)}, []string{"a1", "a2", "b0", "b1"}},
		{"until late in the day", evident.EventFilter{Until: time.Date(2017, 1, 30, 23, 59, 59, 0, time.UTC)}, []string{"a1"}},
		{"since and until same day", evident.EventFilter{Since: day(2017, 1, 31), Until: day(2017, 1, 31)}, []string{"a2", "b0", "b1"}},
		{"since with background", evident.EventFilter{Since: day(2010, 1, 1), WithBackground: true}, []string{"a4", "a1", "a2", "b0", "b1", "a3"}},
		{"empty range", evident.EventFilter{Since: day(2017, 2, 1), Until: day(2017, 1, 31)}, nil},
		{"country", evident.EventFilter{CountryCode: "IQ"}, []string{"a1", "a2", "b2"}},
		{"country lower case", evident.EventFilter{CountryCode: "sy"}, []string{"b1", "a3"}},
		{"country upper case", evident.EventFilter{CountryCode: "SY"}, []string{"b1", "a3"}},
		{"event type", evident.EventFilter{EventType: "Explosions/Remote violence"}, []string{"a2", "a3", "b2"}},
		{"sub event type", evident.EventFilter{EventType: "Armed clash"}, []string{"a1", "b0"}},
		{"sub event type with background", evident.EventFilter{EventType: "Armed clash", WithBackground: true}, []string{"a4", "a1", "b0"}},
		{"unknown type", evident.EventFilter{EventType: "Riots"}, nil},
		{"doc", evident.EventFilter{DocID: "b"}, []string{"b0", "b1", "b2"}},
		{"unknown doc", evident.EventFilter{DocID: "c"}, nil},
		{"limit", evident.EventFilter{Limit: 2}, []string{"a1", "a2"}},
		{"limit larger than result", evident.EventFilter{DocID: "a", Limit: 10}, []string{"a1", "a2", "a3"}},
		{"combined", evident.EventFilter{Since: day(2017, 1, 31), CountryCode: "iq", EventType: "Air/drone strike", DocID: "a", Limit: 5}, []string{"a2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(events(t, s, tt.f))
			if diff := cmp.Diff(tt.want, got, cmpOpts...); diff != "" {
				t.Errorf("Events(%+v) ids mismatch (-want +got):\n%s", tt.f, diff)
			}
		})
	}
}

func testOrdering(t *testing.T, s evident.Store) {
	// Put in an order unrelated to the expected one.
	put(t, s, newDoc("z", "Document z."), []evident.Event{
		newEvent("z", "z-undated", ""),
		newEvent("z", "z2", "2017-01-01"),
		newEvent("z", "z1", "2017-01-01"),
	}, evident.PutAdded)
	put(t, s, newDoc("m", "Document m."), []evident.Event{
		newEvent("m", "m-undated", ""),
		newEvent("m", "m1", "2017-01-01"),
		newEvent("m", "m0", "2016-12-31"),
	}, evident.PutAdded)
	want := []string{"m0", "m1", "z1", "z2", "m-undated", "z-undated"}
	got := ids(events(t, s, evident.EventFilter{}))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Events order mismatch (-want +got):\n%s", diff)
	}
	got = ids(events(t, s, evident.EventFilter{Limit: 5}))
	if diff := cmp.Diff(want[:5], got); diff != "" {
		t.Errorf("Events with limit: order mismatch (-want +got):\n%s", diff)
	}
}

func testCounts(t *testing.T, s evident.Store) {
	checkCounts(t, s, 0, 0)
	put(t, s, newDoc("a", "A."), nil, evident.PutAdded)
	checkCounts(t, s, 1, 0)
	bg := newEvent("b", "b2", "2017-01-01")
	bg.Background = true
	put(t, s, newDoc("b", "B."), []evident.Event{newEvent("b", "b1", "2017-01-01"), bg}, evident.PutAdded)
	checkCounts(t, s, 2, 2) // background events count too
	put(t, s, newDoc("b", "B, updated."), []evident.Event{newEvent("b", "b3", "2017-01-01")}, evident.PutUpdated)
	checkCounts(t, s, 2, 1)
}

func testFailedPut(t *testing.T, s evident.Store) {
	doc := newDoc("doc-1", "Mosul airstrike.")
	evs := []evident.Event{newEvent("doc-1", "ev-1", "2017-01-31")}
	put(t, s, doc, evs, evident.PutAdded)

	cancelled, cancel := context.WithCancel(ctx(t))
	cancel()
	dupIDs := []evident.Event{newEvent("doc-1", "ev-x", "2017-01-31"), newEvent("doc-1", "ev-x", "2017-02-01")}
	tests := []struct {
		name   string
		ctx    context.Context
		doc    *evident.Document
		events []evident.Event
	}{
		{"cancelled add", cancelled, newDoc("doc-2", "Other text."), []evident.Event{newEvent("doc-2", "ev-2", "2017-01-31")}},
		{"cancelled update", cancelled, newDoc("doc-1", "New text."), []evident.Event{newEvent("doc-1", "ev-3", "2017-01-31")}},
		{"duplicate event ids on update", ctx(t), newDoc("doc-1", "New text."), dupIDs},
		{"duplicate event ids on re-extraction", ctx(t), doc, func() []evident.Event {
			evs := slices.Clone(dupIDs)
			for i := range evs {
				evs[i].ExtractorVersion = "v2"
			}
			return evs
		}()},
		{"duplicate event ids on add", ctx(t), newDoc("doc-3", "Third text."), []evident.Event{newEvent("doc-3", "ev-y", ""), newEvent("doc-3", "ev-y", "")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.PutDocument(tt.ctx, tt.doc, tt.events)
			if err == nil {
				t.Fatalf("PutDocument(%q) = %q, want error", tt.doc.ID, res)
			}
			checkDocument(t, s, doc)
			checkEvents(t, s, evident.EventFilter{WithBackground: true}, evs)
			checkCounts(t, s, 1, 1)
			if tt.doc.ID != doc.ID {
				checkNotFound(t, s, tt.doc.ID)
			}
		})
	}
	// The store still works after the failures.
	put(t, s, newDoc("doc-2", "Other text."), nil, evident.PutAdded)
	checkCounts(t, s, 2, 1)
}

func testConcurrent(t *testing.T, s evident.Store) {
	const workers, perWorker = 8, 10
	shared := newDoc("shared", "Everyone puts this.")
	sharedEvs := []evident.Event{newEvent("shared", "ev-shared", "2017-01-31")}

	var wg sync.WaitGroup
	results := make([][]evident.PutResult, workers)
	errs := make(chan error, workers*(perWorker+3))
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				id := fmt.Sprintf("w%d-%d", w, i)
				doc := newDoc(id, "Text of "+id)
				evs := []evident.Event{newEvent(id, id+"-e1", "2017-01-31"), newEvent(id, id+"-e2", "")}
				if _, err := s.PutDocument(t.Context(), doc, evs); err != nil {
					errs <- fmt.Errorf("PutDocument(%q): %w", id, err)
				}
				if i == perWorker/2 {
					res, err := s.PutDocument(t.Context(), shared, sharedEvs)
					if err != nil {
						errs <- fmt.Errorf("PutDocument(shared): %w", err)
					}
					results[w] = append(results[w], res)
				}
				// Reads interleave with writes.
				if _, err := s.Events(t.Context(), evident.EventFilter{DocID: id}); err != nil {
					errs <- fmt.Errorf("Events(%q): %w", id, err)
				}
				if _, _, err := s.Counts(t.Context()); err != nil {
					errs <- fmt.Errorf("Counts: %w", err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	added := 0
	for _, rs := range results {
		for _, r := range rs {
			switch r {
			case evident.PutAdded:
				added++
			case evident.PutDuplicate:
			default:
				t.Errorf("PutDocument(shared) = %q, want %q or %q", r, evident.PutAdded, evident.PutDuplicate)
			}
		}
	}
	if added != 1 {
		t.Errorf("PutDocument(shared) returned %q %d times, want once", evident.PutAdded, added)
	}
	checkCounts(t, s, workers*perWorker+1, workers*perWorker*2+1)
	checkDocument(t, s, shared)
	checkEvents(t, s, evident.EventFilter{DocID: "shared"}, sharedEvs)
	for w := range workers {
		id := fmt.Sprintf("w%d-%d", w, perWorker-1)
		checkDocument(t, s, newDoc(id, "Text of "+id))
	}
}
