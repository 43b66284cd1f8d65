package gate

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		ceiling bool
		want    Gate
		wantErr string
	}{
		{"gold.f1=0.40", false, Gate{Name: "gold.f1", Limit: 0.40}, ""},
		{" fp.per_1000 = 70 ", true, Gate{Name: "fp.per_1000", Limit: 70, Ceiling: true}, ""},
		{"lgl.resolution_gold_spans.acc161=0.77", false, Gate{Name: "lgl.resolution_gold_spans.acc161", Limit: 0.77}, ""},
		{"gold.f1", false, Gate{}, "want NAME=VALUE"},
		{"f1=0.4", false, Gate{}, "is not REPORT.FIGURE"},
		{"gold.=0.4", false, Gate{}, "is not REPORT.FIGURE"},
		{".f1=0.4", false, Gate{}, "is not REPORT.FIGURE"},
		{"gold..f1=0.4", false, Gate{}, "is not REPORT.FIGURE"},
		{"gold.f1=high", false, Gate{}, `the value "high" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in, tt.ceiling)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("gate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseFile(t *testing.T) {
	in := `# floors
gold.f1        >= 0.338   # measured 0.3482

fp.per_1000    <= 65
`
	got, err := ParseFile(strings.NewReader(in), "floors.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []Gate{{Name: "gold.f1", Limit: 0.338}, {Name: "fp.per_1000", Limit: 65, Ceiling: true}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gates (-want +got):\n%s", diff)
	}
	for _, tt := range []struct{ in, want string }{
		{"gold.f1 = 0.3", "floors.txt:1: want NAME >= VALUE or NAME <= VALUE"},
		{"\ngold.f1 >= x", "floors.txt:2: gate"},
		{"gold.f1 >=", "floors.txt:1: want"},
		{"f1 >= 0.3", "floors.txt:1: gate \"f1 >= 0.3\": the name \"f1\" is not REPORT.FIGURE"},
	} {
		if _, err := ParseFile(strings.NewReader(tt.in), "floors.txt"); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseFile(%q): err = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	reports := map[string][]byte{
		"gold": []byte(`{"set":"gold","precision":0.2363,"f1":0.3482}`),
		"fp":   []byte(`{"set":"fp","per_1000":63.16}`),
		"lgl":  []byte(`{"corpus":"lgl","recognition":{"f1":0.75},"file":"LGL.xml"}`),
	}
	gates := []Gate{
		{Name: "gold.f1", Limit: 0.338},
		{Name: "gold.precision", Limit: 0.30},              // below
		{Name: "fp.per_1000", Limit: 65, Ceiling: true},    // under the ceiling
		{Name: "fp.per_1000", Limit: 63.16, Ceiling: true}, // equal: ok
		{Name: "fp.per_1000", Limit: 60, Ceiling: true},    // above
		{Name: "lgl.recognition.f1", Limit: 0.75},          // equal: ok
	}
	got, err := Check(gates, reports)
	if err != nil {
		t.Fatal(err)
	}
	want := []Result{
		{gates[0], 0.3482, true}, {gates[1], 0.2363, false}, {gates[2], 63.16, true},
		{gates[3], 63.16, true}, {gates[4], 63.16, false}, {gates[5], 0.75, true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if !Failed(got) || Failed(got[:1]) {
		t.Error("Failed")
	}
	for r, s := range map[Result]string{
		got[0]: "gold.f1 = 0.3482 (floor 0.338): ok",
		got[1]: "gold.precision = 0.2363 (floor 0.3): FAILED, below the floor",
		got[4]: "fp.per_1000 = 63.16 (ceiling 60): FAILED, above the ceiling",
	} {
		if r.String() != s {
			t.Errorf("String() = %q, want %q", r.String(), s)
		}
	}

	for _, tt := range []struct {
		gate Gate
		want string
	}{
		{Gate{Name: "isaf.date", Limit: 0.4}, "gate isaf.date >= 0.4: no isaf report in this run (reports: fp, gold, lgl)"},
		{Gate{Name: "gold.f2", Limit: 0.4}, `gate gold.f2 >= 0.4: no figure "f2" (there: f1, precision, set)`},
		{Gate{Name: "gold.set", Limit: 0.4}, `"set" is not a number`},
		{Gate{Name: "lgl.recognition.f2", Limit: 0.4}, `no figure "recognition.f2" (there: f1)`},
		{Gate{Name: "lgl.file.x", Limit: 0.4}, `"file" is not an object`},
	} {
		if _, err := Check([]Gate{tt.gate}, reports); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Check(%s): err = %v, want %q", tt.gate, err, tt.want)
		}
	}
}
