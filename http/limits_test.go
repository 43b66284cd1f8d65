package http

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/source"
	"github.com/google/go-cmp/cmp"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func errorOf(t *testing.T, w *httptest.ResponseRecorder) errorDetail {
	t.Helper()
	var b errorBody
	if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil {
		t.Fatalf("status %d, body %s is not an error: %v", w.Code, w.Body, err)
	}
	b.Error.RequestID = ""
	return b.Error
}

func TestWriteRateLimit(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	ts := newTestServer(t, Config{WriteRate: 0.5, WriteBurst: 2}, Options{Extractor: fakeExtractor{}, Now: clock.now})
	_, other, err := ts.store.CreateToken(context.Background(), "other")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	post := func(secret string) *httptest.ResponseRecorder {
		n++
		return ts.do(t, req{method: "POST", target: "/api/v1/documents", ctype: "text/plain",
			body: fmt.Sprintf("Report %d: gunmen killed 3 people in Mosul on Monday.", n), auth: "Bearer " + secret})
	}
	type step struct {
		advance    time.Duration
		secret     string
		status     int
		retryAfter string
	}
	steps := []step{
		{0, ts.token, 201, ""},
		{0, ts.token, 201, ""},
		{0, ts.token, 429, "2"}, // the burst is spent; one token back in 2s at 0.5/s
		{0, other, 201, ""},     // another token has its own bucket
		{time.Second, ts.token, 429, "1"},
		{time.Second, ts.token, 201, ""},
		{0, ts.token, 429, "2"},
	}
	for i, st := range steps {
		clock.add(st.advance)
		w := post(st.secret)
		if w.Code != st.status || w.Header().Get("Retry-After") != st.retryAfter {
			t.Fatalf("step %d: status %d, Retry-After %q; want %d, %q (%s)", i, w.Code, w.Header().Get("Retry-After"), st.status, st.retryAfter, w.Body)
		}
		if st.status == 429 {
			d := errorOf(t, w)
			if d.Code != evident.ERATELIMITED || !strings.Contains(d.Message, "at most 0.5 per second (bursts of 2)") {
				t.Errorf("step %d: error %+v", i, d)
			}
		}
	}
	// Reads are not limited.
	for range 5 {
		if w := ts.get(t, "/api/v1/events"); w.Code != 200 {
			t.Fatalf("read: %d", w.Code)
		}
	}
	// A negative rate turns the limit off.
	ts = newTestServer(t, Config{WriteRate: -1, WriteBurst: 1}, Options{Extractor: fakeExtractor{}})
	for i := range 5 {
		if w := post(ts.token); w.Code != 201 {
			t.Fatalf("unlimited, write %d: %d %s", i, w.Code, w.Body)
		}
	}
}

// blockingFetcher holds every fetch until released.
type blockingFetcher struct {
	started chan struct{}
	release chan struct{}
}

func (f blockingFetcher) Fetch(ctx context.Context, u string) (*evident.Document, error) {
	f.started <- struct{}{}
	<-f.release
	text := "Fetched report: gunmen killed 3 people in Mosul."
	return &evident.Document{ID: "fetched", URL: u, Text: text, Format: "html", ContentHash: evident.HashText(text)}, nil
}

func TestFetchSlots(t *testing.T) {
	f := blockingFetcher{started: make(chan struct{}), release: make(chan struct{})}
	ts := newTestServer(t, Config{MaxFetches: 1, FetchQueueTimeout: time.Millisecond}, Options{Extractor: fakeExtractor{}, Fetcher: f})
	post := func() *httptest.ResponseRecorder {
		return ts.do(t, req{method: "POST", target: "/api/v1/documents", ctype: "application/json",
			body: `{"url": "https://example.org/a"}`, auth: "Bearer " + ts.token})
	}
	first := make(chan *httptest.ResponseRecorder)
	go func() { first <- post() }()
	<-f.started // the one slot is taken
	w := post()
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("second fetch: %d, Retry-After %q, want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	if d := errorOf(t, w); !strings.Contains(d.Message, "already fetching 1 URLs") {
		t.Errorf("second fetch: %+v", d)
	}
	close(f.release)
	if w := <-first; w.Code != 201 {
		t.Errorf("first fetch: %d %s", w.Code, w.Body)
	}
	go func() { <-f.started }() // the slot came back
	if w := post(); w.Code != 200 && w.Code != 201 {
		t.Errorf("third fetch: %d %s", w.Code, w.Body)
	}
}

// sourceFetcher fetches as the CLI wires it, with the default (strict)
// fetch policy.
type sourceFetcher struct{ opt source.Options }

