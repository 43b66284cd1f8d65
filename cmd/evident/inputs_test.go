package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProgressLineTotalAndETA(t *testing.T) {
	st := &stats{read: 250, added: 240, duplicates: 10, events: 30, bytes: 5e6}
	p := &progress{st: st}
	if got := p.line('|', 10*time.Second); strings.Contains(got, "ETA") || !strings.Contains(got, "250 docs") {
		t.Errorf("unknown total: %q, want a count and no ETA", got)
	}
	st.total.Store(1000)
	got := p.line('|', 10*time.Second) // 25 docs/s, 750 left: 30s
	for _, want := range []string{"250/1000 docs (25%)", "25 docs/s", "ETA 30s"} {
		if !strings.Contains(got, want) {
			t.Errorf("line %q lacks %q", got, want)
		}
	}
}

func TestCountDocuments(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.jsonl":     "{\"text\":\"x\"}\n\n{\"text\":\"y\"}\n{\"text\":\"z\"}",
		"b.txt":       "one story",
		".hidden.txt": "skipped",
		"sub/c.html":  "<p>story</p>",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if n, ok := countDocuments([]string{dir}); !ok || n != 5 {
		t.Errorf("countDocuments = %d, %v; want 5 (3 JSONL lines, 2 files)", n, ok)
	}
	for _, in := range []string{"-", "https://example.org/feed.xml", filepath.Join(dir, "missing.txt")} {
		if _, ok := countDocuments([]string{in}); ok {
			t.Errorf("countDocuments(%q): counted, want unknown", in)
		}
	}
}
