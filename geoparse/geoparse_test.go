package geoparse

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
	"github.com/evident-org/evident/segment"
)

func defaultGaz(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// analyse segments text and runs the given stages.
func analyse(t testing.TB, text string, stages ...evident.Stage) *evident.Analysis {
	t.Helper()
	a := &evident.Analysis{Doc: &evident.Document{Text: text}}
	for _, s := range append([]evident.Stage{segment.Stage{}}, stages...) {
		if err := s.Process(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	checkSpans(t, a)
	return a
}

func checkSpans(t testing.TB, a *evident.Analysis) {
	t.Helper()
	for _, m := range a.Mentions {
		if a.Doc.Text[m.Start:m.End] != m.Text {
			t.Errorf("mention %q: span %d-%d is %q", m.Text, m.Start, m.End, a.Doc.Text[m.Start:m.End])
		}
		if m.Kind != evident.KindPlace || m.Place == nil {
			t.Errorf("mention %q: kind %q place %v", m.Text, m.Kind, m.Place)
		}
		if m.Sentence < 0 || m.Sentence >= len(a.Sentences) || !a.Sentences[m.Sentence].Span.Contains(m.Span) {
			t.Errorf("mention %q: bad sentence %d", m.Text, m.Sentence)
		}
		if m.Confidence <= 0 || m.Confidence > 1 {
			t.Errorf("mention %q: confidence %v", m.Text, m.Confidence)
		}
	}
}

// got is the comparable summary of one mention.
type got struct {
	Text, Rule, CC, Relative string
	Demonym                  bool
}

func summarise(a *evident.Analysis) []got {
	var out []got
	for _, m := range a.Mentions {
		rule, _, _ := strings.Cut(m.Rule, "; resolve:")
		out = append(out, got{m.Text, rule, m.Place.CountryCode, m.Place.Relative, m.Place.Demonym})
	}
	return out
}

func TestRecognise(t *testing.T) {
	g := defaultGaz(t)
	name := func(text, cc string) got { return got{Text: text, Rule: "gazetteer:name", CC: cc} }
	rel := func(text, cc, r string) got { return got{Text: text, Rule: "gazetteer:name", CC: cc, Relative: r} }
	dem := func(text, cc string) got { return got{Text: text, Rule: "demonym", CC: cc, Demonym: true} }
	tests := []struct {
		name, text string
		want       []got
	}{
		{"plain", "Fighting continued in Mosul on Monday.", []got{name("Mosul", "IQ")}},
		{"sentence start", "Mosul is the toughest job.", []got{name("Mosul", "IQ")}},
		{"lower case is not a name", "the mosul road", nil},
		{"article variant", "Troops entered Al-Falluja and el-Falluja.", []got{name("Al-Falluja", "IQ"), name("el-Falluja", "IQ")}},
		{"multi-word", "Ships crossed the Mediterranean Sea and the Red Sea.", []got{name("Mediterranean Sea", ""), name("Red Sea", "")}},
		{"water", "They crossed the Tigris river.", []got{name("Tigris", "")}},
		{"demonym", "Iraqi forces and Syrian rebels met Iraqis.", []got{dem("Iraqi", "IQ"), dem("Syrian", "SY"), dem("Iraqis", "IQ")}},
		{"multi-word demonym", "Costa Rican officials spoke.", []got{dem("Costa Rican", "CR")}},
		{"possessive country", "Iraq's helicopters and Iraq’s forces.", []got{
			{Text: "Iraq", Rule: "demonym:possessive", CC: "IQ", Demonym: true},
			{Text: "Iraq", Rule: "demonym:possessive", CC: "IQ", Demonym: true}}},
		{"possessive city is a place", "Mosul's old city.", []got{name("Mosul", "IQ")}},
		{"abbreviations", "US forces, U.S. jets, UK and UAE officials.", []got{
			{Text: "US", Rule: "gazetteer:abbrev", CC: "US"}, {Text: "U.S.", Rule: "gazetteer:abbrev", CC: "US"},
			{Text: "UK", Rule: "gazetteer:abbrev", CC: "GB"}, {Text: "UAE", Rule: "gazetteer:abbrev", CC: "AE"}}},
		{"acronyms that are not countries", "IS fighters told the BBC.", nil},
		{"administrative suffix", "Deputies searched Anbar Province and Nineveh province.", []got{
			{Text: "Anbar Province", Rule: "gazetteer:name+suffix", CC: "IQ"}, {Text: "Nineveh province", Rule: "gazetteer:name+suffix", CC: "IQ"}}},
		{"institution named after a place", "The Texas Department of Health said so.", []got{name("Texas", "US")}},
		{"country after a sentence-initial word", "Considering Tunisia’s interest, it was odd.", []got{
			{Text: "Tunisia", Rule: "demonym:possessive", CC: "TN", Demonym: true}}},
		{"saint abbreviated", "They flew to St. Petersburg.", []got{name("St. Petersburg", "RU")}},
		{"all-caps dateline", "BAGHDAD, Jan 31 - Clashes went on.", []got{{Text: "BAGHDAD", Rule: "gazetteer:dateline", CC: "IQ"}}},
		{"titles are not places", "Sen. Smith and Gov. Brown spoke.", nil},
		{"hyphenated compounds", "The Britain-based group said anti-Russian forces left.", []got{
			{Text: "Britain", Rule: "gazetteer:hyphenated", CC: "GB"}, {Text: "Russian", Rule: "demonym:hyphenated", CC: "RU", Demonym: true}}},
		{"places that speak", "Beijing said it would respond.", []got{name("Beijing", "CN")}},
		{"region abbreviation after a place", "Born in Springfield, Mass., he moved to Paris, Ky. and Edmonton, Alta. later.", []got{
			name("Springfield", "US"), {Text: "Mass.", Rule: "gazetteer:region-abbrev", CC: "US"},
			name("Paris", "US"), {Text: "Ky.", Rule: "gazetteer:region-abbrev", CC: "US"},
			name("Edmonton", "CA"), {Text: "Alta.", Rule: "gazetteer:region-abbrev", CC: "CA"}}},
		{"city of", "It fights for the Iraqi city of Mosul.", []got{dem("Iraqi", "IQ"), name("Mosul", "IQ")}},
		{"direction", "Their destination is west Mosul.", []got{rel("Mosul", "IQ", "west")}},
		{"direction adjective", "Forces prepare an offensive in western Mosul.", []got{rel("Mosul", "IQ", "west")}},
		{"capitalised direction", "Clashes in Eastern Mosul.", []got{rel("Mosul", "IQ", "east")}},
		{"direction of", "The camp is just a few miles south of Mosul.", []got{rel("Mosul", "IQ", "south of")}},
		{"near", "A strike near Mosul.", []got{rel("Mosul", "IQ", "near")}},
		{"outside", "A camp outside Falluja.", []got{rel("Falluja", "IQ", "outside")}},
		{"outskirts", "Shelling on the outskirts of Mosul.", []got{rel("Mosul", "IQ", "on the outskirts of")}},
		{"feature word after", "Engineers repaired Mosul Dam.", []got{name("Mosul", "IQ")}},
		{"speaker", "Jordan said the border was closed.", nil},
		{"title", "General Samir Hussain and Col. Mohammed arrived.", nil},
		{"first name before surname", "Then Jordan Peterson spoke.", nil},
		{"surname after first name", "Producer Joe Inwood and Nafiseh Kohnavard filmed.", nil},
		{"common word at sentence start", "But the army moved. Within minutes it ended.", nil},
		{"month", "In May the city of Mosul fell.", []got{name("Mosul", "IQ")}},
		{"country and demonym next to each other", "The Iraq Syria border.", []got{name("Iraq", "IQ"), name("Syria", "SY")}},
		{"person seen earlier", "John Bolton met Iraqi officials. Later Bolton left.", []got{dem("Iraqi", "IQ")}},
		{"person after title seen earlier", "President Trump spoke. Trump left for Mosul.", []got{name("Mosul", "IQ")}},
		{"demonym beats homonymous town", "Canadian troops and German jets.", []got{dem("Canadian", "CA"), dem("German", "DE")}},
		{"contraction", "We're told I've seen it.", nil},
		{"word the document uses in lower case", "Angered residents fled. Many were angered by it.", nil},
		{"country at sentence start despite lower-case homograph", "Turkey closed its border. They ate turkey.", []got{name("Turkey", "TR")}},
		{"institution by metonymy", "The White House and the Kremlin said no.", nil},
		{"no article stripping after an English word", "At al-Hawl camp.", []got{name("al-Hawl", "SY")}},
		{"a direction in a compound is no place", "A Western-drafted resolution on Mosul failed.", []got{name("Mosul", "IQ")}},
		{"a short country abbreviation needs capitals", "Car bombs hit Mosul. The CAR army moved.", []got{name("Mosul", "IQ"), {Text: "CAR", Rule: "gazetteer:abbrev", CC: "CF"}}},
		{"a weekday after a place is no surname", "A car bomb exploded in Baghdad Tuesday.", []got{name("Baghdad", "IQ")}},
		{"a month after a place is no surname", "Troops reached Mosul December 12.", []got{name("Mosul", "IQ")}},
		{"a sentence-opening gerund is no first name", "Fighting near Manbij went on. Capturing Manbij would matter.", []got{
			rel("Manbij", "SY", "near"), name("Manbij", "SY")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, Recognise{Gaz: g}, Resolve{Gaz: g})
			if diff := cmp.Diff(tt.want, summarise(a)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestRecogniseNeedsGazetteer(t *testing.T) {
	a := &evident.Analysis{Doc: &evident.Document{Text: "x"}}
	if err := (Recognise{}).Process(context.Background(), a); err == nil {
		t.Error("Recognise without gazetteer: no error")
	}
	if err := (Resolve{}).Process(context.Background(), a); err == nil {
		t.Error("Resolve without gazetteer: no error")
	}
}

// rankGaz is a small hand-built gazetteer with homonyms.
func rankGaz(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	b := gazetteer.NewBuilder()
	b.SetCountry(gazetteer.CountryInfo{Code: "JO", Name: "Jordan", Demonyms: []string{"Jordanian"}})
	b.SetCountry(gazetteer.CountryInfo{Code: "US", Name: "United States", Demonyms: []string{"American"}})
	b.SetCountry(gazetteer.CountryInfo{Code: "LB", Name: "Lebanon", Demonyms: []string{"Lebanese"}})
	b.SetCountry(gazetteer.CountryInfo{Code: "LY", Name: "Libya", Demonyms: []string{"Libyan"}})
	b.SetCountry(gazetteer.CountryInfo{Code: "IQ", Name: "Iraq", Demonyms: []string{"Iraqi"}})
	b.SetAdmin1("IQ.15", "Nineveh")
	b.SetAdmin1("IQ.07", "Baghdad")
	add := func(id int64, name, class, code, cc, a1 string, pop int64) {
		b.Add(gazetteer.Entry{GeonameID: id, Name: name, FeatureClass: class, FeatureCode: code, CountryCode: cc, Admin1Code: a1, Population: pop})
	}
	add(1, "Jordan", "A", "PCLI", "JO", "", 10000000)
	add(2, "Jordan", "P", "PPL", "US", "MN", 6000)
	add(3, "Tripoli", "P", "PPLC", "LY", "", 1150000)
	add(4, "Tripoli", "P", "PPLA", "LB", "", 230000)
	add(5, "Nineveh", "A", "ADM1", "IQ", "15", 0)
	add(6, "Nineveh", "P", "PPL", "US", "IN", 1200)
	add(7, "Baghdad", "A", "ADM1", "IQ", "07", 0)
	add(8, "Baghdad", "P", "PPLC", "IQ", "07", 7216000)
	add(9, "Beirut", "P", "PPLC", "LB", "", 1900000)
	add(10, "Mosul", "P", "PPLA", "IQ", "15", 1683000)
	add(11, "Qayyarah", "P", "PPL", "IQ", "07", 20000)
	add(12, "Qayyarah", "P", "PPL", "IQ", "15", 20000)
	add(13, "Lebanon", "A", "PCLI", "LB", "", 6000000)
	b.Add(gazetteer.Entry{GeonameID: 14, Name: "Al Ḩawl", FeatureClass: "P", FeatureCode: "PPLA3", CountryCode: "SY", Population: 3000}, "Al-Hol")
	add(15, "Hol", "P", "PPLA2", "NO", "", 4500)
	return b.Build()
}

func TestResolveRanking(t *testing.T) {
	g := rankGaz(t)
	tests := []struct {
		name, text, mention string
		wantID              int64
		wantReason          string
	}{
		{"country beats small town", "Talks were held in Jordan.", "Jordan", 1, "feature=PCLI"},
		{"ADM1 beats small town", "Fighting spread across Nineveh.", "Nineveh", 5, "feature=ADM1"},
		{"capital beats its province", "A bomb in Baghdad.", "Baghdad", 8, "feature=PPLC"},
		{"population and feature without context", "Clashes in Tripoli.", "Tripoli", 3, "feature=PPLC"},
		{"country focus", "Lebanese troops deployed in Tripoli. Lebanese officials met in Beirut.", "Tripoli", 4, "focus=LB"},
		{"city-of cue", "Clashes in the Lebanese city of Tripoli.", "Tripoli", 4, "cue=LB"},
		{"co-occurring admin1", "Forces left Mosul for Qayyarah.", "Qayyarah", 12, "admin1=IQ.15"},
		{"article kept in the name beats the bare name", "Camps near al-Hol.", "al-Hol", 14, "with-article"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, Recognise{Gaz: g}, Resolve{Gaz: g})
			for _, m := range a.Mentions {
				if m.Text != tt.mention {
					continue
				}
				if m.Place.GeonameID != tt.wantID {
					t.Errorf("%s resolved to %d (%s), want %d", m.Text, m.Place.GeonameID, m.Rule, tt.wantID)
				}
				if !strings.Contains(m.Rule, tt.wantReason) {
					t.Errorf("rule %q lacks %q", m.Rule, tt.wantReason)
				}
				return
			}
			t.Errorf("no mention %q in %+v", tt.mention, summarise(a))
		})
	}
}

func TestResolveOneSensePerDocument(t *testing.T) {
	g := rankGaz(t)
	a := analyse(t, "Clashes in Tripoli. Lebanese troops arrived. Tripoli was calm.", Recognise{Gaz: g}, Resolve{Gaz: g})
	var ids []int64
	for _, m := range a.Mentions {
		if m.Text == "Tripoli" {
			ids = append(ids, m.Place.GeonameID)
			if !strings.Contains(m.Rule, "one-sense") {
				t.Errorf("rule %q lacks one-sense", m.Rule)
			}
		}
	}
	if diff := cmp.Diff([]int64{4, 4}, ids); diff != "" {
		t.Errorf("Tripoli ids (-want +got):\n%s", diff)
	}
	// Running Resolve again changes nothing.
	before := append([]evident.Mention(nil), a.Mentions...)
	if err := (Resolve{Gaz: g}).Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, a.Mentions); diff != "" {
		t.Errorf("second Resolve changed mentions (-before +after):\n%s", diff)
	}
}

func TestPlaceNames(t *testing.T) {
	g := defaultGaz(t)
	a := analyse(t, "Clashes in Mosul.", Recognise{Gaz: g}, Resolve{Gaz: g})
	if len(a.Mentions) != 1 {
		t.Fatalf("mentions: %+v", summarise(a))
	}
	p := a.Mentions[0].Place
	want := evident.Place{GeonameID: 99072, Name: "Mosul", Lat: 36.335, Lon: 43.11889, FeatureClass: "P", FeatureCode: "PPLA",
		CountryCode: "IQ", Country: "Iraq", Admin1: "Nineveh", Population: p.Population, Admin2: p.Admin2, Score: p.Score, Alternatives: p.Alternatives}
	if p.Score <= 0 {
		t.Errorf("score %v, want > 0", p.Score)
	}
	if diff := cmp.Diff(&want, p); diff != "" {
		t.Errorf("place (-want +got):\n%s", diff)
	}
}

func TestLexicon(t *testing.T) {
	lx, err := ParseLexicon(strings.NewReader("# c\n[title]\nGeneral col\n[direction]\nwestern=west\n[near]\nclose_to\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !lx.Title["general"] || !lx.Title["col"] || lx.Direction["western"] != "west" || len(lx.Near) != 1 || len(lx.Near[0]) != 2 {
		t.Errorf("lexicon = %+v", lx)
	}
	for _, bad := range []string{"word\n", "[nope]\n", "[direction]\nwest\n"} {
		if _, err := ParseLexicon(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseLexicon(%q) succeeded", bad)
		}
	}
	if DefaultLexicon() == nil || !DefaultLexicon().Never["january"] {
		t.Error("default lexicon not loaded")
	}
}

func readSeed(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSeeds(t *testing.T) {
	g := defaultGaz(t)
	resolved := map[string]string{} // mention text -> country code
	relatives := map[string]bool{}
	for _, f := range []string{"bbc-mosul-from-the-sky.txt", "sky-mosul-footage.txt"} {
		a := analyse(t, readSeed(t, f), Recognise{Gaz: g}, Resolve{Gaz: g})
		for _, m := range a.Mentions {
			if !m.Place.Demonym {
				resolved[m.Text] = m.Place.CountryCode
			}
			if m.Place.Relative != "" {
				relatives[m.Text+"/"+m.Place.Relative] = true
			}
		}
	}
	for _, name := range []string{"Mosul", "Baghdad", "Falluja", "Sinjar"} {
		if cc, ok := resolved[name]; !ok || cc != "IQ" {
			t.Errorf("%s: resolved to %q (found %v), want IQ", name, cc, ok)
		}
	}
	if _, ok := resolved["Tigris"]; !ok {
		t.Error("Tigris not found")
	}
	// Villages and camps: found only where the gazetteer has them, and
	// then in Iraq.
	for _, name := range []string{"Erij", "Mishraq"} {
		if cc, ok := resolved[name]; ok && cc != "IQ" {
			t.Errorf("%s: resolved to %q, want IQ", name, cc)
		}
	}
	for _, r := range []string{"Mosul/south of", "Mosul/west", "Mosul/east"} {
		if !relatives[r] {
			t.Errorf("no relative mention %s", r)
		}
	}
	for text := range resolved {
		switch text {
		case "Mosul", "Baghdad", "Falluja", "Sinjar", "Tigris", "Iraq", "US", "Erij", "Mishraq":
		default:
			t.Errorf("unexpected place mention %q", text)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenMention is the part of a mention the golden files keep.
type goldenMention struct {
	Start, End  int
	Text        string
	Name        string  `json:",omitempty"`
	GeonameID   int64   `json:",omitempty"`
	FeatureCode string  `json:",omitempty"`
	CountryCode string  `json:",omitempty"`
	Admin1      string  `json:",omitempty"`
	Relative    string  `json:",omitempty"`
	Demonym     bool    `json:",omitempty"`
	Confidence  float64 `json:",omitempty"`
	Rule        string
}

// TestGoldenSeeds compares the geoparse of both seed articles with
// testdata/golden/<seed>.json; refresh with go test ./geoparse -run
// GoldenSeeds -update and review the diff.
func TestGoldenSeeds(t *testing.T) {
	g := defaultGaz(t)
	for _, f := range []string{"bbc-mosul-from-the-sky.txt", "sky-mosul-footage.txt"} {
		t.Run(f, func(t *testing.T) {
			a := analyse(t, readSeed(t, f), Recognise{Gaz: g}, Resolve{Gaz: g})
			var got []goldenMention
			for _, m := range a.Mentions {
				p := m.Place
				got = append(got, goldenMention{m.Start, m.End, m.Text, p.Name, p.GeonameID, p.FeatureCode, p.CountryCode, p.Admin1, p.Relative, p.Demonym, m.Confidence, m.Rule})
			}
			b, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", strings.TrimSuffix(f, ".txt")+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(b)+"\n"); diff != "" {
				t.Errorf("geoparse of %s differs from %s (-want +got):\n%s", f, path, diff)
			}
		})
	}
}

func BenchmarkRecognise(b *testing.B) {
	g := defaultGaz(b)
	a := analyse(b, readSeed(b, "bbc-mosul-from-the-sky.txt"))
	r := Recognise{Gaz: g}
	b.SetBytes(int64(len(a.Doc.Text)))
	b.ReportAllocs()
	for b.Loop() {
		a.Mentions = a.Mentions[:0]
		if err := r.Process(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolve(b *testing.B) {
	g := defaultGaz(b)
	a := analyse(b, readSeed(b, "bbc-mosul-from-the-sky.txt"), Recognise{Gaz: g})
	recognised := append([]evident.Mention(nil), a.Mentions...)
	r := Resolve{Gaz: g}
	b.SetBytes(int64(len(a.Doc.Text)))
	b.ReportAllocs()
	for b.Loop() {
		a.Mentions = append(a.Mentions[:0], recognised...)
		if err := r.Process(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzRecognise(f *testing.F) {
	f.Add("The Iraqi city of Mosul, a few miles south of Mosul.")
	f.Add("US forces near al-Falluja; Jordan said. Iraq's army")
	f.Fuzz(func(t *testing.T, text string) {
		g := defaultGaz(t)
		analyse(t, text, Recognise{Gaz: g}, Resolve{Gaz: g})
	})
}

func FuzzParseLexicon(f *testing.F) {
	f.Add(defaultLexicon)
	f.Fuzz(func(t *testing.T, s string) {
		ParseLexicon(strings.NewReader(s))
	})
}
