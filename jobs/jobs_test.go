package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/jobs"
	"github.com/evident-org/evident/sqlite"
)

// fakeHandler records what it ingests; docs whose text starts with
// "transient" fail their first two attempts, "bad" fails for good.
type fakeHandler struct {
	mu       sync.Mutex
	ingested map[string]int
	attempts map[string]int
	feeds    map[string][]*evident.Document
}

func newFake() *fakeHandler {
	return &fakeHandler{ingested: map[string]int{}, attempts: map[string]int{}, feeds: map[string][]*evident.Document{}}
}

func (h *fakeHandler) Ingest(ctx context.Context, doc *evident.Document) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.attempts[doc.ID]++
	switch {
	case strings.HasPrefix(doc.Text, "transient") && h.attempts[doc.ID] <= 2:
		return &evident.Error{Code: evident.ETIMEOUT, Input: doc.Input, Message: "database busy"}
	case strings.HasPrefix(doc.Text, "bad"):
		return evident.Errorf(evident.EINVALID, doc.Input, "binary content (NUL byte at offset 3)")
	}
	h.ingested[doc.ID]++
	return nil
}

func (h *fakeHandler) Fetch(ctx context.Context, url string) ([]*evident.Document, error) {
	switch {
	case strings.Contains(url, "refused"):
		h.mu.Lock()
		h.attempts[url]++
		n := h.attempts[url]
		h.mu.Unlock()
		if n <= 1 {
			return nil, &evident.Error{Code: evident.EINVALID, Input: url, Message: "cannot fetch", Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}
		}
	case strings.Contains(url, "binary"):
		return nil, evident.Errorf(evident.EINVALID, url, `content type "application/octet-stream" is not a page, feed or text`)
	}
	return []*evident.Document{{ID: "u-" + url[len(url)-1:], Text: "page of " + url, Input: url}}, nil
}

func (h *fakeHandler) Feed(ctx context.Context, url string) ([]*evident.Document, error) {
	return h.feeds[url], nil
}

// openers are the databases a Queue runs on: SQLite always, PostgreSQL
// when EVIDENT_TEST_POSTGRES names one.
func openers(t *testing.T) map[string]func(t *testing.T, cfg jobs.Config) *jobs.Queue {
	m := map[string]func(t *testing.T, cfg jobs.Config) *jobs.Queue{
		"sqlite": func(t *testing.T, cfg jobs.Config) *jobs.Queue {
			st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "q.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			q, err := jobs.OpenSQLite(t.Context(), st.DB(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			return q
		},
	}
	if url := os.Getenv("EVIDENT_TEST_POSTGRES"); url != "" {
		m["postgres"] = func(t *testing.T, cfg jobs.Config) *jobs.Queue {
			q, err := jobs.OpenPostgres(t.Context(), testPool(t, url), cfg)
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
	}
	return m
}

// testPool is a pool on a fresh schema of the database at url, dropped
// when the test ends.
func testPool(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	schema := fmt.Sprintf("jobs_test_%d", time.Now().UnixNano())
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Close()
		if _, err := admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Error(err)
		}
		admin.Close(ctx)
	})
	return pool
}

