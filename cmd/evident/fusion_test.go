package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestEvalFusion runs "evident eval fusion --json" on dev-gold; it skips
// without ../shared.
func TestEvalFusion(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline on dev-gold")
	}
	data := filepath.Join("..", "..", "..", "shared")
	if _, err := os.Stat(filepath.Join(data, "eval", "events", "dev-gold.jsonl")); err != nil {
		t.Skipf("no dev-gold: %v", err)
	}
	out, errs, code := run(t, "", "eval", "fusion", "--json", "--workers", "2", "--data", data)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, k := range []string{"link_precision", "link_recall", "link_f1", "bcubed_f1", "claims_recall"} {
		v, ok := r[k].(float64)
		if !ok || v < 0 || v > 1 {
			t.Errorf("%s = %v", k, r[k])
		}
	}
	if r["n_matched"].(float64) == 0 || r["n_gold_links"].(float64) == 0 {
		t.Errorf("nothing scored: %s", out)
	}
	// The same run again gives the same figures (fusion is deterministic).
	again, _, _ := run(t, "", "eval", "fusion", "--json", "--workers", "1", "--data", data)
	var r2 map[string]any
	if err := json.Unmarshal([]byte(again), &r2); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"link_f1", "bcubed_f1", "claims_recall", "n_incidents"} {
		if r[k] != r2[k] {
			t.Errorf("%s: %v then %v", k, r[k], r2[k])
		}
	}
}
