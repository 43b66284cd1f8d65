package main

import (
	"context"
	"testing"

	"github.com/evident-org/evident/eval/eventeval"
)

// TestSeedsGold is the seed target as a test: on the two seed
// articles, every required gold event is found, no system event is a
// false positive, and no background item (history, aggregate, plan) is
// emitted as a new event.
func TestSeedsGold(t *testing.T) {
	docs, err := eventeval.LoadGold("seeds/gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPipeline(pipelineConfig{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := eventeval.RunGold(context.Background(), docs, pipelineSystem{p}, eventeval.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.FN != 0 || r.FP != 0 || r.MatchedBackground != 0 {
		t.Errorf("seeds: %d required events missed, %d false positives, %d background items emitted as events (want 0, 0, 0); precision %.3f recall %.3f",
			r.FN, r.FP, r.MatchedBackground, r.Precision, r.Recall)
	}
	if r.SubtypeAccuracy < 1 {
		t.Errorf("sub-event type accuracy %.3f on matched pairs, want 1", r.SubtypeAccuracy)
	}
}
