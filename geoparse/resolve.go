package geoparse

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// Resolve chooses a gazetteer entry for every place mention that is not
// a demonym. Each candidate gets a score that is a plain sum of features,
// and the reasons for the winner are appended to the mention's Rule:
//
//   - feature: country 5, ADM1 5 (the default has no population for
//     regions), PPLC 4, PPLA 3, curated water body or
//     region 5.5 (they beat homonymous regions such as the Red Sea
//     governorate unless the document's focus is there), PPLA2 2, PPLA3/4 1, other 0.5;
//   - population: log10(population+1)/2;
//   - focus: +3 when in the document's country focus, the most frequent
//     country among demonyms and mentions whose candidates all lie in one
//     country;
//   - cooccur: +1 in another country that unambiguous mentions name, +1
//     in the same first-level division as an unambiguous mention;
//   - cue: +5 in the country of "the Iraqi city of X";
//   - with-article: +2 when the text has an Arabic article ("al-Hol") and
//     the candidate's names have it too (not only the bare "Hol").
//
// One sense per document: every mention with the same normalised text
// gets the same entry, scored with the cues of all of them.
type Resolve struct {
	Gaz *gazetteer.Gazetteer
	// Lex is the context lexicon; nil means DefaultLexicon().
	Lex *Lexicon
}

// Name implements evident.Stage.
func (Resolve) Name() string { return "geoparse.resolve" }

// Score weights; see the Resolve documentation.
const (
	focusBonus   = 3.0
	countryBonus = 1.0
	admin1Bonus  = 1.0
	cueBonus     = 5.0
	exactBonus   = 2.0
)

// featureScore ranks a feature class/code.
func featureScore(e *gazetteer.Entry) float64 {
	switch {
	case e.IsCountry():
		return 5
	case e.FeatureCode == "PPLC":
		return 4
	case e.FeatureCode == "ADM1":
		return 5
	case e.FeatureCode == "PPLA":
		return 3
	case e.FeatureClass == "H" || e.FeatureClass == "L":
		return 5.5
	case e.FeatureCode == "PPLA2":
		return 2
	case e.FeatureCode == "PPLA3" || e.FeatureCode == "PPLA4":
		return 1
	}
	return 0.5
}

func popScore(e *gazetteer.Entry) float64 { return math.Log10(float64(e.Population)+1) / 2 }

// prior is a candidate's score without document context.
func prior(e *gazetteer.Entry) float64 { return featureScore(e) + popScore(e) }

type group struct {
	key      string
	mentions []int
	cands    []gazetteer.Entry
	exact    map[int]bool // candidates indexed under key itself, not only under key without its article
	cueCC    map[string]bool
	// uniqCC and uniqA1 are the country and "CC.A1" of a group whose
	// candidates all lie there; they support other groups, not their own.
	uniqCC, uniqA1 string
}

