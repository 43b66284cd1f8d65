package wordscan

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	text := "At least 1,200 Ünits—Jan.  x"
	lookup := func(s string) string { return strings.ToUpper(s) }
	got := Tokenize(text, nil, lookup)
	type tk struct {
		s    string
		kind Kind
		gap  bool
		w    string
	}
	want := []tk{
		{"At", Alpha, true, "AT"}, {"least", Alpha, true, "LEAST"},
		{"1", Digit, true, ""}, {",", Punct, false, ""}, {"200", Digit, false, ""},
		{"Ünits", Alpha, true, ""}, {"—", Punct, false, ""}, {"Jan", Alpha, false, "JAN"},
		{".", Punct, false, ""}, {"x", Alpha, true, "X"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d tokens, want %d: %v", len(got), len(want), got)
	}
	for i, g := range got {
		if w := want[i]; text[g.Start:g.End] != w.s || g.Kind != w.kind || g.Gap != w.gap || g.W != w.w {
			t.Errorf("token %d = %q %v gap=%v w=%q, want %+v", i, text[g.Start:g.End], g.Kind, g.Gap, g.W, w)
		}
	}
	s := Seq[string]{Text: text, Toks: got}
	if s.IsDash(6) || !s.Punct(6, "—") || !s.Punct(3, ",") || !s.Glued(4) || s.Glued(5) || s.In(len(got)) || s.In(-1) {
		t.Error("Seq accessors disagree with the tokens")
	}
}

func TestLexicon(t *testing.T) {
	l := NewLexicon(map[string]int{"dozen": 12, "tuesday": 2})
	for _, tt := range []struct {
		in   string
		want int
	}{{"dozen", 12}, {"Dozen", 12}, {"TUESDAY", 2}, {"dozens", 0}, {"", 0}, {"averyveryverylongword", 0}} {
		if got := l.Lookup(tt.in); got != tt.want {
			t.Errorf("Lookup(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestTrimFinalPunct(t *testing.T) {
	text := "two dozen.,"
	toks := TrimFinalPunct(text, Tokenize(text, nil, func(string) int { return 0 }))
	if len(toks) != 2 || text[toks[1].Start:toks[1].End] != "dozen" {
		t.Errorf("got %d tokens: %+v", len(toks), toks)
	}
}
