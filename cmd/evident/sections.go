package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"unicode"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/segment"
)

// SectionBytes is the longest text the pipeline analyses in one piece.
// The analysis of a text takes about 30 times its size in memory, and
// clustering its mentions into events grows faster than its length, so a
// longer text (a concatenated archive, a book-length report) is analysed
// section by section and its events joined: memory stays near that of one
// section plus the text itself, and an interruption is seen between
// sections.
const SectionBytes = 256 << 10

// analyse runs pipe on doc, section by section when its text is longer
// than max bytes (see SectionBytes). The sections are cut at paragraph
// breaks (else line breaks, else spaces) of the normalised text; every
// offset of the returned events and mentions is into the whole text. Of
// the mentions only the resolved places are kept (what 'evident geoparse'
// prints), and only with keepMentions; no sentences are kept.
// Events of different sections with the same identity (Event.Key) are one
// event: the first section's, with the later evidence appended. Events
// are not clustered across sections otherwise, and the document's
// dateline is looked for in the first section only.
func analyse(ctx context.Context, pipe *evident.Pipeline, doc *evident.Document, max int, keepMentions bool) (*evident.Analysis, error) {
	if len(doc.Text) <= max {
		return pipe.Run(ctx, doc)
	}
	whole := &evident.Analysis{Doc: doc, Version: pipe.Version}
	if err := (segment.Normalise{}).Process(ctx, whole); err != nil {
		return whole, err
	}
	text := doc.Text
	byID := map[string]int{} // event id -> index in whole.Events
	sentences := 0
	for i, sec := range sections(text, max) {
		if err := ctx.Err(); err != nil {
			return whole, err
		}
		part := *doc
		part.Text = text[sec.Start:sec.End]
		part.ContentHash = ""
		if i > 0 {
			part.PublishedSpan = nil // in the first section
		}
		a, err := pipe.Run(ctx, &part)
		if err != nil {
			return whole, err
		}
		if part.Text != text[sec.Start:sec.End] {
			return whole, evident.Errorf(evident.EINTERNAL, doc.Input, "section %d at byte %d changed when normalised again", i+1, sec.Start)
		}
		if i == 0 {
			doc.Published, doc.PublishedFrom, doc.PublishedSpan = part.Published, part.PublishedFrom, part.PublishedSpan
		}
		for _, m := range a.Mentions {
			if !keepMentions || m.Kind != evident.KindPlace || m.Place == nil {
				continue // kept for geoparse only; the others would fill memory
			}
			m.Start += sec.Start
			m.End += sec.Start
			m.Sentence += sentences
			whole.Mentions = append(whole.Mentions, m)
		}
		sentences += len(a.Sentences) // whole.Sentences stays empty: the tokens of every section would fill memory
		for _, ev := range a.Events {
			shiftEvent(&ev, sec.Start, doc)
			if j, ok := byID[ev.ID]; ok {
				whole.Events[j].Evidence = append(whole.Events[j].Evidence, ev.Evidence...)
				continue
			}
			byID[ev.ID] = len(whole.Events)
			whole.Events = append(whole.Events, ev)
		}
	}
	if err := evident.ValidateEvents(doc, whole.Events); err != nil {
		return whole, fmt.Errorf("extractor bug: %w", err)
	}
	// The sections' analyses are garbage now, and much more than what is
	// kept: give their memory back before the store takes its share.
	debug.FreeOSMemory()
	return whole, nil
}

// shiftEvent moves an event's offsets by off bytes, in place (the
// section's analysis is dropped). Empty spans at 0 say "no span"
// (metadata) and stay; a publication date read from the text points at
// the first section's dateline.
func shiftEvent(ev *evident.Event, off int, doc *evident.Document) {
	for i := range ev.Evidence {
		ev.Evidence[i].Start += off
		ev.Evidence[i].End += off
	}
	for i := range ev.Fields {
		f := &ev.Fields[i]
		if f.Start == 0 && f.End == 0 {
			if ps := doc.PublishedSpan; ps != nil && f.Field == "event_date" && strings.HasPrefix(f.Rule, "publication date") {
				f.Start, f.End = ps.Start, ps.End
			}
			continue
		}
		f.Start += off
		f.End += off
	}
}

// sections cuts text into spans of at most max bytes that start and end
// at non-space runes, cut at the last paragraph break ("\n\n") in the
// window, else the last line break, else the last space, else at the
// limit (on a rune boundary).
func sections(text string, max int) []evident.Span {
	var out []evident.Span
	for start := 0; start < len(text); {
		end := len(text)
		if end-start > max {
			w := text[start : start+max]
			cut := -1
			for _, sep := range []string{"\n\n", "\n", " "} {
				if i := strings.LastIndex(w, sep); i > max/4 {
					cut = i
					break
				}
			}
			if cut < 0 {
				cut = max
				for cut > 0 && text[start+cut]&0xC0 == 0x80 {
					cut-- // not inside a rune
				}
			}
			end = start + cut
		}
		piece := text[start:end]
		left := strings.TrimLeftFunc(piece, isSpace)
		kept := strings.TrimRightFunc(left, isSpace)
		if kept != "" {
			s := start + len(piece) - len(left)
			out = append(out, evident.Span{Start: s, End: s + len(kept)})
		}
		start = end
	}
	return out
}

// isSpace is what normalising trims from a text's ends: white space and
// the byte order mark.
func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }
