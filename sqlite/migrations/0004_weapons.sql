-- 0004: tags hold ACLED's tag vocabulary; the triggers' weapon words
-- ("airstrike", "artillery") move to a column of their own.
ALTER TABLE events ADD COLUMN weapons TEXT; -- JSON array of strings; NULL for a nil slice
