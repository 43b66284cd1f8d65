package export

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/acled"
)

// ACLEDColumns returns ACLED's public export columns in ACLED's order.
// acled-csv writes these first.
func ACLEDColumns() []string {
	return []string{
		"event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
		"event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
		"actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
		"iso", "region", "country", "admin1", "admin2", "admin3", "location",
		"latitude", "longitude", "geo_precision", "source", "source_scale",
		"notes", "fatalities", "tags", "timestamp",
	}
}

// ExtensionColumns returns the Evident columns that acled-csv writes after
// ACLED's, in order.
func ExtensionColumns() []string {
	return []string{
		"event_id", "doc_id", "country_code", "geonameid", "fatalities_low", "fatalities_high",
		"injured", "modality", "attribution", "background", "confidence",
		"evidence", "extractor_version", "weapons", "uncertainty_m",
	}
}

// CSVHeader returns the default acled-csv header: ACLEDColumns then
// ExtensionColumns. A writer made WithCodes appends CodeColumns.
func CSVHeader() []string { return append(ACLEDColumns(), ExtensionColumns()...) }

// CivilianTargeting is the value ACLED writes in civilian_targeting for
// events that target civilians; other events leave the column empty.
const CivilianTargeting = "Civilian targeting"

// csvWriter writes "acled-csv": a header row, then one row per event.
type csvWriter struct {
	cw        *csv.Writer
	timestamp string
	codes     Codes
	row       []string
	header    bool
	err       error
	closed    bool
}

func newCSVWriter(w io.Writer, now time.Time, c Codes) (*csvWriter, error) {
	return &csvWriter{
		cw:        csv.NewWriter(w),
		timestamp: strconv.FormatInt(now.Unix(), 10),
		codes:     c,
		row:       make([]string, 0, len(ACLEDColumns())+len(ExtensionColumns())+len(CodeColumns(c))),
	}, nil
}

func (w *csvWriter) writeHeader() {
	if !w.header && w.err == nil {
		w.header = true
		w.err = w.cw.Write(append(CSVHeader(), CodeColumns(w.codes)...))
	}
}

func (w *csvWriter) Write(e evident.Event) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errClosed
	}
	w.writeHeader()
	if w.err != nil {
		return w.err
	}
	e = prepare(e)
	w.row = appendCSVRow(w.row[:0], &e, acled.Region(e.CountryCode), w.timestamp)
	if w.codes != 0 {
		c := lookupCodes(w.codes, e.SubEventType)
		if w.codes&CodesCAMEO != 0 {
			w.row = append(w.row, c.cameoRoot, c.cameoCode)
		}
		if w.codes&CodesPLOVER != 0 {
			w.row = append(w.row, c.ploverEvent, c.ploverMode)
		}
	}
	w.err = w.cw.Write(w.row)
	return w.err
}

func (w *csvWriter) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.cw.Flush()
	w.err = w.cw.Error()
	return w.err
}

// Close writes the header if no event was written, then flushes.
func (w *csvWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	w.writeHeader()
	return w.Flush()
}

// ACLEDID returns an event's event_id_cnty in ACLED's form: the ISO
// 3166-1 alpha-3 code of its country and a number, "IRQ2857260189". The
// number is derived from the event's own id (event_id), so it is stable
// for the same event across exports; "XXX" stands for an unknown country.
func ACLEDID(e *evident.Event) string {
	cc := acled.ISO3(e.CountryCode)
	if cc == "" {
		cc = "XXX"
	}
	h := sha256.Sum256([]byte(e.ID))
	return cc + strconv.FormatUint(uint64(binary.BigEndian.Uint32(h[:4])), 10)
}

// appendCSVRow appends e's acled-csv cells, in CSVHeader order, to row.
func appendCSVRow(row []string, e *evident.Event, region, timestamp string) []string {
	civ := ""
	if e.CivilianTargeting {
		civ = CivilianTargeting
	}
	lat, lon := "", ""
	if hasCoordinates(e) {
		lat, lon = formatFloat(e.Latitude), formatFloat(e.Longitude)
	}
	geonameid := ""
	if e.GeonameID != 0 {
		geonameid = strconv.FormatInt(e.GeonameID, 10)
	}
	iso := ""
	if e.ISO != 0 {
		iso = strconv.Itoa(e.ISO)
	}
	return append(row,
		// ACLED
		ACLEDID(e),
		safe(e.EventDate),
		year(e.EventDate),
		strconv.Itoa(e.TimePrecision),
		safe(e.DisorderType),
		safe(e.EventType),
		safe(e.SubEventType),
		safe(e.Actor1),
		safe(e.AssocActor1),
		strconv.Itoa(e.Inter1),
		safe(e.Actor2),
		safe(e.AssocActor2),
		strconv.Itoa(e.Inter2),
		strconv.Itoa(e.Interaction),
		safe(civ),
		iso,
		safe(region),
		safe(e.Country),
		safe(e.Admin1),
		safe(e.Admin2),
		safe(e.Admin3),
		safe(e.Location.Location),
		lat,
		lon,
		strconv.Itoa(e.GeoPrecision),
		safe(e.Source),
		safe(e.SourceScale),
		safe(e.Notes),
		strconv.Itoa(e.Fatalities),
		safe(strings.Join(e.Tags, "; ")),
		timestamp,
		// Evident
		safe(e.ID),
		safe(e.DocID),
		safe(e.CountryCode),
		geonameid,
		strconv.Itoa(e.FatalitiesLow),
		strconv.Itoa(e.FatalitiesHigh),
		strconv.Itoa(e.Injured),
		safe(e.Modality),
		safe(e.Attribution),
		strconv.FormatBool(e.Background),
		formatFloat(e.Confidence),
		safe(EvidenceString(e.Evidence)),
		safe(e.ExtractorVersion),
		safe(strings.Join(e.Weapons, "; ")),
		strconv.Itoa(e.UncertaintyM),
	)
}

// safe neutralises a text cell that a spreadsheet would run as a formula
// (OWASP, "CSV Injection"): one that starts with =, +, -, @, a tab or a
// carriage return gets a leading single quote, which spreadsheets show as
// text and do not evaluate. Numeric columns are never passed here, so a
// negative longitude stays a number.
func safe(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

// EvidenceString renders evidence spans as acled-csv does:
// "[start:end] text" for each span, joined with " | ".
func EvidenceString(ev []evident.Evidence) string {
	var b strings.Builder
	for i, x := range ev {
		if i > 0 {
			b.WriteString(" | ")
		}
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(x.Start))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(x.End))
		b.WriteString("] ")
		b.WriteString(x.Text)
	}
	return b.String()
}

// year returns the YYYY prefix of a YYYY-MM-DD date, or "".
func year(date string) string {
	if len(date) < 4 {
		return ""
	}
	for _, c := range date[:4] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	if len(date) > 4 && date[4] != '-' {
		return ""
	}
	return date[:4]
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
