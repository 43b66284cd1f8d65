package events_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNonConflictArticles: full-length sport, business and technology
// articles of our own (testdata/nonconflict), dense with words that have
// a conflict sense ("stormed back", "strike", "price war", "captured a
// slice", "firing the latest shot", "cyber attack"), and an analysis of a
// war that tells its history, its toll and what may come, report no
// event.
func TestNonConflictArticles(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "nonconflict", "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no articles: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, evs := extract(t, string(b), pub)
		for _, e := range evs {
			if !e.Background {
				t.Errorf("%s: reported %s (%q)", p, e.SubEventType, e.Evidence[0].Text)
			}
		}
	}
}
