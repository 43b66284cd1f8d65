package eventeval

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/source"
)

// CategoryFilter selects the lines of a corpus by their category field.
// A line is kept when its category is one of Include (or Include is
// empty) and is none of Exclude; names compare case-insensitively. A line
// without a category is kept only when Include is empty. The zero value
// keeps every line.
type CategoryFilter struct {
	Include, Exclude []string
}

// ParseCategories reads the --category values: a name selects that
// category, "!NAME" excludes it. "!World" is every category but World;
// "Business", "Sports", "Sci/Tech" together are the same on AG News.
func ParseCategories(vals []string) (CategoryFilter, error) {
	var f CategoryFilter
	for _, v := range vals {
		v = strings.TrimSpace(v)
		neg := strings.HasPrefix(v, "!")
		name := strings.TrimSpace(strings.TrimPrefix(v, "!"))
		switch {
		case name == "":
			return CategoryFilter{}, fmt.Errorf("category %q: no name (want NAME or !NAME)", v)
		case neg:
			f.Exclude = append(f.Exclude, name)
		default:
			f.Include = append(f.Include, name)
		}
	}
	return f, nil
}

// IsZero reports whether f keeps every line.
func (f CategoryFilter) IsZero() bool { return len(f.Include) == 0 && len(f.Exclude) == 0 }

// Keep reports whether a line with category cat (hasCat false: the line
// has none) is kept.
func (f CategoryFilter) Keep(cat string, hasCat bool) bool {
	in := func(list []string) bool {
		return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, strings.TrimSpace(cat)) })
	}
	if len(f.Include) > 0 && (!hasCat || !in(f.Include)) {
		return false
	}
	return !hasCat || !in(f.Exclude)
}

// String is the filter as --category values.
func (f CategoryFilter) String() string {
	var parts []string
	parts = append(parts, f.Include...)
	for _, e := range f.Exclude {
		parts = append(parts, "!"+e)
	}
	return strings.Join(parts, ",")
}

// FPDoc is a document of a non-conflict corpus.
type FPDoc struct {
	Doc *evident.Document
	// Category is the line's category field ("" without one).
	Category string
}

// LoadFP reads a JSON Lines corpus of non-conflict news ({id, url,
// outlet, title, published, text, category, ...}) and keeps the lines
// that f keeps. Documents are built by source.ReadJSONL as ingest builds
// them. Lines that are not documents (bad JSON, no text, ...) are
// skipped and returned as Malformed, named file:line. It fails when the
// file cannot be read, when f selects by category but no line has one,
// or when no document is left.
func LoadFP(path string, f CategoryFilter) ([]FPDoc, []Malformed, error) {
	// Pass 1: the category of every line (source.ReadJSONL ignores it).
	cats := map[int]string{}
	hasCat := map[int]bool{}
	rf, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	err = lines(rf, func(n int, b []byte, tooLong bool) error {
		var raw struct {
			Category *string `json:"category"`
		}
		if tooLong || json.Unmarshal(bytes.TrimPrefix(b, []byte("\uFEFF")), &raw) != nil || raw.Category == nil {
			return nil // pass 2 reports bad lines
		}
		cats[n], hasCat[n] = *raw.Category, true
		return nil
	})
	rf.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if !f.IsZero() && len(hasCat) == 0 {
		return nil, nil, fmt.Errorf("%s: --category %s given, but no line has a category field", path, f)
	}
	// Pass 2: the documents, as ingest reads them.
	rf, err = os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer rf.Close()
	var out []FPDoc
	var bad []Malformed
	for it := range source.ReadJSONL(rf, path, source.Options{}) {
		if it.Err != nil {
			m := Malformed{File: path, Reason: it.Err.Error()}
			var e *evident.Error
			if errors.As(it.Err, &e) {
				m.Line = inputLine(e.Input)
				m.Reason = e.Message
				if e.Err != nil {
					m.Reason += ": " + e.Err.Error()
				}
			}
			bad = append(bad, m)
			continue
		}
		n := inputLine(it.Doc.Input)
		if f.Keep(cats[n], hasCat[n]) {
			out = append(out, FPDoc{Doc: it.Doc, Category: cats[n]})
		}
	}
	if len(out) == 0 {
		return nil, bad, fmt.Errorf("%s: no documents (category filter %q, %d malformed lines)", path, f, len(bad))
	}
	return out, bad, nil
}

