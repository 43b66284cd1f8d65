package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/source"
	"github.com/mmcdole/gofeed"
)

// Defaults of [Config].
const (
	DefaultEvery         = 15 * time.Minute
	DefaultHostInterval  = time.Second
	DefaultMaxBackoff    = 6 * time.Hour
	DefaultMaxRetryAfter = 24 * time.Hour
	DefaultMaxWait       = time.Minute
	DefaultSeenLimit     = 5000
	DefaultCheckpoint    = 20
	DefaultAgent         = "evident"
	// DefaultUserAgent is sent when no contact URL is set; it says to set
	// one.
	DefaultUserAgent = "Evident/0.1 (feed watcher; operator contact not set: run evident watch --contact URL; +https://github.com/evident-org/evident)"
	robotsTTL        = 24 * time.Hour
	robotsErrorTTL   = time.Hour
)

// UserAgent is the User-Agent of a watcher whose operator can be reached
// at contact (a URL or mailto:); "" gives DefaultUserAgent.
func UserAgent(contact string) string {
	if contact == "" {
		return DefaultUserAgent
	}
	return "Evident/0.1 (feed watcher; +" + contact + ")"
}

// Ingester stores one document (runs the pipeline and puts the result).
type Ingester func(ctx context.Context, doc *evident.Document) (evident.PutResult, error)

// Config configures a [Watcher]. Client, Store and Ingest are required.
type Config struct {
	Client *source.Client    // every request goes through it
	Store  evident.FeedStore // feed state
	Ingest Ingester
	// UserAgent is sent with every request. Default: DefaultUserAgent.
	UserAgent string
	// Agent is the product token matched against robots.txt User-agent
	// lines. Default: "evident".
	Agent string
	// Clock. Default: RealClock.
	Clock Clock
	// Every is the polling interval of feeds that give none.
	// Default: DefaultEvery (15m).
	Every time.Duration
	// HostInterval is the least time between two requests to one host.
	// Default: DefaultHostInterval (1s).
	HostInterval time.Duration
	// MaxBackoff caps the wait after consecutive failures (the feed's
	// interval, doubled per failure, ±10% jitter). Default: 6h.
	MaxBackoff time.Duration
	// MaxRetryAfter caps a Retry-After. Default: 24h.
	MaxRetryAfter time.Duration
	// MaxWait is the longest an article fetch waits for a host that asked
	// for a pause (Retry-After); past it the item's summary is used.
	// Default: DefaultMaxWait (1m).
	MaxWait time.Duration
	// SeenLimit bounds the seen keys kept per feed beyond those of the
	// items in the feed's last document. Default: 5000.
	SeenLimit int
	// Checkpoint: the state is stored after this many new items within a
	// poll (a crash re-fetches at most so many; the store dedupes them).
	// Default: 20.
	Checkpoint int
	// SummaryOnly ingests items' summaries without fetching their pages.
	SummaryOnly bool
	// MaxBytes and Timeout bound each fetch. Defaults: source's.
	MaxBytes int64
	Timeout  time.Duration
	// Jitter returns a number in [0, 1). Default: math/rand/v2.Float64.
	Jitter func() float64
	// Dispatch, when set, replaces the in-process poll in Run: it is
	// called for every due feed (e.g. to enqueue a job unique by feed URL
	// whose worker calls Poll) and Run only schedules. Default: nil.
	Dispatch func(ctx context.Context, f Feed) error
	// Report is called after every poll Run makes. Default: nil.
	Report func(f Feed, r Result, err error)
}

