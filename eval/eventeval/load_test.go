package eventeval

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestLoadCASE(t *testing.T) {
	snips, bad, err := LoadCASE(filepath.Join("testdata", "case.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Snippet{
		{ID: "1", Text: "Warplanes struck the village of Kashkash near Hasaka, killing six civilians.", Label: "AIR_STRIKE", Line: 2},
		{ID: "2", Text: "Police arrested four men suspected of planning attacks in Peshawar.", Label: "ARREST", Line: 3},
		{ID: "4", Text: `The foreign ministers met in Geneva to discuss "the way forward".`, Label: "DIPLO", Line: 5},
		{ID: "5", Text: `A quoted snippet, with "inner" quotes.`, Label: "PEACE_PROTEST", Line: 6},
		{ID: "6", Text: "A snippet\twith a tab inside.", Label: "ARMED_CLASH", Line: 7},
		{ID: "8", Text: "Floods swept through the valley after heavy rain.", Label: "NATURAL_DISASTER", Line: 11},
	}
	if diff := cmp.Diff(want, snips); diff != "" {
		t.Errorf("snippets (-want +got):\n%s", diff)
	}
	var got []string
	for _, m := range bad {
		got = append(got, m.String())
	}
	wantBad := []string{
		"testdata/case.tsv:4: want 3 tab-separated fields (id, EventSnippet, SubType), got 2",
		`testdata/case.tsv:8: snippet 7: unknown CASE label "NOT_A_LABEL"`,
		"testdata/case.tsv:9: duplicate id 2",
	}
	if diff := cmp.Diff(wantBad, got); diff != "" {
		t.Errorf("malformed (-want +got):\n%s", diff)
	}
}

func TestDecodeCASE(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Snippet
		bad     []int // malformed line numbers
		wantErr string
	}{
		{name: "no header, CRLF", in: "a\tText one.\tARREST\r\nb\tText two.\tDIPLO\r\n",
			want: []Snippet{{ID: "a", Text: "Text one.", Label: "ARREST", Line: 1}, {ID: "b", Text: "Text two.", Label: "DIPLO", Line: 2}}},
		{name: "BOM and header", in: "\uFEFFid\tEventSnippet\tSubType\n1\tX.\tGRENADE",
			want: []Snippet{{ID: "1", Text: "X.", Label: "GRENADE", Line: 2}}},
		{name: "header only after blank lines", in: "\n\nID\tsnippet\tSUBTYPE\n1\tX.\tGRENADE\n",
			want: []Snippet{{ID: "1", Text: "X.", Label: "GRENADE", Line: 4}}},
		{name: "header line later is data", in: "1\tX.\tGRENADE\nid\tEventSnippet\tSubType\n",
			want: []Snippet{{ID: "1", Text: "X.", Label: "GRENADE", Line: 1}}, bad: []int{2}},
		{name: "lone quote kept", in: "1\t\"He said so.\tATTACK\n",
			want: []Snippet{{ID: "1", Text: `"He said so.`, Label: "ATTACK", Line: 1}}},
		{name: "badly quoted kept", in: "1\t\"a\"b\"\tATTACK\n",
			want: []Snippet{{ID: "1", Text: `"a"b"`, Label: "ATTACK", Line: 1}}},
		{name: "empty text and id", in: "1\t \tATTACK\n\tX.\tATTACK\n2\tY.\tATTACK\n",
			want: []Snippet{{ID: "2", Text: "Y.", Label: "ATTACK", Line: 3}}, bad: []int{1, 2}},
		{name: "invalid UTF-8", in: "1\t\xff\tATTACK\n2\tY.\tATTACK\n",
			want: []Snippet{{ID: "2", Text: "Y.", Label: "ATTACK", Line: 2}}, bad: []int{1}},
		{name: "label case matters", in: "1\tX.\tattack\n2\tY.\tATTACK\n",
			want: []Snippet{{ID: "2", Text: "Y.", Label: "ATTACK", Line: 2}}, bad: []int{1}},
		{name: "nothing left", in: "id\tEventSnippet\tSubType\n1\tno label\n", bad: []int{2}, wantErr: "no snippets (1 malformed lines)"},
		{name: "empty", in: "", wantErr: "no snippets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, err := DecodeCASE(strings.NewReader(tt.in), "x.tsv")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("snippets (-want +got):\n%s", diff)
			}
			var lines []int
			for _, m := range bad {
				lines = append(lines, m.Line)
			}
			if diff := cmp.Diff(tt.bad, lines); diff != "" {
				t.Errorf("malformed lines (-want +got):\n%s (%v)", diff, bad)
			}
		})
	}
}

