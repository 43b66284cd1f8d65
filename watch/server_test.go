package watch_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/source"
	"github.com/evident-org/evident/sqlite"
	"github.com/evident-org/evident/watch"
)

// site is a loopback news site: feeds whose items appear over time,
// article pages, a robots.txt, and switches for failures.
type site struct {
	mu       sync.Mutex
	srv      *httptest.Server
	items    map[string]int // feed path -> number of items published
	perFeed  int            // items shown per feed document (newest); 0: all
	robots   string
	status   map[string]int    // path -> forced status
	retry    map[string]string // path -> Retry-After with a forced status
	requests map[string]int    // path -> requests
	cond     map[string]int    // path -> conditional requests answered 304
	agents   map[string]bool
}

func newSite(t *testing.T) *site {
	s := &site{items: map[string]int{}, status: map[string]int{}, retry: map[string]string{},
		requests: map[string]int{}, cond: map[string]int{}, agents: map[string]bool{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) url(path string) string { return s.srv.URL + path }

func (s *site) publish(feed string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[feed] += n
}

func (s *site) set(path string, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if status == 0 {
		delete(s.status, path)
		delete(s.retry, path)
		return
	}
	s.status[path], s.retry[path] = status, retryAfter
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := r.URL.Path
	s.requests[p]++
	s.agents[r.UserAgent()] = true
	if st := s.status[p]; st != 0 {
		if ra := s.retry[p]; ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		http.Error(w, "no", st)
		return
	}
	switch {
	case p == "/robots.txt":
		if s.robots == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, s.robots)
	case strings.HasPrefix(p, "/feed/"):
		n, ok := s.items[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"%d"`, n)
		if r.Header.Get("If-None-Match") == etag {
			s.cond[p]++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s</title>`, html.EscapeString(p))
		from := 1
		if s.perFeed > 0 && n > s.perFeed {
			from = n - s.perFeed + 1
		}
		for i := n; i >= from; i-- {
			link := fmt.Sprintf("%s/article%s/%d", s.srv.URL, p, i)
			fmt.Fprintf(w, `<item><title>Item %d of %s</title><link>%s</link><guid>%s-%d</guid><description>Summary of item %d of %s: a report.</description><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item>`,
				i, p, link, p, i, i, p)
		}
		fmt.Fprint(w, `</channel></rss>`)
	case strings.HasPrefix(p, "/article/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Article %[1]s</title></head><body><article><h1>Article %[1]s</h1><p>The full text of the article at %[1]s tells what happened in some detail, in a paragraph long enough for the reader to take it for the article's body.</p><p>A second paragraph of %[1]s adds more of the story.</p></article></body></html>`, html.EscapeString(p))
	default:
		http.NotFound(w, r)
	}
}

// env is a watcher on a store with a fake clock.
type env struct {
	st    *sqlite.Store
	clock *watch.FakeClock
	w     *watch.Watcher
	mu    sync.Mutex
	puts  map[string]int // doc id -> PutDocument calls that added
	dups  int
	cfg   watch.Config
}

func loopback() *source.Client {
	return source.NewClient(source.ClientConfig{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
}

func openStore(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var start = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

func newEnv(t *testing.T, st *sqlite.Store, clock *watch.FakeClock, tweak func(*watch.Config)) *env {
	t.Helper()
	e := &env{st: st, clock: clock, puts: map[string]int{}}
	e.cfg = watch.Config{
		Client: loopback(), Store: st, Clock: clock, UserAgent: watch.UserAgent("https://example.org/contact"),
		Jitter: func() float64 { return 0.5 },
		Ingest: func(ctx context.Context, doc *evident.Document) (evident.PutResult, error) {
			r, err := st.PutDocument(ctx, doc, nil)
			e.mu.Lock()
			defer e.mu.Unlock()
			if r == evident.PutDuplicate {
				e.dups++
			} else if err == nil {
				e.puts[doc.ID]++
			}
			return r, err
		},
	}
	if tweak != nil {
		tweak(&e.cfg)
	}
	w, err := watch.New(e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.w = w
	return e
}

func (e *env) poll(t *testing.T, f watch.Feed) watch.Result {
	t.Helper()
	r, err := e.w.Poll(t.Context(), f)
	if err != nil {
		t.Fatalf("Poll(%s): %v", f.URL, err)
	}
	return r
}

func (e *env) state(t *testing.T, url string) evident.FeedState {
	t.Helper()
	st, ok, err := e.st.FeedState(t.Context(), url)
	if err != nil || !ok {
		t.Fatalf("FeedState(%s) = ok %v, err %v", url, ok, err)
	}
	return st
}

// twice reports doc ids added more than once.
func (e *env) twice() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for id, n := range e.puts {
		if n > 1 {
			out = append(out, id)
		}
	}
	return out
}
