package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/evident-org/evident/fuse"
	"github.com/evident-org/evident/sqlite"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/source"
)

// result is one input document after the pipeline, or the error that
// stopped it. seq is its position in input order.
type result struct {
	seq    int
	input  string
	doc    *evident.Document
	events []evident.Event
	// mentions are the analysis's mentions (commands that print them).
	mentions []evident.Mention
	err      error
}

// process reads every input, runs the pipeline on a pool of workers (one
// whole document per worker: concurrency lives above the stages), and
// calls each for every result in the calling goroutine, in input order
// whatever the number of workers: a store written from each keeps, for
// one id given twice, the later input's version. An input that fails
// yields an error result; the run goes on with the rest. keepMentions
// keeps, for a text analysed in sections (see analyse), its resolved
// place mentions; otherwise a sectioned document keeps none.
func process(ctx context.Context, pipe *evident.Pipeline, inputs []string, stdin io.Reader, opt source.Options, workers int, keepMentions bool, each func(result)) {
	if workers < 1 {
		workers = 1
	}
	jobs := make(chan result, workers*4)
	results := make(chan result, workers*4)
	go func() {
		defer close(jobs)
		seq := 0
		for _, in := range inputs {
			for it := range source.Read(ctx, in, stdin, opt) {
				r := result{seq: seq, input: in, doc: it.Doc, err: it.Err}
				if it.Doc != nil {
					r.input = it.Doc.Input
				}
				seq++
				select {
				case jobs <- r:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range jobs {
				if r.err == nil {
					a, err := analyse(ctx, pipe, r.doc, SectionBytes, keepMentions)
					r.err = err
					if err == nil {
						r.doc, r.events, r.mentions = a.Doc, a.Events, a.Mentions
					}
				}
				results <- r
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	// Results finish out of order; hold the early ones until those before
	// them are done (at most the documents in flight meanwhile).
	next, early := 0, map[int]result{}
	for r := range results {
		early[r.seq] = r
		for {
			r, ok := early[next]
			if !ok {
				break
			}
			delete(early, next)
			next++
			each(r)
		}
	}
	// After a cancellation the reader stops and some sequence numbers
	// never come: hand on the rest in order.
	rest := slices.Sorted(maps.Keys(early))
	for _, seq := range rest {
		each(early[seq])
	}
}

// collect runs the pipeline over inputs and returns the results in input
// order; each failed input is reported on stderr, named, and counted.
func (m *Main) collect(ctx context.Context, pipe *evident.Pipeline, inputs []string, opt source.Options, workers int) (results []result, failed int) {
	process(ctx, pipe, inputs, m.Stdin, opt, workers, true, func(r result) {
		if r.err != nil {
			failed++
			fmt.Fprintf(m.Stderr, "evident: error: %s\n", describe(r.err))
			return
		}
		results = append(results, r)
	})
	slices.SortFunc(results, func(a, b result) int { return a.seq - b.seq })
	return results, failed
}

// stats is the closing summary of an ingest.
type stats struct {
	read, added, updated, duplicates, failed int
	events, background                       int
	bytes                                    int64
	start                                    time.Time
	// hidden counts the hidden files and directories a walk skipped
	// (written by the reading goroutine).
	hidden atomic.Int64
	// total is the number of documents expected, 0 when unknown.
	total atomic.Int64
	// abandoned are the inputs an interruption left unstored, in the
	// order they came back.
	abandoned []string
}

// signalCause is the cause of a context a signal cancelled.
type signalCause struct{ sig os.Signal }

func (c signalCause) Error() string { return c.sig.String() + " signal received" }

// interruptedCode is the exit code of a command ctx interrupted: 128 plus
// the signal's number (130 for SIGINT, 143 for SIGTERM), 130 for a
// cancellation without a signal, 124 for a deadline (as timeout(1)).
func interruptedCode(ctx context.Context) int {
	var sc signalCause
	switch cause := context.Cause(ctx); {
	case errors.As(cause, &sc):
		if s, ok := sc.sig.(syscall.Signal); ok {
			return 128 + int(s)
		}
	case errors.Is(cause, context.DeadlineExceeded):
		return 124
	}
	return 130
}

// interruption is the line that reports an interrupted run: why, and
// every abandoned input once (JSON Lines documents of one file as a
// range of lines: "news.jsonl:120-138").
func (s *stats) interruption(cause error) string {
	why := "interrupted"
	var sc signalCause
	switch {
	case errors.As(cause, &sc):
		why = "interrupted by " + sc.Error()
	case errors.Is(cause, context.DeadlineExceeded):
		why = "timed out"
	}
	if len(s.abandoned) == 0 {
		return fmt.Sprintf("evident: %s; every document read so far is stored", why)
	}
	return fmt.Sprintf("evident: %s; %d documents abandoned, not stored (ingest them again): %s", why, len(s.abandoned), compactInputs(s.abandoned))
}

// compactInputs lists inputs once each, files in the order they first
// appear, folding the "file:LINE" inputs of one file into runs of lines:
// "news.jsonl:3-5, news.jsonl:9".
func compactInputs(inputs []string) string {
	var order []string
	lines := map[string][]int{}
	for _, in := range inputs {
		key := in
		f, l, ok := splitLine(in)
		if ok {
			key = f
		}
		if _, seen := lines[key]; !seen {
			order = append(order, key)
			lines[key] = nil
		}
		if ok {
			lines[key] = append(lines[key], l)
		}
	}
	var parts []string
	for _, key := range order {
		ls := lines[key]
		if len(ls) == 0 {
			parts = append(parts, key)
			continue
		}
		slices.Sort(ls)
		ls = slices.Compact(ls)
		for i := 0; i < len(ls); {
			j := i
			for j+1 < len(ls) && ls[j+1] == ls[j]+1 {
				j++
			}
			if i == j {
				parts = append(parts, fmt.Sprintf("%s:%d", key, ls[i]))
			} else {
				parts = append(parts, fmt.Sprintf("%s:%d-%d", key, ls[i], ls[j]))
			}
			i = j + 1
		}
	}
	return strings.Join(parts, ", ")
}

// splitLine splits "file:LINE" (a JSON Lines input).
func splitLine(in string) (file string, line int, ok bool) {
	i := strings.LastIndexByte(in, ':')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(in[i+1:])
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return in[:i], n, true
}

func (s *stats) String() string {
	el := time.Since(s.start)
	rate := float64(s.read) / el.Seconds()
	hidden := ""
	if h := s.hidden.Load(); h == 1 {
		hidden = ", 1 hidden file or directory skipped"
	} else if h > 1 {
		hidden = fmt.Sprintf(", %d hidden files or directories skipped", h)
	}
	return fmt.Sprintf("%d documents read: %d added, %d updated, %d skipped as duplicates, %d failed%s; %d events found (%d more flagged background) in %s (%.0f docs/s)",
		s.read, s.added, s.updated, s.duplicates, s.failed, hidden, s.events, s.background, el.Round(time.Millisecond), rate)
}

// progress prints a one-line progress report to w every interval until
// stop is called; it prints nothing when w is not a terminal.
type progress struct {
	w       io.Writer
	enabled bool
	mu      sync.Mutex
	st      *stats
	done    chan struct{}
	wg      sync.WaitGroup
}

func startProgress(w io.Writer, enabled bool, st *stats) *progress {
	p := &progress{w: w, st: st, done: make(chan struct{}), enabled: enabled}
	if !enabled {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		spin := `|/-\`
		for i := 0; ; i++ {
			select {
			case <-p.done:
				fmt.Fprint(p.w, "\r\033[K")
				return
			case <-t.C:
				p.mu.Lock()
				fmt.Fprint(p.w, "\r\033[K"+p.line(spin[i%4], time.Since(p.st.start)))
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// line is one progress report: with a known total, the documents read of
// the total, a percentage and an ETA at the rate so far.
func (p *progress) line(spin byte, elapsed time.Duration) string {
	st := p.st
	rate := float64(st.read) / elapsed.Seconds()
	docs := fmt.Sprintf("%d docs", st.read)
	eta := ""
	if total := st.total.Load(); total > 0 {
		docs = fmt.Sprintf("%d/%d docs (%.0f%%)", st.read, total, 100*float64(st.read)/float64(total))
		if left := total - int64(st.read); left > 0 && rate > 0 {
			eta = "  ETA " + (time.Duration(float64(left)/rate) * time.Second).Round(time.Second).String()
		} else if left <= 0 {
			eta = "  ETA 0s"
		}
	}
	return fmt.Sprintf("%c %s  %d added  %d dup  %d failed  %d events  %.0f docs/s  %.1f MB%s",
		spin, docs, st.added, st.duplicates, st.failed, st.events, rate, float64(st.bytes)/1e6, eta)
}

// clearLine erases the progress line before other output; the caller
// holds p.mu (inside update).
func (p *progress) clearLine() {
	if p.enabled {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (p *progress) update(f func()) {
	p.mu.Lock()
	f()
	p.mu.Unlock()
}

func (p *progress) stop() {
	close(p.done)
	p.wg.Wait()
}

// ingest reads inputs into the store and returns the summary. Errors
// naming their input are printed as they happen.
func (m *Main) ingest(ctx context.Context, cli *CLI, cfg pipelineConfig, inputs []string, opt source.Options, showProgress bool) (*stats, error) {
	st, err := m.openStore(ctx, cli.DB)
	if err != nil {
		return nil, err
	}
	pipe, err := newPipeline(cfg)
	if err != nil {
		return nil, err
	}
	s := &stats{start: time.Now()}
	opt.OnSkip = func(string, string) { s.hidden.Add(1) }
	if showProgress {
		// Counting runs beside the ingest: a big input starts at once, and
		// the total and ETA appear when the count is done.
		go func() {
			if n, ok := countDocuments(inputs); ok {
				s.total.Store(int64(n))
			}
		}()
	}
	p := startProgress(m.Stderr, showProgress, s)
	pending := 0
	process(ctx, pipe, inputs, m.Stdin, opt, cli.Workers, false, func(r result) {
		var res evident.PutResult
		owner := ""
		if r.err == nil {
			res, owner, r.err = storeAnalysed(ctx, st, r.doc, r.events)
			if r.err == nil && res != evident.PutDuplicate && cli.Fuse {
				// Fusion runs in batches: a new component costs one
				// neighbour query per report, and one re-fusion per batch.
				// It runs here, between puts, not beside them: a put that
				// re-extracts a document while an update is computing
				// would leave that update's incidents built on events that
				// are gone.
				if pending++; pending >= fuseBatch {
					pending = 0
					r.err = fuseStored(ctx, st)
				}
			}
		}
		p.update(func() {
			if r.err != nil && ctx.Err() != nil && (errors.Is(r.err, context.Canceled) || errors.Is(r.err, context.DeadlineExceeded)) {
				// Interrupted: named once, in the closing report.
				s.abandoned = append(s.abandoned, r.input)
				return
			}
			s.read++
			if r.err != nil {
				s.failed++
				p.clearLine()
				fmt.Fprintf(m.Stderr, "evident: error: %s\n", describe(r.err))
				return
			}
			s.bytes += int64(len(r.doc.Text))
			switch res {
			case evident.PutAdded:
				s.added++
			case evident.PutUpdated:
				s.updated++
			case evident.PutDuplicate:
				s.duplicates++
				if owner != "" {
					p.clearLine()
					fmt.Fprintf(m.Stderr, "evident: %s: skipped as a duplicate of %s (the same text; %s is now an alias of it)\n", r.input, owner, r.doc.ID)
				}
				return
			}
			for _, e := range r.events {
				if e.Background {
					s.background++
				} else {
					s.events++
				}
			}
		})
	})
	p.stop()
	if cli.Fuse && ctx.Err() == nil {
		// The last batch, and whatever an interrupted run left unfused.
		if err := fuseStored(ctx, st); err != nil {
			fmt.Fprintf(m.Stderr, "evident: error: fusing incidents: %s\n", describe(err))
			s.failed++
		}
	}
	if sq, ok := st.(checkpointer); ok && ctx.Err() == nil && s.added+s.updated > 0 {
		// After a large ingest the WAL may hold its whole volume: fold it
		// into the database and cut the file back. A failure only costs
		// disk, so it is reported, not fatal.
		if _, _, _, err := sq.Checkpoint(ctx, sqlite.CheckpointTruncate); err != nil {
			fmt.Fprintf(m.Stderr, "evident: checkpoint after ingest: %v\n", err)
		}
	}
	if ctx.Err() != nil {
		return s, context.Cause(ctx)
	}
	return s, nil
}

// storeAnalysed stores one analysed document with its events. owner is
// the stored document whose alias doc became when its content was already
// stored under another id. Both the in-process ingest and the queue's
// ingest jobs store through it.
func storeAnalysed(ctx context.Context, st evident.Store, doc *evident.Document, events []evident.Event) (res evident.PutResult, owner string, err error) {
	res, err = st.PutDocument(ctx, doc, events)
	if err != nil {
		return res, "", err
	}
	if as, ok := st.(evident.AliasStore); ok && res == evident.PutDuplicate {
		if id, ok, err := as.AliasOf(ctx, doc.ID); err == nil && ok {
			owner = id
		}
	}
	return res, owner, nil
}

// fuseBatch is how many stored documents ingest fuses at a time.
const fuseBatch = 500

// fuseStored fuses the store's new events into incidents (fuse.Update)
// when the store keeps incidents. fuse.Update serialises updates in the
// process and, through the store's fuse.Locker (PostgreSQL's advisory
// lock), across the processes writing one database.
func fuseStored(ctx context.Context, st evident.Store) error {
	if fs, ok := st.(fuse.Store); ok {
		_, err := fuse.Update(ctx, fs)
		return err
	}
	return nil
}
