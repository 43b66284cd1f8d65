-- Every (document id, content hash) pair ever stored, so that an input
-- carrying an old version of a document does not replace the latest one.
CREATE TABLE document_versions (
	doc_id       TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	first_seen   TEXT NOT NULL,
	PRIMARY KEY (doc_id, content_hash)
) STRICT, WITHOUT ROWID;

INSERT INTO document_versions (doc_id, content_hash, first_seen)
	SELECT id, content_hash, ingested_at FROM documents;
