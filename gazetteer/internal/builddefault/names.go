package main

import (
	"bufio"
	"io"
	"strings"

	"github.com/evident-org/evident/gazetteer"
)

// Villages from the packs have no population, so in news text their
// names compete with common words and people's names: without a filter
// "Assad", "Putin", "Radio" and "Rebel" become villages of Afghanistan,
// Ukraine and Eritrea. villageFilter decides which names of a pack
// village (or a GeoNames place below -minpop) are indexed.
type villageFilter struct {
	// english are normalised English words (village_stopwords.txt).
	english map[string]bool
	// person are words that the packs use as people's names: those that
	// follow "Abu", "Izbat", "Kafr", "Qaryat", "Awlad" ... in at least
	// personMin place names ("Kafr Abu Umar", "Izbat Khalid").
	person map[string]bool
	// arabic keeps the villages' Arabic-script names.
	arabic bool
}

const personMin = 3

// personPrefixes precede a person's name in place names.
var personPrefixes = map[string]bool{
	"abu": true, "abd": true, "abdul": true, "izbat": true, "ezbet": true, "kafr": true, "qaryat": true,
	"bani": true, "beni": true, "umm": true, "ould": true, "awlad": true, "bayt": true, "beit": true,
	"shaykh": true, "sheikh": true, "imam": true, "mulla": true, "haji": true, "hajji": true, "sidi": true,
	"ibn": true, "bin": true, "zawiyat": true, "mazraat": true, "manshiyat": true, "nazlat": true,
	"albu": true, "bou": true, "khirbat": true, "deh": true, "qala": true, "kalay": true, "kili": true,
}

var articleWords = map[string]bool{
	"al": true, "el": true, "ar": true, "as": true, "ash": true, "at": true, "ath": true, "ad": true,
	"adh": true, "az": true, "an": true, "ed": true, "es": true, "er": true, "et": true, "en": true, "ez": true,
}

// personCounter counts the words that follow person prefixes.
type personCounter map[string]int

func (c personCounter) add(names ...string) {
	for _, n := range names {
		t := strings.Fields(gazetteer.Normalize(n))
		for i := 0; i+1 < len(t); i++ {
			if !personPrefixes[t[i]] {
				continue
			}
			j := i + 1
			if articleWords[t[j]] && j+1 < len(t) {
				j++
			}
			if len(t[j]) >= 3 && !personPrefixes[t[j]] {
				c[t[j]]++
			}
		}
	}
}

func (c personCounter) words() map[string]bool {
	out := map[string]bool{}
	for w, n := range c {
		if n >= personMin {
			out[w] = true
		}
	}
	return out
}

func readWords(path string) (map[string]bool, error) {
	out := map[string]bool{}
	err := withFile(path, func(r io.Reader) error {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if l := sc.Text(); l != "" && l[0] != '#' {
				out[l] = true
			}
		}
		return sc.Err()
	})
	return out, err
}

// blocked reports whether a normalised key must not index a village: a
// one-word key that is an English word or a person's name, or a key made
// only of person words, prefixes and articles ("abu bakr", "abdul rahman").
func (f *villageFilter) blocked(key string) bool {
	t := strings.Fields(key)
	if len(t) == 1 {
		return f.english[key] || f.person[key] || personPrefixes[key]
	}
	for _, w := range t {
		if !f.person[w] && !personPrefixes[w] && !articleWords[w] {
			return false
		}
	}
	return true
}

func (f *villageFilter) blockedName(n string) bool {
	for _, k := range gazetteer.Keys(n) {
		if f.blocked(k) {
			return true
		}
	}
	return false
}

// names returns the alternate names to index a village under (its
// preferred name is indexed by the builder), and false when the
// preferred name itself is blocked, in which case the village is left
// out. Latin-script alternates are kept only when they are spelling
// variants of the preferred or ASCII name: the packs' alternates include
// translations and mistakes ("God" for a village called "Diyos").
func (f *villageFilter) names(name, ascii string, alts []string) ([]string, bool) {
	if f.blockedName(name) {
		return nil, false
	}
	base := looseKeys(name, ascii)
	var out []string
	if ascii != "" && !f.blockedName(ascii) {
		out = append(out, ascii)
	}
	for _, a := range alts {
		if f.blockedName(a) {
			continue
		}
		if hasArabic(a) && !f.arabic || !hasArabic(a) && !variantOf(a, base) {
			continue
		}
		out = append(out, a)
	}
	return out, true
}

// variantOf reports whether name is a spelling variant of one of the
// loose keys: an edit distance of at most a third of the longer key.
func variantOf(name string, base []string) bool {
	for _, k := range looseKeys(name) {
		for _, b := range base {
			rk, rb := []rune(k), []rune(b)
			if gazetteer.Levenshtein(rk, rb)*3 <= max(len(rk), len(rb)) {
				return true
			}
		}
	}
	return false
}
