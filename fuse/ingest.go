package fuse

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/evident-org/evident"
)

// Store is what Update, Split and Merge need of a store.
type Store interface {
	FusionReports(ctx context.Context, q evident.FusionQuery) ([]evident.FusionReport, error)
	ReplaceIncidents(ctx context.Context, eventIDs []string, incidents []evident.Incident) error
	FusionLinks(ctx context.Context, eventIDs []string) ([]evident.FusionLink, error)
	Override(ctx context.Context, o evident.IncidentOverride, links []evident.FusionLink, unlink [][2]string) (evident.IncidentOverride, error)
	Incident(ctx context.Context, id string) (*evident.Incident, error)
}

// Bounds. Linked reports (linked: same event type, dates at most maxDays
// apart, points within the sum of their uncertainty radii or one's
// first-level region containing the other, or a must link) form
// components; Update re-fuses a new report's whole component, which makes
// the incidents a function of the stored set whatever the order it came
// in. Past MaxComponent, a component is only re-fused around the new
// reports (their direct neighbours' incidents), and the result may
// depend on the order (docs/schema.md, "Incidents").
const (
	// MaxComponent bounds the reports one re-fusion loads.
	MaxComponent = 5000
	// MaxSeeds bounds the unfused events one round of Update takes.
	MaxSeeds = 1000
	// maxDays is the widest date window.
	maxDays = 31
	// SearchKm is the radius of the other event assumed when looking for
	// candidates around a report: the box is the report's own radius plus
	// SearchKm. An event whose own radius is larger (country-level places)
	// is found through its first-level region only.
	SearchKm = 250.0
)

// updateMu serialises fusion in a process: two concurrent updates would
// each miss the other's new events. Across processes, a store that many
// processes write (PostgreSQL) implements Locker.
var updateMu sync.Mutex

// Locker is a store's lock for fusion across processes: LockFusion
// blocks until this process may fuse, and returns the unlock.
type Locker interface {
	LockFusion(ctx context.Context) (unlock func(), err error)
}

// lock takes the process's and the store's fusion locks.
func lock(ctx context.Context, st Store) (func(), error) {
	updateMu.Lock()
	l, ok := st.(Locker)
	if !ok {
		return updateMu.Unlock, nil
	}
	unlock, err := l.LockFusion(ctx)
	if err != nil {
		updateMu.Unlock()
		return nil, err
	}
	return func() { unlock(); updateMu.Unlock() }, nil
}

// Update fuses the store's unfused events (new documents' events, and the
// remaining reports of incidents whose document was re-extracted) with
// their stored components and replaces the affected incidents. It returns
// the number of events re-fused.
func Update(ctx context.Context, st Store) (int, error) {
	unlock, err := lock(ctx, st)
	if err != nil {
		return 0, err
	}
	defer unlock()
	total, conflicts := 0, 0
	for {
		seeds, err := st.FusionReports(ctx, evident.FusionQuery{Unfused: true, Limit: MaxSeeds, NoEvidence: true})
		if err != nil || len(seeds) == 0 {
			return total, err
		}
		n, err := refuse(ctx, st, seeds, "")
		if evident.ErrorCode(err) == evident.ECONFLICT && conflicts < 3 {
			// A document was re-extracted while this round read: read again.
			conflicts++
			continue
		}
		total += n
		if err != nil || len(seeds) < MaxSeeds || n == 0 {
			return total, err
		}
	}
}

