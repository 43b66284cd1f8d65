// Package sqlite is Evident's embedded store: an evident.Store backed by a
// single SQLite file, using the pure-Go modernc.org/sqlite driver.
//
// The schema is created and upgraded by versioned migrations embedded in
// the binary (migrations/NNNN_name.sql), recorded in schema_migrations.
// The database runs in WAL mode with foreign keys on, synchronous=NORMAL
// and a busy timeout. All writes go through one connection, so concurrent
// PutDocument calls queue in the process instead of failing with
// SQLITE_BUSY; reads use a separate pool and see a consistent snapshot.
//
// Choosing the default path (./evident.db, --db, EVIDENT_DB) is the CLI's
// job; Open takes the path it is given.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/evident-org/evident"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// busyTimeoutMS is how long a connection waits for a lock held by another
// process before failing with SQLITE_BUSY.
const busyTimeoutMS = 10000

// MemoryPath opens a private in-memory database, for tests and one-shot
// runs. All of its reads and writes share one connection.
const MemoryPath = ":memory:"

// Store is an evident.Store in one SQLite database file. It is safe for
// concurrent use.
type Store struct {
	path string
	w    *sql.DB // one connection: every write, in BEGIN IMMEDIATE transactions
	r    *sql.DB // readers; the same as w for an in-memory database
	put  putStmts
	// writes counts committed puts, for KeepWALSmall's idle test.
	writes atomic.Int64
}

var _ evident.Store = (*Store)(nil)

// Open opens the database at path, creating it if needed, and applies any
// pending migrations. The directory must exist. A database written by a
// newer version of Evident (a schema version this build does not know) is
// refused with an EINVALID error. path may be MemoryPath.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, evident.Errorf(evident.EINVALID, "", "sqlite: empty database path")
	}
	s := &Store{path: path}
	var err error
	if path == MemoryPath {
		s.w, err = sql.Open("sqlite", "file::memory:?"+dsnQuery(true))
		if err != nil {
			return nil, wrapErr(err, path, "opening database")
		}
		s.w.SetMaxOpenConns(1)
		s.w.SetMaxIdleConns(1)
		s.w.SetConnMaxLifetime(0)
		s.w.SetConnMaxIdleTime(0)
		s.r = s.w
	} else {
		if err := checkDir(path); err != nil {
			return nil, err
		}
		uri, err := fileURI(path)
		if err != nil {
			return nil, evident.Errorf(evident.EINVALID, path, "sqlite: %v", err)
		}
		if s.w, err = sql.Open("sqlite", uri+"?"+dsnQuery(true)); err != nil {
			return nil, wrapErr(err, path, "opening database")
		}
		s.w.SetMaxOpenConns(1)
		s.w.SetMaxIdleConns(1)
		s.w.SetConnMaxIdleTime(0)
		s.w.SetConnMaxLifetime(0)
		if s.r, err = sql.Open("sqlite", uri+"?"+dsnQuery(false)); err != nil {
			s.w.Close()
			return nil, wrapErr(err, path, "opening database")
		}
		n := max(4, runtime.GOMAXPROCS(0))
		s.r.SetMaxOpenConns(n)
		s.r.SetMaxIdleConns(n)
	}
	if err := s.init(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) init(ctx context.Context) error {
	// The first statement on the write connection creates the file and
	// switches it to WAL, so it runs before migrations and readers.
	if err := s.w.PingContext(ctx); err != nil {
		return wrapErr(err, s.path, "opening database")
	}
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA journal_size_limit = %d", JournalSizeLimit)); err != nil {
		return wrapErr(err, s.path, "setting journal_size_limit")
	}
	if err := migrate(ctx, s.w, migrationsFS(), s.path); err != nil {
		return err
	}
	return s.put.prepare(ctx, s.w, s.path)
}

// dsnQuery returns the driver parameters for the write or read handle.
func dsnQuery(write bool) string {
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeoutMS))
	q.Set("_foreign_keys", "1")
	if write {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
		q.Set("_txlock", "immediate")
	} else {
		q.Set("_query_only", "1")
	}
	return q.Encode()
}

// fileURI returns an SQLite URI for path, so that characters such as '?'
// and '#' in the path are not taken for URI syntax.
func fileURI(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") { // Windows: C:/x -> /C:/x
		p = "/" + p
	}
	return "file:" + (&url.URL{Path: p}).EscapedPath(), nil
}

// checkDir gives a clear error for a path whose directory is missing,
// rather than SQLite's "unable to open database file".
func checkDir(path string) error {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return evident.Errorf(evident.ENOTFOUND, path, "sqlite: directory %s does not exist", dir)
	case err != nil:
		return &evident.Error{Code: evident.EINVALID, Input: path, Message: "sqlite: database directory", Err: err}
	case !fi.IsDir():
		return evident.Errorf(evident.EINVALID, path, "sqlite: %s is not a directory", dir)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return evident.Errorf(evident.EINVALID, path, "sqlite: database path is a directory")
	}
	return nil
}

// DB returns the write handle (one connection, BEGIN IMMEDIATE
// transactions), for adapters that keep their own tables in the same file,
// such as the job queue (jobs.OpenSQLite): their writes then queue behind
// the store's instead of failing with SQLITE_BUSY.
func (s *Store) DB() *sql.DB { return s.w }

// Path returns the path the store was opened with.
func (s *Store) Path() string { return s.path }

// SchemaVersion returns the version of the last migration applied to the
// database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	v, err := schemaVersion(ctx, s.r)
	if err != nil {
		return 0, wrapErr(err, s.path, "reading schema version")
	}
	return v, nil
}

// Close releases the database. It is safe to call more than once.
func (s *Store) Close() error {
	var errs []error
	errs = append(errs, s.put.close())
	if s.r != nil && s.r != s.w {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return wrapErr(err, s.path, "closing database")
	}
	return nil
}

// wrapErr turns a database error into an *evident.Error naming the
// database: constraint violations are ECONFLICT, a lock that stays busy or
// an expired deadline is ETIMEOUT, anything else EINTERNAL. The cause stays
// in the chain (errors.Is(err, context.Canceled) still works).
func wrapErr(err error, path, what string) error {
	if err == nil {
		return nil
	}
	var ee *evident.Error
	if errors.As(err, &ee) {
		return err
	}
	code := evident.EINTERNAL
	var se *sqlite.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		code = evident.ETIMEOUT
	case errors.As(err, &se):
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CONSTRAINT:
			code = evident.ECONFLICT
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			code = evident.ETIMEOUT
		}
	}
	return &evident.Error{Code: code, Input: path, Message: "sqlite: " + what, Err: err}
}
