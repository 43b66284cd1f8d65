package geoparse

import (
	"context"
	"errors"
	"slices"
	"strings"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// Spans makes a place mention of each given span and appends them to
// a.Mentions in text order, applying the context rules that Process
// applies to the names it finds itself: a region abbreviation after a
// comma ("Louisville, Ky.") names the region, an abbreviated word is
// spelled out ("Mt. Pleasant"), a demonym is its country, and a relative
// cue before the name ("north of Mosul") is kept. It is the recogniser
// for callers who already know where the toponyms are, such as a
// gold-span evaluation: the mentions it makes are those Process would
// make for the same spans, so Resolve sees the same context either way.
//
// Where Process itself recognises a span (same start and end, or the
// same name without a final full stop) its mention is reused. Spans
// that are empty, overlap a previous span or lie outside the text are
// skipped. a.Sentences must be set (the segment stage).
func (r Recognise) Spans(ctx context.Context, a *evident.Analysis, spans []evident.Span) error {
	if r.Gaz == nil {
		return errors.New("geoparse: Recognise has no gazetteer")
	}
	lx := r.Lex
	if lx == nil {
		lx = DefaultLexicon()
	}
	// What Process finds, in a scratch analysis.
	found := &evident.Analysis{Doc: a.Doc, Sentences: a.Sentences}
	if err := r.Process(ctx, found); err != nil {
		return err
	}
	byStart := make(map[int]int, len(found.Mentions))
	for i, mn := range found.Mentions {
		if _, ok := byStart[mn.Start]; !ok && mn.Kind == evident.KindPlace && mn.Place != nil {
			byStart[mn.Start] = i
		}
	}
	sorted := slices.Clone(spans)
	slices.SortFunc(sorted, func(x, y evident.Span) int { return x.Start - y.Start })
	m := matcher{gaz: r.Gaz, lx: lx, text: a.Doc.Text, persons: map[string]bool{}, sents: a.Sentences, cache: r.Cache}
	text := a.Doc.Text
	last := -1
	for _, sp := range sorted {
		if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End || sp.Start < last {
			continue
		}
		last = sp.End
		if i, ok := byStart[sp.Start]; ok && sameName(text, found.Mentions[i].Span, sp) {
			mn := found.Mentions[i]
			p := *mn.Place
			mn.Place = &p
			mn.Span, mn.Text = sp, text[sp.Start:sp.End]
			a.Mentions = append(a.Mentions, mn)
			continue
		}
		a.Mentions = append(a.Mentions, m.span(a, sp))
	}
	return nil
}

// sameName reports whether a recognised span and a given one name the
// same thing: equal, or one is the other with a final full stop ("Ky."
// and "Ky").
func sameName(text string, got, want evident.Span) bool {
	if got.Start != want.Start {
		return false
	}
	if got.End == want.End {
		return true
	}
	lo, hi := min(got.End, want.End), max(got.End, want.End)
	return hi == lo+1 && text[lo] == '.'
}

// span makes the mention of one given span the recogniser did not find.
func (m *matcher) span(a *evident.Analysis, sp evident.Span) evident.Mention {
	si := a.SentenceAt(sp.Start)
	var toks []evident.Token
	ti := -1
	if si >= 0 && si < len(a.Sentences) {
		toks = a.Sentences[si].Tokens
		ti, _ = slices.BinarySearchFunc(toks, sp.Start, func(t evident.Token, s int) int { return t.Start - s })
		if ti >= len(toks) || toks[ti].Start != sp.Start {
			ti = -1
		}
	}
	word := m.text[sp.Start:sp.End]
	men := evident.Mention{
		Kind: evident.KindPlace, Span: sp, Text: word, Sentence: si,
		Rule: "span", Confidence: 1, Place: &evident.Place{},
	}
	if regions := m.spanRegionAbbrev(word, sp.Start); len(regions) > 0 {
		e := Prominent(regions)
		men.Place, men.Rule = e.Place(), "gazetteer:region-abbrev"
	} else {
		pr := m.probe(word)
		switch {
		case pr.demonym != "":
			if e, ok := m.cache.countryEntry(m.gaz, pr.demonym); ok {
				men.Place = e.Place()
			} else {
				men.Place = &evident.Place{CountryCode: pr.demonym}
			}
			men.Place.Demonym = true
			men.Rule = "span:demonym"
		case pr.known && len(pr.cands) > 0:
			e := Prominent(pr.cands)
			men.Place = e.Place()
			men.Rule = "span:gazetteer"
		}
	}
	if ti >= 0 {
		if rel := m.relative(toks, ti); rel != "" {
			men.Place.Relative = rel
		}
	}
	return men
}

// spanRegionAbbrev returns the regions a span names as an abbreviation
// ("Ky.", "W.Va", "N.Y."): the word is a region abbreviation of the
// lexicon, dotted as the lexicon writes it or not at all, and either
// carries a full stop, is followed by one or follows a comma
// ("Louisville, KY").
func (m *matcher) spanRegionAbbrev(word string, start int) []gazetteer.Entry {
	before := strings.TrimRight(m.text[:start], " \t")
	dotAfter := start+len(word) < len(m.text) && m.text[start+len(word)] == '.'
	if !strings.Contains(word, ".") && !dotAfter && !strings.HasSuffix(before, ",") {
		return nil
	}
	key := strings.ToLower(strings.ReplaceAll(word, ".", ""))
	target, ok := m.lx.RegionAbbrev[key]
	if !ok {
		return nil
	}
	// A dotted word must be dotted as the lexicon writes it: "L.A." is Los
	// Angeles, not "La.". A postal code ("KY") has no full stops at all.
	if form := strings.ToLower(word); strings.Contains(form, ".") {
		if !strings.HasSuffix(form, ".") {
			form += "."
		}
		if f := m.lx.RegionAbbrevForm[key]; f != "" && f != form {
			return nil
		}
	}
	cc, name, _ := strings.Cut(target, "/")
	var regions []gazetteer.Entry
	for _, e := range m.gaz.Lookup(name) {
		if e.CountryCode == cc && (e.FeatureCode == "ADM1" || e.IsCountry()) {
			regions = append(regions, e)
		}
	}
	return regions
}
