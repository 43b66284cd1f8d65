package evident

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Modality values: how the source presents an event.
const (
	ModalityAsserted  = "asserted"  // the outlet states it
	ModalityReported  = "reported"  // attributed to a source
	ModalityClaimed   = "claimed"   // a party claims it
	ModalityAlleged   = "alleged"   // alleged or uncertain
	ModalityUncertain = "uncertain" // "may have", "believed to"
	ModalityDenied    = "denied"
	ModalityNegated   = "negated"
)

// Evidence is a span of the document text that supports an event.
type Evidence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Span returns the evidence's byte range.
func (e Evidence) Span() Span { return Span{e.Start, e.End} }

// FieldEvidence explains one field of an event: the span that supports its
// value, the rule that produced it and how confident that rule is.
type FieldEvidence struct {
	Field      string  `json:"field"`
	Value      string  `json:"value"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Rule       string  `json:"rule"`
	Confidence float64 `json:"confidence"`
}

// Casualties are the reported human costs of an event, by ACLED's
// conventions: Fatalities is the most conservative figure; Low and High
// bracket what the text supports; Injured is kept apart.
type Casualties struct {
	Fatalities     int `json:"fatalities"`
	FatalitiesLow  int `json:"fatalities_low"`
	FatalitiesHigh int `json:"fatalities_high"`
	Injured        int `json:"injured"`
}

// Location is where an event happened, ACLED-style.
type Location struct {
	ISO          int     `json:"iso"` // ISO 3166-1 numeric
	Country      string  `json:"country"`
	CountryCode  string  `json:"country_code"`
	Admin1       string  `json:"admin1"`
	Admin2       string  `json:"admin2"`
	Admin3       string  `json:"admin3"`
	Location     string  `json:"location"`
	Latitude     float64 `json:"latitude"`
	Longitude    float64 `json:"longitude"`
	GeoPrecision int     `json:"geo_precision"` // 1 town, 2 near town / part of region, 3 region only
	GeonameID    int64   `json:"geonameid"`
	// UncertaintyM is how far from the point the event may have happened,
	// in metres (UncertaintyRadius); 0 without coordinates.
	UncertaintyM int `json:"uncertainty_m"`
}

// Event is one coded event. Field names follow ACLED where ACLED has one;
// docs/schema.md documents every field.
type Event struct {
	// ID is stable for the same document and event key (see EventKey).
	ID    string `json:"event_id"`
	DocID string `json:"doc_id"`

	EventDate     string `json:"event_date"` // YYYY-MM-DD, "" when unknown
	TimePrecision int    `json:"time_precision"`
	DisorderType  string `json:"disorder_type"`
	EventType     string `json:"event_type"`
	SubEventType  string `json:"sub_event_type"`

	Actor1            string `json:"actor1"`
	AssocActor1       string `json:"assoc_actor_1"`
	Inter1            int    `json:"inter1"`
	Actor2            string `json:"actor2"`
	AssocActor2       string `json:"assoc_actor_2"`
	Inter2            int    `json:"inter2"`
	Interaction       int    `json:"interaction"`
	CivilianTargeting bool   `json:"civilian_targeting"`

	Location

	Source      string `json:"source"`
	SourceScale string `json:"source_scale"`
	Notes       string `json:"notes"`

	Casualties
	// Tags are ACLED's tags where one applies ("crowd size=no report",
	// "women targeted: girls"); Weapons the weapon words of the triggers
	// ("airstrike", "artillery"), an Evident field.
	Tags    []string `json:"tags"`
	Weapons []string `json:"weapons"`

	Modality    string  `json:"modality"`
	Attribution string  `json:"attribution"`
	Background  bool    `json:"background"`
	Confidence  float64 `json:"confidence"`

	Evidence         []Evidence      `json:"evidence"`
	Fields           []FieldEvidence `json:"field_evidence,omitempty"`
	ExtractorVersion string          `json:"extractor_version"`
	// IncidentID is the incident (Incident.ID) cross-source fusion put
	// the event in; "" for a background event or one not fused yet.
	// Stores assign it at ingest; PutDocument ignores the caller's value.
	IncidentID string `json:"incident_id,omitempty"`
}

// Key is the identity of an event inside one document: one event per
// (sub-event type, location, date, actor pair). Mentions with the same key
// are merged, their evidence spans concatenated.
func (e *Event) Key() string {
	return strings.Join([]string{e.SubEventType, e.Location.Location, e.CountryCode, e.EventDate, e.Actor1, e.Actor2}, "\x1f")
}

// StableID derives ID from the document id and Key.
func (e *Event) StableID() string {
	h := sha256.Sum256([]byte(e.DocID + "\x1e" + e.Key()))
	return "ev-" + hex.EncodeToString(h[:8])
}

// InteractionCode returns ACLED's interaction code for two inter codes:
// the two digits in ascending order (10*low + high), or inter1 times ten
// when there is no second actor. Without an actor1 there is no
// interaction: 0.
func InteractionCode(inter1, inter2 int) int {
	if inter1 == 0 {
		return 0
	}
	if inter2 == 0 {
		return inter1 * 10
	}
	if inter1 > inter2 {
		inter1, inter2 = inter2, inter1
	}
	return inter1*10 + inter2
}
