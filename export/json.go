package export

import (
	"bytes"
	"encoding/json"
	"io"
	"math"

	"github.com/evident-org/evident"
)

// jsonWriter writes "json" (an indented array streamed element by element)
// or "jsonl" (one compact object per line).
type jsonWriter struct {
	state
	codes Codes
	lines bool
	n     int
	buf   bytes.Buffer
	enc   *json.Encoder
	obj   eventObject // reused so that encoding allocates no wrapper
}

func newJSONWriter(w io.Writer, lines bool, c Codes) *jsonWriter {
	jw := &jsonWriter{state: newState(w), lines: lines, codes: c}
	jw.enc = json.NewEncoder(&jw.buf)
	jw.enc.SetEscapeHTML(false)
	if !lines {
		jw.enc.SetIndent("  ", "  ")
	}
	return jw
}

func (w *jsonWriter) Write(e evident.Event) error {
	if err := w.check(); err != nil {
		return err
	}
	e = prepare(e)
	w.buf.Reset()
	w.obj = withCodes(&e, w.codes)
	err := w.enc.Encode(&w.obj)
	w.obj = eventObject{}
	if err != nil {
		return encodeError(&e, err) // nothing written: the stream stays valid
	}
	if w.lines {
		w.write(w.buf.Bytes()) // Encode ends with the newline
	} else {
		if w.n == 0 {
			w.writeString("[\n  ")
		} else {
			w.writeString(",\n  ")
		}
		w.write(bytes.TrimSuffix(w.buf.Bytes(), []byte("\n")))
	}
	w.n++
	return w.err
}

func (w *jsonWriter) Flush() error { return w.flush() }

func (w *jsonWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if !w.lines {
		if w.n == 0 {
			w.writeString("[]\n")
		} else {
			w.writeString("\n]\n")
		}
	}
	return w.flush()
}

// geoJSONWriter writes a FeatureCollection with one compact Feature per
// line, streamed.
type geoJSONWriter struct {
	state
	codes       Codes
	uncertainty bool // WithUncertaintyGeometry
	n           int
	buf         bytes.Buffer
	enc         *json.Encoder
}

// feature is a GeoJSON Feature (RFC 7946 §3.2). Geometry is null for
// events without coordinates; properties are the event's JSON fields.
type feature struct {
	Type       string      `json:"type"`
	ID         string      `json:"id,omitempty"`
	Geometry   any         `json:"geometry"` // *point, *polygon or nil
	Properties eventObject `json:"properties"`
}

// polygon is a GeoJSON Polygon with one ring.
type polygon struct {
	Type        string         `json:"type"`
	Coordinates [][][2]float64 `json:"coordinates"`
}

// circleSides is how many sides an uncertainty circle has.
const circleSides = 64

// circle returns the polygon of radius metres around lat, lon: points at
// equal bearings on the sphere (R = 6,371 km), counter-clockwise as RFC
// 7946 wants an exterior ring, closed, with longitudes kept in [-180, 180].
func circle(lat, lon float64, metres int) *polygon {
	const r = 6371000.0
	d := float64(metres) / r
	φ1, λ1 := lat*math.Pi/180, lon*math.Pi/180
	ring := make([][2]float64, 0, circleSides+1)
	for i := 0; i < circleSides; i++ {
		θ := -2 * math.Pi * float64(i) / circleSides // counter-clockwise from north
		φ2 := math.Asin(math.Sin(φ1)*math.Cos(d) + math.Cos(φ1)*math.Sin(d)*math.Cos(θ))
		λ2 := λ1 + math.Atan2(math.Sin(θ)*math.Sin(d)*math.Cos(φ1), math.Cos(d)-math.Sin(φ1)*math.Sin(φ2))
		lonDeg := math.Mod(λ2*180/math.Pi+540, 360) - 180
		ring = append(ring, [2]float64{round6(lonDeg), round6(φ2 * 180 / math.Pi)})
	}
	ring = append(ring, ring[0])
	return &polygon{Type: "Polygon", Coordinates: [][][2]float64{ring}}
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// eventObject is the JSON object written for an event: the event's own
// fields, then the mapping keys WithCodes selected. encoding/json leaves
// out the fields of a nil embedded pointer, so without codes the object is
// exactly the event's.
type eventObject struct {
	*evident.Event
	*cameoKeys
	*ploverKeys
}

type cameoKeys struct {
	CAMEORoot string `json:"cameo_root"`
	CAMEOCode string `json:"cameo_code"`
}

type ploverKeys struct {
	PLOVEREvent string `json:"plover_event"`
	PLOVERMode  string `json:"plover_mode"`
}

func withCodes(e *evident.Event, c Codes) eventObject {
	o := eventObject{Event: e}
	if c == 0 {
		return o
	}
	v := lookupCodes(c, e.SubEventType)
	if c&CodesCAMEO != 0 {
		o.cameoKeys = &cameoKeys{v.cameoRoot, v.cameoCode}
	}
	if c&CodesPLOVER != 0 {
		o.ploverKeys = &ploverKeys{v.ploverEvent, v.ploverMode}
	}
	return o
}

// point is a GeoJSON Point; Coordinates is [longitude, latitude].
type point struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

func newGeoJSONWriter(w io.Writer, c Codes) *geoJSONWriter {
	gw := &geoJSONWriter{state: newState(w), codes: c}
	gw.enc = json.NewEncoder(&gw.buf)
	gw.enc.SetEscapeHTML(false)
	return gw
}

func (w *geoJSONWriter) Write(e evident.Event) error {
	if err := w.check(); err != nil {
		return err
	}
	e = prepare(e)
	f := feature{Type: "Feature", ID: e.ID, Properties: withCodes(&e, w.codes)}
	if hasCoordinates(&e) {
		if w.uncertainty && e.UncertaintyM > 0 {
			f.Geometry = circle(e.Latitude, e.Longitude, e.UncertaintyM)
		} else {
			f.Geometry = &point{Type: "Point", Coordinates: [2]float64{e.Longitude, e.Latitude}}
		}
	}
	w.buf.Reset()
	if err := w.enc.Encode(&f); err != nil {
		return encodeError(&e, err)
	}
	if w.n == 0 {
		w.writeString(`{"type":"FeatureCollection","features":[` + "\n")
	} else {
		w.writeString(",\n")
	}
	w.write(bytes.TrimSuffix(w.buf.Bytes(), []byte("\n")))
	w.n++
	return w.err
}

func (w *geoJSONWriter) Flush() error { return w.flush() }

func (w *geoJSONWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.n == 0 {
		w.writeString(`{"type":"FeatureCollection","features":[]}` + "\n")
	} else {
		w.writeString("\n]}\n")
	}
	return w.flush()
}

// encodeError reports an event that cannot be encoded (a NaN or infinite
// number). It does not poison the writer: nothing of the event was written.
func encodeError(e *evident.Event, err error) error {
	return &evident.Error{Code: evident.EINVALID, Input: e.DocID, Message: "event " + e.ID + " cannot be encoded", Err: err}
}
