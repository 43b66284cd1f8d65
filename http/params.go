package http

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
	"github.com/evident-org/evident/taxonomy"
)

// filterParams are the event filter parameters every event endpoint
// accepts (docs/api.md "Event filters").
var filterParams = []string{
	"since", "until", "bbox", "country", "admin1", "event_type", "sub_event_type", "actor",
	"min_fatalities", "civilian_targeting", "modality", "include_background", "q", "doc_id",
}

var modalities = []string{
	evident.ModalityAsserted, evident.ModalityReported, evident.ModalityClaimed, evident.ModalityAlleged,
	evident.ModalityUncertain, evident.ModalityDenied, evident.ModalityNegated,
}

// maxTextParam bounds free-text parameters.
const maxTextParam = 200

// params reads a request's query string strictly: an unknown or repeated
// parameter is an error that names it, so a typo never silently widens a
// query.
type params struct {
	v   url.Values
	tax *taxonomy.Taxonomy
}

func newParams(raw string, allowed []string, tax *taxonomy.Taxonomy) (params, error) {
	v, err := url.ParseQuery(raw)
	if err != nil {
		return params{}, badParam("query", "malformed query string")
	}
	for k, vals := range v {
		if k == "" {
			return params{}, badParam("query", "a parameter without a name")
		}
		if !slices.Contains(allowed, k) {
			return params{}, badParam(k, "unknown parameter; allowed: %s", strings.Join(allowed, ", "))
		}
		if len(vals) > 1 {
			return params{}, badParam(k, "given %d times; give it once (lists are comma-separated)", len(vals))
		}
		if !utf8.ValidString(vals[0]) {
			return params{}, badParam(k, "not valid UTF-8")
		}
		if len(vals[0]) > 4096 {
			return params{}, badParam(k, "longer than 4096 bytes")
		}
		if i := strings.IndexFunc(vals[0], unicode.IsControl); i >= 0 {
			return params{}, badParam(k, "holds a control character (U+%04X at byte %d)", vals[0][i:][0], i)
		}
	}
	return params{v: v, tax: tax}, nil
}

func (p params) str(name string) string { return strings.TrimSpace(p.v.Get(name)) }

func (p params) list(name string) []string {
	s := p.str(name)
	if s == "" {
		return nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (p params) date(name string) (time.Time, error) {
	s := p.str(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, badParam(name, "%q is not a date; want YYYY-MM-DD", s)
	}
	return t, nil
}

func (p params) boolean(name string) (*bool, error) {
	switch s := strings.ToLower(p.str(name)); s {
	case "":
		return nil, nil
	case "true", "1", "yes":
		t := true
		return &t, nil
	case "false", "0", "no":
		f := false
		return &f, nil
	default:
		return nil, badParam(name, "%q is not a boolean; want true or false", s)
	}
}

func (p params) integer(name string, def, lo, hi int) (int, error) {
	s := p.str(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, badParam(name, "%q: want an integer from %d to %d", s, lo, hi)
	}
	return n, nil
}

func (p params) text(name string) (string, error) {
	s := p.str(name)
	if utf8.RuneCountInString(s) > maxTextParam {
		return "", badParam(name, "longer than %d characters", maxTextParam)
	}
	return s, nil
}

// oneOf returns the canonical spelling of each listed value, matched
// case-insensitively against choices.
func (p params) oneOf(name string, choices []string) ([]string, error) {
	var out []string
	for _, v := range p.list(name) {
		i := slices.IndexFunc(choices, func(c string) bool { return strings.EqualFold(c, v) })
		if i < 0 {
			return nil, badParam(name, "%q is not one of: %s", v, strings.Join(choices, ", "))
		}
		out = append(out, choices[i])
	}
	return out, nil
}

func parseBBox(s string) (*evident.BBox, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return nil, badParam("bbox", "%q: want minLon,minLat,maxLon,maxLat", s)
	}
	var f [4]float64
	for i, part := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, badParam("bbox", "%q: %q is not a number", s, part)
		}
		f[i] = v
	}
	b := &evident.BBox{MinLon: f[0], MinLat: f[1], MaxLon: f[2], MaxLat: f[3]}
	switch {
	case b.MinLat < -90 || b.MaxLat > 90:
		return nil, badParam("bbox", "latitudes must lie in [-90, 90]")
	case b.MinLat > b.MaxLat:
		return nil, badParam("bbox", "minLat %g is above maxLat %g", b.MinLat, b.MaxLat)
	case b.MaxLon-b.MinLon >= 360:
		b.MinLon, b.MaxLon = -180, 180
	case b.MinLon < -540 || b.MinLon > 540 || b.MaxLon < -540 || b.MaxLon > 540:
		return nil, badParam("bbox", "longitudes must lie in [-540, 540]")
	}
	// Leaflet reports longitudes beyond ±180 after panning round the
	// world; wrap them back.
	b.MinLon, b.MaxLon = wrapLon(b.MinLon), wrapLon(b.MaxLon)
	return b, nil
}

