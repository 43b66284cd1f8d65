package geoparse

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unsafe"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// Resolve chooses a gazetteer entry for every place mention that is not
// a demonym. Each candidate gets a score that is a plain sum of features
// (see Weights), and the reasons for the winner are appended to the
// mention's Rule, so "why this Springfield?" has an answer:
//
//   - feature: the feature class and code (countries and first-level
//     divisions first, then capitals, seats, water bodies ...);
//   - population: log10(population+1)/2;
//   - focus: in the document's country focus, the most frequent country
//     among demonyms and resolved mentions;
//   - cooccur: in a country another mention names, or in the same
//     first-level division as another mention ("in Nineveh province");
//   - near: close to the places other mentions resolved to (spatial
//     minimality);
//   - contained: "Springfield, Illinois" and "Mosul, Iraq": the next
//     mention, after a comma, names a division or country containing it;
//   - cue: in the country of "the Iraqi city of X";
//   - with-article: the text has an Arabic article ("al-Hol") and the
//     candidate's names have it too;
//   - bias: in a country or region the caller asked for (Options), or in
//     the outlet's country (its web domain);
//   - region: in the first-level division the document's other names
//     vote for (discourse.go);
//   - home: near the town the outlet's domain names (outlet.go);
//   - contains-previous, state-namesake: the Y of "X, Y" contains X; a
//     town named like a state of its country yields to it (statecue.go).
//   - country-namesake, not-a-town: a town named like a country yields
//     to it; after "the city of" only towns; "X in Y" is containment
//     like "X, Y", and a name the gazetteer lacks before ", Y" or "in Y"
//     lies at Y (fallback=container); names of a list that ends in
//     "counties" are counties (namesake.go).
//
// Resolution runs twice: the first pass uses only unambiguous context,
// the second the first pass's choices. One sense per document: every
// mention with the same normalised text gets the same entry, scored with
// the cues of all of them.
type Resolve struct {
	Gaz *gazetteer.Gazetteer
	// Lex is the context lexicon; nil means DefaultLexicon().
	Lex *Lexicon
	// Options are the user's control knobs; the zero value is neutral.
	Options Options
	// Weights of the features; the zero value means DefaultWeights().
	Weights *Weights
	// Cache, when set, remembers candidate lookups across documents; it
	// may be shared with Recognise. Default: nil, no cache.
	Cache *ProbeCache
}

// Options bias or restrict resolution.
type Options struct {
	// Countries are ISO alpha-2 codes whose candidates get Weights.Bias.
	// Default: none.
	Countries []string
	// Admin1 are first-level divisions whose candidates get Weights.Bias,
	// as "CC.A1" GeoNames codes ("IQ.15") or names ("Nineveh"). Default:
	// none.
	Admin1 []string
	// FeatureClasses restricts candidates to these GeoNames feature
	// classes ("P" populated places, "A" countries and divisions, "H"
	// water, "L" areas, "T" terrain, "S" spots ...). Default: all.
	FeatureClasses string
	// Alternatives is how many runner-up candidates each place keeps.
	// Default (0): 3. Negative: none.
	Alternatives int
	// NoLocale turns off the outlet-country bias and the outlet's home
	// place (outlet.go). Default: on.
	NoLocale bool
}

// Weights are the resolver's feature weights. The defaults were set by
// hand from general knowledge of news geography. Weights fitted on
// GeoWebNews with eval/geoeval/internal/tune gained 1 point there but lost
// 0.6 on TR-News and 3 on LGL (held out), so the defaults stay hand-set;
// see docs/eval.md.
type Weights struct {
	Focus, CooccurCountry, CooccurAdmin1 float64
	Near100, Near500                     float64
	Contained, Cue, WithArticle          float64
	Bias, Locale                         float64
	// NameMatch favours candidates whose preferred name is the text
	// over those that only have it as an alternate (often historic)
	// name: "Salisbury" is not Harare.
	NameMatch float64
	// Contains favours a country or region that contains the places
	// other mentions resolved to.
	Contains float64
	// Acronym is taken from a town whose name an all-capital acronym
	// merely spells ("EU" is not Eu, France).
	Acronym float64
	// RegionVote favours candidates in the first-level division that
	// the document's other names point to (discourse.go).
	RegionVote float64
	// StateNamesake is taken from a town named like a first-level
	// division of its country ("Oregon", Illinois; statecue.go).
	StateNamesake float64
	// Home favours places within 50 km of the outlet's home (half up
	// to 150 km), HomeAdmin1 those in its division (outlet.go).
	Home, HomeAdmin1 float64
	// CountryNamesake is taken from a town named like a country among
	// its candidates ("China", Texas); CityOf from the candidates that
	// are no populated place after "the city of" (namesake.go).
	CountryNamesake, CityOf float64
	// CountyPair favours a town whose county another name may be, and
	// a county that holds a town another name may be (county.go).
	CountyPair float64
	// TownPair favours a town in a county that holds a town another
	// name may be (county.go).
	TownPair float64
	// TheArea favours water bodies, areas and terrain after "the"
	// ("the Atlantic") and is taken from the towns of the name
	// (namesake.go).
	TheArea float64

	// Feature priors: countries, capitals (PPLC), first-level regions
	// (ADM1), their seats (PPLA), water bodies and areas (H, L),
	// districts and their seats (ADM2, PPLA2), lower seats (PPLA3/4)
	// and other places; Population multiplies log10(population+1).
	Country, Capital, Region, Seat, Area, District, Minor, Other float64
	Population                                                   float64
}

