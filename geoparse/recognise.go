package geoparse

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// MaxNgram is the longest token sequence matched against the gazetteer.
const MaxNgram = 5

// Recognise finds toponyms and demonyms in a.Sentences and appends place
// mentions to a.Mentions. It matches token n-grams (longest first, up to
// MaxNgram tokens) against the gazetteer's names, requires capitalised
// names, applies context rules that reject person and common-word uses,
// and records relative cues ("west", "south of", "near") in
// Place.Relative. Each mention's Place is the most prominent candidate;
// Resolve refines it with document context.
type Recognise struct {
	Gaz *gazetteer.Gazetteer
	// Lex is the context lexicon; nil means DefaultLexicon().
	Lex *Lexicon
	// Cache, when set, remembers gazetteer probes across documents
	// (several times faster on a corpus). Default: nil, no cache.
	Cache *ProbeCache
}

// Name implements evident.Stage.
func (Recognise) Name() string { return "geoparse.recognise" }

// Process implements evident.Stage.
func (r Recognise) Process(ctx context.Context, a *evident.Analysis) error {
	if r.Gaz == nil {
		return errors.New("geoparse: Recognise has no gazetteer")
	}
	lx := r.Lex
	if lx == nil {
		lx = DefaultLexicon()
	}
	m := matcher{gaz: r.Gaz, lx: lx, text: a.Doc.Text, persons: map[string]bool{}, sents: a.Sentences, cache: r.Cache}
	start := len(a.Mentions)
	// News has a place mention every 140 bytes or so: room for them
	// spares the slice's repeated growth.
	a.Mentions = slices.Grow(a.Mentions, len(a.Doc.Text)/128)
	for si := range a.Sentences {
		if si%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		a.Mentions = m.sentence(a.Mentions, si, a.Sentences[si].Tokens)
	}
	// A one-word name that the document elsewhere uses as a person's
	// name ("Bassett" before "Ted Bassett said") is a person throughout,
	// unless it is a country, a region or a big city.
	var kb [32]byte
	mine := slices.DeleteFunc(a.Mentions[start:], func(mn evident.Mention) bool {
		return mn.Rule == "gazetteer:name" && !mn.Place.Demonym && m.persons[lowerKey(&kb, mn.Text)] && !m.major[mn.Start]
	})
	a.Mentions = a.Mentions[:start+len(mine)]
	return nil
}

// matcher holds the state of one Process call.
type matcher struct {
	gaz  *gazetteer.Gazetteer
	lx   *Lexicon
	text string
	// persons holds the lower-cased words the person rules rejected in
	// this document ("Bolton" after "John Bolton"); later one-word matches
	// on them are rejected too.
	persons map[string]bool
	// skip is the end offset of an organisation name whose place the
	// org rules accepted (placeFirst): no place starts inside it.
	skip int
	// orgEnd is where the organisation name of the match under accept
	// ends; it becomes skip when the match is accepted.
	orgEnd int
	// sents are the document's sentences; lower memoises lowerInDoc.
	sents []evident.Sentence
	lower map[string]bool
	words tokenFilter // for lowerInDoc
	// major holds the start offsets of one-word mentions whose
	// candidates include a country, region or city of 100,000.
	major map[int]bool
	cache *ProbeCache
	// key is probe's buffer for the normalised span.
	key []byte
	// dbuf is regionDemonym's buffer for the place names it tries.
	dbuf []byte
	// personEnd is where the last word the person rules rejected ends.
	personEnd int
}

// lowerInDoc reports whether the lower-case word low occurs as written
// in the document: a capitalised one-word match on such a word
// ("Angered" opening a sentence, "angered" elsewhere) is a common word.
// Few words are asked about, so a scan beats indexing every token.
func (m *matcher) lowerInDoc(low string) bool {
	if v, ok := m.lower[low]; ok {
		return v
	}
	found := false
	if !m.words.mayHave(low, m.sents) {
		goto done // certainly absent: no scan
	}
scan:
	for _, s := range m.sents {
		for _, t := range s.Tokens {
			if len(t.Text) == len(low) && t.Text == low {
				found = true
				break scan
			}
		}
	}
done:
	if m.lower == nil {
		m.lower = map[string]bool{}
	}
	m.lower[low] = found
	return found
}

