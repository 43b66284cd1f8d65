-- 0011: the size of an incident's component when fusion wrote it, so that
-- an update tells a component too large to re-fuse whole without reading it.
ALTER TABLE incidents ADD COLUMN component_size INTEGER NOT NULL DEFAULT 0;
