// Command centroids computes the country and US state/county points that
// builddefault uses, from the TopoJSON shapes of the npm packages
// world-atlas (Natural Earth admin-0 countries, 1:10m) and us-atlas (US
// Census Bureau cartographic boundaries, 1:10m), and writes them as small
// TSV files under gazetteer/data. Run it from the repository root after
// unpacking the two packages (npm pack world-atlas us-atlas):
//
//	go run ./gazetteer/internal/builddefault/centroids \
//	  -world /tmp/wa/package/countries-10m.json -us /tmp/ua/package/counties-10m.json \
//	  -shared ../shared/gazetteer -out gazetteer/data
//
// The point of a shape is the area-weighted centroid of its largest
// polygon (holes subtracted), computed on an equirectangular projection
// scaled by the cosine of the polygon's mean latitude. When that point
// falls outside the polygon (a crescent-shaped country), the midpoint of
// the polygon's widest interior segment on the centroid's latitude is
// used instead and the source column says so. The output is
// deterministic.
package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/evident-org/evident/gazetteer"
)

func main() {
	world := flag.String("world", "/tmp/wa/package/countries-10m.json", "world-atlas countries TopoJSON")
	us := flag.String("us", "/tmp/ua/package/counties-10m.json", "us-atlas counties TopoJSON (has states and counties)")
	shared := flag.String("shared", "../shared/gazetteer", "directory with countryInfo.txt, admin1CodesASCII.txt and admin2Codes.txt")
	out := flag.String("out", "gazetteer/data", "output directory")
	flag.Parse()
	if err := run(*world, *us, *shared, *out); err != nil {
		log.Fatal(err)
	}
}

type topology struct {
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Objects map[string]struct {
		Geometries []geometry `json:"geometries"`
	} `json:"objects"`
	Arcs [][][2]float64 `json:"arcs"`
}

type geometry struct {
	Type       string            `json:"type"`
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
	Arcs       json.RawMessage   `json:"arcs"`
}

type pt struct{ lon, lat float64 }

type ring []pt

type polygon []ring // exterior first, then holes

func load(path string) (*topology, [][]pt, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	arcs := make([][]pt, len(t.Arcs))
	for i, a := range t.Arcs {
		var x, y float64
		for _, p := range a {
			if t.Transform != nil {
				x, y = x+p[0], y+p[1]
				arcs[i] = append(arcs[i], pt{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]})
			} else {
				arcs[i] = append(arcs[i], pt{p[0], p[1]})
			}
		}
	}
	return &t, arcs, nil
}

func polygons(g geometry, arcs [][]pt) ([]polygon, error) {
	var rings [][][]int
	switch g.Type {
	case "Polygon":
		var r [][]int
		if err := json.Unmarshal(g.Arcs, &r); err != nil {
			return nil, err
		}
		rings = [][][]int{r}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Arcs, &rings); err != nil {
			return nil, err
		}
	default:
		return nil, nil
	}
	var out []polygon
	for _, p := range rings {
		var poly polygon
		for _, r := range p {
			var rg ring
			for _, ai := range r {
				var a []pt
				if ai >= 0 {
					a = arcs[ai]
				} else {
					a = slices.Clone(arcs[^ai])
					slices.Reverse(a)
				}
				if len(rg) > 0 {
					a = a[1:]
				}
				rg = append(rg, a...)
			}
			poly = append(poly, rg)
		}
		unwrap(poly)
		out = append(out, poly)
	}
	return out, nil
}

// unwrap makes a polygon that touches the antimeridian continuous:
// Natural Earth closes Russia's mainland along lon -180 while the rest
// of it lies east of 0, so such points are shifted by 360 degrees.
func unwrap(p polygon) {
	lo, hi := 180.0, -180.0
	for _, r := range p {
		for _, q := range r {
			lo, hi = min(lo, q.lon), max(hi, q.lon)
		}
	}
	if hi-lo <= 180 {
		return
	}
	for _, r := range p {
		for i := range r {
			if r[i].lon < 0 {
				r[i].lon += 360
			}
		}
	}
}

// ringStats returns the absolute area and centroid of a ring on the
// projection x = lon·k, y = lat.
func ringStats(r ring, k float64) (area, cx, cy float64) {
	var a, sx, sy float64
	for i := range r {
		p, q := r[i], r[(i+1)%len(r)]
		x0, y0, x1, y1 := p.lon*k, p.lat, q.lon*k, q.lat
		c := x0*y1 - x1*y0
		a += c
		sx += (x0 + x1) * c
		sy += (y0 + y1) * c
	}
	if a == 0 {
		return 0, 0, 0
	}
	return math.Abs(a / 2), sx / (3 * a), sy / (3 * a)
}

