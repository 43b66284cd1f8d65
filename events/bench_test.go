package events_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/evident-org/evident"
)

// BenchmarkExtractCorpus runs the whole extraction pipeline (normalise to
// score; no storage) over FA-KES, one goroutine, and reports documents
// per second per core. It needs ../shared/corpus/fa-kes.jsonl:
//
//	go test -run XXX -bench ExtractCorpus -benchtime 5x ./events/
func BenchmarkExtractCorpus(b *testing.B) {
	f, err := os.Open("../../shared/corpus/fa-kes.jsonl")
	if err != nil {
		b.Skip("corpus not available:", err)
	}
	defer f.Close()
	var docs []*evident.Document
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	bytes := 0
	for sc.Scan() {
		var r struct {
			ID, Text, Published string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		d := &evident.Document{ID: r.ID, Input: "fa-kes", Text: r.Text}
		if t, err := time.Parse("2006-01-02", r.Published); err == nil {
			d.Published, d.PublishedFrom = t, "metadata"
		}
		docs = append(docs, d)
		bytes += len(r.Text)
	}
	p, err := pipeline()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for range b.N {
		for _, d := range docs {
			cp := *d
			if _, err := p.Run(ctx, &cp); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}
