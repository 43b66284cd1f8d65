package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// IncidentStoreUnderTest is what RunIncidents tests.
type IncidentStoreUnderTest interface {
	evident.Store
	evident.IncidentStore
}

// RunIncidents is the conformance suite of evident.IncidentStore: an
// incident written by ReplaceIncidents reads back whole (Incident) and
// listed (Incidents, by its reports' events), its reports' events carry
// its id, replacing it by nothing removes it, and an unknown id is
// ENOTFOUND.
func RunIncidents(t *testing.T, open func(t *testing.T) IncidentStoreUnderTest) {
	ctx := t.Context()
	s := open(t)
	defer s.Close()
	doc := &evident.Document{ID: "inc-doc", Text: "A car bomb killed 20 people in Azaz on Monday.", Outlet: "Reuters"}
	evs := []evident.Event{
		{ID: "ev-a", DocID: "inc-doc", EventDate: "2016-03-14", TimePrecision: 1, EventType: "Explosions/Remote violence",
			SubEventType: "Remote explosive/landmine/IED", Location: evident.Location{Country: "Syria", CountryCode: "SY", Location: "Azaz", Latitude: 36.58, Longitude: 37.04, GeoPrecision: 1},
			Casualties: evident.Casualties{Fatalities: 20}, Evidence: []evident.Evidence{{Start: 0, End: 46, Text: doc.Text}}},
		{ID: "ev-b", DocID: "inc-doc", EventDate: "2016-03-14", EventType: "Battles", Background: true},
	}
	if _, err := s.PutDocument(ctx, doc, evs); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FusionReports(ctx, evident.FusionQuery{Unfused: true}); err != nil || len(got) != 1 || got[0].Event.ID != "ev-a" || got[0].Outlet != "Reuters" {
		t.Fatalf("FusionReports(unfused) = %+v, %v; want ev-a from Reuters", got, err)
	}
	in := evident.Incident{ID: "in-1", EventType: evs[0].EventType, SubEventType: evs[0].SubEventType, EventDate: "2016-03-14", TimePrecision: 1,
		Location: evs[0].Location, Casualties: evident.Casualties{Fatalities: 20, FatalitiesLow: 20, FatalitiesHigh: 20}, FatalitiesFrom: "ev-a",
		Source: "Reuters", SourceScale: "International",
		Reports: []evident.IncidentReport{{EventID: "ev-a", DocID: "inc-doc", Outlet: "Reuters", SubEventType: evs[0].SubEventType, EventDate: "2016-03-14", Location: "Azaz", Fatalities: 20}},
		Claims: []evident.Claim{{Field: evident.ClaimFatalities, Value: "20", Source: "Reuters", Outlet: "Reuters", DocID: "inc-doc", EventID: "ev-a",
			Evidence: evs[0].Evidence[0], Span: &evident.Span{Start: 18, End: 20}, Canonical: true}},
		Decisions: []evident.FusionDecision{{EventID: "ev-a", DocID: "inc-doc", Action: evident.FusionStarted, Incident: "in-1", Rule: "no candidate", Km: -1, Days: -1}},
	}
	in.Component, in.Cause = "co-1", "fused from 1 report: inc-doc (Reuters)"
	if err := s.ReplaceIncidents(ctx, []string{"ev-a"}, []evident.Incident{in}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Incident(ctx, "in-1")
	if err != nil {
		t.Fatal(err)
	}
	history := cmpopts.IgnoreFields(evident.Incident{}, "Versions", "Overrides", "Component", "Cause")
	if diff := cmp.Diff(in, *got, history); diff != "" {
		t.Errorf("Incident (-put +got):\n%s", diff)
	}
	if len(got.Versions) != 1 || got.Versions[0].Version != 1 || got.Versions[0].Cause != in.Cause || got.Versions[0].Record == nil ||
		got.Versions[0].Record.Fatalities != 20 || got.Versions[0].Record.Reports != nil || got.Versions[0].At.IsZero() {
		t.Errorf("Versions = %+v; want version 1 with the cause and the canonical record", got.Versions)
	}
	// The component is stored: the Components query finds the report.
	if got, err := s.FusionReports(ctx, evident.FusionQuery{Components: []string{"co-1"}}); err != nil || len(got) != 1 || got[0].Event.ID != "ev-a" || got[0].Component != "co-1" {
		t.Errorf("FusionReports(component co-1) = %+v, %v; want ev-a", got, err)
	}
	// Rewriting the same record adds no version; a new toll adds one.
	if err := s.ReplaceIncidents(ctx, []string{"ev-a"}, []evident.Incident{in}); err != nil {
		t.Fatal(err)
	}
	raised := in
	raised.Fatalities, raised.FatalitiesHigh, raised.Cause = 22, 22, "1 report joined: x (SANA)"
	if err := s.ReplaceIncidents(ctx, []string{"ev-a"}, []evident.Incident{raised}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Incident(ctx, "in-1"); err != nil || len(got.Versions) != 2 || got.Versions[1].Version != 2 ||
		got.Versions[1].Cause != raised.Cause || got.Versions[1].Record.Fatalities != 22 || got.Versions[0].Record.Fatalities != 20 {
		t.Errorf("after a new toll: %+v, %v; want versions 1 (20) and 2 (22)", got, err)
	}
	if err := s.ReplaceIncidents(ctx, []string{"ev-a"}, []evident.Incident{in}); err != nil {
		t.Fatal(err)
	}
	page, err := s.Incidents(ctx, evident.Query{Countries: []string{"sy"}}, evident.PageRequest{})
	if err != nil || len(page.Incidents) != 1 || page.Incidents[0].ID != "in-1" || len(page.Incidents[0].Reports) != 1 {
		t.Errorf("Incidents = %+v, %v; want in-1 with its report", page, err)
	}
	if page, _ := s.Incidents(ctx, evident.Query{Countries: []string{"IQ"}}, evident.PageRequest{}); len(page.Incidents) != 0 {
		t.Errorf("Incidents(IQ) = %+v; want none", page)
	}
	all, err := s.Events(ctx, evident.EventFilter{WithBackground: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		want := map[string]string{"ev-a": "in-1"}[e.ID]
		if e.IncidentID != want {
			t.Errorf("event %s incident_id %q, want %q", e.ID, e.IncidentID, want)
		}
	}
	if err := s.ReplaceIncidents(ctx, []string{"ev-a"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Incident(ctx, "in-1"); evident.ErrorCode(err) != evident.ENOTFOUND {
		t.Errorf("Incident after removal: %v; want ENOTFOUND", err)
	}
	// Built again, the incident keeps its history, with the dissolution.
	if err := s.ReplaceIncidents(ctx, []string{"ev-a"}, []evident.Incident{in}); err != nil {
		t.Fatal(err)
	}
	got, err = s.Incident(ctx, "in-1")
	if err != nil {
		t.Fatal(err)
	}
	var causes []string
	for _, v := range got.Versions {
		causes = append(causes, fmt.Sprintf("%d %v", v.Version, v.Record != nil))
	}
	if diff := cmp.Diff([]string{"1 true", "2 true", "3 true", "4 false", "5 true"}, causes); diff != "" {
		t.Errorf("versions (number, has record) after removal and rebuild (-want +got):\n%s", diff)
	}

	// A report that is no longer stored (its document was re-extracted
	// while fusion computed) makes the replacement a conflict, and changes
	// nothing.
	stale := in
	stale.Reports = append(slices.Clone(in.Reports), evident.IncidentReport{EventID: "ev-gone", DocID: "gone"})
	if err := s.ReplaceIncidents(ctx, []string{"ev-a"}, []evident.Incident{stale}); evident.ErrorCode(err) != evident.ECONFLICT {
		t.Errorf("ReplaceIncidents with a report not stored: %v; want ECONFLICT", err)
	}
	if got, err := s.Incident(ctx, "in-1"); err != nil || len(got.Reports) != 1 {
		t.Errorf("after the conflict: %+v, %v; want in-1 unchanged", got, err)
	}

	// Unfiltered pages walk every incident by date descending, undated
	// last, then id descending.
	doc2 := &evident.Document{ID: "inc-doc-2", Text: "Shelling hit Azaz and Marea; a clash followed.", Outlet: "AFP"}
	evs2 := []evident.Event{
		{ID: "ev-c", DocID: "inc-doc-2", EventDate: "2016-03-15", EventType: "Battles"},
		{ID: "ev-d", DocID: "inc-doc-2", EventDate: "", EventType: "Battles"},
		{ID: "ev-e", DocID: "inc-doc-2", EventDate: "2016-03-15", EventType: "Protests"},
	}
	if _, err := s.PutDocument(ctx, doc2, evs2); err != nil {
		t.Fatal(err)
	}
	mk := func(id, evID, date string) evident.Incident {
		return evident.Incident{ID: id, EventType: "Battles", EventDate: date, Reports: []evident.IncidentReport{{EventID: evID, DocID: "inc-doc-2"}}}
	}
	if err := s.ReplaceIncidents(ctx, []string{"ev-c", "ev-d", "ev-e"}, []evident.Incident{mk("in-c", "ev-c", "2016-03-15"), mk("in-d", "ev-d", ""), mk("in-e", "ev-e", "2016-03-15")}); err != nil {
		t.Fatal(err)
	}
	var walked []string
	for cursor := ""; ; {
		page, err := s.Incidents(ctx, evident.Query{}, evident.PageRequest{Limit: 1, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range page.Incidents {
			walked = append(walked, in.ID)
		}
		if cursor = page.NextCursor; cursor == "" || len(walked) > 10 {
			break
		}
	}
	if diff := cmp.Diff([]string{"in-e", "in-c", "in-1", "in-d"}, walked); diff != "" {
		t.Errorf("unfiltered incident pages (-want +got):\n%s", diff)
	}
	// Filtered, by the reports' events: ev-c and ev-d are Battles.
	if page, err := s.Incidents(ctx, evident.Query{EventTypes: []string{"Battles"}}, evident.PageRequest{}); err != nil || len(page.Incidents) != 2 ||
		page.Incidents[0].ID != "in-c" || page.Incidents[1].ID != "in-d" {
		t.Errorf("Incidents(Battles) = %+v, %v; want in-c then in-d", page.Incidents, err)
	}

	// Overrides and their links.
	o, err := s.Override(ctx, evident.IncidentOverride{Action: evident.OverrideSplit, Incidents: []string{"in-1"}, EventID: "ev-a", By: "alice", TokenID: "tok-1", Note: "another day"},
		[]evident.FusionLink{{EventA: "ev-z", EventB: "ev-a", Kind: evident.LinkCannot}, {EventA: "ev-a", EventB: "ev-c", Kind: evident.LinkMust}}, nil)
	if err != nil || o.ID == 0 || o.At.IsZero() {
		t.Fatalf("Override = %+v, %v; want an id and a time", o, err)
	}
	links, err := s.FusionLinks(ctx, []string{"ev-a"})
	if err != nil {
		t.Fatal(err)
	}
	wantLinks := []evident.FusionLink{{EventA: "ev-a", EventB: "ev-c", Kind: evident.LinkMust, Override: o.ID, By: "alice", At: o.At},
		{EventA: "ev-a", EventB: "ev-z", Kind: evident.LinkCannot, Override: o.ID, By: "alice", At: o.At}}
	if diff := cmp.Diff(wantLinks, links, cmpopts.EquateApproxTime(time.Second)); diff != "" {
		t.Errorf("FusionLinks (-want +got):\n%s", diff)
	}
	// A later override replaces the link between the same events, and
	// unlink deletes one.
	o2, err := s.Override(ctx, evident.IncidentOverride{Action: evident.OverrideMerge, Incidents: []string{"in-1", "in-2"}, By: "bob"},
		[]evident.FusionLink{{EventA: "ev-a", EventB: "ev-z", Kind: evident.LinkMust}}, [][2]string{{"ev-c", "ev-a"}})
	if err != nil {
		t.Fatal(err)
	}
	links, err = s.FusionLinks(ctx, []string{"ev-z"})
	if err != nil || len(links) != 1 || links[0].Kind != evident.LinkMust || links[0].Override != o2.ID || links[0].By != "bob" {
		t.Errorf("FusionLinks after the merge = %+v, %v; want one must link by bob", links, err)
	}
	if links, _ := s.FusionLinks(ctx, []string{"ev-c"}); len(links) != 0 {
		t.Errorf("unlinked pair still linked: %+v", links)
	}
	if _, err := s.Override(ctx, evident.IncidentOverride{Action: "undo"}, nil, nil); evident.ErrorCode(err) != evident.EINVALID {
		t.Errorf("Override(undo): %v; want EINVALID", err)
	}
	got, err = s.Incident(ctx, "in-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Overrides) != 2 || got.Overrides[0].ID != o.ID || got.Overrides[0].By != "alice" || got.Overrides[0].Note != "another day" ||
		got.Overrides[1].Action != evident.OverrideMerge || !slices.Equal(got.Overrides[1].Incidents, []string{"in-1", "in-2"}) {
		t.Errorf("Incident overrides = %+v; want the split by alice and the merge by bob", got.Overrides)
	}
}
