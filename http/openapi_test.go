package http

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/fuse"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/google/go-cmp/cmp"
)

func init() {
	// The exports are streams; the spec types them as strings.
	openapi3filter.RegisterBodyDecoder("application/geo+json", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/x-ndjson", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
}

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openapiJSON)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not valid OpenAPI 3: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi %q, want 3.0.3", doc.OpenAPI)
	}
	return doc
}

// specOp is one operation of the spec.
type specOp struct {
	method, path string
	item         *openapi3.PathItem
	op           *openapi3.Operation
}

func specOps(doc *openapi3.T) []specOp {
	var out []specOp
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			out = append(out, specOp{method, path, item, op})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path+out[i].method < out[j].path+out[j].method })
	return out
}

// registeredRoutes reads the routes registerAPI and registerJobs
// register, from api.go and jobs.go themselves, so that a new route cannot
// miss the spec.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, name := range []string{"api.go", "jobs.go", "feeds.go"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`mux\.Handle(?:Func)?\("([A-Z]+) ([^"]+)"`).FindAllStringSubmatch(string(src), -1) {
			out = append(out, m[1]+" "+m[2])
		}
	}
	if len(out) < 12 {
		t.Fatalf("found only %d routes in api.go: %v", len(out), out)
	}
	sort.Strings(out)
	return out
}

// tokenOnly reports whether an operation always needs a token (its only
// security requirement is the bearer scheme).
func tokenOnly(o specOp) bool {
	return o.op.Security != nil && len(*o.op.Security) == 1 && len((*o.op.Security)[0]) == 1
}

// examplePath fills a spec path's parameters with fixture ids.
func examplePath(path string) string {
	path = strings.Replace(path, "/incidents/{id}", "/incidents/"+firstIncident, 1)
	path = strings.Replace(path, "/events/{id}", "/events/m3", 1)
	return strings.Replace(path, "/documents/{id}", "/documents/mosul", 1)
}

func TestOpenAPIRoutes(t *testing.T) {
	doc := loadSpec(t)
	var inSpec []string
	for _, o := range specOps(doc) {
		inSpec = append(inSpec, o.method+" "+o.path)
	}
	sort.Strings(inSpec)
	if diff := cmp.Diff(registeredRoutes(t), inSpec); diff != "" {
		t.Errorf("routes in api.go (-) and in openapi.json (+) differ:\n%s", diff)
	}
	// Every spec operation is routed and answers.
	ts := newTestServer(t, Config{}, Options{Extractor: fakeExtractor{}, Jobs: fakeJobs{}})
	fuseFixture(t, ts)
	for _, o := range specOps(doc) {
		r := req{method: o.method, target: examplePath(o.path)}
		if o.method == http.MethodPost {
			r.body, r.ctype, r.auth = `{"text": "Routing probe."}`, "application/json", "Bearer "+ts.token
		}
		if tokenOnly(o) {
			r.auth = "Bearer " + ts.token
		}
		if o.method == http.MethodPost && strings.HasPrefix(o.path, "/api/v1/incidents/") {
			// Overrides: routed, authorised and validated (TestSplitAndMerge
			// makes them).
			r.body = `{}`
			if w := ts.do(t, r); w.Code != http.StatusBadRequest {
				t.Errorf("%s %s {}: status %d %s; want 400", r.method, r.target, w.Code, w.Body)
			}
			continue
		}
		if w := ts.do(t, r); w.Code < 200 || w.Code > 299 {
			t.Errorf("%s %s: status %d %s", r.method, r.target, w.Code, w.Body)
		}
	}
}

// queryParams returns an operation's query parameters by name.
func queryParams(o specOp) map[string]*openapi3.Parameter {
	out := map[string]*openapi3.Parameter{}
	for _, p := range append(slices.Clone(o.item.Parameters), o.op.Parameters...) {
		if p.Value.In == openapi3.ParameterInQuery {
			out[p.Value.Name] = p.Value
		}
	}
	return out
}

func exampleValue(t *testing.T, p *openapi3.Parameter) string {
	t.Helper()
	ex := p.Example
	if ex == nil && p.Schema != nil {
		ex = p.Schema.Value.Example
	}
	switch v := ex.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	t.Fatalf("parameter %s has no example", p.Name)
	return ""
}

