package numbers

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/internal/wordscan/wordscantest"
	"github.com/google/go-cmp/cmp"
)

func nb(v int64, q string, vague bool) evident.Number {
	return evident.Number{Value: v, Qualifier: q, Vague: vague}
}

func TestParse(t *testing.T) {
	tests := []struct {
		group string
		in    string
		want  evident.Number
	}{
		{"digits", "700", nb(700, "", false)},
		{"digits", "1,200", nb(1200, "", false)},
		{"digits", "1,200,000", nb(1200000, "", false)},
		{"digits", "3 million", nb(3000000, "", false)},
		{"digits", "1.5 million", nb(1500000, "", false)},
		{"digits", "12 thousand", nb(12000, "", false)},
		{"digits", "70.", nb(70, "", false)},
		{"words", "one", nb(1, "", false)},
		{"words", "Two", nb(2, "", false)},
		{"words", "twelve", nb(12, "", false)},
		{"words", "twenty-three", nb(23, "", false)},
		{"words", "Ninety-nine", nb(99, "", false)},
		{"words", "twenty three", nb(23, "", false)},
		{"words", "three hundred", nb(300, "", false)},
		{"words", "three hundred and fifty", nb(350, "", false)},
		{"words", "a hundred", nb(100, "", false)},
		{"words", "a hundred and twenty", nb(120, "", false)},
		{"words", "two thousand", nb(2000, "", false)},
		{"words", "two thousand five hundred", nb(2500, "", false)},
		{"words", "a thousand", nb(1000, "", false)},
		{"words", "a dozen", nb(12, "", false)},
		{"words", "two dozen", nb(24, "", false)},
		{"words", "one million", nb(1000000, "", false)},
		{"vague", "dozens", nb(12, "", true)},
		{"vague", "Dozens", nb(12, "", true)},
		{"vague", "hundreds", nb(100, "", true)},
		{"vague", "thousands", nb(1000, "", true)},
		{"vague", "millions", nb(1000000, "", true)},
		{"vague", "tens of thousands", nb(10000, "", true)},
		{"vague", "hundreds of thousands", nb(100000, "", true)},
		{"vague", "thousands upon thousands", nb(1000, "", true)},
		{"vague", "several", nb(3, "", true)},
		{"vague", "several hundred", nb(300, "", true)},
		{"vague", "a few", nb(3, "", true)},
		{"vague", "a few dozen", nb(36, "", true)},
		{"qualifier", "at least 70", nb(70, QualAtLeast, false)},
		{"qualifier", "At least 29", nb(29, QualAtLeast, false)},
		{"qualifier", "no fewer than 12", nb(12, QualAtLeast, false)},
		{"qualifier", "more than 100", nb(100, QualMoreThan, false)},
		{"qualifier", "more than 1.5 million", nb(1500000, QualMoreThan, false)},
		{"qualifier", "over 50", nb(50, QualMoreThan, false)},
		{"qualifier", "upwards of 200", nb(200, QualMoreThan, false)},
		{"qualifier", "up to 30", nb(30, QualUpTo, false)},
		{"qualifier", "as many as 30", nb(30, QualUpTo, false)},
		{"qualifier", "less than a dozen", nb(12, QualUpTo, false)},
		{"qualifier", "about 40", nb(40, QualAbout, false)},
		{"qualifier", "around 40", nb(40, QualAbout, false)},
		{"qualifier", "some 120", nb(120, QualAbout, false)},
		{"qualifier", "nearly seventy", nb(70, QualAbout, false)},
		{"qualifier", "almost 70", nb(70, QualAbout, false)},
		{"qualifier", "an estimated 3,000", nb(3000, QualAbout, false)},
		{"qualifier", "more than a dozen", nb(12, QualMoreThan, false)},
		{"qualifier", "at least dozens", nb(12, QualAtLeast, true)},
		{"range", "10 to 15", nb(10, "", false)},
		{"range", "between 10 and 15", nb(10, "", false)},
		{"range", "10-15", nb(10, "", false)},
		{"range", "two or three", nb(2, "", false)},
		{"range", "2 to 3 million", nb(2000000, "", false)},
	}
	for _, tt := range tests {
		t.Run(tt.group+"/"+tt.in, func(t *testing.T) {
			got, ok := Parse(tt.in)
			if !ok {
				t.Fatalf("Parse(%q) not ok", tt.in)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{
		"", " ", "people", "first", "third", "21st", "2nd", "many", "a", "a number of",
		"2017", "in 2014", "5:30", "10:45:00", "0914", "05",
		"$5", "$5 million", "£200", "5 million dollars", "5%", "5 percent", "5 per cent",
		"31 January", "January 31", "2017-01-31", "31/01/2017", "24.08.2013", "24/7",
		"five years", "two years", "three days", "20 km", "20km", "5pm", "5 pm", "12-year-old",
		"three-day", "F-16", "Su-24", "2.5", "2-1", "2017-2018", "no one", "one another",
		"some", "tens", "scores", "twenty twenty", "one two",
	} {
		if n, ok := Parse(in); ok {
			t.Errorf("Parse(%q) = %+v, want not ok", in, n)
		}
	}
}

func TestRange(t *testing.T) {
	tests := []struct {
		in        string
		low, high int64
	}{
		{"10 to 15", 10, 15},
		{"between 10 and 15", 10, 15},
		{"10-15", 10, 15},
		{"10\u201315", 10, 15},
		{"two or three", 2, 3},
		{"twenty to thirty", 20, 30},
		{"2 to 3 million", 2000000, 3000000},
		{"between 1,000 and 1,500", 1000, 1500},
	}
	for _, tt := range tests {
		lo, hi, ok := Range(tt.in)
		if !ok || lo != tt.low || hi != tt.high {
			t.Errorf("Range(%q) = %d, %d, %v; want %d, %d", tt.in, lo, hi, ok, tt.low, tt.high)
		}
	}
	for _, in := range []string{"10", "at least 10", "15 to 10", "10 to", "dozens"} {
		if lo, hi, ok := Range(in); ok {
			t.Errorf("Range(%q) = %d, %d, true; want not ok", in, lo, hi)
		}
	}
}

// hit is a compact view of a Match for comparisons.
type hit struct {
	Text  string
	Value int64
	High  int64
	Qual  string
	Vague bool
}

func view(ms []Match) []hit {
	var out []hit
	for _, m := range ms {
		out = append(out, hit{m.Text, m.Number.Value, m.High, m.Number.Qualifier, m.Number.Vague})
	}
	return out
}

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []hit
	}{
		{"seed", "It is estimated IS have used 700 vehicle IEDs so far.",
			[]hit{{"700", 700, 0, "", false}}},
		{"toll", "WHO said in a statement putting the death toll at at least 70.",
			[]hit{{"at least 70", 70, 0, QualAtLeast, false}}},
		{"several", "At least 29 Syrian rebels were killed and 4 others wounded, while dozens fled.",
			[]hit{{"At least 29", 29, 0, QualAtLeast, false}, {"4", 4, 0, "", false}, {"dozens", 12, 0, "", true}}},
		{"fakes dateline", "Wed 05 Apr 2017 Syria attack kills 58 on 4 April, 2017 at 0914 GMT.",
			[]hit{{"58", 58, 0, "", false}}},
		{"sana", "8 persons killed 58 others injured in rocket attacks on Aleppo city 6 October 2016",
			[]hit{{"8", 8, 0, "", false}, {"58", 58, 0, "", false}}},
		{"years", "In 2015, 1,500 people died; since 2011 more than 300,000 have died; in mid-2014 too.",
			[]hit{{"1,500", 1500, 0, "", false}, {"more than 300,000", 300000, 0, QualMoreThan, false}}},
		{"year count", "The 1950 refugees fled.", []hit{{"1950", 1950, 0, "", false}}},
		{"times", "At 5:30 pm, 3 men and at 1849 UTC+3 two women were hit.",
			[]hit{{"3", 3, 0, "", false}, {"two", 2, 0, "", false}}},
		{"money percent", "It cost $5 million and 12 percent, or 5% of 40 dollars, 10 per cent.", nil},
		{"measures", "Five minutes, two years, 20 km, a 12-year-old boy, a three-day truce.", nil},
		{"ordinals", "For the first time, the 21st brigade and 2nd division.", nil},
		{"identifiers", "F-16 jets under Resolution 2254 on Route 1.", nil},
		{"ranges", "Between 10 and 15 died, 20-30 were hurt and two or three fled; 2-1 was the score.",
			[]hit{{"Between 10 and 15", 10, 15, "", false}, {"20-30", 20, 30, "", false}, {"two or three", 2, 3, "", false}}},
		{"one", "No one died; one of them fled; one another; the one that left.",
			[]hit{{"one", 1, 0, "", false}}},
		{"vague", "Tens of thousands fled and hundreds of thousands stayed; scores of homes burned.",
			[]hit{{"Tens of thousands", 10000, 0, "", true}, {"hundreds of thousands", 100000, 0, "", true}, {"scores", 20, 0, "", true}}},
		{"words", "Twenty-three soldiers and three hundred and fifty civilians.",
			[]hit{{"Twenty-three", 23, 0, "", false}, {"three hundred and fifty", 350, 0, "", false}}},
		{"dates", "On 2017-01-31, 31/01/2017, Jan. 31 and 31 January, and 24.08.2013.", nil},
		{"unicode", "Iraq’s forces killed 5 — “about 40” fled\u00a0to Mosul.",
			[]hit{{"5", 5, 0, "", false}, {"about 40", 40, 0, QualAbout, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := Find(tt.in)
			if diff := cmp.Diff(tt.want, view(ms)); diff != "" {
				t.Errorf("Find(%q) (-want +got):\n%s", tt.in, diff)
			}
			for _, m := range ms {
				if tt.in[m.Start:m.End] != m.Text {
					t.Errorf("span %v is %q, Text %q", m.Span, tt.in[m.Start:m.End], m.Text)
				}
			}
		})
	}
}

func TestStage(t *testing.T) {
	text := "Two young men fired. It is estimated IS have used 700 vehicle IEDs so far.\nAt least 29 died in 2016."
	a := &evident.Analysis{Doc: &evident.Document{Text: text}}
	a.Sentences = wordscantest.Sentences(text)
	if err := (Stage{}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	type got struct {
		Text     string
		Sentence int
		Value    int64
		Qual     string
		Rule     string
	}
	var gs []got
	for _, m := range a.Mentions {
		if m.Kind != evident.KindNumber || m.Number == nil {
			t.Fatalf("bad mention %+v", m)
		}
		if text[m.Start:m.End] != m.Text {
			t.Errorf("span %v is %q, Text %q", m.Span, text[m.Start:m.End], m.Text)
		}
		if m.Confidence <= 0 || m.Confidence > 1 {
			t.Errorf("confidence %v", m.Confidence)
		}
		gs = append(gs, got{m.Text, m.Sentence, m.Number.Value, m.Number.Qualifier, m.Rule})
	}
	want := []got{
		{"Two", 0, 2, "", RuleWords},
		{"700", 1, 700, "", RuleDigits},
		{"At least 29", 2, 29, QualAtLeast, RuleDigits},
	}
	if diff := cmp.Diff(want, gs); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
	if (Stage{}).Name() != "numbers" {
		t.Error("name")
	}
}

func TestStageNoSentences(t *testing.T) {
	a := &evident.Analysis{Doc: &evident.Document{Text: "700 people"}}
	if err := (Stage{}).Process(context.Background(), a); err != nil || len(a.Mentions) != 0 {
		t.Fatalf("got %v, %v", a.Mentions, err)
	}
	// Out-of-range sentences are skipped, not a panic.
	a.Sentences = []evident.Sentence{{Span: evident.Span{Start: 5, End: 500}}}
	if err := (Stage{}).Process(context.Background(), a); err != nil || len(a.Mentions) != 0 {
		t.Fatalf("got %v, %v", a.Mentions, err)
	}
}

func TestStageCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := &evident.Analysis{Doc: &evident.Document{Text: "700 people"}}
	a.Sentences = wordscantest.Sentences(a.Doc.Text)
	if err := (Stage{}).Process(ctx, a); err == nil {
		t.Fatal("want context error")
	}
}

func checkMatches(t *testing.T, s string, ms []Match) {
	t.Helper()
	last := 0
	for _, m := range ms {
		if m.Start < last || m.End > len(s) || m.Start >= m.End {
			t.Fatalf("bad span %v in %q (after %d)", m.Span, s, last)
		}
		if s[m.Start:m.End] != m.Text {
			t.Fatalf("span %v is %q, Text %q", m.Span, s[m.Start:m.End], m.Text)
		}
		if m.Number.Value < 0 || m.High < 0 || m.High != 0 && m.High <= m.Number.Value {
			t.Fatalf("bad values %+v in %q", m, s)
		}
		last = m.End
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1,200", "twenty-three", "at least 70", "between 10 and 15", "10-15",
		"hundreds of thousands", "a few dozen", "1.5 million", "999,999,999,999,999", "5:30", "2017-01-31",
		"Iraq’s 5", "9999999999999999 million billion", "a hundred thousand million billion"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := Parse(s)
		if ok && n.Value < 0 {
			t.Fatalf("Parse(%q) = %+v", s, n)
		}
		if lo, hi, ok := Range(s); ok && (lo < 0 || hi <= lo) {
			t.Fatalf("Range(%q) = %d, %d", s, lo, hi)
		}
		checkMatches(t, s, Find(s))
	})
}

func readSeed(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile("../timex/testdata/" + name)
	if err != nil {
		tb.Skipf("seed: %v", err)
	}
	return string(b)
}

func TestSeeds(t *testing.T) {
	sky := readSeed(t, "sky-mosul-footage.txt")
	checkMatches(t, sky, Find(sky))
	var has700 bool
	for _, m := range Find(sky) {
		if m.Text == "700" && m.Number.Value == 700 {
			has700 = true
		}
		if strings.Contains(m.Text, "2017") {
			t.Errorf("year as count: %+v", m)
		}
	}
	if !has700 {
		t.Error(`"700" in "700 vehicle IEDs" not found`)
	}
	bbc := readSeed(t, "bbc-mosul-from-the-sky.txt")
	checkMatches(t, bbc, Find(bbc))
}

func BenchmarkStage(b *testing.B) {
	text := readSeed(b, "sky-mosul-footage.txt")
	sents := wordscantest.Sentences(text)
	doc := &evident.Document{Text: text}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a := &evident.Analysis{Doc: doc, Sentences: sents}
		if err := (Stage{}).Process(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFind(b *testing.B) {
	text := readSeed(b, "bbc-mosul-from-the-sky.txt")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text)
	}
}
