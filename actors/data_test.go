package actors

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/evident-org/evident"
)

func TestDefaultDataLoads(t *testing.T) {
	m := mustDefault(t)
	if len(m.actors) < 50 || len(m.groups) < 6 || len(m.countries) < 20 {
		t.Fatalf("small dictionary: %d actors, %d generics, %d countries", len(m.actors), len(m.groups), len(m.countries))
	}
	// Reading the embedded file through Load gives the same dictionary.
	b, err := dataFS.ReadFile(defaultPath)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Load(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m.Actors(), m2.Actors()); diff != "" {
		t.Errorf("Load(embedded) differs from Default (-default +load):\n%s", diff)
	}
}

func TestDefaultDataInvariants(t *testing.T) {
	f, err := defaultData()
	if err != nil {
		t.Fatal(err)
	}
	m := mustDefault(t)
	for _, a := range f.Actors {
		if a.Inter < 1 || a.Inter > 8 {
			t.Errorf("actor %q: inter %d not in 1..8", a.Name, a.Inter)
		}
		if a.Country != "" {
			if _, ok := m.countryBy[a.Country]; !ok {
				t.Errorf("actor %q: country %s missing from countries", a.Name, a.Country)
			}
		}
		if a.Side == "" {
			t.Errorf("actor %q: no side", a.Name)
		}
		if a.Inter == evident.InterStateForces && a.Country == "" {
			t.Errorf("actor %q: state forces without a country", a.Name)
		}
	}
	for _, g := range f.Generics {
		if g.Inter < 1 || g.Inter > 8 {
			t.Errorf("generic %q: inter %d not in 1..8", g.Name, g.Inter)
		}
	}
	// No alias, term or adjective is listed twice, even in another
	// spelling that normalises the same ("al-Shabaab" / "al Shabaab");
	// compile enforces it, and this says so for the shipped data.
	seen := map[string]string{}
	add := func(kind, owner string, a aliasData) {
		atoms, pre, suf, bad := splitPattern(a.Text)
		if bad != "" {
			t.Errorf("%s %q: %s", owner, a.Text, bad)
			return
		}
		var keys []string
		for _, at := range atoms {
			k := at.key
			if autoExact(a.Text) || a.Case == "exact" {
				k = at.norm
			}
			keys = append(keys, k)
		}
		key := kind + "|" + strings.Join(keys, " ") + "|" + string(rune('0'+pre)) + string(rune('0'+suf))
		if prev, dup := seen[key]; dup {
			t.Errorf("%s %q duplicates %s", owner, a.Text, prev)
		}
		seen[key] = owner + " " + a.Text
	}
	for _, a := range f.Actors {
		for _, al := range a.Aliases {
			add("main", "actor "+a.Name, al)
		}
	}
	for _, c := range f.Countries {
		if !validCode(c.Code) {
			t.Errorf("country %q: bad code", c.Code)
		}
		for _, adj := range c.Adjectives {
			add("main", "country "+c.Code, adj)
		}
	}
	for _, g := range f.Generics {
		for _, term := range g.Terms {
			add("main", "generic "+g.Name, term)
		}
		for _, term := range g.QualifiedTerms {
			add("noun", "generic "+g.Name, term)
		}
	}
	for _, n := range f.MemberNouns {
		add("member", "member nouns", n)
	}
	for _, n := range f.StopPhrases {
		add("main", "stop phrases", n)
	}
	// A contextual actor's table names dictionary actors, and its
	// mentions are generic.
	for _, a := range f.Actors {
		for code, name := range a.ByCountry {
			if _, ok := m.Lookup(name); !ok {
				t.Errorf("actor %q: by_country %s: no actor %q", a.Name, code, name)
			}
		}
		if got, _ := m.Lookup(a.Name); got.Generic != (len(a.ByCountry) > 0) {
			t.Errorf("actor %q: Generic %v with %d by_country entries", a.Name, got.Generic, len(a.ByCountry))
		}
	}

	// An alias that is another alias of its actor plus a member noun is
	// redundant: the member noun extends the shorter one anyway.
	members := map[string]bool{}
	for _, n := range f.MemberNouns {
		members[strings.ToLower(n.Text)] = true
	}
	for _, a := range f.Actors {
		aliases := map[string]float64{} // alias → confidence
		for _, al := range a.Aliases {
			aliases[strings.ToLower(al.Text)] = al.Confidence
		}
		for _, al := range a.Aliases {
			i := strings.LastIndexByte(al.Text, ' ')
			if i <= 0 || !members[strings.ToLower(al.Text[i+1:])] {
				continue
			}
			// Allowed when it is there to set another confidence.
			if conf, ok := aliases[strings.ToLower(al.Text[:i])]; ok && conf == al.Confidence {
				t.Errorf("actor %q: alias %q is %q plus a member noun", a.Name, al.Text, al.Text[:i])
			}
		}
	}
}

