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

-- Narrow covering index for date-range scans: stats, map cells and
-- bbox filters read it without touching the (wide) events rows.
CREATE INDEX events_cover ON events (event_date, background, latitude, longitude, event_type, sub_event_type, country_code, fatalities);

-- Monthly counts by country and type, kept by triggers, so stats over
-- whole months never scan events. month is 'YYYY-MM', '' for undated.
CREATE TABLE event_months (
    month          TEXT NOT NULL,
    country_code   TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    event_type     TEXT NOT NULL,
    background     INTEGER NOT NULL,
    country        TEXT NOT NULL,
    n              INTEGER NOT NULL,
    fatalities     INTEGER NOT NULL,
    PRIMARY KEY (month, country_code, sub_event_type, event_type, background)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER event_months_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_months VALUES (substr(new.event_date, 1, 7), new.country_code, new.sub_event_type,
        new.event_type, new.background, new.country, 1, new.fatalities)
    ON CONFLICT DO UPDATE SET n = n + 1, fatalities = fatalities + excluded.fatalities;
END;

CREATE TRIGGER event_months_delete AFTER DELETE ON events BEGIN
    UPDATE event_months SET n = n - 1, fatalities = fatalities - old.fatalities
    WHERE month = substr(old.event_date, 1, 7) AND country_code = old.country_code
      AND sub_event_type = old.sub_event_type AND event_type = old.event_type AND background = old.background;
    DELETE FROM event_months
    WHERE month = substr(old.event_date, 1, 7) AND country_code = old.country_code
      AND sub_event_type = old.sub_event_type AND event_type = old.event_type AND background = old.background
      AND n <= 0;
END;

INSERT INTO event_months
    SELECT substr(event_date, 1, 7), country_code, sub_event_type, event_type, background, max(country), count(*), sum(fatalities)
    FROM events GROUP BY 1, 2, 3, 4, 5;
