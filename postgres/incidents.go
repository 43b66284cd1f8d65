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
	digests := make([]string, len(incidents))
	keep := map[string]bool{}
	for i := range incidents {
		b, err := json.Marshal(&incidents[i])
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
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
	b := &pgx.Batch{}
	if len(drop) > 0 {
		b.Queue(`DELETE FROM incidents WHERE id = ANY($1)`, drop)
		// Reports of the old incidents that are not replaced stay unfused.
		b.Queue(`UPDATE events SET incident_id = '' WHERE incident_id = ANY($1)`, drop)
	}
	for i := range incidents {
		in := &incidents[i]
		if keep[in.ID] {
			continue
		}
		l := &in.Location
		b.Queue(`INSERT INTO incidents (`+incidentColumns+`, digest) VALUES (`+placeholders(28)+`)`,
			in.ID, in.EventType, in.SubEventType, in.DisorderType, in.EventDate, in.TimePrecision,
			l.ISO, l.Country, l.CountryCode, l.Admin1, l.Admin2, l.Admin3, l.Location, l.Latitude, l.Longitude, l.GeoPrecision, l.GeonameID, l.UncertaintyM,
			in.Actor1, in.Actor2, in.Fatalities, in.FatalitiesLow, in.FatalitiesHigh, in.Injured, in.FatalitiesFrom, in.Source, in.SourceScale, digests[i])
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
		base.add(`e.incident_id = ANY(?)`, q.IncidentIDs)
		ws = append(ws, base)
	case q.Unfused:
		base.add(`e.incident_id = ''`)
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
			place = append(place, `(e.admin1 = ? AND e.country_code = ?)`)
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
	query := `SELECT ` + eventCols("e") + `, d.outlet, d.published FROM events e JOIN documents d ON d.id = e.doc_id WHERE ` + w.sql() + ` ORDER BY e.event_id`
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
		if err := scanEvent(rows, &e, &r.Outlet, &pub); err != nil {
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
	var page evident.IncidentPage
	if len(ins) > p.Limit {
		ins = ins[:p.Limit]
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
