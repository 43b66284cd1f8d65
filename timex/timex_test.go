package timex

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/internal/wordscan/wordscantest"
	"github.com/evident-org/evident/numbers"
	"github.com/google/go-cmp/cmp"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// pub is a Tuesday.
var pub = day(2017, 1, 31)

func TestParseDate(t *testing.T) {
	type D = evident.Date
	tests := []struct {
		group string
		in    string
		ref   time.Time
		want  D
	}{
		// Explicit dates.
		{"explicit", "31 January 2017", pub, D{Time: day(2017, 1, 31), Precision: 1}},
		{"explicit", "31st of January, 2017", pub, D{Time: day(2017, 1, 31), Precision: 1}},
		{"explicit", "January 31, 2017", pub, D{Time: day(2017, 1, 31), Precision: 1}},
		{"explicit", "Jan. 31 2017", pub, D{Time: day(2017, 1, 31), Precision: 1}},
		{"explicit", "2017-01-31", pub, D{Time: day(2017, 1, 31), Precision: 1}},
		{"explicit", "31/01/2017", pub, D{Time: day(2017, 1, 31), Precision: 1}},
		{"explicit", "01/31/2017", pub, D{Time: day(2017, 1, 31), Precision: 1}},
		{"explicit", "05/04/2017", pub, D{Time: day(2017, 4, 5), Precision: 1}},
		{"explicit", "24.08.2013", pub, D{Time: day(2013, 8, 24), Precision: 1, Historical: true}},
		{"explicit", "31/01/17", pub, D{Time: day(2017, 1, 31), Precision: 1}},
		{"explicit", "Wed 05 Apr 2017", pub, D{Time: day(2017, 4, 5), Precision: 1}},
		{"explicit", "Fri Sep 27 2013", pub, D{Time: day(2013, 9, 27), Precision: 1, Historical: true}},
		{"explicit", "Apr 232017", pub, D{Time: day(2017, 4, 23), Precision: 1}},
		{"explicit", "August 2013", pub, D{Time: day(2013, 8, 1), Precision: 3, Historical: true}},
		{"explicit", "15 March 2011", pub, D{Time: day(2011, 3, 15), Precision: 1, Historical: true}},
		{"explicit", "31 January 2017", time.Time{}, D{Time: day(2017, 1, 31), Precision: 1}},
		// Day and month without a year: the nearest such day.
		{"yearless", "Jan. 31", pub, D{Time: day(2017, 1, 31), Precision: 1, Relative: true}},
		{"yearless", "January 31", pub, D{Time: day(2017, 1, 31), Precision: 1, Relative: true}},
		{"yearless", "28 December", pub, D{Time: day(2016, 12, 28), Precision: 1, Relative: true, Historical: true}},
		{"yearless", "2 January", day(2017, 12, 30), D{Time: day(2018, 1, 2), Precision: 1, Relative: true}},
		{"yearless", "on 5 January", pub, D{Time: day(2017, 1, 5), Precision: 1, Relative: true}},
		{"yearless", "January 31", time.Time{}, D{Precision: 1, Relative: true}},
		// Weekdays: the most recent such day on or before publication.
		{"weekday", "on Tuesday", pub, D{Time: day(2017, 1, 31), Precision: 1, Relative: true}},
		{"weekday", "Sunday", pub, D{Time: day(2017, 1, 29), Precision: 1, Relative: true}},
		{"weekday", "Wednesday", pub, D{Time: day(2017, 1, 25), Precision: 1, Relative: true}},
		{"weekday", "last Tuesday", pub, D{Time: day(2017, 1, 24), Precision: 1, Relative: true}},
		{"weekday", "Monday night", pub, D{Time: day(2017, 1, 30), Precision: 1, Relative: true}},
		{"weekday", "on Tuesday", time.Time{}, D{Precision: 1, Relative: true}},
		// Days.
		{"day", "yesterday", pub, D{Time: day(2017, 1, 30), Precision: 1, Relative: true}},
		{"day", "Yesterday morning", pub, D{Time: day(2017, 1, 30), Precision: 1, Relative: true}},
		{"day", "today", pub, D{Time: day(2017, 1, 31), Precision: 1, Relative: true}},
		{"day", "tonight", pub, D{Time: day(2017, 1, 31), Precision: 1, Relative: true}},
		{"day", "this morning", pub, D{Time: day(2017, 1, 31), Precision: 1, Relative: true}},
		{"day", "earlier today", pub, D{Time: day(2017, 1, 31), Precision: 1, Relative: true}},
		{"day", "last night", pub, D{Time: day(2017, 1, 30), Precision: 1, Relative: true}},
		{"day", "yesterday", time.Time{}, D{Precision: 1, Relative: true}},
		{"day", "three days ago", pub, D{Time: day(2017, 1, 28), Precision: 1, Relative: true}},
		// Weeks.
		{"week", "last week", pub, D{Time: day(2017, 1, 23), Precision: 2, Relative: true}},
		{"week", "earlier this week", pub, D{Time: day(2017, 1, 30), Precision: 2, Relative: true}},
		{"week", "this week", pub, D{Time: day(2017, 1, 30), Precision: 2, Relative: true}},
		{"week", "the weekend", pub, D{Time: day(2017, 1, 28), Precision: 2, Relative: true}},
		{"week", "last weekend", pub, D{Time: day(2017, 1, 28), Precision: 2, Relative: true}},
		{"week", "two weeks ago", pub, D{Time: day(2017, 1, 16), Precision: 2, Relative: true}},
		{"week", "last week", time.Time{}, D{Precision: 2, Relative: true}},
		// Months.
		{"month", "last month", pub, D{Time: day(2016, 12, 1), Precision: 3, Relative: true}},
		{"month", "earlier this month", pub, D{Time: day(2017, 1, 1), Precision: 3, Relative: true}},
		{"month", "in January", pub, D{Time: day(2017, 1, 1), Precision: 3, Relative: true}},
		{"month", "in December", pub, D{Time: day(2016, 12, 1), Precision: 3, Relative: true}},
		{"month", "in November", pub, D{Time: day(2016, 11, 1), Precision: 3, Relative: true, Historical: true}},
		{"month", "early January", pub, D{Time: day(2017, 1, 1), Precision: 3, Relative: true}},
		{"month", "last month", time.Time{}, D{Precision: 3, Relative: true}},
		// Years.
		{"year", "in 2014", pub, D{Time: day(2014, 1, 1), Precision: 3, Historical: true}},
		{"year", "since 2017", pub, D{Time: day(2017, 1, 1), Precision: 3}},
		{"year", "mid-2014", pub, D{Time: day(2014, 1, 1), Precision: 3, Historical: true}},
		{"year", "in 2014", time.Time{}, D{Time: day(2014, 1, 1), Precision: 3}},
		{"year", "last year", pub, D{Time: day(2016, 1, 1), Precision: 3, Relative: true, Historical: true}},
		{"year", "earlier this year", pub, D{Time: day(2017, 1, 1), Precision: 3, Relative: true}},
		// The past.
		{"historical", "two years ago", pub, D{Time: day(2015, 1, 1), Precision: 3, Relative: true, Historical: true}},
		{"historical", "three months ago", pub, D{Time: day(2016, 10, 1), Precision: 3, Relative: true, Historical: true}},
		{"historical", "2 years ago", pub, D{Time: day(2015, 1, 1), Precision: 3, Relative: true, Historical: true}},
		{"historical", "twenty-five years ago", pub, D{Time: day(1992, 1, 1), Precision: 3, Relative: true, Historical: true}},
		{"historical", "a year ago", pub, D{Time: day(2016, 1, 1), Precision: 3, Relative: true, Historical: true}},
		{"historical", "a couple of years ago", pub, D{Time: day(2015, 1, 1), Precision: 3, Relative: true, Historical: true}},
		{"historical", "two decades ago", pub, D{Time: day(1997, 1, 1), Precision: 3, Relative: true, Historical: true}},
		{"historical", "several years ago", pub, D{Precision: 3, Relative: true, Historical: true}},
		{"historical", "a few years ago", pub, D{Precision: 3, Relative: true, Historical: true}},
		{"historical", "years ago", pub, D{Precision: 3, Relative: true, Historical: true}},
		{"historical", "two years ago", time.Time{}, D{Precision: 3, Relative: true, Historical: true}},
		{"historical", "in the past", pub, D{Precision: 3, Relative: true, Historical: true}},
		{"historical", "last summer", pub, D{Time: day(2016, 6, 1), Precision: 3, Relative: true, Historical: true}},
		{"historical", "last summer", time.Time{}, D{Precision: 3, Relative: true, Historical: true}},
		{"historical", "last winter", pub, D{Time: day(2015, 12, 1), Precision: 3, Relative: true, Historical: true}},
		{"historical", "summer of 2016", pub, D{Time: day(2016, 6, 1), Precision: 3, Historical: true}},
	}
	for _, tt := range tests {
		t.Run(tt.group+"/"+tt.in, func(t *testing.T) {
			got, ok := ParseDate(tt.in, tt.ref)
			if !ok {
				t.Fatalf("ParseDate(%q) not ok", tt.in)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseDate(%q, %v) (-want +got):\n%s", tt.in, tt.ref.Format(time.DateOnly), diff)
			}
		})
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, in := range []string{
		"", "Tuesday morning prayers", "700", "5:30", "32 January 2017", "31 February 2017",
		"2017-13-01", "Jan", "Wed", "the past week", "in the past two weeks", "1.2.3.4", "12345",
		"1776", "two years", "last", "this", "earlier",
	} {
		if d, ok := ParseDate(in, pub); ok {
			t.Errorf("ParseDate(%q) = %+v, want not ok", in, d)
		}
	}
}

func TestDateline(t *testing.T) {
	tests := []struct {
		name string
		text string
		want time.Time
		span string // "" when not ok
	}{
		{"sky", " date 2017-01-31 Sky News has obtained footage", day(2017, 1, 31), "2017-01-31"},
		{"nna", "Wed 05 Apr 2017 Syria attack symptoms consistent with nerve agent use WHO.", day(2017, 4, 5), "Wed 05 Apr 2017"},
		{"nna time", "Fri 07 Apr 2017 at 0914 Homs governor says", day(2017, 4, 7), "Fri 07 Apr 2017"},
		{"alaraby", "12 February 2015 Casualties mount in the Eastern Ghouta city", day(2015, 2, 12), "12 February 2015"},
		{"etilaf", "Wednesday 07 December 2016 135 Civilians Killed", day(2016, 12, 7), "Wednesday 07 December 2016"},
		{"asharq", "Posted on April 19 2017 by Asharq Al-Awsat English Six Killed", day(2017, 4, 19), "April 19 2017"},
		{"sabah", "Published February 18 2015 The Syrian army", day(2015, 2, 18), "February 18 2015"},
		{"alalam", "Fri Sep 27 2013 Bomb blast kills 60 in Damascus suburb .", day(2013, 9, 27), "Fri Sep 27 2013"},
		{"sputnik", "24.08.2013 Syrian state media accused rebels", day(2013, 8, 24), "24.08.2013"},
		{"jordantimes", "Last updated at Apr 232017 An Israeli attack", day(2017, 4, 23), "Apr 232017"},
		{"comma", "January 31, 2017 - Iraqi forces advanced.", day(2017, 1, 31), "January 31, 2017"},
		{"iso", "2017-01-31T10:00 Iraqi forces advanced.", day(2017, 1, 31), "2017-01-31"},
		{"sana", "8 persons killed 58 others injured in terrorist rocket attacks on Aleppo city 6 October 2016 Aleppo SANA", day(2016, 10, 6), "6 October 2016"},
		{"reuters no year", "BAGHDAD, Jan 31 (Reuters) - Iraqi forces said on 12 March 2016 that", time.Time{}, ""},
		{"reuters year", "BAGHDAD, Jan 31 2017 (Reuters) - Iraqi forces", day(2017, 1, 31), "Jan 31 2017"},
		{"event date", "Iraqi forces said the attack happened on 12 March 2016.", time.Time{}, ""},
		{"too late", strings.Repeat("word ", 80) + "31 January 2017", time.Time{}, ""},
		{"none", "Mosul from the sky: Evidence of IS using human shields", time.Time{}, ""},
		{"empty", "", time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, sp, ok := Dateline(tt.text)
			if ok != (tt.span != "") {
				t.Fatalf("Dateline ok = %v (%v %v), want %v", ok, got, sp, tt.span != "")
			}
			if !ok {
				return
			}
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("time = %v, want %v", got, tt.want)
			}
			if s := tt.text[sp.Start:sp.End]; s != tt.span {
				t.Errorf("span text = %q, want %q", s, tt.span)
			}
		})
	}
}

