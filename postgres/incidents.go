package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/jackc/pgx/v5"
)

var _ evident.IncidentStore = (*Store)(nil)

// incidentColumns are the incidents table's columns in scanIncident's order.
const incidentColumns = `id, event_type, sub_event_type, disorder_type, event_date, time_precision,
	iso, country, country_code, admin1, admin2, admin3, location, latitude, longitude, geo_precision, geonameid, uncertainty_m,
	actor1, actor2, fatalities, fatalities_low, fatalities_high, injured, fatalities_from, source, source_scale`

func scanIncident(rows interface{ Scan(...any) error }, in *evident.Incident) error {
	l := &in.Location
	return rows.Scan(&in.ID, &in.EventType, &in.SubEventType, &in.DisorderType, &in.EventDate, &in.TimePrecision,
		&l.ISO, &l.Country, &l.CountryCode, &l.Admin1, &l.Admin2, &l.Admin3, &l.Location, &l.Latitude, &l.Longitude, &l.GeoPrecision, &l.GeonameID, &l.UncertaintyM,
		&in.Actor1, &in.Actor2, &in.Fatalities, &in.FatalitiesLow, &in.FatalitiesHigh, &in.Injured, &in.FatalitiesFrom, &in.Source, &in.SourceScale)
}

// ReplaceIncidents replaces the incidents of eventIDs by incidents in one
// transaction.
func (s *Store) ReplaceIncidents(ctx context.Context, eventIDs []string, incidents []evident.Incident) error {
	if err := s.replaceIncidents(ctx, eventIDs, incidents); err != nil {
		return wrapErr(err, s.name, "replace incidents")
	}
	return nil
}

