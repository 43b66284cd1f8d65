-- 0008: fusion's components, analysts' overrides and the incidents'
-- version history.

-- The component of an incident: the set of reports fusion re-fuses
-- together (package fuse). '' for incidents written before 0008: the
-- next fusion that reaches them gives them one.
ALTER TABLE incidents ADD COLUMN component TEXT NOT NULL DEFAULT '';
CREATE INDEX incidents_component ON incidents (component) WHERE component <> '';

-- Analysts' overrides (evident.IncidentOverride), never deleted.
CREATE TABLE incident_overrides (
    id         INTEGER PRIMARY KEY,
    action     TEXT NOT NULL,          -- split | merge
    incidents  TEXT NOT NULL,          -- JSON array of incident ids
    event_id   TEXT NOT NULL,
    by_name    TEXT NOT NULL,
    token_id   TEXT NOT NULL,
    at         TEXT NOT NULL,          -- RFC 3339, UTC
    note       TEXT NOT NULL
) STRICT;

-- The constraints the overrides put on fusion (evident.FusionLink).
CREATE TABLE fusion_links (
    event_a   TEXT NOT NULL,
    event_b   TEXT NOT NULL,           -- event_a < event_b
    kind      TEXT NOT NULL,           -- must | cannot
    override  INTEGER NOT NULL REFERENCES incident_overrides (id),
    PRIMARY KEY (event_a, event_b)
) STRICT, WITHOUT ROWID;
CREATE INDEX fusion_links_b ON fusion_links (event_b);

-- Every state of every incident's canonical record (evident.IncidentVersion);
-- not tied to the incidents table, so that history outlives an incident
-- that is dissolved and built again.
CREATE TABLE incident_versions (
    incident_id TEXT NOT NULL,
    version     INTEGER NOT NULL,
    at          TEXT NOT NULL,         -- RFC 3339, UTC
    cause       TEXT NOT NULL,
    record      TEXT NOT NULL,         -- JSON of the canonical record; '' when dissolved
    digest      TEXT NOT NULL,         -- hash of record
    PRIMARY KEY (incident_id, version)
) STRICT, WITHOUT ROWID;

-- Fusion's neighbour queries: events of one type in a date window.
CREATE INDEX events_fusion ON events (event_type, event_date) WHERE background = 0;
