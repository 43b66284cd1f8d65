package geoparse

import evident "github.com/evident-org/evident"

// Rivers, lakes and valleys are toponyms the gazetteer often lacks:
// "the Neches River", "Elbow Lake", "Lake Lanier", "Bear Creek". Like
// streets they are recognised by their form: capitalised words before a
// water or terrain word, or "Lake" before capitalised words. A name the
// gazetteer has ("Mississippi River") is left to the gazetteer rules.

// landmarkWord reports whether w ends a natural feature's name, as
// written.
func landmarkWord(w string) bool {
	switch w {
	case "River", "Creek", "Lake", "Valley", "Island", "Bay", "Park", "Forest", "Mountain", "Mountains", "Canyon", "Beach", "Wilderness", "Hill":
		return true
	}
	return false
}

// landmarkHead reports whether w opens a natural feature's name: "Lake
// Lanier".
func landmarkHead(w string) bool {
	return w == "Lake"
}

// maxLandmarkWords bounds the words of a landmark's name besides its
// feature word.
const maxLandmarkWords = 3

// landmark matches a river, creek or lake name at token i that the
// gazetteer lacks. It returns the number of tokens.
func (m *matcher) landmark(toks []evident.Token, i int) (int, bool) {
	t := toks[i].Text
	if len(t) == 0 || t[0] < 'A' || t[0] > 'Z' || streetStop(t) {
		return 0, false
	}
	n := 0
	if landmarkHead(t) {
		// "Lake Lanier": one or two capitalised words after "Lake".
		k := i + 1
		for k < len(toks) && k-i <= 2 && m.nameWord(toks[k].Text) {
			k++
		}
		n = k - i
		if n < 2 {
			return 0, false
		}
	} else {
		// Most capitalised words have no feature word after them: look
		// for one before testing the name's words.
		f := i + 1
		for f < len(toks) && f-i <= maxLandmarkWords && !landmarkWord(toks[f].Text) {
			f++
		}
		if f >= len(toks) || f-i > maxLandmarkWords {
			return 0, false
		}
		k := i
		for k < len(toks) && k-i < maxLandmarkWords && m.nameWord(toks[k].Text) {
			k++
		}
		if k == i || k >= len(toks) || !landmarkWord(toks[k].Text) {
			return 0, false
		}
		n = k - i + 1
	}
	// "Bear Creek Road", "Lake Shore Drive", "Red River Bank": a longer
	// name goes on.
	if e := i + n; e < len(toks) && isWord(toks[e].Text) && capitalised(toks[e].Text) {
		return 0, false
	}
	if !landmarkHead(t) && !m.properBefore(toks, i, i+n-1) {
		return 0, false
	}
	if span := m.text[toks[i].Start:toks[i+n-1].End]; m.probe(span).known || m.never(span) {
		return 0, false
	}
	return n, true
}

// nameWord reports whether w may be a word of a landmark's name: a
// capitalised word, not all capitals, no function word, no common word
// of the lexicon and no feature word itself.
func (m *matcher) nameWord(w string) bool {
	if !isWord(w) || !capitalised(w) || allCaps(w) || streetStop(w) || landmarkWord(w) || landmarkHead(w) {
		return false
	}
	var kb [32]byte
	low := lowerKey(&kb, w) // no allocation per token
	return !m.lx.SentenceStart[low] && !m.lx.Never[low]
}

// landmarkMention makes the place mention of the landmark at
// toks[i:i+n]: no gazetteer entry; Resolve places it.
func (m *matcher) landmarkMention(si int, toks []evident.Token, i, n int) evident.Mention {
	men := m.streetMention(si, toks, i, n)
	men.Rule = "landmark"
	return men
}

// residentNoun reports whether w, after a place name, makes the name a
// place: "a Lanexa man", "the Meadow Grove area", "Harwinton residents".
func residentNoun(w string) bool {
	switch w {
	case "man", "woman", "men", "women", "resident", "residents", "native", "natives", "area":
		return true
	}
	return false
}

// resident matches the name in "a Tennessee Colony man" or "the
// Harwinton area" at token i: one or two capitalised words after an
// article and before a resident noun, that the gazetteer lacks (a name
// it has goes the gazetteer's way). It returns the number of tokens.
func (m *matcher) resident(toks []evident.Token, i int) (int, bool) {
	if i == 0 || i+1 >= len(toks) {
		return 0, false
	}
	switch toks[i-1].Text {
	case "a", "an", "the", "A", "An", "The":
	default:
		return 0, false
	}
	k := i
	for k < len(toks) && k-i < 2 && m.nameWord(toks[k].Text) {
		k++
	}
	if k == i || k >= len(toks) || !residentNoun(toks[k].Text) {
		return 0, false
	}
	n := k - i
	span := m.text[toks[i].Start:toks[i+n-1].End]
	if pr := m.probe(span); pr.known || pr.demonym != "" || m.never(span) {
		return 0, false
	}
	return n, true
}
