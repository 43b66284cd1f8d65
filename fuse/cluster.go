package fuse

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/evident-org/evident"
)

// cluster is an incident being built: its reports in canonical order and
// the canonical record they agree on.
type cluster struct {
	id        string
	reports   []*report
	decisions []evident.FusionDecision
	docs      map[string]bool
	c         canon
}

// canon is a cluster's canonical record, the one a new report is compared
// with.
type canon struct {
	eventType, subType string
	// day, tp, dated, fromPub: as in report.
	day     int
	tp      int
	dated   bool
	fromPub bool
	// loc is the report that gives the location.
	loc *report
	// actors is the union of the reports' identified actors (normActor);
	// identified is true when a report identifies its actor1.
	actors     []string
	identified bool
}

// Match is the comparison of a report with an incident's canonical
// record.
type Match struct {
	// OK is true when every rule holds.
	OK bool
	// Rule explains: the rules that held, or the first that failed.
	Rule string
	// Km is the distance to the canonical location (-1 unknown), Days the
	// difference to the canonical date (-1 unknown).
	Km   float64
	Days int
	// Score is in [0, 1]: 0.35 for the place (1 - km/limit; 0.5 of it for
	// a place only contained in the other's region), 0.35 for the date
	// (1 - days/(window+1); half for a date from the publication), 0.2
	// for the sub-event type (half for a refinement) and 0.1 for actor1
	// (equal 1, one side unidentified 0.5, otherwise 0.25).
	Score float64
	// stage is how many rules held before the first failure.
	stage int
}

func (c *cluster) add(r *report, d evident.FusionDecision) {
	c.reports = append(c.reports, r)
	c.decisions = append(c.decisions, d)
	c.docs[r.ev.DocID] = true
	c.c = canonical(c.reports)
}

// canonical computes a cluster's canonical record from its reports (in
// canonical order).
func canonical(reps []*report) canon {
	var k canon
	k.eventType = reps[0].ev.EventType
	k.subType = canonicalSubType(reps)
	// Location: the first report (canonical order) of the finest geo
	// precision and smallest radius.
	k.loc = reps[0]
	for _, r := range reps[1:] {
		if cmp.Or(cmp.Compare(gpRank(r.ev.GeoPrecision), gpRank(k.loc.ev.GeoPrecision)), cmp.Compare(r.km, k.loc.km)) < 0 {
			k.loc = r
		}
	}
	// Date: among the dated reports of the finest precision (stated dates
	// before publication dates), the most frequent date, then the earliest.
	best := -1
	count := map[int]int{}
	for _, r := range reps {
		if !r.dated {
			continue
		}
		rk := dateRank(r)
		switch {
		case best < 0 || rk < best:
			best = rk
			clear(count)
			count[r.day] = 1
		case rk == best:
			count[r.day]++
		}
	}
	if best >= 0 {
		day, n := 0, 0
		for d, c := range count {
			if c > n || c == n && d < day {
				day, n = d, c
			}
		}
		k.dated, k.day = true, day
		for _, r := range reps {
			if r.dated && dateRank(r) == best && r.day == day {
				k.tp, k.fromPub = r.tp, r.fromPub
				break
			}
		}
	}
	for _, r := range reps {
		k.identified = k.identified || normActor(r.ev.Actor1) != ""
		for _, a := range r.actors {
			if !slices.Contains(k.actors, a) {
				k.actors = append(k.actors, a)
			}
		}
	}
	slices.Sort(k.actors)
	return k
}

func gpRank(p int) int {
	if p < 1 || p > 3 {
		return 4
	}
	return p
}

// dateRank orders date precisions: a stated day, week, month, then a
// publication date.
func dateRank(r *report) int {
	if r.fromPub {
		return 4
	}
	return r.tp
}

// canonicalSubType is the most refined sub-event type of the reports: of
// the types no other present type refines, the most frequent, then the
// first alphabetically.
func canonicalSubType(reps []*report) string {
	count := map[string]int{}
	for _, r := range reps {
		count[r.ev.SubEventType]++
	}
	best, n := "", 0
	for t, c := range count {
		refinedAway := false
		for u := range count {
			if Refines(u, t) {
				refinedAway = true
			}
		}
		if refinedAway {
			continue
		}
		if c > n || c == n && t < best {
			best, n = t, c
		}
	}
	return best
}

// window is the date window of a report or canonical record of time
// precision tp (0: dated by publication).
func window(tp int, fromPub bool) int {
	if fromPub {
		return UndatedWindow
	}
	return dayWindow[clampTP(tp)]
}

