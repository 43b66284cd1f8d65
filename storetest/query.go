package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// QueryStoreUnderTest is what RunQuery tests: a store that answers queries
// and keeps tokens.
type QueryStoreUnderTest interface {
	evident.Store
	evident.QueryStore
	evident.TokenStore
}

// RunQuery runs the conformance suite for evident.QueryStore and
// evident.TokenStore, written against the interfaces only. open must
// return a new, empty store each time it is called; RunQuery closes every
// store it opens. Its fixture is
// QueryFixture (26 hand-built events over 6 documents); the grid test adds
// MaxMapPoints+100 tiny events in one PutDocument. Beyond what query.go
// says, it pins down these behaviours:
//
//   - Query filters: Since and Until are inclusive and undated events never
//     match a bound. BBox is inclusive at its edges, a box whose MinLon is
//     greater than its MaxLon crosses the antimeridian, and events without
//     coordinates (latitude = longitude = 0) never match a box. Countries,
//     Admin1, EventTypes, SubEventTypes and Modalities match any of their
//     values case-insensitively; EventTypes matches event_type only.
//     Actor matches actor1, actor2 or one whole name of an associated-actor
//     list ("A; B"), case-insensitively, never a part of a name.
//     MinFatalities is inclusive. Text is every word (case- and
//     diacritic-insensitive; a trailing * matches a prefix) found in the
//     notes, actors, place or evidence; operators and quotes in it are
//     plain words, never a syntax error. DocID is exact.
//   - Every query method (EventPage, EachEvent, Stats, Map) applies a
//     query identically.
//   - SortDateAsc orders by event_date, doc_id, event id; SortDateDesc by
//     the same keys descending; both put undated events after every dated
//     one (ties among them by doc_id, id in the sort's direction). The
//     fatality sorts order by fatalities; ties come in an order that is
//     fixed for a store. An unknown sort, a limit outside 0..MaxPageLimit,
//     a cursor that is not one and a cursor of another sort are EINVALID.
//     Paging with NextCursor visits every match exactly once, in the order
//     of the unpaged answer, with no empty page.
//   - EventPage events carry evidence but no field evidence; Event and
//     DocumentEvents carry both. DocumentEvents lists events in the order
//     they were put, background ones included; an unknown document has
//     none (and no error).
//   - EachEvent yields what SortDateAsc pages yield, and returns fn's
//     first error.
//   - Stats: Total and Fatalities count every match, undated ones too; time
//     buckets count dated events only, keyed by the first day of the bucket
//     (weeks start on Monday), in key order, empty ones omitted. ByAuto
//     resolves to day for spans of up to about a year, week for a few
//     years and month beyond, and to day when nothing is dated. Category
//     buckets leave out empty values and are sorted by count descending,
//     then key; ByActor counts actor1 and actor2 (not associated actors),
//     an event once per actor; ByCountry keys are codes, labels names.
//   - Map: events without coordinates are left out of Total, points and
//     cells. Up to MaxMapPoints matches are points; beyond, cells of the
//     given size (cell = floor(lat/size), floor(lon/size)) with the mean
//     position, the count, the fatalities and the most frequent event type.
//     A cell size that is not positive is EINVALID.
//   - Actors (actor1 and actor2, with the largest inter code seen) and
//     Places (grouped by geonameid, location, admin1 and country, mean
//     position, located events only) are sorted by events descending, then
//     name; limit bounds them.
//   - Documents lists newest ingested first; text matches id, title or
//     outlet case-insensitively as a plain substring; Events and
//     BackgroundEvents count the document's events.
//   - Tokens: CreateToken needs a name; its secret verifies until the token
//     is revoked; anything else (unknown, altered, empty, revoked) is
//     EUNAUTHORIZED. Tokens lists every token, revoked ones flagged, and
//     never exposes a secret. RevokeToken of an unknown id is ENOTFOUND and
//     revoking twice is not an error.
func RunQuery(t *testing.T, open func(t *testing.T) QueryStoreUnderTest) {
	newStore := func(t *testing.T) QueryStoreUnderTest {
		t.Helper()
		s := open(t)
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return s
	}
	// The fixture tests only read, so they share one store.
	t.Run("Fixture", func(t *testing.T) {
		s := newStore(t)
		fixture := newFx(PutQueryFixture(t, s))
		tests := []struct {
			name string
			fn   func(t *testing.T, s QueryStoreUnderTest, fx *fx)
		}{
			{"Filters", testQueryFilters},
			{"Sorts", testQuerySorts},
			{"Paging", testQueryPaging},
			{"PageErrors", testQueryPageErrors},
			{"PageContent", testQueryPageContent},
			{"Event", testQueryEvent},
			{"DocumentEvents", testQueryDocumentEvents},
			{"EachEvent", testQueryEachEvent},
			{"Stats", testQueryStats},
			{"StatsAuto", testQueryStatsAuto},
			{"MapPoints", testQueryMapPoints},
			{"Actors", testQueryActors},
			{"Places", testQueryPlaces},
			{"Documents", testQueryDocuments},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { tt.fn(t, s, fixture) })
		}
	})
	t.Run("Empty", func(t *testing.T) { testQueryEmpty(t, newStore(t)) })
	t.Run("MapGrid", func(t *testing.T) { testQueryMapGrid(t, newStore(t)) })
	t.Run("Tokens", func(t *testing.T) { testTokens(t, newStore(t)) })
}

// fx indexes the fixture.
type fx struct {
	docs   []FixtureDoc
	events map[string]evident.Event
}

func newFx(docs []FixtureDoc) *fx {
	f := &fx{docs: docs, events: map[string]evident.Event{}}
	for _, d := range docs {
		for _, e := range d.Events {
			f.events[e.ID] = e
		}
	}
	return f
}

// fixtureDateAsc is every non-background event of the fixture in
// SortDateAsc order.
var fixtureDateAsc = []string{
	"x1", "x4", "m1", "m2", "m3", "r1", "r2", "m4", "m5", "m8", "r3", "x3", "r4", "f1", "f2", "f3", "r6",
	"f4", "x2", "m6", "r5",
}

// desc turns a SortDateAsc list into its SortDateDesc order: the dated
// events reversed, then the undated ones reversed.
func (f *fx) desc(asc []string) []string {
	var dated, undated []string
	for _, id := range asc {
		if f.events[id].EventDate == "" {
			undated = append(undated, id)
		} else {
			dated = append(dated, id)
		}
	}
	slices.Reverse(dated)
	slices.Reverse(undated)
	return append(dated, undated...)
}

func located(e evident.Event) bool { return e.Latitude != 0 || e.Longitude != 0 }

func boolp(b bool) *bool { return &b }

func page(t *testing.T, s evident.QueryStore, q evident.Query, p evident.PageRequest) evident.EventPage {
	t.Helper()
	pg, err := s.EventPage(ctx(t), q, p)
	if err != nil {
		t.Fatalf("EventPage(%+v, %+v): %v", q, p, err)
	}
	return pg
}

// all pages through every match of q in sort order, limit events at a
// time, checking the paging invariants.
func all(t *testing.T, s evident.QueryStore, q evident.Query, sort string, limit int) []evident.Event {
	t.Helper()
	var out []evident.Event
	p := evident.PageRequest{Sort: sort, Limit: limit}
	for n := 0; ; n++ {
		if n > 1000 {
			t.Fatalf("EventPage(%+v, sort %q, limit %d): more than 1000 pages", q, sort, limit)
		}
		pg := page(t, s, q, p)
		if len(pg.Events) > limit {
			t.Fatalf("EventPage(sort %q, limit %d) returned %d events", sort, limit, len(pg.Events))
		}
		if len(pg.Events) == 0 && (n > 0 || pg.NextCursor != "") {
			t.Fatalf("EventPage(sort %q, limit %d): empty page %d (next cursor %q)", sort, limit, n, pg.NextCursor)
		}
		out = append(out, pg.Events...)
		if pg.NextCursor == "" {
			return out
		}
		p.Cursor = pg.NextCursor
	}
}

