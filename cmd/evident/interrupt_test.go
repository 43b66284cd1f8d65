package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// cancellingReader yields its lines, then cancels the run and blocks until
// the cancellation has been seen: an interruption in the middle of an
// ingest, at a known point.
type cancellingReader struct {
	r      io.Reader
	cancel func()
	ctx    context.Context
}

func (c *cancellingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		c.cancel()
		<-c.ctx.Done()
	}
	return n, err
}

func TestIngestInterrupted(t *testing.T) {
	var in strings.Builder
	for i := range 40 {
		fmt.Fprintf(&in, `{"id":"n%d","text":"Gunmen killed %d people in Kirkuk on Monday, police said."}`+"\n", i, i+2)
	}
	db := filepath.Join(t.TempDir(), "i.db")
	tests := []struct {
		name  string
		cause error // nil: a cancellation without a signal
		code  int
		why   string
	}{
		{"cancelled", nil, 130, "evident: interrupted;"},
		{"SIGTERM", signalCause{syscall.SIGTERM}, 143, "evident: interrupted by terminated signal received;"},
		{"SIGINT", signalCause{os.Interrupt}, 130, "evident: interrupted by interrupt signal received;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			var out, errb bytes.Buffer
			stop := func() { cancel(tt.cause) }
			m := &Main{Stdin: &cancellingReader{r: strings.NewReader(in.String()), cancel: stop, ctx: ctx}, Stdout: &out, Stderr: &errb,
				Getenv: func(string) string { return "" }}
			code := m.Run(ctx, []string{"ingest", "--db", db, "--workers", "2", "-"})
			if err := m.Close(); err != nil {
				t.Fatal(err)
			}
			stderr := errb.String()
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if n := strings.Count(stderr, "evident: interrupted"); n != 1 || !strings.Contains(stderr, tt.why) {
				t.Errorf("want one interruption line %q:\n%s", tt.why, stderr)
			}
			if strings.Contains(stderr, "context canceled") {
				t.Errorf("a wall of cancellations:\n%s", stderr)
			}
			if !strings.Contains(stderr, "documents read:") {
				t.Errorf("no closing summary:\n%s", stderr)
			}
		})
	}
	// Re-running resumes: what was stored is kept (duplicates), the rest
	// is added, and a third run adds nothing.
	for run, want := range []string{"40 documents read: ", "40 documents read: 0 added, 0 updated, 40 skipped as duplicates"} {
		var out, errb bytes.Buffer
		m := &Main{Stdin: strings.NewReader(in.String()), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
		code := m.Run(context.Background(), []string{"ingest", "--db", db, "-"})
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		if code != 0 || !strings.Contains(errb.String(), want) {
			t.Errorf("re-run %d: exit %d, want 0 and %q:\n%s", run+1, code, want, errb.String())
		}
	}
}

func TestCompactInputs(t *testing.T) {
	got := compactInputs([]string{"a.jsonl:5", "a.jsonl:3", "a.jsonl:4", "b.txt", "a.jsonl:9", "b.txt", "stdin:2", "https://example.org/x"})
	want := "a.jsonl:3-5, a.jsonl:9, b.txt, stdin:2, https://example.org/x"
	if got != want {
		t.Errorf("compactInputs = %q, want %q", got, want)
	}
}