func (c Config) withDefaults() Config {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.Agent == "" {
		c.Agent = DefaultAgent
	}
	if c.Clock == nil {
		c.Clock = RealClock{}
	}
	if c.Every <= 0 {
		c.Every = DefaultEvery
	}
	if c.HostInterval == 0 {
		c.HostInterval = DefaultHostInterval
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if c.MaxWait <= 0 {
		c.MaxWait = DefaultMaxWait
	}
	if c.SeenLimit <= 0 {
		c.SeenLimit = DefaultSeenLimit
	}
	if c.Checkpoint <= 0 {
		c.Checkpoint = DefaultCheckpoint
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = source.DefaultMaxBytes
	}
	if c.Timeout <= 0 {
		c.Timeout = source.DefaultTimeout
	}
	if c.Jitter == nil {
		c.Jitter = rand.Float64
	}
	return c
}

// Watcher polls feeds. It is safe for concurrent use; polls of one host
// take turns.
type Watcher struct {
	cfg    Config
	hosts  *hosts
	mu     sync.Mutex
	robots map[string]robotsEntry // by scheme://host
}

type robotsEntry struct {
	r       *Robots
	denyAll bool // robots.txt could not be read (5xx, unreachable)
	until   time.Time
}

// New returns a Watcher.
func New(cfg Config) (*Watcher, error) {
	cfg = cfg.withDefaults()
	if cfg.Client == nil || cfg.Store == nil || cfg.Ingest == nil {
		return nil, errors.New("watch: Config needs a Client, a Store and an Ingest")
	}
	return &Watcher{cfg: cfg, hosts: newHosts(cfg.Clock, cfg.HostInterval), robots: map[string]robotsEntry{}}, nil
}

// Result is what one poll did.
type Result struct {
	Status      int  // HTTP status of the feed (0: no response)
	NotModified bool // 304
	Items       int  // items in the feed document
	Added       int  // documents stored (added or updated)
	Duplicates  int  // items the store already had
	Seen        int  // items skipped as seen in an earlier poll
	Summaries   int  // items read from their summary (page refused, failed or not fetched)
	// ItemErrors name items that could not be read or stored.
	ItemErrors []error
}

// every is the feed's interval.
func (w *Watcher) every(f Feed) time.Duration {
	if f.Every > 0 {
		return f.Every
	}
	return w.cfg.Every
}

// Due returns the feeds whose next poll is at or before now, and the time
// of the earliest next poll among the others (zero if none).
func (w *Watcher) Due(ctx context.Context, feeds []Feed) (due []Feed, next time.Time, err error) {
	now := w.cfg.Clock.Now()
	for _, f := range feeds {
		st, ok, err := w.cfg.Store.FeedState(ctx, f.URL)
		if err != nil {
			return nil, time.Time{}, err
		}
		if !ok || !st.NextPoll.After(now) {
			due = append(due, f)
			continue
		}
		if next.IsZero() || st.NextPoll.Before(next) {
			next = st.NextPoll
		}
	}
	return due, next, nil
}

// Poll fetches one feed (conditionally), ingests its new items and stores
// the feed's state. The error is the feed's (it could not be fetched or
// read: named by its URL); item errors are in Result.ItemErrors.
func (w *Watcher) Poll(ctx context.Context, f Feed) (Result, error) {
	st, _, err := w.cfg.Store.FeedState(ctx, f.URL)
	if err != nil {
		return Result{}, err
	}
	st.URL, st.Every = f.URL, w.every(f)
	if f.Outlet != "" {
		st.Outlet = f.Outlet
	}
	res, perr := w.poll(ctx, f, &st)
	now := w.cfg.Clock.Now()
	st.LastPoll = now
	st.LastStatus = res.Status
	if perr != nil && ctx.Err() == nil {
		st.Polls++
		st.Errors++
		st.Failures++
		st.LastError, st.LastErrorAt = perr.Error(), now
		delay := w.backoff(st.Every, st.Failures)
		var ra retryAfterError
		if errors.As(perr, &ra) {
			delay = max(ra.after, w.cfg.HostInterval)
		}
		var hp errHostPaused
		if errors.As(perr, &hp) { // not the feed's fault: try when the host allows
			st.Failures--
			delay = hp.until.Sub(now)
		}
		st.NextPoll = now.Add(delay)
	} else if perr == nil {
		st.Polls++
		st.Failures, st.LastError = 0, ""
		st.NextPoll = now.Add(st.Every)
	}
	st.Errors += len(res.ItemErrors)
	// A poll cut short by ctx keeps its progress (seen keys, counts) but
	// not the feed's new validators (set by poll only when it finished)
	// or a new schedule.
	if err := w.cfg.Store.PutFeedState(context.WithoutCancel(ctx), st); err != nil {
		return res, err
	}
	if perr == nil && ctx.Err() != nil {
		perr = ctx.Err()
	}
	return res, perr
}

// backoff is the wait after n consecutive failures: every·2^(n-1), at
// most MaxBackoff, ±10% jitter.
func (w *Watcher) backoff(every time.Duration, n int) time.Duration {
	d := every
	for i := 1; i < n && d < w.cfg.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, w.cfg.MaxBackoff)
	return time.Duration(float64(d) * (0.9 + 0.2*w.cfg.Jitter()))
}

// retryAfterError is a 429 or 503 with a Retry-After.
type retryAfterError struct {
	err   error
	after time.Duration
}

func (e retryAfterError) Error() string { return e.err.Error() }
func (e retryAfterError) Unwrap() error { return e.err }

