package main

import (
	"bytes"
	"log"
	"os"
	"runtime"
	"time"

	"github.com/evident-org/evident/gazetteer"
)

// measure loads a compact gazetteer file the way gazetteer.Default does
// (from memory, gunzip and parse) a few times and logs the fastest time,
// the bytes allocated per load and the live heap afterwards.
func measure(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	best := time.Duration(1 << 62)
	var alloc uint64
	var g *gazetteer.Gazetteer
	for range 5 {
		g = nil
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		t := time.Now()
		g, err = gazetteer.ReadCompact(bytes.NewReader(data))
		d := time.Since(t)
		if err != nil {
			return err
		}
		runtime.ReadMemStats(&m1)
		best = min(best, d)
		alloc = m1.TotalAlloc - m0.TotalAlloc
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	log.Printf("measure: %d bytes gz, %d entries, %d keys; load %.0f ms (best of 5), %.0f MB allocated, %.0f MB live heap",
		len(data), g.Len(), g.NumKeys(), best.Seconds()*1000, float64(alloc)/1e6, float64(m.HeapAlloc)/1e6)
	runtime.KeepAlive(g)
	return nil
}
