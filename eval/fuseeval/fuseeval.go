// Package fuseeval scores cross-source fusion (package fuse) against the
// incident ids and claims of a gold file (shared/eval/ANNOTATION.md,
// dev-gold.jsonl): the pipeline runs on every gold document, all system
// events are fused together, and the incidents are compared with the gold
// incidents over the required gold events matched to system events.
// docs/eval.md, "Fusion", defines every figure.
package fuseeval

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/eval/eventeval"
	"github.com/evident-org/evident/fuse"
	"github.com/evident-org/evident/outlet"
)

// DefaultPath is the fusion gold file under the shared directory.
func DefaultPath(shared string) string {
	return filepath.Join(shared, "eval", "events", "dev-gold.jsonl")
}

// Report holds every figure of a fusion run.
type Report struct {
	Set string `json:"set"`
	// LinkPrecision, LinkRecall and LinkF1 are pairwise: over the pairs of
	// matched required gold events from different documents, a system
	// link is a pair whose system events are in one incident, a gold link
	// a pair with the same gold incident id.
	LinkPrecision float64 `json:"link_precision"`
	LinkRecall    float64 `json:"link_recall"`
	LinkF1        float64 `json:"link_f1"`
	// BCubedPrecision, BCubedRecall and BCubedF1 are B-cubed over the
	// matched required gold events (system cluster: the incident of the
	// matched system event; gold cluster: the incident id).
	BCubedPrecision float64 `json:"bcubed_precision"`
	BCubedRecall    float64 `json:"bcubed_recall"`
	BCubedF1        float64 `json:"bcubed_f1"`
	// ClaimsRecall is the share of the required gold events' claimed
	// figures found, with a compatible source (SourcesCompatible), among
	// the claims of the incident of the event's matched system event;
	// ClaimsRecallFigure the share found with any source.
	ClaimsRecall       float64 `json:"claims_recall"`
	ClaimsRecallFigure float64 `json:"claims_recall_figure"`

	// NGold counts the required gold events, NMatched those matched to a
	// system event; NGoldIncidents the distinct incidents of the matched
	// ones.
	NGold          int `json:"n_gold"`
	NMatched       int `json:"n_matched"`
	NGoldIncidents int `json:"n_gold_incidents"`
	// NGoldLinks, NSystemLinks and NCorrectLinks are the link counts.
	NGoldLinks    int `json:"n_gold_links"`
	NSystemLinks  int `json:"n_system_links"`
	NCorrectLinks int `json:"n_correct_links"`
	// NClaims counts the gold claimed figures of required events;
	// NClaimsFound and NClaimsFigure those found.
	NClaims       int `json:"n_claims"`
	NClaimsFound  int `json:"n_claims_found"`
	NClaimsFigure int `json:"n_claims_figure"`
	// NEvents counts the system events fused (not background),
	// NIncidents the incidents and NMultiReport those of several
	// reports.
	NEvents      int `json:"n_events"`
	NIncidents   int `json:"n_incidents"`
	NMultiReport int `json:"n_multi_report"`

	Documents int     `json:"documents"`
	File      string  `json:"file,omitempty"`
	Workers   int     `json:"workers"`
	Seconds   float64 `json:"seconds"`
	// Misses lists the gold links and claims not found, for the text
	// report.
	Misses []string `json:"-"`
}

// Run extracts the events of every gold document with sys, fuses them
// and scores the incidents (Score).
func Run(ctx context.Context, docs []eventeval.GoldDoc, sys eventeval.System, opt eventeval.Options) (*Report, error) {
	start := time.Now()
	evs, workers, err := eventeval.ExtractGold(ctx, docs, sys, opt)
	if err != nil {
		return nil, err
	}
	r := Score(docs, evs)
	r.File, r.Workers, r.Seconds = opt.File, workers, math.Round(time.Since(start).Seconds()*1000)/1000
	return r, nil
}

// item is a matched required gold event.
type item struct {
	doc      string
	gold     string // gold incident id (the event's own key when none)
	sys      int    // index of the system incident
	g        *eventeval.GoldEvent
	incident *evident.Incident
}

