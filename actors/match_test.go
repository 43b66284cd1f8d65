package actors

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/segment"
)

// found is the part of a mention the table tests compare.
type found struct {
	Text, Name, Rule string
}

// split segments text with the segment stage, which splits a possessive
// "'s" into its own token.
func split(text string) []evident.Sentence { return segment.Split(text) }

// splitJoined segments text like split but keeps a possessive inside its
// word ("Iraq’s" one token), as other tokenisers do.
func splitJoined(text string) []evident.Sentence {
	out := segment.Split(text)
	for si := range out {
		var toks []evident.Token
		for _, t := range out[si].Tokens {
			if n := len(toks); n > 0 && toks[n-1].End == t.Start && (t.Text == "'s" || t.Text == "’s" || t.Text == "'S" || t.Text == "’S") {
				toks[n-1].End = t.End
				toks[n-1].Text = text[toks[n-1].Start:t.End]
				continue
			}
			toks = append(toks, t)
		}
		out[si].Tokens = toks
	}
	return out
}

// findAll runs the default matcher over every sentence and checks the
// invariants every mention must keep.
func findAll(t testing.TB, m *Matcher, text string, sents []evident.Sentence) []evident.Mention {
	t.Helper()
	var all []evident.Mention
	for i, s := range sents {
		ms := m.Find(text, s.Tokens, i)
		for _, mm := range ms {
			checkMention(t, text, s, i, mm)
		}
		all = append(all, ms...)
	}
	return all
}

func checkMention(t testing.TB, text string, s evident.Sentence, i int, m evident.Mention) {
	t.Helper()
	switch {
	case m.Start < 0 || m.End > len(text) || m.Start >= m.End:
		t.Fatalf("mention %q: span [%d,%d) out of bounds of %d bytes", m.Text, m.Start, m.End, len(text))
	case text[m.Start:m.End] != m.Text:
		t.Fatalf("mention %q: text[%d:%d] = %q", m.Text, m.Start, m.End, text[m.Start:m.End])
	case m.Sentence != i:
		t.Fatalf("mention %q: sentence %d, want %d", m.Text, m.Sentence, i)
	case m.Kind != evident.KindActor || m.Actor == nil:
		t.Fatalf("mention %q: kind %q, actor %v", m.Text, m.Kind, m.Actor)
	case m.Confidence <= 0 || m.Confidence > 1:
		t.Fatalf("mention %q: confidence %v", m.Text, m.Confidence)
	case !strings.HasPrefix(m.Rule, "actors:"):
		t.Fatalf("mention %q: rule %q", m.Text, m.Rule)
	case len(s.Tokens) > 0 && (m.Start < s.Tokens[0].Start || m.End > s.Tokens[len(s.Tokens)-1].End):
		t.Fatalf("mention %q outside its sentence", m.Text)
	}
}

func summarise(ms []evident.Mention) []found {
	out := make([]found, 0, len(ms))
	for _, m := range ms {
		out = append(out, found{m.Text, m.Actor.Name, m.Rule})
	}
	return out
}

