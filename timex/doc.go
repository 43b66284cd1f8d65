// Package timex recognises temporal expressions in news text and resolves
// them against the publication date, and finds the publication date that
// many articles state in their first line (Dateline, the Published stage).
//
// # Precision codes
//
// evident.Date.Precision is ACLED's time_precision: 1 = the day is known,
// 2 = the week is known, 3 = the month or something vaguer (a year, a
// season, "two years ago"). Time is UTC midnight of the day the expression
// resolves to: for precision 2 the Monday of the week (or the Saturday of a
// weekend), for precision 3 the first day of the month (of January for a
// year, of the first month of a season: March, June, September, December).
// Time is zero when the expression cannot be resolved: no publication date,
// or a vague count ("several years ago", "years ago", "in the past").
//
// # How relative dates resolve
//
// The reference is the document's dateline (FindDateline: the day the
// report was written), else the publication day (a.Doc.Published, as a
// UTC date). A dateline without a year ("KABUL, Afghanistan (Sept. 1)")
// takes it from the publication date (the latest such day on or before
// it), a release number ("2013-01-S-025") or the first dated sentence;
// with metadata, a dateline after it or more than a week before it is not
// used. The dateline's own mentions, and its repeats in the header, get
// the rule date:dateline.
//
//   - "today", "tonight", "this morning/evening", "earlier today": the
//     publication day. "yesterday", "last night": the day before.
//   - "Tuesday", "on Tuesday", "Tuesday night": the most recent Tuesday on or
//     before publication; "last Tuesday": strictly before.
//   - "this week", "earlier this week": the Monday of the publication week;
//     "last week": the Monday before it; "the weekend", "this weekend": the
//     Saturday on or before publication; "last weekend": the Saturday before
//     the publication week.
//   - "this month", "earlier this month": the first of the publication
//     month; "last month": the first of the month before.
//   - "this year", "earlier this year": 1 January of the publication year;
//     "last year": 1 January of the year before (Historical).
//   - "in January", "early January": the most recent January on or before
//     the publication month; "last January": strictly before it. "May" and
//     "March" count only after a preposition ("in May"), being also a verb
//     and a noun.
//   - "31 January", "Jan. 31": the 31 January nearest to publication (the
//     year before, of or after).
//   - "N days ago": publication minus N days (precision 1); "N weeks ago":
//     the Monday of that week (2); "N months/years ago", "N decades ago":
//     the first of that month (3). N may be digits or words ("two",
//     "twenty-five", "a", "a couple of"); "several", "a few" and "many" are
//     vague and leave Time zero.
//   - "last summer": the most recent summer that ended before publication;
//     "this summer": the one that started on or before it.
//
// Without a publication date a relative expression keeps Time zero but
// still sets Relative and Precision.
//
// # Historical
//
// Date.Historical marks expressions that place an event well before the
// article: "N months/years/decades ago", "years ago", "in the past", "last
// year", "last summer" (any season after "last") always; a year ("in 2014")
// when it is before the publication year; any other resolved date when the
// period it names ends more than 31 days before publication ("in January"
// in an April article; "15 March 2011").
//
// # Explicit dates
//
// "2017-01-31" (date:iso), "31/01/2017", "31.01.2017", "31-01-2017",
// "31/01/17" (date:numeric: day first, unless only the second number can
// be a day, so "01/31/2017" is 31 January), "31 January 2017",
// "31st of January, 2017", "Wednesday 31 January 2017"
// (date:day-month-year), "January 31, 2017", "Jan. 31 2017", "Fri Sep 27
// 2013", "Apr 232017" (date:month-day-year), "August 2013" (date:month-
// year), "in 2014", "since 2011", "mid-2014" (date:year: four digits in
// 1900..2100 after a preposition, never a bare number). Abbreviated month
// and weekday names count only next to digits.
//
// # Rules and confidence
//
// Every mention names its rule (the Rule* constants, such as
// "date:weekday"). Confidence: full explicit dates 0.95, month-year 0.9,
// today/yesterday 0.9, weekdays and yearless dates 0.85, numeric dates,
// weeks, relative months and years, "ago" and years 0.8, month names 0.75,
// seasons 0.7-0.8, vague "ago" and "in the past" 0.6.
//
// The scanner reads sentence text directly, one pass over its own light
// tokens, with one read-only map lookup per word; it allocates only the
// mentions.
package timex