// match is one accepted n-gram.
type match struct {
	i, n    int // first token, number of tokens
	cands   []gazetteer.Entry
	demonym string // country code when the n-gram is a demonym
}

func (m *matcher) sentence(out []evident.Mention, si int, toks []evident.Token) []evident.Mention {
	for i := 0; i < len(toks); {
		if s, n, ok := m.street(toks, i); ok {
			out = append(out, m.streetMention(si, toks, s, n))
			i = s + n
			continue
		}
		if n, ok := m.landmark(toks, i); ok {
			out = append(out, m.landmarkMention(si, toks, i, n))
			i += n
			continue
		}
		if n, ok := m.resident(toks, i); ok {
			men := m.landmarkMention(si, toks, i, n)
			men.Rule = "resident"
			out = append(out, men)
			i += n
			continue
		}
		if dr, ok := m.dottedRegion(toks, i); ok {
			out = append(out, m.mention(si, toks, dr, "gazetteer:region-abbrev"))
			i += dr.n
			continue
		}
		if pt, tok, n, rule, ok := m.partyTag(toks, i); ok {
			out = append(out, m.mention(si, tok, pt, rule))
			i += n
			continue
		}
		mt, ok := m.prefixOf(toks, i)
		if !ok {
			mt, ok = m.longest(toks, i)
		}
		if !ok {
			if dm, ok := m.regionDemonym(toks, i); ok && m.demonymWord(toks[i+dm.n-1].Text) {
				out = append(out, m.demonymMention(si, toks, dm))
				i += dm.n
				continue
			}
			out = m.hyphenated(out, si, toks[i])
			i++
			continue
		}
		m.orgEnd = 0
		if rule, ok := m.accept(toks, mt); ok {
			m.skip = m.orgEnd
			// "Laurel County", "Enugu State", "Nineveh province": the
			// administrative word belongs to the name.
			if mt.demonym == "" && i+mt.n < len(toks) && m.lx.Suffix[strings.ToLower(toks[i+mt.n].Text)] &&
				!(i+mt.n+1 < len(toks) && capitalised(toks[i+mt.n+1].Text) && isWord(toks[i+mt.n+1].Text)) {
				// ... unless a longer name goes on: "Mississippi State
				// University", "U.S. District Court".
				mt.n++
				rule += "+suffix"
			} else if j := i + mt.n; j < len(toks) && toks[j].Text == "." && toks[j].Start == toks[j-1].End && strings.Contains(toks[j-1].Text, ".") {
				mt.n++ // "W.Va." keeps its final full stop
			}
			if mt.n == 1 && strong(mt.cands) || hasAdmin1(mt.cands) {
				if m.major == nil {
					m.major = map[int]bool{}
				}
				m.major[toks[i].Start] = true
			}
			out = append(out, m.mention(si, toks, mt, rule))
			i += mt.n
			for i < len(toks) && toks[i].Start < m.skip {
				i++
			}
			// "Charleston, W.Va." and "Paris, Ky.": an abbreviated region
			// after a place and a comma.
			if mt.demonym == "" {
				if ab, ok := m.regionAbbrev(toks, i); ok {
					out = append(out, m.mention(si, toks, ab, "gazetteer:region-abbrev"))
					i = ab.i + ab.n
				}
			}
			continue
		}
		// "New Yorkers": the gazetteer matched "New", which is no place.
		if dm, ok := m.regionDemonym(toks, i); ok && dm.n > 1 && m.demonymWord(toks[i+dm.n-1].Text) {
			out = append(out, m.demonymMention(si, toks, dm))
			i += dm.n
			continue
		}
		i++
	}
	return out
}

