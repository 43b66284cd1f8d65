package timex

import (
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/internal/wordscan"
	"github.com/evident-org/evident/numbers"
)

// Rules name the pattern that produced a date mention.
const (
	RuleISO           = "date:iso"            // 2017-01-31
	RuleNumeric       = "date:numeric"        // 31/01/2017, 24.08.2013
	RuleDayMonthYear  = "date:day-month-year" // 31 January 2017
	RuleMonthDayYear  = "date:month-day-year" // January 31, 2017
	RuleDayMonth      = "date:day-month"      // 31 January (year from publication)
	RuleMonthDay      = "date:month-day"      // Jan. 31 (year from publication)
	RuleMonthYear     = "date:month-year"     // August 2013
	RuleMonth         = "date:month"          // in January
	RuleYear          = "date:year"           // in 2014
	RuleSeason        = "date:season"         // last summer, summer of 2016
	RuleWeekday       = "date:weekday"        // on Tuesday
	RuleYesterday     = "date:yesterday"      // yesterday, last night
	RuleToday         = "date:today"          // today, tonight, this morning
	RuleWeek          = "date:week"           // last week, earlier this week, the weekend
	RuleRelativeMonth = "date:relative-month" // last month, earlier this month
	RuleRelativeYear  = "date:relative-year"  // last year, earlier this year
	RuleAgo           = "date:ago"            // two years ago
	RulePast          = "date:past"           // in the past
	// RuleDateline marks the document's own date (FindDateline) and its
	// repeats in the header: the report's date, never an event's.
	RuleDateline = "date:dateline" // KABUL, Afghanistan (Sept. 1)
)

// historicalDays is how far before publication a resolved date must end to
// be marked Historical.
const historicalDays = 31

// res is one recognised expression, in token indices.
type res struct {
	start, end int
	d          evident.Date
	rule       string
	conf       float64
	unit       int // for "ago": the unit code
	month, day int // for a day and month without a year: their values
}

// scanner recognises temporal expressions in the tokens of one text.
type scanner struct {
	wordscan.Seq[word]
	ref   time.Time // publication day at UTC midnight, or zero
	loose bool      // the whole text is meant as a date (ParseDate)
}

func (s *scanner) cls(i int) class {
	if !s.In(i) || s.Toks[i].Kind != wordscan.Alpha {
		return cNone
	}
	return s.Toks[i].W.c
}

func (s *scanner) val(i int) int { return s.Toks[i].W.val }

func (s *scanner) spaced(i int) bool { return s.In(i) && s.Toks[i].Gap }

func (s *scanner) digit(i int) bool { return s.In(i) && s.Toks[i].Kind == wordscan.Digit }

func (s *scanner) dlen(i int) int { return int(s.Toks[i].End - s.Toks[i].Start) }

// dval returns the value of digit token i (at most 9 digits), or -1.
func (s *scanner) dval(i int) int {
	d := s.Str(i)
	if len(d) > 9 {
		return -1
	}
	v := 0
	for k := 0; k < len(d); k++ {
		v = v*10 + int(d[k]-'0')
	}
	return v
}

func (s *scanner) capital(i int) bool {
	c := s.Text[s.Toks[i].Start]
	return c >= 'A' && c <= 'Z'
}

// yearAt reports whether token i is a four-digit year in 1900..2100.
func (s *scanner) yearAt(i int) (int, bool) {
	if !s.digit(i) || s.dlen(i) != 4 {
		return 0, false
	}
	v := s.dval(i)
	return v, v >= 1900 && v <= 2100
}

// dayOf returns UTC midnight of y-m-d and whether that day exists.
func dayOf(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d
}

func firstOfMonth(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }

