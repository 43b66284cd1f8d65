package actors

import (
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// fileData is the YAML document described in docs/actors.md.
type fileData struct {
	Version int `yaml:"version"`
	// Extends is "" or "default": a file that extends the default data
	// adds to it and replaces its entries by key (country code, actor or
	// generic name).
	Extends     string        `yaml:"extends"`
	Countries   []countryData `yaml:"countries"`
	Actors      []actorData   `yaml:"actors"`
	Generics    []genericData `yaml:"generics"`
	MemberNouns []aliasData   `yaml:"member_nouns"`
	// StopPhrases match like aliases but yield no mention: "AA
	// batteries", "PDF file". They guard acronyms against common words.
	StopPhrases []aliasData `yaml:"stop_phrases"`
}

type countryData struct {
	Code string `yaml:"code"`
	// Name is the ACLED country name used in "Civilians (%s)".
	Name string `yaml:"name"`
	// ForcesName is the name used in "Military Forces of %s" when it
	// differs from Name ("the United States").
	ForcesName string `yaml:"forces_name"`
	// Period is the ACLED period appended to state forces: "2014-".
	Period string `yaml:"period"`
	// Side is the side of the country's state forces; "<code>-government"
	// when empty.
	Side       string      `yaml:"side"`
	Adjectives []aliasData `yaml:"adjectives"`
	// OtherNames are further names Localise accepts for the country, such
	// as the gazetteer's ("Democratic Republic of the Congo").
	OtherNames []string `yaml:"other_names"`
	Disabled   bool     `yaml:"disabled"`
	Note       string   `yaml:"note"`
}

type actorData struct {
	Name       string      `yaml:"name"`
	Inter      int         `yaml:"inter"`
	Country    string      `yaml:"country"`
	Side       string      `yaml:"side"`
	Confidence float64     `yaml:"confidence"`
	Aliases    []aliasData `yaml:"aliases"`
	// ByCountry makes the actor contextual: its mentions are generic, and
	// Localise turns them into the actor named here for the event's
	// country code ("coalition" in Afghanistan is ISAF), or leaves them
	// as this actor elsewhere.
	ByCountry map[string]string `yaml:"by_country"`
	Disabled  bool              `yaml:"disabled"`
	Note      string            `yaml:"note"`
}

type genericData struct {
	Name     string `yaml:"name"`
	Template string `yaml:"template"`
	Inter    int    `yaml:"inter"`
	// State marks state forces: their localised name takes the country's
	// forces_name and period, and the country's side.
	State      bool    `yaml:"state"`
	Confidence float64 `yaml:"confidence"`
	// Terms match on their own (generic actor) and after a country
	// adjective; QualifiedTerms only after a country adjective.
	Terms          []aliasData `yaml:"terms"`
	QualifiedTerms []aliasData `yaml:"qualified_terms"`
	Disabled       bool        `yaml:"disabled"`
	Note           string      `yaml:"note"`
}

// aliasData is an alias, term, adjective or member noun: a plain string or
// a mapping {text, case, confidence}.
type aliasData struct {
	Text string `yaml:"text"`
	// Case is "", "exact" or "fold". Empty means exact for text written
	// in capitals only ("IS", "U.S."), fold otherwise.
	Case       string  `yaml:"case"`
	Confidence float64 `yaml:"confidence"`
	line       int
}

func (a *aliasData) UnmarshalYAML(n *yaml.Node) error {
	a.line = n.Line
	switch n.Kind {
	case yaml.ScalarNode:
		a.Text = n.Value
		return nil
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			var err error
			switch k.Value {
			case "text":
				err = v.Decode(&a.Text)
			case "case":
				err = v.Decode(&a.Case)
			case "confidence":
				err = v.Decode(&a.Confidence)
			default:
				return fmt.Errorf("line %d: unknown alias field %q (want text, case, confidence)", k.Line, k.Value)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("line %d: an alias is a string or a mapping {text, case, confidence}", n.Line)
}

func parseData(r io.Reader) (*fileData, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var f fileData
	if err := dec.Decode(&f); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("empty actor data")
		}
		return nil, err
	}
	if f.Version != 1 {
		return nil, fmt.Errorf("version: got %d, want 1", f.Version)
	}
	switch f.Extends {
	case "", "default":
	default:
		return nil, fmt.Errorf("extends: got %q, want \"default\" or nothing", f.Extends)
	}
	return &f, nil
}

// merge returns base with over's entries added; an entry of over replaces
// the base entry with the same key, and a disabled one removes it.
func merge(base, over *fileData) *fileData {
	out := &fileData{Version: 1}
	out.Countries = mergeBy(base.Countries, over.Countries,
		func(c countryData) string { return strings.ToUpper(c.Code) },
		func(c countryData) bool { return c.Disabled })
	out.Actors = mergeBy(base.Actors, over.Actors,
		func(a actorData) string { return a.Name },
		func(a actorData) bool { return a.Disabled })
	out.Generics = mergeBy(base.Generics, over.Generics,
		func(g genericData) string { return g.Name },
		func(g genericData) bool { return g.Disabled })
	out.MemberNouns = append(append([]aliasData(nil), base.MemberNouns...), over.MemberNouns...)
	out.StopPhrases = append(append([]aliasData(nil), base.StopPhrases...), over.StopPhrases...)
	return out
}

func mergeBy[T any](base, over []T, key func(T) string, disabled func(T) bool) []T {
	idx := make(map[string]int, len(base))
	out := make([]T, 0, len(base)+len(over))
	for _, b := range base {
		idx[key(b)] = len(out)
		out = append(out, b)
	}
	drop := map[int]bool{}
	for i, b := range out {
		drop[i] = disabled(b)
	}
	for _, o := range over {
		if i, ok := idx[key(o)]; ok {
			out[i] = o
			drop[i] = disabled(o)
			continue
		}
		if !disabled(o) {
			idx[key(o)] = len(out)
			out = append(out, o)
		}
	}
	kept := out[:0]
	for i, x := range out {
		if !drop[i] {
			kept = append(kept, x)
		}
	}
	return kept
}
