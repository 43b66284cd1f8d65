package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

func TestSections(t *testing.T) {
	tests := []struct {
		name string
		text string
		max  int
		want []evident.Span
	}{
		{"short", "one two", 100, []evident.Span{{Start: 0, End: 7}}},
		{"paragraphs", "aaaa aaaa\n\nbbbb bbbb\n\ncccc", 12, []evident.Span{{Start: 0, End: 9}, {Start: 11, End: 20}, {Start: 22, End: 26}}},
		{"lines when no paragraph", "aaaa aaaa\nbbbb bbbb\ncccc", 12, []evident.Span{{Start: 0, End: 9}, {Start: 10, End: 19}, {Start: 20, End: 24}}},
		{"spaces when no line", "aaaa bbbb cccc dddd", 10, []evident.Span{{Start: 0, End: 9}, {Start: 10, End: 19}}},
		{"hard cut on a rune boundary", "ééééééééé", 5, []evident.Span{{Start: 0, End: 4}, {Start: 4, End: 8}, {Start: 8, End: 12}, {Start: 12, End: 16}, {Start: 16, End: 18}}},
		{"white space trimmed at the cuts", "aaaa  \u00a0\n\n\n  bbbb", 9, []evident.Span{{Start: 0, End: 4}, {Start: 13, End: 17}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sections(tt.text, tt.max)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sections(%q, %d) (-want +got):\n%s", tt.text, tt.max, diff)
			}
			for _, s := range got {
				if s.Len() > tt.max {
					t.Errorf("section %v longer than %d", s, tt.max)
				}
			}
		})
	}
}

// TestAnalyseSections: a text analysed in sections gives the events of
// its parts, with offsets into the whole text.
func TestAnalyseSections(t *testing.T) {
	pipe, err := newPipeline(pipelineConfig{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := seedFS.ReadFile("seeds/bbc-mosul-from-the-sky.txt")
	if err != nil {
		t.Fatal(err)
	}
	b, err := seedFS.ReadFile("seeds/sky-mosul-footage.txt")
	if err != nil {
		t.Fatal(err)
	}
	partA, partB := strings.TrimSpace(string(a)), strings.TrimSpace(string(b))
	text := partA + "\n\n" + partB
	ctx := context.Background()
	doc := &evident.Document{ID: "two", Input: "two.txt", Format: "text", Text: text}
	got, err := analyse(ctx, pipe, doc, max(len(partA), len(partB))+1, true)
	if err != nil {
		t.Fatal(err)
	}

	// The parts on their own, as the sections saw them.
	var want []string
	first, err := pipe.Run(ctx, &evident.Document{ID: "two", Input: "two.txt", Format: "text", Text: partA})
	if err != nil {
		t.Fatal(err)
	}
	second := &evident.Document{ID: "two", Input: "two.txt", Format: "text", Text: partB,
		Published: first.Doc.Published, PublishedFrom: first.Doc.PublishedFrom}
	rest, err := pipe.Run(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range append(first.Events, rest.Events...) {
		if !slices.Contains(want, ev.ID) {
			want = append(want, ev.ID)
		}
	}
	var ids []string
	for _, ev := range got.Events {
		ids = append(ids, ev.ID)
		for _, e := range ev.Evidence {
			if text[e.Start:e.End] != e.Text {
				t.Errorf("event %s: evidence %d-%d is %q in the text, want %q", ev.ID, e.Start, e.End, text[e.Start:e.End], e.Text)
			}
		}
	}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("event ids (-parts +sections):\n%s", diff)
	}
	if len(got.Events) == 0 || got.Doc.Text != text || got.Doc.Published != first.Doc.Published {
		t.Errorf("sections: %d events, published %v (want %v)", len(got.Events), got.Doc.Published, first.Doc.Published)
	}
	places := 0
	for _, m := range got.Mentions {
		if text[m.Start:m.End] != m.Text {
			t.Errorf("mention %q at %d-%d: text there is %q", m.Text, m.Start, m.End, text[m.Start:m.End])
		}
		places++
	}
	if places == 0 {
		t.Errorf("no place mentions kept")
	}
	// Interrupted between sections.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := analyse(cctx, pipe, &evident.Document{ID: "two", Input: "two.txt", Text: text}, 100, false); err == nil {
		t.Errorf("a cancelled analysis succeeded")
	}
}
