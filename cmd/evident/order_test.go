package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evident-org/evident/sqlite"
)

// TestIngestLaterLineWins: for an id given twice in one input, an older
// long text first and a newer short one after it, the later line is what
// the store keeps, with four workers as with one (the short text finishes
// first, so storing in completion order would keep the old one). The
// store's side of the rule (the content ingested last wins) is storetest's
// LatestIngestWins.
func TestIngestLaterLineWins(t *testing.T) {
	var in strings.Builder
	long := strings.Repeat("Gunmen attacked a checkpoint near Kirkuk on Monday, killing two policemen, officials said. ", 40)
	for i := range 30 {
		fmt.Fprintf(&in, `{"id":"pair-%d","text":%q}`+"\n", i, "OLD "+long)
		fmt.Fprintf(&in, `{"id":"pair-%d","text":"NEW Clashes in Mosul on Tuesday killed %d fighters, the army said."}`+"\n", i, i+2)
	}
	for _, workers := range []string{"1", "4"} {
		db := filepath.Join(t.TempDir(), "order.db")
		if _, stderr, code := run(t, in.String(), "ingest", "--db", db, "--workers", workers, "-"); code != 0 {
			t.Fatalf("ingest --workers %s: exit %d: %s", workers, code, stderr)
		}
		st, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		old := 0
		for i := range 30 {
			d, err := st.Document(context.Background(), fmt.Sprintf("pair-%d", i))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(d.Text, "NEW ") {
				old++
			}
		}
		st.Close()
		if old != 0 {
			t.Errorf("--workers %s: the older text won for %d of 30 ids", workers, old)
		}
	}
}
