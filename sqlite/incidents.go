package sqlite

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

var _ evident.IncidentStore = (*Store)(nil)

// unfuseDocSQL, run before a document's events are replaced, deletes the
// incidents its events report and leaves their other reports unfused
// (incident_id ”), so that the next fusion rebuilds them.
const unfuseDocSQL = `UPDATE events SET incident_id = '' WHERE incident_id <> '' AND incident_id IN
	(SELECT DISTINCT incident_id FROM events WHERE doc_id = ? AND incident_id <> '')`

func unfuseDoc(ctx context.Context, tx *sql.Tx, st *sql.Stmt, docID string) error {
	// The incidents first: the events' incident ids name them.
	if _, err := tx.ExecContext(ctx, `DELETE FROM incidents WHERE id IN
		(SELECT incident_id FROM events WHERE doc_id = ? AND incident_id <> '')`, docID); err != nil {
		return err
	}
	_, err := st.ExecContext(ctx, docID)
	return err
}

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
		return wrapErr(err, s.path, "replace incidents")
	}
	return nil
}

func (s *Store) replaceIncidents(ctx context.Context, eventIDs []string, incidents []evident.Incident) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The stored incidents of the events, with their digests.
	old := map[string]string{}
	for ids := range chunks(eventIDs) {
		err := eachRow(ctx, tx, `SELECT i.id, i.digest FROM incidents i WHERE i.id IN
			(SELECT incident_id FROM events WHERE incident_id <> '' AND event_id IN (`+placeholders(len(ids))+`))`, ids,
			func(rows *sql.Rows) error {
				var id, d string
				err := rows.Scan(&id, &d)
				old[id] = d
				return err
			})
		if err != nil {
			return err
		}
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
	found := 0
	for ids := range chunks(reports) {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE event_id IN (`+placeholders(len(ids))+`)`, ids...).Scan(&n); err != nil {
			return err
		}
		found += n
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
	now := time.Now().UTC()
	written := map[string]bool{}
	for i := range incidents {
		written[incidents[i].ID] = true
	}
	// The latest version of every incident concerned, read at once.
	var concerned []string
	for id := range old {
		concerned = append(concerned, id)
	}
	slices.Sort(concerned)
	lookup := slices.Clone(concerned)
	for id := range written {
		if _, ok := old[id]; !ok {
			lookup = append(lookup, id)
		}
	}
	latest := map[string]lastVersion{}
	known := map[string]bool{} // looked up: absent from latest means no version
	for _, id := range lookup {
		known[id] = true
	}
	for ids := range chunks(lookup) {
		err := eachRow(ctx, tx, `SELECT v.incident_id, v.version, v.digest FROM incident_versions v
			WHERE v.incident_id IN (`+placeholders(len(ids))+`)
			  AND v.version = (SELECT max(version) FROM incident_versions w WHERE w.incident_id = v.incident_id)`, ids, func(rows *sql.Rows) error {
			var id string
			var lv lastVersion
			if err := rows.Scan(&id, &lv.version, &lv.digest); err != nil {
				return err
			}
			latest[id] = lv
			return nil
		})
		if err != nil {
			return err
		}
	}
	var drop []string
	for _, id := range concerned {
		if !written[id] {
			if err := addVersion(ctx, tx, latest, known, id, nil, "dissolved: its reports were fused into other incidents", now); err != nil {
				return err
			}
		}
		if !keep[id] {
			drop = append(drop, id)
		}
	}
	for ids := range chunks(drop) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM incidents WHERE id IN (`+placeholders(len(ids))+`)`, ids...); err != nil {
			return err
		}
		// Reports of the old incidents that are not replaced stay unfused.
		if _, err := tx.ExecContext(ctx, `UPDATE events SET incident_id = '' WHERE incident_id <> '' AND incident_id IN (`+placeholders(len(ids))+`)`, ids...); err != nil {
			return err
		}
	}
	ins := func(q string) (*sql.Stmt, error) { return tx.PrepareContext(ctx, q) }
	insInc, err := ins(`INSERT INTO incidents (` + incidentColumns + `, digest, component, component_size) VALUES (` + placeholders(30) + `)`)
	if err != nil {
		return err
	}
	defer insInc.Close()
	insRep, err := ins(`INSERT INTO incident_reports VALUES (` + placeholders(10) + `)`)
	if err != nil {
		return err
	}
	defer insRep.Close()
	insClaim, err := ins(`INSERT INTO incident_claims VALUES (` + placeholders(16) + `)`)
	if err != nil {
		return err
	}
	defer insClaim.Close()
	insDec, err := ins(`INSERT INTO incident_decisions VALUES (` + placeholders(10) + `)`)
	if err != nil {
		return err
	}
	defer insDec.Close()
	setEv, err := ins(`UPDATE events SET incident_id = ? WHERE event_id = ?`)
	if err != nil {
		return err
	}
	defer setEv.Close()
	for i := range incidents {
		in := &incidents[i]
		if keep[in.ID] {
			continue
		}
		l := &in.Location
		if _, err := insInc.ExecContext(ctx, in.ID, in.EventType, in.SubEventType, in.DisorderType, in.EventDate, in.TimePrecision,
			l.ISO, l.Country, l.CountryCode, l.Admin1, l.Admin2, l.Admin3, l.Location, l.Latitude, l.Longitude, l.GeoPrecision, l.GeonameID, l.UncertaintyM,
			in.Actor1, in.Actor2, in.Fatalities, in.FatalitiesLow, in.FatalitiesHigh, in.Injured, in.FatalitiesFrom, in.Source, in.SourceScale, digests[i], in.Component, in.ComponentSize); err != nil {
			return err
		}
		if err := addVersion(ctx, tx, latest, known, in.ID, in, in.Cause, now); err != nil {
			return err
		}
		for j, r := range in.Reports {
			if _, err := insRep.ExecContext(ctx, in.ID, j, r.EventID, r.DocID, r.Outlet, r.Published, r.SubEventType, r.EventDate, r.Location, r.Fatalities); err != nil {
				return err
			}
			if _, err := setEv.ExecContext(ctx, in.ID, r.EventID); err != nil {
				return err
			}
		}
		for j, c := range in.Claims {
			var ss, se any
			if c.Span != nil {
				ss, se = c.Span.Start, c.Span.End
			}
			if _, err := insClaim.ExecContext(ctx, in.ID, j, c.Field, c.Value, c.Source, c.Attributed, c.Outlet, c.DocID, c.EventID, c.Published,
				c.Evidence.Start, c.Evidence.End, c.Evidence.Text, ss, se, c.Canonical); err != nil {
				return err
			}
		}
		for j, d := range in.Decisions {
			if _, err := insDec.ExecContext(ctx, in.ID, j, d.EventID, d.DocID, d.Action, d.Against, d.Rule, d.Km, d.Days, d.Score); err != nil {
				return err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return tx.Commit()
}

// lastVersion is an incident's latest stored version.
type lastVersion struct {
	version int
	digest  string
}

// addVersion appends a version of incident id's canonical record (nil:
// dissolved) unless it equals the latest version (from latest, which
// knows every incident with a version among those concerned).
func addVersion(ctx context.Context, tx *sql.Tx, latest map[string]lastVersion, known map[string]bool, id string, in *evident.Incident, cause string, at time.Time) error {
	record, digest := "", ""
	if in != nil {
		b, err := json.Marshal(evident.CanonicalRecord(in))
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		record, digest = string(b), hex.EncodeToString(h[:])
	}
	lv, ok := latest[id]
	if !ok && !known[id] {
		// Not among those read at once (an incident new to this call):
		// read it.
		err := tx.QueryRowContext(ctx, `SELECT version, digest FROM incident_versions WHERE incident_id = ? ORDER BY version DESC LIMIT 1`, id).Scan(&lv.version, &lv.digest)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			ok = false
		case err != nil:
			return err
		default:
			ok = true
		}
	}
	switch {
	case !ok && in == nil:
		return nil // never recorded: nothing to close
	case ok && lv.digest == digest:
		return nil
	}
	if cause == "" {
		cause = "re-fused"
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO incident_versions VALUES (?, ?, ?, ?, ?, ?)`, id, lv.version+1, at.Format(time.RFC3339Nano), cause, record, digest); err != nil {
		return err
	}
	latest[id] = lastVersion{version: lv.version + 1, digest: digest}
	return nil
}

// FusionLinks returns the override links with an end among eventIDs.
func (s *Store) FusionLinks(ctx context.Context, eventIDs []string) ([]evident.FusionLink, error) {
	var out []evident.FusionLink
	seen := map[[2]string]bool{}
	for ids := range chunks(eventIDs) {
		args := append(slices.Clone(ids), ids...)
		err := eachRow(ctx, s.r, `SELECT l.event_a, l.event_b, l.kind, l.override, o.by_name, o.at FROM fusion_links l
			JOIN incident_overrides o ON o.id = l.override
			WHERE l.event_a IN (`+placeholders(len(ids))+`) OR l.event_b IN (`+placeholders(len(ids))+`)`, args, func(rows *sql.Rows) error {
			var l evident.FusionLink
			var at string
			if err := rows.Scan(&l.EventA, &l.EventB, &l.Kind, &l.Override, &l.By, &at); err != nil {
				return err
			}
			l.At, _ = time.Parse(time.RFC3339Nano, at)
			if k := [2]string{l.EventA, l.EventB}; !seen[k] {
				seen[k] = true
				out = append(out, l)
			}
			return nil
		})
		if err != nil {
			return nil, wrapErr(err, s.path, "fusion links")
		}
	}
	slices.SortFunc(out, func(a, b evident.FusionLink) int {
		return cmp.Or(strings.Compare(a.EventA, b.EventA), strings.Compare(a.EventB, b.EventB))
	})
	return out, nil
}

// Override records an analyst's override and its links.
func (s *Store) Override(ctx context.Context, o evident.IncidentOverride, links []evident.FusionLink, unlink [][2]string) (evident.IncidentOverride, error) {
	o, err := s.override(ctx, o, links, unlink)
	if err != nil {
		return o, wrapErr(err, s.path, "override")
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
	o.At = o.At.UTC()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return o, err
	}
	defer tx.Rollback()
	ins, err := json.Marshal(o.Incidents)
	if err != nil {
		return o, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO incident_overrides (action, incidents, event_id, by_name, token_id, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		o.Action, string(ins), o.EventID, o.By, o.TokenID, o.At.Format(time.RFC3339Nano), o.Note)
	if err != nil {
		return o, err
	}
	if o.ID, err = res.LastInsertId(); err != nil {
		return o, err
	}
	for _, p := range unlink {
		a, b := min(p[0], p[1]), max(p[0], p[1])
		if _, err := tx.ExecContext(ctx, `DELETE FROM fusion_links WHERE event_a = ? AND event_b = ?`, a, b); err != nil {
			return o, err
		}
	}
	for _, l := range links {
		a, b := min(l.EventA, l.EventB), max(l.EventA, l.EventB)
		if a == b {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO fusion_links VALUES (?, ?, ?, ?)
			ON CONFLICT (event_a, event_b) DO UPDATE SET kind = excluded.kind, override = excluded.override`, a, b, l.Kind, o.ID); err != nil {
			return o, err
		}
	}
	if err := ctx.Err(); err != nil {
		return o, err
	}
	return o, tx.Commit()
}

