package evident

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// MaxEventFatalities is the most deaths one record may carry. An ACLED
// record is one event type, place, day and actor pair; a figure above
// this is a cumulative toll ("the war has killed 470,000"), not one
// event's, and the extractor must not code it as one.
const MaxEventFatalities = 2000

// ViolentEventType reports whether an ACLED event type is political
// violence against people: Battles, Explosions/Remote violence and
// Violence against civilians. Such a record always has an actor1, if only
// an unidentified armed group.
func ViolentEventType(eventType string) bool {
	switch eventType {
	case "Battles", "Explosions/Remote violence", "Violence against civilians":
		return true
	}
	return false
}

// NonViolentSubEvent reports whether an ACLED sub-event type involves no
// violence against people, so that its record carries no fatalities:
// agreements, peaceful protests, arrests, bases established, non-violent
// transfers of territory and changes to a group or its activity.
func NonViolentSubEvent(subEventType string) bool {
	switch subEventType {
	case "Agreement", "Peaceful protest", "Arrests", "Headquarters or base established",
		"Non-violent transfer of territory", "Change to group/activity":
		return true
	}
	return false
}

// BackgroundUnlocated is the background reason of an event the record
// contract keeps out of the reportable records only because its place is
// unknown: the text tells an event, but no row can be placed.
const BackgroundUnlocated = "not reportable: location unknown"

// Unlocated reports whether e is background only for want of a place
// (BackgroundUnlocated): an event that happened, as far as the text goes,
// which a classifier of texts counts and an exporter of rows leaves out.
func (e *Event) Unlocated() bool {
	if !e.Background {
		return false
	}
	found := false
	for _, f := range e.Fields {
		if f.Field != "background" {
			continue
		}
		if f.Value != BackgroundUnlocated {
			return false
		}
		found = true
	}
	return found
}

// Violation is one broken invariant of a record: the field and what is
// wrong with it.
type Violation struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (v Violation) String() string { return v.Field + ": " + v.Message }

