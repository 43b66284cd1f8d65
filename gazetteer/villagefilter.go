package gazetteer

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
)

// The import's village filter: the rule the default gazetteer applies to
// its Who's On First villages (docs/gazetteer.md, "Village filter"), for
// imports. A village is a populated place (class P) below
// villageMaxPop that is not a capital or an administrative seat (PPLC,
// PPLA*): Who's On First villages have no population at all, so in news
// text their names compete with common words and people's names ("Rod",
// "Hotel", "Saint", "Eva" are villages of the packs). A village is left
// out when its preferred or ASCII name is one English word of
// data/village_stopwords.txt (SCOWL words that are one-word place names
// of the packs), a notvillage word of data/curated.tsv (armed groups,
// media and people frequent in conflict news), a name prefix ("Abu") or
// only such words, prefixes and articles ("Abdul Rahman", "Al Harbi");
// its alternate names are kept only when they are Latin-script spelling
// variants of its name or ASCII name (edit distance at most a third of
// the longer), since the packs' alternates include translations and
// mistakes ("Teacher" for a village called "Doctor"). builddefault has
// its own copy of the rule, which also blocks the people's names it
// counts in the packs.

//go:embed data/village_stopwords.txt
var villageStopwordsText string

//go:embed data/curated.tsv
var curatedText string

// villageMaxPop: populated places below it are villages for the filter
// (the default keeps GeoNames places from 1,000 up).
const villageMaxPop = 1000

var villageWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for l := range strings.SplitSeq(villageStopwordsText, "\n") {
		if l = strings.TrimSpace(l); l != "" && l[0] != '#' {
			m[l] = true
		}
	}
	for l := range strings.SplitSeq(curatedText, "\n") {
		if f := strings.Split(strings.TrimRight(l, "\r"), "\t"); len(f) == 2 && f[0] == "notvillage" {
			for w := range strings.SplitSeq(f[1], "|") {
				if k := Normalize(w); k != "" {
					m[k] = true
				}
			}
		}
	}
	return m
})

// namePrefixes precede a person's name in place names; articleWords are
// the Arabic articles as Normalize leaves them.
var (
	namePrefixes = map[string]bool{
		"abu": true, "abd": true, "abdul": true, "izbat": true, "ezbet": true, "kafr": true, "qaryat": true,
		"bani": true, "beni": true, "umm": true, "ould": true, "awlad": true, "bayt": true, "beit": true,
		"shaykh": true, "sheikh": true, "imam": true, "mulla": true, "haji": true, "hajji": true, "sidi": true,
		"ibn": true, "bin": true,
	}
	articleWords = map[string]bool{
		"al": true, "el": true, "ar": true, "as": true, "ash": true, "at": true, "ath": true, "ad": true,
		"adh": true, "az": true, "an": true, "ed": true, "es": true, "er": true, "et": true, "en": true, "ez": true,
	}
)

// isVillage reports whether the village filter applies to a row.
func isVillage(class, code string, pop int64) bool {
	return class == "P" && pop < villageMaxPop && code != "PPLC" && !strings.HasPrefix(code, "PPLA")
}

// villageBlocked reports whether a name must not index a village.
func villageBlocked(name string) bool {
	words := villageWords()
	k := Normalize(name)
	if k == "" {
		return false
	}
	t := strings.Fields(k)
	if len(t) == 1 {
		return words[k] || namePrefixes[k]
	}
	for _, w := range t {
		if !words[w] && !namePrefixes[w] && !articleWords[w] {
			return false
		}
	}
	return true
}

// villageVariant reports whether alt is a Latin-script spelling variant
// of name or ascii.
func villageVariant(alt, name, ascii string) bool {
	for _, r := range alt {
		if r > unicode.MaxLatin1 && !unicode.Is(unicode.Latin, r) && unicode.IsLetter(r) {
			return false
		}
	}
	a := []rune(looseKey(alt))
	for _, b := range [2]string{name, ascii} {
		if b == "" {
			continue
		}
		rb := []rune(looseKey(b))
		if Levenshtein(a, rb)*3 <= max(len(a), len(rb)) {
			return true
		}
	}
	return false
}

// looseKey is a name's key without its article and spaces.
func looseKey(n string) string {
	k := Normalize(n)
	if s, ok := StripArticle(k); ok {
		k = s
	}
	return strings.ReplaceAll(k, " ", "")
}

// Levenshtein returns the edit distance (insertions, deletions,
// substitutions) between two rune strings.
func Levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// hasArabicScript reports whether s has a letter of the Arabic script.
func hasArabicScript(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return true
		}
	}
	return false
}