// refDay normalises a publication time to its day at UTC midnight.
func refDay(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// historical reports whether a period ending on end lies more than
// historicalDays before ref.
func (s *scanner) historical(end time.Time) bool {
	return !s.ref.IsZero() && !end.IsZero() && end.Before(s.ref.AddDate(0, 0, -historicalDays))
}

// dayDate builds a day-precision date and marks it historical.
func (s *scanner) dayDate(t time.Time, relative bool) evident.Date {
	return evident.Date{Time: t, Precision: evident.PrecisionDay, Relative: relative, Historical: s.historical(t)}
}

// monthDate builds a month-precision date for month m of year y.
func (s *scanner) monthDate(y, m int, relative bool) evident.Date {
	t := firstOfMonth(y, m)
	return evident.Date{Time: t, Precision: evident.PrecisionMonth, Relative: relative,
		Historical: s.historical(t.AddDate(0, 1, -1))}
}

// weekDate builds a week-precision date for the week starting monday.
func (s *scanner) weekDate(start time.Time) evident.Date {
	return evident.Date{Time: start, Precision: evident.PrecisionWeek, Relative: true,
		Historical: s.historical(start.AddDate(0, 0, 6))}
}

// unresolved is a relative date that needs a publication date.
func unresolved(precision int) evident.Date {
	return evident.Date{Precision: precision, Relative: true}
}

// monday returns the Monday on or before t.
func monday(t time.Time) time.Time { return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)) }

// weekdayBefore returns the most recent day with weekday wd on or before
// ref (strictly before when strict).
func weekdayBefore(ref time.Time, wd int, strict bool) time.Time {
	back := (int(ref.Weekday()) - wd + 7) % 7
	if back == 0 && strict {
		back = 7
	}
	return ref.AddDate(0, 0, -back)
}

// ---- explicit dates ----

// explicitAt reads a date written with digits at token i.
func (s *scanner) explicitAt(i int) (res, bool) {
	switch {
	case s.digit(i):
		if r, ok := s.numericAt(i); ok {
			return r, true
		}
		return s.dayMonthAt(i)
	case s.cls(i) == cMonth:
		return s.monthFirstAt(i)
	}
	return res{}, false
}

// numericAt reads 2017-01-31, 31/01/2017, 24.08.2013 and 31/01/17.
func (s *scanner) numericAt(i int) (res, bool) {
	if !(s.In(i+4) && s.Toks[i+1].Kind == wordscan.Punct && s.Glued(i+1) && s.Glued(i+2) && s.digit(i+2) &&
		s.Glued(i+3) && s.Glued(i+4) && s.digit(i+4)) {
		return res{}, false
	}
	sep := s.Str(i + 1)
	if sep != "-" && sep != "/" && sep != "." || s.Str(i+3) != sep {
		return res{}, false
	}
	// "1.2.3.4" is not a date.
	if s.Glued(i+5) && s.Toks[i+5].Kind == wordscan.Punct && s.Glued(i+6) && s.digit(i+6) {
		return res{}, false
	}
	if s.dlen(i+2) > 2 {
		return res{}, false
	}
	a, b, c := s.dval(i), s.dval(i+2), s.dval(i+4)
	var y, m, d int
	rule := RuleNumeric
	switch {
	case s.dlen(i) == 4 && s.dlen(i+4) <= 2:
		y, m, d = a, b, c
		if sep == "-" {
			rule = RuleISO
		}
	case s.dlen(i) <= 2 && (s.dlen(i+4) == 4 || s.dlen(i+4) == 2):
		y = c
		if s.dlen(i+4) == 2 {
			if y < 70 {
				y += 2000
			} else {
				y += 1900
			}
		}
		d, m = a, b // day first, as in most of the world
		if b > 12 && a <= 12 {
			d, m = b, a
		}
	default:
		return res{}, false
	}
	if y < 1900 || y > 2100 {
		return res{}, false
	}
	t, ok := dayOf(y, m, d)
	if !ok {
		return res{}, false
	}
	conf := 0.8
	if rule == RuleISO {
		conf = 0.95
	}
	return res{start: i, end: i + 5, d: s.dayDate(t, false), rule: rule, conf: conf}, true
}

// optYear reads an optional ", 2017" or " 2017" at j, or ". 2017" (a
// typing slip for the comma: "Nov. 1. 2011") when punctuation or nothing
// follows the year, so that a sentence ending in a date and the next
// starting with a number ("Jan. 5. 2000 people ...") stay apart.
func (s *scanner) optYear(j int) (int, int, bool) {
	k := j
	dot := false
	if s.Punct(k, ",") {
		k++
	} else if s.Punct(k, ".") && s.Glued(k) {
		k, dot = k+1, true
	}
	y, ok := s.yearAt(k)
	if !ok || !s.spaced(k) || s.Glued(k+1) && s.Toks[k+1].Kind != wordscan.Punct {
		return 0, j, false
	}
	if dot && s.In(k+1) && s.Toks[k+1].Kind != wordscan.Punct {
		return 0, j, false
	}
	return y, k + 1, true
}

