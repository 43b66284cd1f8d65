package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeEndToEnd runs the real program: demo --no-serve fills a
// database, serve listens on a free port and prints its URL, the API
// answers, a token created with 'token create' lets a document in, and
// cancelling the context (what Ctrl-C does) shuts the server down with
// exit code 0.
func TestServeEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e.db")
	if _, errs, code := run(t, "", "--db", db, "demo", "--no-serve"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errs)
	}
	token, errs, code := run(t, "", "--db", db, "token", "create", "test-suite")
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
		done <- m.Run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0"})
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
			ID      string `json:"event_id"`
			Country string `json:"country"`
		} `json:"events"`
	}
	getJSON(t, base+"/api/v1/events?country=IQ", &page)
	if len(page.Events) == 0 {
		t.Errorf("no Iraqi events from the seeds")
	}

	body := "Fighters of Islamic State attacked a checkpoint in Tikrit on Monday, killing three soldiers."
	post := func(auth string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/documents", strings.NewReader(body))
		req.Header.Set("Content-Type", "text/plain")
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := post(""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST without token: %d, want 401", resp.StatusCode)
	}
	if resp := post(token); resp.StatusCode != http.StatusCreated {
		t.Errorf("POST with token: %d, want 201", resp.StatusCode)
	}
	if resp := post(token); resp.StatusCode != http.StatusOK {
		t.Errorf("POST again: %d, want 200 (duplicate)", resp.StatusCode)
	}

	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d after shutdown, want 0", code)
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