// hyphenated finds a country, demonym or major place inside a hyphenated
// word: "Britain-based", "Russian-backed", "anti-Russian",
// "Washington-Moscow". The part must be capitalised and either a demonym
// or a name with a country, capital or city of 100,000 among its senses.
func (m *matcher) hyphenated(out []evident.Mention, si int, t evident.Token) []evident.Mention {
	if strings.IndexByte(t.Text, '-') < 0 {
		return out
	}
	off := 0
	for part := range strings.SplitSeq(t.Text, "-") {
		start := t.Start + off
		off += len(part) + 1
		if allCaps(part) {
			// "US-based", "UK-bashing": an acronym part is a place when
			// it names a country or a world region, as alone.
			if pr := m.probe(part); pr.demonym == "" && pr.known && (hasCountry(pr.cands) || hasArea(pr.cands)) {
				tok := []evident.Token{{Span: evident.Span{Start: start, End: start + len(part)}, Text: part}}
				out = append(out, m.mention(si, tok, match{n: 1, cands: pr.cands}, "gazetteer:hyphenated"))
			}
			continue
		}
		if len(part) < 3 || !capitalised(part) {
			continue
		}
		// "a Western-drafted resolution": a direction in a compound is
		// no place.
		if m.lx.Direction[strings.ToLower(part)] != "" {
			continue
		}
		pr := m.probe(part)
		var mt match
		switch {
		case pr.demonym != "":
			mt = match{demonym: pr.demonym}
		case pr.known && strong(pr.cands):
			mt = match{cands: pr.cands}
		default:
			continue
		}
		tok := []evident.Token{{Span: evident.Span{Start: start, End: start + len(part)}, Text: part}}
		rule := "gazetteer:hyphenated"
		if mt.demonym != "" {
			rule = "demonym:hyphenated"
		}
		mt.n = 1
		out = append(out, m.mention(si, tok, mt, rule))
	}
	return out
}

// regionAbbrev matches ", Ky." or ", W.Va." at token i: a comma, a
// capitalised word and a full stop (kept in the span), naming a
// first-level region.
func (m *matcher) regionAbbrev(toks []evident.Token, i int) (match, bool) {
	if i+1 >= len(toks) || toks[i].Text != "," || !capitalised(toks[i+1].Text) {
		return match{}, false
	}
	n := 1 // "D.C." is one token, "Ky" "." two
	if !strings.HasSuffix(toks[i+1].Text, ".") {
		if i+2 >= len(toks) || toks[i+2].Text != "." || toks[i+2].Start != toks[i+1].End {
			return match{}, false
		}
		n = 2
	}
	key := strings.ToLower(strings.ReplaceAll(toks[i+1].Text, ".", ""))
	target, ok := m.lx.RegionAbbrev[key]
	if !ok {
		return match{}, false
	}
	regions := m.abbrevRegions(target)
	if len(regions) == 0 {
		return match{}, false
	}
	return match{i: i + 1, n: n, cands: regions}, true
}

// abbrevRegions returns the first-level divisions and countries a
// [region-abbrev] target ("US/West Virginia") names.
func (m *matcher) abbrevRegions(target string) []gazetteer.Entry {
	cc, name, _ := strings.Cut(target, "/")
	var regions []gazetteer.Entry
	for _, e := range m.gaz.Lookup(name) {
		if e.CountryCode == cc && (e.FeatureCode == "ADM1" || e.IsCountry()) {
			regions = append(regions, e)
		}
	}
	return regions
}

// longest returns the longest capitalised n-gram starting at token i that
// names a gazetteer entry or a demonym.
func (m *matcher) longest(toks []evident.Token, i int) (match, bool) {
	if !isWord(toks[i].Text) || !capitalised(toks[i].Text) {
		return match{}, false
	}
	englishWord := -1 // unknown until needed
	best := match{}
	for n := 1; n <= MaxNgram && i+n <= len(toks); n++ {
		last := toks[i+n-1].Text
		if last == "." && n > 1 && m.lx.Abbrev[strings.ToLower(toks[i+n-2].Text)] != "" && i+n < len(toks) {
			continue // "St." in "St. Petersburg"
		}
		if !isWord(last) {
			break
		}
		pr := m.probe(m.text[toks[i].Start:toks[i+n-1].End])
		if pr.empty {
			break
		}
		// Inner tokens may be lower-case function words ("Bay of Biscay"),
		// the last one must be capitalised. A demonym wins over a
		// homonymous town ("Canadian", "German").
		if capitalised(last) {
			if pr.demonym != "" {
				best = match{i: i, n: n, demonym: pr.demonym}
			} else if n > 1 && !pr.has && m.englishWord(toks[i].Text, &englishWord) {
				// "At al-Hawl": no article stripping after an English word.
			} else if pr.known {
				best = match{i: i, n: n, cands: pr.cands}
			}
		}
		if !pr.prefix {
			break
		}
	}
	return best, best.n > 0
}

