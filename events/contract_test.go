package events

import (
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	evident "github.com/evident-org/evident"
)

func TestConform(t *testing.T) {
	iraq := evident.Location{ISO: 368, Country: "Iraq", CountryCode: "IQ", Location: "Mosul", Latitude: 36.34, Longitude: 43.12, GeoPrecision: 1}
	base := func(sub, typ string) evident.Event {
		return evident.Event{ID: "e", SubEventType: sub, EventType: typ, EventDate: "2017-01-30", TimePrecision: 1, Location: iraq,
			Evidence: []evident.Evidence{{Start: 40, End: 60}, {Start: 10, End: 30}}}
	}
	type brief struct {
		Actor1, Actor2        string
		Inter1, Inter2, Inter int
		Fatalities, Low, High int
		Background            bool
		Rule                  string // a contract rule of the field evidence, "" for none
	}
	tests := []struct {
		name string
		ev   func() evident.Event
		want brief
	}{{
		name: "violent event without a perpetrator",
		ev: func() evident.Event {
			e := base("Armed clash", "Battles")
			e.Actor2, e.Inter2 = "Military Forces of Iraq (2014-)", evident.InterStateForces
			return e
		},
		want: brief{Actor1: "Unidentified Armed Group (Iraq)", Actor2: "Military Forces of Iraq (2014-)", Inter1: 3, Inter2: 1, Inter: 13,
			Rule: "contract: a violent event names no perpetrator"},
	}, {
		name: "the unidentified group already the target",
		ev: func() evident.Event {
			e := base("Armed clash", "Battles")
			e.Actor2, e.Inter2 = "Unidentified Armed Group (Iraq)", evident.InterPoliticalMilit
			return e
		},
		want: brief{Actor1: "Unidentified Armed Group (Iraq)", Inter1: 3, Inter: 30, Rule: "it becomes actor1"},
	}, {
		name: "a riot names no one",
		ev:   func() evident.Event { return base("Violent demonstration", "Riots") },
		want: brief{Actor1: "Rioters (Iraq)", Inter1: 5, Inter: 50, Rule: "contract: a riot names no one"},
	}, {
		name: "actor2's code is no interaction",
		ev: func() evident.Event {
			e := base("Looting/property destruction", "Strategic developments")
			e.Actor2, e.Inter2, e.Interaction = "Civilians (Iraq)", evident.InterCivilians, 70
			return e
		},
		want: brief{Actor2: "Civilians (Iraq)", Inter2: 7},
	}, {
		name: "a cumulative toll",
		ev: func() evident.Event {
			e := base("Air/drone strike", "Explosions/Remote violence")
			e.Actor1, e.Inter1 = "Military Forces of Russia (2000-)", evident.InterExternal
			e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh = 470000, 86, 470000
			return e
		},
		want: brief{Actor1: "Military Forces of Russia (2000-)", Inter1: 8, Inter: 80, Rule: "contract: a figure over one event's toll is cumulative"},
	}, {
		name: "deaths in an agreement belong to another event",
		ev: func() evident.Event {
			e := base("Agreement", "Strategic developments")
			e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh = 43, 43, 43
			return e
		},
		want: brief{Rule: "contract: a non-violent Agreement has no fatalities"},
	}, {
		name: "no place: background",
		ev: func() evident.Event {
			e := base("Attack", "Violence against civilians")
			e.Location = evident.Location{}
			e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh = 5, 5, 5
			return e
		},
		want: brief{Fatalities: 5, Low: 5, High: 5, Background: true, Rule: "contract: a reportable event needs a country and coordinates"},
	}, {
		name: "a valid event is left alone",
		ev: func() evident.Event {
			e := base("Suicide bomb", "Explosions/Remote violence")
			e.Actor1, e.Inter1, e.Actor2, e.Inter2, e.Interaction = "Islamic State (Iraq)", 3, "Civilians (Iraq)", 7, 37
			e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh = 12, 12, 15
			return e
		},
		want: brief{Actor1: "Islamic State (Iraq)", Actor2: "Civilians (Iraq)", Inter1: 3, Inter2: 7, Inter: 37, Fatalities: 12, Low: 12, High: 15},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := Document{}.conform(nil, []evident.Event{tt.ev()})
			e := evs[0]
			rule := "" // the wanted contract rule if one holds it, else the first
			for _, f := range e.Fields {
				if strings.HasPrefix(f.Rule, "contract:") {
					if rule == "" || tt.want.Rule != "" && strings.Contains(f.Rule, tt.want.Rule) {
						rule = f.Rule
					}
					if f.Start != 10 || f.End != 30 {
						t.Errorf("contract evidence at %d-%d, want the first evidence span 10-30", f.Start, f.End)
					}
				}
			}
			if tt.want.Rule != "" && strings.Contains(rule, tt.want.Rule) {
				rule = tt.want.Rule
			}
			got := brief{e.Actor1, e.Actor2, e.Inter1, e.Inter2, e.Interaction, e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh, e.Background, rule}
			if d := gocmp.Diff(tt.want, got); d != "" {
				t.Errorf("conform (-want +got):\n%s", d)
			}
			if vs := e.Validate(nil); len(vs) > 0 {
				t.Errorf("conformed event breaks the contract: %v", vs)
			}
		})
	}
}

