package timex

import (
	"context"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/internal/wordscan"
)

// datelineWindow is how far into the text a publication date is looked for.
const datelineWindow = 300

// datelineLag is how long before a metadata publication date a dateline
// may be and still be the report's own date; an earlier "dateline" is more
// likely an event date heading the text.
const datelineLag = 7 * 24 * time.Hour

// Where a dateline's year came from (DocDate.YearFrom).
const (
	YearStated      = "dateline"         // "KABUL, Afghanistan (Jan. 25, 2013)"
	YearPublication = "publication date" // the metadata's publication date
	YearRelease     = "release number"   // a reference such as "2013-01-S-025"
	YearText        = "date in text"     // the first date with a year in the text
)

// DocDate is the date a document gives itself in its first lines.
type DocDate struct {
	// Time is the day, at UTC midnight.
	Time time.Time
	// Span is the dateline's date: "Jan. 25, 2013", "Sept. 1".
	Span evident.Span
	// Repeats are other statements of the same day in the header, such
	// as a title "Operational Update, Jan. 25, 2013" above the dateline.
	Repeats []evident.Span
	// YearFrom says where the year came from: YearStated, YearPublication,
	// YearRelease or YearText.
	YearFrom string
}

// Covers reports whether sp overlaps the dateline or one of its repeats.
func (d *DocDate) Covers(sp evident.Span) bool {
	if d.Span.Overlaps(sp) {
		return true
	}
	for _, r := range d.Repeats {
		if r.Overlaps(sp) {
			return true
		}
	}
	return false
}

// headDate is a date near the start of a text that reads as a dateline.
type headDate struct {
	sp   evident.Span
	t    time.Time // zero for a date without a year
	m, d int       // month and day of a date without a year
}

// Dateline finds a publication date stated near the start of text (within
// its first 300 bytes): "date 2017-01-31", "Wed 05 Apr 2017", "12 February
// 2015", "Posted on April 19 2017", "January 31, 2017", "24.08.2013". It
// returns the day at UTC midnight and the date's exact byte span (a leading
// weekday included). Only full dates with a year count: a dateline without
// one, such as "BAGHDAD, Jan 31 (Reuters) -", gives ok=false (FindDateline
// finds its year), and so does a date that a preposition introduces ("on
// 12 March 2011"), which is more likely an event than a dateline, unless
// "posted", "published" or "updated" precede it.
func Dateline(text string) (t time.Time, span evident.Span, ok bool) {
	var buf [8]headDate
	hs := headerDates(text, buf[:0])
	if len(hs) == 0 || hs[0].t.IsZero() {
		return time.Time{}, evident.Span{}, false
	}
	return hs[0].t, hs[0].sp, true
}

// FindDateline finds the document's own date near the start of text, as
// Dateline does, and also a dateline without a year: "KABUL, Afghanistan
// (Sept. 1)", "BAGHDAD, Jan 31 (Reuters) -", a headline "May 11: ...". Such
// a date takes its year from the document, in this order:
//
//   - pub, the publication date from metadata when it is known: the latest
//     such day on or before it (a "Dec. 31" dateline on a 2 January
//     publication is 31 December of the year before);
//   - a release number that starts with a year and a month ("2013-01-S-025",
//     "2009-12-CA-080"): the year that puts the day nearest that month;
//   - the first date with a year in the text ("Oct. 19, 2012", "March
//     2011"): the first such day on or after it, since a report is not
//     older than what it tells.
//
// Without any of them ok is false. When pub is known, a dateline after it,
// or more than a week before it, is not the document's date: ok is false.
// Other statements of the same day in the first 300 bytes (a title above
// the dateline) are returned as Repeats.
func FindDateline(text string, pub time.Time) (DocDate, bool) {
	pub = refDay(pub)
	var buf [8]headDate
	hs := headerDates(text, buf[:0])
	if len(hs) == 0 {
		return DocDate{}, false
	}
	h := hs[0]
	dd := DocDate{Span: h.sp, Time: h.t, YearFrom: YearStated}
	if h.t.IsZero() {
		t, from, ok := yearFor(text, h.m, h.d, pub)
		if !ok {
			return DocDate{}, false
		}
		dd.Time, dd.YearFrom = t, from
	}
	if !pub.IsZero() && (dd.Time.After(pub) || pub.Sub(dd.Time) > datelineLag) {
		return DocDate{}, false
	}
	for _, o := range hs[1:] {
		if o.t.Equal(dd.Time) || o.t.IsZero() && o.m == int(dd.Time.Month()) && o.d == dd.Time.Day() {
			dd.Repeats = append(dd.Repeats, o.sp)
		}
	}
	return dd, true
}

