package evident

import "testing"

func TestUncertaintyRadius(t *testing.T) {
	iraq := 437072.0
	for _, tt := range []struct {
		name string
		p    Place
		prec int
		km2  float64
		want int
	}{
		{"village", Place{Lat: 36, Lon: 43, FeatureClass: "P", FeatureCode: "PPL", Population: 800}, 1, iraq, 2000},
		{"village of unknown size", Place{Lat: 36, Lon: 43, FeatureClass: "P", FeatureCode: "PPL"}, 1, iraq, 2000},
		{"city of a million", Place{Lat: 36, Lon: 43, FeatureClass: "P", FeatureCode: "PPLA", Population: 1_000_000}, 1, iraq, 10300},
		{"megacity", Place{Lat: 36, Lon: 43, FeatureClass: "P", FeatureCode: "PPLC", Population: 20_000_000}, 1, iraq, 30000},
		{"near a city", Place{Lat: 36, Lon: 43, FeatureClass: "P", FeatureCode: "PPLA", Population: 1_000_000, Relative: "west of"}, 2, iraq, 20300},
		{"district", Place{Lat: 36, Lon: 43, FeatureClass: "A", FeatureCode: "ADM2"}, 2, iraq, 25000},
		{"province", Place{Lat: 36, Lon: 43, FeatureClass: "A", FeatureCode: "ADM1"}, 3, iraq, 118000},
		{"country", Place{Lat: 33, Lon: 44, FeatureClass: "A", FeatureCode: "PCLI"}, 3, iraq, 373000},
		{"country of unknown area", Place{Lat: 33, Lon: 44, FeatureClass: "A", FeatureCode: "PCLI"}, 3, 0, 500000},
		{"sea", Place{Lat: 35, Lon: 18, FeatureClass: "H", FeatureCode: "SEA"}, 3, 0, 100000},
		{"no coordinates", Place{FeatureClass: "P"}, 1, iraq, 0},
	} {
		if got := UncertaintyRadius(&tt.p, tt.prec, tt.km2); got != tt.want {
			t.Errorf("%s: UncertaintyRadius = %d m, want %d", tt.name, got, tt.want)
		}
	}
	if UncertaintyRadius(nil, 1, 0) != 0 {
		t.Error("nil place: want 0")
	}
}