// loadHistory fills in's versions and the overrides that concern it.
func loadHistory(ctx context.Context, tx *sql.Tx, in *evident.Incident) error {
	err := eachRow(ctx, tx, `SELECT version, at, cause, record FROM incident_versions WHERE incident_id = ? ORDER BY version`, []any{in.ID}, func(rows *sql.Rows) error {
		var v evident.IncidentVersion
		var at, record string
		if err := rows.Scan(&v.Version, &at, &v.Cause, &record); err != nil {
			return err
		}
		v.At, _ = time.Parse(time.RFC3339Nano, at)
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
	events := map[string]bool{}
	for _, r := range in.Reports {
		events[r.EventID] = true
	}
	// Overrides of this incident, or of one of its reports.
	return eachRow(ctx, tx, `SELECT id, action, incidents, event_id, by_name, token_id, at, note FROM incident_overrides
		WHERE EXISTS (SELECT 1 FROM json_each(incidents) WHERE value = ?)
		   OR event_id IN (SELECT event_id FROM incident_reports WHERE incident_id = ?)
		   OR id IN (SELECT override FROM fusion_links WHERE event_a IN (SELECT event_id FROM incident_reports WHERE incident_id = ?)
		                                         OR event_b IN (SELECT event_id FROM incident_reports WHERE incident_id = ?))
		ORDER BY id`, []any{in.ID, in.ID, in.ID, in.ID}, func(rows *sql.Rows) error {
		var o evident.IncidentOverride
		var ins, at string
		if err := rows.Scan(&o.ID, &o.Action, &ins, &o.EventID, &o.By, &o.TokenID, &at, &o.Note); err != nil {
			return err
		}
		o.At, _ = time.Parse(time.RFC3339Nano, at)
		if err := json.Unmarshal([]byte(ins), &o.Incidents); err != nil {
			return err
		}
		in.Overrides = append(in.Overrides, o)
		return nil
	})
}

// chunks splits ids into argument lists of at most 500.
func chunks(ids []string) func(func([]any) bool) {
	return func(yield func([]any) bool) {
		for len(ids) > 0 {
			n := min(len(ids), 500)
			args := make([]any, n)
			for i := range n {
				args[i] = ids[i]
			}
			if !yield(args) {
				return
			}
			ids = ids[n:]
		}
	}
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// FusionReports returns the events q selects with their documents'
// outlet and publication date.
func (s *Store) FusionReports(ctx context.Context, q evident.FusionQuery) ([]evident.FusionReport, error) {
	out, err := s.fusionReports(ctx, q)
	if err != nil {
		return nil, wrapErr(err, s.path, "fusion reports")
	}
	return out, nil
}

func (s *Store) fusionReports(ctx context.Context, q evident.FusionQuery) ([]evident.FusionReport, error) {
	base := &where{}
	base.add(`e.background = 0`)
	var ws []*where
	switch {
	case len(q.EventIDs) > 0:
		args := make([]any, len(q.EventIDs))
		for i, id := range q.EventIDs {
			args[i] = id
		}
		base.add(`e.event_id IN (`+placeholders(len(args))+`)`, args...)
		ws = append(ws, base)
	case len(q.IncidentIDs) > 0:
		args := make([]any, len(q.IncidentIDs))
		for i, id := range q.IncidentIDs {
			args[i] = id
		}
		base.add(`e.incident_id <> '' AND e.incident_id IN (`+placeholders(len(args))+`)`, args...)
		ws = append(ws, base)
	case q.Unfused:
		base.add(`e.incident_id = ''`)
		ws = append(ws, base)
	case len(q.Components) > 0:
		args := make([]any, len(q.Components))
		for i, id := range q.Components {
			args[i] = id
		}
		base.add(`e.incident_id <> '' AND e.incident_id IN (SELECT id FROM incidents WHERE component <> '' AND component IN (`+placeholders(len(args))+`))`, args...)
		ws = append(ws, base)
	default:
		base.add(`e.event_type = ?`, q.EventType)
		from, _ := time.Parse(time.DateOnly, q.From)
		to, _ := time.Parse(time.DateOnly, q.To)
		region := func(w *where) {
			if q.RegionOnly {
				w.add(`e.admin1 = ? AND e.country_code = ? AND e.geo_precision = 3`, q.Admin1, q.CountryCode)
			} else {
				w.add(`e.admin1 = ? AND e.country_code = ?`, q.Admin1, q.CountryCode)
			}
		}
		// Dated events in the box, through the R*Tree over longitude,
		// latitude and day; dated events of the region, through the
		// fusion index; undated ones by their document's publication date.
		if b := q.BBox; b != nil {
			// The R*Tree lookup first, then each event by rowid (CROSS
			// JOIN keeps SQLite's loop order; left to itself it walks
			// every event of the type).
			geo := &where{from: `(SELECT id FROM events_geo WHERE min_lon >= ? AND max_lon <= ? AND min_lat >= ? AND max_lat <= ? AND min_day >= ? AND max_day <= ?) g
				CROSS JOIN events e ON e.rowid = g.id JOIN documents d ON d.id = e.doc_id`}
			geo.args = []any{b.MinLon - geoEps, b.MaxLon + geoEps, b.MinLat - geoEps, b.MaxLat + geoEps, epochDay(from), epochDay(to)}
			geo.conds = slices.Clone(base.conds)
			geo.args = append(geo.args, base.args...)
			geo.add(`e.longitude BETWEEN ? AND ? AND e.latitude BETWEEN ? AND ? AND (e.latitude <> 0 OR e.longitude <> 0) AND e.event_date BETWEEN ? AND ?`,
				b.MinLon, b.MaxLon, b.MinLat, b.MaxLat, q.From, q.To)
			ws = append(ws, geo)
		}
		if q.Admin1 != "" {
			reg := base.clone()
			region(reg)
			reg.add(`e.event_date BETWEEN ? AND ?`, q.From, q.To)
			ws = append(ws, reg)
		}
		if q.BBox != nil || q.Admin1 != "" {
			var place []string
			var pargs []any
			if b := q.BBox; b != nil {
				place = append(place, `(e.longitude BETWEEN ? AND ? AND e.latitude BETWEEN ? AND ? AND (e.latitude <> 0 OR e.longitude <> 0))`)
				pargs = append(pargs, b.MinLon, b.MaxLon, b.MinLat, b.MaxLat)
			}
			if q.Admin1 != "" {
				r := &where{}
				region(r)
				place = append(place, `(`+r.sql()+`)`)
				pargs = append(pargs, r.args...)
			}
			undated := base.clone()
			undated.add(`(`+strings.Join(place, " OR ")+`)`, pargs...)
			undated.add(`e.event_date = '' AND e.pub_day BETWEEN ? AND ?`, q.From, q.To)
			ws = append(ws, undated)
		}
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
		// The runs overlap (a point of the box in the region): once each.
		slices.SortFunc(out, func(a, b evident.FusionReport) int { return strings.Compare(a.Event.ID, b.Event.ID) })
		out = slices.CompactFunc(out, func(a, b evident.FusionReport) bool { return a.Event.ID == b.Event.ID })
		if q.Limit > 0 && len(out) > q.Limit {
			out = out[:q.Limit]
		}
	}
	return out, nil
}

func (s *Store) fusionRun(ctx context.Context, w *where, limit int, evidence bool) ([]evident.FusionReport, error) {
	from := `events e JOIN documents d ON d.id = e.doc_id`
	if w.from != "" {
		// The arguments of w.from come first in w.args.
		from = w.from
	}
	query := `SELECT ` + eventCols("e") + `, d.outlet, d.published, COALESCE(i.component, ''), COALESCE(i.component_size, 0) FROM ` + from + `
		LEFT JOIN incidents i ON i.id = e.incident_id AND e.incident_id <> '' WHERE ` + w.sql() + ` ORDER BY e.event_id`
	args := slices.Clone(w.args)
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var evs []evident.Event
	var meta []evident.FusionReport
	for rows.Next() {
		var e evident.Event
		var r evident.FusionReport
		var pub sql.NullString
		if err := scanEventPlus(rows, &e, &r.Outlet, &pub, &r.Component, &r.ComponentSize); err != nil {
			rows.Close()
			return nil, err
		}
		if pub.Valid {
			if t, err := time.Parse(time.RFC3339Nano, pub.String); err == nil {
				r.Published = t
			}
		}
		evs = append(evs, e)
		meta = append(meta, r)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
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
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, wrapErr(err, s.path, "incident "+id)
	}
	defer tx.Rollback()
	var in evident.Incident
	err = scanIncident(tx.QueryRowContext(ctx, `SELECT `+incidentColumns+` FROM incidents WHERE id = ?`, id), &in)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, evident.Errorf(evident.ENOTFOUND, s.path, "incident %q not found", id)
	}
	if err == nil {
		err = loadReports(ctx, tx, []*evident.Incident{&in})
	}
	if err == nil {
		in.Claims = []evident.Claim{}
		err = eachRow(ctx, tx, `SELECT field, value, source, attributed, outlet, doc_id, event_id, published, ev_start, ev_end, ev_text,
			span_start, span_end, canonical FROM incident_claims WHERE incident_id = ? ORDER BY ord`, []any{id}, func(rows *sql.Rows) error {
			var c evident.Claim
			var ss, se sql.NullInt64
			if err := rows.Scan(&c.Field, &c.Value, &c.Source, &c.Attributed, &c.Outlet, &c.DocID, &c.EventID, &c.Published,
				&c.Evidence.Start, &c.Evidence.End, &c.Evidence.Text, &ss, &se, &c.Canonical); err != nil {
				return err
			}
			if ss.Valid && se.Valid {
				c.Span = &evident.Span{Start: int(ss.Int64), End: int(se.Int64)}
			}
			in.Claims = append(in.Claims, c)
			return nil
		})
	}
	if err == nil {
		in.Decisions = []evident.FusionDecision{}
		err = eachRow(ctx, tx, `SELECT event_id, doc_id, action, incident_id, against, rule, km, days, score
			FROM incident_decisions WHERE incident_id = ? ORDER BY ord`, []any{id}, func(rows *sql.Rows) error {
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
		return nil, wrapErr(err, s.path, "incident "+id)
	}
	return &in, nil
}

func loadReports(ctx context.Context, tx *sql.Tx, ins []*evident.Incident) error {
	if len(ins) == 0 {
		return nil
	}
	index := map[string]*evident.Incident{}
	args := make([]any, len(ins))
	for i, in := range ins {
		index[in.ID] = in
		args[i] = in.ID
		in.Reports = []evident.IncidentReport{}
	}
	return eachRow(ctx, tx, `SELECT incident_id, event_id, doc_id, outlet, published, sub_event_type, event_date, location, fatalities
		FROM incident_reports WHERE incident_id IN (`+placeholders(len(args))+`) ORDER BY incident_id, ord`, args, func(rows *sql.Rows) error {
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
		return evident.IncidentPage{}, wrapErr(err, s.path, "incidents")
	}
	return page, nil
}

func (s *Store) incidents(ctx context.Context, q evident.Query, p evident.PageRequest, cur *incidentCursor) (evident.IncidentPage, error) {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return evident.IncidentPage{}, err
	}
	defer tx.Rollback()
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
	err = eachRow(ctx, tx, query, args, func(rows *sql.Rows) error {
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

// incidentPage is one page of ins (limit and one more, to tell the next
// cursor), with their reports.
func incidentPage(ctx context.Context, tx *sql.Tx, ins []*evident.Incident, limit int) (evident.IncidentPage, error) {
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
func unfilteredIncidents(ctx context.Context, tx *sql.Tx, n int, cur *incidentCursor) ([]*evident.Incident, error) {
	var ins []*evident.Incident
	scan := func(rows *sql.Rows) error {
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
