// Casualty figures at the sentence level: numbers beside words of death,
// injury and detention, tolls, and the figures that are not an event's
// (cumulative tolls, numbers that count things).

package events

import (
	"fmt"
	"strings"

	"github.com/evident-org/evident"
)

var (
	lethalWords = map[string]bool{"killed": true, "dead": true, "died": true, "deaths": true, "death": true, "bodies": true,
		"killing": true, "fatalities": true, "lives": true, "slain": true, "executed": true, "toll": true}
	injuryWords = map[string]bool{"wounded": true, "injured": true, "injuring": true, "wounding": true, "hurt": true, "injuries": true}
	detainWords = map[string]bool{"arrested": true, "detained": true, "captured": true, "apprehended": true, "detaining": true,
		"arresting": true, "capturing": true, "arrest": true, "detain": true, "custody": true, "detainees": true, "arrests": true}
	// singularVictims are nouns whose singular form, with no number,
	// counts as one person: "killed a soldier", "the leader was killed".
	singularVictims = setOf("man", "woman", "child", "boy", "girl", "soldier", "officer", "policeman", "civilian", "leader",
		"commander", "insurgent", "militant", "fighter", "student", "journalist", "farmer", "driver", "teacher", "doctor",
		"person", "resident", "villager", "worker", "guard", "sniper", "gunman", "facilitator", "member", "suspect",
		"cleric", "imam", "priest", "judge", "official", "chief", "elder", "trooper", "marine", "contractor", "tourist")
)

// casualties reads figures next to words of death or injury: "12 people
// were killed", "killing at least 5", "the death toll rose to 112". The most
// conservative figure becomes fatalities; low and high bracket them.
func (b Build) casualties(v *sentenceView, ev *evident.Event, field func(string, string, *evident.Mention)) {
	var dead, hurt, detained []*evident.Mention
	for _, nm := range v.numbers {
		if nm.Number == nil {
			continue
		}
		ni, nj := v.tokenAt(nm.Start), v.tokenAt(nm.End)
		kind := casualtyWordNear(v.lower, ni, nj)
		if kind == "" {
			kind = b.casualtyPhrase(v, ni, nj)
		}
		if kind != "" && subsetFigure(v, ni) {
			// "72 people including nine children were killed": a part of
			// the toll, not another figure for it.
			continue
		}
		if kind != "" && b.countsThings(v, nj) {
			// "two besieged towns killing 100": the number counts towns.
			continue
		}
		if kind == "dead" || kind == "hurt" {
			// "400 killed since March": a cumulative toll is kept as
			// evidence but is never the event's figure; nor is a figure
			// no single event reaches (a war's toll told without "since").
			w := b.cumulativeAfter(v, nj)
			if w == "" && nm.Number.Value > maxEventToll {
				w = fmt.Sprintf("more than %d", maxEventToll)
			}
			if w != "" {
				field("cumulative_toll", fmt.Sprint(nm.Number.Value), nm)
				ev.Fields[len(ev.Fields)-1].Rule = "cumulative toll (\"" + w + "\"): not this event's figure"
				continue
			}
		}
		switch kind {
		case "dead":
			dead = append(dead, nm)
		case "hurt":
			hurt = append(hurt, nm)
		case "detained":
			detained = append(detained, nm)
		}
	}
	for _, nm := range detained {
		field("detained", fmt.Sprint(nm.Number.Value), nm)
	}
	for i, nm := range dead {
		n := int(nm.Number.Value)
		if i == 0 || n < ev.FatalitiesLow {
			ev.FatalitiesLow = n
		}
		if h := int(nm.Number.High); h > n {
			n = h // a range: "10 to 15 killed" brackets 10..15
		}
		if n > ev.FatalitiesHigh {
			ev.FatalitiesHigh = n
		}
		field("fatalities", fmt.Sprint(n), nm)
	}
	ev.Fatalities = ev.FatalitiesLow
	for _, nm := range hurt {
		if n := int(nm.Number.Value); n > ev.Injured {
			ev.Injured = n
		}
		field("injured", fmt.Sprint(nm.Number.Value), nm)
	}
}