// headerDates appends the dates of the first datelineWindow bytes of text
// that read as datelines, in text order: full dates not introduced by a
// preposition (unless a stamp word precedes it), and dates without a year
// in a dateline's frame (see yearlessFrame).
func headerDates(text string, out []headDate) []headDate {
	head := text
	if len(head) > datelineWindow {
		// Extend to the end of the word so a date is not cut in half.
		end := datelineWindow
		for end < len(text) && end < datelineWindow+40 && text[end] != ' ' && text[end] != '\n' {
			end++
		}
		head = text[:end]
	}
	var buf [96]tok
	toks := tokenize(head, buf[:0])
	s := scanner{Seq: wordscan.Seq[word]{Text: head, Toks: toks}}
	var rbuf [8]res
	for _, r := range s.scan(rbuf[:0]) {
		sp := s.span(r)
		if sp.Start >= datelineWindow {
			break
		}
		switch r.rule {
		case RuleDayMonth, RuleMonthDay:
			if s.yearlessFrame(r) {
				out = append(out, headDate{sp: sp, m: r.month, d: r.day})
			}
		case RuleISO, RuleNumeric, RuleDayMonthYear, RuleMonthDayYear:
			if s.datelineContext(r.start) {
				out = append(out, headDate{sp: sp, t: r.d.Time})
			}
		}
	}
	return out
}

// datelineContext reports whether the date at token i reads as a dateline
// rather than as a date inside a sentence.
func (s *scanner) datelineContext(i int) bool {
	switch s.cls(i - 1) {
	case cPrep, cIn, cOf:
		return s.cls(i-2) == cStamp
	}
	return true
}

// yearlessFrame reports whether a day and month without a year stand as a
// dateline does: in parentheses after a place ("KABUL, Afghanistan (Sept.
// 1)"), after a comma or at the start of a line and before an agency or a
// dash ("BAGHDAD, Jan 31 (Reuters) -", "Jan. 31 - "), after a comma at the
// end of a line ("Operational Update, July 16"), or heading a line before
// a colon ("May 11: Forces ...").
func (s *scanner) yearlessFrame(r res) bool {
	open := s.Punct(r.start-1, "(")
	switch {
	case open:
		return s.Punct(r.end, ")")
	case s.Punct(r.start-1, ","):
		return s.Punct(r.end, "(") || s.dash(r.end) || s.lineEnd(r.end-1)
	case s.lineStart(r.start):
		return s.Punct(r.end, "(") || s.dash(r.end) || s.Punct(r.end, ":")
	}
	return false
}

// dash reports whether token i is a hyphen, an en dash or an em dash.
func (s *scanner) dash(i int) bool { return s.IsDash(i) || s.Punct(i, "\u2014") }

// lineStart reports whether token i begins a line: only white space lies
// between it and the start of the text or a line break.
func (s *scanner) lineStart(i int) bool {
	k := int(s.Toks[i].Start)
	for k > 0 {
		switch c := s.Text[k-1]; c {
		case '\n':
			return true
		case ' ', '\t', '\r', '\f', '\v':
			k--
			continue
		}
		// U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR, U+00A0.
		if k >= 3 && s.Text[k-3] == 0xe2 && s.Text[k-2] == 0x80 && (s.Text[k-1] == 0xa8 || s.Text[k-1] == 0xa9) {
			return true
		}
		if k >= 2 && s.Text[k-2] == 0xc2 && s.Text[k-1] == 0xa0 {
			k -= 2
			continue
		}
		return false
	}
	return true
}

// lineEnd reports whether token i ends a line: only white space lies
// between it and a line break.
func (s *scanner) lineEnd(i int) bool {
	for k := int(s.Toks[i].End); k < len(s.Text); k++ {
		switch c := s.Text[k]; c {
		case '\n':
			return true
		case ' ', '\t', '\r', '\f', '\v':
			continue
		}
		// U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR, U+00A0.
		rest := s.Text[k:]
		if len(rest) >= 3 && rest[0] == 0xe2 && rest[1] == 0x80 && (rest[2] == 0xa8 || rest[2] == 0xa9) {
			return true
		}
		if len(rest) >= 2 && rest[0] == 0xc2 && rest[1] == 0xa0 {
			k++
			continue
		}
		return false
	}
	return false
}

// yearFor gives month m, day d a year from the document (see FindDateline).
func yearFor(text string, m, d int, pub time.Time) (time.Time, string, bool) {
	if !pub.IsZero() {
		for y := pub.Year(); y > pub.Year()-8; y-- { // 29 February: back to a leap year
			if t, ok := dayOf(y, m, d); ok && !t.After(pub) {
				return t, YearPublication, true
			}
		}
		return time.Time{}, "", false
	}
	toks := tokenize(text, make([]tok, 0, len(text)/4))
	s := scanner{Seq: wordscan.Seq[word]{Text: text, Toks: toks}}
	if y, mo, ok := s.releaseNumber(); ok {
		if t, ok := nearestDay(m, d, firstOfMonth(y, mo).AddDate(0, 0, 14)); ok {
			return t, YearRelease, true
		}
	}
	for _, r := range s.scan(nil) {
		switch r.rule {
		case RuleISO, RuleNumeric, RuleDayMonthYear, RuleMonthDayYear, RuleMonthYear:
		default:
			continue
		}
		if t, ok := dayOnOrAfter(m, d, r.d.Time); ok {
			return t, YearText, true
		}
		break
	}
	return time.Time{}, "", false
}

