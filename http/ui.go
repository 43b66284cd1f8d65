package http

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/evident-org/evident"
)

// The web UI: three server-rendered pages (html/template) and one small
// script bundle built from web/ into static/ (see web/README.md). Pages
// work without JavaScript as far as they can: the index renders the filter
// form and the first page of events; the script adds the map, the
// timeline and live filtering through the JSON API.

//go:embed static templates
var uiFS embed.FS

// uiPageSize is the number of events the index lists per page.
const uiPageSize = 50

// uiOnlyParams are page-URL parameters that are not filters: the map view,
// the list's cursor and the view (incidents or reports), which stay in the
// page, and the list's sort, which the list sends to /api/v1/events.
var uiOnlyParams = []string{"z", "lat", "lon", "cursor", "sort", "view"}

// listSorts are the list orders the index offers (the API's sort values).
var listSorts = []struct{ Value, Label string }{
	{evident.SortDateDesc, "Newest first"},
	{evident.SortDateAsc, "Oldest first"},
	{evident.SortFatalitiesDesc, "Most fatalities"},
	{evident.SortFatalitiesAsc, "Fewest fatalities"},
}

// asset is one embedded static file.
type asset struct {
	body  []byte
	ctype string
	hash  string // hex prefix of the SHA-256 of body: the cache-busting version
}

// uiAssets are the embedded static files by name, hashed once on first use.
var uiAssets = sync.OnceValue(func() map[string]asset {
	m := map[string]asset{}
	err := fs.WalkDir(uiFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := uiFS.ReadFile(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		m[strings.TrimPrefix(p, "static/")] = asset{body: b, ctype: contentType(p), hash: hex.EncodeToString(h[:6])}
		return nil
	})
	if err != nil {
		panic("http: embedded static files: " + err.Error())
	}
	return m
})

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	case ".png":
		return "image/png"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}

// staticURL is the versioned URL of an embedded asset.
func staticURL(name string) (string, error) {
	a, ok := uiAssets()[name]
	if !ok {
		return "", errors.New("no static asset " + name)
	}
	return "/static/" + name + "?v=" + a.hash, nil
}

// uiPages are the parsed page templates by name, each the layout plus one
// page; parsed once on first use.
var uiPages = sync.OnceValue(func() map[string]*template.Template {
	funcs := template.FuncMap{
		"static":    staticURL,
		"typeClass": typeClass,
		"join":      strings.Join,
		"percent":   func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" },
		"km":        func(m int) string { return strconv.FormatFloat(float64(m)/1000, 'f', 1, 64) },
		"clip": func(s string, n int) string {
			if len(s) <= n {
				return s
			}
			cut := n
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			return s[:cut] + "…"
		},
		"has": func(list []string, v string) bool {
			return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, v) })
		},
		"inc":         func(i int) int { return i + 1 },
		"place":       placeName,
		"actors":      actorNames,
		"fieldErr":    func(f filterForm, name string) fieldError { return fieldError{name, f.Errors[name]} },
		"plural":      plural,
		"utc":         func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
		"reportsFrom": reportsFrom,
		"iplace":      incidentPlace,
		"iactors":     incidentActors,
	}
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(uiFS, "templates/layout.html", "templates/parts.html"))
	pages := map[string]*template.Template{}
	for _, name := range []string{"index", "event", "document", "documents", "incident", "error", "feeds"} {
		pages[name] = template.Must(template.Must(base.Clone()).ParseFS(uiFS, "templates/"+name+".html"))
	}
	return pages
})

// typeClass is the CSS class of an ACLED event type: its colour.
func typeClass(eventType string) string {
	switch eventType {
	case "Battles":
		return "t-battles"
	case "Explosions/Remote violence":
		return "t-explosions"
	case "Violence against civilians":
		return "t-vac"
	case "Protests":
		return "t-protests"
	case "Riots":
		return "t-riots"
	case "Strategic developments":
		return "t-strategic"
	}
	return "t-other"
}

