package eventeval

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// adminWords are the generic words of first-level division names that
// NormaliseProvince drops.
var adminWords = map[string]bool{
	"province": true, "provinces": true, "governorate": true, "wilayat": true,
	"velayat": true, "welayat": true, "muhafazat": true, "region": true,
	"oblast": true, "state": true,
}

// arabicArticles are the article forms NormaliseProvince drops from the
// start of a name ("Al Anbar", "Ar-Raqqah", "An Najaf").
var arabicArticles = map[string]bool{
	"al": true, "ar": true, "as": true, "an": true, "ad": true, "ash": true,
	"at": true, "az": true, "el": true,
}

// provinceVariants maps spellings of first-level divisions (after the
// generic steps of NormaliseProvince) to one form. It covers the
// Afghan provinces (as the ISAF labels and GeoNames spell them) and the
// governorates of Iraq and Syria that the gold files use. It is a table
// of transliteration variants of division names, not of anything the
// labels say about particular documents.
var provinceVariants = map[string]string{
	// Afghanistan.
	"paktia": "paktya", "paktiya": "paktya",
	"oruzgan": "uruzgan", "urozgan": "uruzgan", "orozgan": "uruzgan", "uruzghan": "uruzgan", "oruzghan": "uruzgan",
	"hirat": "herat",
	"konar": "kunar", "kunarh": "kunar",
	"ningarhar": "nangarhar", "nangrahar": "nangarhar", "nangahar": "nangarhar",
	"hilmand":  "helmand",
	"qandahar": "kandahar", "kandhar": "kandahar",
	"khowst": "khost", "khost o mandozai": "khost",
	"vardak": "wardak", "wardag": "wardak", "maidan wardak": "wardak", "maydan wardak": "wardak", "meydan wardak": "wardak",
	"zabol":  "zabul",
	"qunduz": "kunduz", "kondoz": "kunduz", "konduz": "kunduz",
	"sar e pol": "sar e pul", "sari pul": "sar e pul", "sar i pul": "sar e pul", "sar i pol": "sar e pul", "sare pul": "sar e pul", "sar pol": "sar e pul", "saripul": "sar e pul",
	"badghes": "badghis",
	"nimruz":  "nimroz",
	"jawzjan": "jowzjan", "jozjan": "jowzjan", "jauzjan": "jowzjan",
	"ghowr": "ghor", "ghur": "ghor",
	"nurestan": "nuristan",
	"lowgar":   "logar",
	"parvan":   "parwan",
	"panjsher": "panjshir",
	"bamian":   "bamyan", "bamiyan": "bamyan",
	"daikundi": "daykundi", "dai kundi": "daykundi", "daykondi": "daykundi",
	"faryaab": "faryab",
	// Iraq.
	"ninawa": "nineveh", "ninewa": "nineveh", "ninawah": "nineveh", "ninive": "nineveh",
	"salah ad din": "salahuddin", "salah al din": "salahuddin", "salahaddin": "salahuddin", "saladin": "salahuddin", "salah addin": "salahuddin",
	"arbil": "erbil", "irbil": "erbil", "hawler": "erbil",
	"dahuk": "duhok", "dohuk": "duhok",
	"sulaimaniya": "sulaymaniyah", "sulaymaniyya": "sulaymaniyah", "as sulaymaniyah": "sulaymaniyah", "slemani": "sulaymaniyah",
	"tamim":     "kirkuk",
	"qadisiyah": "qadisiyyah", "qadisiya": "qadisiyyah",
	"babel": "babil",
	// Syria.
	"hasaka": "hasakah", "hassakeh": "hasakah", "hasakeh": "hasakah",
	"raqqah": "raqqa", "rakka": "raqqa",
	"deir ezzor": "deir ez zor", "dayr az zawr": "deir ez zor", "deir al zour": "deir ez zor", "deir ez zour": "deir ez zor", "deir el zor": "deir ez zor", "deir al zor": "deir ez zor",
	"halab": "aleppo",
	"idleb": "idlib",
	"hamah": "hama",
	"hims":  "homs",
	"dara":  "daraa", "deraa": "daraa",
	"rural damascus": "rif dimashq", "damascus countryside": "rif dimashq",
	"dimashq":    "damascus",
	"ladhiqiyah": "latakia", "lattakia": "latakia", "lattaquie": "latakia",
	"sweida": "suwayda", "suwaida": "suwayda",
	"tartous":    "tartus",
	"qunaytirah": "quneitra",
}

var stripMarks = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// NormaliseProvince returns a comparable form of the name of a
// first-level division: lower case; diacritics removed; apostrophes and
// the letters ʼ ʻ dropped; hyphens, dots, commas and other punctuation as
// spaces; the words province, governorate, wilayat, velayat, region and
// the like dropped; a leading Arabic article (al, ar, as, an, ad, ash, at,
// az, el) dropped; spaces collapsed; then spelling variants mapped to one
// form (Paktia, Paktiya → paktya; Oruzgan → uruzgan; Hirat → herat;
// Konar → kunar; Khowst → khost; Vardak → wardak; Sar-e Pol → sar e pul;
// Ninawa → nineveh ...). A name with no letters ("", "??") gives "".
func NormaliseProvince(s string) string {
	s, _, _ = transform.String(stripMarks, s)
	s = strings.ToLower(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == 'ʼ' || r == 'ʻ' || r == '`':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	out := words[:0]
	for _, w := range words {
		if !adminWords[w] {
			out = append(out, w)
		}
	}
	if len(out) > 1 && arabicArticles[out[0]] {
		out = out[1:]
	}
	n := strings.Join(out, " ")
	if v, ok := provinceVariants[n]; ok {
		return v
	}
	// "sare pul" style joins and splits: try without spaces.
	if v, ok := provinceVariants[strings.ReplaceAll(n, " ", "")]; ok {
		return v
	}
	return n
}