// Score fuses the system events evs (evs[i] from docs[i]) and scores the
// incidents against the gold.
func Score(docs []eventeval.GoldDoc, evs [][]evident.Event) *Report {
	r := &Report{Set: "fusion", Documents: len(docs)}
	var all []evident.Event
	meta := map[string]fuse.Doc{}
	for i := range docs {
		d := docs[i].Document()
		meta[docs[i].DocID] = fuse.Doc{Outlet: outlet.Of(d).Name, Published: d.Published}
		for _, e := range evs[i] {
			if !e.Background {
				all = append(all, e)
			}
		}
	}
	r.NEvents = len(all)
	incidents := fuse.Components(all, meta)
	r.NIncidents = len(incidents)
	of := map[string]int{} // event id → incident
	for k, in := range incidents {
		if len(in.Reports) > 1 {
			r.NMultiReport++
		}
		for _, rep := range in.Reports {
			of[rep.EventID] = k
		}
	}
	var items []item
	for i := range docs {
		d := &docs[i]
		m := eventeval.Match(d.Events, evs[i])
		for gi := range d.Events {
			g := &d.Events[gi]
			if g.Status != eventeval.StatusRequired {
				continue
			}
			r.NGold++
			var in *evident.Incident
			if j := m.Gold[gi]; j >= 0 {
				if k, ok := of[evs[i][j].ID]; ok {
					in = &incidents[k]
					id := g.Incident
					if id == "" {
						id = d.DocID + "#" + g.ID
					}
					items = append(items, item{doc: d.DocID, gold: id, sys: k, g: g, incident: in})
				}
			}
			for _, c := range g.Claims {
				if c.Fatalities == nil {
					continue
				}
				r.NClaims++
				fig, src := findClaim(in, strconv.Itoa(*c.Fatalities), c.Source)
				if fig {
					r.NClaimsFigure++
				}
				if src {
					r.NClaimsFound++
				} else {
					r.Misses = append(r.Misses, fmt.Sprintf("claim %s %s: %d (%s) not found%s", d.DocID, g.ID, *c.Fatalities, c.Source,
						map[bool]string{true: " with a compatible source", false: ""}[fig]))
				}
			}
		}
	}
	r.NMatched = len(items)
	golds := map[string]bool{}
	for _, it := range items {
		golds[it.gold] = true
	}
	r.NGoldIncidents = len(golds)
	for a := range items {
		for b := a + 1; b < len(items); b++ {
			x, y := &items[a], &items[b]
			if x.doc == y.doc {
				continue
			}
			gl, sl := x.gold == y.gold, x.sys == y.sys
			if gl {
				r.NGoldLinks++
			}
			if sl {
				r.NSystemLinks++
			}
			if gl && sl {
				r.NCorrectLinks++
			}
			if gl && !sl {
				r.Misses = append(r.Misses, fmt.Sprintf("link missed: %s %s and %s %s (%s)", x.doc, x.g.ID, y.doc, y.g.ID, x.gold))
			}
			if sl && !gl {
				r.Misses = append(r.Misses, fmt.Sprintf("link spurious: %s %s (%s) and %s %s (%s)", x.doc, x.g.ID, x.gold, y.doc, y.g.ID, y.gold))
			}
		}
	}
	p, rc := ratio(r.NCorrectLinks, r.NSystemLinks), ratio(r.NCorrectLinks, r.NGoldLinks)
	r.LinkPrecision, r.LinkRecall, r.LinkF1 = round4(p), round4(rc), round4(f1(p, rc))
	var bp, br float64
	for _, x := range items {
		same, nsys, ngold := 0, 0, 0
		for _, y := range items {
			if y.sys == x.sys {
				nsys++
			}
			if y.gold == x.gold {
				ngold++
			}
			if y.sys == x.sys && y.gold == x.gold {
				same++
			}
		}
		bp += float64(same) / float64(nsys)
		br += float64(same) / float64(ngold)
	}
	if n := float64(len(items)); n > 0 {
		bp, br = bp/n, br/n
	}
	r.BCubedPrecision, r.BCubedRecall, r.BCubedF1 = round4(bp), round4(br), round4(f1(bp, br))
	r.ClaimsRecall = round4(ratio(r.NClaimsFound, r.NClaims))
	r.ClaimsRecallFigure = round4(ratio(r.NClaimsFigure, r.NClaims))
	return r
}

