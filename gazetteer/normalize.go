package gazetteer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Normalize returns the lookup key of a place name: Unicode case folding,
// diacritics removed (NFD, combining marks dropped), apostrophes and dots
// dropped ("Ma'arrat" = "Maarrat", "U.S." = "US"), every other run of
// non-letters and non-digits (spaces, hyphens, commas) collapsed to one
// space, and a few Arabic-script letter variants unified (alef forms,
// alef maqsura, teh marbuta, tatweel). It is safe for concurrent use.
func Normalize(s string) string {
	if isASCII(s) {
		return normalizeASCII(s)
	}
	// cases.Caser is stateful, so one per call; this path is only taken
	// for non-ASCII input.
	s = strings.ToValidUTF8(s, " ")
	s = cases.Fold().String(s)
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false // a separator is pending
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) || isApostrophe(r) || r == '.' || r == 0x0640 {
			continue
		}
		if f, ok := foldExtra[r]; ok {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(f)
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			// Folding is not always idempotent (Cherokee folds to upper
			// case); lower-casing after it makes Normalize idempotent.
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return norm.NFC.String(b.String())
}

// foldExtra maps letters that have no canonical decomposition, and
// Arabic-script variants, to their base form.
var foldExtra = map[rune]string{
	'ø': "o", 'đ': "d", 'ł': "l", 'ħ': "h", 'ı': "i", 'æ': "ae", 'œ': "oe",
	'þ': "th", 'ð': "d", 'ŧ': "t", 'ß': "ss",
	'أ': "ا", 'إ': "ا", 'آ': "ا", 'ٱ': "ا", 'ى': "ي", 'ة': "ه", 'ی': "ي", 'ک': "ك",
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', 'ʻ', 'ʿ', 'ʾ', '`', '´', 'ʹ', 'ˈ':
		return true
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func normalizeASCII(s string) string {
	// Fast path: most names and most news text are ASCII.
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return string(appendNormalizeASCII(make([]byte, 0, len(s)), s))
}

// AppendNormalize appends Normalize(s) to dst and returns the extended
// buffer; for ASCII s it does not allocate (beyond growing dst).
func AppendNormalize(dst []byte, s string) []byte {
	if isASCII(s) {
		return appendNormalizeASCII(dst, s)
	}
	return append(dst, Normalize(s)...)
}

// appendNormalizeASCII appends the normalised form of ASCII s to b.
func appendNormalizeASCII(b []byte, s string) []byte {
	start := len(b)
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if space && len(b) > start {
				b = append(b, ' ')
			}
			space = false
			b = append(b, c)
		case c == '\'' || c == '.' || c == '`':
		default:
			space = true
		}
	}
	return b
}

// arabicArticles are the transliterated forms of the Arabic article as
// they appear after normalisation ("al-" and "al " both become "al ").
// Sun-letter assimilations ("ar Raqqah", "as Sulaymaniyah") are included.
var arabicArticles = []string{"al ", "el ", "ar ", "as ", "ash ", "at ", "ath ", "ad ", "adh ", "az ", "an "}

// StripArticle returns key without a leading Arabic article ("al ",
// "el ", "ar ", "as ", ..., or the attached "ال"), and whether one was
// removed. key must already be normalised. The remainder must keep at
// least three bytes so that "Al" or "As" alone are not emptied.
func StripArticle(key string) (string, bool) {
	if rest, ok := strings.CutPrefix(key, "ال"); ok && len(rest) >= 4 {
		return rest, true
	}
	for _, a := range arabicArticles {
		if rest, ok := strings.CutPrefix(key, a); ok && len(rest) >= 3 {
			return rest, true
		}
	}
	return key, false
}

// Keys returns the lookup keys of a name: its normalised form and, when
// it starts with an Arabic article, the form without it. Empty names
// have no keys.
func Keys(name string) []string {
	return appendKeys(nil, name)
}

// appendKeys appends the keys of name to dst.
func appendKeys(dst []string, name string) []string {
	k := Normalize(name)
	if k == "" {
		return dst
	}
	if s, ok := StripArticle(k); ok {
		return append(dst, k, s)
	}
	return append(dst, k)
}