func TestConformSourceAndTags(t *testing.T) {
	syria := evident.Location{ISO: 760, Country: "Syria", CountryCode: "SY", Location: "Aleppo", Latitude: 36.2, Longitude: 37.16, GeoPrecision: 1}
	ev := func(sub, typ, text string) evident.Event {
		return evident.Event{ID: "e", SubEventType: sub, EventType: typ, EventDate: "2017-01-30", TimePrecision: 1, Location: syria,
			Actor1: "Unidentified Armed Group (Syria)", Inter1: 3, Tags: []string{"firearm"},
			Evidence: []evident.Evidence{{Start: 0, End: len(text), Text: text}}}
	}
	type brief struct {
		Source, Scale, Assoc2 string
		Tags, Weapons         []string
	}
	tests := []struct {
		name string
		doc  *evident.Document
		ev   evident.Event
		want brief
	}{
		{"wire service", &evident.Document{Outlet: "reuters"},
			ev("Armed clash", "Battles", "Rebels and troops clashed near Aleppo."),
			brief{Source: "Reuters", Scale: "International", Weapons: []string{"firearm"}}},
		{"outlet of a neighbour", &evident.Document{URL: "https://www.jordantimes.com/news/1"},
			ev("Armed clash", "Battles", "Rebels and troops clashed near Aleppo."),
			brief{Source: "The Jordan Times", Scale: "Regional", Weapons: []string{"firearm"}}},
		{"outlet of the country", &evident.Document{Outlet: "SANA"},
			ev("Armed clash", "Battles", "Rebels and troops clashed near Aleppo."),
			brief{Source: "SANA", Scale: "National", Weapons: []string{"firearm"}}},
		{"unknown outlet", &evident.Document{},
			ev("Armed clash", "Battles", "Rebels and troops clashed near Aleppo."),
			brief{Weapons: []string{"firearm"}}},
		{"a protest has a crowd size", &evident.Document{},
			ev("Peaceful protest", "Protests", "Hundreds marched through Aleppo."),
			brief{Tags: []string{"crowd size=no report"}, Weapons: []string{"firearm"}}},
		{"girls targeted", &evident.Document{},
			ev("Abduction/forced disappearance", "Violence against civilians", "Gunmen abducted three schoolgirls on their way home."),
			brief{Assoc2: "Women (Syria)", Tags: []string{"women targeted: girls"}, Weapons: []string{"firearm"}}},
		{"a woman targeted", &evident.Document{},
			ev("Attack", "Violence against civilians", "A sniper shot a woman as she crossed the street."),
			brief{Assoc2: "Women (Syria)", Weapons: []string{"firearm"}}},
		{"women among others", &evident.Document{},
			ev("Attack", "Violence against civilians", "Gunmen killed five people, among them two women."),
			brief{Weapons: []string{"firearm"}}},
		{"women in a bombing: not targeted", &evident.Document{},
			ev("Air/drone strike", "Explosions/Remote violence", "An airstrike hit a house, killing a woman."),
			brief{Weapons: []string{"firearm"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Document{}.conform(tt.doc, []evident.Event{tt.ev})[0]
			got := brief{e.Source, e.SourceScale, e.AssocActor2, e.Tags, e.Weapons}
			for field, value := range map[string]string{"source": e.Source, "source_scale": e.SourceScale} {
				if value != "" && !slices.ContainsFunc(e.Fields, func(f evident.FieldEvidence) bool { return f.Field == field && f.Value == value }) {
					t.Errorf("%s %q has no field evidence", field, value)
				}
			}
			if d := gocmp.Diff(tt.want, got); d != "" {
				t.Errorf("conform (-want +got):\n%s", d)
			}
			if vs := e.Validate(tt.doc); len(vs) > 0 {
				t.Errorf("conformed event breaks the contract: %v", vs)
			}
		})
	}
}
