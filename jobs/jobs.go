// Package jobs runs Evident's units of work on a River job queue
// (github.com/riverqueue/river): ingest one document, fetch one URL, poll
// one feed. It is an adapter: the work itself (extract, store, fuse; read
// a URL or a feed) is a Handler that the wiring in cmd/evident supplies,
// and the queue lives in the same database as the store — PostgreSQL
// (riverpgxv5 on the store's pgxpool) or the embedded SQLite file
// (riversqlite on the store's write connection).
//
// Job args carry what the worker needs to do the work without the input
// at hand: an ingest job carries its whole document (id, metadata, text),
// so a JSON Lines corpus read on one machine is worked on any other; a
// fetch or poll job carries its URL.
//
// Failures: an error the Handler classifies as permanent (Config.Permanent:
// bad input, such as a binary file or a page that is not HTML) cancels the
// job at once (river.JobCancel, state "cancelled") with the error naming
// its input; any other error (a fetch timeout, a serialization failure, a
// lost connection) is retried with exponential backoff until MaxAttempts,
// then the job is "discarded". A job interrupted by a shutdown is released
// for another worker (river.JobSnooze(0)); a worker killed outright leaves
// its running jobs to River's rescuer (Config.RescueAfter).
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/evident-org/evident"
)

// Job kinds.
const (
	KindIngest = "evident_ingest_document"
	KindFetch  = "evident_fetch_url"
	KindPoll   = "evident_poll_feed"
)

// IngestArgs is an ingest job: extract, store (and fuse) one document.
type IngestArgs struct {
	Doc *evident.Document `json:"doc"`
}

// Kind implements river.JobArgs.
func (IngestArgs) Kind() string { return KindIngest }

// FetchArgs is a fetch job: read one URL (a page, or a feed's items) and
// ingest what it holds.
type FetchArgs struct {
	URL string `json:"url"`
}

// Kind implements river.JobArgs.
func (FetchArgs) Kind() string { return KindFetch }

// PollArgs is a poll job: read one feed and enqueue an ingest job for each
// of its items.
type PollArgs struct {
	URL string `json:"url"`
}

// Kind implements river.JobArgs.
func (PollArgs) Kind() string { return KindPoll }

// Handler does the work of the jobs.
type Handler interface {
	// Ingest extracts, stores and (when configured) fuses one document.
	// Storing the same document twice must be harmless: a job may run
	// again after a crash.
	Ingest(ctx context.Context, doc *evident.Document) error
	// Fetch reads a URL into its documents: one for a page, one per item
	// for a feed. err joins the errors of what could not be read.
	Fetch(ctx context.Context, url string) (docs []*evident.Document, err error)
	// Feed reads a feed into one document per item.
	Feed(ctx context.Context, url string) (docs []*evident.Document, err error)
}

// Config configures a Queue.
type Config struct {
	// Handler does the work; nil for a queue that only enqueues and lists.
	Handler Handler
	// Concurrency is the number of jobs worked at once by Run (default 1).
	Concurrency int
	// Permanent reports whether an error is permanent: the job is cancelled
	// instead of retried. Default: IsPermanent.
	Permanent func(error) bool
	// MaxAttempts is how often a job is tried before it is discarded
	// (default 10).
	MaxAttempts int
	// RetryBase and RetryMax bound the exponential backoff between
	// attempts: RetryBase·2^(attempt-1), at most RetryMax, ±10% jitter
	// (defaults 1 s and 10 min).
	RetryBase, RetryMax time.Duration
	// JobTimeout bounds one attempt (default 5 min).
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before River's
	// rescuer (run by the elected leader every 30 s) takes it for stuck —
	// its worker was killed — and schedules it again. It must exceed
	// JobTimeout (default JobTimeout + 5 min).
	RescueAfter time.Duration
	// PollInterval is how often an idle worker looks for jobs when no
	// notification tells it (default 1 s).
	PollInterval time.Duration
	// BatchSize is the number of jobs inserted per InsertMany (default 1000).
	BatchSize int
	// Logger receives River's logs (default: warnings and errors, discarded).
	Logger *slog.Logger
}

