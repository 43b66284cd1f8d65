package geoparse

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOrgNames covers places inside the names of organisations, offices
// and facilities (orgs.go): the place word is the toponym, the rest of
// the name is not, and names that honour a person yield nothing.
func TestOrgNames(t *testing.T) {
	g := defaultGaz(t)
	tests := []struct {
		name, text string
		want       []string // mention texts
	}{
		{"department", "The Fresno Water Department opened bids on Monday.", []string{"Fresno"}},
		{"commission after a state", "Officials from the Nebraska Oil Conservation Commission testified.", []string{"Nebraska"}},
		{"newspaper", "The story ran in the Denver Post yesterday.", []string{"Denver"}},
		{"hyphenated newspaper", "A columnist for the Omaha World-Herald wrote it.", []string{"Omaha"}},
		{"title after a city", "Omaha Mayor Jean Stothert toured the site.", []string{"Omaha"}},
		{"abbreviated title after a state", "On Tuesday, Kansas Gov. Laura Kelly signed the bill.", []string{"Kansas"}},
		{"party member", "The bill's author, a Topeka Republican, objected.", []string{"Topeka"}},
		{"ampersand inside the name", "A Colorado Parks & Wildlife officer found the bear.", []string{"Colorado"}},
		{"university named after a city", "She studied at Aleppo University before the war.", []string{"Aleppo"}},
		{"small town before a civic head", "Yellville Police Chief Tom Smith said the road was closed.", []string{"Yellville"}},
		{"small town before a non-civic head", "She teaches at Yellville Elementary School.", nil},
		{"person-named school", "The pupils of Graham Middle School sang.", nil},
		{"head after a lower-case word is not the name's", "Craig Kaser of Terremark Partners presented it.", nil},
		{"middle initial makes a person's name", "The show is at the David L. Lawrence Convention Center.", nil},
		{"inner words of the name are skipped", "Police from Sam Houston State University came.", nil},
		{"first name before a surname still rejected", "Then Jordan Peterson spoke.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, Recognise{Gaz: g}, Resolve{Gaz: g})
			var got []string
			for _, m := range a.Mentions {
				got = append(got, m.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s\n%v", tt.text, diff, summarise(a))
			}
		})
	}
}

func TestParseNames(t *testing.T) {
	nw, err := parseNames(strings.NewReader("# c\n[org-head]\nBoard bureau\n[civic-head]\npolice\n[org-title]\nmayor\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !nw.OrgHead["board"] || !nw.OrgHead["bureau"] || !nw.Civic["police"] || !nw.OrgTitle["mayor"] || nw.Civic["board"] {
		t.Errorf("parsed %+v", nw)
	}
	for _, bad := range []string{"word\n", "[nope]\nx\n"} {
		if _, err := parseNames(strings.NewReader(bad)); err == nil {
			t.Errorf("parseNames(%q): no error", bad)
		}
	}
}

// TestPlaceModifiers: an adjective or a direction before a place is no
// first name, and opens no name of its own before an organisation.
func TestPlaceModifiers(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"headline adverb", "Overall Edmonton received a B grade.", []string{"Edmonton gazetteer:name"}},
		{"historic district", "The shops of Historic Dublin reopened.", []string{"Dublin gazetteer:name"}},
		{"metro", "Figures from Metro Vancouver rose.", []string{"Vancouver gazetteer:name"}},
		{"article before an organisation", "He told The Atlanta Journal-Constitution on Friday.", []string{"Atlanta gazetteer:name"}},
		{"direction before an organisation", "She judged for the Western Pennsylvania Kennel Association.", []string{"Pennsylvania gazetteer:name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, recognised(t, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestOrgCommonWordAndSpeech: a common word after a place starts no
// second name ("Texas Forest Service"), and a country after a locative
// word is a place even before a speech verb.
func TestOrgCommonWordAndSpeech(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"common word after the place", "Crews from the Texas Forest Service arrived.", []string{"Texas gazetteer:name"}},
		{"locative before a speech verb", "Drug abuse in Canada claimed many lives.", []string{"Canada gazetteer:name"}},
		{"a country speaking is no place", "Jordan said the talks failed.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, recognised(t, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}
