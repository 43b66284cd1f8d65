package http

import (
	"context"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

// uiDocText is a source text with a multi-byte character ("Iraq’s") before
// the evidence, so byte and character offsets differ.
const uiDocText = "Mosul, 31 Jan 2017. Iraq’s forces fought Islamic State fighters in eastern Mosul. " +
	"Two civilians were killed by a sniper.\n\nIn 2016, IS shelled Sinjar."

func uiFixture() *uiStore {
	doc := &evident.Document{
		ID: "sky-mosul", Title: "Fighting in Mosul", Outlet: "Sky News", URL: "https://news.example/mosul",
		Published: time.Date(2017, 1, 31, 0, 0, 0, 0, time.UTC), PublishedFrom: "metadata", Text: uiDocText,
	}
	at := func(s string) (int, int) {
		i := strings.Index(uiDocText, s)
		if i < 0 {
			panic("fixture: " + s)
		}
		return i, i + len(s)
	}
	s1, e1 := at("Iraq’s forces fought Islamic State fighters in eastern Mosul.")
	s2, e2 := at("Two civilians were killed by a sniper.")
	s3, e3 := at("In 2016, IS shelled Sinjar.")
	fs, fe := at("fought")
	as, ae := at("Islamic State")
	ks, ke := at("killed by a sniper")
	mosul := evident.Location{Location: "Mosul", Admin1: "Nineveh", Country: "Iraq", CountryCode: "IQ", Latitude: 36.335, Longitude: 43.118, GeoPrecision: 1}
	sinjar := evident.Location{Location: "Sinjar", Admin1: "Nineveh", Country: "Iraq", CountryCode: "IQ", Latitude: 36.32, Longitude: 41.87, GeoPrecision: 1}
	events := []evident.Event{
		{
			ID: "ev-battle", DocID: doc.ID, EventDate: "2017-01-31", EventType: "Battles", SubEventType: "Armed clash",
			Actor1: "Islamic State", Actor2: "Military Forces of Iraq", Location: mosul, Modality: "asserted", Confidence: 0.84,
			Evidence: []evident.Evidence{{Start: s1, End: e1, Text: uiDocText[s1:e1]}}, ExtractorVersion: "test-1",
			Fields: []evident.FieldEvidence{
				{Field: "sub_event_type", Value: "Armed clash", Start: fs, End: fe, Rule: "trigger: fought", Confidence: 0.9},
				{Field: "actor1", Value: "Islamic State", Start: as, End: ae, Rule: "actor lexicon", Confidence: 0.8},
				{Field: "event_date", Value: "2017-01-31", Rule: "publication date (metadata)", Confidence: 0.5},
			},
		},
		{
			ID: "ev-sniper", DocID: doc.ID, EventDate: "2017-01-30", EventType: "Violence against civilians", SubEventType: "Attack",
			Actor2: "Civilians (Iraq)", Location: mosul, Modality: "reported", Attribution: "Iraqi forces", Confidence: 0.7,
			Casualties: evident.Casualties{Fatalities: 2, FatalitiesLow: 2, FatalitiesHigh: 2}, CivilianTargeting: true,
			// The whole sentence, and the fatalities inside it, overlapping
			// the first event's sentence by one byte to test overlaps.
			Evidence: []evident.Evidence{{Start: e1 - 1, End: e2, Text: uiDocText[e1-1 : e2]}, {Start: ks, End: ke, Text: uiDocText[ks:ke]}},
			Fields: []evident.FieldEvidence{
				{Field: "fatalities", Value: "2", Start: s2, End: ks, Rule: "number", Confidence: 0.9},
				{Field: "sub_event_type", Value: "Attack", Start: ks, End: ke, Rule: "trigger: killed", Confidence: 0.8},
			},
			ExtractorVersion: "test-1",
		},
		{
			ID: "ev-history", DocID: doc.ID, EventDate: "2016-06-01", EventType: "Explosions/Remote violence", SubEventType: "Shelling/artillery/missile attack",
			Actor1: "Islamic State", Location: sinjar, Modality: "asserted", Background: true, Confidence: 0.5,
			Evidence:         []evident.Evidence{{Start: s3, End: e3, Text: uiDocText[s3:e3]}},
			ExtractorVersion: "test-1",
		},
	}
	return newUIStore([]*evident.Document{doc}, events)
}

func newUIServer(t *testing.T, st Store) *Server {
	t.Helper()
	srv, err := NewServer(Config{}, Options{Store: st, Version: "v-test"})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// get serves one GET request and returns the response and its body.
func get(t *testing.T, h http.Handler, target string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// wellFormed checks that every element the page opens is closed in order
// (void elements aside): stricter than browsers, so overlapping spans
// cannot hide behind their error recovery.
func wellFormed(t *testing.T, page string) {
	t.Helper()
	void := map[string]bool{"meta": true, "link": true, "input": true, "br": true, "img": true, "hr": true, "wbr": true, "source": true}
	z := html.NewTokenizer(strings.NewReader(page))
	var stack []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("tokenizer: %v", z.Err())
			}
			if len(stack) > 0 {
				t.Errorf("unclosed elements at the end: %v", stack)
			}
			return
		case html.StartTagToken:
			name, _ := z.TagName()
			if !void[string(name)] {
				stack = append(stack, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				t.Fatalf("</%s> closes %v", name, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// marks returns, for each span key, the concatenated text of the <mark>s
// that carry it, unescaped.
func marks(t *testing.T, page string) map[string]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "mark" {
			for _, a := range n.Attr {
				if a.Key == "data-spans" {
					var text strings.Builder
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						if c.Type != html.TextNode {
							t.Errorf("<mark> holds a %s, want only text", c.Data)
						}
						text.WriteString(c.Data)
					}
					for _, k := range strings.Fields(a.Val) {
						out[k] += text.String()
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func TestUIPages(t *testing.T) {
	h := newUIServer(t, uiFixture()).Handler()
	tests := []struct {
		name, target string
		status       int
		want         []string // substrings of the body
		notWant      []string
	}{
		{
			name: "index", target: "/", status: 200,
			want: []string{
				`<form id="filters" method="get" action="/"`, `name="event_type" value="Battles"`, `name="modality" value="asserted"`,
				`href="/events/ev-battle"`, `href="/events/ev-sniper"`, `<datalist id="countries">`,
				`id="map"`, `id="timeline"`, `<a class="skip" href="#main">`,
				`<select id="list-sort" name="sort" form="filters"`, `<option value="-date" selected>Newest first</option>`,
				`id="export-csv"`, `id="chart-actors"`,
			},
			notWant: []string{`href="/events/ev-history"`}, // background
		},
		{
			name: "index sorted", target: "/?sort=-fatalities", status: 200,
			want: []string{`<option value="-fatalities" selected>Most fatalities</option>`},
		},
		{
			name: "index filters", target: "/?event_type=Battles&z=5&lat=36&lon=43", status: 200,
			want:    []string{`href="/events/ev-battle"`, `name="event_type" value="Battles" checked`},
			notWant: []string{`href="/events/ev-sniper"`},
		},
		{
			name: "index with a form's repeated lists", target: "/?event_type=Battles&event_type=Explosions%2FRemote+violence&include_background=true", status: 200,
			want:    []string{`href="/events/ev-battle"`, `href="/events/ev-history"`, `class="ev-row t-explosions bg"`, `<span class="badge">background</span>`},
			notWant: []string{`href="/events/ev-sniper"`},
		},
		{
			name: "index bad filter", target: "/?since=yesterday&country=Iraq", status: 200,
			want: []string{
				`<p class="err" id="err-since">since: &#34;yesterday&#34; is not a date; want YYYY-MM-DD</p>`,
				`name="since" value="yesterday" aria-describedby="err-since" aria-invalid="true"`,
			},
			notWant: []string{`href="/events/`},
		},
		{
			name: "index ignores bbox", target: "/?bbox=0,0,1,1", status: 200,
			want: []string{`href="/events/ev-battle"`},
		},
		{
			name: "index cursor", target: "/?include_background=true&cursor=2", status: 200,
			want:    []string{`href="/events/ev-history"`},
			notWant: []string{`href="/events/ev-battle"`},
		},
		{
			name: "event", target: "/events/ev-battle", status: 200,
			want: []string{
				`<h1><span class="sw" aria-hidden="true"></span>Battles: Armed clash</h1>`,
				`<span class="flabel">actor1: Islamic State</span>`, `<span class="flabel">sub_event_type: Armed clash</span>`,
				`href="#span-f1" data-span="f1"`, `“Islamic State”`, `no span (from metadata)`,
				`<span class="modality">asserted</span>`, `<code>test-1</code>`, `href="/documents/sky-mosul"`,
				`id="event-map"`, `data-lat="36.335"`, `84%`,
			},
		},
		{
			name: "event with attribution", target: "/events/ev-sniper", status: 200,
			want: []string{`<span class="modality">reported</span> <span class="muted">according to</span> Iraqi forces`, `<dt>Civilians targeted</dt><dd>yes</dd>`},
		},
		{
			name: "document", target: "/documents/sky-mosul", status: 200,
			want: []string{
				`<h1>Fighting in Mosul</h1>`, `Sky News`, `published 2017-01-31`, `href="https://news.example/mosul"`,
				`<li class="bg" data-span="e2">`, `class="ev-row t-explosions bg"`, `<span class="badge">background</span>`,
				`href="/events/ev-history"`, `(3, 1 background)`, `<span class="flabel">#3</span>`,
			},
		},
		{
			name: "documents", target: "/documents", status: 200,
			want:    []string{`<h1>Documents</h1>`, `<a href="/documents/sky-mosul">Fighting in Mosul</a>`, `Sky News`, `<a href="/documents">Documents</a>`},
			notWant: []string{`id="docs-more"`},
		},
		{name: "documents bad query", target: "/documents?limit=3", status: 400, want: []string{`limit: unknown parameter`}},
		{name: "unknown event", target: "/events/nope", status: 404, want: []string{`<h1>Not found</h1>`, `no event &#34;nope&#34;`}, notWant: []string{"test.db"}},
		{name: "unknown document", target: "/documents/nope", status: 404, want: []string{`<h1>Not found</h1>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, h, tt.target)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d\n%s", res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "https://tile.openstreetmap.org") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %s", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("body has %s", w)
				}
			}
			wellFormed(t, body)
			if t.Failed() {
				t.Logf("body:\n%s", body)
			}
		})
	}
}

// TestUIEventEvidence checks that every evidence and field span of an
// event is highlighted with exactly its bytes of the text, including
// spans that overlap each other.
func TestUIEventEvidence(t *testing.T) {
	st := uiFixture()
	h := newUIServer(t, st).Handler()
	for _, ev := range st.events {
		t.Run(ev.ID, func(t *testing.T) {
			_, body := get(t, h, "/events/"+ev.ID)
			got := marks(t, body)
			want := map[string]string{}
			for i, e := range ev.Evidence {
				want["e"+strconv.Itoa(i)] = uiDocText[e.Start:e.End]
			}
			for i, f := range ev.Fields {
				if f.End > f.Start {
					want["f"+strconv.Itoa(i)] = uiDocText[f.Start:f.End]
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("marked text (-want +got):\n%s", diff)
			}
			for k := range want {
				if n := strings.Count(body, `id="span-`+k+`"`); n != 1 {
					t.Errorf("anchor span-%s appears %d times", k, n)
				}
			}
		})
	}
}

func TestHighlight(t *testing.T) {
	const text = "ab€cdefgh" // € is 3 bytes: 2..5
	tests := []struct {
		name    string
		spans   []hlSpan
		want    map[string]string // key: covered text
		skipped int
	}{
		{name: "none", want: map[string]string{}},
		{name: "nested", spans: []hlSpan{{Start: 0, End: 9, Key: "a"}, {Start: 5, End: 7, Key: "b"}}, want: map[string]string{"a": "ab€cdef", "b": "cd"}},
		{name: "overlapping", spans: []hlSpan{{Start: 0, End: 6, Key: "a"}, {Start: 5, End: 9, Key: "b"}}, want: map[string]string{"a": "ab€c", "b": "cdef"}},
		{name: "identical", spans: []hlSpan{{Start: 1, End: 6, Key: "a"}, {Start: 1, End: 6, Key: "b"}}, want: map[string]string{"a": "b€c", "b": "b€c"}},
		{name: "same key twice", spans: []hlSpan{{Start: 0, End: 1, Key: "a"}, {Start: 6, End: 7, Key: "a"}}, want: map[string]string{"a": "ad"}},
		{name: "mid-character widened", spans: []hlSpan{{Start: 3, End: 4, Key: "a"}}, want: map[string]string{"a": "€"}},
		{name: "clamped", spans: []hlSpan{{Start: -4, End: 2, Key: "a"}, {Start: 9, End: 99, Key: "b"}}, want: map[string]string{"a": "ab", "b": "gh"}},
		{name: "skipped", spans: []hlSpan{{Start: 50, End: 60, Key: "a"}, {Start: 4, End: 4, Key: "b"}, {Start: 6, End: 2, Key: "c"}}, want: map[string]string{}, skipped: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, skipped := highlight(text, tt.spans)
			var all strings.Builder
			got := map[string]string{}
			for _, s := range segs {
				all.WriteString(s.Text)
				for _, k := range strings.Fields(s.Keys) {
					got[k] += s.Text
				}
			}
			if all.String() != text {
				t.Errorf("segments join to %q, want the text", all.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("covered text (-want +got):\n%s", diff)
			}
			if skipped != tt.skipped {
				t.Errorf("skipped %d, want %d", skipped, tt.skipped)
			}
		})
	}
}

// TestUIEscaping feeds hostile text through every page: it must come out
// as text, never as markup.
func TestUIEscaping(t *testing.T) {
	const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>"'&`
	text := "Attack: " + evil + " in Mosul."
	doc := &evident.Document{ID: "evil", Title: evil, Outlet: evil, URL: `javascript:alert(1)`, Text: text}
	ev := evident.Event{
		ID: "ev-evil", DocID: "evil", EventType: "Battles", SubEventType: "Armed clash", Actor1: evil, EventDate: "2017-01-01",
		Location:    evident.Location{Location: evil, Latitude: 1, Longitude: 2},
		Attribution: evil, Notes: evil, Tags: []string{evil}, ExtractorVersion: evil,
		Evidence: []evident.Evidence{{Start: 0, End: len(text), Text: text}},
		Fields:   []evident.FieldEvidence{{Field: evil, Value: evil, Start: 8, End: 8 + len(evil), Rule: evil, Confidence: 1}},
	}
	h := newUIServer(t, newUIStore([]*evident.Document{doc}, []evident.Event{ev})).Handler()
	for _, target := range []string{"/", "/?q=" + url.QueryEscape(evil), "/events/ev-evil", "/documents/evil"} {
		t.Run(target, func(t *testing.T) {
			res, body := get(t, h, target)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			for _, bad := range []string{"<script>alert", "<img src=x", `href="javascript:`} {
				if strings.Contains(body, bad) {
					t.Errorf("body has %s", bad)
				}
			}
			if n := strings.Count(body, "<script"); n != 1 {
				t.Errorf("%d <script> elements, want only the bundle's", n)
			}
			wellFormed(t, body)
		})
	}
	_, body := get(t, h, "/events/ev-evil")
	if !strings.Contains(body, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`) {
		t.Errorf("the event page does not show the text escaped")
	}
	if got := marks(t, body)["f0"]; got != evil {
		t.Errorf("field span marks %q, want %q", got, evil)
	}
}

func TestUIStatic(t *testing.T) {
	h := newUIServer(t, uiFixture()).Handler()
	tests := []struct {
		name, ctype string
	}{
		{"app.js", "text/javascript; charset=utf-8"},
		{"app.css", "text/css; charset=utf-8"},
		{"countries-50m.json", "application/json"},
		{"licenses.txt", "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			versioned, err := staticURL(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			res, body := get(t, h, versioned)
			if res.StatusCode != 200 || len(body) == 0 {
				t.Fatalf("GET %s: %d, %d bytes", versioned, res.StatusCode, len(body))
			}
			if ct := res.Header.Get("Content-Type"); ct != tt.ctype {
				t.Errorf("Content-Type %q, want %q", ct, tt.ctype)
			}
			if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
				t.Errorf("versioned Cache-Control %q", cc)
			}
			res, _ = get(t, h, "/static/"+tt.name)
			if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
				t.Errorf("unversioned Cache-Control %q, want no-cache", cc)
			}
			res, _ = get(t, h, "/static/"+tt.name, "If-None-Match", res.Header.Get("ETag"))
			if res.StatusCode != http.StatusNotModified {
				t.Errorf("revalidation: %d, want 304", res.StatusCode)
			}
		})
	}
	// The pages link the versions being served.
	_, page := get(t, h, "/")
	for _, name := range []string{"app.js", "app.css", "countries-50m.json"} {
		u, _ := staticURL(name)
		if !strings.Contains(page, u) {
			t.Errorf("the index does not link %s", u)
		}
	}
	if !regexp.MustCompile(`/static/app\.js\?v=[0-9a-f]{12}"`).MatchString(page) {
		t.Errorf("no versioned script link in the index")
	}
	res, body := get(t, h, "/static/nope.js")
	if res.StatusCode != 404 || !strings.Contains(body, `"not_found"`) {
		t.Errorf("unknown asset: %d %s", res.StatusCode, body)
	}
}

func TestCSP(t *testing.T) {
	tests := []struct{ tiles, img string }{
		{"https://tile.openstreetmap.org/{z}/{x}/{y}.png", "img-src 'self' data: https://tile.openstreetmap.org;"},
		{"https://{s}.tile.example.org/{z}/{x}/{y}.png", "img-src 'self' data: https://*.tile.example.org;"},
		{"http://localhost:8081/tiles/{z}/{x}/{y}.png", "img-src 'self' data: http://localhost:8081;"},
		{"javascript:alert(1)", "img-src 'self' data:;"},
	}
	for _, tt := range tests {
		s := newUIServer(t, uiFixture())
		s.cfg.OnlineTiles = tt.tiles
		if got := s.csp(); !strings.Contains(got, tt.img) || !strings.Contains(got, "script-src 'self';") {
			t.Errorf("tiles %s: CSP %q, want %q", tt.tiles, got, tt.img)
		}
	}
}

// TestUIRoutesLeaveAPI checks that the UI's patterns are exact: other
// paths still get the API's JSON 404.
func TestUIRoutesLeaveAPI(t *testing.T) {
	h := newUIServer(t, uiFixture()).Handler()
	for _, target := range []string{"/nope", "/events", "/events/a/b", "/index.html"} {
		res, body := get(t, h, target)
		if res.StatusCode != 404 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("GET %s: %d %s %s", target, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
	}
}

// uiStore is an in-memory Store for the UI's tests: enough of the query
// semantics (docs/api.md) to drive the pages and the script.
type uiStore struct {
	docs   map[string]*evident.Document
	events []evident.Event // in document order
}

func newUIStore(docs []*evident.Document, events []evident.Event) *uiStore {
	s := &uiStore{docs: map[string]*evident.Document{}}
	for _, d := range docs {
		s.docs[d.ID] = d
	}
	s.events = events
	return s
}

func (s *uiStore) match(q evident.Query, e *evident.Event) bool {
	in := func(list []string, v string) bool {
		return len(list) == 0 || slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, v) })
	}
	date, _ := time.Parse(time.DateOnly, e.EventDate)
	switch {
	case e.Background && !q.WithBackground,
		!in(q.EventTypes, e.EventType), !in(q.SubEventTypes, e.SubEventType),
		!in(q.Countries, e.CountryCode), !in(q.Admin1, e.Admin1), !in(q.Modalities, e.Modality),
		q.DocID != "" && e.DocID != q.DocID,
		q.Actor != "" && e.Actor1 != q.Actor && e.Actor2 != q.Actor,
		e.Fatalities < q.MinFatalities,
		q.CivilianTargeting != nil && e.CivilianTargeting != *q.CivilianTargeting,
		!q.Since.IsZero() && (e.EventDate == "" || date.Before(q.Since)),
		!q.Until.IsZero() && (e.EventDate == "" || date.After(q.Until)),
		q.Text != "" && !strings.Contains(strings.ToLower(e.Notes+" "+e.Actor1+" "+e.Actor2+" "+e.Location.Location), strings.ToLower(q.Text)):
		return false
	}
	if b := q.BBox; b != nil {
		if e.Latitude < b.MinLat || e.Latitude > b.MaxLat {
			return false
		}
		if b.MinLon <= b.MaxLon && (e.Longitude < b.MinLon || e.Longitude > b.MaxLon) {
			return false
		}
		if b.MinLon > b.MaxLon && e.Longitude < b.MinLon && e.Longitude > b.MaxLon {
			return false
		}
	}
	return true
}

func (s *uiStore) matching(q evident.Query) []evident.Event {
	var out []evident.Event
	for _, e := range s.events {
		if s.match(q, &e) {
			out = append(out, e)
		}
	}
	return out
}

func (s *uiStore) EventPage(ctx context.Context, q evident.Query, p evident.PageRequest) (evident.EventPage, error) {
	evs := s.matching(q)
	slices.SortStableFunc(evs, func(a, b evident.Event) int { return strings.Compare(b.EventDate, a.EventDate) })
	off := 0
	if p.Cursor != "" {
		n, err := strconv.Atoi(p.Cursor)
		if err != nil || n < 0 || n > len(evs) {
			return evident.EventPage{}, evident.Errorf(evident.EINVALID, "", "bad cursor")
		}
		off = n
	}
	limit := p.Limit
	if limit == 0 {
		limit = evident.DefaultPageLimit
	}
	end := min(off+limit, len(evs))
	page := evident.EventPage{Events: evs[off:end]}
	if end < len(evs) {
		page.NextCursor = strconv.Itoa(end)
	}
	return page, nil
}

func (s *uiStore) Event(ctx context.Context, id string) (*evident.Event, error) {
	for _, e := range s.events {
		if e.ID == id {
			return &e, nil
		}
	}
	return nil, evident.Errorf(evident.ENOTFOUND, "test.db", "no event %q", id)
}

func (s *uiStore) EachEvent(ctx context.Context, q evident.Query, fn func(*evident.Event) error) error {
	for _, e := range s.matching(q) {
		if err := fn(&e); err != nil {
			return err
		}
	}
	return nil
}

func (s *uiStore) Stats(ctx context.Context, q evident.Query, by string) (evident.Stats, error) {
	evs := s.matching(q)
	st := evident.Stats{By: by, Total: len(evs)}
	if by == evident.ByAuto {
		st.By = evident.ByDay
		var lo, hi string
		for _, e := range evs {
			if e.EventDate != "" && (lo == "" || e.EventDate < lo) {
				lo = e.EventDate
			}
			hi = max(hi, e.EventDate)
		}
		a, _ := time.Parse(time.DateOnly, lo)
		b, _ := time.Parse(time.DateOnly, hi)
		if b.Sub(a) > evident.MaxTimeBuckets*24*time.Hour {
			st.By = evident.ByMonth
		}
	}
	counts := map[string]*evident.Bucket{}
	for _, e := range evs {
		st.Fatalities += e.Fatalities
		var key, label string
		switch st.By {
		case evident.ByDay:
			key = e.EventDate
		case evident.ByMonth:
			if len(e.EventDate) == 10 {
				key = e.EventDate[:8] + "01"
			}
		case evident.ByEventType:
			key = e.EventType
		case evident.ByCountry:
			key = e.CountryCode
			label = e.Country
		case evident.ByModality:
			key = e.Modality
		}
		if key == "" {
			continue
		}
		if counts[key] == nil {
			counts[key] = &evident.Bucket{Key: key, Label: label}
		}
		counts[key].Count++
		counts[key].Fatalities += e.Fatalities
	}
	for _, b := range counts {
		st.Buckets = append(st.Buckets, *b)
	}
	slices.SortFunc(st.Buckets, func(a, b evident.Bucket) int { return strings.Compare(a.Key, b.Key) })
	return st, nil
}

func (s *uiStore) Map(ctx context.Context, q evident.Query, cell float64) (evident.MapView, error) {
	var evs []evident.Event
	for _, e := range s.matching(q) {
		if e.Latitude != 0 || e.Longitude != 0 {
			evs = append(evs, e)
		}
	}
	mv := evident.MapView{Mode: "points", Total: len(evs)}
	if len(evs) <= evident.MaxMapPoints {
		for _, e := range evs {
			mv.Points = append(mv.Points, evident.MapPoint{ID: e.ID, Lat: e.Latitude, Lon: e.Longitude, EventType: e.EventType,
				SubEventType: e.SubEventType, Date: e.EventDate, Fatalities: e.Fatalities, Location: e.Location.Location})
		}
		return mv, nil
	}
	mv.Mode, mv.Cell = "grid", cell
	type acc struct {
		lat, lon float64
		n, fat   int
		types    map[string]int
	}
	cells := map[[2]int]*acc{}
	var order [][2]int
	for _, e := range evs {
		k := [2]int{int(math.Floor(e.Latitude / cell)), int(math.Floor(e.Longitude / cell))}
		a := cells[k]
		if a == nil {
			a = &acc{types: map[string]int{}}
			cells[k] = a
			order = append(order, k)
		}
		a.lat += e.Latitude
		a.lon += e.Longitude
		a.n++
		a.fat += e.Fatalities
		a.types[e.EventType]++
	}
	for _, k := range order {
		a := cells[k]
		top := ""
		for t, n := range a.types {
			if top == "" || n > a.types[top] || n == a.types[top] && t < top {
				top = t
			}
		}
		mv.Cells = append(mv.Cells, evident.MapCell{Lat: a.lat / float64(a.n), Lon: a.lon / float64(a.n), Count: a.n, Fatalities: a.fat, EventType: top})
	}
	return mv, nil
}

func (s *uiStore) Actors(ctx context.Context, q evident.Query, limit int) ([]evident.ActorCount, error) {
	counts := map[string]int{}
	for _, e := range s.matching(q) {
		for _, a := range []string{e.Actor1, e.Actor2} {
			if a != "" {
				counts[a]++
			}
		}
	}
	var out []evident.ActorCount
	for name, n := range counts {
		out = append(out, evident.ActorCount{Name: name, Events: n})
	}
	slices.SortFunc(out, func(a, b evident.ActorCount) int {
		if a.Events != b.Events {
			return b.Events - a.Events
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out[:min(limit, len(out))], nil
}

func (s *uiStore) Places(ctx context.Context, q evident.Query, limit int) ([]evident.PlaceCount, error) {
	return nil, nil
}

func (s *uiStore) Documents(ctx context.Context, text string, limit int, cursor string) (evident.DocumentPage, error) {
	var p evident.DocumentPage
	for _, d := range s.docs {
		p.Documents = append(p.Documents, evident.DocumentSummary{ID: d.ID, Title: d.Title, Outlet: d.Outlet, URL: d.URL})
	}
	return p, nil
}

func (s *uiStore) DocumentEvents(ctx context.Context, docID string) ([]evident.Event, error) {
	var out []evident.Event
	for _, e := range s.events {
		if e.DocID == docID {
			out = append(out, e)
		}
	}
	return out, nil
}

func (s *uiStore) PutDocument(ctx context.Context, doc *evident.Document, events []evident.Event) (evident.PutResult, error) {
	s.docs[doc.ID] = doc
	s.events = append(s.events, events...)
	return evident.PutAdded, nil
}

func (s *uiStore) Document(ctx context.Context, id string) (*evident.Document, error) {
	if d, ok := s.docs[id]; ok {
		return d, nil
	}
	return nil, evident.Errorf(evident.ENOTFOUND, "test.db", "no document %q", id)
}

func (s *uiStore) Events(ctx context.Context, f evident.EventFilter) ([]evident.Event, error) {
	return s.matching(evident.Query{DocID: f.DocID, WithBackground: f.WithBackground}), nil
}

func (s *uiStore) Counts(ctx context.Context) (int, int, error) {
	return len(s.docs), len(s.events), nil
}
func (s *uiStore) Close() error { return nil }

func (s *uiStore) CreateToken(ctx context.Context, name string) (evident.APIToken, string, error) {
	return evident.APIToken{}, "", evident.Errorf(evident.EINTERNAL, "", "no tokens in tests")
}

func (s *uiStore) VerifyToken(ctx context.Context, secret string) (evident.APIToken, error) {
	return evident.APIToken{}, evident.Errorf(evident.EUNAUTHORIZED, "", "unknown token")
}

func (s *uiStore) Tokens(ctx context.Context) ([]evident.APIToken, error) { return nil, nil }
func (s *uiStore) RevokeToken(ctx context.Context, id string) error       { return nil }

// incidentUIStore is uiStore with incidents: the UI's view of
// evident.IncidentStore (the fusion methods are not used by the pages).
type incidentUIStore struct {
	*uiStore
	incidents []evident.Incident
}

func (s *incidentUIStore) Incidents(ctx context.Context, q evident.Query, p evident.PageRequest) (evident.IncidentPage, error) {
	var page evident.IncidentPage
	for _, in := range s.incidents {
		if len(q.EventTypes) == 0 || slices.Contains(q.EventTypes, in.EventType) {
			in.Claims, in.Decisions, in.Versions, in.Overrides = nil, nil, nil, nil
			page.Incidents = append(page.Incidents, in)
		}
	}
	if p.Limit > 0 && len(page.Incidents) > p.Limit {
		page.Incidents, page.NextCursor = page.Incidents[:p.Limit], "more"
	}
	return page, nil
}

func (s *incidentUIStore) Incident(ctx context.Context, id string) (*evident.Incident, error) {
	for i := range s.incidents {
		if s.incidents[i].ID == id {
			return &s.incidents[i], nil
		}
	}
	return nil, evident.Errorf(evident.ENOTFOUND, "", "incident %q not found", id)
}

func (s *incidentUIStore) FusionReports(context.Context, evident.FusionQuery) ([]evident.FusionReport, error) {
	return nil, nil
}
func (s *incidentUIStore) ReplaceIncidents(context.Context, []string, []evident.Incident) error {
	return nil
}
func (s *incidentUIStore) FusionLinks(context.Context, []string) ([]evident.FusionLink, error) {
	return nil, nil
}
func (s *incidentUIStore) Override(_ context.Context, o evident.IncidentOverride, _ []evident.FusionLink, _ [][2]string) (evident.IncidentOverride, error) {
	return o, nil
}

// bombingIncident is an incident told by four outlets whose tolls
// disagree and rise over three days, with a history: fused, dissolved by
// a merge, built again, and an analyst's split.
func bombingIncident() evident.Incident {
	at := func(day, hour int) time.Time { return time.Date(2016, 3, day, hour, 0, 0, 0, time.UTC) }
	claim := func(value, source, outlet, doc, published string, canonical bool) evident.Claim {
		text := "A car bomb killed " + value + " people in Azaz, " + source + " said."
		return evident.Claim{Field: evident.ClaimFatalities, Value: value, Source: source, Attributed: source != outlet, Outlet: outlet,
			DocID: doc, EventID: "ev-" + doc, Published: published, Canonical: canonical,
			Evidence: evident.Evidence{Start: 10, End: 10 + len(text), Text: text}, Span: &evident.Span{Start: 28, End: 28 + len(value)}}
	}
	azaz := evident.Location{Country: "Syria", CountryCode: "SY", Admin1: "Aleppo", Location: "Azaz", Latitude: 36.58, Longitude: 37.04, GeoPrecision: 1}
	rec := func(fat int) *evident.Incident {
		return &evident.Incident{ID: "in-azaz", EventType: "Explosions/Remote violence", EventDate: "2016-03-14", Location: azaz, Casualties: evident.Casualties{Fatalities: fat}}
	}
	return evident.Incident{
		ID: "in-azaz", EventType: "Explosions/Remote violence", SubEventType: "Remote explosive/landmine/IED", EventDate: "2016-03-14", TimePrecision: 1,
		Location: azaz, Actor1: "Islamic State", Casualties: evident.Casualties{Fatalities: 20, FatalitiesLow: 20, FatalitiesHigh: 35},
		Source: "AFP; Reuters; SANA; SOHR", SourceScale: "International",
		Reports: []evident.IncidentReport{
			{EventID: "ev-d-reuters", DocID: "d-reuters", Outlet: "Reuters", Published: "2016-03-14", SubEventType: "Remote explosive/landmine/IED", EventDate: "2016-03-14", Location: "Azaz", Fatalities: 20},
			{EventID: "ev-d-sana", DocID: "d-sana", Outlet: "SANA", Published: "2016-03-14", SubEventType: "Remote explosive/landmine/IED", EventDate: "2016-03-14", Location: "Azaz", Fatalities: 35},
			{EventID: "ev-d-afp", DocID: "d-afp", Outlet: "AFP", Published: "2016-03-15", SubEventType: "Remote explosive/landmine/IED", EventDate: "2016-03-14", Location: "Azaz", Fatalities: 22},
			{EventID: "ev-d-sohr", DocID: "d-sohr", Outlet: "SOHR", Published: "2016-03-17", SubEventType: "Remote explosive/landmine/IED", EventDate: "2016-03-14", Location: "Azaz", Fatalities: 24},
			{EventID: "ev-d-blog", DocID: "d-blog", Outlet: "Blog", SubEventType: "Remote explosive/landmine/IED", EventDate: "2016-03-14", Location: "Azaz", Fatalities: 30},
		},
		Claims: []evident.Claim{
			claim("35", "SANA", "SANA", "d-sana", "2016-03-14", false),
			claim("20", "Reuters", "Reuters", "d-reuters", "2016-03-14", true),
			claim("24", "SOHR", "SOHR", "d-sohr", "2016-03-17", false),
			claim("22", "SOHR", "AFP", "d-afp", "2016-03-15", false),
			claim("30", "Blog", "Blog", "d-blog", "", false),
			{Field: evident.ClaimActor1, Value: "Islamic State", Source: "SANA", Outlet: "SANA", DocID: "d-sana", EventID: "ev-d-sana", Canonical: true},
		},
		Decisions: []evident.FusionDecision{{EventID: "ev-d-reuters", DocID: "d-reuters", Action: evident.FusionStarted, Incident: "in-azaz", Rule: "no candidate", Km: -1, Days: -1}},
		Versions: []evident.IncidentVersion{
			{Version: 1, At: at(14, 9), Cause: "fused from 2 reports: d-reuters (Reuters), d-sana (SANA)", Record: rec(20)},
			{Version: 2, At: at(15, 10), Cause: "override #1: merged into in-other (by alice)"},
			{Version: 3, At: at(16, 11), Cause: "override #2: in-azaz split report ev-d-x out (by bob)", Record: rec(20)},
		},
		Overrides: []evident.IncidentOverride{
			{ID: 2, Action: evident.OverrideSplit, Incidents: []string{"in-azaz"}, EventID: "ev-d-x", By: "bob", At: at(16, 11), Note: "a different bombing"},
		},
	}
}

func TestUIIncidentPage(t *testing.T) {
	st := &incidentUIStore{uiStore: uiFixture(), incidents: []evident.Incident{bombingIncident()}}
	untold := bombingIncident()
	untold.ID, untold.Claims, untold.Versions, untold.Overrides = "in-quiet", nil, nil, nil
	st.incidents = append(st.incidents, untold)
	h := newUIServer(t, st).Handler()
	tests := []struct {
		name, target string
		want         []string // in this order
		notWant      []string
	}{
		{
			name: "toll chart", target: "/incidents/in-azaz",
			want: []string{
				`<h2 id="toll-h">Toll over time</h2>`,
				`<svg class="toll" viewBox="0 0 640 240" role="img" aria-labelledby="toll-title toll-desc">`,
				`<desc id="toll-desc">4 fatality figures from 3 sources, published 2016-03-14 to 2016-03-17, from 20 to 35; the canonical (most conservative credible) figure is 20.</desc>`,
				`<text class="tick" x="48" dx="-6" y="200" dy="4" text-anchor="end">0</text>`, `>50</text>`,
				`>2016-03-14</text>`, `>2016-03-17</text>`,
				`<line class="canon"`, `canonical: 20</text>`,
				`<g class="series s0">`, `<circle class="pt canonical"`, `<title>Reuters: 20 (Reuters, 2016-03-14), canonical</title>`,
				// SOHR's two figures are joined by a line.
				`<g class="series s2"><path d="M`,
				`<li class="s0"><span class="key" aria-hidden="true"></span>Reuters</li>`, `<li class="canon">`,
			},
		},
		{
			name: "toll table by publication date", target: "/incidents/in-azaz",
			want: []string{
				`<table class="data toll-table" aria-labelledby="toll-h">`, `<th scope="col">Published</th>`,
				`<td class="date">2016-03-14</td>`, `<strong>★ 20</strong>`, // the lower first on a day
				`<td class="date">2016-03-14</td>`, `<td class="num">35</td>`,
				`<td class="date">2016-03-15</td>`, `<td class="num">22</td>`,
				`<td class="date">2016-03-17</td>`, `<td class="num">24</td>`,
				`<td class="date">—</td>`, `<td class="num">30</td>`,
				`1 figure without a publication date, not on the chart.`,
			},
		},
		{
			name: "evidence links highlight the claim", target: "/incidents/in-azaz",
			want: []string{
				`href="/documents/d-sana?hl=28-30,10-`, `#span-h0"`, `href="/events/ev-d-sana">report</a>`,
				`<a href="/documents/d-reuters">d-reuters</a> · <a href="/documents/d-reuters?hl=10-`,
			},
		},
		{
			name: "history", target: "/incidents/in-azaz",
			want: []string{
				`<h2 id="hist-h">History</h2>`, `<table class="data history" aria-labelledby="hist-h">`,
				`<th scope="row">1</th>`, `2016-03-14 09:00 UTC`, `fused from 2 reports: d-reuters (Reuters), d-sana (SANA)`, `<td class="num">20</td><td>Azaz, Aleppo, Syria</td><td class="date">2016-03-14</td>`,
				`<tr class="dissolved">`, `<th scope="row">2</th>`, `<em>dissolved</em>`,
				`<th scope="row">3</th>`,
				`<table class="data overrides" aria-labelledby="overrides-h">`, `<td>bob</td>`, `2016-03-16 11:00 UTC`, `<td>split</td>`,
				`<a href="/incidents/in-azaz"><code>in-azaz</code></a> · <a href="/events/ev-d-x">`, `a different bombing`,
			},
		},
		{
			name: "no figures, no history", target: "/incidents/in-quiet",
			want:    []string{`No report gives a fatality figure.`, `No versions recorded.`, `No analyst has split or merged this incident.`},
			notWant: []string{`<svg`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, h, tt.target)
			if res.StatusCode != 200 {
				t.Fatalf("status %d\n%s", res.StatusCode, body)
			}
			rest := body
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Errorf("body lacks %s (after the previous ones)", w)
					continue
				}
				rest = rest[i+len(w):]
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("body has %s", w)
				}
			}
			wellFormed(t, body)
			if t.Failed() {
				t.Logf("body:\n%s", body)
			}
		})
	}
}

func TestUIDocumentHighlight(t *testing.T) {
	h := newUIServer(t, uiFixture()).Handler()
	i := strings.Index(uiDocText, "Two civilians")
	tests := []struct {
		name, query string
		marked      []string // the text of the highlighted ranges, in order
	}{
		{"one range", "?hl=" + strconv.Itoa(i) + "-" + strconv.Itoa(i+3), []string{"Two"}},
		{"two ranges", "?hl=0-5," + strconv.Itoa(i) + "-" + strconv.Itoa(i+3), []string{"Mosul", "Two"}},
		{"malformed dropped", "?hl=x-1,5-2,-3," + strconv.Itoa(i) + "-" + strconv.Itoa(i+3), []string{"Two"}},
		{"past the text", "?hl=100000-100005", nil},
		{"none", "", nil},
	}
	re := regexp.MustCompile(`<mark class="[^"]*\bhl\b[^"]*" data-spans="[^"]*">([^<]*)</mark>`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, h, "/documents/sky-mosul"+tt.query)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			var got []string
			for _, m := range re.FindAllStringSubmatch(body, -1) {
				got = append(got, m[1])
			}
			if diff := cmp.Diff(tt.marked, got); diff != "" {
				t.Errorf("highlighted (-want +got):\n%s", diff)
			}
			if anchored := strings.Contains(body, `id="span-h0"`); anchored != (len(tt.marked) > 0) {
				t.Errorf("anchor span-h0 present: %v, want %v", anchored, len(tt.marked) > 0)
			}
			wellFormed(t, body)
		})
	}
}

func TestUIIndexViews(t *testing.T) {
	battle := bombingIncident()
	battle.ID, battle.EventType, battle.SubEventType = "in-clash", "Battles", "Armed clash"
	fused := newUIServer(t, &incidentUIStore{uiStore: uiFixture(), incidents: []evident.Incident{bombingIncident(), battle}}).Handler()
	empty := newUIServer(t, &incidentUIStore{uiStore: uiFixture()}).Handler()
	plain := newUIServer(t, uiFixture()).Handler()
	tests := []struct {
		name    string
		h       http.Handler
		target  string
		want    []string
		notWant []string
	}{
		{
			name: "incidents by default", h: fused, target: "/",
			want: []string{
				`<fieldset class="view-switch" id="view-switch"`, `<input type="radio" name="view" value="incidents" form="filters" checked>`,
				`<input type="radio" name="view" value="reports" form="filters">`,
				`<span id="list-title">Incidents</span>`, `<ol id="events" class="events" data-view="incidents">`,
				`<a class="ev-row in-row t-explosions" href="/incidents/in-azaz">`, `href="/incidents/in-clash"`,
				`<span class="ev-reports">5 reports from 5 outlets</span>`, `<span class="ev-loc">Azaz, Aleppo, Syria</span>`,
				`<span class="ev-actors">Islamic State</span>`, `<span class="ev-fat">20 fatalities</span>`,
				`aria-label="Order of the list" hidden>`, `No incidents match these filters.`,
			},
			notWant: []string{`href="/events/ev-battle"`},
		},
		{
			name: "incidents filtered", h: fused, target: "/?view=incidents&event_type=Battles",
			want:    []string{`href="/incidents/in-clash"`, `value="incidents" form="filters" checked`},
			notWant: []string{`href="/incidents/in-azaz"`},
		},
		{
			name: "no incident matches: still the incidents view", h: fused, target: "/?event_type=Riots",
			want:    []string{`data-view="incidents"`, `value="incidents" form="filters" checked`},
			notWant: []string{`href="/incidents/`, `<p id="list-empty" class="muted empty" hidden>`},
		},
		{
			name: "reports", h: fused, target: "/?view=reports",
			want: []string{
				`<input type="radio" name="view" value="reports" form="filters" checked>`, `<span id="list-title">Reports</span>`,
				`data-view="reports"`, `href="/events/ev-battle"`, `href="/events/ev-sniper"`,
			},
			notWant: []string{`href="/incidents/`, `aria-label="Order of the list" hidden>`},
		},
		{
			name: "more incidents keeps the view", h: fused, target: "/?view=incidents",
			want: []string{`href="/incidents/in-azaz"`},
		},
		{
			name: "a store without incidents yet: reports, no switch", h: empty, target: "/?view=incidents",
			want:    []string{`data-view="reports"`, `<span id="list-title">Events</span>`, `href="/events/ev-battle"`},
			notWant: []string{`view-switch`, `name="view"`},
		},
		{
			name: "a store that keeps no incidents", h: plain, target: "/",
			want:    []string{`data-view="reports"`, `href="/events/ev-battle"`},
			notWant: []string{`view-switch`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, tt.h, tt.target)
			if res.StatusCode != 200 {
				t.Fatalf("status %d\n%s", res.StatusCode, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %s", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("body has %s", w)
				}
			}
			wellFormed(t, body)
			if t.Failed() {
				t.Logf("body:\n%s", body)
			}
		})
	}
}
