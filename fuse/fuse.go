// Package fuse groups the per-document events of many documents into
// incidents (evident.Incident): one record per real-world incident, with
// every report's claims side by side and an explanation of every
// decision. Fuse is a pure function of a set of events: it does no I/O,
// and the same set gives the same incidents whatever its order.
//
// The algorithm (docs/schema.md, "Incidents"):
//
//  1. Background events are left out; the rest are sorted canonically,
//     most precise first: geo precision, time precision, uncertainty
//     radius, date, document id, event id.
//  2. In that order, each report is compared with the canonical record
//     of every incident started so far (Match) and joins the one it
//     matches with the highest score (ties: the incident started first),
//     or starts a new incident. The canonical record is recomputed after
//     each join (canonical), so a report is compared with what its
//     incident's reports agree on, not with its least precise member:
//     that is the guard against chaining (A matches B, B matches C, A and
//     C far apart).
//
// Because the order is a total order on the events' content and ids, the
// result does not depend on the input order, and fusing the same set
// again gives identical incidents and ids.
package fuse

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/acled"
)

// Doc is what fusion needs of an event's document.
type Doc struct {
	// Outlet is the document's outlet; "" falls back to the event's
	// Source.
	Outlet string
	// Published is the publication date; zero when unknown. It dates an
	// undated report.
	Published time.Time
}

// Date windows, in days, by ACLED time precision: two dated reports match
// when their dates are at most the larger window of their two precisions
// apart.
var dayWindow = [4]int{0: UndatedWindow, 1: 1, 2: 7, 3: 31}

// UndatedWindow is the window of an undated report, which stands at its
// document's publication date: the news is of the last week.
const UndatedWindow = 7

// Fallback radii (km) by geo precision, for an event without
// uncertainty_m.
var fallbackKm = [4]float64{0: 0, 1: 2, 2: 12, 3: 100}

// report is one event being fused, with what fusion derives from it.
type report struct {
	ev     *evident.Event
	outlet string
	pub    string // YYYY-MM-DD or ""
	// day is the date as days since the epoch, tp its time precision;
	// dated is false when neither the event nor its document is dated.
	day   int
	tp    int
	dated bool
	// fromPub is true when the date is the document's publication date.
	fromPub bool
	km      float64 // uncertainty radius
	actors  []string
}

// Fuse groups events into incidents. docs gives each event's document
// (by DocID); a document missing from it has no outlet or date beyond the
// event's own. Background events are not fused; an event id given twice
// is fused once. Incidents are returned by date, then id.
func Fuse(events []evident.Event, docs map[string]Doc) []evident.Incident {
	return FuseLinked(events, docs, nil)
}

