-- 0006: incidents (evident.Incident): cross-source fusion's records, one
-- per real-world incident, with their reports (event -> incident), claims
-- and decisions. Written by ReplaceIncidents after each put; an event's
-- incident is also on events.incident_id ('' when not fused yet).

ALTER TABLE events ADD COLUMN incident_id TEXT NOT NULL DEFAULT '';

-- The events fusion has not seen yet: new ones, and the other reports of
-- an incident whose document was re-extracted.
CREATE INDEX events_unfused ON events (event_id) WHERE incident_id = '' AND background = 0;
CREATE INDEX events_incident ON events (incident_id) WHERE incident_id <> '';

CREATE TABLE incidents (
    id              TEXT PRIMARY KEY,
    event_type      TEXT NOT NULL,
    sub_event_type  TEXT NOT NULL,
    disorder_type   TEXT NOT NULL,
    event_date      TEXT NOT NULL,      -- YYYY-MM-DD or ''
    time_precision  INTEGER NOT NULL,
    iso             INTEGER NOT NULL,
    country         TEXT NOT NULL,
    country_code    TEXT NOT NULL,
    admin1          TEXT NOT NULL,
    admin2          TEXT NOT NULL,
    admin3          TEXT NOT NULL,
    location        TEXT NOT NULL,
    latitude        REAL NOT NULL,
    longitude       REAL NOT NULL,
    geo_precision   INTEGER NOT NULL,
    geonameid       INTEGER NOT NULL,
    uncertainty_m   INTEGER NOT NULL,
    actor1          TEXT NOT NULL,
    actor2          TEXT NOT NULL,
    fatalities      INTEGER NOT NULL,
    fatalities_low  INTEGER NOT NULL,
    fatalities_high INTEGER NOT NULL,
    injured         INTEGER NOT NULL,
    fatalities_from TEXT NOT NULL,
    source          TEXT NOT NULL,
    source_scale    TEXT NOT NULL,
    digest          TEXT NOT NULL     -- hash of the whole record: unchanged incidents are not rewritten
) STRICT;

CREATE INDEX incidents_date ON incidents (event_date, id);

-- One row per report, in fusion's canonical order (ord).
CREATE TABLE incident_reports (
    incident_id    TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    ord            INTEGER NOT NULL,
    event_id       TEXT NOT NULL,
    doc_id         TEXT NOT NULL,
    outlet         TEXT NOT NULL,
    published      TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    event_date     TEXT NOT NULL,
    location       TEXT NOT NULL,
    fatalities     INTEGER NOT NULL,
    PRIMARY KEY (incident_id, ord)
) STRICT, WITHOUT ROWID;

CREATE UNIQUE INDEX incident_reports_event ON incident_reports (event_id);

CREATE TABLE incident_claims (
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,
    source      TEXT NOT NULL,
    attributed  INTEGER NOT NULL,
    outlet      TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    published   TEXT NOT NULL,
    ev_start    INTEGER NOT NULL,
    ev_end      INTEGER NOT NULL,
    ev_text     TEXT NOT NULL,
    span_start  INTEGER,              -- NULL: no figure span
    span_end    INTEGER,
    canonical   INTEGER NOT NULL,
    PRIMARY KEY (incident_id, ord)
) STRICT, WITHOUT ROWID;

CREATE TABLE incident_decisions (
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    event_id    TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    action      TEXT NOT NULL,
    against     TEXT NOT NULL,
    rule        TEXT NOT NULL,
    km          REAL NOT NULL,
    days        INTEGER NOT NULL,
    score       REAL NOT NULL,
    PRIMARY KEY (incident_id, ord)
) STRICT, WITHOUT ROWID;
