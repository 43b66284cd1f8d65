package http

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"github.com/evident-org/evident/fuse"
	"io"
	"math"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/export"
	"github.com/evident-org/evident/source"
	"github.com/evident-org/evident/taxonomy"
)

// Fetcher reads a document from a URL (the CLI wires source.Read).
type Fetcher interface {
	Fetch(ctx context.Context, url string) (*evident.Document, error)
}

//go:embed openapi.json
var openapiJSON []byte

var tax = taxonomy.Default()

func (s *Server) registerAPI(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /api/v1/openapi.json", s.handleOpenAPI)
	mux.Handle("GET /api/v1/events", s.read(s.handleEvents))
	mux.Handle("GET /api/v1/events/{id}", s.read(s.handleEvent))
	mux.Handle("GET /api/v1/incidents", s.read(s.handleIncidents))
	mux.Handle("GET /api/v1/incidents/{id}", s.read(s.handleIncident))
	mux.Handle("POST /api/v1/incidents/{id}/split", s.write(s.handleSplit))
	mux.Handle("POST /api/v1/incidents/merge", s.write(s.handleMerge))
	mux.Handle("GET /api/v1/documents", s.read(s.handleDocuments))
	mux.Handle("GET /api/v1/documents/{id}", s.read(s.handleDocument))
	mux.Handle("POST /api/v1/documents", s.write(s.handlePostDocument))
	mux.Handle("GET /api/v1/actors", s.read(s.handleActors))
	mux.Handle("GET /api/v1/places", s.read(s.handlePlaces))
	mux.Handle("GET /api/v1/stats", s.read(s.handleStats))
	mux.Handle("GET /api/v1/map", s.read(s.handleMap))
	mux.Handle("GET /api/v1/export", s.read(s.handleExport))
	mux.Handle("GET /api/v1/basemap/places", s.read(s.handleBasemapPlaces))
	mux.HandleFunc("/", s.notFound(mux))
}

// handler is an http.HandlerFunc that returns its error for writeError.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) serve(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// read serves h openly, or behind a token when reads need one.
func (s *Server) read(h handler) http.Handler {
	if !s.cfg.AuthReads {
		return s.serve(h)
	}
	return s.write(h)
}

// write serves h to requests with a valid bearer token.
func (s *Server) write(h handler) http.Handler {
	return s.serve(func(w http.ResponseWriter, r *http.Request) error {
		if err := s.authenticate(r); err != nil {
			return err
		}
		return h(w, r)
	})
}

func (s *Server) authenticate(r *http.Request) error {
	auth := r.Header.Get("Authorization")
	scheme, secret, ok := strings.Cut(auth, " ")
	if auth == "" {
		return evident.Errorf(evident.EUNAUTHORIZED, "", "this endpoint needs a bearer token (evident token create)")
	}
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
		return evident.Errorf(evident.EUNAUTHORIZED, "", "Authorization header: want \"Bearer <token>\"")
	}
	_, err := s.store.VerifyToken(r.Context(), strings.TrimSpace(secret))
	return err
}

