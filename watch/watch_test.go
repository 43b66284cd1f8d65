package watch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/watch"
	"github.com/google/go-cmp/cmp"
)

func TestItemsOverTime(t *testing.T) {
	s := newSite(t)
	e := newEnv(t, openStore(t, filepath.Join(t.TempDir(), "e.db")), watch.NewFakeClock(start), nil)
	f := watch.Feed{URL: s.url("/feed/a"), Outlet: "Site A", Every: 10 * time.Minute}
	type step struct {
		publish int
		want    watch.Result
	}
	for i, st := range []step{
		{3, watch.Result{Status: 200, Items: 3, Added: 3}},
		{2, watch.Result{Status: 200, Items: 5, Added: 2, Seen: 3}},
		{0, watch.Result{Status: 304, NotModified: true}},
		{1, watch.Result{Status: 200, Items: 6, Added: 1, Seen: 5}},
	} {
		s.publish("/feed/a", st.publish)
		got := e.poll(t, f)
		if diff := cmp.Diff(st.want, got); diff != "" {
			t.Errorf("poll %d (-want +got):\n%s", i+1, diff)
		}
		e.clock.Advance(10 * time.Minute)
	}
	if tw := e.twice(); len(tw) > 0 {
		t.Errorf("added twice: %v", tw)
	}
	docs, _, err := e.st.Counts(t.Context())
	if err != nil || docs != 6 {
		t.Errorf("documents = %d, %v; want 6", docs, err)
	}
	st := e.state(t, f.URL)
	if st.Items != 6 || st.Polls != 4 || st.ETag != `"6"` || st.Outlet != "Site A" || st.Failures != 0 {
		t.Errorf("state = %+v", st)
	}
	if got := st.NextPoll.Sub(st.LastPoll); got != 10*time.Minute {
		t.Errorf("next poll %v after the last, want 10m", got)
	}
	if s.cond["/feed/a"] != 1 {
		t.Errorf("304 answers = %d, want 1", s.cond["/feed/a"])
	}
	// The articles were read from their pages, and under the operator's
	// User-Agent; robots.txt was asked once (cached).
	doc, err := e.st.Document(t.Context(), e.anyID())
	if err != nil || !strings.Contains(doc.Text, "The full text of the article") || doc.Outlet != "Site A" {
		t.Errorf("document = %+v, %v", doc, err)
	}
	if n := s.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", n)
	}
	for ua := range s.agents {
		if !strings.Contains(ua, "https://example.org/contact") {
			t.Errorf("User-Agent %q lacks the contact URL", ua)
		}
	}
}

func (e *env) anyID() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	for id := range e.puts {
		return id
	}
	return ""
}

func TestRetryAfter(t *testing.T) {
	s := newSite(t)
	e := newEnv(t, openStore(t, filepath.Join(t.TempDir(), "e.db")), watch.NewFakeClock(start), nil)
	f := watch.Feed{URL: s.url("/feed/a"), Every: 10 * time.Minute}
	s.publish("/feed/a", 2)
	tests := []struct {
		status     int
		retryAfter string
		wantNext   time.Duration
	}{
		{429, "120", 120 * time.Second},
		{503, start.Add(120 * time.Second).Add(2 * time.Hour).Format(http.TimeFormat), 2 * time.Hour},
		{503, "", 2 * 10 * time.Minute * 2}, // third failure, no Retry-After: backoff 10m·2² (jitter 0)
	}
	for i, tt := range tests {
		s.set("/feed/a", tt.status, tt.retryAfter)
		now := e.clock.Now()
		_, err := e.w.Poll(t.Context(), f)
		if err == nil || !strings.Contains(err.Error(), f.URL) || !strings.Contains(err.Error(), strconv.Itoa(tt.status)) {
			t.Fatalf("%d: Poll err = %v; want one naming the URL and %d", i, err, tt.status)
		}
		st := e.state(t, f.URL)
		if got := st.NextPoll.Sub(now); got != tt.wantNext {
			t.Errorf("%d: next poll in %v, want %v", i, got, tt.wantNext)
		}
		if st.Failures != i+1 || st.LastError != err.Error() {
			t.Errorf("%d: failures %d, last error %q", i, st.Failures, st.LastError)
		}
		e.clock.Advance(tt.wantNext)
	}
	// An article page asking for a long pause: the host is paused, so
	// both items are read from their summaries.
	s.set("/feed/a", 0, "")
	s.set("/article/feed/a/2", 503, "7200")
	r := e.poll(t, f)
	if r.Added != 2 || r.Summaries != 2 {
		t.Errorf("after the 503s: %+v; want 2 added from their summaries", r)
	}
	if n := s.count("/article/feed/a/1"); n != 0 {
		t.Errorf("a page of a paused host was fetched %d times", n)
	}
	// The feed's next poll waits for the host's pause, not counted as
	// the feed's failure.
	e.clock.Advance(time.Hour)
	if _, err := e.w.Poll(t.Context(), f); err == nil {
		t.Errorf("Poll of a paused host: no error")
	}
	if st := e.state(t, f.URL); st.Failures != 0 || st.NextPoll.Before(e.clock.Now().Add(59*time.Minute)) {
		t.Errorf("paused host: failures %d, next poll %v (now %v)", st.Failures, st.NextPoll, e.clock.Now())
	}
	e.clock.Advance(time.Hour)
	s.publish("/feed/a", 1)
	if r := e.poll(t, f); r.Added != 1 {
		t.Errorf("after the pause: %+v", r)
	}
	if st := e.state(t, f.URL); st.Failures != 0 || st.LastError != "" || st.Errors != 4 {
		t.Errorf("state after success: %+v", st)
	}
}

