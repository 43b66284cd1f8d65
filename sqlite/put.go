package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

// eventColumns are the events table's columns in the order eventArgs and
// scanEvent use.
var eventColumns = []string{
	"event_id", "doc_id", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
	"actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
	"iso", "country", "country_code", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "geonameid",
	"source", "source_scale", "notes",
	"fatalities", "fatalities_low", "fatalities_high", "injured",
	"tags", "modality", "attribution", "background", "confidence", "extractor_version", "ord", "weapons", "uncertainty_m",
	"incident_id",
}

// maxBatchLog2 bounds multi-row inserts: a batch statement inserts 1<<k
// rows for k in [0, maxBatchLog2].
const maxBatchLog2 = 5

// batchInsert inserts rows into one table with multi-row INSERT
// statements prepared once for 1, 2, 4, ... 1<<maxBatchLog2 rows; n rows
// take one statement per set bit of n (per 32 rows beyond that).
type batchInsert struct {
	table string
	cols  []string
	stmts [maxBatchLog2 + 1]*sql.Stmt
}

func (b *batchInsert) sql(rows int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + b.table + " (")
	for i, c := range b.cols {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(`"` + c + `"`)
	}
	sb.WriteString(") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(b.cols)), ", ") + ")"
	for i := range rows {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(row)
	}
	return sb.String()
}

func (b *batchInsert) prepare(ctx context.Context, db *sql.DB) error {
	for k := range b.stmts {
		st, err := db.PrepareContext(ctx, b.sql(1<<k))
		if err != nil {
			return err
		}
		b.stmts[k] = st
	}
	return nil
}

