package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/evident-org/evident/source"
)

// BenchmarkPipeline runs the whole default pipeline (no store) on the BBC
// seed, a realistic 4 KB feature article.
func BenchmarkPipeline(b *testing.B) {
	pipe, err := newPipeline(pipelineConfig{})
	if err != nil {
		b.Fatal(err)
	}
	data, err := seedFS.ReadFile("seeds/bbc-mosul-from-the-sky.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	ctx := context.Background()
	for b.Loop() {
		doc, err := source.ReadText(bytes.NewReader(data), "bbc.txt", source.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := pipe.Run(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
}
