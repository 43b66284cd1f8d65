package events

import (
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/timex"
)

// datesEvent reports whether date mention dm may give an event of a its
// date. It may not when it is unresolved or historical, when it is the
// document's dateline (the report's date, not the event's: the timex
// rule RuleDateline, or the span of a.Doc.Published), or when it lies
// after the publication day: an event date is never in the future.
func datesEvent(a *evident.Analysis, dm *evident.Mention) bool {
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
