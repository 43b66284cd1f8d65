package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

var _ evident.QueryStore = (*Store)(nil)

// where is a conjunction of SQL conditions over the events table (alias
// e) and their arguments. Every value is a bound parameter.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return "1"
	}
	return strings.Join(w.conds, " AND ")
}

func (w *where) clone() *where {
	return &where{conds: slices.Clone(w.conds), args: slices.Clone(w.args)}
}

// inList adds "col IN (?, ...)" for vals, matched case-insensitively.
func (w *where) inList(col string, vals []string) {
	if len(vals) == 0 {
		return
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	w.add(col+" COLLATE NOCASE IN ("+ph+")", args...)
}

// epochDay is the R*Tree's time axis: days since 1970-01-01.
func epochDay(t time.Time) int64 {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.Unix() / 86400
}

// geoEps widens R*Tree lookups: the tree stores 32-bit floats, rounded
// outward, so the exact test on the events row decides at the edges.
const geoEps = 1e-4

// filter translates q into conditions on events e.
func filter(q evident.Query) *where {
	w := &where{}
	if !q.Since.IsZero() {
		w.add(`e.event_date >= ?`, q.Since.Format(time.DateOnly))
	}
	if !q.Until.IsZero() {
		w.add(`e.event_date <> '' AND e.event_date <= ?`, q.Until.Format(time.DateOnly))
	}
	if b := q.BBox; b != nil {
		day := ""
		var dargs []any
		if !q.Since.IsZero() {
			day += " AND min_day >= ?"
			dargs = append(dargs, epochDay(q.Since))
		}
		if !q.Until.IsZero() {
			day += " AND max_day <= ?"
			dargs = append(dargs, epochDay(q.Until))
		}
		box := func(minLon, maxLon float64) (string, []any) {
			return `SELECT id FROM events_geo WHERE min_lon >= ? AND max_lon <= ? AND min_lat >= ? AND max_lat <= ?` + day,
				append([]any{minLon - geoEps, maxLon + geoEps, b.MinLat - geoEps, b.MaxLat + geoEps}, dargs...)
		}
		if b.MinLon <= b.MaxLon {
			sub, args := box(b.MinLon, b.MaxLon)
			w.add(`e.rowid IN (`+sub+`)`, args...)
			w.add(`e.longitude BETWEEN ? AND ?`, b.MinLon, b.MaxLon)
		} else { // across the antimeridian
			sub1, args1 := box(b.MinLon, 180)
			sub2, args2 := box(-180, b.MaxLon)
			w.add(`e.rowid IN (`+sub1+` UNION ALL `+sub2+`)`, append(args1, args2...)...)
			w.add(`(e.longitude >= ? OR e.longitude <= ?)`, b.MinLon, b.MaxLon)
		}
		w.add(`e.latitude BETWEEN ? AND ? AND (e.latitude <> 0 OR e.longitude <> 0)`, b.MinLat, b.MaxLat)
	}
	w.inList("e.country_code", q.Countries)
	w.inList("e.admin1", q.Admin1)
	w.inList("e.event_type", q.EventTypes)
	w.inList("e.sub_event_type", q.SubEventTypes)
	w.inList("e.modality", q.Modalities)
	if q.Actor != "" {
		w.add(`(e.actor1 = ? COLLATE NOCASE OR e.actor2 = ? COLLATE NOCASE
			OR instr(';' || lower(replace(e.assoc_actor_1, '; ', ';')) || ';', ';' || lower(?) || ';') > 0
			OR instr(';' || lower(replace(e.assoc_actor_2, '; ', ';')) || ';', ';' || lower(?) || ';') > 0)`,
			q.Actor, q.Actor, q.Actor, q.Actor)
	}
	if q.MinFatalities > 0 {
		w.add(`e.fatalities >= ?`, q.MinFatalities)
	}
	if q.CivilianTargeting != nil {
		w.add(`e.civilian_targeting = ?`, *q.CivilianTargeting)
	}
	if !q.WithBackground {
		w.add(`e.background = 0`)
	}
	if m := ftsQuery(q.Text); m != "" {
		w.add(`e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)`, m)
	}
	if q.DocID != "" {
		w.add(`e.doc_id = ?`, q.DocID)
	}
	return w
}

// ftsQuery turns a user's words into an FTS5 query in which every word
// must match; a word ending in * matches as a prefix. Quoting every word
// means no input is an FTS5 syntax error.
func ftsQuery(text string) string {
	var terms []string
	for _, f := range strings.Fields(text) {
		prefix := strings.HasSuffix(f, "*")
		f = strings.Trim(f, "*")
		if f == "" {
			continue
		}
		t := `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		if prefix {
			t += "*"
		}
		terms = append(terms, t)
	}
	return strings.Join(terms, " ")
}

// bind returns the conjunction and its arguments.
func (w *where) bind() (string, []any) { return w.sql(), slices.Clone(w.args) }

// cursor is the position after the last event of a page.
type cursor struct {
	Sort       string `json:"s"`
	Undated    bool   `json:"u,omitempty"` // the date sorts have reached the undated events
	Fatalities int    `json:"f,omitempty"`
	Date       string `json:"d,omitempty"`
	Doc        string `json:"o"`
	ID         string `json:"i"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, sort string) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return nil, evident.Errorf(evident.EINVALID, "", "not a cursor from this API")
	}
	if c.Sort != sort {
		return nil, evident.Errorf(evident.EINVALID, "", "the cursor belongs to sort %q, not %q", c.Sort, sort)
	}
	return &c, nil
}

