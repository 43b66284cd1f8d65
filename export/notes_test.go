package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

// noteEvent is a day-precision event in Mosul between two actors.
func noteEvent(sub string) evident.Event {
	return evident.Event{
		EventDate:     "2017-01-31",
		TimePrecision: evident.PrecisionDay,
		SubEventType:  sub,
		Actor1:        "Islamic State",
		Actor2:        "Military Forces of Iraq (2014-)",
		Location:      evident.Location{Country: "Iraq", Admin1: "Nineveh", Location: "Mosul"},
		Modality:      evident.ModalityAsserted,
	}
}

func TestNotesSubEventTypes(t *testing.T) {
	const (
		on = "On 31 January 2017, Islamic State "
		a2 = "Military Forces of Iraq (2014-)"
		in = " in Mosul (Nineveh, Iraq). 0 fatalities reported."
	)
	tests := []struct {
		sub, withActor2, withoutActor2 string
	}{
		{"Armed clash", "clashed with " + a2, "were involved in an armed clash"},
		{"Government regains territory", "regained territory from " + a2, "regained territory"},
		{"Non-state actor overtakes territory", "took control of territory from " + a2, "took control of territory"},
		{"Chemical weapon", "used a chemical weapon against " + a2, "used a chemical weapon"},
		{"Air/drone strike", "carried out an air/drone strike on " + a2, "carried out an air/drone strike"},
		{"Suicide bomb", "carried out a suicide bombing targeting " + a2, "carried out a suicide bombing"},
		{"Shelling/artillery/missile attack", "shelled " + a2, "carried out shelling, artillery or missile fire"},
		{"Remote explosive/landmine/IED", "detonated an explosive device targeting " + a2, "detonated an explosive device"},
		{"Grenade", "threw a grenade at " + a2, "threw a grenade"},
		{"Sexual violence", "committed sexual violence against " + a2, "committed sexual violence"},
		{"Attack", "attacked " + a2, "carried out an attack"},
		{"Abduction/forced disappearance", "abducted " + a2, "abducted people"},
		{"Peaceful protest", "held a peaceful protest directed at " + a2, "held a peaceful protest"},
		{"Protest with intervention", "held a protest that was dispersed by " + a2, "held a protest that was met with intervention"},
		{"Excessive force against protesters", "were met with excessive force by " + a2, "were met with excessive force"},
		{"Violent demonstration", "held a violent demonstration against " + a2, "held a violent demonstration"},
		{"Mob violence", "carried out mob violence against " + a2, "carried out mob violence"},
		{"Agreement", "reached an agreement with " + a2, "reached an agreement"},
		{"Arrests", "arrested " + a2, "made arrests"},
		{"Change to group/activity", "changed group or activity involving " + a2, "changed group or activity"},
		{"Disrupted weapons use", "disrupted weapons use by " + a2, "disrupted weapons use"},
		{"Headquarters or base established", "established a headquarters or base near " + a2, "established a headquarters or base"},
		{"Looting/property destruction", "destroyed property of " + a2, "destroyed property"},
		{"Non-violent transfer of territory", "took over territory from " + a2 + " without fighting", "took over territory without fighting"},
		{"Other", "were involved in an incident with " + a2, "were involved in an incident"},
	}
	if len(tests) != 25 || len(SubEventTypes()) != 25 {
		t.Fatalf("want all 25 ACLED sub-event types, have %d tests and %d types", len(tests), len(SubEventTypes()))
	}
	for i, tt := range tests {
		if SubEventTypes()[i] != tt.sub {
			t.Errorf("SubEventTypes()[%d] = %q, test has %q", i, SubEventTypes()[i], tt.sub)
		}
		t.Run(tt.sub, func(t *testing.T) {
			e := noteEvent(tt.sub)
			if got, want := Notes(&e), on+tt.withActor2+in; got != want {
				t.Errorf("with actor2:\n got %q\nwant %q", got, want)
			}
			e.Actor2 = ""
			if got, want := Notes(&e), on+tt.withoutActor2+in; got != want {
				t.Errorf("without actor2:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestNotesTimePrecision(t *testing.T) {
	const rest = " Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq). 0 fatalities reported."
	tests := []struct {
		name      string
		date      string
		precision int
		want      string
	}{
		{"day", "2017-01-31", evident.PrecisionDay, "On 31 January 2017," + rest},
		{"week", "2017-01-31", evident.PrecisionWeek, "During the week of 31 January 2017," + rest},
		{"month", "2017-01-31", evident.PrecisionMonth, "Around January 2017," + rest},
		{"vaguer than month", "2017-01-31", 4, "Around January 2017," + rest},
		{"unset precision", "2017-01-31", 0, "On 31 January 2017," + rest},
		{"no date", "", evident.PrecisionDay, "Date unknown:" + rest},
		{"no date no precision", "", 0, "Date unknown:" + rest},
		{"unparsed date", "January 2017", evident.PrecisionMonth, "On January 2017," + rest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := noteEvent("Attack")
			e.EventDate, e.TimePrecision = tt.date, tt.precision
			if got := Notes(&e); got != tt.want {
				t.Errorf("\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestNotesDetails(t *testing.T) {
	tests := []struct {
		name string
		edit func(*evident.Event)
		want string
	}{
		{
			"example from the brief",
			func(e *evident.Event) {},
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq). 0 fatalities reported.",
		},
		{
			"reported with attribution",
			func(e *evident.Event) { e.Modality, e.Attribution = evident.ModalityReported, "Iraqi forces" },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq) (reported by Iraqi forces). 0 fatalities reported.",
		},
		{
			"reported without attribution",
			func(e *evident.Event) { e.Modality = evident.ModalityReported },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq). 0 fatalities reported.",
		},
		{
			"claimed",
			func(e *evident.Event) { e.Modality, e.Attribution = evident.ModalityClaimed, "Islamic State" },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq) (claimed by Islamic State). 0 fatalities reported.",
		},
		{
			"asserted ignores attribution",
			func(e *evident.Event) { e.Attribution = "the outlet" },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq). 0 fatalities reported.",
		},
		{
			"alleged",
			func(e *evident.Event) { e.Modality, e.Attribution = evident.ModalityAlleged, "activists" },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq) (alleged by activists). 0 fatalities reported.",
		},
		{
			"uncertain",
			func(e *evident.Event) { e.Modality = evident.ModalityUncertain },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq) (unconfirmed). 0 fatalities reported.",
		},
		{
			"denied",
			func(e *evident.Event) { e.Modality, e.Attribution = evident.ModalityDenied, "the ministry" },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq) (denied by the ministry). 0 fatalities reported.",
		},
		{
			"negated",
			func(e *evident.Event) { e.Modality = evident.ModalityNegated },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq) (reported as not having taken place). 0 fatalities reported.",
		},
		{
			"one fatality",
			func(e *evident.Event) { e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh = 1, 1, 1 },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq). 1 fatality reported.",
		},
		{
			"range and injured",
			func(e *evident.Event) {
				e.Casualties = evident.Casualties{Fatalities: 12, FatalitiesLow: 12, FatalitiesHigh: 20, Injured: 3}
			},
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq). 12 fatalities reported (up to 20). 3 injured.",
		},
		{
			"no actors",
			func(e *evident.Event) { e.Actor1, e.Actor2 = "", "" },
			"On 31 January 2017, Unidentified actors carried out an attack in Mosul (Nineveh, Iraq). 0 fatalities reported.",
		},
		{
			"admin1 equals location",
			func(e *evident.Event) { e.Admin1, e.Location.Location = "Baghdad", "Baghdad" },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Baghdad (Iraq). 0 fatalities reported.",
		},
		{
			"country only",
			func(e *evident.Event) { e.Admin1, e.Location.Location = "", "" },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-) in Iraq. 0 fatalities reported.",
		},
		{
			"no place",
			func(e *evident.Event) { e.Location = evident.Location{} },
			"On 31 January 2017, Islamic State attacked Military Forces of Iraq (2014-). 0 fatalities reported.",
		},
		{
			"unknown sub-event type",
			func(e *evident.Event) { e.SubEventType = "" },
			"On 31 January 2017, Islamic State were involved in an incident with Military Forces of Iraq (2014-) in Mosul (Nineveh, Iraq). 0 fatalities reported.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := noteEvent("Attack")
			tt.edit(&e)
			if got := Notes(&e); got != tt.want {
				t.Errorf("\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestExportersFillNotes checks that writers fill only empty notes.
func TestExportersFillNotes(t *testing.T) {
	empty := noteEvent("Attack")
	set := noteEvent("Attack")
	set.Notes = "Coder's own note."
	var buf bytes.Buffer
	if err := WriteAll(&buf, FormatJSON, []evident.Event{empty, set}); err != nil {
		t.Fatal(err)
	}
	var got []evident.Event
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := []string{Notes(&empty), "Coder's own note."}
	if diff := cmp.Diff(want, []string{got[0].Notes, got[1].Notes}); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

func TestNotesNameTheSource(t *testing.T) {
	e := evident.Event{EventDate: "2017-01-31", TimePrecision: 1, SubEventType: "Attack", Actor1: "Islamic State",
		Location: evident.Location{Location: "Mosul", Admin1: "Nineveh", Country: "Iraq"}, Source: "Reuters"}
	want := "On 31 January 2017, Islamic State carried out an attack in Mosul (Nineveh, Iraq). 0 fatalities reported. Source: Reuters."
	if got := Notes(&e); got != want {
		t.Errorf("Notes = %q, want %q", got, want)
	}
	e.Source = ""
	if got := Notes(&e); strings.Contains(got, "Source") {
		t.Errorf("Notes without a source = %q", got)
	}
}