func TestDecodeCASELongLine(t *testing.T) {
	in := "1\t" + strings.Repeat("x", maxLine+10) + "\tATTACK\n2\tY.\tATTACK\n"
	got, bad, err := DecodeCASE(strings.NewReader(in), "x.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "2" || len(bad) != 1 || bad[0].Line != 1 {
		t.Errorf("got %v, malformed %v", got, bad)
	}
}

func TestMapCASELabel(t *testing.T) {
	// Every label the task's list names maps, when ../shared is there.
	if b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "eval", "events", "case2021-task2-event-types.txt")); err == nil {
		n := 0
		for _, l := range strings.Split(string(b), "\n") {
			l = strings.TrimSpace(l)
			if l == "" || strings.Trim(l, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") != "" {
				continue
			}
			n++
			if _, err := MapCASELabel(l); err != nil {
				t.Errorf("label %s from the task's list: %v", l, err)
			}
		}
		if n < 30 {
			t.Errorf("only %d labels in the task's list", n)
		}
	}
	tests := []struct {
		label, want string
		err         bool
	}{
		{"ABDUCT_DISSAP", "Abduction/forced disappearance", false},
		{"AIR_STRIKE", "Air/drone strike", false},
		{"ART_MISS_ATTACK", "Shelling/artillery/missile attack", false},
		{"DISR_WEAP", "Disrupted weapons use", false},
		{"FORCE_AGAINST_PROTEST", "Excessive force against protesters", false},
		{"HQ_ESTABLISHED", "Headquarters or base established", false},
		{"PROPERTY_DISTRUCT", "Looting/property destruction", false},
		{"REM_EXPLOS", "Remote explosive/landmine/IED", false},
		{"OTHER", "Other", false},
		{"AGREEMENT", "Agreement", false},
		{"ORG_CRIME", None, false},
		{"NATURAL_DISASTER", None, false},
		{"MAN_MADE_DISASTER", None, false},
		{"DIPLO", None, false},
		{"ATTRIB", None, false},
		{"armed_clash", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		got, err := MapCASELabel(tt.label)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("MapCASELabel(%q) = %q, %v; want %q, error %v", tt.label, got, err, tt.want, tt.err)
		}
	}
	if len(ACLEDClasses) != 25 {
		t.Errorf("%d ACLED classes, want 25", len(ACLEDClasses))
	}
	if len(caseToACLED)+len(caseNonACLED) != 30 {
		t.Errorf("%d labels, want 30", len(caseToACLED)+len(caseNonACLED))
	}
}

func TestDecodeISAF(t *testing.T) {
	rel, bad, err := LoadISAF(filepath.Join("testdata", "isaf.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	type short struct {
		ID, Date string
		Province []string
		Killed   int
		Captured int
		Air      bool
	}
	var got []short
	for _, r := range rel {
		got = append(got, short{r.ID, r.Labels.StartDate, r.Labels.Province, r.Labels.MinKilled, r.Labels.MinCaptured, r.Labels.Airstrike})
	}
	want := []short{
		{"line 1", "2011-11-19", []string{"helmand"}, 0, 4, false},
		{"line 2", "2013-01-23", []string{"ghazni"}, 2, 0, true},
		{"line 4", "2012-08-05", []string{"paktya"}, 0, 0, false},
		{"line 5", "2012-08-05", []string{""}, 0, 0, false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("releases (-want +got):\n%s", diff)
	}
	if len(bad) != 1 || bad[0].Line != 3 || !strings.HasPrefix(bad[0].String(), "testdata/isaf.jsonl:3: ") {
		t.Errorf("malformed = %v, want line 3", bad)
	}

	tests := []struct {
		name string
		in   string
		bad  string
	}{
		{"no text", `{"labels": {"start_date": "2011-01-01"}}`, "no text"},
		{"no labels", `{"text": "x"}`, "no labels"},
		{"bad date", `{"text": "x", "labels": {"start_date": "Jan 1"}}`, "not YYYY-MM-DD"},
		{"negative", `{"text": "x", "labels": {"min_killed": -1}}`, "negative"},
		{"wrong type", `{"text": "x", "labels": {"min_killed": "two"}}`, "cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, bad, err := DecodeISAF(strings.NewReader(tt.in+"\n"+`{"text": "ok", "labels": {}}`), "x.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) != 1 || !strings.Contains(bad[0].Reason, tt.bad) {
				t.Errorf("malformed = %v, want %q", bad, tt.bad)
			}
		})
	}
	if _, _, err := DecodeISAF(strings.NewReader("\n\n"), "x.jsonl"); err == nil {
		t.Error("empty file: no error")
	}
}

