package timex

import (
	"context"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/internal/wordscan/wordscantest"
	"github.com/google/go-cmp/cmp"
)

// The sentences of these tests are written for them; none is taken from
// an evaluation set.

func TestFindDateline(t *testing.T) {
	type want struct {
		Date     string // "" when not ok
		Span     string
		YearFrom string
		Repeats  []string
	}
	tests := []struct {
		name string
		text string
		pub  time.Time
		want want
	}{
		// A year-less dateline takes its year from the publication date...
		{"publication", "MOSUL, Iraq (Oct. 3) — Iraqi troops repelled an attack on a checkpoint yesterday.",
			day(2016, 10, 4), want{"2016-10-03", "Oct. 3", YearPublication, nil}},
		// ...and goes to the year before when it would fall after it.
		{"publication previous year", "GAO, Mali (Dec. 30) - Peacekeepers came under fire near the airport.",
			day(2017, 1, 2), want{"2016-12-30", "Dec. 30", YearPublication, nil}},
		{"publication leap day", "ALEPPO, Syria (Feb. 29) - Shelling resumed.",
			day(2016, 3, 1), want{"2016-02-29", "Feb. 29", YearPublication, nil}},
		// From a release number.
		{"release number", "Press release 2014-11-A-017\nGAO, Mali (Nov. 28) - Peacekeepers detained two men.",
			time.Time{}, want{"2014-11-28", "Nov. 28", YearRelease, nil}},
		{"release number, next month", "Ref. 2014-12-B-090\nGAO, Mali (Jan. 2) - A patrol found a weapons cache.",
			time.Time{}, want{"2015-01-02", "Jan. 2", YearRelease, nil}},
		{"release number, one-digit month", "2015-3-PR-004\nJUBA, South Sudan (March 30) - Fighting broke out.",
			time.Time{}, want{"2015-03-30", "March 30", YearRelease, nil}},
		// From a full date in the text: on or after it.
		{"date in text", "ALEPPO, Syria (March 3) - Rebels said the truce agreed on Feb. 27, 2016 had collapsed.",
			time.Time{}, want{"2016-03-03", "March 3", YearText, nil}},
		{"month-year in text", "GOMA, Congo (Jan. 5) - The rebel group, which has held the town since June 2015, withdrew.",
			time.Time{}, want{"2016-01-05", "Jan. 5", YearText, nil}},
		// The publication date comes before the text.
		{"publication before text", "MOSUL, Iraq (Oct. 3) - The offensive began in October 2015.",
			day(2016, 10, 3), want{"2016-10-03", "Oct. 3", YearPublication, nil}},
		// Other dateline frames.
		{"agency", "BAGHDAD, Jan 31 (Wire) - Troops advanced. Ref 2017-01-W-300",
			time.Time{}, want{"2017-01-31", "Jan 31", YearRelease, nil}},
		{"headline colon", "May 11: Troops clear villages in Helmand\nRelease 2010-05-C-039\nTroops cleared two villages last night.",
			time.Time{}, want{"2010-05-11", "May 11", YearRelease, nil}},
		{"title line end", "Operations update, July 16\nRef 2010-07-C-097\nA patrol detained a commander last night.",
			time.Time{}, want{"2010-07-16", "July 16", YearRelease, nil}},
		// A full dateline, repeated in the title above it.
		{"repeat", "Daily Update, Feb. 21, 2011\nKABUL, Afghanistan (Feb. 21, 2011) Troops detained a courier yesterday.",
			time.Time{}, want{"2011-02-21", "Feb. 21, 2011", YearStated, []string{"Feb. 21, 2011"}}},
		{"repeat year-less", "Daily Update Feb. 10, 2011\nKABUL, Afghanistan (Feb. 10)\nTroops detained a courier yesterday.",
			time.Time{}, want{"2011-02-10", "Feb. 10, 2011", YearStated, []string{"Feb. 10"}}},
		{"dot for comma", "KABUL, Afghanistan (Nov. 1. 2011) A patrol detained two men.",
			time.Time{}, want{"2011-11-01", "Nov. 1. 2011", YearStated, nil}},
		// Not a dateline, or no year anywhere.
		{"no year", "KABUL, Afghanistan (Jan. 28) – Troops captured a bomb maker today.", time.Time{}, want{}},
		{"sentence date", "Troops captured a bomb maker on Jan. 28 in Kandahar. Ref 2012-01-S-001", time.Time{}, want{}},
		{"date is not a release number", "2013-01-25 (Jan. 28) Troops captured a bomb maker.",
			time.Time{}, want{"2013-01-25", "2013-01-25", YearStated, nil}},
		// With metadata, a dateline after it or well before it is not the
		// document's date.
		{"after metadata", "Jan. 31, 2017 - Iraqi forces advanced.", day(2017, 1, 30), want{}},
		{"long before metadata", "12 February 2015 Casualties mount in the city.", day(2015, 3, 20), want{}},
		{"days before metadata", "12 February 2015 Casualties mount in the city.", day(2015, 2, 13),
			want{"2015-02-12", "12 February 2015", YearStated, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := FindDateline(tt.text, tt.pub)
			var g want
			if ok {
				if d.Time.Location() != time.UTC || d.Time.Hour() != 0 {
					t.Errorf("time %v is not UTC midnight", d.Time)
				}
				g = want{d.Time.Format(time.DateOnly), tt.text[d.Span.Start:d.Span.End], d.YearFrom, nil}
				for _, r := range d.Repeats {
					g.Repeats = append(g.Repeats, tt.text[r.Start:r.End])
				}
			}
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("FindDateline (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDatelineAnchors: relative dates resolve against the dateline, whose
// own mentions are the report's date (RuleDateline).
func TestDatelineAnchors(t *testing.T) {
	const text = "Daily Update, September 4\n2012-09-X-011\nKABUL, Afghanistan (Sept 4) Troops detained two men yesterday. " +
		"On Sunday, a patrol found a cache. The commander was seized last night."
	tests := []struct {
		name string
		pub  time.Time // metadata; zero for none
		want []dm
	}{
		{"year from release number", time.Time{}, []dm{
			{"September 4", 0, RuleDateline, "2012-09-04", 1, false},
			{"Sept 4", 2, RuleDateline, "2012-09-04", 1, false},
			{"yesterday", 2, RuleYesterday, "2012-09-03", 1, false},
			{"Sunday", 3, RuleWeekday, "2012-09-02", 1, false},
			{"last night", 4, RuleYesterday, "2012-09-03", 1, false},
		}},
		// Metadata a day later: the dateline, written on 4 September, still
		// anchors "yesterday".
		{"metadata the day after", day(2012, 9, 5), []dm{
			{"September 4", 0, RuleDateline, "2012-09-04", 1, false},
			{"Sept 4", 2, RuleDateline, "2012-09-04", 1, false},
			{"yesterday", 2, RuleYesterday, "2012-09-03", 1, false},
			{"Sunday", 3, RuleWeekday, "2012-09-02", 1, false},
			{"last night", 4, RuleYesterday, "2012-09-03", 1, false},
		}},
		// Metadata in January 2013: the September dateline is of 2012 but
		// months older than the metadata, so the metadata anchors.
		{"metadata months later", day(2013, 1, 8), []dm{
			{"September 4", 0, RuleMonthDay, "2012-09-04", 1, true},
			{"Sept 4", 2, RuleMonthDay, "2012-09-04", 1, true},
			{"yesterday", 2, RuleYesterday, "2013-01-07", 1, false},
			{"Sunday", 3, RuleWeekday, "2013-01-06", 1, false},
			{"last night", 4, RuleYesterday, "2013-01-07", 1, false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &evident.Document{Text: text, Published: tt.pub}
			if !tt.pub.IsZero() {
				doc.PublishedFrom = "metadata"
			}
			a := &evident.Analysis{Doc: doc, Sentences: wordscantest.Sentences(text)}
			for _, s := range []evident.Stage{Published{}, Stage{}} {
				if err := s.Process(context.Background(), a); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tt.want, dateMentions(t, a)); diff != "" {
				t.Errorf("mentions (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPublishedYearless: the Published stage fills the publication date
// from a year-less dateline.
func TestPublishedYearless(t *testing.T) {
	text := "2012-09-X-011\nKABUL, Afghanistan (Sept. 4) Troops detained two men yesterday."
	a := &evident.Analysis{Doc: &evident.Document{Text: text}}
	if err := (Published{}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	d := a.Doc
	if !d.Published.Equal(day(2012, 9, 4)) || d.PublishedFrom != "text" || d.PublishedSpan == nil ||
		text[d.PublishedSpan.Start:d.PublishedSpan.End] != "Sept. 4" {
		t.Errorf("got %v %q %v", d.Published, d.PublishedFrom, d.PublishedSpan)
	}
	// Dateline keeps its contract: full dates only.
	if _, _, ok := Dateline(text); ok {
		t.Error("Dateline accepted a date without a year")
	}
}

func BenchmarkFindDatelineYearless(b *testing.B) {
	text := "2012-09-X-011\nKABUL, Afghanistan (Sept. 4) Troops detained two men yesterday. " + readSeed(b, "sky-mosul-footage.txt")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := FindDateline(text, time.Time{}); !ok {
			b.Fatal("no dateline")
		}
	}
}

func FuzzFindDateline(f *testing.F) {
	for _, s := range []string{"KABUL, Afghanistan (Sept. 1) - x", "2013-01-S-025\nKABUL (Jan. 25) x yesterday",
		"May 11: x\n2010-05-CA-039", "Update, July 16\nx", "(Feb. 29) in 2015", "(Nov. 1. 2011)", "BAGHDAD, Jan 31 (R) - 2017-1-A-"} {
		f.Add(s, int64(0))
		f.Add(s, int64(1485820800))
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		var pub time.Time
		if unix != 0 {
			pub = time.Unix(unix%(1<<36), 0).UTC()
		}
		d, ok := FindDateline(s, pub)
		if !ok {
			return
		}
		checkSpan(t, s, d.Span)
		for _, r := range d.Repeats {
			checkSpan(t, s, r)
		}
		if d.Time.IsZero() || d.Time.Hour() != 0 || d.YearFrom == "" {
			t.Fatalf("FindDateline(%q) = %+v", s, d)
		}
		if !pub.IsZero() && d.Time.After(refDay(pub)) {
			t.Fatalf("FindDateline(%q, %v) = %v, after publication", s, pub, d.Time)
		}
		a := &evident.Analysis{Doc: &evident.Document{Text: s, Published: pub}, Sentences: wordscantest.Sentences(s)}
		if err := (Stage{}).Process(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	})
}
