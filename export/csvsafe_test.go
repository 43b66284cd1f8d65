package export

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/evident-org/evident"
)

// TestCSVNeutralisesFormulas: text cells a spreadsheet would evaluate get
// a leading quote; numbers, negative ones included, stay numbers; the JSON
// export keeps the value as is.
func TestCSVNeutralisesFormulas(t *testing.T) {
	e := evident.Event{
		ID: "ev-1", Source: `=HYPERLINK("http://example.com/x","x")`, Actor1: "+cmd|' /C calc'!A0", Notes: "@SUM(1+1)",
		Attribution: "\tlabel", Actor2: "-2+3", AssocActor1: "\rtext", Tags: []string{"=1+1"},
		Location: evident.Location{Location: "Plain place", Latitude: -33.9, Longitude: -18.4, GeoPrecision: 1},
	}
	var b bytes.Buffer
	if err := WriteAll(&b, FormatACLEDCSV, []evident.Event{e}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cell := map[string]string{}
	for i, h := range rows[0] {
		cell[h] = rows[1][i]
	}
	for col, want := range map[string]string{
		"source":        `'=HYPERLINK("http://example.com/x","x")`,
		"actor1":        "'+cmd|' /C calc'!A0",
		"notes":         "'@SUM(1+1)",
		"attribution":   "'\tlabel",
		"actor2":        "'-2+3",
		"assoc_actor_1": "'\rtext",
		"tags":          "'=1+1",
		"location":      "Plain place",
		"latitude":      "-33.9",
		"longitude":     "-18.4",
	} {
		if cell[col] != want {
			t.Errorf("%s = %q, want %q", col, cell[col], want)
		}
	}
	b.Reset()
	if err := WriteAll(&b, FormatJSONL, []evident.Event{e}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte(`"source":"=HYPERLINK(`)) {
		t.Errorf("JSON export changed the source: %s", b.Bytes())
	}
}