// response is one fetched body.
type response struct {
	status       int
	body         []byte
	url          string // after redirects
	etag, lastMo string
	contentType  string
}

// get makes one polite request: the host's turn, the User-Agent, the
// validators. Statuses other than 200 and 304 are errors naming rawURL; a
// 429 or 503 pauses the host for its Retry-After.
func (w *Watcher) get(ctx context.Context, rawURL string, etag, lastMod string, maxWait time.Duration) (*response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, evident.Errorf(evident.EINVALID, rawURL, "not an http(s) URL")
	}
	hostKey := strings.ToLower(u.Host)
	if err := w.hosts.acquire(ctx, hostKey, maxWait); err != nil {
		var hp errHostPaused
		if errors.As(err, &hp) {
			return nil, &evident.Error{Code: evident.ETIMEOUT, Input: rawURL, Message: hp.Error(), Err: hp}
		}
		return nil, err
	}
	pause := time.Duration(0)
	defer func() { w.hosts.release(hostKey, pause) }()
	rctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, &evident.Error{Code: evident.EINVALID, Input: rawURL, Message: "bad URL", Err: err}
	}
	req.Header.Set("User-Agent", w.cfg.UserAgent)
	req.Header.Set("Accept", "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/html;q=0.8,text/plain;q=0.5,*/*;q=0.1")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastMod != "" {
		req.Header.Set("If-Modified-Since", lastMod)
	}
	resp, err := w.cfg.Client.Do(req)
	if err != nil {
		return nil, fetchError(rawURL, err)
	}
	defer resp.Body.Close()
	r := &response{status: resp.StatusCode, url: resp.Request.URL.String(), etag: resp.Header.Get("ETag"),
		lastMo: resp.Header.Get("Last-Modified"), contentType: resp.Header.Get("Content-Type")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return r, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
		e := evident.Errorf(evident.ETIMEOUT, rawURL, "HTTP %s", resp.Status)
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), w.cfg.Clock.Now()); ok {
			pause = min(d, w.cfg.MaxRetryAfter)
			e.Message += " (Retry-After " + pause.String() + ")"
			return r, retryAfterError{err: e, after: pause}
		}
		return r, e
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return r, evident.Errorf(evident.ENOTFOUND, rawURL, "HTTP %s", resp.Status)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return r, evident.Errorf(evident.EINVALID, rawURL, "HTTP %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, w.cfg.MaxBytes+1))
	if err != nil {
		return r, fetchError(rawURL, err)
	}
	if int64(len(body)) > w.cfg.MaxBytes {
		return r, evident.Errorf(evident.ETOOLARGE, rawURL, "the response is over the %s limit", source.HumanBytes(w.cfg.MaxBytes))
	}
	r.body = body
	return r, nil
}

// parseRetryAfter reads a Retry-After: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func fetchError(input string, err error) error {
	var refused *source.RefusedError
	var dns *net.DNSError
	switch {
	case errors.As(err, &refused):
		return &evident.Error{Code: evident.EFORBIDDEN, Input: input, Message: refused.Error()}
	case errors.Is(err, context.Canceled):
		return &evident.Error{Code: evident.EINTERNAL, Input: input, Message: "fetch canceled", Err: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &evident.Error{Code: evident.ETIMEOUT, Input: input, Message: "fetch timed out", Err: err}
	case errors.As(err, &dns) && dns.IsNotFound:
		return &evident.Error{Code: evident.ENOTFOUND, Input: input, Message: "cannot fetch", Err: err}
	}
	return &evident.Error{Code: evident.EINVALID, Input: input, Message: "cannot fetch", Err: err}
}

