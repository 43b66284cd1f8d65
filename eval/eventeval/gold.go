package eventeval

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

// Matching thresholds (shared/eval/ANNOTATION.md).
const (
	// MatchKm is the largest distance between matched locations.
	MatchKm = 50.0
	// MatchDays is the largest difference between matched dates.
	MatchDays = 3
)

// EarthRadiusKm is the mean Earth radius used by Haversine.
const EarthRadiusKm = 6371.0

// Haversine returns the great-circle distance in km between two points
// given in degrees.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(min(1, a)))
}

// hasPoint reports whether a system event has coordinates (0, 0 means
// none).
func hasPoint(s *evident.Event) bool { return s.Latitude != 0 || s.Longitude != 0 }

// Distance is the distance in km between a gold and a system event's
// locations; ok is false when either has no coordinates.
func Distance(g *GoldEvent, s *evident.Event) (km float64, ok bool) {
	if g.Location.Lat == nil || g.Location.Lon == nil || !hasPoint(s) {
		return 0, false
	}
	return Haversine(*g.Location.Lat, *g.Location.Lon, s.Latitude, s.Longitude), true
}

// Why a gold and a system event do not match (Compatible).
const (
	ReasonType     = "event_type"
	ReasonLocation = "location"
	ReasonDate     = "date"
)

// Compatible applies the matching rules of shared/eval/ANNOTATION.md to a
// gold and a system event: the event types are equal; the locations are
// within MatchKm (or, when either side has geo_precision 3, have the same
// admin1 by NormaliseProvince, in the same country when both name one);
// and the dates are within MatchDays days, a rule ignored when either
// side has time_precision 3 or no date. A side without coordinates
// matches on location only by the admin1 rule. It returns "" or the
// first rule that fails (ReasonType, ReasonLocation, ReasonDate).
func Compatible(g *GoldEvent, s *evident.Event) string {
	if !strings.EqualFold(strings.TrimSpace(g.EventType), strings.TrimSpace(s.EventType)) {
		return ReasonType
	}
	if !sameLocation(g, s) {
		return ReasonLocation
	}
	if d, ok := dayDiff(g, s); ok && d > MatchDays {
		return ReasonDate
	}
	return ""
}

func sameLocation(g *GoldEvent, s *evident.Event) bool {
	if km, ok := Distance(g, s); ok && km <= MatchKm {
		return true
	}
	if g.Location.GeoPrecision != 3 && s.GeoPrecision != 3 {
		return false
	}
	ga, sa := NormaliseProvince(g.Location.Admin1), NormaliseProvince(s.Admin1)
	if ga == "" || ga != sa {
		return false
	}
	gc, sc := strings.TrimSpace(g.Location.Country), strings.TrimSpace(s.CountryCode)
	return gc == "" || sc == "" || strings.EqualFold(gc, sc)
}

// dayDiff is the number of days between the events' dates; ok is false
// when the date rule is ignored (either side has time_precision 3 or no
// date, or a date that does not parse).
func dayDiff(g *GoldEvent, s *evident.Event) (int, bool) {
	if g.EventDate == nil || s.EventDate == "" || g.TimePrecision == 3 || s.TimePrecision == 3 {
		return 0, false
	}
	gd, err1 := time.Parse(time.DateOnly, *g.EventDate)
	sd, err2 := time.Parse(time.DateOnly, s.EventDate)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	d := int(math.Round(gd.Sub(sd).Hours() / 24))
	if d < 0 {
		d = -d
	}
	return d, true
}

// Matching pairs the gold and system events of one document.
type Matching struct {
	// Gold[i] is the system event matched to gold event i, or -1.
	Gold []int
	// System[j] is the gold event matched to system event j, or -1.
	// Background system events are never matched.
	System []int
}