func (s *Store) replaceIncidents(ctx context.Context, eventIDs []string, incidents []evident.Incident) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	// The stored incidents of the events, with their digests, locked
	// against a concurrent replacement.
	old := map[string]string{}
	err = eachRow(ctx, tx, `SELECT i.id, i.digest FROM incidents i WHERE i.id IN
			(SELECT incident_id FROM events WHERE incident_id <> '' AND event_id = ANY(?)) ORDER BY i.id FOR UPDATE`, []any{eventIDs},
		func(rows pgx.Rows) error {
			var id, d string
			err := rows.Scan(&id, &d)
			old[id] = d
			return err
		})
	if err != nil {
		return err
	}
	// Every report must still be stored: a document re-extracted since
	// fusion read its events leaves this result stale (ECONFLICT: fuse
	// again).
	var reports []string
	for i := range incidents {
		for _, r := range incidents[i].Reports {
			reports = append(reports, r.EventID)
		}
	}
	var found int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM events WHERE event_id = ANY($1)`, reports).Scan(&found); err != nil {
		return err
	}
	if found != len(reports) {
		return evident.Errorf(evident.ECONFLICT, "", "%d of the %d reports fused are no longer stored (a document was re-extracted meanwhile): fuse again", len(reports)-found, len(reports))
	}
	digests := make([]string, len(incidents))
	keep := map[string]bool{}
	for i := range incidents {
		b, err := json.Marshal(&incidents[i])
		if err != nil {
			return err
		}
		h := sha256.Sum256(append(b, fmt.Sprintf("\x1e%s\x1e%d", incidents[i].Component, incidents[i].ComponentSize)...))
		digests[i] = hex.EncodeToString(h[:])
		if d, ok := old[incidents[i].ID]; ok && d == digests[i] {
			keep[incidents[i].ID] = true
		} else {
			old[incidents[i].ID] = ""
		}
	}
	var drop []string
	for id := range old {
		if !keep[id] {
			drop = append(drop, id)
		}
	}
	slices.Sort(drop)
	// Versions: one for every incident whose canonical record changed, and
	// a last one for every incident that is gone.
	now := time.Now().UTC()
	written := map[string]bool{}
	for i := range incidents {
		written[incidents[i].ID] = true
	}
	var gone []string
	for id := range old {
		if !written[id] {
			gone = append(gone, id)
		}
	}
	slices.Sort(gone)
	for _, id := range gone {
		if err := addVersion(ctx, tx, id, nil, "dissolved: its reports were fused into other incidents", now); err != nil {
			return err
		}
	}
	for i := range incidents {
		if !keep[incidents[i].ID] {
			if err := addVersion(ctx, tx, incidents[i].ID, &incidents[i], incidents[i].Cause, now); err != nil {
				return err
			}
		}
	}
	b := &pgx.Batch{}
	if len(drop) > 0 {
		b.Queue(`DELETE FROM incidents WHERE id = ANY($1)`, drop)
		// Reports of the old incidents that are not replaced stay unfused.
		b.Queue(`UPDATE events SET incident_id = '' WHERE incident_id <> '' AND incident_id = ANY($1)`, drop)
	}
	for i := range incidents {
		in := &incidents[i]
		if keep[in.ID] {
			continue
		}
		l := &in.Location
		b.Queue(`INSERT INTO incidents (`+incidentColumns+`, digest, component, component_size) VALUES (`+placeholders(30)+`)`,
			in.ID, in.EventType, in.SubEventType, in.DisorderType, in.EventDate, in.TimePrecision,
			l.ISO, l.Country, l.CountryCode, l.Admin1, l.Admin2, l.Admin3, l.Location, l.Latitude, l.Longitude, l.GeoPrecision, l.GeonameID, l.UncertaintyM,
			in.Actor1, in.Actor2, in.Fatalities, in.FatalitiesLow, in.FatalitiesHigh, in.Injured, in.FatalitiesFrom, in.Source, in.SourceScale, digests[i], in.Component, in.ComponentSize)
		for j, r := range in.Reports {
			b.Queue(`INSERT INTO incident_reports VALUES (`+placeholders(10)+`)`,
				in.ID, j, r.EventID, r.DocID, r.Outlet, r.Published, r.SubEventType, r.EventDate, r.Location, r.Fatalities)
			b.Queue(`UPDATE events SET incident_id = $1 WHERE event_id = $2`, in.ID, r.EventID)
		}
		for j, c := range in.Claims {
			var ss, se *int
			if c.Span != nil {
				ss, se = &c.Span.Start, &c.Span.End
			}
			b.Queue(`INSERT INTO incident_claims VALUES (`+placeholders(16)+`)`,
				in.ID, j, c.Field, c.Value, c.Source, c.Attributed, c.Outlet, c.DocID, c.EventID, c.Published,
				c.Evidence.Start, c.Evidence.End, c.Evidence.Text, ss, se, c.Canonical)
		}
		for j, d := range in.Decisions {
			b.Queue(`INSERT INTO incident_decisions VALUES (`+placeholders(10)+`)`,
				in.ID, j, d.EventID, d.DocID, d.Action, d.Against, d.Rule, d.Km, d.Days, d.Score)
		}
	}
	if b.Len() > 0 {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// placeholders returns "$1, $2, ... $n".
func placeholders(n int) string {
	ph := make([]string, n)
	for i := range ph {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	return strings.Join(ph, ", ")
}

// FusionReports returns the events q selects with their documents'
// outlet and publication date.
func (s *Store) FusionReports(ctx context.Context, q evident.FusionQuery) ([]evident.FusionReport, error) {
	out, err := s.fusionReports(ctx, q)
	if err != nil {
		return nil, wrapErr(err, s.name, "fusion reports")
	}
	return out, nil
}

func (s *Store) fusionReports(ctx context.Context, q evident.FusionQuery) ([]evident.FusionReport, error) {
	base := &where{}
	base.add(`NOT e.background`)
	var ws []*where
	switch {
	case len(q.EventIDs) > 0:
		base.add(`e.event_id = ANY(?)`, q.EventIDs)
		ws = append(ws, base)
	case len(q.IncidentIDs) > 0:
		base.add(`e.incident_id <> '' AND e.incident_id = ANY(?)`, q.IncidentIDs)
		ws = append(ws, base)
	case q.Unfused:
		base.add(`e.incident_id = ''`)
		ws = append(ws, base)
	case len(q.Components) > 0:
		base.add(`e.incident_id <> '' AND e.incident_id IN (SELECT id FROM incidents WHERE component <> '' AND component = ANY(?))`, q.Components)
		ws = append(ws, base)
	default:
		base.add(`e.event_type = ?`, q.EventType)
		var place []string
		var pargs []any
		if b := q.BBox; b != nil {
			place = append(place, `(e.longitude BETWEEN ? AND ? AND e.latitude BETWEEN ? AND ? AND (e.latitude <> 0 OR e.longitude <> 0))`)
			pargs = append(pargs, b.MinLon, b.MaxLon, b.MinLat, b.MaxLat)
		}
		if q.Admin1 != "" {
			if q.RegionOnly {
				place = append(place, `(e.admin1 = ? AND e.country_code = ? AND e.geo_precision = 3)`)
			} else {
				place = append(place, `(e.admin1 = ? AND e.country_code = ?)`)
			}
			pargs = append(pargs, q.Admin1, q.CountryCode)
		}
		if len(place) == 0 {
			place = []string{"false"}
		}
		base.add(`(`+strings.Join(place, " OR ")+`)`, pargs...)
		// Two runs, so that each walks the date index: dated events, and
		// undated ones by their document's publication date.
		dated := base.clone()
		dated.add(`e.event_date BETWEEN ? AND ?`, q.From, q.To)
		undated := base.clone()
		undated.add(`e.event_date = '' AND substr(d.published, 1, 10) BETWEEN ? AND ?`, q.From, q.To)
		ws = append(ws, dated, undated)
	}
	var out []evident.FusionReport
	for _, w := range ws {
		rs, err := s.fusionRun(ctx, w, q.Limit, !q.NoEvidence)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	if len(ws) > 1 {
		slices.SortFunc(out, func(a, b evident.FusionReport) int { return strings.Compare(a.Event.ID, b.Event.ID) })
		if q.Limit > 0 && len(out) > q.Limit {
			out = out[:q.Limit]
		}
	}
	return out, nil
}

func (s *Store) fusionRun(ctx context.Context, w *where, limit int, evidence bool) ([]evident.FusionReport, error) {
	query := `SELECT ` + eventCols("e") + `, d.outlet, d.published, COALESCE(i.component, ''), COALESCE(i.component_size, 0) FROM events e JOIN documents d ON d.id = e.doc_id
		LEFT JOIN incidents i ON i.id = e.incident_id AND e.incident_id <> '' WHERE ` + w.sql() + ` ORDER BY e.event_id`
	args := slices.Clone(w.args)
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer rollback(ctx, tx)
	rows, err := tx.Query(ctx, rebind(query), args...)
	if err != nil {
		return nil, err
	}
	var evs []evident.Event
	var meta []evident.FusionReport
	for rows.Next() {
		var e evident.Event
		var r evident.FusionReport
		var pub *string
		if err := scanEvent(rows, &e, &r.Outlet, &pub, &r.Component, &r.ComponentSize); err != nil {
			rows.Close()
			return nil, err
		}
		if pub != nil {
			if t, err := time.Parse(time.RFC3339Nano, *pub); err == nil {
				r.Published = t
			}
		}
		evs = append(evs, e)
		meta = append(meta, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for start := 0; evidence && start < len(evs); start += 500 {
		if err := loadEvidence(ctx, tx, evs[start:min(start+500, len(evs))], true); err != nil {
			return nil, err
		}
	}
	for i := range meta {
		meta[i].Event = evs[i]
	}
	return meta, nil
}

// Incident returns one incident with its reports, claims and decisions.
func (s *Store) Incident(ctx context.Context, id string) (*evident.Incident, error) {
	if !storable(id) {
		return nil, evident.Errorf(evident.ENOTFOUND, s.name, "incident %q not found", id)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, wrapErr(err, s.name, "incident "+id)
	}
	defer rollback(ctx, tx)
	var in evident.Incident
	err = scanIncident(tx.QueryRow(ctx, `SELECT `+incidentColumns+` FROM incidents WHERE id = $1`, id), &in)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, evident.Errorf(evident.ENOTFOUND, s.name, "incident %q not found", id)
	}
	if err == nil {
		err = loadReports(ctx, tx, []*evident.Incident{&in})
	}
	if err == nil {
		in.Claims = []evident.Claim{}
		err = eachRow(ctx, tx, `SELECT field, value, source, attributed, outlet, doc_id, event_id, published, ev_start, ev_end, ev_text,
			span_start, span_end, canonical FROM incident_claims WHERE incident_id = ? ORDER BY ord`, []any{id}, func(rows pgx.Rows) error {
			var c evident.Claim
			var ss, se *int
			if err := rows.Scan(&c.Field, &c.Value, &c.Source, &c.Attributed, &c.Outlet, &c.DocID, &c.EventID, &c.Published,
				&c.Evidence.Start, &c.Evidence.End, &c.Evidence.Text, &ss, &se, &c.Canonical); err != nil {
				return err
			}
			if ss != nil && se != nil {
				c.Span = &evident.Span{Start: *ss, End: *se}
			}
			in.Claims = append(in.Claims, c)
			return nil
		})
	}
	if err == nil {
		in.Decisions = []evident.FusionDecision{}
		err = eachRow(ctx, tx, `SELECT event_id, doc_id, action, incident_id, against, rule, km, days, score
			FROM incident_decisions WHERE incident_id = ? ORDER BY ord`, []any{id}, func(rows pgx.Rows) error {
			var d evident.FusionDecision
			if err := rows.Scan(&d.EventID, &d.DocID, &d.Action, &d.Incident, &d.Against, &d.Rule, &d.Km, &d.Days, &d.Score); err != nil {
				return err
			}
			in.Decisions = append(in.Decisions, d)
			return nil
		})
	}
	if err == nil {
		err = loadHistory(ctx, tx, &in)
	}
	if err != nil {
		return nil, wrapErr(err, s.name, "incident "+id)
	}
	return &in, nil
}

func loadReports(ctx context.Context, tx pgx.Tx, ins []*evident.Incident) error {
	if len(ins) == 0 {
		return nil
	}
	index := map[string]*evident.Incident{}
	ids := make([]string, len(ins))
	for i, in := range ins {
		index[in.ID] = in
		ids[i] = in.ID
		in.Reports = []evident.IncidentReport{}
	}
	return eachRow(ctx, tx, `SELECT incident_id, event_id, doc_id, outlet, published, sub_event_type, event_date, location, fatalities
		FROM incident_reports WHERE incident_id = ANY(?) ORDER BY incident_id, ord`, []any{ids}, func(rows pgx.Rows) error {
		var id string
		var r evident.IncidentReport
		if err := rows.Scan(&id, &r.EventID, &r.DocID, &r.Outlet, &r.Published, &r.SubEventType, &r.EventDate, &r.Location, &r.Fatalities); err != nil {
			return err
		}
		if in := index[id]; in != nil {
			in.Reports = append(in.Reports, r)
		}
		return nil
	})
}

// incidentCursor is the position after the last incident of a page.
type incidentCursor struct {
	Date string `json:"d"`
	ID   string `json:"i"`
}

// Incidents returns one page of the incidents with a report matching q,
// by event_date descending (undated last), then id descending.
func (s *Store) Incidents(ctx context.Context, q evident.Query, p evident.PageRequest) (evident.IncidentPage, error) {
	if p.Limit == 0 {
		p.Limit = evident.DefaultPageLimit
	}
	if p.Limit < 0 || p.Limit > evident.MaxPageLimit {
		return evident.IncidentPage{}, evident.Errorf(evident.EINVALID, "", "limit %d outside 1..%d", p.Limit, evident.MaxPageLimit)
	}
	var cur *incidentCursor
	if p.Cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(p.Cursor)
		cur = &incidentCursor{}
		if err == nil {
			err = json.Unmarshal(b, cur)
		}
		if err != nil || cur.ID == "" {
			return evident.IncidentPage{}, evident.Errorf(evident.EINVALID, "", "not a cursor from this API")
		}
	}
	page, err := s.incidents(ctx, q, p, cur)
	if err != nil {
		return evident.IncidentPage{}, wrapErr(err, s.name, "incidents")
	}
	return page, nil
}

func (s *Store) incidents(ctx context.Context, q evident.Query, p evident.PageRequest, cur *incidentCursor) (evident.IncidentPage, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return evident.IncidentPage{}, err
	}
	defer rollback(ctx, tx)
	if q.Unfiltered() {
		// Every incident has a non-background report: read the incidents
		// table by date, dated ones first, through its index.
		ins, err := unfilteredIncidents(ctx, tx, p.Limit+1, cur)
		if err != nil {
			return evident.IncidentPage{}, err
		}
		return incidentPage(ctx, tx, ins, p.Limit)
	}
	tree, err := useTree(ctx, tx, q)
	if err != nil {
		return evident.IncidentPage{}, err
	}
	cond, args := filter(q, tree).bind()
	query := `SELECT ` + incidentColumns + ` FROM incidents i WHERE i.id IN (SELECT e.incident_id FROM events e WHERE e.incident_id <> '' AND ` + cond + `)`
	if cur != nil {
		// (event_date = '') ASC, event_date DESC, id DESC: undated last.
		query += ` AND ((i.event_date = '') > (? = '') OR (i.event_date = '') = (? = '') AND (i.event_date < ? OR i.event_date = ? AND i.id < ?))`
		args = append(args, cur.Date, cur.Date, cur.Date, cur.Date, cur.ID)
	}
	query += ` ORDER BY i.event_date = '', i.event_date DESC, i.id DESC LIMIT ?`
	args = append(args, p.Limit+1)
	var ins []*evident.Incident
	err = eachRow(ctx, tx, query, args, func(rows pgx.Rows) error {
		in := &evident.Incident{}
		if err := scanIncident(rows, in); err != nil {
			return err
		}
		ins = append(ins, in)
		return nil
	})
	if err != nil {
		return evident.IncidentPage{}, err
	}
	return incidentPage(ctx, tx, ins, p.Limit)
}

// addVersion appends a version of incident id's canonical record (nil:
// dissolved) unless it equals the latest version.
func addVersion(ctx context.Context, tx pgx.Tx, id string, in *evident.Incident, cause string, at time.Time) error {
	record, digest := "", ""
	if in != nil {
		b, err := json.Marshal(evident.CanonicalRecord(in))
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		record, digest = string(b), hex.EncodeToString(h[:])
	}
	var last int
	var lastDigest string
	err := tx.QueryRow(ctx, `SELECT version, digest FROM incident_versions WHERE incident_id = $1 ORDER BY version DESC LIMIT 1`, id).Scan(&last, &lastDigest)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		if in == nil {
			return nil
		}
	case err != nil:
		return err
	case lastDigest == digest:
		return nil
	}
	if cause == "" {
		cause = "re-fused"
	}
	_, err = tx.Exec(ctx, `INSERT INTO incident_versions VALUES ($1, $2, $3, $4, $5, $6)`, id, last+1, at, cause, record, digest)
	return err
}

// loadHistory fills in's versions and the overrides that concern it.
func loadHistory(ctx context.Context, tx pgx.Tx, in *evident.Incident) error {
	err := eachRow(ctx, tx, `SELECT version, at, cause, record FROM incident_versions WHERE incident_id = ? ORDER BY version`, []any{in.ID}, func(rows pgx.Rows) error {
		var v evident.IncidentVersion
		var record string
		if err := rows.Scan(&v.Version, &v.At, &v.Cause, &record); err != nil {
			return err
		}
		v.At = v.At.UTC()
		if record != "" {
			v.Record = &evident.Incident{}
			if err := json.Unmarshal([]byte(record), v.Record); err != nil {
				return err
			}
		}
		in.Versions = append(in.Versions, v)
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, tx, `SELECT id, action, incidents, event_id, by_name, token_id, at, note FROM incident_overrides
		WHERE incidents @> ARRAY[?]::text[]
		   OR event_id IN (SELECT event_id FROM incident_reports WHERE incident_id = ?)
		   OR id IN (SELECT override FROM fusion_links WHERE event_a IN (SELECT event_id FROM incident_reports WHERE incident_id = ?)
		                                         OR event_b IN (SELECT event_id FROM incident_reports WHERE incident_id = ?))
		ORDER BY id`, []any{in.ID, in.ID, in.ID, in.ID}, func(rows pgx.Rows) error {
		var o evident.IncidentOverride
		if err := rows.Scan(&o.ID, &o.Action, &o.Incidents, &o.EventID, &o.By, &o.TokenID, &o.At, &o.Note); err != nil {
			return err
		}
		o.At = o.At.UTC()
		in.Overrides = append(in.Overrides, o)
		return nil
	})
}

// FusionLinks returns the override links with an end among eventIDs.
func (s *Store) FusionLinks(ctx context.Context, eventIDs []string) ([]evident.FusionLink, error) {
	ids := make([]string, 0, len(eventIDs))
	for _, id := range eventIDs {
		if storable(id) {
			ids = append(ids, id)
		}
	}
	var out []evident.FusionLink
	err := eachRow(ctx, s.pool, `SELECT l.event_a, l.event_b, l.kind, l.override, o.by_name, o.at FROM fusion_links l
		JOIN incident_overrides o ON o.id = l.override
		WHERE l.event_a = ANY(?) OR l.event_b = ANY(?) ORDER BY l.event_a, l.event_b`, []any{ids, ids}, func(rows pgx.Rows) error {
		var l evident.FusionLink
		if err := rows.Scan(&l.EventA, &l.EventB, &l.Kind, &l.Override, &l.By, &l.At); err != nil {
			return err
		}
		l.At = l.At.UTC()
		out = append(out, l)
		return nil
	})
	if err != nil {
		return nil, wrapErr(err, s.name, "fusion links")
	}
	return out, nil
}

// Override records an analyst's override and its links.
func (s *Store) Override(ctx context.Context, o evident.IncidentOverride, links []evident.FusionLink, unlink [][2]string) (evident.IncidentOverride, error) {
	o, err := s.override(ctx, o, links, unlink)
	if err != nil {
		return o, wrapErr(err, s.name, "override")
	}
	return o, nil
}

func (s *Store) override(ctx context.Context, o evident.IncidentOverride, links []evident.FusionLink, unlink [][2]string) (evident.IncidentOverride, error) {
	if o.Action != evident.OverrideSplit && o.Action != evident.OverrideMerge {
		return o, evident.Errorf(evident.EINVALID, "", "override action %q: want split or merge", o.Action)
	}
	if o.At.IsZero() {
		o.At = time.Now()
	}
	o.At = o.At.UTC().Truncate(time.Microsecond)
	if o.Incidents == nil {
		o.Incidents = []string{}
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return o, err
	}
	defer rollback(ctx, tx)
	if err := tx.QueryRow(ctx, `INSERT INTO incident_overrides (action, incidents, event_id, by_name, token_id, at, note) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		o.Action, o.Incidents, o.EventID, o.By, o.TokenID, o.At, o.Note).Scan(&o.ID); err != nil {
		return o, err
	}
	b := &pgx.Batch{}
	for _, p := range unlink {
		b.Queue(`DELETE FROM fusion_links WHERE event_a = $1 AND event_b = $2`, min(p[0], p[1]), max(p[0], p[1]))
	}
	for _, l := range links {
		a, c := min(l.EventA, l.EventB), max(l.EventA, l.EventB)
		if a == c {
			continue
		}
		b.Queue(`INSERT INTO fusion_links VALUES ($1, $2, $3, $4)
			ON CONFLICT (event_a, event_b) DO UPDATE SET kind = excluded.kind, override = excluded.override`, a, c, l.Kind, o.ID)
	}
	if b.Len() > 0 {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return o, err
		}
	}
	if err := ctx.Err(); err != nil {
		return o, err
	}
	return o, tx.Commit(ctx)
}