type dm struct {
	Text       string
	Sentence   int
	Rule       string
	Time       string
	Precision  int
	Historical bool
}

func dateMentions(t *testing.T, a *evident.Analysis) []dm {
	t.Helper()
	var out []dm
	for _, m := range a.Mentions {
		if m.Kind != evident.KindDate {
			continue
		}
		if m.Date == nil || a.Doc.Text[m.Start:m.End] != m.Text || m.Confidence <= 0 || m.Confidence > 1 {
			t.Fatalf("bad mention %+v", m)
		}
		if s := a.Sentences[m.Sentence]; !s.Contains(m.Span) {
			t.Fatalf("mention %+v outside its sentence %+v", m, s)
		}
		ts := ""
		if !m.Date.Time.IsZero() {
			ts = m.Date.Time.Format(time.DateOnly)
		}
		out = append(out, dm{m.Text, m.Sentence, m.Rule, ts, m.Date.Precision, m.Date.Historical})
	}
	return out
}

func TestStage(t *testing.T) {
	text := "Iraqi forces advanced on Tuesday. Five people died yesterday, officials said on 30 January.\n" +
		"The city fell in June 2014, two years ago, and was bombed last week and in the past. Since 2016, little changed."
	a := &evident.Analysis{Doc: &evident.Document{Text: text, Published: time.Date(2017, 1, 31, 15, 4, 0, 0, time.FixedZone("AST", 3*3600))}}
	a.Sentences = wordscantest.Sentences(text)
	if err := (Stage{}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	want := []dm{
		{"Tuesday", 0, RuleWeekday, "2017-01-31", 1, false},
		{"yesterday", 1, RuleYesterday, "2017-01-30", 1, false},
		{"30 January", 1, RuleDayMonth, "2017-01-30", 1, false},
		{"June 2014", 2, RuleMonthYear, "2014-06-01", 3, true},
		{"two years ago", 2, RuleAgo, "2015-01-01", 3, true},
		{"last week", 2, RuleWeek, "2017-01-23", 2, false},
		{"in the past", 2, RulePast, "", 3, true},
		{"2016", 3, RuleYear, "2016-01-01", 3, true},
	}
	if diff := cmp.Diff(want, dateMentions(t, a)); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
	if (Stage{}).Name() != "dates" || (Published{}).Name() != "dateline" {
		t.Error("names")
	}
}

func TestStageUnresolved(t *testing.T) {
	text := "They attacked on Tuesday and last week."
	a := &evident.Analysis{Doc: &evident.Document{Text: text}, Sentences: wordscantest.Sentences(text)}
	if err := (Stage{}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for _, m := range a.Mentions {
		if !m.Date.Time.IsZero() || !m.Date.Relative || m.Date.Precision == 0 {
			t.Errorf("unresolved %q = %+v", m.Text, m.Date)
		}
	}
	if len(a.Mentions) != 2 {
		t.Errorf("got %d mentions", len(a.Mentions))
	}
}

func TestStageCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := &evident.Analysis{Doc: &evident.Document{Text: "today"}}
	a.Sentences = wordscantest.Sentences(a.Doc.Text)
	if err := (Stage{}).Process(ctx, a); err == nil {
		t.Fatal("want context error")
	}
}

func TestPublished(t *testing.T) {
	a := &evident.Analysis{Doc: &evident.Document{Text: " date 2017-01-31 Sky News has obtained footage"}}
	if err := (Published{}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	d := a.Doc
	if !d.Published.Equal(day(2017, 1, 31)) || d.PublishedFrom != "text" || d.PublishedSpan == nil ||
		d.Text[d.PublishedSpan.Start:d.PublishedSpan.End] != "2017-01-31" {
		t.Errorf("got %v %q %v", d.Published, d.PublishedFrom, d.PublishedSpan)
	}
	// Metadata wins.
	meta := day(2017, 2, 1)
	a = &evident.Analysis{Doc: &evident.Document{Text: " date 2017-01-31 x", Published: meta, PublishedFrom: "metadata"}}
	if err := (Published{}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if !a.Doc.Published.Equal(meta) || a.Doc.PublishedFrom != "metadata" || a.Doc.PublishedSpan != nil {
		t.Errorf("metadata overwritten: %+v", a.Doc)
	}
	// No dateline: nothing changes.
	a = &evident.Analysis{Doc: &evident.Document{Text: "Mosul from the sky"}}
	if err := (Published{}).Process(context.Background(), a); err != nil || !a.Doc.Published.IsZero() || a.Doc.PublishedFrom != "" {
		t.Errorf("got %+v, %v", a.Doc, err)
	}
}

func readSeed(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// TestSeeds runs the dateline, dates and numbers stages on the two seed
// articles.
func TestSeeds(t *testing.T) {
	run := func(text string) *evident.Analysis {
		a := &evident.Analysis{Doc: &evident.Document{Text: text}, Sentences: wordscantest.Sentences(text)}
		for _, s := range []evident.Stage{Published{}, Stage{}, numbers.Stage{}} {
			if err := s.Process(context.Background(), a); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range a.Mentions {
			if m.Start < 0 || m.End > len(text) || text[m.Start:m.End] != m.Text {
				t.Fatalf("bad span %+v", m)
			}
		}
		return a
	}
	find := func(a *evident.Analysis, kind evident.MentionKind, text string) *evident.Mention {
		for i := range a.Mentions {
			if m := &a.Mentions[i]; m.Kind == kind && m.Text == text {
				return m
			}
		}
		t.Errorf("no %s mention %q", kind, text)
		return nil
	}

	sky := run(readSeed(t, "sky-mosul-footage.txt"))
	if !sky.Doc.Published.Equal(day(2017, 1, 31)) || sky.Doc.PublishedFrom != "text" {
		t.Errorf("Sky published = %v (%q)", sky.Doc.Published, sky.Doc.PublishedFrom)
	}
	if m := find(sky, evident.KindNumber, "700"); m != nil && (m.Number.Value != 700 || m.Number.Vague) {
		t.Errorf("700: %+v", m.Number)
	}
	for _, m := range sky.Mentions {
		if m.Kind == evident.KindNumber && strings.Contains(m.Text, "2017") {
			t.Errorf("year counted: %+v", m)
		}
	}

	bbc := run(readSeed(t, "bbc-mosul-from-the-sky.txt"))
	if !bbc.Doc.Published.IsZero() {
		t.Errorf("BBC has no dateline, got %v", bbc.Doc.Published)
	}
	for _, s := range []string{"two years ago", "last summer"} {
		if m := find(bbc, evident.KindDate, s); m != nil && (!m.Date.Historical || !m.Date.Relative) {
			t.Errorf("%q: %+v", s, m.Date)
		}
	}
	// The same article with its publication date resolves them.
	bbcDated := readSeed(t, "bbc-mosul-from-the-sky.txt")
	a := &evident.Analysis{Doc: &evident.Document{Text: bbcDated, Published: pub}, Sentences: wordscantest.Sentences(bbcDated)}
	if err := (Stage{}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	got := dateMentions(t, a)
	for _, g := range got {
		switch g.Text {
		case "two years ago":
			if g.Time != "2015-01-01" || !g.Historical {
				t.Errorf("two years ago: %+v", g)
			}
		case "last summer":
			if g.Time != "2016-06-01" || !g.Historical {
				t.Errorf("last summer: %+v", g)
			}
		}
	}
}

func checkSpan(t *testing.T, text string, sp evident.Span) {
	t.Helper()
	if sp.Start < 0 || sp.End > len(text) || sp.Start > sp.End {
		t.Fatalf("span %v out of range for %q", sp, text)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"31 January 2017", "Jan. 31", "2017-01-31", "31/01/2017", "on Tuesday",
		"two years ago", "last summer", "in the past", "Apr 232017", "mid-2014", "a couple of years ago",
		"999999999 years ago", "29 February", "Wed 05 Apr 2017"} {
		f.Add(s, int64(1485820800))
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		ref := time.Unix(unix%(1<<36), 0).UTC()
		d, ok := ParseDate(s, ref)
		if ok && (d.Precision < 1 || d.Precision > 3) {
			t.Fatalf("ParseDate(%q) precision %d", s, d.Precision)
		}
		if ok && !d.Time.IsZero() && (d.Time.Hour() != 0 || d.Time.Location() != time.UTC) {
			t.Fatalf("ParseDate(%q) time %v", s, d.Time)
		}
	})
}

func FuzzDateline(f *testing.F) {
	for _, s := range []string{" date 2017-01-31 Sky News", "Wed 05 Apr 2017 Syria", "BAGHDAD, Jan 31 (Reuters) -",
		"Posted on April 19 2017 by", "24.08.2013Get short URL", "Last updated at Apr 232017",
		strings.Repeat("a ", 149) + "31 January 2017"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, sp, ok := Dateline(s)
		if !ok {
			return
		}
		checkSpan(t, s, sp)
		if sp.Start >= datelineWindow || tm.IsZero() {
			t.Fatalf("Dateline(%q) = %v %v", s, tm, sp)
		}
		// The dates stage must accept any text too.
		a := &evident.Analysis{Doc: &evident.Document{Text: s, Published: tm}, Sentences: wordscantest.Sentences(s)}
		if err := (Stage{}).Process(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		for _, m := range a.Mentions {
			checkSpan(t, s, m.Span)
			if s[m.Start:m.End] != m.Text {
				t.Fatalf("span text %q != %q", s[m.Start:m.End], m.Text)
			}
		}
	})
}

func BenchmarkStage(b *testing.B) {
	text := readSeed(b, "sky-mosul-footage.txt")
	doc := &evident.Document{Text: text, Published: pub}
	sents := wordscantest.Sentences(text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a := &evident.Analysis{Doc: doc, Sentences: sents}
		if err := (Stage{}).Process(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDateline(b *testing.B) {
	text := readSeed(b, "sky-mosul-footage.txt")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := Dateline(text); !ok {
			b.Fatal("no dateline")
		}
	}
}