func (f sourceFetcher) Fetch(ctx context.Context, u string) (*evident.Document, error) {
	for it := range source.Read(ctx, u, nil, f.opt) {
		return it.Doc, it.Err
	}
	return nil, evident.Errorf(evident.EINVALID, u, "no document")
}

// TestPostURLRefused is the SSRF reproduction: a URL on the server's own
// loopback interface is refused with 403 and says why.
func TestPostURLRefused(t *testing.T) {
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><p>Internal admin page: gunmen killed 3 people in Mosul.</p></body></html>")
	}))
	defer page.Close()
	ts := newTestServer(t, Config{}, Options{Extractor: fakeExtractor{}, Fetcher: sourceFetcher{source.Options{Client: source.NewClient(source.ClientConfig{Hint: "use --fetch-allow-private to allow"})}}})
	target := page.URL + "/x.html"
	w := ts.do(t, req{method: "POST", target: "/api/v1/documents", ctype: "application/json",
		body: fmt.Sprintf(`{"url": %q}`, target), auth: "Bearer " + ts.token})
	want := errorDetail{Code: evident.EFORBIDDEN, Message: target + ": refused: 127.0.0.1 is a loopback address (use --fetch-allow-private to allow)"}
	if diff := cmp.Diff(want, errorOf(t, w)); diff != "" || w.Code != http.StatusForbidden {
		t.Errorf("status %d (-want +got):\n%s", w.Code, diff)
	}
	// With the test allow-list the same page is fetched.
	allow, _ := source.ParseCIDRs("127.0.0.1")
	ts = newTestServer(t, Config{}, Options{Extractor: fakeExtractor{}, Fetcher: sourceFetcher{source.Options{Client: source.NewClient(source.ClientConfig{Allow: allow})}}})
	w = ts.do(t, req{method: "POST", target: "/api/v1/documents", ctype: "application/json",
		body: fmt.Sprintf(`{"url": %q}`, target), auth: "Bearer " + ts.token})
	if w.Code != http.StatusCreated {
		t.Errorf("allow-listed: %d %s", w.Code, w.Body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{Extractor: fakeExtractor{}})
	routes := []req{
		{target: "/"},
		{target: "/documents"},
		{target: "/healthz"},
		{target: "/api/v1/events"},
		{target: "/api/v1/openapi.json"},
		{target: "/api/v1/export?format=jsonl"},
		{target: "/api/v1/stats"},
		{target: "/static/app.css"},
		{target: "/nope"},
		{target: "/events/nope"},
		{method: "POST", target: "/api/v1/documents", ctype: "text/plain", body: "x"},                  // 401
		{method: "POST", target: "/api/v1/documents", ctype: "text/plain", auth: "Bearer " + ts.token}, // 400
		{method: "DELETE", target: "/api/v1/events"},                                                   // 405
	}
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"X-Frame-Options":        "DENY",
	}
	for _, r := range routes {
		w := ts.do(t, r)
		got := map[string]string{}
		for k := range want {
			got[k] = w.Header().Get(k)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s %s (%d) (-want +got):\n%s", r.method, r.target, w.Code, diff)
		}
		csp := w.Header().Get("Content-Security-Policy")
		for _, part := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, part) {
				t.Errorf("%s %s: CSP %q lacks %q", r.method, r.target, csp, part)
			}
		}
	}
}

func TestServerTimeouts(t *testing.T) {
	tests := []struct {
		cfg  Config
		want [4]time.Duration // read header, read, idle; [3] = max header bytes
	}{
		{Config{}, [4]time.Duration{10 * time.Second, 60 * time.Second, 120 * time.Second, 64 << 10}},
		{Config{ReadHeaderTimeout: time.Second, ReadTimeout: 2 * time.Second, IdleTimeout: 3 * time.Second, MaxHeaderBytes: 4096},
			[4]time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 4096}},
	}
	st := newTestServer(t, Config{}, Options{}).store
	for _, tt := range tests {
		s, err := NewServer(tt.cfg, Options{Store: st})
		if err != nil {
			t.Fatal(err)
		}
		hs := s.httpServer(context.Background())
		got := [4]time.Duration{hs.ReadHeaderTimeout, hs.ReadTimeout, hs.IdleTimeout, time.Duration(hs.MaxHeaderBytes)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("config %+v (-want +got):\n%s", tt.cfg, diff)
		}
	}
	for _, bad := range []Config{{ReadTimeout: -1}, {IdleTimeout: -1}, {MaxFetches: -1}, {MaxHeaderBytes: -1}} {
		if _, err := NewServer(bad, Options{Store: st}); evident.ErrorCode(err) != evident.EINVALID {
			t.Errorf("config %+v: err %v, want EINVALID", bad, err)
		}
	}
}
