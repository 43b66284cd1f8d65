package source

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Plausible publication years; ParseDate rejects others.
const (
	minYear = 1800
	maxYear = 2199
)

var (
	rxISODate = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})$`)
	// a time of day with optional seconds, fraction, zone or am/pm
	rxTimeOfDay = regexp.MustCompile(`^(?i)\d{1,2}[:.]\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:z|[+-]\d{2}(?::?\d{2})?|[ap]\.?m\.?)?$`)
	// a zone: abbreviation, numeric offset, "GMT+3", "(UTC)"
	rxZone    = regexp.MustCompile(`^\(?(?:[A-Z]{1,5}|(?:GMT|UTC)?[+-]\d{1,2}(?::?\d{2})?|[A-Z]{1,5}[+-]\d{1,2}(?::?\d{2})?)\)?$`)
	rxDayNum  = regexp.MustCompile(`^(?i)(\d{1,2})(?:st|nd|rd|th)?\.?$`)
	rxYearNum = regexp.MustCompile(`^(\d{4}|\d{2})$`)
)

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
	"nov": 11, "november": 11, "dec": 12, "december": 12,
}

var weekdays = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true,
	"wed": true, "wednesday": true, "thu": true, "thur": true, "thurs": true, "thursday": true,
	"fri": true, "friday": true, "sat": true, "saturday": true, "sun": true, "sunday": true,
}

// ParseDate parses a publication date from metadata and returns its
// calendar day, as written, at midnight UTC: a time of day and a zone are
// accepted and ignored ("2017-04-05T23:30:00-05:00" is 5 April 2017).
//
// Accepted forms include ISO 8601 dates and datetimes ("2017-04-05",
// "2017-04-05T10:00:00Z", "2017-04-05 10:00", "2017/04/05"), RFC 1123,
// RFC 822 and RFC 850 ("Wed, 05 Apr 2017 10:00:00 GMT", "05 Apr 17 10:00
// +0300"), ANSI C and Unix date output, and English day-month-year or
// month-day-year dates with optional weekday, ordinal suffix, commas and
// time ("Wed 05 Apr 2017", "April 5, 2017", "5 April 2017", "5th Apr.
// 2017", "Apr 5 2017 3:04 PM"). All-numeric dates other than year-first
// ("05/04/2017") are ambiguous and rejected, as are years outside
// 1800-2199 and impossible days (30 February).
func ParseDate(s string) (time.Time, bool) {
	if len(s) > 128 {
		return time.Time{}, false
	}
	s = strings.ReplaceAll(s, ",", " ")
	toks := strings.Fields(s)
	var (
		year, day = -1, -1
		month     time.Month
		nums      []string
		sawMo     bool
		isoSeen   bool
	)
	for _, tok := range toks {
		lt := strings.ToLower(strings.TrimSuffix(tok, "."))
		// ISO date, alone or with a "T" time.
		if len(tok) >= 8 && tok[0] >= '0' && tok[0] <= '9' {
			datePart, timePart, hasT := strings.Cut(tok, "T")
			if !hasT {
				datePart, timePart, hasT = strings.Cut(tok, "t")
			}
			if m := rxISODate.FindStringSubmatch(datePart); m != nil {
				if isoSeen || sawMo || len(nums) > 0 || m[2] != m[4] {
					return time.Time{}, false
				}
				if hasT && !rxTimeOfDay.MatchString(timePart) {
					return time.Time{}, false
				}
				year, _ = strconv.Atoi(m[1])
				mo, _ := strconv.Atoi(m[3])
				day, _ = strconv.Atoi(m[5])
				month = time.Month(mo)
				isoSeen = true
				continue
			}
		}
		switch {
		case weekdays[lt]:
			continue
		case lt == "at" || lt == "am" || lt == "pm" || lt == "a.m" || lt == "p.m" || lt == "on":
			continue
		case rxTimeOfDay.MatchString(tok):
			continue
		}
		if mo, ok := months[lt]; ok {
			if sawMo || isoSeen {
				return time.Time{}, false
			}
			month, sawMo = mo, true
			continue
		}
		// "5-Apr-2017", "05-April-17"
		if parts := strings.Split(tok, "-"); len(parts) == 3 {
			if mo, ok := months[strings.ToLower(parts[1])]; ok && !sawMo && !isoSeen && len(nums) == 0 {
				month, sawMo = mo, true
				nums = append(nums, parts[0], parts[2])
				continue
			}
		}
		if rxDayNum.MatchString(tok) || rxYearNum.MatchString(tok) {
			if isoSeen {
				return time.Time{}, false
			}
			nums = append(nums, tok)
			continue
		}
		if rxZone.MatchString(tok) {
			continue
		}
		return time.Time{}, false
	}
	if !isoSeen {
		if !sawMo || len(nums) != 2 {
			return time.Time{}, false
		}
		a, b := nums[0], nums[1]
		if len(a) == 4 { // year first: "2017 April 5"
			a, b = b, a
		}
		m := rxDayNum.FindStringSubmatch(a)
		if m == nil || !rxYearNum.MatchString(b) {
			return time.Time{}, false
		}
		day, _ = strconv.Atoi(m[1])
		year, _ = strconv.Atoi(b)
		if len(b) == 2 { // RFC 822 two-digit year, as Go's time package reads it
			if year >= 69 {
				year += 1900
			} else {
				year += 2000
			}
		}
	}
	if year < minYear || year > maxYear || month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || t.Month() != month {
		return time.Time{}, false
	}
	return t, true
}
