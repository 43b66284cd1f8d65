package evident

import (
	"context"
	"time"
)

// PutResult says what a Store did with a document.
type PutResult string

// Put results.
const (
	PutAdded     PutResult = "added"     // a new document
	PutDuplicate PutResult = "duplicate" // same content already stored (by id or hash); nothing changed
	PutUpdated   PutResult = "updated"   // same id, new content or newer extractor: events replaced
)

// EventFilter selects events. Zero values mean "no constraint".
type EventFilter struct {
	Since, Until   time.Time // inclusive bounds on event_date
	CountryCode    string    // ISO alpha-2, case-insensitive
	EventType      string    // matches event_type or sub_event_type
	DocID          string
	WithBackground bool // include background mentions (default: excluded)
	Limit          int  // 0 = no limit
}

// AliasStore is a Store that records, for a document whose content is
// already stored under another id, that id as an alias of the stored
// document: Document finds the document by either id. Every Store of
// Evident implements it (storetest checks).
type AliasStore interface {
	// AliasOf returns the id of the document that holds the content put
	// under alias, and whether alias is one.
	AliasOf(ctx context.Context, alias string) (docID string, ok bool, err error)
}

// Store persists documents and their events. The SQLite adapter is the
// embedded default; a PostgreSQL adapter implements the same interface.
// storetest holds the conformance suite every implementation must pass.
type Store interface {
	// PutDocument stores doc with its events atomically. Storing the same
	// content again is a no-op that returns PutDuplicate, and the document
	// already stored is never lost.
	PutDocument(ctx context.Context, doc *Document, events []Event) (PutResult, error)
	// Document returns a stored document, or an ENOTFOUND error.
	Document(ctx context.Context, id string) (*Document, error)
	// Events returns events matching f ordered by event_date, doc_id, id.
	Events(ctx context.Context, f EventFilter) ([]Event, error)
	// Counts returns the number of stored documents and events.
	Counts(ctx context.Context) (docs, events int, err error)
	Close() error
}
