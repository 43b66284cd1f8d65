package geoeval

import (
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// RealignWindow is how far, in bytes either side of the given start, Load
// searches for a gold phrase whose offsets do not match the text.
const RealignWindow = 200

// LoadStats says what Load did to the gold offsets.
type LoadStats struct {
	Documents int `json:"documents"`
	// Toponyms is the number of gold toponyms kept.
	Toponyms int `json:"toponyms"`
	// Realigned counts toponyms whose offsets did not select their phrase
	// and that were moved to the nearest occurrence of the phrase.
	Realigned int `json:"realigned"`
	// Dropped counts toponyms that could not be realigned.
	Dropped int `json:"dropped"`
	// DroppedToponyms lists them, with the corpus's code-point offsets.
	DroppedToponyms []DroppedToponym `json:"dropped_toponyms,omitempty"`
}

// DroppedToponym is a gold toponym whose phrase was not found near its
// offsets. Start and End are the corpus's (code-point) offsets.
type DroppedToponym struct {
	Doc        string `json:"doc"`
	Text       string `json:"text"`
	Type       string `json:"type,omitempty"`
	Start, End int
}

// Load reads a corpus file; see Decode.
func Load(path string, c Corpus) ([]Doc, LoadStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, LoadStats{}, err
	}
	defer f.Close()
	docs, st, err := Decode(f, c)
	if err != nil {
		return nil, st, fmt.Errorf("%s: %w", path, err)
	}
	return docs, st, nil
}

// Decode stream-parses a corpus in the XML format of c, one <article> at
// a time. The corpora give toponym offsets in Unicode code points; Decode
// converts them to byte offsets into the text and checks that they select
// the annotated phrase. Where they do not, the toponym is moved to the
// occurrence of the phrase nearest to the given start (within
// RealignWindow bytes, on word boundaries) and counted as realigned; where
// there is none, it is dropped and counted. Toponyms are sorted by offset.
func Decode(r io.Reader, c Corpus) ([]Doc, LoadStats, error) {
	var st LoadStats
	if c.File() == "" {
		return nil, st, fmt.Errorf("unknown corpus %q", c)
	}
	d := xml.NewDecoder(r)
	var docs []Doc
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, st, fmt.Errorf("after %d articles: %w", len(docs), err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "article" {
			continue
		}
		var raw []rawToponym
		var doc Doc
		if c == GeoWebNews {
			var a gwnArticle
			if err := d.DecodeElement(&a, &se); err != nil {
				return nil, st, fmt.Errorf("article %d: %w", len(docs)+1, err)
			}
			doc = Doc{ID: a.File, Title: strings.TrimSpace(a.Title), Text: a.Text, URL: strings.TrimSpace(a.Link)}
			raw, err = a.toponyms()
			if err != nil {
				return nil, st, fmt.Errorf("article %d (file=%q): %w", len(docs)+1, a.File, err)
			}
		} else {
			var a gazArticle
			if err := d.DecodeElement(&a, &se); err != nil {
				return nil, st, fmt.Errorf("article %d: %w", len(docs)+1, err)
			}
			doc = Doc{ID: a.DocID, Title: strings.TrimSpace(a.Title), Text: a.Text, URL: strings.TrimSpace(a.URL)}
			if doc.URL == "" && strings.TrimSpace(a.Domain) != "" {
				doc.URL = "http://" + strings.TrimSpace(a.Domain) + "/"
			}
			raw, err = a.toponyms()
			if err != nil {
				return nil, st, fmt.Errorf("article %d (docid=%q): %w", len(docs)+1, a.DocID, err)
			}
		}
		if doc.ID == "" {
			doc.ID = strconv.Itoa(len(docs) + 1)
		}
		offs := byteOffsets(doc.Text)
		for _, rt := range raw {
			bs, be, how := align(doc.Text, offs, rt.start, rt.end, rt.t.Text)
			switch how {
			case dropped:
				st.Dropped++
				st.DroppedToponyms = append(st.DroppedToponyms, DroppedToponym{Doc: doc.ID, Text: rt.t.Text, Type: rt.t.Type, Start: rt.start, End: rt.end})
				continue
			case realigned:
				st.Realigned++
			}
			t := rt.t
			t.Start, t.End = bs, be
			doc.Toponyms = append(doc.Toponyms, t)
		}
		slices.SortStableFunc(doc.Toponyms, func(a, b Toponym) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
		})
		st.Toponyms += len(doc.Toponyms)
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		return nil, st, errors.New("no <article> elements")
	}
	st.Documents = len(docs)
	return docs, st, nil
}

// rawToponym is a toponym with the corpus's code-point offsets.
type rawToponym struct {
	t          Toponym
	start, end int
}

type gwnArticle struct {
	File     string `xml:"file,attr"`
	Title    string `xml:"title"`
	Link     string `xml:"link"`
	Text     string `xml:"text"`
	Toponyms []struct {
		Name       string `xml:"extractedName"`
		Type       string `xml:"type"`
		Start      string `xml:"start"`
		End        string `xml:"end"`
		GeonamesID string `xml:"geonamesID"`
		Lat        string `xml:"latitude"`
		Lon        string `xml:"longitude"`
	} `xml:"toponyms>toponym"`
}

func (a *gwnArticle) toponyms() ([]rawToponym, error) {
	out := make([]rawToponym, 0, len(a.Toponyms))
	for i, x := range a.Toponyms {
		if x.Name == "" {
			return nil, fmt.Errorf("toponym %d: no <extractedName> (not a GeoWebNews file?)", i+1)
		}
		rt, err := newRaw(x.Name, x.Start, x.End, x.Lat, x.Lon)
		if err != nil {
			return nil, fmt.Errorf("toponym %d %q: %w", i+1, x.Name, err)
		}
		rt.t.Type = strings.TrimSpace(x.Type)
		if rt.t.GeonameID, err = parseID(x.GeonamesID); err != nil {
			return nil, fmt.Errorf("toponym %d %q: geonamesID: %w", i+1, x.Name, err)
		}
		out = append(out, rt)
	}
	return out, nil
}

