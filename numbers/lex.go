package numbers

import "github.com/evident-org/evident/internal/wordscan"

// tok is a token whose words carry their lexicon entry.
type tok = wordscan.Tok[word]

// tokenize appends the tokens of text to buf and returns it.
func tokenize(text string, buf []tok) []tok { return wordscan.Tokenize(text, buf, lookup) }

// lookup returns the lexicon entry of an ASCII word, case-insensitively,
// without allocating.
func lookup(s string) word { return lex.Lookup(s) }

var lex = wordscan.NewLexicon(lexicon)

// class is what a word means to the number recogniser.
type class uint8

const (
	cNone      class = iota
	cUnit            // zero..nineteen
	cTens            // twenty..ninety
	cHundred         // hundred
	cScale           // thousand, million, billion
	cDozen           // dozen
	cVague           // dozens, hundreds, thousands, millions (val)
	cVagueOf         // tens, scores: only before "of"
	cSeveral         // several
	cFew             // few (only after "a")
	cArticle         // a, an
	cAnd             // and
	cOf              // of
	cTo              // to
	cOr              // or
	cMonth           // month names and abbreviations
	cMeasure         // units that make a number a measure, not a count
	cCurrency        // currency words and codes
	cPercent         // percent, pc
	cPer             // per (per cent)
	cTime            // am, pm, gmt, utc, hrs
	cIdent           // words that make a following number an identifier
	cYearPrep        // prepositions before a year: in, since, ...
	cDet             // determiners that make "one" a pronoun
	cAged            // aged
	cOrdSuffix       // st, nd, rd, th
	cPlural          // count nouns that are plural without a final s
	cAnother         // another
	cUpon            // upon
)

// word is a lexicon entry.
type word struct {
	val  int32
	c    class
	qual bool  // may start a qualifier phrase
	q    uint8 // 1 + index of the first qualifier phrase starting with this word
}

