package main

import (
	"context"
	"fmt"
	"github.com/evident-org/evident/source"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"time"
)

// BenchCmd is the corpus benchmark: it ingests JSONL corpora into a fresh
// database and reports throughput and peak memory.
type BenchCmd struct {
	WorkersFlag   `embed:""`
	GazetteerFlag `embed:""`
	Corpus        []string `arg:"" optional:"" name:"file" help:"Corpus files (default: DATA/corpus/*.jsonl, DATA from --data)."`
	Keep          bool     `help:"Keep the benchmark database (printed) instead of deleting it."`
	Fuse          bool     `help:"Fuse the events into incidents as ingest does with --fuse."`
	Into          string   `help:"Ingest into a copy of this database instead of an empty one (to measure ingest into a large store)." placeholder:"DB" type:"path"`
	CPUProfile    string   `name:"cpuprofile" help:"Write a CPU profile of the run to this file (go tool pprof)." placeholder:"FILE" type:"path"`
	DataFlag      `embed:""`
}

// Run implements the command.
func (c *BenchCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	files := c.Corpus
	if len(files) == 0 {
		var err error
		pattern := filepath.Join(c.dir(m), "corpus", "*.jsonl")
		files, err = filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			return fmt.Errorf("no corpus given and none found at %s (set --data or EVIDENT_DATA)", pattern)
		}
	}
	var inBytes int64
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			return err
		}
		inBytes += fi.Size()
	}
	dir, err := os.MkdirTemp("", "evident-bench-")
	if err != nil {
		return err
	}
	if !c.Keep {
		defer os.RemoveAll(dir)
	}
	bcli := *cli
	bcli.DB = filepath.Join(dir, "bench.db")
	bcli.Fuse = c.Fuse
	if c.Into != "" {
		if err := copyFile(c.Into, bcli.DB); err != nil {
			return fmt.Errorf("--into: %w", err)
		}
	}
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	s, err := m.ingest(ctx, &bcli, pipelineConfig{Gazetteer: cli.GazetteerPath}, files, source.Options{}, false)
	if err != nil {
		return err
	}
	el := time.Since(start).Seconds()
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Fprintf(m.Stdout, "corpus: %d files, %.1f MB\n", len(files), float64(inBytes)/1e6)
	fmt.Fprintf(m.Stdout, "%s\n", s)
	fmt.Fprintf(m.Stdout, "workers: %d\nelapsed: %.2f s\ndocs/s: %.0f\nMB/s: %.2f\npeak RSS: %.0f MB\n",
		bcli.Workers, el, float64(s.read)/el, float64(inBytes)/1e6/el, float64(ru.Maxrss)/1024)
	if c.Keep {
		fmt.Fprintf(m.Stdout, "database: %s\n", bcli.DB)
	}
	return nil
}

// copyFile copies a database file (which must not be open for writing).
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
