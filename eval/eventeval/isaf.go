package eventeval

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/evident-org/evident"
)

// ISAF fields, in report order.
const (
	FieldDate      = "date"
	FieldProvince  = "province"
	FieldKilled    = "killed"
	FieldCaptured  = "captured"
	FieldAirstrike = "airstrike"
)

// ISAFFields lists the scored fields.
var ISAFFields = []string{FieldDate, FieldProvince, FieldKilled, FieldCaptured, FieldAirstrike}

// ISAFValues are a system's answers for one release, derived from its
// events that are not background.
type ISAFValues struct {
	// Date is the earliest event_date of the events with time precision
	// 1, else the earliest event_date of any event; "" when none has one.
	Date string `json:"date"`
	// Province is the admin1 of the primary event's location, as the
	// system spells it; "" without a primary event or admin1.
	Province string `json:"province"`
	// Killed is the sum of the events' fatalities.
	Killed int `json:"killed"`
	// Captured is the sum over events of the largest "detained" field
	// evidence value of each.
	Captured int `json:"captured"`
	// Airstrike is true when an event has the tag "airstrike" or the
	// sub-event type "Air/drone strike".
	Airstrike bool `json:"airstrike"`
}

// DetainedField is the field evidence name under which the extractor
// records the number of people detained.
const DetainedField = "detained"

// detained is the largest "detained" field value of e, 0 without one.
func detained(e *evident.Event) int {
	n := 0
	for _, f := range e.Fields {
		if f.Field != DetainedField {
			continue
		}
		if v, err := strconv.Atoi(f.Value); err == nil && v > n {
			n = v
		}
	}
	return n
}

// SystemISAF derives the ISAF values from a release's events.
func SystemISAF(evs []evident.Event) ISAFValues {
	var v ISAFValues
	fg := foreground(evs)
	var exact, anyDate string
	for i := range fg {
		e := &fg[i]
		if e.EventDate != "" {
			if anyDate == "" || e.EventDate < anyDate {
				anyDate = e.EventDate
			}
			if e.TimePrecision == 1 && (exact == "" || e.EventDate < exact) {
				exact = e.EventDate
			}
		}
		v.Killed += e.Fatalities
		v.Captured += detained(e)
		if e.SubEventType == "Air/drone strike" || slices.Contains(e.Tags, "airstrike") {
			v.Airstrike = true
		}
	}
	v.Date = exact
	if v.Date == "" {
		v.Date = anyDate
	}
	if p, ok := Primary(fg); ok {
		v.Province = p.Admin1
	}
	return v
}

