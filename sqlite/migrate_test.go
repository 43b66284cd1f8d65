package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

// rawDB opens a bare write handle on a temp database, without migrations.
func rawDB(t *testing.T) (*sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "raw.db")
	uri, err := fileURI(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", uri+"?"+dsnQuery(true))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db, path
}

func appliedVersions(t *testing.T, db *sql.DB) []int {
	t.Helper()
	rows, err := db.Query(`SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return vs
}

func TestEmbeddedMigrations(t *testing.T) {
	ms, err := loadMigrations(migrationsFS())
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].name != "0001_init.sql" {
		t.Fatalf("embedded migrations = %+v, want 0001_init.sql first", ms)
	}
}

func TestLoadMigrationsNames(t *testing.T) {
	file := &fstest.MapFile{Data: []byte("SELECT 1;")}
	tests := []struct {
		name    string
		files   []string
		want    []int
		wantErr string
	}{
		{"ordered", []string{"0002_b.sql", "0001_a.sql", "0010_j.sql", "0003_c.sql", "0004_d.sql", "0005_e.sql", "0006_f.sql", "0007_g.sql", "0008_h.sql", "0009_i.sql", "README.md"}, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, ""},
		{"no underscore", []string{"0001.sql"}, nil, "NNNN_description.sql"},
		{"not a number", []string{"init_x.sql"}, nil, "NNNN_description.sql"},
		{"zero", []string{"0000_x.sql"}, nil, "NNNN_description.sql"},
		{"gap", []string{"0001_a.sql", "0003_c.sql"}, nil, "want 2"},
		{"repeat", []string{"0001_a.sql", "0001_b.sql"}, nil, "want 2"},
		{"none", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys[f] = file
			}
			ms, err := loadMigrations(fsys)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("loadMigrations = %v, want error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, m := range ms {
				got = append(got, m.version)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("versions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMigrateInOrderOnce(t *testing.T) {
	ctx := context.Background()
	db, path := rawDB(t)
	fsys := fstest.MapFS{
		"0001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER);\nINSERT INTO a VALUES (1);")},
		"0002_b.sql": {Data: []byte("INSERT INTO a SELECT MAX(x) + 1 FROM a;")}, // needs 0001 first
	}
	for range 3 {
		if err := migrate(ctx, db, fsys, path); err != nil {
			t.Fatal(err)
		}
	}
	var n, mx int
	if err := db.QueryRow(`SELECT COUNT(*), MAX(x) FROM a`).Scan(&n, &mx); err != nil {
		t.Fatal(err)
	}
	if n != 2 || mx != 2 {
		t.Errorf("table a has %d rows, max %d; want each migration applied once (2, 2)", n, mx)
	}
	if diff := cmp.Diff([]int{1, 2}, appliedVersions(t, db)); diff != "" {
		t.Errorf("schema_migrations (-want +got):\n%s", diff)
	}

	// A new migration is applied on the next open.
	fsys["0003_c.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE c (y TEXT);")}
	if err := migrate(ctx, db, fsys, path); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{1, 2, 3}, appliedVersions(t, db)); diff != "" {
		t.Errorf("schema_migrations (-want +got):\n%s", diff)
	}
}

func TestMigrateFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	db, path := rawDB(t)
	fsys := fstest.MapFS{
		"0001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER);")},
		"0002_b.sql": {Data: []byte("CREATE TABLE b (x INTEGER);\nTHIS IS NOT SQL;")},
	}
	err := migrate(ctx, db, fsys, path)
	if err == nil {
		t.Fatal("migrate succeeded, want error")
	}
	if !strings.Contains(err.Error(), "0002_b.sql") || !strings.Contains(err.Error(), path) {
		t.Errorf("error %q should name the migration and the database", err)
	}
	if diff := cmp.Diff([]int{1}, appliedVersions(t, db)); diff != "" {
		t.Errorf("schema_migrations (-want +got):\n%s", diff)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE name = 'b'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Error("table b of the failed migration exists")
	}
}

func TestOpenRecordsSchemaAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "evident.db")
	ms, err := loadMigrations(migrationsFS())
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(ms) {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, len(ms))
	}
	if _, err := s.PutDocument(ctx, &evident.Document{ID: "d", Text: "t"}, []evident.Event{{ID: "e", ExtractorVersion: "v1"}}); err != nil {
		t.Fatal(err)
	}
	var before string
	if err := s.r.QueryRow(`SELECT group_concat(version || name || applied_at) FROM schema_migrations`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var after string
	if err := s.r.QueryRow(`SELECT group_concat(version || name || applied_at) FROM schema_migrations`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Errorf("reopening changed schema_migrations: %q -> %q", before, after)
	}
	if docs, evs, err := s.Counts(ctx); err != nil || docs != 1 || evs != 1 {
		t.Errorf("Counts after reopen = %d, %d, %v; want 1, 1", docs, evs, err)
	}
	var first string
	if err := s.r.QueryRow(`SELECT first_seen FROM extractors WHERE version = 'v1'`).Scan(&first); err != nil {
		t.Errorf("extractor v1 not recorded: %v", err)
	}
}

func TestOpenNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "evident.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 'later')`); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(ctx, path)
	if err == nil {
		s.Close()
		t.Fatal("Open of a newer database succeeded, want error")
	}
	if evident.ErrorCode(err) != evident.EINVALID || !strings.Contains(err.Error(), "newer") ||
		!strings.Contains(err.Error(), "9999") || !strings.Contains(err.Error(), path) {
		t.Errorf("Open error = %v; want EINVALID naming the path and version 9999 as newer", err)
	}
}

func TestPragmas(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "evident.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, h := range []struct {
		name string
		db   *sql.DB
		want map[string]string
	}{
		{"writer", s.w, map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "1", "busy_timeout": "10000"}},
		{"reader", s.r, map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000", "query_only": "1"}},
	} {
		for p, want := range h.want {
			var got string
			if err := h.db.QueryRowContext(ctx, "PRAGMA "+p).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s: PRAGMA %s = %q, want %q", h.name, p, got, want)
			}
		}
	}
}

func TestDeleteCascades(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "evident.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ev := evident.Event{ID: "e", Evidence: []evident.Evidence{{Text: "x"}}, Fields: []evident.FieldEvidence{{Field: "f"}}}
	if _, err := s.PutDocument(ctx, &evident.Document{ID: "d", Text: "t"}, []evident.Event{ev}); err != nil {
		t.Fatal(err)
	}
	// Re-extraction deletes old events; their evidence must go with them.
	ev2 := evident.Event{ID: "e2", ExtractorVersion: "v2"}
	if _, err := s.PutDocument(ctx, &evident.Document{ID: "d", Text: "t"}, []evident.Event{ev2}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.r.QueryRow(`SELECT (SELECT COUNT(*) FROM evidence) + (SELECT COUNT(*) FROM field_evidence)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d evidence rows left after their event was replaced", n)
	}
}
