package eventeval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/evident-org/evident"
)

// Malformed is an input line a loader skipped.
type Malformed struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

func (m Malformed) String() string { return fmt.Sprintf("%s:%d: %s", m.File, m.Line, m.Reason) }

// maxLine is the longest input line the loaders accept.
const maxLine = 16 << 20

// lines calls fn for every line of r (without its line ending) with its
// 1-based number. Lines longer than maxLine are passed as nil with
// tooLong set.
func lines(r io.Reader, fn func(n int, line []byte, tooLong bool) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		var line []byte
		tooLong := false
		for {
			chunk, err := br.ReadSlice('\n')
			if !tooLong {
				if len(line)+len(chunk) > maxLine {
					tooLong, line = true, nil
				} else {
					line = append(line, chunk...)
				}
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				if len(line) == 0 && !tooLong && len(chunk) == 0 {
					return nil
				}
				break
			}
			if err != nil {
				return err
			}
			break
		}
		line = bytes.TrimRight(line, "\r\n")
		if err := fn(n, line, tooLong); err != nil {
			return err
		}
	}
}

// Snippet is one CASE 2021 task 2 item.
type Snippet struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	// Label is the CASE label (ARMED_CLASH, DIPLO, ...).
	Label string `json:"label"`
	// Line is the line number in the file.
	Line int `json:"line"`
}

// LoadCASE reads a CASE 2021 task 2 file; see DecodeCASE.
func LoadCASE(path string) ([]Snippet, []Malformed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return DecodeCASE(f, path)
}

// DecodeCASE reads a tab-separated file with the columns id, EventSnippet,
// SubType (a header line naming them is skipped). Lines are split on tabs
// by hand, not as CSV: the snippets contain quotes. A snippet that holds
// tabs itself (more than three fields) keeps them; a snippet entirely in
// double quotes is unquoted CSV-style. Lines with fewer than three
// fields, an empty id or text, an unknown label, a duplicate id or invalid
// UTF-8 are skipped and returned as Malformed, named file:line. Blank
// lines are ignored. It fails when no snippet is left.
func DecodeCASE(r io.Reader, name string) ([]Snippet, []Malformed, error) {
	var out []Snippet
	var bad []Malformed
	seen := map[string]bool{}
	started := false // a non-blank line was seen
	err := lines(r, func(n int, b []byte, tooLong bool) error {
		skip := func(format string, a ...any) {
			bad = append(bad, Malformed{File: name, Line: n, Reason: fmt.Sprintf(format, a...)})
		}
		if tooLong {
			started = true
			skip("line longer than %d bytes", maxLine)
			return nil
		}
		if n == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		if len(bytes.TrimSpace(b)) == 0 {
			return nil
		}
		first := !started
		started = true
		if !utf8.Valid(b) {
			skip("invalid UTF-8")
			return nil
		}
		f := strings.Split(string(b), "\t")
		if len(f) < 3 {
			skip("want 3 tab-separated fields (id, EventSnippet, SubType), got %d", len(f))
			return nil
		}
		id := strings.TrimSpace(f[0])
		label := strings.TrimSpace(f[len(f)-1])
		text := unquote(strings.TrimSpace(strings.Join(f[1:len(f)-1], "\t")))
		if first && strings.EqualFold(id, "id") && strings.EqualFold(label, "SubType") {
			return nil
		}
		switch {
		case id == "":
			skip("empty id")
		case strings.TrimSpace(text) == "":
			skip("snippet %s: empty text", id)
		case seen[id]:
			skip("duplicate id %s", id)
		default:
			if _, err := MapCASELabel(label); err != nil {
				skip("snippet %s: %v", id, err)
				return nil
			}
			seen[id] = true
			out = append(out, Snippet{ID: id, Text: text, Label: label, Line: n})
		}
		return nil
	})
	if err != nil {
		return out, bad, fmt.Errorf("%s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, bad, fmt.Errorf("%s: no snippets (%d malformed lines)", name, len(bad))
	}
	return out, bad, nil
}

// unquote removes CSV-style quotes around s ("a ""b"" c" → a "b" c).
func unquote(s string) string {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return s
	}
	in := s[1 : len(s)-1]
	// Only a well-formed quoted field: every inner quote doubled.
	if strings.Count(in, `"`) != 2*strings.Count(in, `""`) {
		return s
	}
	return strings.ReplaceAll(in, `""`, `"`)
}

// Release is one ISAF press release with its labels.
type Release struct {
	// ID is "line N", N the line number in the file.
	ID     string     `json:"id"`
	Line   int        `json:"line"`
	Text   string     `json:"text"`
	Labels ISAFLabels `json:"labels"`
}

