package geoparse

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/segment"
)

// spansOf returns the spans of the given words, each searched after the
// previous one.
func spansOf(t *testing.T, text string, words ...string) []evident.Span {
	t.Helper()
	var out []evident.Span
	from := 0
	for _, w := range words {
		i := strings.Index(text[from:], w)
		if i < 0 {
			t.Fatalf("%q not in %q after %d", w, text, from)
		}
		out = append(out, evident.Span{Start: from + i, End: from + i + len(w)})
		from += i + len(w)
	}
	return out
}

// resolvedSpan is what a test compares of a mention made from a span.
type resolvedSpan struct {
	Text, Name, CC, Feature, Relative string
	Demonym                           bool
}

func TestRecogniseSpans(t *testing.T) {
	g := defaultGaz(t)
	tests := []struct {
		name  string
		text  string
		words []string
		want  []resolvedSpan
	}{{
		name:  "state abbreviation with a full stop",
		text:  "The plant near Louisville, Ky. closed on Friday.",
		words: []string{"Louisville", "Ky."},
		want: []resolvedSpan{
			{Text: "Louisville", Name: "Louisville", CC: "US", Feature: "PPLA2", Relative: "near"},
			{Text: "Ky.", Name: "Kentucky", CC: "US", Feature: "ADM1"},
		},
	}, {
		name:  "abbreviation given without its full stop",
		text:  "She grew up in Paris, Ky. and moved away.",
		words: []string{"Paris", "Ky"},
		want: []resolvedSpan{
			{Text: "Paris", Name: "Paris", CC: "US", Feature: "PPLA2"},
			{Text: "Ky", Name: "Kentucky", CC: "US", Feature: "ADM1"},
		},
	}, {
		name:  "postal code after a comma",
		text:  "Flooding closed roads in Albany, NY on Monday.",
		words: []string{"Albany", "NY"},
		want: []resolvedSpan{
			{Text: "Albany", Name: "Albany", CC: "US", Feature: "PPLA"},
			{Text: "NY", Name: "New York", CC: "US", Feature: "ADM1"},
		},
	}, {
		name:  "abbreviated word spelled out",
		text:  "Storms hit Ft. Worth and Dallas.",
		words: []string{"Ft. Worth", "Dallas"},
		want: []resolvedSpan{
			{Text: "Ft. Worth", Name: "Fort Worth", CC: "US", Feature: "PPLA2"},
			{Text: "Dallas", Name: "Dallas", CC: "US", Feature: "PPLA2"},
		},
	}, {
		name:  "relative cue and demonym",
		text:  "Syrian troops shelled villages north of Aleppo overnight.",
		words: []string{"Syrian", "Aleppo"},
		want: []resolvedSpan{
			{Text: "Syrian", Name: "Syria", CC: "SY", Feature: "PCLI", Demonym: true},
			{Text: "Aleppo", Name: "Aleppo", CC: "SY", Feature: "PPLA", Relative: "north of"},
		},
	}, {
		name:  "a span the recogniser rejects still gets a mention",
		text:  "Jordan said it would reopen the crossing.",
		words: []string{"Jordan"},
		want: []resolvedSpan{
			{Text: "Jordan", Name: "Jordan", CC: "JO", Feature: "PCLI"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &evident.Analysis{Doc: &evident.Document{Text: tt.text}}
			ctx := context.Background()
			if err := (segment.Stage{}).Process(ctx, a); err != nil {
				t.Fatal(err)
			}
			if err := (Recognise{Gaz: g}).Spans(ctx, a, spansOf(t, tt.text, tt.words...)); err != nil {
				t.Fatal(err)
			}
			if err := (Resolve{Gaz: g}).Process(ctx, a); err != nil {
				t.Fatal(err)
			}
			checkSpans(t, a)
			var got []resolvedSpan
			for _, m := range a.Mentions {
				p := m.Place
				got = append(got, resolvedSpan{m.Text, p.Name, p.CountryCode, p.FeatureCode, p.Relative, p.Demonym})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mentions (-want +got):\n%s", diff)
			}
		})
	}
}

// "L.A." is dotted unlike "La.", Louisiana's abbreviation, so it is no
// region abbreviation, whatever else it resolves to.
func TestRecogniseSpansDottedUnlikeTheLexicon(t *testing.T) {
	g := defaultGaz(t)
	text := "The team flew to L.A. on Sunday, then to Baton Rouge, La. on Monday."
	a := &evident.Analysis{Doc: &evident.Document{Text: text}}
	ctx := context.Background()
	if err := (segment.Stage{}).Process(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := (Recognise{Gaz: g}).Spans(ctx, a, spansOf(t, text, "L.A.", "Baton Rouge", "La.")); err != nil {
		t.Fatal(err)
	}
	if len(a.Mentions) != 3 {
		t.Fatalf("got %d mentions, want 3", len(a.Mentions))
	}
	if m := a.Mentions[0]; m.Rule == "gazetteer:region-abbrev" || m.Place.Name == "Louisiana" {
		t.Errorf("L.A.: rule %q place %q, want no region abbreviation", m.Rule, m.Place.Name)
	}
	if m := a.Mentions[2]; m.Rule != "gazetteer:region-abbrev" || m.Place.Name != "Louisiana" {
		t.Errorf("La.: rule %q place %q, want Louisiana by region-abbrev", m.Rule, m.Place.Name)
	}
}

func TestRecogniseSpansSkipsBadSpans(t *testing.T) {
	g := defaultGaz(t)
	text := "Fighting spread from Aleppo to Idlib."
	a := &evident.Analysis{Doc: &evident.Document{Text: text}}
	ctx := context.Background()
	if err := (segment.Stage{}).Process(ctx, a); err != nil {
		t.Fatal(err)
	}
	idlib := spansOf(t, text, "Idlib")[0]
	aleppo := spansOf(t, text, "Aleppo")[0]
	spans := []evident.Span{
		idlib, aleppo, // out of order: sorted
		{Start: aleppo.Start + 2, End: aleppo.End + 3}, // overlaps Aleppo
		{Start: 5, End: 5},                          // empty
		{Start: len(text) - 2, End: len(text) + 10}, // past the end
	}
	if err := (Recognise{Gaz: g}).Spans(ctx, a, spans); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range a.Mentions {
		got = append(got, m.Text)
	}
	if diff := cmp.Diff([]string{"Aleppo", "Idlib"}, got); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
	if err := (Recognise{}).Spans(ctx, a, spans); err == nil {
		t.Error("Spans without a gazetteer: no error")
	}
}
