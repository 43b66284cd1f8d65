// Package eventeval scores event extraction against three sets:
//
//   - case2021: the CASE 2021 shared task 2 snippets, one event type per
//     snippet (per-class precision, recall and F1 of the primary event's
//     sub-event type, weighted and macro F1, and the share of non-conflict
//     snippets for which the system reports no event);
//   - isaf: ISAF press releases with the date, province, killed and
//     captured counts and an air-strike flag per release (accuracy of each);
//   - gold: documents annotated in the format of shared/eval/ANNOTATION.md
//     (precision, recall and F1 of matched events, actor1 and actor-pair
//     accuracy, sub-event type accuracy, exact fatalities and location
//     error of the matched pairs);
//   - fp: a corpus of non-conflict news (events not flagged background
//     per 1,000 documents: each is a false positive).
//
// docs/eval.md defines every figure. The gold annotations are for scoring
// only: nothing derived from them may go into code, lexicons or data.
package eventeval

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/evident-org/evident"
)

// System is the extractor under test. Run functions call it from several
// goroutines at once, one document per call. It returns every event of
// the document, background ones included (flagged Background).
type System interface {
	Extract(ctx context.Context, doc *evident.Document) ([]evident.Event, error)
}

// SystemFunc adapts a function to System.
type SystemFunc func(ctx context.Context, doc *evident.Document) ([]evident.Event, error)

// Extract implements System.
func (f SystemFunc) Extract(ctx context.Context, doc *evident.Document) ([]evident.Event, error) {
	return f(ctx, doc)
}

// Set names an evaluation set.
type Set string

// The evaluation sets.
const (
	CASE2021 Set = "case2021" // CASE 2021 shared task 2 test set (Haneczok et al. 2021)
	ISAF     Set = "isaf"     // ISAF press releases, Afghanistan 2009-2013 (strickvl/isafpr_finetune)
	Gold     Set = "gold"     // documents annotated as in shared/eval/ANNOTATION.md
	FP       Set = "fp"       // non-conflict news: every event not flagged background is a false positive
)

// Sets lists the sets "eval events" runs without --set, in order.
var Sets = []Set{CASE2021, ISAF, Gold}

// AllSets lists every set: Sets and FP, which needs its corpus and
// categories named.
var AllSets = []Set{CASE2021, ISAF, Gold, FP}

// ParseSet returns the set named s.
func ParseSet(s string) (Set, error) {
	for _, x := range AllSets {
		if strings.EqualFold(s, string(x)) {
			return x, nil
		}
	}
	return "", fmt.Errorf("unknown set %q (want case2021, isaf, gold or fp)", s)
}

// DefaultPath is where the set's file lies under the shared directory
// (../shared beside the repository).
func (s Set) DefaultPath(shared string) string {
	switch s {
	case CASE2021:
		return filepath.Join(shared, "eval", "events", "case2021-task2.tsv")
	case ISAF:
		return filepath.Join(shared, "eval", "events", "isaf-press-releases.jsonl")
	case Gold:
		return filepath.Join(shared, "seeds", "gold.jsonl")
	case FP:
		return filepath.Join(shared, "corpus", "ag-news-test.jsonl")
	}
	return ""
}

// Options configure the Run functions.
type Options struct {
	// File names the set's file in the report.
	File string
	// Workers is the number of documents processed at once; 0 means 1.
	Workers int
	// CollectErrors fills the report's Errors.
	CollectErrors bool
	// Progress, if set, is called after each document from the calling
	// goroutine.
	Progress func(done, total int)
}

// Report is what every Run function returns.
type Report interface {
	// WriteText writes the report as readable tables.
	WriteText(w io.Writer) error
	// ErrorRecords returns the records collected for the error file.
	ErrorRecords() []ErrorRecord
}

// Primary returns the primary event of evs: among the events not flagged
// background, or background only for want of a place (Event.Unlocated: a
// snippet that names no place still tells its event's type), the one with
// the highest Confidence, ties broken by the earliest evidence start (then
// by order). ok is false when every event is background or there is none.
func Primary(evs []evident.Event) (e evident.Event, ok bool) {
	best := -1
	for i := range evs {
		if evs[i].Background && !evs[i].Unlocated() {
			continue
		}
		if best < 0 || evs[i].Confidence > evs[best].Confidence ||
			evs[i].Confidence == evs[best].Confidence && evidenceStart(&evs[i]) < evidenceStart(&evs[best]) {
			best = i
		}
	}
	if best < 0 {
		return evident.Event{}, false
	}
	return evs[best], true
}

// evidenceStart is the earliest evidence offset of e, MaxInt without any.
func evidenceStart(e *evident.Event) int {
	s := math.MaxInt
	for _, ev := range e.Evidence {
		s = min(s, ev.Start)
	}
	return s
}

// foreground returns the events not flagged background.
func foreground(evs []evident.Event) []evident.Event {
	out := make([]evident.Event, 0, len(evs))
	for _, e := range evs {
		if !e.Background {
			out = append(out, e)
		}
	}
	return out
}

// newDoc builds the document a system sees for a text without metadata.
func newDoc(id, input, text string) *evident.Document {
	return &evident.Document{ID: id, Input: input, Text: text, Format: "text", ContentHash: evident.HashText(text)}
}