// ISAFLabels are the labels of a release that are scored (the file has
// more).
type ISAFLabels struct {
	Name      string   `json:"name"`
	StartDate string   `json:"start_date"`
	EventType []string `json:"event_type"`
	// Province lists the provinces; empty or [""] means none.
	Province    []string `json:"province"`
	MinKilled   int      `json:"min_killed"`
	MinCaptured int      `json:"min_captured"`
	Airstrike   bool     `json:"airstrike"`
}

// LoadISAF reads an ISAF press release file; see DecodeISAF.
func LoadISAF(path string) ([]Release, []Malformed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return DecodeISAF(f, path)
}

// DecodeISAF reads JSON Lines {"text", "labels": {"start_date",
// "province", "min_killed", "min_captured", "airstrike", ...}}. Lines that
// are not such an object (bad JSON, no text, no labels, a start_date that
// is not YYYY-MM-DD or empty, negative counts) are skipped and returned as
// Malformed. Blank lines are ignored. It fails when no release is left.
func DecodeISAF(r io.Reader, name string) ([]Release, []Malformed, error) {
	var out []Release
	var bad []Malformed
	err := lines(r, func(n int, b []byte, tooLong bool) error {
		skip := func(format string, a ...any) {
			bad = append(bad, Malformed{File: name, Line: n, Reason: fmt.Sprintf(format, a...)})
		}
		if tooLong {
			skip("line longer than %d bytes", maxLine)
			return nil
		}
		if len(bytes.TrimSpace(b)) == 0 {
			return nil
		}
		var raw struct {
			Text   *string     `json:"text"`
			Labels *ISAFLabels `json:"labels"`
		}
		if err := json.Unmarshal(b, &raw); err != nil {
			skip("%v", err)
			return nil
		}
		switch {
		case raw.Text == nil || strings.TrimSpace(*raw.Text) == "":
			skip("no text")
		case raw.Labels == nil:
			skip("no labels")
		case raw.Labels.StartDate != "" && !isDate(raw.Labels.StartDate):
			skip("start_date %q is not YYYY-MM-DD", raw.Labels.StartDate)
		case raw.Labels.MinKilled < 0 || raw.Labels.MinCaptured < 0:
			skip("negative count")
		case !utf8.ValidString(*raw.Text):
			skip("invalid UTF-8")
		default:
			out = append(out, Release{ID: fmt.Sprintf("line %d", n), Line: n, Text: *raw.Text, Labels: *raw.Labels})
		}
		return nil
	})
	if err != nil {
		return out, bad, fmt.Errorf("%s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, bad, fmt.Errorf("%s: no releases (%d malformed lines)", name, len(bad))
	}
	return out, bad, nil
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// Gold statuses.
const (
	StatusRequired   = "required"
	StatusOptional   = "optional"
	StatusBackground = "background"
)

// GoldDoc is one line of a gold file and the document it annotates.
type GoldDoc struct {
	DocID string `json:"doc_id"`
	// Published is YYYY-MM-DD or nil.
	Published *string     `json:"published"`
	Events    []GoldEvent `json:"events"`
	// Doc is the document of a JSON Lines corpus, as ingest builds it; nil
	// for a .txt document (FindDocuments).
	Doc *evident.Document `json:"-"`
	// Text is the document text; TextPath the .txt file it was read from,
	// or the corpus line's Input ("corpus.jsonl:LINE").
	Text     string `json:"-"`
	TextPath string `json:"-"`
	// Line is the line of the gold file.
	Line int `json:"-"`
}

// GoldEvent is one gold event (shared/eval/ANNOTATION.md).
type GoldEvent struct {
	ID                string       `json:"id"`
	Status            string       `json:"status"`
	EventType         string       `json:"event_type"`
	SubEventType      string       `json:"sub_event_type"`
	Actor1            string       `json:"actor1,omitempty"`
	Actor2            string       `json:"actor2,omitempty"`
	CivilianTargeting *bool        `json:"civilian_targeting,omitempty"`
	Location          GoldLocation `json:"location"`
	// EventDate is YYYY-MM-DD or nil.
	EventDate      *string `json:"event_date"`
	TimePrecision  int     `json:"time_precision"`
	Fatalities     *int    `json:"fatalities,omitempty"`
	FatalitiesLow  *int    `json:"fatalities_low,omitempty"`
	FatalitiesHigh *int    `json:"fatalities_high,omitempty"`
	Modality       string  `json:"modality,omitempty"`
	Evidence       string  `json:"evidence,omitempty"`
	// Incident is the id of the real-world incident the event belongs to
	// (dev-gold.jsonl): the same id in several documents is one incident
	// reported by several outlets; "" when not annotated.
	Incident string `json:"incident,omitempty"`
	// Claims are the attributed figures the text gives for the event.
	Claims []GoldClaim `json:"claims,omitempty"`
}

// GoldClaim is one attributed figure of a gold event: who gives it and
// the figure.
type GoldClaim struct {
	Source     string `json:"source"`
	Fatalities *int   `json:"fatalities,omitempty"`
	Injured    *int   `json:"injured,omitempty"`
}

// GoldLocation is a gold event's place.
type GoldLocation struct {
	Name         string   `json:"name"`
	Country      string   `json:"country"`
	Admin1       string   `json:"admin1"`
	Lat          *float64 `json:"lat"`
	Lon          *float64 `json:"lon"`
	GeoPrecision int      `json:"geo_precision"`
}

// LoadGold reads a gold file (DecodeGold) and finds its documents
// (FindDocuments): first <doc_id>.txt beside the gold file, then in
// docPaths, in order.
func LoadGold(path string, docPaths ...string) ([]GoldDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	docs, err := DecodeGold(f, path)
	if err != nil {
		return nil, err
	}
	if err := FindDocuments(docs, path, append([]string{filepath.Dir(path)}, docPaths...)); err != nil {
		return nil, err
	}
	return docs, nil
}

// DecodeGold reads a gold file in the format of shared/eval/ANNOTATION.md,
// one document per line, without the documents' texts (FindDocuments
// finds them). Gold files are small and hand-written, so any mistake is
// an error naming file:line: bad JSON, an empty or duplicate doc_id, a
// path separator in doc_id, an unknown status, an empty event_type, a
// date that is not YYYY-MM-DD, a time_precision or geo_precision outside
// 0-3, or latitude without longitude. Blank lines are ignored.
func DecodeGold(r io.Reader, name string) ([]GoldDoc, error) {
	var out []GoldDoc
	seen := map[string]bool{}
	err := lines(r, func(n int, b []byte, tooLong bool) error {
		fail := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s", name, n, fmt.Sprintf(format, a...))
		}
		if tooLong {
			return fail("line longer than %d bytes", maxLine)
		}
		if len(bytes.TrimSpace(b)) == 0 {
			return nil
		}
		var d GoldDoc
		if err := json.Unmarshal(b, &d); err != nil {
			return fail("%v", err)
		}
		switch {
		case strings.TrimSpace(d.DocID) == "":
			return fail("no doc_id")
		case strings.ContainsAny(d.DocID, `/\`) || d.DocID == "." || d.DocID == "..":
			return fail("doc_id %q is not a file name", d.DocID)
		case seen[d.DocID]:
			return fail("duplicate doc_id %q", d.DocID)
		case d.Published != nil && !isDate(*d.Published):
			return fail("published %q is not YYYY-MM-DD", *d.Published)
		}
		seen[d.DocID] = true
		for i, e := range d.Events {
			if err := checkGoldEvent(e); err != nil {
				return fail("%s event %d (%s): %v", d.DocID, i+1, e.ID, err)
			}
		}
		d.Line = n
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New(name + ": no gold documents")
	}
	return out, nil
}

func checkGoldEvent(e GoldEvent) error {
	switch e.Status {
	case StatusRequired, StatusOptional, StatusBackground:
	default:
		return fmt.Errorf("status %q is not required, optional or background", e.Status)
	}
	switch {
	case strings.TrimSpace(e.EventType) == "":
		return errors.New("no event_type")
	case e.EventDate != nil && !isDate(*e.EventDate):
		return fmt.Errorf("event_date %q is not YYYY-MM-DD", *e.EventDate)
	case e.TimePrecision < 0 || e.TimePrecision > 3:
		return fmt.Errorf("time_precision %d is not 1, 2 or 3", e.TimePrecision)
	case e.Location.GeoPrecision < 0 || e.Location.GeoPrecision > 3:
		return fmt.Errorf("geo_precision %d is not 1, 2 or 3", e.Location.GeoPrecision)
	case (e.Location.Lat == nil) != (e.Location.Lon == nil):
		return errors.New("location has only one of lat and lon")
	case e.Location.Lat != nil && (*e.Location.Lat < -90 || *e.Location.Lat > 90 || *e.Location.Lon < -180 || *e.Location.Lon > 180):
		return errors.New("location lat/lon out of range")
	}
	return nil
}
