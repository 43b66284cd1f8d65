-- 0004: fusion finds undated events by their document's publication day
-- (as SQLite's 0010).
CREATE INDEX documents_published_day ON documents ((substr(published, 1, 10)));
CREATE INDEX events_undated_doc ON events (doc_id) WHERE event_date = '' AND NOT background;

-- And the events of one first-level region (the region-level ones first).
CREATE INDEX events_region ON events (country_code, admin1, event_type, geo_precision, event_date) WHERE NOT background;