// fusionLockKey is the advisory lock that serialises fusion across every
// process writing this database (fuse.Locker).
const fusionLockKey = 0x65766964656e7401 // "evident" 1

// LockFusion takes the database's fusion lock (a session-level advisory
// lock on a connection held until unlock): two processes fusing at once
// would each miss the other's new reports, or split one incident in two.
func (s *Store) LockFusion(ctx context.Context) (func(), error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, wrapErr(err, s.name, "fusion lock")
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(fusionLockKey)); err != nil {
		conn.Release()
		return nil, wrapErr(err, s.name, "fusion lock")
	}
	return func() {
		if _, err := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(fusionLockKey)); err != nil {
			// A connection whose lock state is unknown is not reused.
			conn.Conn().Close(context.WithoutCancel(ctx))
		}
		conn.Release()
	}, nil
}

// incidentPage is one page of ins (limit and one more, to tell the next
// cursor), with their reports.
func incidentPage(ctx context.Context, tx pgx.Tx, ins []*evident.Incident, limit int) (evident.IncidentPage, error) {
	var page evident.IncidentPage
	if len(ins) > limit {
		ins = ins[:limit]
		last := ins[len(ins)-1]
		b, _ := json.Marshal(incidentCursor{Date: last.EventDate, ID: last.ID})
		page.NextCursor = base64.RawURLEncoding.EncodeToString(b)
	}
	if err := loadReports(ctx, tx, ins); err != nil {
		return evident.IncidentPage{}, err
	}
	page.Incidents = make([]evident.Incident, len(ins))
	for i, in := range ins {
		page.Incidents[i] = *in
	}
	return page, nil
}

