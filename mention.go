package evident

import "time"

// MentionKind says what a recogniser found.
type MentionKind string

// The mention kinds produced by the recognise stages.
const (
	KindPlace   MentionKind = "place"
	KindActor   MentionKind = "actor"
	KindTrigger MentionKind = "trigger"
	KindNumber  MentionKind = "number"
	KindDate    MentionKind = "date"
	KindCue     MentionKind = "cue" // discourse cues: attribution, modality, background markers
)

// Mention is one recognised span. Exactly one of the typed payloads is set,
// matching Kind. Rule names the lexicon entry or rule that produced it so a
// user asking "why?" gets an answer.
type Mention struct {
	Kind MentionKind `json:"kind"`
	Span
	Text       string  `json:"text"`
	Sentence   int     `json:"sentence"` // index into Analysis.Sentences
	Rule       string  `json:"rule"`
	Confidence float64 `json:"confidence"`

	Place   *Place   `json:"place,omitempty"`
	Actor   *Actor   `json:"actor,omitempty"`
	Trigger *Trigger `json:"trigger,omitempty"`
	Number  *Number  `json:"number,omitempty"`
	Date    *Date    `json:"date,omitempty"`
	Cue     *Cue     `json:"cue,omitempty"`
}

// Place is a gazetteer entry, and, in a mention, the candidate chosen for it.
// Name is the gazetteer's preferred name; the mention's Text is what the
// document says.
type Place struct {
	GeonameID    int64   `json:"geonameid"`
	Name         string  `json:"name"`
	Lat          float64 `json:"lat"`
	Lon          float64 `json:"lon"`
	FeatureClass string  `json:"feature_class"` // GeoNames class: A, P, H, L, ...
	FeatureCode  string  `json:"feature_code"`  // GeoNames code: PPLA, ADM1, PCLI, ...
	CountryCode  string  `json:"country_code"`  // ISO 3166-1 alpha-2
	Country      string  `json:"country,omitempty"`
	Admin1       string  `json:"admin1,omitempty"`
	Admin2       string  `json:"admin2,omitempty"`
	Population   int64   `json:"population,omitempty"`
	// Demonym is true when the mention was an adjective or people name
	// ("Iraqi", "Syrians") rather than the place name.
	Demonym bool `json:"demonym,omitempty"`
	// Relative holds a direction or distance cue ("west", "south of",
	// "near") that makes the location approximate.
	Relative string `json:"relative,omitempty"`
	// Score is the resolver's score of the chosen candidate (a sum of
	// features; see geoparse.Resolve); 0 when nothing was resolved.
	Score float64 `json:"score,omitempty"`
	// Alternatives are the next-best candidates, best first, so a reader
	// can see what else the name could have meant.
	Alternatives []Alternative `json:"alternatives,omitempty"`
}

// Alternative is a candidate the resolver ranked below the chosen place.
type Alternative struct {
	GeonameID   int64   `json:"geonameid"`
	Name        string  `json:"name"`
	Lat         float64 `json:"lat"`
	Lon         float64 `json:"lon"`
	FeatureCode string  `json:"feature_code"`
	CountryCode string  `json:"country_code"`
	Admin1      string  `json:"admin1,omitempty"`
	Score       float64 `json:"score"`
}

// Resolved reports whether the place points at a gazetteer entry or at
// least a country (a demonym of a country the gazetteer lacks has only a
// country code).
func (p *Place) Resolved() bool {
	return p.GeonameID != 0 || p.Name != "" || p.Lat != 0 || p.Lon != 0
}

// IsCountry reports whether the place is a country-level feature.
func (p *Place) IsCountry() bool {
	return p.FeatureClass == "A" && len(p.FeatureCode) >= 3 && p.FeatureCode[:3] == "PCL"
}

// IsRegion reports whether the place is a first- or second-level division.
func (p *Place) IsRegion() bool {
	return p.FeatureClass == "A" && (p.FeatureCode == "ADM1" || p.FeatureCode == "ADM2" || p.FeatureCode == "ADM3")
}

// Inter codes (ACLED): the type of an actor.
const (
	InterNone           = 0
	InterStateForces    = 1
	InterRebels         = 2
	InterPoliticalMilit = 3
	InterIdentityMilit  = 4
	InterRioters        = 5
	InterProtesters     = 6
	InterCivilians      = 7
	InterExternal       = 8
)

// Actor is a dictionary actor or a generic one ("gunmen", "civilians").
type Actor struct {
	// Name is ACLED-style: "Islamic State", "Military Forces of Iraq (2014-)",
	// "Civilians (Iraq)".
	Name string `json:"name"`
	// Inter is the ACLED inter code (1 state forces ... 8 external forces).
	Inter int `json:"inter"`
	// CountryCode is the actor's country when known (ISO alpha-2).
	CountryCode string `json:"country_code,omitempty"`
	// Generic is true for unnamed actors whose country comes from context.
	Generic bool `json:"generic,omitempty"`
	// Side groups allied actors ("Iraq-government"); empty when unknown.
	Side string `json:"side,omitempty"`
}