// refuse re-fuses seeds with every stored report linked to them (their
// components) and writes the result. cause, when set, is the versions'
// cause (an override); otherwise each incident's cause says which
// reports joined or left it.
func refuse(ctx context.Context, st Store, seeds []evident.FusionReport, cause string) (int, error) {
	set := map[string]evident.FusionReport{}
	uf := unionFind{}
	comps := map[string]bool{}
	legacy := map[string]bool{} // incidents without a component (written before components)
	add := func(r evident.FusionReport) {
		if _, ok := set[r.Event.ID]; !ok {
			set[r.Event.ID] = r
			uf.add(r.Event.ID)
		}
	}
	compSize := map[string]int{} // as stored with the incidents (0: unknown)
	note := func(r evident.FusionReport) {
		switch {
		case r.Component != "":
			comps[r.Component] = true
			compSize[r.Component] = max(compSize[r.Component], r.ComponentSize)
		case r.Event.IncidentID != "":
			legacy[r.Event.IncidentID] = true
		}
	}
	for _, r := range seeds {
		add(r)
		note(r)
	}
	// Direct neighbours, one store query for each group of seeds of one
	// event type near one another (the union of their boxes and dates).
	for _, g := range neighbourGroups(seeds) {
		cands, err := st.FusionReports(ctx, g.q)
		if err != nil {
			return 0, err
		}
		for _, c := range cands {
			cr := prepareOne(c)
			if cr == nil {
				continue
			}
			for _, sd := range g.seeds {
				if c.Event.ID != sd.ev.ID && linked(sd, cr) {
					add(c)
					note(c)
					uf.union(sd.ev.ID, c.Event.ID)
				}
			}
		}
	}
	// Their components, and the must links' other ends, until closed.
	loadedComp := map[string]bool{}
	loadedInc := map[string]bool{}
	bounded := false
	for round := 0; round < 4; round++ {
		var cs, is []string
		for c := range comps {
			if !loadedComp[c] {
				loadedComp[c] = true
				cs = append(cs, c)
			}
		}
		for i := range legacy {
			if !loadedInc[i] {
				loadedInc[i] = true
				is = append(is, i)
			}
		}
		slices.Sort(cs)
		slices.Sort(is)
		var members []evident.FusionReport
		if len(cs) > 0 {
			known := 0
			for _, c := range cs {
				known += compSize[c]
			}
			var ms []evident.FusionReport
			if len(set)+known <= MaxComponent {
				var err error
				if ms, err = st.FusionReports(ctx, evident.FusionQuery{Components: cs, NoEvidence: true, Limit: MaxComponent + 1}); err != nil {
					return 0, err
				}
			}
			if len(set)+known > MaxComponent || len(set)+len(ms) > MaxComponent {
				// Too big to re-fuse whole: the neighbours' incidents only.
				bounded = true
				for _, r := range set {
					if r.Event.IncidentID != "" && !loadedInc[r.Event.IncidentID] {
						loadedInc[r.Event.IncidentID] = true
						is = append(is, r.Event.IncidentID)
					}
				}
				slices.Sort(is)
			} else {
				members = append(members, ms...)
			}
		}
		if len(is) > 0 {
			ms, err := st.FusionReports(ctx, evident.FusionQuery{IncidentIDs: is, NoEvidence: true})
			if err != nil {
				return 0, err
			}
			members = append(members, ms...)
		}
		first := map[string]string{}
		for _, m := range members {
			add(m)
			key := "c\x1e" + m.Component
			if m.Component == "" || bounded {
				key = "i\x1e" + m.Event.IncidentID
			}
			if f, ok := first[key]; ok {
				uf.union(f, m.Event.ID)
			} else {
				first[key] = m.Event.ID
			}
		}
		// Must links reach across components.
		ids := uf.keys()
		links, err := st.FusionLinks(ctx, ids)
		if err != nil {
			return 0, err
		}
		var missing []string
		for _, l := range links {
			if l.Kind != evident.LinkMust {
				continue
			}
			for _, x := range []string{l.EventA, l.EventB} {
				if _, ok := set[x]; !ok && !slices.Contains(missing, x) {
					missing = append(missing, x)
				}
			}
		}
		if len(missing) > 0 {
			ms, err := st.FusionReports(ctx, evident.FusionQuery{EventIDs: missing, NoEvidence: true})
			if err != nil {
				return 0, err
			}
			for _, m := range ms {
				add(m)
				note(m)
			}
		}
		for _, l := range links {
			if l.Kind == evident.LinkMust {
				if _, ok := set[l.EventA]; ok {
					if _, ok := set[l.EventB]; ok {
						uf.union(l.EventA, l.EventB)
					}
				}
			}
		}
		done := len(missing) == 0
		for c := range comps {
			done = done && loadedComp[c]
		}
		for i := range legacy {
			done = done && loadedInc[i]
		}
		if done || bounded {
			break
		}
	}
	ids := uf.keys()
	// The claims need the evidence: read it for the set only.
	full := map[string]evident.FusionReport{}
	for start := 0; start < len(ids); start += 500 {
		rs, err := st.FusionReports(ctx, evident.FusionQuery{EventIDs: ids[start:min(start+500, len(ids))]})
		if err != nil {
			return 0, err
		}
		for _, r := range rs {
			full[r.Event.ID] = r
		}
	}
	links, err := st.FusionLinks(ctx, ids)
	if err != nil {
		return 0, err
	}
	// The reports each stored incident had, for the causes.
	before := map[string][]evident.FusionReport{}
	for _, r := range set {
		if r.Event.IncidentID != "" {
			before[r.Event.IncidentID] = append(before[r.Event.IncidentID], r)
		}
	}
	var incs []evident.Incident
	for _, group := range uf.groups() {
		events := make([]evident.Event, 0, len(group))
		docs := map[string]Doc{}
		for _, id := range group {
			r, ok := full[id]
			if !ok {
				continue // deleted meanwhile
			}
			events = append(events, r.Event)
			docs[r.Event.DocID] = Doc{Outlet: r.Outlet, Published: r.Published}
		}
		comp := ComponentID(group[0])
		for _, in := range FuseLinked(events, docs, links) {
			in.Component, in.ComponentSize = comp, len(group)
			in.Cause = cause
			if in.Cause == "" {
				in.Cause = describeChange(&in, before[in.ID])
			}
			incs = append(incs, in)
		}
	}
	if err := st.ReplaceIncidents(ctx, ids, incs); err != nil {
		return 0, err
	}
	return len(ids), nil
}