// forEach calls fn(ctx, i) for i in [0, n) on workers goroutines and
// returns the first error (cancelling the rest). progress is called after
// each item from the calling goroutine.
func forEach(ctx context.Context, n, workers int, progress func(done, total int), fn func(ctx context.Context, i int) error) (int, error) {
	workers = max(1, min(workers, n))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	errs := make(chan error)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				errs <- fn(ctx, i)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range n {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(errs) }()
	var first error
	done := 0
	for err := range errs {
		if err != nil && first == nil {
			first = err
			cancel()
		}
		done++
		if progress != nil && first == nil {
			progress(done, n)
		}
	}
	if first != nil {
		return workers, first
	}
	return workers, ctx.Err()
}

// since is the time since start in seconds, rounded to milliseconds.
func since(start time.Time) float64 {
	return math.Round(time.Since(start).Seconds()*1000) / 1000
}

// ratio is a/b, 0 when b is 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// f1 is the harmonic mean of p and r, 0 when both are 0.
func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// round4 rounds a figure for the JSON report.
func round4(f float64) float64 { return math.Round(f*10000) / 10000 }

// Ratio, F1 and Round4 are the scorers' arithmetic, for the other eval
// packages: a/b (0 when b is 0), the harmonic mean (0 when both are 0) and
// a figure rounded to four decimals for a JSON report.
func Ratio(a, b int) float64 { return ratio(a, b) }

// F1 is the harmonic mean of p and r, 0 when both are 0.
func F1(p, r float64) float64 { return f1(p, r) }

// Round4 rounds a figure to four decimals.
func Round4(f float64) float64 { return round4(f) }

// excerptLen is the length in bytes of a text excerpt in the error file.
const excerptLen = 240

// excerpt returns the first excerptLen bytes of text (cut at a code point
// boundary), white space collapsed.
func excerpt(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) <= excerptLen {
		return text
	}
	end := excerptLen
	for end > 0 && !utf8.RuneStart(text[end]) {
		end--
	}
	return text[:end] + "…"
}

// EventRef describes a system event in an error record.
type EventRef struct {
	EventType    string   `json:"event_type"`
	SubEventType string   `json:"sub_event_type"`
	Actor1       string   `json:"actor1,omitempty"`
	Actor2       string   `json:"actor2,omitempty"`
	Trigger      string   `json:"trigger,omitempty"`
	Location     string   `json:"location,omitempty"`
	Admin1       string   `json:"admin1,omitempty"`
	Date         string   `json:"event_date,omitempty"`
	Precision    int      `json:"time_precision,omitempty"`
	Fatalities   int      `json:"fatalities,omitempty"`
	Detained     int      `json:"detained,omitempty"`
	Tags         []string `json:"tags,omitempty"`
	Confidence   float64  `json:"confidence"`
	Background   bool     `json:"background,omitempty"`
	// Evidence is the first evidence span's text; MoreEvidence the
	// others', in order.
	Evidence     string   `json:"evidence,omitempty"`
	MoreEvidence []string `json:"more_evidence,omitempty"`
}

func eventRef(e *evident.Event) EventRef {
	r := EventRef{
		EventType: e.EventType, SubEventType: e.SubEventType,
		Actor1: e.Actor1, Actor2: e.Actor2, Trigger: ruleTrigger(e),
		Location: e.Location.Location, Admin1: e.Admin1,
		Date: e.EventDate, Precision: e.TimePrecision,
		Fatalities: e.Fatalities, Detained: detained(e), Tags: e.Tags,
		Confidence: e.Confidence, Background: e.Background,
	}
	for i, ev := range e.Evidence {
		t := strings.Join(strings.Fields(ev.Text), " ")
		if i == 0 {
			r.Evidence = t
		} else {
			r.MoreEvidence = append(r.MoreEvidence, t)
		}
	}
	return r
}

// eventRefs describes the events of evs, in text order of their evidence.
func eventRefs(evs []evident.Event) []EventRef {
	idx := make([]int, len(evs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return evidenceStart(&evs[a]) - evidenceStart(&evs[b]) })
	out := make([]EventRef, len(evs))
	for k, i := range idx {
		out[k] = eventRef(&evs[i])
	}
	return out
}

// ErrorRecord is one line of the error file. Which fields are set
// depends on Set and Kind.
type ErrorRecord struct {
	Set  Set    `json:"set"`
	Kind string `json:"kind"`
	// Doc is the snippet id (case2021), "line N" of the release file
	// (isaf), the gold doc_id or the corpus id (fp).
	Doc string `json:"doc"`
	// Category is the fp document's category field.
	Category string `json:"category,omitempty"`
	// Field is the wrong field (isaf: date, province, killed, captured,
	// airstrike; gold pairs: sub_event_type, fatalities).
	Field string `json:"field,omitempty"`
	// Gold and System are the gold and system values: CASE labels and
	// sub-event types, ISAF field values, gold and system events.
	Gold   any `json:"gold,omitempty"`
	System any `json:"system,omitempty"`
	// Km is the location distance of a gold pair.
	Km *float64 `json:"km,omitempty"`
	// Excerpt is the start of the document text.
	Excerpt string `json:"excerpt,omitempty"`
	// Events are the document's system events, background ones included.
	Events []EventRef `json:"events,omitempty"`
}
