package geoparse

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
	"github.com/evident-org/evident/segment"
)

// BenchmarkGeoparseCorpus runs the whole geoparser (segment, recognise,
// resolve) over the texts of ../shared/corpus/fa-kes.jsonl, one document
// at a time on one goroutine; MB/s is text throughput per core. Skipped
// without the shared corpus. EVIDENT_BENCH_GAZETTEER=FILE uses that
// gazetteer (an 'evident gazetteer import' index) instead of the
// embedded default.
func BenchmarkGeoparseCorpus(b *testing.B) {
	path := filepath.Join("..", "..", "shared", "corpus", "fa-kes.jsonl")
	f, err := os.Open(path)
	if err != nil {
		b.Skipf("corpus not available: %v", err)
	}
	defer f.Close()
	var texts []string
	var total int64
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var d struct {
			Text string `json:"text"`
		}
		if json.Unmarshal(sc.Bytes(), &d) == nil && d.Text != "" {
			texts = append(texts, d.Text)
			total += int64(len(d.Text))
		}
	}
	g := defaultGaz(b)
	if p := os.Getenv("EVIDENT_BENCH_GAZETTEER"); p != "" {
		if g, err = gazetteer.Load(p); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	for _, bc := range []struct {
		name  string
		cache *ProbeCache
	}{{"nocache", nil}, {"cache", &ProbeCache{}}} {
		b.Run(bc.name, func(b *testing.B) {
			stages := []evident.Stage{segment.Stage{}, Recognise{Gaz: g, Cache: bc.cache}, Resolve{Gaz: g, Cache: bc.cache}}
			b.SetBytes(total)
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range texts {
					a := &evident.Analysis{Doc: &evident.Document{Text: t}}
					for _, s := range stages {
						if err := s.Process(ctx, a); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
		})
	}
}
