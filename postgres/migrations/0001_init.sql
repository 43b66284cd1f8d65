-- 0001: the whole schema of SQLite's migrations 0001..0007 in PostgreSQL
-- terms (docs/schema.md, "PostgreSQL"). No extensions: full text is a
-- tsvector with a GIN index, the spatial index a GiST over point.
-- Columns that are sorted or compared as keys use COLLATE "C", the byte
-- order SQLite's BINARY collation uses, whatever the database's locale.

CREATE TABLE documents (
    id              text COLLATE "C" PRIMARY KEY,
    content_hash    text NOT NULL,      -- hex SHA-256 of text
    url             text NOT NULL DEFAULT '',
    outlet          text NOT NULL DEFAULT '',
    title           text NOT NULL DEFAULT '',
    published       text,               -- RFC 3339 with its original offset; NULL when unknown
    published_from  text NOT NULL DEFAULT '',
    published_start integer,            -- published span; NULL when none
    published_end   integer,
    text            text NOT NULL,
    input           text NOT NULL DEFAULT '',
    format          text NOT NULL DEFAULT '',
    ingested_at     timestamptz NOT NULL, -- first stored
    updated_at      timestamptz NOT NULL, -- last added, updated or re-extracted
    -- One document per content. PutDocument inserts with ON CONFLICT DO
    -- NOTHING: these two constraints decide, across processes, which put
    -- adds a document and which finds it already there.
    CONSTRAINT documents_content_hash UNIQUE (content_hash)
);

CREATE INDEX documents_ingested ON documents (ingested_at, id);

-- Every (document id, content hash) pair ever stored.
CREATE TABLE document_versions (
    doc_id       text COLLATE "C" NOT NULL,
    content_hash text NOT NULL,
    first_seen   timestamptz NOT NULL,
    PRIMARY KEY (doc_id, content_hash)
);

-- An id whose content another document already holds.
CREATE TABLE document_aliases (
    alias_id   text COLLATE "C" PRIMARY KEY,
    doc_id     text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    first_seen timestamptz NOT NULL
);
CREATE INDEX document_aliases_doc ON document_aliases (doc_id);

CREATE TABLE extractors (
    version    text PRIMARY KEY,
    first_seen timestamptz NOT NULL
);

-- One row per evident.Event; every ACLED column is its own column.
CREATE TABLE events (
    event_id           text COLLATE "C" PRIMARY KEY, -- unique across documents
    doc_id             text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    event_date         text COLLATE "C" NOT NULL DEFAULT '', -- YYYY-MM-DD or ''
    time_precision     integer NOT NULL DEFAULT 0,
    disorder_type      text NOT NULL DEFAULT '',
    event_type         text COLLATE "C" NOT NULL DEFAULT '',
    sub_event_type     text COLLATE "C" NOT NULL DEFAULT '',
    actor1             text COLLATE "C" NOT NULL DEFAULT '',
    assoc_actor_1      text NOT NULL DEFAULT '',
    inter1             integer NOT NULL DEFAULT 0,
    actor2             text COLLATE "C" NOT NULL DEFAULT '',
    assoc_actor_2      text NOT NULL DEFAULT '',
    inter2             integer NOT NULL DEFAULT 0,
    interaction        integer NOT NULL DEFAULT 0,
    civilian_targeting boolean NOT NULL DEFAULT false,
    iso                integer NOT NULL DEFAULT 0,
    country            text COLLATE "C" NOT NULL DEFAULT '',
    country_code       text COLLATE "C" NOT NULL DEFAULT '',
    admin1             text COLLATE "C" NOT NULL DEFAULT '',
    admin2             text NOT NULL DEFAULT '',
    admin3             text NOT NULL DEFAULT '',
    location           text COLLATE "C" NOT NULL DEFAULT '',
    latitude           double precision NOT NULL DEFAULT 0,
    longitude          double precision NOT NULL DEFAULT 0,
    geo_precision      integer NOT NULL DEFAULT 0,
    geonameid          bigint NOT NULL DEFAULT 0,
    source             text NOT NULL DEFAULT '',
    source_scale       text NOT NULL DEFAULT '',
    notes              text NOT NULL DEFAULT '',
    fatalities         integer NOT NULL DEFAULT 0,
    fatalities_low     integer NOT NULL DEFAULT 0,
    fatalities_high    integer NOT NULL DEFAULT 0,
    injured            integer NOT NULL DEFAULT 0,
    tags               text[],           -- NULL for a nil slice
    modality           text COLLATE "C" NOT NULL DEFAULT '',
    attribution        text NOT NULL DEFAULT '',
    background         boolean NOT NULL DEFAULT false,
    confidence         double precision NOT NULL DEFAULT 0,
    extractor_version  text REFERENCES extractors (version), -- NULL when ''
    ord                integer NOT NULL DEFAULT 0, -- position in the PutDocument call
    weapons            text[],
    uncertainty_m      integer NOT NULL DEFAULT 0,
    incident_id        text COLLATE "C" NOT NULL DEFAULT '',
    -- Full text of actors, place, notes and evidence, tokenised by the
    -- store (postgres/search.go) the way SQLite's FTS5 unicode61 tokenizer
    -- with remove_diacritics does; queried with a tsquery of the same
    -- tokens. No text search configuration or extension is involved.
    search             tsvector NOT NULL DEFAULT ''::tsvector,
    -- The event's point for the spatial index; NULL without coordinates.
    geo                point GENERATED ALWAYS AS
        (CASE WHEN latitude <> 0 OR longitude <> 0 THEN point(longitude, latitude) END) STORED
);

