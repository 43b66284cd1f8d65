-- 0001: documents, their events, evidence spans and extractor versions.
-- Offsets are byte offsets into documents.text. Times are RFC 3339 text.

CREATE TABLE documents (
    id              TEXT PRIMARY KEY,
    content_hash    TEXT NOT NULL,     -- hex SHA-256 of text
    url             TEXT NOT NULL DEFAULT '',
    outlet          TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL DEFAULT '',
    published       TEXT,              -- RFC 3339 with original offset; NULL when unknown
    published_from  TEXT NOT NULL DEFAULT '', -- metadata, text or ''
    published_start INTEGER,           -- published span; NULL when none
    published_end   INTEGER,
    text            TEXT NOT NULL,
    input           TEXT NOT NULL DEFAULT '',
    format          TEXT NOT NULL DEFAULT '',
    ingested_at     TEXT NOT NULL,     -- first stored
    updated_at      TEXT NOT NULL      -- last added, updated or re-extracted
) STRICT;

-- One document per content: the store answers "duplicate" before a second
-- id could take the same hash.
CREATE UNIQUE INDEX documents_content_hash ON documents (content_hash);

CREATE TABLE extractors (
    version    TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL
) STRICT;

-- One row per evident.Event; every ACLED column is its own column.
CREATE TABLE events (
    event_id           TEXT PRIMARY KEY,
    doc_id             TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    event_date         TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD or ''
    time_precision     INTEGER NOT NULL DEFAULT 0,
    disorder_type      TEXT NOT NULL DEFAULT '',
    event_type         TEXT NOT NULL DEFAULT '',
    sub_event_type     TEXT NOT NULL DEFAULT '',
    actor1             TEXT NOT NULL DEFAULT '',
    assoc_actor_1      TEXT NOT NULL DEFAULT '',
    inter1             INTEGER NOT NULL DEFAULT 0,
    actor2             TEXT NOT NULL DEFAULT '',
    assoc_actor_2      TEXT NOT NULL DEFAULT '',
    inter2             INTEGER NOT NULL DEFAULT 0,
    interaction        INTEGER NOT NULL DEFAULT 0,
    civilian_targeting INTEGER NOT NULL DEFAULT 0, -- 0 or 1
    iso                INTEGER NOT NULL DEFAULT 0,
    country            TEXT NOT NULL DEFAULT '',
    country_code       TEXT NOT NULL DEFAULT '',
    admin1             TEXT NOT NULL DEFAULT '',
    admin2             TEXT NOT NULL DEFAULT '',
    admin3             TEXT NOT NULL DEFAULT '',
    location           TEXT NOT NULL DEFAULT '',
    latitude           REAL NOT NULL DEFAULT 0,
    longitude          REAL NOT NULL DEFAULT 0,
    geo_precision      INTEGER NOT NULL DEFAULT 0,
    geonameid          INTEGER NOT NULL DEFAULT 0,
    source             TEXT NOT NULL DEFAULT '',
    source_scale       TEXT NOT NULL DEFAULT '',
    notes              TEXT NOT NULL DEFAULT '',
    fatalities         INTEGER NOT NULL DEFAULT 0,
    fatalities_low     INTEGER NOT NULL DEFAULT 0,
    fatalities_high    INTEGER NOT NULL DEFAULT 0,
    injured            INTEGER NOT NULL DEFAULT 0,
    tags               TEXT,              -- JSON array of strings; NULL for a nil slice
    modality           TEXT NOT NULL DEFAULT '',
    attribution        TEXT NOT NULL DEFAULT '',
    background         INTEGER NOT NULL DEFAULT 0, -- 0 or 1
    confidence         REAL NOT NULL DEFAULT 0,
    extractor_version  TEXT REFERENCES extractors (version), -- NULL when ''
    ord                INTEGER NOT NULL DEFAULT 0 -- position in the PutDocument call
) STRICT;

-- Events are listed in this order; date ranges use it too.
CREATE INDEX events_order ON events (event_date, doc_id, event_id);
CREATE INDEX events_doc ON events (doc_id);
CREATE INDEX events_country ON events (country_code COLLATE NOCASE);
-- No index on event_type / sub_event_type: every index costs a page write
-- per put, and a type filter over the ordered index is fast enough for an
-- embedded store. Add one in a later migration if that changes.

CREATE TABLE evidence (
    event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    ord      INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (event_id, ord)
) STRICT, WITHOUT ROWID;

CREATE TABLE field_evidence (
    event_id   TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,
    field      TEXT NOT NULL,
    value      TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    rule       TEXT NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (event_id, ord)
) STRICT, WITHOUT ROWID;