// notFound answers every request no route matches: 405 when the path
// exists with another method, else 404, both as JSON.
func (s *Server) notFound(mux *http.ServeMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var allowed []string
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			if m == r.Method {
				continue
			}
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pat := mux.Handler(probe); pat != "" && pat != "/" {
				allowed = append(allowed, m)
			}
		}
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			s.writeError(w, r, evident.Errorf(eMethod, "", "%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, strings.Join(allowed, ", ")))
			return
		}
		s.writeError(w, r, evident.Errorf(evident.ENOTFOUND, "", "no route for %s %s", r.Method, r.URL.Path))
	}
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	docs, evs, err := s.store.Counts(r.Context())
	if err != nil {
		s.log.Error("health check", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Status    string `json:"status"`
		Version   string `json:"version,omitempty"`
		Documents int    `json:"documents"`
		Events    int    `json:"events"`
	}{"ok", s.version, docs, evs})
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openapiJSON)
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) error {
	p, err := newParams(r.URL.RawQuery, with(filterParams, "sort", "limit", "cursor"), tax)
	if err != nil {
		return err
	}
	q, err := p.query()
	if err != nil {
		return err
	}
	var pr evident.PageRequest
	sorts := []string{evident.SortDateDesc, evident.SortDateAsc, evident.SortFatalitiesDesc, evident.SortFatalitiesAsc}
	if so, err := p.oneOf("sort", sorts); err != nil {
		return err
	} else if len(so) > 1 {
		return badParam("sort", "give one sort order")
	} else if len(so) == 1 {
		pr.Sort = so[0]
	}
	if pr.Limit, err = p.integer("limit", evident.DefaultPageLimit, 1, evident.MaxPageLimit); err != nil {
		return err
	}
	pr.Cursor = p.str("cursor")
	page, err := s.store.EventPage(r.Context(), q, pr)
	if err != nil {
		return asParam(err, "cursor")
	}
	for i := range page.Events {
		page.Events[i].Fields = nil
	}
	writeJSON(w, http.StatusOK, struct {
		Events     []jsonEvent `json:"events"`
		NextCursor string      `json:"next_cursor"`
	}{jsonEvents(page.Events), page.NextCursor})
	return nil
}

// asParam turns a store's EINVALID error into an error about param.
func asParam(err error, param string) error {
	var ee *evident.Error
	if errors.As(err, &ee) && ee.Code == evident.EINVALID {
		return badParam(param, "%s", ee.Message)
	}
	return err
}

// jsonEvent is an Event as the API writes it: nil slices as [].
type jsonEvent struct{ evident.Event }

func (e jsonEvent) MarshalJSON() ([]byte, error) {
	ev := e.Event
	if ev.Tags == nil {
		ev.Tags = []string{}
	}
	if ev.Weapons == nil {
		ev.Weapons = []string{}
	}
	if ev.Evidence == nil {
		ev.Evidence = []evident.Evidence{}
	}
	return json.Marshal(ev)
}

func jsonEvents(evs []evident.Event) []jsonEvent {
	out := make([]jsonEvent, len(evs))
	for i := range evs {
		out[i] = jsonEvent{evs[i]}
	}
	return out
}

// jsonDocument is a document as the API writes it.
type jsonDocument struct {
	ID            string        `json:"id"`
	URL           string        `json:"url"`
	Outlet        string        `json:"outlet"`
	Title         string        `json:"title"`
	Published     string        `json:"published,omitempty"`
	PublishedFrom string        `json:"published_from,omitempty"`
	PublishedSpan *evident.Span `json:"published_span,omitempty"`
	Format        string        `json:"format,omitempty"`
	Text          string        `json:"text,omitempty"`
}

func docJSON(d *evident.Document, withText bool) jsonDocument {
	j := jsonDocument{ID: d.ID, URL: d.URL, Outlet: d.Outlet, Title: d.Title, PublishedFrom: d.PublishedFrom, PublishedSpan: d.PublishedSpan, Format: d.Format}
	if !d.Published.IsZero() {
		j.Published = d.Published.Format(time.RFC3339)
	}
	if withText {
		j.Text = d.Text
	}
	return j
}

func (s *Server) handleEvent(w http.ResponseWriter, r *http.Request) error {
	if _, err := newParams(r.URL.RawQuery, nil, tax); err != nil {
		return err
	}
	ev, err := s.store.Event(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	doc, err := s.store.Document(r.Context(), ev.DocID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Event    jsonEvent    `json:"event"`
		Document jsonDocument `json:"document"`
	}{jsonEvent{*ev}, docJSON(doc, true)})
	return nil
}