// EventPage returns one page of the events matching q.
//
// Date sorts list dated events first, then undated ones, each run in an
// index order (event_date, doc_id, event_id), so a page is an index walk
// and never a sort of every match. Fatality sorts use (fatalities,
// event_date, doc_id, event_id).
func (s *Store) EventPage(ctx context.Context, q evident.Query, p evident.PageRequest) (evident.EventPage, error) {
	if p.Sort == "" {
		p.Sort = evident.SortDateDesc
	}
	if p.Limit == 0 {
		p.Limit = evident.DefaultPageLimit
	}
	if p.Limit < 0 || p.Limit > evident.MaxPageLimit {
		return evident.EventPage{}, evident.Errorf(evident.EINVALID, "", "limit %d outside 1..%d", p.Limit, evident.MaxPageLimit)
	}
	cur, err := decodeCursor(p.Cursor, p.Sort)
	if err != nil {
		return evident.EventPage{}, err
	}
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return evident.EventPage{}, wrapErr(err, s.path, "events")
	}
	defer tx.Rollback()
	page, err := s.eventPage(ctx, tx, q, p, cur)
	if err != nil {
		return evident.EventPage{}, wrapErr(err, s.path, "events")
	}
	return page, nil
}

func (s *Store) eventPage(ctx context.Context, tx *sql.Tx, q evident.Query, p evident.PageRequest, cur *cursor) (evident.EventPage, error) {
	desc := strings.HasPrefix(p.Sort, "-")
	dir, cmp := "ASC", ">"
	if desc {
		dir, cmp = "DESC", "<"
	}
	base := filter(q)
	var evs []evident.Event
	run := func(w *where, order string) error {
		cond, args := w.bind()
		query := `SELECT ` + eventCols("e") + ` FROM events e WHERE ` + cond + ` ORDER BY ` + order + ` LIMIT ?`
		args = append(args, p.Limit+1-len(evs))
		return eachRow(ctx, tx, query, args, func(rows *sql.Rows) error {
			var e evident.Event
			if err := scanEvent(rows, &e); err != nil {
				return err
			}
			evs = append(evs, e)
			return nil
		})
	}
	switch p.Sort {
	case evident.SortFatalitiesAsc, evident.SortFatalitiesDesc:
		w := base.clone()
		if cur != nil {
			w.add(`(e.fatalities, e.event_date, e.doc_id, e.event_id) `+cmp+` (?, ?, ?, ?)`, cur.Fatalities, cur.Date, cur.Doc, cur.ID)
		}
		order := fmt.Sprintf("e.fatalities %[1]s, e.event_date %[1]s, e.doc_id %[1]s, e.event_id %[1]s", dir)
		if err := run(w, order); err != nil {
			return evident.EventPage{}, err
		}
	default:
		order := fmt.Sprintf("e.event_date %[1]s, e.doc_id %[1]s, e.event_id %[1]s", dir)
		bounded := !q.Since.IsZero() || !q.Until.IsZero()
		if cur == nil || !cur.Undated {
			w := base.clone()
			if !bounded {
				w.add(`e.event_date <> ''`)
			}
			if cur != nil {
				w.add(`(e.event_date, e.doc_id, e.event_id) `+cmp+` (?, ?, ?)`, cur.Date, cur.Doc, cur.ID)
			}
			if err := run(w, order); err != nil {
				return evident.EventPage{}, err
			}
		}
		if !bounded && len(evs) <= p.Limit {
			w := base.clone()
			w.add(`e.event_date = ''`)
			if cur != nil && cur.Undated {
				w.add(`(e.doc_id, e.event_id) `+cmp+` (?, ?)`, cur.Doc, cur.ID)
			}
			if err := run(w, order); err != nil {
				return evident.EventPage{}, err
			}
		}
	}
	var page evident.EventPage
	if len(evs) > p.Limit {
		evs = evs[:p.Limit]
		last := evs[len(evs)-1]
		page.NextCursor = cursor{Sort: p.Sort, Undated: last.EventDate == "", Fatalities: last.Fatalities,
			Date: last.EventDate, Doc: last.DocID, ID: last.ID}.encode()
	}
	if err := loadEvidence(ctx, tx, evs, false); err != nil {
		return evident.EventPage{}, err
	}
	page.Events = evs
	return page, nil
}