// nearestDay returns the day m/d of the year before, of or after near's
// year that lies nearest near.
func nearestDay(m, d int, near time.Time) (time.Time, bool) {
	var best time.Time
	for y := near.Year() - 1; y <= near.Year()+1; y++ {
		t, ok := dayOf(y, m, d)
		if ok && (best.IsZero() || absDur(t.Sub(near)) < absDur(best.Sub(near))) {
			best = t
		}
	}
	return best, !best.IsZero()
}

// dayOnOrAfter returns the first day m/d on or after t: a report is not
// older than the dates it tells of.
func dayOnOrAfter(m, d int, t time.Time) (time.Time, bool) {
	for y := t.Year(); y <= t.Year()+8; y++ { // 29 February: on to a leap year
		if u, ok := dayOf(y, m, d); ok && !u.Before(t) {
			return u, true
		}
	}
	return time.Time{}, false
}

// releaseNumber finds the first reference number that starts with a year
// and a month and goes on with letters: "2013-01-S-025", "2009-12-CA-080",
// "2011-3-S-014". A date ("2013-01-25") is not one.
func (s *scanner) releaseNumber() (year, month int, ok bool) {
	for i := 0; i+4 < len(s.Toks); i++ {
		y, isYear := s.yearAt(i)
		if !isYear || s.Glued(i) && s.Toks[i-1].Kind != wordscan.Punct {
			continue
		}
		if !(s.IsDash(i+1) && s.Glued(i+1) && s.digit(i+2) && s.Glued(i+2) && s.dlen(i+2) <= 2 &&
			s.IsDash(i+3) && s.Glued(i+3) && s.Glued(i+4) && s.Toks[i+4].Kind == wordscan.Alpha && s.capital(i+4)) {
			continue
		}
		if mo := s.dval(i + 2); mo >= 1 && mo <= 12 {
			return y, mo, true
		}
	}
	return 0, 0, false
}

// Published is the stage that fills a.Doc.Published from a dateline in the
// text when the metadata gave none (FindDateline, so a dateline without a
// year takes it from a release number or a dated sentence).
type Published struct{}

// Name implements evident.Stage.
func (Published) Name() string { return "dateline" }

// Process implements evident.Stage.
func (Published) Process(_ context.Context, a *evident.Analysis) error {
	if a.Doc == nil || !a.Doc.Published.IsZero() {
		return nil
	}
	dd, ok := FindDateline(a.Doc.Text, time.Time{})
	if !ok {
		return nil
	}
	sp := dd.Span
	a.Doc.Published = dd.Time
	a.Doc.PublishedFrom = "text"
	a.Doc.PublishedSpan = &sp
	return nil
}

// Stage adds an evident.KindDate mention for every temporal expression of
// every sentence. Relative expressions resolve against the document's
// dateline (FindDateline) when it has one, else against a.Doc.Published
// when it is known. The dateline, and any repeat of it in the header, is
// a mention with the rule RuleDateline: the report's date, not an event's.
// It needs a.Sentences (the segment stage) and adds nothing without them.
type Stage struct{}

// Name implements evident.Stage.
func (Stage) Name() string { return "dates" }

// Process implements evident.Stage.
func (Stage) Process(ctx context.Context, a *evident.Analysis) error {
	if a.Doc == nil {
		return nil
	}
	ref := refDay(a.Doc.Published)
	dl, hasDL := FindDateline(a.Doc.Text, ref)
	if hasDL {
		ref = dl.Time
	}
	var toks []tok
	var rs []res
	return wordscan.EachSentence(ctx, a, func(si, start int, st string) {
		toks = tokenize(st, toks[:0])
		s := scanner{Seq: wordscan.Seq[word]{Text: st, Toks: toks}, ref: ref}
		rs = s.scan(rs[:0])
		for _, r := range rs {
			sp := s.span(r)
			sp = evident.Span{Start: start + sp.Start, End: start + sp.End}
			d, rule, conf := r.d, r.rule, r.conf
			if hasDL && dl.Covers(sp) {
				d = evident.Date{Time: dl.Time, Precision: evident.PrecisionDay}
				rule, conf = RuleDateline, 0.95
			}
			a.Mentions = append(a.Mentions, evident.Mention{
				Kind:       evident.KindDate,
				Span:       sp,
				Text:       a.Doc.Text[sp.Start:sp.End],
				Sentence:   si,
				Rule:       rule,
				Confidence: conf,
				Date:       &d,
			})
		}
	})
}
