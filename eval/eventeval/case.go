package eventeval

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

// None is the prediction for a snippet in which the system finds no
// event (that is not background).
const None = "none"

// caseToACLED maps the 25 CASE 2021 labels of ACLED event types to
// ACLED's sub-event type spellings.
var caseToACLED = map[string]string{
	"ABDUCT_DISSAP":                 "Abduction/forced disappearance",
	"AGREEMENT":                     "Agreement",
	"AIR_STRIKE":                    "Air/drone strike",
	"ARMED_CLASH":                   "Armed clash",
	"ARREST":                        "Arrests",
	"ART_MISS_ATTACK":               "Shelling/artillery/missile attack",
	"ATTACK":                        "Attack",
	"CHANGE_TO_GROUP_ACT":           "Change to group/activity",
	"CHEM_WEAP":                     "Chemical weapon",
	"DISR_WEAP":                     "Disrupted weapons use",
	"FORCE_AGAINST_PROTEST":         "Excessive force against protesters",
	"GOV_REGAINS_TERIT":             "Government regains territory",
	"GRENADE":                       "Grenade",
	"HQ_ESTABLISHED":                "Headquarters or base established",
	"MOB_VIOL":                      "Mob violence",
	"NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
	"NON_VIOL_TERRIT_TRANSFER":      "Non-violent transfer of territory",
	"OTHER":                         "Other",
	"PEACE_PROTEST":                 "Peaceful protest",
	"PROPERTY_DISTRUCT":             "Looting/property destruction",
	"PROTEST_WITH_INTER":            "Protest with intervention",
	"REM_EXPLOS":                    "Remote explosive/landmine/IED",
	"SEX_VIOL":                      "Sexual violence",
	"SUIC_BOMB":                     "Suicide bomb",
	"VIOL_DEMONSTR":                 "Violent demonstration",
}

// caseNonACLED are the CASE labels outside ACLED's taxonomy: no conflict
// event is expected.
var caseNonACLED = map[string]bool{
	"ORG_CRIME":         true,
	"NATURAL_DISASTER":  true,
	"MAN_MADE_DISASTER": true,
	"DIPLO":             true,
	"ATTRIB":            true,
}

// ACLEDClasses are the 25 ACLED sub-event types the CASE labels map to,
// sorted.
var ACLEDClasses = slices.Sorted(maps.Values(caseToACLED))

// MapCASELabel returns the ACLED sub-event type of a CASE label, or None
// for the labels outside ACLED's taxonomy (ORG_CRIME, NATURAL_DISASTER,
// MAN_MADE_DISASTER, DIPLO, ATTRIB). Labels are case-sensitive.
func MapCASELabel(label string) (string, error) {
	if s, ok := caseToACLED[label]; ok {
		return s, nil
	}
	if caseNonACLED[label] {
		return None, nil
	}
	return "", fmt.Errorf("unknown CASE label %q", label)
}

// Predict is the system's prediction for a snippet: the sub-event type of
// the primary event (see Primary), or None.
func Predict(evs []evident.Event) string {
	if e, ok := Primary(evs); ok && e.SubEventType != "" {
		return e.SubEventType
	}
	return None
}

