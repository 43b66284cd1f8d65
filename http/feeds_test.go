package http

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

func TestFeeds(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	fs := ts.store
	at := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	if err := fs.PutFeedState(t.Context(), evident.FeedState{URL: "https://example.org/rss", Outlet: "Example", Every: 15 * time.Minute,
		Seen: []string{"a", "b"}, LastPoll: at, NextPoll: at.Add(time.Hour), LastStatus: 503, Failures: 2,
		LastError: "https://example.org/rss: HTTP 503 <Service Unavailable>", LastErrorAt: at, Polls: 4, Items: 12, Errors: 2}); err != nil {
		t.Fatal(err)
	}
	w := ts.get(t, "/api/v1/feeds")
	if w.Code != 200 {
		t.Fatalf("GET /api/v1/feeds: %d %s", w.Code, w.Body)
	}
	var got struct{ Feeds []map[string]any }
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{
		"url": "https://example.org/rss", "outlet": "Example", "every": "15m0s", "seen": 2.0,
		"last_poll": "2026-03-02T12:00:00Z", "next_poll": "2026-03-02T13:00:00Z", "last_status": 503.0, "failures": 2.0,
		"last_error": "https://example.org/rss: HTTP 503 <Service Unavailable>", "last_error_at": "2026-03-02T12:00:00Z",
		"polls": 4.0, "items": 12.0, "errors": 2.0,
	}}
	if diff := cmp.Diff(want, got.Feeds); diff != "" {
		t.Errorf("feeds (-want +got):\n%s", diff)
	}
	page := ts.get(t, "/feeds")
	if page.Code != 200 || !strings.Contains(page.Body.String(), "https://example.org/rss") ||
		!strings.Contains(page.Body.String(), "HTTP 503 &lt;Service Unavailable&gt;") {
		t.Errorf("GET /feeds: %d\n%s", page.Code, page.Body)
	}
}
