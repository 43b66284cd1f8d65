// Package geosys adapts Evident's geoparser (segment, geoparse.Recognise
// and geoparse.Resolve) to geoeval.System, for "evident eval geoparse" and
// the weight tuner.
package geosys

import (
	"context"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/eval/geoeval"
	"github.com/evident-org/evident/gazetteer"
	"github.com/evident-org/evident/geoparse"
	"github.com/evident-org/evident/segment"
)

// System is the geoparser as geoeval drives it. It is safe for
// concurrent use: the gazetteer is immutable and the stages hold no state.
type System struct {
	Gaz *gazetteer.Gazetteer
	// Cache is shared by the stages across documents; nil means none.
	Cache *geoparse.ProbeCache
	// Weights are the resolver's; nil means geoparse.DefaultWeights().
	Weights *geoparse.Weights
}

// Parse segments text, recognises and resolves its place mentions.
func (s System) Parse(ctx context.Context, text, url string) ([]geoeval.Prediction, error) {
	a := &evident.Analysis{Doc: &evident.Document{Text: text, URL: url}}
	for _, st := range []evident.Stage{segment.Stage{}, geoparse.Recognise{Gaz: s.Gaz, Cache: s.Cache}, geoparse.Resolve{Gaz: s.Gaz, Cache: s.Cache, Weights: s.Weights}} {
		if err := st.Process(ctx, a); err != nil {
			return nil, err
		}
	}
	var out []geoeval.Prediction
	for i := range a.Mentions {
		mn := &a.Mentions[i]
		if mn.Kind != evident.KindPlace || mn.Place == nil {
			continue
		}
		out = append(out, s.prediction(mn))
	}
	return out, nil
}

// ResolveSpans segments text, makes a place mention of every span with
// the recogniser's context rules (geoparse.Recognise.Spans: region
// abbreviations, spelled-out abbreviations, demonyms, relative cues) and
// resolves them together, as Parse resolves the mentions it finds. It
// returns one prediction per span, in the order given.
func (s System) ResolveSpans(ctx context.Context, text, url string, spans []geoeval.Span) ([]geoeval.Prediction, error) {
	a := &evident.Analysis{Doc: &evident.Document{Text: text, URL: url}}
	if err := (segment.Stage{}).Process(ctx, a); err != nil {
		return nil, err
	}
	given := make([]evident.Span, len(spans))
	for i, sp := range spans {
		given[i] = evident.Span{Start: sp.Start, End: sp.End}
	}
	if err := (geoparse.Recognise{Gaz: s.Gaz, Cache: s.Cache}).Spans(ctx, a, given); err != nil {
		return nil, err
	}
	if err := (geoparse.Resolve{Gaz: s.Gaz, Cache: s.Cache, Weights: s.Weights}).Process(ctx, a); err != nil {
		return nil, err
	}
	at := make(map[int]*evident.Mention, len(a.Mentions))
	for i := range a.Mentions {
		at[a.Mentions[i].Start] = &a.Mentions[i]
	}
	out := make([]geoeval.Prediction, len(spans))
	for i, sp := range spans {
		if mn := at[sp.Start]; mn != nil && mn.End == sp.End {
			out[i] = s.prediction(mn)
		} else {
			out[i] = geoeval.Prediction{Start: sp.Start, End: sp.End}
		}
	}
	return out, nil
}

// prediction converts a place mention; a demonym without coordinates
// resolves to its country's entry.
func (s System) prediction(mn *evident.Mention) geoeval.Prediction {
	// "Idlib province": the corpora annotate the name, "Idlib".
	sp := geoparse.NameSpan(mn)
	pr := geoeval.Prediction{Start: sp.Start, End: sp.End}
	p := mn.Place
	if !p.Resolved() && p.Demonym && p.CountryCode != "" {
		if e, ok := s.Gaz.CountryEntry(p.CountryCode); ok {
			p = e.Place()
		}
	}
	if p.Resolved() {
		pr.Resolved, pr.Lat, pr.Lon, pr.GeonameID, pr.Name = true, p.Lat, p.Lon, p.GeonameID, p.Name
	}
	return pr
}