// inputLine is LINE of a JSON Lines document's Input "name:LINE", 0 when
// there is none.
func inputLine(input string) int {
	i := strings.LastIndexByte(input, ':')
	if i < 0 {
		return 0
	}
	n, err := strconv.Atoi(input[i+1:])
	if err != nil {
		return 0
	}
	return n
}

// FPCount is a name and how often it occurs.
type FPCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// FPReport holds every figure of an fp run.
type FPReport struct {
	Set Set `json:"set"`
	// PerThousand is Events per 1,000 documents.
	PerThousand float64 `json:"per_1000"`
	// Events counts the events not flagged background, over N documents.
	Events int `json:"events"`
	N      int `json:"n"`
	// DocsWithEvents counts the documents with at least one such event;
	// DocsPerThousand is that per 1,000 documents.
	DocsWithEvents  int     `json:"docs_with_events"`
	DocsPerThousand float64 `json:"docs_with_events_per_1000"`
	// Background counts the events flagged background (not counted).
	Background int `json:"background"`
	// Categories are the --category values; ByCategory the documents
	// and events of each category.
	Categories string            `json:"categories,omitempty"`
	ByCategory []FPCategoryCount `json:"by_category,omitempty"`
	// SubEventTypes and Triggers count the events by sub-event type and
	// by trigger word (eventTrigger), most frequent first.
	SubEventTypes []FPCount     `json:"sub_event_types"`
	Triggers      []FPCount     `json:"triggers"`
	Malformed     int           `json:"malformed"`
	File          string        `json:"file,omitempty"`
	Workers       int           `json:"workers"`
	Seconds       float64       `json:"seconds"`
	Skipped       []Malformed   `json:"-"`
	Errors        []ErrorRecord `json:"-"`
}

// FPCategoryCount is one category of an fp run.
type FPCategoryCount struct {
	Category  string `json:"category"`
	Documents int    `json:"documents"`
	Events    int    `json:"events"`
}

// KindFPEvent is the error kind of an event found in non-conflict news.
const KindFPEvent = "fp_event"

// RunFP runs sys on every document of a non-conflict corpus and counts
// the events not flagged background: each is a false positive.
// categories names the filter in the report.
func RunFP(ctx context.Context, docs []FPDoc, malformed []Malformed, categories CategoryFilter, sys System, opt Options) (*FPReport, error) {
	start := time.Now()
	evs := make([][]evident.Event, len(docs))
	workers, err := forEach(ctx, len(docs), opt.Workers, opt.Progress, func(ctx context.Context, i int) error {
		doc := *docs[i].Doc
		e, err := sys.Extract(ctx, &doc)
		if err != nil {
			return fmt.Errorf("document %s (%s): %w", docs[i].Doc.ID, docs[i].Doc.Input, err)
		}
		evs[i] = e
		return nil
	})
	if err != nil {
		return nil, err
	}
	r := &FPReport{Set: FP, N: len(docs), Categories: categories.String(), Malformed: len(malformed), File: opt.File, Workers: workers, Skipped: malformed}
	subs, trigs := map[string]int{}, map[string]int{}
	byCat := map[string]*FPCategoryCount{}
	for i := range docs {
		d := &docs[i]
		c := byCat[d.Category]
		if c == nil {
			c = &FPCategoryCount{Category: d.Category}
			byCat[d.Category] = c
		}
		c.Documents++
		n := 0
		for j := range evs[i] {
			e := &evs[i][j]
			if e.Background {
				r.Background++
				continue
			}
			n++
			subs[e.SubEventType]++
			trigs[eventTrigger(e, d.Doc.Text)]++
			if opt.CollectErrors {
				ref := eventRef(e)
				r.Errors = append(r.Errors, ErrorRecord{Set: FP, Kind: KindFPEvent, Doc: d.Doc.ID, Category: d.Category, System: ref, Excerpt: ref.Evidence})
			}
		}
		r.Events += n
		c.Events += n
		if n > 0 {
			r.DocsWithEvents++
		}
	}
	if opt.CollectErrors {
		for _, m := range malformed {
			r.Errors = append(r.Errors, ErrorRecord{Set: FP, Kind: "malformed", Doc: fmt.Sprintf("%s:%d", m.File, m.Line), Gold: m.Reason})
		}
	}
	r.PerThousand = round2(1000 * ratio(r.Events, r.N))
	r.DocsPerThousand = round2(1000 * ratio(r.DocsWithEvents, r.N))
	r.SubEventTypes, r.Triggers = counts(subs), counts(trigs)
	for _, c := range byCat {
		r.ByCategory = append(r.ByCategory, *c)
	}
	slices.SortFunc(r.ByCategory, func(a, b FPCategoryCount) int { return strings.Compare(a.Category, b.Category) })
	r.Seconds = since(start)
	return r, nil
}

