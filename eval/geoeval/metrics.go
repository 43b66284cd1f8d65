package geoeval

import (
	"cmp"
	"math"
	"slices"
)

// Constants of the resolution metrics.
const (
	// EarthRadiusKm is the mean Earth radius used by Haversine.
	EarthRadiusKm = 6371.0
	// MaxErrorKm is the error of an unresolved toponym and the upper end
	// of the AUC scale (Gritta et al. 2018: half the Earth's circumference,
	// rounded up).
	MaxErrorKm = 20039.0
	// AccuracyKm is the radius of accuracy@161 (100 miles).
	AccuracyKm = 161.0
)

// Span is a half-open byte range [Start, End) into a document's text.
type Span struct{ Start, End int }

func (s Span) overlap(o Span) int { return min(s.End, o.End) - max(s.Start, o.Start) }

// Haversine returns the great-circle distance in km between two points
// given in degrees, on a sphere of radius EarthRadiusKm.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(min(1, a)))
}

// AUC is the area under the curve of log errors of Gritta et al. 2018
// ("What's missing in geographical parsing?"): the errors in km sorted in
// ascending order, y = ln(err+1) capped at ln(MaxErrorKm), integrated with
// the trapezoid rule over n points evenly spaced on x in [0, 1], divided
// by ln(MaxErrorKm). 0 is perfect, 1 is every toponym at the maximum
// error. One error gives its own scaled value; none gives 0.
func AUC(errs []float64) float64 {
	if len(errs) == 0 {
		return 0
	}
	ymax := math.Log(MaxErrorKm)
	y := make([]float64, len(errs))
	for i, e := range errs {
		y[i] = min(math.Log(max(0, e)+1), ymax)
	}
	slices.Sort(y)
	if len(y) == 1 {
		return y[0] / ymax
	}
	area := 0.0
	for i := 1; i < len(y); i++ {
		area += (y[i-1] + y[i]) / 2
	}
	return area / float64(len(y)-1) / ymax
}

// Median returns the median of xs (the mean of the two middle values for
// an even count), 0 for none.
func Median(xs []float64) float64 {
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

// Resolution is the score of a set of resolved toponyms.
type Resolution struct {
	// N is the number of toponyms scored.
	N int `json:"n"`
	// Acc161 is the fraction with an error of at most 161 km.
	Acc161 float64 `json:"acc161"`
	// Acc161GeoNames is the fraction whose predicted GeoNames id is the
	// gold one or whose error is at most 161 km: the figure GeoNames-based
	// geoparsers (Mordecai3, CamCoder, the Edinburgh Geoparser) report,
	// which does not penalise a right entry carrying a different point.
	Acc161GeoNames float64 `json:"acc161_geonames"`
	// AccID is the fraction whose predicted GeoNames id is the gold one.
	AccID    float64 `json:"acc_id"`
	MeanKm   float64 `json:"mean_km"`
	MedianKm float64 `json:"median_km"`
	AUC      float64 `json:"auc"`
	// Unresolved counts toponyms the system gave no place (scored at
	// MaxErrorKm).
	Unresolved int `json:"unresolved"`
}

// Summarise scores errors in km; sameID[i] says whether toponym i got the
// gold GeoNames id, unresolved counts the toponyms without a prediction.
// All figures are 0 for no errors.
func Summarise(errs []float64, sameID []bool, unresolved int) Resolution {
	r := Resolution{N: len(errs), Unresolved: unresolved}
	if len(errs) == 0 {
		return r
	}
	within, ids, either, sum := 0, 0, 0, 0.0
	for i, e := range errs {
		same := i < len(sameID) && sameID[i]
		if e <= AccuracyKm {
			within++
		}
		if same {
			ids++
		}
		if same || e <= AccuracyKm {
			either++
		}
		sum += e
	}
	n := float64(len(errs))
	r.Acc161 = float64(within) / n
	r.AccID = float64(ids) / n
	r.Acc161GeoNames = float64(either) / n
	r.MeanKm = sum / n
	r.MedianKm = Median(errs)
	r.AUC = AUC(errs)
	return r
}

// PRF is a recognition score.
type PRF struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// NewPRF scores tp true positives among npred predictions and ngold gold
// items. Undefined ratios (0/0) are 0.
func NewPRF(tp, npred, ngold int) PRF {
	p := PRF{TP: tp, FP: npred - tp, FN: ngold - tp}
	if npred > 0 {
		p.Precision = float64(tp) / float64(npred)
	}
	if ngold > 0 {
		p.Recall = float64(tp) / float64(ngold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
	return p
}

// MatchExact pairs gold and predicted spans with identical offsets, one to
// one. It returns, for every gold span, the index of its prediction or -1.
func MatchExact(gold, pred []Span) []int {
	out := make([]int, len(gold))
	used := make([]bool, len(pred))
	for i, g := range gold {
		out[i] = -1
		for j, p := range pred {
			if !used[j] && p == g {
				out[i], used[j] = j, true
				break
			}
		}
	}
	return out
}

// MatchOverlap pairs gold and predicted spans that share at least one
// byte, one to one and greedily: pairs are taken by decreasing overlap,
// then by gold and prediction order, each span at most once. It returns,
// for every gold span, the index of its prediction or -1.
func MatchOverlap(gold, pred []Span) []int {
	type pair struct{ g, p, ov int }
	var pairs []pair
	for i, g := range gold {
		for j, p := range pred {
			if ov := g.overlap(p); ov > 0 {
				pairs = append(pairs, pair{i, j, ov})
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(b.ov, a.ov), cmp.Compare(a.g, b.g), cmp.Compare(a.p, b.p))
	})
	out := make([]int, len(gold))
	for i := range out {
		out[i] = -1
	}
	used := make([]bool, len(pred))
	for _, pr := range pairs {
		if out[pr.g] < 0 && !used[pr.p] {
			out[pr.g], used[pr.p] = pr.p, true
		}
	}
	return out
}
