package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

// Document returns the stored document id, or an ENOTFOUND error.
func (s *Store) Document(ctx context.Context, id string) (*evident.Document, error) {
	var (
		d                  evident.Document
		published          sql.NullString
		spanStart, spanEnd sql.NullInt64
	)
	err := s.r.QueryRowContext(ctx, `SELECT id, content_hash, url, outlet, title, published, published_from,
		published_start, published_end, text, input, format FROM documents
		WHERE id = COALESCE((SELECT doc_id FROM document_aliases WHERE alias_id = ?1), ?1)`, id).Scan(
		&d.ID, &d.ContentHash, &d.URL, &d.Outlet, &d.Title, &published, &d.PublishedFrom,
		&spanStart, &spanEnd, &d.Text, &d.Input, &d.Format)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, evident.Errorf(evident.ENOTFOUND, s.path, "document %q not found", id)
	}
	if err != nil {
		return nil, wrapErr(err, s.path, fmt.Sprintf("document %q", id))
	}
	if published.Valid {
		t, err := time.Parse(time.RFC3339Nano, published.String)
		if err != nil {
			return nil, wrapErr(err, s.path, fmt.Sprintf("document %q: published", id))
		}
		d.Published = t
	}
	if spanStart.Valid && spanEnd.Valid {
		d.PublishedSpan = &evident.Span{Start: int(spanStart.Int64), End: int(spanEnd.Int64)}
	}
	return &d, nil
}

// AliasOf implements evident.AliasStore.
func (s *Store) AliasOf(ctx context.Context, alias string) (string, bool, error) {
	var id string
	err := s.r.QueryRowContext(ctx, `SELECT doc_id FROM document_aliases WHERE alias_id = ?`, alias).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, wrapErr(err, s.path, fmt.Sprintf("alias %q", alias))
	}
	return id, true, nil
}

// Counts returns the number of stored documents and events (background
// events included).
func (s *Store) Counts(ctx context.Context) (docs, events int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM events)`).Scan(&docs, &events)
	if err != nil {
		return 0, 0, wrapErr(err, s.path, "counts")
	}
	return docs, events, nil
}

// eventSelection returns the FROM/WHERE/ORDER BY/LIMIT tail that selects
// the events matching f, and its arguments.
//
// Since and Until compare their calendar date, in their own location, with
// event_date inclusively; undated events never match a bound. CountryCode
// and EventType match case-insensitively; EventType matches event_type or
// sub_event_type. Events are ordered by event_date with undated events
// last, then doc_id, then event_id.
func eventSelection(f evident.EventFilter) (string, []any) {
	var (
		where []string
		args  []any
	)
	if !f.Since.IsZero() {
		where = append(where, `event_date <> '' AND event_date >= ?`)
		args = append(args, f.Since.Format(time.DateOnly))
	}
	if !f.Until.IsZero() {
		where = append(where, `event_date <> '' AND event_date <= ?`)
		args = append(args, f.Until.Format(time.DateOnly))
	}
	if f.CountryCode != "" {
		where = append(where, `country_code = ? COLLATE NOCASE`)
		args = append(args, f.CountryCode)
	}
	if f.EventType != "" {
		where = append(where, `(event_type = ? COLLATE NOCASE OR sub_event_type = ? COLLATE NOCASE)`)
		args = append(args, f.EventType, f.EventType)
	}
	if f.DocID != "" {
		where = append(where, `doc_id = ?`)
		args = append(args, f.DocID)
	}
	if !f.WithBackground {
		where = append(where, `background = 0`)
	}
	var b strings.Builder
	b.WriteString(" FROM events")
	if len(where) > 0 {
		b.WriteString(" WHERE ")
		b.WriteString(strings.Join(where, " AND "))
	}
	if f.Since.IsZero() && f.Until.IsZero() {
		b.WriteString(" ORDER BY event_date = '', event_date, doc_id, event_id")
	} else {
		// Every row has a date: the order is events_order's, no sort needed.
		b.WriteString(" ORDER BY event_date, doc_id, event_id")
	}
	if f.Limit > 0 {
		b.WriteString(" LIMIT ?")
		args = append(args, f.Limit)
	}
	return b.String(), args
}

// Events returns the events matching f with their evidence, ordered by
// event_date (undated events last), doc_id and event id. The events,
// evidence and field evidence are read from one snapshot.
func (s *Store) Events(ctx context.Context, f evident.EventFilter) ([]evident.Event, error) {
	if f.Limit < 0 {
		return nil, evident.Errorf(evident.EINVALID, s.path, "events: negative limit %d", f.Limit)
	}
	evs, err := s.events(ctx, f)
	if err != nil {
		return nil, wrapErr(err, s.path, "events")
	}
	return evs, nil
}

func (s *Store) events(ctx context.Context, f evident.EventFilter) ([]evident.Event, error) {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	tail, args := eventSelection(f)
	rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(eventColumns, ", ")+tail, args...)
	if err != nil {
		return nil, err
	}
	var evs []evident.Event
	for rows.Next() {
		var e evident.Event
		if err := scanEvent(rows, &e); err != nil {
			rows.Close()
			return nil, err
		}
		evs = append(evs, e)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		return nil, nil
	}

	if f.DocID == "" && len(evs) <= 500 {
		// Few events: look them up by key rather than re-running the filter.
		err = loadEvidence(ctx, tx, evs, true)
	} else {
		err = fillEvidence(ctx, tx, evs, `event_id IN (SELECT event_id`+tail+`)`, args, true)
	}
	if err != nil {
		return nil, err
	}
	return evs, nil
}

func eachRow(ctx context.Context, tx interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
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

// scanEvent reads one row of eventColumns into e.
func scanEvent(rows *sql.Rows, e *evident.Event) error { return scanEventPlus(rows, e) }

// scanEventPlus reads one row of eventColumns into e and the columns
// that follow them into extra.
func scanEventPlus(rows *sql.Rows, e *evident.Event, extra ...any) error {
	var (
		tags    sql.NullString
		weapons sql.NullString
		version sql.NullString
		ord     int
	)
	err := rows.Scan(append([]any{
		&e.ID, &e.DocID, &e.EventDate, &e.TimePrecision, &e.DisorderType, &e.EventType, &e.SubEventType,
		&e.Actor1, &e.AssocActor1, &e.Inter1, &e.Actor2, &e.AssocActor2, &e.Inter2, &e.Interaction, &e.CivilianTargeting,
		&e.ISO, &e.Country, &e.CountryCode, &e.Admin1, &e.Admin2, &e.Admin3, &e.Location.Location, &e.Latitude, &e.Longitude, &e.GeoPrecision, &e.GeonameID,
		&e.Source, &e.SourceScale, &e.Notes,
		&e.Fatalities, &e.FatalitiesLow, &e.FatalitiesHigh, &e.Injured,
		&tags, &e.Modality, &e.Attribution, &e.Background, &e.Confidence, &version, &ord, &weapons, &e.UncertaintyM,
		&e.IncidentID,
	}, extra...)...)
	if err != nil {
		return err
	}
	if tags.Valid {
		if err := json.Unmarshal([]byte(tags.String), &e.Tags); err != nil {
			return fmt.Errorf("event %s: tags: %w", e.ID, err)
		}
	}
	if weapons.Valid {
		if err := json.Unmarshal([]byte(weapons.String), &e.Weapons); err != nil {
			return fmt.Errorf("event %s: weapons: %w", e.ID, err)
		}
	}
	e.ExtractorVersion = version.String
	return nil
}
