// Package actors recognises conflict actors in text: named ones from an
// extendable dictionary ("Islamic State", "Military Forces of Iraq
// (2014-)"), a country adjective before a force noun ("Iraqi forces",
// "Turkish jets", "Iraqi police"), and generic ones ("gunmen",
// "civilians") whose country comes later from context (see Localise).
//
// The dictionary is YAML, embedded from data/actors.yaml; docs/actors.md
// describes the format, how to extend or override it, ACLED naming and
// inter codes. Stage is the pipeline stage; Matcher does the work.
package actors

import (
	"bytes"
	"embed"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/evident-org/evident"
)

//go:embed data/actors.yaml
var dataFS embed.FS

const defaultPath = "data/actors.yaml"

// Matcher holds a compiled actor dictionary. It is immutable after Load
// and safe for concurrent use.
type Matcher struct {
	actors    []evident.Actor
	byName    map[string]int
	countries []country
	countryBy map[string]int // code and lower-cased name → index
	groups    []group
	groupBy   map[string]int
	// contextual maps a contextual actor (by_country) to the actor it
	// becomes in a country, by country code.
	contextual map[int]map[string]int
	// adjActors[country*len(groups)+group] is the actor of a country
	// adjective followed by one of the group's nouns.
	adjActors []evident.Actor
	vocab     map[string]int32
	table     vocabTable // vocab for matching
	pats      []pattern
	main      trie // aliases, country adjectives, generic terms
	noun      trie // terms after a country adjective
	member    trie // member nouns after a named actor
}

var defaultMatcher = sync.OnceValues(func() (*Matcher, error) {
	f, err := defaultData()
	if err != nil {
		return nil, err
	}
	return build(f, "actors/"+defaultPath)
})

// Default returns the Matcher of the embedded dictionary, compiled once
// per process. The tests ensure the embedded data is valid, so an error
// here means a broken build.
func Default() (*Matcher, error) { return defaultMatcher() }

func defaultData() (*fileData, error) {
	b, err := dataFS.ReadFile(defaultPath)
	if err != nil {
		return nil, err
	}
	return parseData(bytes.NewReader(b))
}

// Load reads a dictionary in the format of docs/actors.md. A file with
// "extends: default" is merged over the embedded dictionary. Errors are
// *evident.Error with code EINVALID.
func Load(r io.Reader) (*Matcher, error) { return load(r, "") }

// LoadFile is Load for a file, typically a user's override of the default
// dictionary. Errors name the file.
func LoadFile(path string) (*Matcher, error) {
	f, err := os.Open(path)
	if err != nil {
		code := evident.EINVALID
		if os.IsNotExist(err) {
			code = evident.ENOTFOUND
		}
		return nil, &evident.Error{Code: code, Input: path, Message: "actors: open dictionary", Err: err}
	}
	defer f.Close()
	return load(f, path)
}

func load(r io.Reader, input string) (*Matcher, error) {
	f, err := parseData(r)
	if err != nil {
		return nil, &evident.Error{Code: evident.EINVALID, Input: input, Message: "actors: parse dictionary", Err: err}
	}
	if f.Extends == "default" {
		base, err := defaultData()
		if err != nil {
			return nil, &evident.Error{Code: evident.EINTERNAL, Input: input, Message: "actors: embedded dictionary", Err: err}
		}
		f = merge(base, f)
	}
	return build(f, input)
}

func build(f *fileData, input string) (*Matcher, error) {
	m, problems := compile(f)
	if len(problems) > 0 {
		msg := problems
		if len(msg) > 10 {
			msg = append(msg[:10:10], "...")
		}
		return nil, evident.Errorf(evident.EINVALID, input, "actors: invalid dictionary: %s", strings.Join(msg, "; "))
	}
	return m, nil
}

// Lookup returns the dictionary actor with the given ACLED name.
func (m *Matcher) Lookup(name string) (evident.Actor, bool) {
	i, ok := m.byName[name]
	if !ok {
		return evident.Actor{}, false
	}
	return m.actors[i], true
}

// Actors returns a copy of the dictionary's named actors, in data order.
func (m *Matcher) Actors() []evident.Actor { return append([]evident.Actor(nil), m.actors...) }

// Localise fills in a generic actor's country: "Civilians" becomes
// "Civilians (Iraq)", "Military Forces" becomes "Military Forces of Iraq
// (2014-)" with the country's period and government side. country is an
// ISO alpha-2 code or a country name; a country missing from the data is
// used as given, without code or period. A contextual actor (by_country
// in the data: "coalition forces") becomes the actor its table names for
// the country ("ISAF: International Security Assistance Force" in
// Afghanistan) and stays as it is in other countries. Actors that are not
// generic, already localised, or whose name is neither a generic nor a
// contextual actor of the data are returned unchanged. The result keeps
// Generic true: the country came from context, not from the mention.
func (m *Matcher) Localise(a evident.Actor, country string) evident.Actor {
	if !a.Generic || a.CountryCode != "" || country == "" {
		return a
	}
	gi, isGroup := m.groupBy[a.Name]
	var to map[string]int
	if !isGroup {
		ai, ok := m.byName[a.Name]
		if !ok {
			return a
		}
		if to = m.contextual[ai]; to == nil {
			return a
		}
	}
	ci, ok := m.countryBy[strings.ToLower(country)]
	if !ok && len(country) == 2 {
		ci, ok = m.countryBy[strings.ToUpper(country)]
	}
	if !isGroup {
		if !ok {
			return a
		}
		j, ok := to[m.countries[ci].code]
		if !ok {
			return a
		}
		out := m.actors[j]
		out.Generic = true
		return out
	}
	if ok {
		return m.localised(gi, m.countries[ci])
	}
	out := m.localised(gi, country2(country))
	out.CountryCode = ""
	out.Side = ""
	return out
}

func country2(name string) country { return country{name: name, forcesName: name} }

// Localise is Default().Localise; it fits events.Build's Localise field.
// Should the embedded dictionary fail to load, a is returned unchanged.
func Localise(a evident.Actor, countryName string) evident.Actor {
	m, err := Default()
	if err != nil {
		return a
	}
	return m.Localise(a, countryName)
}

// EventInter returns the inter code actor a takes in an event in
// eventCountry (ISO alpha-2): ACLED codes state forces acting outside
// their own country as external forces (8). Other actors keep their code.
func EventInter(a evident.Actor, eventCountry string) int {
	if a.Inter == evident.InterStateForces && a.CountryCode != "" && eventCountry != "" && a.CountryCode != eventCountry {
		return evident.InterExternal
	}
	return a.Inter
}
