package events

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/country-area.tsv
var countryAreaTSV string

// countryAreas maps ISO alpha-2 codes to areas in km² (GeoNames
// countryInfo), for uncertainty radii.
var countryAreas = sync.OnceValue(func() map[string]float64 {
	m := map[string]float64{}
	for line := range strings.SplitSeq(countryAreaTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cc, a, ok := strings.Cut(line, "\t")
		if v, err := strconv.ParseFloat(strings.TrimSpace(a), 64); ok && err == nil && len(cc) == 2 {
			m[cc] = v
		} else {
			panic("events: embedded data/country-area.tsv: bad line " + strconv.Quote(line))
		}
	}
	return m
})

// countryArea returns a country's area in km², 0 when unknown.
func countryArea(cc string) float64 { return countryAreas()[strings.ToUpper(cc)] }
