package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/internal/synth"
)

func TestCheckpointTruncates(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "wal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g := synth.New(7)
	for range 200 {
		doc, evs := g.Next()
		if _, err := s.PutDocument(ctx, doc, evs); err != nil {
			t.Fatal(err)
		}
	}
	if s.WALSize() == 0 {
		t.Fatal("no WAL after 200 puts")
	}
	if _, _, busy, err := s.Checkpoint(ctx, CheckpointTruncate); err != nil || busy {
		t.Fatalf("Checkpoint = busy %v, %v", busy, err)
	}
	if n := s.WALSize(); n != 0 {
		t.Errorf("WAL is %d bytes after a TRUNCATE checkpoint", n)
	}
	if _, _, _, err := s.Checkpoint(ctx, "FULL; DROP TABLE events"); evident.ErrorCode(err) != evident.EINVALID {
		t.Errorf("bad mode: %v, want EINVALID", err)
	}
	var mode string
	if err := s.w.QueryRowContext(ctx, "PRAGMA journal_size_limit").Scan(&mode); err != nil || mode != strconv.Itoa(JournalSizeLimit) {
		t.Errorf("journal_size_limit = %q, %v; want %d", mode, err, JournalSizeLimit)
	}
}

// TestKeepWALSmallWhenIdle: after writes stop, a whole idle interval
// truncates the WAL, and ending the loop truncates it too.
func TestKeepWALSmallWhenIdle(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Open(ctx, filepath.Join(t.TempDir(), "wal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g := synth.New(8)
	for range 100 {
		doc, evs := g.Next()
		if _, err := s.PutDocument(ctx, doc, evs); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	go func() { defer close(done); s.KeepWALSmall(ctx, 20*time.Millisecond, func(err error) { t.Error(err) }) }()
	deadline := time.Now().Add(10 * time.Second)
	for s.WALSize() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if n := s.WALSize(); n != 0 {
		t.Errorf("WAL is %d bytes after idle checkpoints", n)
	}
}

// BenchmarkWALUnderReaders ingests EVIDENT_BENCH_DOCS synthetic documents
// (default 20,000) while 20 goroutines query without pause, with the
// checkpointer serve runs (every 2 s here; EVIDENT_BENCH_NOCHECKPOINT=1
// leaves it out, for comparison), and reports the WAL's peak size
// (peak-MB) and its size at the end.
func BenchmarkWALUnderReaders(b *testing.B) {
	docs := 20000
	if v := os.Getenv("EVIDENT_BENCH_DOCS"); v != "" {
		docs, _ = strconv.Atoi(v)
	}
	for range b.N {
		ctx, cancel := context.WithCancel(context.Background())
		s, err := Open(ctx, filepath.Join(b.TempDir(), "wal.db"))
		if err != nil {
			b.Fatal(err)
		}
		var peak atomic.Int64
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for r := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := s.Events(ctx, evident.EventFilter{Limit: 50 + r}); err != nil && ctx.Err() == nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		if os.Getenv("EVIDENT_BENCH_NOCHECKPOINT") == "" {
			wg.Add(1)
			go func() { defer wg.Done(); s.KeepWALSmall(ctx, 2*time.Second, nil) }()
		}
		g := synth.New(9)
		for i := range docs {
			doc, evs := g.Next()
			if _, err := s.PutDocument(ctx, doc, evs); err != nil {
				b.Fatal(err)
			}
			if i%100 == 0 {
				if n := s.WALSize(); n > peak.Load() {
					peak.Store(n)
				}
			}
		}
		close(stop)
		cancel()
		wg.Wait()
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-MB")
		b.ReportMetric(float64(s.WALSize())/(1<<20), "end-MB")
		s.Close()
	}
}