func (s *Server) handleDocuments(w http.ResponseWriter, r *http.Request) error {
	p, err := newParams(r.URL.RawQuery, []string{"q", "limit", "cursor"}, tax)
	if err != nil {
		return err
	}
	text, err := p.text("q")
	if err != nil {
		return err
	}
	limit, err := p.integer("limit", evident.DefaultPageLimit, 1, evident.MaxPageLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Documents(r.Context(), text, limit, p.str("cursor"))
	if err != nil {
		return asParam(err, "cursor")
	}
	if page.Documents == nil {
		page.Documents = []evident.DocumentSummary{}
	}
	writeJSON(w, http.StatusOK, struct {
		Documents  []evident.DocumentSummary `json:"documents"`
		NextCursor string                    `json:"next_cursor"`
	}{page.Documents, page.NextCursor})
	return nil
}

func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request) error {
	if _, err := newParams(r.URL.RawQuery, nil, tax); err != nil {
		return err
	}
	doc, err := s.store.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	evs, err := s.store.DocumentEvents(r.Context(), doc.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Document jsonDocument `json:"document"`
		Events   []jsonEvent  `json:"events"`
	}{docJSON(doc, true), jsonEvents(evs)})
	return nil
}

// submission is the JSON body of POST /api/v1/documents.
type submission struct {
	Text      string `json:"text"`
	HTML      string `json:"html"`
	URL       string `json:"url"`
	ID        string `json:"id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
}

func (s *Server) handlePostDocument(w http.ResponseWriter, r *http.Request) error {
	if s.extract == nil {
		return evident.Errorf(evident.ETIMEOUT, "", "this server does not extract documents")
	}
	if _, err := newParams(r.URL.RawQuery, nil, tax); err != nil {
		return err
	}
	doc, err := s.readSubmission(r)
	if err != nil {
		return err
	}
	a, err := s.extract.Run(r.Context(), doc)
	if err != nil {
		return err
	}
	res, err := s.store.PutDocument(r.Context(), a.Doc, a.Events)
	if err == nil && res != evident.PutDuplicate && s.cfg.Fuse {
		if fs, ok := s.store.(fuse.Store); ok {
			_, err = fuse.Update(r.Context(), fs)
		}
	}
	if err != nil {
		return err
	}
	status := http.StatusOK
	if res == evident.PutAdded {
		status = http.StatusCreated
	}
	doc, events, dupOf := a.Doc, a.Events, ""
	if as, ok := s.store.(evident.AliasStore); ok && res == evident.PutDuplicate {
		// The text is stored under another id: answer with that document,
		// which GET finds by either id.
		if owner, ok, err := as.AliasOf(r.Context(), a.Doc.ID); err != nil {
			return err
		} else if ok {
			if doc, err = s.store.Document(r.Context(), owner); err != nil {
				return err
			}
			if events, err = s.store.Events(r.Context(), evident.EventFilter{DocID: owner, WithBackground: true}); err != nil {
				return err
			}
			dupOf = owner
		}
	}
	s.log.Info("document stored", "id", a.Doc.ID, "result", res, "events", len(events), "duplicate_of", dupOf)
	writeJSON(w, status, struct {
		Result      evident.PutResult `json:"result"`
		DuplicateOf string            `json:"duplicate_of,omitempty"`
		Document    jsonDocument      `json:"document"`
		Events      []jsonEvent       `json:"events"`
	}{res, dupOf, docJSON(doc, false), jsonEvents(events)})
	return nil
}

func (s *Server) readSubmission(r *http.Request) (*evident.Document, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, badParam("body", "cannot read the request body")
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var sub submission
	switch ct {
	case "application/json", "":
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&sub); err != nil {
			return nil, badParam("body", "not a JSON object with text, html or url: %v", err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, badParam("body", "data after the JSON object")
		}
	case "text/plain":
		sub.Text = string(body)
	case "text/html":
		sub.HTML = string(body)
	default:
		return nil, badParam("Content-Type", "%q: want application/json, text/plain or text/html", ct)
	}
	n := 0
	for _, f := range []string{sub.Text, sub.HTML} {
		if f != "" {
			n++
		}
	}
	if n == 0 && sub.URL == "" {
		return nil, badParam("body", "give one of text, html or url")
	}
	if n > 1 {
		return nil, badParam("body", "give only one of text and html")
	}
	var doc *evident.Document
	switch {
	case sub.Text != "":
		doc, err = source.ReadText(strings.NewReader(sub.Text), "-", source.Options{})
	case sub.HTML != "":
		name := "-"
		if sub.URL != "" {
			name = sub.URL
		}
		doc, err = source.ReadHTML(strings.NewReader(sub.HTML), name, source.Options{})
	default:
		if s.fetch == nil {
			return nil, badParam("url", "this server does not fetch URLs; send text or html")
		}
		doc, err = s.fetch.Fetch(r.Context(), sub.URL)
	}
	if err != nil {
		var ee *evident.Error
		if errors.As(err, &ee) && ee.Code != evident.EINTERNAL {
			param := "text"
			switch {
			case sub.HTML != "":
				param = "html"
			case sub.Text == "":
				param = "url"
			}
			return nil, badParam(param, "%s", ee.Error())
		}
		return nil, err
	}
	if sub.ID != "" {
		doc.ID = sub.ID
	}
	if sub.Text != "" && sub.URL != "" {
		doc.URL = sub.URL
	}
	if sub.Title != "" {
		doc.Title = sub.Title
	}
	if sub.Outlet != "" {
		doc.Outlet = sub.Outlet
	}
	if sub.Published != "" {
		t, ok := source.ParseDate(sub.Published)
		if !ok {
			return nil, badParam("published", "%q is not a date", sub.Published)
		}
		doc.Published, doc.PublishedFrom = t, "metadata"
	}
	doc.Input = "api:" + doc.ID
	return doc, nil
}

func (s *Server) handleActors(w http.ResponseWriter, r *http.Request) error {
	q, limit, err := s.listQuery(r)
	if err != nil {
		return err
	}
	as, err := s.store.Actors(r.Context(), q, limit)
	if err != nil {
		return err
	}
	if as == nil {
		as = []evident.ActorCount{}
	}
	writeJSON(w, http.StatusOK, struct {
		Actors []evident.ActorCount `json:"actors"`
	}{as})
	return nil
}

func (s *Server) handlePlaces(w http.ResponseWriter, r *http.Request) error {
	q, limit, err := s.listQuery(r)
	if err != nil {
		return err
	}
	ps, err := s.store.Places(r.Context(), q, limit)
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []evident.PlaceCount{}
	}
	writeJSON(w, http.StatusOK, struct {
		Places []evident.PlaceCount `json:"places"`
	}{ps})
	return nil
}

func (s *Server) listQuery(r *http.Request) (evident.Query, int, error) {
	p, err := newParams(r.URL.RawQuery, with(filterParams, "limit"), tax)
	if err != nil {
		return evident.Query{}, 0, err
	}
	q, err := p.query()
	if err != nil {
		return q, 0, err
	}
	limit, err := p.integer("limit", evident.DefaultPageLimit, 1, evident.MaxPageLimit)
	return q, limit, err
}

var statsBy = []string{
	evident.ByAuto, evident.ByDay, evident.ByWeek, evident.ByMonth, evident.ByEventType, evident.BySubEventType,
	evident.ByCountry, evident.ByAdmin1, evident.ByActor, evident.ByModality,
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) error {
	p, err := newParams(r.URL.RawQuery, with(filterParams, "by"), tax)
	if err != nil {
		return err
	}
	q, err := p.query()
	if err != nil {
		return err
	}
	by := []string{evident.ByAuto}
	if p.str("by") != "" {
		if by, err = p.oneOf("by", statsBy); err != nil {
			return err
		}
		if len(by) != 1 {
			return badParam("by", "give one grouping")
		}
	}
	st, err := s.store.Stats(r.Context(), q, by[0])
	if err != nil {
		return err
	}
	if st.Buckets == nil {
		st.Buckets = []evident.Bucket{}
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// cellDegrees is the grid cell size for a map zoom level: about 40 pixels
// of a 256-pixel tile.
func cellDegrees(zoom int) float64 {
	c := 360 / math.Pow(2, float64(zoom)) * 40 / 256
	// Round to a power-of-two fraction of a degree so cells nest.
	return math.Pow(2, math.Round(math.Log2(c)))
}

func (s *Server) handleMap(w http.ResponseWriter, r *http.Request) error {
	p, err := newParams(r.URL.RawQuery, with(filterParams, "zoom"), tax)
	if err != nil {
		return err
	}
	q, err := p.query()
	if err != nil {
		return err
	}
	zoom, err := p.integer("zoom", 2, 0, 18)
	if err != nil {
		return err
	}
	mv, err := s.store.Map(r.Context(), q, cellDegrees(zoom))
	if err != nil {
		return err
	}
	// MapView omits empty lists; the API always gives the list of its mode.
	out := struct {
		Mode   string              `json:"mode"`
		Total  int                 `json:"total"`
		Cell   float64             `json:"cell,omitempty"`
		Points *[]evident.MapPoint `json:"points,omitempty"`
		Cells  *[]evident.MapCell  `json:"cells,omitempty"`
	}{Mode: mv.Mode, Total: mv.Total, Cell: mv.Cell}
	if mv.Mode == "grid" {
		if mv.Cells == nil {
			mv.Cells = []evident.MapCell{}
		}
		out.Cells = &mv.Cells
	} else {
		if mv.Points == nil {
			mv.Points = []evident.MapPoint{}
		}
		out.Points = &mv.Points
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

var exportFormats = []string{export.FormatACLEDCSV, export.FormatGeoJSON, export.FormatJSONL, export.FormatJSON}

func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) error {
	p, err := newParams(r.URL.RawQuery, with(filterParams, "format", "geometry"), tax)
	if err != nil {
		return err
	}
	q, err := p.query()
	if err != nil {
		return err
	}
	format := export.FormatACLEDCSV
	if p.str("format") != "" {
		f, err := p.oneOf("format", exportFormats)
		if err != nil {
			return err
		}
		if len(f) != 1 {
			return badParam("format", "give one format")
		}
		format = f[0]
	}
	kind := map[string]struct{ ctype, ext string }{
		export.FormatACLEDCSV: {"text/csv; charset=utf-8", "csv"},
		export.FormatGeoJSON:  {"application/geo+json", "geojson"},
		export.FormatJSONL:    {"application/x-ndjson", "jsonl"},
		export.FormatJSON:     {"application/json", "json"},
	}[format]
	ctype, ext := kind.ctype, kind.ext
	// Exports stream for as long as they need.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="evident-events.`+ext+`"`)
	var opts []export.Option
	switch p.str("geometry") {
	case "", "point":
	case "uncertainty":
		opts = append(opts, export.WithUncertaintyGeometry())
	default:
		return badParam("geometry", "want point or uncertainty")
	}
	ew, err := export.NewWriter(w, format, opts...)
	if err != nil {
		return err
	}
	started := false
	err = s.store.EachEvent(r.Context(), q, func(e *evident.Event) error {
		started = true
		e.Fields = nil
		if err := ew.Write(*e); err != nil && evident.ErrorCode(err) != evident.EINVALID {
			return err
		}
		return nil
	})
	if err != nil {
		if !started {
			return err
		}
		// Headers are gone: the truncated stream is all the client gets.
		s.log.Error("export failed mid-stream", "id", requestID(r), "err", err)
		return nil
	}
	if err := ew.Close(); err != nil {
		s.log.Warn("export: closing the stream", "id", requestID(r), "err", err)
	}
	return nil
}
