package fuse

import (
	"context"
	"slices"
	"strings"

	"github.com/evident-org/evident"
)

// Split takes report eventID out of incident incidentID on an analyst's
// behalf (o gives By, TokenID and Note): the report is never again fused
// with the incident's other reports. The override is recorded, and the
// incident's component is re-fused at once. It returns the stored
// override.
func Split(ctx context.Context, st Store, incidentID, eventID string, o evident.IncidentOverride) (evident.IncidentOverride, error) {
	unlock, err := lock(ctx, st)
	if err != nil {
		return o, err
	}
	defer unlock()
	in, err := st.Incident(ctx, incidentID)
	if err != nil {
		return o, err
	}
	var found bool
	var links []evident.FusionLink
	for _, r := range in.Reports {
		if r.EventID == eventID {
			found = true
			continue
		}
		links = append(links, evident.FusionLink{EventA: min(eventID, r.EventID), EventB: max(eventID, r.EventID), Kind: evident.LinkCannot})
	}
	if !found {
		return o, evident.Errorf(evident.EINVALID, "", "event %q is not a report of incident %s", eventID, incidentID)
	}
	if len(in.Reports) == 1 {
		return o, evident.Errorf(evident.EINVALID, "", "event %q is the only report of incident %s: nothing to split it from", eventID, incidentID)
	}
	o.Action, o.Incidents, o.EventID = evident.OverrideSplit, []string{incidentID}, eventID
	o, err = st.Override(ctx, o, links, nil)
	if err != nil {
		return o, err
	}
	seeds, err := st.FusionReports(ctx, evident.FusionQuery{IncidentIDs: []string{incidentID}, NoEvidence: true})
	if err != nil {
		return o, err
	}
	_, err = refuse(ctx, st, seeds, sprintf("override #%d: %s split report %s out (by %s)", o.ID, incidentID, eventID, o.By))
	return o, err
}

// Merge makes incidents ids (at least two, of one event type) one
// incident on an analyst's behalf: every report of the others is tied to
// the first's founding report, and the cannot links between their
// reports (earlier splits) are lifted. The override is recorded and the
// component re-fused at once.
func Merge(ctx context.Context, st Store, ids []string, o evident.IncidentOverride) (evident.IncidentOverride, error) {
	unlock, err := lock(ctx, st)
	if err != nil {
		return o, err
	}
	defer unlock()
	if len(ids) < 2 {
		return o, evident.Errorf(evident.EINVALID, "", "a merge needs at least two incidents, got %d", len(ids))
	}
	var ins []*evident.Incident
	owner := map[string]string{} // event -> incident
	for _, id := range ids {
		if slices.ContainsFunc(ins, func(in *evident.Incident) bool { return in.ID == id }) {
			return o, evident.Errorf(evident.EINVALID, "", "incident %s is named twice", id)
		}
		in, err := st.Incident(ctx, id)
		if err != nil {
			return o, err
		}
		if len(ins) > 0 && in.EventType != ins[0].EventType {
			return o, evident.Errorf(evident.EINVALID, "", "incident %s is a %q incident and %s a %q one: only incidents of one event type merge", ins[0].ID, ins[0].EventType, in.ID, in.EventType)
		}
		ins = append(ins, in)
		for _, r := range in.Reports {
			owner[r.EventID] = id
		}
	}
	founder := ins[0].Reports[0].EventID
	var links []evident.FusionLink
	var events []string
	for _, in := range ins {
		for _, r := range in.Reports {
			events = append(events, r.EventID)
			if in != ins[0] {
				links = append(links, evident.FusionLink{EventA: min(founder, r.EventID), EventB: max(founder, r.EventID), Kind: evident.LinkMust})
			}
		}
	}
	existing, err := st.FusionLinks(ctx, events)
	if err != nil {
		return o, err
	}
	var unlink [][2]string
	for _, l := range existing {
		a, b := owner[l.EventA], owner[l.EventB]
		if l.Kind == evident.LinkCannot && a != "" && b != "" && a != b {
			unlink = append(unlink, [2]string{l.EventA, l.EventB})
		}
	}
	o.Action, o.Incidents, o.EventID = evident.OverrideMerge, slices.Clone(ids), ""
	o, err = st.Override(ctx, o, links, unlink)
	if err != nil {
		return o, err
	}
	seeds, err := st.FusionReports(ctx, evident.FusionQuery{IncidentIDs: ids, NoEvidence: true})
	if err != nil {
		return o, err
	}
	_, err = refuse(ctx, st, seeds, sprintf("override #%d: %s merged (by %s)", o.ID, strings.Join(ids, ", "), o.By))
	return o, err
}
