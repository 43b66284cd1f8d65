package evident

import (
	"context"
	"time"
)

// FusionReport is a stored event as fusion needs it: with its document's
// outlet and publication date.
type FusionReport struct {
	Event     Event
	Outlet    string
	Published time.Time // zero when unknown
	// Component is the component of the event's incident ("" when it has
	// none), ComponentSize its size as stored with the incident.
	Component     string
	ComponentSize int
}

// FusionQuery selects the stored, non-background events fusion compares
// a new document's events with. Exactly one mode applies:
//
//   - EventIDs: these events;
//   - IncidentIDs: every report of these incidents;
//   - Unfused: events that have no incident yet (IncidentID "");
//   - Components: every report of the incidents of these components
//     (Incident.Component);
//   - otherwise the neighbourhood: events of EventType whose date (their
//     event_date, or for an undated event its document's publication
//     date) is within [From, To] (YYYY-MM-DD), and whose point is in BBox
//     or whose Admin1 and CountryCode equal Admin1 and CountryCode (when
//     set; with RegionOnly, only events located at first-level region
//     precision, geo precision 3, match by Admin1).
//
// Limit bounds the answer (0: no bound). Results are ordered by event id.
// NoEvidence leaves out evidence and field evidence.
type FusionQuery struct {
	EventIDs    []string
	IncidentIDs []string
	Unfused     bool
	Components  []string

	EventType           string
	From, To            string
	BBox                *BBox
	Admin1, CountryCode string
	RegionOnly          bool

	Limit      int
	NoEvidence bool
}

// IncidentPage is one page of incidents, most recent event date first.
type IncidentPage struct {
	Incidents  []Incident
	NextCursor string
}

// IncidentStore keeps the incidents cross-source fusion builds (package
// fuse) and answers the API's questions about them. storetest.RunIncidents
// is its conformance suite.
type IncidentStore interface {
	// Incidents returns one page of the incidents that have a report
	// matching q, by event date descending (undated last), then id; each
	// with its canonical record and reports, without claims or decisions.
	// p.Sort is ignored.
	Incidents(ctx context.Context, q Query, p PageRequest) (IncidentPage, error)
	// Incident returns one incident with its reports, claims and
	// decisions, or an ENOTFOUND error.
	Incident(ctx context.Context, id string) (*Incident, error)
	// FusionReports returns the stored non-background events q selects,
	// with evidence and field evidence unless q.NoEvidence.
	FusionReports(ctx context.Context, q FusionQuery) ([]FusionReport, error)
	// ReplaceIncidents replaces, in one transaction, every stored incident
	// that has a report among eventIDs (or the id of one of incidents) by
	// incidents, and sets each report's Event.IncidentID. Events of
	// eventIDs no incident reports get IncidentID "".
	//
	// Each incident's Component is stored with it. When an incident's
	// canonical record (the incident without reports, claims, decisions,
	// history and bookkeeping) differs from its latest version, a new
	// version is appended with the incident's Cause; a replaced incident
	// that is not among incidents gets a last version with a nil record.
	// Versions are never deleted.
	ReplaceIncidents(ctx context.Context, eventIDs []string, incidents []Incident) error

	// FusionLinks returns the override links that have an end among
	// eventIDs.
	FusionLinks(ctx context.Context, eventIDs []string) ([]FusionLink, error)
	// Override records o (its ID, and At when zero, are set by the
	// store), adds links (each with o's id, By and At) replacing any link
	// between the same two events, and deletes the links between the
	// pairs of unlink; all in one transaction. It returns o as stored.
	// It changes no incident: the caller re-fuses (fuse.Split, fuse.Merge).
	Override(ctx context.Context, o IncidentOverride, links []FusionLink, unlink [][2]string) (IncidentOverride, error)
}
