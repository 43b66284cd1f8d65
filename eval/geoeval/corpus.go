// Package geoeval scores a geoparser against the GeoWebNews, TR-News and
// LGL corpora: toponym recognition (precision, recall and F1 with exact
// and overlapping spans) and resolution (great-circle error, accuracy
// within 161 km, mean and median error and the AUC of the log error
// curve), both on the gold spans and end to end. docs/eval.md defines
// every figure.
//
// The gold annotations are for scoring only: nothing derived from them
// may go into code, lexicons or gazetteer data.
package geoeval

import (
	"fmt"
	"strings"
)

// Corpus names an evaluation corpus and its XML format.
type Corpus string

// The supported corpora.
const (
	GeoWebNews Corpus = "geowebnews" // Gritta et al. 2019
	TRNews     Corpus = "trnews"     // Kamalloo & Rafiei 2018
	LGL        Corpus = "lgl"        // Lieberman et al. 2010
)

// Corpora lists the supported corpora.
var Corpora = []Corpus{GeoWebNews, TRNews, LGL}

// ParseCorpus returns the corpus named s ("geowebnews", "trnews", "lgl").
func ParseCorpus(s string) (Corpus, error) {
	for _, c := range Corpora {
		if strings.EqualFold(s, string(c)) {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown corpus %q (want geowebnews, trnews or lgl)", s)
}

// File is the corpus's file name in shared/eval/geoparse.
func (c Corpus) File() string {
	switch c {
	case GeoWebNews:
		return "GeoWebNews.xml"
	case TRNews:
		return "TR-News.xml"
	case LGL:
		return "LGL.xml"
	}
	return ""
}

// Doc is one article of a corpus with its gold toponyms.
type Doc struct {
	ID    string
	Title string
	// Text is the article body exactly as in the corpus; gold offsets
	// point into it.
	Text string
	// URL is the article's address (GeoWebNews <link>, TR-News and LGL
	// <url>, else <domain>); geoparsers may read the outlet's country
	// from it.
	URL      string
	Toponyms []Toponym // sorted by Start, then End
}

// Toponym is one gold annotation. Start and End are byte offsets into
// Doc.Text (converted from the corpus's code-point offsets), and
// Text == Doc.Text[Start:End].
type Toponym struct {
	Start, End int
	Text       string
	// Type is the GeoWebNews annotation type (Literal, Metonymic,
	// Demonym, Non_Toponym, ...); empty for TR-News and LGL.
	Type string
	// FeatureCode is the GeoNames feature code of the gold entry (PPL,
	// ADM1, PCLI, ...) where the corpus gives one (TR-News, LGL).
	FeatureCode string
	// GeonameID is the gold GeoNames id; 0 when the corpus gives none.
	GeonameID int64
	Lat, Lon  float64
	// HasCoord is true when the corpus gives coordinates.
	HasCoord bool
}

// GeoWebNews annotation types. Recognition counts the toponyms proper,
// literal and associative, including demonyms; see CountsForRecognition.
var gwnRecognition = map[string]bool{
	"Literal":              true,
	"Mixed":                true,
	"Coercion":             true,
	"Embedded_Literal":     true,
	"Literal_Modifier":     true,
	"Non_Literal_Modifier": true,
	"Metonymic":            true,
	"Embedded_Non_Lit":     true,
	"Demonym":              true,
	// Not counted: Literal_Expression and Non_Lit_Expression (common
	// nouns such as "city" or "citizens"), Non_Toponym, Homonym and
	// Language.
}

// CountsForRecognition reports whether gold toponym t is one that a
// recogniser should find.
//
// GeoWebNews annotates more than toponyms. Counted are the types
// Literal, Mixed, Coercion, Embedded_Literal, Literal_Modifier,
// Non_Literal_Modifier, Metonymic, Embedded_Non_Lit and Demonym. Not
// counted are Literal_Expression and Non_Lit_Expression (common-noun
// expressions such as "the city", "citizens", which no name-based
// geoparser finds and which the corpus marks to study, not to score),
// and Non_Toponym, Homonym and Language, which are annotated as hard
// negatives: a prediction on one of them is a false positive.
//
// TR-News and LGL annotate only toponyms: every one counts.
func CountsForRecognition(c Corpus, t Toponym) bool {
	if c == GeoWebNews {
		return gwnRecognition[t.Type]
	}
	return true
}

// CountsForResolution reports whether gold toponym t is scored for
// resolution: a toponym counted for recognition whose gold has a
// GeoNames id and coordinates (GeoWebNews), or a gazetteer entry with
// coordinates (TR-News and LGL, whose <gaztag> is missing for places
// the annotators could not find in GeoNames).
func CountsForResolution(c Corpus, t Toponym) bool {
	if !CountsForRecognition(c, t) || !t.HasCoord {
		return false
	}
	if c == GeoWebNews {
		return t.GeonameID != 0
	}
	return true
}
