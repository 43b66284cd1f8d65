package evident

import (
	"context"
	"time"
)

// FeedState is what a feed watcher keeps about one feed between polls and
// across restarts (evident watch, docs/feeds.md).
type FeedState struct {
	URL    string `json:"url"`
	Outlet string `json:"outlet,omitempty"`
	// Every is the feed's polling interval.
	Every time.Duration `json:"every"`
	// ETag and LastModified are the validators of the last 200 response,
	// sent back as If-None-Match and If-Modified-Since.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// Seen are the keys (document ids and GUIDs) of items already
	// ingested, oldest first; the watcher bounds their number.
	Seen []string `json:"-"`
	// LastPoll is when the feed was last fetched; NextPoll when it is due.
	LastPoll time.Time `json:"last_poll"`
	NextPoll time.Time `json:"next_poll"`
	// LastStatus is the HTTP status of the last poll (0: no response).
	LastStatus int `json:"last_status,omitempty"`
	// Failures counts consecutive failed polls (the backoff exponent).
	Failures int `json:"failures"`
	// LastError is the last failed poll's error ("" after a success);
	// LastErrorAt when it happened.
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	// Polls, Items and Errors count polls, documents added and failed
	// polls or items since the feed was first watched.
	Polls  int `json:"polls"`
	Items  int `json:"items"`
	Errors int `json:"errors"`
}

// FeedStore keeps feed watchers' state. The SQLite and PostgreSQL stores
// implement it (storetest.RunFeeds checks).
type FeedStore interface {
	// FeedState returns the state of the feed at url and whether it is
	// stored.
	FeedState(ctx context.Context, url string) (FeedState, bool, error)
	// PutFeedState stores st, replacing the state of st.URL.
	PutFeedState(ctx context.Context, st FeedState) error
	// Feeds returns the state of every stored feed, ordered by URL.
	Feeds(ctx context.Context) ([]FeedState, error)
}
