// Coordinated places: one event mention per place when a sentence tells
// an attack on "Nagaland and Assam".

package events

import (
	"slices"

	"github.com/evident-org/evident"
)

// coordinated returns one more event mention for each place coordinated
// with the mention's stated location ("bomb blasts rocked Nagaland and
// Assam", "strikes on Douma, Harasta and Arbin"): ACLED codes one event
// per location. The copies keep the mention's figures only as evidence:
// the text gives them for all the places together.
func (b Build) coordinated(v *sentenceView, em evident.EventMention, place *string) (out []evident.EventMention) {
	if em.PlaceFrom != "sentence" && em.PlaceFrom != "ungoverned" || em.Background {
		return nil
	}
	var pm *evident.Mention
	for _, f := range em.Fields {
		if f.Field == "location" {
			for _, m := range v.places {
				if m.Start == f.Start && m.Place != nil {
					pm = m
				}
			}
		}
	}
	if pm == nil || pm.Place.IsCountry() {
		return nil
	}
	seen := map[int64]bool{pm.Place.GeonameID: true}
	defer func() {
		if len(out) > 0 {
			*place = "sentence"
		}
	}()
	prev := pm
	for {
		next := b.nextCoordinated(v, prev)
		if next == nil || seen[next.Place.GeonameID] {
			break
		}
		seen[next.Place.GeonameID] = true
		c := em
		c.Fields = slices.Clone(em.Fields)
		c.Evidence = slices.Clone(em.Evidence)
		c.Tags = slices.Clone(em.Tags)
		c.Fatalities, c.FatalitiesLow, c.FatalitiesHigh, c.Injured = 0, 0, 0, 0
		for i := range c.Fields {
			switch c.Fields[i].Field {
			case "location":
				c.Fields[i] = evident.FieldEvidence{Field: "location", Value: next.Place.Name, Start: next.Start, End: next.End,
					Rule: "coordinated place (one event per location): " + next.Rule, Confidence: next.Confidence}
			case "fatalities", "injured":
				c.Fields[i].Field += "_shared"
				c.Fields[i].Rule += " (given for all the coordinated places)"
			}
		}
		c.Location = b.placeLocation(next.Place)
		// Coordinated places are each where the event happened.
		c.PlaceFrom = "sentence"
		out = append(out, c)
		prev = next
	}
	return out
}

// nextCoordinated returns the place mention joined to m by "and", "or"
// or a comma, of the same kind (populated place or region), or nil.
func (b Build) nextCoordinated(v *sentenceView, m *evident.Mention) *evident.Mention {
	j := v.tokenAt(m.End)
	if j >= len(v.lower) || v.lower[j] != "and" && v.lower[j] != "," && v.lower[j] != "or" {
		return nil
	}
	k := j + 1
	if k < len(v.lower) && v.lower[k] == "and" {
		k++
	}
	for _, o := range v.places {
		if o.Place == nil || v.tokenAt(o.Start) != k || !eventPlace(o.Place) || o.Place.IsCountry() {
			continue
		}
		if (o.Place.FeatureClass == "P") != (m.Place.FeatureClass == "P") || o.Place.CountryCode != m.Place.CountryCode {
			return nil
		}
		return o
	}
	return nil
}

// placeLocation is the event location of a gazetteer place.
func (b Build) placeLocation(p *evident.Place) evident.Location { return placeLocation(p, b.Countries) }
