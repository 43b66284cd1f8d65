package geoeval

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Prediction is one place a system found or resolved. Start and End are
// byte offsets into the document's text.
type Prediction struct {
	Start, End int
	// Resolved is true when the system chose a place; Lat, Lon, GeonameID
	// and Name are then its coordinates, GeoNames id (0 when it has none)
	// and name.
	Resolved  bool
	Lat, Lon  float64
	GeonameID int64
	Name      string
}

// System is the geoparser under test. Run calls it from several
// goroutines at once, one document per call.
type System interface {
	// Parse recognises and resolves the toponyms of text (end to end).
	Parse(ctx context.Context, text, url string) ([]Prediction, error)
	// ResolveSpans resolves the given gold spans of text, one Prediction
	// per span, in order.
	ResolveSpans(ctx context.Context, text, url string, spans []Span) ([]Prediction, error)
}

// Options configure Run.
type Options struct {
	Corpus Corpus
	// File names the corpus file in the report.
	File string
	// Workers is the number of documents processed at once; 0 means 2.
	Workers int
	// Load is what the loader did to the gold offsets; it goes into the
	// report.
	Load LoadStats
	// CollectErrors fills Report.Errors.
	CollectErrors bool
	// Progress, if set, is called after each document from Run's
	// goroutine.
	Progress func(done, total int)
}

// GoldCounts says how many gold toponyms were scored.
type GoldCounts struct {
	// Toponyms is the number of gold toponyms loaded (after drops).
	Toponyms int `json:"toponyms"`
	// Recognition and Resolution count the toponyms that
	// CountsForRecognition and CountsForResolution select.
	Recognition int `json:"recognition"`
	Resolution  int `json:"resolution"`
	Realigned   int `json:"realigned"`
	Dropped     int `json:"dropped"`
}

// TypeCount is the recognition recall of one GeoWebNews annotation type.
type TypeCount struct {
	// Counted says whether the type counts for recognition.
	Counted bool `json:"counted"`
	Gold    int  `json:"gold"`
	// Found is the number matched by a prediction (overlap matching); for
	// types not counted, the number that any prediction overlaps (those
	// predictions are false positives).
	Found int `json:"found"`
}

// FeatureCount is the score of the gold toponyms of one GeoNames feature
// code (TR-News, LGL).
type FeatureCount struct {
	Gold int `json:"gold"`
	// Found is the number matched by a prediction (overlap matching).
	Found int `json:"found"`
	// Resolution is the number scored on gold spans; Within161 the number
	// resolved within 161 km.
	Resolution int `json:"resolution"`
	Within161  int `json:"within161"`
}

// Report holds every figure of one evaluation run.
type Report struct {
	Corpus    Corpus     `json:"corpus"`
	File      string     `json:"file,omitempty"`
	Documents int        `json:"documents"`
	Gold      GoldCounts `json:"gold"`
	// Recognition matches spans exactly; RecognitionOverlap pairs
	// overlapping spans one to one (MatchOverlap).
	Recognition        PRF `json:"recognition"`
	RecognitionOverlap PRF `json:"recognition_overlap"`
	// ResolutionGoldSpans resolves the gold spans of the toponyms counted
	// for resolution.
	ResolutionGoldSpans Resolution `json:"resolution_gold_spans"`
	// EndToEnd scores the toponyms counted for resolution that a
	// prediction of Parse overlaps, on that prediction's place.
	EndToEnd Resolution `json:"end_to_end"`
	// Coverage is EndToEnd.N / Gold.Resolution.
	Coverage float64 `json:"coverage"`
	// EndToEndF1 scores recognition and resolution together: a prediction
	// is a true positive when it overlaps (one to one, MatchOverlap) a gold
	// toponym counted for resolution and resolves correctly by
	// acc161_geonames. Precision is over the predictions, leaving out those
	// that overlap a counted gold toponym without coordinates (which
	// cannot be judged); recall is over the gold toponyms counted for
	// resolution. Its F1 is the JSON key e2e_f1_161.
	EndToEndF1 PRF `json:"e2e_161"`
	// E2EF1161 repeats EndToEndF1.F1 at the top level.
	E2EF1161 float64 `json:"e2e_f1_161"`
	// DroppedGold is the number of gold toponyms the loader dropped.
	DroppedGold   int                     `json:"dropped_gold"`
	ByType        map[string]TypeCount    `json:"by_type,omitempty"`
	ByFeatureCode map[string]FeatureCount `json:"by_feature_code,omitempty"`
	Workers       int                     `json:"workers"`
	// Seconds is the time Run took (parsing and resolving every
	// document twice: end to end and on gold spans).
	Seconds float64 `json:"seconds"`
	// Errors lists the errors for analysis when Options.CollectErrors.
	Errors []ErrorRecord `json:"-"`
}

