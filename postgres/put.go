package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// eventColumns are the events table's columns in the order eventRow and
// scanEvent use (search, the tsvector, is written but never read back).
var eventColumns = []string{
	"event_id", "doc_id", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
	"actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
	"iso", "country", "country_code", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "geonameid",
	"source", "source_scale", "notes",
	"fatalities", "fatalities_low", "fatalities_high", "injured",
	"tags", "modality", "attribution", "background", "confidence", "extractor_version", "ord", "weapons", "uncertainty_m",
	"incident_id",
}

var (
	writeColumns         = append(slices.Clone(eventColumns), "search")
	evidenceColumns      = []string{"event_id", "ord", "start", "end", "text"}
	fieldEvidenceColumns = []string{"event_id", "ord", "field", "value", "start", "end", "rule", "confidence"}
)

// insertSQL is a one-row INSERT into table.
func insertSQL(table string, cols []string) string {
	ph := make([]string, len(cols))
	q := make([]string, len(cols))
	for i, c := range cols {
		ph[i] = fmt.Sprintf("$%d", i+1)
		q[i] = `"` + c + `"`
	}
	return "INSERT INTO " + table + " (" + strings.Join(q, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
}

var (
	insEventSQL    = insertSQL("events", writeColumns)
	insEvidenceSQL = insertSQL("evidence", evidenceColumns)
	insFieldSQL    = insertSQL("field_evidence", fieldEvidenceColumns)
)

// copyThreshold is the number of events from which a put writes its rows
// with COPY instead of a batch of INSERTs.
const copyThreshold = 64

// maxAttempts bounds the retries of a put that lost a race to another
// writer (a serialization failure, a deadlock, or a content hash another
// transaction committed first).
const maxAttempts = 8

// PutDocument stores doc and its events in one transaction, with the
// semantics of the SQLite store (sqlite.Store.PutDocument):
//
//   - content already stored under another id: PutDuplicate; an id that is
//     no document of its own becomes an alias of the owner;
//   - same id and content, same set of extractor versions: PutDuplicate;
//   - same id, other versions (re-extraction) or other content (the
//     content ingested last wins): PutUpdated, old events replaced;
//   - otherwise PutAdded.
//
// Which put adds a document is decided by the documents table's
// constraints (INSERT ... ON CONFLICT DO NOTHING), so concurrent puts of
// one content from several processes add it once. A put that loses a race
// is retried.
func (s *Store) PutDocument(ctx context.Context, doc *evident.Document, events []evident.Event) (evident.PutResult, error) {
	if doc == nil || doc.ID == "" {
		return "", evident.Errorf(evident.EINVALID, s.name, "postgres: put: document without id")
	}
	if !storable(doc.ID, doc.Text, doc.Title, doc.URL, doc.Outlet) {
		return "", evident.Errorf(evident.EINVALID, doc.Input, "postgres: put %q: a NUL byte or invalid UTF-8, which PostgreSQL text cannot hold", doc.ID)
	}
	hash := doc.ContentHash
	if hash == "" {
		hash = evident.HashText(doc.Text)
	}
	seen := make(map[string]bool, len(events))
	for i := range events {
		e := &events[i]
		if e.ID == "" {
			return "", evident.Errorf(evident.EINVALID, doc.Input, "postgres: put %s: event %d has no id", doc.ID, i)
		}
		if seen[e.ID] {
			return "", evident.Errorf(evident.ECONFLICT, doc.Input, "postgres: put %s: two events with id %s", doc.ID, e.ID)
		}
		seen[e.ID] = true
		if e.DocID != "" && e.DocID != doc.ID {
			return "", evident.Errorf(evident.EINVALID, doc.Input, "postgres: put %s: event %s belongs to document %q", doc.ID, e.ID, e.DocID)
		}
	}
	for attempt := 1; ; attempt++ {
		res, err := s.putTx(ctx, doc, hash, events)
		if err == nil {
			return res, nil
		}
		if attempt < maxAttempts && ctx.Err() == nil && retryable(err) {
			continue
		}
		return "", wrapErr(err, s.name, "put document "+doc.ID)
	}
}

// errRetry is putTx's signal that what it saw changed under it.
var errRetry = errors.New("postgres: concurrent change, retry")

// retryable reports whether a put failed only because another writer got
// there first.
func retryable(err error) bool {
	if errors.Is(err, errRetry) {
		return true
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40001", "40P01": // serialization failure, deadlock
		return true
	case "23505": // unique violation: only the documents' keys are races
		return pe.ConstraintName == "documents_pkey" || pe.ConstraintName == "documents_content_hash"
	}
	return false
}

func (s *Store) putTx(ctx context.Context, doc *evident.Document, hash string, events []evident.Event) (evident.PutResult, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	res, commit, err := s.putIn(ctx, tx, doc, hash, events)
	if err != nil {
		return "", err
	}
	if commit {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		if err := tx.Commit(ctx); err != nil {
			return "", err
		}
	}
	return res, nil
}

// putIn runs a put in tx and says whether to commit it.
func (s *Store) putIn(ctx context.Context, tx pgx.Tx, doc *evident.Document, hash string, events []evident.Event) (evident.PutResult, bool, error) {
	now := time.Now().UTC()
	published, spanStart, spanEnd := docArgs(doc)
	var added bool
	err := tx.QueryRow(ctx, `INSERT INTO documents (id, content_hash, url, outlet, title, published, published_from,
			published_start, published_end, text, input, format, ingested_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
		ON CONFLICT DO NOTHING RETURNING true`,
		doc.ID, hash, doc.URL, doc.Outlet, doc.Title, published, doc.PublishedFrom, spanStart, spanEnd,
		doc.Text, doc.Input, doc.Format, now).Scan(&added)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return "", false, err
	}
	if added {
		if err := s.writeEvents(ctx, tx, doc.ID, hash, events, now, false); err != nil {
			return "", false, err
		}
		return evident.PutAdded, true, nil
	}

	// The id or the content is taken (by a committed transaction: the
	// insert waited for any other one). Lock the id's row, so that puts of
	// one id queue here, then look at the content's owner.
	var old string
	haveID := true
	if err := tx.QueryRow(ctx, `SELECT content_hash FROM documents WHERE id = $1 FOR UPDATE`, doc.ID).Scan(&old); errors.Is(err, pgx.ErrNoRows) {
		haveID = false
	} else if err != nil {
		return "", false, err
	}
	var owner string
	haveOwner := true
	if err := tx.QueryRow(ctx, `SELECT id FROM documents WHERE content_hash = $1`, hash).Scan(&owner); errors.Is(err, pgx.ErrNoRows) {
		haveOwner = false
	} else if err != nil {
		return "", false, err
	}
	switch {
	case haveOwner && owner != doc.ID:
		// The content is stored under another id. An id that is no
		// document of its own becomes an alias of the owner (the first id
		// in input order keeps the content); a document of its own that
		// changed to another's text keeps its old content.
		if haveID {
			return evident.PutDuplicate, false, nil
		}
		if _, err := tx.Exec(ctx, `INSERT INTO document_aliases (alias_id, doc_id, first_seen) VALUES ($1, $2, $3)
			ON CONFLICT (alias_id) DO NOTHING`, doc.ID, owner, now); err != nil {
			return "", false, err
		}
		return evident.PutDuplicate, true, nil
	case haveOwner:
		var stored []string
		rows, err := tx.Query(ctx, `SELECT DISTINCT COALESCE(extractor_version, '') FROM events WHERE doc_id = $1`, doc.ID)
		if err == nil {
			stored, err = pgx.CollectRows(rows, pgx.RowTo[string])
		}
		if err != nil {
			return "", false, err
		}
		slices.Sort(stored)
		if slices.Equal(stored, versionSet(events)) {
			return evident.PutDuplicate, false, nil
		}
	case haveID:
		// New content for a known id: the content ingested last wins, a
		// return to an earlier text included.
	default:
		// The row that conflicted changed its content since: decide again.
		return "", false, errRetry
	}
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	if _, err := tx.Exec(ctx, `UPDATE documents SET content_hash = $1, url = $2, outlet = $3, title = $4, published = $5,
			published_from = $6, published_start = $7, published_end = $8, text = $9, input = $10, format = $11, updated_at = $12
		WHERE id = $13`,
		hash, doc.URL, doc.Outlet, doc.Title, published, doc.PublishedFrom, spanStart, spanEnd,
		doc.Text, doc.Input, doc.Format, now, doc.ID); err != nil {
		return "", false, err
	}
	if err := s.writeEvents(ctx, tx, doc.ID, hash, events, now, true); err != nil {
		return "", false, err
	}
	return evident.PutUpdated, true, nil
}

