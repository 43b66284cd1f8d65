// Where an event happened, at the sentence level: the place a trigger
// governs, the document's focus, and the places that never are an
// event's location (an organisation's base, a residence).

package events

import (
	"slices"
	"strings"

	"github.com/evident-org/evident"
)

// geoPrecision is ACLED's geo_precision: 1 the town itself; 2 near a
// town ("south of Mosul", "west Mosul") or a part of a region (a
// district, ADM2); 3 only a region or the country is known.
func geoPrecision(p *evident.Place) int {
	switch {
	case p.IsCountry() || p.FeatureCode == "ADM1" || p.FeatureClass == "L" || p.FeatureClass == "H":
		return 3
	case p.IsRegion() || p.Relative != "":
		return 2
	}
	return 1
}

type governor int

const (
	govNone governor = iota
	govLocative
	govOrigin
)

// governs looks back from token i over skip words and capitalised words
// to the word that governs the place there.
func (w *LocationWords) governs(v *sentenceView, i int) governor {
	for k, steps := i-1, 0; k >= 0 && steps < 8; k, steps = k-1, steps+1 {
		low := strings.ToLower(v.sent.Tokens[k].Text)
		switch {
		case w.locative[low]:
			return govLocative
		case w.origin[low]:
			return govOrigin
		case w.skip[low] || isNumber(low):
		case capitalisedToken(v.sent.Tokens[k].Text):
		default:
			return govNone
		}
	}
	return govNone
}

// strongBreak reports whether a ";", ":" or dash lies between tokens i
// and j.
func strongBreak(v *sentenceView, i, j int) bool {
	toks := v.sent.Tokens
	for k := max(i, 0); k < j && k < len(toks); k++ {
		switch toks[k].Text {
		case ";", ":", "—", "–":
			return true
		}
	}
	return false
}

// insideActor reports whether a place mention lies inside an actor
// mention of the sentence ("the Nineveh Operations Command").
func insideActor(v *sentenceView, m *evident.Mention) bool {
	for _, a := range v.actors {
		if a.Start <= m.Start && m.End <= a.End {
			return true
		}
	}
	return false
}

// focusInfo is the document's most mentioned place, a fallback location,
// and its main country.
type focusInfo struct {
	place   *evident.Mention
	country string
}

func documentFocus(a *evident.Analysis) focusInfo {
	count := map[int64]int{}
	firstSeen := map[int64]*evident.Mention{}
	var order []int64
	for k := range a.Mentions {
		m := &a.Mentions[k]
		if m.Kind != evident.KindPlace || m.Place == nil || !eventPlace(m.Place) || m.Place.IsCountry() {
			continue
		}
		if baseOrResidence(a, m) {
			continue // "the Britain-based Observatory" is no focus of the story
		}
		id := m.Place.GeonameID
		if _, ok := firstSeen[id]; !ok {
			firstSeen[id] = m
			order = append(order, id)
		}
		count[id]++
	}
	var best *evident.Mention
	bestN := 0
	for _, id := range order {
		if count[id] > bestN {
			best, bestN = firstSeen[id], count[id]
		}
	}
	// The main country: the one most place mentions (demonyms and
	// countries included) point into, if it has at least half of them.
	byCC := map[string]int{}
	n := 0
	for k := range a.Mentions {
		m := &a.Mentions[k]
		if m.Kind == evident.KindPlace && m.Place != nil && m.Place.CountryCode != "" && !baseOrResidence(a, m) {
			byCC[m.Place.CountryCode]++
			n++
		}
	}
	cc, ccN := "", 0
	for c, k := range byCC {
		if k > ccN || k == ccN && c < cc {
			cc, ccN = c, k
		}
	}
	if 2*ccN < n {
		cc = ""
	}
	if cc == "" {
		// Demonyms and country names count every side of a war ("Russian
		// aircraft", "Turkey persuaded"); towns and regions tell where the
		// story is: their main country, when it holds two fifths of them.
		byCC, n = map[string]int{}, 0
		for k := range a.Mentions {
			m := &a.Mentions[k]
			if m.Kind == evident.KindPlace && m.Place != nil && m.Place.CountryCode != "" && eventPlace(m.Place) && !m.Place.IsCountry() && !baseOrResidence(a, m) {
				byCC[m.Place.CountryCode]++
				n++
			}
		}
		ccN = 0
		for c, k := range byCC {
			if k > ccN || k == ccN && c < cc {
				cc, ccN = c, k
			}
		}
		if 5*ccN < 2*n || ccN < 2 {
			cc = ""
		}
	}
	if cc != "" && best != nil && best.Place.CountryCode != cc {
		// "Moscow said ..." in a story about a Syrian town: the focus is
		// the most mentioned place of the main country.
		best, bestN = nil, 0
		for _, id := range order {
			if m := firstSeen[id]; m.Place.CountryCode == cc && count[id] > bestN {
				best, bestN = m, count[id]
			}
		}
	}
	return focusInfo{place: best, country: cc}
}

