package events_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/events"
)

// The sense tests: each ambiguous trigger word in its everyday sense (sport,
// business, technology, entertainment, crime news) yields no event, or only
// a background one whose field evidence says why; the same word in a
// sentence about political violence still yields the event. The sentences
// are written for these tests; none is taken from an evaluation set or a
// corpus.

// run extracts the events of a document with a title.
func run(t *testing.T, title, text string) []evident.Event {
	t.Helper()
	p, err := pipeline()
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.Run(context.Background(), &evident.Document{ID: "t", Input: "test", Title: title, Text: text, Published: pub, PublishedFrom: "metadata"})
	if err != nil {
		t.Fatal(err)
	}
	return a.Events
}

func reported(evs []evident.Event) []evident.Event {
	var out []evident.Event
	for _, e := range evs {
		if !e.Background {
			out = append(out, e)
		}
	}
	return out
}

func TestEverydaySenses(t *testing.T) {
	for _, tc := range []struct{ name, title, text string }{
		// sport
		{"beat", "", "The home side beat their rivals 3-1 on Saturday to stay top of the league."},
		{"beaten", "Veteran loses in straight sets", "The defending champion was beaten by a qualifier 6-4, 6-2 in the second round of the tournament."},
		{"shot golf", "Leader holds on", "She shot a 4-under-par 68 on Thursday to take a two-stroke lead after the first round."},
		{"shot basketball", "", "The guard shot 9-for-14 from the field and finished with 24 points and seven rebounds."},
		{"rallied", "", "The visitors rallied from two goals down to win 3-2 with a late penalty kick."},
		{"rally motor", "Rally leader retires", "The world champion crashed out of the rally on the second stage, handing the lead to his teammate."},
		{"offensive", "", "The team hired a new offensive coordinator after the quarterback struggled all season."},
		{"attack", "", "The coach praised his side's attack after they scored four goals in the cup semifinal."},
		{"clash", "Derby preview", "Both managers expect a tough clash when the two clubs meet in the Premier League on Sunday."},
		{"battled", "", "The two sprinters battled for the gold medal until the final ten metres of the race."},
		{"stormed", "", "The young swimmer stormed to victory in a new world record time at the Olympics."},
		{"captured title", "", "The 19-year-old captured her first championship title with a win over the top seed."},
		{"surrendered", "", "The pitcher surrendered three home runs in the fifth inning before the bullpen took over."},
		{"strikes out", "", "The slugger struck out twice and the team lost its fifth straight game of the season."},
		{"downed", "", "The home team downed its rival 88-81 behind 30 points from its rookie center in the playoff opener."},
		{"team name", "", "The Jets and their new quarterback open the season against the Dolphins in Miami on Sunday."},
		{"rockets", "", "The Houston Rockets won their third straight game, 101-95 over the Denver Nuggets."},
		{"sport arrest", "Linebacker arrested", "The star linebacker was arrested on a charge of drunk driving early Sunday, the team said."},
		// business
		{"stocks rallied", "Markets", "Stocks rallied on Wall Street as investors cheered strong quarterly earnings from technology companies."},
		{"prices shot up", "", "Crude oil prices shot up 4 percent after the cartel announced output cuts, traders said."},
		{"beat forecasts", "Profit surges", "The retailer's quarterly profit beat analysts' forecasts as sales rose 8 percent."},
		{"fell to", "Dollar slides", "The dollar fell to a four-month low against the euro as investors sold the currency."},
		{"hostile bid", "Takeover battle", "The miner launched a fresh attack on its rival's board in the bitterly fought takeover bid for the company."},
		{"formed", "", "The two carmakers formed a joint venture to build batteries, the companies said in a statement."},
		{"labour strike", "Airport strike", "A 24-hour strike by baggage handlers and refuelling staff disrupted flights at the airport, the union said."},
		{"pulled out", "", "The buyer pulled out of the deal to acquire the hotel chain after shareholders rejected the price."},
		{"jets airline", "", "The airline will buy 40 regional jets from the aircraft maker under a contract worth $2 billion."},
		{"fraud arrest", "", "Police arrested the former chief executive on charges of fraud and money laundering on Tuesday."},
		// technology and science
		{"virus attacks", "Worm spreads", "A new computer virus attacks users of the popular web browser through a security flaw in its software."},
		{"denial of service", "", "Hackers targeted the company's servers with denial-of-service attacks that slowed its website for hours."},
		{"assault console", "", "The electronics giant began its assault on the handheld console market with the launch of a new device."},
		{"captured images", "Probe sends pictures", "The spacecraft captured images of the moon's surface as it passed within 200 miles of the planet."},
		{"rocket", "Launch delayed", "The launch of the private rocket carrying a satellite into orbit was delayed by a week, the space agency said."},
		{"blast off", "", "The shuttle is due to blast off from the launch pad with six astronauts on board on Friday."},
		{"exploded battery", "", "Some counterfeit mobile phone batteries exploded while charging, the handset maker warned users."},
		{"deploying", "", "The bank is deploying the new software on 20,000 computers across its network this year."},
		{"targeted product", "", "The new laptop is targeted at students and is priced below $400, the computer maker said."},
		{"fighting spam", "", "Internet providers are fighting spam with new e-mail filters for their users."},
		{"killed process", "", "The update killed the background process that crashed the operating system on older computers."},
		// entertainment
		{"box-office bomb", "Sequel flops", "The studio's big-budget sequel was a box-office bomb, taking just $10 million in its opening weekend."},
		{"photo shoot", "", "The singer was on a photo shoot for her new album in Paris when the news broke."},
		{"film shooting", "", "Shooting of the director's new film begins in the spring with the cast of his last comedy."},
		{"arrested development", "", "Fans campaigned for the return of Arrested Development, the cult sitcom cancelled after three seasons."},
		// nature, health, politics
		{"predators", "", "Ranchers killed off the wolves and other predators of the valley a century ago, scientists said."},
		{"disease", "", "The new vaccine will help doctors in the fight against malaria, which kills a child every minute."},
		{"kill the bill", "", "Consumer groups asked the Senate to kill the legislation before the vote next week."},
		{"court case", "", "Jurors in the rape trial of the basketball star heard from the prosecution's last witness on Monday."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := run(t, tc.title, tc.text)
			for _, e := range reported(evs) {
				t.Errorf("%q: got a %s event, want none\nfields: %+v", tc.text, e.SubEventType, e.Fields)
			}
		})
	}
}

