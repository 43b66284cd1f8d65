package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/evident-org/evident"
	"github.com/jackc/pgx/v5"
)

// rebind numbers the ? placeholders of query ($1, $2, ...), so that
// conditions can be composed in any order; the queries of this package
// contain no other question mark.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// eachRow runs query (with ? placeholders) and calls fn for every row.
func eachRow(ctx context.Context, q querier, query string, args []any, fn func(pgx.Rows) error) error {
	rows, err := q.Query(ctx, rebind(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// readTx runs fn in a read-only REPEATABLE READ transaction: every query
// of fn sees one snapshot, as SQLite's read transactions do.
func (s *Store) readTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// storable reports whether PostgreSQL's text can hold s: valid UTF-8
// without NUL. SQLite stores anything; here a lookup of a value that is
// not storable finds nothing instead of failing.
func storable(ss ...string) bool {
	for _, s := range ss {
		if strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// Document returns the stored document id (or the document id is an
// alias of), or an ENOTFOUND error.
func (s *Store) Document(ctx context.Context, id string) (*evident.Document, error) {
	var (
		d                  evident.Document
		published          *string
		spanStart, spanEnd *int
	)
	if !storable(id) {
		return nil, evident.Errorf(evident.ENOTFOUND, s.name, "document %q not found", id)
	}
	err := s.pool.QueryRow(ctx, `SELECT id, content_hash, url, outlet, title, published, published_from,
		published_start, published_end, text, input, format FROM documents
		WHERE id = COALESCE((SELECT doc_id FROM document_aliases WHERE alias_id = $1), $1)`, id).Scan(
		&d.ID, &d.ContentHash, &d.URL, &d.Outlet, &d.Title, &published, &d.PublishedFrom,
		&spanStart, &spanEnd, &d.Text, &d.Input, &d.Format)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, evident.Errorf(evident.ENOTFOUND, s.name, "document %q not found", id)
	}
	if err != nil {
		return nil, wrapErr(err, s.name, fmt.Sprintf("document %q", id))
	}
	if published != nil {
		t, err := time.Parse(time.RFC3339Nano, *published)
		if err != nil {
			return nil, wrapErr(err, s.name, fmt.Sprintf("document %q: published", id))
		}
		d.Published = t
	}
	if spanStart != nil && spanEnd != nil {
		d.PublishedSpan = &evident.Span{Start: *spanStart, End: *spanEnd}
	}
	return &d, nil
}

// AliasOf implements evident.AliasStore.
func (s *Store) AliasOf(ctx context.Context, alias string) (string, bool, error) {
	var id string
	if !storable(alias) {
		return "", false, nil
	}
	err := s.pool.QueryRow(ctx, `SELECT doc_id FROM document_aliases WHERE alias_id = $1`, alias).Scan(&id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, wrapErr(err, s.name, fmt.Sprintf("alias %q", alias))
	}
	return id, true, nil
}

// Counts returns the number of stored documents and events (background
// events included).
func (s *Store) Counts(ctx context.Context) (docs, events int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)`).Scan(&docs, &events)
	if err != nil {
		return 0, 0, wrapErr(err, s.name, "counts")
	}
	return docs, events, nil
}

// eventSelection returns the FROM/WHERE/ORDER BY/LIMIT tail that selects
// the events matching f, and its arguments, as sqlite's does.
func eventSelection(f evident.EventFilter) (string, []any) {
	w := &where{}
	if !f.Since.IsZero() {
		w.add(`event_date <> '' AND event_date >= ?`, f.Since.Format(time.DateOnly))
	}
	if !f.Until.IsZero() {
		w.add(`event_date <> '' AND event_date <= ?`, f.Until.Format(time.DateOnly))
	}
	if f.CountryCode != "" {
		w.add(`lower(country_code) = lower(?)`, f.CountryCode)
	}
	if f.EventType != "" {
		w.add(`(lower(event_type) = lower(?) OR lower(sub_event_type) = lower(?))`, f.EventType, f.EventType)
	}
	if f.DocID != "" {
		w.add(`doc_id = ?`, f.DocID)
	}
	if !storable(f.DocID, f.CountryCode, f.EventType) {
		w = &where{conds: []string{"false"}}
	}
	if !f.WithBackground {
		w.add(`NOT background`)
	}
	tail := " FROM events e WHERE " + w.sql()
	if f.Since.IsZero() && f.Until.IsZero() {
		tail += " ORDER BY event_date = '', event_date, doc_id, event_id"
	} else {
		tail += " ORDER BY event_date, doc_id, event_id"
	}
	args := w.args
	if f.Limit > 0 {
		tail += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return tail, args
}

// Events returns the events matching f with their evidence, ordered by
// event_date (undated events last), doc_id and event id, from one
// snapshot.
func (s *Store) Events(ctx context.Context, f evident.EventFilter) ([]evident.Event, error) {
	if f.Limit < 0 {
		return nil, evident.Errorf(evident.EINVALID, s.name, "events: negative limit %d", f.Limit)
	}
	var evs []evident.Event
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		tail, args := eventSelection(f)
		err := eachRow(ctx, tx, `SELECT `+eventCols("e")+tail, args, func(rows pgx.Rows) error {
			var e evident.Event
			if err := scanEvent(rows, &e); err != nil {
				return err
			}
			evs = append(evs, e)
			return nil
		})
		if err != nil {
			return err
		}
		return loadEvidence(ctx, tx, evs, true)
	})
	if err != nil {
		return nil, wrapErr(err, s.name, "events")
	}
	return evs, nil
}

// eventCols lists eventColumns qualified with alias.
func eventCols(alias string) string {
	cols := make([]string, len(eventColumns))
	for i, c := range eventColumns {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

// scanEvent reads one row of eventColumns into e and the columns that
// follow them into extra.
func scanEvent(rows pgx.Row, e *evident.Event, extra ...any) error {
	var (
		version *string
		ord     int
	)
	err := rows.Scan(append([]any{
		&e.ID, &e.DocID, &e.EventDate, &e.TimePrecision, &e.DisorderType, &e.EventType, &e.SubEventType,
		&e.Actor1, &e.AssocActor1, &e.Inter1, &e.Actor2, &e.AssocActor2, &e.Inter2, &e.Interaction, &e.CivilianTargeting,
		&e.ISO, &e.Country, &e.CountryCode, &e.Admin1, &e.Admin2, &e.Admin3, &e.Location.Location, &e.Latitude, &e.Longitude, &e.GeoPrecision, &e.GeonameID,
		&e.Source, &e.SourceScale, &e.Notes,
		&e.Fatalities, &e.FatalitiesLow, &e.FatalitiesHigh, &e.Injured,
		&e.Tags, &e.Modality, &e.Attribution, &e.Background, &e.Confidence, &version, &ord, &e.Weapons, &e.UncertaintyM,
		&e.IncidentID,
	}, extra...)...)
	if err != nil {
		return err
	}
	if version != nil {
		e.ExtractorVersion = *version
	}
	return nil
}

// loadEvidence fills the evidence (and field evidence when fields is set)
// of evs, looked up by event id.
func loadEvidence(ctx context.Context, q querier, evs []evident.Event, fields bool) error {
	if len(evs) == 0 {
		return nil
	}
	ids := make([]string, len(evs))
	index := make(map[string]int, len(evs))
	for i := range evs {
		ids[i] = evs[i].ID
		index[evs[i].ID] = i
	}
	event := func(id string) (*evident.Event, error) {
		i, ok := index[id]
		if !ok {
			return nil, fmt.Errorf("evidence of event %s, which was not selected", id)
		}
		return &evs[i], nil
	}
	err := eachRow(ctx, q, `SELECT event_id, start, "end", text FROM evidence WHERE event_id = ANY(?) ORDER BY event_id, ord`, []any{ids},
		func(rows pgx.Rows) error {
			var id string
			var ev evident.Evidence
			if err := rows.Scan(&id, &ev.Start, &ev.End, &ev.Text); err != nil {
				return err
			}
			e, err := event(id)
			if err != nil {
				return err
			}
			e.Evidence = append(e.Evidence, ev)
			return nil
		})
	if err != nil || !fields {
		return err
	}
	return eachRow(ctx, q, `SELECT event_id, field, value, start, "end", rule, confidence FROM field_evidence WHERE event_id = ANY(?) ORDER BY event_id, ord`, []any{ids},
		func(rows pgx.Rows) error {
			var id string
			var fe evident.FieldEvidence
			if err := rows.Scan(&id, &fe.Field, &fe.Value, &fe.Start, &fe.End, &fe.Rule, &fe.Confidence); err != nil {
				return err
			}
			e, err := event(id)
			if err != nil {
				return err
			}
			e.Fields = append(e.Fields, fe)
			return nil
		})
}
