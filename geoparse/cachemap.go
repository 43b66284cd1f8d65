package geoparse

import (
	"sync"
	"sync/atomic"
)

// cacheShards is the number of independently locked parts of a
// stripedMap.
const cacheShards = 32

// cacheShardHint is the initial size of a shard's map.
const cacheShardHint = 256

// stripedMap is a string-keyed map for ProbeCache, safe for concurrent
// use: a plain map per shard under a read-write lock. A cache of some
// hundred thousand spans is read far more often than written, and a
// lookup in a plain map touches fewer cache lines than one in sync.Map's
// hash trie (one node a level). The zero value is empty and ready.
type stripedMap[V any] struct {
	n      atomic.Int64
	shards [cacheShards]cacheShard[V]
}

type cacheShard[V any] struct {
	mu sync.RWMutex
	m  map[string]V
	_  [64 - 32]byte // a shard per cache line: readers of two shards do not share one
}

// shardOf spreads keys over the shards by their length and three bytes.
func shardOf(k string) int {
	h := uint(len(k))
	if len(k) > 0 {
		h = h*31 + uint(k[0])
		h = h*31 + uint(k[len(k)/2])
		h = h*31 + uint(k[len(k)-1])
	}
	return int(h % cacheShards)
}

func (c *stripedMap[V]) load(k string) (V, bool) {
	s := &c.shards[shardOf(k)]
	s.mu.RLock()
	v, ok := s.m[k]
	s.mu.RUnlock()
	return v, ok
}

// store sets k to v; once more than limit keys have been stored, the map
// starts afresh. k must not alias memory that changes (clone it).
func (c *stripedMap[V]) store(k string, v V, limit int64) {
	if c.n.Add(1) > limit {
		c.clear()
		c.n.Store(0)
	}
	s := &c.shards[shardOf(k)]
	s.mu.Lock()
	if s.m == nil {
		// Sized for a corpus's worth of spans: growing a map from empty
		// rehashes every key several times.
		s.m = make(map[string]V, cacheShardHint)
	}
	s.m[k] = v
	s.mu.Unlock()
}

func (c *stripedMap[V]) clear() {
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		s.m = nil
		s.mu.Unlock()
	}
}