// FuseLinked is Fuse under analysts' overrides: two reports of a
// LinkCannot link never share an incident, and a report of a LinkMust
// link joins the incident its partner is in (unless a LinkCannot link
// forbids it). Links whose ends are not both among events are ignored.
// The result depends on the set of events and links only.
func FuseLinked(events []evident.Event, docs map[string]Doc, links []evident.FusionLink) []evident.Incident {
	reps := prepare(events, docs)
	cons := newConstraints(reps, links)
	var clusters []*cluster
	idx := newDayIndex()
	placed := map[string]*cluster{} // must-group root -> its cluster
	for _, r := range reps {
		group := cons.group(r.ev.ID)
		if c := placed[group]; c != nil && group != "" {
			if l, bad := cons.forbidden(r, c); !bad {
				m := c.match(r)
				l = cons.mustLink(r.ev.ID, c)
				idx.remove(c)
				c.add(r, evident.FusionDecision{EventID: r.ev.ID, DocID: r.ev.DocID, Action: evident.FusionJoined,
					Incident: c.id, Rule: sprintf("override #%d: merged by %s on %s", l.Override, l.By, l.At.UTC().Format(time.DateOnly)), Km: m.Km, Days: m.Days, Score: m.Score})
				idx.put(c)
				continue
			}
		}
		var best *cluster
		var bestM Match
		var near *cluster
		var nearM Match
		for _, c := range idx.candidates(r) {
			m := c.match(r)
			if l, bad := cons.forbidden(r, c); bad {
				m.OK = false
				m.Rule = sprintf("override #%d: split from this incident by %s on %s", l.Override, l.By, l.At.UTC().Format(time.DateOnly))
			}
			if m.OK {
				if best == nil || m.Score > bestM.Score {
					best, bestM = c, m
				}
				continue
			}
			if near == nil || closer(m, nearM) {
				near, nearM = c, m
			}
		}
		if best != nil {
			idx.remove(best)
			best.add(r, evident.FusionDecision{EventID: r.ev.ID, DocID: r.ev.DocID, Action: evident.FusionJoined,
				Incident: best.id, Rule: bestM.Rule, Km: bestM.Km, Days: bestM.Days, Score: bestM.Score})
			idx.put(best)
			if group != "" && placed[group] == nil {
				placed[group] = best
			}
			continue
		}
		c := &cluster{id: incidentID(r.ev.ID), docs: map[string]bool{}}
		d := evident.FusionDecision{EventID: r.ev.ID, DocID: r.ev.DocID, Action: evident.FusionStarted, Incident: c.id,
			Rule: "no candidate: no incident of type " + r.ev.EventType, Km: -1, Days: -1}
		if near != nil {
			d.Against, d.Rule, d.Km, d.Days, d.Score = near.id, nearM.Rule, nearM.Km, nearM.Days, nearM.Score
		}
		c.add(r, d)
		clusters = append(clusters, c)
		idx.put(c)
		if group != "" && placed[group] == nil {
			placed[group] = c
		}
	}
	out := make([]evident.Incident, len(clusters))
	for i, c := range clusters {
		out[i] = c.incident()
	}
	slices.SortFunc(out, func(a, b evident.Incident) int {
		return cmp.Or(cmp.Compare(a.EventDate, b.EventDate), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// dayIndex finds the incidents a report can be compared with: those of
// its event type whose canonical date is at most maxDays (the widest
// window) from the report's, in the order they were started. An undated
// report or incident can match nothing, so it is compared with nothing;
// a report that starts an incident is explained against the nearest
// rejected incident within those days only.
type dayIndex struct {
	by  map[string]map[int][]*cluster // event type -> canonical day -> clusters
	seq map[*cluster]int              // start order
}

func newDayIndex() *dayIndex {
	return &dayIndex{by: map[string]map[int][]*cluster{}, seq: map[*cluster]int{}}
}

func (x *dayIndex) put(c *cluster) {
	if _, ok := x.seq[c]; !ok {
		x.seq[c] = len(x.seq)
	}
	if !c.c.dated {
		return
	}
	days := x.by[c.c.eventType]
	if days == nil {
		days = map[int][]*cluster{}
		x.by[c.c.eventType] = days
	}
	days[c.c.day] = append(days[c.c.day], c)
}

func (x *dayIndex) remove(c *cluster) {
	if !c.c.dated {
		return
	}
	days := x.by[c.c.eventType]
	cs := days[c.c.day]
	if i := slices.Index(cs, c); i >= 0 {
		days[c.c.day] = slices.Delete(cs, i, i+1)
	}
}

// candidates returns the incidents r may match, in start order (so that
// ties between equal scores go to the incident started first).
func (x *dayIndex) candidates(r *report) []*cluster {
	if !r.dated {
		return nil
	}
	days := x.by[r.ev.EventType]
	var out []*cluster
	for d := r.day - maxDays; d <= r.day+maxDays; d++ {
		out = append(out, days[d]...)
	}
	slices.SortFunc(out, func(a, b *cluster) int { return cmp.Compare(x.seq[a], x.seq[b]) })
	return out
}

// closer orders rejected candidates for a started incident's explanation:
// the one that got furthest through the rules, then the nearest, then the
// closest in time, then the higher score.
func closer(a, b Match) bool {
	if a.stage != b.stage {
		return a.stage > b.stage
	}
	ak, bk := a.Km, b.Km
	if ak < 0 {
		ak = math.Inf(1)
	}
	if bk < 0 {
		bk = math.Inf(1)
	}
	if ak != bk {
		return ak < bk
	}
	ad, bd := a.Days, b.Days
	if ad < 0 {
		ad = math.MaxInt
	}
	if bd < 0 {
		bd = math.MaxInt
	}
	if ad != bd {
		return ad < bd
	}
	return a.Score > b.Score
}

// incidentID derives an incident's id from its founding report's event
// id.
func incidentID(eventID string) string {
	h := sha256.Sum256([]byte("incident\x1e" + eventID))
	return "in-" + hex.EncodeToString(h[:8])
}

// prepare drops background events and duplicate ids, derives each
// report's date, radius and actors, and sorts the reports canonically.
func prepare(events []evident.Event, docs map[string]Doc) []*report {
	seen := map[string]bool{}
	var reps []*report
	for i := range events {
		e := &events[i]
		if e.Background {
			continue
		}
		id := e.ID
		if id == "" {
			id = e.StableID()
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		ev := *e
		ev.ID = id
		r := &report{ev: &ev, outlet: ev.Source}
		if d, ok := docs[ev.DocID]; ok {
			if d.Outlet != "" {
				r.outlet = d.Outlet
			}
			if !d.Published.IsZero() {
				r.pub = d.Published.Format(time.DateOnly)
			}
		}
		if t, err := time.Parse(time.DateOnly, ev.EventDate); err == nil {
			r.day, r.tp, r.dated = int(t.Unix()/86400), clampTP(ev.TimePrecision), true
		} else if r.pub != "" {
			t, _ := time.Parse(time.DateOnly, r.pub)
			r.day, r.tp, r.dated, r.fromPub = int(t.Unix()/86400), 0, true, true
		}
		r.km = float64(ev.UncertaintyM) / 1000
		if r.km <= 0 && (ev.Latitude != 0 || ev.Longitude != 0) {
			r.km = fallbackKm[clampGP(ev.GeoPrecision)]
		}
		for _, a := range []string{ev.Actor1, ev.Actor2} {
			if n := normActor(a); n != "" && !slices.Contains(r.actors, n) {
				r.actors = append(r.actors, n)
			}
		}
		reps = append(reps, r)
	}
	slices.SortFunc(reps, compareReports)
	return reps
}

// compareReports is the canonical order: most precise first.
func compareReports(a, b *report) int {
	rank := func(p int) int {
		if p < 1 || p > 3 {
			return 4
		}
		return p
	}
	tpRank := func(r *report) int {
		if !r.dated {
			return 5
		}
		if r.fromPub {
			return 4
		}
		return rank(r.tp)
	}
	return cmp.Or(
		cmp.Compare(rank(a.ev.GeoPrecision), rank(b.ev.GeoPrecision)),
		cmp.Compare(tpRank(a), tpRank(b)),
		cmp.Compare(a.ev.UncertaintyM, b.ev.UncertaintyM),
		cmp.Compare(a.ev.EventDate, b.ev.EventDate),
		cmp.Compare(a.ev.DocID, b.ev.DocID),
		cmp.Compare(a.ev.ID, b.ev.ID),
	)
}

func clampTP(p int) int {
	if p < 1 || p > 3 {
		return 3
	}
	return p
}

func clampGP(p int) int {
	if p < 0 || p > 3 {
		return 3
	}
	return p
}

// normActor normalises an actor name for comparison: lower case, a
// parenthesised period ("(2000-2024)", "(2014-)") dropped. Generic
// actors (GenericActor) normalise to "".
func normActor(a string) string {
	if GenericActor(a) {
		return ""
	}
	s := strings.ToLower(strings.TrimSpace(a))
	if i := strings.LastIndex(s, " ("); i >= 0 && strings.HasSuffix(s, ")") {
		in := s[i+2 : len(s)-1]
		if strings.Trim(in, "0123456789-– ") == "" {
			s = s[:i]
		}
	}
	return s
}

// GenericActor reports whether an actor name identifies no one: empty,
// an unidentified armed group, or unnamed protesters or rioters. Such an
// actor is compatible with any other.
func GenericActor(a string) bool {
	s := strings.ToLower(strings.TrimSpace(a))
	return s == "" || strings.HasPrefix(s, "unidentified") || strings.HasPrefix(s, "protesters") || strings.HasPrefix(s, "rioters")
}

// generic maps a refined sub-event type to the generic sub-event types of
// the same event type that report the same act less precisely: a bombing
// later known to be a suicide attack, a clash that ended in a change of
// territory, a protest that met force. Such a refined report joins its
// generic one. A chemical attack does not refine an air strike or
// shelling: those name a delivery, not the act, and conventional strikes
// on the same town and day are common, so they stay apart.
var generic = map[string][]string{
	"Suicide bomb":                        {"Remote explosive/landmine/IED"},
	"Government regains territory":        {"Armed clash"},
	"Non-state actor overtakes territory": {"Armed clash"},
	"Protest with intervention":           {"Peaceful protest"},
	"Excessive force against protesters":  {"Peaceful protest", "Protest with intervention"},
}

// Refines reports whether sub-event type refined is a more precise
// account of the act that generic reports (a key of the refinement table
// above, with generic among its values).
func Refines(refined, generalType string) bool {
	return slices.Contains(generic[refined], generalType)
}

// typeRelation says how two sub-event types of the same event type
// relate: "equal", "refined" (one refines the other) or "".
func typeRelation(a, b string) string {
	switch {
	case strings.EqualFold(a, b):
		return "equal"
	case Refines(a, b) || Refines(b, a):
		return "refined"
	}
	return ""
}

func round(f float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(f*p) / p
}

// sprintf is fmt.Sprintf, named for the rule texts.
var sprintf = fmt.Sprintf

// combineScales is acled.CombineScales over a set.
func combineScales(scales []string) string { return acled.CombineScales(scales...) }
