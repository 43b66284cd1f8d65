package events_test

import (
	"context"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/evident-org/evident"
)

// FuzzDocument runs the whole pipeline, both levels, on arbitrary text:
// it must not panic, every evidence and field span must lie inside the
// document's (normalised) text, evidence text equal to the text there, and no reported event
// may be dated after the publication date.
func FuzzDocument(f *testing.F) {
	for _, s := range []string{
		"Air strikes killed 15 civilians in Saraqeb on Tuesday. The toll rose to 26 on Wednesday, rescuers said.",
		"“We saw it,” he said. “The bombardment of Douma went on,” said the doctor. Car bombs exploded in Kirkuk and Tikrit.",
		"KABUL, Afghanistan (Sept. 1) - Gunmen killed five people, including two children, in Kandahar yesterday.",
		"Turkey launched an assault on Afrin, bringing to 400 the number killed since January.",
		"", "\n\n", "”“\"", "killed", "The New York-based group said. Idlib Idlib Idlib",
	} {
		f.Add(s)
	}
	p, err := pipeline()
	if err != nil {
		f.Fatal(err)
	}
	pub := time.Date(2021, 3, 10, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || len(text) > 4000 {
			return
		}
		doc := &evident.Document{ID: "f", Input: "fuzz", Text: text, Published: pub, PublishedFrom: "metadata"}
		a, err := p.Run(context.Background(), doc)
		if err != nil {
			t.Fatal(err)
		}
		text = a.Doc.Text // offsets point into the normalised text the store keeps
		for _, e := range a.Events {
			for _, ev := range e.Evidence {
				if ev.Start < 0 || ev.End > len(text) || ev.Start > ev.End || text[ev.Start:ev.End] != ev.Text {
					t.Fatalf("evidence %+v outside or unlike the text", ev)
				}
			}
			for _, fe := range e.Fields {
				if fe.Start < 0 || fe.End > len(text) || fe.Start > fe.End {
					t.Fatalf("field %+v outside the text", fe)
				}
			}
			if !e.Background && e.EventDate != "" {
				if d, err := time.Parse(time.DateOnly, e.EventDate); err == nil && d.After(pub) {
					t.Fatalf("event dated %s after publication %s", e.EventDate, pub.Format(time.DateOnly))
				}
			}
		}
	})
}
