package geoparse

import (
	"strconv"
	"sync"
	"testing"
)

func TestStripedMap(t *testing.T) {
	var c stripedMap[int]
	for i := range 100 {
		c.store(strconv.Itoa(i), i, 1000)
	}
	for i := range 100 {
		if v, ok := c.load(strconv.Itoa(i)); !ok || v != i {
			t.Fatalf("load(%d) = %d, %v", i, v, ok)
		}
	}
	if _, ok := c.load("x"); ok {
		t.Error("load of a missing key succeeded")
	}
	// Past the limit the map starts afresh.
	for i := 100; i < 1001; i++ {
		c.store(strconv.Itoa(i), i, 1000)
	}
	if _, ok := c.load("5"); ok {
		t.Error("an old key survived the limit")
	}
	if v, ok := c.load("1000"); !ok || v != 1000 {
		t.Errorf("load(1000) = %d, %v after the reset", v, ok)
	}
}

// BenchmarkCacheLoad compares lookups of 200,000 stored spans in a
// stripedMap and in a sync.Map (which ProbeCache used before), on one
// goroutine and on all.
func BenchmarkCacheLoad(b *testing.B) {
	const n = 200000
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "Span " + strconv.Itoa(i*7919)
	}
	var sm stripedMap[probe]
	var sy sync.Map
	for _, k := range keys {
		sm.store(k, probe{known: true}, ProbeCacheSize)
		sy.Store(k, probe{known: true})
	}
	loads := map[string]func(string) bool{
		"striped": func(k string) bool { _, ok := sm.load(k); return ok },
		"syncmap": func(k string) bool { v, ok := sy.Load(k); return ok && v.(probe).known },
	}
	for _, name := range []string{"striped", "syncmap"} {
		load := loads[name]
		b.Run(name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				load(keys[i%n])
				i += 7
			}
		})
		b.Run(name+"-parallel", func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					load(keys[i%n])
					i += 7
				}
			})
		})
	}
}

// TestStripedMapConcurrent stores and loads from several goroutines, past
// the limit (run it with -race).
func TestStripedMapConcurrent(t *testing.T) {
	var c stripedMap[int]
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				k := strconv.Itoa(i)
				if v, ok := c.load(k); ok && v != i {
					t.Errorf("load(%s) = %d", k, v)
					return
				}
				if i%(g+1) == 0 {
					c.store(k, i, 500)
				}
			}
		}()
	}
	wg.Wait()
}
