package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/fuse"
	"github.com/evident-org/evident/internal/synth"
	"github.com/evident-org/evident/sqlite"
)

// fusedSynthStore returns the path of a database of EVIDENT_BENCH_EVENTS
// (default 20,000) synthetic events, fused into incidents component by
// component as ingest --fuse would have left them (built once at
// EVIDENT_BENCH_FUSED_DB, default a file in the OS temp dir, and reused).
func fusedSynthStore(b *testing.B) string {
	b.Helper()
	n := 20000
	if s := os.Getenv("EVIDENT_BENCH_EVENTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n <= 0 {
			b.Fatalf("EVIDENT_BENCH_EVENTS=%q: want a positive integer", s)
		}
	}
	path := os.Getenv("EVIDENT_BENCH_FUSED_DB")
	if path == "" {
		path = filepath.Join(os.TempDir(), fmt.Sprintf("evident-bench-fused-%d.db", n))
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	ctx := context.Background()
	tmp := path + ".building"
	os.Remove(tmp)
	st, err := sqlite.Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	g := synth.New(1)
	var all []evident.Event
	docs := map[string]fuse.Doc{}
	for have := 0; have < n; {
		doc, evs := g.Next()
		if _, err := st.PutDocument(ctx, doc, evs); err != nil {
			b.Fatal(err)
		}
		have += len(evs)
		for _, e := range evs {
			if !e.Background {
				e.Evidence, e.Fields = nil, nil
				all = append(all, e)
			}
		}
		docs[doc.ID] = fuse.Doc{Outlet: doc.Outlet, Published: doc.Published}
	}
	b.Logf("stored %d events in %s", n, time.Since(start).Round(time.Second))
	// Fuse component by component and write each as Update would.
	byID := map[string]evident.Event{}
	for _, e := range all {
		byID[e.ID] = e
	}
	var batch []evident.Incident
	var ids []string
	flush := func() {
		if err := st.ReplaceIncidents(ctx, ids, batch); err != nil {
			b.Fatal(err)
		}
		batch, ids = nil, nil
	}
	parts := fuse.Partition(all, docs)
	largest := 0
	for _, part := range parts {
		largest = max(largest, len(part))
		evs := make([]evident.Event, len(part))
		for i, id := range part {
			evs[i] = byID[id]
		}
		comp := fuse.ComponentID(part[0])
		for _, in := range fuse.Fuse(evs, docs) {
			in.Component, in.ComponentSize, in.Cause = comp, len(part), "bench: fused from the synthetic store"
			batch = append(batch, in)
		}
		ids = append(ids, part...)
		if len(ids) >= 20000 {
			flush()
		}
	}
	flush()
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("fused into %d components (largest %d reports) in %s", len(parts), largest, time.Since(start).Round(time.Second))
	return path
}

// BenchmarkIngestFusedInto ingests ../shared/corpus with --fuse into a
// copy of the fused synthetic store (fusedSynthStore) and reports
// docs/s:
//
//	EVIDENT_BENCH_EVENTS=1000000 go test -run x -bench IngestFusedInto -benchtime 1x ./cmd/evident
func BenchmarkIngestFusedInto(b *testing.B) {
	corpora, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "*.jsonl"))
	if len(corpora) == 0 {
		b.Skip("../shared/corpus not found")
	}
	src := fusedSynthStore(b)
	count := func(db string) int {
		st, err := sqlite.Open(context.Background(), db)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		docs, _, err := st.Counts(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		return docs
	}
	before := count(src)
	for b.Loop() {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "into.db")
		if err := copyFile(src, db); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		_, stderr, code := run(b, "", append([]string{"--db", db, "ingest", "-q", "--fuse"}, corpora...)...)
		if code != 0 {
			b.Fatalf("ingest: exit %d: %s", code, stderr)
		}
		el := time.Since(start).Seconds()
		b.StopTimer()
		b.ReportMetric(float64(count(db)-before)/el, "stored-docs/s")
		b.StartTimer()
	}
}