// unfilteredIncidents reads up to n incidents after cur, by event date
// descending (undated last), then id descending, from the incidents
// table alone.
func unfilteredIncidents(ctx context.Context, tx pgx.Tx, n int, cur *incidentCursor) ([]*evident.Incident, error) {
	var ins []*evident.Incident
	scan := func(rows pgx.Rows) error {
		in := &evident.Incident{}
		if err := scanIncident(rows, in); err != nil {
			return err
		}
		ins = append(ins, in)
		return nil
	}
	if cur == nil || cur.Date != "" {
		query := `SELECT ` + incidentColumns + ` FROM incidents i WHERE i.event_date <> ''`
		var args []any
		if cur != nil {
			query += ` AND (i.event_date < ? OR i.event_date = ? AND i.id < ?)`
			args = append(args, cur.Date, cur.Date, cur.ID)
		}
		query += ` ORDER BY i.event_date DESC, i.id DESC LIMIT ?`
		if err := eachRow(ctx, tx, query, append(args, n), scan); err != nil {
			return nil, err
		}
	}
	if len(ins) < n {
		query := `SELECT ` + incidentColumns + ` FROM incidents i WHERE i.event_date = ''`
		var args []any
		if cur != nil && cur.Date == "" {
			query += ` AND i.id < ?`
			args = append(args, cur.ID)
		}
		query += ` ORDER BY i.id DESC LIMIT ?`
		if err := eachRow(ctx, tx, query, append(args, n-len(ins)), scan); err != nil {
			return nil, err
		}
	}
	return ins, nil
}
