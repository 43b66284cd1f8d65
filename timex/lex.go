package timex

import "github.com/evident-org/evident/internal/wordscan"

// tok is a token whose words carry their lexicon entry.
type tok = wordscan.Tok[word]

// tokenize appends the tokens of text to buf and returns it.
func tokenize(text string, buf []tok) []tok { return wordscan.Tokenize(text, buf, lookup) }

// lookup returns the lexicon entry of an ASCII word, case-insensitively,
// without allocating.
func lookup(s string) word { return lex.Lookup(s) }

var lex = wordscan.NewLexicon(lexicon)

// class is what a word means to the date recogniser.
type class uint8

const (
	cNone      class = iota
	cMonth           // val 1..12
	cWeekday         // val time.Weekday
	cYesterday       // yesterday
	cToday           // today
	cTonight         // tonight
	cLast            // last, past (as in "the past week" is not handled)
	cThis            // this
	cEarlier         // earlier
	cWeek            // week
	cWeekend         // weekend
	cMonthWord       // month
	cYearWord        // year
	cPartOfDay       // morning, afternoon, evening, night
	cAgo             // ago
	cPast            // past
	cSeason          // val: first month of the season
	cUnit            // days, weeks, ... val: unit code
	cPrep            // prepositions that introduce a date: in, on, since...
	cEdge            // early, late, mid
	cOrdSuffix       // st, nd, rd, th
	cThe             // the
	cIn              // in
	cOf              // of
	cNum             // number words and vague quantities before a unit
	cCouple          // couple
	cStamp           // posted, published, updated, date, dated
)

// Unit codes for "N <unit> ago".
const (
	uHour = iota + 1
	uDay
	uWeek
	uMonth
	uYear
	uDecade
)

// word is a lexicon entry. abbr marks abbreviations ("Jan", "Wed"), which
// are dates only next to digits.
type word struct {
	c    class
	val  int
	abbr bool
}

// lexicon is read-only after package initialisation.
var lexicon = map[string]word{
	"january": {c: cMonth, val: 1}, "february": {c: cMonth, val: 2}, "march": {c: cMonth, val: 3},
	"april": {c: cMonth, val: 4}, "may": {c: cMonth, val: 5}, "june": {c: cMonth, val: 6},
	"july": {c: cMonth, val: 7}, "august": {c: cMonth, val: 8}, "september": {c: cMonth, val: 9},
	"october": {c: cMonth, val: 10}, "november": {c: cMonth, val: 11}, "december": {c: cMonth, val: 12},
	"jan": {c: cMonth, val: 1, abbr: true}, "feb": {c: cMonth, val: 2, abbr: true},
	"mar": {c: cMonth, val: 3, abbr: true}, "apr": {c: cMonth, val: 4, abbr: true},
	"jun": {c: cMonth, val: 6, abbr: true}, "jul": {c: cMonth, val: 7, abbr: true},
	"aug": {c: cMonth, val: 8, abbr: true}, "sep": {c: cMonth, val: 9, abbr: true},
	"sept": {c: cMonth, val: 9, abbr: true}, "oct": {c: cMonth, val: 10, abbr: true},
	"nov": {c: cMonth, val: 11, abbr: true}, "dec": {c: cMonth, val: 12, abbr: true},

	"sunday": {c: cWeekday, val: 0}, "monday": {c: cWeekday, val: 1}, "tuesday": {c: cWeekday, val: 2},
	"wednesday": {c: cWeekday, val: 3}, "thursday": {c: cWeekday, val: 4}, "friday": {c: cWeekday, val: 5},
	"saturday": {c: cWeekday, val: 6},
	"sun":      {c: cWeekday, val: 0, abbr: true}, "mon": {c: cWeekday, val: 1, abbr: true},
	"tue": {c: cWeekday, val: 2, abbr: true}, "tues": {c: cWeekday, val: 2, abbr: true},
	"wed": {c: cWeekday, val: 3, abbr: true}, "thu": {c: cWeekday, val: 4, abbr: true},
	"thur": {c: cWeekday, val: 4, abbr: true}, "thurs": {c: cWeekday, val: 4, abbr: true},
	"fri": {c: cWeekday, val: 5, abbr: true}, "sat": {c: cWeekday, val: 6, abbr: true},

	"yesterday": {c: cYesterday}, "today": {c: cToday}, "tonight": {c: cTonight},
	"last": {c: cLast}, "this": {c: cThis}, "earlier": {c: cEarlier},
	"week": {c: cWeek}, "weekend": {c: cWeekend}, "month": {c: cMonthWord}, "year": {c: cYearWord},
	"morning": {c: cPartOfDay}, "afternoon": {c: cPartOfDay}, "evening": {c: cPartOfDay},
	"night": {c: cPartOfDay},
	"ago":   {c: cAgo}, "past": {c: cPast},
	"spring": {c: cSeason, val: 3}, "summer": {c: cSeason, val: 6}, "autumn": {c: cSeason, val: 9},
	"fall": {c: cSeason, val: 9}, "winter": {c: cSeason, val: 12},

	"hour": {c: cUnit, val: uHour}, "hours": {c: cUnit, val: uHour},
	"day": {c: cUnit, val: uDay}, "days": {c: cUnit, val: uDay},
	"weeks": {c: cUnit, val: uWeek}, "months": {c: cUnit, val: uMonth},
	"years": {c: cUnit, val: uYear}, "decade": {c: cUnit, val: uDecade}, "decades": {c: cUnit, val: uDecade},

	"on": {c: cPrep}, "since": {c: cPrep}, "during": {c: cPrep}, "until": {c: cPrep},
	"till": {c: cPrep}, "by": {c: cPrep}, "from": {c: cPrep}, "before": {c: cPrep}, "after": {c: cPrep},
	"between": {c: cPrep}, "through": {c: cPrep}, "throughout": {c: cPrep}, "to": {c: cPrep},
	"and": {c: cPrep}, "at": {c: cPrep},
	"in": {c: cIn}, "of": {c: cOf}, "the": {c: cThe},
	"early": {c: cEdge}, "late": {c: cEdge}, "mid": {c: cEdge},
	"st": {c: cOrdSuffix}, "nd": {c: cOrdSuffix}, "rd": {c: cOrdSuffix}, "th": {c: cOrdSuffix},

	"a": {c: cNum}, "an": {c: cNum}, "one": {c: cNum}, "two": {c: cNum}, "three": {c: cNum},
	"four": {c: cNum}, "five": {c: cNum}, "six": {c: cNum}, "seven": {c: cNum}, "eight": {c: cNum},
	"nine": {c: cNum}, "ten": {c: cNum}, "eleven": {c: cNum}, "twelve": {c: cNum},
	"thirteen": {c: cNum}, "fourteen": {c: cNum}, "fifteen": {c: cNum}, "sixteen": {c: cNum},
	"seventeen": {c: cNum}, "eighteen": {c: cNum}, "nineteen": {c: cNum}, "twenty": {c: cNum},
	"thirty": {c: cNum}, "forty": {c: cNum}, "fifty": {c: cNum}, "sixty": {c: cNum},
	"seventy": {c: cNum}, "eighty": {c: cNum}, "ninety": {c: cNum}, "hundred": {c: cNum},
	"few": {c: cNum}, "several": {c: cNum}, "many": {c: cNum}, "dozen": {c: cNum}, "dozens": {c: cNum},
	"couple": {c: cCouple},

	"posted": {c: cStamp}, "published": {c: cStamp}, "updated": {c: cStamp}, "date": {c: cStamp},
	"dated": {c: cStamp},
}