// goldProvinces returns the normalised provinces of a label list, none
// for an empty list or names without letters ([""], ["??"]).
func goldProvinces(ps []string) []string {
	var out []string
	for _, p := range ps {
		if n := NormaliseProvince(p); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// ScoreISAF says which fields of v are right for labels l: date equal to
// start_date; province: NormaliseProvince(v.Province) is one of the
// normalised label provinces, or both have none; killed equal to
// min_killed; captured equal to min_captured; airstrike equal.
func ScoreISAF(l ISAFLabels, v ISAFValues) map[string]bool {
	gp := goldProvinces(l.Province)
	sp := NormaliseProvince(v.Province)
	return map[string]bool{
		FieldDate:      v.Date == l.StartDate,
		FieldProvince:  len(gp) == 0 && sp == "" || sp != "" && slices.Contains(gp, sp),
		FieldKilled:    v.Killed == l.MinKilled,
		FieldCaptured:  v.Captured == l.MinCaptured,
		FieldAirstrike: v.Airstrike == l.Airstrike,
	}
}

// FieldCount is the score of one ISAF field.
type FieldCount struct {
	Correct int `json:"correct"`
	// Low and High count the wrong numeric answers below and above the
	// label (killed, captured), and for airstrike the releases where the
	// system says false (Missing) or true (High) against the label;
	// Missing counts the wrong releases where the system has no date or
	// province.
	Low     int `json:"low,omitempty"`
	High    int `json:"high,omitempty"`
	Missing int `json:"missing,omitempty"`
}

// ISAFReport holds every figure of an isaf run. Each field's figure is
// its accuracy: right releases / n.
type ISAFReport struct {
	Set       Set     `json:"set"`
	Date      float64 `json:"date"`
	Province  float64 `json:"province"`
	Killed    float64 `json:"killed"`
	Captured  float64 `json:"captured"`
	Airstrike float64 `json:"airstrike"`
	N         int     `json:"n"`
	// All is the share of releases with all five fields right.
	All float64 `json:"all"`
	// NoEvent counts releases in which the system found no event that is
	// not background.
	NoEvent   int                   `json:"no_event"`
	Counts    map[string]FieldCount `json:"counts"`
	Malformed int                   `json:"malformed"`
	File      string                `json:"file,omitempty"`
	Workers   int                   `json:"workers"`
	Seconds   float64               `json:"seconds"`
	Errors    []ErrorRecord         `json:"-"`
	Skipped   []Malformed           `json:"-"`
}

// isafGold is the gold side of an isaf error record.
type isafGold struct {
	Date      string   `json:"date"`
	Province  []string `json:"province"`
	Killed    int      `json:"killed"`
	Captured  int      `json:"captured"`
	Airstrike bool     `json:"airstrike"`
}

func (g isafGold) field(f string) any {
	switch f {
	case FieldDate:
		return g.Date
	case FieldProvince:
		return g.Province
	case FieldKilled:
		return g.Killed
	case FieldCaptured:
		return g.Captured
	}
	return g.Airstrike
}

func (v ISAFValues) field(f string) any {
	switch f {
	case FieldDate:
		return v.Date
	case FieldProvince:
		return v.Province
	case FieldKilled:
		return v.Killed
	case FieldCaptured:
		return v.Captured
	}
	return v.Airstrike
}

// RunISAF runs sys on every release (each one document, without a
// publication date: the dateline in the text gives it) and scores it.
func RunISAF(ctx context.Context, rel []Release, malformed []Malformed, sys System, opt Options) (*ISAFReport, error) {
	start := time.Now()
	vals := make([]ISAFValues, len(rel))
	noEvent := make([]bool, len(rel))
	evs := make([][]evident.Event, len(rel))
	workers, err := forEach(ctx, len(rel), opt.Workers, opt.Progress, func(ctx context.Context, i int) error {
		r := &rel[i]
		e, err := sys.Extract(ctx, newDoc(fmt.Sprintf("isaf-%d", r.Line), fmt.Sprintf("%s:%d", opt.File, r.Line), r.Text))
		if err != nil {
			return fmt.Errorf("%s: %w", r.ID, err)
		}
		vals[i] = SystemISAF(e)
		_, ok := Primary(e)
		noEvent[i] = !ok
		if opt.CollectErrors {
			evs[i] = e
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep := &ISAFReport{Set: ISAF, N: len(rel), Counts: map[string]FieldCount{}, Malformed: len(malformed),
		File: opt.File, Workers: workers, Skipped: malformed}
	all := 0
	for i, r := range rel {
		v := vals[i]
		if noEvent[i] {
			rep.NoEvent++
		}
		ok := ScoreISAF(r.Labels, v)
		right := true
		g := isafGold{Date: r.Labels.StartDate, Province: r.Labels.Province, Killed: r.Labels.MinKilled, Captured: r.Labels.MinCaptured, Airstrike: r.Labels.Airstrike}
		for _, f := range ISAFFields {
			c := rep.Counts[f]
			if ok[f] {
				c.Correct++
				rep.Counts[f] = c
				continue
			}
			right = false
			switch f {
			case FieldDate:
				if v.Date == "" {
					c.Missing++
				}
			case FieldProvince:
				if v.Province == "" {
					c.Missing++
				}
			case FieldKilled:
				if v.Killed < r.Labels.MinKilled {
					c.Low++
				} else {
					c.High++
				}
			case FieldCaptured:
				if v.Captured < r.Labels.MinCaptured {
					c.Low++
				} else {
					c.High++
				}
			case FieldAirstrike:
				if v.Airstrike {
					c.High++
				} else {
					c.Missing++
				}
			}
			rep.Counts[f] = c
			if opt.CollectErrors {
				rep.Errors = append(rep.Errors, ErrorRecord{
					Set: ISAF, Kind: "wrong_" + f, Doc: r.ID, Field: f,
					Gold: g.field(f), System: v.field(f),
					Excerpt: excerpt(r.Text), Events: eventRefs(evs[i]),
				})
			}
		}
		if right {
			all++
		}
	}
	rep.Date = round4(ratio(rep.Counts[FieldDate].Correct, rep.N))
	rep.Province = round4(ratio(rep.Counts[FieldProvince].Correct, rep.N))
	rep.Killed = round4(ratio(rep.Counts[FieldKilled].Correct, rep.N))
	rep.Captured = round4(ratio(rep.Counts[FieldCaptured].Correct, rep.N))
	rep.Airstrike = round4(ratio(rep.Counts[FieldAirstrike].Correct, rep.N))
	rep.All = round4(ratio(all, rep.N))
	rep.Seconds = since(start)
	if opt.CollectErrors {
		var pre []ErrorRecord
		for _, m := range malformed {
			pre = append(pre, ErrorRecord{Set: ISAF, Kind: "malformed", Doc: fmt.Sprintf("%s:%d", m.File, m.Line), Gold: m.Reason})
		}
		rep.Errors = append(pre, rep.Errors...)
	}
	return rep, nil
}

// ErrorRecords implements Report.
func (r *ISAFReport) ErrorRecords() []ErrorRecord { return r.Errors }

// WriteText implements Report.
func (r *ISAFReport) WriteText(w io.Writer) error {
	bw := &errWriter{w: w}
	p := bw.printf
	name := string(r.Set)
	if r.File != "" {
		name += " (" + r.File + ")"
	}
	p("set:       %s\n", name)
	p("releases:  %d (%d malformed lines skipped); %d with no event\n", r.N, r.Malformed, r.NoEvent)
	for _, m := range r.Skipped {
		p("  skipped %s\n", m)
	}
	p("\n%-10s %8s %8s %8s %8s %8s\n", "field", "accuracy", "correct", "low", "high", "missing")
	acc := map[string]float64{FieldDate: r.Date, FieldProvince: r.Province, FieldKilled: r.Killed, FieldCaptured: r.Captured, FieldAirstrike: r.Airstrike}
	for _, f := range ISAFFields {
		c := r.Counts[f]
		p("%-10s %8.3f %8d %8d %8d %8d\n", f, acc[f], c.Correct, c.Low, c.High, c.Missing)
	}
	p("%-10s %8.3f\n", "all five", r.All)
	p("\n(low/high: count below/above the label, or an air strike where the label has none;\n")
	p(" missing: no date, no province, or no air strike where the label has one)\n")
	p("\nseconds: %.2f (workers: %d)\n", r.Seconds, r.Workers)
	return bw.err
}
