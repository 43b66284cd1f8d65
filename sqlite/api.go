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
	// from, when set, replaces fusion's "events e JOIN documents d" (to
	// fix the loop order of a query SQLite's planner gets wrong).
	from string
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
	return &where{conds: slices.Clone(w.conds), args: slices.Clone(w.args), from: w.from}
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

// geoSmall is the number of events in a bounding box (and time range)
// under which the R*Tree drives a query. Above it the box is broad, its
// events are dense in the date-ordered indexes, and the box becomes a
// plain test on latitude and longitude.
const geoSmall = 5000

// useTree decides how q's bbox is evaluated: true when the R*Tree finds
// fewer than geoSmall events in the box and time range.
func useTree(ctx context.Context, tx *sql.Tx, q evident.Query) (bool, error) {
	if q.BBox == nil {
		return false, nil
	}
	sub, args := treeLookup(q)
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (`+sub+` LIMIT ?)`, append(args, geoSmall)...).Scan(&n)
	return n < geoSmall, err
}

// treeLookup is the R*Tree query for q's bbox and time range.
func treeLookup(q evident.Query) (string, []any) {
	b := q.BBox
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
		return box(b.MinLon, b.MaxLon)
	}
	// Across the antimeridian.
	sub1, args1 := box(b.MinLon, 180)
	sub2, args2 := box(-180, b.MaxLon)
	return sub1 + ` UNION ALL ` + sub2, append(args1, args2...)
}

// filter translates q into conditions on events e; tree says whether the
// bbox is looked up in the R*Tree (see useTree).
func filter(q evident.Query, tree bool) *where {
	w := &where{}
	if !q.Since.IsZero() {
		w.add(`e.event_date >= ?`, q.Since.Format(time.DateOnly))
	}
	if !q.Until.IsZero() {
		w.add(`e.event_date <> '' AND e.event_date <= ?`, q.Until.Format(time.DateOnly))
	}
	if b := q.BBox; b != nil {
		if tree {
			sub, args := treeLookup(q)
			w.add(`e.rowid IN (`+sub+`)`, args...)
		}
		if b.MinLon <= b.MaxLon {
			w.add(`e.longitude BETWEEN ? AND ?`, b.MinLon, b.MaxLon)
		} else {
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
	switch p.Sort {
	case evident.SortDateDesc, evident.SortDateAsc, evident.SortFatalitiesDesc, evident.SortFatalitiesAsc:
	default:
		return evident.EventPage{}, evident.Errorf(evident.EINVALID, "", "unknown sort %q", p.Sort)
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
	tree, err := useTree(ctx, tx, q)
	if err != nil {
		return evident.EventPage{}, err
	}
	base := filter(q, tree)
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
	args := make([]any, len(evs))
	for i := range evs {
		args[i] = evs[i].ID
	}
	in := `event_id IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(evs)), ", ") + `)`
	return fillEvidence(ctx, tx, evs, in, args, fields)
}

