package fuse

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/evident-org/evident"
)

// Store is what Update needs of a store.
type Store interface {
	FusionReports(ctx context.Context, q evident.FusionQuery) ([]evident.FusionReport, error)
	ReplaceIncidents(ctx context.Context, eventIDs []string, incidents []evident.Incident) error
}

// Neighbourhood bounds. A report can only join an incident of its event
// type whose canonical date is within the widest date window (31 days,
// month precision) and whose canonical place is within the sum of the two
// uncertainty radii, or in the same first-level region (geo precision 3).
const (
	// MaxNeighbourhood bounds the events one Update fuses together.
	MaxNeighbourhood = 2000
	// MaxHops bounds the closure: how many times the neighbours of the
	// neighbours are looked up. 1: the unfused events' own neighbours and
	// the incidents they are in.
	MaxHops = 1
	// maxDays is the widest date window.
	maxDays = 31
	// SearchKm is the radius of the other event assumed when looking for
	// candidates around a report: the box is the report's own radius plus
	// SearchKm. An event whose own radius is larger (country-level places)
	// is found through its first-level region only.
	SearchKm = 250.0
)

// updateMu serialises Update in a process: two concurrent updates would
// each miss the other's new events.
var updateMu sync.Mutex

// Update fuses the store's unfused events (new documents' events, and the
// remaining reports of incidents whose document was re-extracted) with
// their stored neighbourhood and replaces the affected incidents in one
// transaction. It returns the number of events fused.
//
// The neighbourhood is the closure of the unfused events under "near":
// same event type, dates (or, for an undated event, publication dates) at
// most 31 days apart, points within the sum of the two uncertainty radii
// or one's first-level region (geo precision 3) containing the other; and
// every report of an incident a member of the closure belongs to. Fusing
// that closed set gives the same incidents as fusing every stored event at
// once, whatever the order documents came in, as long as (1) the closure
// stays within MaxNeighbourhood events and (2) no event's radius exceeds
// SearchKm without a first-level region to find it by. Past those bounds
// the result may depend on ingest order (docs/schema.md, "Incidents").
func Update(ctx context.Context, st Store) (int, error) {
	updateMu.Lock()
	defer updateMu.Unlock()
	seeds, err := st.FusionReports(ctx, evident.FusionQuery{Unfused: true, Limit: MaxNeighbourhood, NoEvidence: true})
	if err != nil || len(seeds) == 0 {
		return 0, err
	}
	set := map[string]evident.FusionReport{}
	var frontier []evident.FusionReport
	seenIncident := map[string]bool{}
	add := func(rs []evident.FusionReport) (added []evident.FusionReport) {
		for _, r := range rs {
			if _, ok := set[r.Event.ID]; ok || len(set) >= MaxNeighbourhood {
				continue
			}
			set[r.Event.ID] = r
			added = append(added, r)
		}
		return added
	}
	// members adds every report of the incidents of rs.
	members := func(rs []evident.FusionReport) ([]evident.FusionReport, error) {
		var ids []string
		for _, r := range rs {
			if id := r.Event.IncidentID; id != "" && !seenIncident[id] {
				seenIncident[id] = true
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return nil, nil
		}
		ms, err := st.FusionReports(ctx, evident.FusionQuery{IncidentIDs: ids, NoEvidence: true})
		if err != nil {
			return nil, err
		}
		return add(ms), nil
	}
	frontier = add(seeds)
	for hop := 0; hop < MaxHops && len(frontier) > 0 && len(set) < MaxNeighbourhood; hop++ {
		var next []evident.FusionReport
		for _, f := range frontier {
			q, fr, ok := neighbourQuery(f)
			if !ok {
				continue
			}
			q.NoEvidence = true
			cands, err := st.FusionReports(ctx, q)
			if err != nil {
				return 0, err
			}
			var near []evident.FusionReport
			for _, c := range cands {
				if _, ok := set[c.Event.ID]; ok {
					continue
				}
				if cr := prepareOne(c); cr != nil && isNear(fr, cr) {
					near = append(near, c)
				}
			}
			next = append(next, add(near)...)
		}
		ms, err := members(append(slices.Clone(frontier), next...))
		if err != nil {
			return 0, err
		}
		frontier = append(next, ms...)
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	// The claims need the evidence: read it for the set only.
	events := make([]evident.Event, 0, len(set))
	docs := map[string]Doc{}
	for start := 0; start < len(ids); start += 500 {
		full, err := st.FusionReports(ctx, evident.FusionQuery{EventIDs: ids[start:min(start+500, len(ids))]})
		if err != nil {
			return 0, err
		}
		for _, r := range full {
			events = append(events, r.Event)
			docs[r.Event.DocID] = Doc{Outlet: r.Outlet, Published: r.Published}
		}
	}
	incs := Fuse(events, docs)
	if err := st.ReplaceIncidents(ctx, ids, incs); err != nil {
		return 0, err
	}
	return len(ids), nil
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
		q.Admin1, q.CountryCode = e.Admin1, e.CountryCode
	}
	return q, r, true
}

// isNear is the closure relation of Update: a necessary condition for
// two reports to be in one incident.
func isNear(a, b *report) bool {
	if a.ev.EventType != b.ev.EventType || !a.dated || !b.dated || abs(a.day-b.day) > max(window(a.tp, a.fromPub), window(b.tp, b.fromPub)) {
		return false
	}
	if contains(a.ev, b.ev) || contains(b.ev, a.ev) {
		return true
	}
	return hasPoint(a.ev) && hasPoint(b.ev) && haversine(a.ev.Latitude, a.ev.Longitude, b.ev.Latitude, b.ev.Longitude) <= a.km+b.km+0.1
}
