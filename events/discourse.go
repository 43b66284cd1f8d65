// Discourse at the sentence level: modality, attribution and the cues
// that make a mention background (history, aggregates, plans, questions).

package events

import (
	"strings"

	"github.com/evident-org/evident"
)

type discourse struct {
	modality, attribution string
	modalityCue           *evident.Mention
	background            bool
	backgroundReason      string
	backgroundCue         *evident.Mention
	sourceSpan            evident.Span
}

// modalityRank orders modality cues: the strongest one wins.
var modalityRank = map[evident.CueType]int{
	evident.CueDenied: 6, evident.CueNegated: 5, evident.CueClaimed: 4, evident.CueAlleged: 4,
	evident.CueUncertain: 3, evident.CueReported: 2,
}

func (b Build) discourse(a *evident.Analysis, v *sentenceView, trig *evident.Mention, ti, tj int) discourse {
	d := discourse{modality: evident.ModalityAsserted}
	rank := 0
	for _, c := range v.cues {
		ci := v.tokenAt(c.Start)
		cj := v.tokenAt(c.End)
		applies := false
		switch c.Cue.Scope {
		case "sentence":
			// "killed 12 on Monday, bringing to 400 the number killed
			// since January": an aggregate after the trigger, past a
			// clause break, sums up its own clause, not the event.
			applies = !(c.Cue.Type == evident.CueAggregate && ci > tj && v.clauseBreak(tj, ci))
		case "before":
			applies = cj <= ti && !v.clauseBreak(cj, ti)
		case "window":
			applies = cj <= ti && ti-ci <= 4 && !v.clauseBreak(cj, ti)
		}
		if !applies {
			continue
		}
		switch c.Cue.Type {
		case evident.CueHistorical, evident.CueAggregate, evident.CueFuture, evident.CueHabitual, evident.CueHypothetic:
			if !d.background {
				d.background, d.backgroundReason, d.backgroundCue = true, string(c.Cue.Type), c
			}
			continue
		}
		if r := modalityRank[c.Cue.Type]; r > rank {
			rank = r
			d.modalityCue = c
			d.modality = modalityOf(c.Cue.Type)
			if c.Cue.Type == evident.CueReported || c.Cue.Type == evident.CueClaimed {
				d.attribution, d.sourceSpan = attributionSource(a, v, c, ci, cj)
				c.Cue.Source = d.attribution
			}
		}
	}
	if d.modality == evident.ModalityNegated || d.modality == evident.ModalityDenied {
		// Negated and denied events are stored, flagged, never emitted.
		if !d.background {
			d.background, d.backgroundReason, d.backgroundCue = true, d.modality, d.modalityCue
		}
	}
	for _, dm := range v.dates {
		// "..., bringing to 2,000 the number killed since January": a
		// past date after the trigger, past a clause break, dates its own
		// clause.
		if dj := v.tokenAt(dm.Start); dj > tj && v.clauseBreak(tj, dj) {
			continue
		}
		if dm.Date != nil && dm.Date.Historical && !d.background {
			d.background, d.backgroundReason, d.backgroundCue = true, "historical date", dm
		}
	}
	if n := len(v.lower); n > 0 && v.lower[n-1] == "?" && !d.background {
		d.background, d.backgroundReason = true, "question"
	}
	// "IS claimed responsibility for the attack": a claim or accusation
	// about a definite, already known event reports the claim, not a new
	// event ("for a car bomb ... that killed eight" does report one).
	if !d.background && (d.modality == evident.ModalityClaimed || d.modality == evident.ModalityAlleged) && definite(v, ti) {
		d.background, d.backgroundReason, d.backgroundCue = true, "attribution of a known event", d.modalityCue
	}
	if !d.background {
		if why := genericReason(v, trig, ti, tj); why != "" {
			d.background, d.backgroundReason, d.backgroundCue = true, why, trig
		}
	}
	return d
}

func modalityOf(t evident.CueType) string {
	switch t {
	case evident.CueReported:
		return evident.ModalityReported
	case evident.CueClaimed:
		return evident.ModalityClaimed
	case evident.CueUncertain:
		return evident.ModalityUncertain
	case evident.CueAlleged:
		return evident.ModalityAlleged
	case evident.CueDenied:
		return evident.ModalityDenied
	case evident.CueNegated:
		return evident.ModalityNegated
	}
	return evident.ModalityAsserted
}

// attributionSource finds who says so: an actor mention just before a
// speech verb ("Iraqi forces say"), the words after "according to", or the
// few words before the verb back to a clause boundary ("the general told").
func attributionSource(a *evident.Analysis, v *sentenceView, c *evident.Mention, ci, cj int) (string, evident.Span) {
	if strings.HasPrefix(strings.ToLower(c.Text), "according to") {
		end := cj
		for end < len(v.lower) && end-cj < 8 && !isPunct(v.lower[end]) {
			end++
		}
		if end > cj {
			sp := evident.Span{Start: v.sent.Tokens[cj].Start, End: v.sent.Tokens[end-1].End}
			return a.Doc.Text[sp.Start:sp.End], sp
		}
		return "", evident.Span{}
	}
	for _, am := range v.actors {
		ai := v.tokenAt(am.End)
		if am.End <= c.Start && ci-ai <= 1 {
			return am.Text, am.Span
		}
	}
	// Inverted: "... were wounded, said the Observatory" — an actor right
	// after the verb, or "the" and a name.
	for _, am := range v.actors {
		if am.Start >= c.End && v.tokenAt(am.Start)-cj <= 1 {
			return am.Text, am.Span
		}
	}
	if cj+1 < len(v.lower) && v.lower[cj] == "the" && capitalisedToken(a.Doc.Text[v.sent.Tokens[cj+1].Start:v.sent.Tokens[cj+1].End]) {
		end := cj + 1
		for end < len(v.lower) && end-cj < 7 && !isPunct(v.lower[end]) &&
			(capitalisedToken(a.Doc.Text[v.sent.Tokens[end].Start:v.sent.Tokens[end].End]) || v.lower[end] == "for" || v.lower[end] == "of") {
			end++
		}
		for end > cj+1 && (v.lower[end-1] == "for" || v.lower[end-1] == "of") {
			end--
		}
		sp := evident.Span{Start: v.sent.Tokens[cj].Start, End: v.sent.Tokens[end-1].End}
		return a.Doc.Text[sp.Start:sp.End], sp
	}
	start := ci
	for start > 0 && ci-start < 6 && !isPunct(v.lower[start-1]) && v.lower[start-1] != "that" {
		start--
	}
	if start < ci {
		sp := evident.Span{Start: v.sent.Tokens[start].Start, End: v.sent.Tokens[ci-1].End}
		return a.Doc.Text[sp.Start:sp.End], sp
	}
	// "..., he said." — the words after the verb.
	end := cj
	for end < len(v.lower) && end-cj < 6 && !isPunct(v.lower[end]) {
		end++
	}
	if end > cj {
		sp := evident.Span{Start: v.sent.Tokens[cj].Start, End: v.sent.Tokens[end-1].End}
		return a.Doc.Text[sp.Start:sp.End], sp
	}
	return "", evident.Span{}
}
