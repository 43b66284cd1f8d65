package events

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"gopkg.in/yaml.v3"

	"github.com/evident-org/evident"
)

//go:embed data/triggers.yaml data/cues.yaml data/taxonomy.tsv data/document.yaml data/senses.yaml
var dataFS embed.FS

// TriggerEntry is one entry of the trigger lexicon (data/triggers.yaml).
type TriggerEntry struct {
	Forms        []string          `yaml:"forms"`
	SubEventType string            `yaml:"sub_event_type"`
	ByTarget     map[string]string `yaml:"by_target"` // keys: civilians, protesters, armed
	Tags         []string          `yaml:"tags"`
	Lethal       bool              `yaml:"lethal"`
	Civilians    bool              `yaml:"civilians"`
	Nominal      bool              `yaml:"nominal"`
	Participants bool              `yaml:"participants"`
	Outcome      bool              `yaml:"outcome"`
	Confidence   float64           `yaml:"confidence"`
	ExceptNext   []string          `yaml:"except_next"`
	ExceptPrev   []string          `yaml:"except_prev"`
	// With lists companion words or phrases, one of which must occur
	// within WithWindow tokens of the form (either side, same sentence):
	// "seized" is a disrupted weapons use only with "weapons", "ammunition"...
	With []string `yaml:"with"`
	// WithWindow is the companion window in tokens. Default 10.
	WithWindow int `yaml:"with_window"`
	// WithPlace also accepts a place name within the window as a companion
	// ("captured Mokha").
	WithPlace bool `yaml:"with_place"`
	// ByActor1 refines SubEventType by the perpetrator's class: "state"
	// (inter 1 or 8) or "nonstate" (inter 2-4): "captured" a town is a
	// government regaining territory or a non-state actor overtaking it.
	ByActor1 map[string]string `yaml:"by_actor1"`

	with [][]string
}

// CueEntry is one entry of the discourse cue lexicon (data/cues.yaml).
type CueEntry struct {
	Type       evident.CueType `yaml:"type"`
	Scope      string          `yaml:"scope"` // sentence, before, window
	Forms      []string        `yaml:"forms"`
	ExceptNext []string        `yaml:"except_next"`
}

// SubEventInfo is one row of the ACLED taxonomy.
type SubEventInfo struct {
	SubEventType, EventType, DisorderType string
}

// Lexicon holds the trigger and cue lexicons and the taxonomy. It is
// read-only after Load and safe for concurrent use.
type Lexicon struct {
	Triggers []TriggerEntry
	Cues     []CueEntry
	Taxonomy map[string]SubEventInfo
	// Location holds the words that tell where an event happened.
	Location LocationWords
	// Context holds the sentence-level words that refine an event's type
	// (targets, the protest frame) or veto it (not conflict).
	Context ContextWords
	// Document holds the words of the document level (data/document.yaml).
	Document DocumentWords
	// Senses holds the words that decide a trigger's sense and a
	// document's domain (data/senses.yaml; see Sense).
	Senses SenseWords
	// Hash identifies the lexicon content; it is part of the extractor version.
	Hash string

	triggers phraseIndex // payload: index into Triggers
	cues     phraseIndex // payload: index into Cues
}

// DefaultLexicon loads the lexicons embedded in the binary.
func DefaultLexicon() (*Lexicon, error) {
	read := func(name string) ([]byte, error) { return dataFS.ReadFile("data/" + name) }
	return loadLexicon(read, "embedded")
}

// LoadLexiconDir loads triggers.yaml, cues.yaml, senses.yaml and
// taxonomy.tsv from dir; a file missing from dir falls back to the
// embedded one, so users can override one lexicon at a time.
func LoadLexiconDir(dir string) (*Lexicon, error) {
	read := func(name string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if os.IsNotExist(err) {
			return dataFS.ReadFile("data/" + name)
		}
		return b, err
	}
	return loadLexicon(read, dir)
}

// LocationWords are read from the "location" section of cues.yaml. The
// event builder looks back from a place name over Skip words ("the
// Iraqi city of", "the outskirts of") to the word that governs it.
type LocationWords struct {
	// Locative words say the event happened at the place: "in Mosul",
	// "near Raqqa", "outside Aleppo".
	Locative []string `yaml:"locative"`
	// Origin words say the place is somewhere else: "fled from Mosul",
	// "headed towards Raqqa".
	Origin []string `yaml:"origin"`
	// Skip words may stand between the governing word and the place.
	Skip []string `yaml:"skip"`

	locative, origin, skip map[string]bool
}

