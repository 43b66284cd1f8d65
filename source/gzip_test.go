package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/evident-org/evident"
)

func writeGzip(t *testing.T, path string, content []byte) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, input string, opt Options) []Item {
	t.Helper()
	var out []Item
	for it := range Read(context.Background(), input, nil, opt) {
		out = append(out, it)
	}
	return out
}

func TestReadGzip(t *testing.T) {
	dir := t.TempDir()
	writeGzip(t, filepath.Join(dir, "news.jsonl.gz"), []byte(`{"id":"a","text":"Shelling hit Idlib."}`+"\n"+`{"id":"b","text":"Clashes in Hama."}`+"\n"))
	writeGzip(t, filepath.Join(dir, "story.txt.gz"), []byte("Protesters gathered in Basra."))
	var got []string
	for _, it := range readAll(t, dir, Options{}) {
		if it.Err != nil {
			t.Fatalf("read: %v", it.Err)
		}
		got = append(got, it.Doc.Input+" "+it.Doc.Format+" "+it.Doc.Text)
	}
	want := []string{
		filepath.Join(dir, "news.jsonl.gz") + ":1 jsonl Shelling hit Idlib.",
		filepath.Join(dir, "news.jsonl.gz") + ":2 jsonl Clashes in Hama.",
		filepath.Join(dir, "story.txt.gz") + " text Protesters gathered in Basra.",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("documents (-want +got):\n%s", d)
	}
}

func TestReadGzipLimits(t *testing.T) {
	dir := t.TempDir()
	// A small file that expands to 4 MiB: over a 1 MiB decompression limit.
	bomb := filepath.Join(dir, "bomb.txt.gz")
	writeGzip(t, bomb, bytes.Repeat([]byte("a"), 4<<20))
	items := readAll(t, bomb, Options{MaxDecompressedBytes: 1 << 20, MaxBytes: 64 << 20})
	if len(items) != 1 || evident.ErrorCode(items[0].Err) != evident.ETOOLARGE || !strings.Contains(items[0].Err.Error(), "1 MiB") ||
		!strings.Contains(items[0].Err.Error(), "bomb.txt.gz") {
		t.Errorf("bomb: %v, want one ETOOLARGE error naming the file and the 1 MiB limit", items)
	}
	// MaxBytes applies to the decompressed text.
	items = readAll(t, bomb, Options{MaxBytes: 1 << 20})
	if len(items) != 1 || evident.ErrorCode(items[0].Err) != evident.ETOOLARGE {
		t.Errorf("over MaxBytes: %v, want ETOOLARGE", items)
	}
	// Not gzip at all.
	fake := filepath.Join(dir, "fake.jsonl.gz")
	if err := os.WriteFile(fake, []byte(`{"text":"plain"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	items = readAll(t, fake, Options{})
	if len(items) != 1 || evident.ErrorCode(items[0].Err) != evident.EINVALID || !strings.Contains(items[0].Err.Error(), "not a gzip file") {
		t.Errorf("fake gzip: %v, want EINVALID not a gzip file", items)
	}
}

func TestReadCountsHiddenEntries(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.txt", ".draft.txt", ".git/config.txt"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("Troops entered Raqqa."), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var skipped []string
	items := readAll(t, dir, Options{OnSkip: func(p, why string) { skipped = append(skipped, filepath.Base(p)+" "+why) }})
	if len(items) != 1 || items[0].Doc == nil {
		t.Fatalf("items %v, want the one visible file", items)
	}
	if d := cmp.Diff([]string{".draft.txt hidden", ".git hidden"}, skipped); d != "" {
		t.Errorf("skipped (-want +got):\n%s", d)
	}
}

func TestReadJSONLWithoutTextField(t *testing.T) {
	var items []Item
	for it := range ReadJSONL(strings.NewReader(`{"id":"a","body":"Shelling hit Idlib."}`+"\n"+`{"id":"b","text":"  "}`+"\n"), "f.jsonl", Options{}) {
		items = append(items, it)
	}
	if len(items) != 2 {
		t.Fatalf("got %d items, want 2", len(items))
	}
	var e *evident.Error
	if !errors.As(items[0].Err, &e) || e.Input != "f.jsonl:1" || !strings.Contains(e.Message, `no "text" field`) {
		t.Errorf("line 1: %v, want an error naming f.jsonl:1 and the missing text field", items[0].Err)
	}
	if !errors.As(items[1].Err, &e) || e.Input != "f.jsonl:2" || !strings.Contains(e.Message, "empty document") {
		t.Errorf("line 2: %v, want an empty-document error", items[1].Err)
	}
}

func TestHumanAndParseBytes(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{{512, "512 B"}, {1536, "1.5 KiB"}, {20 << 20, "20 MiB"}, {53791539, "51.3 MiB"}, {2 << 30, "2 GiB"}} {
		if got := HumanBytes(tt.n); got != tt.want {
			t.Errorf("HumanBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		want int64
	}{{"1048576", 1 << 20}, {"20MB", 20 << 20}, {"20 MiB", 20 << 20}, {"1.5g", 3 << 29}, {"500k", 500 << 10}} {
		if got, err := ParseBytes(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseBytes(%q) = %d, %v, want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "MB", "-5", "20 parsecs"} {
		if _, err := ParseBytes(bad); err == nil {
			t.Errorf("ParseBytes(%q): no error", bad)
		}
	}
}
