-- 0005: every located event carries an uncertainty radius in metres
-- (evident.UncertaintyRadius): the extent of its town, district, region or
-- country. 0 for rows stored before it, and for events without a place.
ALTER TABLE events ADD COLUMN uncertainty_m INTEGER NOT NULL DEFAULT 0;