const (
	is     = "Islamic State"
	iraqMF = "Military Forces of Iraq (2014-)"
	cts    = "Military Forces of Iraq (2014-) Counter Terrorism Service"
	fedPol = "Police Forces of Iraq (2014-) Federal Police"
	usMF   = "Military Forces of the United States"
	uag    = "Unidentified Armed Group"
	civ    = "Civilians"
)

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []found
	}{
		// Aliases.
		{"alias", "Daesh claimed the attack.", []found{{"Daesh", is, "actors:alias:Daesh"}}},
		{"alias ISIL", "ISIL and ISIS and Isis.", []found{
			{"ISIL", is, "actors:alias:ISIL"}, {"ISIS", is, "actors:alias:ISIS"}, {"Isis", is, "actors:alias:Isis"}}},
		{"alias fold", "the taliban and the TALIBAN", []found{
			{"taliban", "Taliban", "actors:alias:Taliban"}, {"TALIBAN", "Taliban", "actors:alias:Taliban"}}},
		{"alias hyphen variants", "al Shabaab and al-Shabaab and the Counter-Terrorism Service.", []found{
			{"al Shabaab", "Al Shabaab", "actors:alias:al-Shabaab"},
			{"al-Shabaab", "Al Shabaab", "actors:alias:al-Shabaab"},
			{"Counter-Terrorism Service", cts, "actors:alias:Counter Terrorism Service"}}},
		{"alias with dots", "U.S. Central Command said", []found{{"U.S. Central Command", usMF, "actors:alias:US Central Command"}}},
		{"alias apostrophe", "the People’s Protection Units", []found{
			{"People’s Protection Units", "YPG: People's Protection Units", "actors:alias:People's Protection Units"}}},

		// Acronyms are case-sensitive.
		{"IS vs is", "It is clear that IS is losing.", []found{{"IS", is, "actors:alias:IS"}}},
		{"Is at sentence start", "Is this the end?", nil},
		{"US vs us", "Let us see what US jets do.", []found{{"US jets", usMF, "actors:adjective:US+jets"}}},
		{"acronym in capitals text", "WHERE IS THE END", nil},
		{"acronym beside another acronym", "The UN said IS fighters fled.", []found{{"IS fighters", is, "actors:alias:IS+fighters"}}},

		// Possessives, curly and straight.
		{"possessive curly", "Islamic State’s best fighters", []found{
			{"Islamic State", is, "actors:alias:Islamic State"}, {"fighters", uag, "actors:generic:fighters"}}},
		{"possessive straight", "IS's grip on Mosul", []found{{"IS", is, "actors:alias:IS"}}},
		{"possessive adjective", "Iraq’s Special Forces and Iraq's army", []found{
			{"Iraq’s Special Forces", cts, "actors:alias:Iraq's Special Forces"},
			{"Iraq's army", iraqMF, "actors:adjective:Iraq's+army"}}},
		{"plural possessive", "the militants' positions", []found{{"militants", uag, "actors:generic:militants"}}},

		// Country adjective + noun.
		{"adjective forces", "Iraqi forces advanced.", []found{{"Iraqi forces", iraqMF, "actors:adjective:Iraqi+forces"}}},
		{"adjective troops", "Iraqi troops and Syrian army", []found{
			{"Iraqi troops", iraqMF, "actors:adjective:Iraqi+troops"},
			{"Syrian army", "Military Forces of Syria (2000-2024)", "actors:adjective:Syrian+army"}}},
		{"adjective jets", "Turkish jets struck", []found{{"Turkish jets", "Military Forces of Turkey (2002-)", "actors:adjective:Turkish+jets"}}},
		{"adjective police", "Iraqi police arrived", []found{{"Iraqi police", "Police Forces of Iraq (2014-)", "actors:adjective:Iraqi+police"}}},
		{"adjective American", "American troops left", []found{{"American troops", usMF, "actors:adjective:American+troops"}}},
		{"adjective U.S.", "U.S. forces", []found{{"U.S. forces", usMF, "actors:adjective:US+forces"}}},
		{"adjective context noun", "Russian air strikes hit Idlib", []found{{"Russian", "Military Forces of Russia (2000-)", "actors:adjective:Russian+air strikes"}}},
		{"adjective civilians", "Iraqi civilians fled", []found{{"Iraqi civilians", "Civilians (Iraq)", "actors:adjective:Iraqi+civilians"}}},
		{"adjective without noun", "Iraqi and American officials", nil},
		{"adjective then member noun", "Iraqi army soldiers", []found{{"Iraqi army soldiers", iraqMF, "actors:adjective:Iraqi+army+soldiers"}}},

		// Generics.
		{"generic gunmen", "Gunmen killed two villagers.", []found{
			{"Gunmen", uag, "actors:generic:gunmen"}, {"villagers", civ, "actors:generic:villagers"}}},
		{"generic longest", "unidentified gunmen opened fire", []found{{"unidentified gunmen", uag, "actors:generic:unidentified gunmen"}}},
		{"generic woman", "An IS sniper shot a woman.", []found{
			{"IS sniper", is, "actors:alias:IS+sniper"}, {"woman", civ, "actors:generic:woman"}}},
		{"generic crowd", "Protesters and rioters clashed with police.", []found{
			{"Protesters", "Protesters", "actors:generic:protesters"},
			{"rioters", "Rioters", "actors:generic:rioters"},
			{"police", "Police Forces", "actors:generic:police"}}},
		{"generic the army", "the army said", []found{{"army", "Military Forces", "actors:generic:[the] army"}}},
		{"army as modifier", "full army camouflage", nil},
		{"leading context hides no alias", "the Armed Forces of Ukraine and the armed forces", []found{
			{"Armed Forces of Ukraine", "Military Forces of Ukraine (2019-)", "actors:alias:Armed Forces of Ukraine"},
			{"armed forces", "Military Forces", "actors:generic:[the] armed forces"}}},

		// Longest match.
		{"so-called", "so-called Islamic State (IS) has", []found{
			{"so-called Islamic State", is, "actors:alias:so-called Islamic State"},
			{"IS", is, "actors:alias:IS"}}},
		{"Free Syrian Army", "the Free Syrian Army", []found{{"Free Syrian Army", "Free Syrian Army", "actors:alias:Free Syrian Army"}}},
		{"ISWAP", "Islamic State West Africa Province fighters", []found{
			{"Islamic State West Africa Province fighters", "Islamic State (West Africa) - Lake Chad Faction", "actors:alias:Islamic State West Africa Province+fighters"}}},
		{"federal police", "to lure federal police", []found{{"federal police", fedPol, "actors:alias:Federal Police"}}},
		{"Iraqi federal police", "Iraqi Federal Police units", []found{{"Iraqi Federal Police units", fedPol, "actors:alias:Iraqi Federal Police+units"}}},
		{"US-led coalition", "US-led coalition air strikes", []found{{"US-led coalition", "Global Coalition Against Daesh", "actors:alias:US-led coalition"}}},
		{"anti-IS coalition", "the anti-IS coalition", []found{{"anti-IS coalition", "Global Coalition Against Daesh", "actors:alias:anti-IS coalition"}}},
		{"IS-held", "IS-held areas", []found{{"IS", is, "actors:alias:IS"}}},

		// Stop phrases.
		{"stop phrase", "Al-Qaeda-linked JNIM fighters and al-Qaeda", []found{
			{"JNIM fighters", "JNIM: Group for Support of Islam and Muslims", "actors:alias:JNIM+fighters"},
			{"al-Qaeda", "Al Qaeda", "actors:alias:Al Qaeda"}}},
		{"stop phrase beats acronym", "the PDF file", nil},
		{"member noun peacekeepers", "UNIFIL peacekeepers", []found{
			{"UNIFIL peacekeepers", "UNIFIL: United Nations Interim Force in Lebanon (1978-)", "actors:alias:UNIFIL+peacekeepers"}}},

		// Matches stay inside a sentence.
		{"sentence boundary", "They came from Iraq. Forces left.", nil},
	}
	m := mustDefault(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, tok := range []struct {
				name  string
				split func(string) []evident.Sentence
			}{{"split", split}, {"joined", splitJoined}} {
				got := summarise(findAll(t, m, tc.text, tok.split(tc.text)))
				if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b []found) bool { return len(a) == 0 && len(b) == 0 || cmp.Equal(a, b) })); diff != "" {
					t.Errorf("%s: %q (-want +got):\n%s", tok.name, tc.text, diff)
				}
			}
		})
	}
}

