package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/fuse"
)

// incidentStore returns the store's incidents, or an ENOTFOUND error when
// it keeps none.
func (s *Server) incidentStore() (evident.IncidentStore, error) {
	is, ok := s.store.(evident.IncidentStore)
	if !ok {
		return nil, evident.Errorf(evident.ENOTFOUND, "", "this store keeps no incidents")
	}
	return is, nil
}

// handleIncidents answers GET /api/v1/incidents: one page of the incidents
// that have a report matching the events' filters, most recent first,
// each with its canonical record and reports.
func (s *Server) handleIncidents(w http.ResponseWriter, r *http.Request) error {
	p, err := newParams(r.URL.RawQuery, with(filterParams, "limit", "cursor"), tax)
	if err != nil {
		return err
	}
	q, err := p.query()
	if err != nil {
		return err
	}
	var pr evident.PageRequest
	if pr.Limit, err = p.integer("limit", evident.DefaultPageLimit, 1, evident.MaxPageLimit); err != nil {
		return err
	}
	pr.Cursor = p.str("cursor")
	is, err := s.incidentStore()
	if err != nil {
		return err
	}
	page, err := is.Incidents(r.Context(), q, pr)
	if err != nil {
		return asParam(err, "cursor")
	}
	if page.Incidents == nil {
		page.Incidents = []evident.Incident{}
	}
	writeJSON(w, http.StatusOK, struct {
		Incidents  []evident.Incident `json:"incidents"`
		NextCursor string             `json:"next_cursor"`
	}{page.Incidents, page.NextCursor})
	return nil
}

// handleIncident answers GET /api/v1/incidents/{id}: the canonical record
// with its reports, claims and decisions.
func (s *Server) handleIncident(w http.ResponseWriter, r *http.Request) error {
	if _, err := newParams(r.URL.RawQuery, nil, tax); err != nil {
		return err
	}
	is, err := s.incidentStore()
	if err != nil {
		return err
	}
	inc, err := is.Incident(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Incident *evident.Incident `json:"incident"`
	}{inc})
	return nil
}

// overrideStore is what the override endpoints need: the incidents and
// fusion's store, and the token that signs the override.
func (s *Server) overrideStore() (fuse.Store, error) {
	fs, ok := s.store.(fuse.Store)
	if !ok {
		return nil, evident.Errorf(evident.ENOTFOUND, "", "this store keeps no incidents")
	}
	return fs, nil
}

// analyst returns the override's author: the request's token (write
// routes have verified it already).
func (s *Server) analyst(r *http.Request) (evident.IncidentOverride, error) {
	_, secret, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	tok, err := s.store.VerifyToken(r.Context(), strings.TrimSpace(secret))
	if err != nil {
		return evident.IncidentOverride{}, err
	}
	return evident.IncidentOverride{By: tok.Name, TokenID: tok.ID}, nil
}

// decodeBody decodes a JSON request body into v, strictly.
func decodeBody(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return badParam("body", "cannot read the request body")
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "" && ct != "application/json" {
		return badParam("Content-Type", "%q: want application/json", ct)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badParam("body", "not the JSON object this endpoint takes: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badParam("body", "data after the JSON object")
	}
	return nil
}

// overrideAnswer is the answer to a split or merge: the recorded override
// and the incidents the reports concerned are in now.
type overrideAnswer struct {
	Override  evident.IncidentOverride `json:"override"`
	Incidents []*evident.Incident      `json:"incidents"`
}

// answerOverride writes o and the incidents that now hold events.
func (s *Server) answerOverride(w http.ResponseWriter, r *http.Request, fs fuse.Store, o evident.IncidentOverride, events []string) error {
	reps, err := fs.FusionReports(r.Context(), evident.FusionQuery{EventIDs: events, NoEvidence: true})
	if err != nil {
		return err
	}
	ans := overrideAnswer{Override: o, Incidents: []*evident.Incident{}}
	seen := map[string]bool{}
	for _, rep := range reps {
		id := rep.Event.IncidentID
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		in, err := fs.Incident(r.Context(), id)
		if err != nil {
			return err
		}
		ans.Incidents = append(ans.Incidents, in)
	}
	slices.SortFunc(ans.Incidents, func(a, b *evident.Incident) int { return strings.Compare(a.ID, b.ID) })
	writeJSON(w, http.StatusOK, ans)
	return nil
}

// handleSplit answers POST /api/v1/incidents/{id}/split: takes the report
// event_id out of the incident, for good (fuse.Split).
func (s *Server) handleSplit(w http.ResponseWriter, r *http.Request) error {
	if _, err := newParams(r.URL.RawQuery, nil, tax); err != nil {
		return err
	}
	var req struct {
		EventID string `json:"event_id"`
		Note    string `json:"note"`
	}
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	if req.EventID == "" {
		return badParam("event_id", "give the event id of the report to split out")
	}
	fs, err := s.overrideStore()
	if err != nil {
		return err
	}
	o, err := s.analyst(r)
	if err != nil {
		return err
	}
	o.Note = req.Note
	id := r.PathValue("id")
	before, err := fs.Incident(r.Context(), id)
	if err != nil {
		return err
	}
	if o, err = fuse.Split(r.Context(), fs, id, req.EventID, o); err != nil {
		return err
	}
	var events []string
	for _, rep := range before.Reports {
		events = append(events, rep.EventID)
	}
	return s.answerOverride(w, r, fs, o, events)
}

// handleMerge answers POST /api/v1/incidents/merge: makes the incidents
// one, for good (fuse.Merge).
func (s *Server) handleMerge(w http.ResponseWriter, r *http.Request) error {
	if _, err := newParams(r.URL.RawQuery, nil, tax); err != nil {
		return err
	}
	var req struct {
		Incidents []string `json:"incidents"`
		Note      string   `json:"note"`
	}
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	if len(req.Incidents) < 2 {
		return badParam("incidents", "give at least two incident ids to merge")
	}
	fs, err := s.overrideStore()
	if err != nil {
		return err
	}
	o, err := s.analyst(r)
	if err != nil {
		return err
	}
	o.Note = req.Note
	var events []string
	for _, id := range req.Incidents {
		in, err := fs.Incident(r.Context(), id)
		if err != nil {
			return err
		}
		for _, rep := range in.Reports {
			events = append(events, rep.EventID)
		}
	}
	if o, err = fuse.Merge(r.Context(), fs, req.Incidents, o); err != nil {
		return err
	}
	return s.answerOverride(w, r, fs, o, events)
}
