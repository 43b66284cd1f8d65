package main

import (
	"strings"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/actors"
	"github.com/evident-org/evident/events"
	"github.com/evident-org/evident/gazetteer"
	"github.com/evident-org/evident/geoparse"
	"github.com/evident-org/evident/numbers"
	"github.com/evident-org/evident/segment"
	"github.com/evident-org/evident/timex"
)

// GeoFlags are the geoparser's control knobs, shared by the commands
// that geoparse.
type GeoFlags struct {
	Country        []string `help:"Favour places in these countries (ISO alpha-2, repeatable or comma-separated)." placeholder:"CC" sep:","`
	Admin1         []string `name:"admin1" help:"Favour places in these first-level regions: GeoNames codes (IQ.15) or names (Nineveh)." placeholder:"REGION" sep:","`
	FeatureClasses string   `help:"Only resolve to these GeoNames feature classes, e.g. PA (populated places, countries and regions). Default: all." placeholder:"CLASSES"`
}

func (f GeoFlags) options() geoparse.Options {
	return geoparse.Options{Countries: f.Country, Admin1: f.Admin1, FeatureClasses: strings.ToUpper(f.FeatureClasses)}
}

// pipelineConfig selects the gazetteer and geoparser options. The zero
// value is the default pipeline.
type pipelineConfig struct {
	// Gazetteer is a gazetteer file to use instead of the embedded one.
	// Default: "" (embedded).
	Gazetteer string
	// Geo are the resolver's options. Default: none.
	Geo geoparse.Options
}

// loadGazetteer opens the gazetteer at path, or the embedded default for "".
func loadGazetteer(path string) (*gazetteer.Gazetteer, error) {
	if path == "" {
		return gazetteer.Default()
	}
	g, err := gazetteer.Load(path)
	if err != nil {
		return nil, &evident.Error{Code: evident.EINVALID, Input: path, Message: "cannot open gazetteer", Err: err}
	}
	return g, nil
}

// newPipeline wires the default pipeline: normalise, dateline, segment,
// recognise (places, actors, triggers and cues, numbers, dates), resolve,
// trigger senses, build events, score. Each stage is a plain value;
// replacing one is a one-line change here.
func newPipeline(cfg pipelineConfig) (*evident.Pipeline, error) {
	gaz, err := loadGazetteer(cfg.Gazetteer)
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
	cache := &geoparse.ProbeCache{}
	return &evident.Pipeline{
		Version: ExtractorVersion(lex),
		Stages: []evident.Stage{
			segment.Normalise{},
			timex.Published{},
			segment.Stage{},
			geoparse.Recognise{Gaz: gaz, Cache: cache},
			actors.Stage{M: act},
			events.Recognise{Lex: lex},
			numbers.Stage{},
			timex.Stage{},
			geoparse.Resolve{Gaz: gaz, Options: cfg.Geo, Cache: cache},
			events.Sense{Lex: lex},
			events.Build{Lex: lex, Countries: countries, Localise: actors.Localise, Inter: actors.EventInter},
			events.Document{Countries: countries, Localise: actors.Localise},
			events.Score{},
		},
	}, nil
}

// ExtractorVersion names the code and data that produced an event.
func ExtractorVersion(lex *events.Lexicon) string {
	return "evident/" + Version + "+lex." + lex.Hash
}