// eventCols lists eventColumns qualified with alias.
func eventCols(alias string) string {
	cols := make([]string, len(eventColumns))
	for i, c := range eventColumns {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

// loadEvidence fills the evidence (and field evidence when fields is set)
// of evs, looked up by event id.
func loadEvidence(ctx context.Context, tx *sql.Tx, evs []evident.Event, fields bool) error {
	if len(evs) == 0 {
		return nil
	}
	index := make(map[string]int, len(evs))
	args := make([]any, len(evs))
	for i := range evs {
		index[evs[i].ID] = i
		args[i] = evs[i].ID
	}
	in := `event_id IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(evs)), ", ") + `)`
	err := eachRow(ctx, tx, `SELECT event_id, start, "end", text FROM evidence WHERE `+in+` ORDER BY event_id, ord`, args,
		func(rows *sql.Rows) error {
			var id string
			var ev evident.Evidence
			if err := rows.Scan(&id, &ev.Start, &ev.End, &ev.Text); err != nil {
				return err
			}
			e := &evs[index[id]]
			e.Evidence = append(e.Evidence, ev)
			return nil
		})
	if err != nil || !fields {
		return err
	}
	return eachRow(ctx, tx, `SELECT event_id, field, value, start, "end", rule, confidence FROM field_evidence WHERE `+in+` ORDER BY event_id, ord`, args,
		func(rows *sql.Rows) error {
			var id string
			var fe evident.FieldEvidence
			if err := rows.Scan(&id, &fe.Field, &fe.Value, &fe.Start, &fe.End, &fe.Rule, &fe.Confidence); err != nil {
				return err
			}
			e := &evs[index[id]]
			e.Fields = append(e.Fields, fe)
			return nil
		})
}

// Event returns one event with its evidence and field evidence.
func (s *Store) Event(ctx context.Context, id string) (*evident.Event, error) {
	evs, err := s.eventsWhere(ctx, `e.event_id = ?`, []any{id}, "e.event_id")
	if err != nil {
		return nil, wrapErr(err, s.path, "event "+id)
	}
	if len(evs) == 0 {
		return nil, evident.Errorf(evident.ENOTFOUND, s.path, "event %q not found", id)
	}
	return &evs[0], nil
}

// DocumentEvents returns every event of a document, background ones
// included, in the order they were stored (document order).
func (s *Store) DocumentEvents(ctx context.Context, docID string) ([]evident.Event, error) {
	evs, err := s.eventsWhere(ctx, `e.doc_id = ?`, []any{docID}, "e.ord, e.event_id")
	if err != nil {
		return nil, wrapErr(err, s.path, "events of "+docID)
	}
	return evs, nil
}

func (s *Store) eventsWhere(ctx context.Context, cond string, args []any, order string) ([]evident.Event, error) {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var evs []evident.Event
	err = eachRow(ctx, tx, `SELECT `+eventCols("e")+` FROM events e WHERE `+cond+` ORDER BY `+order, args, func(rows *sql.Rows) error {
		var e evident.Event
		if err := scanEvent(rows, &e); err != nil {
			return err
		}
		evs = append(evs, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return evs, loadEvidence(ctx, tx, evs, true)
}

// eachChunk is how many events EachEvent reads per page.
const eachChunk = 500

// EachEvent calls fn for each event matching q in date order (undated
// last), with evidence, reading pages of eachChunk events; each page is
// its own snapshot.
func (s *Store) EachEvent(ctx context.Context, q evident.Query, fn func(*evident.Event) error) error {
	p := evident.PageRequest{Sort: evident.SortDateAsc, Limit: eachChunk}
	for {
		page, err := s.EventPage(ctx, q, p)
		if err != nil {
			return err
		}
		for i := range page.Events {
			if err := fn(&page.Events[i]); err != nil {
				return err
			}
		}
		if page.NextCursor == "" {
			return nil
		}
		p.Cursor = page.NextCursor
	}
}

// Stats counts the events matching q grouped by by. Time groupings count
// dated events only; Total counts every match.
func (s *Store) Stats(ctx context.Context, q evident.Query, by string) (evident.Stats, error) {
	st, err := s.stats(ctx, q, by)
	if err != nil {
		return evident.Stats{}, wrapErr(err, s.path, "stats")
	}
	return st, nil
}

func (s *Store) stats(ctx context.Context, q evident.Query, by string) (evident.Stats, error) {
	st := evident.Stats{By: by}
	cond, args := filter(q).bind()
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return st, err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(e.fatalities), 0) FROM events e WHERE `+cond, args...).Scan(&st.Total, &st.Fatalities)
	if err != nil {
		return st, err
	}
	var query string
	switch by {
	case evident.ByDay, evident.ByWeek, evident.ByMonth, evident.ByAuto:
		// Count by day; coarser buckets are folded in Go.
		query = `SELECT e.event_date, '', count(*), sum(e.fatalities) FROM events e WHERE ` + cond +
			` AND e.event_date <> '' GROUP BY e.event_date ORDER BY e.event_date`
	case evident.ByEventType, evident.BySubEventType, evident.ByAdmin1, evident.ByModality:
		query = `SELECT e.` + by + `, '', count(*), sum(e.fatalities) FROM events e WHERE ` + cond +
			` AND e.` + by + ` <> '' GROUP BY 1 ORDER BY 3 DESC, 1`
	case evident.ByCountry:
		query = `SELECT e.country_code, max(e.country), count(*), sum(e.fatalities) FROM events e WHERE ` + cond +
			` AND e.country_code <> '' GROUP BY 1 ORDER BY 3 DESC, 1`
	case evident.ByActor:
		query = `SELECT name, '', count(*), sum(fat) FROM (
			SELECT e.actor1 AS name, e.fatalities AS fat FROM events e WHERE ` + cond + ` AND e.actor1 <> ''
			UNION ALL
			SELECT e.actor2, e.fatalities FROM events e WHERE ` + cond + ` AND e.actor2 <> '' AND e.actor2 <> e.actor1)
			GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 1000`
		args = append(args, args...)
	default:
		return st, evident.Errorf(evident.EINVALID, "", "stats: unknown grouping %q", by)
	}
	err = eachRow(ctx, tx, query, args, func(rows *sql.Rows) error {
		var b evident.Bucket
		if err := rows.Scan(&b.Key, &b.Label, &b.Count, &b.Fatalities); err != nil {
			return err
		}
		st.Buckets = append(st.Buckets, b)
		return nil
	})
	if err != nil {
		return st, err
	}
	switch by {
	case evident.ByDay, evident.ByWeek, evident.ByMonth, evident.ByAuto:
		st.By, st.Buckets = foldDays(st.Buckets, by)
	}
	return st, nil
}