func TestLoadGold(t *testing.T) {
	docs, err := LoadGold(filepath.Join("testdata", "gold", "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d docs", len(docs))
	}
	d := docs[0]
	if d.DocID != "clash-doc" || *d.Published != "2017-03-10" || len(d.Events) != 3 || !strings.HasPrefix(d.Text, "Iraqi forces clashed") ||
		d.TextPath != filepath.Join("testdata", "gold", "clash-doc.txt") || d.Line != 1 {
		t.Errorf("doc 0 = %+v", d)
	}
	if docs[1].Published != nil || docs[1].Events[0].Location.Admin1 != "Basra" || *docs[1].Events[0].Location.Lat != 30.51 {
		t.Errorf("doc 1 = %+v", docs[1])
	}
	if d.Events[2].Fatalities != nil || *d.Events[0].Fatalities != 3 {
		t.Errorf("fatalities: %v %v", d.Events[2].Fatalities, d.Events[0].Fatalities)
	}
}

func TestDecodeGoldErrors(t *testing.T) {
	const ev = `"event_type": "Battles", "location": {"lat": 1, "lon": 2, "geo_precision": 1}, "time_precision": 1`
	tests := []struct {
		name, in, want string
	}{
		{"bad json", `{"doc_id": `, "x.jsonl:1: unexpected end of JSON input"},
		{"no doc_id", `{"events": []}`, "x.jsonl:1: no doc_id"},
		{"path in doc_id", `{"doc_id": "../etc/passwd"}`, "is not a file name"},
		{"duplicate", `{"doc_id": "a"}` + "\n" + `{"doc_id": "a"}`, "x.jsonl:2: duplicate doc_id"},
		{"published", `{"doc_id": "a", "published": "31/01/2017"}`, "published \"31/01/2017\" is not YYYY-MM-DD"},
		{"status", `{"doc_id": "a", "events": [{"id": "E1", "status": "maybe", ` + ev + `}]}`, "a event 1 (E1): status \"maybe\""},
		{"event_type", `{"doc_id": "a", "events": [{"id": "E1", "status": "required"}]}`, "no event_type"},
		{"date", `{"doc_id": "a", "events": [{"status": "required", ` + ev + `, "event_date": "2017-02-30"}]}`, "event_date"},
		{"precision", `{"doc_id": "a", "events": [{"status": "required", "event_type": "Battles", "time_precision": 4}]}`, "time_precision 4"},
		{"geo precision", `{"doc_id": "a", "events": [{"status": "required", "event_type": "Battles", "location": {"geo_precision": 5}}]}`, "geo_precision 5"},
		{"half point", `{"doc_id": "a", "events": [{"status": "required", "event_type": "Battles", "location": {"lat": 1}}]}`, "only one of lat and lon"},
		{"far point", `{"doc_id": "a", "events": [{"status": "required", "event_type": "Battles", "location": {"lat": 91, "lon": 0}}]}`, "out of range"},
		{"empty", "\n", "x.jsonl: no gold documents"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeGold(strings.NewReader(tt.in), "x.jsonl")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLoadGoldMissingText(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "g.jsonl")
	if err := os.WriteFile(p, []byte(`{"doc_id": "nope", "events": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadGold(p)
	if err == nil || !strings.Contains(err.Error(), p+`:1: doc_id "nope" not found in `+filepath.Join(dir, "<doc_id>.txt")) {
		t.Errorf("err = %v, want the gold line, the doc id and where it was looked for", err)
	}
	if _, err := LoadGold(filepath.Join(dir, "absent.jsonl")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("absent file: err = %v", err)
	}
}

// TestSharedSets loads the real sets when ../shared is present and checks
// the counts docs/eval.md gives.
func TestSharedSets(t *testing.T) {
	shared := os.Getenv("EVIDENT_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "shared")
	}
	for _, s := range Sets {
		t.Run(string(s), func(t *testing.T) {
			p := s.DefaultPath(shared)
			if _, err := os.Stat(p); err != nil {
				t.Skipf("set not available: %v", err)
			}
			var n, bad int
			switch s {
			case CASE2021:
				sn, b, err := LoadCASE(p)
				if err != nil {
					t.Fatal(err)
				}
				n, bad = len(sn), len(b)
				if n != 1019 {
					t.Errorf("%d snippets, want 1019", n)
				}
			case ISAF:
				r, b, err := LoadISAF(p)
				if err != nil {
					t.Fatal(err)
				}
				n, bad = len(r), len(b)
				if n != 724 {
					t.Errorf("%d releases, want 724", n)
				}
			case Gold:
				d, err := LoadGold(p)
				if err != nil {
					t.Fatal(err)
				}
				n = len(d)
			}
			if bad != 0 || n == 0 {
				t.Errorf("%d items, %d malformed", n, bad)
			}
		})
	}
}

// TestSharedCorpora finds the documents of dev-gold.jsonl in the shared
// corpora and loads AG News without World, when ../shared is present.
func TestSharedCorpora(t *testing.T) {
	shared := os.Getenv("EVIDENT_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "shared")
	}
	t.Run("dev-gold", func(t *testing.T) {
		p := filepath.Join(shared, "eval", "events", "dev-gold.jsonl")
		if _, err := os.Stat(p); err != nil {
			t.Skipf("dev-gold not available: %v", err)
		}
		docs, err := LoadGold(p, DefaultDocPaths(shared)...)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 56 {
			t.Errorf("%d documents, want 56", len(docs))
		}
		for _, d := range docs {
			if d.Doc == nil || d.Doc.ID != d.DocID || d.Text == "" {
				t.Errorf("%s: not found in a corpus (%s)", d.DocID, d.TextPath)
			}
		}
	})
	t.Run("fp", func(t *testing.T) {
		p := FP.DefaultPath(shared)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("AG News not available: %v", err)
		}
		f, err := ParseCategories([]string{"!World"})
		if err != nil {
			t.Fatal(err)
		}
		docs, bad, err := LoadFP(p, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 5700 || len(bad) != 0 {
			t.Errorf("%d documents, %d malformed; want 5700, 0", len(docs), len(bad))
		}
	})
}

func FuzzDecodeCASE(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "case.tsv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("1\t\"\"\"\tATTACK\r\n\r\n2\t\t\t\tDIPLO"))
	f.Fuzz(func(t *testing.T, b []byte) {
		snips, bad, err := DecodeCASE(bytes.NewReader(b), "f.tsv")
		if err != nil {
			if len(snips) != 0 {
				t.Fatalf("error %v with %d snippets", err, len(snips))
			}
			return
		}
		seen := map[string]bool{}
		for _, s := range snips {
			if s.ID == "" || strings.TrimSpace(s.Text) == "" || !utf8.ValidString(s.Text) || seen[s.ID] {
				t.Fatalf("bad snippet %+v", s)
			}
			seen[s.ID] = true
			if _, err := MapCASELabel(s.Label); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range bad {
			if m.Line < 1 {
				t.Fatalf("malformed %+v", m)
			}
		}
	})
}

func FuzzDecodeISAF(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "isaf.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"text": "\u00e9", "labels": {"province": null}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		rel, _, err := DecodeISAF(bytes.NewReader(b), "f.jsonl")
		if err != nil {
			return
		}
		for _, r := range rel {
			if strings.TrimSpace(r.Text) == "" || r.Labels.MinKilled < 0 || r.Labels.MinCaptured < 0 {
				t.Fatalf("bad release %+v", r)
			}
			// Scoring never panics on what the loader accepts.
			ScoreISAF(r.Labels, ISAFValues{})
		}
	})
}

func FuzzDecodeGold(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "gold", "gold.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"doc_id": "a", "events": [{"status": "background", "event_type": "x", "location": {}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, err := DecodeGold(bytes.NewReader(b), "f.jsonl")
		if err != nil {
			return
		}
		for _, d := range docs {
			// Scoring never panics on what the loader accepts.
			ScoreDoc(d.Events, nil)
		}
	})
}