// A country's forces named through an adjective ("Iraqi forces") must be
// the dictionary's actor of that name when the dictionary has one, so the
// country period in countries and the actor names agree.
func TestCountryPeriodsMatchActorNames(t *testing.T) {
	m := mustDefault(t)
	for _, co := range m.countries {
		for _, prefix := range []string{"Military Forces", "Police Forces"} {
			loc := m.Localise(evident.Actor{Name: prefix, Generic: true}, co.code)
			base := prefix + " of " + co.forcesName
			for _, a := range m.actors {
				if a.Name == base || strings.HasPrefix(a.Name, base+" (") {
					if _, ok := m.Lookup(loc.Name); !ok {
						t.Errorf("%s: adjective actor %q, but the dictionary has %q", co.code, loc.Name, a.Name)
					}
					break
				}
			}
		}
	}
}

func TestAutoCase(t *testing.T) {
	for text, want := range map[string]bool{
		"IS": true, "U.S.": true, "CJTF-OIR": true, "M23": true,
		"Isis": false, "al-Shabaab": false, "FAMa": false, "People's Protection Units": false,
	} {
		if got := autoExact(text); got != want {
			t.Errorf("autoExact(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"no version", "actors: []\n", "version"},
		{"unknown field", "version: 1\nactors:\n  - {name: X, inter: 2, alias: [x]}\n", "alias"},
		{"unknown alias field", "version: 1\nactors:\n  - {name: X, inter: 2, aliases: [{txt: x}]}\n", "txt"},
		{"bad inter", "version: 1\nactors:\n  - {name: X, inter: 9, aliases: [x]}\n", "inter 9"},
		{"zero inter", "version: 1\nactors:\n  - {name: X, aliases: [x]}\n", "inter 0"},
		{"bad country", "version: 1\nactors:\n  - {name: X, inter: 2, country: Iraq, aliases: [x]}\n", "country"},
		{"duplicate name", "version: 1\nactors:\n  - {name: X, inter: 2, aliases: [x]}\n  - {name: X, inter: 2, aliases: [y]}\n", "listed twice"},
		{"duplicate alias", "version: 1\nactors:\n  - {name: X, inter: 2, aliases: [the group]}\n  - {name: Y, inter: 2, aliases: [The Group]}\n", "duplicates"},
		{"duplicate alias spelling", "version: 1\nactors:\n  - {name: X, inter: 2, aliases: [al-Qaeda, al Qaeda]}\n", "listed twice"},
		{"alias vs term", "version: 1\nactors:\n  - {name: X, inter: 2, aliases: [gunmen]}\ngenerics:\n  - {name: G, template: 'G (%s)', inter: 3, terms: [gunmen]}\n", "duplicates"},
		{"bad case", "version: 1\nactors:\n  - {name: X, inter: 2, aliases: [{text: x, case: upper}]}\n", "case"},
		{"bad confidence", "version: 1\nactors:\n  - {name: X, inter: 2, aliases: [{text: x, confidence: 2}]}\n", "confidence"},
		{"punctuation", "version: 1\nactors:\n  - {name: X, inter: 2, aliases: ['x (y)']}\n", "cannot match"},
		{"context in the middle", "version: 1\nactors:\n  - {name: X, inter: 2, aliases: ['a [b] c']}\n", "context"},
		{"all context alias", "version: 1\nactors:\n  - {name: X, inter: 2, aliases: ['[a b]']}\n", "context"},
		{"bad template", "version: 1\ngenerics:\n  - {name: G, template: 'G', inter: 3, terms: [g]}\n", "template"},
		{"bad country code", "version: 1\ncountries:\n  - {code: iq, name: Iraq}\n", "code"},
		{"adjective context", "version: 1\ncountries:\n  - {code: IQ, name: Iraq, adjectives: ['[the] Iraqi']}\n", "context"},
		{"bad extends", "version: 1\nextends: other\n", "extends"},
		{"stop phrase context", "version: 1\nstop_phrases: ['[the] x']\n", "context"},
		{"stop phrase is an alias", "version: 1\nactors:\n  - {name: X, inter: 2, aliases: [x y]}\nstop_phrases: [X Y]\n", "duplicates"},
		{"by_country unknown actor", "version: 1\ncountries: [{code: IQ, name: Iraq}]\nactors:\n  - {name: X, inter: 8, aliases: [x], by_country: {IQ: Y}}\n", "no actor"},
		{"by_country unknown country", "version: 1\nactors:\n  - {name: X, inter: 8, aliases: [x], by_country: {IQ: X}}\n", "country code"},
		{"by_country with a country", "version: 1\ncountries: [{code: IQ, name: Iraq}]\nactors:\n  - {name: X, inter: 8, country: IQ, aliases: [x], by_country: {IQ: X}}\n", "no country of its own"},
		{"country name twice", "version: 1\ncountries:\n  - {code: IQ, name: Iraq}\n  - {code: SY, name: Syria, other_names: [iraq]}\n", "listed twice"},
		{"empty", "", "empty"},
		{"not yaml", "version: [\n", "yaml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tc.yaml))
			if err == nil {
				t.Fatalf("Load: no error, want one mentioning %q", tc.want)
			}
			if evident.ErrorCode(err) != evident.EINVALID {
				t.Errorf("code %q, want %q: %v", evident.ErrorCode(err), evident.EINVALID, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func TestLoadErrorLine(t *testing.T) {
	y := "version: 1\nactors:\n  - name: X\n    inter: 2\n    aliases:\n      - x\n      - x\n"
	_, err := Load(strings.NewReader(y))
	if err == nil || !strings.Contains(err.Error(), "line 7") {
		t.Errorf("got %v, want an error at line 7", err)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadFile(filepath.Join(dir, "missing.yaml")); evident.ErrorCode(err) != evident.ENOTFOUND {
		t.Errorf("missing file: got %v, want ENOTFOUND", err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(bad); evident.ErrorCode(err) != evident.EINVALID || !strings.Contains(err.Error(), bad) {
		t.Errorf("bad file: got %v, want EINVALID naming the file", err)
	}

	// A standalone file replaces the dictionary.
	alone := filepath.Join(dir, "alone.yaml")
	if err := os.WriteFile(alone, []byte("version: 1\nactors:\n  - {name: Local Militia, inter: 4, side: local, aliases: [the brigade]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := LoadFile(alone)
	if err != nil {
		t.Fatal(err)
	}
	text := "IS fighters met the Brigade."
	want := []found{{"the Brigade", "Local Militia", "actors:alias:the brigade"}}
	if diff := cmp.Diff(want, summarise(findAll(t, m, text, split(text)))); diff != "" {
		t.Errorf("standalone (-want +got):\n%s", diff)
	}
}

func TestLoadExtendsDefault(t *testing.T) {
	y := `version: 1
extends: default
actors:
  # a new actor
  - name: Saraya Awliya al-Dam
    inter: 3
    country: IQ
    side: IQ-militias
    aliases: [Saraya Awliya al-Dam]
  # replaces the default entry of the same name
  - name: Wagner Group
    inter: 8
    country: RU
    side: RU-government
    aliases: [Wagner]
  # removes the default entry
  - name: Free Syrian Army
    disabled: true
countries:
  - code: IQ
    name: Iraq
    period: "2018-"
    adjectives: [Iraqi]
member_nouns: [operatives]
`
	m, err := Load(strings.NewReader(y))
	if err != nil {
		t.Fatal(err)
	}
	text := "Saraya Awliya al-Dam operatives, Iraqi forces, Wagner Group, Africa Corps, Free Syrian Army and IS."
	got := summarise(findAll(t, m, text, split(text)))
	want := []found{
		{"Saraya Awliya al-Dam operatives", "Saraya Awliya al-Dam", "actors:alias:Saraya Awliya al-Dam+operatives"},
		{"Iraqi forces", "Military Forces of Iraq (2018-)", "actors:adjective:Iraqi+forces"},
		{"Wagner Group", "Wagner Group", "actors:alias:Wagner+group"}, // "group" is a member noun
		{"Syrian Army", "Military Forces of Syria (2000-2024)", "actors:adjective:Syrian+army"},
		{"IS", is, "actors:alias:IS"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, ok := m.Lookup("Free Syrian Army"); ok {
		t.Error("disabled actor still present")
	}
	// The default is untouched.
	if _, ok := mustDefault(t).Lookup("Free Syrian Army"); !ok {
		t.Error("Default lost an actor")
	}
}

func TestLookupAndActors(t *testing.T) {
	m := mustDefault(t)
	a, ok := m.Lookup(is)
	if !ok || a.Inter != 2 || a.Side != "IS" || a.Generic {
		t.Errorf("Lookup(%q) = %+v, %v", is, a, ok)
	}
	if _, ok := m.Lookup("Civilians"); ok {
		t.Error("generics are not dictionary actors")
	}
	all := m.Actors()
	all[0].Name = "changed"
	if m.Actors()[0].Name == "changed" {
		t.Error("Actors returns the matcher's own slice")
	}
}

func TestLocalise(t *testing.T) {
	m := mustDefault(t)
	tests := []struct {
		name    string
		in      evident.Actor
		country string
		want    evident.Actor
	}{
		{"civilians by name", evident.Actor{Name: "Civilians", Inter: 7, Generic: true}, "Iraq",
			evident.Actor{Name: "Civilians (Iraq)", Inter: 7, CountryCode: "IQ", Generic: true}},
		{"civilians by code", evident.Actor{Name: "Civilians", Inter: 7, Generic: true}, "IQ",
			evident.Actor{Name: "Civilians (Iraq)", Inter: 7, CountryCode: "IQ", Generic: true}},
		{"lower-case code", evident.Actor{Name: "Civilians", Inter: 7, Generic: true}, "iq",
			evident.Actor{Name: "Civilians (Iraq)", Inter: 7, CountryCode: "IQ", Generic: true}},
		{"armed group", evident.Actor{Name: uag, Inter: 3, Generic: true}, "syria",
			evident.Actor{Name: "Unidentified Armed Group (Syria)", Inter: 3, CountryCode: "SY", Generic: true}},
		{"military with period and side", evident.Actor{Name: "Military Forces", Inter: 1, Generic: true}, "IQ",
			evident.Actor{Name: iraqMF, Inter: 1, CountryCode: "IQ", Generic: true, Side: "IQ-government"}},
		{"military forces name", evident.Actor{Name: "Military Forces", Inter: 1, Generic: true}, "United States",
			evident.Actor{Name: usMF, Inter: 1, CountryCode: "US", Generic: true, Side: "US-government"}},
		{"police", evident.Actor{Name: "Police Forces", Inter: 1, Generic: true}, "Iraq",
			evident.Actor{Name: "Police Forces of Iraq (2014-)", Inter: 1, CountryCode: "IQ", Generic: true, Side: "IQ-government"}},
		{"unknown country", evident.Actor{Name: "Civilians", Inter: 7, Generic: true}, "Narnia",
			evident.Actor{Name: "Civilians (Narnia)", Inter: 7, Generic: true}},
		{"named actor unchanged", evident.Actor{Name: is, Inter: 2, Side: "IS"}, "Iraq",
			evident.Actor{Name: is, Inter: 2, Side: "IS"}},
		{"already localised", evident.Actor{Name: "Civilians (Iraq)", Inter: 7, CountryCode: "IQ", Generic: true}, "Syria",
			evident.Actor{Name: "Civilians (Iraq)", Inter: 7, CountryCode: "IQ", Generic: true}},
		{"no country", evident.Actor{Name: "Civilians", Inter: 7, Generic: true}, "",
			evident.Actor{Name: "Civilians", Inter: 7, Generic: true}},
		{"other name", evident.Actor{Name: "Civilians", Inter: 7, Generic: true}, "Democratic Republic of the Congo",
			evident.Actor{Name: "Civilians (Democratic Republic of Congo)", Inter: 7, CountryCode: "CD", Generic: true}},
		{"contextual actor", evident.Actor{Name: "Global Coalition Against Daesh", Inter: 8, Generic: true, Side: "coalition-against-IS"}, "Afghanistan",
			evident.Actor{Name: "ISAF: International Security Assistance Force", Inter: 8, Generic: true, Side: "ISAF"}},
		{"contextual actor elsewhere", evident.Actor{Name: "Global Coalition Against Daesh", Inter: 8, Generic: true, Side: "coalition-against-IS"}, "Iraq",
			evident.Actor{Name: "Global Coalition Against Daesh", Inter: 8, Generic: true, Side: "coalition-against-IS"}},
		{"contextual actor, unknown country", evident.Actor{Name: "Global Coalition Against Daesh", Inter: 8, Generic: true, Side: "coalition-against-IS"}, "Narnia",
			evident.Actor{Name: "Global Coalition Against Daesh", Inter: 8, Generic: true, Side: "coalition-against-IS"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, m.Localise(tc.in, tc.country)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, Localise(tc.in, tc.country)); diff != "" {
				t.Errorf("package Localise (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEventInter(t *testing.T) {
	us := evident.Actor{Name: usMF, Inter: 1, CountryCode: "US"}
	for _, tc := range []struct {
		a       evident.Actor
		country string
		want    int
	}{
		{us, "IQ", 8},
		{us, "US", 1},
		{us, "", 1},
		{evident.Actor{Name: is, Inter: 2}, "IQ", 2},
		{evident.Actor{Name: "Military Forces", Inter: 1, Generic: true}, "IQ", 1},
	} {
		if got := EventInter(tc.a, tc.country); got != tc.want {
			t.Errorf("EventInter(%s, %q) = %d, want %d", tc.a.Name, tc.country, got, tc.want)
		}
	}
}

func TestStopPhrases(t *testing.T) {
	y := `version: 1
actors:
  - {name: Arakan Army, inter: 2, side: AA, aliases: [AA, Arakan Army]}
  - {name: Bravo, inter: 2, side: B, aliases: [bravo]}
stop_phrases: [AA batteries, bravo two zero]
`
	m, err := Load(strings.NewReader(y))
	if err != nil {
		t.Fatal(err)
	}
	text := "AA batteries, AA fighters, Bravo Two Zero, Bravo Two and AA."
	want := []found{
		{"AA", "Arakan Army", "actors:alias:AA"}, // no member nouns here
		{"Bravo", "Bravo", "actors:alias:bravo"},
		{"AA", "Arakan Army", "actors:alias:AA"},
	}
	if diff := cmp.Diff(want, summarise(findAll(t, m, text, split(text)))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// An extending file adds stop phrases to the default ones.
	ext, err := Load(strings.NewReader("version: 1\nextends: default\nstop_phrases: [Hamas Street]\n"))
	if err != nil {
		t.Fatal(err)
	}
	text = "Hamas Street and AA batteries, but Hamas."
	want = []found{{"Hamas", "Hamas Movement", "actors:alias:Hamas"}}
	if diff := cmp.Diff(want, summarise(findAll(t, ext, text, split(text)))); diff != "" {
		t.Errorf("extended (-want +got):\n%s", diff)
	}
}

func TestContextualActorsAndOtherNames(t *testing.T) {
	y := `version: 1
countries:
  - {code: AF, name: Afghanistan, other_names: [Islamic Republic of Afghanistan]}
  - {code: IQ, name: Iraq}
actors:
  - {name: Coalition, inter: 8, side: C, aliases: [coalition forces], by_country: {AF: ISAF}}
  - {name: ISAF, inter: 8, side: ISAF, aliases: [ISAF]}
generics:
  - {name: Civilians, template: 'Civilians (%s)', inter: 7, terms: [civilians]}
`
	m, err := Load(strings.NewReader(y))
	if err != nil {
		t.Fatal(err)
	}
	text := "Coalition forces and ISAF"
	got := findAll(t, m, text, split(text))
	if len(got) != 2 || !got[0].Actor.Generic || got[0].Actor.CountryCode != "" || got[1].Actor.Generic {
		t.Fatalf("a contextual actor's mentions are generic, others not: %+v, %+v", *got[0].Actor, *got[1].Actor)
	}
	coalition := *got[0].Actor
	for _, tc := range []struct {
		country string
		want    evident.Actor
	}{
		{"Afghanistan", evident.Actor{Name: "ISAF", Inter: 8, Side: "ISAF", Generic: true}},
		{"AF", evident.Actor{Name: "ISAF", Inter: 8, Side: "ISAF", Generic: true}},
		{"Islamic Republic of Afghanistan", evident.Actor{Name: "ISAF", Inter: 8, Side: "ISAF", Generic: true}},
		{"Iraq", coalition},
		{"Narnia", coalition},
		{"", coalition},
	} {
		if diff := cmp.Diff(tc.want, m.Localise(coalition, tc.country)); diff != "" {
			t.Errorf("Localise(coalition, %q) (-want +got):\n%s", tc.country, diff)
		}
	}
	civ := evident.Actor{Name: "Civilians", Inter: 7, Generic: true}
	want := evident.Actor{Name: "Civilians (Afghanistan)", Inter: 7, CountryCode: "AF", Generic: true}
	if diff := cmp.Diff(want, m.Localise(civ, "islamic republic of afghanistan")); diff != "" {
		t.Errorf("Localise by another name (-want +got):\n%s", diff)
	}
}
