package export

import (
	"strconv"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

// SubEventTypes returns ACLED's 25 sub-event types, grouped by event type
// in ACLED's codebook order.
func SubEventTypes() []string {
	return []string{
		// Battles
		"Armed clash", "Government regains territory", "Non-state actor overtakes territory",
		// Explosions/Remote violence
		"Chemical weapon", "Air/drone strike", "Suicide bomb",
		"Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade",
		// Violence against civilians
		"Sexual violence", "Attack", "Abduction/forced disappearance",
		// Protests
		"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
		// Riots
		"Violent demonstration", "Mob violence",
		// Strategic developments
		"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
		"Headquarters or base established", "Looting/property destruction",
		"Non-violent transfer of territory", "Other",
	}
}

// action returns the verb phrase for an ACLED sub-event type, with and
// without a second actor. In with, "%s" marks where actor2 goes.
func action(subEventType string) (with, without string) {
	switch strings.ToLower(strings.TrimSpace(subEventType)) {
	case "armed clash":
		return "clashed with %s", "were involved in an armed clash"
	case "government regains territory":
		return "regained territory from %s", "regained territory"
	case "non-state actor overtakes territory":
		return "took control of territory from %s", "took control of territory"
	case "chemical weapon":
		return "used a chemical weapon against %s", "used a chemical weapon"
	case "air/drone strike":
		return "carried out an air/drone strike on %s", "carried out an air/drone strike"
	case "suicide bomb":
		return "carried out a suicide bombing targeting %s", "carried out a suicide bombing"
	case "shelling/artillery/missile attack":
		return "shelled %s", "carried out shelling, artillery or missile fire"
	case "remote explosive/landmine/ied":
		return "detonated an explosive device targeting %s", "detonated an explosive device"
	case "grenade":
		return "threw a grenade at %s", "threw a grenade"
	case "sexual violence":
		return "committed sexual violence against %s", "committed sexual violence"
	case "attack":
		return "attacked %s", "carried out an attack"
	case "abduction/forced disappearance":
		return "abducted %s", "abducted people"
	case "peaceful protest":
		return "held a peaceful protest directed at %s", "held a peaceful protest"
	case "protest with intervention":
		return "held a protest that was dispersed by %s", "held a protest that was met with intervention"
	case "excessive force against protesters":
		return "were met with excessive force by %s", "were met with excessive force"
	case "violent demonstration":
		return "held a violent demonstration against %s", "held a violent demonstration"
	case "mob violence":
		return "carried out mob violence against %s", "carried out mob violence"
	case "agreement":
		return "reached an agreement with %s", "reached an agreement"
	case "arrests":
		return "arrested %s", "made arrests"
	case "change to group/activity":
		return "changed group or activity involving %s", "changed group or activity"
	case "disrupted weapons use":
		return "disrupted weapons use by %s", "disrupted weapons use"
	case "headquarters or base established":
		return "established a headquarters or base near %s", "established a headquarters or base"
	case "looting/property destruction":
		return "destroyed property of %s", "destroyed property"
	case "non-violent transfer of territory":
		return "took over territory from %s without fighting", "took over territory without fighting"
	case "other":
		return "were involved in an incident with %s", "were involved in an incident"
	}
	return "were involved in an incident with %s", "were involved in an incident"
}

// Notes returns a one-sentence ACLED-style summary of e built from its
// fields, followed by the fatality count, e.g.
//
//	On 31 January 2017, Islamic State attacked Military Forces of Iraq
//	(2014-) in Mosul (Nineveh, Iraq). 0 fatalities reported.
//
// The opening depends on the date: "On 2 January 2006," (day precision),
// "During the week of 2 January 2006," (week), "Around January 2006,"
// (month or vaguer) and "Date unknown:" without a date. Attribution is
// named for reported and claimed events; alleged, uncertain, denied and
// negated events say so. Notes ignores e.Notes; exporters call it only
// when e.Notes is empty.
func Notes(e *evident.Event) string {
	var b strings.Builder
	b.WriteString(datePhrase(e.EventDate, e.TimePrecision))
	b.WriteByte(' ')

	actor1 := strings.TrimSpace(e.Actor1)
	if actor1 == "" {
		actor1 = "Unidentified actors"
	}
	b.WriteString(actor1)
	b.WriteByte(' ')

	with, without := action(e.SubEventType)
	if actor2 := strings.TrimSpace(e.Actor2); actor2 != "" {
		b.WriteString(strings.Replace(with, "%s", actor2, 1))
	} else {
		b.WriteString(without)
	}

	if where := placePhrase(e); where != "" {
		b.WriteString(" in ")
		b.WriteString(where)
	}
	if q := modalityPhrase(e.Modality, strings.TrimSpace(e.Attribution)); q != "" {
		b.WriteString(" (")
		b.WriteString(q)
		b.WriteByte(')')
	}
	b.WriteString(". ")
	b.WriteString(casualtyPhrase(&e.Casualties))
	if src := strings.TrimSpace(e.Source); src != "" {
		b.WriteString(" Source: ")
		b.WriteString(src)
		if !strings.HasSuffix(src, ".") {
			b.WriteByte('.')
		}
	}
	return b.String()
}

// datePhrase opens the note according to the date and its precision.
func datePhrase(date string, precision int) string {
	date = strings.TrimSpace(date)
	if date == "" {
		return "Date unknown:"
	}
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return "On " + date + ","
	}
	switch {
	case precision == evident.PrecisionWeek:
		return "During the week of " + t.Format("2 January 2006") + ","
	case precision >= evident.PrecisionMonth:
		return "Around " + t.Format("January 2006") + ","
	}
	return "On " + t.Format("2 January 2006") + ","
}

