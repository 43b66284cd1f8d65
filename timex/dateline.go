package timex

import (
	"context"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/internal/wordscan"
)

// datelineWindow is how far into the text a publication date is looked for.
const datelineWindow = 300

// Dateline finds a publication date stated near the start of text (within
// its first 300 bytes): "date 2017-01-31", "Wed 05 Apr 2017", "12 February
// 2015", "Posted on April 19 2017", "January 31, 2017", "24.08.2013". It
// returns the day at UTC midnight and the date's exact byte span (a leading
// weekday included). Only full dates with a year count: a Reuters-style
// "BAGHDAD, Jan 31 (Reuters) -" gives ok=false, and so does a date that a
// preposition introduces ("on 12 March 2011"), which is more likely an
// event than a dateline, unless "posted", "published" or "updated" precede
// it.
func Dateline(text string) (t time.Time, span evident.Span, ok bool) {
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
			// A dateline without a year: "BAGHDAD, Jan 31 (Reuters) -".
			if s.Punct(r.end, "(") || s.IsDash(r.end) {
				return time.Time{}, evident.Span{}, false
			}
			continue
		case RuleISO, RuleNumeric, RuleDayMonthYear, RuleMonthDayYear:
		default:
			continue
		}
		if !s.datelineContext(r.start) {
			continue
		}
		return r.d.Time, sp, true
	}
	return time.Time{}, evident.Span{}, false
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

// Published is the stage that fills a.Doc.Published from a dateline in the
// text when the metadata gave none.
type Published struct{}

// Name implements evident.Stage.
func (Published) Name() string { return "dateline" }

// Process implements evident.Stage.
func (Published) Process(_ context.Context, a *evident.Analysis) error {
	if a.Doc == nil || !a.Doc.Published.IsZero() {
		return nil
	}
	t, sp, ok := Dateline(a.Doc.Text)
	if !ok {
		return nil
	}
	a.Doc.Published = t
	a.Doc.PublishedFrom = "text"
	a.Doc.PublishedSpan = &sp
	return nil
}

// Stage adds an evident.KindDate mention for every temporal expression of
// every sentence, resolved against a.Doc.Published when it is known. It
// needs a.Sentences (the segment stage) and adds nothing without them.
type Stage struct{}

// Name implements evident.Stage.
func (Stage) Name() string { return "dates" }

// Process implements evident.Stage.
func (Stage) Process(ctx context.Context, a *evident.Analysis) error {
	if a.Doc == nil {
		return nil
	}
	ref := refDay(a.Doc.Published)
	var toks []tok
	var rs []res
	return wordscan.EachSentence(ctx, a, func(si, start int, st string) {
		toks = tokenize(st, toks[:0])
		s := scanner{Seq: wordscan.Seq[word]{Text: st, Toks: toks}, ref: ref}
		rs = s.scan(rs[:0])
		for _, r := range rs {
			sp := s.span(r)
			d := r.d
			a.Mentions = append(a.Mentions, evident.Mention{
				Kind:       evident.KindDate,
				Span:       evident.Span{Start: start + sp.Start, End: start + sp.End},
				Text:       st[sp.Start:sp.End],
				Sentence:   si,
				Rule:       r.rule,
				Confidence: r.conf,
				Date:       &d,
			})
		}
	})
}
