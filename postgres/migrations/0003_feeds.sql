-- 0003: feed watchers' state (evident watch, docs/feeds.md; as SQLite's 0009).
CREATE TABLE feeds (
    url           text COLLATE "C" PRIMARY KEY,
    outlet        text NOT NULL DEFAULT '',
    every_ns      bigint NOT NULL DEFAULT 0,
    etag          text NOT NULL DEFAULT '',
    last_modified text NOT NULL DEFAULT '',
    seen          text[] NOT NULL DEFAULT '{}',  -- item keys, oldest first
    last_poll     timestamptz,
    next_poll     timestamptz,
    last_status   integer NOT NULL DEFAULT 0,
    failures      integer NOT NULL DEFAULT 0,
    last_error    text NOT NULL DEFAULT '',
    last_error_at timestamptz,
    polls         integer NOT NULL DEFAULT 0,
    items         integer NOT NULL DEFAULT 0,
    errors        integer NOT NULL DEFAULT 0
);
