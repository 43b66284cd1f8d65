package evident

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// validEvent is a record that keeps every invariant; each test case
// breaks one.
func validEvent() Event {
	return Event{
		ID: "ev-1", DocID: "d1", EventDate: "2017-01-30", TimePrecision: 1,
		DisorderType: "Political violence", EventType: "Explosions/Remote violence", SubEventType: "Suicide bomb",
		Actor1: "Islamic State (Iraq)", Inter1: InterPoliticalMilit, Actor2: "Civilians (Iraq)", Inter2: InterCivilians,
		Interaction: 37,
		Location: Location{ISO: 368, Country: "Iraq", CountryCode: "IQ", Location: "Baghdad",
			Latitude: 33.34, Longitude: 44.40, GeoPrecision: 1, UncertaintyM: 10300},
		Casualties: Casualties{Fatalities: 12, FatalitiesLow: 12, FatalitiesHigh: 15},
	}
}

func TestValidate(t *testing.T) {
	doc := &Document{ID: "d1", Published: time.Date(2017, 1, 31, 9, 0, 0, 0, time.UTC)}
	tests := []struct {
		name   string
		change func(*Event)
		doc    *Document
		fields []string // fields of the violations, in order; nil: valid
	}{
		{"valid", func(*Event) {}, doc, nil},
		{"valid on the publication day", func(e *Event) { e.EventDate = "2017-01-31" }, doc, nil},
		{"no country", func(e *Event) { e.Country, e.CountryCode, e.ISO = "", "", 0 }, doc, []string{"country"}},
		{"0, 0 for unknown", func(e *Event) { e.Latitude, e.Longitude = 0, 0 }, doc, []string{"latitude"}},
		{"out of range", func(e *Event) { e.Latitude = 91 }, doc, []string{"latitude"}},
		{"background without a place", func(e *Event) {
			e.Background = true
			e.Location = Location{}
		}, doc, nil},
		{"geo precision", func(e *Event) { e.GeoPrecision = 0 }, doc, []string{"geo_precision"}},
		{"time precision", func(e *Event) { e.TimePrecision = 4 }, doc, []string{"time_precision"}},
		{"after publication", func(e *Event) { e.EventDate = "2030-01-01" }, doc, []string{"event_date"}},
		{"not a date", func(e *Event) { e.EventDate = "30/01/2017" }, doc, []string{"event_date"}},
		{"no date in a dated document", func(e *Event) { e.EventDate, e.TimePrecision = "", 0 }, doc, []string{"event_date"}},
		{"no date in an undated document", func(e *Event) { e.EventDate, e.TimePrecision = "", 0 }, &Document{ID: "d2"}, nil},
		{"violent without actor1", func(e *Event) {
			e.Actor1, e.Inter1 = "", 0
			e.Interaction = 0
		}, doc, []string{"actor1"}},
		{"actor2's code as the interaction", func(e *Event) {
			e.EventType, e.SubEventType, e.DisorderType = "Strategic developments", "Looting/property destruction", "Strategic developments"
			e.Actor1, e.Inter1, e.Interaction = "", 0, 70
		}, doc, []string{"interaction"}},
		{"interaction out of order", func(e *Event) { e.Interaction = 73 }, doc, []string{"interaction"}},
		{"inter code without its actor", func(e *Event) { e.Actor2 = "" }, doc, []string{"inter1"}},
		{"cumulative toll", func(e *Event) { e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh = 470000, 470000, 470000 }, doc, []string{"fatalities"}},
		{"low above high", func(e *Event) { e.FatalitiesLow = 20 }, doc, []string{"fatalities_low"}},
		{"negative", func(e *Event) { e.Injured = -1 }, doc, []string{"fatalities"}},
		{"deaths in an agreement", func(e *Event) {
			e.DisorderType, e.EventType, e.SubEventType = "Strategic developments", "Strategic developments", "Agreement"
		}, doc, []string{"fatalities"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validEvent()
			tt.change(&e)
			var fields []string
			for _, v := range e.Validate(tt.doc) {
				fields = append(fields, v.Field)
				if v.Message == "" {
					t.Errorf("violation of %s has no message", v.Field)
				}
			}
			if !slices.Equal(fields, tt.fields) {
				t.Errorf("Validate: fields %q, want %q (%v)", fields, tt.fields, e.Validate(tt.doc))
			}
		})
	}
}

func TestValidateEvents(t *testing.T) {
	doc := &Document{ID: "news/1.txt", Published: time.Date(2017, 1, 31, 0, 0, 0, 0, time.UTC)}
	good := validEvent()
	if err := ValidateEvents(doc, []Event{good, good}); err != nil {
		t.Fatalf("valid events: %v", err)
	}
	bad := validEvent()
	bad.ID, bad.EventDate = "ev-future", "2030-01-01"
	err := ValidateEvents(doc, []Event{good, bad})
	if ErrorCode(err) != EINVALID {
		t.Fatalf("ValidateEvents = %v, want an %s error", err, EINVALID)
	}
	for _, want := range []string{"news/1.txt", "ev-future", "event_date", "2030-01-01", "1 of 2 events"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

func TestInteractionCode(t *testing.T) {
	for _, tt := range []struct{ i1, i2, want int }{
		{0, 0, 0}, {1, 0, 10}, {3, 7, 37}, {7, 3, 37}, {1, 1, 11}, {0, 7, 0},
	} {
		if got := InteractionCode(tt.i1, tt.i2); got != tt.want {
			t.Errorf("InteractionCode(%d, %d) = %d, want %d", tt.i1, tt.i2, got, tt.want)
		}
	}
}

func TestUnlocated(t *testing.T) {
	bg := func(reasons ...string) *Event {
		e := &Event{Background: true}
		for _, r := range reasons {
			e.Fields = append(e.Fields, FieldEvidence{Field: "background", Value: r})
		}
		return e
	}
	for _, tt := range []struct {
		name string
		e    *Event
		want bool
	}{
		{"reportable", &Event{}, false},
		{"unlocated only", bg(BackgroundUnlocated), true},
		{"history as well", bg("historical", BackgroundUnlocated), false},
		{"background without a reason", bg(), false},
	} {
		if got := tt.e.Unlocated(); got != tt.want {
			t.Errorf("%s: Unlocated = %v, want %v", tt.name, got, tt.want)
		}
	}
}
