package events

import (
	"slices"

	evident "github.com/evident-org/evident"
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
//   - interaction is recomputed from inter1 and inter2.
//
// It runs before the events are numbered: actor1 is part of the key.
func (d Document) conform(evs []evident.Event) []evident.Event {
	for i := range evs {
		ev := &evs[i]
		at := evidenceSpan(ev)
		if !ev.Background && (ev.CountryCode == "" || ev.ISO == 0 || ev.Latitude == 0 && ev.Longitude == 0) {
			ev.Background = true
			ev.Fields = append(ev.Fields, evident.FieldEvidence{Field: "background", Value: "not reportable: location unknown",
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
