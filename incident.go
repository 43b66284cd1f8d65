package evident

import "time"

// Incident is one real-world incident told by one or more documents: the
// per-document events (its reports) that cross-source fusion (package
// fuse) found to describe the same event type, place, day and actors.
// Its canonical fields follow ACLED's conventions for a record coded from
// several sources; every figure a report gives stays in Claims, and every
// fusion decision in Decisions. docs/schema.md, "Incidents", documents it.
type Incident struct {
	// ID is "in-" and a hash of the event id of the incident's founding
	// report: the first of its reports in fusion's canonical order (the
	// most precise one). The same set of reports gives the same id, and a
	// later, less precise report that joins does not change it.
	ID string `json:"incident_id"`

	// EventType is the reports' common ACLED event type.
	EventType string `json:"event_type"`
	// SubEventType is the most refined sub-event type among the reports:
	// a refined type ("Suicide bomb") wins over the generic report it
	// joined ("Remote explosive/landmine/IED"); between equals, the most
	// frequent, then the first alphabetically.
	SubEventType string `json:"sub_event_type"`
	// DisorderType is the disorder type of the report that gave
	// SubEventType.
	DisorderType string `json:"disorder_type"`

	// EventDate is the most precise date the reports agree on
	// (YYYY-MM-DD, "" when no report is dated): among the reports of the
	// finest time precision, the most frequent date, then the earliest.
	EventDate string `json:"event_date"`
	// TimePrecision is EventDate's ACLED time precision (1 day, 2 week,
	// 3 month or vaguer).
	TimePrecision int `json:"time_precision"`

	// Location is the most precise location the reports agree on: the
	// place of the report with the finest geo precision, then the smallest
	// uncertainty radius (ties: fusion's canonical order).
	Location Location `json:"location"`

	// Actor1 is the perpetrator from the reports: the most frequent
	// identified actor1, an unidentified group only when no report names
	// one; disagreement stays in Claims (field "actor1").
	Actor1 string `json:"actor1"`
	// Actor2 is chosen the same way from the reports' actor2.
	Actor2 string `json:"actor2"`

	// Casualties are ACLED's conservative figures: Fatalities is the
	// lowest non-zero toll of a report that asserts or reports it (a
	// party's claim, an allegation or a denial only when nothing else
	// gives a toll), 0 when no report gives one; FatalitiesLow and
	// FatalitiesHigh bracket every report's figures; Injured is the
	// lowest non-zero injured figure.
	Casualties
	// FatalitiesFrom is the event id of the report that gave Fatalities.
	FatalitiesFrom string `json:"fatalities_from,omitempty"`

	// Source lists the reports' outlets ACLED-style: distinct, in
	// alphabetical order, joined by "; ".
	Source string `json:"source"`
	// SourceScale combines the reports' source scales
	// (acled.CombineScales): "National-International".
	SourceScale string `json:"source_scale"`

	// Reports are the per-document events of the incident, in fusion's
	// canonical order (the founding report first); never two from one
	// document.
	Reports []IncidentReport `json:"reports"`
	// Claims are every attributed figure and attribution the reports
	// give, side by side, ordered by field, document and offset.
	Claims []Claim `json:"claims"`
	// Decisions explain, report by report, why each one joined this
	// incident or started it.
	Decisions []FusionDecision `json:"decisions"`

	// Versions is the history of the canonical record, oldest first: one
	// version for every change of a canonical field, with its time and
	// cause. Filled by IncidentStore.Incident only.
	Versions []IncidentVersion `json:"versions,omitempty"`
	// Overrides are the analysts' splits and merges that concern the
	// incident or its reports, oldest first. Filled by
	// IncidentStore.Incident only.
	Overrides []IncidentOverride `json:"overrides,omitempty"`

	// Component names the set of reports fusion re-fuses together: the
	// reports connected to this incident's through chains of nearby
	// reports (package fuse). Internal bookkeeping, not part of the
	// record.
	Component string `json:"-"`
	// ComponentSize is the number of reports of Component when fusion
	// wrote the incident (bookkeeping, so that an update can tell a
	// component too large to re-fuse whole without reading it).
	ComponentSize int `json:"-"`
	// Cause says why fusion wrote this incident ("report ev-… of doc-…
	// (Reuters) joined"), for the version history. Set by fusion when it
	// writes the incident; not stored on the record.
	Cause string `json:"-"`
}

// CanonicalRecord is in's canonical record: a copy without reports,
// claims, decisions, history or bookkeeping. IncidentVersion.Record
// holds it.
func CanonicalRecord(in *Incident) *Incident {
	c := *in
	c.Reports, c.Claims, c.Decisions, c.Versions, c.Overrides = nil, nil, nil, nil, nil
	c.Component, c.ComponentSize, c.Cause = "", 0, ""
	return &c
}

// IncidentVersion is one state of an incident's canonical record.
type IncidentVersion struct {
	// Version counts from 1.
	Version int `json:"version"`
	// At is when the version was written.
	At time.Time `json:"at"`
	// Cause says what changed the record: a report that joined or left,
	// an analyst's override, or the incident's dissolution.
	Cause string `json:"cause"`
	// Record is the canonical record of this version (without reports,
	// claims, decisions or history); nil when the incident was dissolved
	// (its reports now belong to other incidents).
	Record *Incident `json:"record"`
}

// Override actions.
const (
	// OverrideSplit takes one report out of an incident: it is never
	// again fused with the incident's other reports.
	OverrideSplit = "split"
	// OverrideMerge makes several incidents one: their reports are
	// always fused together.
	OverrideMerge = "merge"
)