// Trigger is a word or phrase that signals an event of a given type.
type Trigger struct {
	EventType    string   `json:"event_type"`
	SubEventType string   `json:"sub_event_type"`
	Tags         []string `json:"tags,omitempty"` // weapon and method tags: "sniper", "airstrike"
	// ByTarget refines SubEventType by the target's class ("civilians",
	// "protesters", "armed"): "attacked" civilians is an Attack, armed
	// forces an Armed clash.
	ByTarget map[string]string `json:"by_target,omitempty"`
	// ByActor1 refines SubEventType by the perpetrator's class ("state",
	// "nonstate"): "captured the town" is a government regaining
	// territory or a non-state actor overtaking it.
	ByActor1 map[string]string `json:"by_actor1,omitempty"`
	// Participants is true when the trigger names an event's participants
	// ("protesters") rather than the event; it yields an event only when
	// nothing else in its sentence does.
	Participants bool `json:"participants,omitempty"`
	// Nominal is true for event nouns ("IED", "air strike").
	Nominal bool `json:"nominal,omitempty"`
	// Outcome is true for general attack or outcome words ("attacked",
	// "killed"), which join a more specific trigger's event in the same
	// sentence.
	Outcome bool `json:"outcome,omitempty"`
	// Lethal is true when the trigger itself implies deaths ("killed").
	Lethal bool `json:"lethal,omitempty"`
	// TargetsCivilians is true when the trigger implies civilian targets
	// ("human shields", "massacre").
	TargetsCivilians bool `json:"targets_civilians,omitempty"`
	// Demoted says why the trigger's conflict sense was rejected ("sense:
	// \"beat\" beside sport word \"inning\""); "" when it stands. The
	// event of a demoted trigger is kept, flagged background.
	Demoted string `json:"demoted,omitempty"`
}

// Number is a cardinal found in text: digits, number words or vague
// quantities ("dozens" = 12, ACLED's convention).
type Number struct {
	Value int64 `json:"value"`
	// High is the upper end of a range ("10 to 15"); 0 when not a range.
	High int64 `json:"high,omitempty"`
	// Qualifier: "", "at least", "more than", "up to", "about".
	Qualifier string `json:"qualifier,omitempty"`
	// Vague is true for "dozens", "scores", "hundreds".
	Vague bool `json:"vague,omitempty"`
}

// Time precision codes (ACLED).
const (
	PrecisionDay   = 1
	PrecisionWeek  = 2
	PrecisionMonth = 3
)

// Date is a temporal expression, resolved against the publication date
// when relative.
type Date struct {
	// Time is the resolved day (UTC midnight); zero when unresolved.
	Time time.Time `json:"time,omitzero"`
	// Precision is ACLED's time_precision: 1 day, 2 week, 3 month or vaguer.
	Precision int `json:"precision"`
	// Relative is true for expressions such as "yesterday", "on Tuesday".
	Relative bool `json:"relative,omitempty"`
	// Historical is true for expressions that place an event well in the
	// past ("two years ago", "in 2014", "last summer").
	Historical bool `json:"historical,omitempty"`
}

// CueType classifies discourse cues.
type CueType string

// Discourse cue types.
const (
	CueReported   CueType = "reported"   // "officials said", "according to"
	CueClaimed    CueType = "claimed"    // "claimed responsibility"
	CueUncertain  CueType = "uncertain"  // "believed to", "may have"
	CueAlleged    CueType = "alleged"    // "accused", "blamed"
	CueDenied     CueType = "denied"     // "denied"
	CueNegated    CueType = "negated"    // "did not", "holding fire"
	CueHistorical CueType = "historical" // "two years ago", "last summer"
	CueAggregate  CueType = "aggregate"  // "so far", "in total", "since 2014"
	CueFuture     CueType = "future"     // "will", "plans to", "prepare to"
	CueHabitual   CueType = "habitual"   // "often", "every day", "as often as not"
	CueHypothetic CueType = "hypothetical"
)

// Cue is a discourse marker that changes how the events of its sentence
// are read.
type Cue struct {
	Type CueType `json:"type"`
	// Scope is where the cue applies relative to a trigger: "sentence"
	// (anywhere in it), "before" (preceding it in the same clause) or
	// "window" (within a few tokens before it).
	Scope string `json:"scope,omitempty"`
	// Source is the attributed source for reported and claimed cues
	// ("Iraqi forces", "the general").
	Source string `json:"source,omitempty"`
}
