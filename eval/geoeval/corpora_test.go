package geoeval

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sharedDir is ../shared beside the repository, or $EVIDENT_SHARED.
func sharedDir() string {
	if d := os.Getenv("EVIDENT_SHARED"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared")
}

// TestCorpora loads the real corpora when ../shared is present and checks
// the counts docs/eval.md documents.
func TestCorpora(t *testing.T) {
	type counts struct {
		Documents, Toponyms, Realigned, Dropped int
		Recognition, Resolution                 int
	}
	tests := []struct {
		corpus Corpus
		want   counts
	}{
		// 6,612 spans; 5 in two articles have negative offsets and are
		// dropped.
		{GeoWebNews, counts{Documents: 200, Toponyms: 6607, Dropped: 5, Recognition: 2681, Resolution: 2399}},
		// 117 offsets, in 19 articles, are off by up to 10 code points.
		{TRNews, counts{Documents: 118, Toponyms: 1319, Realigned: 117, Recognition: 1319, Resolution: 1275}},
		{LGL, counts{Documents: 588, Toponyms: 5088, Recognition: 5088, Resolution: 4462}},
	}
	for _, tt := range tests {
		t.Run(string(tt.corpus), func(t *testing.T) {
			path := filepath.Join(sharedDir(), "eval", "geoparse", tt.corpus.File())
			if _, err := os.Stat(path); err != nil {
				t.Skipf("corpus not available: %v", err)
			}
			docs, st, err := Load(path, tt.corpus)
			if err != nil {
				t.Fatal(err)
			}
			got := counts{Documents: st.Documents, Toponyms: st.Toponyms, Realigned: st.Realigned, Dropped: st.Dropped}
			if len(docs) != st.Documents {
				t.Errorf("%d docs, stats say %d", len(docs), st.Documents)
			}
			ids := map[string]bool{}
			for _, d := range docs {
				if ids[d.ID] {
					t.Errorf("duplicate document id %q", d.ID)
				}
				ids[d.ID] = true
				for _, tp := range d.Toponyms {
					if d.Text[tp.Start:tp.End] != tp.Text {
						t.Errorf("doc %s: [%d:%d] = %q, want %q", d.ID, tp.Start, tp.End, d.Text[tp.Start:tp.End], tp.Text)
					}
					if CountsForRecognition(tt.corpus, tp) {
						got.Recognition++
					}
					if CountsForResolution(tt.corpus, tp) {
						got.Resolution++
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
		})
	}
}