// ClassScore is the score of one ACLED sub-event type.
type ClassScore struct {
	Class string `json:"class"`
	// Support is the number of snippets whose gold label maps to Class.
	Support int `json:"support"`
	// Predicted is the number of snippets predicted as Class (any gold).
	Predicted int     `json:"predicted"`
	TP        int     `json:"tp"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Confusion is one non-zero cell of the confusion table.
type Confusion struct {
	// Gold is the CASE label; Predicted a sub-event type or None.
	Gold      string `json:"gold"`
	Predicted string `json:"predicted"`
	N         int    `json:"n"`
}

// CASEScores are the figures of ScoreCASE.
type CASEScores struct {
	WeightedF1     float64
	MacroF1        float64
	RejectAccuracy float64
	// Accuracy is the share of all snippets whose prediction is the
	// mapped gold label (None for the labels outside ACLED).
	Accuracy   float64
	N          int
	NACLED     int
	NReject    int
	Classes    []ClassScore
	Confusions []Confusion
}

// ScoreCASE scores predictions (sub-event types or None) against gold
// CASE labels, pairwise. Per ACLED class c: TP = snippets with gold c
// predicted c; FP = snippets predicted c whose gold is another class or a
// label outside ACLED; FN = snippets with gold c predicted otherwise (None
// included). Precision = TP/(TP+FP), recall = TP/(TP+FN), F1 their
// harmonic mean, 0/0 = 0. Weighted F1 averages F1 over classes weighted
// by support (the number of gold snippets); macro F1 is the plain mean
// over classes with support. RejectAccuracy is the share of snippets
// labelled outside ACLED predicted None. Unknown gold labels are an error.
func ScoreCASE(gold, pred []string) (CASEScores, error) {
	if len(gold) != len(pred) {
		return CASEScores{}, fmt.Errorf("%d gold labels, %d predictions", len(gold), len(pred))
	}
	type count struct{ support, predicted, tp int }
	counts := map[string]*count{}
	for _, c := range ACLEDClasses {
		counts[c] = &count{}
	}
	cells := map[[2]string]int{}
	var s CASEScores
	s.N = len(gold)
	correct, rejected := 0, 0
	for i, g := range gold {
		want, err := MapCASELabel(g)
		if err != nil {
			return CASEScores{}, err
		}
		p := pred[i]
		cells[[2]string{g, p}]++
		if p == want {
			correct++
		}
		if want == None {
			s.NReject++
			if p == None {
				rejected++
			}
		} else {
			s.NACLED++
			counts[want].support++
			if p == want {
				counts[want].tp++
			}
		}
		if c, ok := counts[p]; ok {
			c.predicted++
		}
	}
	var wsum float64
	nMacro := 0
	for _, c := range ACLEDClasses {
		k := counts[c]
		cs := ClassScore{Class: c, Support: k.support, Predicted: k.predicted, TP: k.tp,
			Precision: ratio(k.tp, k.predicted), Recall: ratio(k.tp, k.support)}
		cs.F1 = f1(cs.Precision, cs.Recall)
		s.Classes = append(s.Classes, cs)
		if k.support > 0 {
			wsum += float64(k.support) * cs.F1
			s.MacroF1 += cs.F1
			nMacro++
		}
	}
	if s.NACLED > 0 {
		s.WeightedF1 = wsum / float64(s.NACLED)
	}
	if nMacro > 0 {
		s.MacroF1 /= float64(nMacro)
	}
	s.RejectAccuracy = ratio(rejected, s.NReject)
	s.Accuracy = ratio(correct, s.N)
	for k, n := range cells {
		s.Confusions = append(s.Confusions, Confusion{Gold: k[0], Predicted: k[1], N: n})
	}
	slices.SortFunc(s.Confusions, func(a, b Confusion) int {
		return cmp.Or(strings.Compare(a.Gold, b.Gold), b.N-a.N, strings.Compare(a.Predicted, b.Predicted))
	})
	return s, nil
}

// CASEReport holds every figure of a case2021 run.
type CASEReport struct {
	Set            Set     `json:"set"`
	WeightedF1     float64 `json:"weighted_f1"`
	MacroF1        float64 `json:"macro_f1"`
	RejectAccuracy float64 `json:"reject_accuracy"`
	N              int     `json:"n"`
	// Accuracy is the share of snippets predicted right (None right for
	// labels outside ACLED).
	Accuracy float64 `json:"accuracy"`
	// NACLED and NReject count the snippets with ACLED labels and with
	// labels outside ACLED.
	NACLED  int `json:"n_acled"`
	NReject int `json:"n_reject"`
	// Malformed counts the lines the loader skipped.
	Malformed  int           `json:"malformed"`
	File       string        `json:"file,omitempty"`
	Classes    []ClassScore  `json:"classes"`
	Confusions []Confusion   `json:"confusions"`
	Workers    int           `json:"workers"`
	Seconds    float64       `json:"seconds"`
	Errors     []ErrorRecord `json:"-"`
	// Skipped are the malformed lines.
	Skipped []Malformed `json:"-"`
}

// RunCASE runs sys on every snippet (each one document, without a
// publication date) and scores the predictions. malformed are the lines
// the loader skipped; they go into the report.
func RunCASE(ctx context.Context, snippets []Snippet, malformed []Malformed, sys System, opt Options) (*CASEReport, error) {
	start := time.Now()
	preds := make([]string, len(snippets))
	evs := make([][]evident.Event, len(snippets))
	workers, err := forEach(ctx, len(snippets), opt.Workers, opt.Progress, func(ctx context.Context, i int) error {
		s := &snippets[i]
		e, err := sys.Extract(ctx, newDoc(s.ID, fmt.Sprintf("%s:%d", opt.File, s.Line), s.Text))
		if err != nil {
			return fmt.Errorf("snippet %s: %w", s.ID, err)
		}
		preds[i] = Predict(e)
		if opt.CollectErrors {
			evs[i] = e
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	gold := make([]string, len(snippets))
	for i, s := range snippets {
		gold[i] = s.Label
	}
	sc, err := ScoreCASE(gold, preds)
	if err != nil {
		return nil, err
	}
	r := &CASEReport{
		Set: CASE2021, WeightedF1: round4(sc.WeightedF1), MacroF1: round4(sc.MacroF1),
		RejectAccuracy: round4(sc.RejectAccuracy), N: sc.N, Accuracy: round4(sc.Accuracy),
		NACLED: sc.NACLED, NReject: sc.NReject, Malformed: len(malformed), File: opt.File,
		Classes: sc.Classes, Confusions: sc.Confusions, Workers: workers, Seconds: since(start),
		Skipped: malformed,
	}
	for i := range r.Classes {
		c := &r.Classes[i]
		c.Precision, c.Recall, c.F1 = round4(c.Precision), round4(c.Recall), round4(c.F1)
	}
	if opt.CollectErrors {
		for _, m := range malformed {
			r.Errors = append(r.Errors, ErrorRecord{Set: CASE2021, Kind: "malformed", Doc: fmt.Sprintf("%s:%d", m.File, m.Line), Gold: m.Reason})
		}
		for i, s := range snippets {
			want, _ := MapCASELabel(s.Label)
			if preds[i] == want {
				continue
			}
			kind := "wrong_type"
			switch {
			case want == None:
				kind = "false_event"
			case preds[i] == None:
				kind = "no_event"
			}
			r.Errors = append(r.Errors, ErrorRecord{
				Set: CASE2021, Kind: kind, Doc: s.ID,
				Gold: caseGold{Label: s.Label, SubEventType: want}, System: preds[i],
				Excerpt: excerpt(s.Text), Events: eventRefs(evs[i]),
			})
		}
	}
	return r, nil
}

// caseGold is the gold side of a case2021 error record.
type caseGold struct {
	Label        string `json:"label"`
	SubEventType string `json:"sub_event_type"`
}

// ErrorRecords implements Report.
func (r *CASEReport) ErrorRecords() []ErrorRecord { return r.Errors }

// WriteText implements Report.
func (r *CASEReport) WriteText(w io.Writer) error {
	bw := &errWriter{w: w}
	p := bw.printf
	name := string(r.Set)
	if r.File != "" {
		name += " (" + r.File + ")"
	}
	p("set:             %s\n", name)
	p("snippets:        %d (%d with ACLED labels, %d outside ACLED; %d malformed lines skipped)\n", r.N, r.NACLED, r.NReject, r.Malformed)
	for _, m := range r.Skipped {
		p("  skipped %s\n", m)
	}
	p("weighted F1:     %.3f\n", r.WeightedF1)
	p("macro F1:        %.3f\n", r.MacroF1)
	p("reject accuracy: %.3f\n", r.RejectAccuracy)
	p("accuracy:        %.3f\n\n", r.Accuracy)
	p("%-36s %7s %7s %5s %7s %7s %7s\n", "class", "support", "predict", "TP", "P", "R", "F1")
	for _, c := range r.Classes {
		p("%-36s %7d %7d %5d %7.3f %7.3f %7.3f\n", c.Class, c.Support, c.Predicted, c.TP, c.Precision, c.Recall, c.F1)
	}
	p("\nconfusions (gold label: predicted count, ...; * marks the right answer)\n")
	rows := map[string][]Confusion{}
	total := map[string]int{}
	for _, c := range r.Confusions {
		rows[c.Gold] = append(rows[c.Gold], c)
		total[c.Gold] += c.N
	}
	for _, g := range slices.Sorted(maps.Keys(rows)) {
		want, _ := MapCASELabel(g)
		var cells []string
		for _, c := range rows[g] {
			mark := ""
			if c.Predicted == want {
				mark = "*"
			}
			cells = append(cells, fmt.Sprintf("%s%s %d", mark, c.Predicted, c.N))
		}
		p("%-30s %4d: %s\n", g, total[g], strings.Join(cells, ", "))
	}
	p("\nseconds: %.2f (workers: %d)\n", r.Seconds, r.Workers)
	return bw.err
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}

// WriteErrors writes the records of r as JSON Lines.
func WriteErrors(w io.Writer, recs []ErrorRecord) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range recs {
		if err := enc.Encode(&recs[i]); err != nil {
			return err
		}
	}
	return nil
}
