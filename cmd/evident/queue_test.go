package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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
	if _, errs, code := run(t, "", "worker", "--drain", "--fetch-allow", "127.0.0.1/32", "--db", db); code != 0 {
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

// TestWorkerSIGTERM: a worker told to stop (SIGTERM) finishes or releases
// its jobs and exits 0; none is left running, none failed, and another
// worker finishes the rest.
func TestWorkerSIGTERM(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "q.db")
	var lines []string
	for i := range 120 {
		lines = append(lines, fmt.Sprintf(`{"id": "c-%d", "text": "A car bomb killed %d people in Baghdad on Wednesday, police said."}`, i, i+2))
	}
	corpus := filepath.Join(dir, "c.jsonl")
	if err := os.WriteFile(corpus, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := run(t, "", "ingest", "--queue", "--db", db, corpus); code != 0 {
		t.Fatalf("ingest --queue: exit %d: %s", code, errs)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerProcess$")
	cmd.Env = append(os.Environ(), "EVIDENT_WORKER_ARGS="+strings.Join([]string{"worker", "--db", db, "--concurrency", "4"}, "\x1f"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		out, _, _ := run(t, "", "jobs", "--db", db, "--json", "--limit", "1")
		if !strings.Contains(out, `"completed": 0`) && strings.Contains(out, `"completed"`) {
			break
		}
		if i > 3000 {
			t.Fatal("the worker completed nothing")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("worker after SIGTERM: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "worker stopped; unfinished jobs are back in the queue") {
		t.Errorf("worker's stderr:\n%s", stderr.String())
	}
	out, _, _ := run(t, "", "jobs", "--db", db, "--json")
	if strings.Contains(out, `"running"`) || strings.Contains(out, `"error"`) {
		t.Errorf("after SIGTERM, jobs running or failed:\n%s", out)
	}
	if _, errs, code := run(t, "", "worker", "--drain", "--fetch-allow", "127.0.0.1/32", "--db", db); code != 0 {
		t.Fatalf("second worker: exit %d: %s", code, errs)
	}
	out, _, _ = run(t, "", "jobs", "--db", db)
	if !strings.HasPrefix(out, "0 available, 0 scheduled, 0 running, 0 retryable, 120 completed, 0 discarded, 0 cancelled\n") {
		t.Errorf("after the second worker:\n%s", out)
	}
}

// TestQueuePollFeed: a poll job reads the feed and enqueues an ingest job
// per item, which the worker then works; the empty item is named in the
// poll job's error; a page is no feed.
func TestQueuePollFeed(t *testing.T) {
	rss, err := os.ReadFile(filepath.Join("..", "..", "source", "testdata", "feed.rss"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(rss)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><body><p>Not a feed but a page about Mosul.</p></body></html>`))
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "q.db")
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	q, err := m.openQueue(t.Context(), &CLI{DB: db}, jobsConfigForListing())
	if err != nil {
		t.Fatal(err)
	}
	if err := q.EnqueueFeeds(t.Context(), []string{srv.URL + "/feed.xml", srv.URL + "/page"}); err != nil {
		t.Fatal(err)
	}
	m.Close()
	if _, errs, code := run(t, "", "worker", "--drain", "--fetch-allow", "127.0.0.1/32", "--db", db); code != 0 {
		t.Fatalf("worker: exit %d: %s", code, errs)
	}
	out, _, _ := run(t, "", "jobs", "--db", db, "--state", "completed,cancelled")
	for _, want := range []string{
		"0 available, 0 scheduled, 0 running, 0 retryable, 2 completed, 0 discarded, 2 cancelled",
		srv.URL + "/feed.xml#item3: ",
		srv.URL + "/page: not an RSS/Atom/JSON feed (read as html)",
		"ingest_document  completed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("evident jobs: no %q in\n%s", want, out)
		}
	}
	exp, _, _ := run(t, "", "export", "--db", db, "--format", "jsonl")
	if !strings.Contains(exp, "Khan Sheikhoun") || !strings.Contains(exp, "Mosul") {
		t.Errorf("the feed's items were not ingested:\n%.2000s", exp)
	}
}
