package postgres

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/evident-org/evident"
	"github.com/jackc/pgx/v5"
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
	name    string
	sql     string
}

// loadMigrations reads every *.sql file of fsys, named NNNN_description.sql,
// ordered by version. Versions must start at 1 and have no gaps or repeats.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names { // lexical order
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

// lockKey is the advisory lock that serialises migrations of one schema:
// processes opening other schemas of the same database do not wait.
func lockKey(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("evident/postgres/migrate\x00" + schema))
	return int64(h.Sum64())
}

// migrate brings the schema up to the last migration of fsys on conn. It
// holds a session advisory lock (pg_advisory_lock) from before it reads
// the schema version until every pending migration is committed, so that
// processes opening the database at the same time apply each migration
// once and none sees a half-made schema. Each migration runs in its own
// transaction with its schema_migrations row. schema, when set, is
// created first (under the lock).
func migrate(ctx context.Context, conn *pgx.Conn, fsys fs.FS, schema, name string) (err error) {
	ms, err := loadMigrations(fsys)
	if err != nil {
		return &evident.Error{Code: evident.EINTERNAL, Input: name, Message: "loading migrations", Err: err}
	}
	key := schema
	if key == "" {
		var cur *string
		if err := conn.QueryRow(ctx, `SELECT current_schema()`).Scan(&cur); err != nil {
			return wrapErr(err, name, "reading the current schema")
		}
		if cur == nil {
			return evident.Errorf(evident.EINVALID, name, "postgres: no schema of the search_path exists: create it or set another")
		}
		key = *cur
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, lockKey(key)); err != nil {
		return wrapErr(err, name, "locking for migrations")
	}
	defer func() {
		// A failed unlock closes the connection, which releases the lock.
		if _, uerr := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockKey(key)); uerr != nil {
			conn.Close(context.WithoutCancel(ctx))
			if err == nil {
				err = wrapErr(uerr, name, "unlocking after migrations")
			}
		}
	}()
	if schema != "" {
		if _, err := conn.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()); err != nil {
			return wrapErr(err, name, "creating schema "+schema)
		}
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`); err != nil {
		return wrapErr(err, name, "creating schema_migrations")
	}
	var current int
	if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return wrapErr(err, name, "reading schema version")
	}
	if current > len(ms) {
		return evident.Errorf(evident.EINVALID, name,
			"database schema version %d is newer than this build of evident supports (%d): upgrade evident or use another database", current, len(ms))
	}
	for _, m := range ms[current:] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name)
			return err
		})
		if err != nil {
			return wrapErr(err, name, "applying migration "+m.name)
		}
	}
	return nil
}