// Match pairs gold and system events one to one under Compatible. System
// events flagged background take no part. It is a maximum bipartite
// matching found with augmenting paths (Kuhn's algorithm) in two phases:
// first the required gold events, so that as many of them as possible are
// matched, then the optional and background ones, which can only add
// pairs (an augmenting path never unmatches a gold event). Each gold
// event, in document order, tries its compatible system events in this
// order: those with the same sub-event type first, then nearest first (by
// km, unknown distance last), then by day difference, then in document
// order. The order only decides which of several equally good matchings
// is kept; the number of pairs is maximum either way.
func Match(gold []GoldEvent, sys []evident.Event) Matching {
	m := Matching{Gold: make([]int, len(gold)), System: make([]int, len(sys))}
	for i := range m.Gold {
		m.Gold[i] = -1
	}
	for j := range m.System {
		m.System[j] = -1
	}
	cand := make([][]int, len(gold))
	for i := range gold {
		g := &gold[i]
		for j := range sys {
			if !sys[j].Background && Compatible(g, &sys[j]) == "" {
				cand[i] = append(cand[i], j)
			}
		}
		slices.SortStableFunc(cand[i], func(a, b int) int {
			return cmp.Or(cmp.Compare(otherSubtype(g, &sys[a]), otherSubtype(g, &sys[b])),
				cmp.Compare(sortKm(g, &sys[a]), sortKm(g, &sys[b])),
				cmp.Compare(sortDays(g, &sys[a]), sortDays(g, &sys[b])))
		})
	}
	var seen []bool
	var try func(i int) bool
	try = func(i int) bool {
		for _, j := range cand[i] {
			if seen[j] {
				continue
			}
			seen[j] = true
			if m.System[j] < 0 || try(m.System[j]) {
				m.System[j], m.Gold[i] = i, j
				return true
			}
		}
		return false
	}
	for _, required := range []bool{true, false} {
		for i := range gold {
			if (gold[i].Status == StatusRequired) != required {
				continue
			}
			seen = make([]bool, len(sys))
			try(i)
		}
	}
	return m
}

func otherSubtype(g *GoldEvent, s *evident.Event) int {
	if strings.EqualFold(strings.TrimSpace(g.SubEventType), strings.TrimSpace(s.SubEventType)) {
		return 0
	}
	return 1
}

func sortKm(g *GoldEvent, s *evident.Event) float64 {
	if km, ok := Distance(g, s); ok {
		return km
	}
	return math.Inf(1)
}

func sortDays(g *GoldEvent, s *evident.Event) int {
	if d, ok := dayDiff(g, s); ok {
		return d
	}
	return MatchDays + 1
}

// DocScore is the contribution of one gold document.
type DocScore struct {
	// NGold counts the required gold events, NSystem the system events
	// not flagged background.
	NGold, NSystem int
	// TP counts the matched required gold events; FN the unmatched ones.
	TP, FN int
	// FP counts the system events (not background) matched to no gold
	// event.
	FP int
	// MatchedOptional and MatchedBackground count the system events
	// matched to optional and background gold events (neither hits nor
	// false positives).
	MatchedOptional, MatchedBackground int
	// Pairs are the pairs of system events and required or optional gold
	// events.
	Pairs []Pair
}

// Pair is a matched gold event (required or optional) and system event.
type Pair struct {
	Gold, System int
	SameSubtype  bool
	// SameActor1 and SamePair compare the actors (CompareActors).
	SameActor1, SamePair bool
	// HasFatalities is true when the gold event gives fatalities;
	// SameFatalities when the system's equal them.
	HasFatalities, SameFatalities bool
	// Km is the location error; HasKm is false when a side has no
	// coordinates.
	Km    float64
	HasKm bool
}

// ScoreDoc matches the events of one document and counts.
func ScoreDoc(gold []GoldEvent, sys []evident.Event) (DocScore, Matching) {
	m := Match(gold, sys)
	var d DocScore
	for i := range gold {
		g := &gold[i]
		j := m.Gold[i]
		switch g.Status {
		case StatusRequired:
			d.NGold++
			if j >= 0 {
				d.TP++
			} else {
				d.FN++
			}
		case StatusOptional:
			if j >= 0 {
				d.MatchedOptional++
			}
		case StatusBackground:
			if j >= 0 {
				d.MatchedBackground++
			}
		}
		if j < 0 || g.Status == StatusBackground {
			continue
		}
		s := &sys[j]
		p := Pair{Gold: i, System: j, SameSubtype: strings.EqualFold(strings.TrimSpace(g.SubEventType), strings.TrimSpace(s.SubEventType))}
		p.SameActor1, p.SamePair = CompareActors(g.Actor1, g.Actor2, s.Actor1, s.Actor2)
		if g.Fatalities != nil {
			p.HasFatalities, p.SameFatalities = true, *g.Fatalities == s.Fatalities
		}
		p.Km, p.HasKm = Distance(g, s)
		d.Pairs = append(d.Pairs, p)
	}
	for j := range sys {
		if sys[j].Background {
			continue
		}
		d.NSystem++
		if m.System[j] < 0 {
			d.FP++
		}
	}
	return d, m
}