var noAuth = &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}

func TestOpenAPIParameters(t *testing.T) {
	doc := loadSpec(t)
	ts := newTestServer(t, Config{}, Options{Extractor: fakeExtractor{}, Jobs: fakeJobs{}})
	all := map[string]bool{"bogus": true, "Limit": true}
	for _, o := range specOps(doc) {
		for name := range queryParams(o) {
			all[name] = true
		}
	}
	for _, o := range specOps(doc) {
		params := queryParams(o)
		base := req{method: o.method, target: examplePath(o.path)}
		if o.method == http.MethodPost {
			base.body, base.ctype, base.auth = `{"text": "Parameter probe."}`, "application/json", "Bearer "+ts.token
		}
		if tokenOnly(o) {
			base.auth = "Bearer " + ts.token
		}
		// Each spec parameter, with its example, is accepted.
		for name, p := range params {
			r := base
			r.target += "?" + name + "=" + url.QueryEscape(exampleValue(t, p))
			w := ts.do(t, r)
			if w.Code < 200 || w.Code > 299 {
				t.Errorf("%s %s: status %d %s", r.method, r.target, w.Code, w.Body)
			}
			// And the spec accepts the request.
			validateRequest(t, doc, o, r)
		}
		// Any other parameter is unknown, except on the two static
		// answers, which ignore the query string (the spec says so).
		if o.path == "/healthz" || o.path == "/api/v1/openapi.json" {
			if !strings.Contains(o.op.Description, "query string is ignored") {
				t.Errorf("%s %s: the spec should say the query string is ignored", o.method, o.path)
			}
			if w := ts.do(t, req{target: o.path + "?bogus=1"}); w.Code != http.StatusOK {
				t.Errorf("%s?bogus=1: status %d", o.path, w.Code)
			}
			continue
		}
		for name := range all {
			if params[name] != nil {
				continue
			}
			r := base
			r.target += "?" + name + "=1"
			e := apiError(t, ts.do(t, r), http.StatusBadRequest, evident.EINVALID)
			if e.Param != name || !strings.Contains(e.Message, "unknown parameter") {
				t.Errorf("%s %s: error %+v, want unknown parameter %s", r.method, r.target, e, name)
			}
		}
	}
}

func validateRequest(t *testing.T, doc *openapi3.T, o specOp, r req) {
	t.Helper()
	hr := httptest.NewRequest(r.method, r.target, strings.NewReader(r.body))
	if r.ctype != "" {
		hr.Header.Set("Content-Type", r.ctype)
	}
	in := &openapi3filter.RequestValidationInput{Request: hr, PathParams: pathParams(o.path, hr.URL.Path), Route: route(doc, o), Options: noAuth}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		t.Errorf("%s %s: the spec rejects the request: %v", r.method, r.target, err)
	}
}

func route(doc *openapi3.T, o specOp) *routers.Route {
	return &routers.Route{Spec: doc, Server: doc.Servers[0], Path: o.path, PathItem: o.item, Method: o.method, Operation: o.op}
}

func pathParams(pattern, path string) map[string]string {
	out := map[string]string{}
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	for i := range ps {
		if strings.HasPrefix(ps[i], "{") && i < len(xs) {
			out[strings.Trim(ps[i], "{}")] = xs[i]
		}
	}
	return out
}

// gridStore answers Map with grid cells and Stats with an empty answer.
type gridStore struct{ Store }

func (gridStore) Map(context.Context, evident.Query, float64) (evident.MapView, error) {
	return evident.MapView{Mode: "grid", Total: 2500, Cell: 0.5, Cells: []evident.MapCell{
		{Lat: 36.3, Lon: 43.1, Count: 2400, Fatalities: 100, EventType: "Battles"},
		{Lat: -16.5, Lon: 179.5, Count: 100, EventType: "Protests"},
	}}, nil
}

// firstIncident is the id of the first incident fuseFixture made.
var firstIncident string

// fuseFixture fuses the test server's events into incidents, as ingest
// --fuse does, and notes the first incident's id.
func fuseFixture(t *testing.T, ts *testServer) {
	t.Helper()
	if _, err := fuse.Update(context.Background(), ts.store); err != nil {
		t.Fatal(err)
	}
	page, err := ts.store.Incidents(context.Background(), evident.Query{}, evident.PageRequest{Limit: 1})
	if err != nil || len(page.Incidents) == 0 {
		t.Fatalf("no incidents after fusion: %v", err)
	}
	firstIncident = page.Incidents[0].ID
}

