package taxonomy

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// mapping is the part of a SubEventType that the tables below pin down.
type mapping struct {
	EventType, DisorderType string
	CAMEORoot, CAMEOCode    string
	PLOVEREvent, PLOVERMode string
}

func TestDefaultMappings(t *testing.T) {
	const (
		pv  = DisorderPoliticalViolence
		dem = DisorderDemonstrations
		sd  = DisorderStrategicDevelopments
		bat = "Battles"
		erv = "Explosions/Remote violence"
		vac = "Violence against civilians"
		pro = "Protests"
		rio = "Riots"
		str = "Strategic developments"
	)
	tests := []struct {
		sub  string
		want mapping
	}{
		{"Armed clash", mapping{bat, pv, "19", "190", "ASSAULT", "sideAB"}},
		{"Government regains territory", mapping{bat, pv, "19", "190", "ASSAULT", "sideAB"}},
		{"Non-state actor overtakes territory", mapping{bat, pv, "19", "190", "ASSAULT", "sideAB"}},
		{"Chemical weapon", mapping{erv, pv, "20", "2041", "ASSAULT", "unconventional"}},
		{"Air/drone strike", mapping{erv, pv, "19", "195", "ASSAULT", "heavy-weapons"}},
		{"Suicide bomb", mapping{erv, pv, "18", "1831", "ASSAULT", "suicide-attack"}},
		{"Shelling/artillery/missile attack", mapping{erv, pv, "19", "194", "ASSAULT", "heavy-weapons"}},
		{"Remote explosive/landmine/IED", mapping{erv, pv, "18", "183", "ASSAULT", "explosives"}},
		{"Grenade", mapping{erv, pv, "18", "183", "ASSAULT", "explosives"}},
		{"Sexual violence", mapping{vac, pv, "18", "1821", "ASSAULT", "sexual"}},
		{"Attack", mapping{vac, pv, "18", "180", "ASSAULT", ""}},
		{"Abduction/forced disappearance", mapping{vac, pv, "18", "181", "ASSAULT", "abduct"}},
		{"Peaceful protest", mapping{pro, dem, "14", "141", "PROTEST", "demo"}},
		{"Protest with intervention", mapping{pro, dem, "14", "141", "PROTEST", "demo"}},
		{"Excessive force against protesters", mapping{pro, DisorderViolenceAndDemonstrations, "17", "175", "ASSAULT", ""}},
		{"Violent demonstration", mapping{rio, dem, "14", "145", "PROTEST", "riot"}},
		{"Mob violence", mapping{rio, pv, "18", "182", "ASSAULT", "beat"}},
		{"Agreement", mapping{str, sd, "05", "057", "SUPPORT", ""}},
		{"Arrests", mapping{str, sd, "17", "173", "COERCE", "arrest"}},
		{"Change to group/activity", mapping{str, sd, "15", "150", "MOBILIZE", ""}},
		{"Disrupted weapons use", mapping{str, sd, "17", "1711", "COERCE", "confiscate"}},
		{"Headquarters or base established", mapping{str, sd, "15", "150", "MOBILIZE", ""}},
		{"Looting/property destruction", mapping{str, sd, "17", "171", "COERCE", "confiscate"}},
		{"Non-violent transfer of territory", mapping{str, sd, "19", "192", "COERCE", "confiscate"}},
		{"Other", mapping{str, sd, "", "", "", ""}},
	}
	tax := Default()
	var order []string
	for _, tt := range tests {
		order = append(order, tt.sub)
		s, ok := tax.Lookup(tt.sub)
		if !ok {
			t.Errorf("Lookup(%q) found nothing", tt.sub)
			continue
		}
		got := mapping{s.EventType, s.DisorderType, s.CAMEO.Root, s.CAMEO.Code, s.PLOVER.Event, s.PLOVER.Mode}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.sub, diff)
		}
		if s.SubEventType != tt.sub || s.Definition == "" {
			t.Errorf("%s: name %q, definition %q", tt.sub, s.SubEventType, s.Definition)
		}
		if s.CAMEO.Code != "" && s.CAMEO.Label == "" {
			t.Errorf("%s: CAMEO %s has no label", tt.sub, s.CAMEO.Code)
		}
		// An approximate mapping must say why.
		if (s.PLOVER.Mode == "" || s.CAMEO.Code == "") && s.Note == "" {
			t.Errorf("%s: incomplete mapping without a note", tt.sub)
		}
	}
	var got []string
	for _, s := range tax.SubEventTypes() {
		got = append(got, s.SubEventType)
	}
	if diff := cmp.Diff(order, got); diff != "" {
		t.Errorf("SubEventTypes order (-want +got):\n%s", diff)
	}
}

