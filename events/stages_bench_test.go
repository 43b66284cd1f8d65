//go:build linux

package events_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/geoparse"
)

// BenchmarkExtractStages runs the extraction pipeline over FA-KES like
// BenchmarkExtractCorpus, but calls the stages itself and reports the CPU
// time of the benchmark's thread in each stage (µs per document,
// "cpu-µs/doc:<stage>") and in all of them ("cpu-µs/doc"). Thread CPU
// time counts no time the thread spends descheduled, so on a busy
// machine it varies less than ns/op; it leaves out the GC's background
// workers but includes mark assists. "nocache" is the pipeline of the
// tests (and of BenchmarkExtractCorpus); "cache" gives the geoparser a
// ProbeCache shared across documents, as cmd/evident does. It needs
// ../shared/corpus/fa-kes.jsonl:
//
//	go test -run XXX -bench ExtractStages -benchtime 5x ./events/
func BenchmarkExtractStages(b *testing.B) {
	docs := loadCorpus(b, "../../shared/corpus/fa-kes.jsonl")
	p, err := pipeline()
	if err != nil {
		b.Fatal(err)
	}
	cached := &evident.Pipeline{Version: p.Version}
	cache := &geoparse.ProbeCache{}
	for _, s := range p.Stages {
		switch s := s.(type) {
		case geoparse.Recognise:
			s.Cache = cache
			cached.Stages = append(cached.Stages, s)
		case geoparse.Resolve:
			s.Cache = cache
			cached.Stages = append(cached.Stages, s)
		default:
			cached.Stages = append(cached.Stages, s)
		}
	}
	for _, bc := range []struct {
		name string
		p    *evident.Pipeline
	}{{"nocache", p}, {"cache", cached}} {
		b.Run(bc.name, func(b *testing.B) { benchStages(b, bc.p, docs) })
	}
}

func benchStages(b *testing.B, p *evident.Pipeline, docs []*evident.Document) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ctx := context.Background()
	spent := make([]time.Duration, len(p.Stages))
	b.ResetTimer()
	for range b.N {
		for _, d := range docs {
			cp := *d
			a := &evident.Analysis{Doc: &cp, Version: p.Version}
			t0 := threadCPU()
			for i, s := range p.Stages {
				if err := s.Process(ctx, a); err != nil {
					b.Fatal(err)
				}
				t1 := threadCPU()
				spent[i] += t1 - t0
				t0 = t1
			}
		}
	}
	n := float64(len(docs) * b.N)
	var total time.Duration
	for i, s := range p.Stages {
		total += spent[i]
		b.ReportMetric(float64(spent[i].Microseconds())/n, "cpu-µs/doc:"+s.Name())
	}
	b.ReportMetric(float64(total.Microseconds())/n, "cpu-µs/doc")
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// threadCPU returns the CPU time (user and system) of the calling thread.
func threadCPU() time.Duration {
	const rusageThread = 1 // RUSAGE_THREAD
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadCorpus reads the documents of a corpus file (JSON lines with id,
// text and published), skipping the benchmark when it is missing.
func loadCorpus(b *testing.B, path string) []*evident.Document {
	f, err := os.Open(path)
	if err != nil {
		b.Skip("corpus not available:", err)
	}
	defer f.Close()
	var docs []*evident.Document
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
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
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return docs
}