// placeName is an event's location, region and country, as known.
func placeName(ev evident.Event) string {
	var parts []string
	for _, p := range []string{ev.Location.Location, ev.Admin1, ev.Country} {
		if p != "" && !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "unknown place"
	}
	return strings.Join(parts, ", ")
}

// actorNames is "actor1 vs actor2", as known.
func actorNames(ev evident.Event) string {
	switch {
	case ev.Actor1 != "" && ev.Actor2 != "":
		return ev.Actor1 + " vs " + ev.Actor2
	case ev.Actor1 != "":
		return ev.Actor1
	case ev.Actor2 != "":
		return "unknown actor vs " + ev.Actor2
	}
	return "unknown actors"
}

// fieldError is the message, if any, beside one filter field.
type fieldError struct{ Name, Message string }

// registerUI registers the web UI's routes: GET /{$}, /events/{id},
// /documents, /documents/{id} and /static/. Reads need a token when the server runs
// with AuthReads, as in the API; the script then cannot help, so such
// servers are for API clients.
func (s *Server) registerUI(mux *http.ServeMux) {
	mux.HandleFunc("GET /static/{name...}", s.handleStatic)
	mux.Handle("GET /{$}", s.page(s.handleIndex))
	mux.Handle("GET /events/{id}", s.page(s.handleEventPage))
	mux.Handle("GET /documents/{id}", s.page(s.handleDocumentPage))
	mux.Handle("GET /incidents/{id}", s.page(s.handleIncidentPage))
	mux.Handle("GET /documents", s.page(s.handleDocumentsPage))
}

