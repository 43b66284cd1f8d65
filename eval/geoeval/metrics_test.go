package geoeval

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var approx = cmpopts.EquateApprox(0, 1e-9)

func TestHaversine(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want                   float64
	}{
		{"same point", 36.34, 43.13, 36.34, 43.13, 0},
		{"one degree of longitude at the equator", 0, 0, 0, 1, 2 * math.Pi * EarthRadiusKm / 360},
		{"one degree of latitude", 10, 20, 11, 20, 2 * math.Pi * EarthRadiusKm / 360},
		{"pole to pole", 90, 0, -90, 0, math.Pi * EarthRadiusKm},
		{"antipodes", 0, 0, 0, 180, math.Pi * EarthRadiusKm},
		{"across the date line", 0, 179.5, 0, -179.5, 2 * math.Pi * EarthRadiusKm / 360},
	}
	for _, tt := range tests {
		if got := Haversine(tt.lat1, tt.lon1, tt.lat2, tt.lon2); math.Abs(got-tt.want) > 1e-6 {
			t.Errorf("%s: Haversine = %.6f, want %.6f", tt.name, got, tt.want)
		}
	}
	// Paris to London is about 344 km.
	if d := Haversine(48.8566, 2.3522, 51.5074, -0.1278); d < 340 || d > 348 {
		t.Errorf("Paris-London = %.1f km", d)
	}
}

func TestAUC(t *testing.T) {
	lmax := math.Log(MaxErrorKm)
	e1 := math.E - 1        // ln(e1+1) = 1
	e2 := math.E*math.E - 1 // ln(e2+1) = 2
	tests := []struct {
		name string
		errs []float64
		want float64
	}{
		{"none", nil, 0},
		{"one perfect", []float64{0}, 0},
		{"one worst", []float64{MaxErrorKm}, 1},
		{"capped above the maximum", []float64{MaxErrorKm * 2, MaxErrorKm}, 1},
		{"one point", []float64{e1}, 1 / lmax},
		// y = 0, 1 on x = 0, 1: a triangle of area 1/2.
		{"two", []float64{e1, 0}, 0.5 / lmax},
		// y = 0, 1, 2 on x = 0, 1/2, 1: 1/2*(0+1)/2 + 1/2*(1+2)/2 = 1.
		{"three, unsorted", []float64{e2, 0, e1}, 1 / lmax},
		// y = 0, 0, 0, ln 20039: the last trapezoid only, 1/3 * ln/2.
		{"one unresolved of four", []float64{0, MaxErrorKm, 0, 0}, 1.0 / 6},
		{"all perfect", []float64{0, 0, 0}, 0},
		{"all worst", []float64{MaxErrorKm, MaxErrorKm, MaxErrorKm}, 1},
		{"negative treated as 0", []float64{-5, 0}, 0},
	}
	for _, tt := range tests {
		if got := AUC(tt.errs); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: AUC = %.12f, want %.12f", tt.name, got, tt.want)
		}
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{7}, 7},
		{[]float64{3, 1, 2}, 2},
		{[]float64{10, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		if got := Median(tt.xs); got != tt.want {
			t.Errorf("Median(%v) = %v, want %v", tt.xs, got, tt.want)
		}
	}
}

func TestSummarise(t *testing.T) {
	tests := []struct {
		name       string
		errs       []float64
		same       []bool
		unresolved int
		want       Resolution
	}{
		{"none", nil, nil, 0, Resolution{}},
		{
			"five", []float64{0, 100, 161, 200, MaxErrorKm}, []bool{true, false, true, false, false}, 1,
			Resolution{N: 5, Acc161: 0.6, Acc161GeoNames: 0.6, AccID: 0.4, MeanKm: (0 + 100 + 161 + 200 + MaxErrorKm) / 5, MedianKm: 161,
				AUC: AUC([]float64{0, 100, 161, 200, MaxErrorKm}), Unresolved: 1},
		},
		{
			// The right GeoNames entry 300 km from the gold point counts
			// for acc161_geonames, not for acc161.
			"same id far", []float64{300, 10}, []bool{true, false}, 0,
			Resolution{N: 2, Acc161: 0.5, Acc161GeoNames: 1, AccID: 0.5, MeanKm: 155, MedianKm: 155, AUC: AUC([]float64{300, 10})},
		},
		{
			"two", []float64{0, 161.5}, []bool{true, true}, 0,
			Resolution{N: 2, Acc161: 0.5, Acc161GeoNames: 1, AccID: 1, MeanKm: 80.75, MedianKm: 80.75, AUC: math.Log(162.5) / 2 / math.Log(MaxErrorKm)},
		},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Summarise(tt.errs, tt.same, tt.unresolved), approx); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestNewPRF(t *testing.T) {
	tests := []struct {
		tp, npred, ngold int
		want             PRF
	}{
		{3, 4, 6, PRF{TP: 3, FP: 1, FN: 3, Precision: 0.75, Recall: 0.5, F1: 0.6}},
		{0, 0, 0, PRF{}},
		{0, 2, 0, PRF{FP: 2}},
		{0, 0, 5, PRF{FN: 5}},
		{4, 4, 4, PRF{TP: 4, Precision: 1, Recall: 1, F1: 1}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, NewPRF(tt.tp, tt.npred, tt.ngold), approx); diff != "" {
			t.Errorf("NewPRF(%d, %d, %d) (-want +got):\n%s", tt.tp, tt.npred, tt.ngold, diff)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name         string
		gold, pred   []Span
		exact, overl []int
	}{
		{"none", nil, nil, []int{}, []int{}},
		{"no predictions", []Span{{0, 5}}, nil, []int{-1}, []int{-1}},
		{
			"exact and shifted", []Span{{0, 5}, {6, 10}}, []Span{{6, 10}, {0, 4}},
			[]int{-1, 0}, []int{1, 0},
		},
		{
			// [3,12) overlaps gold 0 and 1 by 2 bytes each: the tie goes to
			// gold 0; [12,18) overlaps gold 1 by 6.
			"tie to the first gold", []Span{{0, 5}, {10, 20}, {30, 35}}, []Span{{3, 12}, {12, 18}, {40, 45}},
			[]int{-1, -1, -1}, []int{0, 1, -1},
		},
		{
			"one prediction over two gold spans", []Span{{0, 5}, {6, 10}}, []Span{{0, 10}},
			[]int{-1, -1}, []int{0, -1},
		},
		{
			"the larger overlap wins", []Span{{0, 10}}, []Span{{0, 3}, {2, 10}},
			[]int{-1}, []int{1},
		},
		{
			// Greedy by overlap, not by order: gold 1 takes [8,20) (12 bytes)
			// before gold 0 could (2 bytes); gold 0 then gets [0,6).
			"greedy by overlap size", []Span{{0, 10}, {8, 20}}, []Span{{8, 20}, {0, 6}},
			[]int{-1, 0}, []int{1, 0},
		},
		{
			"adjacent spans do not overlap", []Span{{0, 5}}, []Span{{5, 9}},
			[]int{-1}, []int{-1},
		},
		{
			"duplicate predictions are used once", []Span{{0, 5}, {0, 5}}, []Span{{0, 5}},
			[]int{0, -1}, []int{0, -1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.exact, MatchExact(tt.gold, tt.pred)); diff != "" {
				t.Errorf("MatchExact (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.overl, MatchOverlap(tt.gold, tt.pred)); diff != "" {
				t.Errorf("MatchOverlap (-want +got):\n%s", diff)
			}
		})
	}
}
