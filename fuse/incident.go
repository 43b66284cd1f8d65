package fuse

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

// credible reports whether a report's modality makes its toll a
// candidate for the canonical figure: the outlet asserts it or reports a
// source's. A party's claim, an allegation, a denial or a negation counts
// only when no report gives anything else.
func credible(modality string) bool {
	switch modality {
	case "", evident.ModalityAsserted, evident.ModalityReported:
		return true
	}
	return false
}

// incident builds the evident.Incident of a cluster.
func (c *cluster) incident() evident.Incident {
	k := &c.c
	in := evident.Incident{ID: c.id, EventType: k.eventType, SubEventType: k.subType}
	for _, r := range c.reports {
		if r.ev.SubEventType == k.subType {
			in.DisorderType = r.ev.DisorderType
			break
		}
	}
	if k.dated && !k.fromPub {
		in.EventDate = time.Unix(int64(k.day)*86400, 0).UTC().Format(time.DateOnly)
		in.TimePrecision = k.tp
	}
	in.Location = k.loc.ev.Location
	in.Actor1 = pickActor(c.reports, func(e *evident.Event) string { return e.Actor1 })
	in.Actor2 = pickActor(c.reports, func(e *evident.Event) string { return e.Actor2 })

	// Fatalities: the lowest non-zero toll of a credible report, else of
	// any report.
	var from *report
	for _, pass := range []bool{true, false} {
		for _, r := range c.reports {
			if r.ev.Fatalities <= 0 || pass && !credible(r.ev.Modality) {
				continue
			}
			if from == nil || r.ev.Fatalities < from.ev.Fatalities {
				from = r
			}
		}
		if from != nil {
			break
		}
	}
	if from != nil {
		in.Fatalities, in.FatalitiesFrom = from.ev.Fatalities, from.ev.ID
		in.FatalitiesLow, in.FatalitiesHigh = from.ev.Fatalities, from.ev.Fatalities
		for _, r := range c.reports {
			if r.ev.Fatalities > 0 || r.ev.FatalitiesHigh > 0 {
				if r.ev.FatalitiesLow > 0 {
					in.FatalitiesLow = min(in.FatalitiesLow, r.ev.FatalitiesLow)
				}
				in.FatalitiesHigh = max(in.FatalitiesHigh, r.ev.FatalitiesHigh, r.ev.Fatalities)
			}
		}
	}
	for _, r := range c.reports {
		if r.ev.Injured > 0 && (in.Injured == 0 || r.ev.Injured < in.Injured) {
			in.Injured = r.ev.Injured
		}
	}

	var outlets, scales []string
	for _, r := range c.reports {
		if r.outlet != "" && !slices.Contains(outlets, r.outlet) {
			outlets = append(outlets, r.outlet)
		}
		scales = append(scales, r.ev.SourceScale)
		in.Reports = append(in.Reports, evident.IncidentReport{EventID: r.ev.ID, DocID: r.ev.DocID, Outlet: r.outlet, Published: r.pub,
			SubEventType: r.ev.SubEventType, EventDate: r.ev.EventDate, Location: r.ev.Location.Location, Fatalities: r.ev.Fatalities})
		in.Claims = append(in.Claims, claimsOf(r)...)
	}
	slices.Sort(outlets)
	in.Source = strings.Join(outlets, "; ")
	in.SourceScale = combineScales(scales)
	slices.SortStableFunc(in.Claims, func(a, b evident.Claim) int {
		return cmp.Or(cmp.Compare(fieldRank(a.Field), fieldRank(b.Field)), cmp.Compare(a.DocID, b.DocID),
			cmp.Compare(a.EventID, b.EventID), cmp.Compare(a.Evidence.Start, b.Evidence.Start), cmp.Compare(a.Value, b.Value), cmp.Compare(a.Source, b.Source))
	})
	markCanonical(in.Claims, evident.ClaimFatalities, in.FatalitiesFrom, strconv.Itoa(in.Fatalities))
	markCanonical(in.Claims, evident.ClaimActor1, "", in.Actor1)
	in.Decisions = slices.Clone(c.decisions)
	return in
}

// markCanonical flags the first claim of field with value (from event
// eventID, when given) as the one the canonical value came from.
func markCanonical(claims []evident.Claim, field, eventID, value string) {
	if value == "" || value == "0" {
		return
	}
	for _, id := range []string{eventID, ""} {
		for i := range claims {
			if claims[i].Field == field && claims[i].Value == value && (id == "" || claims[i].EventID == id) {
				claims[i].Canonical = true
				return
			}
		}
	}
}