// page serves a UI page: errors become HTML error pages, not JSON.
func (s *Server) page(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.AuthReads {
			if _, err := s.authenticate(r); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

// handleStatic serves an embedded asset. A request carrying the asset's
// current version (?v=hash, as the templates link it) may be cached for a
// year; any other is revalidated with the ETag.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	a, ok := uiAssets()[r.PathValue("name")]
	if !ok {
		s.writeError(w, r, evident.Errorf(evident.ENOTFOUND, "", "no static file %s", r.PathValue("name")))
		return
	}
	etag := `"` + a.hash + `"`
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", etag)
	if r.URL.Query().Get("v") == a.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

// pageData is what every page's layout needs.
type pageData struct {
	Title   string
	Page    string // index, event, document or error: the script's entry point
	Version string
	Tiles   string // online tile URL template
}

// render writes a page with the UI's security headers.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := uiPages()[name].Execute(&buf, data); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", s.csp())
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // a client gone: nothing to tell it
	return nil
}

// csp allows only the server's own scripts, styles and data, plus images
// from the online tile server when one is configured.
func (s *Server) csp() string {
	img := "'self' data:"
	if u, err := url.Parse(strings.ReplaceAll(s.cfg.OnlineTiles, "{s}.", "x.")); err == nil && u.Host != "" && (u.Scheme == "https" || u.Scheme == "http") {
		host := u.Host
		if strings.Contains(s.cfg.OnlineTiles, "{s}.") {
			host = "*." + strings.TrimPrefix(host, "x.")
		}
		img += " " + u.Scheme + "://" + host
	}
	return "default-src 'self'; img-src " + img + "; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}

// errorPage is the data of the HTML error page.
type errorPage struct {
	pageData
	Status    int
	Message   string
	RequestID string
}

// renderError answers a UI request with an HTML error page: 404 for
// unknown ids, 400 for bad input, 500 (details only in the log) otherwise.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	d := errorPage{pageData: s.pageData("Error", "error")}
	switch code := evident.ErrorCode(err); {
	case code == evident.ENOTFOUND || code == evident.EINVALID:
		d.Status, d.Title, d.Message = http.StatusNotFound, "Not found", err.Error()
		if code == evident.EINVALID {
			d.Status, d.Title = http.StatusBadRequest, "Bad request"
		}
		// The store names its database file as the input; show only the message.
		if ee := (*evident.Error)(nil); errors.As(err, &ee) {
			d.Message = ee.Message
		}
	default:
		d.Status, d.Title = http.StatusInternalServerError, "Server error"
		d.Message = "Something went wrong; the server log has the details."
		d.RequestID = requestID(r)
		s.log.Error("page failed", "id", d.RequestID, "path", r.URL.Path, "err", err)
	}
	if rerr := s.render(w, d.Status, "error", d); rerr != nil {
		s.log.Error("rendering the error page", "id", requestID(r), "err", rerr)
	}
}

func (s *Server) pageData(title, page string) pageData {
	return pageData{Title: title, Page: page, Version: s.version, Tiles: s.cfg.OnlineTiles}
}

// filterForm is the index's filter form: the values of the page URL's
// filter parameters and the choices to offer.
type filterForm struct {
	Values        map[string]string   // by API parameter name
	Lists         map[string][]string // event_type and modality, split
	EventTypes    []eventTypeChoice
	Modalities    []string
	SubCustom     string            // a sub_event_type value that is not one of the choices (a list)
	Errors        map[string]string // by parameter name
	GeneralErrors []string
}

type eventTypeChoice struct {
	Name  string
	Class string
	Subs  []string
}

// indexPage is the data of the index.
type indexPage struct {
	pageData
	Form       filterForm
	Events     []evident.Event
	NextCursor string
	MoreURL    string
	Listed     bool // false when the filters were invalid and nothing was queried
	Sort       string
	Sorts      []struct{ Value, Label string }
	// View is viewIncidents (the list holds Incidents) or viewReports
	// (Events); HasIncidents shows the switch between them.
	View         string
	HasIncidents bool
	Incidents    []evident.Incident
}

// indexQuery reads the page URL: its filter parameters (repeated ones
// joined with commas, as a form without the script sends them, empty ones
// dropped, UI-only ones and bbox set aside) as the API would.
func indexQuery(r *http.Request) (vals url.Values, q evident.Query, err error) {
	vals = url.Values{}
	for k, vs := range r.URL.Query() {
		if !slices.Contains(filterParams, k) || k == "bbox" { // the map sends its own bbox
			continue
		}
		var kept []string
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" {
				kept = append(kept, v)
			}
		}
		if len(kept) > 0 {
			vals.Set(k, strings.Join(kept, ","))
		}
	}
	p, err := newParams(vals.Encode(), filterParams, tax)
	if err != nil {
		return vals, q, err
	}
	q, err = p.query()
	return vals, q, err
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) error {
	vals, q, qerr := indexQuery(r)
	d := indexPage{pageData: s.pageData("Evident: events", "index")}
	f := &d.Form
	f.Values = map[string]string{}
	for k := range vals {
		f.Values[k] = vals.Get(k)
	}
	f.Lists = map[string][]string{}
	for _, k := range []string{"event_type", "modality"} {
		for _, v := range strings.Split(vals.Get(k), ",") {
			if v = strings.TrimSpace(v); v != "" {
				f.Lists[k] = append(f.Lists[k], v)
			}
		}
	}
	for _, et := range tax.EventTypes() {
		f.EventTypes = append(f.EventTypes, eventTypeChoice{Name: et.Name, Class: typeClass(et.Name), Subs: et.SubEventTypes})
	}
	f.Modalities = modalities
	if sub := vals.Get("sub_event_type"); sub != "" {
		if _, ok := tax.Lookup(sub); !ok {
			f.SubCustom = sub
		}
	}
	f.Errors = map[string]string{}
	var pe *paramError
	switch {
	case qerr == nil:
	case errors.As(qerr, &pe):
		f.Errors[pe.Param] = pe.Message
	default:
		return qerr
	}
	// The country and actor choices are the script's to fetch, when those
	// fields are first used: counting over every event is too slow for
	// each page view of a large store.
	ctx := r.Context()
	d.Sorts, d.Sort = listSorts, evident.SortDateDesc
	for _, so := range listSorts {
		if so.Value == r.URL.Query().Get("sort") {
			d.Sort = so.Value
		}
	}
	// The view: incidents by default when the store keeps any, else
	// reports (and no switch). Listing the incidents answers whether there
	// are any when some match the filters.
	want := r.URL.Query().Get("view")
	cursor := r.URL.Query().Get("cursor")
	var incPage *evident.IncidentPage
	if is, ok := s.store.(evident.IncidentStore); ok && want != viewReports && qerr == nil {
		page, err := is.Incidents(ctx, q, evident.PageRequest{Limit: uiPageSize, Cursor: cursor})
		if evident.ErrorCode(err) == evident.EINVALID && cursor != "" {
			f.GeneralErrors = append(f.GeneralErrors, "The list's cursor is no longer valid; showing the first page.")
			cursor = ""
			page, err = is.Incidents(ctx, q, evident.PageRequest{Limit: uiPageSize})
		}
		if err != nil {
			return err
		}
		incPage, d.HasIncidents = &page, len(page.Incidents) > 0
	}
	if !d.HasIncidents && want != viewReports {
		var err error
		if d.HasIncidents, err = s.hasIncidents(ctx, nil); err != nil {
			return err
		}
	}
	d.View = viewReports
	if d.HasIncidents && want != viewReports {
		d.View = viewIncidents
	}
	more := func(next string) string {
		if next == "" {
			return ""
		}
		m := url.Values{}
		for k, v := range vals {
			m[k] = v
		}
		m.Set("cursor", next)
		if d.View == viewReports && d.Sort != evident.SortDateDesc {
			m.Set("sort", d.Sort)
		}
		if d.HasIncidents {
			m.Set("view", d.View)
		}
		return "/?" + m.Encode()
	}
	switch {
	case qerr != nil:
	case d.View == viewIncidents && incPage != nil:
		d.Incidents, d.NextCursor, d.Listed = incPage.Incidents, incPage.NextCursor, true
		d.MoreURL = more(incPage.NextCursor)
	default:
		page, err := s.store.EventPage(ctx, q, evident.PageRequest{Sort: d.Sort, Limit: uiPageSize, Cursor: cursor})
		if err != nil {
			if evident.ErrorCode(err) != evident.EINVALID {
				return err
			}
			f.GeneralErrors = append(f.GeneralErrors, "The list's cursor is no longer valid; showing the first page.")
			page, err = s.store.EventPage(ctx, q, evident.PageRequest{Sort: d.Sort, Limit: uiPageSize})
			if err != nil {
				return err
			}
		}
		d.Events, d.NextCursor, d.Listed = page.Events, page.NextCursor, true
		if want == viewReports {
			if d.HasIncidents, err = s.hasIncidents(ctx, page.Events); err != nil {
				return err
			}
		}
		d.MoreURL = more(page.NextCursor)
	}
	if qerr != nil && want == viewReports {
		var err error
		if d.HasIncidents, err = s.hasIncidents(ctx, nil); err != nil {
			return err
		}
	}
	if d.View == viewIncidents {
		d.Title = "Evident: incidents"
	}
	return s.render(w, http.StatusOK, "index", d)
}