// Process implements evident.Stage.
func (r Resolve) Process(ctx context.Context, a *evident.Analysis) error {
	if r.Gaz == nil {
		return errors.New("geoparse: Resolve has no gazetteer")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	lx := r.Lex
	if lx == nil {
		lx = DefaultLexicon()
	}
	var groups []*group
	byKey := map[string]*group{}
	countries := map[string]int{} // country -> unambiguous mentions
	admin1 := map[string]int{}    // "CC.A1" -> unambiguous groups
	firstSeen := map[string]int{}
	note := func(cc string, at int) {
		countries[cc]++
		if _, ok := firstSeen[cc]; !ok {
			firstSeen[cc] = at
		}
	}
	for i := range a.Mentions {
		m := &a.Mentions[i]
		if m.Kind != evident.KindPlace || m.Place == nil {
			continue
		}
		if m.Place.Demonym {
			if m.Place.CountryCode != "" {
				note(m.Place.CountryCode, i)
			}
			continue
		}
		k := gazetteer.Normalize(m.Text)
		g := byKey[k]
		if g == nil {
			g = &group{key: k, cands: r.Gaz.Lookup(m.Text), cueCC: map[string]bool{}}
			if _, stripped := gazetteer.StripArticle(k); stripped {
				g.exact = map[int]bool{}
				for _, e := range r.Gaz.LookupKey(k) {
					for ci := range g.cands {
						if g.cands[ci] == e {
							g.exact[ci] = true
						}
					}
				}
			}
			byKey[k] = g
			groups = append(groups, g)
			if cc, a1, ok := oneCountry(g.cands); ok {
				g.uniqCC = cc
				if a1 != "" {
					g.uniqA1 = cc + "." + a1
					admin1[g.uniqA1]++
				}
			}
		}
		g.mentions = append(g.mentions, i)
		if cc := cityOfCue(r.Gaz, lx, a, m); cc != "" {
			g.cueCC[cc] = true
		}
	}
	for _, g := range groups {
		if g.uniqCC != "" {
			for _, mi := range g.mentions {
				note(g.uniqCC, mi)
			}
		}
	}
	focus, best := "", 0
	for cc, n := range countries {
		if n > best || n == best && firstSeen[cc] < firstSeen[focus] {
			focus, best = cc, n
		}
	}
	for _, g := range groups {
		if len(g.cands) == 0 {
			continue
		}
		bi, bs, second := 0, math.Inf(-1), math.Inf(-1)
		var reasons []string
		for ci := range g.cands {
			c := &g.cands[ci]
			s, why := prior(c), []string{"feature=" + c.FeatureCode}
			if c.Population > 0 {
				why = append(why, "population")
			}
			others := countries[c.CountryCode]
			if g.uniqCC == c.CountryCode {
				others -= len(g.mentions)
			}
			if c.CountryCode != "" && c.CountryCode == focus {
				s += focusBonus
				why = append(why, "focus="+focus)
			} else if c.CountryCode != "" && others > 0 {
				s += countryBonus
				why = append(why, "cooccur="+c.CountryCode)
			}
			if a1 := c.CountryCode + "." + c.Admin1Code; c.Admin1Code != "" && !c.IsCountry() && c.FeatureCode != "ADM1" {
				n := admin1[a1]
				if g.uniqA1 == a1 {
					n--
				}
				if n > 0 {
					s += admin1Bonus
					why = append(why, "admin1="+a1)
				}
			}
			if g.exact != nil && g.exact[ci] {
				s += exactBonus
				why = append(why, "with-article")
			}
			if g.cueCC[c.CountryCode] {
				s += cueBonus
				why = append(why, "cue="+c.CountryCode)
			}
			switch {
			case s > bs:
				second, bs, bi, reasons = bs, s, ci, why
			case s > second:
				second = s
			}
		}
		conf := 1.0
		if len(g.cands) > 1 {
			conf = 0.5 + 0.5*math.Min(1, (bs-second)/3)
		} else {
			reasons = []string{"feature=" + g.cands[0].FeatureCode, "only-candidate"}
		}
		if len(g.mentions) > 1 {
			reasons = append(reasons, "one-sense")
		}
		chosen := &g.cands[bi]
		for _, mi := range g.mentions {
			m := &a.Mentions[mi]
			p := chosen.Place()
			p.Relative, p.Demonym = m.Place.Relative, m.Place.Demonym
			m.Place = p
			base, _, resolved := strings.Cut(m.Rule, "; resolve:")
			m.Rule = fmt.Sprintf("%s; resolve:%s", base, strings.Join(reasons, "+"))
			if !resolved { // keep re-runs idempotent
				m.Confidence = math.Round(m.Confidence*conf*1000) / 1000
			}
		}
	}
	return nil
}

// oneCountry reports whether all candidates lie in one country, and the
// shared first-level division if they share one.
func oneCountry(cands []gazetteer.Entry) (cc, a1 string, ok bool) {
	if len(cands) == 0 || cands[0].CountryCode == "" {
		return "", "", false
	}
	cc, a1 = cands[0].CountryCode, cands[0].Admin1Code
	for i := range cands[1:] {
		c := &cands[i+1]
		if c.CountryCode != cc {
			return "", "", false
		}
		if c.Admin1Code != a1 {
			a1 = ""
		}
	}
	return cc, a1, true
}

// cityOfCue returns the country of "the Iraqi city of <m>": a demonym,
// a place noun and "of" right before the mention.
func cityOfCue(g *gazetteer.Gazetteer, lx *Lexicon, a *evident.Analysis, m *evident.Mention) string {
	if m.Sentence < 0 || m.Sentence >= len(a.Sentences) {
		return ""
	}
	toks := a.Sentences[m.Sentence].Tokens
	k := -1
	for i := range toks {
		if toks[i].Start == m.Start {
			k = i
			break
		}
	}
	if k < 3 || !strings.EqualFold(toks[k-1].Text, "of") || !lx.PlaceNoun[strings.ToLower(toks[k-2].Text)] {
		return ""
	}
	cc, _ := g.Demonym(toks[k-3].Text)
	return cc
}
