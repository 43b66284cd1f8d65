-- 0002: fusion's components, analysts' overrides and the incidents'
-- version history (as SQLite's 0008).

ALTER TABLE incidents ADD COLUMN component text COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX incidents_component ON incidents (component) WHERE component <> '';

CREATE TABLE incident_overrides (
    id         bigserial PRIMARY KEY,
    action     text NOT NULL,          -- split | merge
    incidents  text[] NOT NULL,
    event_id   text COLLATE "C" NOT NULL,
    by_name    text NOT NULL,
    token_id   text NOT NULL,
    at         timestamptz NOT NULL,
    note       text NOT NULL
);
CREATE INDEX incident_overrides_incidents ON incident_overrides USING GIN (incidents);

CREATE TABLE fusion_links (
    event_a   text COLLATE "C" NOT NULL,
    event_b   text COLLATE "C" NOT NULL,   -- event_a < event_b
    kind      text NOT NULL,               -- must | cannot
    override  bigint NOT NULL REFERENCES incident_overrides (id),
    PRIMARY KEY (event_a, event_b)
);
CREATE INDEX fusion_links_b ON fusion_links (event_b);

CREATE TABLE incident_versions (
    incident_id text COLLATE "C" NOT NULL,
    version     integer NOT NULL,
    at          timestamptz NOT NULL,
    cause       text NOT NULL,
    record      text NOT NULL,             -- JSON of the canonical record; '' when dissolved
    digest      text NOT NULL,
    PRIMARY KEY (incident_id, version)
);

-- Fusion's neighbour queries: events of one type in a date window.
CREATE INDEX events_fusion ON events (event_type, event_date) WHERE NOT background;
