-- 0010: fusion's neighbour queries on a large store. An undated event is
-- found by its document's publication day, kept on the event (pub_day)
-- by a trigger; the events of one first-level region by their own index.
ALTER TABLE events ADD COLUMN pub_day TEXT NOT NULL DEFAULT '';
UPDATE events SET pub_day = coalesce((SELECT substr(d.published, 1, 10) FROM documents d WHERE d.id = events.doc_id), '')
    WHERE event_date = '';
CREATE TRIGGER events_pub_day AFTER INSERT ON events WHEN new.event_date = '' BEGIN
    UPDATE events SET pub_day = coalesce((SELECT substr(d.published, 1, 10) FROM documents d WHERE d.id = new.doc_id), '')
        WHERE rowid = new.rowid;
END;
CREATE INDEX events_undated ON events (event_type, pub_day) WHERE event_date = '' AND background = 0;
CREATE INDEX events_region ON events (country_code, admin1, event_type, geo_precision, event_date) WHERE background = 0;
