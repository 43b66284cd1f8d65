package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/sqlite"
)

// TestCorpusExportKeepsContract ingests every corpus of ../shared/corpus
// (a real ingest, not a fixture), then checks that no document failed,
// that every exported event keeps the record contract
// (evident.Event.Validate) and that the ACLED CSV parses with Go's csv
// reader and keeps it too, column by column. It skips without ../shared.
func TestCorpusExportKeepsContract(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests the whole corpus")
	}
	if raceEnabled {
		t.Skip("ingests the whole corpus: run without -race (.ci/run does, after the race tests)")
	}
	corpora, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "*.jsonl"))
	if len(corpora) == 0 {
		t.Skip("../shared/corpus not found")
	}
	db := filepath.Join(t.TempDir(), "contract.db")
	_, stderr, code := run(t, "", append([]string{"--db", db, "ingest"}, corpora...)...)
	if code != 0 {
		t.Fatalf("ingest exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, " 0 failed") {
		t.Errorf("ingest: documents failed (an extractor bug breaks the contract):\n%s", lastLines(stderr, 20))
	}

	// JSON Lines, with background records: every record against its document.
	out, stderr, code := run(t, "", "--db", db, "export", "--format", "jsonl", "--all")
	if code != 0 {
		t.Fatalf("export jsonl exit %d: %s", code, stderr)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs := map[string]*evident.Document{}
	n, reportable := 0, 0
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var e evident.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("export line %d: %v", n+1, err)
		}
		n++
		if !e.Background {
			reportable++
		}
		if vs := e.Validate(documentOf(t, st, docs, e.DocID)); len(vs) > 0 {
			t.Errorf("%s (%s, doc %s): %v", e.ID, e.SubEventType, e.DocID, vs)
		}
	}
	if reportable == 0 {
		t.Fatal("no reportable events exported")
	}

	// ACLED CSV: the rows an ACLED user loads.
	out, stderr, code = run(t, "", "--db", db, "export", "--format", "acled-csv")
	if code != 0 {
		t.Fatalf("export csv exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("ACLED CSV does not parse: %v", err)
	}
	if len(rows)-1 != reportable {
		t.Errorf("CSV has %d rows, JSON %d reportable events", len(rows)-1, reportable)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	for _, r := range rows[1:] {
		get := func(name string) string {
			i, ok := col[name]
			if !ok {
				t.Fatalf("CSV has no column %q", name)
			}
			return r[i]
		}
		num := func(name string) float64 {
			f, err := strconv.ParseFloat(get(name), 64)
			if err != nil {
				t.Errorf("row %s: %s = %q is no number", get("event_id_cnty"), name, get(name))
			}
			return f
		}
		id := get("event_id_cnty")
		if get("country") == "" || num("iso") == 0 {
			t.Errorf("row %s: no country or iso", id)
		}
		if num("latitude") == 0 && num("longitude") == 0 {
			t.Errorf("row %s: 0, 0 as a location", id)
		}
		if p := num("geo_precision"); p < 1 || p > 3 {
			t.Errorf("row %s: geo_precision %v", id, p)
		}
		if d := get("event_date"); d != "" {
			if !date.MatchString(d) {
				t.Errorf("row %s: event_date %q", id, d)
			}
			if p := num("time_precision"); p < 1 || p > 3 {
				t.Errorf("row %s: time_precision %v", id, p)
			}
		}
		if evident.ViolentEventType(get("event_type")) && get("actor1") == "" {
			t.Errorf("row %s: violent event without actor1", id)
		}
		if want := evident.InteractionCode(int(num("inter1")), int(num("inter2"))); int(num("interaction")) != want {
			t.Errorf("row %s: interaction %s, want %d", id, get("interaction"), want)
		}
		if f := num("fatalities"); f < 0 || f > evident.MaxEventFatalities ||
			evident.NonViolentSubEvent(get("sub_event_type")) && f != 0 {
			t.Errorf("row %s: fatalities %v for %s", id, f, get("sub_event_type"))
		}
	}
	t.Logf("%d records (%d reportable), %d CSV rows: contract kept", n, reportable, len(rows)-1)
}

// documentOf returns the stored document an event comes from, read once.
func documentOf(t *testing.T, st *sqlite.Store, cache map[string]*evident.Document, id string) *evident.Document {
	t.Helper()
	if d, ok := cache[id]; ok {
		return d
	}
	d, err := st.Document(context.Background(), id)
	if err != nil {
		t.Fatalf("document %s of an exported event: %v", id, err)
	}
	cache[id] = d
	return d
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
