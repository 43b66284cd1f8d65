-- 0006: an id whose content another document already holds is recorded as
-- an alias of that document (the first in input order keeps the content):
-- GET by either id finds it, and the ingest summary names the owner.
CREATE TABLE document_aliases (
	alias_id   TEXT PRIMARY KEY,
	doc_id     TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	first_seen TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX document_aliases_doc ON document_aliases (doc_id);
