package evident

import "math"

// Uncertainty radii (metres) of the places an event can be located at;
// docs/schema.md, "Uncertainty radius", explains the derivation.
const (
	// MinTownRadius is the least radius of a town: its point is a
	// centroid or a central square, and events happen across it.
	MinTownRadius = 2000
	// MaxTownRadius bounds a metropolis.
	MaxTownRadius = 30000
	// NearRadius is added for "near", "outskirts of" and directions
	// ("west of Mosul"): ACLED's geo_precision 2 for a town.
	NearRadius = 10000
	// DistrictRadius is a second-level division's (ADM2) radius, and
	// SubdistrictRadius a third-level one's.
	DistrictRadius    = 25000
	SubdistrictRadius = 10000
	// AreaRadius is a water body's or area's (GeoNames classes H and L)
	// radius when nothing more is known.
	AreaRadius = 100000
	// townDensity is the people per km² of the built-up area assumed for
	// a town's extent.
	townDensity = 3000.0
)

// UncertaintyRadius returns how far from its point an event located at p
// may have happened, in metres, from the place and the event's
// geo_precision: a town's extent from its population (an area of
// population/3,000 km², as a disc, between 2 and 30 km), plus 10 km when
// the event was only near it or at a direction from it; a district's
// 25 km, a subdistrict's 10 km; a first-level region's share of its
// country (a disc of the country's area over ten) and a country's own
// disc. countryKm2 is the country's area (0 unknown: a region then counts
// 100 km, a country 500 km). It is 0 for a place without coordinates.
func UncertaintyRadius(p *Place, geoPrecision int, countryKm2 float64) int {
	if p == nil || p.Lat == 0 && p.Lon == 0 {
		return 0
	}
	disc := func(km2 float64) float64 { return 1000 * math.Sqrt(km2/math.Pi) }
	var r float64
	switch {
	case p.IsCountry():
		r = 500000
		if countryKm2 > 0 {
			r = disc(countryKm2)
		}
	case p.FeatureCode == "ADM1":
		r = 100000
		if countryKm2 > 0 {
			r = math.Max(disc(countryKm2/10), 20000)
		}
	case p.FeatureCode == "ADM2":
		r = DistrictRadius
	case p.FeatureCode == "ADM3" || p.FeatureCode == "ADM4":
		r = SubdistrictRadius
	case p.FeatureClass == "H" || p.FeatureClass == "L":
		r = AreaRadius
	default:
		r = MinTownRadius
		if p.Population > 0 {
			r = math.Min(math.Max(disc(float64(p.Population)/townDensity), MinTownRadius), MaxTownRadius)
		}
		if geoPrecision == 2 {
			r += NearRadius
		}
	}
	return int(math.Round(r/100) * 100)
}