func meanLat(r ring) float64 {
	s := 0.0
	for _, p := range r {
		s += p.lat
	}
	return s / float64(len(r))
}

// centroid returns the area and area-weighted centroid (lon, lat) of a
// polygon with holes.
func centroid(p polygon) (area, lon, lat float64) {
	k := math.Cos(meanLat(p[0]) * math.Pi / 180)
	var sa, sx, sy float64
	for i, r := range p {
		a, cx, cy := ringStats(r, k)
		if i > 0 {
			a = -a
		}
		sa += a
		sx += a * cx
		sy += a * cy
	}
	if sa <= 0 {
		return 0, 0, 0
	}
	return sa, sx / sa / k, sy / sa
}

func inRing(r ring, lon, lat float64) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a.lat > lat) != (b.lat > lat) && lon < (b.lon-a.lon)*(lat-a.lat)/(b.lat-a.lat)+a.lon {
			in = !in
		}
	}
	return in
}

func inside(p polygon, lon, lat float64) bool {
	if !inRing(p[0], lon, lat) {
		return false
	}
	for _, h := range p[1:] {
		if inRing(h, lon, lat) {
			return false
		}
	}
	return true
}

// scanline returns the midpoint of the widest interior segment of p on
// latitude lat.
func scanline(p polygon, lat float64) (float64, bool) {
	var xs []float64
	for _, r := range p {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a.lat > lat) != (b.lat > lat) {
				xs = append(xs, (b.lon-a.lon)*(lat-a.lat)/(b.lat-a.lat)+a.lon)
			}
		}
	}
	slices.Sort(xs)
	best, mid := -1.0, 0.0
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > best {
			best, mid = w, (xs[i]+xs[i+1])/2
		}
	}
	return mid, best > 0
}

// point returns the representative point of a shape and how it was found.
func point(polys []polygon) (lat, lon float64, method string, ok bool) {
	bestA := 0.0
	var best polygon
	for _, p := range polys {
		if a, _, _ := centroid(p); a > bestA {
			bestA, best = a, p
		}
	}
	if best == nil {
		return 0, 0, "", false
	}
	_, lon, lat = centroid(best)
	if inside(best, lon, lat) {
		return lat, wrap(lon), "centroid", true
	}
	// Try the centroid's latitude, then nearby ones.
	for _, d := range []float64{0, 0.1, -0.1, 0.25, -0.25, 0.5, -0.5, 1, -1} {
		if x, ok := scanline(best, lat+d); ok && inside(best, x, lat+d) {
			return lat + d, wrap(x), "scanline", true
		}
	}
	return lat, wrap(lon), "centroid-outside", true
}

func wrap(lon float64) float64 {
	if lon > 180 {
		return lon - 360
	}
	return lon
}

func f5(f float64) string { return strconv.FormatFloat(math.Round(f*1e5)/1e5, 'f', -1, 64) }

