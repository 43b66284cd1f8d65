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
//
// The sub-benchmarks differ in the ProbeCache:
//
//	nocache  no cache (nil)
//	cold     a fresh cache for every pass over the corpus: what one
//	         'evident geoparse' or 'evident ingest' run of the corpus costs
//	warm     one cache, filled by a pass before timing: a long-running
//	         server that has seen these names before
//
// Run: go test ./geoparse -run x -bench BenchmarkGeoparseCorpus -count 5
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
	pass := func(b *testing.B, cache *ProbeCache) {
		stages := []evident.Stage{segment.Stage{}, Recognise{Gaz: g, Cache: cache}, Resolve{Gaz: g, Cache: cache}}
		for _, t := range texts {
			a := &evident.Analysis{Doc: &evident.Document{Text: t}}
			for _, s := range stages {
				if err := s.Process(ctx, a); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("nocache", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			pass(b, nil)
		}
	})
	b.Run("cold", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			pass(b, &ProbeCache{})
		}
	})
	b.Run("warm", func(b *testing.B) {
		cache := &ProbeCache{}
		pass(b, cache) // before b.Loop: not timed
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			pass(b, cache)
		}
	})
}
