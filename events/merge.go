// Background mentions are merged by key (they never form document-level
// events), and every event gets a stable id.

package events

import (
	"fmt"
	"slices"

	"github.com/evident-org/evident"
)

// mergeEvents merges events of one document that share a key, or that
// agree on everything but an actor one of them lacks. Evidence and field
// evidence are concatenated; the merged event is not background if any of
// its mentions is not.
func mergeEvents(evs []evident.Event) []evident.Event {
	var out []evident.Event
	for _, e := range evs {
		merged := false
		for i := range out {
			o := &out[i]
			if o.Background != e.Background || !compatible(o, &e) {
				continue
			}
			if o.Actor1 == "" {
				o.Actor1, o.Inter1 = e.Actor1, e.Inter1
			}
			if o.Actor2 == "" {
				o.Actor2, o.Inter2 = e.Actor2, e.Inter2
			}
			o.Interaction = evident.InteractionCode(o.Inter1, o.Inter2)
			o.CivilianTargeting = o.CivilianTargeting || e.CivilianTargeting
			for _, ev := range e.Evidence {
				if !slices.ContainsFunc(o.Evidence, func(x evident.Evidence) bool { return x.Start == ev.Start }) {
					o.Evidence = append(o.Evidence, ev)
				}
			}
			o.Fields = append(o.Fields, e.Fields...)
			for _, tag := range e.Tags {
				if !slices.Contains(o.Tags, tag) {
					o.Tags = append(o.Tags, tag)
				}
			}
			if e.FatalitiesHigh > o.FatalitiesHigh {
				o.FatalitiesHigh = e.FatalitiesHigh
			}
			if e.Injured > o.Injured {
				o.Injured = e.Injured
			}
			merged = true
			break
		}
		if !merged {
			out = append(out, e)
		}
	}
	return out
}

// numberEvents gives each event its id.
func numberEvents(out []evident.Event) []evident.Event {
	// Ids are stable: derived from the document and the event key, with
	// background mentions and the rare key collision (two events that
	// agree on the key but could not merge) numbered in text order.
	seen := map[string]int{}
	for i := range out {
		id := out[i].StableID()
		if out[i].Background {
			id += "-b"
		}
		seen[id]++
		if n := seen[id]; n > 1 {
			id = fmt.Sprintf("%s-%d", id, n)
		}
		out[i].ID = id
	}
	return out
}

func compatible(a, b *evident.Event) bool {
	if a.SubEventType != b.SubEventType || a.Location.Location != b.Location.Location ||
		a.CountryCode != b.CountryCode || a.EventDate != b.EventDate {
		return false
	}
	same := func(x, y string) bool { return x == "" || y == "" || x == y }
	if same(a.Actor1, b.Actor1) && same(a.Actor2, b.Actor2) {
		return true
	}
	// The same clash told again with roles unstated ("people attacking
	// Islamic State" after "IS fighters attacking Iraq's Special
	// Forces"): one side's named actors are among the other's.
	subset := func(x, y *evident.Event) bool {
		n := 0
		for _, act := range []string{x.Actor1, x.Actor2} {
			if act == "" {
				continue
			}
			n++
			if act != y.Actor1 && act != y.Actor2 {
				return false
			}
		}
		return n > 0 && (x.Actor1 == "" || x.Actor2 == "")
	}
	return subset(a, b) || subset(b, a)
}
