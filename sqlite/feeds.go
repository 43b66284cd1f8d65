package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/evident-org/evident"
)

var _ evident.FeedStore = (*Store)(nil)

const feedColumns = `url, outlet, every_ns, etag, last_modified, seen, last_poll, next_poll, last_status, failures, last_error, last_error_at, polls, items, errors`

func feedTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseFeedTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// PutFeedState stores the state of one feed, replacing what was stored.
func (s *Store) PutFeedState(ctx context.Context, st evident.FeedState) error {
	if st.URL == "" {
		return evident.Errorf(evident.EINVALID, s.path, "feed state: the URL is required")
	}
	seen, err := json.Marshal(nonNil(st.Seen))
	if err != nil {
		return err
	}
	_, err = s.w.ExecContext(ctx, `INSERT OR REPLACE INTO feeds (`+feedColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		st.URL, st.Outlet, int64(st.Every), st.ETag, st.LastModified, string(seen), feedTime(st.LastPoll), feedTime(st.NextPoll),
		st.LastStatus, st.Failures, st.LastError, feedTime(st.LastErrorAt), st.Polls, st.Items, st.Errors)
	if err != nil {
		return wrapErr(err, s.path, "put feed state of "+st.URL)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// FeedState returns the stored state of the feed at url.
func (s *Store) FeedState(ctx context.Context, url string) (evident.FeedState, bool, error) {
	st, err := scanFeed(s.r.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds WHERE url = ?`, url))
	if errors.Is(err, sql.ErrNoRows) {
		return evident.FeedState{}, false, nil
	}
	if err != nil {
		return evident.FeedState{}, false, wrapErr(err, s.path, "feed state of "+url)
	}
	return st, true, nil
}

// Feeds returns every stored feed's state, ordered by URL.
func (s *Store) Feeds(ctx context.Context) ([]evident.FeedState, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+feedColumns+` FROM feeds ORDER BY url`)
	if err != nil {
		return nil, wrapErr(err, s.path, "feeds")
	}
	defer rows.Close()
	var out []evident.FeedState
	for rows.Next() {
		st, err := scanFeed(rows)
		if err != nil {
			return nil, wrapErr(err, s.path, "feeds")
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, wrapErr(err, s.path, "feeds")
	}
	return out, nil
}

func scanFeed(row interface{ Scan(...any) error }) (evident.FeedState, error) {
	var (
		st                     evident.FeedState
		every                  int64
		seen, last, next, errA string
	)
	if err := row.Scan(&st.URL, &st.Outlet, &every, &st.ETag, &st.LastModified, &seen, &last, &next,
		&st.LastStatus, &st.Failures, &st.LastError, &errA, &st.Polls, &st.Items, &st.Errors); err != nil {
		return st, err
	}
	st.Every = time.Duration(every)
	st.LastPoll, st.NextPoll, st.LastErrorAt = parseFeedTime(last), parseFeedTime(next), parseFeedTime(errA)
	if err := json.Unmarshal([]byte(seen), &st.Seen); err != nil {
		return st, err
	}
	if len(st.Seen) == 0 {
		st.Seen = nil
	}
	return st, nil
}
