package main

import (
	"github.com/evident-org/evident"
	"github.com/evident-org/evident/actors"
	"github.com/evident-org/evident/events"
	"github.com/evident-org/evident/gazetteer"
	"github.com/evident-org/evident/geoparse"
	"github.com/evident-org/evident/numbers"
	"github.com/evident-org/evident/segment"
	"github.com/evident-org/evident/timex"
)

// newPipeline wires the default pipeline: normalise, dateline, segment,
// recognise (places, actors, triggers and cues, numbers, dates), resolve,
// build events, score. Each stage is a plain value; replacing one is a
// one-line change here.
func newPipeline() (*evident.Pipeline, error) {
	gaz, err := gazetteer.Default()
	if err != nil {
		return nil, err
	}
	lex, err := events.DefaultLexicon()
	if err != nil {
		return nil, err
	}
	act, err := actors.Default()
	if err != nil {
		return nil, err
	}
	countries := func(cc string) (string, int) {
		if c, ok := gaz.Country(cc); ok {
			return c.Name, c.ISONumeric
		}
		return "", 0
	}
	return &evident.Pipeline{
		Version: ExtractorVersion(lex),
		Stages: []evident.Stage{
			segment.Normalise{},
			timex.Published{},
			segment.Stage{},
			geoparse.Recognise{Gaz: gaz},
			actors.Stage{M: act},
			events.Recognise{Lex: lex},
			numbers.Stage{},
			timex.Stage{},
			geoparse.Resolve{Gaz: gaz},
			events.Build{Lex: lex, Countries: countries, Localise: actors.Localise, Inter: actors.EventInter},
			events.Score{},
		},
	}, nil
}

// ExtractorVersion names the code and data that produced an event.
func ExtractorVersion(lex *events.Lexicon) string {
	return "evident/" + Version + "+lex." + lex.Hash
}
