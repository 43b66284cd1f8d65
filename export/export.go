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
//
// WithCodes adds each event's CAMEO and PLOVER mapping (package taxonomy)
// to every format: extra columns at the end of acled-csv, extra keys at the
// end of each JSON object. Without it the output is unchanged.
package export

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/taxonomy"
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
	now         func() time.Time
	codes       Codes
	uncertainty bool
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

// Codes selects the event-code mappings a writer adds. The zero value adds
// none.
type Codes uint8

// Mapping sets for WithCodes; combine them with |.
const (
	// CodesCAMEO adds cameo_root and cameo_code.
	CodesCAMEO Codes = 1 << iota
	// CodesPLOVER adds plover_event and plover_mode.
	CodesPLOVER
)

// CodeSets returns the names ParseCodes accepts, in column order.
func CodeSets() []string { return []string{"cameo", "plover"} }

// ParseCodes returns the Codes named by names ("cameo", "plover"; case
// is ignored, and a name may itself be a comma-separated list). An unknown
// name is an *evident.Error with code EINVALID.
func ParseCodes(names ...string) (Codes, error) {
	var c Codes
	for _, list := range names {
		for name := range strings.SplitSeq(list, ",") {
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "":
			case "cameo":
				c |= CodesCAMEO
			case "plover":
				c |= CodesPLOVER
			default:
				return 0, evident.Errorf(evident.EINVALID, "", "unknown code set %q (valid: %s)",
					name, strings.Join(CodeSets(), ", "))
			}
		}
	}
	return c, nil
}

// CodeColumns returns the names of the columns (acled-csv) and keys (JSON
// formats) that c adds, in the order writers add them: cameo_root,
// cameo_code, plover_event, plover_mode.
func CodeColumns(c Codes) []string {
	var out []string
	if c&CodesCAMEO != 0 {
		out = append(out, "cameo_root", "cameo_code")
	}
	if c&CodesPLOVER != 0 {
		out = append(out, "plover_event", "plover_mode")
	}
	return out
}

// WithCodes makes the writer add the CAMEO and/or PLOVER mapping of each
// event's sub_event_type, from taxonomy.Default: CodeColumns(c) are
// appended to acled-csv rows and to JSON objects (GeoJSON properties). An
// event whose sub_event_type is not one of ACLED's 25, or which has no
// equivalent ("Other"), gets empty strings. docs/taxonomy.md lists the
// mappings.
func WithCodes(c Codes) Option {
	return func(cfg *config) { cfg.codes = c }
}

// WithUncertaintyGeometry makes the GeoJSON writer draw each located
// event as its uncertainty circle (a 64-sided polygon of radius
// uncertainty_m around the point) instead of the point. Other formats
// ignore it; uncertainty_m is in every format's fields.
func WithUncertaintyGeometry() Option {
	return func(cfg *config) { cfg.uncertainty = true }
}

// codes holds one event's mapping values; fields not selected stay empty.
type codes struct {
	cameoRoot, cameoCode, ploverEvent, ploverMode string
}

func lookupCodes(c Codes, subEventType string) codes {
	if c == 0 {
		return codes{}
	}
	s, ok := taxonomy.Default().Lookup(subEventType)
	if !ok {
		return codes{}
	}
	return codes{s.CAMEO.Root, s.CAMEO.Code, s.PLOVER.Event, s.PLOVER.Mode}
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
		return newJSONWriter(w, false, cfg.codes), nil
	case FormatJSONL:
		return newJSONWriter(w, true, cfg.codes), nil
	case FormatACLEDCSV:
		return newCSVWriter(w, cfg.now(), cfg.codes)
	case FormatGeoJSON:
		gw := newGeoJSONWriter(w, cfg.codes)
		gw.uncertainty = cfg.uncertainty
		return gw, nil
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
	if e.Weapons == nil {
		e.Weapons = []string{}
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
