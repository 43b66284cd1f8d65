-- 0009: feed watchers' state (evident watch, docs/feeds.md).
CREATE TABLE feeds (
    url           TEXT PRIMARY KEY,
    outlet        TEXT NOT NULL DEFAULT '',
    every_ns      INTEGER NOT NULL DEFAULT 0,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    seen          TEXT NOT NULL DEFAULT '[]',  -- JSON array of item keys, oldest first
    last_poll     TEXT NOT NULL DEFAULT '',    -- RFC 3339 with nanoseconds, UTC; '' never
    next_poll     TEXT NOT NULL DEFAULT '',
    last_status   INTEGER NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    last_error_at TEXT NOT NULL DEFAULT '',
    polls         INTEGER NOT NULL DEFAULT 0,
    items         INTEGER NOT NULL DEFAULT 0,
    errors        INTEGER NOT NULL DEFAULT 0
) STRICT;
