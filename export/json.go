package export

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/evident-org/evident"
)

// jsonWriter writes "json" (an indented array streamed element by element)
// or "jsonl" (one compact object per line).
type jsonWriter struct {
	state
	lines bool
	n     int
	buf   bytes.Buffer
	enc   *json.Encoder
}

func newJSONWriter(w io.Writer, lines bool) *jsonWriter {
	jw := &jsonWriter{state: newState(w), lines: lines}
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
	if err := w.enc.Encode(&e); err != nil {
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
	n   int
	buf bytes.Buffer
	enc *json.Encoder
}

// feature is a GeoJSON Feature (RFC 7946 §3.2). Geometry is null for
// events without coordinates; properties are the event's JSON fields.
type feature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id,omitempty"`
	Geometry   *point         `json:"geometry"`
	Properties *evident.Event `json:"properties"`
}

// point is a GeoJSON Point; Coordinates is [longitude, latitude].
type point struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

func newGeoJSONWriter(w io.Writer) *geoJSONWriter {
	gw := &geoJSONWriter{state: newState(w)}
	gw.enc = json.NewEncoder(&gw.buf)
	gw.enc.SetEscapeHTML(false)
	return gw
}

func (w *geoJSONWriter) Write(e evident.Event) error {
	if err := w.check(); err != nil {
		return err
	}
	e = prepare(e)
	f := feature{Type: "Feature", ID: e.ID, Properties: &e}
	if hasCoordinates(&e) {
		f.Geometry = &point{Type: "Point", Coordinates: [2]float64{e.Longitude, e.Latitude}}
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