// poll does the work of Poll on st.
func (w *Watcher) poll(ctx context.Context, f Feed, st *evident.FeedState) (Result, error) {
	var res Result
	resp, err := w.get(ctx, f.URL, st.ETag, st.LastModified, w.cfg.MaxWait)
	if resp != nil {
		res.Status = resp.status
	}
	if err != nil {
		return res, err
	}
	if resp.status == http.StatusNotModified {
		res.NotModified = true
		return res, nil
	}
	feed, err := source.ParseFeed(resp.body, f.URL)
	if err != nil {
		return res, err
	}
	outlet := f.Outlet
	if outlet == "" {
		outlet = source.FeedOutlet(feed)
	}
	if outlet != "" {
		st.Outlet = outlet
	}
	res.Items = len(feed.Items)
	seen := make(map[string]bool, len(st.Seen))
	for _, k := range st.Seen {
		seen[k] = true
	}
	var current []string // keys of this document's items, in order
	sinceCheckpoint := 0
	for i, fi := range feed.Items {
		if fi == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			st.Seen = w.bound(st.Seen, current)
			return res, err
		}
		keys := itemKeys(fi)
		current = append(current, keys...)
		if anySeen(seen, keys) {
			res.Seen++
			continue
		}
		input := fmt.Sprintf("%s#item%d", f.URL, i+1)
		doc, summary, err := w.itemDoc(ctx, fi, input, outlet)
		if summary {
			res.Summaries++
		}
		if err == nil {
			var put evident.PutResult
			put, err = w.cfg.Ingest(ctx, doc)
			switch {
			case err != nil:
			case put == evident.PutDuplicate:
				res.Duplicates++
			default:
				res.Added++
				st.Items++
			}
		}
		if err != nil {
			if ctx.Err() != nil { // cut short: the item is not done
				current = current[:len(current)-len(keys)]
				st.Seen = w.bound(st.Seen, current)
				return res, ctx.Err()
			}
			res.ItemErrors = append(res.ItemErrors, err)
		}
		for _, k := range keys {
			seen[k] = true
		}
		if len(keys) == 0 && doc != nil { // no GUID, no link: its content is its key
			current = append(current, doc.ID)
			seen[doc.ID] = true
		}
		if sinceCheckpoint++; sinceCheckpoint >= w.cfg.Checkpoint {
			sinceCheckpoint = 0
			cp := *st
			cp.Seen = w.bound(st.Seen, current)
			if err := w.cfg.Store.PutFeedState(ctx, cp); err != nil && ctx.Err() == nil {
				return res, err
			}
		}
	}
	st.Seen = w.bound(st.Seen, current)
	st.ETag, st.LastModified = resp.etag, resp.lastMo
	return res, nil
}

// bound returns the seen keys to keep: older keys not in current (oldest
// dropped first, at most SeenLimit of them), then current's.
func (w *Watcher) bound(old, current []string) []string {
	in := make(map[string]bool, len(current))
	for _, k := range current {
		in[k] = true
	}
	var keep []string
	for _, k := range old {
		if !in[k] {
			keep = append(keep, k)
		}
	}
	if over := len(keep) - w.cfg.SeenLimit; over > 0 {
		keep = keep[over:]
	}
	out := make([]string, 0, len(keep)+len(in))
	out = append(out, keep...)
	dup := map[string]bool{}
	for _, k := range current {
		if !dup[k] {
			dup[k] = true
			out = append(out, k)
		}
	}
	return out
}

// itemKeys are the keys an item is known by: its document id (from its
// link, else its GUID) and its GUID.
func itemKeys(fi *gofeed.Item) []string {
	var keys []string
	if strings.TrimSpace(fi.Link) != "" || strings.TrimSpace(fi.GUID) != "" {
		keys = append(keys, source.ItemID(fi, ""))
	}
	if g := strings.TrimSpace(fi.GUID); g != "" {
		keys = append(keys, "guid:"+g)
	}
	return keys
}

func anySeen(seen map[string]bool, keys []string) bool {
	for _, k := range keys {
		if seen[k] {
			return true
		}
	}
	return false
}

// itemDoc reads an item: its page, when fetched and allowed by
// robots.txt, else its summary (summary is true).
func (w *Watcher) itemDoc(ctx context.Context, fi *gofeed.Item, input, outlet string) (doc *evident.Document, summary bool, err error) {
	link := strings.TrimSpace(fi.Link)
	var pageErr error
	if !w.cfg.SummaryOnly && isHTTP(link) {
		doc, pageErr = w.page(ctx, fi, link, outlet)
		if pageErr == nil {
			return doc, false, nil
		}
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
	}
	doc, err = source.ItemDocument(fi, input, outlet)
	if err != nil {
		if pageErr != nil {
			return nil, true, fmt.Errorf("%w; and the summary: %v", pageErr, err)
		}
		return nil, true, err
	}
	return doc, true, nil
}

