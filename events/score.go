package events

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/evident-org/evident"
)

// Score sets each event's confidence from the evidence behind it and puts
// the events in a stable order. The confidence is the trigger's lexicon
// confidence, discounted for each argument that is missing or inferred
// from context rather than stated in the sentence, and for hedged modality.
// It is a heuristic score in [0, 1], not a calibrated probability.
type Score struct{}

// Name implements evident.Stage.
func (Score) Name() string { return "score" }

var modalityFactor = map[string]float64{
	evident.ModalityAsserted: 1, evident.ModalityReported: 0.9, evident.ModalityClaimed: 0.8,
	evident.ModalityAlleged: 0.6, evident.ModalityUncertain: 0.6, evident.ModalityDenied: 0.3, evident.ModalityNegated: 0.2,
}

// Process implements evident.Stage.
func (Score) Process(_ context.Context, a *evident.Analysis) error {
	for i := range a.Events {
		e := &a.Events[i]
		c := 0.0
		for _, f := range e.Fields {
			if f.Field == "sub_event_type" && f.Confidence > c {
				c = f.Confidence
			}
		}
		if e.Actor1 == "" {
			c *= 0.8
		}
		loc := 0.6 // no location at all
		for _, f := range e.Fields {
			if f.Field == "location" {
				loc = 0.8 + 0.2*f.Confidence
			}
		}
		c *= loc
		if m, ok := modalityFactor[e.Modality]; ok {
			c *= m
		}
		// Corroboration inside the document: each extra evidence sentence
		// closes a fifth of the remaining gap.
		for range len(e.Evidence) - 1 {
			c += (1 - c) * 0.2
		}
		e.Confidence = math.Round(c*1000) / 1000
	}
	slices.SortStableFunc(a.Events, func(x, y evident.Event) int {
		if d := x.Evidence[0].Start - y.Evidence[0].Start; d != 0 {
			return d
		}
		return strings.Compare(x.ID, y.ID)
	})
	return nil
}