// Error record kinds.
const (
	KindResolutionGoldSpans = "resolution_gold_spans" // gold-span resolution more than 161 km off
	KindResolutionEndToEnd  = "resolution_end_to_end" // end-to-end resolution more than 161 km off
	KindFalsePositive       = "false_positive"        // a prediction overlapping no counted gold toponym
	KindFalseNegative       = "false_negative"        // a counted gold toponym no prediction overlaps
	KindBoundary            = "boundary"              // matched by overlap but not exactly
	KindDroppedGold         = "dropped_gold"          // a gold toponym the loader could not align
)

// ErrorRecord is one line of the error file.
type ErrorRecord struct {
	Kind string   `json:"kind"`
	Doc  string   `json:"doc"`
	Gold *GoldRef `json:"gold,omitempty"`
	Pred *PredRef `json:"pred,omitempty"`
	// Km is the resolution error.
	Km float64 `json:"km,omitempty"`
	// Context is the text around the span, line breaks as spaces.
	Context string `json:"context,omitempty"`
}

// GoldRef describes a gold toponym in an ErrorRecord.
type GoldRef struct {
	Start       int      `json:"start"`
	End         int      `json:"end"`
	Text        string   `json:"text"`
	Type        string   `json:"type,omitempty"`
	FeatureCode string   `json:"feature_code,omitempty"`
	ID          int64    `json:"id,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	Lon         *float64 `json:"lon,omitempty"`
}

// PredRef describes a prediction in an ErrorRecord.
type PredRef struct {
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Text     string   `json:"text"`
	Resolved bool     `json:"resolved"`
	Name     string   `json:"name,omitempty"`
	ID       int64    `json:"id,omitempty"`
	Lat      *float64 `json:"lat,omitempty"`
	Lon      *float64 `json:"lon,omitempty"`
}

// Run scores sys on docs. Documents are processed by Options.Workers
// goroutines; the report does not depend on their number.
func Run(ctx context.Context, docs []Doc, sys System, opt Options) (Report, error) {
	start := time.Now()
	workers := opt.Workers
	if workers <= 0 {
		workers = 2
	}
	workers = max(1, min(workers, len(docs)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type out struct {
		i   int
		r   docResult
		err error
	}
	jobs := make(chan int)
	outs := make(chan out)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r, err := evalDoc(ctx, opt.Corpus, &docs[i], sys, opt.CollectErrors)
				outs <- out{i, r, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range docs {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(outs) }()

	results := make([]docResult, len(docs))
	var firstErr error
	done := 0
	for o := range outs {
		if o.err != nil && firstErr == nil {
			firstErr = fmt.Errorf("document %s: %w", docs[o.i].ID, o.err)
			cancel()
		}
		results[o.i] = o.r
		done++
		if opt.Progress != nil && firstErr == nil {
			opt.Progress(done, len(docs))
		}
	}
	if firstErr != nil {
		return Report{}, firstErr
	}
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	rep := aggregate(opt, docs, results)
	rep.Workers = workers
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// docResult is the contribution of one document to the report.
type docResult struct {
	nGold, nPred, tpExact, tpOverlap int
	gsErrs                           []float64
	gsSame                           []bool
	gsUnresolved                     int
	e2eErrs                          []float64
	e2eSame                          []bool
	e2eUnresolved, e2eTotal          int
	// e2eTP counts predictions matched to a resolution toponym and right
	// by acc161_geonames; e2eUnjudged those matched to a recognition
	// toponym without coordinates.
	e2eTP, e2eUnjudged int
	byType             map[string]TypeCount
	byFCode            map[string]FeatureCount
	records            []ErrorRecord
}

func evalDoc(ctx context.Context, c Corpus, d *Doc, sys System, collect bool) (docResult, error) {
	preds, err := sys.Parse(ctx, d.Text, d.URL)
	if err != nil {
		return docResult{}, err
	}
	var resSpans []Span
	for _, t := range d.Toponyms {
		if CountsForResolution(c, t) {
			resSpans = append(resSpans, Span{t.Start, t.End})
		}
	}
	var spanPreds []Prediction
	if len(resSpans) > 0 {
		spanPreds, err = sys.ResolveSpans(ctx, d.Text, d.URL, resSpans)
		if err != nil {
			return docResult{}, err
		}
		if len(spanPreds) != len(resSpans) {
			return docResult{}, fmt.Errorf("ResolveSpans returned %d predictions for %d spans", len(spanPreds), len(resSpans))
		}
	}
	return scoreDoc(c, d, preds, spanPreds, collect), nil
}

// scoreDoc scores one document given the system's end-to-end predictions
// and its predictions for the gold spans counted for resolution, in
// order.
func scoreDoc(c Corpus, d *Doc, preds, spanPreds []Prediction, collect bool) docResult {
	r := docResult{byType: map[string]TypeCount{}, byFCode: map[string]FeatureCount{}}
	var gold []int // indices into d.Toponyms counted for recognition
	var goldSpans []Span
	for i, t := range d.Toponyms {
		if CountsForRecognition(c, t) {
			gold = append(gold, i)
			goldSpans = append(goldSpans, Span{t.Start, t.End})
		}
	}
	predSpans := make([]Span, len(preds))
	for j, p := range preds {
		predSpans[j] = Span{p.Start, p.End}
	}
	r.nGold, r.nPred = len(gold), len(preds)
	exact := MatchExact(goldSpans, predSpans)
	over := MatchOverlap(goldSpans, predSpans)
	matched := make([]bool, len(preds))
	for k := range gold {
		if exact[k] >= 0 {
			r.tpExact++
		}
		if over[k] >= 0 {
			r.tpOverlap++
			matched[over[k]] = true
		}
	}

	// Per type and feature code.
	overByTopo := make([]int, len(d.Toponyms)) // toponym index -> prediction (overlap) or -1
	for i := range overByTopo {
		overByTopo[i] = -1
	}
	for k, i := range gold {
		overByTopo[i] = over[k]
	}
	for i, t := range d.Toponyms {
		counted := CountsForRecognition(c, t)
		found := false
		if counted {
			found = overByTopo[i] >= 0
		} else {
			for _, p := range predSpans {
				if p.overlap(Span{t.Start, t.End}) > 0 {
					found = true
					break
				}
			}
		}
		if t.Type != "" {
			tc := r.byType[t.Type]
			tc.Counted, tc.Gold = counted, tc.Gold+1
			if found {
				tc.Found++
			}
			r.byType[t.Type] = tc
		}
		if t.FeatureCode != "" && counted {
			fc := r.byFCode[t.FeatureCode]
			fc.Gold++
			if found {
				fc.Found++
			}
			r.byFCode[t.FeatureCode] = fc
		}
	}

	for _, i := range gold {
		if overByTopo[i] >= 0 && !CountsForResolution(c, d.Toponyms[i]) {
			r.e2eUnjudged++
		}
	}

	// Resolution on gold spans, and end to end.
	k := 0
	for i, t := range d.Toponyms {
		if !CountsForResolution(c, t) {
			continue
		}
		p := spanPreds[k]
		k++
		km := errorKm(t, p)
		if !p.Resolved {
			r.gsUnresolved++
		}
		r.gsErrs = append(r.gsErrs, km)
		r.gsSame = append(r.gsSame, p.Resolved && p.GeonameID != 0 && p.GeonameID == t.GeonameID)
		if t.FeatureCode != "" {
			fc := r.byFCode[t.FeatureCode]
			fc.Resolution++
			if km <= AccuracyKm {
				fc.Within161++
			}
			r.byFCode[t.FeatureCode] = fc
		}
		if collect && km > AccuracyKm {
			r.records = append(r.records, ErrorRecord{Kind: KindResolutionGoldSpans, Doc: d.ID, Gold: goldRef(t), Pred: predRef(d.Text, p), Km: round1(km), Context: snippet(d.Text, t.Start, t.End)})
		}

		r.e2eTotal++
		j := overByTopo[i]
		if j < 0 {
			continue
		}
		p = preds[j]
		km = errorKm(t, p)
		if !p.Resolved {
			r.e2eUnresolved++
		}
		r.e2eErrs = append(r.e2eErrs, km)
		same := p.Resolved && p.GeonameID != 0 && p.GeonameID == t.GeonameID
		r.e2eSame = append(r.e2eSame, same)
		if same || km <= AccuracyKm {
			r.e2eTP++
		}
		if collect && km > AccuracyKm {
			r.records = append(r.records, ErrorRecord{Kind: KindResolutionEndToEnd, Doc: d.ID, Gold: goldRef(t), Pred: predRef(d.Text, p), Km: round1(km), Context: snippet(d.Text, t.Start, t.End)})
		}
	}
	if !collect {
		return r
	}

	// Recognition errors.
	for k, i := range gold {
		t := d.Toponyms[i]
		switch j := over[k]; {
		case j < 0:
			r.records = append(r.records, ErrorRecord{Kind: KindFalseNegative, Doc: d.ID, Gold: goldRef(t), Context: snippet(d.Text, t.Start, t.End)})
		case exact[k] < 0:
			p := preds[j]
			r.records = append(r.records, ErrorRecord{Kind: KindBoundary, Doc: d.ID, Gold: goldRef(t), Pred: predRef(d.Text, p), Context: snippet(d.Text, min(t.Start, p.Start), max(t.End, p.End))})
		}
	}
	for j, p := range preds {
		if matched[j] {
			continue
		}
		rec := ErrorRecord{Kind: KindFalsePositive, Doc: d.ID, Pred: predRef(d.Text, p), Context: snippet(d.Text, p.Start, p.End)}
		// Name the uncounted gold annotation it hits, if any (Non_Toponym,
		// Homonym, ...).
		for _, t := range d.Toponyms {
			if !CountsForRecognition(c, t) && predSpans[j].overlap(Span{t.Start, t.End}) > 0 {
				rec.Gold = goldRef(t)
				break
			}
		}
		r.records = append(r.records, rec)
	}
	return r
}

// errorKm is the resolution error of p for t, MaxErrorKm when unresolved.
func errorKm(t Toponym, p Prediction) float64 {
	if !p.Resolved {
		return MaxErrorKm
	}
	return Haversine(t.Lat, t.Lon, p.Lat, p.Lon)
}

func aggregate(opt Options, docs []Doc, results []docResult) Report {
	rep := Report{
		Corpus: opt.Corpus, File: opt.File, Documents: len(docs),
		DroppedGold:   opt.Load.Dropped,
		ByType:        map[string]TypeCount{},
		ByFeatureCode: map[string]FeatureCount{},
	}
	rep.Gold.Realigned, rep.Gold.Dropped = opt.Load.Realigned, opt.Load.Dropped
	var nGold, nPred, tpE, tpO, gsUnres, e2eUnres, e2eTotal, e2eTP, e2eUnjudged int
	var gsErrs, e2eErrs []float64
	var gsSame, e2eSame []bool
	for i, r := range results {
		rep.Gold.Toponyms += len(docs[i].Toponyms)
		nGold += r.nGold
		nPred += r.nPred
		tpE += r.tpExact
		tpO += r.tpOverlap
		gsErrs = append(gsErrs, r.gsErrs...)
		gsSame = append(gsSame, r.gsSame...)
		gsUnres += r.gsUnresolved
		e2eErrs = append(e2eErrs, r.e2eErrs...)
		e2eSame = append(e2eSame, r.e2eSame...)
		e2eUnres += r.e2eUnresolved
		e2eTotal += r.e2eTotal
		e2eTP += r.e2eTP
		e2eUnjudged += r.e2eUnjudged
		for k, v := range r.byType {
			a := rep.ByType[k]
			a.Counted, a.Gold, a.Found = v.Counted, a.Gold+v.Gold, a.Found+v.Found
			rep.ByType[k] = a
		}
		for k, v := range r.byFCode {
			a := rep.ByFeatureCode[k]
			a.Gold += v.Gold
			a.Found += v.Found
			a.Resolution += v.Resolution
			a.Within161 += v.Within161
			rep.ByFeatureCode[k] = a
		}
		rep.Errors = append(rep.Errors, r.records...)
	}
	if opt.CollectErrors {
		for _, dt := range opt.Load.DroppedToponyms {
			rep.Errors = append(rep.Errors, ErrorRecord{Kind: KindDroppedGold, Doc: dt.Doc, Gold: &GoldRef{Start: dt.Start, End: dt.End, Text: dt.Text, Type: dt.Type}})
		}
	}
	rep.Gold.Recognition, rep.Gold.Resolution = nGold, e2eTotal
	rep.Recognition = NewPRF(tpE, nPred, nGold)
	rep.RecognitionOverlap = NewPRF(tpO, nPred, nGold)
	rep.ResolutionGoldSpans = Summarise(gsErrs, gsSame, gsUnres)
	rep.EndToEnd = Summarise(e2eErrs, e2eSame, e2eUnres)
	rep.EndToEndF1 = NewPRF(e2eTP, nPred-e2eUnjudged, e2eTotal)
	rep.E2EF1161 = rep.EndToEndF1.F1
	if e2eTotal > 0 {
		rep.Coverage = float64(len(e2eErrs)) / float64(e2eTotal)
	}
	return rep
}

func goldRef(t Toponym) *GoldRef {
	g := &GoldRef{Start: t.Start, End: t.End, Text: t.Text, Type: t.Type, FeatureCode: t.FeatureCode, ID: t.GeonameID}
	if t.HasCoord {
		g.Lat, g.Lon = ptr(t.Lat), ptr(t.Lon)
	}
	return g
}

func predRef(text string, p Prediction) *PredRef {
	r := &PredRef{Start: p.Start, End: p.End, Resolved: p.Resolved, Name: p.Name, ID: p.GeonameID}
	if p.Start >= 0 && p.Start <= p.End && p.End <= len(text) {
		r.Text = text[p.Start:p.End]
	}
	if p.Resolved {
		r.Lat, r.Lon = ptr(p.Lat), ptr(p.Lon)
	}
	return r
}

func ptr(f float64) *float64 { return &f }

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// contextWidth is the number of bytes of context either side of a span.
const contextWidth = 60

// snippet returns text[s:e] with up to contextWidth bytes either side,
// cut at code-point boundaries, line breaks and tabs as spaces.
func snippet(text string, s, e int) string {
	if s < 0 || e > len(text) || s > e {
		return ""
	}
	lo, hi := max(0, s-contextWidth), min(len(text), e+contextWidth)
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, text[lo:hi])
}

// WriteErrors writes r.Errors as JSON Lines.
func (r *Report) WriteErrors(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range r.Errors {
		if err := enc.Encode(&r.Errors[i]); err != nil {
			return err
		}
	}
	return nil
}

// WriteText writes the report as a readable table.
func (r *Report) WriteText(w io.Writer) error {
	bw := &errWriter{w: w}
	p := bw.printf
	name := string(r.Corpus)
	if r.File != "" {
		name += " (" + r.File + ")"
	}
	p("corpus:     %s\n", name)
	p("documents:  %d\n", r.Documents)
	p("gold:       %d toponyms (%d realigned, %d dropped); %d counted for recognition, %d for resolution\n\n",
		r.Gold.Toponyms, r.Gold.Realigned, r.Gold.Dropped, r.Gold.Recognition, r.Gold.Resolution)
	p("%-12s %7s %7s %7s %7s %7s %7s\n", "recognition", "P", "R", "F1", "TP", "FP", "FN")
	for _, row := range []struct {
		name string
		s    PRF
	}{{"exact", r.Recognition}, {"overlap", r.RecognitionOverlap}, {"e2e@161", r.EndToEndF1}} {
		p("%-12s %7.3f %7.3f %7.3f %7d %7d %7d\n", row.name, row.s.Precision, row.s.Recall, row.s.F1, row.s.TP, row.s.FP, row.s.FN)
	}
	p("\n%-12s %7s %8s %8s %7s %8s %9s %7s %10s\n", "resolution", "n", "acc@161", "+gn id", "acc_id", "mean km", "median km", "AUC", "unresolved")
	for _, row := range []struct {
		name string
		s    Resolution
	}{{"gold spans", r.ResolutionGoldSpans}, {"end to end", r.EndToEnd}} {
		p("%-12s %7d %8.3f %8.3f %7.3f %8.0f %9.1f %7.3f %10d\n", row.name, row.s.N, row.s.Acc161, row.s.Acc161GeoNames, row.s.AccID, row.s.MeanKm, row.s.MedianKm, row.s.AUC, row.s.Unresolved)
	}
	p("\nend-to-end coverage: %d of %d resolution toponyms matched by a prediction (%.3f)\n", r.EndToEnd.N, r.Gold.Resolution, r.Coverage)
	if len(r.ByType) > 0 {
		p("\nrecall by GeoWebNews type (overlap; types not counted: share overlapped by a false positive)\n")
		p("%-22s %8s %6s %6s %6s\n", "type", "counted", "gold", "found", "share")
		for _, k := range slices.Sorted(maps.Keys(r.ByType)) {
			v := r.ByType[k]
			p("%-22s %8v %6d %6d %6.3f\n", k, v.Counted, v.Gold, v.Found, ratio(v.Found, v.Gold))
		}
	}
	if len(r.ByFeatureCode) > 0 {
		p("\nby gold feature code (recall by overlap; acc@161 on gold spans)\n")
		p("%-8s %6s %7s %10s %8s\n", "code", "gold", "recall", "resolution", "acc@161")
		keys := slices.Collect(maps.Keys(r.ByFeatureCode))
		slices.SortFunc(keys, func(a, b string) int {
			if d := r.ByFeatureCode[b].Gold - r.ByFeatureCode[a].Gold; d != 0 {
				return d
			}
			return strings.Compare(a, b)
		})
		for _, k := range keys {
			v := r.ByFeatureCode[k]
			p("%-8s %6d %7.3f %10d %8.3f\n", k, v.Gold, ratio(v.Found, v.Gold), v.Resolution, ratio(v.Within161, v.Resolution))
		}
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

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