// probe is what the gazetteer says about one span of text.
type probe struct {
	empty   bool   // the span normalises to nothing
	demonym string // country of a demonym
	has     bool   // the normalised key names an entry
	known   bool   // the key, or the key without its article, names an entry
	prefix  bool   // some longer key starts with this one and a space
	// cands are the entries of a known key (shared: read only).
	cands []gazetteer.Entry
}

// probe looks a span up in the gazetteer, through the shared cache when
// there is one: news repeats its capitalised words, so most probes are
// one map read.
func (m *matcher) probe(span string) probe {
	if m.cache != nil {
		if p, ok := m.cache.m.load(span); ok {
			return p
		}
	}
	// The key lives in m.key until the next probe: nothing below keeps
	// it (the gazetteer's answers are its own strings).
	m.key = gazetteer.AppendNormalize(m.key[:0], span)
	norm := unsafe.String(unsafe.SliceData(m.key), len(m.key))
	key := m.expand(norm)
	var p probe
	if key == "" {
		p.empty = true
	} else {
		// Normalize is idempotent: Demonym(key) and Lookup(span) need
		// not normalise again.
		if key == norm {
			p.demonym, _ = m.gaz.DemonymKey(key)
		} else {
			p.demonym, _ = m.gaz.Demonym(key)
		}
		p.has, p.prefix = m.gaz.Probe(key)
		p.known = p.has
		if !p.known {
			if s, ok := gazetteer.StripArticle(key); ok {
				p.known = m.gaz.Has(s)
			}
		}
		if p.known && p.demonym == "" {
			p.cands = m.gaz.LookupNormalized(norm) // Lookup(span)
			if len(p.cands) == 0 {
				p.cands = m.gaz.LookupKey(key)
			}
		}
	}
	if m.cache != nil {
		m.cache.store(span, p)
	}
	return p
}

// ProbeCache remembers gazetteer probes across documents. It is safe for
// concurrent use and holds at most ProbeCacheSize spans (then it starts
// afresh). A cache belongs to one gazetteer and lexicon: give each
// Recognise configuration its own.
type ProbeCache struct {
	m stripedMap[probe]
	// countries caches CountryEntry by country code (a few hundred).
	countries sync.Map
	// names caches Resolve's candidate lookups by mention text.
	names stripedMap[[]gazetteer.Entry]
}

// countryEntry returns g.CountryEntry(cc) through the cache.
func (c *ProbeCache) countryEntry(g *gazetteer.Gazetteer, cc string) (gazetteer.Entry, bool) {
	if c == nil {
		return g.CountryEntry(cc)
	}
	type result struct {
		e  gazetteer.Entry
		ok bool
	}
	if v, ok := c.countries.Load(cc); ok {
		r := v.(result)
		return r.e, r.ok
	}
	e, ok := g.CountryEntry(cc)
	c.countries.Store(cc, result{e, ok})
	return e, ok
}

// lookup returns g.Lookup(text) through the cache; the result is shared
// and must not be modified.
func (c *ProbeCache) lookup(g *gazetteer.Gazetteer, text string) []gazetteer.Entry {
	if c == nil {
		return g.Lookup(text)
	}
	if out, ok := c.names.load(text); ok {
		return out
	}
	out := g.Lookup(text)
	c.names.store(strings.Clone(text), out, ProbeCacheSize)
	return out
}

// ProbeCacheSize bounds a ProbeCache.
const ProbeCacheSize = 1 << 19

func (c *ProbeCache) store(span string, p probe) {
	c.m.store(strings.Clone(span), p, ProbeCacheSize)
}

