package export

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/evident-org/evident"
)

func haversineM(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371000.0
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ, dλ := φ2-φ1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

func TestCircle(t *testing.T) {
	for _, tt := range []struct {
		lat, lon float64
		m        int
	}{{36.34, 43.12, 10300}, {-33.9, 18.4, 2000}, {64.1, -21.9, 373000}, {0.5, 179.99, 50000}} {
		p := circle(tt.lat, tt.lon, tt.m)
		ring := p.Coordinates[0]
		if p.Type != "Polygon" || len(ring) != circleSides+1 || ring[0] != ring[len(ring)-1] {
			t.Fatalf("circle(%v, %v): %d points, closed %v", tt.lat, tt.lon, len(ring), ring[0] == ring[len(ring)-1])
		}
		area := 0.0 // shoelace on lon/lat: positive for counter-clockwise
		for i, c := range ring {
			if c[0] < -180 || c[0] > 180 {
				t.Errorf("longitude %v out of range", c[0])
			}
			if d := haversineM(tt.lat, tt.lon, c[1], c[0]); math.Abs(d-float64(tt.m)) > 0.01*float64(tt.m)+1 {
				t.Errorf("circle(%v, %v, %d): point %d at %.0f m", tt.lat, tt.lon, tt.m, i, d)
			}
			if i > 0 && math.Abs(c[0]-ring[i-1][0]) < 180 {
				area += ring[i-1][0]*c[1] - c[0]*ring[i-1][1]
			}
		}
		if tt.lon < 179 && area <= 0 {
			t.Errorf("circle(%v, %v): ring is clockwise (RFC 7946 wants counter-clockwise)", tt.lat, tt.lon)
		}
	}
}

func TestGeoJSONUncertaintyGeometry(t *testing.T) {
	e := evident.Event{ID: "e1", Location: evident.Location{Latitude: 36.34, Longitude: 43.12, UncertaintyM: 10300}}
	for _, tt := range []struct {
		opts []Option
		want string
	}{{nil, "Point"}, {[]Option{WithUncertaintyGeometry()}, "Polygon"}} {
		var b bytes.Buffer
		if err := WriteAll(&b, FormatGeoJSON, []evident.Event{e}, tt.opts...); err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Features []struct {
				Geometry struct {
					Type string `json:"type"`
				} `json:"geometry"`
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
			t.Fatal(err)
		}
		if g := fc.Features[0].Geometry.Type; g != tt.want {
			t.Errorf("geometry %s, want %s", g, tt.want)
		}
		if r := fc.Features[0].Properties["uncertainty_m"]; r != 10300.0 {
			t.Errorf("uncertainty_m property %v, want 10300", r)
		}
	}
}
