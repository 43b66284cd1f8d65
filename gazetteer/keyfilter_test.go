package gazetteer

import (
	"strings"
	"testing"
)

// TestKeyFilter checks that the filter never rules out a key or the part
// of a key before a space, and that Probe and Has answer as without it.
func TestKeyFilter(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	g.filterOn = 1 // from the first probe
	plain := *g
	plain.keyFilter = nil
	f := g.keyFilter()
	step := 1
	if testing.Short() {
		step = 7
	}
	var probes []string
	for i := 0; i < g.nKeys; i += step {
		k := g.key(i)
		if !f.mayHave(k) {
			t.Fatalf("key %q ruled out", k)
		}
		for j := range len(k) {
			if k[j] == ' ' && !f.mayHave(k[:j]) {
				t.Fatalf("prefix %q of %q ruled out", k[:j], k)
			}
		}
		if i%97 == 0 {
			probes = append(probes, k, k+"x", k[:len(k)/2], strings.ToUpper(k[:1])+k, k+" zz")
		}
	}
	ruled := 0
	for _, k := range append(probes, "", "a", "zz", "new", "new york", "qqqq qqqq", "the", "said") {
		h1, l1 := g.Probe(k)
		h2, l2 := plain.Probe(k)
		if h1 != h2 || l1 != l2 || g.Has(k) != plain.Has(k) {
			t.Errorf("%q: Probe %v %v, without filter %v %v", k, h1, l1, h2, l2)
		}
		if g.ruledOut(k) {
			ruled++
		}
	}
	if ruled == 0 {
		t.Error("the filter ruled nothing out")
	}
}

// BenchmarkKeyFilter is the one-time cost of the key filter of the
// default gazetteer (paid on the first Probe or Has).
func BenchmarkKeyFilter(b *testing.B) {
	g, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		g.decodeKeyFilter()
	}
}