func TestFindActorFields(t *testing.T) {
	m := mustDefault(t)
	text := "Gunmen, Iraqi forces, Iraqi civilians and IS."
	got := findAll(t, m, text, split(text))
	var actors []evident.Actor
	var conf []float64
	for _, g := range got {
		actors = append(actors, *g.Actor)
		conf = append(conf, g.Confidence)
	}
	want := []evident.Actor{
		{Name: uag, Inter: 3, Generic: true},
		{Name: iraqMF, Inter: 1, CountryCode: "IQ", Side: "IQ-government"},
		{Name: "Civilians (Iraq)", Inter: 7, CountryCode: "IQ"},
		{Name: is, Inter: 2, Side: "IS"},
	}
	if diff := cmp.Diff(want, actors); diff != "" {
		t.Errorf("actors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{0.7, 0.85, 0.85, 0.9}, conf); diff != "" {
		t.Errorf("confidences (-want +got):\n%s", diff)
	}
	// Each mention owns its Actor: changing one leaves the dictionary alone.
	got[3].Actor.Name = "changed"
	again := findAll(t, m, text, split(text))
	if again[3].Actor.Name != is {
		t.Errorf("mention actors share the dictionary's: got %q", again[3].Actor.Name)
	}
}

func TestFindBadTokens(t *testing.T) {
	m := mustDefault(t)
	text := "IS fighters"
	toks := []evident.Token{
		{Span: evident.Span{Start: 0, End: 2}, Text: "IS"},
		{Span: evident.Span{Start: 1, End: 2}, Text: "S"},   // goes backwards: ignored
		{Span: evident.Span{Start: 3, End: 99}, Text: "x"},  // out of bounds: ignored
		{Span: evident.Span{Start: 5, End: 5}},              // empty: ignored
		{Span: evident.Span{Start: -1, End: 2}, Text: "IS"}, // negative: ignored
		{Span: evident.Span{Start: 3, End: 11}, Text: "fighters"},
	}
	got := summarise(m.Find(text, toks, 0))
	want := []found{{"IS fighters", is, "actors:alias:IS+fighters"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestStage(t *testing.T) {
	text := "IS fighters shot a woman. Iraqi forces responded."
	doc := &evident.Document{ID: "d", Text: text}
	a := &evident.Analysis{Doc: doc, Sentences: split(text)}
	a.Mentions = []evident.Mention{{Kind: evident.KindPlace, Text: "kept"}}
	var st evident.Stage = Stage{}
	if st.Name() != "actors" {
		t.Errorf("Name() = %q", st.Name())
	}
	if err := st.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	var got []found
	var sents []int
	for _, m := range a.Mentions[1:] {
		got = append(got, found{m.Text, m.Actor.Name, m.Rule})
		sents = append(sents, m.Sentence)
	}
	want := []found{
		{"IS fighters", is, "actors:alias:IS+fighters"},
		{"woman", civ, "actors:generic:woman"},
		{"Iraqi forces", iraqMF, "actors:adjective:Iraqi+forces"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{0, 0, 1}, sents); diff != "" {
		t.Errorf("sentences (-want +got):\n%s", diff)
	}
	if a.Mentions[0].Text != "kept" {
		t.Errorf("earlier mentions changed: %+v", a.Mentions[0])
	}

	// An explicit matcher is used.
	custom, err := Load(strings.NewReader("version: 1\nactors:\n  - {name: Woman Group, inter: 2, aliases: [woman]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	b := &evident.Analysis{Doc: doc, Sentences: split(text)}
	if err := (Stage{M: custom}).Process(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	if len(b.Mentions) != 1 || b.Mentions[0].Actor.Name != "Woman Group" {
		t.Errorf("custom matcher: got %+v", summarise(b.Mentions))
	}
}

func TestStageErrors(t *testing.T) {
	err := Stage{}.Process(context.Background(), &evident.Analysis{})
	if evident.ErrorCode(err) != evident.EINVALID {
		t.Errorf("no document: got %v, want EINVALID", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	text := "IS fighters."
	err = Stage{}.Process(ctx, &evident.Analysis{Doc: &evident.Document{Text: text}, Sentences: split(text)})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
	// No sentences: nothing to do, no error.
	a := &evident.Analysis{Doc: &evident.Document{Text: text}}
	if err := (Stage{}).Process(context.Background(), a); err != nil || len(a.Mentions) != 0 {
		t.Errorf("no sentences: err %v, mentions %d", err, len(a.Mentions))
	}
}

func mustDefault(t testing.TB) *Matcher {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A term with leading context ("[the] army") matched from "the" must not
// hide a longer match that starts at the mention itself.
func TestLeadingContextHidesNoAlias(t *testing.T) {
	y := `version: 1
actors:
  - {name: Jaish al Islam, inter: 2, side: J, aliases: [Army of Islam]}
generics:
  - {name: Military Forces, template: 'Military Forces of %s', inter: 1, state: true, terms: ['[the] army']}
`
	m, err := Load(strings.NewReader(y))
	if err != nil {
		t.Fatal(err)
	}
	text := "the Army of Islam and the army"
	want := []found{
		{"Army of Islam", "Jaish al Islam", "actors:alias:Army of Islam"},
		{"army", "Military Forces", "actors:generic:[the] army"},
	}
	if diff := cmp.Diff(want, summarise(findAll(t, m, text, split(text)))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
