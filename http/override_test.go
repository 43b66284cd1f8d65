package http

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/fuse"
	"github.com/google/go-cmp/cmp"
)

// putBombing stores one outlet's report of a car bomb in Azaz.
func putBombing(t *testing.T, st evident.Store, doc, outlet string, killed int) string {
	t.Helper()
	text := fmt.Sprintf("A car bomb killed %d people in Azaz on Monday.", killed)
	ev := evident.Event{ID: "ev-" + doc, DocID: doc, EventDate: "2016-03-14", TimePrecision: 1, EventType: "Explosions/Remote violence",
		SubEventType: "Remote explosive/landmine/IED", DisorderType: "Political violence",
		Location:   evident.Location{Country: "Syria", CountryCode: "SY", Admin1: "Aleppo", Location: "Azaz", Latitude: 36.58, Longitude: 37.04, GeoPrecision: 1},
		Casualties: evident.Casualties{Fatalities: killed}, Evidence: []evident.Evidence{{Start: 0, End: len(text), Text: text}}}
	if _, err := st.PutDocument(context.Background(), &evident.Document{ID: doc, Text: text, Outlet: outlet}, []evident.Event{ev}); err != nil {
		t.Fatal(err)
	}
	return ev.ID
}

func incidentOf(t *testing.T, ts *testServer, eventID string) string {
	t.Helper()
	var got struct {
		Event    evident.Event
		Document any
	}
	decode(t, ts.get(t, "/api/v1/events/"+eventID), http.StatusOK, &got)
	return got.Event.IncidentID
}

func TestSplitAndMerge(t *testing.T) {
	ts := newTestServer(t, Config{}, Options{})
	fs := ts.store
	a := putBombing(t, fs, "d-reuters", "Reuters", 20)
	b := putBombing(t, fs, "d-sana", "SANA", 35)
	c := putBombing(t, fs, "d-afp", "AFP", 22)
	if _, err := fuse.Update(t.Context(), fs); err != nil {
		t.Fatal(err)
	}
	in := incidentOf(t, ts, a)
	if in == "" || incidentOf(t, ts, b) != in || incidentOf(t, ts, c) != in {
		t.Fatalf("the three reports are not one incident: %s %s %s", in, incidentOf(t, ts, b), incidentOf(t, ts, c))
	}
	auth := "Bearer " + ts.token

	// Overrides need a token, a known report and a well-formed body.
	apiError(t, ts.do(t, req{method: "POST", target: "/api/v1/incidents/" + in + "/split", body: `{"event_id": "` + b + `"}`}), http.StatusUnauthorized, "unauthorized")
	apiError(t, ts.do(t, req{method: "POST", target: "/api/v1/incidents/" + in + "/split", body: `{"event_id": "ev-nope"}`, auth: auth}), http.StatusBadRequest, "invalid")
	apiError(t, ts.do(t, req{method: "POST", target: "/api/v1/incidents/" + in + "/split", body: `{"event": "x"}`, auth: auth}), http.StatusBadRequest, "invalid")
	apiError(t, ts.do(t, req{method: "POST", target: "/api/v1/incidents/in-nope/split", body: `{"event_id": "` + b + `"}`, auth: auth}), http.StatusNotFound, "not_found")
	apiError(t, ts.do(t, req{method: "POST", target: "/api/v1/incidents/merge", body: `{"incidents": ["` + in + `"]}`, auth: auth}), http.StatusBadRequest, "invalid")

	// Split SANA's report out.
	var ans overrideAnswer
	decode(t, ts.do(t, req{method: "POST", target: "/api/v1/incidents/" + in + "/split", body: `{"event_id": "` + b + `", "note": "another bombing"}`, auth: auth}), http.StatusOK, &ans)
	if ans.Override.ID == 0 || ans.Override.By != "test" || ans.Override.Action != evident.OverrideSplit || ans.Override.Note != "another bombing" || len(ans.Incidents) != 2 {
		t.Fatalf("split answer = %+v; want the override by token test and two incidents", ans)
	}
	split := incidentOf(t, ts, b)
	if split == "" || split == incidentOf(t, ts, a) || incidentOf(t, ts, a) != incidentOf(t, ts, c) {
		t.Fatalf("after the split: a %s, b %s, c %s; want b alone", incidentOf(t, ts, a), split, incidentOf(t, ts, c))
	}

	// Later automatic fusion (a new report, and a full re-fusion) never
	// undoes it.
	d := putBombing(t, fs, "d-ap", "AP", 21)
	if _, err := fuse.Update(t.Context(), fs); err != nil {
		t.Fatal(err)
	}
	if incidentOf(t, ts, b) == incidentOf(t, ts, a) || incidentOf(t, ts, d) != incidentOf(t, ts, a) {
		t.Errorf("after a new report: a %s, b %s, d %s; want b still alone, d with a", incidentOf(t, ts, a), incidentOf(t, ts, b), incidentOf(t, ts, d))
	}
	var detail struct{ Incident evident.Incident }
	decode(t, ts.get(t, "/api/v1/incidents/"+incidentOf(t, ts, a)), http.StatusOK, &detail)
	if len(detail.Incident.Overrides) != 1 || detail.Incident.Overrides[0].ID != ans.Override.ID {
		t.Errorf("incident overrides = %+v; want the split", detail.Incident.Overrides)
	}
	var causes []string
	for _, v := range detail.Incident.Versions {
		causes = append(causes, v.Cause)
	}
	if len(causes) < 2 {
		t.Errorf("versions %q: want the fusion and the split", causes)
	}
	for _, dec := range detail.Incident.Decisions {
		if dec.EventID == b {
			t.Errorf("the split report is a decision of the main incident: %+v", dec)
		}
	}
	var bDetail struct{ Incident evident.Incident }
	decode(t, ts.get(t, "/api/v1/incidents/"+incidentOf(t, ts, b)), http.StatusOK, &bDetail)
	if got := bDetail.Incident.Decisions[0]; got.Action != evident.FusionStarted || got.Rule == "" {
		t.Errorf("split report's decision = %+v; want a start", got)
	}

	// Merge them back: one incident, and the merge also holds.
	main := incidentOf(t, ts, a)
	decode(t, ts.do(t, req{method: "POST", target: "/api/v1/incidents/merge", body: `{"incidents": ["` + main + `", "` + incidentOf(t, ts, b) + `"]}`, auth: auth}), http.StatusOK, &ans)
	if ans.Override.Action != evident.OverrideMerge || len(ans.Incidents) != 1 || len(ans.Incidents[0].Reports) != 4 {
		t.Fatalf("merge answer = %+v; want one incident of four reports", ans)
	}
	if _, err := fuse.Update(t.Context(), fs); err != nil {
		t.Fatal(err)
	}
	got := []string{incidentOf(t, ts, a), incidentOf(t, ts, b), incidentOf(t, ts, c), incidentOf(t, ts, d)}
	if diff := cmp.Diff([]string{got[0], got[0], got[0], got[0]}, got); diff != "" {
		t.Errorf("after the merge, incidents of a, b, c, d (-want +got):\n%s", diff)
	}
}