func TestFeedGoneAndBack(t *testing.T) {
	s := newSite(t)
	e := newEnv(t, openStore(t, filepath.Join(t.TempDir(), "e.db")), watch.NewFakeClock(start), nil)
	f := watch.Feed{URL: s.url("/feed/a"), Every: 10 * time.Minute}
	s.publish("/feed/a", 2)
	e.poll(t, f)
	s.set("/feed/a", 404, "")
	var waits []time.Duration
	for range 3 {
		e.clock.Advance(time.Hour * 10)
		now := e.clock.Now()
		_, err := e.w.Poll(t.Context(), f)
		if evident.ErrorCode(err) != evident.ENOTFOUND || !strings.Contains(err.Error(), f.URL) {
			t.Fatalf("Poll of a 404 = %v", err)
		}
		waits = append(waits, e.state(t, f.URL).NextPoll.Sub(now))
	}
	if diff := cmp.Diff([]time.Duration{10 * time.Minute, 20 * time.Minute, 40 * time.Minute}, waits); diff != "" {
		t.Errorf("backoff (-want +got):\n%s", diff)
	}
	// Connection refused: a server that is gone.
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	g := watch.Feed{URL: gone.URL + "/feed/x"}
	if _, err := e.w.Poll(t.Context(), g); err == nil || !strings.Contains(err.Error(), g.URL) {
		t.Errorf("Poll of a closed server = %v", err)
	}
	// Back, with new items.
	s.set("/feed/a", 0, "")
	s.publish("/feed/a", 1)
	r := e.poll(t, f)
	if r.Added != 1 || r.Seen != 2 {
		t.Errorf("back: %+v; want 1 added, 2 seen", r)
	}
	if st := e.state(t, f.URL); st.Failures != 0 || st.Errors != 3 || st.Items != 3 {
		t.Errorf("state: %+v", st)
	}
}

func TestRobots(t *testing.T) {
	s := newSite(t)
	s.robots = "User-agent: *\nDisallow: /\n\nUser-agent: evident\nDisallow: /article/feed/a/2\n"
	e := newEnv(t, openStore(t, filepath.Join(t.TempDir(), "e.db")), watch.NewFakeClock(start), nil)
	s.publish("/feed/a", 3)
	r := e.poll(t, watch.Feed{URL: s.url("/feed/a")})
	if r.Added != 3 || r.Summaries != 1 {
		t.Errorf("%+v; want 3 added, 1 from its summary", r)
	}
	if n := s.count("/article/feed/a/2"); n != 0 {
		t.Errorf("a page robots.txt disallows was fetched %d times", n)
	}
}

func TestHostRateLimit(t *testing.T) {
	s := newSite(t)
	clock := watch.NewFakeClock(start)
	e := newEnv(t, openStore(t, filepath.Join(t.TempDir(), "e.db")), clock, func(c *watch.Config) { c.HostInterval = 2 * time.Second })
	s.publish("/feed/a", 4)
	e.poll(t, watch.Feed{URL: s.url("/feed/a")})
	// feed, robots.txt, 4 pages: 6 requests, 5 gaps of 2s.
	if got := clock.Slept(); got != 10*time.Second {
		t.Errorf("slept %v between requests, want 10s", got)
	}
}