// writeEvents records the document's version and writes its events,
// first removing its old ones (and unfusing their incidents) when replace
// is set.
func (s *Store) writeEvents(ctx context.Context, tx pgx.Tx, docID, hash string, events []evident.Event, now time.Time, replace bool) error {
	b := &pgx.Batch{}
	if replace {
		// The incidents first: the events' incident ids name them. Their
		// other reports stay unfused, so the next fusion rebuilds them.
		b.Queue(`DELETE FROM incidents WHERE id IN
			(SELECT incident_id FROM events WHERE doc_id = $1 AND incident_id <> '')`, docID)
		b.Queue(`UPDATE events SET incident_id = '' WHERE incident_id IN
			(SELECT DISTINCT incident_id FROM events WHERE doc_id = $1 AND incident_id <> '')`, docID)
		b.Queue(`DELETE FROM events WHERE doc_id = $1`, docID)
	}
	b.Queue(`INSERT INTO document_versions (doc_id, content_hash, first_seen) VALUES ($1, $2, $3)
		ON CONFLICT (doc_id, content_hash) DO NOTHING`, docID, hash, now)
	if vs := nonEmpty(versionSet(events)); len(vs) > 0 {
		b.Queue(`INSERT INTO extractors (version, first_seen) SELECT v, $2 FROM unnest($1::text[]) AS v ORDER BY v
			ON CONFLICT (version) DO NOTHING`, vs, now)
	}
	if len(events) < copyThreshold {
		for i := range events {
			e := &events[i]
			b.Queue(insEventSQL, eventRow(e, docID, i)...)
			for j, ev := range e.Evidence {
				b.Queue(insEvidenceSQL, e.ID, j, ev.Start, ev.End, ev.Text)
			}
			for j, f := range e.Fields {
				b.Queue(insFieldSQL, e.ID, j, f.Field, f.Value, f.Start, f.End, f.Rule, f.Confidence)
			}
		}
		return tx.SendBatch(ctx, b).Close()
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return err
	}
	return copyEvents(ctx, tx, []docEvents{{docID, events}})
}

