package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

// FeedStoreUnderTest is a store with feed watchers' state.
type FeedStoreUnderTest interface {
	evident.Store
	evident.FeedStore
}

// RunFeeds checks evident.FeedStore: a state put is read back whole (times
// at one-second precision, UTC), a second put replaces the first, an
// unknown URL is not found, Feeds lists every feed by URL, and concurrent
// puts of different feeds all land. open must return a new, empty store.
func RunFeeds(t *testing.T, open func(t *testing.T) FeedStoreUnderTest) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	full := evident.FeedState{
		URL: "https://example.org/rss", Outlet: "Example", Every: 15 * time.Minute,
		ETag: `"abc"`, LastModified: "Sun, 01 Mar 2026 11:00:00 GMT",
		Seen:     []string{"url-0123456789abcdef", "guid-x", "https://example.org/a?b=c"},
		LastPoll: at, NextPoll: at.Add(15 * time.Minute), LastStatus: 503, Failures: 2,
		LastError: "https://example.org/rss: HTTP 503 Service Unavailable", LastErrorAt: at,
		Polls: 7, Items: 120, Errors: 3,
	}
	t.Run("RoundTrip", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		defer s.Close()
		if _, ok, err := s.FeedState(ctx(t), full.URL); err != nil || ok {
			t.Fatalf("FeedState of an unknown feed = ok %v, err %v; want not found", ok, err)
		}
		if err := s.PutFeedState(ctx(t), full); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.FeedState(ctx(t), full.URL)
		if err != nil || !ok {
			t.Fatalf("FeedState = ok %v, err %v", ok, err)
		}
		if diff := cmp.Diff(full, got); diff != "" {
			t.Errorf("FeedState (-put +got):\n%s", diff)
		}
		empty := evident.FeedState{URL: "https://example.org/empty"}
		if err := s.PutFeedState(ctx(t), empty); err != nil {
			t.Fatal(err)
		}
		got, _, err = s.FeedState(ctx(t), empty.URL)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(empty, got); diff != "" {
			t.Errorf("empty FeedState (-put +got):\n%s", diff)
		}
		if err := s.PutFeedState(ctx(t), evident.FeedState{}); evident.ErrorCode(err) != evident.EINVALID {
			t.Errorf("PutFeedState without a URL: err %v, want EINVALID", err)
		}
	})
	t.Run("Replace", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		defer s.Close()
		if err := s.PutFeedState(ctx(t), full); err != nil {
			t.Fatal(err)
		}
		next := full
		next.ETag, next.Seen, next.Failures, next.LastError, next.LastErrorAt, next.LastStatus = "", []string{"k"}, 0, "", time.Time{}, 304
		next.Polls++
		if err := s.PutFeedState(ctx(t), next); err != nil {
			t.Fatal(err)
		}
		got, _, err := s.FeedState(ctx(t), full.URL)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(next, got); diff != "" {
			t.Errorf("replaced FeedState (-put +got):\n%s", diff)
		}
	})
	t.Run("ListConcurrent", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		defer s.Close()
		if fs, err := s.Feeds(ctx(t)); err != nil || len(fs) != 0 {
			t.Fatalf("Feeds of an empty store = %v, %v", fs, err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 20)
		for i := range 20 {
			wg.Go(func() {
				errs[i] = s.PutFeedState(ctx(t), evident.FeedState{URL: fmt.Sprintf("https://example.org/%02d", 19-i), Items: i})
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		fs, err := s.Feeds(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for i, f := range fs {
			got = append(got, f.URL)
			want = append(want, fmt.Sprintf("https://example.org/%02d", i))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Feeds URLs (-want +got):\n%s", diff)
		}
	})
}