// Validate returns the invariants of a stored or exported record that e
// breaks; none for a valid record. doc, when not nil, is the event's
// document: no event is dated after its publication. The invariants
// (docs/schema.md, "Record contract"):
//
//   - a reportable (non-background) event has a country, its ISO code and
//     a location with coordinates, never 0, 0 as a stand-in for unknown;
//   - geo_precision is 1, 2 or 3 wherever there is a location, and
//     time_precision 1, 2 or 3 wherever there is a date; a reportable
//     event has a date unless its document has none;
//   - event_date is a YYYY-MM-DD date, never after the publication date;
//   - a reportable violent event (ViolentEventType) has an actor1;
//   - interaction is ACLED's code for inter1 and inter2
//     (InteractionCode): no actor1, no interaction;
//   - fatalities are one event's: 0 ≤ fatalities ≤ MaxEventFatalities,
//     low ≤ high where both are given, and 0 for a non-violent
//     sub-event (NonViolentSubEvent).
func (e *Event) Validate(doc *Document) []Violation {
	var out []Violation
	bad := func(field, format string, args ...any) {
		out = append(out, Violation{field, fmt.Sprintf(format, args...)})
	}
	located := e.Latitude != 0 || e.Longitude != 0
	if !e.Background {
		if e.CountryCode == "" || e.Country == "" || e.ISO == 0 {
			bad("country", "a reportable event needs a country and its ISO code (country %q, code %q, iso %d)", e.Country, e.CountryCode, e.ISO)
		}
		if !located {
			bad("latitude", "a reportable event needs coordinates; 0, 0 is not a stand-in for unknown")
		} else if e.UncertaintyM <= 0 {
			bad("uncertainty_m", "a located event needs an uncertainty radius (got %d)", e.UncertaintyM)
		}
		if ViolentEventType(e.EventType) && e.Actor1 == "" {
			bad("actor1", "a violent event (%s) needs an actor1", e.EventType)
		}
		if e.EventDate == "" && doc != nil && !doc.Published.IsZero() {
			bad("event_date", "a reportable event needs a date when its document has one")
		}
	}
	if math.IsNaN(e.Latitude) || math.IsNaN(e.Longitude) || e.Latitude < -90 || e.Latitude > 90 || e.Longitude < -180 || e.Longitude > 180 {
		bad("latitude", "coordinates %v, %v out of range", e.Latitude, e.Longitude)
	}
	if (located || e.Location.Location != "") && (e.GeoPrecision < 1 || e.GeoPrecision > 3) {
		bad("geo_precision", "%d, want 1, 2 or 3", e.GeoPrecision)
	}
	if e.EventDate != "" {
		if _, err := time.Parse(time.DateOnly, e.EventDate); err != nil {
			bad("event_date", "%q is not a YYYY-MM-DD date", e.EventDate)
		} else if doc != nil && !doc.Published.IsZero() {
			// The publication day in its own zone or in UTC, whichever is
			// later; YYYY-MM-DD strings compare as dates.
			last := max(doc.Published.Format(time.DateOnly), doc.Published.UTC().Format(time.DateOnly))
			if e.EventDate > last {
				bad("event_date", "%s is after the document's publication on %s", e.EventDate, doc.Published.Format(time.DateOnly))
			}
		}
		if e.TimePrecision < 1 || e.TimePrecision > 3 {
			bad("time_precision", "%d, want 1, 2 or 3", e.TimePrecision)
		}
	}
	if want := InteractionCode(e.Inter1, e.Inter2); e.Interaction != want {
		bad("interaction", "%d, but inter1 %d and inter2 %d make %d", e.Interaction, e.Inter1, e.Inter2, want)
	}
	if e.Actor1 == "" && e.Inter1 != 0 || e.Actor2 == "" && e.Inter2 != 0 {
		bad("inter1", "an inter code without its actor (inter1 %d, inter2 %d)", e.Inter1, e.Inter2)
	}
	if e.Fatalities < 0 || e.FatalitiesLow < 0 || e.FatalitiesHigh < 0 || e.Injured < 0 {
		bad("fatalities", "negative figures (%d, %d–%d, injured %d)", e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh, e.Injured)
	}
	if e.Fatalities > MaxEventFatalities || e.FatalitiesHigh > MaxEventFatalities {
		bad("fatalities", "%d (high %d) is over %d: a cumulative toll, not one event's", e.Fatalities, e.FatalitiesHigh, MaxEventFatalities)
	}
	if e.FatalitiesHigh > 0 && e.FatalitiesLow > e.FatalitiesHigh {
		bad("fatalities_low", "low %d above high %d", e.FatalitiesLow, e.FatalitiesHigh)
	}
	if NonViolentSubEvent(e.SubEventType) && (e.Fatalities != 0 || e.FatalitiesLow != 0 || e.FatalitiesHigh != 0) {
		bad("fatalities", "%d for a non-violent %s", e.Fatalities, e.SubEventType)
	}
	return out
}

// ValidateEvents checks every event of a document (Event.Validate) and
// returns nil or an EINVALID *Error that names the document (its input,
// else its id), the first failing events and their violations. Stores call it before they write.
func ValidateEvents(doc *Document, events []Event) error {
	var msgs []string
	n := 0
	for i := range events {
		vs := events[i].Validate(doc)
		if len(vs) == 0 {
			continue
		}
		n++
		if len(msgs) < 3 {
			parts := make([]string, len(vs))
			for k, v := range vs {
				parts[k] = v.String()
			}
			id := events[i].ID
			if id == "" {
				id = fmt.Sprintf("#%d", i)
			}
			msgs = append(msgs, fmt.Sprintf("event %s (%s): %s", id, events[i].SubEventType, strings.Join(parts, "; ")))
		}
	}
	if n == 0 {
		return nil
	}
	input := ""
	if doc != nil {
		input = doc.Input
		if input == "" {
			input = doc.ID
		}
	}
	more := ""
	if n > len(msgs) {
		more = fmt.Sprintf(" (and %d more)", n-len(msgs))
	}
	return Errorf(EINVALID, input, "%d of %d events break the record contract: %s%s", n, len(events), strings.Join(msgs, " | "), more)
}
