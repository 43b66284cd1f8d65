package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/riverqueue/river"

	"github.com/evident-org/evident"
)

type ingestWorker struct {
	river.WorkerDefaults[IngestArgs]
	q *Queue
}

func (w *ingestWorker) Work(ctx context.Context, job *river.Job[IngestArgs]) error {
	if job.Args.Doc == nil {
		return river.JobCancel(evident.Errorf(evident.EINVALID, "", "ingest job %d has no document", job.ID))
	}
	return w.q.outcome(ctx, w.q.cfg.Handler.Ingest(ctx, job.Args.Doc))
}

type fetchWorker struct {
	river.WorkerDefaults[FetchArgs]
	q *Queue
}

// Work fetches the URL and ingests its documents one after the other; a
// document that fails does not stop the others, and a retry ingests again
// only what is not stored yet (the rest are duplicates).
func (w *fetchWorker) Work(ctx context.Context, job *river.Job[FetchArgs]) error {
	docs, ferr := w.q.cfg.Handler.Fetch(ctx, job.Args.URL)
	errs := []error{ferr}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		errs = append(errs, w.q.cfg.Handler.Ingest(ctx, d))
	}
	return w.q.outcome(ctx, errors.Join(errs...))
}

type pollWorker struct {
	river.WorkerDefaults[PollArgs]
	q *Queue
}

// Work reads the feed and enqueues one ingest job per item; an item that
// cannot be read is reported in the job's error, the others are enqueued.
func (w *pollWorker) Work(ctx context.Context, job *river.Job[PollArgs]) error {
	docs, ferr := w.q.cfg.Handler.Feed(ctx, job.Args.URL)
	if len(docs) > 0 {
		if err := w.q.EnqueueDocuments(ctx, docs); err != nil {
			return w.q.outcome(ctx, err)
		}
	}
	return w.q.outcome(ctx, ferr)
}

// outcome turns a work error into River's verdict: nil; released for
// another worker (the worker is shutting down); cancelled (permanent); or
// the error, retried with backoff.
func (q *Queue) outcome(ctx context.Context, err error) error {
	switch {
	case err == nil:
		return nil
	case ctx.Err() == context.Canceled && !errors.Is(context.Cause(ctx), river.ErrJobCancelledRemotely):
		// StopAndCancel: not the job's fault, and not an attempt used up.
		return river.JobSnooze(0)
	case q.cfg.Permanent(err):
		return river.JobCancel(err)
	}
	return err
}

// isNetwork reports whether err comes from the network: a connection
// refused, reset or cut short, or a timeout.
func isNetwork(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return false // no such host: the URL is bad
	}
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ne) && ne.Timeout() || errors.As(err, &oe) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.ErrUnexpectedEOF)
}

func decode(b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("jobs: decoding args: %w", err)
	}
	return nil
}
