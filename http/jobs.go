package http

import (
	"net/http"

	"github.com/evident-org/evident"
)

// jobStates are the states GET /api/v1/jobs lists.
var jobStates = []string{
	evident.JobAvailable, evident.JobScheduled, evident.JobRunning, evident.JobRetryable,
	evident.JobCompleted, evident.JobDiscarded, evident.JobCancelled,
}

// registerJobs registers the job queue's route. It always needs a token:
// the jobs name inputs and carry error messages that reads need not show.
func (s *Server) registerJobs(mux *http.ServeMux) {
	mux.Handle("GET /api/v1/jobs", s.write(s.handleJobs))
}

// handleJobs answers GET /api/v1/jobs: the number of jobs in each state
// and the newest jobs in the listed states (default: all but completed)
// with their last error.
func (s *Server) handleJobs(w http.ResponseWriter, r *http.Request) error {
	p, err := newParams(r.URL.RawQuery, []string{"state", "limit"}, tax)
	if err != nil {
		return err
	}
	states, err := p.oneOf("state", jobStates)
	if err != nil {
		return err
	}
	limit, err := p.integer("limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	if s.jobs == nil {
		return evident.Errorf(evident.ENOTFOUND, "", "this server has no job queue")
	}
	counts, err := s.jobs.JobCounts(r.Context())
	if err != nil {
		return err
	}
	js, err := s.jobs.Jobs(r.Context(), evident.JobFilter{States: states, Limit: limit})
	if err != nil {
		return err
	}
	all := make(map[string]int, len(jobStates))
	for _, st := range jobStates {
		all[st] = counts[st]
	}
	if js == nil {
		js = []evident.Job{}
	}
	writeJSON(w, http.StatusOK, struct {
		Counts map[string]int `json:"counts"`
		Jobs   []evident.Job  `json:"jobs"`
	}{all, js})
	return nil
}
