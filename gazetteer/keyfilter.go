package gazetteer

import (
	"math/bits"
	"sync/atomic"
)

// keyFilter is a Bloom filter over every key and every part of a key
// before one of its spaces ("new", "new york" for "new york city"): what
// Probe and Has ask about. A matcher probes every capitalised word and
// most are no key and start none, so most probes end at the filter
// instead of a search of the key table. Built on first use, from the
// same keys the searches read, so a key or prefix it rules out is
// certainly not there.
type keyFilter struct {
	bits []uint64
	mask uint64 // number of bits - 1
}

// filterHash is FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func (g *Gazetteer) decodeKeyFilter() *keyFilter {
	n := uint64(1) << bits.Len64(uint64(g.nKeys)*16|63) // ≥ 16 bits a key
	f := &keyFilter{bits: make([]uint64, n/64), mask: n - 1}
	for i := range g.nKeys {
		k := g.key(i)
		h := uint64(fnvOffset)
		for j := 0; j < len(k); j++ {
			if k[j] == ' ' {
				f.add(h)
			}
			h = (h ^ uint64(k[j])) * fnvPrime
		}
		f.add(h)
	}
	return f
}

// Both bits of a hash lie in one word (a blocked Bloom filter): a
// probe is one cache miss.
func (f *keyFilter) add(h uint64) {
	f.bits[(h&f.mask)/64] |= filterBits(h)
}

func filterBits(h uint64) uint64 { return 1<<(h>>52&63) | 1<<(h>>58) }

// mayHave reports whether k may be a key or the part of a key before a
// space; false means it is neither.
func (f *keyFilter) mayHave(k string) bool {
	h := uint64(fnvOffset)
	for j := 0; j < len(k); j++ {
		h = (h ^ uint64(k[j])) * fnvPrime
	}
	m := filterBits(h)
	return f.bits[(h&f.mask)/64]&m == m
}

// filterAfter is the number of Probe and Has calls after which the
// filter is built: building it (some 15 ms) pays off after some 40,000
// probes of non-keys, so a run over a few articles never builds it.
const filterAfter = 1 << 15

// ruledOut reports whether the filter shows that k is no key and no key
// continues it with a space.
func (g *Gazetteer) ruledOut(k string) bool {
	if g.keyFilter == nil {
		return false
	}
	if atomic.LoadUint32(&g.filterOn) == 0 {
		if atomic.AddUint32(&g.probes, 1) < filterAfter {
			return false
		}
		atomic.StoreUint32(&g.filterOn, 1)
	}
	return !g.keyFilter().mayHave(k)
}
