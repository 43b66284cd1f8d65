package geoparse

import (
	"strings"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// dottedRegion matches a region abbreviation with inner full stops that
// stands alone, not after a place and a comma: "in S.C. today", "In
// D.C., we", "B.C. had its coldest winter". Dotted initials ("S.C.",
// "N.Y.", "W.Va.") name nothing else; abbreviations with one full stop
// ("Mass.", "Ill.", "Wash.") are also English words and are read only
// after a comma (regionAbbrev) or in a party tag (partyTag). After a
// number, "B.C." is an era: "300 B.C.".
func (m *matcher) dottedRegion(toks []evident.Token, i int) (match, bool) {
	t := toks[i].Text
	if len(t) < 3 || t[1] != '.' || t[0] < 'A' || t[0] > 'Z' {
		return match{}, false
	}
	n := 1
	if t[len(t)-1] != '.' {
		// "S.C" "." at a sentence's end
		if i+1 >= len(toks) || toks[i+1].Text != "." || toks[i+1].Start != toks[i].End {
			return match{}, false
		}
		n = 2
	}
	if i > 0 && toks[i-1].Text != "" && toks[i-1].Text[0] >= '0' && toks[i-1].Text[0] <= '9' {
		return match{}, false
	}
	regions := m.abbrevForm(m.text[toks[i].Start:toks[i+n-1].End])
	if len(regions) == 0 {
		return match{}, false
	}
	return match{i: i, n: n, cands: regions}, true
}

// abbrevForm returns the regions of a region abbreviation as written:
// dotted as the lexicon writes it ("W.Va.", not "W.V.a."), or a postal
// code without full stops ("KY").
func (m *matcher) abbrevForm(word string) []gazetteer.Entry {
	key := strings.ToLower(strings.ReplaceAll(word, ".", ""))
	target, ok := m.lx.RegionAbbrev[key]
	if !ok {
		return nil
	}
	if strings.Contains(word, ".") {
		if f := m.lx.RegionAbbrevForm[key]; f != "" && f != strings.ToLower(word) {
			return nil
		}
	} else if !allCaps(word) {
		return nil
	}
	return m.abbrevRegions(target)
}

// partyTag matches the region or hometown in a politician's party tag
// after a comma or an opening bracket: "Clyburn, D-S.C.", "(R-Ky.)",
// "Rep. Jane Doe, R-Ashland". It returns the match on a token of its
// own (the region part of the tag) and how many tokens the tag spans.
//
// The rule is "gazetteer:region-abbrev" for a region (resolved as
// recognised) and "gazetteer:party-tag" for a hometown.
func (m *matcher) partyTag(toks []evident.Token, i int) (match, []evident.Token, int, string, bool) {
	t := toks[i].Text
	if len(t) < 3 || t[1] != '-' || t[0] != 'D' && t[0] != 'R' && t[0] != 'I' || t[2] < 'A' || t[2] > 'Z' ||
		i == 0 || toks[i-1].Text != "," && toks[i-1].Text != "(" {
		return match{}, nil, 0, "", false
	}
	// The tokeniser splits "D-S.C." into "D-S" "." "C" ".": the tag runs
	// on while tokens touch.
	k := i + 1
	for k < len(toks) && toks[k].Start == toks[k-1].End && (toks[k].Text == "." || len(toks[k].Text) <= 2 && allLetters(toks[k].Text)) {
		k++
	}
	start, end := toks[i].Start+2, toks[k-1].End
	word := m.text[start:end]
	tok := []evident.Token{{Span: evident.Span{Start: start, End: end}, Text: word}}
	if regions := m.abbrevForm(word); len(regions) > 0 {
		return match{n: 1, cands: regions}, tok, k - i, "gazetteer:region-abbrev", true
	}
	if k > i+1 || countLetters(word) < 3 || allCaps(word) {
		return match{}, nil, 0, "", false
	}
	if pr := m.probe(word); pr.known && pr.demonym == "" && len(pr.cands) > 0 {
		return match{n: 1, cands: pr.cands}, tok, 1, "gazetteer:party-tag", true
	}
	return match{}, nil, 0, "", false
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return s != ""
}

// holiday reports whether the tokens from j on are a possessive and
// "Day" or "Eve": "St. Patrick's Day", "St. George's Day" name a
// holiday, not a place.
func holiday(toks []evident.Token, j int) bool {
	if j+1 >= len(toks) || !isPossessive(toks[j].Text) {
		return false
	}
	switch toks[j+1].Text {
	case "Day", "Eve":
		return true
	}
	return false
}

// afterYear reports whether token i follows a year: "March 30, 2009
// NEWARK --" is a dateline inside the text.
func afterYear(toks []evident.Token, i int) bool {
	if i == 0 {
		return false
	}
	y := toks[i-1].Text
	return len(y) == 4 && (y[:2] == "19" || y[:2] == "20") && y[2] >= '0' && y[2] <= '9' && y[3] >= '0' && y[3] <= '9'
}
