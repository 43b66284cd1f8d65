package evident

import (
	"context"
	"time"
)

// Job states, as the queue names them.
const (
	JobAvailable = "available" // queued, ready to run
	JobScheduled = "scheduled" // queued for later
	JobRunning   = "running"
	JobRetryable = "retryable" // failed, to be tried again after a backoff
	JobCompleted = "completed"
	JobDiscarded = "discarded" // failed every attempt
	JobCancelled = "cancelled" // failed permanently (bad input): not tried again
)

// Job is one unit of queued work (ingest a document, fetch a URL, poll a
// feed) as `evident jobs` and GET /api/v1/jobs show it.
type Job struct {
	ID    int64  `json:"id"`
	Kind  string `json:"kind"`
	State string `json:"state"`
	// Input names the work: the document's input (file:line) and id, or
	// the URL.
	Input       string `json:"input"`
	Attempt     int    `json:"attempt"`
	MaxAttempts int    `json:"max_attempts"`
	// Error is the last attempt's error, if any.
	Error       string     `json:"error,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	ScheduledAt time.Time  `json:"scheduled_at"`
	FinalizedAt *time.Time `json:"finalized_at,omitempty"`
}

// JobFilter selects jobs: States empty means every state but completed.
type JobFilter struct {
	States []string
	Limit  int // 0 = the lister's default
}

// JobLister reads the job queue's state.
type JobLister interface {
	// Jobs returns the jobs in f's states, newest first.
	Jobs(ctx context.Context, f JobFilter) ([]Job, error)
	// JobCounts returns the number of jobs in each state.
	JobCounts(ctx context.Context) (map[string]int, error)
}