// ComponentID names the component whose smallest event id is first.
func ComponentID(first string) string {
	h := sha256.Sum256([]byte("component\x1e" + first))
	return "co-" + hex.EncodeToString(h[:8])
}

// describeChange says how in differs from the stored incident of the
// same id, whose reports were before: which reports joined it or left it.
func describeChange(in *evident.Incident, before []evident.FusionReport) string {
	was := map[string]bool{}
	for _, b := range before {
		was[b.Event.ID] = true
	}
	var joined []string
	now := map[string]bool{}
	for _, r := range in.Reports {
		now[r.EventID] = true
		if !was[r.EventID] {
			joined = append(joined, describeReport(r.DocID, r.Outlet))
		}
	}
	var left []string
	for _, b := range before {
		if !now[b.Event.ID] {
			left = append(left, describeReport(b.Event.DocID, b.Outlet))
		}
	}
	slices.Sort(left)
	var parts []string
	switch {
	case len(joined) == len(in.Reports) && len(left) == 0:
		return "fused from " + plural(len(joined), "report") + ": " + strings.Join(joined, ", ")
	case len(joined) > 0:
		parts = append(parts, plural(len(joined), "report")+" joined: "+strings.Join(joined, ", "))
	}
	if len(left) > 0 {
		parts = append(parts, plural(len(left), "report")+" left: "+strings.Join(left, ", "))
	}
	if len(parts) == 0 {
		return "re-fused with its component"
	}
	return strings.Join(parts, "; ")
}

func describeReport(doc, outlet string) string {
	if outlet == "" {
		return doc
	}
	return doc + " (" + outlet + ")"
}

func plural(n int, s string) string {
	if n == 1 {
		return "1 " + s
	}
	return strconv.Itoa(n) + " " + s + "s"
}

// unionFind groups event ids.
type unionFind map[string]string

func (u unionFind) add(x string) {
	if _, ok := u[x]; !ok {
		u[x] = x
	}
}

