package sqlite

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/internal/synth"
	"github.com/google/go-cmp/cmp"
)

// TestStatsRollupMatchesEvents checks that stats answered from the
// monthly rollup (whole months plus the days at either end) equal the same
// stats counted over the events themselves, for random time windows,
// countries and types, after inserts and after replacing documents.
func TestStatsRollupMatchesEvents(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, MemoryPath)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g := synth.New(3)
	var docs []*evident.Document
	for range 400 {
		doc, evs := g.Next()
		if _, err := s.PutDocument(ctx, doc, evs); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	// Re-extract some documents with other events: the rollup must follow.
	g2 := synth.New(4)
	g2.Extractor = "synth/2"
	for _, d := range docs[:50] {
		_, evs := g2.Next()
		for i := range evs {
			evs[i].DocID = d.ID
			evs[i].ID = d.ID + "-v2-" + string(rune('a'+i))
		}
		if _, err := s.PutDocument(ctx, d, evs); err != nil {
			t.Fatal(err)
		}
	}

	nonEmpty := 0
	rng := rand.New(rand.NewPCG(1, 2))
	day := func() time.Time { return synth.Start.AddDate(0, 0, rng.IntN(3700)) }
	for i := range 200 {
		var q evident.Query
		switch rng.IntN(4) {
		case 0:
			q.Since = day()
		case 1:
			q.Until = day()
		case 2:
			q.Since = day()
			q.Until = q.Since.AddDate(0, 0, rng.IntN(500))
		}
		if rng.IntN(3) == 0 {
			q.Countries = []string{[]string{"SY", "UA", "ye"}[rng.IntN(3)]}
		}
		if rng.IntN(3) == 0 {
			q.EventTypes = []string{"Battles"}
		}
		if rng.IntN(4) == 0 {
			q.SubEventTypes = []string{"Armed clash", "Peaceful protest"}
		}
		q.WithBackground = rng.IntN(2) == 0
		for _, by := range []string{evident.ByMonth, evident.ByAuto, evident.ByEventType, evident.BySubEventType, evident.ByCountry} {
			tx, err := s.r.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			rolled, err := s.rollupRows(ctx, tx, q, by)
			if err != nil {
				t.Fatal(err)
			}
			base, err := baseRows(ctx, tx, q, by, false)
			tx.Rollback()
			if err != nil {
				t.Fatal(err)
			}
			if by == evident.ByMonth || by == evident.ByAuto {
				base = monthly(base)
			}
			if len(base) > 0 {
				nonEmpty++
			}
			if diff := cmp.Diff(asMap(base), asMap(rolled)); diff != "" {
				t.Fatalf("query %d %+v by %s: rollup differs from events (-events +rollup):\n%s", i, q, by, diff)
			}
		}
	}
	if nonEmpty < 500 {
		t.Errorf("only %d of 1000 comparisons had events; the test compares too little", nonEmpty)
	}
}

func monthly(rows []agg) []agg {
	out := make([]agg, 0, len(rows))
	for _, r := range rows {
		if len(r.Key) == 10 {
			r.Key = r.Key[:8] + "01"
		}
		out = append(out, r)
	}
	return out
}

func asMap(rows []agg) map[string][2]int {
	m := map[string][2]int{}
	for _, r := range rows {
		v := m[r.Key]
		m[r.Key] = [2]int{v[0] + r.Count, v[1] + r.Fatalities}
	}
	return m
}
