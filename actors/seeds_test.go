package actors

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/segment"
)

func readSeed(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return segment.NormaliseText(string(b))
}

// The two seed articles: every phenomenon the foundation covers shows up,
// and both tokenisations of possessives give the same mentions.
func TestSeeds(t *testing.T) {
	tests := []struct {
		file string
		// want maps a mention text to the actor it must resolve to; each
		// must occur at least once.
		want map[string]string
	}{
		{"bbc-mosul-from-the-sky.txt", map[string]string{
			"so-called Islamic State": is,
			"IS":                      is,
			"IS sniper":               is,
			"IS fighters":             is,
			"Iraqi military":          iraqMF,
			"Iraqi army":              iraqMF,
			"federal police":          fedPol,
			"woman":                   civ,
			"civilians":               civ,
			"civilian":                civ,
			"militants":               uag,
			"coalition":               "Global Coalition Against Daesh",
		}},
		{"sky-mosul-footage.txt", map[string]string{
			"Islamic State fighters": is,
			"Islamic State":          is,
			"IS":                     is,
			"Iraq’s Special Forces":  cts,
			"US forces":              usMF,
			"US jets":                usMF,
			"Iraqi forces":           iraqMF,
			"Iraqi units":            iraqMF,
			"civilians":              civ,
			"gunmen":                 uag,
		}},
	}
	m := mustDefault(t)
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			text := readSeed(t, tc.file)
			a := &evident.Analysis{Doc: &evident.Document{Text: text}, Sentences: split(text)}
			if err := (Stage{M: m}).Process(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, mm := range a.Mentions {
				checkMention(t, text, a.Sentences[mm.Sentence], mm.Sentence, mm)
				if prev, ok := got[mm.Text]; ok && prev != mm.Actor.Name {
					t.Errorf("%q resolves to both %q and %q", mm.Text, prev, mm.Actor.Name)
				}
				got[mm.Text] = mm.Actor.Name
			}
			for text, name := range tc.want {
				if got[text] != name {
					t.Errorf("%q: got actor %q, want %q", text, got[text], name)
				}
			}
			// No acronym fires on the English word.
			for _, mm := range a.Mentions {
				if strings.EqualFold(mm.Text, "is") && mm.Text != "IS" {
					t.Errorf("acronym matched %q at %d", mm.Text, mm.Start)
				}
			}
			joined := findAll(t, m, text, splitJoined(text))
			if diff := cmp.Diff(summarise(a.Mentions), summarise(joined)); diff != "" {
				t.Errorf("possessive tokenisation changes mentions (-split +joined):\n%s", diff)
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	f.Add("so-called Islamic State (IS) has been using children as human shields.")
	f.Add("Iraq’s Special Forces and U.S. jets; IS's fighters' positions.")
	f.Add("WHERE IS THE ARMY? the army's [air] Russian air strikes -- al--Shabaab ’s '")
	f.Add(readSeed(f, "sky-mosul-footage.txt")[:600])
	m := mustDefault(f)
	f.Fuzz(func(t *testing.T, text string) {
		for _, sents := range [][]evident.Sentence{split(text), splitJoined(text)} {
			findAll(t, m, text, sents)
		}
		// Arbitrary tokens: one per word-ish run, plus overlapping and
		// out-of-range ones derived from the text's bytes.
		var toks []evident.Token
		for i := 0; i+1 < len(text) && len(toks) < 64; i += 2 {
			s, e := int(text[i])%(len(text)+2)-1, int(text[i+1])%(len(text)+2)
			tok := evident.Token{Span: evident.Span{Start: s, End: e}}
			if s >= 0 && e <= len(text) && s < e {
				tok.Text = text[s:e]
			}
			toks = append(toks, tok)
		}
		for _, mm := range m.Find(text, toks, 0) {
			checkMention(t, text, evident.Sentence{}, 0, mm)
		}
	})
}

// benchDoc is about 5 KB of news text: the BBC seed, topped up from Sky's.
func benchDoc(b *testing.B) string { return benchDocT(b) }

func benchDocT(b testing.TB) string {
	bbc, sky := readSeed(b, "bbc-mosul-from-the-sky.txt"), readSeed(b, "sky-mosul-footage.txt")
	text := bbc + "\n\n" + sky
	if len(text) > 5120 {
		text = text[:5120]
		text = text[:strings.LastIndexByte(text, ' ')]
	}
	return text
}

func BenchmarkStage(b *testing.B) {
	text := benchDoc(b)
	a := &evident.Analysis{Doc: &evident.Document{Text: text}, Sentences: split(text)}
	st := Stage{M: mustDefault(b)}
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a.Mentions = a.Mentions[:0]
		if err := st.Process(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(a.Mentions)), "mentions")
}

func BenchmarkLoadDefault(b *testing.B) {
	data, err := dataFS.ReadFile(defaultPath)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(strings.NewReader(string(data))); err != nil {
			b.Fatal(err)
		}
	}
}