// GoldReport holds every figure of a gold run.
type GoldReport struct {
	Set Set `json:"set"`
	// Precision = TP / (TP + FP); Recall = TP / NGold; F1 their harmonic
	// mean.
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// Actor1Accuracy and ActorPairAccuracy are the shares of the matched
	// pairs with required or optional gold events whose actor1, and whose
	// unordered actor pair, are equal (CompareActors); 0 when there is
	// none.
	Actor1Accuracy    float64 `json:"actor1_accuracy"`
	ActorPairAccuracy float64 `json:"actor_pair_accuracy"`
	// SubtypeAccuracy, FatalitiesExact and MedianLocationKm are over the
	// matched pairs with required or optional gold events (fatalities:
	// those whose gold gives them; km: those with coordinates on both
	// sides); 0 when there is none.
	SubtypeAccuracy  float64 `json:"subtype_accuracy"`
	FatalitiesExact  float64 `json:"fatalities_exact"`
	MedianLocationKm float64 `json:"median_location_km"`
	NGold            int     `json:"n_gold"`
	NSystem          int     `json:"n_system"`
	TP               int     `json:"tp"`
	FP               int     `json:"fp"`
	FN               int     `json:"fn"`
	// MatchedOptional and MatchedBackground count system events matched
	// to optional and background gold events.
	MatchedOptional   int `json:"matched_optional"`
	MatchedBackground int `json:"matched_background"`
	// NPairs, NFatalities and NLocated are the denominators of
	// SubtypeAccuracy, FatalitiesExact and MedianLocationKm.
	NPairs      int `json:"n_pairs"`
	NFatalities int `json:"n_fatalities"`
	NLocated    int `json:"n_located"`
	// Documents is the number of gold documents; NGoldOptional and
	// NGoldBackground count the gold events with those statuses.
	Documents       int           `json:"documents"`
	NGoldOptional   int           `json:"n_gold_optional"`
	NGoldBackground int           `json:"n_gold_background"`
	File            string        `json:"file,omitempty"`
	Workers         int           `json:"workers"`
	Seconds         float64       `json:"seconds"`
	Errors          []ErrorRecord `json:"-"`
}

// goldDocument builds the document a system sees for a gold document: a
// copy of the corpus document as ingest builds it (its own title, outlet
// and published date); or, for a .txt document, which has no metadata,
// the text with the gold line's published date as metadata.
func goldDocument(d *GoldDoc) *evident.Document {
	if d.Doc != nil {
		doc := *d.Doc
		return &doc
	}
	doc := newDoc(d.DocID, d.TextPath, d.Text)
	if d.Published != nil {
		if t, err := time.Parse(time.DateOnly, *d.Published); err == nil {
			doc.Published, doc.PublishedFrom = t, "metadata"
		}
	}
	return doc
}

// Document returns the document a system sees for d (a copy; see
// goldDocument).
func (d *GoldDoc) Document() *evident.Document { return goldDocument(d) }

// ExtractGold runs sys on every gold document, opt.Workers at a time, and
// returns each document's events (in docs' order) and the number of
// workers used.
func ExtractGold(ctx context.Context, docs []GoldDoc, sys System, opt Options) ([][]evident.Event, int, error) {
	evs := make([][]evident.Event, len(docs))
	workers, err := forEach(ctx, len(docs), opt.Workers, opt.Progress, func(ctx context.Context, i int) error {
		e, err := sys.Extract(ctx, goldDocument(&docs[i]))
		if err != nil {
			return fmt.Errorf("document %s: %w", docs[i].DocID, err)
		}
		evs[i] = e
		return nil
	})
	if err != nil {
		return nil, workers, err
	}
	return evs, workers, nil
}

