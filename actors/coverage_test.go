package actors

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/evident-org/evident"
)

// resolved is a mention as an event would see it: its text, and its actor
// after Localise with the event's country.
type resolved struct {
	Text, Name string
	Inter      int
}

// resolveAll finds the actors of text and localises generic ones to
// country, as events.Build does.
func resolveAll(t *testing.T, m *Matcher, text, country string) []resolved {
	t.Helper()
	var out []resolved
	for _, mm := range findAll(t, m, text, split(text)) {
		a := m.Localise(*mm.Actor, country)
		out = append(out, resolved{mm.Text, a.Name, a.Inter})
	}
	return out
}

// The countries the issue lists: in a realistic sentence of each, the
// main actors are found with their ACLED-style name and inter code. The
// sentences are written for these tests, not taken from evaluation data.
func TestCoverageByCountry(t *testing.T) {
	const (
		mfIQ  = "Military Forces of Iraq (2014-)"
		mfAF  = "Military Forces of Afghanistan (2014-2021)"
		mfML  = "Military Forces of Mali (2021-)"
		mfSO  = "Military Forces of Somalia (2022-)"
		mfSD  = "Military Forces of Sudan (2019-)"
		mfMM  = "Military Forces of Myanmar (2021-)"
		mfCD  = "Military Forces of the Democratic Republic of Congo (2019-)"
		pdf   = "PDF: People's Defense Force"
		sahel = "Islamic State (Sahel)"
		iswap = "Islamic State (West Africa) - Lake Chad Faction"
	)
	tests := []struct {
		name, country, text string
		want                []resolved
	}{
		{"Iraq", "Iraq",
			"Iraqi Counter Terrorism Service troops and the Federal Police pushed into western Mosul, while PMF fighters and Iraqi army units cut the road to Tal Afar.",
			[]resolved{
				{"Iraqi Counter Terrorism Service troops", cts, 1},
				{"Federal Police", fedPol, 1},
				{"PMF fighters", "Military Forces of Iraq (2014-) Popular Mobilization Forces", 1},
				{"Iraqi army units", mfIQ, 1},
			}},
		{"Iraq militias and Peshmerga", "Iraq",
			"Kataib Hezbollah claimed the drone attack on Erbil, where Peshmerga forces and Daesh remnants had clashed a week earlier.",
			[]resolved{
				{"Kataib Hezbollah", "Kataib Hezbollah", 3},
				{"Peshmerga forces", "Peshmerga - Kurdistan Regional Government", 1},
				{"Daesh", is, 2},
			}},
		{"Syria", "Syria",
			"Turkish-backed Syrian National Army factions shelled SDF positions near Manbij as HTS fighters clashed with regime forces in Idlib.",
			[]resolved{
				{"Turkish-backed Syrian National Army", "Syrian National Army", 2},
				{"SDF", "QSD: Syrian Democratic Forces", 2},
				{"HTS fighters", "HTS: Hayat Tahrir al Sham", 2},
				{"regime forces", "Military Forces of Syria (2000-2024)", 1},
			}},
		{"Yemen", "Yemen",
			"Houthi drones struck Marib as Saudi-led coalition jets hit Sanaa; AQAP gunmen later ambushed Security Belt fighters in Abyan.",
			[]resolved{
				{"Houthi drones", "Houthi Movement", 2},
				{"Saudi-led coalition jets", "Operation Restoring Hope", 8},
				{"AQAP gunmen", "AQAP: Al Qaeda in the Arabian Peninsula", 2},
				{"Security Belt fighters", "STC: Southern Transitional Council", 3},
			}},
		{"Afghanistan", "Afghanistan",
			"Taliban insurgents attacked an ANP checkpoint in Helmand before Afghan and coalition forces called in air support; an ISKP suicide bomber later struck a mosque, killing worshippers.",
			[]resolved{
				{"Taliban insurgents", "Taliban", 2},
				{"ANP", "Police Forces of Afghanistan (2014-2021)", 1},
				{"Afghan and coalition forces", mfAF, 1},
				{"ISKP suicide bomber", "Islamic State (Khorasan Province)", 2},
				{"worshippers", "Civilians (Afghanistan)", 7},
			}},
		{"Afghanistan ISAF", "Afghanistan",
			"Coalition forces and Afghan National Army soldiers killed several insurgents in Kandahar, ISAF said.",
			[]resolved{
				{"Coalition forces", "ISAF: International Security Assistance Force", 8},
				{"Afghan National Army soldiers", mfAF, 1},
				{"insurgents", "Unidentified Armed Group (Afghanistan)", 3},
				{"ISAF", "ISAF: International Security Assistance Force", 8},
			}},
		{"Ukraine", "Ukraine",
			"Russian forces shelled Kharkiv overnight while the Armed Forces of Ukraine said Wagner mercenaries had been pushed back from Bakhmut; two civilians were wounded.",
			[]resolved{
				{"Russian forces", "Military Forces of Russia (2000-)", 1},
				{"Armed Forces of Ukraine", "Military Forces of Ukraine (2019-)", 1},
				{"Wagner mercenaries", "Wagner Group", 8},
				{"civilians", "Civilians (Ukraine)", 7},
			}},
		{"Ukraine Donbas", "Ukraine",
			"Pro-Russian separatists of the Donetsk People's Republic fired on Ukrainian troops near Avdiivka.",
			[]resolved{
				{"Pro-Russian separatists", "NAF: United Armed Forces of Novorossiya", 2},
				{"Donetsk People's Republic", "NAF: United Armed Forces of Novorossiya", 2},
				{"Ukrainian troops", "Military Forces of Ukraine (2019-)", 1},
			}},
		{"Sahel: Mali", "Mali",
			"JNIM militants ambushed a FAMa convoy near Boni, Wagner fighters later killed villagers in reprisal, and Islamic State Sahel Province claimed an attack on Dozo hunters.",
			[]resolved{
				{"JNIM militants", "JNIM: Group for Support of Islam and Muslims", 2},
				{"FAMa", mfML, 1},
				{"Wagner fighters", "Wagner Group", 8},
				{"villagers", "Civilians (Mali)", 7},
				{"Islamic State Sahel Province", sahel, 2},
				{"Dozo hunters", "Dozo Communal Militia (Mali)", 4},
			}},
		{"Sahel: Burkina Faso", "Burkina Faso",
			"VDP militiamen and Burkinabe soldiers repelled Ansaroul Islam fighters near Djibo, while Koglweogo members detained suspected jihadists.",
			[]resolved{
				{"VDP militiamen", "VDP: Volunteers for the Defense of the Homeland", 3},
				{"Burkinabe soldiers", "Military Forces of Burkina Faso (2022-)", 1},
				{"Ansaroul Islam fighters", "Ansaroul Islam", 2},
				{"Koglweogo members", "Koglweogo Militia", 4},
				{"jihadists", "Unidentified Armed Group (Burkina Faso)", 3},
			}},
		{"Sahel: Niger", "Niger",
			"Nigerien troops and Chadian soldiers of the MNJTF fought Boko Haram near Diffa, days after ISGS gunmen killed gendarmes in Tillaberi.",
			[]resolved{
				{"Nigerien troops", "Military Forces of Niger (2023-)", 1},
				{"Chadian soldiers", "Military Forces of Chad (2021-)", 1},
				{"MNJTF", "MNJTF: Multinational Joint Task Force", 8},
				{"Boko Haram", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", 2},
				{"ISGS gunmen", sahel, 2},
				{"gendarmes", "Police Forces of Niger (2023-)", 1},
			}},
		{"Somalia", "Somalia",
			"Al-Shabaab militants attacked an AMISOM base in Lower Shabelle before Somali National Army troops and Danab commandos repelled them; clan militias later joined the fighting.",
			[]resolved{
				{"Al-Shabaab militants", "Al Shabaab", 2},
				{"AMISOM", "AMISOM: African Union Mission in Somalia (2007-2022)", 8},
				{"Somali National Army troops", mfSO, 1},
				{"Danab", mfSO, 1},
				{"clan militias", "Unidentified Clan Militia (Somalia)", 4},
			}},
		{"Nigeria", "Nigeria",
			"ISWAP fighters overran a base in Borno, bandits abducted students in Zamfara, and Fulani militiamen attacked farmers in Benue, the CJTF said.",
			[]resolved{
				{"ISWAP fighters", iswap, 2},
				{"bandits", "Unidentified Armed Group (Nigeria)", 3},
				{"students", "Civilians (Nigeria)", 7},
				{"Fulani militiamen", "Fulani Ethnic Militia (Nigeria)", 4},
				{"farmers", "Civilians (Nigeria)", 7},
				{"CJTF", "CJTF: Civilian Joint Task Force", 3},
			}},
		{"Sudan", "Sudan",
			"The Rapid Support Forces shelled El Fasher as Sudanese Armed Forces jets bombed RSF positions, and SPLM-N fighters clashed with Arab militias in South Kordofan.",
			[]resolved{
				{"Rapid Support Forces", "Rapid Support Forces", 2},
				{"Sudanese Armed Forces jets", mfSD, 1},
				{"RSF", "Rapid Support Forces", 2},
				{"SPLM-N fighters", "SPLM-N: Sudan People's Liberation Movement-North", 2},
				{"Arab militias", "Arab Ethnic Militia (Sudan)", 4},
			}},
		{"Myanmar", "Myanmar",
			"Junta troops clashed with the KIA in Kachin State, while the Arakan Army and TNLA fighters seized towns and PDF units ambushed a Tatmadaw convoy.",
			[]resolved{
				{"Junta troops", mfMM, 1},
				{"KIA", "KIA: Kachin Independence Army", 2},
				{"Arakan Army", "AA: Arakan Army", 2},
				{"TNLA fighters", "TNLA: Ta'ang National Liberation Army", 2},
				{"PDF units", pdf, 2},
				{"Tatmadaw", mfMM, 1},
			}},
		{"DRC", "Democratic Republic of the Congo", // the gazetteer's name
			"M23 rebels backed by Rwandan troops captured Goma as FARDC soldiers and Wazalendo militias withdrew; ADF militants killed civilians in Beni, MONUSCO said.",
			[]resolved{
				{"M23 rebels", "M23: March 23 Movement", 2},
				{"Rwandan troops", "Military Forces of Rwanda (2000-)", 1},
				{"FARDC soldiers", mfCD, 1},
				{"Wazalendo militias", "Mai-Mai Militia", 3},
				{"ADF militants", "ADF: Allied Democratic Forces", 2},
				{"civilians", "Civilians (Democratic Republic of Congo)", 7},
				{"MONUSCO", "MONUSCO: United Nations Organization Stabilization Mission in the Democratic Republic of Congo (2010-)", 8},
			}},
		{"DRC Ituri", "CD",
			"CODECO militiamen attacked a displacement camp in Djugu; UN peacekeepers said Zaire militia fighters had retaliated.",
			[]resolved{
				{"CODECO militiamen", "CODECO: Cooperative for Development of Congo", 4},
				{"UN peacekeepers", "MONUSCO: United Nations Organization Stabilization Mission in the Democratic Republic of Congo (2010-)", 8},
				{"Zaire militia fighters", "Zaire Militia", 4},
			}},
	}
	m := mustDefault(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := resolveAll(t, m, tc.text, tc.country)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tc.text, diff)
			}
			if len(tc.want) < 2 {
				t.Errorf("a country case shows at least two actors")
			}
		})
	}
}

