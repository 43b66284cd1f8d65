package taxonomy

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed data/taxonomy.yaml
var defaultData []byte

// Disorder types, as ACLED spells them. Excessive force against protesters
// has the compound DisorderViolenceAndDemonstrations.
const (
	DisorderPoliticalViolence         = "Political violence"
	DisorderDemonstrations            = "Demonstrations"
	DisorderStrategicDevelopments     = "Strategic developments"
	DisorderViolenceAndDemonstrations = "Political violence; Demonstrations"
)

// ACLED's counts, checked on load.
const wantEventTypes, wantSubEventTypes = 6, 25

// EventType is one of ACLED's six event types.
type EventType struct {
	Name       string
	Definition string
	// SubEventTypes names its sub-event types in ACLED's codebook order.
	SubEventTypes []string
}

// CAMEO is the CAMEO code nearest to a sub-event type.
type CAMEO struct {
	// Root is the two-digit cue category, e.g. "19" (FIGHT).
	Root string
	// Code is the most specific code that fits, e.g. "195"; it starts
	// with Root.
	Code string
	// Label is Code's name in CAMEO 1.1b3, e.g. "Employ aerial weapons".
	Label string
}

// PLOVER is the PLOVER event category and mode nearest to a sub-event type.
type PLOVER struct {
	// Event is the category, e.g. "ASSAULT".
	Event string
	// Mode is one of the category's modes, e.g. "heavy-weapons"; "" when
	// none fits.
	Mode string
}

// SubEventType is one of ACLED's 25 sub-event types with its mappings.
type SubEventType struct {
	SubEventType string
	EventType    string
	DisorderType string
	// Definition paraphrases the ACLED Codebook (2023).
	Definition string
	CAMEO      CAMEO
	PLOVER     PLOVER
	// Note explains approximations and alternatives in the mappings.
	Note string
}

// Taxonomy is the parsed table. It is immutable and safe for concurrent
// use; its methods return copies.
type Taxonomy struct {
	eventTypes []EventType
	subs       []SubEventType
	bySub      map[string]int
	plover     map[string][]string
}

var defaultTaxonomy = sync.OnceValue(func() *Taxonomy {
	t, err := Parse(bytes.NewReader(defaultData))
	if err != nil {
		panic("taxonomy: embedded data/taxonomy.yaml: " + err.Error())
	}
	return t
})

// Default returns the embedded taxonomy, parsed and validated once per
// process on first use. The embedded file is checked by the package's
// tests, so Default does not fail in a built binary.
func Default() *Taxonomy { return defaultTaxonomy() }

// Lookup returns the sub-event type with ACLED's exact spelling
// ("Air/drone strike").
func (t *Taxonomy) Lookup(subEventType string) (SubEventType, bool) {
	i, ok := t.bySub[subEventType]
	if !ok {
		return SubEventType{}, false
	}
	return t.subs[i], true
}

// EventTypes returns the six event types in ACLED's codebook order.
func (t *Taxonomy) EventTypes() []EventType {
	out := slices.Clone(t.eventTypes)
	for i := range out {
		out[i].SubEventTypes = slices.Clone(out[i].SubEventTypes)
	}
	return out
}

// SubEventTypes returns the 25 sub-event types grouped by event type, in
// ACLED's codebook order.
func (t *Taxonomy) SubEventTypes() []SubEventType { return slices.Clone(t.subs) }

// PLOVERModes returns the modes PLOVER 0.8 defines for an event category
// (none for some categories) and whether the category exists.
func (t *Taxonomy) PLOVERModes(event string) ([]string, bool) {
	m, ok := t.plover[event]
	return slices.Clone(m), ok
}

// file is the YAML document in data/taxonomy.yaml.
type file struct {
	Version       int                 `yaml:"version"`
	PLOVER        map[string][]string `yaml:"plover"`
	EventTypes    []eventTypeData     `yaml:"event_types"`
	SubEventTypes []subEventTypeData  `yaml:"sub_event_types"`
}

type eventTypeData struct {
	Name       string `yaml:"name"`
	Definition string `yaml:"definition"`
}

type subEventTypeData struct {
	SubEventType string `yaml:"sub_event_type"`
	EventType    string `yaml:"event_type"`
	DisorderType string `yaml:"disorder_type"`
	Definition   string `yaml:"definition"`
	CAMEO        struct {
		Root  string `yaml:"root"`
		Code  string `yaml:"code"`
		Label string `yaml:"label"`
	} `yaml:"cameo"`
	PLOVER struct {
		Event string `yaml:"event"`
		Mode  string `yaml:"mode"`
	} `yaml:"plover"`
	Note string `yaml:"note"`
}

// Parse reads and validates a taxonomy in the format of
// data/taxonomy.yaml: exactly 6 event types and 25 sub-event types with
// unique names, each sub-event type under one of the 6 with one of ACLED's
// disorder types, well-formed CAMEO codes, and PLOVER categories and modes
// from the file's plover table. Unknown keys are errors.
func Parse(r io.Reader) (*Taxonomy, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty document")
		}
		return nil, err
	}
	return build(&f)
}