func fieldRank(f string) int {
	switch f {
	case evident.ClaimFatalities:
		return 0
	case evident.ClaimInjured:
		return 1
	case evident.ClaimActor1:
		return 2
	}
	return 3
}

// pickActor chooses an incident's actor: the most frequent identified
// one (ties: alphabetical), else the most frequent unidentified one.
func pickActor(reps []*report, get func(*evident.Event) string) string {
	count := map[string]int{}
	for _, r := range reps {
		if a := get(r.ev); a != "" {
			count[a]++
		}
	}
	best, n, bestGeneric := "", 0, true
	for a, c := range count {
		g := GenericActor(a)
		switch {
		case best == "":
		case g && !bestGeneric:
			continue
		case !g && bestGeneric:
		case c < n || c == n && a > best:
			continue
		}
		best, n, bestGeneric = a, c, g
	}
	return best
}

// according is how the extractor's rules name a figure's source.
const according = "(according to "

// claimsOf lists a report's claims: each toll and injured figure of its
// field evidence (a rule's figure, not the event's summary), attributed to
// the source its rule names or else to the outlet; the event's own
// figures when the field evidence lacks them; its actor1 and modality.
func claimsOf(r *report) []evident.Claim {
	e := r.ev
	base := evident.Claim{Outlet: r.outlet, DocID: e.DocID, EventID: e.ID, Published: r.pub}
	mk := func(field, value, source string, start, end int) evident.Claim {
		c := base
		c.Field, c.Value = field, value
		c.Source, c.Attributed = source, source != ""
		if source == "" {
			c.Source = r.outlet
		}
		c.Evidence = evidenceAt(e, start, end)
		if end > start {
			c.Span = &evident.Span{Start: start, End: end}
		}
		return c
	}
	var out []evident.Claim
	seen := map[string]bool{}
	push := func(c evident.Claim) {
		key := c.Field + "\x1f" + c.Value + "\x1f" + c.Source + "\x1f" + strconv.Itoa(c.Evidence.Start) + "\x1f" + spanKey(c.Span)
		if !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	has := map[string]bool{}
	for _, f := range e.Fields {
		if f.Field != evident.ClaimFatalities && f.Field != evident.ClaimInjured {
			continue
		}
		if strings.HasPrefix(f.Rule, "event:") || strings.HasPrefix(f.Rule, "contract:") {
			continue // a summary of the figures, or a figure the contract dropped
		}
		n, err := strconv.Atoi(strings.TrimSpace(f.Value))
		if err != nil || n <= 0 {
			continue
		}
		src := ""
		if i := strings.LastIndex(f.Rule, according); i >= 0 {
			src = strings.TrimSuffix(strings.TrimSpace(f.Rule[i+len(according):]), ")")
		}
		push(mk(f.Field, f.Value, src, f.Start, f.End))
		has[f.Field+"\x1f"+f.Value] = true
	}
	ev0 := -1 // no figure span: the report's first evidence
	if e.Fatalities > 0 && !has[evident.ClaimFatalities+"\x1f"+strconv.Itoa(e.Fatalities)] {
		push(mk(evident.ClaimFatalities, strconv.Itoa(e.Fatalities), e.Attribution, ev0, ev0))
	}
	if e.Injured > 0 && !has[evident.ClaimInjured+"\x1f"+strconv.Itoa(e.Injured)] {
		push(mk(evident.ClaimInjured, strconv.Itoa(e.Injured), e.Attribution, ev0, ev0))
	}
	if e.Actor1 != "" {
		push(mk(evident.ClaimActor1, e.Actor1, e.Attribution, ev0, ev0))
	}
	if e.Modality != "" {
		push(mk(evident.ClaimModality, e.Modality, e.Attribution, ev0, ev0))
	}
	return out
}

// evidenceAt returns the report's evidence that holds the byte range
// [start, end): the first evidence when none does.
func evidenceAt(e *evident.Event, start, end int) evident.Evidence {
	for _, ev := range e.Evidence {
		if start >= ev.Start && end <= ev.End {
			return ev
		}
	}
	if len(e.Evidence) > 0 {
		return e.Evidence[0]
	}
	return evident.Evidence{}
}

func spanKey(s *evident.Span) string {
	if s == nil {
		return ""
	}
	return strconv.Itoa(s.Start)
}
