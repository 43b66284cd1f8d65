package events_test

import (
	"testing"
	"time"
)

// TestEventDates: how an event gets its date from the document's dateline
// and the dates of its sentences. pub (metadata) is Wednesday 10 March
// 2021; "none" is a document without metadata.
func TestEventDates(t *testing.T) {
	type want struct {
		Date      string
		Precision int
	}
	none := time.Time{}
	for _, tc := range []struct {
		name string
		text string
		pub  time.Time
		want want
	}{
		// A year-less dateline takes its year from the document, and
		// relative dates count from it.
		{"dateline, release number", "Release 2021-03-K-004\nKABUL, Afghanistan (March 9) Taliban fighters killed a policeman in Kunduz yesterday.",
			none, want{"2021-03-08", 1}},
		{"dateline, publication date", "KABUL, Afghanistan (March 9) Taliban fighters killed a policeman in Kunduz yesterday.",
			pub, want{"2021-03-08", 1}},
		{"dateline, date in text", "KABUL, Afghanistan (March 9) Taliban fighters killed a policeman in Kunduz on Sunday, " +
			"a week after the talks of March 1, 2021 broke down.", none, want{"2021-03-07", 1}},
		{"dateline before new year", "Release 2020-12-K-114\nKABUL, Afghanistan (Jan. 2) Taliban fighters killed a policeman in Kunduz on Thursday.",
			none, want{"2020-12-31", 1}},
		// The dateline itself is the report's date, not the event's.
		{"dateline only", "Release 2021-03-K-004\nKABUL, Afghanistan (March 9) Taliban fighters killed a policeman in Kunduz.",
			none, want{"2021-03-09", 2}},
		// No future dates: a date after publication is never the event's.
		{"future date", "Taliban fighters attacked a checkpoint in Kunduz, and talks are due on March 14.",
			pub, want{"2021-03-10", 2}},
		{"future date with year", "Taliban fighters attacked a checkpoint in Kunduz before the talks of 14 March 2021.",
			pub, want{"2021-03-10", 2}},
		// A date next to a verb of saying dates the statement.
		{"statement date", "Officials confirmed today that Taliban fighters killed a policeman in Kunduz on Sunday.",
			pub, want{"2021-03-07", 1}},
		{"statement date alone", "Officials said today that Taliban fighters killed a policeman in Kunduz.",
			pub, want{"2021-03-10", 1}},
		// A date that names another incident ("the March 2 bombing") does
		// not date the sentence's event, nor the next sentence's.
		{"attributive", "Police arrested a militant in Kandahar today over the March 2 bombing.", pub, want{"2021-03-10", 1}},
		{"attributive carried", "The March 2 bombing in Kandahar was claimed by no group. Police later arrested two militants in Kandahar.",
			pub, want{"2021-03-10", 2}},
		// "since" starts a period.
		{"since", "Talks in Doha have stalled since March 2. Taliban fighters attacked a checkpoint in Kunduz.",
			pub, want{"2021-03-10", 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, evs := extract(t, tc.text, tc.pub)
			var fg []want
			for _, e := range evs {
				if !e.Background {
					fg = append(fg, want{e.EventDate, e.TimePrecision})
				}
			}
			if len(fg) == 0 {
				t.Fatalf("%q: no event: %+v", tc.text, evs)
			}
			for _, g := range fg {
				if g != tc.want {
					t.Errorf("%q: event date %+v, want %+v\nevents: %+v", tc.text, g, tc.want, evs)
				}
			}
		})
	}
}