// docEvents are the events of one document.
type docEvents struct {
	docID  string
	events []evident.Event
}

// copyEvents writes events with COPY: one COPY per table for all of ds.
func copyEvents(ctx context.Context, tx pgx.Tx, ds []docEvents) error {
	var ev, vi, fe [][]any
	for _, d := range ds {
		for i := range d.events {
			e := &d.events[i]
			ev = append(ev, eventRow(e, d.docID, i))
			for j, x := range e.Evidence {
				vi = append(vi, []any{e.ID, j, x.Start, x.End, x.Text})
			}
			for j, f := range e.Fields {
				fe = append(fe, []any{e.ID, j, f.Field, f.Value, f.Start, f.End, f.Rule, f.Confidence})
			}
		}
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{{"events", writeColumns, ev}, {"evidence", evidenceColumns, vi}, {"field_evidence", fieldEvidenceColumns, fe}} {
		if len(c.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
			return err
		}
	}
	return nil
}

// Load stores many new documents with their events in one transaction,
// writing the rows with COPY: the fast path for filling an empty store
// (benchmarks, imports). Unlike PutDocument it does not deduplicate: a
// document id, content hash or event id already stored fails the whole
// load with an ECONFLICT error and stores nothing.
func (s *Store) Load(ctx context.Context, docs []*evident.Document, events [][]evident.Event) error {
	if len(docs) != len(events) {
		return evident.Errorf(evident.EINVALID, s.name, "postgres: load: %d documents, %d event lists", len(docs), len(events))
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		now := time.Now().UTC()
		var drows, vrows [][]any
		var ds []docEvents
		versions := map[string]bool{}
		for i, doc := range docs {
			hash := doc.ContentHash
			if hash == "" {
				hash = evident.HashText(doc.Text)
			}
			published, spanStart, spanEnd := docArgs(doc)
			drows = append(drows, []any{doc.ID, hash, doc.URL, doc.Outlet, doc.Title, published, doc.PublishedFrom,
				spanStart, spanEnd, doc.Text, doc.Input, doc.Format, now, now})
			vrows = append(vrows, []any{doc.ID, hash, now})
			ds = append(ds, docEvents{doc.ID, events[i]})
			for _, e := range events[i] {
				if e.ExtractorVersion != "" {
					versions[e.ExtractorVersion] = true
				}
			}
		}
		vs := make([]string, 0, len(versions))
		for v := range versions {
			vs = append(vs, v)
		}
		slices.Sort(vs)
		if _, err := tx.Exec(ctx, `INSERT INTO extractors (version, first_seen) SELECT v, $2 FROM unnest($1::text[]) AS v ORDER BY v
			ON CONFLICT (version) DO NOTHING`, vs, now); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"documents"}, []string{"id", "content_hash", "url", "outlet", "title", "published",
			"published_from", "published_start", "published_end", "text", "input", "format", "ingested_at", "updated_at"}, pgx.CopyFromRows(drows)); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"document_versions"}, []string{"doc_id", "content_hash", "first_seen"}, pgx.CopyFromRows(vrows)); err != nil {
			return err
		}
		return copyEvents(ctx, tx, ds)
	})
	return wrapErr(err, s.name, "load")
}

