package events

import (
	"strings"

	"github.com/evident-org/evident"
)

// Tense and genericity. ACLED codes events that happened, at a time and a
// place. News also carries generic statements about kinds of events
// ("They are good with vehicle IEDs", "Air strikes have been a source of
// controversy") and abstract uses of event words ("Retaking it is about
// more than territory"). Without a parser, a few surface signals tell
// them apart well enough: whether the sentence has a past-tense verb,
// whether it is in the present, and how the trigger is determined.

// irregularPast are common irregular past-tense forms. Regular ones end in
// "-ed".
var irregularPast = setOf("was", "were", "had", "did", "took", "fell", "fled", "shot", "hit", "left", "went", "came",
	"said", "told", "began", "ran", "fought", "blew", "threw", "struck", "saw", "held", "led", "gave", "made",
	"caught", "brought", "sent", "drove", "broke", "stole", "overran", "retook", "rose", "spoke", "won", "lost",
	"met", "sought", "heard", "found", "built", "burnt", "got", "knew", "thought", "paid", "laid", "lay", "hid",
	"dug", "stood", "sat", "woke", "wrote", "kept", "felt", "ate", "swept", "slew", "bore", "tore", "froze",
	"stuck", "shook", "spread", "withdrew", "drew", "rode", "flew", "hung", "swore")

var presentMarkers = setOf("is", "are", "am", "can", "takes", "take", "remains", "remain", "means", "seems", "seem",
	"tends", "tend", "makes", "make", "needs", "need")

var perfectAux = setOf("have", "has", "'ve")

var determiners = setOf("the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
	"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "some", "many",
	"dozens", "scores", "hundreds", "multiple", "twin", "fresh", "new", "latest", "further")

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// tenseInfo summarises a sentence's verbs.
type tenseInfo struct {
	past    bool // a simple or past-perfect verb, or a passive past
	present bool // a present-tense copula or modal
	perfect bool // "have"/"has" + participle
}

func sentenceTense(lower []string, toks []evident.Token) tenseInfo {
	var t tenseInfo
	for k, w := range lower {
		switch {
		case presentMarkers[w] && toks[k].Text != strings.ToUpper(toks[k].Text): // "is", not "IS"
			t.present = true
		case perfectAux[w]:
			t.perfect = true
		case irregularPast[w] || len(w) > 4 && strings.HasSuffix(w, "ed"):
			// "have killed" is a present perfect, not a past.
			if k > 0 && perfectAux[lower[k-1]] || k > 1 && perfectAux[lower[k-2]] {
				continue
			}
			t.past = true
		}
	}
	return t
}

// genericReason says why the trigger at tokens [ti, tj) does not report a
// particular event, or "" when it may. See the comment at the top of the
// file.
func genericReason(v *sentenceView, t *evident.Mention, ti, tj int) string {
	if ti >= len(v.lower) {
		return ""
	}
	w := v.lower[ti]
	// "Retaking it, therefore, is about ...": a gerund opening the
	// sentence is its subject, an activity named, not an event reported.
	if ti == 0 && strings.HasSuffix(w, "ing") && len(v.dates) == 0 {
		return "gerund subject"
	}
	tense := sentenceTense(v.lower, v.sent.Tokens)
	if tense.past || len(v.dates) > 0 {
		return ""
	}
	// "All the bridges have been dropped": a perfect over a quantified
	// subject sums up a campaign.
	if tense.perfect && len(v.lower) > 0 && (v.lower[0] == "all" || v.lower[0] == "every" || v.lower[0] == "most" || v.lower[0] == "many") && !hasCasualtyNumber(v) {
		return "aggregate (perfect over a quantified subject)"
	}
	last := v.lower[tj-1]
	progressive := strings.HasSuffix(w, "ing") && ti > 0 && (v.lower[ti-1] == "is" || v.lower[ti-1] == "are")
	if tense.present && !progressive && !hasCasualtyNumber(v) {
		return "generic present"
	}
	// "Air strikes have been a source of controversy": a bare plural
	// event noun, no past verb.
	if tense.perfect && t.Trigger != nil && strings.HasSuffix(last, "s") && !bareDetermined(v, ti) && !hasCasualtyNumber(v) && perfectAfter(v, tj) {
		return "generic plural"
	}
	return ""
}

// bareDetermined reports whether a determiner or number stands within
// three tokens before token ti (skipping adjectives and names).
func bareDetermined(v *sentenceView, ti int) bool {
	for k := ti - 1; k >= 0 && k >= ti-3; k-- {
		w := v.lower[k]
		if determiners[w] || isNumber(w) {
			return true
		}
		if isPunct(w) || w == "of" || w == "by" || w == "in" {
			return false
		}
	}
	return false
}

func hasCasualtyNumber(v *sentenceView) bool {
	for _, nm := range v.numbers {
		if nm.Number == nil {
			continue
		}
		if casualtyWordNear(v.lower, v.tokenAt(nm.Start), v.tokenAt(nm.End)) != "" {
			return true
		}
	}
	return false
}

// definite reports whether the event noun at token ti is determined as
// already known: "the attack", "this bombing", "Friday's blast", "last
// week's bloodshed".
func definite(v *sentenceView, ti int) bool {
	for k := ti - 1; k >= 0 && k >= ti-3; k-- {
		w := v.lower[k]
		switch {
		case w == "the" || w == "this" || w == "that" || w == "these" || w == "those" || w == "its":
			return true
		case strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") || w == "'s" || w == "’s":
			return true
		case determiners[w] || isPunct(w) || w == "for" || w == "of" || w == "in" || w == "behind":
			return false
		}
	}
	return false
}

// perfectAfter reports whether a perfect auxiliary follows token tj in
// the clause: the event noun is the sentence's subject ("Air strikes have
// been ...").
func perfectAfter(v *sentenceView, tj int) bool {
	for k := tj; k < len(v.lower) && k < tj+8; k++ {
		if perfectAux[v.lower[k]] {
			return true
		}
		if isPunct(v.lower[k]) {
			return false
		}
	}
	return false
}