func each(t *testing.T, s evident.QueryStore, q evident.Query) []evident.Event {
	t.Helper()
	var out []evident.Event
	if err := s.EachEvent(ctx(t), q, func(e *evident.Event) error {
		out = append(out, *e)
		return nil
	}); err != nil {
		t.Fatalf("EachEvent(%+v): %v", q, err)
	}
	return out
}

func testQueryFilters(t *testing.T, s QueryStoreUnderTest, f *fx) {
	mosulBox := &evident.BBox{MinLon: 42, MinLat: 36, MaxLon: 44, MaxLat: 37}
	tests := []struct {
		name string
		q    evident.Query
		want []string // SortDateAsc order
	}{
		{"none", evident.Query{}, fixtureDateAsc},
		{"background", evident.Query{WithBackground: true}, []string{
			"h1", "r7", "m7", "h3", "x1", "x4", "m1", "m2", "m3", "r1", "r2", "m4", "m5", "m8", "r3", "x3", "r4", "f1", "f2", "f3", "r6",
			"f4", "h2", "x2", "m6", "r5"}},
		{"since", evident.Query{Since: day(2017, 3, 1)}, []string{"r4", "f1", "f2", "f3", "r6"}},
		{"until", evident.Query{Until: day(2017, 1, 31)}, []string{"x1", "x4", "m1", "m2", "m3"}},
		{"since = until", evident.Query{Since: day(2017, 2, 6), Until: day(2017, 2, 6)}, []string{"m5", "m8"}},
		{"since and until", evident.Query{Since: day(2017, 2, 1), Until: day(2017, 2, 28)}, []string{"r1", "r2", "m4", "m5", "m8", "r3", "x3"}},
		{"since with background", evident.Query{Since: day(2016, 1, 1), WithBackground: true}, []string{
			"h3", "x1", "x4", "m1", "m2", "m3", "r1", "r2", "m4", "m5", "m8", "r3", "x3", "r4", "f1", "f2", "f3", "r6"}},
		{"until before everything", evident.Query{Until: day(2000, 1, 1), WithBackground: true}, nil},
		{"bbox", evident.Query{BBox: mosulBox}, []string{"m1", "m2", "m3", "m4", "m8", "m6"}},
		{"bbox edges inclusive", evident.Query{BBox: &evident.BBox{MinLon: 42.448, MinLat: 36.374, MaxLon: 42.448, MaxLat: 36.374}}, []string{"m4"}},
		{"bbox just beside a point", evident.Query{BBox: &evident.BBox{MinLon: 42.4481, MinLat: 36.374, MaxLon: 42.5, MaxLat: 36.374}}, nil},
		{"bbox across the antimeridian", evident.Query{BBox: &evident.BBox{MinLon: 179, MinLat: -17, MaxLon: -179, MaxLat: -16}}, []string{"f1", "f2"}},
		{"bbox across the antimeridian, wide", evident.Query{BBox: &evident.BBox{MinLon: 170, MinLat: -20, MaxLon: -170, MaxLat: -10}}, []string{"f1", "f2", "f3", "f4"}},
		{"bbox east of the antimeridian only", evident.Query{BBox: &evident.BBox{MinLon: 170, MinLat: -20, MaxLon: 180, MaxLat: -10}}, []string{"f1", "f4"}},
		{"bbox world", evident.Query{BBox: &evident.BBox{MinLon: -180, MinLat: -90, MaxLon: 180, MaxLat: 90}}, []string{
			"m1", "m2", "m3", "r1", "r2", "m4", "m5", "m8", "r3", "r4", "f1", "f2", "f3", "f4", "m6", "r5"}},
		{"bbox round 0,0 matches no unlocated event", evident.Query{BBox: &evident.BBox{MinLon: -1, MinLat: -1, MaxLon: 1, MaxLat: 1}, WithBackground: true}, nil},
		{"bbox and since", evident.Query{BBox: mosulBox, Since: day(2017, 2, 1)}, []string{"m4", "m8"}},
		{"bbox and until", evident.Query{BBox: mosulBox, Until: day(2017, 1, 31)}, []string{"m1", "m2", "m3"}},
		{"bbox with background", evident.Query{BBox: mosulBox, WithBackground: true}, []string{"m7", "h3", "m1", "m2", "m3", "m4", "m8", "m6"}},
		{"country", evident.Query{Countries: []string{"IQ"}}, []string{"x1", "x4", "m1", "m2", "m3", "m4", "m5", "m8", "m6"}},
		{"countries lower case", evident.Query{Countries: []string{"sy", "fj"}}, []string{"r1", "r2", "r3", "x3", "r4", "f1", "f2", "f3", "r6", "f4", "r5"}},
		{"unknown country", evident.Query{Countries: []string{"ZZ"}}, nil},
		{"admin1", evident.Query{Admin1: []string{"nineveh"}}, []string{"m1", "m2", "m3", "m4", "m8", "m6"}},
		{"admin1 list", evident.Query{Admin1: []string{"Anbar", "IDLIB"}}, []string{"m5", "x3"}},
		{"event type", evident.Query{EventTypes: []string{"Battles"}}, []string{"x1", "m1", "r1", "m6"}},
		{"event types lower case", evident.Query{EventTypes: []string{"battles", "riots"}}, []string{"x1", "m1", "r1", "f2", "f3", "m6"}},
		{"event types match event_type only", evident.Query{EventTypes: []string{"Armed clash"}}, nil},
		{"sub-event type", evident.Query{SubEventTypes: []string{"Air/drone strike"}}, []string{"m2", "r2", "m8", "x3", "r5"}},
		{"sub-event and event type", evident.Query{SubEventTypes: []string{"air/drone strike"}, EventTypes: []string{"Explosions/Remote violence"}}, []string{"m2", "r2", "m8", "x3", "r5"}},
		{"sub-event types", evident.Query{SubEventTypes: []string{"Attack", "Remote explosive/landmine/IED"}}, []string{"m3", "m5", "r4", "x2"}},
		{"actor", evident.Query{Actor: fxIS}, []string{"m1", "m2", "m3", "r1", "r2", "m4", "m8", "r4", "m6"}},
		{"actor lower case", evident.Query{Actor: "islamic state"}, []string{"m1", "m2", "m3", "r1", "r2", "m4", "m8", "r4", "m6"}},
		{"actor as actor2 only", evident.Query{Actor: fxPolFJ}, []string{"f2", "f3"}},
		{"first associated actor", evident.Query{Actor: "Police Forces of Iraq (2014-)"}, []string{"m1"}},
		{"second associated actor", evident.Query{Actor: "popular mobilization forces"}, []string{"m1"}},
		{"associated actor of actor2", evident.Query{Actor: "Teachers (Iraq)"}, []string{"m3"}},
		{"part of a name", evident.Query{Actor: "Islamic"}, nil},
		{"part of an associated list", evident.Query{Actor: "Popular Mobilization"}, nil},
		{"whole associated list", evident.Query{Actor: fxAssoc1}, nil},
		{"actor with parentheses", evident.Query{Actor: fxISF}, []string{"x1", "m1", "m4", "m6"}},
		{"min fatalities inclusive", evident.Query{MinFatalities: 9}, []string{"m1", "r1", "r3", "x3"}},
		{"min fatalities above all", evident.Query{MinFatalities: 50}, nil},
		{"min fatalities with background", evident.Query{MinFatalities: 50, WithBackground: true}, []string{"h2"}},
		{"civilian targeting", evident.Query{CivilianTargeting: boolp(true)}, []string{"m3", "m5", "r3", "x3", "r4", "x2"}},
		{"not civilian targeting", evident.Query{CivilianTargeting: boolp(false)}, []string{
			"x1", "x4", "m1", "m2", "r1", "r2", "m4", "m8", "f1", "f2", "f3", "r6", "f4", "m6", "r5"}},
		{"modality", evident.Query{Modalities: []string{"reported"}}, []string{"m2", "m3", "r2", "m8", "r3", "f2", "f3"}},
		{"modalities", evident.Query{Modalities: []string{"ALLEGED", "denied"}}, []string{"m5", "x3", "r4", "r5"}},
		{"text in evidence", evident.Query{Text: "sniper"}, []string{"m3", "m8"}},
		{"text upper case", evident.Query{Text: "SNIPER"}, []string{"m3", "m8"}},
		{"text prefix", evident.Query{Text: "snip*"}, []string{"m3", "m8"}},
		{"text without its star is a word", evident.Query{Text: "snip"}, nil},
		{"text in actors and evidence", evident.Query{Text: "coalition"}, []string{"m2", "r2", "m8", "r5"}},
		{"text words all match", evident.Query{Text: "coalition bridge"}, []string{"r2"}},
		{"text without diacritics", evident.Query{Text: "saraqib"}, []string{"x3"}},
		{"text in place", evident.Query{Text: "Raqqa"}, []string{"r1", "r2", "r5"}},
		{"text in location", evident.Query{Text: "mosul"}, []string{"m1", "m2", "m3", "m8", "m6"}},
		{"text with background", evident.Query{Text: "mosul", WithBackground: true}, []string{"m7", "h3", "m1", "m2", "m3", "m8", "m6"}},
		{"text operators are words", evident.Query{Text: "sniper OR mortar"}, nil},
		{"text NOT is a word", evident.Query{Text: "sniper NOT"}, nil},
		{"text quotes", evident.Query{Text: `"sniper`}, []string{"m3", "m8"}},
		{"text syntax", evident.Query{Text: `NEAR(sniper mortar) ^ - + : {actors}`}, nil},
		{"text column filter is a word", evident.Query{Text: "actors:sniper"}, nil},
		{"text sql", evident.Query{Text: `'; DROP TABLE events; --`}, nil},
		{"doc", evident.Query{DocID: "fiji"}, []string{"f1", "f2", "f3", "f4"}},
		{"doc is exact", evident.Query{DocID: "FIJI"}, nil},
		{"doc of background events", evident.Query{DocID: "hist"}, nil},
		{"doc with background", evident.Query{DocID: "hist", WithBackground: true}, []string{"h1", "h3", "h2"}},
		{"doc sql", evident.Query{DocID: "fiji' OR '1'='1"}, nil},
		{"combined", evident.Query{Countries: []string{"IQ"}, EventTypes: []string{"Explosions/Remote violence"}, MinFatalities: 5, Since: day(2017, 1, 31)}, []string{"m2", "m5", "m8"}},
		{"country sql", evident.Query{Countries: []string{"IQ') OR 1=1 --"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(all(t, s, tt.q, evident.SortDateAsc, evident.MaxPageLimit)); !cmp.Equal(tt.want, got, cmpOpts...) {
				t.Errorf("EventPage(%+v, date) = %v, want %v", tt.q, got, tt.want)
			}
			if got, want := ids(all(t, s, tt.q, "", evident.MaxPageLimit)), f.desc(tt.want); !cmp.Equal(want, got, cmpOpts...) {
				t.Errorf("EventPage(%+v, default sort) = %v, want %v", tt.q, got, want)
			}
			if got := ids(each(t, s, tt.q)); !cmp.Equal(tt.want, got, cmpOpts...) {
				t.Errorf("EachEvent(%+v) = %v, want %v", tt.q, got, tt.want)
			}
			// Stats and Map apply the same query.
			fat, nLocated := 0, 0
			var locatedIDs []string
			for _, id := range tt.want {
				e := f.events[id]
				fat += e.Fatalities
				if located(e) {
					nLocated++
					locatedIDs = append(locatedIDs, id)
				}
			}
			st, err := s.Stats(ctx(t), tt.q, evident.ByEventType)
			if err != nil {
				t.Fatalf("Stats: %v", err)
			}
			if st.Total != len(tt.want) || st.Fatalities != fat {
				t.Errorf("Stats(%+v) total %d, fatalities %d; want %d, %d", tt.q, st.Total, st.Fatalities, len(tt.want), fat)
			}
			mv, err := s.Map(ctx(t), tt.q, 1)
			if err != nil {
				t.Fatalf("Map: %v", err)
			}
			var pts []string
			for _, p := range mv.Points {
				pts = append(pts, p.ID)
			}
			sort.Strings(pts)
			sort.Strings(locatedIDs)
			if mv.Mode != "points" || mv.Total != nLocated || !cmp.Equal(locatedIDs, pts, cmpOpts...) {
				t.Errorf("Map(%+v) = %s, total %d, points %v; want points, %d, %v", tt.q, mv.Mode, mv.Total, pts, nLocated, locatedIDs)
			}
		})
	}
}

func testQuerySorts(t *testing.T, s QueryStoreUnderTest, f *fx) {
	queries := []evident.Query{{}, {WithBackground: true}, {Countries: []string{"SY"}}}
	for _, q := range queries {
		want := ids(all(t, s, q, evident.SortDateAsc, evident.MaxPageLimit))
		// The default is -date.
		def := ids(page(t, s, q, evident.PageRequest{}).Events)
		if d := ids(page(t, s, q, evident.PageRequest{Sort: evident.SortDateDesc}).Events); !cmp.Equal(def, d) || !cmp.Equal(def, f.desc(want)) {
			t.Errorf("%+v: default sort %v, -date %v; want %v", q, def, d, f.desc(want))
		}
		for _, so := range []string{evident.SortFatalitiesDesc, evident.SortFatalitiesAsc} {
			evs := all(t, s, q, so, evident.MaxPageLimit)
			got := ids(evs)
			if !cmp.Equal(sorted(got), sorted(want)) {
				t.Errorf("%+v sort %s: events %v, want the events %v", q, so, got, want)
			}
			for i := 1; i < len(evs); i++ {
				a, b := evs[i-1].Fatalities, evs[i].Fatalities
				if so == evident.SortFatalitiesDesc && a < b || so == evident.SortFatalitiesAsc && a > b {
					t.Errorf("%+v sort %s: %s (%d) before %s (%d)", q, so, evs[i-1].ID, a, evs[i].ID, b)
				}
			}
			// Ties come in a fixed order.
			if again := ids(all(t, s, q, so, evident.MaxPageLimit)); !cmp.Equal(got, again) {
				t.Errorf("%+v sort %s: %v, then %v", q, so, got, again)
			}
		}
	}
	// The full -fatalities order of the fixture, up to ties.
	evs := all(t, s, evident.Query{}, evident.SortFatalitiesDesc, evident.MaxPageLimit)
	var fats []int
	for _, e := range evs {
		fats = append(fats, e.Fatalities)
	}
	want := []int{20, 15, 12, 9, 7, 5, 5, 5, 4, 3, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0}
	if !cmp.Equal(want, fats) {
		t.Errorf("-fatalities: fatalities %v, want %v", fats, want)
	}
	if len(evs) > 0 && evs[0].ID != "r1" {
		t.Errorf("-fatalities: first %s, want r1", evs[0].ID)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func testQueryPaging(t *testing.T, s QueryStoreUnderTest, f *fx) {
	queries := []struct {
		name string
		q    evident.Query
	}{
		{"all", evident.Query{}},
		{"background", evident.Query{WithBackground: true}},
		{"country", evident.Query{Countries: []string{"IQ"}}},
		{"bbox", evident.Query{BBox: &evident.BBox{MinLon: -180, MinLat: -90, MaxLon: 180, MaxLat: 90}}},
		{"since", evident.Query{Since: day(2017, 2, 1)}},
		{"undated only", evident.Query{DocID: "fiji", Modalities: []string{"asserted"}}},
		{"none", evident.Query{DocID: "nope"}},
	}
	sorts := []string{evident.SortDateDesc, evident.SortDateAsc, evident.SortFatalitiesDesc, evident.SortFatalitiesAsc}
	for _, qq := range queries {
		for _, so := range sorts {
			want := ids(page(t, s, qq.q, evident.PageRequest{Sort: so, Limit: evident.MaxPageLimit}).Events)
			for _, limit := range []int{1, 2, 3, 7} {
				t.Run(fmt.Sprintf("%s/%s/%d", qq.name, so, limit), func(t *testing.T) {
					got := ids(all(t, s, qq.q, so, limit))
					if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
						t.Errorf("paged ids differ from the unpaged answer (-want +got):\n%s", diff)
					}
				})
			}
		}
	}
	// A page as long as the answer has no next cursor; one shorter has.
	n := len(fixtureDateAsc)
	if pg := page(t, s, evident.Query{}, evident.PageRequest{Limit: n}); len(pg.Events) != n || pg.NextCursor != "" {
		t.Errorf("EventPage(limit %d) = %d events, cursor %q; want all and no cursor", n, len(pg.Events), pg.NextCursor)
	}
	if pg := page(t, s, evident.Query{}, evident.PageRequest{Limit: n - 1}); len(pg.Events) != n-1 || pg.NextCursor == "" {
		t.Errorf("EventPage(limit %d) = %d events, cursor %q; want %d and a cursor", n-1, len(pg.Events), pg.NextCursor, n-1)
	}
	// Limit 0 is DefaultPageLimit.
	if pg := page(t, s, evident.Query{WithBackground: true}, evident.PageRequest{}); len(pg.Events) != 26 {
		t.Errorf("EventPage(limit 0) = %d events, want 26", len(pg.Events))
	}
}

func testQueryPageErrors(t *testing.T, s QueryStoreUnderTest, f *fx) {
	first := func(sort string) string {
		pg := page(t, s, evident.Query{}, evident.PageRequest{Sort: sort, Limit: 2})
		if pg.NextCursor == "" {
			t.Fatalf("EventPage(sort %q, limit 2): no cursor", sort)
		}
		return pg.NextCursor
	}
	dateCur, fatCur := first(evident.SortDateDesc), first(evident.SortFatalitiesDesc)
	ascCur := first(evident.SortDateAsc)
	tests := []struct {
		name string
		p    evident.PageRequest
	}{
		{"garbage cursor", evident.PageRequest{Cursor: "garbage!"}},
		{"base64 garbage", evident.PageRequest{Cursor: "Z2FyYmFnZQ"}},
		{"empty object", evident.PageRequest{Cursor: "e30"}},
		{"truncated cursor", evident.PageRequest{Cursor: dateCur[:len(dateCur)/2]}},
		{"cursor of -fatalities for -date", evident.PageRequest{Cursor: fatCur}},
		{"cursor of -date for -fatalities", evident.PageRequest{Sort: evident.SortFatalitiesDesc, Cursor: dateCur}},
		{"cursor of -date for date", evident.PageRequest{Sort: evident.SortDateAsc, Cursor: dateCur}},
		{"cursor of date for -date", evident.PageRequest{Sort: evident.SortDateDesc, Cursor: ascCur}},
		{"cursor of -date for fatalities", evident.PageRequest{Sort: evident.SortFatalitiesAsc, Cursor: dateCur}},
		{"unknown sort", evident.PageRequest{Sort: "name"}},
		{"sort without its minus spelled out", evident.PageRequest{Sort: "+date"}},
		{"negative limit", evident.PageRequest{Limit: -1}},
		{"limit too large", evident.PageRequest{Limit: evident.MaxPageLimit + 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg, err := s.EventPage(ctx(t), evident.Query{}, tt.p)
			if code := evident.ErrorCode(err); code != evident.EINVALID {
				t.Errorf("EventPage(%+v) = %d events, %v; want EINVALID", tt.p, len(pg.Events), err)
			}
		})
	}
}

func testQueryPageContent(t *testing.T, s QueryStoreUnderTest, f *fx) {
	// Page events are the events put, with evidence but no field evidence.
	got := all(t, s, evident.Query{WithBackground: true}, evident.SortDateAsc, 5)
	if len(got) != len(f.events) {
		t.Fatalf("got %d events, want %d", len(got), len(f.events))
	}
	for _, e := range got {
		want := f.events[e.ID]
		want.Fields = nil
		if diff := cmp.Diff(want, e, cmpOpts...); diff != "" {
			t.Errorf("EventPage event %s mismatch (-want +got):\n%s", e.ID, diff)
		}
	}
}

func testQueryEvent(t *testing.T, s QueryStoreUnderTest, f *fx) {
	for _, id := range []string{"m1", "m7", "x2", "f2"} {
		got, err := s.Event(ctx(t), id)
		if err != nil {
			t.Fatalf("Event(%q): %v", id, err)
		}
		if diff := cmp.Diff(f.events[id], *got, cmpOpts...); diff != "" {
			t.Errorf("Event(%q) mismatch (-want +got):\n%s", id, diff)
		}
		if len(got.Fields) == 0 || len(got.Evidence) == 0 {
			t.Errorf("Event(%q): evidence %v, field evidence %v; want both", id, got.Evidence, got.Fields)
		}
	}
	for _, id := range []string{"nope", "", "M1", "m1 ", "m1' OR '1'='1"} {
		ev, err := s.Event(ctx(t), id)
		if code := evident.ErrorCode(err); code != evident.ENOTFOUND {
			t.Errorf("Event(%q) = %v, %v; want ENOTFOUND", id, ev, err)
		}
	}
}

func testQueryDocumentEvents(t *testing.T, s QueryStoreUnderTest, f *fx) {
	for _, d := range f.docs {
		got, err := s.DocumentEvents(ctx(t), d.Doc.ID)
		if err != nil {
			t.Fatalf("DocumentEvents(%q): %v", d.Doc.ID, err)
		}
		if diff := cmp.Diff(d.Events, got, cmpOpts...); diff != "" {
			t.Errorf("DocumentEvents(%q) mismatch (-want +got):\n%s", d.Doc.ID, diff)
		}
	}
	// Stored order, not date order: m7 (background, 2014) comes second.
	got, _ := s.DocumentEvents(ctx(t), "mosul")
	if want := []string{"m1", "m7", "m2", "m3", "m4", "m5", "m6", "m8"}; !cmp.Equal(want, ids(got)) {
		t.Errorf("DocumentEvents(mosul) = %v, want %v", ids(got), want)
	}
	for _, id := range []string{"nope", "MOSUL"} {
		got, err := s.DocumentEvents(ctx(t), id)
		if err != nil || len(got) != 0 {
			t.Errorf("DocumentEvents(%q) = %v, %v; want none, no error", id, ids(got), err)
		}
	}
}

func testQueryEachEvent(t *testing.T, s QueryStoreUnderTest, f *fx) {
	// Events carry their evidence.
	for _, e := range each(t, s, evident.Query{WithBackground: true}) {
		want := f.events[e.ID]
		if diff := cmp.Diff(want.Evidence, e.Evidence, cmpOpts...); diff != "" {
			t.Errorf("EachEvent %s evidence mismatch (-want +got):\n%s", e.ID, diff)
		}
	}
	// fn's first error stops the walk and is returned.
	stop := errors.New("stop")
	n := 0
	err := s.EachEvent(ctx(t), evident.Query{}, func(e *evident.Event) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("EachEvent stopping at the 3rd event: %d calls, %v; want 3, %v", n, err, stop)
	}
	if err := s.EachEvent(ctx(t), evident.Query{DocID: "nope"}, func(*evident.Event) error {
		t.Error("fn called for no match")
		return nil
	}); err != nil {
		t.Errorf("EachEvent(no match) = %v", err)
	}
}

func testQueryStats(t *testing.T, s QueryStoreUnderTest, f *fx) {
	type b = evident.Bucket
	days := []b{
		{Key: "2017-01-01", Count: 1, Fatalities: 2},
		{Key: "2017-01-30", Count: 2, Fatalities: 12},
		{Key: "2017-01-31", Count: 2, Fatalities: 8},
		{Key: "2017-02-01", Count: 2, Fatalities: 25},
		{Key: "2017-02-05", Count: 1, Fatalities: 0},
		{Key: "2017-02-06", Count: 2, Fatalities: 12},
		{Key: "2017-02-14", Count: 1, Fatalities: 9},
		{Key: "2017-02-28", Count: 1, Fatalities: 15},
		{Key: "2017-03-01", Count: 1, Fatalities: 1},
		{Key: "2017-03-02", Count: 2, Fatalities: 1},
		{Key: "2017-03-03", Count: 1, Fatalities: 0},
		{Key: "2017-03-31", Count: 1, Fatalities: 0},
	}
	tests := []struct {
		name       string
		q          evident.Query
		by         string
		wantBy     string
		total, fat int
		buckets    []b
	}{
		{"day", evident.Query{}, evident.ByDay, evident.ByDay, 21, 91, days},
		{"auto is day for three months", evident.Query{}, evident.ByAuto, evident.ByDay, 21, 91, days},
		{"week starts on Monday", evident.Query{}, evident.ByWeek, evident.ByWeek, 21, 91, []b{
			{Key: "2016-12-26", Count: 1, Fatalities: 2}, // 2017-01-01 is a Sunday
			{Key: "2017-01-30", Count: 7, Fatalities: 45},
			{Key: "2017-02-06", Count: 2, Fatalities: 12},
			{Key: "2017-02-13", Count: 1, Fatalities: 9},
			{Key: "2017-02-27", Count: 5, Fatalities: 17},
			{Key: "2017-03-27", Count: 1, Fatalities: 0},
		}},
		{"month", evident.Query{}, evident.ByMonth, evident.ByMonth, 21, 91, []b{
			{Key: "2017-01-01", Count: 5, Fatalities: 22},
			{Key: "2017-02-01", Count: 7, Fatalities: 61},
			{Key: "2017-03-01", Count: 5, Fatalities: 2},
		}},
		{"total counts undated", evident.Query{DocID: "fiji"}, evident.ByDay, evident.ByDay, 4, 1, []b{
			{Key: "2017-03-02", Count: 2, Fatalities: 1},
			{Key: "2017-03-03", Count: 1, Fatalities: 0},
		}},
		{"nothing dated", evident.Query{DocID: "fiji", Modalities: []string{"asserted"}, BBox: &evident.BBox{MinLon: 178, MinLat: -19, MaxLon: 179, MaxLat: -18}}, evident.ByMonth, evident.ByMonth, 1, 0, nil},
		{"no match", evident.Query{DocID: "nope"}, evident.ByDay, evident.ByDay, 0, 0, nil},
		{"event type", evident.Query{}, evident.ByEventType, evident.ByEventType, 21, 91, []b{
			{Key: "Explosions/Remote violence", Count: 8, Fatalities: 48},
			{Key: "Battles", Count: 4, Fatalities: 34},
			{Key: "Protests", Count: 4, Fatalities: 0},
			{Key: "Violence against civilians", Count: 3, Fatalities: 8},
			{Key: "Riots", Count: 2, Fatalities: 1},
		}},
		{"sub-event type", evident.Query{}, evident.BySubEventType, evident.BySubEventType, 21, 91, []b{
			{Key: fxAir, Count: 5, Fatalities: 32},
			{Key: fxArmed, Count: 4, Fatalities: 34},
			{Key: fxPeace, Count: 4, Fatalities: 0},
			{Key: fxAttack, Count: 3, Fatalities: 8},
			{Key: fxShell, Count: 2, Fatalities: 9},
			{Key: fxViolent, Count: 2, Fatalities: 1},
			{Key: fxIED, Count: 1, Fatalities: 7},
		}},
		{"country", evident.Query{}, evident.ByCountry, evident.ByCountry, 21, 91, []b{
			{Key: "IQ", Label: "Iraq", Count: 9, Fatalities: 34},
			{Key: "SY", Label: "Syria", Count: 7, Fatalities: 52},
			{Key: "FJ", Label: "Fiji", Count: 4, Fatalities: 1},
		}},
		{"admin1", evident.Query{}, evident.ByAdmin1, evident.ByAdmin1, 21, 91, []b{
			{Key: "Nineveh", Count: 6, Fatalities: 25},
			{Key: "Raqqa", Count: 3, Fatalities: 27},
			{Key: "Aleppo", Count: 2, Fatalities: 10},
			{Key: "Northern", Count: 2, Fatalities: 1},
			{Key: "Anbar", Count: 1, Fatalities: 7},
			{Key: "Baghdad", Count: 1, Fatalities: 0},
			{Key: "Central", Count: 1, Fatalities: 0},
			{Key: "Eastern", Count: 1, Fatalities: 0},
			{Key: "Idlib", Count: 1, Fatalities: 15},
		}},
		{"actor", evident.Query{}, evident.ByActor, evident.ByActor, 21, 91, actorBuckets()},
		{"modality", evident.Query{}, evident.ByModality, evident.ByModality, 21, 91, []b{
			{Key: "reported", Count: 7, Fatalities: 28},
			{Key: "asserted", Count: 6, Fatalities: 32},
			{Key: "alleged", Count: 3, Fatalities: 24},
			{Key: "uncertain", Count: 2, Fatalities: 2},
			{Key: "claimed", Count: 1, Fatalities: 0},
			{Key: "denied", Count: 1, Fatalities: 1},
			{Key: "negated", Count: 1, Fatalities: 4},
		}},
		{"filtered", evident.Query{Countries: []string{"FJ"}}, evident.ByEventType, evident.ByEventType, 4, 1, []b{
			{Key: "Protests", Count: 2, Fatalities: 0},
			{Key: "Riots", Count: 2, Fatalities: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Stats(ctx(t), tt.q, tt.by)
			if err != nil {
				t.Fatalf("Stats(%q): %v", tt.by, err)
			}
			want := evident.Stats{By: tt.wantBy, Total: tt.total, Fatalities: tt.fat, Buckets: tt.buckets}
			if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
				t.Errorf("Stats(%+v, %q) mismatch (-want +got):\n%s", tt.q, tt.by, diff)
			}
		})
	}
	for _, by := range []string{"", "year", "Day", "event_type; DROP TABLE events", "notes"} {
		if st, err := s.Stats(ctx(t), evident.Query{}, by); evident.ErrorCode(err) != evident.EINVALID {
			t.Errorf("Stats(by %q) = %+v, %v; want EINVALID", by, st, err)
		}
	}
}

// fixtureActors are the actors of the fixture's non-background events as
// Actors lists them.
var fixtureActors = []evident.ActorCount{
	{Name: fxIS, Inter: 2, Events: 9, Fatalities: 51},
	{Name: fxCoal, Inter: 8, Events: 4, Fatalities: 17},
	{Name: fxISF, Inter: 1, Events: 4, Fatalities: 14},
	{Name: fxCivSY, Inter: 7, Events: 3, Fatalities: 25},
	{Name: fxCivIQ, Inter: 7, Events: 2, Fatalities: 10},
	{Name: fxPolFJ, Inter: 1, Events: 2, Fatalities: 1},
	{Name: fxProtFJ, Inter: 6, Events: 2, Fatalities: 0},
	{Name: fxRiotFJ, Inter: 5, Events: 2, Fatalities: 1},
	{Name: fxSDF, Inter: 2, Events: 2, Fatalities: 22},
	{Name: fxUAGIQ, Inter: 3, Events: 2, Fatalities: 9},
	{Name: fxCiv, Inter: 7, Events: 1, Fatalities: 4},
	{Name: fxRU, Inter: 8, Events: 1, Fatalities: 15},
	{Name: fxSYF, Inter: 1, Events: 1, Fatalities: 9},
	{Name: fxProtIQ, Inter: 6, Events: 1, Fatalities: 0},
	{Name: fxProtSY, Inter: 6, Events: 1, Fatalities: 0},
	{Name: fxUAG, Inter: 3, Events: 1, Fatalities: 4},
}

func actorBuckets() []evident.Bucket {
	var out []evident.Bucket
	for _, a := range fixtureActors {
		out = append(out, evident.Bucket{Key: a.Name, Count: a.Events, Fatalities: a.Fatalities})
	}
	return out
}

func testQueryStatsAuto(t *testing.T, s QueryStoreUnderTest, f *fx) {
	tests := []struct {
		name    string
		q       evident.Query
		want    string
		buckets int
	}{
		{"one day", evident.Query{DocID: "raqqa", Since: day(2017, 2, 1), Until: day(2017, 2, 1)}, evident.ByDay, 1},
		{"nothing dated", evident.Query{DocID: "nope"}, evident.ByDay, 0},
		// 2014-06-10 .. 2017-03-31: about 1,000 days.
		{"three years", evident.Query{Since: day(2014, 1, 1), WithBackground: true}, evident.ByMonth, 5}, // 2014-06, 2016-10, 2017-01..03
		// 2003-03-20 .. 2017-03-31: 14 years.
		{"fourteen years", evident.Query{WithBackground: true}, evident.ByMonth, 4 + 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := s.Stats(ctx(t), tt.q, evident.ByAuto)
			if err != nil {
				t.Fatal(err)
			}
			if st.By != tt.want || len(st.Buckets) != tt.buckets {
				t.Errorf("Stats(%+v, auto) = by %q with %d buckets %v; want %q with %d", tt.q, st.By, len(st.Buckets), st.Buckets, tt.want, tt.buckets)
			}
			// Auto gives what its resolved grouping gives.
			if tt.want != "" {
				same, err := s.Stats(ctx(t), tt.q, tt.want)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(same, st, cmpOpts...); diff != "" {
					t.Errorf("Stats(auto) differs from Stats(%q) (-%s +auto):\n%s", tt.want, tt.want, diff)
				}
			}
		})
	}
	st, err := s.Stats(ctx(t), evident.Query{Since: day(2014, 1, 1), WithBackground: true}, evident.ByWeek)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Buckets) < 2 || st.Buckets[0].Key != "2014-06-09" || st.Buckets[1].Key != "2016-10-17" || st.Buckets[0].Fatalities != 40 {
		t.Errorf("weeks of 2014-06-10 and 2016-10-17: %+v; want keys 2014-06-09 (40 dead), 2016-10-17 first", st.Buckets)
	}
	if st.Total != 19 || st.Fatalities != 125 {
		t.Errorf("Stats(since 2014, background) total %d, fatalities %d; want 19, 125", st.Total, st.Fatalities)
	}
}