// expand spells out the abbreviations of a normalised key that the
// gazetteer lacks in short form: "st petersburg" → "saint petersburg"
// (data/lexicon.txt [abbrev]).
func (m *matcher) expand(key string) string {
	if len(m.lx.Abbrev) == 0 || !m.hasAbbrev(key) || m.gaz.Has(key) || m.gaz.HasPrefix(key+" ") {
		return key
	}
	words := strings.Split(key, " ")
	changed := false
	for k, w := range words {
		if full := m.lx.Abbrev[w]; full != "" && (k < len(words)-1 || len(words) == 1) {
			words[k], changed = full, true
		}
	}
	if !changed {
		return key
	}
	return strings.Join(words, " ")
}

// hasAbbrev reports whether a word of key is an abbreviation of the
// lexicon, without splitting it.
func (m *matcher) hasAbbrev(key string) bool {
	for len(key) > 0 {
		w, rest, _ := strings.Cut(key, " ")
		if m.lx.Abbrev[w] != "" {
			return true
		}
		key = rest
	}
	return false
}

// englishWord reports, once per n-gram start, whether a word is one of
// the common English words of the lexicon.
func (m *matcher) englishWord(w string, memo *int) bool {
	if *memo < 0 {
		*memo = 0
		var kb [32]byte
		if m.lx.SentenceStart[lowerKey(&kb, w)] {
			*memo = 1
		}
	}
	return *memo == 1
}