// exec inserts len(args)/len(b.cols) rows whose values are args, row after
// row.
func (b *batchInsert) exec(ctx context.Context, tx *sql.Tx, args []any) error {
	ncol := len(b.cols)
	for len(args) > 0 {
		rows := len(args) / ncol
		k := min(bits.Len(uint(rows))-1, maxBatchLog2)
		n := (1 << k) * ncol
		if _, err := tx.StmtContext(ctx, b.stmts[k]).ExecContext(ctx, args[:n]...); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}

func (b *batchInsert) close() error {
	var errs []error
	for k, st := range b.stmts {
		if st != nil {
			errs = append(errs, st.Close())
			b.stmts[k] = nil
		}
	}
	return errors.Join(errs...)
}

var (
	evidenceColumns      = []string{"event_id", "ord", "start", "end", "text"}
	fieldEvidenceColumns = []string{"event_id", "ord", "field", "value", "start", "end", "rule", "confidence"}
)

// putStmts are the statements PutDocument runs, prepared once on the write
// connection.
type putStmts struct {
	docByHash, hashByID, versions       *sql.Stmt
	insVersion, insAlias                *sql.Stmt
	insDoc, updDoc, delEvents, insExtor *sql.Stmt
	indexText, unfuseDoc                *sql.Stmt
	events, evidence, fields            batchInsert
}

func (p *putStmts) prepare(ctx context.Context, db *sql.DB, path string) error {
	for _, x := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&p.docByHash, `SELECT id FROM documents WHERE content_hash = ?`},
		{&p.hashByID, `SELECT content_hash FROM documents WHERE id = ?`},
		{&p.insAlias, `INSERT INTO document_aliases (alias_id, doc_id, first_seen) VALUES (?, ?, ?)
			ON CONFLICT (alias_id) DO NOTHING`},
		{&p.insVersion, `INSERT INTO document_versions (doc_id, content_hash, first_seen) VALUES (?, ?, ?)
			ON CONFLICT (doc_id, content_hash) DO NOTHING`},
		{&p.versions, `SELECT DISTINCT COALESCE(extractor_version, '') FROM events WHERE doc_id = ?`},
		{&p.insDoc, `INSERT INTO documents (id, content_hash, url, outlet, title, published, published_from,
			published_start, published_end, text, input, format, ingested_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&p.updDoc, `UPDATE documents SET content_hash = ?, url = ?, outlet = ?, title = ?, published = ?,
			published_from = ?, published_start = ?, published_end = ?, text = ?, input = ?, format = ?, updated_at = ?
			WHERE id = ?`},
		{&p.delEvents, `DELETE FROM events WHERE doc_id = ?`},
		{&p.unfuseDoc, unfuseDocSQL},
		{&p.insExtor, `INSERT INTO extractors (version, first_seen) VALUES (?, ?) ON CONFLICT (version) DO NOTHING`},
		{&p.indexText, indexTextSQL},
	} {
		st, err := db.PrepareContext(ctx, x.sql)
		if err != nil {
			return wrapErr(err, path, "preparing statements")
		}
		*x.stmt = st
	}
	p.events = batchInsert{table: "events", cols: eventColumns}
	p.evidence = batchInsert{table: "evidence", cols: evidenceColumns}
	p.fields = batchInsert{table: "field_evidence", cols: fieldEvidenceColumns}
	for _, b := range []*batchInsert{&p.events, &p.evidence, &p.fields} {
		if err := b.prepare(ctx, db); err != nil {
			return wrapErr(err, path, "preparing statements")
		}
	}
	return nil
}

func (p *putStmts) close() error {
	var errs []error
	for _, st := range []**sql.Stmt{&p.docByHash, &p.hashByID, &p.versions, &p.insDoc, &p.updDoc, &p.delEvents, &p.insExtor, &p.indexText, &p.unfuseDoc} {
		if *st != nil {
			errs = append(errs, (*st).Close())
			*st = nil
		}
	}
	for _, b := range []*batchInsert{&p.events, &p.evidence, &p.fields} {
		errs = append(errs, b.close())
	}
	return errors.Join(errs...)
}

// PutDocument stores doc and its events in one transaction:
//
//   - content already stored under another id: PutDuplicate, nothing changes;
//   - same id and content, and the events' set of extractor versions equals
//     the stored events' set: PutDuplicate, nothing changes;
//   - same id and content, other extractor versions (re-extraction), or same
//     id and other content (new, or a return to an earlier text: the content
//     ingested last wins): the document row is rewritten, its old events
//     are deleted and the new ones inserted: PutUpdated;
//   - otherwise PutAdded.
//
// A document with an empty ContentHash gets HashText(doc.Text); a
// non-empty one is trusted. Events with an empty DocID get doc.ID; an
// event with another DocID, or with no ID, is EINVALID. Two events with
// the same ID are ECONFLICT. doc and events are not modified.
func (s *Store) PutDocument(ctx context.Context, doc *evident.Document, events []evident.Event) (evident.PutResult, error) {
	if doc == nil || doc.ID == "" {
		return "", evident.Errorf(evident.EINVALID, s.path, "sqlite: put: document without id")
	}
	hash := doc.ContentHash
	if hash == "" {
		hash = evident.HashText(doc.Text)
	}
	seen := make(map[string]bool, len(events))
	for i := range events {
		e := &events[i]
		if e.ID == "" {
			return "", evident.Errorf(evident.EINVALID, doc.Input, "sqlite: put %s: event %d has no id", doc.ID, i)
		}
		if seen[e.ID] {
			return "", evident.Errorf(evident.ECONFLICT, doc.Input, "sqlite: put %s: two events with id %s", doc.ID, e.ID)
		}
		seen[e.ID] = true
		if e.DocID != "" && e.DocID != doc.ID {
			return "", evident.Errorf(evident.EINVALID, doc.Input, "sqlite: put %s: event %s belongs to document %q", doc.ID, e.ID, e.DocID)
		}
	}
	res, err := s.putTx(ctx, doc, hash, events)
	if err != nil {
		return "", wrapErr(err, s.path, "put document "+doc.ID)
	}
	if res != evident.PutDuplicate {
		s.writes.Add(1)
	}
	return res, nil
}

func (s *Store) putTx(ctx context.Context, doc *evident.Document, hash string, events []evident.Event) (evident.PutResult, error) {
	// Waiting for the write connection and for the lock honours ctx, and
	// database/sql rolls the transaction back if ctx ends while it is open.
	tx, err := s.w.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock, taken up front
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	// The statements themselves run without ctx's cancellation: with a
	// cancellable context the driver starts a watcher goroutine per
	// statement, which costs more than the statement. ctx is checked
	// before the writes and before the commit instead.
	sctx := context.WithoutCancel(ctx)
	st := func(s *sql.Stmt) *sql.Stmt { return tx.StmtContext(sctx, s) }
	res, err := s.putIn(ctx, sctx, tx, st, doc, hash, events)
	if errors.Is(err, errCommitDuplicate) {
		err = nil // a duplicate that wrote its alias row: commit that
		if err = ctx.Err(); err == nil {
			err = tx.Commit()
		}
	} else if err == nil && res != evident.PutDuplicate {
		if err = ctx.Err(); err == nil {
			err = tx.Commit()
		}
	}
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return "", cerr // the automatic rollback turns err into sql.ErrTxDone
		}
		return "", err
	}
	return res, nil
}

// errCommitDuplicate is putIn's signal that a duplicate wrote rows (an
// alias) to commit.
var errCommitDuplicate = errors.New("sqlite: duplicate with an alias to commit")

// putIn runs the statements of a put in tx with sctx; ctx is only checked
// for cancellation.
func (s *Store) putIn(ctx, sctx context.Context, tx *sql.Tx, st func(*sql.Stmt) *sql.Stmt, doc *evident.Document, hash string, events []evident.Event) (evident.PutResult, error) {
	result := evident.PutAdded
	var owner string
	switch err := st(s.put.docByHash).QueryRowContext(sctx, hash).Scan(&owner); {
	case errors.Is(err, sql.ErrNoRows):
		var old string
		switch err := st(s.put.hashByID).QueryRowContext(sctx, doc.ID).Scan(&old); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return "", err
		default:
			// New content for a known id: the content ingested last wins,
			// a return to an earlier text included (its version row is
			// already there). Within one run the CLI stores in input
			// order, so the later line of an input wins.
			result = evident.PutUpdated
		}
	case err != nil:
		return "", err
	case owner != doc.ID:
		// The content is stored under another id. An id that is no
		// document of its own becomes an alias of the owner (the first id
		// in input order keeps the content); a document of its own that
		// changed to another's text keeps its old content.
		var old string
		switch err := st(s.put.hashByID).QueryRowContext(sctx, doc.ID).Scan(&old); {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := st(s.put.insAlias).ExecContext(sctx, doc.ID, owner, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
				return "", err
			}
			return evident.PutDuplicate, errCommitDuplicate
		case err != nil:
			return "", err
		}
		return evident.PutDuplicate, nil
	default:
		stored, err := storedVersions(sctx, st(s.put.versions), doc.ID)
		if err != nil {
			return "", err
		}
		if slices.Equal(stored, versionSet(events)) {
			return evident.PutDuplicate, nil
		}
		result = evident.PutUpdated // re-extraction
	}

	if err := ctx.Err(); err != nil {
		return "", err
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	published, spanStart, spanEnd := docArgs(doc)
	var err error
	if result == evident.PutAdded {
		_, err = st(s.put.insDoc).ExecContext(sctx, doc.ID, hash, doc.URL, doc.Outlet, doc.Title, published,
			doc.PublishedFrom, spanStart, spanEnd, doc.Text, doc.Input, doc.Format, now, now)
	} else {
		_, err = st(s.put.updDoc).ExecContext(sctx, hash, doc.URL, doc.Outlet, doc.Title, published,
			doc.PublishedFrom, spanStart, spanEnd, doc.Text, doc.Input, doc.Format, now, doc.ID)
		if err == nil {
			err = unfuseDoc(sctx, tx, st(s.put.unfuseDoc), doc.ID)
		}
		if err == nil {
			_, err = st(s.put.delEvents).ExecContext(sctx, doc.ID)
		}
	}
	if err == nil {
		_, err = st(s.put.insVersion).ExecContext(sctx, doc.ID, hash, now)
	}
	if err != nil {
		return "", err
	}
	if len(events) > 0 {
		if err := s.insertEvents(sctx, tx, st, doc.ID, events, now); err != nil {
			return "", err
		}
	}
	return result, nil
}

func (s *Store) insertEvents(ctx context.Context, tx *sql.Tx, st func(*sql.Stmt) *sql.Stmt, docID string, events []evident.Event, now string) error {
	for _, v := range versionSet(events) {
		if v == "" {
			continue
		}
		if _, err := st(s.put.insExtor).ExecContext(ctx, v, now); err != nil {
			return err
		}
	}
	nev, nfe := 0, 0
	for i := range events {
		nev += len(events[i].Evidence)
		nfe += len(events[i].Fields)
	}
	eargs := make([]any, 0, len(events)*len(eventColumns))
	vargs := make([]any, 0, nev*len(evidenceColumns))
	fargs := make([]any, 0, nfe*len(fieldEvidenceColumns))
	for i := range events {
		e := &events[i]
		var err error
		if eargs, err = appendEventArgs(eargs, e, docID, i); err != nil {
			return err
		}
		for j, ev := range e.Evidence {
			vargs = append(vargs, e.ID, j, ev.Start, ev.End, ev.Text)
		}
		for j, f := range e.Fields {
			fargs = append(fargs, e.ID, j, f.Field, f.Value, f.Start, f.End, f.Rule, f.Confidence)
		}
	}
	if err := s.put.events.exec(ctx, tx, eargs); err != nil {
		return err
	}
	if err := s.put.evidence.exec(ctx, tx, vargs); err != nil {
		return err
	}
	if err := s.put.fields.exec(ctx, tx, fargs); err != nil {
		return err
	}
	_, err := st(s.put.indexText).ExecContext(ctx, docID)
	return err
}

// indexTextSQL indexes a document's events for full-text search, once
// their evidence is stored (migration 0003 describes events_fts).
const indexTextSQL = `INSERT INTO events_fts (rowid, actors, place, body)
	SELECT e.rowid,
	       concat_ws(' ', e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2),
	       concat_ws(' ', e.location, e.admin1, e.admin2, e.country),
	       concat_ws(' ', e.notes, (SELECT group_concat(text, ' ') FROM evidence v WHERE v.event_id = e.event_id))
	FROM events e WHERE e.doc_id = ?`

// docArgs returns the nullable columns of doc.
func docArgs(doc *evident.Document) (published, spanStart, spanEnd any) {
	if !doc.Published.IsZero() {
		published = doc.Published.Format(time.RFC3339Nano)
	}
	if sp := doc.PublishedSpan; sp != nil {
		spanStart, spanEnd = sp.Start, sp.End
	}
	return published, spanStart, spanEnd
}

// appendEventArgs appends e's values in eventColumns order.
func appendEventArgs(args []any, e *evident.Event, docID string, ord int) ([]any, error) {
	tags, err := jsonList(e.Tags)
	if err != nil {
		return args, err
	}
	weapons, err := jsonList(e.Weapons)
	if err != nil {
		return args, err
	}
	var version any
	if e.ExtractorVersion != "" {
		version = e.ExtractorVersion
	}
	return append(args,
		e.ID, docID, e.EventDate, e.TimePrecision, e.DisorderType, e.EventType, e.SubEventType,
		e.Actor1, e.AssocActor1, e.Inter1, e.Actor2, e.AssocActor2, e.Inter2, e.Interaction, e.CivilianTargeting,
		e.ISO, e.Country, e.CountryCode, e.Admin1, e.Admin2, e.Admin3, e.Location.Location, e.Latitude, e.Longitude, e.GeoPrecision, e.GeonameID,
		e.Source, e.SourceScale, e.Notes,
		e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh, e.Injured,
		tags, e.Modality, e.Attribution, e.Background, e.Confidence, version, ord, weapons, e.UncertaintyM,
		"", // incident_id: set by ReplaceIncidents
	), nil
}

// jsonList is a string list's column value: a JSON array, NULL for nil.
func jsonList(l []string) (any, error) {
	if l == nil {
		return nil, nil
	}
	b, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	return string(b), nil
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

func storedVersions(ctx context.Context, st *sql.Stmt, docID string) ([]string, error) {
	rows, err := st.QueryContext(ctx, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Sort(vs)
	return vs, nil
}