// RunGold runs sys on every gold document and scores it.
func RunGold(ctx context.Context, docs []GoldDoc, sys System, opt Options) (*GoldReport, error) {
	start := time.Now()
	evs, workers, err := ExtractGold(ctx, docs, sys, opt)
	if err != nil {
		return nil, err
	}
	r := &GoldReport{Set: Gold, Documents: len(docs), File: opt.File, Workers: workers}
	var kms []float64
	same, fatSame, actor1, pair := 0, 0, 0, 0
	for i := range docs {
		d := &docs[i]
		s, m := ScoreDoc(d.Events, evs[i])
		r.NGold += s.NGold
		r.NSystem += s.NSystem
		r.TP += s.TP
		r.FP += s.FP
		r.FN += s.FN
		r.MatchedOptional += s.MatchedOptional
		r.MatchedBackground += s.MatchedBackground
		for _, g := range d.Events {
			switch g.Status {
			case StatusOptional:
				r.NGoldOptional++
			case StatusBackground:
				r.NGoldBackground++
			}
		}
		for _, p := range s.Pairs {
			r.NPairs++
			if p.SameSubtype {
				same++
			}
			if p.SameActor1 {
				actor1++
			}
			if p.SamePair {
				pair++
			}
			if p.HasFatalities {
				r.NFatalities++
				if p.SameFatalities {
					fatSame++
				}
			}
			if p.HasKm {
				kms = append(kms, p.Km)
			}
		}
		if opt.CollectErrors {
			r.Errors = append(r.Errors, goldErrors(d, evs[i], s, m)...)
		}
	}
	r.NLocated = len(kms)
	p := ratio(r.TP, r.TP+r.FP)
	rc := ratio(r.TP, r.NGold)
	r.Precision, r.Recall, r.F1 = round4(p), round4(rc), round4(f1(p, rc))
	r.SubtypeAccuracy = round4(ratio(same, r.NPairs))
	r.Actor1Accuracy = round4(ratio(actor1, r.NPairs))
	r.ActorPairAccuracy = round4(ratio(pair, r.NPairs))
	r.FatalitiesExact = round4(ratio(fatSame, r.NFatalities))
	r.MedianLocationKm = math.Round(median(kms)*10) / 10
	r.Seconds = since(start)
	return r, nil
}

// median returns the median of xs, 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Gold error record kinds.
const (
	KindMissed            = "missed"             // a required gold event no system event matches
	KindFalsePositive     = "false_positive"     // a system event (not background) matching no gold event
	KindWrongSubtype      = "wrong_subtype"      // a matched pair with different sub-event types
	KindWrongFatalities   = "wrong_fatalities"   // a matched pair with different fatalities
	KindWrongActor1       = "wrong_actor1"       // a matched pair whose actor1 differs (CompareActors)
	KindWrongActor2       = "wrong_actor2"       // a matched pair with the right actor1 whose actor pair differs
	KindBackgroundMatched = "background_matched" // a system event not flagged background matched to a background gold event (not penalised)
)

