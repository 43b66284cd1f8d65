package http

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/evident-org/evident"
)

// fakeJobs is a queue holding one retrying and one cancelled job.
type fakeJobs struct{ fail bool }

var fakeJobList = []evident.Job{
	{ID: 7, Kind: "evident_fetch_url", State: "retryable", Input: "https://example.org/a", Attempt: 2, MaxAttempts: 10,
		Error: "https://example.org/a: fetch timed out (Timeout 30s)", CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), ScheduledAt: time.Date(2026, 1, 2, 3, 5, 5, 0, time.UTC)},
	{ID: 5, Kind: "evident_ingest_document", State: "cancelled", Input: "c.jsonl:3 (c-3)", Attempt: 1, MaxAttempts: 10,
		Error: "c.jsonl:3: binary content", CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), ScheduledAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		FinalizedAt: new(time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC))},
}

func (f fakeJobs) Jobs(ctx context.Context, q evident.JobFilter) ([]evident.Job, error) {
	if f.fail {
		return nil, errors.New("connection lost")
	}
	var out []evident.Job
	for _, j := range fakeJobList {
		if (len(q.States) == 0 || slices.Contains(q.States, j.State)) && (q.Limit == 0 || len(out) < q.Limit) {
			out = append(out, j)
		}
	}
	return out, nil
}

func (f fakeJobs) JobCounts(ctx context.Context) (map[string]int, error) {
	if f.fail {
		return nil, errors.New("connection lost")
	}
	return map[string]int{"retryable": 1, "cancelled": 1, "completed": 40}, nil
}

func TestJobs(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{Jobs: fakeJobs{}})
	bearer := "Bearer " + ts.token
	type resp struct {
		Counts map[string]int `json:"counts"`
		Jobs   []evident.Job  `json:"jobs"`
	}
	zero := map[string]int{"available": 0, "scheduled": 0, "running": 0, "retryable": 1, "completed": 40, "discarded": 0, "cancelled": 1}
	for _, tc := range []struct {
		target string
		want   resp
	}{
		{"/api/v1/jobs", resp{zero, fakeJobList}},
		{"/api/v1/jobs?state=Cancelled", resp{zero, fakeJobList[1:]}},
		{"/api/v1/jobs?limit=1", resp{zero, fakeJobList[:1]}},
		{"/api/v1/jobs?state=running", resp{zero, []evident.Job{}}},
	} {
		var got resp
		decode(t, ts.do(t, req{target: tc.target, auth: bearer}), http.StatusOK, &got)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.target, diff)
		}
	}
	// A token always, even when reads are open.
	apiError(t, ts.do(t, req{target: "/api/v1/jobs"}), http.StatusUnauthorized, evident.EUNAUTHORIZED)
	apiError(t, ts.do(t, req{target: "/api/v1/jobs", auth: "Bearer nope"}), http.StatusUnauthorized, evident.EUNAUTHORIZED)
	e := apiError(t, ts.do(t, req{target: "/api/v1/jobs?state=lost", auth: bearer}), http.StatusBadRequest, evident.EINVALID)
	if e.Param != "state" {
		t.Errorf("bad state: param %q, want state", e.Param)
	}
	none := newTestServer(t, Config{}, Options{})
	apiError(t, none.do(t, req{target: "/api/v1/jobs", auth: "Bearer " + none.token}), http.StatusNotFound, evident.ENOTFOUND)
}
