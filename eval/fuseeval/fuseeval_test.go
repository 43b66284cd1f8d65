package fuseeval

import (
	"testing"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/eval/eventeval"
)

func ptr[T any](v T) *T { return &v }

func goldEv(id, incident string, fat int, claims ...eventeval.GoldClaim) eventeval.GoldEvent {
	return eventeval.GoldEvent{ID: id, Status: eventeval.StatusRequired, EventType: "Explosions/Remote violence", SubEventType: "Suicide bomb",
		Location:  eventeval.GoldLocation{Name: "Alpha", Country: "SY", Lat: ptr(36.2), Lon: ptr(37.1), GeoPrecision: 1},
		EventDate: ptr("2017-04-15"), TimePrecision: 1, Fatalities: ptr(fat), Incident: incident, Claims: claims}
}

func sysEv(id, doc string, lat float64, fat int, src string) evident.Event {
	return evident.Event{ID: id, DocID: doc, EventDate: "2017-04-15", TimePrecision: 1, EventType: "Explosions/Remote violence",
		SubEventType: "Suicide bomb", Actor1: "Unidentified Armed Group (Syria)",
		Location:   evident.Location{CountryCode: "SY", Country: "Syria", ISO: 760, Location: "Alpha", Latitude: lat, Longitude: 37.1, GeoPrecision: 1, UncertaintyM: 5000},
		Casualties: evident.Casualties{Fatalities: fat}, Attribution: src, Modality: evident.ModalityReported,
		Evidence: []evident.Evidence{{Start: 0, End: 10, Text: "A bombing."}}}
}

func TestScore(t *testing.T) {
	docs := []eventeval.GoldDoc{
		{DocID: "d1", Events: []eventeval.GoldEvent{goldEv("E1", "bomb", 22, eventeval.GoldClaim{Source: "Syrian state TV", Fatalities: ptr(22)})}},
		{DocID: "d2", Events: []eventeval.GoldEvent{goldEv("E1", "bomb", 126, eventeval.GoldClaim{Source: "Syrian Observatory for Human Rights", Fatalities: ptr(126)})}},
		// A different incident at the same place and day that the system
		// wrongly fuses: a spurious link.
		{DocID: "d3", Events: []eventeval.GoldEvent{goldEv("E1", "other", 3, eventeval.GoldClaim{Source: "police", Fatalities: ptr(4)})}},
	}
	evs := [][]evident.Event{
		{sysEv("s1", "d1", 36.2, 22, "Syrian state television")},
		{sysEv("s2", "d2", 36.2, 126, "the UK-based Syrian Observatory for Human Rights")},
		{sysEv("s3", "d3", 36.2, 3, "")},
	}
	r := Score(docs, evs)
	if r.NMatched != 3 || r.NIncidents != 1 {
		t.Fatalf("matched %d, incidents %d", r.NMatched, r.NIncidents)
	}
	// Pairs across documents: (d1,d2) gold and system; (d1,d3), (d2,d3)
	// system only.
	if r.NGoldLinks != 1 || r.NSystemLinks != 3 || r.NCorrectLinks != 1 || r.LinkRecall != 1 || r.LinkPrecision != 0.3333 {
		t.Errorf("links: %+v", r)
	}
	// B-cubed: precision 2/3, 2/3, 1/3; recall 1, 1, 1.
	if r.BCubedPrecision != 0.5556 || r.BCubedRecall != 1 {
		t.Errorf("b-cubed %v %v", r.BCubedPrecision, r.BCubedRecall)
	}
	// Claims: 22 and 126 found with their sources; police's 4 not at all.
	if r.NClaims != 3 || r.NClaimsFound != 2 || r.NClaimsFigure != 2 {
		t.Errorf("claims %d found %d figure %d", r.NClaims, r.NClaimsFound, r.NClaimsFigure)
	}
}

func TestSourcesCompatible(t *testing.T) {
	for _, c := range []struct {
		gold, sys string
		want      bool
	}{
		{"Syrian state television", "district of Aleppo Syrian state television", true},
		{"Syrian state TV", "Syrian state television", true},
		{"Syrian Observatory for Human Rights", "so-called Syrian Observatory for Human Rights", true},
		{"Syrian Observatory for Human Rights", "SOHR", true},
		{"Syrian Coalition", "Syrian state TV", false},
		{"Syrian Observatory for Human Rights", "a monitor", false},
		{"police", "", false},
	} {
		if got := SourcesCompatible(c.gold, c.sys); got != c.want {
			t.Errorf("SourcesCompatible(%q, %q) = %v", c.gold, c.sys, got)
		}
	}
}
