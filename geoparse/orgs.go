package geoparse

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

//go:embed data/names.txt
var defaultNames string

// nameWords are the words of the names that contain places
// (data/names.txt): organisation heads, heads only a town has, and
// titles that follow a place.
type nameWords struct {
	OrgHead  map[string]bool
	Civic    map[string]bool
	OrgTitle map[string]bool
}

// parseNames reads a word list in the format of data/names.txt.
func parseNames(r io.Reader) (*nameWords, error) {
	nw := &nameWords{OrgHead: map[string]bool{}, Civic: map[string]bool{}, OrgTitle: map[string]bool{}}
	sets := map[string]map[string]bool{"org-head": nw.OrgHead, "civic-head": nw.Civic, "org-title": nw.OrgTitle}
	var cur map[string]bool
	sc := bufio.NewScanner(r)
	for no := 1; sc.Scan(); no++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			s, ok := sets[line[1:len(line)-1]]
			if !ok {
				return nil, fmt.Errorf("names line %d: unknown section %s", no, line)
			}
			cur = s
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("names line %d: word before any section", no)
		}
		for _, w := range strings.Fields(strings.ToLower(line)) {
			cur[w] = true
		}
	}
	return nw, sc.Err()
}

var defaultNameWords = sync.OnceValue(func() *nameWords {
	nw, err := parseNames(strings.NewReader(defaultNames))
	if err != nil {
		panic("geoparse: embedded names: " + err.Error())
	}
	return nw
})

// orgRun is the longest capitalised run looked at after a place: "Texas
// [Alcoholic Beverage Commission]", "Ohio [Partners for Affordable Energy]".
const orgRun = 6

// orgAfter returns the token of the head when the words from token j on continue a place
// name into the name of an organisation, facility or office: a run of
// capitalised words ("&" allowed inside) holding an organisation head
// ("Texas Forest Service", "Ontario Municipal Board", "Athens Review")
// or, right at j, a title ("Fargo Mayor", "Alaska Gov.") or a party ("a
// Kettering Republican"). The run stops at a lower-case word: in "Craig
// Kaser of Terremark Partners" the head is no part of Craig's name.
//
// With civic set, only heads a town alone has count ("Chiefland Police
// Chief", "Canaan Board of Finance"): a school or hall may be named after
// a person ("Cora Kelly Elementary School").
func (m *matcher) orgAfter(toks []evident.Token, j int, civic bool) int {
	nw := defaultNameWords()
	words := 0
	for k := j; k < len(toks) && words < orgRun; k++ {
		t := toks[k].Text
		if !isWord(t) {
			// "Gov." and "Co." end in a full stop; "Texas Parks &
			// Wildlife Department" has an ampersand.
			if (t == "." || t == "&") && k > j {
				continue
			}
			return -1
		}
		if !capitalised(t) {
			return -1
		}
		// "David L. Lawrence Convention Center": a middle initial makes
		// the run a person's name.
		if countLetters(t) == 1 && k+1 < len(toks) && toks[k+1].Text == "." {
			return -1
		}
		words++
		// "Journal-Constitution": each part of a hyphenated word.
		for part := range strings.SplitSeq(t, "-") {
			if part == "" {
				continue
			}
			low := strings.ToLower(part)
			if civic {
				if nw.Civic[low] || k == j && nw.OrgTitle[low] {
					return k
				}
			} else if m.orgHead(part) || k == j && nw.OrgTitle[low] {
				return k
			}
		}
	}
	return -1
}

// placeFirst reports whether the org rules may read the match at token i
// as the place an organisation is named after: it opens the capitalised
// run (in "Cora Kelly Elementary School" or "Charleston Gold Dome Lions
// Club" the inner words belong to a person's or another name), and it is
// notable, or the head is a civic head or a title, which only a town
// carries ("Chiefland Police", "Fargo Mayor").
//
// The words up to the head are the organisation's, not places: the
// matcher skips them (m.orgEnd, then m.skip), so "Sam Houston State University" yields
// no Houston.
func (m *matcher) placeFirst(toks []evident.Token, mt match) bool {
	// A common word or a direction before ("The Dublin Singers",
	// "Western Pennsylvania Kennel Association") opens no other name.
	if p := mt.i - 1; p >= 0 && isWord(toks[p].Text) && capitalised(toks[p].Text) && !atSentenceStart(toks, p) && !m.modifier(toks[p].Text) {
		return false
	}
	// "Sam Houston State University", "George Washington University": a
	// place name right after makes the first word a first name.
	// A common word ("Texas Forest Service") is no such name.
	if j := mt.i + mt.n; j < len(toks) && !m.orgHead(toks[j].Text) && !m.modifier(toks[j].Text) && m.probe(toks[j].Text).known {
		return false
	}
	h := m.orgAfter(toks, mt.i+mt.n, !notable(mt.cands))
	if h < 0 {
		return false
	}
	m.orgEnd = toks[h].End
	return true
}

// notable reports whether a candidate is prominent enough that an
// organisation is more likely named after it than after a person: a
// country, a first-level division, a capital of a country or of a
// division, or a place of at least 100,000 people. (Counties and towns
// are often named after people: "Graham Middle School", "Campbell Soup
// Company".)
func notable(cands []gazetteer.Entry) bool {
	for i := range cands {
		c := &cands[i]
		if c.IsCountry() || c.FeatureCode == "ADM1" || c.Population >= 100000 || c.FeatureCode == "PPLC" || c.FeatureCode == "PPLA" {
			return true
		}
	}
	return false
}

// orgHead reports whether a word is an organisation or civic head or a
// feature word of the lexicon.
func (m *matcher) orgHead(w string) bool {
	nw := defaultNameWords()
	low := strings.ToLower(w)
	return nw.OrgHead[low] || nw.Civic[low] || m.lx.Feature[low]
}

// modifier reports whether a capitalised word before a place opens no
// name of its own: a common word of the lexicon ("The", "Historic") or
// a direction ("Western").
func (m *matcher) modifier(w string) bool {
	var kb [32]byte
	low := lowerKey(&kb, w)
	return m.lx.SentenceStart[low] || m.lx.Direction[low] != ""
}
