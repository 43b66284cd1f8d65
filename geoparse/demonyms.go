package geoparse

import (
	"strings"
	"unsafe"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// Demonyms of regions and cities: the gazetteer knows the demonyms of
// countries ("Syrian", "Kurds" are its or the lexicon's); people of a
// state, province or big city are named by English suffixes on the
// place's name: "Ohioans", "Iowan", "Manitobans", "Texans", "Ontarians",
// "Floridian", "Londoners", "New Yorkers". Singular "-er" ("Peter") and
// "-i" ("Buhari") are left out: too many surnames end so.

// demonymEndings maps an ending of the people's word to what replaces it
// in the place name, tried in order.
var demonymEndings = []struct{ end, repl string }{
	{"ians", "ia"}, {"ians", "io"}, {"ians", "a"}, {"ians", ""},
	{"ian", "ia"}, {"ian", "io"}, {"ian", "a"}, {"ian", ""},
	{"ans", "a"}, {"ans", ""}, {"ans", "as"},
	{"an", "a"}, {"an", ""}, {"an", "as"},
	{"ers", ""},
}

// maxDemonymWords bounds the words of a regional demonym ("Long
// Islanders", "New Yorkers").
const maxDemonymWords = 3

// regionDemonym matches a demonym of a region or big city ending at a
// word of toks[i:i+maxDemonymWords]. The place must be a first-level
// division or a city of a million people (a country's demonyms are the
// gazetteer's): "Rangers" or "Susan" name no place.
func (m *matcher) regionDemonym(toks []evident.Token, i int) (match, bool) {
	for n := 1; n <= maxDemonymWords && i+n <= len(toks); n++ {
		last := toks[i+n-1].Text
		if !isWord(last) || !capitalised(last) || allCaps(last) {
			return match{}, false
		}
		if len(last) < 5 || !demonymTail(last) {
			continue
		}
		head := m.text[toks[i].Start:toks[i+n-1].Start]
		for _, e := range demonymEndings {
			if !strings.HasSuffix(last, e.end) || len(last)-len(e.end) < 3 {
				continue
			}
			// The name lives in m.dbuf until the next try: regions keeps
			// nothing of it (the cache clones what it stores).
			m.dbuf = append(append(append(m.dbuf[:0], head...), last[:len(last)-len(e.end)]...), e.repl...)
			if cands := m.regions(unsafe.String(unsafe.SliceData(m.dbuf), len(m.dbuf))); len(cands) > 0 {
				return match{i: i, n: n, cands: cands}, true
			}
		}
	}
	return match{}, false
}

// demonymTail reports whether a word ends like a people's word: "-an",
// "-ans" (and so "-ian", "-ians") or "-ers". Checked before any lookup,
// it keeps the probes to few words.
func demonymTail(w string) bool {
	return strings.HasSuffix(w, "an") || strings.HasSuffix(w, "ans") || strings.HasSuffix(w, "ers")
}

// regions returns the first-level divisions and cities of a million
// people named name.
func (m *matcher) regions(name string) []gazetteer.Entry {
	var out []gazetteer.Entry
	for _, e := range m.cache.lookup(m.gaz, name) {
		if e.FeatureCode == "ADM1" || e.FeatureClass == "P" && e.Population >= 1000000 {
			out = append(out, e)
		}
	}
	return out
}

// demonymMention is the mention of a regional demonym: a demonym whose
// place is the region or city itself, already chosen (Resolve leaves
// demonyms alone).
func (m *matcher) demonymMention(si int, toks []evident.Token, mt match) evident.Mention {
	start, end := toks[mt.i].Start, toks[mt.i+mt.n-1].End
	best := Prominent(mt.cands)
	p := best.Place()
	p.Demonym = true
	return evident.Mention{
		Kind: evident.KindPlace, Span: evident.Span{Start: start, End: end},
		Text: m.text[start:end], Sentence: si, Rule: "demonym:region", Confidence: 0.7, Place: p,
	}
}

// demonymWord reports whether the last word of a regional demonym is no
// common word: not one of the lexicon's, nor written in lower case in
// the document ("Gunman" opening a headline, "gunman" later).
func (m *matcher) demonymWord(w string) bool {
	return !m.commonWord(w) && !m.lowerInDoc(strings.ToLower(w))
}
