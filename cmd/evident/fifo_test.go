//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestIngestFIFO: a named pipe in a directory is reported and skipped;
// the ingest ends (it used to block forever opening the pipe), with the
// progress counter on too.
func TestIngestFIFO(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "d")
	if err := os.Mkdir(d, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"p", "q.jsonl"} {
		if err := syscall.Mkfifo(filepath.Join(d, name), 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	if err := os.WriteFile(filepath.Join(d, "a.txt"), []byte("Gunmen killed 4 people in Kirkuk on Monday, police said."), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := m.Run(t.Context(), []string{"ingest", "--progress", "always", "--db", filepath.Join(dir, "i.db"), d})
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	stderr := errb.String()
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		filepath.Join(d, "p") + ": not a regular file: a named pipe (FIFO); skipped",
		filepath.Join(d, "q.jsonl") + ": not a regular file: a named pipe (FIFO)",
		"3 documents read: 1 added",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}