// TestConflictSensesStay: the same words, in sentences about political
// violence, protests and arrests, still report events.
func TestConflictSensesStay(t *testing.T) {
	for _, tc := range []struct{ name, title, text, want string }{
		{"beat", "", "Soldiers beat the detainees with rifle butts at a checkpoint outside Harare.", "Attack"},
		{"shot", "", "Gunmen shot three soldiers at a checkpoint near Kandahar on Monday.", "Armed clash"},
		{"rallied", "", "Thousands of protesters rallied in Minsk on Sunday against the election result.", "Peaceful protest"},
		{"attack", "", "Rebels attacked an army base in North Kivu on Tuesday, killing four soldiers.", "Armed clash"},
		{"offensive", "", "Insurgents launched an offensive on the town of Marawi with heavy weapons.", "Armed clash"},
		{"battled", "", "Government troops battled Islamist fighters in Sirte for a third day.", "Armed clash"},
		{"captured", "", "Al Shabaab militants captured the town of Bardhere after heavy fighting.", "Non-state actor overtakes territory"},
		{"surrendered", "", "Fifty rebels surrendered to the army in Kasai province on Friday.", "Change to group/activity"},
		{"struck", "", "A drone struck a car in Marib province, killing two militants.", "Air/drone strike"},
		{"exploded", "", "A car bomb exploded near a police station in Kabul, killing seven people.", "Remote explosive/landmine/IED"},
		{"rocket", "", "A rocket fired by militants hit a house in Sderot, wounding two civilians.", "Shelling/artillery/missile attack"},
		{"raid", "", "Police raided the offices of an opposition party in Harare and arrested five activists.", "Arrests"},
		{"clashed", "", "Protesters clashed with riot police in Santiago on Friday.", "Violent demonstration"},
		{"killed", "", "A leader of a breakaway rebel faction was killed in Cotabato on Sunday.", "Attack"},
		{"shooting", "", "Shooting erupted outside the presidential palace in Port-au-Prince on Wednesday.", "Attack"},
		{"arrested", "", "Security forces arrested an opposition activist in Baku ahead of the referendum.", "Arrests"},
		// Sport or business words beside a real attack: the participants decide.
		{"stadium bomb", "Match abandoned", "A bomb exploded outside the football stadium in Baghdad during the match, killing five fans.", "Remote explosive/landmine/IED"},
		{"market attack", "", "Gunmen attacked a cattle market in Zamfara on Monday and killed 12 traders.", "Attack"},
		{"oil pipeline", "Oil prices rise", "Oil prices rose after saboteurs attacked a pipeline in southern Iraq, cutting exports.", "Armed clash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := reported(run(t, tc.title, tc.text))
			for _, e := range evs {
				if e.SubEventType == tc.want {
					return
				}
			}
			var got []string
			for _, e := range run(t, tc.title, tc.text) {
				got = append(got, e.SubEventType+" "+why(e))
			}
			t.Errorf("%q: no %s event; got %q", tc.text, tc.want, got)
		})
	}
}

func why(e evident.Event) string {
	for _, f := range e.Fields {
		if f.Field == "background" {
			return "(background: " + f.Value + ")"
		}
	}
	return ""
}

