// Package export writes coded events in the formats Evident publishes:
// an indented JSON array ("json"), one JSON object per line ("jsonl"),
// ACLED-compatible CSV ("acled-csv") and a GeoJSON FeatureCollection
// ("geojson"). docs/schema.md documents every field.
//
// Every writer streams: Write encodes one event and Close finishes the
// document (the closing bracket of a JSON array, the CSV flush). Output is
// buffered; Flush pushes what has been written so far to the underlying
// io.Writer, which is never closed by this package.
//
// Writers fill an empty Notes field with the ACLED-style summary returned by
// Notes, serialise a nil Tags or Evidence as [] rather than null, and never
// modify the caller's event.
package export

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

// Format names accepted by NewWriter.
const (
	FormatJSON     = "json"
	FormatJSONL    = "jsonl"
	FormatACLEDCSV = "acled-csv"
	FormatGeoJSON  = "geojson"
)

// Formats returns the format names accepted by NewWriter, in a fixed order.
func Formats() []string {
	return []string{FormatJSON, FormatJSONL, FormatACLEDCSV, FormatGeoJSON}
}

// Writer writes events one at a time in one format. A Writer is not safe
// for concurrent use. After an error from the underlying io.Writer every
// later call returns it; an event that cannot be encoded (a NaN number)
// gets an EINVALID error, is skipped, and leaves the writer usable.
type Writer interface {
	// Write encodes one event.
	Write(evident.Event) error
	// Flush pushes buffered output to the underlying io.Writer.
	Flush() error
	// Close finishes the document and flushes. It does not close the
	// underlying io.Writer. Calling Close twice is harmless; Write after
	// Close returns an error.
	Close() error
}

// Option configures a Writer.
type Option func(*config)

type config struct {
	now func() time.Time
}

// WithClock sets the clock whose reading, taken once when the writer is
// created, becomes the acled-csv "timestamp" column. The default is
// time.Now. Tests inject a fixed clock.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// NewWriter returns a Writer that encodes events to w in the named format
// (see Formats; names are case-insensitive). An unknown format is an
// *evident.Error with code EINVALID that lists the valid formats.
func NewWriter(w io.Writer, format string, opts ...Option) (Writer, error) {
	cfg := config{now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	switch strings.ToLower(strings.TrimSpace(format)) {
	case FormatJSON:
		return newJSONWriter(w, false), nil
	case FormatJSONL:
		return newJSONWriter(w, true), nil
	case FormatACLEDCSV:
		return newCSVWriter(w, cfg.now())
	case FormatGeoJSON:
		return newGeoJSONWriter(w), nil
	}
	return nil, evident.Errorf(evident.EINVALID, "", "unknown export format %q (valid formats: %s)",
		format, strings.Join(Formats(), ", "))
}

// WriteAll writes events to w in the named format and closes the writer.
func WriteAll(w io.Writer, format string, events []evident.Event, opts ...Option) error {
	ew, err := NewWriter(w, format, opts...)
	if err != nil {
		return err
	}
	for i := range events {
		if err := ew.Write(events[i]); err != nil {
			return err
		}
	}
	return ew.Close()
}

// errClosed is returned by Write after Close.
var errClosed = errors.New("export: write after close")

// prepare returns the copy of e that every format encodes: Notes filled
// when empty, nil slices replaced by empty ones. It shares no mutable
// state with e that the writers modify.
func prepare(e evident.Event) evident.Event {
	if e.Notes == "" {
		e.Notes = Notes(&e)
	}
	if e.Tags == nil {
		e.Tags = []string{}
	}
	if e.Evidence == nil {
		e.Evidence = []evident.Evidence{}
	}
	return e
}

// hasCoordinates reports whether e carries a point. An event with latitude,
// longitude and geonameid all zero has none.
func hasCoordinates(e *evident.Event) bool {
	return e.Latitude != 0 || e.Longitude != 0 || e.GeonameID != 0
}

// state holds the buffered output and the sticky error shared by the
// writers.
type state struct {
	bw     *bufio.Writer
	err    error
	closed bool
}

func newState(w io.Writer) state { return state{bw: bufio.NewWriter(w)} }

func (s *state) check() error {
	if s.err != nil {
		return s.err
	}
	if s.closed {
		return errClosed
	}
	return nil
}

func (s *state) write(p []byte) {
	if s.err == nil {
		_, s.err = s.bw.Write(p)
	}
}

func (s *state) writeString(p string) {
	if s.err == nil {
		_, s.err = s.bw.WriteString(p)
	}
}

func (s *state) flush() error {
	if s.err == nil {
		s.err = s.bw.Flush()
	}
	return s.err
}