// foldDays regroups daily buckets (in date order) by week or month; for
// ByAuto it picks the finest grouping whose span fits in MaxTimeBuckets.
func foldDays(days []evident.Bucket, by string) (string, []evident.Bucket) {
	if by == evident.ByAuto {
		by = evident.ByDay
		if len(days) > 0 {
			first, err1 := time.Parse(time.DateOnly, days[0].Key)
			last, err2 := time.Parse(time.DateOnly, days[len(days)-1].Key)
			if err1 == nil && err2 == nil {
				span := last.Sub(first).Hours()/24 + 1
				switch {
				case span <= evident.MaxTimeBuckets:
				case span/7 <= evident.MaxTimeBuckets:
					by = evident.ByWeek
				default:
					by = evident.ByMonth
				}
			}
		}
	}
	if by == evident.ByDay {
		return by, days
	}
	var out []evident.Bucket
	for _, d := range days {
		t, err := time.Parse(time.DateOnly, d.Key)
		if err != nil {
			continue // event_date is always YYYY-MM-DD; skip anything else
		}
		if by == evident.ByWeek {
			t = t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		} else {
			t = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		key := t.Format(time.DateOnly)
		if n := len(out); n > 0 && out[n-1].Key == key {
			out[n-1].Count += d.Count
			out[n-1].Fatalities += d.Fatalities
			continue
		}
		out = append(out, evident.Bucket{Key: key, Count: d.Count, Fatalities: d.Fatalities})
	}
	return by, out
}

// Map returns the located events matching q as points, or as grid cells
// of cell degrees when more than MaxMapPoints match.
func (s *Store) Map(ctx context.Context, q evident.Query, cell float64) (evident.MapView, error) {
	mv, err := s.mapView(ctx, q, cell)
	if err != nil {
		return evident.MapView{}, wrapErr(err, s.path, "map")
	}
	return mv, nil
}

func (s *Store) mapView(ctx context.Context, q evident.Query, cell float64) (evident.MapView, error) {
	if !(cell > 0) || math.IsInf(cell, 0) {
		return evident.MapView{}, evident.Errorf(evident.EINVALID, "", "map: cell size %g", cell)
	}
	w := filter(q)
	w.add(`(e.latitude <> 0 OR e.longitude <> 0)`)
	cond, args := w.bind()
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return evident.MapView{}, err
	}
	defer tx.Rollback()
	mv := evident.MapView{Mode: "points"}
	err = eachRow(ctx, tx, `SELECT e.event_id, e.latitude, e.longitude, e.event_type, e.sub_event_type, e.event_date, e.fatalities, e.location
		FROM events e WHERE `+cond+` LIMIT ?`, append(slices.Clone(args), evident.MaxMapPoints+1), func(rows *sql.Rows) error {
		var p evident.MapPoint
		if err := rows.Scan(&p.ID, &p.Lat, &p.Lon, &p.EventType, &p.SubEventType, &p.Date, &p.Fatalities, &p.Location); err != nil {
			return err
		}
		mv.Points = append(mv.Points, p)
		return nil
	})
	if err != nil {
		return mv, err
	}
	if len(mv.Points) <= evident.MaxMapPoints {
		mv.Total = len(mv.Points)
		return mv, nil
	}
	mv = evident.MapView{Mode: "grid", Cell: cell}
	type key struct{ y, x int64 }
	type acc struct {
		evident.MapCell
		sumLat, sumLon float64
		best           int
	}
	cells := map[key]*acc{}
	var order []key
	err = eachRow(ctx, tx, `SELECT CAST(floor(e.latitude / ?) AS INTEGER) AS gy, CAST(floor(e.longitude / ?) AS INTEGER) AS gx,
		e.event_type, count(*), sum(e.latitude), sum(e.longitude), sum(e.fatalities)
		FROM events e WHERE `+cond+` GROUP BY gy, gx, e.event_type`, append([]any{cell, cell}, args...), func(rows *sql.Rows) error {
		var (
			k        key
			typ      string
			n, fat   int
			lat, lon float64
		)
		if err := rows.Scan(&k.y, &k.x, &typ, &n, &lat, &lon, &fat); err != nil {
			return err
		}
		a := cells[k]
		if a == nil {
			a = &acc{}
			cells[k] = a
			order = append(order, k)
		}
		a.Count += n
		a.Fatalities += fat
		a.sumLat += lat
		a.sumLon += lon
		if n > a.best || n == a.best && typ < a.EventType {
			a.best, a.EventType = n, typ
		}
		mv.Total += n
		return nil
	})
	if err != nil {
		return mv, err
	}
	for _, k := range order {
		a := cells[k]
		a.Lat, a.Lon = a.sumLat/float64(a.Count), a.sumLon/float64(a.Count)
		mv.Cells = append(mv.Cells, a.MapCell)
	}
	return mv, nil
}

