package http

import (
	"cmp"
	"net/http"
	"slices"
	"sync"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// The basemap's place names: the embedded gazetteer's populated places of
// at least basemapMinPopulation people and its first-level regions
// (GeoNames, CC BY 4.0), drawn by the UI as labels when the map is zoomed
// in. Nothing is added to the binary: the lists are read out of the
// gazetteer, once, on first use.

// basemapMinPopulation is the smallest town the basemap labels.
const basemapMinPopulation = 15000

// BasemapPlace is one place name of the basemap.
type BasemapPlace struct {
	Name        string  `json:"name"`
	Lat         float64 `json:"lat"`
	Lon         float64 `json:"lon"`
	Population  int64   `json:"population"`
	CountryCode string  `json:"country_code"`
	// Rank is 0 for a capital, 1 for a first-level seat, 2 for other towns.
	Rank int `json:"rank"`
}

// BasemapRegion is a first-level region's name at its representative point.
type BasemapRegion struct {
	Name        string  `json:"name"`
	Lat         float64 `json:"lat"`
	Lon         float64 `json:"lon"`
	CountryCode string  `json:"country_code"`
}

// basemapRegions are the gazetteer's first-level regions (ADM1), by name.
var basemapRegions = sync.OnceValues(func() ([]BasemapRegion, error) {
	g, err := gazetteer.Default()
	if err != nil {
		return nil, err
	}
	var out []BasemapRegion
	for i := range g.Len() {
		if e := g.Entry(i); e.FeatureClass == "A" && e.FeatureCode == "ADM1" {
			out = append(out, BasemapRegion{Name: e.Name, Lat: e.Lat, Lon: e.Lon, CountryCode: e.CountryCode})
		}
	}
	slices.SortStableFunc(out, func(a, b BasemapRegion) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
})

// maxBasemapRegions bounds the regions of one answer.
const maxBasemapRegions = 100

// inBox reports whether a point lies in b, which may cross the antimeridian.
func inBox(b *evident.BBox, lat, lon float64) bool {
	if lat < b.MinLat || lat > b.MaxLat {
		return false
	}
	if b.MinLon <= b.MaxLon {
		return lon >= b.MinLon && lon <= b.MaxLon
	}
	return lon >= b.MinLon || lon <= b.MaxLon
}

// basemapPlaces are the labelled places, most populous first.
var basemapPlaces = sync.OnceValues(func() ([]BasemapPlace, error) {
	g, err := gazetteer.Default()
	if err != nil {
		return nil, err
	}
	var out []BasemapPlace
	for i := range g.Len() {
		e := g.Entry(i)
		if e.FeatureClass != "P" || e.Population < basemapMinPopulation {
			continue
		}
		rank := 2
		switch e.FeatureCode {
		case "PPLX", "PPLH", "PPLQ", "PPLW", "STLMT": // city sections, historical, abandoned, destroyed
			continue
		case "PPLC":
			rank = 0
		case "PPLA":
			rank = 1
		}
		out = append(out, BasemapPlace{Name: e.Name, Lat: e.Lat, Lon: e.Lon, Population: e.Population, CountryCode: e.CountryCode, Rank: rank})
	}
	// Most important first: population, capitals and regional seats
	// weighted up, so that a limited answer keeps them.
	weight := func(p BasemapPlace) int64 { return p.Population * [3]int64{10, 3, 1}[p.Rank] }
	slices.SortStableFunc(out, func(a, b BasemapPlace) int {
		return cmp.Or(cmp.Compare(weight(b), weight(a)), cmp.Compare(a.Name, b.Name))
	})
	return out, nil
})

func (s *Server) handleBasemapPlaces(w http.ResponseWriter, r *http.Request) error {
	p, err := newParams(r.URL.RawQuery, []string{"bbox", "min_population", "limit"}, tax)
	if err != nil {
		return err
	}
	box, err := parseBBox(p.str("bbox"))
	if err != nil {
		return err
	}
	if box == nil {
		box = &evident.BBox{MinLon: -180, MinLat: -90, MaxLon: 180, MaxLat: 90}
	}
	minPop, err := p.integer("min_population", basemapMinPopulation, 0, 1e9)
	if err != nil {
		return err
	}
	limit, err := p.integer("limit", 200, 1, 1000)
	if err != nil {
		return err
	}
	all, err := basemapPlaces()
	if err != nil {
		return err
	}
	out := []BasemapPlace{}
	for _, pl := range all {
		if pl.Population >= int64(minPop) && inBox(box, pl.Lat, pl.Lon) {
			out = append(out, pl)
			if len(out) == limit {
				break
			}
		}
	}
	regs, err := basemapRegions()
	if err != nil {
		return err
	}
	regions := []BasemapRegion{}
	for _, rg := range regs {
		if inBox(box, rg.Lat, rg.Lon) {
			regions = append(regions, rg)
		}
	}
	if len(regions) > maxBasemapRegions {
		// A wide view: keep the regions nearest its centre.
		clat, clon := (box.MinLat+box.MaxLat)/2, (box.MinLon+box.MaxLon)/2
		d := func(r BasemapRegion) float64 { return (r.Lat-clat)*(r.Lat-clat) + (r.Lon-clon)*(r.Lon-clon) }
		if box.MinLon <= box.MaxLon {
			slices.SortStableFunc(regions, func(a, b BasemapRegion) int { return cmp.Compare(d(a), d(b)) })
		}
		regions = regions[:maxBasemapRegions]
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	writeJSON(w, http.StatusOK, struct {
		Places  []BasemapPlace  `json:"places"`
		Regions []BasemapRegion `json:"regions"`
	}{out, regions})
	return nil
}
