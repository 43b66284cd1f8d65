package storetest

import (
	"testing"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
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
	if err := s.ReplaceIncidents(ctx, []string{"ev-a"}, []evident.Incident{in}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Incident(ctx, "in-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, *got); diff != "" {
		t.Errorf("Incident (-put +got):\n%s", diff)
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
}