// drain runs q until no job is pending.
func drain(t *testing.T, q *jobs.Queue) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- q.Run(ctx, 10*time.Second) }()
	for i := 0; ; i++ {
		n, err := q.Pending(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if i > 3000 {
			t.Fatalf("%d jobs still pending", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func testConfig(h jobs.Handler) jobs.Config {
	return jobs.Config{Handler: h, Concurrency: 4, RetryBase: 5 * time.Millisecond, RetryMax: 20 * time.Millisecond, PollInterval: 20 * time.Millisecond, BatchSize: 7}
}

func TestQueue(t *testing.T) {
	for name, open := range openers(t) {
		t.Run(name, func(t *testing.T) {
			h := newFake()
			h.feeds["https://example.org/feed.xml"] = []*evident.Document{{ID: "f1", Text: "item one"}, {ID: "f2", Text: "item two"}}
			q := open(t, testConfig(h))
			ctx := t.Context()
			var docs []*evident.Document
			for i := range 40 {
				docs = append(docs, &evident.Document{ID: fmt.Sprintf("d%02d", i), Text: fmt.Sprintf("text %d", i), Input: fmt.Sprintf("c.jsonl:%d", i+1)})
			}
			docs = append(docs, &evident.Document{ID: "t1", Text: "transient trouble", Input: "c.jsonl:41"},
				&evident.Document{ID: "b1", Text: "bad bytes", Input: "c.jsonl:42"})
			if err := q.EnqueueDocuments(ctx, docs); err != nil {
				t.Fatal(err)
			}
			if err := q.EnqueueURLs(ctx, []string{"https://example.org/a", "https://refused.example/b", "https://example.org/binary"}); err != nil {
				t.Fatal(err)
			}
			if err := q.EnqueueFeeds(ctx, []string{"https://example.org/feed.xml"}); err != nil {
				t.Fatal(err)
			}
			pending, err := q.Pending(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if pending != 46 {
				t.Errorf("pending = %d, want 46", pending)
			}
			drain(t, q)

			var got []string
			for id, n := range h.ingested {
				got = append(got, fmt.Sprintf("%s×%d", id, n))
			}
			slices.Sort(got)
			var want []string
			for i := range 40 {
				want = append(want, fmt.Sprintf("d%02d×1", i))
			}
			want = append(want, "f1×1", "f2×1", "t1×1", "u-a×1", "u-b×1")
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ingested (-want +got):\n%s", diff)
			}
			if h.attempts["t1"] != 3 || h.attempts["b1"] != 1 {
				t.Errorf("attempts: transient %d (want 3), permanent %d (want 1)", h.attempts["t1"], h.attempts["b1"])
			}

			counts, err := q.JobCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(map[string]int{"completed": 46, "cancelled": 2}, counts); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
			failed, err := q.Jobs(ctx, evident.JobFilter{})
			if err != nil {
				t.Fatal(err)
			}
			type row struct{ Kind, State, Input, Error string }
			var rows []row
			for _, j := range failed {
				rows = append(rows, row{j.Kind, j.State, j.Input, j.Error})
			}
			wantRows := []row{
				{jobs.KindFetch, "cancelled", "https://example.org/binary", `https://example.org/binary: content type "application/octet-stream" is not a page, feed or text`},
				{jobs.KindIngest, "cancelled", "c.jsonl:42 (b1)", "c.jsonl:42: binary content (NUL byte at offset 3)"},
			}
			if diff := cmp.Diff(wantRows, rows); diff != "" {
				t.Errorf("jobs (-want +got):\n%s", diff)
			}
			if _, err := q.Jobs(ctx, evident.JobFilter{States: []string{"lost"}}); evident.ErrorCode(err) != evident.EINVALID {
				t.Errorf("unknown state: %v, want EINVALID", err)
			}
		})
	}
}

func TestIsPermanent(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"binary file", evident.Errorf(evident.EINVALID, "x.bin", "binary content"), true},
		{"bad utf-8", evident.Errorf(evident.EINVALID, "x.txt", "invalid UTF-8 at offset 9"), true},
		{"refused address", &evident.Error{Code: evident.EFORBIDDEN, Input: "http://127.0.0.1/x", Message: "refused: 127.0.0.1 is a loopback address", Err: &net.OpError{Op: "dial", Err: errors.New("refused")}}, true},
		{"too large", evident.Errorf(evident.ETOOLARGE, "x.txt", "over 20 MiB"), true},
		{"404", evident.Errorf(evident.ENOTFOUND, "https://x/a", "HTTP 404 Not Found"), true},
		{"fetch timeout", evident.Errorf(evident.ETIMEOUT, "https://x/a", "fetch timed out"), false},
		{"connection refused", &evident.Error{Code: evident.EINVALID, Input: "https://x", Err: &net.OpError{Op: "dial", Err: errors.New("refused")}}, false},
		{"no such host", &evident.Error{Code: evident.ENOTFOUND, Input: "https://x", Err: &net.OpError{Op: "dial", Err: &net.DNSError{IsNotFound: true}}}, true},
		{"conflict", evident.Errorf(evident.ECONFLICT, "", "unique violation"), false},
		{"internal", errors.New("serialization failure"), false},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), false},
		{"all permanent", errors.Join(evident.Errorf(evident.EINVALID, "a", "x"), evident.Errorf(evident.ENOTFOUND, "b", "y")), true},
		{"one transient", errors.Join(evident.Errorf(evident.EINVALID, "a", "x"), evident.Errorf(evident.ETIMEOUT, "b", "y")), false},
	} {
		if got := jobs.IsPermanent(tc.err); got != tc.want {
			t.Errorf("%s: IsPermanent(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

// TestMigrateConcurrently: workers starting at once all find River's
// tables, none fails on the others' migrations.
func TestMigrateConcurrently(t *testing.T) {
	url := os.Getenv("EVIDENT_TEST_POSTGRES")
	if url == "" {
		t.Skip("EVIDENT_TEST_POSTGRES not set")
	}
	pool := testPool(t, url)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { _, errs[i] = jobs.OpenPostgres(t.Context(), pool, jobs.Config{}) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

// blockingHandler's Ingest waits for its context: a job in flight at
// shutdown.
type blockingHandler struct {
	fakeHandler
	started chan struct{}
}

func (h *blockingHandler) Ingest(ctx context.Context, doc *evident.Document) error {
	close(h.started)
	<-ctx.Done()
	return fmt.Errorf("storing %s: %w", doc.ID, ctx.Err())
}

// TestStopReleasesJobs: a job still running when the stop deadline passes
// is cancelled and released, not failed: the next worker takes it.
func TestStopReleasesJobs(t *testing.T) {
	for name, open := range openers(t) {
		t.Run(name, func(t *testing.T) {
			h := &blockingHandler{started: make(chan struct{})}
			cfg := testConfig(h)
			q := open(t, cfg)
			if err := q.EnqueueDocuments(t.Context(), []*evident.Document{{ID: "slow", Text: "slow"}}); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error, 1)
			go func() { done <- q.Run(ctx, time.Millisecond) }()
			<-h.started
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			js, err := q.Jobs(t.Context(), evident.JobFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(js) != 1 || js[0].State != evident.JobAvailable && js[0].State != evident.JobScheduled || js[0].Error != "" {
				t.Fatalf("after stop: %+v, want one job available again, no error", js)
			}
		})
	}
}