func (w *LocationWords) compile() {
	set := func(words []string) map[string]bool {
		m := make(map[string]bool, len(words))
		for _, x := range words {
			m[strings.ToLower(x)] = true
		}
		return m
	}
	w.locative, w.origin, w.skip = set(w.Locative), set(w.Origin), set(w.Skip)
}

func loadLexicon(read func(string) ([]byte, error), where string) (*Lexicon, error) {
	h := sha256.New()
	var lx Lexicon
	trig, err := read("triggers.yaml")
	if err != nil {
		return nil, err
	}
	var tf struct {
		Triggers []TriggerEntry `yaml:"triggers"`
	}
	if err := yaml.Unmarshal(trig, &tf); err != nil {
		return nil, fmt.Errorf("%s/triggers.yaml: %w", where, err)
	}
	cue, err := read("cues.yaml")
	if err != nil {
		return nil, err
	}
	var cf struct {
		Cues        []CueEntry          `yaml:"cues"`
		Location    LocationWords       `yaml:"location"`
		Targets     map[string][]string `yaml:"targets"`
		Protest     map[string][]string `yaml:"protest"`
		NonConflict map[string][]string `yaml:"nonconflict"`
		Transfer    []string            `yaml:"transfer"`
	}
	if err := yaml.Unmarshal(cue, &cf); err != nil {
		return nil, fmt.Errorf("%s/cues.yaml: %w", where, err)
	}
	tax, err := read("taxonomy.tsv")
	if err != nil {
		return nil, err
	}
	lx.Taxonomy, err = parseTaxonomy(bytes.NewReader(tax))
	if err != nil {
		return nil, fmt.Errorf("%s/taxonomy.tsv: %w", where, err)
	}
	docw, err := read("document.yaml")
	if err != nil {
		return nil, fmt.Errorf("%s/document.yaml: %w", where, err)
	}
	sen, err := read("senses.yaml")
	if err != nil {
		return nil, err
	}
	if lx.Senses, err = parseSenses(sen); err != nil {
		return nil, fmt.Errorf("%s/senses.yaml: %w", where, err)
	}
	h.Write(trig)
	h.Write(cue)
	h.Write(tax)
	h.Write(docw)
	h.Write(sen)
	lx.Hash = hex.EncodeToString(h.Sum(nil))[:8]
	lx.Triggers, lx.Cues, lx.Location = tf.Triggers, cf.Cues, cf.Location
	lx.Location.compile()
	if lx.Context.Targets, err = newWordClasses(cf.Targets, "civilians", "armed"); err != nil {
		return nil, fmt.Errorf("%s/cues.yaml: targets: %w", where, err)
	}
	if lx.Context.Protest, err = newWordClasses(cf.Protest, "lethal", "violent", "force", "intervention"); err != nil {
		return nil, fmt.Errorf("%s/cues.yaml: protest: %w", where, err)
	}
	if lx.Context.Transfer, err = newWordClasses(map[string][]string{"transfer": cf.Transfer}); err != nil {
		return nil, fmt.Errorf("%s/cues.yaml: transfer: %w", where, err)
	}
	if lx.Context.NonConflict, err = newWordClasses(cf.NonConflict); err != nil {
		return nil, fmt.Errorf("%s/cues.yaml: nonconflict: %w", where, err)
	}
	if lx.Document, err = loadDocumentWords(docw, where); err != nil {
		return nil, err
	}
	for i := range lx.Triggers {
		e := &lx.Triggers[i]
		if e.Confidence == 0 {
			e.Confidence = 0.7
		}
		if _, ok := lx.Taxonomy[e.SubEventType]; !ok {
			return nil, fmt.Errorf("%s/triggers.yaml: entry %d (%v): unknown sub_event_type %q", where, i+1, first(e.Forms), e.SubEventType)
		}
		if e.WithWindow == 0 {
			e.WithWindow = 10
		}
		for _, w := range e.With {
			e.with = append(e.with, splitPhrase(w))
		}
		for k, v := range e.ByActor1 {
			if k != "state" && k != "nonstate" {
				return nil, fmt.Errorf("%s/triggers.yaml: entry %d: by_actor1 key %q is not state or nonstate", where, i+1, k)
			}
			if _, ok := lx.Taxonomy[v]; !ok {
				return nil, fmt.Errorf("%s/triggers.yaml: entry %d: by_actor1 %s: unknown sub_event_type %q", where, i+1, k, v)
			}
		}
		for k, v := range e.ByTarget {
			if _, ok := lx.Taxonomy[v]; !ok {
				return nil, fmt.Errorf("%s/triggers.yaml: entry %d: by_target %s: unknown sub_event_type %q", where, i+1, k, v)
			}
		}
		for _, f := range e.Forms {
			lx.triggers.add(f, i, e.ExceptNext, e.ExceptPrev)
		}
	}
	for i := range lx.Cues {
		e := &lx.Cues[i]
		switch e.Scope {
		case "sentence", "before", "window":
		default:
			return nil, fmt.Errorf("%s/cues.yaml: entry %d: scope %q is not sentence, before or window", where, i+1, e.Scope)
		}
		for _, f := range e.Forms {
			lx.cues.add(f, i, e.ExceptNext, nil)
		}
	}
	lx.triggers.sort()
	lx.cues.sort()
	return &lx, nil
}