// eventTrigger is the word that triggered e: the "trigger:WORD" rule of
// its field evidence, else the text of its sub_event_type field span,
// else its first evidence span; lower case.
func eventTrigger(e *evident.Event, text string) string {
	if w := ruleTrigger(e); w != "" {
		return w
	}
	for _, f := range e.Fields {
		if f.Field == "sub_event_type" && 0 <= f.Start && f.Start < f.End && f.End <= len(text) {
			return strings.ToLower(strings.Join(strings.Fields(text[f.Start:f.End]), " "))
		}
	}
	if len(e.Evidence) > 0 {
		return strings.ToLower(excerpt(e.Evidence[0].Text))
	}
	return ""
}

// ruleTrigger is WORD of the first "trigger:WORD" rule of e's field
// evidence, lower case; "" without one.
func ruleTrigger(e *evident.Event) string {
	for _, f := range e.Fields {
		if w, ok := strings.CutPrefix(f.Rule, "trigger:"); ok {
			return strings.ToLower(strings.TrimSpace(w))
		}
	}
	return ""
}

// counts lists m by count, most frequent first, then by name.
func counts(m map[string]int) []FPCount {
	out := make([]FPCount, 0, len(m))
	for k, v := range m {
		out = append(out, FPCount{k, v})
	}
	slices.SortFunc(out, func(a, b FPCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name)) })
	return out
}

// round2 rounds a rate for the report.
func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// ErrorRecords implements Report.
func (r *FPReport) ErrorRecords() []ErrorRecord { return r.Errors }

// fpTop is how many sub-event types and triggers the text report lists.
const fpTop = 10

// WriteText implements Report.
func (r *FPReport) WriteText(w io.Writer) error {
	bw := &errWriter{w: w}
	p := bw.printf
	name := string(r.Set)
	if r.File != "" {
		name += " (" + r.File + ")"
	}
	p("set:        %s\n", name)
	cats := "all"
	if r.Categories != "" {
		cats = r.Categories
	}
	p("documents:  %d (categories: %s; %d malformed lines skipped)\n", r.N, cats, r.Malformed)
	for _, m := range r.Skipped {
		p("  skipped %s\n", m)
	}
	p("events:     %d not background (%d background, not counted)\n", r.Events, r.Background)
	p("per 1,000:  %.2f events; %.2f documents with an event (%d)\n", r.PerThousand, r.DocsPerThousand, r.DocsWithEvents)
	if len(r.ByCategory) > 1 {
		p("\n%-24s %9s %7s %9s\n", "category", "documents", "events", "per 1,000")
		for _, c := range r.ByCategory {
			name := c.Category
			if name == "" {
				name = "(none)"
			}
			p("%-24s %9d %7d %9.2f\n", name, c.Documents, c.Events, 1000*ratio(c.Events, c.Documents))
		}
	}
	list := func(title string, cs []FPCount) {
		p("\n%s\n", title)
		for i, c := range cs {
			if i == fpTop {
				p("  ... %d more\n", len(cs)-fpTop)
				break
			}
			name := c.Name
			if name == "" {
				name = "(none)"
			}
			p("  %5d  %s\n", c.Count, name)
		}
	}
	list("top sub-event types", r.SubEventTypes)
	list("top triggers", r.Triggers)
	p("\nseconds: %.2f (workers: %d)\n", r.Seconds, r.Workers)
	return bw.err
}