-- Events are listed in this order; date ranges use it too. Longitude,
-- latitude and background are key columns so that a walk in date order
-- tests a broad bbox inside the index and visits only matching rows.
CREATE INDEX events_order ON events (event_date, doc_id, event_id, longitude, latitude, background);
CREATE INDEX events_doc ON events (doc_id, ord);
CREATE INDEX events_country ON events (lower(country_code));
CREATE INDEX events_fatalities ON events (fatalities, event_date, doc_id, event_id);
-- Narrow covering index for date-range scans: stats, map cells and broad
-- bbox filters read it without touching the (wide) events rows.
CREATE INDEX events_cover ON events (event_date)
    INCLUDE (background, latitude, longitude, event_type, sub_event_type, country_code, fatalities);
-- Spatial index: GiST over the point column geo, PostgreSQL's own
-- R-tree-like index for the built-in geometric types (no PostGIS): a bbox
-- is "geo <@ box(...)". A column rather than an expression, so that
-- counting the events of a box is an index-only scan. The store uses it
-- when the box holds few events (postgres/api.go, useTree), the date
-- index otherwise. Events without coordinates have no point.
CREATE INDEX events_geo ON events USING gist (geo);
CREATE INDEX events_search ON events USING gin (search);
-- The events fusion has not seen yet, and an incident's reports.
CREATE INDEX events_unfused ON events (event_id) WHERE incident_id = '' AND NOT background;
CREATE INDEX events_incident ON events (incident_id) WHERE incident_id <> '';

CREATE TABLE evidence (
    event_id text COLLATE "C" NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    ord      integer NOT NULL,
    start    integer NOT NULL,
    "end"    integer NOT NULL,
    text     text NOT NULL,
    PRIMARY KEY (event_id, ord)
);

CREATE TABLE field_evidence (
    event_id   text COLLATE "C" NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    ord        integer NOT NULL,
    field      text NOT NULL,
    value      text NOT NULL,
    start      integer NOT NULL,
    "end"      integer NOT NULL,
    rule       text NOT NULL,
    confidence double precision NOT NULL,
    PRIMARY KEY (event_id, ord)
);

-- Monthly counts by country and type, kept by statement-level triggers
-- (one upsert per statement, in key order), so stats over whole months
-- never scan events. month is 'YYYY-MM', '' for undated.
CREATE TABLE event_months (
    month          text COLLATE "C" NOT NULL,
    country_code   text COLLATE "C" NOT NULL,
    sub_event_type text COLLATE "C" NOT NULL,
    event_type     text COLLATE "C" NOT NULL,
    background     boolean NOT NULL,
    country        text COLLATE "C" NOT NULL,
    n              bigint NOT NULL,
    fatalities     bigint NOT NULL,
    PRIMARY KEY (month, country_code, sub_event_type, event_type, background)
);

CREATE FUNCTION event_months_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_months AS m (month, country_code, sub_event_type, event_type, background, country, n, fatalities)
        SELECT substr(event_date, 1, 7), country_code, sub_event_type, event_type, background, max(country), count(*), sum(fatalities)
        FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (month, country_code, sub_event_type, event_type, background) DO UPDATE
        SET n = m.n + excluded.n, fatalities = m.fatalities + excluded.fatalities;
    RETURN NULL;
