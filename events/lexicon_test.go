package events

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/segment"
)

// lowerTokensRef is the plain definition lowerTokens must agree with.
func lowerTokensRef(ts []evident.Token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = strings.ToLower(strings.ReplaceAll(t.Text, "’", "'"))
	}
	return out
}

func toks(words ...string) []evident.Token {
	out := make([]evident.Token, len(words))
	for i, w := range words {
		out[i] = evident.Token{Text: w}
	}
	return out
}

func checkLowerTokens(t *testing.T, ts []evident.Token) {
	t.Helper()
	got, want := lowerTokens(ts), lowerTokensRef(ts)
	if len(got) != len(want) {
		t.Fatalf("lowerTokens: %d strings, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("lowerTokens(%q)[%d] = %q, want %q", ts[i].Text, i, got[i], want[i])
		}
	}
}

func TestLowerTokens(t *testing.T) {
	for _, ws := range [][]string{
		nil,
		{""},
		{"the", "army", "said"},
		{"The", "ARMY", "said", "", "U.S.", "AT&T", "6-3"},
		{"Didn’t", "didn’t", "DIDN'T", "Ünits", "İstanbul", "ΣΟΦΙΑ", "al-Qaim", "Mosul’s"},
	} {
		checkLowerTokens(t, toks(ws...))
	}
}

func FuzzLowerTokens(f *testing.F) {
	f.Add("The Army said on Tuesday that 12 IEDs didn’t explode in Ünits-Mosul.")
	f.Add("ΣΟΦΙΑ İstanbul \xff\xfe AT&T")
	f.Fuzz(func(t *testing.T, text string) {
		checkLowerTokens(t, segment.Tokenize(text))
		checkLowerTokens(t, toks(strings.Fields(text)...))
	})
}

// benchSentence is a sentence of news text as segment tokenises it.
var benchSentence = segment.Tokenize("Syrian government forces backed by Russian air strikes " +
	"attacked rebel positions near Aleppo on Tuesday, killing at least 12 fighters, " +
	"the Syrian Observatory for Human Rights said.")

func BenchmarkLowerTokens(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		lowerTokens(benchSentence)
	}
}

// corpusSentences returns the lower-cased tokens of the sentences of
// ../shared/corpus/fa-kes.jsonl, or of benchSentence without it.
func corpusSentences(b *testing.B) [][]string {
	f, err := os.Open("../../shared/corpus/fa-kes.jsonl")
	if err != nil {
		return [][]string{lowerTokens(benchSentence)}
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		for _, s := range segment.Split(r.Text) {
			out = append(out, lowerTokens(s.Tokens))
		}
	}
	return out
}

// BenchmarkPhraseFind looks the phrases of a few lexicons up in every
// sentence of FA-KES (in one sentence without ../shared).
func BenchmarkPhraseFind(b *testing.B) {
	lx, err := DefaultLexicon()
	if err != nil {
		b.Fatal(err)
	}
	sents := corpusSentences(b)
	for _, bc := range []struct {
		name string
		find func([]string) []match
	}{
		{"triggers", func(l []string) []match { return lx.triggers.find(l, nil) }},
		{"cues", func(l []string) []match { return lx.cues.find(l, nil) }},
		{"contexts", lx.Senses.findContexts},
		{"participants", lx.Senses.participants.findAll},
		{"targets", func(l []string) []match { return lx.Context.Targets.index.find(l, nil) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				for _, l := range sents {
					bc.find(l)
				}
			}
		})
	}
}

// TestPhraseFilter checks that the filter of every phrase index of the
// default lexicon admits each phrase's first word: it may only spare
// map accesses, never lose a match.
func TestPhraseFilter(t *testing.T) {
	lx, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	s := &lx.Senses
	for name, x := range map[string]*phraseIndex{
		"triggers": &lx.triggers, "cues": &lx.cues, "targets": &lx.Context.Targets.index,
		"protest": &lx.Context.Protest.index, "nonconflict": &lx.Context.NonConflict.index,
		"transfer": &lx.Context.Transfer.index, "reaction": &lx.Document.Reaction.index,
		"cumulative": &lx.Document.Cumulative.index, "participants": &s.participants,
		"contexts": &s.contexts, "crime": &s.crime, "legal": &s.legal, "political": &s.political,
	} {
		if len(x.byFirst) == 0 {
			t.Errorf("%s: empty index", name)
		}
		for w := range x.byFirst {
			if !x.mayStart(w) {
				t.Errorf("%s: filter rejects %q", name, w)
			}
		}
	}
	var x phraseIndex
	if x.mayStart("attack") || x.mayStart("") {
		t.Error("empty index: filter admits a word")
	}
}