// DefaultWeights returns the default feature weights.
func DefaultWeights() *Weights {
	return &Weights{
		Focus: 3, CooccurCountry: 1, CooccurAdmin1: 1.5,
		Near100: 1.5, Near500: 0.75,
		Contained: 6, Cue: 5, WithArticle: 2,
		Bias: 4, Locale: 1, NameMatch: 1.5, Contains: 1.5, Acronym: 3,
		RegionVote: 6, StateNamesake: 3, Home: 4, HomeAdmin1: 1,
		CountryNamesake: 3, CityOf: 5, TheArea: 5, CountyPair: 4, TownPair: 1.5,
		Country: 5, Capital: 4, Region: 5, Seat: 3, Area: 5.5, District: 2, Minor: 1, Other: 0.5,
		Population: 0.5,
	}
}

// Name implements evident.Stage.
func (Resolve) Name() string { return "geoparse.resolve" }

// featureScore ranks a feature class/code.
func (w *Weights) featureScore(e *gazetteer.Entry) float64 {
	switch {
	case e.IsCountry():
		return w.Country
	case e.FeatureCode == "PPLC":
		return w.Capital
	case e.FeatureCode == "ADM1":
		return w.Region
	case e.FeatureClass == "P" && e.Population >= 1000000:
		// A metropolis is read as the city, not its region: "New York";
		// a seat of a million is a metropolis too (Edmonton, Alberta).
		return max(w.Capital, w.Seat)
	case e.FeatureCode == "PPLA":
		return w.Seat
	case e.FeatureClass == "H" || e.FeatureClass == "L":
		return w.Area
	case e.FeatureCode == "PPLA2" || e.FeatureCode == "ADM2":
		return w.District
	case e.FeatureCode == "PPLA3" || e.FeatureCode == "PPLA4":
		return w.Minor
	}
	return w.Other
}

// prior is a candidate's score without document context: its feature
// and log10(population+1) times Weights.Population.
func (w *Weights) prior(e *gazetteer.Entry) float64 {
	return w.featureScore(e) + w.Population*math.Log10(float64(e.Population)+1)
}

var defaultWeights = DefaultWeights()

// prior is a candidate's score under the default weights.
func prior(e *gazetteer.Entry) float64 { return defaultWeights.prior(e) }

type group struct {
	key      string
	mentions []int
	cands    []gazetteer.Entry
	exact    []bool // candidates indexed under key itself, not only under key without its article
	cueCC    map[string]bool
	// within holds the "CC" and "CC.A1" of divisions and countries that a
	// following ", Illinois" names.
	within map[string]bool
	// uniqCC and uniqA1 are the country and "CC.A1" of a group whose
	// candidates all lie there; they support other groups, not their own.
	uniqCC, uniqA1 string
	chosen         int // index into cands after a pass; -1 before
	// nameMatch caches nameMatches per candidate: 0 unknown, 1 no, 2 yes.
	nameMatch []uint8
	// acronym is true for an all-capital name of two to four letters
	// ("EU", "SA"): it does not name a town spelled as a word ("Eu").
	acronym bool
	// fallback says how candidates were found for a name the gazetteer
	// lacks: "generic" (without "County", "Republic of" ...), "part"
	// (a name inside it: "Colorado" in "Colorado State University") or
	// "focus" (the document's main place). "" for a direct match.
	fallback string
	// votes are the group's shares of the region vote (discourse.go).
	votes []regionShare
	// home marks an outlet's home group (outlet.go): no mentions.
	home bool
	// contains holds the "CC" and "CC.A1" of the candidates of the
	// place before ", <this>" (statecue.go).
	contains map[string]bool
	// capitalCC caches the country of a national capital of the
	// group's name: "" unknown, "-" none (regionBonus).
	capitalCC string
	// countryCand and areaCand cache whether a candidate is a country,
	// or a water body, area or terrain: 0 unknown, 1 no, 2 yes
	// (namesake.go).
	countryCand, areaCand uint8
	// town is set when a mention reads "the city of X", article when
	// one follows "the" (namesake.go).
	town, article bool
	// container is the group of Y in "X, Y" or "X in Y" (namesake.go).
	container *group
	// outletName is set when the outlet's domain names the group's name
	// (jordannews.com): a local paper's town is no country namesake.
	outletName bool
	// possessive is set when the container is the X of "X's Y".
	possessive bool
	// countyPair marks the candidates that pair with another group's
	// county or town (county.go); nil for none.
	countyPair, townPair []bool
}