// accept applies the context rules to a match and returns the rule name
// of an accepted one.
func (m *matcher) accept(toks []evident.Token, mt match) (string, bool) {
	first := toks[mt.i].Text
	low := strings.ToLower(first)
	single := mt.n == 1
	country := mt.demonym != "" || hasCountry(mt.cands)
	prev, next := prevWord(toks, mt.i), nextWord(toks, mt.i+mt.n)

	// A title before any name makes it a person's: "General Samir",
	// "Sen. Smith".
	titled := prev
	if prev < 0 && mt.i >= 2 && toks[mt.i-1].Text == "." {
		titled = mt.i - 2
	}
	var kb [32]byte
	if titled >= 0 && m.lx.Title[lowerKey(&kb, strings.TrimSuffix(toks[titled].Text, "."))] {
		m.persons[low] = true
		m.personEnd = toks[mt.i+mt.n-1].End
		return "", false
	}
	if m.never(m.text[toks[mt.i].Start:toks[mt.i+mt.n-1].End]) || m.genericOnly(toks, mt) || holiday(toks, mt.i+mt.n) {
		return "", false
	}
	if !single {
		if mt.demonym != "" {
			return "demonym", true
		}
		return "gazetteer:name", true
	}
	// Contractions ("We're", "I've") normalise to place names ("Were").
	if isContraction(first) {
		return "", false
	}
	if m.persons[low] {
		m.personEnd = toks[mt.i].End
		return "", false
	}
	if m.lx.Title[low] {
		return "", false
	}
	// "Ashley Lynn Turner", "Judge Haywood Turner": a name right after a
	// word the person rules rejected is the same person's.
	if prev == mt.i-1 && prev >= 0 && m.personEnd == toks[prev].End && !country {
		m.persons[low] = true
		m.personEnd = toks[mt.i].End
		return "", false
	}
	if mt.demonym == "" && afterInitial(toks, mt.i) {
		m.persons[low] = true
		m.personEnd = toks[mt.i+mt.n-1].End
		return "", false
	}
	if allCaps(first) && len(first) > 3 && (atSentenceStart(toks, mt.i) || afterYear(toks, mt.i)) && mt.i+1 < len(toks) &&
		(isDatelineMark(toks[mt.i+1].Text) || toks[mt.i+1].Text == ":" && !m.lx.SentenceStart[low] && !m.lowerInDoc(low)) {
		// "CHARLESTON, W.Va. -", "BEIRUT:", "March 30, 2009 NEWARK --":
		// a dateline. Before a colon a heading ("UPDATE:") is as
		// likely: the word must be written in lower case nowhere.
		return "gazetteer:dateline", true
	}
	if allCaps(first) {
		// Acronyms ("IS", "BBC") are places only when they name a
		// country ("US", "UK", "UAE") or a world region ("EU").
		if !country && !hasArea(mt.cands) || mt.demonym != "" {
			return "", false
		}
		return "gazetteer:abbrev", true
	}
	if m.lx.Never[low] {
		return "", false
	}
	// "University of Rochester", "Bank of America": an organisation's
	// head word before "of" is no town of that name.
	if nx := mt.i + 1; nx < len(toks) && toks[nx].Text == "of" && defaultNameWords().OrgHead[low] {
		return "", false
	}
	// "La Niña", "El Niño": the article belongs to a name that is never
	// a place.
	if p := mt.i - 1; p >= 0 && len(toks[p].Text) == 2 && (toks[p].Text == "La" || toks[p].Text == "El") &&
		m.never(m.text[toks[p].Start:toks[mt.i].End]) {
		return "", false
	}
	// Country names of three letters or fewer are abbreviations ("CAR",
	// "DRC"): "Car bombs exploded" names no country.
	if country && mt.demonym == "" && countLetters(first) <= 3 {
		return "", false
	}
	common := m.lx.SentenceStart[low] || !country && m.lowerInDoc(low)
	if common && (atSentenceStart(toks, mt.i) || !strong(mt.cands)) {
		return "", false
	}
	// "Mosul Dam": a feature word after a capitalised word belongs to
	// that name.
	if m.lx.Feature[low] && prev == mt.i-1 && prev >= 0 && capitalised(toks[prev].Text) {
		return "", false
	}
	letters := countLetters(first)
	if letters < 3 && !country {
		return "", false
	}
	if mt.demonym != "" {
		return "demonym", true
	}
	// Continents and world regions and their adjectives name no person:
	// "the Single European Sky", "a European Aviation Strategy".
	region := hasArea(mt.cands)
	if next >= 0 {
		nt := toks[next].Text
		// "Jordan said": a speaker (a person or a country named like
		// one), not a location; but "Beijing said" is a capital or big
		// city speaking for its government.
		// After a locative word it is a place: "in Canada claimed".
		if m.lx.Speech[strings.ToLower(nt)] && (country || !strong(mt.cands)) && !m.locativeBefore(toks, mt.i) {
			return "", false
		}
		// "Jordan Peterson": a first name before a capitalised surname,
		// unless the next word is a place feature ("Mosul Dam") or a
		// country or demonym ("Iraq Syria border").
		if next == mt.i+1 && capitalised(nt) && !allCaps(nt) && !m.lx.Feature[strings.ToLower(nt)] && !m.isCountryWord(nt) && !calendarWord(nt) &&
			!region && !m.placeFirst(toks, mt) {
			if m.lx.SentenceStart[low] {
				// "Metro Vancouver", "Central Texas": a common word
				// before a name is its modifier, no first name.
				return "", false
			}
			m.persons[strings.ToLower(nt)] = true
			m.personEnd = toks[mt.i].End
			return "", false
		}
	}
	// "Joe Inwood": a surname after a capitalised first name. The word
	// before must be a plain capitalised word that is not itself a place,
	// demonym, direction or sentence-initial common word.
	// Country names are rarely surnames: "Considering Tunisia's interest".
	if prev == mt.i-1 && prev >= 0 && capitalised(toks[prev].Text) && !allCaps(toks[prev].Text) && !country && !region {
		pl := strings.ToLower(toks[prev].Text)
		// A common English word before ("The Moscow Times", "Considering
		// Tunisia") is no first name.
		// A gerund or past participle opening a sentence ("Capturing
		// Manbij would ...") is a verb, not a first name.
		verb := atSentenceStart(toks, prev) && (strings.HasSuffix(pl, "ing") || strings.HasSuffix(pl, "ed"))
		if !verb && !m.lx.SentenceStart[pl] && m.lx.Direction[pl] == "" && !m.isCountryWord(toks[prev].Text) && !m.lx.Feature[pl] && !m.probe(toks[prev].Text).known {
			m.persons[low] = true
			m.personEnd = toks[mt.i].End
			return "", false
		}
	}
	// A one-word name whose every sense is a small place needs the
	// grammar of a place: a locative word before it ("in Kelleyland",
	// "from Smyrna") or a comma and a region after it ("Smyrna, Ga.").
	// Otherwise it is more often a surname or a common word ("Scott",
	// "Bassett").
	if smallPlaces(mt.cands) && !m.locativeBefore(toks, mt.i) && !(next == mt.i+1 && toks[next].Text == ",") &&
		!(next == mt.i+1 && residentNoun(toks[next].Text)) &&
		!(mt.i+1 < len(toks) && toks[mt.i+1].Text == ",") && !m.placeFirst(toks, mt) {
		return "", false
	}
	return "gazetteer:name", true
}