func wrapLon(l float64) float64 {
	for l > 180 {
		l -= 360
	}
	for l < -180 {
		l += 360
	}
	return l
}

// query reads the event filters.
func (p params) query() (evident.Query, error) {
	var (
		q   evident.Query
		err error
	)
	if q.Since, err = p.date("since"); err != nil {
		return q, err
	}
	if q.Until, err = p.date("until"); err != nil {
		return q, err
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && q.Until.Before(q.Since) {
		return q, badParam("until", "%s is before since %s", p.str("until"), p.str("since"))
	}
	if q.BBox, err = parseBBox(p.str("bbox")); err != nil {
		return q, err
	}
	for _, c := range p.list("country") {
		cc, err := countryCode(c)
		if err != nil {
			return q, err
		}
		if !slices.Contains(q.Countries, cc) {
			q.Countries = append(q.Countries, cc)
		}
	}
	q.Admin1 = p.list("admin1")
	var types, subs []string
	for _, et := range p.tax.EventTypes() {
		types = append(types, et.Name)
		subs = append(subs, et.SubEventTypes...)
	}
	if q.EventTypes, err = p.oneOf("event_type", types); err != nil {
		return q, err
	}
	if q.SubEventTypes, err = p.oneOf("sub_event_type", subs); err != nil {
		return q, err
	}
	if q.Actor, err = p.text("actor"); err != nil {
		return q, err
	}
	if q.MinFatalities, err = p.integer("min_fatalities", 0, 0, math.MaxInt32); err != nil {
		return q, err
	}
	if q.CivilianTargeting, err = p.boolean("civilian_targeting"); err != nil {
		return q, err
	}
	if q.Modalities, err = p.oneOf("modality", modalities); err != nil {
		return q, err
	}
	bg, err := p.boolean("include_background")
	if err != nil {
		return q, err
	}
	q.WithBackground = bg != nil && *bg
	if q.Text, err = p.text("q"); err != nil {
		return q, err
	}
	if q.DocID, err = p.text("doc_id"); err != nil {
		return q, err
	}
	return q, nil
}

// countryCode reads a country filter value: an ISO 3166-1 alpha-2 code in
// any case ("iq"), or a country name the embedded gazetteer knows, in any
// case, English or an alternate name ("Iraq", "syria", "Syrian Arab
// Republic").
func countryCode(s string) (string, error) {
	if len(s) == 2 && isASCIILetters(s) {
		return strings.ToUpper(s), nil
	}
	if utf8.RuneCountInString(s) <= 60 {
		if g, err := gazetteer.Default(); err == nil {
			for _, c := range g.Countries() {
				if strings.EqualFold(c.Name, s) {
					return c.Code, nil
				}
			}
			for _, e := range g.Lookup(s) {
				if e.IsCountry() && e.CountryCode != "" {
					return e.CountryCode, nil
				}
			}
		}
	}
	return "", badParam("country", "%q is not a country name or an ISO 3166-1 alpha-2 code (IQ, SY)", s)
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func with(base []string, extra ...string) []string {
	return append(slices.Clone(base), extra...)
}
