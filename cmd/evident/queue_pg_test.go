package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
)

// pgSchema creates a fresh schema in the database of EVIDENT_TEST_POSTGRES
// (skipping the test when it is unset), drops it when the test ends, and
// returns a URL whose connections use it.
func pgSchema(t *testing.T, name string) string {
	t.Helper()
	base := os.Getenv("EVIDENT_TEST_POSTGRES")
	if base == "" {
		t.Skip("EVIDENT_TEST_POSTGRES not set")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("%s_%d", name, time.Now().UnixNano())
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Error(err)
		}
		conn.Close(ctx)
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// TestWorkerProcess is not a test: it is the body of the worker processes
// that TestQueueMultiProcess starts (the test binary run again with
// EVIDENT_WORKER_ARGS).
func TestWorkerProcess(t *testing.T) {
	args := os.Getenv("EVIDENT_WORKER_ARGS")
	if args == "" {
		t.Skip("a helper process of TestQueueMultiProcess")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: func(string) string { return "" }}
	code := m.Run(ctx, strings.Split(args, "\x1f"))
	m.Close()
	stop()
	os.Exit(code)
}

// startWorker starts an `evident worker` process on db.
func startWorker(t *testing.T, db string, extra ...string) *exec.Cmd {
	t.Helper()
	args := append([]string{"worker", "--db", db, "--drain", "--concurrency", "4", "--job-timeout", "10s", "--rescue-after", "15s"}, extra...)
	cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerProcess$")
	cmd.Env = append(os.Environ(), "EVIDENT_WORKER_ARGS="+strings.Join(args, "\x1f"))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// corpus20k writes 20,000 documents made of ../shared/corpus: the
// corpora repeated, each round with new ids and a marker at the end of
// the text (so that no document is another's duplicate), texts and ids
// that occur twice within a corpus left out: which of two ids owns a text,
// and which of two texts an id keeps, is decided by the order documents
// are stored in, which several workers do not keep (docs/scale.md).
func corpus20k(t testing.TB, n int) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "*.jsonl"))
	if len(files) == 0 {
		t.Skip("../shared/corpus not found")
	}
	var lines []map[string]any
	seen := map[string]bool{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			var v map[string]any
			if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
				t.Fatal(err)
			}
			text, _ := v["text"].(string)
			id, _ := v["id"].(string)
			if seen[text] || seen["id "+id] {
				continue
			}
			seen[text], seen["id "+id] = true, true
			lines = append(lines, v)
		}
		fh.Close()
	}
	out := filepath.Join(t.TempDir(), "corpus.jsonl")
	fh, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(fh)
	enc := json.NewEncoder(w)
	for i := 0; i < n; i++ {
		v := lines[i%len(lines)]
		r := i / len(lines)
		c := map[string]any{}
		for k, x := range v {
			c[k] = x
		}
		c["id"] = fmt.Sprintf("r%d-%s", r, v["id"])
		c["text"] = fmt.Sprintf("%s (r%d)", v["text"], r)
		if err := enc.Encode(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	return out
}

// storeDigest is what an ingest stored: counts and a digest of every
// (doc_id, event ids) and alias.
type storeDigest struct {
	Docs, Events, Aliases int
	Digest                string
}

func digestOf(t *testing.T, db string) storeDigest {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var d storeDigest
	h := sha256.New()
	rows, err := conn.Query(ctx, `SELECT d.id, coalesce(string_agg(e.event_id, ',' ORDER BY e.event_id), '')
		FROM documents d LEFT JOIN events e ON e.doc_id = d.id GROUP BY d.id ORDER BY d.id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, evs string
		if err := rows.Scan(&id, &evs); err != nil {
			t.Fatal(err)
		}
		d.Docs++
		if evs != "" {
			d.Events += strings.Count(evs, ",") + 1
		}
		fmt.Fprintf(h, "%s\t%s\n", id, evs)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows, err = conn.Query(ctx, `SELECT alias_id, doc_id FROM document_aliases ORDER BY alias_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a, id string
		if err := rows.Scan(&a, &id); err != nil {
			t.Fatal(err)
		}
		d.Aliases++
		fmt.Fprintf(h, "alias %s\t%s\n", a, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	d.Digest = hex.EncodeToString(h.Sum(nil))
	return d
}

// jobCounts reads the queue's counts by state.
func jobCounts(t *testing.T, db string) map[string]int {
	t.Helper()
	var out, errb strings.Builder
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if code := m.Run(context.Background(), []string{"jobs", "--db", db, "--json", "--limit", "1"}); code != 0 {
		t.Fatalf("evident jobs: exit %d: %s", code, errb.String())
	}
	m.Close()
	var v struct {
		Counts map[string]int `json:"counts"`
	}
	if err := json.Unmarshal([]byte(out.String()), &v); err != nil {
		t.Fatal(err)
	}
	return v.Counts
}

// TestQueueMultiProcess: three worker processes ingesting 20,000
// documents through the queue, one of them killed (SIGKILL) halfway and
// started again, store exactly what one ingest in process stores: the
// same documents, events and aliases, none twice, none lost. It runs on
// PostgreSQL (EVIDENT_TEST_POSTGRES) with ../shared when
// EVIDENT_TEST_MULTIPROCESS is set (it takes minutes: docs/scale.md);
// EVIDENT_TEST_MULTIPROCESS_DOCS sets the number of documents.
func TestQueueMultiProcess(t *testing.T) {
	if os.Getenv("EVIDENT_TEST_MULTIPROCESS") == "" || testing.Short() {
		t.Skip("EVIDENT_TEST_MULTIPROCESS not set (or -short)")
	}
	queued := pgSchema(t, "evq_multi")
	single := pgSchema(t, "evq_single")
	n := 20000
	if s := os.Getenv("EVIDENT_TEST_MULTIPROCESS_DOCS"); s != "" {
		fmt.Sscan(s, &n)
	}
	corpus := corpus20k(t, n)

	t0 := time.Now()
	if _, errs, code := run(t, "", "ingest", "--db", single, "--workers", "2", "-q", corpus); code != 0 {
		t.Fatalf("single-process ingest: exit %d: %s", code, errs)
	}
	want := digestOf(t, single)
	if want.Docs != n {
		t.Fatalf("single-process ingest stored %d documents, want %d", want.Docs, n)
	}

	t.Logf("single-process ingest: %s", time.Since(t0).Round(time.Second))
	t0 = time.Now()
	if _, errs, code := run(t, "", "ingest", "--queue", "--db", queued, "-q", corpus); code != 0 {
		t.Fatalf("ingest --queue: exit %d: %s", code, errs)
	}
	workers := []*exec.Cmd{startWorker(t, queued), startWorker(t, queued), startWorker(t, queued)}
	// Halfway, the first worker dies without a word.
	for i := 0; ; i++ {
		if c := jobCounts(t, queued); c["completed"] >= n/2 {
			break
		}
		if i > 6000 {
			t.Fatal("the workers never got halfway")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := workers[0].Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = workers[0].Wait()
	if c := jobCounts(t, queued); c["running"] > 0 {
		t.Logf("killed with jobs running: %v", c)
	}
	workers[0] = startWorker(t, queued)
	for i, w := range workers {
		if err := w.Wait(); err != nil {
			t.Errorf("worker %d: %v", i, err)
		}
	}

	t.Logf("through the queue (3 workers, one killed and restarted): %s", time.Since(t0).Round(time.Second))
	counts := jobCounts(t, queued)
	if diff := cmp.Diff(map[string]int{"completed": n}, counts); diff != "" {
		t.Errorf("job states (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, digestOf(t, queued)); diff != "" {
		t.Errorf("queued ingest differs from the single-process one (-single +queued):\n%s", diff)
	}
	t.Logf("%d documents, %d events, %d aliases: the same through the queue", want.Docs, want.Events, want.Aliases)
}

// BenchmarkQueueIngest measures ingest through the queue on PostgreSQL
// (EVIDENT_BENCH_POSTGRES, a URL): EVIDENT_BENCH_DOCS documents (default
// 20,000, made of ../shared/corpus as in TestQueueMultiProcess) enqueued,
// then worked by 1, 2 and 4 worker processes of default concurrency,
// end to end from the first enqueue to the last worker's exit. Run with
//
//	EVIDENT_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	  go test ./cmd/evident -run '^$' -bench QueueIngest -benchtime 1x
func BenchmarkQueueIngest(b *testing.B) {
	base := os.Getenv("EVIDENT_BENCH_POSTGRES")
	if base == "" {
		b.Skip("EVIDENT_BENCH_POSTGRES not set")
	}
	n := 20000
	if s := os.Getenv("EVIDENT_BENCH_DOCS"); s != "" {
		fmt.Sscan(s, &n)
	}
	corpus := corpus20k(b, n)
	for _, procs := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", procs), func(b *testing.B) {
			var enqueue, total time.Duration
			for range b.N {
				db := benchSchema(b, base)
				start := time.Now()
				var out, errb strings.Builder
				m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
				if code := m.Run(context.Background(), []string{"ingest", "--queue", "-q", "--db", db, corpus}); code != 0 {
					b.Fatalf("ingest --queue: %s", errb.String())
				}
				m.Close()
				enqueue += time.Since(start)
				var ws []*exec.Cmd
				for range procs {
					cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerProcess$")
					cmd.Env = append(os.Environ(), "EVIDENT_WORKER_ARGS="+strings.Join([]string{"worker", "--db", db, "--drain"}, "\x1f"))
					if err := cmd.Start(); err != nil {
						b.Fatal(err)
					}
					ws = append(ws, cmd)
				}
				for _, w := range ws {
					if err := w.Wait(); err != nil {
						b.Fatal(err)
					}
				}
				total += time.Since(start)
			}
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "docs/s")
			b.ReportMetric(float64(n*b.N)/enqueue.Seconds(), "enqueued/s")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// benchSchema is pgSchema for a benchmark.
func benchSchema(b *testing.B, base string) string {
	b.Helper()
	ctx := context.Background()
	schema := fmt.Sprintf("evq_bench_%d", time.Now().UnixNano())
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_, _ = conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
		conn.Close(ctx)
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// incidentGroups is the partition of a database's fused events: each
// incident's event ids, the incidents in order.
func incidentGroups(t *testing.T, db string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT string_agg(event_id, ',' ORDER BY event_id) AS g FROM incident_reports GROUP BY incident_id ORDER BY g`)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return groups
}

// TestQueueFusionMultiProcess: three worker processes fusing at once
// (worker --fuse) build the incidents one fusing ingest builds: each of
// sixty bombings reported by two outlets, enqueued one after the other so
// that two workers take the two reports at once, ends in one incident, not
// split between workers that raced (the fusion lock, docs/scale.md).
func TestQueueFusionMultiProcess(t *testing.T) {
	queued := pgSchema(t, "evq_fuse")
	single := pgSchema(t, "evq_fuse_single")
	var lines []string
	day := time.Date(2010, 1, 4, 0, 0, 0, 0, time.UTC)
	for i := range 60 {
		pub := day.AddDate(0, 0, 70*i).Format(time.DateOnly)
		lines = append(lines,
			fmt.Sprintf(`{"id": "azaz-%d-a", "outlet": "Reuters", "published": "%s", "text": "A car bomb killed %d people in the town of Azaz in Aleppo province on Monday, the Syrian Observatory for Human Rights said."}`, i, pub, 20+i),
			fmt.Sprintf(`{"id": "azaz-%d-b", "outlet": "SANA", "published": "%s", "text": "A car bomb killed %d people in the town of Azaz in Aleppo province on Monday, medical sources said."}`, i, pub, 30+i))
	}
	corpus := filepath.Join(t.TempDir(), "fuse.jsonl")
	if err := os.WriteFile(corpus, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := run(t, "", "ingest", "--fuse", "--db", single, "--workers", "1", "-q", corpus); code != 0 {
		t.Fatalf("single-process ingest: exit %d: %s", code, errs)
	}
	want := incidentGroups(t, single)
	if len(want) != 60 {
		t.Fatalf("single-process ingest: %d incidents, want 60: %v", len(want), want)
	}
	if _, errs, code := run(t, "", "ingest", "--queue", "--db", queued, "-q", corpus); code != 0 {
		t.Fatalf("ingest --queue: exit %d: %s", code, errs)
	}
	workers := []*exec.Cmd{startWorker(t, queued, "--fuse"), startWorker(t, queued, "--fuse"), startWorker(t, queued, "--fuse")}
	for i, w := range workers {
		if err := w.Wait(); err != nil {
			t.Errorf("worker %d: %v", i, err)
		}
	}
	if diff := cmp.Diff(want, incidentGroups(t, queued)); diff != "" {
		t.Errorf("incidents through the queue differ from the single-process ones (-single +queued):\n%s", diff)
	}
}