// findClaim reports whether incident in has a fatalities claim of value
// (figure), and one whose source is compatible with source (src).
func findClaim(in *evident.Incident, value, source string) (figure, src bool) {
	if in == nil {
		return false, false
	}
	for _, c := range in.Claims {
		if c.Field != evident.ClaimFatalities || c.Value != value {
			continue
		}
		figure = true
		if SourcesCompatible(source, c.Source) {
			return true, true
		}
	}
	return figure, false
}

// stop are words that do not identify a source.
var stop = map[string]bool{"the": true, "a": true, "an": true, "of": true, "for": true, "in": true, "on": true, "at": true,
	"by": true, "and": true, "to": true, "via": true, "said": true, "says": true, "according": true, "so": true, "called": true, "based": true}

// tokens are the identifying words of a source name, lower-cased.
func tokens(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) >= 2 && !stop[w] && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// SourcesCompatible reports whether a gold claim's source and a system
// claim's source name the same source, leniently: more than half of the
// words of the shorter name (articles, "said", "so-called", "-based" and
// the like left out) occur in the other ("Syrian state TV" and "Syrian
// state television"; "the Syrian Observatory for Human Rights" and
// "UK-based Syrian Observatory for Human Rights"), or one is the other's
// acronym ("SOHR").
func SourcesCompatible(gold, sys string) bool {
	a, b := tokens(gold), tokens(sys)
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	shared := 0
	for _, w := range a {
		if slices.Contains(b, w) {
			shared++
		}
	}
	if 2*shared > min(len(a), len(b)) {
		return true
	}
	return acronymOf(a, b) || acronymOf(b, a)
}

// acronymOf reports whether one word of a is the initials of b.
func acronymOf(a, b []string) bool {
	if len(b) < 2 {
		return false
	}
	var ini strings.Builder
	for _, w := range b {
		ini.WriteByte(w[0])
	}
	return slices.Contains(a, ini.String())
}

var (
	ratio  = eventeval.Ratio
	f1     = eventeval.F1
	round4 = eventeval.Round4
)

// ErrorRecords implements eventeval.Report: fusion keeps none.
func (r *Report) ErrorRecords() []eventeval.ErrorRecord { return nil }

// WriteText implements eventeval.Report.
func (r *Report) WriteText(w io.Writer) error {
	var err error
	p := func(format string, a ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format, a...)
		}
	}
	name := r.Set
	if r.File != "" {
		name += " (" + r.File + ")"
	}
	p("set:        %s\n", name)
	p("documents:  %d; required gold events: %d, matched: %d, in %d gold incidents\n", r.Documents, r.NGold, r.NMatched, r.NGoldIncidents)
	p("system:     %d events fused into %d incidents (%d of several reports)\n", r.NEvents, r.NIncidents, r.NMultiReport)
	p("\n%-10s %7s %7s %7s %7s %7s %7s\n", "fusion", "P", "R", "F1", "gold", "system", "correct")
	p("%-10s %7.3f %7.3f %7.3f %7d %7d %7d\n", "links", r.LinkPrecision, r.LinkRecall, r.LinkF1, r.NGoldLinks, r.NSystemLinks, r.NCorrectLinks)
	p("%-10s %7.3f %7.3f %7.3f\n", "b-cubed", r.BCubedPrecision, r.BCubedRecall, r.BCubedF1)
	p("\nclaims recall:          %.3f (%d of %d gold figures, with a compatible source)\n", r.ClaimsRecall, r.NClaimsFound, r.NClaims)
	p("claims recall (figure): %.3f (%d of %d, any source)\n", r.ClaimsRecallFigure, r.NClaimsFigure, r.NClaims)
	if len(r.Misses) > 0 {
		p("\nmisses:\n")
		for _, m := range r.Misses {
			p("  %s\n", m)
		}
	}
	p("\nseconds: %.2f (workers: %d)\n", r.Seconds, r.Workers)
	return err
}