END $$;

CREATE FUNCTION event_months_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE event_months m SET n = m.n - o.n, fatalities = m.fatalities - o.fatalities
    FROM (SELECT substr(event_date, 1, 7) AS month, country_code, sub_event_type, event_type, background,
                 count(*) AS n, sum(fatalities) AS fatalities
          FROM old_rows GROUP BY 1, 2, 3, 4, 5) o
    WHERE m.month = o.month AND m.country_code = o.country_code AND m.sub_event_type = o.sub_event_type
      AND m.event_type = o.event_type AND m.background = o.background;
    DELETE FROM event_months m USING (SELECT DISTINCT substr(event_date, 1, 7) AS month, country_code,
                 sub_event_type, event_type, background FROM old_rows) o
    WHERE m.month = o.month AND m.country_code = o.country_code AND m.sub_event_type = o.sub_event_type
      AND m.event_type = o.event_type AND m.background = o.background AND m.n <= 0;
    RETURN NULL;
END $$;

CREATE TRIGGER event_months_insert AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_months_insert();
CREATE TRIGGER event_months_delete AFTER DELETE ON events
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION event_months_delete();

-- API tokens. The secret is never stored, only its SHA-256.
CREATE TABLE api_tokens (
    id         text COLLATE "C" PRIMARY KEY,
    name       text NOT NULL,
    hash       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    last_used  timestamptz,
    revoked_at timestamptz
);

-- Incidents (evident.Incident): cross-source fusion's records.
CREATE TABLE incidents (
    id              text COLLATE "C" PRIMARY KEY,
    event_type      text NOT NULL,
    sub_event_type  text NOT NULL,
    disorder_type   text NOT NULL,
    event_date      text COLLATE "C" NOT NULL,
    time_precision  integer NOT NULL,
    iso             integer NOT NULL,
    country         text NOT NULL,
    country_code    text NOT NULL,
    admin1          text NOT NULL,
    admin2          text NOT NULL,
    admin3          text NOT NULL,
    location        text NOT NULL,
    latitude        double precision NOT NULL,
    longitude       double precision NOT NULL,
    geo_precision   integer NOT NULL,
    geonameid       bigint NOT NULL,
    uncertainty_m   integer NOT NULL,
    actor1          text NOT NULL,
    actor2          text NOT NULL,
    fatalities      integer NOT NULL,
    fatalities_low  integer NOT NULL,
    fatalities_high integer NOT NULL,
    injured         integer NOT NULL,
    fatalities_from text NOT NULL,
    source          text NOT NULL,
    source_scale    text NOT NULL,
    digest          text NOT NULL
);
CREATE INDEX incidents_date ON incidents (event_date, id);

CREATE TABLE incident_reports (
    incident_id    text COLLATE "C" NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    ord            integer NOT NULL,
    event_id       text COLLATE "C" NOT NULL,
    doc_id         text NOT NULL,
    outlet         text NOT NULL,
    published      text NOT NULL,
    sub_event_type text NOT NULL,
    event_date     text NOT NULL,
    location       text NOT NULL,
    fatalities     integer NOT NULL,
    PRIMARY KEY (incident_id, ord)
);
CREATE UNIQUE INDEX incident_reports_event ON incident_reports (event_id);

CREATE TABLE incident_claims (
    incident_id text COLLATE "C" NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    ord         integer NOT NULL,
    field       text NOT NULL,
    value       text NOT NULL,
    source      text NOT NULL,
    attributed  boolean NOT NULL,
    outlet      text NOT NULL,
    doc_id      text NOT NULL,
    event_id    text NOT NULL,
    published   text NOT NULL,
    ev_start    integer NOT NULL,
    ev_end      integer NOT NULL,
    ev_text     text NOT NULL,
    span_start  integer,
    span_end    integer,
    canonical   boolean NOT NULL,
    PRIMARY KEY (incident_id, ord)
);

CREATE TABLE incident_decisions (
    incident_id text COLLATE "C" NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    ord         integer NOT NULL,
    event_id    text NOT NULL,
    doc_id      text NOT NULL,
    action      text NOT NULL,
    against     text NOT NULL,
    rule        text NOT NULL,
    km          double precision NOT NULL,
    days        integer NOT NULL,
    score       double precision NOT NULL,
    PRIMARY KEY (incident_id, ord)
);
