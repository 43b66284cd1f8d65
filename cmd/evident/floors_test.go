package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evident-org/evident/eval/eventeval"
	"github.com/evident-org/evident/eval/fuseeval"
	"github.com/evident-org/evident/eval/gate"
	"github.com/evident-org/evident/eval/geoeval"
)

// TestFloorsFile checks eval/floors.txt, which .ci/run applies: every
// line parses, and every gate names a report .ci/run produces and a
// numeric figure of it (looked up in an empty report of the same type).
// It needs no ../shared.
func TestFloorsFile(t *testing.T) {
	path := filepath.Join("..", "..", "eval", "floors.txt")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gates, err := gate.ParseFile(f, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(gates) == 0 {
		t.Fatal("no gates")
	}
	empty := map[string]any{
		"gold": &eventeval.GoldReport{}, "fp": &eventeval.FPReport{},
		"case2021": &eventeval.CASEReport{}, "isaf": &eventeval.ISAFReport{},
		"geowebnews": &geoeval.Report{}, "trnews": &geoeval.Report{}, "lgl": &geoeval.Report{},
		"fusion": &fuseeval.Report{},
	}
	reports := map[string][]byte{}
	for name, r := range empty {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		reports[name] = b
	}
	seen := map[string]bool{}
	for _, g := range gates {
		if seen[g.Name] {
			t.Errorf("%s: %s is gated twice", path, g.Name)
		}
		seen[g.Name] = true
		if _, err := gate.Check([]gate.Gate{g}, reports); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
	ci, err := os.ReadFile(filepath.Join("..", "..", ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ci), "eval/floors.txt") {
		t.Error(".ci/run does not read eval/floors.txt")
	}
}
