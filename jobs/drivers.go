package jobs

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// migrateLockKey is the PostgreSQL advisory lock that serialises River's
// migrations between processes starting at once.
const migrateLockKey int64 = 0x65766964_6d696772 // "evidmigr"

// countsSQL counts River's jobs by state (the same SQL on both databases;
// River's tables are found through the connection's search_path).
const countsSQL = `SELECT state, count(*) FROM river_job GROUP BY state`

// OpenPostgres migrates River's tables in the pool's database (the schema
// its search_path names) and returns a Queue on it.
func OpenPostgres(ctx context.Context, pool *pgxpool.Pool, cfg Config) (*Queue, error) {
	cfg.defaults()
	driver := riverpgxv5.New(pool)
	if err := migrate(ctx, driver, func(ctx context.Context) (pgx.Tx, error) {
		tx, err := pool.Begin(ctx)
		if err != nil {
			return nil, err
		}
		// rivermigrate takes no lock: two workers starting together would
		// both create the tables. The transaction-scoped lock makes the
		// second wait and then find them.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLockKey); err != nil {
			_ = tx.Rollback(ctx)
			return nil, err
		}
		return tx, nil
	}, func(tx pgx.Tx) error { return tx.Commit(ctx) }, func(tx pgx.Tx) { _ = tx.Rollback(ctx) }); err != nil {
		return nil, err
	}
	q := &Queue{cfg: cfg}
	q.counts = func(ctx context.Context) (map[string]int, error) {
		rows, err := pool.Query(ctx, countsSQL)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		c := map[string]int{}
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				return nil, err
			}
			c[s] = n
		}
		return c, rows.Err()
	}
	cl, err := river.NewClient(driver, q.riverConfig(false))
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	q.client = cl
	return q, nil
}

// OpenSQLite migrates River's tables in the SQLite database of db and
// returns a Queue on it. db should be the store's write handle (one
// connection): River's writes then queue behind the store's instead of
// failing with SQLITE_BUSY.
func OpenSQLite(ctx context.Context, db *sql.DB, cfg Config) (*Queue, error) {
	cfg.defaults()
	driver := riversqlite.New(db)
	if err := migrate(ctx, driver, func(ctx context.Context) (*sql.Tx, error) {
		// The store's write handle begins IMMEDIATE transactions: one
		// migrating process at a time.
		return db.BeginTx(ctx, nil)
	}, func(tx *sql.Tx) error { return tx.Commit() }, func(tx *sql.Tx) { _ = tx.Rollback() }); err != nil {
		return nil, err
	}
	q := &Queue{cfg: cfg}
	q.counts = func(ctx context.Context) (map[string]int, error) {
		rows, err := db.QueryContext(ctx, countsSQL)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		c := map[string]int{}
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				return nil, err
			}
			c[s] = n
		}
		return c, rows.Err()
	}
	cl, err := river.NewClient(driver, q.riverConfig(true))
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	q.client = cl
	return q, nil
}

// migrate runs River's pending up-migrations, one per transaction begun
// by begin (which may lock): some must commit before the next can run (a
// new enum value is not usable in the transaction that adds it).
func migrate[TTx any](ctx context.Context, driver riverdriver.Driver[TTx], begin func(context.Context) (TTx, error), commit func(TTx) error, rollback func(TTx)) error {
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("jobs: migrations: %w", err)
	}
	for {
		tx, err := begin(ctx)
		if err != nil {
			return fmt.Errorf("jobs: migrations: %w", err)
		}
		res, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{MaxSteps: 1})
		if err != nil {
			rollback(tx)
			return fmt.Errorf("jobs: migrating River's tables: %w", err)
		}
		if err := commit(tx); err != nil {
			return fmt.Errorf("jobs: migrations: %w", err)
		}
		if len(res.Versions) == 0 {
			return nil
		}
	}
}