// eventPlace reports whether a place can be where an event happened: not a
// demonym, and not a river or sea (events happen beside them).
func eventPlace(p *evident.Place) bool {
	return !p.Demonym && p.FeatureClass != "H"
}

// location chooses where the event happened: the place nearest the trigger
// in its sentence (a town beats a country), else the nearest in the three
// sentences before, else the document's focus, else a country named or
// implied (demonym) in the sentence.
func (b Build) location(views []sentenceView, v *sentenceView, ti, tj int, focus focusInfo) (*evident.Place, *evident.Mention, bool) {
	pick := func(ms []*evident.Mention, near int, sv *sentenceView) *evident.Mention {
		var best *evident.Mention
		bestD := 1 << 30
		for _, m := range ms {
			if m.Place == nil || !eventPlace(m.Place) || m.Place.IsCountry() {
				continue
			}
			ti := sv.tokenAt(m.Start)
			d := ti - near
			if d < 0 {
				d = -d + 1 // prefer "in Mosul" after the trigger on ties
			}
			// A place governed by "in", "near" ... beats closer ones in
			// the same clause; one after "from" or inside an actor's name
			// ("Nineveh Operations Command") comes last; one across a
			// ";", ":" or dash from the trigger is a list's other item.
			switch gov := b.Lex.Location.governs(sv, ti); {
			case gov == govLocative || sv == v && b.objectOf(v, tj, m):
				// "in Saraqeb", and "hit the town of Saraqeb".
				d -= 20
			case gov == govOrigin:
				d += 1000
			}
			if strongBreak(sv, min(ti, near), max(ti, near)) {
				d += 40
			}
			if insideActor(sv, m) {
				d += 1000
			}
			if why := notWhere(sv, m); why != "" {
				// "the Britain-based Observatory", "who lives in Europe":
				// never where the event happened.
				continue
			}
			if d < bestD {
				best, bestD = m, d
			}
		}
		return best
	}
	// A place outside the document's main country is taken only when the
	// context offers nothing inside it: a lone foreign reading of a local
	// name is more often the resolver's error than the event's place.
	foreign := func(m *evident.Mention) bool {
		return focus.country != "" && m.Place.CountryCode != focus.country
	}
	// "MOSUL, Iraq -- troops stormed police stations in this northern
	// city": the text puts the event in the dateline's city.
	if dl := datelinePlace(views); dl != nil && thisCity(v) {
		return dl.Place, dl, false
	}
	var abroad *evident.Mention
	if m := pick(v.places, ti, v); m != nil {
		if !foreign(m) {
			return m.Place, m, false
		}
		abroad = m
	}
	if abroad != nil {
		for k := v.idx - 1; k >= 0 && k >= v.idx-3; k-- {
			if m := pick(views[k].places, len(views[k].sent.Tokens), &views[k]); m != nil && !foreign(m) {
				return m.Place, m, true
			}
		}
		if focus.place == nil || foreign(focus.place) {
			return abroad.Place, abroad, false
		}
		return focus.place.Place, focus.place, true
	}
	for k := v.idx - 1; k >= 0 && k >= v.idx-3; k-- {
		if m := pick(views[k].places, len(views[k].sent.Tokens), &views[k]); m != nil {
			return m.Place, m, true
		}
	}
	if focus.place != nil {
		return focus.place.Place, focus.place, true
	}
	// A country the sentence names beats one a demonym implies: "an
	// Italian aid worker ... in the southern Philippines".
	// A country the sentence governs ("in eastern Syria") beats one it
	// names otherwise ("US forces").
	for _, m := range v.places {
		if m.Place != nil && m.Place.IsCountry() && !m.Place.Demonym && (m.Place.Relative != "" || b.Lex.Location.governs(v, v.tokenAt(m.Start)) == govLocative) {
			return m.Place, m, false
		}
	}
	for _, demonym := range []bool{false, true} {
		for _, m := range v.places {
			if m.Place != nil && (m.Place.IsCountry() || m.Place.Demonym) && m.Place.Demonym == demonym {
				return m.Place, m, false
			}
		}
	}
	return nil, nil, false
}

// residenceWords govern a place where someone lives or an organisation
// sits, not where an event happened: "who lives in Europe", "based in
// London", "headquartered in Doha".
var residenceWords = setOf("lives", "live", "living", "lived", "based", "headquartered", "resident", "residing", "resides", "hails", "born", "native", "exile", "exiled")

// notWhere says why a place mention is never an event's location: an
// organisation's base ("the Britain-based Observatory", "a New
// York-based group") or a person's residence ("who lives in Europe").
// "" when it may be.
func notWhere(v *sentenceView, m *evident.Mention) string {
	return notWhereIn(v.text, v.sent.Tokens, m)
}