func run(worldPath, usPath, shared, outDir string) error {
	// ISO numeric -> alpha-2 from GeoNames countryInfo.txt.
	num := map[int]string{}
	names := map[string]string{}
	rc, err := gazetteer.Open(filepath.Join(shared, "countryInfo.txt"))
	if err != nil {
		return err
	}
	err = gazetteer.ReadCountryInfo(rc, func(c gazetteer.CountryInfo) error {
		if c.GeonameID == 0 {
			return nil
		}
		if c.ISONumeric != 0 {
			num[c.ISONumeric] = c.Code
		}
		names[gazetteer.Normalize(c.Name)] = c.Code
		return nil
	})
	rc.Close()
	if err != nil {
		return err
	}

	t, arcs, err := load(worldPath)
	if err != nil {
		return err
	}
	type row struct {
		code, name, method string
		lat, lon           float64
	}
	var rows []row
	seen := map[string]bool{}
	for _, g := range t.Objects["countries"].Geometries {
		cc := ""
		if n, err := strconv.Atoi(g.ID); err == nil {
			cc = num[n]
		} else {
			// Natural Earth shapes without an ISO numeric code: only
			// those GeoNames has as a country by the same name (Kosovo).
			cc = names[gazetteer.Normalize(g.Properties["name"])]
		}
		if cc == "" || seen[cc] {
			if cc == "" {
				log.Printf("world-atlas %q (id %q): no GeoNames country", g.Properties["name"], g.ID)
			}
			continue
		}
		polys, err := polygons(g, arcs)
		if err != nil {
			return err
		}
		lat, lon, method, ok := point(polys)
		if !ok {
			continue
		}
		seen[cc] = true
		rows = append(rows, row{cc, g.Properties["name"], method, lat, lon})
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(a.code, b.code) })
	if err := write(filepath.Join(outDir, "country_centroids.tsv"), []string{
		"# Country points for the default gazetteer, generated by gazetteer/internal/builddefault/centroids; do not edit.",
		"# Source: Natural Earth admin-0 countries 1:10m (public domain) via npm world-atlas 2.0.2 (ISC, Mike Bostock),",
		"# countries-10m.json; ids mapped to ISO alpha-2 with GeoNames countryInfo.txt (CC BY 4.0).",
		"# Point: area-weighted centroid of the country's largest polygon; \"scanline\" where that centroid lies",
		"# outside the polygon and the midpoint of the widest interior segment on its latitude is used instead.",
		"# cc\tlat\tlon\tsource\tnatural_earth_name",
	}, func(w *bufio.Writer) {
		for _, r := range rows {
			fmt.Fprintf(w, "%s\t%s\t%s\tne10m-%s\t%s\n", r.code, f5(r.lat), f5(r.lon), r.method, r.name)
		}
	}); err != nil {
		return err
	}
	log.Printf("country_centroids.tsv: %d countries", len(rows))

	// US states and counties: us-atlas FIPS ids mapped to GeoNames admin
	// codes (US.AZ, US.AZ.015) through state names.
	if usPath == "" {
		return nil
	}
	a1 := map[string]string{} // normalised state name -> GeoNames admin1 code "US.AZ"
	rc, err = gazetteer.Open(filepath.Join(shared, "admin1CodesASCII.txt"))
	if err != nil {
		return err
	}
	err = gazetteer.ReadAdminCodes(rc, func(a gazetteer.AdminCode) error {
		if strings.HasPrefix(a.Code, "US.") {
			a1[gazetteer.Normalize(a.Name)] = a.Code
		}
		return nil
	})
	rc.Close()
	if err != nil {
		return err
	}
	a2 := map[string]bool{}
	rc, err = gazetteer.Open(filepath.Join(shared, "admin2Codes.txt"))
	if err != nil {
		return err
	}
	err = gazetteer.ReadAdminCodes(rc, func(a gazetteer.AdminCode) error {
		if strings.HasPrefix(a.Code, "US.") {
			a2[a.Code] = true
		}
		return nil
	})
	rc.Close()
	if err != nil {
		return err
	}
	t, arcs, err = load(usPath)
	if err != nil {
		return err
	}
	stateCode := map[string]string{} // state FIPS -> "US.AZ"
	rows = rows[:0]
	for _, g := range t.Objects["states"].Geometries {
		name := g.Properties["name"]
		if name == "District of Columbia" { // GeoNames: "Washington, D.C."
			name = "Washington, D.C."
		}
		code := a1[gazetteer.Normalize(name)]
		if code == "" {
			log.Printf("us-atlas state %q (%s): no GeoNames admin1", g.Properties["name"], g.ID)
			continue
		}
		stateCode[g.ID] = code
		polys, err := polygons(g, arcs)
		if err != nil {
			return err
		}
		if lat, lon, method, ok := point(polys); ok {
			rows = append(rows, row{code, g.Properties["name"], method, lat, lon})
		}
	}
	missing := 0
	for _, g := range t.Objects["counties"].Geometries {
		if len(g.ID) != 5 || stateCode[g.ID[:2]] == "" {
			continue
		}
		code := stateCode[g.ID[:2]] + "." + g.ID[2:]
		if !a2[code] {
			missing++
			continue
		}
		polys, err := polygons(g, arcs)
		if err != nil {
			return err
		}
		if lat, lon, method, ok := point(polys); ok {
			rows = append(rows, row{code, g.Properties["name"], method, lat, lon})
		}
	}
	if missing > 0 {
		log.Printf("us-atlas: %d counties without a GeoNames admin2 code", missing)
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(a.code, b.code) })
	if err := write(filepath.Join(outDir, "us_centroids.tsv"), []string{
		"# US state (admin1) and county (admin2) points for the default gazetteer, generated by",
		"# gazetteer/internal/builddefault/centroids; do not edit.",
		"# Source: US Census Bureau cartographic boundary files 1:10m (public domain) via npm us-atlas 3.0.1",
		"# (ISC, Mike Bostock), counties-10m.json; FIPS ids mapped to GeoNames admin codes (CC BY 4.0) by state name.",
		"# Point: area-weighted centroid of the largest polygon (\"scanline\": see country_centroids.tsv).",
		"# code\tlat\tlon\tsource\tcensus_name",
	}, func(w *bufio.Writer) {
		for _, r := range rows {
			fmt.Fprintf(w, "%s\t%s\t%s\tus10m-%s\t%s\n", r.code, f5(r.lat), f5(r.lon), r.method, r.name)
		}
	}); err != nil {
		return err
	}
	log.Printf("us_centroids.tsv: %d states and counties", len(rows))
	return nil
}

func write(path string, head []string, body func(*bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, h := range head {
		fmt.Fprintln(w, h)
	}
	body(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
