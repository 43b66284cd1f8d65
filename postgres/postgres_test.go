package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

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

// Several processes (here: stores with pools of their own) putting the
// same documents at once: the schema's constraints decide, so each
// content is added once, each id holds one document, and the others are
// duplicates or aliases.
func TestConcurrentProcesses(t *testing.T) {
	u := testURL(t)
	schema := freshSchema(t)
	const procs, docs = 4, 25
	stores := make([]*postgres.Store, procs)
	for i := range stores {
		s, err := postgres.Open(t.Context(), postgres.Config{URL: u, Schema: schema, MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	added := map[string]int{}
	for p, s := range stores {
		for w := range 2 {
			wg.Go(func() {
				for i := range docs {
					// Same content under the process's own id and under a
					// shared id.
					text := fmt.Sprintf("Shared text %d.", i)
					for _, id := range []string{fmt.Sprintf("p%d-w%d-%d", p, w, i), fmt.Sprintf("shared-%d", i)} {
						ev := evident.Event{ID: id + "-e", DocID: id, EventDate: "2017-01-31"}
						res, err := s.PutDocument(t.Context(), &evident.Document{ID: id, Text: text}, []evident.Event{ev})
						if err != nil {
							t.Errorf("PutDocument(%s): %v", id, err)
							return
						}
						if res == evident.PutAdded {
							mu.Lock()
							added[text]++
							mu.Unlock()
						}
					}
				}
			})
		}
	}
	wg.Wait()
	for i := range docs {
		if n := added[fmt.Sprintf("Shared text %d.", i)]; n != 1 {
			t.Errorf("text %d added %d times, want once", i, n)
		}
	}
	ndocs, nevents, err := stores[0].Counts(t.Context())
	if err != nil || ndocs != docs || nevents != docs {
		t.Errorf("Counts = %d, %d, %v; want %d documents with one event each", ndocs, nevents, err, docs)
	}
	// Every id finds its content's document.
	for i := range docs {
		for _, id := range []string{fmt.Sprintf("p1-w0-%d", i), fmt.Sprintf("shared-%d", i)} {
			d, err := stores[2].Document(t.Context(), id)
			if err != nil || d.Text != fmt.Sprintf("Shared text %d.", i) {
				t.Errorf("Document(%s) = %v, %v", id, d, err)
			}
		}
	}
}

// A database written by a newer evident is refused, not downgraded.
func TestNewerSchemaRefused(t *testing.T) {
	u := testURL(t)
	schema := freshSchema(t)
	s, err := postgres.Open(t.Context(), postgres.Config{URL: u, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.SchemaVersion(t.Context())
	if _, err := s.Pool().Exec(t.Context(), `INSERT INTO schema_migrations (version, name) VALUES ($1, 'future.sql')`, v+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = postgres.Open(t.Context(), postgres.Config{URL: u, Schema: schema})
	if err == nil {
		s.Close()
		t.Fatal("Open of a newer schema succeeded")
	}
	if evident.ErrorCode(err) != evident.EINVALID || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open of a newer schema: %v, want EINVALID naming it newer", err)
	}
}

func TestOpenErrors(t *testing.T) {
	u := testURL(t)
	missing := u + "&options=" + url.QueryEscape("-csearch_path=evident_no_such_schema")
	if !strings.Contains(u, "?") {
		missing = u + "?options=" + url.QueryEscape("-csearch_path=evident_no_such_schema")
	}
	tests := []struct {
		name string
		cfg  postgres.Config
		code string
	}{
		{"not a URL", postgres.Config{URL: "./evident.db"}, evident.EINVALID},
		{"bad URL", postgres.Config{URL: "postgres://h:notaport/db"}, evident.EINVALID},
		{"search_path without a schema", postgres.Config{URL: missing}, evident.EINVALID},
		{"nothing listening", postgres.Config{URL: "postgres://postgres:pw@127.0.0.1:1/test?sslmode=disable", ConnectTimeout: 2 * time.Second}, evident.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := postgres.Open(t.Context(), tt.cfg)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%+v) succeeded", tt.cfg)
			}
			if evident.ErrorCode(err) != tt.code {
				t.Errorf("Open: %v, code %q, want %q", err, evident.ErrorCode(err), tt.code)
			}
			if strings.Contains(err.Error(), ":pw@") {
				t.Errorf("Open: %v shows the password", err)
			}
		})
	}
}

// Values PostgreSQL's text cannot hold (NUL, invalid UTF-8) find nothing
// in lookups, as they would in SQLite, rather than failing; a put of one
// is EINVALID.
func TestUnstorableValues(t *testing.T) {
	s := openTest(t)
	defer s.Close()
	storetest.PutQueryFixture(t, s)
	ctx := t.Context()
	for _, bad := range []string{"mosul\x00", "\xff"} {
		if _, err := s.Document(ctx, bad); evident.ErrorCode(err) != evident.ENOTFOUND {
			t.Errorf("Document(%q): %v, want ENOTFOUND", bad, err)
		}
		if _, err := s.Event(ctx, bad); evident.ErrorCode(err) != evident.ENOTFOUND {
			t.Errorf("Event(%q): %v, want ENOTFOUND", bad, err)
		}
		if evs, err := s.DocumentEvents(ctx, bad); err != nil || len(evs) != 0 {
			t.Errorf("DocumentEvents(%q) = %d, %v", bad, len(evs), err)
		}
		if pg, err := s.EventPage(ctx, evident.Query{DocID: bad}, evident.PageRequest{}); err != nil || len(pg.Events) != 0 {
			t.Errorf("EventPage(doc %q) = %d, %v", bad, len(pg.Events), err)
		}
		if pg, err := s.EventPage(ctx, evident.Query{Countries: []string{bad}, Actor: bad}, evident.PageRequest{}); err != nil || len(pg.Events) != 0 {
			t.Errorf("EventPage(country %q) = %d, %v", bad, len(pg.Events), err)
		}
		if evs, err := s.Events(ctx, evident.EventFilter{DocID: bad}); err != nil || len(evs) != 0 {
			t.Errorf("Events(doc %q) = %d, %v", bad, len(evs), err)
		}
		if pg, err := s.Documents(ctx, bad, 10, ""); err != nil || len(pg.Documents) != 0 {
			t.Errorf("Documents(%q) = %d, %v", bad, len(pg.Documents), err)
		}
		if _, err := s.VerifyToken(ctx, "evt_"+bad+"_x"); evident.ErrorCode(err) != evident.EUNAUTHORIZED {
			t.Errorf("VerifyToken(%q): %v", bad, err)
		}
		if _, err := s.PutDocument(ctx, &evident.Document{ID: "d", Text: bad}, nil); evident.ErrorCode(err) != evident.EINVALID {
			t.Errorf("PutDocument(text %q): %v, want EINVALID", bad, err)
		}
	}
}

func TestFeedConformance(t *testing.T) {
	storetest.RunFeeds(t, func(t *testing.T) storetest.FeedStoreUnderTest { return openTest(t) })
}