// lexicon is read-only after package initialisation.
var lexicon = withQualifiers(map[string]word{
	"zero": {c: cUnit, val: 0}, "one": {c: cUnit, val: 1}, "two": {c: cUnit, val: 2},
	"three": {c: cUnit, val: 3}, "four": {c: cUnit, val: 4}, "five": {c: cUnit, val: 5},
	"six": {c: cUnit, val: 6}, "seven": {c: cUnit, val: 7}, "eight": {c: cUnit, val: 8},
	"nine": {c: cUnit, val: 9}, "ten": {c: cUnit, val: 10}, "eleven": {c: cUnit, val: 11},
	"twelve": {c: cUnit, val: 12}, "thirteen": {c: cUnit, val: 13}, "fourteen": {c: cUnit, val: 14},
	"fifteen": {c: cUnit, val: 15}, "sixteen": {c: cUnit, val: 16}, "seventeen": {c: cUnit, val: 17},
	"eighteen": {c: cUnit, val: 18}, "nineteen": {c: cUnit, val: 19},
	"twenty": {c: cTens, val: 20}, "thirty": {c: cTens, val: 30}, "forty": {c: cTens, val: 40},
	"fourty": {c: cTens, val: 40}, "fifty": {c: cTens, val: 50}, "sixty": {c: cTens, val: 60},
	"seventy": {c: cTens, val: 70}, "eighty": {c: cTens, val: 80}, "ninety": {c: cTens, val: 90},
	"hundred":  {c: cHundred, val: 100},
	"thousand": {c: cScale, val: 1000}, "million": {c: cScale, val: 1000000},
	"billion": {c: cScale, val: 1000000000},
	"dozen":   {c: cDozen, val: 12},
	"dozens":  {c: cVague, val: 12}, "hundreds": {c: cVague, val: 100},
	"thousands": {c: cVague, val: 1000}, "millions": {c: cVague, val: 1000000},
	"tens": {c: cVagueOf, val: 10}, "scores": {c: cVagueOf, val: 20},
	"several": {c: cSeveral, val: 3}, "few": {c: cFew, val: 3},
	"a": {c: cArticle, qual: true}, "an": {c: cArticle, qual: true},
	"and": {c: cAnd}, "of": {c: cOf}, "to": {c: cTo}, "or": {c: cOr}, "upon": {c: cUpon},

	"january": {c: cMonth}, "february": {c: cMonth}, "march": {c: cMonth}, "april": {c: cMonth},
	"may": {c: cMonth}, "june": {c: cMonth}, "july": {c: cMonth}, "august": {c: cMonth},
	"september": {c: cMonth}, "october": {c: cMonth}, "november": {c: cMonth}, "december": {c: cMonth},
	"jan": {c: cMonth}, "feb": {c: cMonth}, "mar": {c: cMonth}, "apr": {c: cMonth},
	"jun": {c: cMonth}, "jul": {c: cMonth}, "aug": {c: cMonth}, "sep": {c: cMonth},
	"sept": {c: cMonth}, "oct": {c: cMonth}, "nov": {c: cMonth}, "dec": {c: cMonth},

	"year": {c: cMeasure}, "years": {c: cMeasure}, "yr": {c: cMeasure}, "yrs": {c: cMeasure},
	"month": {c: cMeasure}, "months": {c: cMeasure}, "week": {c: cMeasure}, "weeks": {c: cMeasure},
	"day": {c: cMeasure}, "days": {c: cMeasure}, "hour": {c: cMeasure}, "hours": {c: cMeasure},
	"minute": {c: cMeasure}, "minutes": {c: cMeasure}, "second": {c: cMeasure}, "seconds": {c: cMeasure},
	"decade": {c: cMeasure}, "decades": {c: cMeasure}, "century": {c: cMeasure}, "centuries": {c: cMeasure},
	"night": {c: cMeasure}, "nights": {c: cMeasure},
	"km": {c: cMeasure}, "kms": {c: cMeasure}, "kilometre": {c: cMeasure}, "kilometres": {c: cMeasure},
	"kilometer": {c: cMeasure}, "kilometers": {c: cMeasure}, "mile": {c: cMeasure}, "miles": {c: cMeasure},
	"metre": {c: cMeasure}, "metres": {c: cMeasure}, "meter": {c: cMeasure}, "meters": {c: cMeasure},
	"m": {c: cMeasure}, "cm": {c: cMeasure}, "mm": {c: cMeasure}, "feet": {c: cMeasure}, "ft": {c: cMeasure},
	"foot": {c: cMeasure}, "yards": {c: cMeasure}, "inch": {c: cMeasure}, "inches": {c: cMeasure},
	"kg": {c: cMeasure}, "kilograms": {c: cMeasure}, "kilos": {c: cMeasure}, "tonnes": {c: cMeasure},
	"tons": {c: cMeasure}, "tonne": {c: cMeasure}, "ton": {c: cMeasure}, "pounds": {c: cCurrency},
	"lb": {c: cMeasure}, "lbs": {c: cMeasure}, "litres": {c: cMeasure}, "liters": {c: cMeasure},
	"hectares": {c: cMeasure}, "acres": {c: cMeasure}, "degrees": {c: cMeasure},
	"times": {c: cMeasure}, "storey": {c: cMeasure}, "storeys": {c: cMeasure}, "floors": {c: cMeasure},

	"dollars": {c: cCurrency}, "dollar": {c: cCurrency}, "euros": {c: cCurrency}, "euro": {c: cCurrency},
	"pound": {c: cCurrency}, "lira": {c: cCurrency}, "liras": {c: cCurrency}, "dinars": {c: cCurrency},
	"dinar": {c: cCurrency}, "riyals": {c: cCurrency}, "rials": {c: cCurrency}, "usd": {c: cCurrency},
	"eur": {c: cCurrency}, "gbp": {c: cCurrency}, "syp": {c: cCurrency}, "iqd": {c: cCurrency},
	"percent": {c: cPercent}, "pc": {c: cPercent}, "per": {c: cPer},
	"am": {c: cTime}, "pm": {c: cTime}, "gmt": {c: cTime}, "utc": {c: cTime}, "hrs": {c: cTime},
	"ist": {c: cTime}, "edt": {c: cTime}, "est": {c: cTime}, "bst": {c: cTime},

	"resolution": {c: cIdent}, "route": {c: cIdent}, "highway": {c: cIdent}, "road": {c: cIdent},
	"article": {c: cIdent}, "no": {c: cIdent, qual: true}, "number": {c: cIdent}, "page": {c: cIdent},
	"chapter": {c: cIdent}, "section": {c: cIdent}, "flight": {c: cIdent}, "channel": {c: cIdent},
	"version": {c: cIdent}, "phase": {c: cIdent}, "grade": {c: cIdent}, "level": {c: cIdent},
	"room": {c: cIdent}, "paragraph": {c: cIdent}, "clause": {c: cIdent}, "brigade": {c: cIdent},
	"division": {c: cIdent}, "battalion": {c: cIdent}, "regiment": {c: cIdent}, "squadron": {c: cIdent},
	"sector": {c: cIdent}, "zone": {c: cIdent}, "gate": {c: cIdent}, "block": {c: cIdent},
	"platform": {c: cIdent}, "terminal": {c: cIdent}, "vol": {c: cIdent}, "volume": {c: cIdent},
	"part": {c: cIdent}, "item": {c: cIdent},
	"checkpoint": {c: cIdent}, "camp": {c: cIdent}, "covid": {c: cIdent},

	"in": {c: cYearPrep, qual: true}, "since": {c: cYearPrep}, "during": {c: cYearPrep}, "until": {c: cYearPrep},
	"till": {c: cYearPrep}, "by": {c: cYearPrep}, "from": {c: cYearPrep}, "before": {c: cYearPrep},
	"after": {c: cYearPrep}, "early": {c: cYearPrep}, "late": {c: cYearPrep}, "mid": {c: cYearPrep},
	"between": {c: cYearPrep, qual: true}, "summer": {c: cYearPrep}, "winter": {c: cYearPrep},
	"spring": {c: cYearPrep}, "autumn": {c: cYearPrep}, "fall": {c: cYearPrep},

	"the": {c: cDet}, "this": {c: cDet}, "that": {c: cDet}, "every": {c: cDet}, "any": {c: cDet},
	"each": {c: cDet}, "which": {c: cDet}, "someone": {c: cDet}, "anyone": {c: cDet},
	"aged": {c: cAged},
	"st":   {c: cOrdSuffix}, "nd": {c: cOrdSuffix}, "rd": {c: cOrdSuffix}, "th": {c: cOrdSuffix},
	"people": {c: cPlural}, "children": {c: cPlural}, "men": {c: cPlural}, "women": {c: cPlural},
	"police": {c: cPlural}, "personnel": {c: cPlural}, "militia": {c: cPlural}, "staff": {c: cPlural},
	"another": {c: cAnother},

	// Qualifier starters (the phrases are in qualifiers below).
	"at": {qual: true}, "more": {qual: true}, "over": {qual: true}, "up": {qual: true},
	"about": {qual: true}, "nearly": {qual: true}, "some": {qual: true}, "around": {qual: true},
	"almost": {qual: true}, "approximately": {qual: true}, "roughly": {qual: true}, "as": {qual: true},
	"fewer": {qual: true}, "less": {qual: true}, "upwards": {qual: true}, "well": {qual: true},
	"just": {qual: true}, "close": {qual: true}, "estimated": {qual: true}, "under": {qual: true},
	"circa": {qual: true}, "minimum": {qual: true}, "excess": {qual: true},
	"approx": {qual: true}, "not": {qual: true},
})

