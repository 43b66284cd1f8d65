package postgres

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/jackc/pgx/v5"
)

var _ evident.FeedStore = (*Store)(nil)

const feedColumns = `url, outlet, every_ns, etag, last_modified, seen, last_poll, next_poll, last_status, failures, last_error, last_error_at, polls, items, errors`

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// noNUL drops NUL bytes and invalid UTF-8, which PostgreSQL text cannot
// hold (an error message or a header quoting a hostile server might carry
// them).
func noNUL(s string) string { return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD") }

// PutFeedState stores the state of one feed, replacing what was stored.
func (s *Store) PutFeedState(ctx context.Context, st evident.FeedState) error {
	if st.URL == "" {
		return evident.Errorf(evident.EINVALID, s.name, "feed state: the URL is required")
	}
	if !storable(st.URL) {
		return evident.Errorf(evident.EINVALID, st.URL, "feed state: the URL holds a NUL byte")
	}
	seen := make([]string, 0, len(st.Seen))
	for _, k := range st.Seen {
		seen = append(seen, noNUL(k))
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO feeds (`+feedColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (url) DO UPDATE SET outlet = EXCLUDED.outlet, every_ns = EXCLUDED.every_ns, etag = EXCLUDED.etag,
		last_modified = EXCLUDED.last_modified, seen = EXCLUDED.seen, last_poll = EXCLUDED.last_poll, next_poll = EXCLUDED.next_poll,
		last_status = EXCLUDED.last_status, failures = EXCLUDED.failures, last_error = EXCLUDED.last_error,
		last_error_at = EXCLUDED.last_error_at, polls = EXCLUDED.polls, items = EXCLUDED.items, errors = EXCLUDED.errors`,
		st.URL, noNUL(st.Outlet), int64(st.Every), noNUL(st.ETag), noNUL(st.LastModified), seen, nullTime(st.LastPoll), nullTime(st.NextPoll),
		st.LastStatus, st.Failures, noNUL(st.LastError), nullTime(st.LastErrorAt), st.Polls, st.Items, st.Errors)
	if err != nil {
		return wrapErr(err, s.name, "put feed state of "+st.URL)
	}
	return nil
}

// FeedState returns the stored state of the feed at url.
func (s *Store) FeedState(ctx context.Context, url string) (evident.FeedState, bool, error) {
	if !storable(url) {
		return evident.FeedState{}, false, nil
	}
	st, err := scanFeed(s.pool.QueryRow(ctx, `SELECT `+feedColumns+` FROM feeds WHERE url = $1`, url))
	if errors.Is(err, pgx.ErrNoRows) {
		return evident.FeedState{}, false, nil
	}
	if err != nil {
		return evident.FeedState{}, false, wrapErr(err, s.name, "feed state of "+url)
	}
	return st, true, nil
}

// Feeds returns every stored feed's state, ordered by URL.
func (s *Store) Feeds(ctx context.Context) ([]evident.FeedState, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+feedColumns+` FROM feeds ORDER BY url`)
	if err != nil {
		return nil, wrapErr(err, s.name, "feeds")
	}
	defer rows.Close()
	var out []evident.FeedState
	for rows.Next() {
		st, err := scanFeed(rows)
		if err != nil {
			return nil, wrapErr(err, s.name, "feeds")
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, wrapErr(err, s.name, "feeds")
	}
	return out, nil
}

func scanFeed(row pgx.Row) (evident.FeedState, error) {
	var (
		st               evident.FeedState
		every            int64
		last, next, errA *time.Time
	)
	if err := row.Scan(&st.URL, &st.Outlet, &every, &st.ETag, &st.LastModified, &st.Seen, &last, &next,
		&st.LastStatus, &st.Failures, &st.LastError, &errA, &st.Polls, &st.Items, &st.Errors); err != nil {
		return st, err
	}
	st.Every = time.Duration(every)
	for _, p := range []struct {
		src *time.Time
		dst *time.Time
	}{{last, &st.LastPoll}, {next, &st.NextPoll}, {errA, &st.LastErrorAt}} {
		if p.src != nil {
			*p.dst = p.src.UTC()
		}
	}
	if len(st.Seen) == 0 {
		st.Seen = nil
	}
	return st, nil
}
