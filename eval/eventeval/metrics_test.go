package eventeval

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/evident-org/evident"
)

var approx = cmpopts.EquateApprox(0, 1e-9)

// ev builds a system event.
func ev(sub string, conf float64, start int) evident.Event {
	return evident.Event{SubEventType: sub, Confidence: conf, Evidence: []evident.Evidence{{Start: start, End: start + 1}}}
}

func TestPrimary(t *testing.T) {
	bg := ev("Armed clash", 0.9, 0)
	bg.Background = true
	noEv := evident.Event{SubEventType: "Arrests", Confidence: 0.5}
	tests := []struct {
		name string
		evs  []evident.Event
		want string
	}{
		{"none", nil, None},
		{"only background", []evident.Event{bg}, None},
		{"highest confidence", []evident.Event{ev("Attack", 0.4, 0), ev("Grenade", 0.6, 50)}, "Grenade"},
		{"background ignored", []evident.Event{bg, ev("Attack", 0.4, 10)}, "Attack"},
		{"tie: earliest evidence", []evident.Event{ev("Attack", 0.5, 30), ev("Grenade", 0.5, 10), ev("Arrests", 0.5, 20)}, "Grenade"},
		{"tie: evidence before none", []evident.Event{noEv, ev("Attack", 0.5, 99)}, "Attack"},
		{"tie: earliest of several spans", []evident.Event{ev("Attack", 0.5, 30), {SubEventType: "Grenade", Confidence: 0.5, Evidence: []evident.Evidence{{Start: 40}, {Start: 5}}}}, "Grenade"},
		{"full tie: first", []evident.Event{ev("Attack", 0.5, 3), ev("Grenade", 0.5, 3)}, "Attack"},
		{"no sub-event type", []evident.Event{{Confidence: 0.5}}, None},
	}
	for _, tt := range tests {
		if got := Predict(tt.evs); got != tt.want {
			t.Errorf("%s: Predict = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestScoreCASE(t *testing.T) {
	// A hand-computed confusion:
	//   gold          predicted
	//   ARMED_CLASH   Armed clash    TP Armed clash
	//   ARMED_CLASH   Arrests        FN Armed clash, FP Arrests
	//   ARREST        Arrests        TP Arrests
	//   ARREST        none           FN Arrests
	//   DIPLO         none           rejected
	//   DIPLO         Armed clash    FP Armed clash
	//   ATTACK        Attack         TP Attack
	// Armed clash: P 1/2, R 1/2, F1 1/2; Arrests: P 1/2, R 1/2, F1 1/2;
	// Attack: 1, 1, 1. Weighted F1 = (2·½ + 2·½ + 1·1)/5 = 0.6; macro F1 =
	// (½ + ½ + 1)/3 = 2/3; reject accuracy 1/2; accuracy 4/7.
	gold := []string{"ARMED_CLASH", "ARMED_CLASH", "ARREST", "ARREST", "DIPLO", "DIPLO", "ATTACK"}
	pred := []string{"Armed clash", "Arrests", "Arrests", None, None, "Armed clash", "Attack"}
	s, err := ScoreCASE(gold, pred)
	if err != nil {
		t.Fatal(err)
	}
	type head struct {
		W, M, R, A     float64
		N, NACLED, NRe int
	}
	if diff := cmp.Diff(head{0.6, 2.0 / 3, 0.5, 4.0 / 7, 7, 5, 2}, head{s.WeightedF1, s.MacroF1, s.RejectAccuracy, s.Accuracy, s.N, s.NACLED, s.NReject}, approx); diff != "" {
		t.Errorf("headline (-want +got):\n%s", diff)
	}
	var nonZero []ClassScore
	for _, c := range s.Classes {
		if c.Support > 0 || c.Predicted > 0 {
			nonZero = append(nonZero, c)
		}
	}
	want := []ClassScore{
		{Class: "Armed clash", Support: 2, Predicted: 2, TP: 1, Precision: 0.5, Recall: 0.5, F1: 0.5},
		{Class: "Arrests", Support: 2, Predicted: 2, TP: 1, Precision: 0.5, Recall: 0.5, F1: 0.5},
		{Class: "Attack", Support: 1, Predicted: 1, TP: 1, Precision: 1, Recall: 1, F1: 1},
	}
	if diff := cmp.Diff(want, nonZero, approx); diff != "" {
		t.Errorf("classes (-want +got):\n%s", diff)
	}
	if len(s.Classes) != 25 {
		t.Errorf("%d classes, want 25", len(s.Classes))
	}
	wantConf := []Confusion{
		{"ARMED_CLASH", "Armed clash", 1}, {"ARMED_CLASH", "Arrests", 1},
		{"ARREST", "Arrests", 1}, {"ARREST", None, 1},
		{"ATTACK", "Attack", 1},
		{"DIPLO", "Armed clash", 1}, {"DIPLO", None, 1},
	}
	if diff := cmp.Diff(wantConf, s.Confusions); diff != "" {
		t.Errorf("confusions (-want +got):\n%s", diff)
	}
}

func TestScoreCASEEdges(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred []string
		w, m, rej  float64
	}{
		{"all rejected right", []string{"DIPLO", "ATTRIB", "ORG_CRIME"}, []string{None, None, None}, 0, 0, 1},
		{"reject none", []string{"NATURAL_DISASTER", "MAN_MADE_DISASTER"}, []string{"Attack", "Remote explosive/landmine/IED"}, 0, 0, 0},
		{"all right", []string{"GRENADE", "GRENADE", "SUIC_BOMB"}, []string{"Grenade", "Grenade", "Suicide bomb"}, 1, 1, 0},
		// Predicting a class no snippet has lowers no F1 of a class with
		// support, and the class has no macro weight; but the miss lowers
		// the recall of GRENADE.
		{"unsupported class predicted", []string{"GRENADE", "GRENADE"}, []string{"Grenade", "Chemical weapon"}, 2.0 / 3, 2.0 / 3, 0},
		// A prediction outside the 25 classes is a miss.
		{"unknown prediction", []string{"GRENADE"}, []string{"Bombing"}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ScoreCASE(tt.gold, tt.pred)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]float64{tt.w, tt.m, tt.rej}, []float64{s.WeightedF1, s.MacroF1, s.RejectAccuracy}, approx); diff != "" {
				t.Errorf("weighted, macro, reject (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := ScoreCASE([]string{"NOPE"}, []string{None}); err == nil {
		t.Error("unknown gold label: no error")
	}
	if _, err := ScoreCASE([]string{"DIPLO"}, nil); err == nil {
		t.Error("length mismatch: no error")
	}
}

// fakeSystem returns fixed events per document text prefix and records the
// documents it saw.
type fakeSystem struct {
	mu   sync.Mutex
	byID map[string][]evident.Event
	// byText maps a text prefix to events (CASE and ISAF documents).
	byText map[string][]evident.Event
	seen   []*evident.Document
	err    error
}

func (f *fakeSystem) Extract(_ context.Context, doc *evident.Document) ([]evident.Event, error) {
	f.mu.Lock()
	f.seen = append(f.seen, doc)
	f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	if evs, ok := f.byID[doc.ID]; ok {
		return evs, nil
	}
	for p, evs := range f.byText {
		if strings.HasPrefix(doc.Text, p) {
			return evs, nil
		}
	}
	return nil, nil
}

func TestRunCASE(t *testing.T) {
	snips, bad, err := LoadCASE(filepath.Join("testdata", "case.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	sys := &fakeSystem{byID: map[string][]evident.Event{
		"1": {ev("Air/drone strike", 0.7, 0), ev("Attack", 0.5, 20)},
		"2": {ev("Arrests", 0.6, 7)},
		"4": {ev("Peaceful protest", 0.3, 0)}, // DIPLO: false event
		"5": nil,                              // PEACE_PROTEST: missed
		"6": {ev("Attack", 0.5, 0)},           // ARMED_CLASH: wrong type
	}}
	rep, err := RunCASE(context.Background(), snips, bad, sys, Options{File: "case.tsv", Workers: 3, CollectErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.N != 6 || rep.NACLED != 4 || rep.NReject != 2 || rep.Malformed != 3 || rep.RejectAccuracy != 0.5 {
		t.Errorf("report = %+v", rep)
	}
	var kinds []string
	for _, e := range rep.Errors {
		kinds = append(kinds, e.Kind+" "+e.Doc)
	}
	want := []string{"malformed testdata/case.tsv:4", "malformed testdata/case.tsv:8", "malformed testdata/case.tsv:9",
		"false_event 4", "no_event 5", "wrong_type 6"}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("error records (-want +got):\n%s", diff)
	}
	if e := rep.Errors[5]; e.System != "Attack" || e.Gold.(caseGold).SubEventType != "Armed clash" || len(e.Events) != 1 || e.Excerpt != "A snippet with a tab inside." {
		t.Errorf("wrong_type record = %+v", e)
	}
	for _, d := range sys.seen {
		if !d.Published.IsZero() || d.Text == "" || !strings.HasPrefix(d.Input, "case.tsv:") {
			t.Errorf("document %+v", d)
		}
	}
	var sb strings.Builder
	if err := rep.WriteText(&sb); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"weighted F1:", "reject accuracy: 0.500", "ARMED_CLASH                       1: Attack 1", "AIR_STRIKE                        1: *Air/drone strike 1", "skipped testdata/case.tsv:4"} {
		if !strings.Contains(sb.String(), s) {
			t.Errorf("text report lacks %q:\n%s", s, sb.String())
		}
	}

	sys.err = errors.New("boom")
	if _, err := RunCASE(context.Background(), snips, nil, sys, Options{Workers: 2}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("err = %v", err)
	}
}

func TestNormaliseProvince(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Helmand", "helmand"},
		{"helmand", "helmand"},
		{"Helmand Province", "helmand"},
		{"HELMAND PROVINCE", "helmand"},
		{"Hilmand", "helmand"},
		{"Kandahar", "kandahar"},
		{"Qandahar", "kandahar"},
		{"Paktiya", "paktya"},
		{"paktia", "paktya"},
		{"Paktya", "paktya"},
		{"Paktika", "paktika"},
		{"Nangarhar", "nangarhar"},
		{"Ningarhar", "nangarhar"},
		{"Uruzgan", "uruzgan"},
		{"Oruzgan", "uruzgan"},
		{"Orūzgān", "uruzgan"},
		{"Herat", "herat"},
		{"Hirat", "herat"},
		{"Kunar", "kunar"},
		{"Konar", "kunar"},
		{"Khowst", "khost"},
		{"Khost", "khost"},
		{"Vardak", "wardak"},
		{"Maidan Wardak", "wardak"},
		{"Sar-e Pol", "sar e pul"},
		{"sar-e pul", "sar e pul"},
		{"Sari Pul", "sar e pul"},
		{"Ghowr", "ghor"},
		{"Jawzjan", "jowzjan"},
		{"Nimruz", "nimroz"},
		{"Al Anbar", "anbar"},
		{"Anbar Governorate", "anbar"},
		{"Ninawa", "nineveh"},
		{"Nineveh Governorate", "nineveh"},
		{"Salah ad Din", "salahuddin"},
		{"Ar-Raqqah", "raqqa"},
		{"Deir ez-Zor", "deir ez zor"},
		{"Dayr az Zawr", "deir ez zor"},
		{"Al-Hasakah", "hasakah"},
		{"Karbalāʼ", "karbala"},
		{"Wāsiţ", "wasit"},
		{"Southern Afghanistan", "southern afghanistan"},
		{"", ""},
		{"??", ""},
		{"  Province  ", ""},
	}
	for _, tt := range tests {
		if got := NormaliseProvince(tt.in); got != tt.want {
			t.Errorf("NormaliseProvince(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// isafEv builds a foreground event for ISAF tests.
func isafEv(sub, date string, prec int, admin1 string, killed int, conf float64) evident.Event {
	e := ev(sub, conf, 0)
	e.EventDate, e.TimePrecision, e.Admin1, e.Fatalities = date, prec, admin1, killed
	return e
}

func TestSystemISAF(t *testing.T) {
	arrest := isafEv("Arrests", "2011-11-19", 1, "Helmand", 0, 0.6)
	arrest.Fields = []evident.FieldEvidence{{Field: "detained", Value: "4"}, {Field: "detained", Value: "2"}, {Field: "detained", Value: "many"}, {Field: "actor1", Value: "7"}}
	arrest2 := isafEv("Arrests", "2011-11-20", 2, "Helmand", 0, 0.4)
	arrest2.Fields = []evident.FieldEvidence{{Field: "detained", Value: "3"}}
	bg := isafEv("Armed clash", "2009-01-01", 1, "Kunar", 5, 0.9)
	bg.Background = true
	bg.Tags = []string{"airstrike"}
	tagged := isafEv("Armed clash", "", 0, "Kunar", 1, 0.3)
	tagged.Tags = []string{"airstrike"}
	tests := []struct {
		name string
		evs  []evident.Event
		want ISAFValues
	}{
		{"none", nil, ISAFValues{}},
		{"background ignored", []evident.Event{bg}, ISAFValues{}},
		{"detained max per event, summed", []evident.Event{arrest, arrest2, bg}, ISAFValues{Date: "2011-11-19", Province: "Helmand", Captured: 7}},
		{"precision 1 date first", []evident.Event{isafEv("Attack", "2011-11-10", 2, "", 0, 0.9), isafEv("Attack", "2011-11-12", 1, "", 0, 0.1)}, ISAFValues{Date: "2011-11-12"}},
		{"else earliest date", []evident.Event{isafEv("Attack", "2011-11-10", 2, "", 0, 0.9), isafEv("Attack", "2011-11-08", 3, "", 0, 0.1)}, ISAFValues{Date: "2011-11-08"}},
		{"killed summed; province of primary", []evident.Event{isafEv("Attack", "", 0, "Kunar", 2, 0.4), isafEv("Armed clash", "", 0, "Khowst", 3, 0.8)}, ISAFValues{Province: "Khowst", Killed: 5}},
		{"airstrike by sub-event type", []evident.Event{isafEv("Air/drone strike", "", 0, "", 0, 0.5)}, ISAFValues{Airstrike: true}},
		{"airstrike by tag", []evident.Event{tagged}, ISAFValues{Province: "Kunar", Killed: 1, Airstrike: true}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, SystemISAF(tt.evs)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestScoreISAF(t *testing.T) {
	l := ISAFLabels{StartDate: "2011-11-19", Province: []string{"paktya"}, MinKilled: 2, MinCaptured: 1, Airstrike: true}
	all := map[string]bool{FieldDate: true, FieldProvince: true, FieldKilled: true, FieldCaptured: true, FieldAirstrike: true}
	none := map[string]bool{FieldDate: false, FieldProvince: false, FieldKilled: false, FieldCaptured: false, FieldAirstrike: false}
	tests := []struct {
		name string
		l    ISAFLabels
		v    ISAFValues
		want map[string]bool
	}{
		{"all right", l, ISAFValues{"2011-11-19", "Paktia", 2, 1, true}, all},
		{"all wrong", l, ISAFValues{"2011-11-18", "Khowst", 3, 0, false}, none},
		{"no province against one", l, ISAFValues{"2011-11-19", "", 2, 1, true}, map[string]bool{FieldDate: true, FieldProvince: false, FieldKilled: true, FieldCaptured: true, FieldAirstrike: true}},
		{"none against [\"\"]", ISAFLabels{Province: []string{""}}, ISAFValues{}, all},
		{"none against []", ISAFLabels{}, ISAFValues{}, all},
		{"none against [\"??\"]", ISAFLabels{Province: []string{"??"}}, ISAFValues{}, all},
		{"one against none", ISAFLabels{Province: []string{""}}, ISAFValues{Province: "Helmand"}, map[string]bool{FieldDate: true, FieldProvince: false, FieldKilled: true, FieldCaptured: true, FieldAirstrike: true}},
		{"any of several", ISAFLabels{Province: []string{"kunar", "nuristan"}}, ISAFValues{Province: "Nurestan"}, all},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, ScoreISAF(tt.l, tt.v)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestRunISAF(t *testing.T) {
	rel, bad, err := LoadISAF(filepath.Join("testdata", "isaf.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	arrest := isafEv("Arrests", "2011-11-19", 1, "Helmand", 0, 0.6)
	arrest.Fields = []evident.FieldEvidence{{Field: DetainedField, Value: "4"}}
	sys := &fakeSystem{byText: map[string][]evident.Event{
		// Right on every field.
		"KABUL, Afghanistan (Nov. 20, 2011)": {arrest},
		// Date and killed wrong, no air strike.
		"KABUL, Afghanistan (Jan. 25, 2013)": {isafEv("Armed clash", "2013-01-25", 1, "Ghazni", 1, 0.5)},
		// No event: province wrong (paktya expected), the rest right.
		"KABUL, Afghanistan (Aug. 6, 2012)": nil,
		// No event, no province: province right, date wrong.
		"KABUL, Afghanistan - A release": nil,
	}}
	rep, err := RunISAF(context.Background(), rel, bad, sys, Options{File: "isaf.jsonl", Workers: 2, CollectErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	type figs struct {
		Date, Province, Killed, Captured, Airstrike, All float64
		N, NoEvent, Malformed                            int
	}
	want := figs{Date: 0.25, Province: 0.75, Killed: 0.75, Captured: 1, Airstrike: 0.75, All: 0.25, N: 4, NoEvent: 2, Malformed: 1}
	got := figs{rep.Date, rep.Province, rep.Killed, rep.Captured, rep.Airstrike, rep.All, rep.N, rep.NoEvent, rep.Malformed}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("figures (-want +got):\n%s", diff)
	}
	wantCounts := map[string]FieldCount{
		FieldDate:      {Correct: 1, Missing: 2},
		FieldProvince:  {Correct: 3, Missing: 1},
		FieldKilled:    {Correct: 3, Low: 1},
		FieldCaptured:  {Correct: 4},
		FieldAirstrike: {Correct: 3, Missing: 1},
	}
	if diff := cmp.Diff(wantCounts, rep.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	var recs []string
	for _, e := range rep.Errors {
		recs = append(recs, e.Doc+" "+e.Kind)
	}
	wantRecs := []string{"testdata/isaf.jsonl:3 malformed", "line 2 wrong_date", "line 2 wrong_killed", "line 2 wrong_airstrike",
		"line 4 wrong_date", "line 4 wrong_province", "line 5 wrong_date"}
	if diff := cmp.Diff(wantRecs, recs); diff != "" {
		t.Errorf("error records (-want +got):\n%s", diff)
	}
	if e := rep.Errors[1]; e.Gold != "2013-01-23" || e.System != "2013-01-25" || e.Field != FieldDate || len(e.Events) != 1 {
		t.Errorf("date record = %+v", e)
	}
	if e := rep.Errors[2]; e.Gold != 2 || e.System != 1 {
		t.Errorf("killed record = %+v", e)
	}
	var sb strings.Builder
	if err := rep.WriteText(&sb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sb.String(), "province      0.750        3        0        0        1") {
		t.Errorf("text report:\n%s", sb.String())
	}
}
