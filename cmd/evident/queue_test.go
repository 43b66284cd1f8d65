package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// TestQueueFetch: a fetch job ingests its page; one whose URL serves
// binary content is cancelled at once with the error naming the URL.
func TestQueueFetch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`<html><head><title>Mosul</title></head><body><article><p>A car bomb killed 12 people in Baghdad on Wednesday, police said.</p></article></body></html>`))
		case "/bin":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write([]byte{0, 1, 2})
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "q.db")
	if _, errs, code := run(t, "", "ingest", "--queue", "--db", db, srv.URL+"/page", srv.URL+"/bin", srv.URL+"/gone"); code != 0 {
		t.Fatalf("ingest --queue: exit %d: %s", code, errs)
	}
	if _, errs, code := run(t, "", "worker", "--drain", "--db", db); code != 0 {
		t.Fatalf("worker: exit %d: %s", code, errs)
	}
	out, _, _ := run(t, "", "jobs", "--db", db)
	for _, want := range []string{
		"0 available, 0 scheduled, 0 running, 0 retryable, 1 completed, 0 discarded, 2 cancelled",
		"fetch_url  cancelled  1/10     " + srv.URL + "/bin",
		srv.URL + `/bin: content type "application/octet-stream" is not a page, feed or text`,
		srv.URL + "/gone: HTTP 404 Not Found",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("evident jobs: no %q in\n%s", want, out)
		}
	}
	exp, _, _ := run(t, "", "export", "--db", db, "--format", "jsonl")
	if !strings.Contains(exp, `"event_type":"Explosions/Remote violence"`) {
		t.Errorf("the fetched page's events were not stored:\n%s", exp)
	}
}