func (c *Config) defaults() {
	if c.Concurrency <= 0 {
		c.Concurrency = 1
	}
	if c.Permanent == nil {
		c.Permanent = IsPermanent
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 10
	}
	if c.RetryBase <= 0 {
		c.RetryBase = time.Second
	}
	if c.RetryMax <= 0 {
		c.RetryMax = 10 * time.Minute
	}
	if c.JobTimeout <= 0 {
		c.JobTimeout = 5 * time.Minute
	}
	if c.RescueAfter <= c.JobTimeout {
		c.RescueAfter = c.JobTimeout + 5*time.Minute
	}
	if c.PollInterval <= 0 {
		c.PollInterval = time.Second
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 1000
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// IsPermanent is the default classification: a refused fetch (EFORBIDDEN)
// is permanent; an *evident.Error whose code says the input itself is bad
// (EINVALID, ETOOLARGE, ENOTFOUND) is permanent, unless a network error
// lies under it; everything else
// (timeouts, lost connections, serialization failures, conflicts between
// concurrent writers) is transient.
func IsPermanent(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		// A joined error is permanent when every part is.
		for _, e := range joined.Unwrap() {
			if !IsPermanent(e) {
				return false
			}
		}
		return len(joined.Unwrap()) > 0
	}
	if evident.ErrorCode(err) == evident.EFORBIDDEN {
		return true // a refused address stays refused, whatever lies under it
	}
	if isNetwork(err) {
		return false
	}
	switch evident.ErrorCode(err) {
	case evident.EINVALID, evident.ETOOLARGE, evident.ENOTFOUND:
		return true
	}
	return false
}

// fetchCooldown is the least time between two fetches of one worker.
const fetchCooldown = 2 * time.Millisecond

// client is what a Queue uses of a river.Client, whatever its driver.
type client interface {
	InsertMany(ctx context.Context, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
	JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
}

// Queue is a River client with Evident's job kinds, on one database.
type Queue struct {
	cfg    Config
	client client
	counts func(ctx context.Context) (map[string]int, error)
}

var _ evident.JobLister = (*Queue)(nil)

// riverConfig is the River configuration for cfg; workers only when cfg
// has a Handler.
func (q *Queue) riverConfig(pollOnly bool) *river.Config {
	rc := &river.Config{
		Logger:               q.cfg.Logger,
		MaxAttempts:          q.cfg.MaxAttempts,
		RetryPolicy:          backoff{base: q.cfg.RetryBase, max: q.cfg.RetryMax},
		JobTimeout:           q.cfg.JobTimeout,
		RescueStuckJobsAfter: q.cfg.RescueAfter,
		FetchPollInterval:    q.cfg.PollInterval,
		// River fetches at most a free slot's worth of jobs per fetch and
		// waits FetchCooldown between fetches: its default 100 ms would cap
		// a worker at Concurrency×10 jobs/s, far below what the pipeline
		// does.
		FetchCooldown: min(fetchCooldown, q.cfg.PollInterval),
		PollOnly:      pollOnly,
	}
	if q.cfg.Handler != nil {
		ws := river.NewWorkers()
		river.AddWorker(ws, &ingestWorker{q: q})
		river.AddWorker(ws, &fetchWorker{q: q})
		river.AddWorker(ws, &pollWorker{q: q})
		rc.Workers = ws
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: q.cfg.Concurrency}}
	}
	return rc
}

// EnqueueDocuments enqueues one ingest job per document, in batches.
func (q *Queue) EnqueueDocuments(ctx context.Context, docs []*evident.Document) error {
	args := make([]river.JobArgs, len(docs))
	for i, d := range docs {
		args[i] = IngestArgs{Doc: d}
	}
	return q.insert(ctx, args)
}

// EnqueueURLs enqueues one fetch job per URL.
func (q *Queue) EnqueueURLs(ctx context.Context, urls []string) error {
	args := make([]river.JobArgs, len(urls))
	for i, u := range urls {
		args[i] = FetchArgs{URL: u}
	}
	return q.insert(ctx, args)
}

// EnqueueFeeds enqueues one poll job per feed URL.
func (q *Queue) EnqueueFeeds(ctx context.Context, urls []string) error {
	args := make([]river.JobArgs, len(urls))
	for i, u := range urls {
		args[i] = PollArgs{URL: u}
	}
	return q.insert(ctx, args)
}

func (q *Queue) insert(ctx context.Context, args []river.JobArgs) error {
	for start := 0; start < len(args); start += q.cfg.BatchSize {
		batch := args[start:min(start+q.cfg.BatchSize, len(args))]
		params := make([]river.InsertManyParams, len(batch))
		for i, a := range batch {
			params[i] = river.InsertManyParams{Args: a}
		}
		if _, err := q.client.InsertMany(ctx, params); err != nil {
			return fmt.Errorf("jobs: enqueue: %w", err)
		}
	}
	return nil
}

