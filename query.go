package evident

import (
	"context"
	"time"
)

// BBox is a WGS84 bounding box. A box whose MinLon is greater than its
// MaxLon crosses the antimeridian.
type BBox struct {
	MinLon, MinLat, MaxLon, MaxLat float64
}

// Query selects events for the API, the UI and exports: the filters of
// EventFilter and more. Zero values mean "no constraint"; list fields match
// any of their values, case-insensitively.
type Query struct {
	Since, Until      time.Time // inclusive bounds on event_date; undated events never match a bound
	BBox              *BBox
	Countries         []string // ISO alpha-2 codes
	Admin1            []string
	EventTypes        []string
	SubEventTypes     []string
	Actor             string // actor1, actor2 or an associated actor, exact name
	MinFatalities     int
	CivilianTargeting *bool
	Modalities        []string
	WithBackground    bool   // include background mentions (default: excluded)
	Text              string // full-text query over notes, actors, location and evidence
	DocID             string
}

// Sort orders of an event page.
const (
	SortDateDesc       = "-date" // default
	SortDateAsc        = "date"
	SortFatalitiesDesc = "-fatalities"
	SortFatalitiesAsc  = "fatalities"
)

// PageRequest asks for one page of events.
type PageRequest struct {
	Sort   string // one of the Sort constants; "" means SortDateDesc
	Limit  int    // 1..MaxPageLimit; 0 means DefaultPageLimit
	Cursor string // NextCursor of the previous page; "" for the first
}

// Page limits.
const (
	DefaultPageLimit = 100
	MaxPageLimit     = 1000
)

// EventPage is one page of events. NextCursor is "" on the last page.
type EventPage struct {
	Events     []Event
	NextCursor string
}

// Stats groupings.
const (
	ByDay          = "day"
	ByWeek         = "week"  // weeks start on Monday
	ByMonth        = "month" // keys are the first day of the bucket
	ByAuto         = "auto"  // day when the span fits in MaxTimeBuckets days, else month
	ByEventType    = "event_type"
	BySubEventType = "sub_event_type"
	ByCountry      = "country"
	ByAdmin1       = "admin1"
	ByActor        = "actor"
	ByModality     = "modality"
)

// MaxTimeBuckets bounds the buckets ByAuto chooses.
const MaxTimeBuckets = 400

// Bucket is one group of a Stats answer.
type Bucket struct {
	Key        string `json:"key"`
	Label      string `json:"label,omitempty"` // a readable name when Key is a code (country)
	Count      int    `json:"count"`
	Fatalities int    `json:"fatalities"`
}

// Stats counts the events of a query, grouped.
type Stats struct {
	By         string   `json:"by"` // the grouping used (ByAuto resolved)
	Total      int      `json:"total"`
	Fatalities int      `json:"fatalities"`
	Buckets    []Bucket `json:"buckets"`
}

// MapPoint is one event on the map.
type MapPoint struct {
	ID           string  `json:"id"`
	Lat          float64 `json:"lat"`
	Lon          float64 `json:"lon"`
	EventType    string  `json:"event_type"`
	SubEventType string  `json:"sub_event_type"`
	Date         string  `json:"date"`
	Fatalities   int     `json:"fatalities"`
	Location     string  `json:"location"`
	// UncertaintyM is the event's uncertainty radius in metres.
	UncertaintyM int `json:"uncertainty_m"`
}

// MapCell is a grid cell of events: their mean position, count,
// fatalities and most frequent event type.
type MapCell struct {
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Count      int     `json:"count"`
	Fatalities int     `json:"fatalities"`
	EventType  string  `json:"event_type"`
}

// MapView is what the map shows: points when few events match, grid
// cells otherwise.
type MapView struct {
	Mode   string     `json:"mode"` // "points" or "grid"
	Total  int        `json:"total"`
	Cell   float64    `json:"cell,omitempty"` // grid cell size in degrees
	Points []MapPoint `json:"points,omitempty"`
	Cells  []MapCell  `json:"cells,omitempty"`
}

// MaxMapPoints is the number of matching events above which the map gets
// grid cells instead of points.
const MaxMapPoints = 2000