func TestOpenAPIResponses(t *testing.T) {
	doc := loadSpec(t)
	ts := newTestServer(t, Config{MaxBodyBytes: 1 << 12}, Options{Extractor: fakeExtractor{}})
	fuseFixture(t, ts)
	grid := newTestServer(t, Config{}, Options{})
	grid.h = mustServer(t, Options{Store: gridStore{grid.store}})
	failing := newTestServer(t, Config{}, Options{})
	failing.h = mustServer(t, Options{Store: failingStore{Store: failing.store}, Extractor: fakeExtractor{}})
	auth := newTestServer(t, Config{AuthReads: true}, Options{})
	bearer := "Bearer " + ts.token
	jobsTS := newTestServer(t, Config{}, Options{Jobs: fakeJobs{}})
	failingJobs := newTestServer(t, Config{}, Options{Jobs: fakeJobs{fail: true}})
	tests := []struct {
		ts     *testServer
		path   string // the spec path
		r      req
		status int
	}{
		{ts, "/healthz", req{target: "/healthz"}, 200},
		{failing, "/healthz", req{target: "/healthz"}, 503},
		{ts, "/api/v1/openapi.json", req{target: "/api/v1/openapi.json"}, 200},
		{ts, "/api/v1/events", req{target: "/api/v1/events?include_background=true&limit=1000"}, 200},
		{ts, "/api/v1/events", req{target: "/api/v1/events?limit=2"}, 200},
		{ts, "/api/v1/events", req{target: "/api/v1/events?doc_id=nope"}, 200},
		{ts, "/api/v1/events", req{target: "/api/v1/events?bbox=1,2"}, 400},
		{auth, "/api/v1/events", req{target: "/api/v1/events"}, 401},
		{failing, "/api/v1/events", req{target: "/api/v1/events"}, 500},
		{ts, "/api/v1/events/{id}", req{target: "/api/v1/events/m3"}, 200},
		{ts, "/api/v1/events/{id}", req{target: "/api/v1/events/x2"}, 200},
		{ts, "/api/v1/events/{id}", req{target: "/api/v1/events/nope"}, 404},
		{ts, "/api/v1/incidents", req{target: "/api/v1/incidents"}, 200},
		{ts, "/api/v1/incidents", req{target: "/api/v1/incidents?country=IQ&limit=2"}, 200},
		{ts, "/api/v1/incidents", req{target: "/api/v1/incidents?cursor=x"}, 400},
		{ts, "/api/v1/incidents/{id}", req{target: "/api/v1/incidents/" + firstIncident}, 200},
		{ts, "/api/v1/incidents/{id}", req{target: "/api/v1/incidents/nope"}, 404},
		{ts, "/api/v1/documents", req{target: "/api/v1/documents"}, 200},
		{ts, "/api/v1/documents", req{target: "/api/v1/documents?limit=1"}, 200},
		{ts, "/api/v1/documents", req{target: "/api/v1/documents?q=zzz"}, 200},
		{ts, "/api/v1/documents", req{target: "/api/v1/documents?cursor=x"}, 400},
		{ts, "/api/v1/documents", req{method: "POST", target: "/api/v1/documents", body: `{"text": "Clashes in Mosul.", "published": "2017-03-01", "url": "https://e.example/1"}`, ctype: "application/json", auth: bearer}, 201},
		{ts, "/api/v1/documents", req{method: "POST", target: "/api/v1/documents", body: `{"text": "Clashes in Mosul.", "published": "2017-03-01"}`, ctype: "application/json", auth: bearer}, 200},
		{ts, "/api/v1/documents", req{method: "POST", target: "/api/v1/documents", body: "Raw text about Raqqa.", ctype: "text/plain", auth: bearer}, 201},
		{ts, "/api/v1/documents", req{method: "POST", target: "/api/v1/documents", body: "<p>Raw html about Suva.</p>", ctype: "text/html", auth: bearer}, 201},
		{ts, "/api/v1/documents", req{method: "POST", target: "/api/v1/documents", body: `{}`, ctype: "application/json", auth: bearer}, 400},
		{ts, "/api/v1/documents", req{method: "POST", target: "/api/v1/documents", body: `{"text": "x"}`, ctype: "application/json"}, 401},
		{ts, "/api/v1/documents", req{method: "POST", target: "/api/v1/documents", body: strings.Repeat("x", 5000), ctype: "text/plain", auth: bearer}, 413},
		{grid, "/api/v1/documents", req{method: "POST", target: "/api/v1/documents", body: `{"text": "x"}`, ctype: "application/json", auth: "Bearer " + grid.token}, 503},
		{ts, "/api/v1/documents/{id}", req{target: "/api/v1/documents/mosul"}, 200},
		{ts, "/api/v1/documents/{id}", req{target: "/api/v1/documents/empty"}, 200},
		{ts, "/api/v1/documents/{id}", req{target: "/api/v1/documents/nope"}, 404},
		{ts, "/api/v1/actors", req{target: "/api/v1/actors"}, 200},
		{ts, "/api/v1/actors", req{target: "/api/v1/actors?doc_id=nope"}, 200},
		{ts, "/api/v1/places", req{target: "/api/v1/places?include_background=true"}, 200},
		{ts, "/api/v1/places", req{target: "/api/v1/places?doc_id=misc"}, 200},
		{ts, "/api/v1/stats", req{target: "/api/v1/stats"}, 200},
		{ts, "/api/v1/stats", req{target: "/api/v1/stats?by=country"}, 200},
		{ts, "/api/v1/stats", req{target: "/api/v1/stats?by=week&include_background=true"}, 200},
		{ts, "/api/v1/stats", req{target: "/api/v1/stats?doc_id=nope"}, 200},
		{ts, "/api/v1/map", req{target: "/api/v1/map"}, 200},
		{ts, "/api/v1/map", req{target: "/api/v1/map?doc_id=misc"}, 200},
		{grid, "/api/v1/map", req{target: "/api/v1/map?zoom=7"}, 200},
		{ts, "/api/v1/export", req{target: "/api/v1/export"}, 200},
		{ts, "/api/v1/export", req{target: "/api/v1/export?format=geojson"}, 200},
		{ts, "/api/v1/export", req{target: "/api/v1/export?format=jsonl"}, 200},
		{ts, "/api/v1/export", req{target: "/api/v1/export?format=xml"}, 400},
		{failing, "/api/v1/export", req{target: "/api/v1/export"}, 500},
		{jobsTS, "/api/v1/jobs", req{target: "/api/v1/jobs", auth: "Bearer " + jobsTS.token}, 200},
		{jobsTS, "/api/v1/jobs", req{target: "/api/v1/jobs?state=retryable,cancelled&limit=1", auth: "Bearer " + jobsTS.token}, 200},
		{jobsTS, "/api/v1/jobs", req{target: "/api/v1/jobs?state=lost", auth: "Bearer " + jobsTS.token}, 400},
		{jobsTS, "/api/v1/jobs", req{target: "/api/v1/jobs"}, 401},
		{ts, "/api/v1/jobs", req{target: "/api/v1/jobs", auth: bearer}, 404},
		{failingJobs, "/api/v1/jobs", req{target: "/api/v1/jobs", auth: "Bearer " + failingJobs.token}, 500},
	}
	ops := map[string]specOp{}
	for _, o := range specOps(doc) {
		ops[o.method+" "+o.path] = o
	}
	for _, tt := range tests {
		if tt.r.method == "" {
			tt.r.method = http.MethodGet
		}
		t.Run(tt.r.method+" "+tt.r.target, func(t *testing.T) {
			o, ok := ops[tt.r.method+" "+tt.path]
			if !ok {
				t.Fatalf("no operation %s %s in the spec", tt.r.method, tt.path)
			}
			w := tt.ts.do(t, tt.r)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			hr := httptest.NewRequest(tt.r.method, tt.r.target, nil)
			in := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: hr, PathParams: pathParams(o.path, hr.URL.Path), Route: route(doc, o)},
				Status:                 w.Code,
				Header:                 w.Header(),
				Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
			}
			in.SetBodyBytes(w.Body.Bytes())
			if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
				t.Errorf("response does not match the spec: %v\nbody: %.600s", err, w.Body)
			}
		})
	}
}