func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// page fetches an item's page and extracts its article.
func (w *Watcher) page(ctx context.Context, fi *gofeed.Item, link, outlet string) (*evident.Document, error) {
	if err := w.allowed(ctx, link); err != nil {
		return nil, err
	}
	resp, err := w.get(ctx, link, "", "", w.cfg.MaxWait)
	if err != nil {
		return nil, err
	}
	doc, err := source.ReadHTML(bytes.NewReader(resp.body), resp.url, source.Options{MaxBytes: w.cfg.MaxBytes, Client: w.cfg.Client})
	if err != nil {
		return nil, err
	}
	doc.ID = source.ItemID(fi, doc.Text)
	doc.Input = link
	if doc.Title == "" {
		if base, err := source.ItemDocument(fi, link, outlet); err == nil {
			doc.Title = base.Title
		}
	}
	if outlet != "" {
		doc.Outlet = outlet
	}
	if doc.Published.IsZero() {
		if base, err := source.ItemDocument(fi, link, outlet); err == nil && !base.Published.IsZero() {
			doc.Published, doc.PublishedFrom = base.Published, base.PublishedFrom
		}
	}
	return doc, nil
}

// allowed checks link against its host's robots.txt (fetched once a day
// per host; unreadable: nothing is fetched for an hour).
func (w *Watcher) allowed(ctx context.Context, link string) error {
	u, err := url.Parse(link)
	if err != nil {
		return evident.Errorf(evident.EINVALID, link, "bad URL")
	}
	key := strings.ToLower(u.Scheme + "://" + u.Host)
	now := w.cfg.Clock.Now()
	w.mu.Lock()
	e, ok := w.robots[key]
	w.mu.Unlock()
	if !ok || now.After(e.until) {
		e = robotsEntry{until: now.Add(robotsTTL)}
		resp, err := w.get(ctx, key+"/robots.txt", "", "", w.cfg.MaxWait)
		switch {
		case err == nil:
			e.r = ParseRobots(resp.body)
		case ctx.Err() != nil:
			return ctx.Err()
		case resp != nil && resp.status >= 400 && resp.status < 500 && resp.status != http.StatusTooManyRequests:
			e.r = nil // no robots.txt: everything is allowed
		default:
			e.denyAll, e.until = true, now.Add(robotsErrorTTL)
		}
		w.mu.Lock()
		w.robots[key] = e
		w.mu.Unlock()
	}
	if e.denyAll {
		return evident.Errorf(evident.EFORBIDDEN, link, "%s/robots.txt could not be read; pages of this host are not fetched until it can", key)
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !e.r.Allowed(w.cfg.Agent, path) {
		return evident.Errorf(evident.EFORBIDDEN, link, "refused by %s/robots.txt", key)
	}
	return nil
}

// Run polls feeds until ctx ends: every due feed, one goroutine per feed
// host (so a host's feeds take turns), then it waits for the next due
// feed. With Config.Dispatch it hands due feeds to Dispatch instead (a
// queue) and waits one host interval before scheduling again (the queue's
// workers update the feeds' next polls).
func (w *Watcher) Run(ctx context.Context, feeds []Feed) error {
	for {
		due, next, err := w.Due(ctx, feeds)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if w.cfg.Dispatch != nil {
			for _, f := range due {
				if err := w.cfg.Dispatch(ctx, f); err != nil && w.cfg.Report != nil {
					w.cfg.Report(f, Result{}, err)
				}
			}
			if next.IsZero() || len(due) > 0 {
				next = w.cfg.Clock.Now().Add(max(w.cfg.HostInterval, time.Second))
			}
		} else {
			w.pollAll(ctx, due)
			if len(due) > 0 {
				if _, next, err = w.Due(ctx, feeds); err != nil {
					continue
				}
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		wait := time.Minute
		if !next.IsZero() {
			// At least a second between rounds: a feed whose state
			// cannot be stored stays due, and must not spin.
			wait = max(next.Sub(w.cfg.Clock.Now()), time.Second)
		}
		if err := w.cfg.Clock.Sleep(ctx, wait); err != nil {
			return nil
		}
	}
}

// pollAll polls feeds, one goroutine per host.
func (w *Watcher) pollAll(ctx context.Context, feeds []Feed) {
	byHost := map[string][]Feed{}
	var order []string
	for _, f := range feeds {
		h := f.URL
		if u, err := url.Parse(f.URL); err == nil {
			h = strings.ToLower(u.Host)
		}
		if _, ok := byHost[h]; !ok {
			order = append(order, h)
		}
		byHost[h] = append(byHost[h], f)
	}
	var wg sync.WaitGroup
	for _, h := range order {
		wg.Go(func() {
			for _, f := range byHost[h] {
				if ctx.Err() != nil {
					return
				}
				r, err := w.Poll(ctx, f)
				if w.cfg.Report != nil {
					w.cfg.Report(f, r, err)
				}
			}
		})
	}
	wg.Wait()
}
