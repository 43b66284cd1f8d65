package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// cancellingReader yields its lines, then cancels the run and blocks until
// the cancellation has been seen: an interruption in the middle of an
// ingest, at a known point.
type cancellingReader struct {
	r      io.Reader
	cancel context.CancelFunc
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
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bytes.Buffer
	m := &Main{Stdin: &cancellingReader{r: strings.NewReader(in.String()), cancel: cancel, ctx: ctx}, Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }}
	code := m.Run(ctx, []string{"ingest", "--db", filepath.Join(t.TempDir(), "i.db"), "--workers", "2", "-"})
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	stderr := errb.String()
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if n := strings.Count(stderr, "evident: interrupted"); n != 1 {
		t.Errorf("%d interruption lines, want 1:\n%s", n, stderr)
	}
	if strings.Contains(stderr, "context canceled") {
		t.Errorf("a wall of cancellations:\n%s", stderr)
	}
	if !strings.Contains(stderr, "documents read:") {
		t.Errorf("no closing summary:\n%s", stderr)
	}
}

func TestCompactInputs(t *testing.T) {
	got := compactInputs([]string{"a.jsonl:5", "a.jsonl:3", "a.jsonl:4", "b.txt", "a.jsonl:9", "b.txt", "stdin:2", "https://example.org/x"})
	want := "a.jsonl:3-5, a.jsonl:9, b.txt, stdin:2, https://example.org/x"
	if got != want {
		t.Errorf("compactInputs = %q, want %q", got, want)
	}
}
