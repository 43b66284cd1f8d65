package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/jobs"
	"github.com/evident-org/evident/source"
	"github.com/evident-org/evident/sqlite"
)

// pooler is a store on PostgreSQL: the queue uses its pool.
type pooler interface{ Pool() *pgxpool.Pool }

// openQueue opens the job queue in the database of --db: River's tables
// beside the store's, migrated if needed.
func (m *Main) openQueue(ctx context.Context, cli *CLI, cfg jobs.Config) (*jobs.Queue, error) {
	st, err := m.openStore(ctx, cli.DB)
	if err != nil {
		return nil, err
	}
	switch s := st.(type) {
	case pooler:
		return jobs.OpenPostgres(ctx, s.Pool(), cfg)
	case *sqlite.Store:
		if s.Path() == sqlite.MemoryPath {
			return nil, evident.Errorf(evident.EINVALID, cli.DB, "an in-memory database cannot hold a queue that other processes work")
		}
		return jobs.OpenSQLite(ctx, s.DB(), cfg)
	}
	return nil, evident.Errorf(evident.EINVALID, cli.DB, "this database keeps no job queue")
}

// jobHandler does the queue's work with the in-process pipeline and store.
type jobHandler struct {
	m    *Main
	pipe *evident.Pipeline
	st   evident.Store
	opt  source.Options
	fuse bool
}

var _ jobs.Handler = (*jobHandler)(nil)

// Ingest runs the pipeline on doc and stores (and fuses) the result, as
// the in-process ingest does.
func (h *jobHandler) Ingest(ctx context.Context, doc *evident.Document) error {
	a, err := h.pipe.Run(ctx, doc)
	if err != nil {
		return err
	}
	res, _, err := storeAnalysed(ctx, h.st, a.Doc, a.Events)
	if err == nil && res != evident.PutDuplicate && h.fuse {
		// One update per document: fuse.Update takes the fusion lock
		// (in the process, and PostgreSQL's across the workers).
		err = fuseStored(ctx, h.st)
	}
	return err
}

// Fetch reads a URL as `evident ingest URL` does.
func (h *jobHandler) Fetch(ctx context.Context, url string) ([]*evident.Document, error) {
	var docs []*evident.Document
	var errs []error
	for it := range source.Read(ctx, url, nil, h.opt) {
		if it.Err != nil {
			errs = append(errs, it.Err)
			continue
		}
		docs = append(docs, it.Doc)
	}
	return docs, errors.Join(errs...)
}

// Feed reads a feed (a URL or a file) into its items (source.ReadFeed,
// through source.Read, which fetches a URL and tells a feed by its content
// type or content). Anything else there is an EINVALID error: a poll job
// is for feeds.
func (h *jobHandler) Feed(ctx context.Context, url string) ([]*evident.Document, error) {
	docs, err := h.Fetch(ctx, url)
	if len(docs) > 0 && docs[0].Format != source.FormatFeed {
		return nil, evident.Errorf(evident.EINVALID, url, "not an RSS/Atom/JSON feed (read as %s)", docs[0].Format)
	}
	return docs, err
}

// isURL reports whether an input is fetched (a job per URL) rather than
// read here (a job per document).
func isURL(in string) bool {
	l := strings.ToLower(in)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// enqueueStats is the closing summary of ingest --queue.
type enqueueStats struct{ docs, urls, failed int }

func (s enqueueStats) String() string {
	return fmt.Sprintf("%d documents and %d URLs enqueued, %d inputs failed; run `evident worker` to ingest them", s.docs, s.urls, s.failed)
}

// enqueue reads the inputs and enqueues their work: one ingest job per
// document of a file, directory, JSON Lines line or stdin (the job carries
// the document), one fetch job per URL. An input that cannot be read is
// reported, named, and the run goes on.
func (m *Main) enqueue(ctx context.Context, q *jobs.Queue, inputs []string, opt source.Options) (enqueueStats, error) {
	var s enqueueStats
	var urls []string
	batch := make([]*evident.Document, 0, 1000)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := q.EnqueueDocuments(ctx, batch); err != nil {
			return err
		}
		s.docs += len(batch)
		batch = batch[:0]
		return nil
	}
	for _, in := range inputs {
		if isURL(in) {
			urls = append(urls, in)
			continue
		}
		for it := range source.Read(ctx, in, m.Stdin, opt) {
			if it.Err != nil {
				if ctx.Err() != nil {
					return s, ctx.Err()
				}
				s.failed++
				fmt.Fprintf(m.Stderr, "evident: error: %s\n", describe(it.Err))
				continue
			}
			batch = append(batch, it.Doc)
			if len(batch) == cap(batch) {
				if err := flush(); err != nil {
					return s, err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return s, err
	}
	if len(urls) > 0 {
		if err := q.EnqueueURLs(ctx, urls); err != nil {
			return s, err
		}
		s.urls = len(urls)
	}
	return s, nil
}

// jobsConfigForListing is the queue configuration of the commands that
// only enqueue or list.
func jobsConfigForListing() jobs.Config { return jobs.Config{} }
