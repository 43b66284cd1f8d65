// Package geoparse finds toponyms in segmented text (Recognise) and
// resolves each to a gazetteer entry (Resolve). Both are evident.Stage
// values over a *gazetteer.Gazetteer; the context words they use live in
// an embedded data file (data/lexicon.txt) that callers may replace.
package geoparse

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
)

//go:embed data/lexicon.txt
var defaultLexicon string

// Lexicon holds the context words of the recogniser. Every key is lower
// case; see data/lexicon.txt for what each section means.
type Lexicon struct {
	SentenceStart map[string]bool   // common words rejected at sentence start
	Never         map[string]bool   // matches always rejected (words and normalised phrases)
	Title         map[string]bool   // person titles
	Speech        map[string]bool   // speech verbs
	Feature       map[string]bool   // words that may follow a place name
	Direction     map[string]string // direction word -> canonical direction
	Near          [][]string        // proximity cues, as word sequences
	PlaceNoun     map[string]bool   // "city", "town" in "the Iraqi city of X"
	Generic       map[string]bool   // administrative words around a name: "Orange County", "Enugu State"
	GenericPrefix map[string]bool   // phrases before a name: "Republic of Armenia", "Greater Manchester"
	Suffix        map[string]bool   // administrative words a recognised name extends over: "Laurel County"
	Locative      map[string]bool   // words before a place: "in", "near", "from"
	Abbrev        map[string]string // abbreviation -> full word in names: "st" -> "saint"
	// RegionAbbrev maps a normalised region abbreviation ("wva") to
	// "CC/Region name" ("US/West Virginia"); used only after "Place, ".
	RegionAbbrev map[string]string
	// RegionAbbrevForm maps the same keys to the abbreviation as the
	// lexicon writes it, lower-cased with its full stops ("w.va."): "L.A."
	// is not "La.".
	RegionAbbrevForm map[string]string
}

// ParseLexicon reads a lexicon in the format of data/lexicon.txt.
func ParseLexicon(r io.Reader) (*Lexicon, error) {
	lx := &Lexicon{
		SentenceStart: map[string]bool{}, Never: map[string]bool{}, Title: map[string]bool{},
		Speech: map[string]bool{}, Feature: map[string]bool{}, Direction: map[string]string{},
		PlaceNoun: map[string]bool{}, Generic: map[string]bool{}, GenericPrefix: map[string]bool{},
		Suffix: map[string]bool{}, Locative: map[string]bool{}, Abbrev: map[string]string{}, RegionAbbrev: map[string]string{},
		RegionAbbrevForm: map[string]string{},
	}
	sets := map[string]map[string]bool{
		"sentence-start": lx.SentenceStart, "never": lx.Never, "title": lx.Title,
		"speech": lx.Speech, "feature": lx.Feature, "place-noun": lx.PlaceNoun,
		"generic": lx.Generic, "generic-prefix": lx.GenericPrefix, "suffix": lx.Suffix, "locative": lx.Locative,
	}
	section := ""
	sc := bufio.NewScanner(r)
	no := 0
	for sc.Scan() {
		no++
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = line[1 : len(line)-1]
			if _, ok := sets[section]; !ok && section != "direction" && section != "near" && section != "abbrev" && section != "region-abbrev" {
				return nil, fmt.Errorf("lexicon line %d: unknown section %q", no, section)
			}
			continue
		}
		if section == "region-abbrev" {
			for _, w := range strings.Fields(line) {
				k, v, ok := strings.Cut(w, "=")
				cc, name, ok2 := strings.Cut(v, "/")
				if !ok || !ok2 || k == "" || len(cc) != 2 || name == "" {
					return nil, fmt.Errorf("lexicon line %d: want abbrev=CC/Region_name, got %q", no, w)
				}
				key := strings.ToLower(strings.ReplaceAll(k, ".", ""))
				lx.RegionAbbrev[key] = strings.ToUpper(cc) + "/" + strings.ReplaceAll(name, "_", " ")
				lx.RegionAbbrevForm[key] = strings.ToLower(k)
			}
			continue
		}
		for _, w := range strings.Fields(strings.ToLower(line)) {
			switch section {
			case "":
				return nil, fmt.Errorf("lexicon line %d: word before any section", no)
			case "direction", "abbrev":
				k, v, ok := strings.Cut(w, "=")
				if !ok || k == "" || v == "" {
					return nil, fmt.Errorf("lexicon line %d: want word=%s, got %q", no, section, w)
				}
				if section == "abbrev" {
					lx.Abbrev[k] = v
				} else {
					lx.Direction[k] = v
				}
			case "near":
				lx.Near = append(lx.Near, strings.Split(w, "_"))
			default:
				sets[section][strings.ReplaceAll(w, "_", " ")] = true
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return lx, nil
}

var defaultLex = sync.OnceValue(func() *Lexicon {
	lx, err := ParseLexicon(strings.NewReader(defaultLexicon))
	if err != nil {
		panic("geoparse: embedded lexicon: " + err.Error())
	}
	return lx
})

// DefaultLexicon returns the embedded lexicon, parsed once. It is shared:
// do not modify it.
func DefaultLexicon() *Lexicon { return defaultLex() }
