package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

// TestDocumentsOrderTrimmedFractions: ingested_at is RFC3339Nano, which
// drops trailing zeros of the fraction, so "…:00Z", "…:00.12Z" and
// "…:00.123Z" do not sort as text in time order. Documents (and its
// cursor) must order them by time.
func TestDocumentsOrderTrimmedFractions(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "evident.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := map[string]string{
		"a": "2017-01-01T10:00:00Z",
		"b": "2017-01-01T10:00:00.12Z",
		"c": "2017-01-01T10:00:00.123Z",
		"d": "2017-01-01T10:00:00.5Z",
		"e": "2017-01-01T10:00:01Z",
		"f": "2017-01-01T09:59:59.999999999Z",
	}
	for id, ts := range at {
		if _, err := s.PutDocument(t.Context(), &evident.Document{ID: id, Text: "text " + id}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := s.w.ExecContext(t.Context(), `UPDATE documents SET ingested_at = ? WHERE id = ?`, ts, id); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"e", "d", "c", "b", "a", "f"}
	for _, limit := range []int{1, 2, 6} {
		var got []string
		cur := ""
		for {
			pg, err := s.Documents(t.Context(), "", limit, cur)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range pg.Documents {
				got = append(got, d.ID)
			}
			if cur = pg.NextCursor; cur == "" {
				break
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Documents by %d: order (-want +got):\n%s", limit, diff)
		}
	}
}

// TestDocumentsOrderUsesIndex: the documents list walks the index of
// migration 0003 instead of sorting every document.
func TestDocumentsOrderUsesIndex(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "evident.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.r.QueryContext(t.Context(), `EXPLAIN QUERY PLAN SELECT d.id FROM documents d ORDER BY `+ingestedKey+` DESC, d.id DESC LIMIT 10`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "\n"
	}
	if !strings.Contains(plan, "documents_ingested") || strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("plan does not walk documents_ingested:\n%s", plan)
	}
}
