package events

import (
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/timex"
)

// datesEvent reports whether date mention dm may give an event of a its
// date. It may not when:
//
//   - it is unresolved or historical;
//   - it is the document's dateline, the report's date rather than the
//     event's (the timex rule RuleDateline, or the span of
//     a.Doc.Published);
//   - it lies after the publication day: an event date is never in the
//     future;
//   - "since" introduces it ("killed since Dec. 1"): it starts a period;
//   - it dates a statement ("forces today confirmed the arrest ... Sept.
//     19", "officials said Tuesday") or names an incident that the
//     sentence refers to ("the Aug. 8 attack", "Tuesday's attack"), and its
//     sentence has another date that may date the event;
//   - carried is true (dm is in a sentence before the event's, whose date
//     the event would inherit) and dm names a referred incident.
func datesEvent(a *evident.Analysis, dm *evident.Mention, carried bool) bool {
	if !eventDay(a, dm) {
		return false
	}
	text := a.Doc.Text
	if w := strings.ToLower(wordBefore(text, dm.Start)); w == "since" {
		return false
	}
	attr := attributiveDate(text, dm)
	if attr && carried {
		return false
	}
	if attr || statementDate(text, dm) {
		for i := range a.Mentions {
			o := &a.Mentions[i]
			if o.Kind == evident.KindDate && o.Sentence == dm.Sentence && o.Span != dm.Span &&
				eventDay(a, o) && !statementDate(text, o) && !attributiveDate(text, o) {
				return false
			}
		}
	}
	return true
}

// eventDay reports whether dm is a resolved, recent day that is neither
// the dateline nor after publication.
func eventDay(a *evident.Analysis, dm *evident.Mention) bool {
	if dm.Date == nil || dm.Date.Time.IsZero() || dm.Date.Historical || dm.Rule == timex.RuleDateline {
		return false
	}
	if ps := a.Doc.PublishedSpan; ps != nil && ps.Overlaps(dm.Span) {
		return false
	}
	if pub := a.Doc.Published; !pub.IsZero() {
		y, m, d := pub.Date()
		if dm.Date.Time.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
			return false
		}
	}
	return true
}

// statementVerbs are the verbs of saying whose neighbouring date is the
// statement's, not the event's.
var statementVerbs = setOf("said", "says", "confirmed", "confirms", "announced", "announces", "reported",
	"reports", "stated", "states", "told", "claimed", "claims", "denied", "denies")

// statementDate reports whether a verb of saying stands right before or
// after the date ("confirmed today", "yesterday confirmed").
func statementDate(text string, dm *evident.Mention) bool {
	return statementVerbs[strings.ToLower(wordBefore(text, dm.Start))] ||
		statementVerbs[strings.ToLower(wordAfter(text, dm.End))]
}

// notNouns are words that may follow "the <date>" without making the
// date a modifier of a noun ("on the 5th of May in Mosul").
var notNouns = setOf("of", "in", "on", "at", "and", "or", "to", "when", "while", "with", "was", "were", "is",
	"are", "by", "from", "as", "that", "which", "before", "after", "near", "during", "for", "until")

// attributiveDate reports whether the date modifies a noun and so names an
// incident the sentence refers to: "the Aug. 8 suicide attack", "the
// Dec. 2 attack on the airfield", "Tuesday's attack".
func attributiveDate(text string, dm *evident.Mention) bool {
	rest := text[dm.End:]
	if strings.HasPrefix(rest, "'s ") || strings.HasPrefix(rest, "\u2019s ") {
		return true
	}
	if !strings.EqualFold(wordBefore(text, dm.Start), "the") {
		return false
	}
	w := wordAfter(text, dm.End)
	return w != "" && !notNouns[strings.ToLower(w)]
}

// wordBefore returns the word that ends right before offset i, separated
// from it by spaces only; "" when punctuation intervenes.
func wordBefore(text string, i int) string {
	j := i
	for j > 0 && text[j-1] == ' ' {
		j--
	}
	if j == i && i > 0 {
		return ""
	}
	k := j
	for k > 0 && isWordByte(text[k-1]) {
		k--
	}
	return text[k:j]
}

// wordAfter returns the word that starts right after offset i, separated
// from it by spaces only; "" when punctuation intervenes.
func wordAfter(text string, i int) string {
	j := i
	for j < len(text) && text[j] == ' ' {
		j++
	}
	if j == i && i < len(text) {
		return ""
	}
	k := j
	for k < len(text) && isWordByte(text[k]) {
		k++
	}
	return text[j:k]
}

func isWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func (b Build) date(a *evident.Analysis, views []sentenceView, v *sentenceView, trig *evident.Mention, ev *evident.Event, field func(string, string, *evident.Mention)) (from string) {
	// The date nearest the trigger: "Today, forces confirmed a leader was
	// arrested ... Sunday" happened on Sunday.
	var best *evident.Mention
	bestD := 1 << 30
	for _, dm := range v.dates {
		if !datesEvent(a, dm, false) || isDateline(a, dm) { // events/dates.go
			continue
		}
		d := dm.Start - trig.End
		if d < 0 {
			d = trig.Start - dm.End
		}
		if d < bestD {
			best, bestD = dm, d
		}
	}
	if dm := best; dm != nil {
		ev.EventDate = dm.Date.Time.Format("2006-01-02")
		ev.TimePrecision = dm.Date.Precision
		field("event_date", ev.EventDate, dm)
		if statementDate(a.Doc.Text, dm) {
			// "a monitoring group said Sunday": the date of the report,
			// an upper bound on the event's.
			return "statement"
		}
		return "sentence"
	}
	// No date in the sentence: a story told after its lead keeps the
	// lead's date ("... in Khost yesterday. The force then ..."): the
	// nearest date of the five sentences before, at lower confidence.
	for k := v.idx - 1; k >= 0 && k >= v.idx-5; k-- {
		for _, dm := range views[k].dates {
			if !datesEvent(a, dm, true) || isDateline(a, dm) {
				continue
			}
			ev.EventDate = dm.Date.Time.Format("2006-01-02")
			ev.TimePrecision = dm.Date.Precision
			field("event_date", ev.EventDate, dm)
			f := &ev.Fields[len(ev.Fields)-1]
			f.Rule, f.Confidence = "date of an earlier sentence: "+dm.Rule, dm.Confidence*0.7
			return "context"
		}
	}
	if !a.Doc.Published.IsZero() {
		// No date in the sentence: the report's date, known to the week.
		ev.EventDate = a.Doc.Published.Format("2006-01-02")
		ev.TimePrecision = evident.PrecisionWeek
		rule := "publication date (" + a.Doc.PublishedFrom + ")"
		fe := evident.FieldEvidence{Field: "event_date", Value: ev.EventDate, Rule: rule, Confidence: 0.5}
		if a.Doc.PublishedSpan != nil {
			fe.Start, fe.End = a.Doc.PublishedSpan.Start, a.Doc.PublishedSpan.End
		}
		ev.Fields = append(ev.Fields, fe)
		return "published"
	}
	ev.TimePrecision = evident.PrecisionMonth
	return ""
}
