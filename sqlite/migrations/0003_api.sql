-- 0003: what the HTTP API needs: API tokens, full-text search over events,
-- a spatial index, and an index for sorting by fatalities.

-- API tokens. The secret is never stored, only its SHA-256.
CREATE TABLE api_tokens (
    id         TEXT PRIMARY KEY,          -- public part of the token
    name       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,      -- hex SHA-256 of the whole token
    created_at TEXT NOT NULL,
    last_used  TEXT,
    revoked_at TEXT
) STRICT;

-- Full text of each event: actors, place, notes and evidence sentences.
-- Contentless (the text lives in events and evidence); rowid = events.rowid.
-- Rows are written by the store after an event's evidence is inserted.
CREATE VIRTUAL TABLE events_fts USING fts5(
    actors, place, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_fts WHERE rowid = old.rowid;
END;

INSERT INTO events_fts (rowid, actors, place, body)
    SELECT e.rowid,
           concat_ws(' ', e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2),
           concat_ws(' ', e.location, e.admin1, e.admin2, e.country),
           concat_ws(' ', e.notes, (SELECT group_concat(text, ' ') FROM evidence v WHERE v.event_id = e.event_id))
    FROM events e;

-- Spatial index: an R*Tree over (longitude, latitude, day) where day is
-- days since 1970-01-01 (-100000 for undated events), so a bbox plus a
-- time range is one lookup. Events without coordinates are left out.
CREATE VIRTUAL TABLE events_geo USING rtree(id, min_lon, max_lon, min_lat, max_lat, min_day, max_day);

CREATE TRIGGER events_geo_insert AFTER INSERT ON events
WHEN new.latitude <> 0 OR new.longitude <> 0 BEGIN
    INSERT INTO events_geo VALUES (new.rowid, new.longitude, new.longitude, new.latitude, new.latitude,
        coalesce(unixepoch(nullif(new.event_date, '')) / 86400, -100000),
        coalesce(unixepoch(nullif(new.event_date, '')) / 86400, -100000));
END;

CREATE TRIGGER events_geo_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_geo WHERE id = old.rowid;
END;

INSERT INTO events_geo
    SELECT rowid, longitude, longitude, latitude, latitude,
           coalesce(unixepoch(nullif(event_date, '')) / 86400, -100000),
           coalesce(unixepoch(nullif(event_date, '')) / 86400, -100000)
    FROM events WHERE latitude <> 0 OR longitude <> 0;

CREATE INDEX events_fatalities ON events (fatalities, event_date, doc_id, event_id);

CREATE INDEX documents_ingested ON documents (ingested_at, id);