// dayMonthAt reads "31 January 2017", "5th of June", "12 Feb".
func (s *scanner) dayMonthAt(i int) (res, bool) {
	if s.dlen(i) > 2 || s.Glued(i) && s.In(i-1) && s.Toks[i-1].Kind != wordscan.Punct {
		return res{}, false
	}
	d := s.dval(i)
	j := i + 1
	if s.Glued(j) && s.cls(j) == cOrdSuffix {
		j++
	}
	if s.cls(j) == cOf {
		j++
	}
	if s.cls(j) != cMonth || !s.spaced(j) {
		return res{}, false
	}
	m := s.val(j)
	j++
	if s.Punct(j, ".") && s.Glued(j) && s.Toks[j-1].W.abbr {
		j++
	}
	if y, end, ok := s.optYear(j); ok {
		t, ok := dayOf(y, m, d)
		if !ok {
			return res{}, false
		}
		return res{start: i, end: end, d: s.dayDate(t, false), rule: RuleDayMonthYear, conf: 0.95}, true
	}
	return s.yearless(i, j, m, d, RuleDayMonth)
}

// yearless resolves a day and month without a year to the nearest such
// day around the publication date.
func (s *scanner) yearless(start, end, m, d int, rule string) (res, bool) {
	if _, ok := dayOf(2000, m, d); !ok { // 2000 is a leap year: allows 29 Feb
		return res{}, false
	}
	r := res{start: start, end: end, rule: rule, conf: 0.85, d: unresolved(evident.PrecisionDay), month: m, day: d}
	if s.ref.IsZero() {
		return r, true
	}
	var best time.Time
	for y := s.ref.Year() - 1; y <= s.ref.Year()+1; y++ {
		t, ok := dayOf(y, m, d)
		if !ok {
			continue
		}
		if best.IsZero() || absDur(t.Sub(s.ref)) < absDur(best.Sub(s.ref)) {
			best = t
		}
	}
	if !best.IsZero() {
		r.d = s.dayDate(best, true)
	}
	return r, true
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// monthFirstAt reads "January 31, 2017", "Jan. 31", "Apr 232017",
// "August 2013", "May of 2014".
func (s *scanner) monthFirstAt(i int) (res, bool) {
	m := s.val(i)
	j := i + 1
	if s.Punct(j, ".") && s.Glued(j) && s.Toks[i].W.abbr {
		j++
	}
	switch {
	case s.digit(j) && s.spaced(j):
		n, v := s.dlen(j), s.dval(j)
		switch {
		case n <= 2:
			k := j + 1
			if s.Glued(k) && s.cls(k) == cOrdSuffix {
				k++
			} else if s.Glued(k) && s.Toks[k].Kind != wordscan.Punct {
				return res{}, false
			}
			if s.Glued(k) && s.Toks[k].Kind == wordscan.Punct && s.Str(k) != "," && s.Str(k) != "." && s.Glued(k+1) && s.Toks[k+1].Kind != wordscan.Punct {
				return res{}, false // "May 5-6", "Jan 5:30"
			}
			if y, end, ok := s.optYear(k); ok {
				t, ok := dayOf(y, m, v)
				if !ok {
					return res{}, false
				}
				return res{start: i, end: end, d: s.dayDate(t, false), rule: RuleMonthDayYear, conf: 0.95}, true
			}
			return s.yearless(i, k, m, v, RuleMonthDay)
		case n == 4 && v >= 1900 && v <= 2100:
			return s.monthYear(i, j+1, v, m), true
		case n == 5 || n == 6: // "Apr 232017": day and year run together
			d, y := v/10000, v%10000
			if y >= 1900 && y <= 2100 {
				if t, ok := dayOf(y, m, d); ok {
					return res{start: i, end: j + 1, d: s.dayDate(t, false), rule: RuleMonthDayYear, conf: 0.8}, true
				}
			}
		}
	case s.Punct(j, ",") || s.cls(j) == cOf:
		if y, ok := s.yearAt(j + 1); ok && s.spaced(j+1) {
			return s.monthYear(i, j+2, y, m), true
		}
	}
	return res{}, false
}

func (s *scanner) monthYear(start, end, y, m int) res {
	d := s.monthDate(y, m, false)
	return res{start: start, end: end, d: d, rule: RuleMonthYear, conf: 0.9}
}

// ---- everything else ----

// matchAt tries to read a temporal expression starting at token i.
func (s *scanner) matchAt(i int) (res, bool) {
	t := s.Toks[i]
	if t.Kind == wordscan.Digit {
		if r, ok := s.explicitAt(i); ok {
			return r, true
		}
		return s.bareYear(i, i)
	}
	if t.Kind != wordscan.Alpha {
		return res{}, false
	}
	w := t.W
	switch w.c {
	case cMonth:
		if r, ok := s.monthFirstAt(i); ok {
			return r, true
		}
		return s.monthAlone(i, i)
	case cWeekday:
		j := i + 1
		if (s.Punct(j, ",") || s.Punct(j, ".")) && s.Glued(j) {
			j++
		}
		if r, ok := s.explicitAt(j); ok && r.d.Precision == evident.PrecisionDay && s.spaced(j) {
			r.start = i
			return r, true
		}
		if w.abbr || !(s.capital(i) || s.loose) {
			return res{}, false
		}
		return s.weekday(i, i, w.val, false), true
	case cYesterday:
		end := s.partOfDay(i + 1)
		return s.offsetDay(i, end, -1, RuleYesterday), true
	case cToday, cTonight:
		return s.offsetDay(i, i+1, 0, RuleToday), true
	case cEarlier:
		if s.cls(i+1) == cToday {
			return s.offsetDay(i, i+2, 0, RuleToday), true
		}
		if s.cls(i+1) == cThis {
			if r, ok := s.thisAt(i, i+2); ok && r.rule != RuleToday {
				return r, true
			}
		}
	case cThis:
		return s.thisAt(i, i+1)
	case cLast:
		return s.lastAt(i)
	case cThe:
		if s.cls(i+1) == cWeekend {
			return s.weekend(i, i+2, false), true
		}
	case cEdge:
		j := i + 1
		if s.IsDash(j) && s.Glued(j) && s.Glued(j+1) {
			j++
		} else if !s.spaced(j) {
			return res{}, false
		}
		if r, ok := s.monthFirstAt(j); ok && s.cls(j) == cMonth {
			r.start = i
			return r, true
		}
		if s.cls(j) == cMonth {
			return s.monthAlone(i, j)
		}
		if s.digit(j) {
			return s.bareYear(i, j)
		}
	case cIn:
		if s.cls(i+1) == cThe && s.cls(i+2) == cPast {
			switch s.cls(i + 3) {
			case cNum, cUnit, cWeek, cMonthWord, cYearWord, cCouple, cWeekend:
				return res{}, false
			}
			if s.digit(i + 3) {
				return res{}, false
			}
			d := unresolved(3)
			d.Historical = true
			return res{start: i, end: i + 3, d: d, rule: RulePast, conf: 0.6}, true
		}
	case cSeason:
		j := i + 1
		if s.cls(j) == cOf {
			j++
		}
		if y, ok := s.yearAt(j); ok && s.spaced(j) {
			return s.season(i, j+1, y, w.val), true
		}
	case cUnit, cWeek, cMonthWord, cYearWord:
		if s.cls(i+1) == cAgo {
			return s.ago(i), true
		}
	}
	return res{}, false
}

// partOfDay skips an optional "morning", "evening"... at j.
func (s *scanner) partOfDay(j int) int {
	if s.cls(j) == cPartOfDay && s.spaced(j) {
		return j + 1
	}
	return j
}

func (s *scanner) offsetDay(start, end, days int, rule string) res {
	r := res{start: start, end: end, rule: rule, conf: 0.9, d: unresolved(evident.PrecisionDay)}
	if !s.ref.IsZero() {
		r.d = s.dayDate(s.ref.AddDate(0, 0, days), true)
	}
	return r
}

// weekday resolves "Tuesday" to the most recent Tuesday on or before the
// publication date ("last Tuesday": strictly before).
func (s *scanner) weekday(start, i, wd int, strict bool) res {
	end := s.partOfDay(i + 1)
	r := res{start: start, end: end, rule: RuleWeekday, conf: 0.85, d: unresolved(evident.PrecisionDay)}
	if !s.ref.IsZero() {
		r.d = s.dayDate(weekdayBefore(s.ref, wd, strict), true)
	}
	return r
}

// weekend resolves "the weekend" to the Saturday on or before the
// publication date, and "last weekend" to the Saturday before its week.
func (s *scanner) weekend(start, end int, last bool) res {
	r := res{start: start, end: end, rule: RuleWeek, conf: 0.8, d: unresolved(evident.PrecisionWeek)}
	if !s.ref.IsZero() {
		sat := weekdayBefore(s.ref, int(time.Saturday), false)
		if last {
			sat = monday(s.ref).AddDate(0, 0, -2)
		}
		r.d = s.weekDate(sat)
	}
	return r
}

// thisAt reads "this morning", "this week", "this month", "this year",
// "this summer"; j is the token after "this".
func (s *scanner) thisAt(start, j int) (res, bool) {
	if !s.spaced(j) {
		return res{}, false
	}
	ref := s.ref
	switch s.cls(j) {
	case cPartOfDay:
		return s.offsetDay(start, j+1, 0, RuleToday), true
	case cWeek:
		r := res{start: start, end: j + 1, rule: RuleWeek, conf: 0.8, d: unresolved(evident.PrecisionWeek)}
		if !ref.IsZero() {
			r.d = s.weekDate(monday(ref))
		}
		return r, true
	case cWeekend:
		return s.weekend(start, j+1, false), true
	case cMonthWord:
		r := res{start: start, end: j + 1, rule: RuleRelativeMonth, conf: 0.8, d: unresolved(evident.PrecisionMonth)}
		if !ref.IsZero() {
			r.d = s.monthDate(ref.Year(), int(ref.Month()), true)
		}
		return r, true
	case cYearWord:
		r := res{start: start, end: j + 1, rule: RuleRelativeYear, conf: 0.8, d: unresolved(evident.PrecisionMonth)}
		if !ref.IsZero() {
			r.d = evident.Date{Time: firstOfMonth(ref.Year(), 1), Precision: evident.PrecisionMonth, Relative: true}
		}
		return r, true
	case cSeason:
		r := res{start: start, end: j + 1, rule: RuleSeason, conf: 0.7, d: unresolved(evident.PrecisionMonth)}
		if !ref.IsZero() {
			r.d = s.seasonDate(seasonYear(ref, s.val(j), false), s.val(j))
			r.d.Relative = true
		}
		return r, true
	}
	return res{}, false
}

// lastAt reads "last night", "last week", "last weekend", "last month",
// "last year", "last summer", "last Tuesday", "last January".
func (s *scanner) lastAt(i int) (res, bool) {
	j := i + 1
	if !s.spaced(j) {
		return res{}, false
	}
	ref := s.ref
	switch s.cls(j) {
	case cPartOfDay:
		if strings.EqualFold(s.Str(j), "night") {
			return s.offsetDay(i, j+1, -1, RuleYesterday), true
		}
	case cWeek:
		r := res{start: i, end: j + 1, rule: RuleWeek, conf: 0.8, d: unresolved(evident.PrecisionWeek)}
		if !ref.IsZero() {
			r.d = s.weekDate(monday(ref).AddDate(0, 0, -7))
		}
		return r, true
	case cWeekend:
		return s.weekend(i, j+1, true), true
	case cMonthWord:
		r := res{start: i, end: j + 1, rule: RuleRelativeMonth, conf: 0.8, d: unresolved(evident.PrecisionMonth)}
		if !ref.IsZero() {
			p := firstOfMonth(ref.Year(), int(ref.Month())).AddDate(0, -1, 0)
			r.d = s.monthDate(p.Year(), int(p.Month()), true)
		}
		return r, true
	case cYearWord:
		r := res{start: i, end: j + 1, rule: RuleRelativeYear, conf: 0.8, d: unresolved(evident.PrecisionMonth)}
		r.d.Historical = true
		if !ref.IsZero() {
			r.d.Time = firstOfMonth(ref.Year()-1, 1)
		}
		return r, true
	case cSeason:
		r := res{start: i, end: j + 1, rule: RuleSeason, conf: 0.8, d: unresolved(evident.PrecisionMonth)}
		if !ref.IsZero() {
			r.d = s.seasonDate(seasonYear(ref, s.val(j), true), s.val(j))
			r.d.Relative = true
		}
		r.d.Historical = true
		return r, true
	case cWeekday:
		if !s.Toks[j].W.abbr {
			return s.weekday(i, j, s.val(j), true), true
		}
	case cMonth:
		if !s.Toks[j].W.abbr {
			m := s.val(j)
			r := res{start: i, end: j + 1, rule: RuleMonth, conf: 0.75, d: unresolved(evident.PrecisionMonth)}
			if !ref.IsZero() {
				y := ref.Year()
				if m >= int(ref.Month()) {
					y--
				}
				r.d = s.monthDate(y, m, true)
			}
			return r, true
		}
	}
	return res{}, false
}

// seasonYear returns the year of the season starting in month sm that is
// meant by "this" (the one containing or before ref) or "last" (the most
// recent one that has ended before ref).
func seasonYear(ref time.Time, sm int, last bool) int {
	y := ref.Year()
	for range 3 {
		start := firstOfMonth(y, sm)
		end := start.AddDate(0, 3, 0)
		if last && !end.After(ref) || !last && !start.After(ref) {
			return y
		}
		y--
	}
	return y
}

func (s *scanner) seasonDate(y, sm int) evident.Date {
	t := firstOfMonth(y, sm)
	return evident.Date{Time: t, Precision: evident.PrecisionMonth, Historical: s.historical(t.AddDate(0, 3, -1))}
}

func (s *scanner) season(start, end, y, sm int) res {
	return res{start: start, end: end, d: s.seasonDate(y, sm), rule: RuleSeason, conf: 0.8}
}

// monthAlone reads a month name without day or year ("in January"),
// resolved to the most recent such month on or before publication.
func (s *scanner) monthAlone(start, i int) (res, bool) {
	w := s.Toks[i].W
	if w.abbr || !(s.capital(i) || s.loose) {
		return res{}, false
	}
	if (w.val == 3 || w.val == 5) && !s.loose && start == i {
		// "May" and "March" are also a verb and a noun: require a
		// preposition before them.
		switch s.cls(i - 1) {
		case cPrep, cIn, cOf:
		default:
			return res{}, false
		}
	}
	r := res{start: start, end: i + 1, rule: RuleMonth, conf: 0.75, d: unresolved(evident.PrecisionMonth)}
	if !s.ref.IsZero() {
		y := s.ref.Year()
		if w.val > int(s.ref.Month()) {
			y--
		}
		r.d = s.monthDate(y, w.val, true)
	}
	return r, true
}

// bareYear reads a year introduced by a preposition ("in 2014", "since
// 2011", "early 2015", "mid-2014"); start is the first token of the span.
func (s *scanner) bareYear(start, i int) (res, bool) {
	y, ok := s.yearAt(i)
	if !ok || s.Glued(i+1) && s.Toks[i+1].Kind != wordscan.Punct {
		return res{}, false
	}
	if s.Glued(i+1) && s.Glued(i+2) && s.Toks[i+2].Kind != wordscan.Punct && s.Str(i+1) != "," && s.Str(i+1) != "." {
		return res{}, false // "2017-18", "2014/15"
	}
	if start == i && !s.loose {
		if s.Glued(i) {
			return res{}, false
		}
		switch s.cls(i - 1) {
		case cPrep, cIn, cOf, cSeason:
		default:
			return res{}, false
		}
	}
	d := evident.Date{Time: firstOfMonth(y, 1), Precision: evident.PrecisionMonth}
	d.Historical = !s.ref.IsZero() && y < s.ref.Year()
	return res{start: start, end: i + 1, d: d, rule: RuleYear, conf: 0.8}, true
}

// ago reads "<N> <unit> ago" with the unit at token i; scan extends the
// span back over the number.
func (s *scanner) ago(i int) res {
	r := res{start: i, end: i + 2, rule: RuleAgo, conf: 0.8}
	unit := s.val(i)
	switch s.cls(i) {
	case cWeek:
		unit = uWeek
	case cMonthWord:
		unit = uMonth
	case cYearWord:
		unit = uYear
	}
	switch unit {
	case uHour, uDay:
		r.d = unresolved(evident.PrecisionDay)
	case uWeek:
		r.d = unresolved(evident.PrecisionWeek)
	default:
		r.d = unresolved(evident.PrecisionMonth)
		r.d.Historical = true
	}
	r.unit = unit
	return r
}

// resolveAgo extends an "ago" match back over its number (not before
// token floor) and resolves it.
func (s *scanner) resolveAgo(r *res, floor int) {
	unit := r.unit
	k := r.start
	for k-1 >= floor {
		p := k - 1
		switch {
		case s.cls(p) == cNum || s.cls(p) == cCouple || s.digit(p):
			k = p
			continue
		case s.cls(p) == cOf && s.cls(p-1) == cCouple && p-1 >= floor:
			k = p
			continue
		case s.IsDash(p) && s.Glued(p) && s.Glued(p+1) && s.cls(p-1) == cNum:
			k = p
			continue
		}
		break
	}
	if k == r.start {
		return // "years ago": vague, unresolved
	}
	phrase := s.Text[s.Toks[k].Start:s.Toks[r.start-1].End]
	var n int64 = -1
	if nb, ok := numbers.Parse(phrase); ok && !nb.Vague {
		n = nb.Value
	} else if !ok {
		switch strings.ToLower(phrase) {
		case "a", "an", "one":
			n = 1
		case "a couple of", "couple of", "a couple":
			n = 2
		}
	}
	// A leading article belongs to the span only when it is the number.
	r.start = k
	if n < 0 || n > 1000 || s.ref.IsZero() {
		r.conf = 0.6
		return
	}
	ref := s.ref
	var t time.Time
	switch unit {
	case uHour:
		t = ref
	case uDay:
		t = ref.AddDate(0, 0, -int(n))
	case uWeek:
		t = monday(ref.AddDate(0, 0, -7*int(n)))
	case uMonth:
		p := ref.AddDate(0, -int(n), 0)
		t = firstOfMonth(p.Year(), int(p.Month()))
	case uYear:
		p := ref.AddDate(-int(n), 0, 0)
		t = firstOfMonth(p.Year(), int(p.Month()))
	case uDecade:
		p := ref.AddDate(-10*int(n), 0, 0)
		t = firstOfMonth(p.Year(), 1)
	}
	r.d.Time = t
	r.d.Relative = true
	if !r.d.Historical {
		r.d.Historical = s.historical(t)
	}
}

// scan appends every temporal expression of the scanner's tokens.
func (s *scanner) scan(out []res) []res {
	floor := 0
	for i := 0; i < len(s.Toks); {
		if t := &s.Toks[i]; t.Kind == wordscan.Punct || t.Kind == wordscan.Alpha && t.W.c == cNone {
			i++ // fast path: most tokens start nothing
			continue
		}
		r, ok := s.matchAt(i)
		if !ok {
			i++
			continue
		}
		if r.rule == RuleAgo {
			s.resolveAgo(&r, floor)
		}
		r.d.Relative = r.d.Relative || r.rule == RuleAgo || r.rule == RulePast
		out = append(out, r)
		i = r.end
		floor = r.end
	}
	return out
}

// span returns the byte span of a result.
func (s *scanner) span(r res) evident.Span {
	return evident.Span{Start: int(s.Toks[r.start].Start), End: int(s.Toks[r.end-1].End)}
}

// ParseDate reads s as one temporal expression, resolved against ref (the
// publication date; zero when unknown). A leading preposition ("on
// Tuesday", "in 2014") is allowed; month and weekday names need not be
// capitalised and a bare year is accepted.
func ParseDate(s string, ref time.Time) (evident.Date, bool) {
	var buf [16]tok
	toks := tokenize(s, buf[:0])
	toks = wordscan.TrimFinalPunct(s, toks)
	sc := scanner{Seq: wordscan.Seq[word]{Text: s, Toks: toks}, ref: refDay(ref), loose: true}
	first := 0
	if c := sc.cls(0); (c == cPrep || c == cIn) && len(toks) > 1 && !(c == cIn && sc.cls(1) == cThe) {
		first = 1
	}
	var rbuf [2]res
	rs := sc.scan(rbuf[:0])
	if len(rs) != 1 || rs[0].start != first || rs[0].end != len(toks) {
		return evident.Date{}, false
	}
	return rs[0].d, true
}