// placePhrase is "Location (Admin1, Country)", dropping parts that are
// empty or repeat the location.
func placePhrase(e *evident.Event) string {
	loc := strings.TrimSpace(e.Location.Location)
	var ctx []string
	for _, p := range []string{e.Admin1, e.Country} {
		p = strings.TrimSpace(p)
		if p == "" || strings.EqualFold(p, loc) || (len(ctx) > 0 && strings.EqualFold(p, ctx[len(ctx)-1])) {
			continue
		}
		ctx = append(ctx, p)
	}
	switch {
	case loc == "" && len(ctx) == 0:
		return ""
	case loc == "":
		loc, ctx = ctx[0], ctx[1:]
	}
	if len(ctx) == 0 {
		return loc
	}
	return loc + " (" + strings.Join(ctx, ", ") + ")"
}

// modalityPhrase qualifies events the outlet does not assert itself.
func modalityPhrase(modality, attribution string) string {
	by := ""
	if attribution != "" {
		by = " by " + attribution
	}
	switch modality {
	case evident.ModalityReported:
		if by != "" {
			return "reported" + by
		}
	case evident.ModalityClaimed:
		if by != "" {
			return "claimed" + by
		}
		return "claimed"
	case evident.ModalityAlleged:
		return "alleged" + by
	case evident.ModalityUncertain:
		return "unconfirmed"
	case evident.ModalityDenied:
		return "denied" + by
	case evident.ModalityNegated:
		return "reported as not having taken place"
	}
	return ""
}

// casualtyPhrase states the fatality count (the conservative figure), the
// high estimate when the text supports a higher one, and the injured.
func casualtyPhrase(c *evident.Casualties) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(c.Fatalities))
	if c.Fatalities == 1 {
		b.WriteString(" fatality reported")
	} else {
		b.WriteString(" fatalities reported")
	}
	if c.FatalitiesHigh > c.Fatalities {
		b.WriteString(" (up to ")
		b.WriteString(strconv.Itoa(c.FatalitiesHigh))
		b.WriteByte(')')
	}
	b.WriteByte('.')
	if c.Injured > 0 {
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(c.Injured))
		b.WriteString(" injured.")
	}
	return b.String()
}
