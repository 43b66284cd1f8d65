-- 0005: the size of an incident's component (as SQLite's 0011).
ALTER TABLE incidents ADD COLUMN component_size integer NOT NULL DEFAULT 0;
