package acled

import (
	"slices"
	"strings"
)

// Source scales, ACLED's codebook values for where a source reports from
// relative to the event.
const (
	ScaleSubnational   = "Subnational"   // a local outlet in the event's country
	ScaleNational      = "National"      // an outlet of the event's country
	ScaleRegional      = "Regional"      // an outlet of another country of the event's region
	ScaleInternational = "International" // an international outlet, or one from outside the region
)

// SourceScale returns ACLED's source_scale of one outlet for an event in
// country eventCC: outletCC is the outlet's home country ("" unknown),
// international says the outlet reports worldwide (wire services,
// international broadcasters) and local that it serves one town or
// province. An outlet of unknown home gives "".
func SourceScale(outletCC string, international, local bool, eventCC string) string {
	switch {
	case international:
		return ScaleInternational
	case outletCC == "" || eventCC == "":
		return ""
	case strings.EqualFold(outletCC, eventCC):
		if local {
			return ScaleSubnational
		}
		return ScaleNational
	case Region(outletCC) != "" && Region(outletCC) == Region(eventCC):
		return ScaleRegional
	}
	return ScaleInternational
}

// scaleOrder is ACLED's order of scales in a combination, most local
// first: "National-International".
var scaleOrder = []string{ScaleSubnational, ScaleNational, ScaleRegional, ScaleInternational}

// CombineScales joins the distinct scales of several sources ACLED's way,
// most local first: National and International give
// "National-International". Empty and unknown values are left out.
func CombineScales(scales ...string) string {
	var out []string
	for _, s := range scaleOrder {
		if slices.Contains(scales, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, "-")
}