func TestEventTypes(t *testing.T) {
	var names []string
	counts := map[string]int{}
	for _, et := range Default().EventTypes() {
		names = append(names, et.Name)
		counts[et.Name] = len(et.SubEventTypes)
		if et.Definition == "" {
			t.Errorf("%s: no definition", et.Name)
		}
		for _, s := range et.SubEventTypes {
			if sub, ok := Default().Lookup(s); !ok || sub.EventType != et.Name {
				t.Errorf("%s lists %q, which Lookup puts under %q", et.Name, s, sub.EventType)
			}
		}
	}
	want := []string{"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("EventTypes (-want +got):\n%s", diff)
	}
	wantCounts := map[string]int{"Battles": 3, "Explosions/Remote violence": 6, "Violence against civilians": 3, "Protests": 3, "Riots": 2, "Strategic developments": 8}
	if diff := cmp.Diff(wantCounts, counts); diff != "" {
		t.Errorf("sub-event types per event type (-want +got):\n%s", diff)
	}
}

func TestLookupMisses(t *testing.T) {
	for _, s := range []string{"", "armed clash", "Armed clash ", "Battles", "Air strike"} {
		if got, ok := Default().Lookup(s); ok {
			t.Errorf("Lookup(%q) = %+v, want no match (ACLED's exact spelling only)", s, got)
		}
	}
}