// docArgs returns the nullable columns of doc.
func docArgs(doc *evident.Document) (published *string, spanStart, spanEnd *int) {
	if !doc.Published.IsZero() {
		p := doc.Published.Format(time.RFC3339Nano)
		published = &p
	}
	if sp := doc.PublishedSpan; sp != nil {
		spanStart, spanEnd = &sp.Start, &sp.End
	}
	return published, spanStart, spanEnd
}

// eventRow returns e's values in writeColumns order.
func eventRow(e *evident.Event, docID string, ord int) []any {
	var version *string
	if e.ExtractorVersion != "" {
		version = &e.ExtractorVersion
	}
	body := make([]string, 0, 1+len(e.Evidence))
	body = append(body, e.Notes)
	for _, ev := range e.Evidence {
		body = append(body, ev.Text)
	}
	search := searchVector(
		[]string{e.Actor1, e.AssocActor1, e.Actor2, e.AssocActor2},
		[]string{e.Location.Location, e.Admin1, e.Admin2, e.Country},
		body)
	return []any{
		e.ID, docID, e.EventDate, e.TimePrecision, e.DisorderType, e.EventType, e.SubEventType,
		e.Actor1, e.AssocActor1, e.Inter1, e.Actor2, e.AssocActor2, e.Inter2, e.Interaction, e.CivilianTargeting,
		e.ISO, e.Country, e.CountryCode, e.Admin1, e.Admin2, e.Admin3, e.Location.Location, e.Latitude, e.Longitude, e.GeoPrecision, e.GeonameID,
		e.Source, e.SourceScale, e.Notes,
		e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh, e.Injured,
		e.Tags, e.Modality, e.Attribution, e.Background, e.Confidence, version, ord, e.Weapons, e.UncertaintyM,
		"", // incident_id: set by ReplaceIncidents
		search,
	}
}

// versionSet returns the sorted distinct extractor versions of events.
func versionSet(events []evident.Event) []string {
	var vs []string
	for i := range events {
		if v := events[i].ExtractorVersion; !slices.Contains(vs, v) {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs
}

func nonEmpty(vs []string) []string {
	return slices.DeleteFunc(slices.Clone(vs), func(v string) bool { return v == "" })
}
