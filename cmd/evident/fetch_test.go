package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evident-org/evident"
)

func pageServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "Gunmen killed 4 people in Kirkuk on Monday, police said.")
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestFetchFlags: the CLI refuses loopback URLs unless a flag allows them.
func TestFetchFlags(t *testing.T) {
	srv := pageServer(t)
	url := srv.URL + "/x.txt"
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"refused by default", nil, 1, url + ": refused: 127.0.0.1 is a loopback address (use --fetch-allow-private or --fetch-allow CIDR to allow)"},
		{"allow-listed", []string{"--fetch-allow", "127.0.0.1/32"}, 0, "1 added"},
		{"other network listed", []string{"--fetch-allow", "10.0.0.0/8"}, 1, "127.0.0.1 is a loopback address"},
		{"allow private", []string{"--fetch-allow-private"}, 0, "1 added"},
		{"bad list", []string{"--fetch-allow", "intranet"}, 1, `--fetch-allow: "intranet" is not an address or a network`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"ingest", "--db", filepath.Join(t.TempDir(), "f.db")}, tt.args...)
			_, stderr, code := run(t, "", append(args, url)...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%s", code, tt.code, tt.stderr, stderr)
			}
		})
	}
}

// TestServeRefusesLoopbackURL is the SSRF reproduction through the real
// wiring: a URL submitted to serve that points at the server's own
// loopback is refused with 403 naming the URL and the reason.
func TestServeRefusesLoopbackURL(t *testing.T) {
	page := pageServer(t)
	ctx := context.Background()
	for _, tt := range []struct {
		flags  ServeFlags
		status int
		body   string
	}{
		{ServeFlags{}, http.StatusForbidden, `"code":"forbidden","message":"` + page.URL + `/x.html: refused: 127.0.0.1 is a loopback address (this server fetches public addresses only`},
		{ServeFlags{FetchFlags: FetchFlags{FetchAllow: "127.0.0.1"}}, http.StatusCreated, `"result":"added"`},
	} {
		m := &Main{Getenv: func(string) string { return "" }}
		cli := &CLI{DB: filepath.Join(t.TempDir(), "s.db")}
		tt.flags.LogFormat, tt.flags.LogLevel = "text", "error"
		srv, err := m.newServer(ctx, cli, tt.flags)
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := m.store.(evident.TokenStore).CreateToken(ctx, "t")
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodPost, "/api/v1/documents", strings.NewReader(fmt.Sprintf(`{"url": %q}`, page.URL+"/x.html")))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+secret)
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, req)
		if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.body) {
			t.Errorf("flags %+v: %d %s; want %d with %s", tt.flags.FetchFlags, w.Code, w.Body, tt.status, tt.body)
		}
		m.Close()
	}
}