func testQueryMapPoints(t *testing.T, s QueryStoreUnderTest, f *fx) {
	mv, err := s.Map(ctx(t), evident.Query{}, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	var want []evident.MapPoint
	for _, id := range fixtureDateAsc {
		e := f.events[id]
		if !located(e) {
			continue
		}
		want = append(want, evident.MapPoint{ID: e.ID, Lat: e.Latitude, Lon: e.Longitude, EventType: e.EventType,
			SubEventType: e.SubEventType, Date: e.EventDate, Fatalities: e.Fatalities, Location: e.Location.Location})
	}
	byID := cmpopts.SortSlices(func(a, b evident.MapPoint) bool { return a.ID < b.ID })
	if diff := cmp.Diff(evident.MapView{Mode: "points", Total: 16, Points: want}, mv, byID, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Map mismatch (-want +got):\n%s", diff)
	}
	for _, cell := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if mv, err := s.Map(ctx(t), evident.Query{}, cell); evident.ErrorCode(err) != evident.EINVALID {
			t.Errorf("Map(cell %g) = %+v, %v; want EINVALID", cell, mv, err)
		}
	}
}

func testQueryMapGrid(t *testing.T, s QueryStoreUnderTest) {
	// MaxMapPoints+100 located events in three 1° cells, plus ten without
	// coordinates that the map leaves out.
	const nA, nB, nC = 1200, 600, 300
	if nA+nB+nC <= evident.MaxMapPoints || nA > evident.MaxMapPoints {
		t.Fatalf("fixture sizes do not straddle MaxMapPoints %d", evident.MaxMapPoints)
	}
	var evs []evident.Event
	add := func(id string, lat, lon float64, typ string, fat int) {
		evs = append(evs, evident.Event{ID: id, DocID: "bulk", EventDate: "2017-01-01", EventType: typ,
			Location:   evident.Location{Latitude: lat, Longitude: lon, CountryCode: "XX"},
			Casualties: evident.Casualties{Fatalities: fat}})
	}
	for i := range nA {
		// Alternate corners: mean (36.5, 43.5). 700 Battles, 500 Riots, interleaved.
		lat, lon := 36.2, 43.2
		if i%2 == 1 {
			lat, lon = 36.8, 43.8
		}
		typ := "Battles"
		if i%12 < 5 {
			typ = "Riots"
		}
		add(fmt.Sprintf("a%04d", i), lat, lon, typ, 1)
	}
	for i := range nB {
		add(fmt.Sprintf("b%04d", i), -16.5+0.25*float64(i%3-1), 179.5, "Protests", 0)
	}
	for i := range nC {
		add(fmt.Sprintf("c%04d", i), -16.5, -179.5+0.25*float64(i%3-1), "Explosions/Remote violence", 2)
	}
	for i := range 10 {
		add(fmt.Sprintf("z%04d", i), 0, 0, "Battles", 100)
	}
	if res, err := s.PutDocument(ctx(t), &evident.Document{ID: "bulk", Text: "bulk"}, evs); err != nil || res != evident.PutAdded {
		t.Fatalf("PutDocument(bulk, %d events) = %q, %v", len(evs), res, err)
	}

	mv, err := s.Map(ctx(t), evident.Query{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	byPos := cmpopts.SortSlices(func(a, b evident.MapCell) bool { return a.Lat < b.Lat || a.Lat == b.Lat && a.Lon < b.Lon })
	approx := cmpopts.EquateApprox(0, 1e-9)
	want := evident.MapView{Mode: "grid", Total: nA + nB + nC, Cell: 1, Cells: []evident.MapCell{
		{Lat: 36.5, Lon: 43.5, Count: nA, Fatalities: nA, EventType: "Battles"},
		{Lat: -16.5, Lon: 179.5, Count: nB, Fatalities: 0, EventType: "Protests"},
		{Lat: -16.5, Lon: -179.5, Count: nC, Fatalities: 2 * nC, EventType: "Explosions/Remote violence"},
	}}
	if diff := cmp.Diff(want, mv, byPos, approx); diff != "" {
		t.Errorf("Map(cell 1) mismatch (-want +got):\n%s", diff)
	}

	// Smaller cells split the Mosul one in its two corners.
	mv, err = s.Map(ctx(t), evident.Query{}, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range mv.Cells {
		total += c.Count
		if c.Lat > 0 && c.Count != nA/2 {
			t.Errorf("Map(cell 0.5): cell %+v, want %d events", c, nA/2)
		}
	}
	if mv.Mode != "grid" || mv.Cell != 0.5 || total != nA+nB+nC {
		t.Errorf("Map(cell 0.5) = %s, cell %g, %d events in cells; want grid, 0.5, %d", mv.Mode, mv.Cell, total, nA+nB+nC)
	}
	// Filters bring the count under MaxMapPoints: points again.
	tests := []struct {
		name string
		q    evident.Query
		want int
	}{
		{"bbox across the antimeridian", evident.Query{BBox: &evident.BBox{MinLon: 170, MinLat: -20, MaxLon: -170, MaxLat: -10}}, nB + nC},
		{"bbox", evident.Query{BBox: &evident.BBox{MinLon: 43, MinLat: 36, MaxLon: 44, MaxLat: 37}}, nA},
		{"event type", evident.Query{EventTypes: []string{"Riots"}}, 500},
	}
	for _, tt := range tests {
		mv, err := s.Map(ctx(t), tt.q, 1)
		if err != nil {
			t.Fatal(err)
		}
		if mv.Mode != "points" || mv.Total != tt.want || len(mv.Points) != tt.want || len(mv.Cells) != 0 {
			t.Errorf("Map(%s) = %s, total %d, %d points, %d cells; want %d points", tt.name, mv.Mode, mv.Total, len(mv.Points), len(mv.Cells), tt.want)
		}
	}
}

func testQueryActors(t *testing.T, s QueryStoreUnderTest, f *fx) {
	tests := []struct {
		name  string
		q     evident.Query
		limit int
		want  []evident.ActorCount
	}{
		{"all", evident.Query{}, 0, fixtureActors},
		{"limit", evident.Query{}, 3, fixtureActors[:3]},
		{"filtered", evident.Query{Countries: []string{"FJ"}}, 10, []evident.ActorCount{
			{Name: fxPolFJ, Inter: 1, Events: 2, Fatalities: 1},
			{Name: fxProtFJ, Inter: 6, Events: 2, Fatalities: 0},
			{Name: fxRiotFJ, Inter: 5, Events: 2, Fatalities: 1},
		}},
		{"background", evident.Query{DocID: "hist", WithBackground: true}, 10, []evident.ActorCount{
			{Name: fxIS, Inter: 2, Events: 2, Fatalities: 100},
			{Name: fxCivIQ, Inter: 7, Events: 1, Fatalities: 100},
			{Name: fxIQ03, Inter: 1, Events: 1, Fatalities: 0},
			{Name: fxISF, Inter: 1, Events: 1, Fatalities: 0},
			{Name: fxUS, Inter: 8, Events: 1, Fatalities: 0},
		}},
		{"no match", evident.Query{DocID: "nope"}, 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Actors(ctx(t), tt.q, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpOpts...); diff != "" {
				t.Errorf("Actors(%+v, %d) mismatch (-want +got):\n%s", tt.q, tt.limit, diff)
			}
		})
	}
}

func testQueryPlaces(t *testing.T, s QueryStoreUnderTest, f *fx) {
	place := func(gid int64, loc, admin1, cc string, lat, lon float64, n, fat int) evident.PlaceCount {
		return evident.PlaceCount{GeonameID: gid, Location: loc, Admin1: admin1, Country: fxCountry[cc], CountryCode: cc,
			Latitude: lat, Longitude: lon, Events: n, Fatalities: fat}
	}
	all := []evident.PlaceCount{
		place(99072, "Mosul", "Nineveh", "IQ", 36.34, 43.1256, 5, 25),
		place(163, "Raqqa", "Raqqa", "SY", 35.95, 39.015, 2, 25),
		place(171, "Al-Bab", "Aleppo", "SY", 36.37, 37.52, 1, 1),
		place(170, "Aleppo", "Aleppo", "SY", 36.20, 37.16, 1, 9),
		place(2204, "Labasa", "Northern", "FJ", -16.43, 179.38, 1, 0),
		place(2206, "Lakeba", "Eastern", "FJ", -18.20, -178.80, 1, 0),
		place(91, "Ramadi", "Anbar", "IQ", 33.42, 43.30, 1, 7),
		place(2198, "Suva", "Central", "FJ", -18.14, 178.44, 1, 0),
		place(172, "Tabqa", "Raqqa", "SY", 35.84, 38.55, 1, 2),
		place(295, "Tal Afar", "Nineveh", "IQ", 36.374, 42.448, 1, 0),
		place(2205, "Taveuni", "Northern", "FJ", -16.85, -179.97, 1, 1),
	}
	tests := []struct {
		name  string
		q     evident.Query
		limit int
		want  []evident.PlaceCount
	}{
		{"all", evident.Query{}, 0, all},
		{"limit", evident.Query{}, 2, all[:2]},
		{"antimeridian", evident.Query{BBox: &evident.BBox{MinLon: 179, MinLat: -17, MaxLon: -179, MaxLat: -16}}, 10, []evident.PlaceCount{all[4], all[10]}},
		{"background", evident.Query{Admin1: []string{"Nineveh"}, WithBackground: true}, 10, []evident.PlaceCount{
			place(99072, "Mosul", "Nineveh", "IQ", (36.34*5+2*36.335)/7, (43.1256*5+2*43.119)/7, 7, 65), all[9]}},
		{"no match", evident.Query{DocID: "misc"}, 10, nil},
	}
	approx := cmpopts.EquateApprox(0, 1e-9)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Places(ctx(t), tt.q, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, approx, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Places(%+v, %d) mismatch (-want +got):\n%s", tt.q, tt.limit, diff)
			}
		})
	}
}

