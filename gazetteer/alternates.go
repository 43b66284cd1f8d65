package gazetteer

import (
	"slices"
	"unicode"
)

// KeepAlternate reports whether an alternate name of a GeoNames row is
// worth indexing for news text in Latin or Arabic script. Kept: names in
// Latin script with at least one capital letter, and names in Arabic
// script. Dropped: names shorter than 2 or longer than 80 bytes, names in
// other scripts or mixing Latin and Arabic, all-lower-case Latin names
// (GeoNames' machine transliterations such as "alflwjt") and all-capital
// Latin names of up to four letters (airport and other codes: "TQD").
// It is the filter of the default gazetteer and of Importer.
func KeepAlternate(a string) bool {
	if len(a) < 2 || len(a) > 80 {
		return false
	}
	latin, arabic, upper, lower := 0, 0, 0, 0
	for _, r := range a {
		switch {
		case r < 0x80:
			// ASCII fast path: letters are Latin, the rest is neither.
			switch {
			case r >= 'A' && r <= 'Z':
				latin++
				upper++
			case r >= 'a' && r <= 'z':
				latin++
				lower++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
			if unicode.IsUpper(r) {
				upper++
			} else {
				lower++
			}
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.IsLetter(r):
			return false
		}
	}
	if latin > 0 && arabic > 0 {
		return false
	}
	if latin > 0 {
		if upper == 0 {
			return false
		}
		if lower == 0 && latin <= 4 {
			return false
		}
		return true
	}
	return arabic > 0
}

// FilterAlternates returns the names of alts that KeepAlternate keeps.
// It filters in place: alts is overwritten.
func FilterAlternates(alts []string) []string {
	out := alts[:0]
	for _, a := range alts {
		if KeepAlternate(a) {
			out = append(out, a)
		}
	}
	return slices.Clip(out)
}