func (u unionFind) find(x string) string {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

func (u unionFind) union(a, b string) {
	u.add(a)
	u.add(b)
	ra, rb := u.find(a), u.find(b)
	if rb < ra {
		ra, rb = rb, ra
	}
	u[rb] = ra
}

// keys returns every id, sorted.
func (u unionFind) keys() []string {
	ids := make([]string, 0, len(u))
	for id := range u {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// groups returns the groups, each sorted, by their smallest id.
func (u unionFind) groups() [][]string {
	by := map[string][]string{}
	for _, id := range u.keys() {
		r := u.find(id)
		by[r] = append(by[r], id)
	}
	out := make([][]string, 0, len(by))
	for _, g := range by {
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out
}

// neighbourGroup is one store query for the neighbours of seeds.
type neighbourGroup struct {
	q     evident.FusionQuery
	seeds []*report
}

// neighbourGroups groups seeds by event type, first-level region and a
// 1-degree, 31-day cell, each group with the query that covers every
// seed's neighbourhood. Seeds that can match nothing (undated) are left
// out.
func neighbourGroups(seeds []evident.FusionReport) []neighbourGroup {
	type key struct {
		typ, admin1, cc string
		box, region     bool
		lat, lon, month int
	}
	by := map[key]*neighbourGroup{}
	var keys []key
	for _, sd := range seeds {
		q, r, ok := neighbourQuery(sd)
		if !ok {
			continue
		}
		k := key{typ: q.EventType, admin1: q.Admin1, cc: q.CountryCode, region: q.RegionOnly, month: r.day / maxDays}
		if q.BBox != nil {
			k.box = true
			k.lat, k.lon = int(math.Floor(r.ev.Latitude)), int(math.Floor(r.ev.Longitude))
		}
		g := by[k]
		if g == nil {
			q.NoEvidence = true
			g = &neighbourGroup{q: q}
			by[k] = g
			keys = append(keys, k)
		} else {
			if q.From < g.q.From {
				g.q.From = q.From
			}
			if q.To > g.q.To {
				g.q.To = q.To
			}
			if b, gb := q.BBox, g.q.BBox; b != nil && gb != nil {
				gb.MinLon, gb.MaxLon = math.Min(gb.MinLon, b.MinLon), math.Max(gb.MaxLon, b.MaxLon)
				gb.MinLat, gb.MaxLat = math.Min(gb.MinLat, b.MinLat), math.Max(gb.MaxLat, b.MaxLat)
			}
		}
		g.seeds = append(g.seeds, r)
	}
	out := make([]neighbourGroup, len(keys))
	for i, k := range keys {
		out[i] = *by[k]
	}
	return out
}

// prepareOne is prepare for one stored event; nil for a background one.
func prepareOne(r evident.FusionReport) *report {
	reps := prepare([]evident.Event{r.Event}, map[string]Doc{r.Event.DocID: {Outlet: r.Outlet, Published: r.Published}})
	if len(reps) == 0 {
		return nil
	}
	return reps[0]
}

// neighbourQuery is the store query that finds every event near f (and
// more); false when f can match nothing (no date at all).
func neighbourQuery(f evident.FusionReport) (evident.FusionQuery, *report, bool) {
	r := prepareOne(f)
	if r == nil || !r.dated {
		return evident.FusionQuery{}, nil, false
	}
	day := func(d int) string { return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly) }
	q := evident.FusionQuery{EventType: f.Event.EventType, From: day(r.day - maxDays), To: day(r.day + maxDays)}
	e := r.ev
	if hasPoint(e) {
		km := r.km + SearchKm
		dlat := km / 111.0
		dlon := km / (111.0 * math.Max(0.05, math.Cos(e.Latitude*math.Pi/180)))
		q.BBox = &evident.BBox{MinLon: math.Max(-180, e.Longitude-dlon), MaxLon: math.Min(180, e.Longitude+dlon),
			MinLat: math.Max(-90, e.Latitude-dlat), MaxLat: math.Min(90, e.Latitude+dlat)}
	}
	if e.Admin1 != "" && e.CountryCode != "" {
		// A region-level report contains every event of its region; any
		// other is contained only by region-level events.
		q.Admin1, q.CountryCode, q.RegionOnly = e.Admin1, e.CountryCode, e.GeoPrecision != 3
	}
	return q, r, true
}

// linked is the component relation of Update: looser than the matching
// rule (any date window up to maxDays), so that a report that matches an
// incident's canonical record, which mixes its reports' dates and
// places, is linked to one of its reports.
func linked(a, b *report) bool {
	if a.ev.EventType != b.ev.EventType || !a.dated || !b.dated || abs(a.day-b.day) > maxDays {
		return false
	}
	if contains(a.ev, b.ev) || contains(b.ev, a.ev) {
		return true
	}
	return hasPoint(a.ev) && hasPoint(b.ev) && haversine(a.ev.Latitude, a.ev.Longitude, b.ev.Latitude, b.ev.Longitude) <= a.km+b.km+0.1
}