func testQueryDocuments(t *testing.T, s QueryStoreUnderTest, f *fx) {
	var all []evident.DocumentSummary
	for i := len(f.docs) - 1; i >= 0; i-- { // newest first
		d := f.docs[i]
		sum := evident.DocumentSummary{ID: d.Doc.ID, URL: d.Doc.URL, Outlet: d.Doc.Outlet, Title: d.Doc.Title, Published: d.Doc.Published}
		for _, e := range d.Events {
			if e.Background {
				sum.BackgroundEvents++
			} else {
				sum.Events++
			}
		}
		all = append(all, sum)
	}
	docs := func(t *testing.T, text string, limit int, cursor string) evident.DocumentPage {
		t.Helper()
		pg, err := s.Documents(ctx(t), text, limit, cursor)
		if err != nil {
			t.Fatalf("Documents(%q, %d, %q): %v", text, limit, cursor, err)
		}
		for _, d := range pg.Documents {
			if d.IngestedAt.IsZero() || time.Since(d.IngestedAt) > time.Hour {
				t.Errorf("Documents: %s ingested at %v, want about now", d.ID, d.IngestedAt)
			}
		}
		return pg
	}
	noIngest := cmpopts.IgnoreFields(evident.DocumentSummary{}, "IngestedAt")
	tests := []struct {
		name, text string
		want       []evident.DocumentSummary
	}{
		{"all", "", all},
		{"outlet", "syria", []evident.DocumentSummary{all[4]}},
		{"id and title", "MOS", []evident.DocumentSummary{all[5]}},
		{"outlet word", "wire", []evident.DocumentSummary{all[3]}},
		{"title", "events here", []evident.DocumentSummary{all[0]}},
		{"no match", "nothing like it", nil},
		{"percent is literal", "%", nil},
		{"underscore is literal", "_", nil},
		{"sql", "' OR 1=1 --", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := docs(t, tt.text, 0, "")
			if diff := cmp.Diff(tt.want, got.Documents, noIngest, cmpOpts[0]); diff != "" || got.NextCursor != "" {
				t.Errorf("Documents(%q) next %q, mismatch (-want +got):\n%s", tt.text, got.NextCursor, diff)
			}
		})
	}
	for _, limit := range []int{1, 2, 4} {
		var got []evident.DocumentSummary
		cursor := ""
		for n := 0; ; n++ {
			if n > 100 {
				t.Fatal("Documents: more than 100 pages")
			}
			pg := docs(t, "", limit, cursor)
			if len(pg.Documents) > limit || len(pg.Documents) == 0 {
				t.Fatalf("Documents(limit %d) page %d has %d documents", limit, n, len(pg.Documents))
			}
			got = append(got, pg.Documents...)
			if cursor = pg.NextCursor; cursor == "" {
				break
			}
		}
		if diff := cmp.Diff(all, got, noIngest, cmpOpts[0]); diff != "" {
			t.Errorf("Documents paged by %d (-want +got):\n%s", limit, diff)
		}
	}
	// Paging with a text match.
	pg := docs(t, "i", 2, "") // fiji, misc, mosul, raqqa (Syria Daily), hist (Archive), empty ("Nothing Daily")
	if len(pg.Documents) != 2 || pg.NextCursor == "" {
		t.Fatalf("Documents(i, 2) = %d documents, cursor %q", len(pg.Documents), pg.NextCursor)
	}
	rest := docs(t, "i", 100, pg.NextCursor)
	if n := len(pg.Documents) + len(rest.Documents); n != 6 {
		t.Errorf("Documents(i) paged: %d documents, want 6", n)
	}
	for _, cur := range []string{"garbage!", "e30", "Z2FyYmFnZQ"} {
		if pg, err := s.Documents(ctx(t), "", 10, cur); evident.ErrorCode(err) != evident.EINVALID {
			t.Errorf("Documents(cursor %q) = %+v, %v; want EINVALID", cur, pg, err)
		}
	}
}

