package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// pgTestURL returns EVIDENT_TEST_POSTGRES with a fresh schema on its
// search_path (options=-csearch_path=...), dropped when the test ends; the
// test is skipped without EVIDENT_TEST_POSTGRES.
func pgTestURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("EVIDENT_TEST_POSTGRES")
	if base == "" {
		t.Skip("EVIDENT_TEST_POSTGRES is not set (a postgres:// URL): PostgreSQL tests skipped")
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "evident_cli_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			t.Error(err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("options", "-csearch_path="+schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// TestPostgresEndToEnd runs ingest, export, token create and serve with
// --db postgres://...: the same program on the PostgreSQL store.
func TestPostgresEndToEnd(t *testing.T) {
	db := pgTestURL(t)
	dir := t.TempDir()
	var files []string
	for _, name := range []string{"bbc-mosul-from-the-sky.txt", "sky-mosul-footage.txt"} {
		b, err := seedFS.ReadFile("seeds/" + name)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	out, errs, code := run(t, "", append([]string{"ingest", "--db", db}, files...)...)
	if code != 0 || !strings.Contains(out+errs, "2 added") {
		t.Fatalf("ingest: exit %d: %s%s", code, out, errs)
	}
	out, errs, code = run(t, "", append([]string{"ingest", "--db", db}, files...)...)
	if code != 0 || !strings.Contains(out+errs, "2 skipped as duplicates") {
		t.Fatalf("ingest again: exit %d: %s%s", code, out, errs)
	}
	csv, errs, code := run(t, "", "export", "--db", db, "--format", "acled-csv", "--country", "IQ")
	if code != 0 || strings.Count(csv, "\n") < 2 || !strings.Contains(csv, "Mosul") {
		t.Fatalf("export: exit %d: %s\n%s", code, errs, csv)
	}
	token, errs, code := run(t, "", "token", "create", "--db", db, "pg-test")
	if code != 0 {
		t.Fatalf("token create: exit %d: %s", code, errs)
	}
	token = strings.TrimSpace(token)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	m := &Main{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"})
		m.Close()
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the serve banner: %v", err)
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("banner without URL: %q", line)
	}
	base := strings.TrimSuffix(strings.Fields(line[i:])[0], "/")

	var health struct {
		Status    string `json:"status"`
		Documents int    `json:"documents"`
		Events    int    `json:"events"`
	}
	getJSON(t, base+"/healthz", &health)
	if health.Status != "ok" || health.Documents != 2 || health.Events == 0 {
		t.Errorf("healthz = %+v, want ok with the 2 seed documents", health)
	}
	var page struct {
		Events []struct {
			ID string `json:"event_id"`
		} `json:"events"`
	}
	getJSON(t, base+"/api/v1/events?country=IQ&bbox=42,35,45,37", &page)
	if len(page.Events) == 0 {
		t.Errorf("no Iraqi events in the Mosul box")
	}
	var stats struct {
		Total int `json:"total"`
	}
	getJSON(t, base+"/api/v1/stats?by=auto", &stats)
	if stats.Total == 0 {
		t.Errorf("stats: no events")
	}
	body := "Fighters of Islamic State attacked a checkpoint in Tikrit on Monday, killing three soldiers."
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/documents", strings.NewReader(body))
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("POST with token: %d, want 201", resp.StatusCode)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d after shutdown, want 0", code)
	}
}

// Messages name a PostgreSQL database without its password.
func TestDBNameRedacts(t *testing.T) {
	for _, db := range []string{"postgres://evident:s3cret@db.example.org:5432/evident?sslmode=require", "postgresql://evident:s3cret@db/evident"} {
		if got := dbName(db); strings.Contains(got, "s3cret") || !strings.Contains(got, "db") {
			t.Errorf("dbName(%q) = %q", db, got)
		}
	}
	if got := dbName("./evident.db"); got != "./evident.db" {
		t.Errorf("dbName(./evident.db) = %q", got)
	}
}
