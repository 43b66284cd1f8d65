package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFAKESShuffledIngestGivesSameIncidents ingests FA-KES (804 Syrian
// war reports from 15 outlets, ../shared/corpus/fa-kes.jsonl) with fusion
// in ten orders, each a seeded shuffle, and wants identical incidents and
// event incident ids every time: the order the documents come in (and so
// which fusion batch each falls in) must not change the incidents.
func TestFAKESShuffledIngestGivesSameIncidents(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests FA-KES ten times")
	}
	if raceEnabled {
		t.Skip("ingests FA-KES ten times: run without -race (.ci/run does, after the race tests)")
	}
	src := filepath.Join("..", "..", "..", "shared", "corpus", "fa-kes.jsonl")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Skip("../shared/corpus/fa-kes.jsonl not found")
	}
	// The same text under two ids is stored under the id that comes
	// first, and of one id given twice the last text wins: keep one copy
	// of each text and each id, so that every order holds the same
	// documents.
	var lines [][]byte
	seen := map[string]bool{}
	for _, l := range bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n")) {
		var d struct{ ID, Text string }
		if err := json.Unmarshal(l, &d); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if !seen["t"+d.Text] && !seen["i"+d.ID] {
			seen["t"+d.Text], seen["i"+d.ID] = true, true
			lines = append(lines, append(l, '\n'))
		}
	}
	dir := t.TempDir()
	var want map[string]string
	var wantIncidents int
	for shuffle := range 10 {
		order := append([][]byte(nil), lines...)
		if shuffle > 0 {
			r := rand.New(rand.NewPCG(uint64(shuffle), 2017))
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		path := filepath.Join(dir, fmt.Sprintf("fa-kes-%d.jsonl", shuffle))
		if err := os.WriteFile(path, bytes.Join(order, nil), 0o644); err != nil {
			t.Fatal(err)
		}
		incs, ids := storedIncidents(t, filepath.Join(dir, fmt.Sprintf("s%d.db", shuffle)), "2", path)
		if shuffle == 0 {
			want, wantIncidents = ids, len(incs)
			if len(incs) < 100 {
				t.Fatalf("%d incidents from FA-KES; want hundreds", len(incs))
			}
			continue
		}
		if diff := cmp.Diff(want, ids); diff != "" {
			t.Errorf("shuffle %d: incidents differ from the file order's (-file order +shuffle):\n%s", shuffle, diff)
		}
		if len(incs) != wantIncidents {
			t.Errorf("shuffle %d: %d incidents, want %d", shuffle, len(incs), wantIncidents)
		}
	}
}