// ContextWords are read from the targets, protest and nonconflict
// sections of cues.yaml.
type ContextWords struct {
	Targets, Protest, NonConflict, Transfer WordClasses
}

// WordClasses finds words and phrases of named classes in a sentence.
type WordClasses struct {
	Names []string
	index phraseIndex // payload: index into Names
}

// newWordClasses compiles classes; when want is given, exactly those
// classes must be present.
func newWordClasses(m map[string][]string, want ...string) (WordClasses, error) {
	var w WordClasses
	for _, k := range want {
		if _, ok := m[k]; !ok {
			return w, fmt.Errorf("missing class %q", k)
		}
	}
	for k := range m {
		if len(want) > 0 && !slices.Contains(want, k) {
			return w, fmt.Errorf("unknown class %q (want %s)", k, strings.Join(want, ", "))
		}
		w.Names = append(w.Names, k)
	}
	slices.Sort(w.Names)
	for i, k := range w.Names {
		for _, f := range m[k] {
			w.index.add(f, i, nil, nil)
		}
	}
	w.index.sort()
	return w, nil
}

// classMatch is a word of class Class found at tokens [I, J).
type classMatch struct {
	Class string
	I, J  int
}

// Find returns the class words in lower-cased tokens, in text order.
func (w *WordClasses) Find(lower []string) []classMatch {
	ms := w.index.find(lower, nil)
	out := make([]classMatch, len(ms))
	for k, m := range ms {
		out[k] = classMatch{Class: w.Names[m.payload], I: m.i, J: m.j}
	}
	return out
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func parseTaxonomy(r io.Reader) (map[string]SubEventInfo, error) {
	out := map[string]SubEventInfo{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "sub_event_type\t") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: want 3 tab-separated columns, got %d", line, len(f))
		}
		out[f[0]] = SubEventInfo{SubEventType: f[0], EventType: f[1], DisorderType: f[2]}
	}
	return out, sc.Err()
}

// phraseIndex finds lexicon phrases in a token sequence. Phrases are
// indexed by their first lower-cased token; candidates are tried longest
// first, so one pass over the tokens suffices.
type phraseIndex struct {
	byFirst map[string][]phrase
	// filter is a blocked Bloom filter of the keys of byFirst (two bits
	// of one word a key, see mayStart): most tokens of a sentence start no
	// phrase, and the filter spares them the map access.
	filter [filterWords]uint64
}

type phrase struct {
	words      []string
	payload    int
	exceptNext []string
	exceptPrev []string
}

// filterWords is the size of phraseIndex.filter in words (of 64 bits).
const filterWords = 1024

// filterMask returns the word and the two-bit mask of w in
// phraseIndex.filter, from a hash of its length and five of its bytes
// (first, last, and a quarter, half and three quarters in); w must not be
// empty.
func filterMask(w string) (int, uint64) {
	n := len(w)
	h := (uint64(n) | uint64(w[0])<<8 | uint64(w[n>>1])<<16 | uint64(w[n-1])<<24 | uint64(w[n>>2])<<32 | uint64(w[n*3>>2])<<40) * 0x9e3779b97f4a7c15
	return int(h >> 42 & (filterWords - 1)), 1<<(h>>58) | 1<<(h>>52&63)
}

