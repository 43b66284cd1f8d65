package events

import (
	"testing"

	"github.com/evident-org/evident"
)

func TestGeoPrecision(t *testing.T) {
	tests := []struct {
		name string
		p    evident.Place
		want int
	}{
		{"town", evident.Place{FeatureClass: "P", FeatureCode: "PPLA"}, 1},
		{"near a town", evident.Place{FeatureClass: "P", FeatureCode: "PPL", Relative: "south of"}, 2},
		{"part of a city", evident.Place{FeatureClass: "P", FeatureCode: "PPLA", Relative: "west"}, 2},
		{"district", evident.Place{FeatureClass: "A", FeatureCode: "ADM2"}, 2},
		{"province", evident.Place{FeatureClass: "A", FeatureCode: "ADM1"}, 3},
		{"country", evident.Place{FeatureClass: "A", FeatureCode: "PCLI"}, 3},
		{"area", evident.Place{FeatureClass: "L", FeatureCode: "RGN"}, 3},
	}
	for _, tt := range tests {
		if got := geoPrecision(&tt.p); got != tt.want {
			t.Errorf("%s: geoPrecision = %d, want %d", tt.name, got, tt.want)
		}
	}
}