type gazArticle struct {
	DocID    string `xml:"docid,attr"`
	Title    string `xml:"title"`
	URL      string `xml:"url"`
	Domain   string `xml:"domain"`
	Text     string `xml:"text"`
	Toponyms []struct {
		Phrase string `xml:"phrase"`
		Start  string `xml:"start"`
		End    string `xml:"end"`
		Gaztag *struct {
			ID    string `xml:"geonameid,attr"`
			FCode string `xml:"fcode"`
			Lat   string `xml:"lat"`
			Lon   string `xml:"lon"`
		} `xml:"gaztag"`
	} `xml:"toponyms>toponym"`
}

func (a *gazArticle) toponyms() ([]rawToponym, error) {
	out := make([]rawToponym, 0, len(a.Toponyms))
	for i, x := range a.Toponyms {
		if x.Phrase == "" {
			return nil, fmt.Errorf("toponym %d: no <phrase> (not a TR-News or LGL file?)", i+1)
		}
		var id, lat, lon string
		if g := x.Gaztag; g != nil {
			id, lat, lon = g.ID, g.Lat, g.Lon
		}
		rt, err := newRaw(x.Phrase, x.Start, x.End, lat, lon)
		if err != nil {
			return nil, fmt.Errorf("toponym %d %q: %w", i+1, x.Phrase, err)
		}
		if x.Gaztag != nil {
			rt.t.FeatureCode = strings.TrimSpace(x.Gaztag.FCode)
		}
		if rt.t.GeonameID, err = parseID(id); err != nil {
			return nil, fmt.Errorf("toponym %d %q: geonameid: %w", i+1, x.Phrase, err)
		}
		out = append(out, rt)
	}
	return out, nil
}

// newRaw parses the fields common to both formats. Coordinates are
// optional but come in pairs.
func newRaw(text, start, end, lat, lon string) (rawToponym, error) {
	rt := rawToponym{t: Toponym{Text: text}}
	var err error
	if rt.start, err = strconv.Atoi(strings.TrimSpace(start)); err != nil {
		return rt, fmt.Errorf("start: %w", err)
	}
	if rt.end, err = strconv.Atoi(strings.TrimSpace(end)); err != nil {
		return rt, fmt.Errorf("end: %w", err)
	}
	lat, lon = strings.TrimSpace(lat), strings.TrimSpace(lon)
	if lat == "" && lon == "" {
		return rt, nil
	}
	if rt.t.Lat, err = strconv.ParseFloat(lat, 64); err != nil || rt.t.Lat < -90 || rt.t.Lat > 90 {
		return rt, fmt.Errorf("bad latitude %q", lat)
	}
	if rt.t.Lon, err = strconv.ParseFloat(lon, 64); err != nil || rt.t.Lon < -180 || rt.t.Lon > 180 {
		return rt, fmt.Errorf("bad longitude %q", lon)
	}
	rt.t.HasCoord = true
	return rt, nil
}

func parseID(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

// byteOffsets returns the byte offset of every code point of text, and
// len(text) at index RuneCount: offs[i] is where code point i starts.
// An invalid UTF-8 byte counts as one code point, as range does.
func byteOffsets(text string) []int {
	offs := make([]int, 0, utf8.RuneCountInString(text)+1)
	for i := range text {
		offs = append(offs, i)
	}
	return append(offs, len(text))
}

// alignment says how a toponym's offsets were mapped.
type alignment int

const (
	exact alignment = iota
	realigned
	dropped
)

// align maps the code-point span [start, end) of phrase to byte offsets
// into text (offs from byteOffsets). When the span does not select
// phrase, it returns the occurrence of phrase on word boundaries nearest
// to the start, within RealignWindow bytes.
func align(text string, offs []int, start, end int, phrase string) (int, int, alignment) {
	n := len(offs) - 1 // code points
	if phrase == "" || start < 0 || start > n {
		return 0, 0, dropped
	}
	anchor := offs[start]
	if end >= start && end <= n && text[anchor:offs[end]] == phrase {
		return anchor, offs[end], exact
	}
	lo := max(0, anchor-RealignWindow)
	hi := min(len(text), anchor+RealignWindow+len(phrase))
	best, bestDist := -1, 0
	for i := lo; i+len(phrase) <= hi; {
		j := strings.Index(text[i:hi], phrase)
		if j < 0 {
			break
		}
		at := i + j
		if wordBoundaries(text, at, at+len(phrase)) {
			d := at - anchor
			if d < 0 {
				d = -d
			}
			if best < 0 || d < bestDist {
				best, bestDist = at, d
			}
		}
		i = at + 1
	}
	if best < 0 {
		return 0, 0, dropped
	}
	return best, best + len(phrase), realigned
}

// wordBoundaries reports whether text[s:e] neither starts nor ends inside
// a word: a letter or digit at an edge of the span must not continue past it.
func wordBoundaries(text string, s, e int) bool {
	if s > 0 {
		in, _ := utf8.DecodeRuneInString(text[s:])
		before, _ := utf8.DecodeLastRuneInString(text[:s])
		if isWordRune(in) && isWordRune(before) {
			return false
		}
	}
	if e < len(text) {
		in, _ := utf8.DecodeLastRuneInString(text[:e])
		after, _ := utf8.DecodeRuneInString(text[e:])
		if isWordRune(in) && isWordRune(after) {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