// fillEvidence appends to evs the evidence rows (and field evidence rows
// when fields is set) selected by the condition sel on event_id. Rows of
// events not in evs are an error.
func fillEvidence(ctx context.Context, tx *sql.Tx, evs []evident.Event, sel string, args []any, fields bool) error {
	index := make(map[string]int, len(evs))
	for i := range evs {
		index[evs[i].ID] = i
	}
	event := func(id string) (*evident.Event, error) {
		i, ok := index[id]
		if !ok {
			return nil, fmt.Errorf("evidence of event %s, which was not selected", id)
		}
		return &evs[i], nil
	}
	err := eachRow(ctx, tx, `SELECT event_id, start, "end", text FROM evidence WHERE `+sel+` ORDER BY event_id, ord`, args,
		func(rows *sql.Rows) error {
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
	return eachRow(ctx, tx, `SELECT event_id, field, value, start, "end", rule, confidence FROM field_evidence WHERE `+sel+` ORDER BY event_id, ord`, args,
		func(rows *sql.Rows) error {
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
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return evident.Stats{}, err
	}
	defer tx.Rollback()
	tree, err := useTree(ctx, tx, q)
	if err != nil {
		return evident.Stats{}, err
	}
	timeBy := by == evident.ByDay || by == evident.ByWeek || by == evident.ByMonth || by == evident.ByAuto
	var rows []agg
	switch {
	case by == evident.ByActor:
		rows, err = actorRows(ctx, tx, q, tree)
	case rollupable(q) && by != evident.ByDay && by != evident.ByWeek:
		rows, err = s.rollupRows(ctx, tx, q, by)
		if err == nil && by == evident.ByAuto && spanDays(rows) <= evident.MaxTimeBuckets {
			// A short span: count by day instead.
			rows, err = baseRows(ctx, tx, q, evident.ByDay, tree)
		}
	default:
		rows, err = baseRows(ctx, tx, q, by, tree)
	}
	if err != nil {
		return evident.Stats{}, err
	}
	st := evident.Stats{By: by}
	if by == evident.ByActor {
		// An event with two actors is in two buckets; count it once.
		cond, args := filter(q, tree).bind()
		err = tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(e.fatalities), 0) FROM events e WHERE `+cond, args...).Scan(&st.Total, &st.Fatalities)
		if err != nil {
			return st, err
		}
	}
	for _, r := range rows {
		if by != evident.ByActor {
			st.Total += r.Count
			st.Fatalities += r.Fatalities
		}
		if r.Key != "" {
			st.Buckets = append(st.Buckets, r.Bucket)
		}
	}
	if timeBy {
		slices.SortFunc(st.Buckets, func(a, b evident.Bucket) int { return strings.Compare(a.Key, b.Key) })
		st.By, st.Buckets = foldDays(st.Buckets, by)
	} else {
		slices.SortStableFunc(st.Buckets, func(a, b evident.Bucket) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Key, b.Key)
		})
		if by == evident.ByActor && len(st.Buckets) > 1000 {
			st.Buckets = st.Buckets[:1000]
		}
	}
	return st, nil
}

// agg is one grouped row of a stats query.
type agg struct{ evident.Bucket }

// rollupable reports whether the monthly counts can answer q: only its
// time bounds, countries, types and background flag constrain it.
func rollupable(q evident.Query) bool {
	return q.BBox == nil && len(q.Admin1) == 0 && q.Actor == "" && q.MinFatalities == 0 &&
		q.CivilianTargeting == nil && len(q.Modalities) == 0 && q.Text == "" && q.DocID == ""
}

// spanDays is the number of days from the first to the last dated bucket.
func spanDays(rows []agg) float64 {
	first, last := "", ""
	for _, r := range rows {
		if r.Key == "" {
			continue
		}
		if first == "" || r.Key < first {
			first = r.Key
		}
		if r.Key > last {
			last = r.Key
		}
	}
	a, err1 := time.Parse(time.DateOnly, first)
	b, err2 := time.Parse(time.DateOnly, last)
	if err1 != nil || err2 != nil {
		return 0
	}
	return b.AddDate(0, 1, 0).Sub(a).Hours() / 24
}

// statsKey is the SQL for a grouping's key and label over alias e.
func statsKey(by string) (key, label string, err error) {
	switch by {
	case evident.ByDay, evident.ByWeek, evident.ByMonth, evident.ByAuto:
		return "e.event_date", "''", nil
	case evident.ByEventType, evident.BySubEventType, evident.ByAdmin1, evident.ByModality:
		return "e." + by, "''", nil
	case evident.ByCountry:
		return "e.country_code", "max(e.country)", nil
	}
	return "", "", evident.Errorf(evident.EINVALID, "", "stats: unknown grouping %q", by)
}

func scanAggs(ctx context.Context, tx *sql.Tx, query string, args []any) ([]agg, error) {
	var out []agg
	err := eachRow(ctx, tx, query, args, func(rows *sql.Rows) error {
		var a agg
		if err := rows.Scan(&a.Key, &a.Label, &a.Count, &a.Fatalities); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

// baseRows groups the matching events themselves.
func baseRows(ctx context.Context, tx *sql.Tx, q evident.Query, by string, tree bool) ([]agg, error) {
	key, label, err := statsKey(by)
	if err != nil {
		return nil, err
	}
	cond, args := filter(q, tree).bind()
	return scanAggs(ctx, tx, `SELECT `+key+`, `+label+`, count(*), coalesce(sum(e.fatalities), 0) FROM events e WHERE `+cond+` GROUP BY 1`, args)
}

func actorRows(ctx context.Context, tx *sql.Tx, q evident.Query, tree bool) ([]agg, error) {
	cond, args := filter(q, tree).bind()
	return scanAggs(ctx, tx, `SELECT name, '', count(*), coalesce(sum(fat), 0) FROM (
			SELECT e.actor1 AS name, e.fatalities AS fat FROM events e WHERE `+cond+` AND e.actor1 <> ''
			UNION ALL
			SELECT e.actor2, e.fatalities FROM events e WHERE `+cond+` AND e.actor2 <> '' AND e.actor2 <> e.actor1)
		GROUP BY 1`, append(args, args...))
}

// rollupRows answers a rollupable query from event_months for the whole
// months inside its time bounds and from events for the days at either
// end. Time groupings come back by month (key: first day of the month).
func (s *Store) rollupRows(ctx context.Context, tx *sql.Tx, q evident.Query, by string) ([]agg, error) {
	var key, label string
	switch by {
	case evident.ByMonth, evident.ByAuto:
		key, label = "CASE WHEN m.month = '' THEN '' ELSE m.month || '-01' END", "''"
	case evident.ByEventType, evident.BySubEventType:
		key, label = "m."+by, "''"
	case evident.ByCountry:
		key, label = "m.country_code", "max(m.country)"
	default:
		return baseRows(ctx, tx, q, by, false)
	}
	w := &where{}
	w.inList("m.country_code", q.Countries)
	w.inList("m.event_type", q.EventTypes)
	w.inList("m.sub_event_type", q.SubEventTypes)
	if !q.WithBackground {
		w.add("m.background = 0")
	}
	// Whole months inside [Since, Until].
	var edges []evident.Query
	if !q.Since.IsZero() || !q.Until.IsZero() {
		first, last := "0000-00", "9999-99"
		if !q.Since.IsZero() {
			m := time.Date(q.Since.Year(), q.Since.Month(), 1, 0, 0, 0, 0, time.UTC)
			if q.Since.Day() != 1 {
				m = m.AddDate(0, 1, 0)
				e := q
				e.Until = m.AddDate(0, 0, -1)
				if !q.Until.IsZero() && q.Until.Before(e.Until) {
					e.Until = q.Until
				}
				edges = append(edges, e)
			}
			first = m.Format("2006-01")
		}
		if !q.Until.IsZero() {
			m := time.Date(q.Until.Year(), q.Until.Month(), 1, 0, 0, 0, 0, time.UTC)
			if q.Until.AddDate(0, 0, 1).Month() == q.Until.Month() { // not the month's last day
				e := q
				e.Since = m
				if !q.Since.IsZero() && q.Since.After(m) {
					e.Since = q.Since
				}
				m = m.AddDate(0, -1, 0)
				if len(edges) == 0 || !e.Since.Equal(edges[0].Since) {
					edges = append(edges, e)
				}
			}
			last = m.Format("2006-01")
		}
		w.add("m.month <> '' AND m.month BETWEEN ? AND ?", first, last)
	}
	rows, err := scanAggs(ctx, tx, `SELECT `+key+`, `+label+`, sum(m.n), sum(m.fatalities) FROM event_months m WHERE `+w.sql()+` GROUP BY 1`, w.args)
	if err != nil {
		return nil, err
	}
	edgeBy := by
	if by == evident.ByAuto {
		edgeBy = evident.ByMonth
	}
	for _, e := range edges {
		if !e.Since.IsZero() && !e.Until.IsZero() && e.Until.Before(e.Since) {
			continue
		}
		more, err := baseRows(ctx, tx, e, edgeBy, false)
		if err != nil {
			return nil, err
		}
		if edgeBy == evident.ByMonth {
			for i := range more {
				if len(more[i].Key) == 10 {
					more[i].Key = more[i].Key[:8] + "01"
				}
			}
		}
		rows = append(rows, more...)
	}
	// Merge rows with the same key.
	index := map[string]int{}
	var out []agg
	for _, r := range rows {
		if i, ok := index[r.Key]; ok {
			out[i].Count += r.Count
			out[i].Fatalities += r.Fatalities
			if out[i].Label == "" {
				out[i].Label = r.Label
			}
			continue
		}
		index[r.Key] = len(out)
		out = append(out, r)
	}
	return out, nil
}

// foldDays regroups daily buckets (in date order) by week or month. For
// ByAuto it keeps days when the span fits in MaxTimeBuckets days and uses
// months otherwise (so that long spans come from the monthly rollup);
// buckets that are already months stay months.
func foldDays(days []evident.Bucket, by string) (string, []evident.Bucket) {
	if by == evident.ByAuto {
		by = evident.ByDay
		if len(days) > 0 {
			first, err1 := time.Parse(time.DateOnly, days[0].Key)
			last, err2 := time.Parse(time.DateOnly, days[len(days)-1].Key)
			if err1 == nil && err2 == nil && last.Sub(first).Hours()/24+1 > evident.MaxTimeBuckets {
				by = evident.ByMonth
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
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return evident.MapView{}, err
	}
	defer tx.Rollback()
	tree, err := useTree(ctx, tx, q)
	if err != nil {
		return evident.MapView{}, err
	}
	w := filter(q, tree)
	w.add(`(e.latitude <> 0 OR e.longitude <> 0)`)
	cond, args := w.bind()
	mv := evident.MapView{Mode: "points"}
	err = eachRow(ctx, tx, `SELECT e.event_id, e.latitude, e.longitude, e.event_type, e.sub_event_type, e.event_date, e.fatalities, e.location, e.uncertainty_m
		FROM events e WHERE `+cond+` LIMIT ?`, append(slices.Clone(args), evident.MaxMapPoints+1), func(rows *sql.Rows) error {
		var p evident.MapPoint
		if err := rows.Scan(&p.ID, &p.Lat, &p.Lon, &p.EventType, &p.SubEventType, &p.Date, &p.Fatalities, &p.Location, &p.UncertaintyM); err != nil {
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
	// Aggregate in Go: one pass over the matching rows, no temporary
	// B-tree for a GROUP BY.
	type typeCount struct {
		typ string
		n   int
	}
	types := map[key][]typeCount{}
	err = eachRow(ctx, tx, `SELECT e.latitude, e.longitude, e.event_type, e.fatalities FROM events e WHERE `+cond, args, func(rows *sql.Rows) error {
		var (
			lat, lon float64
			typ      string
			fat      int
		)
		if err := rows.Scan(&lat, &lon, &typ, &fat); err != nil {
			return err
		}
		k := key{int64(math.Floor(lat / cell)), int64(math.Floor(lon / cell))}
		a := cells[k]
		if a == nil {
			a = &acc{}
			cells[k] = a
			order = append(order, k)
		}
		a.Count++
		a.Fatalities += fat
		a.sumLat += lat
		a.sumLon += lon
		tc := types[k]
		i := slices.IndexFunc(tc, func(t typeCount) bool { return t.typ == typ })
		if i < 0 {
			tc = append(tc, typeCount{typ: typ})
			i = len(tc) - 1
		}
		tc[i].n++
		types[k] = tc
		mv.Total++
		return nil
	})
	if err != nil {
		return mv, err
	}
	for k, tc := range types {
		a := cells[k]
		for _, t := range tc {
			if t.n > a.best || t.n == a.best && t.typ < a.EventType {
				a.best, a.EventType = t.n, t.typ
			}
		}
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
	var out []evident.ActorCount
	err := s.readFiltered(ctx, q, func(cond string, args []any) (string, []any) {
		return `SELECT name, max(inter), count(*), sum(fat) FROM (
			SELECT e.actor1 AS name, e.inter1 AS inter, e.fatalities AS fat FROM events e WHERE ` + cond + ` AND e.actor1 <> ''
			UNION ALL
			SELECT e.actor2, e.inter2, e.fatalities FROM events e WHERE ` + cond + ` AND e.actor2 <> '' AND e.actor2 <> e.actor1)
		GROUP BY name ORDER BY 3 DESC, name LIMIT ?`, append(append(slices.Clone(args), args...), limitOr(limit))
	}, func(rows *sql.Rows) error {
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
	var out []evident.PlaceCount
	err := s.readFiltered(ctx, q, func(cond string, args []any) (string, []any) {
		return `SELECT e.geonameid, e.location, e.admin1, e.country, e.country_code,
			avg(e.latitude), avg(e.longitude), count(*), sum(e.fatalities)
		FROM events e WHERE ` + cond + ` AND e.location <> ''
		GROUP BY e.geonameid, e.location, e.admin1, e.country_code ORDER BY 8 DESC, e.location LIMIT ?`,
			append(args, limitOr(limit))
	}, func(rows *sql.Rows) error {
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

// readFiltered runs the query build makes from q's conditions, in one
// read transaction, calling fn for each row.
func (s *Store) readFiltered(ctx context.Context, q evident.Query, build func(cond string, args []any) (string, []any), fn func(*sql.Rows) error) error {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tree, err := useTree(ctx, tx, q)
	if err != nil {
		return err
	}
	query, args := build(filter(q, tree).bind())
	return eachRow(ctx, tx, query, args, fn)
}

func (s *Store) readRows(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return eachRow(ctx, tx, query, args, fn)
}

// ingestedKey is documents.ingested_at as text that sorts in time order:
// ingested_at is RFC3339Nano in UTC, which drops the trailing zeros of the
// fraction ("…:00Z" would sort after "…:00.1Z"), so the key pads the
// fraction to nine digits. Migration 0003 indexes this expression.
const ingestedKey = `substr(d.ingested_at, 1, 19) || '.' || substr(ltrim(rtrim(substr(d.ingested_at, 20), 'Z'), '.') || '000000000', 1, 9)`

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
		w.add(`(`+ingestedKey+`, d.id) < (?, ?)`, c.At, c.ID)
	}
	var (
		page evident.DocumentPage
		keys []string
	)
	err := s.readRows(ctx, `SELECT d.id, d.url, d.outlet, d.title, d.published, d.ingested_at, `+ingestedKey+`,
			(SELECT count(*) FROM events e WHERE e.doc_id = d.id AND e.background = 0),
			(SELECT count(*) FROM events e WHERE e.doc_id = d.id AND e.background = 1)
		FROM documents d WHERE `+w.sql()+` ORDER BY `+ingestedKey+` DESC, d.id DESC LIMIT ?`, append(w.args, limit+1),
		func(rows *sql.Rows) error {
			var (
				d         evident.DocumentSummary
				published sql.NullString
				at, key   string
			)
			if err := rows.Scan(&d.ID, &d.URL, &d.Outlet, &d.Title, &published, &at, &key, &d.Events, &d.BackgroundEvents); err != nil {
				return err
			}
			if published.Valid {
				d.Published, _ = time.Parse(time.RFC3339Nano, published.String)
			}
			d.IngestedAt, _ = time.Parse(time.RFC3339Nano, at)
			page.Documents = append(page.Documents, d)
			keys = append(keys, key)
			return nil
		})
	if err != nil {
		return page, wrapErr(err, s.path, "documents")
	}
	if len(page.Documents) > limit {
		page.Documents = page.Documents[:limit]
		b, _ := json.Marshal(docCursor{At: keys[limit-1], ID: page.Documents[limit-1].ID})
		page.NextCursor = base64.RawURLEncoding.EncodeToString(b)
	}
	return page, nil
}
