package geoparse

import (
	"context"
	"strings"
	"testing"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/segment"
)

// resolveSpans makes a place mention of each given name in text (as a
// caller with its own recogniser would) and resolves them.
func resolveSpans(t *testing.T, r Resolve, text string, names ...string) *evident.Analysis {
	t.Helper()
	a := &evident.Analysis{Doc: &evident.Document{Text: text}}
	if err := (segment.Stage{}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		i := strings.Index(text, n)
		if i < 0 {
			t.Fatalf("%q not in %q", n, text)
		}
		p := &evident.Place{}
		if cc, ok := r.Gaz.Demonym(n); ok {
			p = &evident.Place{CountryCode: cc, Demonym: true}
		}
		a.Mentions = append(a.Mentions, evident.Mention{Kind: evident.KindPlace, Span: evident.Span{Start: i, End: i + len(n)},
			Text: n, Sentence: a.SentenceAt(i), Rule: "span", Confidence: 1, Place: p})
	}
	if err := r.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestResolvePartFallback(t *testing.T) {
	g := localGaz(t)
	tests := []struct {
		name, text string
		spans      []string
		mention    string
		notID      int64 // must not resolve to it
		wantID     int64 // 0: any other
	}{
		{"a head noun is not a place", "Crowds gathered at Trump Tower in Seattle.", []string{"Trump Tower", "Seattle"}, "Trump Tower", 160, 0},
		{"a head noun alone in the document", "Fans filled Craven Cottage.", []string{"Craven Cottage"}, "Craven Cottage", 162, 0},
		{"a place in another country", "Boats crossed Puget Sound near Seattle and Tacoma.", []string{"Puget Sound", "Seattle", "Tacoma"}, "Puget Sound", 161, 0},
		{"after of the last word is the place", "She studied at the University of Georgia and later lived in Augusta.", []string{"University of Georgia", "Augusta"}, "University of Georgia", 0, 14},
		{"a modifier in a supported country", "Fans left Seattle Center for Tacoma.", []string{"Seattle Center", "Tacoma"}, "Seattle Center", 0, 163},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := resolveSpans(t, Resolve{Gaz: g}, tt.text, tt.spans...)
			m, _ := firstPlace(a, tt.mention)
			if m.Place.GeonameID == tt.notID && tt.notID != 0 {
				t.Errorf("%s resolved to %d (%s)", m.Text, m.Place.GeonameID, m.Rule)
			}
			if tt.wantID != 0 && m.Place.GeonameID != tt.wantID {
				t.Errorf("%s resolved to %d (%s), want %d", m.Text, m.Place.GeonameID, m.Rule, tt.wantID)
			}
		})
	}
}