// TestOpenAPIErrorsOutsideOperations: answers to unrouted requests (404,
// 405) have the spec's Error shape too.
func TestOpenAPIErrorsOutsideOperations(t *testing.T) {
	doc := loadSpec(t)
	schema := doc.Components.Schemas["Error"].Value
	ts := newTestServer(t, Config{}, Options{})
	for _, r := range []req{{target: "/api/v1/nope"}, {method: http.MethodDelete, target: "/api/v1/events"}} {
		w := ts.do(t, r)
		var v any
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		if err := schema.VisitJSON(v); err != nil || w.Code < 400 {
			t.Errorf("%s %s: status %d, body %s does not match Error: %v", r.method, r.target, w.Code, w.Body, err)
		}
	}
}

// TestOpenAPIServed: the document served is the one embedded, byte for byte.
func TestOpenAPIServed(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	w := ts.get(t, "/api/v1/openapi.json")
	b, _ := io.ReadAll(w.Body)
	if w.Code != 200 || !bytes.Equal(b, openapiJSON) || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Errorf("GET /api/v1/openapi.json: %d, %q, %d bytes", w.Code, w.Header().Get("Content-Type"), len(b))
	}
}

// TestOpenAPIValidationBites: the response check rejects answers that
// drift from the spec, so its passing means something.
func TestOpenAPIValidationBites(t *testing.T) {
	doc := loadSpec(t)
	var o specOp
	for _, op := range specOps(doc) {
		if op.method == http.MethodGet && op.path == "/api/v1/events" {
			o = op
		}
	}
	ts := newTestServer(t, Config{}, Options{})
	good := ts.get(t, "/api/v1/events?limit=1").Body.String()
	tests := []struct {
		name   string
		status int
		body   string
		ctype  string
	}{
		{"unknown field", 200, strings.Replace(good, `"event_id"`, `"bogus":1,"event_id"`, 1), "application/json"},
		{"missing field", 200, strings.Replace(good, `"next_cursor"`, `"next"`, 1), "application/json"},
		{"bad date", 200, strings.Replace(good, `"event_date":"2017-03-31"`, `"event_date":"31/03/2017"`, 1), "application/json"},
		{"null list", 200, `{"events":null,"next_cursor":""}`, "application/json"},
		{"undocumented status", 418, `{"error":{"code":"invalid","message":"x"}}`, "application/json"},
		{"error shape", 400, `{"code":"invalid"}`, "application/json"},
		{"content type", 200, good, "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.body == good && tt.ctype == "application/json" {
				t.Fatal("the tampering did not change the body")
			}
			hr := httptest.NewRequest(http.MethodGet, "/api/v1/events", nil)
			in := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: hr, Route: route(doc, o)},
				Status:                 tt.status,
				Header:                 http.Header{"Content-Type": {tt.ctype}},
				Options:                &openapi3filter.Options{IncludeResponseStatus: true},
			}
			in.SetBodyBytes([]byte(tt.body))
			if err := openapi3filter.ValidateResponse(context.Background(), in); err == nil {
				t.Errorf("ValidateResponse accepted %.200s", tt.body)
			}
		})
	}
}

// TestIncidentPage: the incident page shows the canonical record, the
// claims table and the reports with links, and a fused event's page links
// to its incident.
func TestIncidentPage(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	fuseFixture(t, ts)
	w := ts.get(t, "/incidents/"+firstIncident)
	if w.Code != http.StatusOK {
		t.Fatalf("GET /incidents/%s: %d %s", firstIncident, w.Code, w.Body)
	}
	body := w.Body.String()
	inc, err := ts.store.Incident(context.Background(), firstIncident)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Claims, source by source", "Why these reports are one incident", firstIncident, `href="/events/` + inc.Reports[0].EventID + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("incident page lacks %q", want)
		}
	}
	w = ts.get(t, "/events/"+inc.Reports[0].EventID)
	if !strings.Contains(w.Body.String(), `href="/incidents/`+firstIncident+`"`) {
		t.Errorf("the event page of a report does not link to its incident")
	}
	if w := ts.get(t, "/incidents/nope"); w.Code != http.StatusNotFound {
		t.Errorf("GET /incidents/nope: %d, want 404", w.Code)
	}
}