// casualtyWordNear returns "dead" or "hurt" for the death or injury word
// nearest to the number at tokens [ni, nj), within four tokens and the
// same clause, or "".
func casualtyWordNear(lower []string, ni, nj int) string {
	after, da := "", -1
	for d := 0; d < 4 && nj+d < len(lower); d++ {
		k := nj + d
		if isPunct(lower[k]) {
			break
		}
		if w := casualtyKind(lower[k]); w != "" {
			after, da = w, d
			break
		}
	}
	before, db, crossed := "", -1, false
	for d := 0; d < 4 && ni-1-d >= 0; d++ {
		k := ni - 1 - d
		if isPunct(lower[k]) {
			break
		}
		if lower[k] == "and" || lower[k] == "while" || lower[k] == "but" {
			crossed = true
			continue
		}
		if w := casualtyKind(lower[k]); w != "" {
			before, db = w, d
			break
		}
	}
	switch {
	case after == "":
		return before
	case before == "":
		return after
	case crossed:
		// "a man died and five people were hurt": the word before a
		// conjunction counts another group when the number has its own.
		return after
	case db < da:
		return before
	}
	return after
}

func hasField(fs []evident.FieldEvidence, name string) bool {
	for _, f := range fs {
		if f.Field == name {
			return true
		}
	}
	return false
}

func casualtyKind(w string) string {
	switch {
	case lethalWords[w]:
		return "dead"
	case injuryWords[w]:
		return "hurt"
	case detainWords[w]:
		return "detained"
	}
	return ""
}

// singularCount gives the count an event implies without a number: one
// for a lethal or arrest trigger whose victim is a singular person noun
// with an article ("killed the Taliban leader", "a soldier was
// killed", "detained an insurgent"); 0 otherwise.
func singularCount(v *sentenceView, ti, tj int) int {
	look := func(k int) bool {
		w := v.lower[k]
		if !singularVictims[w] {
			return false
		}
		for j := k - 1; j >= 0 && j >= k-4; j-- {
			switch v.lower[j] {
			case "a", "an", "the", "one", "his", "their", "its":
				return true
			}
			if isPunct(v.lower[j]) {
				return false
			}
		}
		return false
	}
	for k := tj; k < len(v.lower) && k < tj+6; k++ {
		if isPunct(v.lower[k]) {
			break
		}
		if look(k) {
			return 1
		}
	}
	if isPassive(v, ti) {
		// "A leader of a breakaway rebel faction was killed".
		for k := ti - 1; k >= 0 && k >= ti-8; k-- {
			if look(k) {
				return 1
			}
		}
	}
	return 0
}

// cumulativeAfter returns the cumulative-toll word within the window
// after a casualty figure at tokens [ni, nj), in its clause ("400 killed
// since March"), or "".
func (b Build) cumulativeAfter(v *sentenceView, nj int) string {
	w := &b.Lex.Document
	end := min(len(v.lower), nj+w.CumulativeWindow)
	for k := nj; k < end; k++ {
		if k > nj && (isPunct(v.lower[k]) && v.lower[k] != "," || v.lower[k] == "and") {
			end = k
			break
		}
	}
	if end <= nj {
		return ""
	}
	for _, m := range w.Cumulative.Find(v.lower[nj:end]) {
		return strings.Join(v.lower[nj+m.I:nj+m.J], " ")
	}
	return ""
}

// countsThings reports whether the noun right after a number (skipping
// adjectives) counts things rather than people: "two besieged towns",
// "three car bombs" (document.yaml, not_people).
func (b Build) countsThings(v *sentenceView, nj int) bool {
	for k := nj; k < len(v.lower) && k < nj+3; k++ {
		w := v.lower[k]
		if b.Lex.Document.NotPeople[w] {
			return true
		}
		if isPunct(w) || casualtyKind(w) != "" {
			return false
		}
	}
	return false
}

// casualtyPhrase reads figures that casualtyWordNear misses: a toll
// ("the death toll ... has risen to at least 112", "a toll of 43") and a
// counted noun phrase whose verb comes later ("98 evacuees from the
// northern towns were killed"). It returns "dead", "hurt" or "".
func (b Build) casualtyPhrase(v *sentenceView, ni, nj int) string {
	if tollFigure(v, ni) {
		return "dead"
	}
	if nj >= len(v.lower) || b.countsThings(v, nj) || v.lower[nj] == "of" {
		return "" // "one of the bridges"
	}
	for k := nj + 1; k < len(v.lower) && k < nj+12; k++ {
		w := v.lower[k]
		if isPunct(w) || w == "and" || w == "but" || w == "while" || w == "or" || w == "who" || w == "which" || w == "that" {
			return ""
		}
		if passiveAux[w] && k+1 < len(v.lower) {
			if kind := casualtyKind(v.lower[k+1]); kind == "dead" || kind == "hurt" {
				return kind
			}
		}
		if w == "died" {
			return "dead"
		}
	}
	return ""
}