// Run works jobs until ctx is done, then stops gracefully: jobs in flight
// get up to stopTimeout to finish; after that their contexts are cancelled
// and they are released for another worker (StopAndCancel).
func (q *Queue) Run(ctx context.Context, stopTimeout time.Duration) error {
	if q.cfg.Handler == nil {
		return errors.New("jobs: Run needs a Handler")
	}
	// River's own context must outlive ctx: the stop below is ours.
	if err := q.client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs: starting workers: %w", err)
	}
	<-ctx.Done()
	soft, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	err := q.client.Stop(soft)
	if errors.Is(err, context.DeadlineExceeded) {
		hard, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err = q.client.StopAndCancel(hard)
	}
	if err != nil {
		return fmt.Errorf("jobs: stopping workers: %w", err)
	}
	return nil
}

// Pending returns the number of jobs not yet finished: available,
// scheduled, pending, running or retryable.
func (q *Queue) Pending(ctx context.Context) (int, error) {
	c, err := q.JobCounts(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range []string{evident.JobAvailable, evident.JobScheduled, "pending", evident.JobRunning, evident.JobRetryable} {
		n += c[s]
	}
	return n, nil
}

// JobCounts implements evident.JobLister.
func (q *Queue) JobCounts(ctx context.Context) (map[string]int, error) {
	c, err := q.counts(ctx)
	if err != nil {
		return nil, fmt.Errorf("jobs: counting: %w", err)
	}
	return c, nil
}

// DefaultStates are the states Jobs lists when the filter names none:
// every one but completed.
var defaultStates = []string{evident.JobAvailable, evident.JobScheduled, evident.JobRunning, evident.JobRetryable, evident.JobDiscarded, evident.JobCancelled}

// Jobs implements evident.JobLister: newest first, at most f.Limit (default
// 100, at most 10,000).
func (q *Queue) Jobs(ctx context.Context, f evident.JobFilter) ([]evident.Job, error) {
	states := f.States
	if len(states) == 0 {
		states = defaultStates
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 10000)
	rs := make([]rivertype.JobState, 0, len(states))
	for _, s := range states {
		if !slices.Contains(rivertype.JobStates(), rivertype.JobState(s)) {
			return nil, evident.Errorf(evident.EINVALID, "", "jobs: unknown state %q (one of %v)", s, rivertype.JobStates())
		}
		rs = append(rs, rivertype.JobState(s))
	}
	res, err := q.client.JobList(ctx, river.NewJobListParams().States(rs...).OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(limit))
	if err != nil {
		return nil, fmt.Errorf("jobs: listing: %w", err)
	}
	out := make([]evident.Job, 0, len(res.Jobs))
	for _, j := range res.Jobs {
		out = append(out, view(j))
	}
	return out, nil
}

// view is a job row as evident.Job.
func view(j *rivertype.JobRow) evident.Job {
	v := evident.Job{ID: j.ID, Kind: j.Kind, State: string(j.State), Attempt: j.Attempt, MaxAttempts: j.MaxAttempts,
		CreatedAt: j.CreatedAt, ScheduledAt: j.ScheduledAt, FinalizedAt: j.FinalizedAt, Input: inputOf(j)}
	if n := len(j.Errors); n > 0 {
		// River prefixes a cancellation's error with its type name.
		v.Error = strings.TrimPrefix(j.Errors[n-1].Error, "JobCancelError: ")
	}
	return v
}

// inputOf names a job's work from its args.
func inputOf(j *rivertype.JobRow) string {
	switch j.Kind {
	case KindIngest:
		var a struct {
			Doc struct {
				ID    string `json:"id"`
				Input string `json:"input"`
			} `json:"doc"`
		}
		if decode(j.EncodedArgs, &a) == nil {
			if a.Doc.Input != "" && a.Doc.Input != a.Doc.ID {
				return a.Doc.Input + " (" + a.Doc.ID + ")"
			}
			return a.Doc.ID
		}
	case KindFetch, KindPoll:
		var a FetchArgs
		if decode(j.EncodedArgs, &a) == nil {
			return a.URL
		}
	}
	return ""
}

// backoff is the retry policy: exponential, capped, with ±10% jitter.
type backoff struct{ base, max time.Duration }

// NextRetry implements river.ClientRetryPolicy.
func (b backoff) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(b.delay(job.Attempt))
}

func (b backoff) delay(attempt int) time.Duration {
	d := b.base
	for i := 1; i < attempt && d < b.max; i++ {
		d *= 2
	}
	d = min(d, b.max)
	return d + time.Duration((rand.Float64()*0.2-0.1)*float64(d))
}
