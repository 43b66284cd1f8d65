package events

import (
	"regexp"
	"slices"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/acled"
	"github.com/evident-org/evident/outlet"
)

// conform makes a document's events keep the record contract
// (evident.Event.Validate) where the earlier steps leave a gap, and says
// so in each event's field evidence:
//
//   - a reportable event without a country or coordinates is background
//     ("not reportable: location unknown"): kept, never exported as a row;
//   - a violent event placed only by the country fallback gets ACLED's
//     unidentified armed group of its country as actor1, a protest or
//     riot its demonstrators;
//   - a figure over evident.MaxEventFatalities is a cumulative toll and
//     a non-violent sub-event has no deaths: the fatalities go to 0;
//   - interaction is recomputed from inter1 and inter2;
//   - the weapon words the triggers left in Tags move to Weapons, and
//     Tags holds ACLED's tags (acledTags);
//   - source names the outlet and source_scale follows from the outlet
//     and the event's country (acled.SourceScale).
//
// It runs before the events are numbered: actor1 is part of the key.
func (d Document) conform(doc *evident.Document, evs []evident.Event) []evident.Event {
	src := outlet.Of(doc)
	for i := range evs {
		ev := &evs[i]
		at := evidenceSpan(ev)
		if ev.Source == "" || doc != nil && ev.Source == doc.Outlet {
			ev.Source = src.Name
		}
		if ev.Source == src.Name {
			ev.SourceScale = acled.SourceScale(src.Country, src.International, src.Local, ev.CountryCode)
		}
		// Document metadata, not text: the spans are empty, as for a
		// publication date from metadata.
		if ev.Source != "" {
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "source", Value: ev.Source,
				Rule: "contract: the document's outlet (outlet field or URL host; outlet/outlets.tsv)", Confidence: 0.9})
		}
		if ev.SourceScale != "" {
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "source_scale", Value: ev.SourceScale,
				Rule: "contract: the outlet's home and reach against the event's country (acled.SourceScale)", Confidence: 0.7})
		}
		if !ev.Background && (ev.CountryCode == "" || ev.ISO == 0 || ev.Latitude == 0 && ev.Longitude == 0) {
			ev.Background = true
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "background", Value: evident.BackgroundUnlocated,
				Start: at.Start, End: at.End, Rule: "contract: a reportable event needs a country and coordinates", Confidence: 0.6})
		}
		if ev.Actor1 == "" && ev.Country != "" && !ev.Background {
			var act evident.Actor
			why := ""
			switch {
			case evident.ViolentEventType(ev.EventType):
				act = evident.Actor{Name: "Unidentified Armed Group", Inter: evident.InterPoliticalMilit, Generic: true}
				why = "contract: a violent event names no perpetrator: ACLED's unidentified armed group of the event's country"
			case ev.EventType == "Protests":
				act = evident.Actor{Name: "Protesters", Inter: evident.InterProtesters, Generic: true}
				why = "contract: a protest names no one: demonstrators of the event's country"
			case ev.EventType == "Riots":
				act = evident.Actor{Name: "Rioters", Inter: evident.InterRioters, Generic: true}
				why = "contract: a riot names no one: rioters of the event's country"
			}
			if why != "" {
				act = d.localise(act, ev.Country)
				if act.Name != ev.Actor2 {
					ev.Actor1, ev.Inter1 = act.Name, act.Inter
					ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor1", Value: act.Name, Start: at.Start, End: at.End, Rule: why, Confidence: 0.5})
				} else {
					// "Unidentified Armed Group" already the target: the
					// same group on both sides reads as one actor.
					ev.Actor1, ev.Inter1, ev.Actor2, ev.Inter2 = ev.Actor2, ev.Inter2, "", 0
					ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "actor1", Value: act.Name, Start: at.Start, End: at.End,
						Rule: why + " (actor2 was that group: it becomes actor1)", Confidence: 0.5})
				}
			}
		}
		// An inter code stays only with its actor.
		if ev.Actor1 == "" {
			ev.Inter1 = 0
		}
		if ev.Actor2 == "" {
			ev.Inter2 = 0
		}
		if ev.Fatalities > evident.MaxEventFatalities || ev.FatalitiesHigh > evident.MaxEventFatalities {
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "fatalities", Value: "0", Start: at.Start, End: at.End,
				Rule: "contract: a figure over one event's toll is cumulative, not this event's", Confidence: 0.5})
			ev.Fatalities, ev.FatalitiesLow, ev.FatalitiesHigh = 0, 0, 0
		}
		if evident.NonViolentSubEvent(ev.SubEventType) && (ev.Fatalities != 0 || ev.FatalitiesLow != 0 || ev.FatalitiesHigh != 0) {
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "fatalities", Value: "0", Start: at.Start, End: at.End,
				Rule: "contract: a non-violent " + ev.SubEventType + " has no fatalities; the deaths belong to another event", Confidence: 0.5})
			ev.Fatalities, ev.FatalitiesLow, ev.FatalitiesHigh = 0, 0, 0
		}
		if ev.FatalitiesHigh > 0 && ev.FatalitiesLow > ev.FatalitiesHigh {
			ev.FatalitiesLow = ev.FatalitiesHigh
		}
		ev.Interaction = evident.InteractionCode(ev.Inter1, ev.Inter2)
		if ev.UncertaintyM == 0 && (ev.Latitude != 0 || ev.Longitude != 0) {
			// A location set without its place: the radius of its
			// precision's kind of place.
			p := evident.Place{Lat: ev.Latitude, Lon: ev.Longitude, FeatureClass: "P", CountryCode: ev.CountryCode}
			switch ev.GeoPrecision {
			case 2:
				p.FeatureClass, p.FeatureCode = "A", "ADM2"
			case 3:
				p.FeatureClass, p.FeatureCode = "A", "ADM1"
			}
			ev.UncertaintyM = evident.UncertaintyRadius(&p, ev.GeoPrecision, countryArea(ev.CountryCode))
		}
		ev.Weapons, ev.Tags = ev.Tags, acledTags(ev)
		for _, tag := range ev.Tags {
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "tags", Value: tag, Start: at.Start, End: at.End,
				Rule: "contract: ACLED's tag for the event's type and victims (acledTags)", Confidence: 0.5})
		}
		if womenTargeted(ev) && ev.AssocActor2 == "" && ev.Country != "" {
			// ACLED codes women as the victims' associated actor.
			ev.AssocActor2 = "Women (" + ev.Country + ")"
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "assoc_actor_2", Value: ev.AssocActor2, Start: at.Start, End: at.End,
				Rule: "contract: the victims are women or girls (ACLED's political violence targeting women)", Confidence: 0.5})
		}
	}
	return evs
}

