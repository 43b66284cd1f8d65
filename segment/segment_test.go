package segment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/evident-org/evident"
)

func tokenTexts(ts []evident.Token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Text
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"An IS sniper had shot a woman.", []string{"An", "IS", "sniper", "had", "shot", "a", "woman", "."}},
		{"Iraq’s Special Forces", []string{"Iraq", "’s", "Special", "Forces"}},
		{"Iraq's army", []string{"Iraq", "'s", "army"}},
		{"the U.S. and UK", []string{"the", "U.S.", "and", "UK"}},
		{"at 5 a.m. today", []string{"at", "5", "a.m.", "today"}},
		{"1,200 people, 3.5 km", []string{"1,200", "people", ",", "3.5", "km"}},
		{"so-called Islamic State (IS)", []string{"so-called", "Islamic", "State", "(", "IS", ")"}},
		{"don't stop", []string{"don't", "stop"}},
		{"al-Hashd al-Shaabi", []string{"al-Hashd", "al-Shaabi"}},
		{"Plan B.", []string{"Plan", "B", "."}},
		{"\"Mosul is the toughest job.\"", []string{"\"", "Mosul", "is", "the", "toughest", "job", ".", "\""}},
		{"الموصل مدينة", []string{"الموصل", "مدينة"}},
		{"", nil},
		{"twenty-three", []string{"twenty-three"}},
		{"end-", []string{"end", "-"}},
	}
	for _, tt := range tests {
		got := tokenTexts(Tokenize(tt.in))
		if len(got) == 0 {
			got = nil
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Tokenize(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func sentenceTexts(text string) []string {
	var out []string
	for _, s := range Split(text) {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"two sentences", "IS fighters attacked. Police fled.", []string{"IS fighters attacked.", "Police fled."}},
		{"abbreviation title", "Col. Mohammed was called in. He came.", []string{"Col. Mohammed was called in.", "He came."}},
		{"line break", "Mosul from the sky\n\nThe BBC has seen evidence.", []string{"Mosul from the sky", "The BBC has seen evidence."}},
		{"closing quote", "He said: \"It is hard.\" Then he left.", []string{"He said: \"It is hard.\"", "Then he left."}},
		{"question and exclamation", "Why? Because! Yes.", []string{"Why?", "Because!", "Yes."}},
		{"decimal", "It was 3.5 km away. Yes.", []string{"It was 3.5 km away.", "Yes."}},
		{"month abbreviation", "On Jan. 31 they met. Later they left.", []string{"On Jan. 31 they met.", "Later they left."}},
		{"place abbreviation", "Storms hit Ft. Worth and Ste. Genevieve. Roads closed.", []string{"Storms hit Ft. Worth and Ste. Genevieve.", "Roads closed."}},
		{"no final period", "They never have to wait long", []string{"They never have to wait long"}},
		{"ellipsis", "Wait... then go.", []string{"Wait...", "then go."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, sentenceTexts(tt.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestNormaliseText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\uFEFFhello\r\nworld\r", "hello\nworld"},
		{"  date 2017-01-31 Sky  ", "date 2017-01-31 Sky"},
		{"Cafe\u0301", "Café"},
		{"a\x00b", "ab"},
		{"Iraq’s “forces”", "Iraq’s “forces”"},
	}
	for _, tt := range tests {
		if got := NormaliseText(tt.in); got != tt.want {
			t.Errorf("NormaliseText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormaliseStageUpdatesHash(t *testing.T) {
	doc := &evident.Document{Text: "a\r\nb", ContentHash: evident.HashText("a\r\nb")}
	a := &evident.Analysis{Doc: doc}
	if err := (Normalise{}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if doc.Text != "a\nb" || doc.ContentHash != evident.HashText("a\nb") {
		t.Errorf("got text %q hash %q", doc.Text, doc.ContentHash)
	}
}

// checkInvariants verifies that every sentence and token span is in range,
// ordered, and matches its text.
func checkInvariants(t *testing.T, text string, ss []evident.Sentence) {
	t.Helper()
	prev := 0
	for _, s := range ss {
		if s.Start < prev || s.End > len(text) || s.Start >= s.End {
			t.Fatalf("sentence span %v out of order or range (prev end %d, len %d)", s.Span, prev, len(text))
		}
		prev = s.End
		for _, tok := range s.Tokens {
			if !s.Contains(tok.Span) {
				t.Fatalf("token %v outside sentence %v", tok.Span, s.Span)
			}
			if text[tok.Start:tok.End] != tok.Text {
				t.Fatalf("token text %q != text[%d:%d] %q", tok.Text, tok.Start, tok.End, text[tok.Start:tok.End])
			}
		}
	}
}

func TestSeeds(t *testing.T) {
	for _, name := range []string{"bbc-mosul-from-the-sky.txt", "sky-mosul-footage.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		text := NormaliseText(string(b))
		ss := Split(text)
		checkInvariants(t, text, ss)
		var found bool
		for _, s := range ss {
			if text[s.Start:s.End] == "An IS sniper had shot a woman in the street." ||
				text[s.Start:s.End] == "Iraqi forces say that IS set fire to a number of buildings before they withdrew." {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: expected sentence not segmented; got %d sentences", name, len(ss))
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("Col. Mohammed was called in. He came.")
	f.Add("U.S. forces, 1,200 km... \"Yes.\"\n\nNo")
	f.Add("Iraq’s ’s '' -- . . .")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		text := NormaliseText(s)
		ss := Split(text)
		checkInvariants(t, text, ss)
		// Every non-space byte belongs to some token.
		var n int
		for _, s := range ss {
			for _, tok := range s.Tokens {
				n += tok.Len()
			}
		}
		if want := len(strings.Join(strings.Fields(text), "")); n != want {
			t.Fatalf("tokens cover %d bytes, want %d", n, want)
		}
	})
}

func BenchmarkSegment(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "bbc-mosul-from-the-sky.txt"))
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Split(text)
	}
}