// eventPage is the data of an event's page.
type eventPage struct {
	pageData
	Event    *evident.Event
	Doc      *evident.Document
	Fields   []fieldRow
	Text     []segment
	Skipped  int // evidence spans outside the text
	HasPlace bool
}

// fieldRow is one field of an event with the text that supports it.
type fieldRow struct {
	evident.FieldEvidence
	Key    string // the span's key in the highlighted text ("f3")
	Quote  string // the supporting text
	InText bool   // the span lies in the text
}

func (s *Server) handleEventPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ev, err := s.store.Event(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	doc, err := s.store.Document(ctx, ev.DocID)
	if err != nil {
		return err
	}
	title := ev.EventType
	if ev.SubEventType != "" {
		title += ": " + ev.SubEventType
	}
	d := eventPage{pageData: s.pageData(title, "event"), Event: ev, Doc: doc, HasPlace: hasPlace(ev)}
	var spans []hlSpan
	for i, e := range ev.Evidence {
		spans = append(spans, hlSpan{Start: e.Start, End: e.End, Key: "e" + strconv.Itoa(i), Class: "ev"})
	}
	for i, fe := range ev.Fields {
		key := "f" + strconv.Itoa(i)
		row := fieldRow{FieldEvidence: fe, Key: key}
		if sp, ok := clampSpan(doc.Text, fe.Start, fe.End); ok {
			row.Quote, row.InText = doc.Text[sp.Start:sp.End], true
		}
		d.Fields = append(d.Fields, row)
		if fe.End > fe.Start { // fields from metadata have no span
			spans = append(spans, hlSpan{Start: fe.Start, End: fe.End, Key: key, Class: "fd", Label: fe.Field + ": " + fe.Value})
		}
	}
	d.Text, d.Skipped = highlight(doc.Text, spans)
	return s.render(w, http.StatusOK, "event", d)
}