// goldErrors lists the errors of one document. A missed gold event's
// Field says why it was missed (missReason).
func goldErrors(d *GoldDoc, sys []evident.Event, s DocScore, m Matching) []ErrorRecord {
	var out []ErrorRecord
	refs := eventRefs(sys)
	for i := range d.Events {
		g := &d.Events[i]
		if g.Status != StatusRequired || m.Gold[i] >= 0 {
			continue
		}
		out = append(out, ErrorRecord{Set: Gold, Kind: KindMissed, Doc: d.DocID, Field: missReason(g, sys), Gold: g, Excerpt: g.Evidence, Events: refs})
	}
	for j := range sys {
		e := &sys[j]
		if e.Background || m.System[j] >= 0 {
			continue
		}
		ref := eventRef(e)
		out = append(out, ErrorRecord{Set: Gold, Kind: KindFalsePositive, Doc: d.DocID, System: ref, Excerpt: ref.Evidence})
	}
	for _, p := range s.Pairs {
		g, e := &d.Events[p.Gold], &sys[p.System]
		var km *float64
		if p.HasKm {
			k := math.Round(p.Km*10) / 10
			km = &k
		}
		if !p.SameSubtype {
			out = append(out, ErrorRecord{Set: Gold, Kind: KindWrongSubtype, Doc: d.DocID, Field: "sub_event_type", Gold: g, System: eventRef(e), Km: km, Excerpt: g.Evidence})
		}
		if p.HasFatalities && !p.SameFatalities {
			out = append(out, ErrorRecord{Set: Gold, Kind: KindWrongFatalities, Doc: d.DocID, Field: "fatalities", Gold: g, System: eventRef(e), Km: km, Excerpt: g.Evidence})
		}
		if !p.SameActor1 {
			out = append(out, ErrorRecord{Set: Gold, Kind: KindWrongActor1, Doc: d.DocID, Field: "actor1", Gold: g, System: eventRef(e), Km: km, Excerpt: g.Evidence})
		} else if !p.SamePair {
			out = append(out, ErrorRecord{Set: Gold, Kind: KindWrongActor2, Doc: d.DocID, Field: "actor2", Gold: g, System: eventRef(e), Km: km, Excerpt: g.Evidence})
		}
	}
	for i := range d.Events {
		g := &d.Events[i]
		if g.Status == StatusBackground && m.Gold[i] >= 0 {
			out = append(out, ErrorRecord{Set: Gold, Kind: KindBackgroundMatched, Doc: d.DocID, Gold: g, System: eventRef(&sys[m.Gold[i]]), Excerpt: g.Evidence})
		}
	}
	return out
}

// missReason says why no system event matched gold event g, naming the
// furthest any system event (not background) got: "taken" (a compatible
// event matched another gold event), "date" (same type and location, date
// too far), "location" (same type, location too far), "event_type" (none
// of its type) or "no_event" (no system event).
func missReason(g *GoldEvent, sys []evident.Event) string {
	names := []string{"no_event", ReasonType, ReasonLocation, ReasonDate, "taken"}
	rank := map[string]int{ReasonType: 1, ReasonLocation: 2, ReasonDate: 3, "": 4}
	best := 0
	for j := range sys {
		if !sys[j].Background {
			best = max(best, rank[Compatible(g, &sys[j])])
		}
	}
	return names[best]
}

// ErrorRecords implements Report.
func (r *GoldReport) ErrorRecords() []ErrorRecord { return r.Errors }

// WriteText implements Report.
func (r *GoldReport) WriteText(w io.Writer) error {
	bw := &errWriter{w: w}
	p := bw.printf
	name := string(r.Set)
	if r.File != "" {
		name += " (" + r.File + ")"
	}
	p("set:        %s\n", name)
	p("documents:  %d; gold events: %d required, %d optional, %d background; system events: %d (not background)\n",
		r.Documents, r.NGold, r.NGoldOptional, r.NGoldBackground, r.NSystem)
	p("\n%-10s %7s %7s %7s %5s %5s %5s %9s %9s\n", "events", "P", "R", "F1", "TP", "FP", "FN", "optional", "backgr.")
	p("%-10s %7.3f %7.3f %7.3f %5d %5d %5d %9d %9d\n", "matched", r.Precision, r.Recall, r.F1, r.TP, r.FP, r.FN, r.MatchedOptional, r.MatchedBackground)
	p("\n(optional, backgr.: system events matched to optional and background gold events, counted in neither P nor R)\n")
	p("\nmatched pairs (required and optional gold): %d\n", r.NPairs)
	p("  actor1 accuracy:         %.3f\n", r.Actor1Accuracy)
	p("  actor pair accuracy:     %.3f (unordered {actor1, actor2})\n", r.ActorPairAccuracy)
	p("  sub-event type accuracy: %.3f\n", r.SubtypeAccuracy)
	p("  fatalities exact:        %.3f (of %d with gold fatalities)\n", r.FatalitiesExact, r.NFatalities)
	p("  median location km:      %.1f (of %d with coordinates)\n", r.MedianLocationKm, r.NLocated)
	p("\nseconds: %.2f (workers: %d)\n", r.Seconds, r.Workers)
	return bw.err
}