func TestPLOVERModes(t *testing.T) {
	tests := []struct {
		event string
		want  []string
		ok    bool
	}{
		{"PROTEST", []string{"demo", "riot", "general", "strike", "hunger", "boycott", "obstruct"}, true},
		{"COERCE", []string{"confiscate", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport", "withhold"}, true},
		{"SUPPORT", []string{}, true},
		{"FIGHT", nil, false}, // merged into ASSAULT in PLOVER 0.8
		{"SEIZE", nil, false},
	}
	for _, tt := range tests {
		got, ok := Default().PLOVERModes(tt.event)
		if ok != tt.ok || !cmp.Equal(tt.want, got, cmp.Comparer(func(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") })) {
			t.Errorf("PLOVERModes(%q) = %v, %v; want %v, %v", tt.event, got, ok, tt.want, tt.ok)
		}
	}
	modes, _ := Default().PLOVERModes("ASSAULT")
	for _, m := range []string{"abduct", "sexual", "firearms", "explosives", "heavy-weapons", "suicide-attack", "unconventional", "sideAB"} {
		if !strings.Contains(","+strings.Join(modes, ",")+",", ","+m+",") {
			t.Errorf("ASSAULT modes %v lack %q", modes, m)
		}
	}
}

// TestReturnsCopies checks that callers cannot change the shared default.
func TestReturnsCopies(t *testing.T) {
	tax := Default()
	ets := tax.EventTypes()
	ets[0].Name = "changed"
	ets[0].SubEventTypes[0] = "changed"
	subs := tax.SubEventTypes()
	subs[0].CAMEO.Code = "changed"
	modes, _ := tax.PLOVERModes("ASSAULT")
	modes[0] = "changed"
	if tax.EventTypes()[0].Name != "Battles" || tax.EventTypes()[0].SubEventTypes[0] != "Armed clash" {
		t.Error("EventTypes shares its slices with the taxonomy")
	}
	if tax.SubEventTypes()[0].CAMEO.Code != "190" {
		t.Error("SubEventTypes shares its slice with the taxonomy")
	}
	if m, _ := tax.PLOVERModes("ASSAULT"); m[0] == "changed" {
		t.Error("PLOVERModes shares its slice with the taxonomy")
	}
	if Default() != tax {
		t.Error("Default parsed twice")
	}
}

// TestMatchesEventsTaxonomy checks that the extractor's taxonomy
// (events/data/taxonomy.tsv) agrees with this one on every sub-event type.
func TestMatchesEventsTaxonomy(t *testing.T) {
	f, err := os.Open("../events/data/taxonomy.tsv")
	if err != nil {
		t.Skipf("events taxonomy not found: %v", err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "sub_event_type\t") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("events/data/taxonomy.tsv: bad line %q", line)
		}
		seen[cols[0]] = true
		got, ok := Default().Lookup(cols[0])
		if !ok {
			t.Errorf("%q (events/data/taxonomy.tsv) is not in the taxonomy", cols[0])
			continue
		}
		if got.EventType != cols[1] || got.DisorderType != cols[2] {
			t.Errorf("%s: events says %q / %q, taxonomy says %q / %q", cols[0], cols[1], cols[2], got.EventType, got.DisorderType)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, s := range Default().SubEventTypes() {
		if !seen[s.SubEventType] {
			t.Errorf("%q is missing from events/data/taxonomy.tsv", s.SubEventType)
		}
	}
}

// defaultFile decodes the embedded data for tests to mutate.
func defaultFile(t *testing.T) *file {
	t.Helper()
	var f file
	if err := yaml.Unmarshal(defaultData, &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(f *file)
		wantErr string
	}{
		{"wrong version", func(f *file) { f.Version = 2 }, "version 2"},
		{"five event types", func(f *file) { f.EventTypes = f.EventTypes[:5] }, "5 event types"},
		{"24 sub-event types", func(f *file) { f.SubEventTypes = f.SubEventTypes[:24] }, "24 sub-event types"},
		{"duplicate event type", func(f *file) { f.EventTypes[1].Name = "Battles" }, `"Battles" listed twice`},
		{"event type without definition", func(f *file) { f.EventTypes[2].Definition = " " }, "no definition"},
		{"duplicate sub-event type", func(f *file) { f.SubEventTypes[1].SubEventType = "Armed clash" }, `"Armed clash" listed twice`},
		{"unknown event type", func(f *file) { f.SubEventTypes[0].EventType = "Battle" }, `event_type "Battle" is not one of`},
		{"event type without sub-event types", func(f *file) {
			for i := range f.SubEventTypes {
				if f.SubEventTypes[i].EventType == "Riots" {
					f.SubEventTypes[i].EventType = "Protests"
				}
			}
		}, `"Riots" has no sub-event types`},
		{"ungrouped", func(f *file) {
			f.SubEventTypes[0], f.SubEventTypes[24] = f.SubEventTypes[24], f.SubEventTypes[0]
		}, "not grouped"},
		{"bad disorder type", func(f *file) { f.SubEventTypes[3].DisorderType = "Violence" }, `disorder_type "Violence"`},
		{"sub-event type without definition", func(f *file) { f.SubEventTypes[4].Definition = "" }, "no definition"},
		{"padded name", func(f *file) { f.SubEventTypes[5].SubEventType = "Suicide bomb " }, "bad name"},
		{"CAMEO root out of range", func(f *file) { f.SubEventTypes[0].CAMEO.Root = "21" }, "not a CAMEO cue category"},
		{"CAMEO code under another root", func(f *file) { f.SubEventTypes[0].CAMEO.Code = "180" }, `code "180" is not`},
		{"CAMEO code without root", func(f *file) { f.SubEventTypes[0].CAMEO.Root = "" }, "not a CAMEO cue category"},
		{"CAMEO code without label", func(f *file) { f.SubEventTypes[0].CAMEO.Label = "" }, "no label"},
		{"unknown PLOVER event", func(f *file) { f.SubEventTypes[0].PLOVER.Event = "FIGHT" }, `event "FIGHT" is not in the plover table`},
		{"mode of another event", func(f *file) { f.SubEventTypes[0].PLOVER.Mode = "demo" }, `mode "demo" is not a mode of ASSAULT`},
		{"mode without event", func(f *file) { f.SubEventTypes[24].PLOVER.Mode = "demo" }, "without an event category"},
		{"lower-case PLOVER category", func(f *file) { f.PLOVER["assault"] = nil }, "not upper case"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := defaultFile(t)
			tt.mutate(f)
			b, err := yaml.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(bytes.NewReader(b))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseSyntax(t *testing.T) {
	for _, in := range []string{"", "version: [", "version: 1\nunknown_key: 3\n"} {
		if _, err := Parse(strings.NewReader(in)); err == nil {
			t.Errorf("Parse(%q) succeeded", in)
		}
	}
}

// FuzzParse checks that Parse never panics and that whatever it accepts
// satisfies the documented invariants.
func FuzzParse(f *testing.F) {
	f.Add(defaultData)
	f.Add([]byte("version: 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tax, err := Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(tax.EventTypes()) != wantEventTypes || len(tax.SubEventTypes()) != wantSubEventTypes {
			t.Fatalf("accepted %d event types, %d sub-event types", len(tax.EventTypes()), len(tax.SubEventTypes()))
		}
		for _, s := range tax.SubEventTypes() {
			if got, ok := tax.Lookup(s.SubEventType); !ok || got != s {
				t.Fatalf("Lookup(%q) = %+v, %v", s.SubEventType, got, ok)
			}
		}
	})
}

// TestDocs checks that docs/taxonomy.md shows the table as it is: every
// event type's definition, every sub-event type's disorder type,
// definition, mapping row and note.
func TestDocs(t *testing.T) {
	b, err := os.ReadFile("../docs/taxonomy.md")
	if err != nil {
		t.Skipf("docs not found: %v", err)
	}
	dash := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}
	definitions := map[string][]string{} // sub-event type -> cells
	mappings := map[string][]string{}
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		var cells []string
		for c := range strings.SplitSeq(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		if _, ok := Default().Lookup(cells[0]); ok && len(cells) == 3 {
			definitions[cells[0]] = cells
		}
		if len(cells) == 7 {
			if _, ok := Default().Lookup(cells[1]); ok {
				mappings[cells[1]] = cells
			}
		}
	}
	for _, s := range Default().SubEventTypes() {
		want := []string{s.SubEventType, s.DisorderType, s.Definition}
		if diff := cmp.Diff(want, definitions[s.SubEventType]); diff != "" {
			t.Errorf("docs/taxonomy.md definition row for %s (-data +docs):\n%s", s.SubEventType, diff)
		}
		if s.Note != "" && !strings.Contains(string(b), "- **"+s.SubEventType+"**: "+s.Note+"\n") {
			t.Errorf("docs/taxonomy.md lacks the note on %s", s.SubEventType)
		}
		want = []string{s.EventType, s.SubEventType, dash(s.CAMEO.Root), dash(s.CAMEO.Code), dash(s.CAMEO.Label), dash(s.PLOVER.Event), dash(s.PLOVER.Mode)}
		if diff := cmp.Diff(want, mappings[s.SubEventType]); diff != "" {
			t.Errorf("docs/taxonomy.md mapping row for %s (-data +docs):\n%s", s.SubEventType, diff)
		}
	}
	for _, et := range Default().EventTypes() {
		if !strings.Contains(string(b), "### "+et.Name+"\n\n"+et.Definition+"\n") {
			t.Errorf("docs/taxonomy.md lacks event type %s with its definition", et.Name)
		}
	}
}