// hasPlace reports whether an event has coordinates worth a map.
func hasPlace(ev *evident.Event) bool {
	return (ev.Latitude != 0 || ev.Longitude != 0) && ev.Latitude >= -90 && ev.Latitude <= 90 && ev.Longitude >= -180 && ev.Longitude <= 180
}

// documentPage is the data of a document's page.
type documentPage struct {
	pageData
	Doc        *evident.Document
	Events     []evident.Event
	Background int
	Text       []segment
	Skipped    int
	// Highlighted counts the ranges the page URL's "hl" asked to
	// highlight (the incident page links a claim so), shown as <mark
	// class="hl">, the first anchored "span-h0".
	Highlighted int
}

// handleIncidentPage renders an incident: its canonical record, every
// source's claims side by side with the canonical one marked, the toll
// over time, the reports and why they were merged, and its history.
func (s *Server) handleIncidentPage(w http.ResponseWriter, r *http.Request) error {
	is, err := s.incidentStore()
	if err != nil {
		return err
	}
	inc, err := is.Incident(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	title := "Incident: " + inc.EventType
	if inc.SubEventType != "" {
		title = "Incident: " + inc.SubEventType
	}
	return s.render(w, http.StatusOK, "incident", newIncidentPage(s.pageData(title, "incident"), inc))
}

func (s *Server) handleDocumentPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	doc, err := s.store.Document(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	evs, err := s.store.DocumentEvents(ctx, doc.ID)
	if err != nil {
		return err
	}
	title := doc.Title
	if title == "" {
		title = doc.ID
	}
	d := documentPage{pageData: s.pageData(title, "document"), Doc: doc, Events: evs}
	var spans []hlSpan
	for i, ev := range evs {
		class := "ev " + typeClass(ev.EventType)
		if ev.Background {
			class = "ev bg"
			d.Background++
		}
		for j, e := range ev.Evidence {
			// Number each stretch of evidence once: not inside another.
			label := "#" + strconv.Itoa(i+1)
			for k, o := range ev.Evidence {
				if k != j && o.Span().Contains(e.Span()) && (o.Span() != e.Span() || k < j) {
					label = ""
				}
			}
			spans = append(spans, hlSpan{Start: e.Start, End: e.End, Key: "e" + strconv.Itoa(i), Class: class, Label: label})
		}
	}
	hl := parseHighlights(r.URL.Query().Get("hl"))
	d.Highlighted = len(hl)
	d.Text, d.Skipped = highlight(doc.Text, append(spans, hl...))
	return s.render(w, http.StatusOK, "document", d)
}

// documentsPage is the data of the document list.
type documentsPage struct {
	pageData
	Query   string
	Cursor  string
	Docs    []evident.DocumentSummary
	MoreURL string
	Error   string
}

func (s *Server) handleDocumentsPage(w http.ResponseWriter, r *http.Request) error {
	d := documentsPage{pageData: s.pageData("Documents", "documents")}
	p, err := newParams(r.URL.RawQuery, []string{"q", "cursor"}, tax)
	if err == nil {
		d.Query, err = p.text("q")
		d.Cursor = p.str("cursor")
	}
	if err != nil {
		var pe *paramError
		if !errors.As(err, &pe) {
			return err
		}
		d.Error = pe.Message
		return s.render(w, http.StatusBadRequest, "documents", d)
	}
	page, err := s.store.Documents(r.Context(), d.Query, uiPageSize, d.Cursor)
	if evident.ErrorCode(err) == evident.EINVALID && d.Cursor != "" {
		d.Error, d.Cursor = "The page's cursor is no longer valid; showing the first page.", ""
		page, err = s.store.Documents(r.Context(), d.Query, uiPageSize, "")
	}
	if err != nil {
		return err
	}
	d.Docs = page.Documents
	if page.NextCursor != "" {
		v := url.Values{"cursor": {page.NextCursor}}
		if d.Query != "" {
			v.Set("q", d.Query)
		}
		d.MoreURL = "/documents?" + v.Encode()
	}
	return s.render(w, http.StatusOK, "documents", d)
}

// hlSpan is a span of text to highlight.
type hlSpan struct {
	Start, End int
	// Key names the span in the page: the first span with a key gets the
	// anchor id "span-"+Key; several spans may share one (an event's
	// evidence sentences).
	Key   string
	Class string // CSS classes of its marks
	Label string // shown right after the span, "" for none
}

// segment is a run of text covered by the same spans. Splitting the text
// at every span boundary renders nested and overlapping spans as flat,
// well-formed <mark>s.
type segment struct {
	Anchors []string // keys of spans that first start here
	Text    string
	Class   string   // classes of the covering spans; "" for plain text
	Keys    string   // space-separated keys of the covering spans
	Labels  []string // labels of spans that end here
}

// clampSpan fits the byte range [start, end) into text, widened to whole
// UTF-8 characters; ok is false when nothing of it is left.
func clampSpan(text string, start, end int) (sp evident.Span, ok bool) {
	start, end = max(start, 0), min(end, len(text))
	if start >= end {
		return sp, false
	}
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	return evident.Span{Start: start, End: end}, true
}

// highlight cuts text into segments at the boundaries of spans, which are
// byte offsets into text. Spans out of range are clamped, empty ones
// skipped and counted.
func highlight(text string, spans []hlSpan) (segs []segment, skipped int) {
	var valid []hlSpan
	cuts := []int{0, len(text)}
	for _, sp := range spans {
		c, ok := clampSpan(text, sp.Start, sp.End)
		if !ok {
			skipped++
			continue
		}
		sp.Start, sp.End = c.Start, c.End
		valid = append(valid, sp)
		cuts = append(cuts, c.Start, c.End)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	anchored := map[string]bool{}
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		seg := segment{Text: text[a:b]}
		var classes, keys []string
		for _, sp := range valid {
			if sp.Start == a && !anchored[sp.Key] {
				anchored[sp.Key] = true
				seg.Anchors = append(seg.Anchors, sp.Key)
			}
			if sp.Start <= a && b <= sp.End {
				classes = append(classes, strings.Fields(sp.Class)...)
				keys = append(keys, sp.Key)
			}
			if sp.End == b && sp.Label != "" && !slices.Contains(seg.Labels, sp.Label) {
				seg.Labels = append(seg.Labels, sp.Label)
			}
		}
		seg.Class = strings.Join(uniq(classes), " ")
		seg.Keys = strings.Join(uniq(keys), " ")
		segs = append(segs, seg)
	}
	return segs, skipped
}

// uniq drops repeated strings, keeping the first of each.
func uniq(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
