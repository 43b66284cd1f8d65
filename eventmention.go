package evident

// EventMention is one sentence's reading of an event: what the
// sentence-level builder found around one group of triggers. A document
// tells one incident many times (headline, lead, update, quote); the
// document level (events.Document) clusters event mentions into the
// events an ACLED coder would write, one per event type, place, day and
// actor pair.
type EventMention struct {
	// Event is the sentence's reading, with its own field evidence.
	Event
	// Sentence is the index of the mention's sentence in
	// Analysis.Sentences.
	Sentence int `json:"sentence"`
	// Trigger is the span of the leading trigger.
	Trigger Span `json:"trigger"`
	// Generic is true when every trigger names an attack or its outcome
	// in general ("attacked", "killed", "the blast"): the mention refines
	// nothing and joins the specific event it describes.
	Generic bool `json:"generic,omitempty"`
	// Anaphoric is true for a definite or anaphoric mention of an event
	// told elsewhere ("the attack", "Friday's blast", "it killed").
	Anaphoric bool `json:"anaphoric,omitempty"`
	// Participant names the conflict participant bound to the trigger
	// ("actor", "target", "casualties", "weapon", "victims"); "" when
	// there is none.
	Participant string `json:"participant,omitempty"`
	// NotEvent says why the mention cannot found an event of its own
	// ("quote", "reaction", "no participant"); "" when it can. Such a
	// mention may still join an event as evidence.
	NotEvent string `json:"not_event,omitempty"`
	// PlaceFrom is "sentence" when the mention's sentence states the
	// location as where something happened ("in Mosul", "south of
	// Mosul"), "ungoverned" when the sentence names the place otherwise
	// ("Pro-Damascus media"), "context" when it comes from nearby
	// sentences or the document's focus, "" when there is none.
	PlaceFrom string `json:"place_from,omitempty"`
	// Separate is true when the sentence opens with a marker of another
	// incident ("Separately,", "In another attack"): the mention never
	// joins an event told before it.
	Separate bool `json:"separate,omitempty"`
	// Another is true when the sentence tells more victims or another
	// place ("killing four more people", "the nearby town of", "a second
	// wave of strikes"): with a place of its own, the mention is another
	// event wherever that place differs.
	Another bool `json:"another,omitempty"`
	// DateFrom is "sentence", "context" (an earlier sentence),
	// "published" (the report's date) or "".
	DateFrom string `json:"date_from,omitempty"`
}