// smallPlaces reports whether every candidate is a populated place of
// under 10,000 people that is no seat of government.
func smallPlaces(cands []gazetteer.Entry) bool {
	for i := range cands {
		c := &cands[i]
		if c.FeatureClass != "P" || c.Population >= 10000 || c.FeatureCode == "PPLC" || c.FeatureCode == "PPLA" || c.FeatureCode == "PPLA2" {
			return false
		}
	}
	return len(cands) > 0
}

// locativeBefore reports whether a locative word ("in", "near", "from")
// stands right before token i, or before "the".
func (m *matcher) locativeBefore(toks []evident.Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		w := strings.ToLower(toks[k].Text)
		if m.lx.Locative[w] {
			return true
		}
		if w != "the" {
			return false
		}
	}
	return false
}

func (m *matcher) isCountryWord(w string) bool {
	p := m.probe(w)
	return p.demonym != "" || hasCountry(p.cands)
}

func (m *matcher) mention(si int, toks []evident.Token, mt match, rule string) evident.Mention {
	start, end := toks[mt.i].Start, toks[mt.i+mt.n-1].End
	men := evident.Mention{
		Kind: evident.KindPlace, Span: evident.Span{Start: start, End: end},
		Text: m.text[start:end], Sentence: si, Rule: rule,
	}
	var p *evident.Place
	if mt.demonym != "" {
		if e, ok := m.cache.countryEntry(m.gaz, mt.demonym); ok {
			p = e.Place()
		} else {
			p = &evident.Place{CountryCode: mt.demonym}
		}
		p.Demonym = true
		men.Confidence = 0.75
	} else {
		best := Prominent(mt.cands)
		p = best.Place()
		switch {
		case mt.n > 1:
			men.Confidence = 0.9
		case atSentenceStart(toks, mt.i):
			men.Confidence = 0.7
		default:
			men.Confidence = 0.85
		}
		// "Iraq's" and country names before a noun are adjectival uses.
		if best.IsCountry() {
			if nx := mt.i + mt.n; nx < len(toks) && isPossessive(toks[nx].Text) {
				p.Demonym = true
				men.Rule = "demonym:possessive"
			}
		}
	}
	if rel := m.relative(toks, mt.i); rel != "" {
		p.Relative = rel
	}
	men.Place = p
	return men
}

// relative returns the relative cue before token i: a direction word
// ("west Mosul", "western Mosul"), a direction with "of" ("south of
// Mosul", "a few miles south of Mosul") or a proximity cue ("near",
// "outside", "on the outskirts of").
func (m *matcher) relative(toks []evident.Token, i int) string {
	p := i - 1
	if p < 0 {
		return ""
	}
	w := strings.ToLower(toks[p].Text)
	if d := m.lx.Direction[w]; d != "" {
		return d
	}
	if w == "of" && p >= 1 {
		if d := m.lx.Direction[strings.ToLower(toks[p-1].Text)]; d != "" {
			return d + " of"
		}
	}
	best := []string(nil) // the longest matching cue
	for _, cue := range m.lx.Near {
		if p+1 < len(cue) || len(cue) <= len(best) {
			continue
		}
		ok := true
		for k := range cue {
			if !strings.EqualFold(toks[p-len(cue)+1+k].Text, cue[k]) {
				ok = false
				break
			}
		}
		if ok {
			best = cue
		}
	}
	return strings.Join(best, " ")
}