// context is what the other mentions of a document say.
type docContext struct {
	countries map[string]int // country -> mentions supporting it
	admin1    map[string]int // "CC.A1" -> groups supporting it
	firstSeen map[string]int
	focus     string
	points    []point // chosen places of groups, for spatial minimality
	region    *regionVotes
	home      *gazetteer.Entry // the outlet's home (outlet.go)
	// homeSupported is set when the home lies in the outlet's country
	// or the document's focus country of the first pass.
	homeSupported bool
}

type point struct {
	lat, lon float64
	group    *group
}

// Process implements evident.Stage.
func (r Resolve) Process(ctx context.Context, a *evident.Analysis) error {
	if r.Gaz == nil {
		return errors.New("geoparse: Resolve has no gazetteer")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	lx := r.Lex
	if lx == nil {
		lx = DefaultLexicon()
	}
	w := r.Weights
	if w == nil {
		w = DefaultWeights()
	}
	bias := r.biasSet()
	locale := ""
	if !r.Options.NoLocale {
		locale = OutletCountry(a.Doc)
	}

	var groups []*group
	byKey := map[string]*group{}
	groupOf := make([]*group, len(a.Mentions)) // mention index -> its group
	var demonyms []int
	var beforeBuf [2]string
	for i := range a.Mentions {
		m := &a.Mentions[i]
		if m.Kind != evident.KindPlace || m.Place == nil {
			continue
		}
		if m.Place.Demonym {
			if m.Place.CountryCode != "" {
				demonyms = append(demonyms, i)
			}
			continue
		}
		k := gazetteer.Normalize(m.Text)
		fixed := strings.HasPrefix(m.Rule, "gazetteer:region-abbrev") && m.Place.GeonameID != 0
		before := wordsBefore(beforeBuf[:0], a.Doc.Text, m.Start, 2) // namesake.go
		if fixed {
			// "Ky." after "Paris,": the recogniser already chose the
			// region; keep it.
			k = fmt.Sprintf("id:%d", m.Place.GeonameID)
		}
		if !fixed {
			if gen := countyListGeneric(a.Doc.Text, m); gen != "" {
				// "Becker, Clay and Douglas counties": namesake.go.
				ck := "county:" + k
				if byKey[ck] == nil {
					if cg := r.countyGroup(k, gen); cg != nil {
						byKey[ck] = cg
						groups = append(groups, cg)
					}
				}
				if byKey[ck] != nil {
					k = ck
				}
			}
		}
		if !fixed && !strings.HasPrefix(k, "county:") && (readsAsState(a.Doc.Text, m) ||
			regionPartBefore(before) && !cityReading(r.Cache.lookup(r.Gaz, m.Text))) {
			// "Washington state", "upstate New York": statecue.go.
			sk := "state:" + k
			if byKey[sk] == nil {
				if sg := r.stateGroup(k, m.Text); sg != nil {
					byKey[sk] = sg
					groups = append(groups, sg)
				}
			}
			if byKey[sk] != nil {
				k = sk
			}
		}
		g := byKey[k]
		if g == nil {
			if fixed {
				g = r.fixedGroup(k, m.Place)
			} else {
				g = r.newGroup(k, m.Text, lx)
				g.acronym = allCaps(m.Text) && countLetters(m.Text) <= 4
			}
			byKey[k] = g
			groups = append(groups, g)
		}
		groupOf[i] = g
		g.mentions = append(g.mentions, i)
		if !fixed && townBefore(before) {
			g.town = true
		}
		if !fixed && theBefore(before) {
			g.article = true
		}
		if cc := cityOfCue(r.Gaz, lx, a, m); cc != "" {
			if g.cueCC == nil {
				g.cueCC = map[string]bool{}
			}
			g.cueCC[cc] = true
		}
	}
	containment(a, groupOf)
	markCountyPairs(groups) // county.go
	if w.TownPair != 0 {
		markTownPairs(groups)
	}
	var homes []*group
	if !r.Options.NoLocale {
		homes = r.homeGroups(a.Doc, locale)
	}
	region := castRegionVotes(groups, w)
	for _, h := range homes {
		// The mentions of the home's own name do not choose it.
		if g := byKey[h.key]; g != nil {
			h.votes = g.votes
			g.outletName = true // no country namesake: namesake.go
		}
	}

	// Pass 1: unambiguous context only.
	dc := newContext()
	for _, i := range demonyms {
		dc.note(a.Mentions[i].Place.CountryCode, i, 1)
	}
	for _, g := range groups {
		if g.uniqCC != "" {
			for _, mi := range g.mentions {
				dc.note(g.uniqCC, mi, 1)
			}
			if g.uniqA1 != "" {
				dc.admin1[g.uniqA1]++
			}
		}
	}
	dc.setFocus()
	dc.region = &region
	var scratch []scoredCand // reused by every rank call
	// The outlet's home is chosen in the unambiguous context: the
	// document's own mentions of the name must not choose it.
	var home *gazetteer.Entry
	home, scratch = r.chooseHome(homes, dc, w, bias, locale, scratch)
	if home != nil && home.IsCountry() && locale == "" {
		locale = home.CountryCode // timesofoman.com
	}
	dc.home = home
	// The home is supported when the domain's country or the document's
	// unambiguous names chose its country.
	supported := home != nil && (locale != "" && home.CountryCode == locale || dc.focus != "" && home.CountryCode == dc.focus)
	dc.homeSupported = supported
	for _, g := range groups {
		g.chosen, scratch = r.rank(g, dc, w, bias, locale, scratch, false)
	}

	// Pass 2: the first pass's choices are the context.
	dc = newContext()
	for _, i := range demonyms {
		dc.note(a.Mentions[i].Place.CountryCode, i, 1)
	}
	for _, g := range groups {
		if g.chosen < 0 || weakOnly(g.cands) {
			continue // a lone village is no context (namesake.go)
		}
		c := &g.cands[g.chosen]
		for _, mi := range g.mentions {
			dc.note(c.CountryCode, mi, 1)
		}
		if c.Admin1Code != "" && !c.IsCountry() {
			dc.admin1[c.CountryCode+"."+c.Admin1Code]++
		}
		if !c.IsCountry() && c.FeatureCode != "ADM1" && c.FeatureClass != "H" && c.FeatureClass != "L" {
			dc.points = append(dc.points, point{c.Lat, c.Lon, g})
		}
	}
	dc.setFocus()
	dc.region = &region
	dc.home, dc.homeSupported = home, supported
	focusEntry, hasFocus := r.focusEntry(groups, dc)
	var contained []*group
	for _, g := range groups {
		if g.container != nil && (g.fallback == "part" || len(g.cands) == 0 || g.possessive) {
			contained = append(contained, g) // after its container: namesake.go
			continue
		}
		r.finish(a, g, dc, w, bias, locale, focusEntry, hasFocus, &scratch)
	}
	for _, g := range contained {
		if g.fallback == "part" || len(g.cands) == 0 || g.farFromContainer() {
			g.adoptContainer()
		}
		r.finish(a, g, dc, w, bias, locale, focusEntry, hasFocus, &scratch)
	}
	return nil
}

// finish ranks group g in the second pass, with the focus fallback for a
// name without candidates, and writes its choice into its mentions.
func (r Resolve) finish(a *evident.Analysis, g *group, dc *docContext, w *Weights, bias map[string]bool, locale string, focusEntry gazetteer.Entry, hasFocus bool, scratch *[]scoredCand) {
	if g.fallback == "part" {
		g.cands, g.chosen = supportedParts(g, dc, locale), -1 // fallback.go
	}
	if len(g.cands) == 0 && hasFocus && g.fallback != "restricted" {
		g.cands, g.fallback = []gazetteer.Entry{focusEntry}, "focus"
	}
	if len(g.cands) == 0 {
		r.unresolved(a, g)
		return
	}
	g.chosen, *scratch = r.rank(g, dc, w, bias, locale, *scratch, true)
	if g.chosen < 0 {
		r.unresolved(a, g)
		return
	}
	r.apply(a, g, *scratch)
}

func newContext() *docContext {
	return &docContext{countries: map[string]int{}, admin1: map[string]int{}, firstSeen: map[string]int{}}
}

func (dc *docContext) note(cc string, at, n int) {
	if cc == "" {
		return
	}
	dc.countries[cc] += n
	if _, ok := dc.firstSeen[cc]; !ok {
		dc.firstSeen[cc] = at
	}
}

func (dc *docContext) setFocus() {
	best := 0
	for cc, n := range dc.countries {
		if n > best || n == best && dc.firstSeen[cc] < dc.firstSeen[dc.focus] {
			dc.focus, best = cc, n
		}
	}
}

func (r Resolve) newGroup(k, text string, lx *Lexicon) *group {
	g := &group{key: k, chosen: -1}
	raw := r.Cache.lookup(r.Gaz, text)
	if len(raw) == 0 {
		// "Ft. Worth": the recogniser's abbreviations, spelled out.
		if x := (&matcher{gaz: r.Gaz, lx: lx}).expand(k); x != k {
			raw = r.Gaz.LookupKey(x)
		}
	}
	cands := r.restrict(raw)
	if sf := r.shortFormCands(strings.TrimSpace(text), cands); len(sf) > len(cands) || regionDemonyms[strings.TrimSpace(text)] != nil && len(sf) > 0 {
		// "BC", "NSW", "T&T": shortforms.go.
		cands = sf
		if len(raw) == 0 {
			raw = sf
		}
	}
	if len(raw) == 0 {
		cands, g.fallback = r.fallbackCands(k, lx)
	} else if len(cands) == 0 {
		g.fallback = "restricted" // no focus fallback either
	}
	g.cands = cands
	if _, stripped := gazetteer.StripArticle(k); stripped && len(cands) > 0 {
		g.exact = make([]bool, len(cands))
		for _, e := range r.Gaz.LookupKey(k) {
			for ci := range cands {
				if cands[ci] == e {
					g.exact[ci] = true
				}
			}
		}
	}
	if cc, a1, ok := oneCountry(cands); ok && !weakOnly(cands) {
		g.uniqCC = cc
		if a1 != "" {
			g.uniqA1 = cc + "." + a1
		}
	}
	return g
}

// restrict applies Options.FeatureClasses; it never modifies cands.
func (r Resolve) restrict(cands []gazetteer.Entry) []gazetteer.Entry {
	if fc := r.Options.FeatureClasses; fc != "" {
		cands = slices.DeleteFunc(slices.Clone(cands), func(e gazetteer.Entry) bool {
			return e.FeatureClass == "" || !strings.Contains(fc, e.FeatureClass)
		})
	}
	return cands
}

// lookupKey is Lookup for a normalised key: the key and the key without
// its Arabic article.
func (r Resolve) lookupKey(key string) []gazetteer.Entry {
	out := r.Gaz.LookupKey(key)
	if s, ok := gazetteer.StripArticle(key); ok {
		out = append(out, r.Gaz.LookupKey(s)...)
	}
	return r.restrict(out)
}

// fallbackCands finds candidates for a name the gazetteer lacks: first
// the name without generic words ("Orange County" → "Orange" among
// divisions first, "Republic of Armenia" → "Armenia"), then the longest
// name inside it ("Colorado State University" → "Colorado").
func (r Resolve) fallbackCands(key string, lx *Lexicon) ([]gazetteer.Entry, string) {
	words := strings.Fields(key)
	if len(words) == 0 {
		return nil, ""
	}
	core := words
	for len(core) > 1 && lx.Generic[core[len(core)-1]] {
		core = core[:len(core)-1]
	}
	for len(core) > 2 && lx.GenericPrefix[core[0]+" "+core[1]] {
		core = core[2:]
	}
	for len(core) > 1 && lx.GenericPrefix[core[0]] {
		core = core[1:]
	}
	if len(core) < len(words) {
		if cands := r.lookupKey(strings.Join(core, " ")); len(cands) > 0 {
			// "Orange County" is the county, not the town, when both exist.
			if admin := slices.DeleteFunc(slices.Clone(cands), func(e gazetteer.Entry) bool { return e.FeatureClass != "A" }); len(admin) > 0 && len(core) < len(words) && lx.Generic[words[len(words)-1]] {
				return admin, "generic"
			}
			return cands, "generic"
		}
	}
	for n := len(words) - 1; n >= 1; n-- {
		for s := 0; s+n <= len(words); s++ {
			part := strings.Join(words[s:s+n], " ")
			if len(part) < 3 || lx.Never[part] || lx.SentenceStart[part] || lx.Generic[part] || lx.Title[part] || headPart(words, s, n) {
				continue
			}
			if cands := r.lookupKey(part); len(cands) > 0 {
				return cands, "part"
			}
		}
	}
	return nil, ""
}

// biasSet is the set of "CC" and "CC.A1" keys and lower-cased admin1
// names the options favour.
func (r Resolve) biasSet() map[string]bool {
	if len(r.Options.Countries) == 0 && len(r.Options.Admin1) == 0 {
		return nil
	}
	out := map[string]bool{}
	for _, c := range r.Options.Countries {
		out[strings.ToUpper(strings.TrimSpace(c))] = true
	}
	for _, a := range r.Options.Admin1 {
		a = strings.TrimSpace(a)
		if cc, a1, ok := strings.Cut(a, "."); ok && len(cc) == 2 {
			out[strings.ToUpper(cc)+"."+a1] = true
		} else {
			out["name:"+gazetteer.Normalize(a)] = true
		}
	}
	return out
}

type scoredCand struct {
	i     int
	score float64
	why   []string
}

// rank scores the candidates of g and returns the best one's index (-1
// for none) and all candidates sorted best first, in out's storage. With
// explain, the winner's reasons are filled in.
func (r Resolve) rank(g *group, dc *docContext, w *Weights, bias map[string]bool, locale string, out []scoredCand, explain bool) (int, []scoredCand) {
	if len(g.cands) == 0 {
		return -1, out
	}
	out = out[:0]
	for ci := range g.cands {
		out = append(out, scoredCand{i: ci, score: r.score(g, ci, dc, w, bias, locale, nil)})
	}
	// Stable: ties keep gazetteer order.
	slices.SortStableFunc(out, func(x, y scoredCand) int { return cmp.Compare(y.score, x.score) })
	// The reasons are spelled out for the winner only.
	if explain {
		var why []string
		r.score(g, out[0].i, dc, w, bias, locale, &why)
		out[0].why = why
	}
	return out[0].i, out
}

// score is candidate ci's score; when why is not nil the reasons are
// appended to it.
func (r Resolve) score(g *group, ci int, dc *docContext, w *Weights, bias map[string]bool, locale string, why *[]string) float64 {
	c := &g.cands[ci]
	s := w.prior(c)
	if why != nil {
		*why = append(*why, "feature="+c.FeatureCode)
	}
	if c.Population > 0 {
		if why != nil {
			*why = append(*why, "population")
		}
	}
	self := 0
	if g.chosen >= 0 && g.cands[g.chosen].CountryCode == c.CountryCode || g.chosen < 0 && g.uniqCC == c.CountryCode {
		self = len(g.mentions)
	}
	others := dc.countries[c.CountryCode] - self
	switch {
	case c.CountryCode == "":
	case c.CountryCode == dc.focus && others > 0:
		s += w.Focus
		if why != nil {
			*why = append(*why, "focus="+dc.focus)
		}
	case others > 0:
		s += w.CooccurCountry
		if why != nil {
			*why = append(*why, "cooccur="+c.CountryCode)
		}
	}
	a1 := ""
	if c.Admin1Code != "" {
		a1 = c.CountryCode + "." + c.Admin1Code
	}
	if a1 != "" && !c.IsCountry() && c.FeatureCode != "ADM1" {
		n := dc.admin1[a1]
		if g.chosen >= 0 && g.cands[g.chosen].CountryCode+"."+g.cands[g.chosen].Admin1Code == a1 || g.chosen < 0 && g.uniqA1 == a1 {
			n--
		}
		if n > 0 {
			s += w.CooccurAdmin1
			if why != nil {
				*why = append(*why, "admin1="+a1)
			}
		}
	}
	if len(dc.points) > 0 && c.FeatureClass != "A" && c.FeatureClass != "H" {
		d := nearest(c.Lat, c.Lon, g, dc.points)
		switch {
		case d < 100:
			s += w.Near100
			if why != nil {
				*why = append(*why, "near")
			}
		case d < 500:
			s += w.Near500
			if why != nil {
				*why = append(*why, "near500")
			}
		}
	}
	if b := dc.region.regionBonus(g, ci, w); b > 0 {
		s += b
		if why != nil {
			*why = append(*why, "region="+a1)
		}
	}
	if g.within[c.CountryCode] || a1 != "" && g.within[a1] {
		s += w.Contained
		if why != nil {
			*why = append(*why, "contained")
		}
	}
	s += g.stateScore(ci, w, why)
	s += g.namesakeScore(ci, w, why)
	s += g.countyScore(ci, w, why)
	if !g.outletName || dc.homeSupported {
		// The home's own name gains from the home only when the domain's
		// or the document's country chose it: else the home is the
		// name's most prominent sense, and would only echo it.
		s += dc.homeScore(c, w, why)
	}
	if g.acronym && c.FeatureClass == "P" && !allCaps(c.Name) {
		s -= w.Acronym
		if why != nil {
			*why = append(*why, "acronym")
		}
	}
	if w.NameMatch != 0 && g.named(ci) {
		s += w.NameMatch
		if why != nil {
			*why = append(*why, "name")
		}
	}
	switch {
	case c.IsCountry():
		if others > 0 {
			s += w.Contains
			if why != nil {
				*why = append(*why, "contains")
			}
		}
	case c.FeatureCode == "ADM1" && a1 != "":
		n := dc.admin1[a1]
		if g.chosen >= 0 && g.cands[g.chosen].CountryCode+"."+g.cands[g.chosen].Admin1Code == a1 {
			n-- // not its own support
		}
		if n > 0 {
			s += w.Contains
			if why != nil {
				*why = append(*why, "contains")
			}
		}
	}
	if g.exact != nil && g.exact[ci] {
		s += w.WithArticle
		if why != nil {
			*why = append(*why, "with-article")
		}
	}
	if g.cueCC[c.CountryCode] {
		s += w.Cue
		if why != nil {
			*why = append(*why, "cue="+c.CountryCode)
		}
	}
	if bias != nil && (bias[c.CountryCode] || a1 != "" && bias[a1] || c.Admin1 != "" && bias["name:"+gazetteer.Normalize(c.Admin1)]) {
		s += w.Bias
		if why != nil {
			*why = append(*why, "bias")
		}
	}
	if locale != "" && c.CountryCode == locale {
		s += w.Locale
		if why != nil {
			*why = append(*why, "locale="+locale)
		}
	}
	return s
}

// apply writes the chosen place, its score, the runner-ups and the
// reasons into every mention of g.
func (r Resolve) apply(a *evident.Analysis, g *group, scored []scoredCand) {
	best := scored[0]
	conf := 1.0
	reasons := best.why
	if len(scored) > 1 {
		conf = 0.5 + 0.5*math.Min(1, (best.score-scored[1].score)/3)
	} else {
		reasons = []string{"feature=" + g.cands[best.i].FeatureCode, "only-candidate"}
	}
	if len(g.mentions) > 1 {
		reasons = append(reasons, "one-sense")
	}
	if g.fallback != "" {
		reasons = append([]string{"fallback=" + g.fallback}, reasons...)
		conf *= 0.5
	}
	nAlt := r.Options.Alternatives
	if nAlt == 0 {
		nAlt = 3
	}
	var alts []evident.Alternative
	for _, sc := range scored[1:] {
		if len(alts) >= nAlt {
			break
		}
		c := &g.cands[sc.i]
		alts = append(alts, evident.Alternative{
			GeonameID: c.GeonameID, Name: c.Name, Lat: c.Lat, Lon: c.Lon,
			FeatureCode: c.FeatureCode, CountryCode: c.CountryCode, Admin1: c.Admin1,
			Score: math.Round(sc.score*1000) / 1000,
		})
	}
	chosen := &g.cands[best.i]
	why := "; resolve:" + strings.Join(reasons, "+")
	for _, mi := range g.mentions {
		m := &a.Mentions[mi]
		p := chosen.Place()
		p.Relative, p.Demonym = m.Place.Relative, m.Place.Demonym
		p.Score = math.Round(best.score*1000) / 1000
		p.Alternatives = alts
		m.Place = p
		base, _, resolved := strings.Cut(m.Rule, "; resolve:")
		m.Rule = base + why
		if !resolved { // keep re-runs idempotent
			m.Confidence = math.Round(m.Confidence*conf*1000) / 1000
		}
	}
}

// unresolved marks the mentions of a group without candidates (after the
// feature-class restriction): they keep their text but no place.
func (r Resolve) unresolved(a *evident.Analysis, g *group) {
	for _, mi := range g.mentions {
		m := &a.Mentions[mi]
		m.Place = &evident.Place{Relative: m.Place.Relative}
		base, _, _ := strings.Cut(m.Rule, "; resolve:")
		m.Rule = base + "; resolve:no-candidate"
	}
}

// focusEntry is where a name the gazetteer lacks most likely lies: the
// place (not a country or water body) that most mentions resolved to,
// else the entry of the document's focus country.
func (r Resolve) focusEntry(groups []*group, dc *docContext) (gazetteer.Entry, bool) {
	var best *gazetteer.Entry
	n := 0
	for _, g := range groups {
		if g.chosen < 0 || g.fallback != "" {
			continue
		}
		c := &g.cands[g.chosen]
		if c.IsCountry() || c.FeatureClass == "H" || c.FeatureClass == "L" {
			continue
		}
		if !g.named(g.chosen) {
			// Not a guess to build on: a place known by the text only as
			// an alternate name ("White House" is Casablanca in Arabic).
			continue
		}
		if len(g.mentions) > n {
			best, n = c, len(g.mentions)
		}
	}
	if best != nil {
		return *best, true
	}
	if dc.focus != "" {
		if e, ok := r.Gaz.CountryEntry(dc.focus); ok {
			return e, true
		}
	}
	return gazetteer.Entry{}, false
}

// containment finds "X, Y" pairs: a place mention directly followed by a
// comma and another place mention in the same sentence. The second one's
// countries and first-level divisions become containment cues of the
// first ("Springfield, Illinois", "Mosul, Iraq").
func containment(a *evident.Analysis, groupOf []*group) {
	var prev *evident.Mention
	prevI := -1
	for i := range a.Mentions {
		m := &a.Mentions[i]
		if m.Kind != evident.KindPlace || m.Place == nil {
			continue
		}
		if prev != nil && prev.Sentence == m.Sentence && !prev.Place.Demonym && !m.Place.Demonym {
			between := strings.TrimSpace(a.Doc.Text[prev.End:m.Start])
			possessive := between == "'s" || between == "’s"
			if between == "," || between == "in" || possessive {
				inner, outer := groupOf[prevI], groupOf[i]
				if possessive {
					// "London's Heathrow": the second lies in the first.
					inner, outer = outer, inner
				}
				if inner != nil && outer != nil && inner != outer {
					if possessive && inner.container == nil {
						inner.possessive = true
					}
					if inner.container == nil {
						inner.container = outer
					}
					if inner.within == nil {
						inner.within = map[string]bool{}
					}
					for ci := range outer.cands {
						c := &outer.cands[ci]
						switch {
						case c.IsCountry():
							inner.within[c.CountryCode] = true
						case c.FeatureCode == "ADM1" && c.Admin1Code != "":
							inner.within[c.CountryCode+"."+c.Admin1Code] = true
						}
					}
					if !possessive {
						noteContains(outer, inner)
					}
				}
			}
		}
		prev, prevI = m, i
	}
}

// fixedGroup is the group of a mention the recogniser resolved itself:
// its only candidate is the chosen entry.
func (r Resolve) fixedGroup(k string, p *evident.Place) *group {
	g := &group{key: k, chosen: -1}
	for _, e := range r.Gaz.Lookup(p.Name) {
		if e.GeonameID == p.GeonameID {
			g.cands = []gazetteer.Entry{e}
			g.uniqCC = e.CountryCode
			if e.Admin1Code != "" {
				g.uniqA1 = e.CountryCode + "." + e.Admin1Code
			}
			break
		}
	}
	return g
}

// named reports whether candidate ci's preferred name is the text
// (nameMatches, computed once per candidate).
func (g *group) named(ci int) bool {
	if len(g.nameMatch) != len(g.cands) {
		g.nameMatch = make([]uint8, len(g.cands))
	}
	if g.nameMatch[ci] == 0 {
		g.nameMatch[ci] = 1
		if nameMatches(g.cands[ci].Name, g.key) {
			g.nameMatch[ci] = 2
		}
	}
	return g.nameMatch[ci] == 2
}

// nameMatches reports whether an entry's preferred name normalises to
// key, or to key with an Arabic article ("Raqqa" and "ar-Raqqa"); the
// bare "Hol" does not match the text "al-Hol".
func nameMatches(name, key string) bool {
	var buf [64]byte // most names: no allocation
	b := gazetteer.AppendNormalize(buf[:0], name)
	n := unsafe.String(unsafe.SliceData(b), len(b)) // does not outlive the call
	if n == key {
		return true
	}
	ns, ok := gazetteer.StripArticle(n)
	return ok && ns == key
}

// oneCountry reports whether all candidates lie in one country, and the
// shared first-level division if they share one.
func oneCountry(cands []gazetteer.Entry) (cc, a1 string, ok bool) {
	if len(cands) == 0 || cands[0].CountryCode == "" {
		return "", "", false
	}
	cc, a1 = cands[0].CountryCode, cands[0].Admin1Code
	for i := range cands[1:] {
		c := &cands[i+1]
		if c.CountryCode != cc {
			return "", "", false
		}
		if c.Admin1Code != a1 {
			a1 = ""
		}
	}
	return cc, a1, true
}

// cityOfCue returns the country of "the Iraqi city of <m>": a demonym,
// a place noun and "of" right before the mention.
func cityOfCue(g *gazetteer.Gazetteer, lx *Lexicon, a *evident.Analysis, m *evident.Mention) string {
	if m.Sentence < 0 || m.Sentence >= len(a.Sentences) {
		return ""
	}
	toks := a.Sentences[m.Sentence].Tokens
	k := -1
	for i := range toks {
		if toks[i].Start == m.Start {
			k = i
			break
		}
	}
	if k < 3 || !strings.EqualFold(toks[k-1].Text, "of") || !lx.PlaceNoun[strings.ToLower(toks[k-2].Text)] {
		return ""
	}
	cc, _ := g.Demonym(toks[k-3].Text)
	return cc
}

// nearest is the distance from (lat, lon) to the nearest point of
// another group than g, as score compares it with 100 and 500 km: points
// certainly 500 km away or more by their latitudes alone (over 4.6°,
// 511 km) are skipped, since they cannot move the result across either
// threshold; +Inf for none.
func nearest(lat, lon float64, g *group, points []point) float64 {
	d := math.Inf(1)
	valid := lat >= -90 && lat <= 90 && finite(lon)
	for _, p := range points {
		if p.group == g {
			continue
		}
		// On the sphere the distance is at least the latitude difference
		// (for latitudes in range). Only coordinates that give a number
		// are skipped: min with NaN is NaN.
		if valid && math.Abs(lat-p.lat) > 4.6 && p.lat >= -90 && p.lat <= 90 && finite(p.lon) {
			continue
		}
		d = min(d, Distance(lat, lon, p.lat, p.lon))
	}
	return d
}

func finite(x float64) bool { return x-x == 0 }

// Distance is the great-circle distance in kilometres (haversine, mean
// Earth radius 6,371 km).
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}