// ActorCount is an actor with the number of matching events it takes part in.
type ActorCount struct {
	Name       string `json:"name"`
	Inter      int    `json:"inter"`
	Events     int    `json:"events"`
	Fatalities int    `json:"fatalities"`
}

// PlaceCount is a resolved place with its number of matching events.
type PlaceCount struct {
	GeonameID   int64   `json:"geonameid"`
	Location    string  `json:"location"`
	Admin1      string  `json:"admin1"`
	Country     string  `json:"country"`
	CountryCode string  `json:"country_code"`
	Latitude    float64 `json:"latitude"`
	Longitude   float64 `json:"longitude"`
	Events      int     `json:"events"`
	Fatalities  int     `json:"fatalities"`
}

// DocumentSummary is a stored document without its text.
type DocumentSummary struct {
	ID               string    `json:"id"`
	URL              string    `json:"url"`
	Outlet           string    `json:"outlet"`
	Title            string    `json:"title"`
	Published        time.Time `json:"published,omitzero"`
	IngestedAt       time.Time `json:"ingested_at"`
	Events           int       `json:"events"`
	BackgroundEvents int       `json:"background_events"`
}

// DocumentPage is one page of documents, newest ingested first.
type DocumentPage struct {
	Documents  []DocumentSummary
	NextCursor string
}

// QueryStore answers the API's and the UI's questions. Stores that serve
// them implement it beside Store; storetest.RunQuery is its conformance suite.
type QueryStore interface {
	// EventPage returns one page of the events matching q, with their
	// evidence but without field evidence.
	EventPage(ctx context.Context, q Query, p PageRequest) (EventPage, error)
	// Event returns one event with its evidence and field evidence, or an
	// ENOTFOUND error.
	Event(ctx context.Context, id string) (*Event, error)
	// EachEvent calls fn for every event matching q, in date order, with
	// its evidence, stopping at fn's first error. It streams: memory does
	// not grow with the number of events.
	EachEvent(ctx context.Context, q Query, fn func(*Event) error) error
	// Stats counts the events matching q grouped by one of the By constants.
	Stats(ctx context.Context, q Query, by string) (Stats, error)
	// Map returns the events matching q as points, or as grid cells of
	// cell degrees when more than MaxMapPoints match.
	Map(ctx context.Context, q Query, cell float64) (MapView, error)
	// Actors and Places list the actors and places of the matching events,
	// most events first.
	Actors(ctx context.Context, q Query, limit int) ([]ActorCount, error)
	Places(ctx context.Context, q Query, limit int) ([]PlaceCount, error)
	// Documents lists stored documents, newest ingested first; text
	// matches id, title or outlet.
	Documents(ctx context.Context, text string, limit int, cursor string) (DocumentPage, error)
	// DocumentEvents returns every event of a document, background ones
	// included, with evidence and field evidence, in document order.
	DocumentEvents(ctx context.Context, docID string) ([]Event, error)
}

// APIToken is an API token as stored: never its secret, only a hash.
type APIToken struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	LastUsed  time.Time `json:"last_used,omitzero"`
	Revoked   bool      `json:"revoked"`
}

// TokenStore keeps API tokens. Secrets are returned once, by CreateToken,
// and stored as SHA-256 hashes.
type TokenStore interface {
	CreateToken(ctx context.Context, name string) (APIToken, string, error)
	// VerifyToken returns the token whose secret this is, or an
	// EUNAUTHORIZED error for an unknown or revoked secret.
	VerifyToken(ctx context.Context, secret string) (APIToken, error)
	Tokens(ctx context.Context) ([]APIToken, error)
	RevokeToken(ctx context.Context, id string) error
}

// Unfiltered reports whether q selects every event (WithBackground
// aside): no bound, place, type, actor, figure, modality, text or
// document.
func (q Query) Unfiltered() bool {
	return q.Since.IsZero() && q.Until.IsZero() && q.BBox == nil && len(q.Countries) == 0 && len(q.Admin1) == 0 &&
		len(q.EventTypes) == 0 && len(q.SubEventTypes) == 0 && q.Actor == "" && q.MinFatalities == 0 &&
		q.CivilianTargeting == nil && len(q.Modalities) == 0 && q.Text == "" && q.DocID == ""
}