// TestDemotionEvidence: a demoted trigger's event is kept, flagged
// background, and its field evidence names the rule and the deciding word.
func TestDemotionEvidence(t *testing.T) {
	for _, tc := range []struct{ name, title, text, reason string }{
		{"sense", "", "The champion shot a 6-under-par 66 to lead by two strokes.", `sense: "shot" beside sport word "6-under-par"`},
		{"name", "", "Fans of the New York Jets packed the stadium on Sunday.", `name: capitalised "Jets"`},
		{"crime", "", "Police arrested the goalkeeper for drunk driving on Saturday.", `ordinary crime: "drunk driving"`},
		{"domain", "Rookie leads comeback", "The rookie quarterback threw three touchdown passes in the playoff win. His best was a 60-yard bomb in the fourth quarter.", `domain: sport document`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := run(t, tc.title, tc.text)
			for _, e := range evs {
				for _, f := range e.Fields {
					if f.Field == "background" && strings.HasPrefix(f.Value, "not conflict: ") && strings.Contains(f.Value, tc.reason) {
						if !e.Background || !strings.HasPrefix(f.Rule, "sense: trigger:") || f.End <= f.Start {
							t.Errorf("evidence %+v on event background=%v", f, e.Background)
						}
						return
					}
				}
			}
			var got []string
			for _, e := range evs {
				got = append(got, e.SubEventType+" "+why(e))
			}
			t.Errorf("%q: no background event with reason %q; got %q", tc.text, tc.reason, got)
		})
	}
}

func TestDocumentDomain(t *testing.T) {
	p, err := pipeline()
	if err != nil {
		t.Fatal(err)
	}
	lex, err := events.DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, title, text, want string }{
		{"sport", "Late goal sinks leaders", "A stoppage-time goal from the substitute striker gave the visitors a 2-1 win, ending the leaders' unbeaten run in the league.", "sport"},
		{"business", "Shares slide", "Shares of the chipmaker fell 6 percent after it cut its revenue forecast, and analysts said quarterly earnings would miss estimates.", "business"},
		{"technology", "Patch fixes browser flaw", "The software maker released a patch for a security flaw in its web browser that let hackers install spyware on users' computers.", "technology"},
		{"entertainment", "Sequel tops box office", "The studio's sequel topped the box office with $60 million, and the actress who stars in it will host the film festival.", "entertainment"},
		{"conflict", "Clashes in the north", "Troops and rebels clashed near the border; the army said 12 soldiers were killed and the militants used mortars and rockets.", ""},
		// Business words in a conflict story do not make it business news.
		{"war economy", "Oil exports halted", "Oil exports stopped after militants blew up a pipeline and troops fought insurgents near the refinery, killing 20 fighters; crude prices rose.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := p.Run(context.Background(), &evident.Document{ID: "t", Input: "test", Title: tc.title, Text: tc.text})
			if err != nil {
				t.Fatal(err)
			}
			d := events.Sense{Lex: lex}.Domain(a)
			if d.Name != tc.want {
				t.Errorf("domain %q (%+v), want %q", d.Name, d, tc.want)
			}
			if d.Name != "" && !strings.HasPrefix(d.Reason(), d.Name+" document (") {
				t.Errorf("reason %q", d.Reason())
			}
		})
	}
}

func TestLoadSensesErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown context", "contexts:\n  sport:\n    strong: [goal]\nambiguous:\n  - contexts: [cooking]\n    forms: [beat]\n", `unknown context "cooking"`},
		{"form twice", "contexts:\n  sport:\n    strong: [goal]\nambiguous:\n  - contexts: [sport]\n    forms: [beat]\n  - contexts: [sport]\n    forms: [beat]\n", `"beat" is in an earlier group`},
		{"bad pattern", "contexts:\n  sport:\n    strong: [goal]\n    patterns: ['[0-9']\n", `pattern "[0-9"`},
		{"no strong words", "contexts:\n  sport:\n    weak: [game]\n", "no strong words"},
		{"not yaml", "ambiguous: {", "senses.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "senses.yaml"), []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := events.LoadLexiconDir(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "senses.yaml") {
				t.Errorf("err = %v, want one naming senses.yaml and %q", err, tc.want)
			}
		})
	}
}

// FuzzSense runs the whole pipeline, the sense stage included, on
// arbitrary titles and texts: no panics, and every demoted trigger says
// why in a background event.
func FuzzSense(f *testing.F) {
	for _, s := range []string{
		"The Jets beat the Rockets 3-2.",
		"Stocks rallied; Corp. shares shot up 5 percent.",
		"Gunmen shot dead two soldiers in Kabul.",
		"\"Rally\" (Rebels) - killed",
		"", "A", "...", "3-2 6-under-par Inc.",
	} {
		f.Add("Title: sport", s)
	}
	p, err := pipeline()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		if !utf8.ValidString(text) || !utf8.ValidString(title) {
			return
		}
		a, err := p.Run(context.Background(), &evident.Document{ID: "f", Input: "fuzz", Title: title, Text: text})
		if err != nil {
			return
		}
		for _, m := range a.Mentions {
			if m.Trigger != nil && m.Trigger.Demoted != "" && !strings.Contains(m.Trigger.Demoted, ":") {
				t.Errorf("demoted without a rule: %q", m.Trigger.Demoted)
			}
		}
	})
}