// match applies the matching rule to report r and the cluster's
// canonical record, in order: never two reports of one document; the
// sub-event types equal or one refining the other; the dates within the
// larger window of the two time precisions; the points within the sum of
// the two uncertainty radii, or one's first-level region (geo precision
// 3) containing the other; the actors not disjoint: when both sides
// identify an actor1, their identified actors ({actor1, actor2} of every
// report) share one. An unidentified actor1 is compatible with anything:
// who was hit (civilians, police, soldiers) is how outlets differ most,
// and it alone does not tell two incidents apart.
func (c *cluster) match(r *report) Match {
	k := &c.c
	m := Match{Km: -1, Days: -1}
	var held []string
	rel := typeRelation(r.ev.SubEventType, k.subType)
	// Distances and days are measured first so that a rejection still
	// says how far the report was.
	limit := r.km + k.loc.km
	if hasPoint(r.ev) && hasPoint(k.loc.ev) {
		m.Km = round(haversine(r.ev.Latitude, r.ev.Longitude, k.loc.ev.Latitude, k.loc.ev.Longitude), 1)
	}
	w := max(window(r.tp, r.fromPub), window(k.tp, k.fromPub))
	if r.dated && k.dated {
		m.Days = abs(r.day - k.day)
	}
	m.Score = score(r, k, rel, m.Km, limit, m.Days, w)
	if c.docs[r.ev.DocID] {
		m.Rule = "same document: " + r.ev.DocID + " already reports this incident"
		return m
	}
	m.stage++
	switch rel {
	case "equal":
		held = append(held, "sub-event type equal")
	case "refined":
		held = append(held, sprintf("sub-event types %q and %q: a refinement", r.ev.SubEventType, k.subType))
	default:
		m.Rule = sprintf("sub-event type: %q vs %q", r.ev.SubEventType, k.subType)
		return m
	}
	m.stage++
	switch {
	case !r.dated || !k.dated:
		m.Rule = "date: unknown, and no publication date"
		return m
	case m.Days > w:
		m.Rule = sprintf("date: %d days apart, window %d", m.Days, w)
		return m
	case r.fromPub || k.fromPub:
		held = append(held, sprintf("date within %d days (of a publication date)", w))
	default:
		held = append(held, sprintf("date within %d day(s): %d apart", w, m.Days))
	}
	m.stage++
	switch {
	case m.Km >= 0 && m.Km <= limit:
		held = append(held, sprintf("within %.1f km of %.1f km", m.Km, limit))
	case contains(r.ev, k.loc.ev) || contains(k.loc.ev, r.ev):
		held = append(held, sprintf("admin1 %s contains the other place", r.ev.Admin1))
	case m.Km < 0:
		m.Rule = "location: no coordinates"
		return m
	default:
		m.Rule = sprintf("location: %.1f km apart, limit %.1f km", m.Km, limit)
		return m
	}
	m.stage++
	if normActor(r.ev.Actor1) != "" && k.identified && !intersects(r.actors, k.actors) {
		m.Rule = sprintf("actors: %s disjoint from %s", strings.Join(r.actors, ", "), strings.Join(k.actors, ", "))
		return m
	}
	if normActor(r.ev.Actor1) == "" || !k.identified {
		held = append(held, "actor1 unidentified on one side")
	} else {
		held = append(held, "actors shared")
	}
	m.stage++
	m.OK, m.Rule = true, strings.Join(held, "; ")
	return m
}

// score rates how well r matches k (see Match.Score).
func score(r *report, k *canon, rel string, km, limit float64, days, w int) float64 {
	var loc, date, typ, act float64
	switch {
	case km >= 0 && limit > 0 && km <= limit:
		loc = 1 - km/limit
	case km >= 0 && km <= limit:
		loc = 1
	case contains(r.ev, k.loc.ev) || contains(k.loc.ev, r.ev):
		loc = 0.5
	}
	if days >= 0 && days <= w {
		date = 1 - float64(days)/float64(w+1)
		if r.fromPub || k.fromPub {
			date /= 2
		}
	}
	switch rel {
	case "equal":
		typ = 1
	case "refined":
		typ = 0.5
	}
	a1, b1 := normActor(r.ev.Actor1), normActor(k.loc.ev.Actor1)
	switch {
	case a1 != "" && slices.Contains(k.actors, a1) && (b1 == "" || a1 == b1):
		act = 1
	case a1 == "" || len(k.actors) == 0:
		act = 0.5
	default:
		act = 0.25
	}
	return round(0.35*loc+0.35*date+0.2*typ+0.1*act, 4)
}

// contains reports whether a, located only at first-level region
// precision (geo precision 3), contains b: same country and admin1.
func contains(a, b *evident.Event) bool {
	return a.GeoPrecision == 3 && a.Admin1 != "" && strings.EqualFold(a.Admin1, b.Admin1) &&
		a.CountryCode != "" && strings.EqualFold(a.CountryCode, b.CountryCode)
}

func intersects(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func hasPoint(e *evident.Event) bool { return e.Latitude != 0 || e.Longitude != 0 }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// haversine is the great-circle distance in km.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * 6371.0 * math.Asin(math.Sqrt(min(1, a)))
}