// notWhereIn is notWhere over a document's text and the tokens of the
// mention's sentence.
func notWhereIn(text string, toks []evident.Token, m *evident.Mention) string {
	after := strings.ToLower(text[m.End:min(len(text), m.End+8)])
	if strings.HasPrefix(after, "-based") || strings.HasPrefix(after, "–based") || strings.HasPrefix(after, " based") {
		return "an organisation's base"
	}
	low := func(k int) string { return strings.ToLower(toks[k].Text) }
	k, _ := slices.BinarySearchFunc(toks, m.Start, func(t evident.Token, off int) int { return t.Start - off })
	k--
	for k >= 0 && (low(k) == "in" || low(k) == "the" || low(k) == "from" || low(k) == "of") {
		k--
	}
	if k >= 0 && residenceWords[low(k)] {
		return "a residence or base"
	}
	// "The New York Times said": a newspaper named after a place.
	if j, _ := slices.BinarySearchFunc(toks, m.End, func(t evident.Token, off int) int { return t.Start - off }); j < len(toks) && outletWords[toks[j].Text] {
		return "a newspaper's name"
	}
	// "quoted a source in Hasaka as saying": where a source speaks from.
	if k >= 0 && k+1 < len(toks) && low(k+1) == "in" && sourceNouns[low(k)] {
		return "where a source speaks from"
	}
	return ""
}

// sourceNouns, before "in" and a place, locate who speaks, not the event.
var sourceNouns = setOf("source", "sources", "official", "officials", "correspondent", "correspondents", "reporter", "reporters",
	"spokesman", "spokeswoman", "spokesperson", "journalist", "journalists", "envoy", "diplomat", "diplomats", "analyst", "analysts")

// objectOf reports whether a place is the object of the trigger that ends
// at token tj: "air strikes hit the town of Saraqeb", "shelled Douma".
// Only skip words (articles, "town of") may stand between.
func (b Build) objectOf(v *sentenceView, tj int, m *evident.Mention) bool {
	k := v.tokenAt(m.Start)
	if k < tj || k-tj > 5 {
		return false
	}
	for i := tj; i < k; i++ {
		w := v.lower[i]
		if !b.Lex.Location.skip[w] && !objectVerbs[w] {
			return false
		}
	}
	return true
}

// objectVerbs may stand between an event noun and the place it hit: "air
// strikes hit Saraqeb".
var objectVerbs = setOf("hit", "hits", "struck", "strike", "pounded", "shelled", "bombed", "targeted", "rocked", "attacked", "stormed", "raided", "also", "again")

// baseOrResidence reports whether a place mention names an organisation's
// base or a residence (notWhere): no focus of the story.
func baseOrResidence(a *evident.Analysis, m *evident.Mention) bool {
	return m.Sentence >= 0 && m.Sentence < len(a.Sentences) && notWhereIn(a.Doc.Text, a.Sentences[m.Sentence].Tokens, m) != ""
}

// outletWords, capitalised right after a place name, make it the name of
// a newspaper: "the New York Times", "the Jerusalem Post".
var outletWords = setOf("Times", "Post", "Journal", "Herald", "Tribune", "Gazette", "Telegraph", "Observer", "Chronicle", "Globe",
	"Inquirer", "Courier", "Sentinel", "Examiner", "Dispatch")

// datelinePlace returns the town of a dateline that opens the document
// ("MOSUL, Iraq --", "KABUL (AFP) -"), or nil.
func datelinePlace(views []sentenceView) *evident.Mention {
	if len(views) == 0 {
		return nil
	}
	v := &views[0]
	for _, m := range v.places {
		if m.Place == nil || m.Place.IsCountry() || m.Place.Demonym || v.tokenAt(m.Start) > 1 {
			continue
		}
		rest := strings.TrimLeft(v.text[m.End:min(len(v.text), m.End+4)], " ")
		if strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, ":") {
			return m
		}
	}
	return nil
}

// thisCity reports whether the sentence refers to a town by deixis: "in
// this northern city", "the capital", "the town".
func thisCity(v *sentenceView) bool {
	toks := v.sent.Tokens
	for k := 0; k+1 < len(toks); k++ {
		if low := strings.ToLower(toks[k].Text); low != "this" {
			continue
		}
		for j := k + 1; j < len(toks) && j <= k+3; j++ {
			switch strings.ToLower(toks[j].Text) {
			case "city", "town", "capital", "village":
				return true
			}
		}
	}
	return false
}

// placeLocation is the event location of a gazetteer place, with the
// country's name and ISO numeric code from countries when it is not nil.
func placeLocation(p *evident.Place, countries func(cc string) (string, int)) evident.Location {
	l := evident.Location{CountryCode: p.CountryCode, Country: p.Country, Admin1: p.Admin1, Admin2: p.Admin2,
		Location: p.Name, Latitude: p.Lat, Longitude: p.Lon, GeonameID: p.GeonameID, GeoPrecision: geoPrecision(p)}
	if countries != nil && p.CountryCode != "" {
		name, iso := countries(p.CountryCode)
		l.ISO = iso
		if l.Country == "" {
			l.Country = name
		}
	}
	l.UncertaintyM = evident.UncertaintyRadius(p, l.GeoPrecision, countryArea(p.CountryCode))
	return l
}