func testQueryEmpty(t *testing.T, s QueryStoreUnderTest) {
	pg, err := s.EventPage(ctx(t), evident.Query{}, evident.PageRequest{})
	if err != nil || len(pg.Events) != 0 || pg.NextCursor != "" {
		t.Errorf("EventPage on an empty store = %+v, %v", pg, err)
	}
	st, err := s.Stats(ctx(t), evident.Query{}, evident.ByAuto)
	if err != nil || st.Total != 0 || len(st.Buckets) != 0 || st.By != evident.ByDay {
		t.Errorf("Stats(auto) on an empty store = %+v, %v; want day, nothing", st, err)
	}
	mv, err := s.Map(ctx(t), evident.Query{}, 1)
	if err != nil || mv.Mode != "points" || mv.Total != 0 || len(mv.Points) != 0 {
		t.Errorf("Map on an empty store = %+v, %v", mv, err)
	}
	as, err := s.Actors(ctx(t), evident.Query{}, 10)
	if err != nil || len(as) != 0 {
		t.Errorf("Actors on an empty store = %v, %v", as, err)
	}
	ps, err := s.Places(ctx(t), evident.Query{}, 10)
	if err != nil || len(ps) != 0 {
		t.Errorf("Places on an empty store = %v, %v", ps, err)
	}
	dp, err := s.Documents(ctx(t), "", 10, "")
	if err != nil || len(dp.Documents) != 0 || dp.NextCursor != "" {
		t.Errorf("Documents on an empty store = %+v, %v", dp, err)
	}
	toks, err := s.Tokens(ctx(t))
	if err != nil || len(toks) != 0 {
		t.Errorf("Tokens on an empty store = %v, %v", toks, err)
	}
}

