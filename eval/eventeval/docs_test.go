package eventeval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/source"
)

// ingested returns the documents ingest reads from path (source.Read).
func ingested(t *testing.T, path string) map[string]*evident.Document {
	t.Helper()
	out := map[string]*evident.Document{}
	for it := range source.Read(context.Background(), path, nil, source.Options{}) {
		if it.Doc != nil {
			out[it.Doc.ID] = it.Doc
		}
	}
	return out
}

// TestLoadGoldDocs finds gold documents by doc_id in a JSON Lines corpus
// and in a directory of .txt files; a corpus document is the one ingest
// builds, and the system sees it unchanged.
func TestLoadGoldDocs(t *testing.T) {
	corpus := filepath.Join("testdata", "corpus", "news.jsonl")
	docs, err := LoadGold(filepath.Join("testdata", "corpus", "gold.jsonl"), corpus, filepath.Join("testdata", "gold"))
	if err != nil {
		t.Fatal(err)
	}
	ing := ingested(t, corpus)
	type row struct {
		ID, TextPath string
		FromCorpus   bool
		Line         int
	}
	var got []row
	for _, d := range docs {
		got = append(got, row{d.DocID, d.TextPath, d.Doc != nil, d.Line})
	}
	want := []row{
		{"news-1", corpus + ":1", true, 1},
		{"protest-doc", filepath.Join("testdata", "gold", "protest-doc.txt"), false, 2},
		{"4", corpus + ":4", true, 3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("documents (-want +got):\n%s", diff)
	}
	for _, i := range []int{0, 2} {
		if diff := cmp.Diff(ing[docs[i].DocID], goldDocument(&docs[i])); diff != "" {
			t.Errorf("%s: eval document differs from ingest's (-ingest +eval):\n%s", docs[i].DocID, diff)
		}
	}
	if d := goldDocument(&docs[0]); d.Title != "Clashes in Mosul" || d.Outlet != "Example Wire" || d.Published.Format("2006-01-02") != "2017-03-10" {
		t.Errorf("news-1 = %+v", d)
	}
	if d := goldDocument(&docs[1]); !strings.HasPrefix(d.Text, "Hundreds protested") || d.Title != "" {
		t.Errorf("protest-doc = %+v", d)
	}
	// The system gets a copy: changing it leaves the loaded one alone.
	goldDocument(&docs[0]).Title = "changed"
	if docs[0].Doc.Title != "Clashes in Mosul" {
		t.Error("goldDocument does not copy the corpus document")
	}
}

func TestFindDocumentsErrors(t *testing.T) {
	dir := t.TempDir()
	gold := filepath.Join(dir, "g.jsonl")
	notCorpus := filepath.Join(dir, "notes.csv")
	if err := os.WriteFile(notCorpus, []byte("a,b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	corpus := filepath.Join("testdata", "corpus", "news.jsonl")
	tests := []struct {
		name  string
		gold  string
		paths []string
		want  []string
	}{
		{"missing", `{"doc_id": "news-1"}` + "\n\n" + `{"doc_id": "news-99"}` + "\n" + `{"doc_id": "news-98"}`, []string{corpus, dir},
			[]string{gold + `:3: doc_id "news-99" not found in ` + corpus + ", " + filepath.Join(dir, "<doc_id>.txt"),
				corpus + " has unreadable lines, the first: " + corpus + ":3:",
				gold + `:4: doc_id "news-98" not found`}},
		{"no paths", `{"doc_id": "a"}`, nil, []string{gold + `:1: doc_id "a" not found in nowhere (no document paths)`}},
		{"many missing", manyMissing(12), []string{corpus},
			[]string{gold + `:10: doc_id "m10" not found`, gold + ": and 2 more doc_ids not found"}},
		{"unused bad path", `{"doc_id": "news-1"}`, []string{corpus, filepath.Join(dir, "absent")}, []string{"absent: no such file"}},
		{"absent path", `{"doc_id": "a"}`, []string{filepath.Join(dir, "absent.jsonl")}, []string{"gold documents: ", "absent.jsonl", "no such file"}},
		{"not a corpus", `{"doc_id": "a"}`, []string{notCorpus}, []string{notCorpus + " is neither a directory of .txt files nor a JSON Lines corpus"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := DecodeGold(strings.NewReader(tt.gold), gold)
			if err != nil {
				t.Fatal(err)
			}
			err = FindDocuments(docs, gold, tt.paths)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v\nwant it to contain %q", err, w)
				}
			}
		})
	}
}

// manyMissing is a gold file of n documents m1, m2, ...
func manyMissing(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `{"doc_id": "m%d"}`+"\n", i)
	}
	return b.String()
}

func TestDefaultDocPaths(t *testing.T) {
	shared := t.TempDir()
	if got := DefaultDocPaths(shared); len(got) != 0 {
		t.Errorf("empty shared: %v", got)
	}
	for _, p := range []string{"corpus", "seeds"} {
		if err := os.Mkdir(filepath.Join(shared, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"b.jsonl", "a.jsonl", "c.txt"} {
		if err := os.WriteFile(filepath.Join(shared, "corpus", f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{filepath.Join(shared, "corpus", "a.jsonl"), filepath.Join(shared, "corpus", "b.jsonl"), filepath.Join(shared, "seeds")}
	if diff := cmp.Diff(want, DefaultDocPaths(shared)); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
}
