package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

//go:embed migrations/*.sql
var embedded embed.FS

// migrationsFS returns the embedded migrations directory.
func migrationsFS() fs.FS {
	sub, err := fs.Sub(embedded, "migrations")
	if err != nil { // cannot happen: the directory is embedded
		panic(err)
	}
	return sub
}

// migration is one NNNN_name.sql file.
type migration struct {
	version int
	name    string // file name
	sql     string
}

// loadMigrations reads every *.sql file of fsys, named NNNN_description.sql,
// and returns them ordered by version. Versions must be unique and start at
// 1 without gaps, so a missing file is caught at build time by the tests.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names { // fs.Glob returns names in lexical order
		num, _, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_description.sql", name)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: path.Base(name), sql: string(b)})
	}
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: version %d, want %d (versions start at 1 with no gaps or repeats)", m.name, m.version, i+1)
		}
	}
	return ms, nil
}

// migrate brings the database at db (a single-connection write handle)
// up to the last migration in fsys. Each migration runs in its own
// transaction together with its schema_migrations row, so a failing
// migration leaves the database at the previous version. Opening an
// up-to-date database costs one query. A database whose schema is newer
// than fsys knows is refused.
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS, dbPath string) error {
	ms, err := loadMigrations(fsys)
	if err != nil {
		return &evident.Error{Code: evident.EINTERNAL, Input: dbPath, Message: "loading migrations", Err: err}
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	) STRICT`); err != nil {
		return wrapErr(err, dbPath, "creating schema_migrations")
	}
	current, err := schemaVersion(ctx, db)
	if err != nil {
		return wrapErr(err, dbPath, "reading schema version")
	}
	latest := len(ms)
	if current > latest {
		return evident.Errorf(evident.EINVALID, dbPath,
			"database schema version %d is newer than this build of evident supports (%d): upgrade evident or use another database", current, latest)
	}
	for _, m := range ms[current:] {
		if err := applyMigration(ctx, db, m); err != nil {
			return wrapErr(err, dbPath, "applying migration "+m.name)
		}
	}
	return nil
}

func schemaVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

func applyMigration(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write handle's _txlock
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Another process may have applied it since we looked.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		return err
	}
	return tx.Commit()
}
