package events

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// DocumentWords are the words of the document level, read from
// data/document.yaml: reactions that govern an event word, markers of a
// cumulative toll, and anaphoric pronouns.
type DocumentWords struct {
	// Reaction words govern an event word that is talked about rather
	// than reported ("condemned the attack").
	Reaction WordClasses
	// ReactionWindow is how many tokens before the trigger a reaction
	// word may stand. Default 6.
	ReactionWindow int
	// Cumulative words after a casualty figure make it a cumulative toll
	// ("400 killed since March").
	Cumulative WordClasses
	// CumulativeWindow is how many tokens after the figure a cumulative
	// word may stand. Default 8.
	CumulativeWindow int
	// NotPeople are nouns that, right after a number, count things, not
	// casualties ("two besieged towns killing 100").
	NotPeople map[string]bool
	// Separate markers open a sentence that tells another incident.
	Separate WordClasses
	// Anaphora are pronouns that, right before a trigger, refer to an
	// event told elsewhere ("it killed").
	Anaphora map[string]bool
}

func loadDocumentWords(b []byte, where string) (DocumentWords, error) {
	var f struct {
		Reaction         []string `yaml:"reaction"`
		ReactionWindow   int      `yaml:"reaction_window"`
		Cumulative       []string `yaml:"cumulative"`
		CumulativeWindow int      `yaml:"cumulative_window"`
		Anaphora         []string `yaml:"anaphora"`
		NotPeople        []string `yaml:"not_people"`
		Separate         []string `yaml:"separate"`
	}
	var w DocumentWords
	if err := yaml.Unmarshal(b, &f); err != nil {
		return w, fmt.Errorf("%s/document.yaml: %w", where, err)
	}
	var err error
	if w.Reaction, err = newWordClasses(map[string][]string{"reaction": f.Reaction}); err != nil {
		return w, fmt.Errorf("%s/document.yaml: reaction: %w", where, err)
	}
	if w.Cumulative, err = newWordClasses(map[string][]string{"cumulative": f.Cumulative}); err != nil {
		return w, fmt.Errorf("%s/document.yaml: cumulative: %w", where, err)
	}
	if w.Separate, err = newWordClasses(map[string][]string{"separate": f.Separate}); err != nil {
		return w, fmt.Errorf("%s/document.yaml: separate: %w", where, err)
	}
	w.ReactionWindow, w.CumulativeWindow = f.ReactionWindow, f.CumulativeWindow
	if w.ReactionWindow <= 0 {
		w.ReactionWindow = 6
	}
	if w.CumulativeWindow <= 0 {
		w.CumulativeWindow = 8
	}
	w.Anaphora = setOf(f.Anaphora...)
	w.NotPeople = setOf(f.NotPeople...)
	return w, nil
}