func TestRestartMidPoll(t *testing.T) {
	s := newSite(t)
	path := filepath.Join(t.TempDir(), "e.db")
	clock := watch.NewFakeClock(start)
	f := watch.Feed{URL: s.url("/feed/a")}
	s.publish("/feed/a", 30)
	ctx, cancel := context.WithCancel(t.Context())
	n := 0
	st1 := openStore(t, path)
	e1 := newEnv(t, st1, clock, func(c *watch.Config) {
		c.Checkpoint = 5
		ingest := c.Ingest
		c.Ingest = func(ctx context.Context, d *evident.Document) (evident.PutResult, error) {
			if n++; n == 13 {
				cancel() // the process stops in the middle of an item
				return "", ctx.Err()
			}
			return ingest(ctx, d)
		}
	})
	if _, err := e1.w.Poll(ctx, f); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted Poll = %v", err)
	}
	st1.Close()
	e2 := newEnv(t, openStore(t, path), clock, nil)
	r := e2.poll(t, f)
	if r.Added != 18 || r.Seen != 12 || r.Duplicates != 0 {
		t.Errorf("after the restart: %+v; want 18 added, 12 seen", r)
	}
	docs, _, _ := e2.st.Counts(t.Context())
	if docs != 30 {
		t.Errorf("documents = %d, want 30", docs)
	}
	if st := e2.state(t, f.URL); st.Items != 30 {
		t.Errorf("items = %d, want 30", st.Items)
	}
}

// TestManyFeeds is the target: items across 50 feeds, published in three
// waves and polled three times, with a restart (a new watcher on the
// reopened store) before the third poll. EVIDENT_TEST_WATCH_ITEMS sets the
// total (default 1,000; the target is 10,000).
func TestManyFeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	total := 1000
	if v := os.Getenv("EVIDENT_TEST_WATCH_ITEMS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("EVIDENT_TEST_WATCH_ITEMS=%q: %v", v, err)
		}
		total = n
	}
	const feeds = 50
	s := newSite(t)
	path := filepath.Join(t.TempDir(), "many.db")
	clock := watch.NewFakeClock(start)
	var fs []watch.Feed
	for i := range feeds {
		fs = append(fs, watch.Feed{URL: s.url("/feed/" + strconv.Itoa(i)), Every: 15 * time.Minute})
	}
	wave := []int{total / 2, total / 4, total - total/2 - total/4}
	st := openStore(t, path)
	e := newEnv(t, st, clock, nil)
	added, dups := 0, 0
	for round, n := range wave {
		if round == 2 { // restart
			st.Close()
			e = newEnv(t, openStore(t, path), clock, nil)
		}
		for i := range n {
			s.publish("/feed/"+strconv.Itoa(i%feeds), 1)
		}
		due, _, err := e.w.Due(t.Context(), fs)
		if err != nil || len(due) != feeds {
			t.Fatalf("round %d: %d feeds due, %v; want %d", round+1, len(due), err, feeds)
		}
		got := 0
		for _, f := range due {
			r := e.poll(t, f)
			got += r.Added
			dups += r.Duplicates
			if len(r.ItemErrors) > 0 {
				t.Fatalf("%s: %v", f.URL, r.ItemErrors)
			}
		}
		if got != n {
			t.Errorf("round %d: %d added, want %d", round+1, got, n)
		}
		added += got
		clock.Advance(15 * time.Minute)
	}
	docs, _, err := e.st.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	items := 0
	states, err := e.st.Feeds(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, fst := range states {
		items += fst.Items
	}
	t.Logf("%d items over %d feeds: %d added, %d documents stored, %d duplicates offered, %d items in feed state, %d page fetches",
		total, feeds, added, docs, dups, items, s.pages())
	if docs != total || added != total || dups != 0 || items != total || len(e.twice()) != 0 {
		t.Errorf("want %d documents, 0 duplicates", total)
	}
}

func (s *site) pages() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, c := range s.requests {
		if strings.HasPrefix(p, "/article/") {
			n += c
		}
	}
	return n
}