// IncidentOverride is an analyst's correction of fusion, recorded with
// who made it and when. Fusion applies it as constraints (FusionLink)
// every time it re-fuses the reports, so later automatic fusion never
// undoes it.
type IncidentOverride struct {
	// ID is the store's sequence number of the override.
	ID int64 `json:"id"`
	// Action is OverrideSplit or OverrideMerge.
	Action string `json:"action"`
	// Incidents are the incidents the override applied to: the one a
	// report was split out of, or the merged ones (the first is the one
	// the others joined).
	Incidents []string `json:"incidents"`
	// EventID is the report split out; "" for a merge.
	EventID string `json:"event_id,omitempty"`
	// By is the name of the API token that made the override, TokenID
	// its id.
	By      string `json:"by"`
	TokenID string `json:"token_id,omitempty"`
	// At is when the override was made.
	At time.Time `json:"at"`
	// Note is the analyst's reason, as given.
	Note string `json:"note,omitempty"`
}

// Link kinds.
const (
	// LinkMust: the two reports are always in one incident.
	LinkMust = "must"
	// LinkCannot: the two reports are never in one incident.
	LinkCannot = "cannot"
)

// FusionLink is a constraint between two reports that an override
// created. EventA sorts before EventB.
type FusionLink struct {
	EventA string `json:"event_a"`
	EventB string `json:"event_b"`
	// Kind is LinkMust or LinkCannot.
	Kind string `json:"kind"`
	// Override is the id of the override that created the link.
	Override int64 `json:"override"`
	// By and At are the override's.
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// IncidentReport is one per-document event of an incident.
type IncidentReport struct {
	// EventID is the event's id (Event.ID).
	EventID string `json:"event_id"`
	// DocID is the document the event comes from.
	DocID string `json:"doc_id"`
	// Outlet is the document's outlet (Event.Source when the document
	// names none), "" when unknown.
	Outlet string `json:"outlet"`
	// Published is the document's publication date (YYYY-MM-DD), "" when
	// unknown.
	Published string `json:"published,omitempty"`
	// SubEventType, EventDate and Location are the report's own, for
	// showing how the reports differ from the canonical record.
	SubEventType string `json:"sub_event_type"`
	EventDate    string `json:"event_date"`
	Location     string `json:"location"`
	// Fatalities is the report's own conservative figure.
	Fatalities int `json:"fatalities"`
}

// Claim fields: which figure or attribution a claim gives.
const (
	ClaimFatalities = "fatalities"
	ClaimInjured    = "injured"
	ClaimActor1     = "actor1"
	ClaimModality   = "modality"
)

// Claim is one attributed figure or attribution of one report: "the
// Syrian Observatory for Human Rights said 126 were killed", as Al-Alam
// reported it on 16 April.
type Claim struct {
	// Field is what the claim is about: ClaimFatalities, ClaimInjured,
	// ClaimActor1 or ClaimModality.
	Field string `json:"field"`
	// Value is the figure (decimal) or the actor or modality named.
	Value string `json:"value"`
	// Source is who the document attributes the claim to ("Syrian
	// Observatory for Human Rights"), or the outlet itself when the text
	// attributes it to no one (then Attributed is false).
	Source string `json:"source"`
	// Attributed is true when the text names a source for the claim.
	Attributed bool `json:"attributed"`
	// Outlet is the document's outlet.
	Outlet string `json:"outlet"`
	// DocID and EventID name the document and the report that give the
	// claim.
	DocID   string `json:"doc_id"`
	EventID string `json:"event_id"`
	// Published is the document's publication date (YYYY-MM-DD), "" when
	// unknown.
	Published string `json:"published,omitempty"`
	// Evidence is the evidence of the report (a sentence of the document,
	// with its offsets and text) that holds the claim.
	Evidence Evidence `json:"evidence"`
	// Span is the byte range of the figure itself in the document text
	// when the extractor recorded it; nil otherwise.
	Span *Span `json:"span,omitempty"`
	// Canonical is true for the claim the incident's canonical value of
	// Field was taken from (the most conservative toll, for fatalities).
	Canonical bool `json:"canonical,omitempty"`
}

// Fusion decision actions.
const (
	// FusionStarted: the report started a new incident.
	FusionStarted = "started"
	// FusionJoined: the report joined an existing incident.
	FusionJoined = "joined"
)

// FusionDecision records why one report joined an incident or started
// one. Km, Days and Score are against the incident's canonical record at
// the time of the decision: the joined incident's, or for a started
// incident the nearest incident of the same event type that was
// rejected (Against), if any.
type FusionDecision struct {
	// EventID and DocID name the report.
	EventID string `json:"event_id"`
	DocID   string `json:"doc_id"`
	// Action is FusionJoined or FusionStarted.
	Action string `json:"action"`
	// Incident is the incident the report joined or started.
	Incident string `json:"incident_id"`
	// Against is the incident the report was compared with and rejected
	// for, when it started one; "" when no incident of its event type
	// was a candidate.
	Against string `json:"against,omitempty"`
	// Rule says why: for a join, the rules that held ("sub-event type
	// equal; date within 1 day; within 15.3 km of 25.0 km"); for a start,
	// the first rule that failed against Against ("date: 4 days apart,
	// window 1"), or "no candidate".
	Rule string `json:"rule"`
	// Km is the distance between the report's point and the canonical
	// location; -1 when either has no coordinates.
	Km float64 `json:"km"`
	// Days is the difference between the report's date and the canonical
	// date; -1 when either is unknown.
	Days int `json:"days"`
	// Score is the match score in [0, 1] (1: same sub-event type, place,
	// day and actor1); the joined incident is the one of highest score.
	// 0 for a start without candidate.
	Score float64 `json:"score"`
}
