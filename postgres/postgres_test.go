package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"sync"
	"testing"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/postgres"
	"github.com/evident-org/evident/storetest"
	"github.com/jackc/pgx/v5"
)

// testURL is the server the tests use: EVIDENT_TEST_POSTGRES, or the test
// is skipped.
func testURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("EVIDENT_TEST_POSTGRES")
	if u == "" {
		t.Skip("EVIDENT_TEST_POSTGRES is not set (a postgres:// URL): PostgreSQL tests skipped")
	}
	return u
}

// freshSchema returns the name of a schema that does not exist yet and is
// dropped, with everything in it, when the test ends.
func freshSchema(t testing.TB) string {
	t.Helper()
	u := testURL(t)
	var b [6]byte
	rand.Read(b[:])
	schema := "evident_test_" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, u)
		if err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	return schema
}

// openTest opens a store in a fresh schema.
func openTest(t testing.TB) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), postgres.Config{URL: testURL(t), Schema: freshSchema(t)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) evident.Store { return openTest(t) })
}

func TestQueryConformance(t *testing.T) {
	storetest.RunQuery(t, func(t *testing.T) storetest.QueryStoreUnderTest { return openTest(t) })
}

func TestIncidentConformance(t *testing.T) {
	storetest.RunIncidents(t, func(t *testing.T) storetest.IncidentStoreUnderTest { return openTest(t) })
}

// Many processes may open one fresh database at once: the migrations run
// once, under the advisory lock, and every Open succeeds.
func TestConcurrentOpen(t *testing.T) {
	u := testURL(t)
	schema := freshSchema(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	stores := make([]*postgres.Store, n)
	for i := range n {
		wg.Go(func() {
			stores[i], errs[i] = postgres.Open(t.Context(), postgres.Config{URL: u, Schema: schema, MaxConns: 2})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d: %v", i, err)
			continue
		}
		defer stores[i].Close()
		v, err := stores[i].SchemaVersion(t.Context())
		if err != nil || v < 1 {
			t.Errorf("SchemaVersion of store %d = %d, %v", i, v, err)
		}
	}
	if t.Failed() {
		return
	}
	var applied int
	if err := stores[0].Pool().QueryRow(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if v, _ := stores[0].SchemaVersion(t.Context()); applied != v {
		t.Errorf("schema_migrations has %d rows, want one per version (%d)", applied, v)
	}
}