// Actors lists the actors of the matching events, most events first.
func (s *Store) Actors(ctx context.Context, q evident.Query, limit int) ([]evident.ActorCount, error) {
	cond, args := filter(q).bind()
	var out []evident.ActorCount
	err := s.readRows(ctx, `SELECT name, max(inter), count(*), sum(fat) FROM (
			SELECT e.actor1 AS name, e.inter1 AS inter, e.fatalities AS fat FROM events e WHERE `+cond+` AND e.actor1 <> ''
			UNION ALL
			SELECT e.actor2, e.inter2, e.fatalities FROM events e WHERE `+cond+` AND e.actor2 <> '' AND e.actor2 <> e.actor1)
		GROUP BY name ORDER BY 3 DESC, name LIMIT ?`, append(append(slices.Clone(args), args...), limitOr(limit)),
		func(rows *sql.Rows) error {
			var a evident.ActorCount
			if err := rows.Scan(&a.Name, &a.Inter, &a.Events, &a.Fatalities); err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	if err != nil {
		return nil, wrapErr(err, s.path, "actors")
	}
	return out, nil
}

// Places lists the places of the matching events, most events first.
func (s *Store) Places(ctx context.Context, q evident.Query, limit int) ([]evident.PlaceCount, error) {
	cond, args := filter(q).bind()
	var out []evident.PlaceCount
	err := s.readRows(ctx, `SELECT e.geonameid, e.location, e.admin1, e.country, e.country_code,
			avg(e.latitude), avg(e.longitude), count(*), sum(e.fatalities)
		FROM events e WHERE `+cond+` AND e.location <> ''
		GROUP BY e.geonameid, e.location, e.admin1, e.country_code ORDER BY 8 DESC, e.location LIMIT ?`,
		append(args, limitOr(limit)), func(rows *sql.Rows) error {
			var p evident.PlaceCount
			if err := rows.Scan(&p.GeonameID, &p.Location, &p.Admin1, &p.Country, &p.CountryCode, &p.Latitude, &p.Longitude, &p.Events, &p.Fatalities); err != nil {
				return err
			}
			out = append(out, p)
			return nil
		})
	if err != nil {
		return nil, wrapErr(err, s.path, "places")
	}
	return out, nil
}

func limitOr(n int) int {
	if n <= 0 || n > evident.MaxPageLimit {
		return evident.DefaultPageLimit
	}
	return n
}

func (s *Store) readRows(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return eachRow(ctx, tx, query, args, fn)
}

type docCursor struct {
	At string `json:"t"`
	ID string `json:"i"`
}

// Documents lists stored documents, newest ingested first.
func (s *Store) Documents(ctx context.Context, text string, limit int, cur string) (evident.DocumentPage, error) {
	limit = limitOr(limit)
	w := &where{}
	if text != "" {
		w.add(`instr(lower(d.id || ' ' || d.title || ' ' || d.outlet), lower(?)) > 0`, text)
	}
	if cur != "" {
		var c docCursor
		b, err := base64.RawURLEncoding.DecodeString(cur)
		if err == nil {
			err = json.Unmarshal(b, &c)
		}
		if err != nil || c.ID == "" {
			return evident.DocumentPage{}, evident.Errorf(evident.EINVALID, "", "not a cursor from this API")
		}
		w.add(`(d.ingested_at, d.id) < (?, ?)`, c.At, c.ID)
	}
	var (
		page evident.DocumentPage
		ats  []string
	)
	err := s.readRows(ctx, `SELECT d.id, d.url, d.outlet, d.title, d.published, d.ingested_at,
			(SELECT count(*) FROM events e WHERE e.doc_id = d.id AND e.background = 0),
			(SELECT count(*) FROM events e WHERE e.doc_id = d.id AND e.background = 1)
		FROM documents d WHERE `+w.sql()+` ORDER BY d.ingested_at DESC, d.id DESC LIMIT ?`, append(w.args, limit+1),
		func(rows *sql.Rows) error {
			var (
				d         evident.DocumentSummary
				published sql.NullString
				at        string
			)
			if err := rows.Scan(&d.ID, &d.URL, &d.Outlet, &d.Title, &published, &at, &d.Events, &d.BackgroundEvents); err != nil {
				return err
			}
			if published.Valid {
				d.Published, _ = time.Parse(time.RFC3339Nano, published.String)
			}
			d.IngestedAt, _ = time.Parse(time.RFC3339Nano, at)
			page.Documents = append(page.Documents, d)
			ats = append(ats, at)
			return nil
		})
	if err != nil {
		return page, wrapErr(err, s.path, "documents")
	}
	if len(page.Documents) > limit {
		page.Documents = page.Documents[:limit]
		b, _ := json.Marshal(docCursor{At: ats[limit-1], ID: page.Documents[limit-1].ID})
		page.NextCursor = base64.RawURLEncoding.EncodeToString(b)
	}
	return page, nil
}