// mayStart reports whether a phrase may start with the lower-cased token
// w: false for most tokens, which are then no map access. (find and
// findAll repeat its test, which the compiler does not inline.)
func (x *phraseIndex) mayStart(w string) bool {
	if w == "" {
		return false
	}
	i, m := filterMask(w)
	return x.filter[i]&m == m
}

func (x *phraseIndex) add(form string, payload int, exceptNext, exceptPrev []string) {
	words := splitPhrase(form)
	if len(words) == 0 {
		return
	}
	if x.byFirst == nil {
		x.byFirst = map[string][]phrase{}
	}
	i, m := filterMask(words[0])
	x.filter[i] |= m
	x.byFirst[words[0]] = append(x.byFirst[words[0]], phrase{words: words, payload: payload, exceptNext: exceptNext, exceptPrev: exceptPrev})
}

func (x *phraseIndex) sort() {
	for _, ps := range x.byFirst {
		slices.SortStableFunc(ps, func(a, b phrase) int { return len(b.words) - len(a.words) })
	}
}

// splitPhrase tokenises a lexicon form the way segment tokenises text,
// lower-cased: "didn't" stays one word, "set fire" is two.
func splitPhrase(form string) []string {
	return strings.Fields(strings.ToLower(form))
}

// match is a phrase found at token positions [i, j).
type match struct {
	i, j    int
	payload int
}

// find returns the non-overlapping matches in lower-cased tokens, longest
// first at each position. accept, when not nil, can reject a match (a
// trigger whose companion words are missing), and the next candidate at
// the same position is tried.
func (x *phraseIndex) find(lower []string, accept func(payload, i, j int) bool) []match {
	var out []match
	for i := 0; i < len(lower); i++ {
		if w := lower[i]; w == "" {
			continue
		} else if k, m := filterMask(w); x.filter[k]&m != m {
			continue // !x.mayStart(w)
		}
		for _, p := range x.byFirst[lower[i]] {
			if i+len(p.words) > len(lower) || !slices.Equal(lower[i:i+len(p.words)], p.words) {
				continue
			}
			j := i + len(p.words)
			if j < len(lower) && slices.Contains(p.exceptNext, lower[j]) {
				continue
			}
			if i > 0 && slices.Contains(p.exceptPrev, lower[i-1]) {
				continue
			}
			if accept != nil && !accept(p.payload, i, j) {
				continue
			}
			out = append(out, match{i: i, j: j, payload: p.payload})
			i = j - 1
			break
		}
	}
	return out
}

// lowerTokens returns the lower-cased texts of tokens, with the curly
// apostrophe folded to ASCII so "didn’t" matches "didn't".
//
// Most tokens are lower-case ASCII already and are returned as they are;
// the other ASCII ones are lower-cased into one buffer for the sentence,
// so a sentence costs two allocations, not one per capitalised word.
// Tokens with other bytes take the general path (strings.ToLower).
func lowerTokens(ts []evident.Token) []string {
	out := make([]string, len(ts))
	n := 0 // bytes of the ASCII tokens that need lower-casing
	for i, t := range ts {
		switch asciiCase(t.Text) {
		case asciiLower:
			out[i] = t.Text
		case asciiUpper:
			n += len(t.Text)
		default:
			s := t.Text
			if strings.Contains(s, "’") {
				s = strings.ReplaceAll(s, "’", "'")
			}
			out[i] = strings.ToLower(s)
		}
	}
	if n == 0 {
		return out
	}
	buf := make([]byte, 0, n)
	for i, t := range ts {
		if out[i] != "" || t.Text == "" {
			continue
		}
		start := len(buf)
		for k := 0; k < len(t.Text); k++ {
			c := t.Text[k]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
		}
		// buf never grows past its capacity and is not written again.
		out[i] = unsafe.String(&buf[start], len(t.Text))
	}
	return out
}

const (
	asciiLower = iota // ASCII without upper-case letters
	asciiUpper        // ASCII with an upper-case letter
	notASCII
)

// asciiCase classifies s for lowerTokens.
func asciiCase(s string) int {
	var high, upper byte
	for k := 0; k < len(s); k++ {
		c := s[k]
		high |= c
		if c-'A' < 26 {
			upper = 1
		}
	}
	switch {
	case high >= utf8.RuneSelf:
		return notASCII
	case upper != 0:
		return asciiUpper
	}
	return asciiLower
}
