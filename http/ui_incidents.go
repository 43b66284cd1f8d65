package http

import (
	"context"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

// The incident page's derived parts (the toll over time, the history, the
// links to highlighted evidence) and the index's incidents view.

// incidentPage is the data of an incident's page.
type incidentPage struct {
	pageData
	Incident  *evident.Incident
	Claims    []claimRow
	Toll      []claimRow // the fatality claims by publication date
	Chart     *tollChart // nil when no fatality claim is dated
	Undated   int        // fatality claims without a publication date
	Versions  []versionRow
	Overrides []evident.IncidentOverride
	Evidence  map[string]string // event id -> the document page with its evidence highlighted
}

// claimRow is a claim with a link to its document with the claim
// highlighted.
type claimRow struct {
	evident.Claim
	DocURL string
	Figure int // the value as a number (fatality claims); -1 when not one
}

// versionRow is one version of the incident's canonical record.
type versionRow struct {
	evident.IncidentVersion
	When string // At, UTC, to the minute
}

// highlightURL is the document page of doc with the byte ranges spans
// highlighted and the first scrolled to (documentPage's "hl").
func highlightURL(doc string, spans ...evident.Span) string {
	var parts []string
	for _, sp := range spans {
		if sp.End > sp.Start {
			parts = append(parts, strconv.Itoa(sp.Start)+"-"+strconv.Itoa(sp.End))
		}
	}
	u := "/documents/" + url.PathEscape(doc)
	if len(parts) == 0 {
		return u
	}
	return u + "?hl=" + strings.Join(slices.Compact(parts), ",") + "#span-h0"
}

// claimSpans are the ranges a claim's link highlights: the figure itself
// when known, then the evidence sentence.
func claimSpans(c evident.Claim) []evident.Span {
	var out []evident.Span
	if c.Span != nil {
		out = append(out, *c.Span)
	}
	return append(out, evident.Span{Start: c.Evidence.Start, End: c.Evidence.End})
}

func newIncidentPage(pd pageData, in *evident.Incident) incidentPage {
	d := incidentPage{pageData: pd, Incident: in, Overrides: in.Overrides, Evidence: map[string]string{}}
	for _, c := range in.Claims {
		row := claimRow{Claim: c, DocURL: highlightURL(c.DocID, claimSpans(c)...), Figure: -1}
		if n, err := strconv.Atoi(c.Value); err == nil && n >= 0 {
			row.Figure = n
		}
		d.Claims = append(d.Claims, row)
		if c.Field == evident.ClaimFatalities && row.Figure >= 0 {
			d.Toll = append(d.Toll, row)
		}
		if _, ok := d.Evidence[c.EventID]; !ok && c.Evidence.End > c.Evidence.Start {
			d.Evidence[c.EventID] = highlightURL(c.DocID, evident.Span{Start: c.Evidence.Start, End: c.Evidence.End})
		}
	}
	// Dated first, by date; then by figure, outlet and document.
	slices.SortStableFunc(d.Toll, func(a, b claimRow) int {
		if (a.Published == "") != (b.Published == "") {
			if a.Published == "" {
				return 1
			}
			return -1
		}
		if c := strings.Compare(a.Published, b.Published); c != 0 {
			return c
		}
		if a.Figure != b.Figure {
			return a.Figure - b.Figure
		}
		if c := strings.Compare(a.Outlet, b.Outlet); c != 0 {
			return c
		}
		return strings.Compare(a.DocID, b.DocID)
	})
	for _, c := range d.Toll {
		if c.Published == "" {
			d.Undated++
		}
	}
	d.Chart = newTollChart(d.Toll, in.Fatalities)
	for _, v := range in.Versions {
		d.Versions = append(d.Versions, versionRow{IncidentVersion: v, When: v.At.UTC().Format("2006-01-02 15:04 UTC")})
	}
	return d
}

// tollChart is the toll over time as an inline SVG: each source's
// fatality figure at its document's publication date, and the canonical
// figure as a line. Coordinates are in the SVG's user units.
type tollChart struct {
	W, H                     float64
	Left, Right, Top, Bottom float64 // the plot area
	Series                   []tollSeries
	YTicks, XTicks           []tick
	Canonical                float64 // y of the canonical figure; -1 when none
	CanonicalValue           int
	CanonicalLabelX          float64
	Summary                  string // the chart in words, for screen readers
	FirstDate, LastDate      string
}

// tollSeries is one source's figures.
type tollSeries struct {
	Source string
	Class  string // the colour: s0 … s5
	Points []tollPoint
	Path   string // the SVG path joining the points, "" for one point
}

type tollPoint struct {
	X, Y      float64
	Value     int
	Date      string
	Outlet    string
	Canonical bool
	DocURL    string
}

type tick struct {
	Pos   float64
	Label string
}

// seriesColours is the number of colours the chart cycles through.
const seriesColours = 6

func newTollChart(toll []claimRow, canonical int) *tollChart {
	var dated []claimRow
	for _, c := range toll {
		if c.Published != "" {
			if _, err := time.Parse(time.DateOnly, c.Published); err == nil {
				dated = append(dated, c)
			}
		}
	}
	if len(dated) == 0 {
		return nil
	}
	ch := &tollChart{W: 640, H: 240, Left: 48, Right: 552, Top: 24, Bottom: 200, Canonical: -1}
	day := func(s string) float64 {
		t, _ := time.Parse(time.DateOnly, s)
		return float64(t.Unix() / 86400)
	}
	d0, d1 := day(dated[0].Published), day(dated[len(dated)-1].Published)
	ch.FirstDate, ch.LastDate = dated[0].Published, dated[len(dated)-1].Published
	if d1 == d0 { // one day: centre it
		d0, d1 = d0-1, d1+1
	}
	top := canonical
	for _, c := range dated {
		top = max(top, c.Figure)
	}
	ymax := niceCeil(max(top, 1))
	x := func(d float64) float64 { return round1(ch.Left + 12 + (ch.Right-ch.Left-24)*(d-d0)/(d1-d0)) }
	y := func(v int) float64 { return round1(ch.Bottom - (ch.Bottom-ch.Top)*float64(v)/float64(ymax)) }
	for _, v := range []int{0, ymax / 2, ymax} {
		if v == ymax/2 && (ymax%2 != 0 || ymax < 2) {
			continue
		}
		ch.YTicks = append(ch.YTicks, tick{Pos: y(v), Label: strconv.Itoa(v)})
	}
	dates := []string{dated[0].Published}
	if ch.LastDate != ch.FirstDate {
		dates = append(dates, ch.LastDate)
	}
	for _, s := range dates {
		ch.XTicks = append(ch.XTicks, tick{Pos: x(day(s)), Label: s})
	}
	bySource := map[string]int{}
	for _, c := range dated {
		i, ok := bySource[c.Source]
		if !ok {
			i = len(ch.Series)
			bySource[c.Source] = i
			ch.Series = append(ch.Series, tollSeries{Source: c.Source, Class: "s" + strconv.Itoa(i%seriesColours)})
		}
		ch.Series[i].Points = append(ch.Series[i].Points, tollPoint{
			X: x(day(c.Published)), Y: y(c.Figure), Value: c.Figure, Date: c.Published, Outlet: c.Outlet, Canonical: c.Canonical, DocURL: c.DocURL,
		})
	}
	for i := range ch.Series {
		s := &ch.Series[i]
		if len(s.Points) < 2 {
			continue
		}
		var b strings.Builder
		for j, p := range s.Points {
			if j == 0 {
				b.WriteString("M")
			} else {
				b.WriteString(" L")
			}
			b.WriteString(strconv.FormatFloat(p.X, 'f', -1, 64) + " " + strconv.FormatFloat(p.Y, 'f', -1, 64))
		}
		s.Path = b.String()
	}
	if canonical > 0 {
		ch.Canonical, ch.CanonicalValue = y(canonical), canonical
	}
	ch.Summary = tollSummary(dated, canonical)
	return ch
}

// tollSummary is the chart in a sentence.
func tollSummary(dated []claimRow, canonical int) string {
	lo, hi := dated[0].Figure, dated[0].Figure
	sources := map[string]bool{}
	for _, c := range dated {
		lo, hi = min(lo, c.Figure), max(hi, c.Figure)
		sources[c.Source] = true
	}
	s := plural(len(dated), "fatality figure") + " from " + plural(len(sources), "source") + ", published " + dated[0].Published
	if last := dated[len(dated)-1].Published; last != dated[0].Published {
		s += " to " + last
	}
	if lo == hi {
		s += ", all " + strconv.Itoa(lo)
	} else {
		s += ", from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)
	}
	if canonical > 0 {
		s += "; the canonical (most conservative credible) figure is " + strconv.Itoa(canonical)
	}
	return s + "."
}

// niceCeil rounds n up to 1, 2 or 5 times a power of ten (at least 2, so
// the axis has a middle tick).
func niceCeil(n int) int {
	if n <= 2 {
		return 2
	}
	p := math.Pow(10, math.Floor(math.Log10(float64(n))))
	for _, m := range []float64{1, 2, 5, 10} {
		if v := int(m * p); v >= n {
			return v
		}
	}
	return int(10 * p)
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// parseHighlights reads a document page's "hl" parameter: byte ranges
// "start-end" separated by commas (at most 8), as highlightURL writes
// them. Malformed ranges are dropped.
func parseHighlights(v string) []hlSpan {
	var out []hlSpan
	for _, part := range strings.Split(v, ",") {
		a, b, ok := strings.Cut(strings.TrimSpace(part), "-")
		if !ok {
			continue
		}
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || start < 0 || end <= start {
			continue
		}
		out = append(out, hlSpan{Start: start, End: end, Key: "h" + strconv.Itoa(len(out)), Class: "hl"})
		if len(out) == 8 {
			break
		}
	}
	return out
}

// Index views.
const (
	viewIncidents = "incidents"
	viewReports   = "reports"
)

// hasIncidents reports whether the store keeps any incident: the index
// then lists incidents by default and offers the switch. A listed event
// with an incident answers it without a query; otherwise the store is
// asked for one incident (cheap when there are none: the subquery walks
// the index of fused events; with many fused events it is not, hence the
// shortcut).
func (s *Server) hasIncidents(ctx context.Context, listed []evident.Event) (bool, error) {
	is, ok := s.store.(evident.IncidentStore)
	if !ok {
		return false, nil
	}
	for _, e := range listed {
		if e.IncidentID != "" {
			return true, nil
		}
	}
	page, err := is.Incidents(ctx, evident.Query{}, evident.PageRequest{Limit: 1})
	if err != nil {
		return false, err
	}
	return len(page.Incidents) > 0, nil
}

// outletCount is the number of distinct outlets among an incident's
// reports.
func outletCount(in evident.Incident) int {
	var seen []string
	for _, r := range in.Reports {
		if r.Outlet != "" && !slices.Contains(seen, r.Outlet) {
			seen = append(seen, r.Outlet)
		}
	}
	return len(seen)
}

// incidentPlace is an incident's location, region and country, as known.
func incidentPlace(in evident.Incident) string {
	return placeName(evident.Event{Location: in.Location})
}

// incidentActors is "actor1 vs actor2", as known.
func incidentActors(in evident.Incident) string {
	return actorNames(evident.Event{Actor1: in.Actor1, Actor2: in.Actor2})
}

// reportsFrom is "3 reports from 2 outlets" ("3 reports" when no report
// names its outlet).
func reportsFrom(in evident.Incident) string {
	s := plural(len(in.Reports), "report")
	if n := outletCount(in); n > 0 {
		s += " from " + plural(n, "outlet")
	}
	return s
}

// plural is "1 report" or "3 reports".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