// Prominent returns the candidate a reader assumes without context:
// highest feature rank, then population, then gazetteer order. It returns
// the zero Entry for no candidates.
func Prominent(cands []gazetteer.Entry) gazetteer.Entry {
	if len(cands) == 0 {
		return gazetteer.Entry{}
	}
	best := 0
	for i := 1; i < len(cands); i++ {
		if prior(&cands[i]) > prior(&cands[best]) {
			best = i
		}
	}
	return cands[best]
}

func hasArea(cands []gazetteer.Entry) bool {
	for i := range cands {
		if cands[i].FeatureClass == "L" {
			return true
		}
	}
	return false
}

func hasAdmin1(cands []gazetteer.Entry) bool {
	for i := range cands {
		if cands[i].FeatureCode == "ADM1" {
			return true
		}
	}
	return false
}

func isDatelineMark(s string) bool {
	switch s {
	case ",", "-", "—", "–", "(":
		return true
	}
	return false
}

// strong reports whether a candidate is prominent enough to be read as a
// place even when its name is a common word: a country, a capital or a
// place of at least 100,000 people.
func strong(cands []gazetteer.Entry) bool {
	for i := range cands {
		c := &cands[i]
		if c.IsCountry() || c.FeatureCode == "PPLC" || c.Population >= 100000 {
			return true
		}
	}
	return false
}

// isContraction reports whether a word is an English contraction
// ("we're", "I've", "don't").
func isContraction(w string) bool {
	if !strings.ContainsAny(w, "'’") {
		return false
	}
	w = strings.ReplaceAll(strings.ToLower(w), "’", "'")
	for _, suf := range []string{"'re", "'ve", "'ll", "'d", "'m", "n't"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

func hasCountry(cands []gazetteer.Entry) bool {
	for i := range cands {
		if cands[i].IsCountry() {
			return true
		}
	}
	return false
}

func isWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func isPossessive(s string) bool { return s == "'s" || s == "’s" || s == "'" || s == "’" }

// capitalised reports whether a token may start or end a name: an upper-
// case first letter, a letter of an uncased script (Arabic), or a
// lower-case Arabic article joined to a capitalised word ("al-Qaim").
func capitalised(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if unicode.IsUpper(r) || unicode.IsTitle(r) {
		return true
	}
	if unicode.IsLetter(r) && !unicode.IsLower(r) {
		return true
	}
	_ = size
	if len(s) < 4 || s[0] != 'a' && s[0] != 'e' {
		return false
	}
	if i := strings.IndexAny(s[:min(len(s), 6)], "-‐"); i >= 2 && i <= 3 {
		switch s[:i] {
		case "al", "el", "ad", "ar", "as", "an", "at", "az":
			r2, _ := utf8.DecodeRuneInString(s[i+1:])
			if r2 == utf8.RuneError {
				r2, _ = utf8.DecodeRuneInString(s[i+3:])
			}
			return unicode.IsUpper(r2)
		}
	}
	return false
}

// allCaps reports whether every letter is upper case and there are at
// least two ("UK", "U.S.", "IS").
func allCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// atSentenceStart reports whether token i is the first word of its
// sentence or follows an opening quote, colon or dash.
func atSentenceStart(toks []evident.Token, i int) bool {
	for j := i - 1; j >= 0; j-- {
		t := toks[j].Text
		if isWord(t) {
			return false
		}
		switch t {
		case ":", "\"", "“", "‘", "'", "—", "–", "(", "[":
			return true
		}
	}
	return true
}

func prevWord(toks []evident.Token, i int) int {
	if i-1 >= 0 && isWord(toks[i-1].Text) {
		return i - 1
	}
	return -1
}

func nextWord(toks []evident.Token, i int) int {
	if i < len(toks) && isWord(toks[i].Text) {
		return i
	}
	return -1
}

// calendarWords are weekday and month names: "in Baghdad Tuesday" is a
// place and a day, not a first name and a surname.
var calendarWords = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true}

func calendarWord(s string) bool {
	var kb [32]byte
	return calendarWords[lowerKey(&kb, strings.TrimSuffix(s, "."))]
}
