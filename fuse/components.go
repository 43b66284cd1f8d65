package fuse

import (
	"cmp"
	"slices"

	"github.com/evident-org/evident"
)

// Components fuses events as Fuse does, component by component: the
// events are split into sets connected by the link relation of Update
// (same event type, dates at most 31 days apart, points within the sum
// of the radii or one's first-level region containing the other), and
// each set is fused on its own. The result equals Fuse's when no report
// matches an incident without being linked to one of its reports (the
// link relation is built to be looser than the matching rule), and the
// cost grows with the components' sizes, not with the square of the
// number of events. Incidents are returned by date, then id.
func Components(events []evident.Event, docs map[string]Doc) []evident.Incident {
	byID := map[string]*evident.Event{}
	for i := range events {
		id := events[i].ID
		if id == "" {
			id = events[i].StableID()
		}
		byID[id] = &events[i]
	}
	var out []evident.Incident
	for _, g := range Partition(events, docs) {
		evs := make([]evident.Event, len(g))
		for i, id := range g {
			evs[i] = *byID[id]
		}
		out = append(out, Fuse(evs, docs)...)
	}
	slices.SortFunc(out, func(a, b evident.Incident) int {
		return cmp.Or(cmp.Compare(a.EventDate, b.EventDate), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Partition splits the non-background events into their components:
// event ids, each group sorted, groups by their smallest id.
// ComponentID(group[0]) is the id Update gives the component.
func Partition(events []evident.Event, docs map[string]Doc) [][]string {
	reps := prepare(events, docs)
	// Sort by event type and day, so that each report is compared only
	// with the reports of its type at most maxDays later.
	order := slices.Clone(reps)
	slices.SortFunc(order, func(a, b *report) int {
		return cmp.Or(cmp.Compare(a.ev.EventType, b.ev.EventType), cmp.Compare(boolInt(!a.dated), boolInt(!b.dated)), cmp.Compare(a.day, b.day), cmp.Compare(a.ev.ID, b.ev.ID))
	})
	uf := unionFind{}
	for i, a := range order {
		uf.add(a.ev.ID)
		if !a.dated {
			continue
		}
		for _, b := range order[i+1:] {
			if b.ev.EventType != a.ev.EventType || !b.dated || b.day-a.day > maxDays {
				break
			}
			if linked(a, b) {
				uf.union(a.ev.ID, b.ev.ID)
			}
		}
	}
	for _, r := range reps {
		uf.add(r.ev.ID)
	}
	return uf.groups()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
