// Package postgres is Evident's PostgreSQL store: the evident.Store,
// QueryStore, TokenStore, AliasStore and IncidentStore of package sqlite,
// with the same semantics (the storetest suites run against both), for
// deployments where several processes share one database.
//
// It uses pgx (pgxpool) and no extensions: full text is a tsvector with a
// GIN index, the spatial index a GiST over the built-in point type. The
// schema is created and upgraded by versioned migrations embedded in the
// binary (migrations/NNNN_name.sql), run at Open under a PostgreSQL
// advisory lock, so that many processes can open one database at once.
// Uniqueness (document ids, content hashes, event ids, aliases) is decided
// by the schema's constraints, never by a check before an insert.
//
// Every value in every statement is a bound parameter.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// IsURL reports whether dsn names a PostgreSQL database (postgres:// or
// postgresql://) rather than a SQLite file.
func IsURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Config configures Open. The zero value of every field but URL means its
// default; WithDefaults fills them in.
type Config struct {
	// URL is the connection string, postgres://user@host:port/db?params
	// (any libpq-style parameter pgx accepts, e.g. sslmode, or
	// options=-csearch_path%3Dname). Required.
	URL string

	// Schema, when set, is the schema the store lives in: created if
	// missing and put first on every connection's search_path. Default:
	// "" (the connection's own search_path, usually public).
	Schema string

	// MaxConns is the most connections the pool opens. Default:
	// 2×GOMAXPROCS+2 (at least 4), enough for the API's readers and a
	// writer per core without crowding a server's max_connections (100 by
	// default) when a few processes share it.
	MaxConns int32

	// MinConns is the number of connections the pool keeps open when idle.
	// Default: 0.
	MinConns int32

	// MaxConnLifetime is how long a connection is used before it is
	// replaced. Default: 1 hour.
	MaxConnLifetime time.Duration

	// MaxConnIdleTime is how long an idle connection stays open. Default:
	// 30 minutes.
	MaxConnIdleTime time.Duration

	// ConnectTimeout bounds the connection of one pool connection (and
	// so Open's first). Default: 10 seconds.
	ConnectTimeout time.Duration
}

// WithDefaults returns a copy of c with its zero fields set to their
// defaults.
func (c Config) WithDefaults() Config {
	if c.MaxConns == 0 {
		c.MaxConns = int32(max(4, 2*runtime.GOMAXPROCS(0)+2))
	}
	if c.MaxConnLifetime == 0 {
		c.MaxConnLifetime = time.Hour
	}
	if c.MaxConnIdleTime == 0 {
		c.MaxConnIdleTime = 30 * time.Minute
	}
	if c.ConnectTimeout == 0 {
		c.ConnectTimeout = 10 * time.Second
	}
	return c
}

// validate checks a Config after WithDefaults.
func (c Config) validate() error {
	switch {
	case c.URL == "":
		return errors.New("a database URL is required")
	case !IsURL(c.URL):
		return errors.New("the URL must start with postgres:// or postgresql://")
	case c.MaxConns < 1:
		return fmt.Errorf("MaxConns %d: want at least 1", c.MaxConns)
	case c.MinConns < 0 || c.MinConns > c.MaxConns:
		return fmt.Errorf("MinConns %d: want 0..MaxConns (%d)", c.MinConns, c.MaxConns)
	case c.MaxConnLifetime < 0 || c.MaxConnIdleTime < 0 || c.ConnectTimeout < 0:
		return errors.New("durations must not be negative")
	case len(c.Schema) > 63:
		return fmt.Errorf("schema %q: longer than PostgreSQL's 63-byte names", c.Schema)
	}
	return nil
}

// Store is Evident's store in a PostgreSQL database. It is safe for
// concurrent use, by goroutines and by processes sharing the database.
type Store struct {
	name   string // the URL without its password, for errors
	schema string
	pool   *pgxpool.Pool
}

var (
	_ evident.Store         = (*Store)(nil)
	_ evident.QueryStore    = (*Store)(nil)
	_ evident.TokenStore    = (*Store)(nil)
	_ evident.AliasStore    = (*Store)(nil)
	_ evident.IncidentStore = (*Store)(nil)
)

// Open connects to the database cfg names and applies any pending
// migrations. A database whose schema is newer than this build knows is
// refused with an EINVALID error.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	cfg = cfg.WithDefaults()
	name := Redact(cfg.URL)
	if err := cfg.validate(); err != nil {
		return nil, evident.Errorf(evident.EINVALID, name, "postgres: %v", err)
	}
	pc, err := pgxpool.ParseConfig(cfg.URL)
	if err != nil {
		return nil, evident.Errorf(evident.EINVALID, name, "postgres: %v", redactErr(err, cfg.URL))
	}
	pc.MaxConns, pc.MinConns = cfg.MaxConns, cfg.MinConns
	pc.MaxConnLifetime, pc.MaxConnIdleTime = cfg.MaxConnLifetime, cfg.MaxConnIdleTime
	pc.ConnConfig.ConnectTimeout = cfg.ConnectTimeout
	if cfg.Schema != "" {
		sp := pgx.Identifier{cfg.Schema}.Sanitize()
		if old := pc.ConnConfig.RuntimeParams["search_path"]; old != "" {
			sp += ", " + old
		}
		pc.ConnConfig.RuntimeParams["search_path"] = sp
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, wrapErr(err, name, "connecting")
	}
	s := &Store{name: name, schema: cfg.Schema, pool: pool}
	if err := s.init(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) init(ctx context.Context) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return wrapErr(err, s.name, "connecting")
	}
	defer conn.Release()
	return migrate(ctx, conn.Conn(), migrationsFS(), s.schema, s.name)
}

// Pool returns the store's connection pool, for packages that keep their
// own tables in the same database (the job queue).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// SchemaVersion returns the version of the last migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, wrapErr(err, s.name, "reading schema version")
	}
	return v, nil
}

// Close closes the pool. It is safe to call more than once.
func (s *Store) Close() error {
	if s.pool != nil {
		s.pool.Close()
	}
	return nil
}

// Redact returns url without its password, for messages.
func Redact(url string) string {
	cfg, err := pgconn.ParseConfig(url)
	if err != nil || cfg.Password == "" {
		return url
	}
	return strings.Replace(url, ":"+cfg.Password+"@", ":xxxxx@", 1)
}

// redactErr is err's text without the password of url.
func redactErr(err error, url string) string {
	msg := err.Error()
	if cfg, perr := pgconn.ParseConfig(url); perr == nil && cfg.Password != "" {
		msg = strings.ReplaceAll(msg, cfg.Password, "xxxxx")
	}
	return msg
}

// wrapErr turns a database error into an *evident.Error naming the
// database: constraint violations are ECONFLICT; serialization failures,
// deadlocks, lock and statement timeouts and expired deadlines are
// ETIMEOUT; anything else EINTERNAL. The cause stays in the chain.
func wrapErr(err error, name, what string) error {
	if err == nil {
		return nil
	}
	var ee *evident.Error
	if errors.As(err, &ee) {
		return err
	}
	code := evident.EINTERNAL
	var pe *pgconn.PgError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		code = evident.ETIMEOUT
	case errors.As(err, &pe):
		switch {
		case strings.HasPrefix(pe.Code, "23"):
			code = evident.ECONFLICT
		case pe.Code == "40001", pe.Code == "40P01", pe.Code == "55P03", pe.Code == "57014":
			code = evident.ETIMEOUT
		}
	}
	return &evident.Error{Code: code, Input: name, Message: "postgres: " + what, Err: err}
}
