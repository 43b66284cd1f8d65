package http

import (
	"net/http"

	"github.com/evident-org/evident"
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
