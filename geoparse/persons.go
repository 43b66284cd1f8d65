package geoparse

import evident "github.com/evident-org/evident"

// afterInitial reports whether token i follows a capitalised word and a
// middle initial: "Tyrise M. Bell", "David L. Lawrence", "Krystal D.
// Hall". Such a word is a surname, however many places bear it.
func afterInitial(toks []evident.Token, i int) bool {
	if i < 3 || toks[i-1].Text != "." || toks[i-1].Start != toks[i-2].End {
		return false
	}
	ini, first := toks[i-2].Text, toks[i-3].Text
	if len(ini) != 1 || ini[0] < 'A' || ini[0] > 'Z' {
		return false
	}
	return isWord(first) && capitalised(first) && !allCaps(first) && countLetters(first) > 1
}
