package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/sqlite"
	"github.com/google/go-cmp/cmp"
)

// fusionDocs are two outlets' reports of one bombing with different
// tolls, and an unrelated shelling.
var fusionDocs = map[string]string{
	"reuters": `{"id": "t-reuters-azaz", "outlet": "Reuters", "published": "2016-03-14", "title": "Car bomb kills 20 in Azaz", "text": "A car bomb exploded in the town of Azaz in Aleppo province on Monday, killing 20 people, the Syrian Observatory for Human Rights said."}`,
	"sana":    `{"id": "t-sana-azaz", "outlet": "SANA", "published": "2016-03-14", "title": "Terrorist car bomb in Azaz", "text": "A car bomb killed 35 people in the town of Azaz in Aleppo province on Monday, medical sources said."}`,
	"douma":   `{"id": "t-douma", "outlet": "Al Arabiya", "published": "2016-02-03", "title": "Shelling on Douma", "text": "Government forces shelled the town of Douma near Damascus on Tuesday, killing five civilians, activists said."}`,
}

// storedIncidents ingests paths into a fresh database and returns its
// incidents, each with reports, claims and decisions, and the events'
// incident ids.
func storedIncidents(t *testing.T, db string, workers string, paths ...string) ([]evident.Incident, map[string]string) {
	t.Helper()
	if _, stderr, code := run(t, "", append([]string{"--db", db, "--workers", workers, "ingest", "-q", "--fuse"}, paths...)...); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := st.Incidents(ctx, evident.Query{}, evident.PageRequest{Limit: evident.MaxPageLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out []evident.Incident
	for _, in := range page.Incidents {
		full, err := st.Incident(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The history is of the order and the time the documents came in:
		// only the current records must not depend on them.
		full.Versions = nil
		out = append(out, *full)
	}
	evs, err := st.Events(ctx, evident.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, e := range evs {
		ids[e.ID] = e.IncidentID
	}
	return out, ids
}

func TestIngestFusionOrderAndIdempotence(t *testing.T) {
	dir := t.TempDir()
	path := map[string]string{}
	for name, doc := range fusionDocs {
		path[name] = filepath.Join(dir, name+".jsonl")
		if err := os.WriteFile(path[name], []byte(doc+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	orders := [][]string{
		{"reuters", "sana", "douma"},
		{"sana", "douma", "reuters"},
		{"douma", "reuters", "sana"},
	}
	var want []evident.Incident
	var wantIDs map[string]string
	n := 0
	for _, workers := range []string{"1", "2"} {
		for _, order := range orders {
			var paths []string
			for _, name := range order {
				paths = append(paths, path[name])
			}
			n++
			db := filepath.Join(dir, "order"+string(rune('a'+n))+".db")
			got, ids := storedIncidents(t, db, workers, paths...)
			if want == nil {
				want, wantIDs = got, ids
				continue
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("workers %s, order %v: incidents differ (-first +this):\n%s", workers, order, diff)
			}
			if diff := cmp.Diff(wantIDs, ids); diff != "" {
				t.Errorf("workers %s, order %v: event incident ids differ:\n%s", workers, order, diff)
			}
			if workers == "2" && order[0] == "douma" {
				// Re-ingesting changes nothing.
				again, againIDs := storedIncidents(t, db, workers, paths...)
				if diff := cmp.Diff(got, again); diff != "" {
					t.Errorf("re-ingest changed the incidents:\n%s", diff)
				}
				if diff := cmp.Diff(ids, againIDs); diff != "" {
					t.Errorf("re-ingest changed the event incident ids:\n%s", diff)
				}
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("no incidents")
	}
	for id, in := range wantIDs {
		if in == "" {
			t.Errorf("event %s has no incident", id)
		}
	}
	// The two bombing reports are one incident with both tolls as claims.
	for _, in := range want {
		b, _ := json.Marshal(in)
		t.Logf("incident %s: %s, %s, %d reports, source %q, fatalities %d", in.ID, in.SubEventType, in.EventDate, len(in.Reports), in.Source, in.Fatalities)
		_ = b
	}
	var bombing *evident.Incident
	for i := range want {
		if len(want[i].Reports) == 2 {
			bombing = &want[i]
		}
	}
	if bombing == nil {
		t.Fatalf("no incident with the two bombing reports")
	}
	if bombing.Source != "Reuters; SANA" || bombing.Fatalities != 20 {
		t.Errorf("bombing: source %q, fatalities %d; want \"Reuters; SANA\", 20", bombing.Source, bombing.Fatalities)
	}
}

// TestExportIncidents: export --incidents writes one ACLED row per
// incident, source listing the outlets, and the per-event export carries
// incident_id.
func TestExportIncidents(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"reuters", "sana", "douma"} {
		p := filepath.Join(dir, name+".jsonl")
		if err := os.WriteFile(p, []byte(fusionDocs[name]+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	db := filepath.Join(dir, "x.db")
	incidents, _ := storedIncidents(t, db, "1", paths...)
	out, stderr, code := run(t, "", "--db", db, "export", "--incidents", "--format", "acled-csv")
	if code != 0 {
		t.Fatalf("export --incidents: exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != len(incidents) {
		t.Fatalf("%d rows, want one per incident (%d)", len(rows)-1, len(incidents))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	found := false
	for _, r := range rows[1:] {
		if r[col["source"]] == "Reuters; SANA" {
			found = true
			if r[col["fatalities"]] != "20" || !strings.HasPrefix(r[col["event_id"]], "in-") || r[col["sub_event_type"]] == "" {
				t.Errorf("bombing row: fatalities %s, id %s, type %q", r[col["fatalities"]], r[col["event_id"]], r[col["sub_event_type"]])
			}
		}
	}
	if !found {
		t.Errorf("no row with source \"Reuters; SANA\":\n%s", out)
	}
	out, _, _ = run(t, "", "--db", db, "export", "--format", "jsonl")
	if !strings.Contains(out, `"incident_id":"in-`) {
		t.Errorf("events carry no incident_id:\n%s", out)
	}
}