// tollFigure reports whether the number at token ni is a toll's figure:
// "the death toll ... has risen to at least 112", "a toll of 43", "the
// death toll was at least 24". The toll may be the head of a long
// subject ("the death toll from a bomb blast on a crowded bus convoy
// outside Aleppo reached 112"): up to 20 words back, within the clause.
func tollFigure(v *sentenceView, ni int) bool {
	if ni == 0 {
		return false
	}
	switch v.lower[ni-1] {
	case "to", "of", "at", "hits", "hit", "reached", "reaches", "tops", "topped", "passed", "exceeded",
		"was", "is", "stood", "stands", "now":
		for k := ni - 1; k >= 0 && k >= ni-20; k-- {
			if v.lower[k] == "toll" || v.lower[k] == "tolls" {
				return true
			}
			if isPunct(v.lower[k]) && v.lower[k] != "," {
				return false
			}
		}
	}
	return false
}

// tollUpdate reads a sentence with no trigger that updates a toll ("The
// death toll rose to 26 on Wednesday, rescuers said."): an anaphoric,
// generic mention that joins the event it updates and never founds one.
func (b Build) tollUpdate(a *evident.Analysis, v *sentenceView) (evident.EventMention, bool) {
	var nm *evident.Mention
	for _, m := range v.numbers {
		if m.Number == nil {
			continue
		}
		ni, nj := v.tokenAt(m.Start), v.tokenAt(m.End)
		if tollFigure(v, ni) && b.cumulativeAfter(v, nj) == "" {
			nm = m
			break
		}
	}
	if nm == nil {
		return evident.EventMention{}, false
	}
	text := a.Doc.Text
	ev := evident.Event{
		DocID: a.Doc.ID, SubEventType: "Attack", EventType: "Violence against civilians", ExtractorVersion: a.Version, Source: a.Doc.Outlet,
		Evidence: []evident.Evidence{{Start: v.sent.Start, End: v.sent.End, Text: text[v.sent.Start:v.sent.End]}},
	}
	if info, ok := b.Lex.Taxonomy[ev.SubEventType]; ok {
		ev.DisorderType = info.DisorderType
	}
	ni, nj := v.tokenAt(nm.Start), v.tokenAt(nm.End)
	disc := b.discourse(a, v, nm, ni, nj)
	ev.Modality, ev.Attribution = disc.modality, disc.attribution
	if disc.background {
		return evident.EventMention{}, false
	}
	n := int(nm.Number.Value)
	ev.Fatalities, ev.FatalitiesLow, ev.FatalitiesHigh = n, n, max(n, int(nm.Number.High))
	rule := "toll update: " + nm.Rule
	if ev.Attribution != "" {
		rule += " (according to " + ev.Attribution + ")"
	}
	ev.Fields = []evident.FieldEvidence{{Field: "fatalities", Value: fmt.Sprint(n), Start: nm.Start, End: nm.End, Rule: rule, Confidence: nm.Confidence}}
	return evident.EventMention{Event: ev, Sentence: v.idx, Trigger: nm.Span, Generic: true, Anaphoric: true,
		Participant: "casualties", NotEvent: "toll update"}, true
}

// subsetFigure reports whether the number at token ni counts a part of a
// toll already given: "including nine children", "among them four
// women", "30 of them children".
func subsetFigure(v *sentenceView, ni int) bool {
	for k := ni - 1; k >= 0 && k >= ni-2; k-- {
		switch v.lower[k] {
		case "including", "includes", "among", "them", "incl":
			return true
		}
	}
	return false
}

// singularDied finds "a man died", "a soldier was killed" told beside a
// violent trigger: a singular person noun with an article, then "died".
// It returns the span from the noun to the verb.
func singularDied(v *sentenceView) (evident.Span, bool) {
	for k, w := range v.lower {
		if w != "died" || k == 0 {
			continue
		}
		for j := k - 1; j >= 0 && j >= k-3; j-- {
			if singularVictims[v.lower[j]] && j > 0 {
				switch v.lower[j-1] {
				case "a", "an", "one", "the":
					return evident.Span{Start: v.sent.Tokens[j].Start, End: v.sent.Tokens[k].End}, true
				}
			}
		}
	}
	return evident.Span{}, false
}

// maxEventToll is the largest figure read as one event's: beyond it a
// figure sums up a war or a campaign.
const maxEventToll = 10000