func testTokens(t *testing.T, s QueryStoreUnderTest) {
	before := time.Now().Add(-time.Second)
	a, secretA, err := s.CreateToken(ctx(t), "ingest bot")
	if err != nil {
		t.Fatal(err)
	}
	b, secretB, err := s.CreateToken(ctx(t), "  reader  ")
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.ID == b.ID || secretA == "" || secretA == secretB || a.Name != "ingest bot" || b.Name != "reader" {
		t.Fatalf("CreateToken = %+v %q, %+v %q; want distinct ids and secrets, trimmed names", a, secretA, b, secretB)
	}
	if a.CreatedAt.Before(before) || a.CreatedAt.After(time.Now().Add(time.Second)) || a.Revoked {
		t.Errorf("CreateToken = %+v, want created now, not revoked", a)
	}
	for _, name := range []string{"", "   "} {
		if tok, sec, err := s.CreateToken(ctx(t), name); evident.ErrorCode(err) != evident.EINVALID {
			t.Errorf("CreateToken(%q) = %+v, %q, %v; want EINVALID", name, tok, sec, err)
		}
	}

	verify := func(secret string, want *evident.APIToken) {
		t.Helper()
		got, err := s.VerifyToken(ctx(t), secret)
		if want == nil {
			if code := evident.ErrorCode(err); code != evident.EUNAUTHORIZED {
				t.Errorf("VerifyToken(%q) = %+v, %v; want EUNAUTHORIZED", secret, got, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("VerifyToken(%q): %v", secret, err)
		}
		if got.ID != want.ID || got.Name != want.Name || got.Revoked || !got.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("VerifyToken(%q) = %+v, want %+v", secret, got, want)
		}
		if got.LastUsed.IsZero() {
			t.Errorf("VerifyToken(%q): LastUsed not set", secret)
		}
	}
	verify(secretA, &a)
	verify(secretB, &b)
	verify(secretA, &a) // again

	// Garbage and near misses.
	flip := func(s string, i int) string {
		c := s[i]
		if c == '0' {
			c = '1'
		} else {
			c = '0'
		}
		return s[:i] + string(c) + s[i+1:]
	}
	garbage := []string{
		"", " ", "evt_", "evt__", "evt_x_y", "Bearer " + secretA, secretA + "x", secretA[:len(secretA)-1],
		flip(secretA, len(secretA)-1), strings.ToUpper(secretA), " " + secretA, secretA + "\n",
		strings.Replace(secretA, a.ID, b.ID, 1), // another token's id with this secret
		"evt_' OR '1'='1_x", "' OR 1=1 --", "evt_" + a.ID, a.ID, strings.Repeat("a", 10000), "\x00" + secretA,
	}
	for _, g := range garbage {
		verify(g, nil)
	}

	// Tokens lists both and exposes no secret.
	toks, err := s.Tokens(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(toks) != 2 {
		t.Fatalf("Tokens = %+v, want 2", toks)
	}
	js, _ := json.Marshal(toks)
	for _, sec := range []string{secretA, secretB} {
		random := sec[strings.LastIndex(sec, "_")+1:]
		if strings.Contains(string(js), sec) || len(random) >= 8 && strings.Contains(string(js), random) {
			t.Errorf("Tokens %s exposes a secret", js)
		}
	}
	if got := fmt.Sprintf("%+v", toks); strings.Contains(got, secretA) || strings.Contains(got, secretB) {
		t.Errorf("Tokens %s exposes a secret", got)
	}

	// Revoke a: its secret stops working, b's goes on.
	if err := s.RevokeToken(ctx(t), a.ID); err != nil {
		t.Fatalf("RevokeToken(%q): %v", a.ID, err)
	}
	verify(secretA, nil)
	verify(secretB, &b)
	if err := s.RevokeToken(ctx(t), a.ID); err != nil {
		t.Errorf("RevokeToken(%q) twice: %v", a.ID, err)
	}
	verify(secretA, nil)
	for _, id := range []string{"nope", "", "' OR 1=1 --"} {
		if err := s.RevokeToken(ctx(t), id); evident.ErrorCode(err) != evident.ENOTFOUND {
			t.Errorf("RevokeToken(%q) = %v, want ENOTFOUND", id, err)
		}
	}
	toks, err = s.Tokens(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	revoked := map[string]bool{}
	for _, tok := range toks {
		revoked[tok.ID] = tok.Revoked
	}
	if want := map[string]bool{a.ID: true, b.ID: false}; !cmp.Equal(want, revoked) {
		t.Errorf("Tokens revoked flags = %v, want %v", revoked, want)
	}
	// The same name twice is two tokens.
	c, secretC, err := s.CreateToken(ctx(t), "reader")
	if err != nil || c.ID == b.ID {
		t.Fatalf("CreateToken(reader) again = %+v, %v", c, err)
	}
	verify(secretC, &c)
	verify(secretB, &b)
}