func build(f *file) (*Taxonomy, error) {
	if f.Version != 1 {
		return nil, fmt.Errorf("version %d, want 1", f.Version)
	}
	if len(f.EventTypes) != wantEventTypes {
		return nil, fmt.Errorf("%d event types, want ACLED's %d", len(f.EventTypes), wantEventTypes)
	}
	if len(f.SubEventTypes) != wantSubEventTypes {
		return nil, fmt.Errorf("%d sub-event types, want ACLED's %d", len(f.SubEventTypes), wantSubEventTypes)
	}
	t := &Taxonomy{bySub: make(map[string]int, wantSubEventTypes), plover: f.PLOVER}
	byType := map[string]int{}
	for i, et := range f.EventTypes {
		name := strings.TrimSpace(et.Name)
		switch {
		case name == "":
			return nil, fmt.Errorf("event_types[%d]: no name", i)
		case name != et.Name:
			return nil, fmt.Errorf("event type %q: surrounding spaces", et.Name)
		case strings.TrimSpace(et.Definition) == "":
			return nil, fmt.Errorf("event type %q: no definition", name)
		}
		if _, dup := byType[name]; dup {
			return nil, fmt.Errorf("event type %q listed twice", name)
		}
		byType[name] = i
		t.eventTypes = append(t.eventTypes, EventType{Name: name, Definition: strings.TrimSpace(et.Definition)})
	}
	for event, modes := range f.PLOVER {
		if event == "" || strings.ToUpper(event) != event {
			return nil, fmt.Errorf("plover: category %q is not upper case", event)
		}
		for _, m := range modes {
			if m == "" {
				return nil, fmt.Errorf("plover: %s: empty mode", event)
			}
		}
	}
	for i, s := range f.SubEventTypes {
		name := s.SubEventType
		if strings.TrimSpace(name) == "" || strings.TrimSpace(name) != name {
			return nil, fmt.Errorf("sub_event_types[%d]: bad name %q", i, name)
		}
		if _, dup := t.bySub[name]; dup {
			return nil, fmt.Errorf("sub-event type %q listed twice", name)
		}
		ti, ok := byType[s.EventType]
		if !ok {
			return nil, fmt.Errorf("sub-event type %q: event_type %q is not one of the %d event types", name, s.EventType, wantEventTypes)
		}
		switch s.DisorderType {
		case DisorderPoliticalViolence, DisorderDemonstrations, DisorderStrategicDevelopments, DisorderViolenceAndDemonstrations:
		default:
			return nil, fmt.Errorf("sub-event type %q: disorder_type %q is not an ACLED disorder type", name, s.DisorderType)
		}
		if strings.TrimSpace(s.Definition) == "" {
			return nil, fmt.Errorf("sub-event type %q: no definition", name)
		}
		if err := checkCAMEO(s.CAMEO.Root, s.CAMEO.Code, s.CAMEO.Label); err != nil {
			return nil, fmt.Errorf("sub-event type %q: cameo: %w", name, err)
		}
		if err := checkPLOVER(f.PLOVER, s.PLOVER.Event, s.PLOVER.Mode); err != nil {
			return nil, fmt.Errorf("sub-event type %q: plover: %w", name, err)
		}
		t.bySub[name] = len(t.subs)
		t.subs = append(t.subs, SubEventType{
			SubEventType: name,
			EventType:    s.EventType,
			DisorderType: s.DisorderType,
			Definition:   strings.TrimSpace(s.Definition),
			CAMEO:        CAMEO{Root: s.CAMEO.Root, Code: s.CAMEO.Code, Label: s.CAMEO.Label},
			PLOVER:       PLOVER{Event: s.PLOVER.Event, Mode: s.PLOVER.Mode},
			Note:         strings.TrimSpace(s.Note),
		})
		t.eventTypes[ti].SubEventTypes = append(t.eventTypes[ti].SubEventTypes, name)
	}
	for _, et := range t.eventTypes {
		if len(et.SubEventTypes) == 0 {
			return nil, fmt.Errorf("event type %q has no sub-event types", et.Name)
		}
	}
	// Sub-event types must be grouped by event type, in event type order,
	// so that SubEventTypes reads like the codebook.
	for i := 1; i < len(t.subs); i++ {
		if byType[t.subs[i].EventType] < byType[t.subs[i-1].EventType] {
			return nil, fmt.Errorf("sub-event type %q: not grouped under event type %q", t.subs[i].SubEventType, t.subs[i].EventType)
		}
	}
	return t, nil
}

// checkCAMEO accepts an empty mapping, or a root "01".."20" with a code of
// 3 or 4 digits that starts with it and a label.
func checkCAMEO(root, code, label string) error {
	if root == "" && code == "" && label == "" {
		return nil
	}
	if len(root) != 2 || !digits(root) || root < "01" || root > "20" {
		return fmt.Errorf("root %q is not a CAMEO cue category 01-20", root)
	}
	if len(code) < 3 || len(code) > 4 || !digits(code) || !strings.HasPrefix(code, root) {
		return fmt.Errorf("code %q is not a 3- or 4-digit code under root %s", code, root)
	}
	if strings.TrimSpace(label) == "" {
		return fmt.Errorf("code %s has no label", code)
	}
	return nil
}

// checkPLOVER accepts an empty mapping, or a category from the plover
// table with "" or one of its modes.
func checkPLOVER(table map[string][]string, event, mode string) error {
	if event == "" {
		if mode != "" {
			return fmt.Errorf("mode %q without an event category", mode)
		}
		return nil
	}
	modes, ok := table[event]
	if !ok {
		return fmt.Errorf("event %q is not in the plover table", event)
	}
	if mode != "" && !slices.Contains(modes, mode) {
		return fmt.Errorf("mode %q is not a mode of %s (modes: %s)", mode, event, strings.Join(modes, ", "))
	}
	return nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