// IS, ISIS, ISIL, Daesh and Islamic State are one actor.
func TestIslamicStateAliases(t *testing.T) {
	m := mustDefault(t)
	for _, text := range []string{"IS", "ISIS", "ISIL", "Daesh", "Da'esh", "Islamic State", "so-called Islamic State",
		"Islamic State of Iraq and the Levant", "Isis"} {
		sentence := "Officials said " + text + " fighters withdrew."
		got := summarise(findAll(t, m, sentence, split(sentence)))
		if len(got) != 1 || got[0].Name != is || got[0].Text != text+" fighters" {
			t.Errorf("%q: got %+v, want one mention of %q", sentence, got, is)
		}
	}
	// The provinces are actors of their own, on the IS side.
	for _, text := range []string{"ISKP", "ISWAP", "ISGS", "Islamic State Somalia Province", "ISCAP"} {
		got := findAll(t, m, text+" attacked.", split(text+" attacked."))
		if len(got) != 1 || got[0].Actor.Name == is || got[0].Actor.Side != "IS" || got[0].Actor.Inter != 2 {
			t.Errorf("%q: got %+v, want a province of IS", text, summarise(got))
		}
	}
}

// Iraq's CTS ("Special Forces"), Federal Police, army and PMF (Hashd) are
// distinct actors, all Iraqi state forces on the government side.
func TestIraqiStateForcesDistinct(t *testing.T) {
	m := mustDefault(t)
	text := "Iraq's Special Forces, the Federal Police, the Iraqi army and the Hashd al-Shaabi advanced, with CTS and PMF units behind."
	seen := map[string][]string{}
	for _, mm := range findAll(t, m, text, split(text)) {
		a := mm.Actor
		if a.Inter != evident.InterStateForces || a.CountryCode != "IQ" || a.Side != "IQ-government" || a.Generic {
			t.Errorf("%q: %+v, want an Iraqi state force on the government side", mm.Text, *a)
		}
		seen[a.Name] = append(seen[a.Name], mm.Text)
	}
	want := map[string][]string{
		cts:    {"Iraq's Special Forces", "CTS"},
		fedPol: {"Federal Police"},
		iraqMF: {"Iraqi army"},
		"Military Forces of Iraq (2014-) Popular Mobilization Forces": {"Hashd al-Shaabi", "PMF units"},
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Generic actors take their country from context: Localise with the
// event's country gives the ACLED name and inter code.
func TestGenericActors(t *testing.T) {
	m := mustDefault(t)
	tests := []struct {
		text, country string
		want          resolved
	}{
		{"Gunmen opened fire.", "Iraq", resolved{"Gunmen", "Unidentified Armed Group (Iraq)", 3}},
		{"Unknown gunmen opened fire.", "Nigeria", resolved{"Unknown gunmen", "Unidentified Armed Group (Nigeria)", 3}},
		{"An unidentified armed group opened fire.", "Mali", resolved{"unidentified armed group", "Unidentified Armed Group (Mali)", 3}},
		{"Militants opened fire.", "Somalia", resolved{"Militants", "Unidentified Armed Group (Somalia)", 3}},
		{"Fighters opened fire.", "Syria", resolved{"Fighters", "Unidentified Armed Group (Syria)", 3}},
		{"Insurgents opened fire.", "Afghanistan", resolved{"Insurgents", "Unidentified Armed Group (Afghanistan)", 3}},
		{"Rebels opened fire.", "Myanmar", resolved{"Rebels", "Unidentified Armed Group (Myanmar)", 3}},
		{"Jihadists opened fire.", "Burkina Faso", resolved{"Jihadists", "Unidentified Armed Group (Burkina Faso)", 3}},
		{"Bandits opened fire.", "Nigeria", resolved{"Bandits", "Unidentified Armed Group (Nigeria)", 3}},
		{"Civilians fled.", "Sudan", resolved{"Civilians", "Civilians (Sudan)", 7}},
		{"Residents fled.", "Yemen", resolved{"Residents", "Civilians (Yemen)", 7}},
		{"Villagers fled.", "Mali", resolved{"Villagers", "Civilians (Mali)", 7}},
		{"Women fled.", "Syria", resolved{"Women", "Civilians (Syria)", 7}},
		{"Children fled.", "Ukraine", resolved{"Children", "Civilians (Ukraine)", 7}},
		{"Worshippers fled.", "Nigeria", resolved{"Worshippers", "Civilians (Nigeria)", 7}},
		{"Students fled.", "Nigeria", resolved{"Students", "Civilians (Nigeria)", 7}},
		{"Journalists fled.", "Iraq", resolved{"Journalists", "Civilians (Iraq)", 7}},
		{"Aid workers fled.", "Sudan", resolved{"Aid workers", "Civilians (Sudan)", 7}},
		{"Protesters gathered.", "Iraq", resolved{"Protesters", "Protesters (Iraq)", 6}},
		{"Demonstrators gathered.", "Sudan", resolved{"Demonstrators", "Protesters (Sudan)", 6}},
		{"Rioters gathered.", "Nigeria", resolved{"Rioters", "Rioters (Nigeria)", 5}},
		{"A mob gathered.", "Nigeria", resolved{"mob", "Rioters (Nigeria)", 5}},
		{"Security forces fired.", "Iraq", resolved{"Security forces", iraqMF, 1}},
		{"Soldiers fired.", "Somalia", resolved{"Soldiers", "Military Forces of Somalia (2022-)", 1}},
		{"Troops fired.", "Mali", resolved{"Troops", "Military Forces of Mali (2021-)", 1}},
		{"Then the army fired.", "Sudan", resolved{"army", "Military Forces of Sudan (2019-)", 1}},
		{"Then the junta struck.", "Burkina Faso", resolved{"junta", "Military Forces of Burkina Faso (2022-)", 1}},
		{"Police fired.", "Nigeria", resolved{"Police", "Police Forces of Nigeria (2023-)", 1}},
		{"Policemen fired.", "Afghanistan", resolved{"Policemen", "Police Forces of Afghanistan (2014-2021)", 1}},
		{"Gendarmes fired.", "Mali", resolved{"Gendarmes", "Police Forces of Mali (2021-)", 1}},
		{"Clan militias fought.", "Somalia", resolved{"Clan militias", "Unidentified Clan Militia (Somalia)", 4}},
		{"Tribal fighters fought.", "Yemen", resolved{"Tribal fighters", "Unidentified Tribal Militia (Yemen)", 4}},
		{"Ethnic militias fought.", "Democratic Republic of Congo", resolved{"Ethnic militias", "Unidentified Communal Militia (Democratic Republic of Congo)", 4}},
		{"Fulani herdsmen attacked.", "Burkina Faso", resolved{"Fulani herdsmen", "Fulani Ethnic Militia (Burkina Faso)", 4}},
		// Contextual actors.
		{"Coalition forces struck.", "Iraq", resolved{"Coalition forces", "Global Coalition Against Daesh", 8}},
		{"Coalition forces struck.", "Afghanistan", resolved{"Coalition forces", "ISAF: International Security Assistance Force", 8}},
		{"Coalition forces struck.", "YE", resolved{"Coalition forces", "Operation Restoring Hope", 8}},
		{"Peacekeepers were attacked.", "Mali", resolved{"Peacekeepers", "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-2023)", 8}},
		{"Peacekeepers were attacked.", "Lebanon", resolved{"Peacekeepers", "UNIFIL: United Nations Interim Force in Lebanon (1978-)", 8}},
		{"Peacekeepers were attacked.", "Narnia", resolved{"Peacekeepers", "UN: United Nations", 8}},
	}
	for _, tc := range tests {
		got := resolveAll(t, m, tc.text, tc.country)
		if diff := cmp.Diff([]resolved{tc.want}, got); diff != "" {
			t.Errorf("%q in %s (-want +got):\n%s", tc.text, tc.country, diff)
		}
	}
}

// Acronyms that are also common words or other things: case-sensitive
// aliases, the all-capitals guard, leading context and stop phrases keep
// them quiet. docs/actors.md lists the ones that cannot be guarded.
func TestNoFalsePositives(t *testing.T) {
	m := mustDefault(t)
	for _, text := range []string{
		"It is what it is, and this is it.",
		"WHAT IS NEXT FOR THE REGION",
		"Let us know what the plan is.",
		"Download the PDF file or the PDF version of the report.",
		"The radio runs on two AA batteries.",
		"Three men were listed as KIA in the report.",
		"Kia and Hyundai recalled cars.",
		"He sang Richard Wagner arias.",
		"The ZSU-23 anti-aircraft gun is old.",
		"Sweden's JAS-39 fleet.",
		"They rowed on the River Isis.",
		"Al Shabab FC won the league.",
		"He flew on an ANA flight to Tokyo.",
		"She paid with STC Pay.",
		"Iraqi and American officials met.",
		"The Indian Ocean and the Polish border.",
		"a polish for boots",
		"full army camouflage",
	} {
		for _, g := range summarise(findAll(t, m, text, split(text))) {
			t.Errorf("%q: unexpected mention %+v", text, g)
		}
	}
	// The guarded acronyms still fire where they name the actor.
	text := "The AA and the KIA attacked; PDF fighters and ADF rebels too, and the Australian Defence Force said so."
	want := []found{
		{"AA", "AA: Arakan Army", "actors:alias:[the] AA"},
		{"KIA", "KIA: Kachin Independence Army", "actors:alias:[the] KIA"},
		{"PDF fighters", "PDF: People's Defense Force", "actors:alias:PDF+fighters"},
		{"ADF rebels", "ADF: Allied Democratic Forces", "actors:alias:ADF+rebels"},
		{"Australian Defence Force", "Military Forces of Australia", "actors:alias:Australian Defence Force"},
	}
	if diff := cmp.Diff(want, summarise(findAll(t, m, text, split(text)))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
