package geoeval

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestByteOffsets(t *testing.T) {
	tests := []struct {
		text string
		want []int
	}{
		{"", []int{0}},
		{"abc", []int{0, 1, 2, 3}},
		{"Zü", []int{0, 1, 3}},
		{"🙂x", []int{0, 4, 5}},
		{"a\xffb", []int{0, 1, 2, 3}}, // an invalid byte is one code point
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, byteOffsets(tt.text)); diff != "" {
			t.Errorf("byteOffsets(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestAlign(t *testing.T) {
	far := "Paris" + strings.Repeat(" x", 150) + " Lyon"
	tests := []struct {
		name               string
		text               string
		start, end         int // code points
		phrase             string
		wantStart, wantEnd int // bytes
		want               alignment
	}{
		{"ascii", "in Mosul today", 3, 8, "Mosul", 3, 8, exact},
		{"after multi-byte", "Zürich 🙂 Genève", 9, 15, "Genève", 13, 20, exact},
		{"multi-byte phrase", "Zürich 🙂 Genève", 0, 6, "Zürich", 0, 7, exact},
		{"shifted", "Zürich 🙂 Genève", 11, 17, "Genève", 13, 20, realigned},
		{"end wrong", "the Kenyan capital", 4, 9, "Kenyan", 4, 10, realigned},
		{"nearest of two", "Lyon, Lyon and Lyon", 7, 11, "Lyon", 6, 10, realigned},
		{"word boundary", "Parisian Paris", 1, 6, "Paris", 9, 14, realigned},
		{"end past text", "in Mosul", 3, 20, "Mosul", 3, 8, realigned},
		{"negative", "in Mosul", -5, -1, "Mosul", 0, 0, dropped},
		{"start past text", "in Mosul", 9, 14, "Mosul", 0, 0, dropped},
		{"absent", "in Mosul", 3, 8, "Raqqa", 0, 0, dropped},
		{"only inside a word", "Parisian", 1, 6, "Paris", 0, 0, dropped},
		{"empty phrase", "in Mosul", 3, 3, "", 0, 0, dropped},
		{"beyond window", far, len(far) - 4, len(far), "Paris", 0, 0, dropped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e, how := align(tt.text, byteOffsets(tt.text), tt.start, tt.end, tt.phrase)
			if s != tt.wantStart || e != tt.wantEnd || how != tt.want {
				t.Errorf("align = %d, %d, %v; want %d, %d, %v", s, e, how, tt.wantStart, tt.wantEnd, tt.want)
			}
			if how != dropped && tt.text[s:e] != tt.phrase {
				t.Errorf("text[%d:%d] = %q, want %q", s, e, tt.text[s:e], tt.phrase)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	tests := []struct {
		corpus    Corpus
		file      string
		wantDocs  []Doc
		wantStats LoadStats
	}{
		{
			GeoWebNews, "geowebnews.xml",
			[]Doc{
				{
					ID: "0", Title: "Protests in two cities", URL: "http://example.org/a",
					Text: "Protesters in Zürich and São Paulo marched; 🙂 Genève stayed calm. The city is quiet.",
					Toponyms: []Toponym{
						{Start: 14, End: 21, Text: "Zürich", Type: "Literal", GeonameID: 2657896, Lat: 47.36667, Lon: 8.55, HasCoord: true},
						{Start: 26, End: 36, Text: "São Paulo", Type: "Literal", Lat: -23.5475, Lon: -46.63611, HasCoord: true},
						{Start: 51, End: 58, Text: "Genève", Type: "Metonymic", GeonameID: 2660646, Lat: 46.20222, Lon: 6.14569, HasCoord: true},
						{Start: 76, End: 80, Text: "city", Type: "Literal_Expression"},
					},
				},
				{
					ID: "1", Title: "Weather", Text: "Paris is far & cold.", URL: "http://example.org/b",
					Toponyms: []Toponym{
						{Start: 0, End: 5, Text: "Paris", Type: "Literal", GeonameID: 2988507, Lat: 48.85341, Lon: 2.3488, HasCoord: true},
					},
				},
			},
			LoadStats{Documents: 2, Toponyms: 5, Realigned: 1, Dropped: 1, DroppedToponyms: []DroppedToponym{
				{Doc: "1", Text: "TITLE", Type: "Non_Lit_Expression", Start: -12, End: -7},
			}},
		},
		{
			TRNews, "trnews.xml",
			[]Doc{{
				ID: "101", Title: "Travel notes", URL: "http://example.org/travel",
				Text: "Naïve tourists left Kraków's Old Town.\nThey flew to Łódź, Poland.",
				Toponyms: []Toponym{
					{Start: 21, End: 28, Text: "Kraków", FeatureCode: "PPLA", GeonameID: 3094802, Lat: 50.06143, Lon: 19.93658, HasCoord: true},
					{Start: 31, End: 39, Text: "Old Town"},
					{Start: 54, End: 61, Text: "Łódź", FeatureCode: "PPLA", GeonameID: 3093133, Lat: 51.75, Lon: 19.46667, HasCoord: true},
					{Start: 63, End: 69, Text: "Poland", FeatureCode: "PCLI", GeonameID: 798544, Lat: 52, Lon: 20, HasCoord: true},
				},
			}},
			LoadStats{Documents: 1, Toponyms: 4, Realigned: 1, Dropped: 1, DroppedToponyms: []DroppedToponym{
				{Doc: "101", Text: "Atlantis", Start: 3, End: 11},
			}},
		},
		{
			LGL, "lgl.xml",
			[]Doc{{
				ID: "7", Title: "Café reopens", URL: "http://example.org/cafe",
				Text: "Springfield, Ill. — the café in Springfield reopened.",
				Toponyms: []Toponym{
					{Start: 0, End: 11, Text: "Springfield", FeatureCode: "PPLA", GeonameID: 4250542, Lat: 39.80172, Lon: -89.64371, HasCoord: true},
					{Start: 13, End: 17, Text: "Ill.", FeatureCode: "ADM1", GeonameID: 4896861, Lat: 40.00032, Lon: -89.25037, HasCoord: true},
					{Start: 35, End: 46, Text: "Springfield", FeatureCode: "PPLA", GeonameID: 4250542, Lat: 39.80172, Lon: -89.64371, HasCoord: true},
				},
			}},
			LoadStats{Documents: 1, Toponyms: 3},
		},
	}
	for _, tt := range tests {
		t.Run(string(tt.corpus), func(t *testing.T) {
			docs, st, err := Load(filepath.Join("testdata", tt.file), tt.corpus)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantDocs, docs); diff != "" {
				t.Errorf("docs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantStats, st); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	gwn := func(top string) string {
		return `<articles><article file="1"><text>in Mosul</text><toponyms><toponym>` + top + `</toponym></toponyms></article></articles>`
	}
	tr := func(top string) string {
		return `<articles><article docid="1"><text><![CDATA[in Mosul]]></text><toponyms><toponym>` + top + `</toponym></toponyms></article></articles>`
	}
	tests := []struct {
		name   string
		corpus Corpus
		in     string
		want   string // substring of the error
	}{
		{"empty", LGL, "", "no <article>"},
		{"not xml", LGL, "<articles><article docid='1'><text>", "EOF"},
		{"no articles", TRNews, "<articles></articles>", "no <article>"},
		{"unknown corpus", Corpus("x"), "<articles/>", "unknown corpus"},
		{"bad start", GeoWebNews, gwn("<extractedName>Mosul</extractedName><start>three</start><end>8</end>"), "start"},
		{"bad end", TRNews, tr("<phrase>Mosul</phrase><start>3</start><end></end>"), "end"},
		{"bad latitude", GeoWebNews, gwn("<extractedName>Mosul</extractedName><start>3</start><end>8</end><latitude>95</latitude><longitude>1</longitude>"), "latitude"},
		{"half a coordinate", TRNews, tr(`<phrase>Mosul</phrase><start>3</start><end>8</end><gaztag geonameid="1"><lat>36</lat></gaztag>`), "longitude"},
		{"bad id", TRNews, tr(`<phrase>Mosul</phrase><start>3</start><end>8</end><gaztag geonameid="x"><lat>36</lat><lon>43</lon></gaztag>`), "geonameid"},
		{"wrong format", GeoWebNews, tr("<phrase>Mosul</phrase><start>3</start><end>8</end>"), "extractedName"},
		{"wrong format 2", LGL, gwn("<extractedName>Mosul</extractedName><start>3</start><end>8</end>"), "phrase"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Decode(strings.NewReader(tt.in), tt.corpus)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestCounts(t *testing.T) {
	withID := Toponym{GeonameID: 1, HasCoord: true}
	tests := []struct {
		corpus          Corpus
		t               Toponym
		recognition, rs bool
	}{
		{GeoWebNews, Toponym{Type: "Literal", GeonameID: 1, HasCoord: true}, true, true},
		{GeoWebNews, Toponym{Type: "Literal", HasCoord: true}, true, false}, // no id
		{GeoWebNews, Toponym{Type: "Literal", GeonameID: 1}, true, false},   // no coordinates
		{GeoWebNews, Toponym{Type: "Demonym", GeonameID: 1, HasCoord: true}, true, true},
		{GeoWebNews, Toponym{Type: "Embedded_Non_Lit"}, true, false},
		{GeoWebNews, Toponym{Type: "Non_Literal_Modifier"}, true, false},
		{GeoWebNews, Toponym{Type: "Literal_Expression", GeonameID: 1, HasCoord: true}, false, false},
		{GeoWebNews, Toponym{Type: "Non_Lit_Expression"}, false, false},
		{GeoWebNews, Toponym{Type: "Non_Toponym"}, false, false},
		{GeoWebNews, Toponym{Type: "Homonym", GeonameID: 1, HasCoord: true}, false, false},
		{GeoWebNews, Toponym{Type: "Language"}, false, false},
		{TRNews, withID, true, true},
		{TRNews, Toponym{}, true, false},
		{LGL, Toponym{HasCoord: true}, true, true},
		{LGL, Toponym{}, true, false},
	}
	for _, tt := range tests {
		if got := CountsForRecognition(tt.corpus, tt.t); got != tt.recognition {
			t.Errorf("CountsForRecognition(%s, %+v) = %v", tt.corpus, tt.t, got)
		}
		if got := CountsForResolution(tt.corpus, tt.t); got != tt.rs {
			t.Errorf("CountsForResolution(%s, %+v) = %v", tt.corpus, tt.t, got)
		}
	}
}

func TestParseCorpus(t *testing.T) {
	for _, c := range Corpora {
		got, err := ParseCorpus(strings.ToUpper(string(c)))
		if err != nil || got != c || c.File() == "" {
			t.Errorf("ParseCorpus(%q) = %q, %v (file %q)", c, got, err, c.File())
		}
	}
	if _, err := ParseCorpus("geonames"); err == nil {
		t.Error("ParseCorpus(geonames): no error")
	}
}

// FuzzDecode checks that the loader never panics and that every toponym
// it returns selects its phrase.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"geowebnews.xml", "trnews.xml", "lgl.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
		f.Add(b, uint8(1))
	}
	f.Add([]byte(`<articles><article docid="1"><text><![CDATA[Zü🙂]]></text><toponyms><toponym><phrase>🙂</phrase><start>2</start><end>3</end></toponym></toponyms></article></articles>`), uint8(1))
	f.Fuzz(func(t *testing.T, b []byte, which uint8) {
		c := Corpora[int(which)%len(Corpora)]
		docs, _, err := Decode(bytes.NewReader(b), c)
		if err != nil {
			return
		}
		for _, d := range docs {
			for _, tp := range d.Toponyms {
				if tp.Start < 0 || tp.Start > tp.End || tp.End > len(d.Text) || d.Text[tp.Start:tp.End] != tp.Text {
					t.Fatalf("doc %s: toponym %+v does not select its text", d.ID, tp)
				}
			}
		}
	})
}