// withQualifiers records in each word that starts a qualifier phrase where
// its phrases begin in qualifiers.
func withQualifiers(m map[string]word) map[string]word {
	for i, q := range qualifiers {
		w := m[q.words[0]]
		if w.q == 0 {
			w.q = uint8(i + 1)
			w.qual = true
		}
		m[q.words[0]] = w
	}
	return m
}

// Canonical qualifiers (the values evident.Number.Qualifier takes).
const (
	QualAtLeast  = "at least"
	QualMoreThan = "more than"
	QualUpTo     = "up to"
	QualAbout    = "about"
)

// qualifier is a phrase that bounds or hedges the number after it.
type qualifier struct {
	words []string
	canon string
}

// qualifiers maps surface phrases to canonical qualifiers. Phrases with
// the same first word are adjacent, longer ones first, so "just over" is
// tried before "just under" and "at least" before "at most".
var qualifiers = []qualifier{
	{[]string{"no", "fewer", "than"}, QualAtLeast},
	{[]string{"no", "less", "than"}, QualAtLeast},
	{[]string{"not", "less", "than"}, QualAtLeast},
	{[]string{"not", "fewer", "than"}, QualAtLeast},
	{[]string{"a", "minimum", "of"}, QualAtLeast},
	{[]string{"a", "maximum", "of"}, QualUpTo},
	{[]string{"at", "least"}, QualAtLeast},
	{[]string{"at", "most"}, QualUpTo},
	{[]string{"in", "excess", "of"}, QualMoreThan},
	{[]string{"more", "than"}, QualMoreThan},
	{[]string{"upwards", "of"}, QualMoreThan},
	{[]string{"well", "over"}, QualMoreThan},
	{[]string{"just", "over"}, QualMoreThan},
	{[]string{"just", "under"}, QualUpTo},
	{[]string{"over"}, QualMoreThan},
	{[]string{"up", "to"}, QualUpTo},
	{[]string{"as", "many", "as"}, QualUpTo},
	{[]string{"fewer", "than"}, QualUpTo},
	{[]string{"less", "than"}, QualUpTo},
	{[]string{"under"}, QualUpTo},
	{[]string{"an", "estimated"}, QualAbout},
	{[]string{"close", "to"}, QualAbout},
	{[]string{"about"}, QualAbout},
	{[]string{"around"}, QualAbout},
	{[]string{"some"}, QualAbout},
	{[]string{"nearly"}, QualAbout},
	{[]string{"almost"}, QualAbout},
	{[]string{"approximately"}, QualAbout},
	{[]string{"approx"}, QualAbout},
	{[]string{"roughly"}, QualAbout},
	{[]string{"circa"}, QualAbout},
	{[]string{"estimated"}, QualAbout},
}