// evidenceSpan is where a contract repair points: the event's first
// evidence span.
func evidenceSpan(ev *evident.Event) evident.Span {
	if len(ev.Evidence) > 0 {
		return slices.MinFunc(ev.Evidence, func(a, b evident.Evidence) int { return a.Start - b.Start }).Span()
	}
	return evident.Span{}
}

// women and girls, and others, as victims in an event's evidence.
var (
	girlsWord  = regexp.MustCompile(`(?i)\b(girls?|schoolgirls?|daughters?)\b`)
	womenWord  = regexp.MustCompile(`(?i)\b(wom[ae]n|girls?|schoolgirls?|mothers?|wi(fe|ves)|widows?|daughters?)\b`)
	othersWord = regexp.MustCompile(`(?i)\b(m[ae]n|boys?|children|husbands?|sons?|fathers?|soldiers?|fighters?|people|civilians)\b`)
)

// acledTags returns ACLED's tags for an event: "crowd size=no report" on
// a demonstration (Evident reads no crowd figures) and "women targeted:
// girls" where the victims are girls (see womenTargeted).
func acledTags(ev *evident.Event) []string {
	var tags []string
	if ev.EventType == "Protests" || ev.EventType == "Riots" {
		tags = append(tags, "crowd size=no report")
	}
	if womenTargeted(ev) && slices.ContainsFunc(ev.Evidence, func(x evident.Evidence) bool { return girlsWord.MatchString(x.Text) }) {
		tags = append(tags, "women targeted: girls")
	}
	return tags
}

// womenTargeted applies ACLED's rule for political violence targeting
// women: an attack, abduction, sexual violence or mob violence whose
// victims are women or girls, not women among others ("women and
// children", "men and women"). Evident reads it from the evidence: a word
// for women or girls, and none for other victims.
func womenTargeted(ev *evident.Event) bool {
	switch ev.SubEventType {
	case "Attack", "Abduction/forced disappearance", "Sexual violence", "Mob violence":
	default:
		return false
	}
	if ev.Background {
		return false
	}
	women := false
	for _, x := range ev.Evidence {
		if othersWord.MatchString(x.Text) {
			return false
		}
		women = women || womenWord.MatchString(x.Text)
	}
	return women
}
