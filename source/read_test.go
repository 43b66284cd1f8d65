package source

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b.txt":                "bee",
		"a.md":                 "# ay",
		"c.jsonl":              `{"id":"c1","text":"see one"}` + "\n" + `{oops}` + "\n" + `{"id":"c3","text":"see three"}`,
		"sub/z.html":           "<html><body><p>zed</p></body></html>",
		"sub/deeper/y.rss":     `<rss version="2.0"><channel><title>T</title><item><guid>g1</guid><description>why</description></item></channel></rss>`,
		"sub/noext":            "plain words",
		"sub/page.php":         "<!DOCTYPE html><html><body><p>php page</p></body></html>",
		"sub/data.ndjson":      `{"text":"nd"}`,
		"sub/image.png":        "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"sub/latin.txt":        "caf\xe9",
		"sub/empty.txt":        "",
		".hidden.txt":          "secret",
		".git/config":          "[core]",
		"sub/.cache/x.txt":     "cached",
		"A-upper.txt":          "upper case sorts first",
		"sub/feed.unknown.xml": `<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry><id>e1</id><summary>atom item</summary></entry></feed>`,
	})
	// A symlink to a directory is not followed; one to a file is read.
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "sub", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "b.txt"), filepath.Join(dir, "sub", "link.txt")); err != nil {
		t.Fatal(err)
	}
	p := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	want := []got{
		{ID: "A-upper", Input: p("A-upper.txt"), Format: "text", Text: "upper case sorts first"},
		{ID: "a", Input: p("a.md"), Format: "text", Text: "# ay"},
		{ID: "b", Input: p("b.txt"), Format: "text", Text: "bee"},
		{ID: "c1", Input: p("c.jsonl") + ":1", Format: "jsonl", Text: "see one"},
		{Code: evident.EINVALID, ErrInput: p("c.jsonl") + ":2"},
		{ID: "c3", Input: p("c.jsonl") + ":3", Format: "jsonl", Text: "see three"},
		{ID: evident.HashID("nd"), Input: p("sub/data.ndjson") + ":1", Format: "jsonl", Text: "nd"},
		{ID: "guid-" + evident.HashText("g1")[:16], Input: p("sub/deeper/y.rss") + "#item1", Format: "feed", Outlet: "T", Text: "why"},
		{Code: evident.EINVALID, ErrInput: p("sub/empty.txt")},
		{ID: "guid-" + evident.HashText("e1")[:16], Input: p("sub/feed.unknown.xml") + "#item1", Format: "feed", Outlet: "F", Text: "atom item"},
		{Code: evident.EINVALID, ErrInput: p("sub/image.png")},
		{Code: evident.EINVALID, ErrInput: p("sub/latin.txt")},
		{ID: "link", Input: p("sub/link.txt"), Format: "text", Text: "bee"},
		{ID: "noext", Input: p("sub/noext"), Format: "text", Text: "plain words"},
		{ID: "page", Input: p("sub/page.php"), Format: "html", Text: "php page"},
		{ID: "z", Input: p("sub/z.html"), Format: "html", Text: "zed"},
	}
	gs := collect(t, Read(t.Context(), dir, nil, Options{}))
	if diff := cmp.Diff(want, gs); diff != "" {
		t.Errorf("Read(dir) (-want +got):\n%s", diff)
	}
	// Deterministic: a second run gives the same sequence.
	if diff := cmp.Diff(gs, collect(t, Read(t.Context(), dir, nil, Options{}))); diff != "" {
		t.Errorf("second run differs:\n%s", diff)
	}
}

func TestReadBadFiles(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // sparse: no 50 MB written
		t.Fatal(err)
	}
	f.Close()
	bigJSONL := filepath.Join(dir, "big.jsonl")
	if err := os.WriteFile(bigJSONL, []byte(`{"text":"`+strings.Repeat("x", 2000)+`"}`+"\n"+`{"id":"after","text":"small"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, input string
		opt         Options
		want        []got
		msg         string
	}{
		{"50 MB file", big, Options{}, []got{{Code: evident.ETOOLARGE, ErrInput: big}}, "50 MiB, over the 20 MiB limit"},
		{"jsonl line over MaxBytes", bigJSONL, Options{MaxBytes: 1000}, []got{
			{Code: evident.ETOOLARGE, ErrInput: bigJSONL + ":1"},
			{ID: "after", Input: bigJSONL + ":2", Format: "jsonl", Text: "small"}}, "longer than the 1000 B limit"},
		{"nonexistent", filepath.Join(dir, "nope.txt"), Options{}, []got{{Code: evident.ENOTFOUND, ErrInput: filepath.Join(dir, "nope.txt")}}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var items []Item
			for it := range Read(t.Context(), tt.input, nil, tt.opt) {
				items = append(items, it)
			}
			var gs []got
			for _, it := range items {
				gs = append(gs, summarise(t, it))
			}
			if diff := cmp.Diff(tt.want, gs); diff != "" {
				t.Errorf("Read (-want +got):\n%s", diff)
			}
			if !strings.Contains(items[0].Err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", items[0].Err, tt.msg)
			}
		})
	}
}

func TestReadPermissionDenied(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: file permissions are not enforced")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"locked.txt": "secret", "ok.txt": "fine", "sub/x.txt": "hidden by mode"})
	locked := filepath.Join(dir, "locked.txt")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Chmod(sub, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(sub, 0o755) })
	want := []got{
		{Code: evident.EINVALID, ErrInput: locked},
		{ID: "ok", Input: filepath.Join(dir, "ok.txt"), Format: "text", Text: "fine"},
		{Code: evident.EINVALID, ErrInput: sub},
	}
	if diff := cmp.Diff(want, collect(t, Read(t.Context(), dir, nil, Options{}))); diff != "" {
		t.Errorf("Read (-want +got):\n%s", diff)
	}
}

func TestIOError(t *testing.T) {
	tests := []struct {
		err  error
		code string
		msg  string
	}{
		{&fs.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, evident.EINVALID, "in: cannot read: permission denied"},
		{&fs.PathError{Op: "open", Path: "x", Err: syscall.ENOENT}, evident.ENOTFOUND, "in: cannot read: no such file or directory"},
		{errors.New("disk on fire"), evident.EINTERNAL, "in: cannot read: disk on fire"},
		{evident.Errorf(evident.ETOOLARGE, "other", "big"), evident.ETOOLARGE, "other: big"},
	}
	for _, tt := range tests {
		e := ioError("in", tt.err)
		if e.Code != tt.code || e.Error() != tt.msg {
			t.Errorf("ioError(%v) = %q (%s), want %q (%s)", tt.err, e.Error(), e.Code, tt.msg, tt.code)
		}
	}
}

func TestReadStdin(t *testing.T) {
	tests := []struct {
		name, data string
		want       []got
	}{
		{"jsonl", "\n  {\"id\":\"a\",\"text\":\"one\"}\n{\"text\":\"\"}\n", []got{
			{ID: "a", Input: "stdin:2", Format: "jsonl", Text: "one"},
			{Code: evident.EINVALID, ErrInput: "stdin:3"}}},
		{"html", "<!DOCTYPE html><html><body><p>from a pipe</p></body></html>", []got{
			{ID: evident.HashID("from a pipe"), Input: "-", Format: "html", Text: "from a pipe"}}},
		{"feed", `<?xml version="1.0"?><rss version="2.0"><channel><title>S</title><item><guid>1</guid><description>piped item</description></item></channel></rss>`, []got{
			{ID: "guid-" + evident.HashText("1")[:16], Input: "-#item1", Format: "feed", Outlet: "S", Text: "piped item"}}},
		{"text", "Plain text, <not> html.\n", []got{
			{ID: evident.HashID("Plain text, <not> html.\n"), Input: "-", Format: "text", Text: "Plain text, <not> html.\n"}}},
		{"binary", "\x00\x01\x02", []got{{Code: evident.EINVALID, ErrInput: "-"}}},
		{"empty", "", []got{{Code: evident.EINVALID, ErrInput: "-"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, collect(t, Read(t.Context(), "-", strings.NewReader(tt.data), Options{}))); diff != "" {
				t.Errorf("Read(-) (-want +got):\n%s", diff)
			}
		})
	}
	if gs := collect(t, Read(t.Context(), "-", nil, Options{})); len(gs) != 1 || gs[0].Code != evident.EINVALID {
		t.Errorf("nil stdin: %+v", gs)
	}
}

func TestSniff(t *testing.T) {
	for in, want := range map[string]string{
		"  {\"a\":1}":                           FormatJSONL,
		"\xEF\xBB\xBF{}":                        FormatJSONL,
		"<?xml version='1.0'?>\n<rss>":          FormatFeed,
		"<!-- x --><feed xmlns='a'>":            FormatFeed,
		"<rdf:RDF xmlns:rdf='x'>":               FormatFeed,
		"<?xml version='1.0'?><html xmlns='x'>": FormatHTML,
		"<!doctype html><title>x</title>":       FormatHTML,
		"<p>para</p>":                           FormatHTML,
		"<?xml version='1.0'?><catalog/>":       FormatText,
		"Plain words with a < sign":             FormatText,
		"":                                      FormatText,
	} {
		if got := sniff([]byte(in)); got != want {
			t.Errorf("sniff(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestReadURL(t *testing.T) {
	article, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	rss, err := os.ReadFile("testdata/feed.rss")
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	mux := http.NewServeMux()
	serve := func(path, ctype string, body []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if ctype != "" {
				w.Header().Set("Content-Type", ctype)
			}
			w.Write(body)
		})
	}
	serve("/article", "text/html; charset=utf-8", article)
	serve("/feed", "application/rss+xml", rss)
	serve("/feed-as-html", "text/html", rss)
	serve("/feed-untyped", "", rss)
	serve("/plain", "text/plain; charset=utf-8", []byte("Plain report."))
	serve("/lines", "application/x-ndjson", []byte(`{"id":"n1","text":"ndjson line"}`))
	serve("/big", "text/plain", []byte(strings.Repeat("a", 2048)))
	serve("/png", "image/png", []byte("Plain words in a PNG's clothes."))
	serve("/pdf", "application/pdf", []byte("Plain words in a PDF's clothes."))
	serve("/bin", "application/octet-stream", []byte("Plain words in octets."))
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/plain#frag", http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select { // past the client's timeout; released when the test ends
		case <-r.Context().Done():
		case <-release:
		}
	})
	mux.HandleFunc("/error", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer close(release)
	u := func(p string) string { return srv.URL + p }

	tests := []struct {
		path string
		opt  Options
		want []got
		msg  string
	}{
		{path: "/article", want: []got{{ID: URLID(u("/article")), Input: u("/article"), Format: "html",
			Title: "Air strike kills 12 near Idlib market", Outlet: "Example News", Published: "2017-04-05", URL: u("/article"), Text: articleText}}},
		{path: "/feed", want: []got{
			{ID: URLID(canonical), Input: u("/feed") + "#item1", Format: "feed", Title: "Air strike kills 12 near Idlib market",
				Outlet: "Example News - World", Published: "2017-04-05", URL: canonical,
				Text: "At least 12 civilians were killed when an air strike hit a market in Khan Sheikhoun.\n\nRescue workers said three children were among the dead."},
			{ID: "guid-" + evident.HashText("example-1002")[:16], Input: u("/feed") + "#item2", Format: "feed", Title: "Clashes reported in Mosul",
				Outlet: "Example News - World", Published: "2017-04-06", Text: "Iraqi forces clashed with Islamic State fighters in western Mosul, officials said."},
			{Code: evident.EINVALID, ErrInput: u("/feed") + "#item3"},
		}},
		{path: "/plain", want: []got{{ID: URLID(u("/plain")), Input: u("/plain"), Format: "text", Outlet: "127.0.0.1", URL: u("/plain"), Text: "Plain report."}}},
		{path: "/redirect", want: []got{{ID: URLID(u("/plain")), Input: u("/redirect"), Format: "text", Outlet: "127.0.0.1", URL: u("/plain"), Text: "Plain report."}}},
		{path: "/lines", want: []got{{ID: "n1", Input: u("/lines") + ":1", Format: "jsonl", Text: "ndjson line"}}},
		{path: "/big", opt: Options{MaxBytes: 1024}, want: []got{{Code: evident.ETOOLARGE, ErrInput: u("/big")}}, msg: "2 KiB, over the 1 KiB limit"},
		{path: "/missing", want: []got{{Code: evident.ENOTFOUND, ErrInput: u("/missing")}}, msg: "404"},
		{path: "/png", want: []got{{Code: evident.EINVALID, ErrInput: u("/png")}}, msg: `content type "image/png" is not a page`},
		{path: "/pdf", want: []got{{Code: evident.EINVALID, ErrInput: u("/pdf")}}, msg: `"application/pdf"`},
		{path: "/bin", want: []got{{Code: evident.EINVALID, ErrInput: u("/bin")}}, msg: `"application/octet-stream"`},
		{path: "/bin", opt: Options{AnyContentType: true}, want: []got{{ID: URLID(u("/bin")), Input: u("/bin"), Format: "text", Outlet: "127.0.0.1", URL: u("/bin"), Text: "Plain words in octets."}}},
		{path: "/error", want: []got{{Code: evident.EINVALID, ErrInput: u("/error")}}, msg: "500"},
		{path: "/slow", opt: Options{Timeout: 50 * time.Millisecond}, want: []got{{Code: evident.ETIMEOUT, ErrInput: u("/slow")}}, msg: "timed out"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var items []Item
			for it := range Read(t.Context(), u(tt.path), nil, local(tt.opt)) {
				items = append(items, it)
			}
			var gs []got
			for _, it := range items {
				gs = append(gs, summarise(t, it))
			}
			if diff := cmp.Diff(tt.want, gs); diff != "" {
				t.Errorf("Read(%s) (-want +got):\n%s", tt.path, diff)
			}
			if tt.msg != "" && (len(items) == 0 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), tt.msg)) {
				t.Errorf("want an error containing %q, got %+v", tt.msg, items)
			}
		})
	}
	for _, p := range []string{"/feed-as-html", "/feed-untyped"} {
		gs := collect(t, Read(t.Context(), u(p), nil, local(Options{})))
		if len(gs) != 3 || gs[0].Format != FormatFeed {
			t.Errorf("Read(%s) = %+v, want the feed's 3 items", p, gs)
		}
	}
}

func TestReadCanceled(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "a", "b.txt": "b"})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	gs := collect(t, Read(ctx, dir, nil, Options{}))
	if len(gs) != 1 || gs[0].Code != evident.EINTERNAL {
		t.Errorf("Read with canceled ctx = %+v, want one error", gs)
	}
}

func TestReadBreak(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "a", "b.txt": "b", "c.jsonl": "{\"text\":\"1\"}\n{\"text\":\"2\"}"})
	for stop := 1; stop <= 4; stop++ {
		n := 0
		for range Read(t.Context(), dir, nil, Options{}) {
			n++
			if n == stop {
				break
			}
		}
		if n != stop {
			t.Errorf("break after %d: n = %d", stop, n)
		}
	}
}

func TestURLID(t *testing.T) {
	same := []string{
		"https://www.example.com/a/b?x=1",
		"HTTPS://WWW.Example.com:443/a/b?x=1#top",
		"https://www.example.com/a/b?x=1&utm_source=rss&utm_medium=feed",
		" https://www.example.com/a/b?x=1&fbclid=abc ",
	}
	for _, s := range same[1:] {
		if URLID(s) != URLID(same[0]) {
			n, _ := normalizeURL(s)
			t.Errorf("URLID(%q) differs from URLID(%q) (normalised %q)", s, same[0], n)
		}
	}
	if URLID("https://example.com") != URLID("https://example.com/") {
		t.Error("empty path and / differ")
	}
	if URLID("https://example.com/a") == URLID("https://example.com/b") || URLID("http://example.com/a") == URLID("https://example.com/a") {
		t.Error("distinct URLs share an id")
	}
	if id := URLID(same[0]); !strings.HasPrefix(id, "url-") || len(id) != 20 {
		t.Errorf("URLID = %q", id)
	}
	for _, tt := range []struct{ page, canon, want string }{
		{"https://ex.com/amp/1", "https://www.ex.com/news/1", "https://www.ex.com/news/1"},
		{"https://ex.com/amp/1", "/news/1", "https://ex.com/news/1"},
		{"https://ex.com/amp/1", "https://ex.com/", "https://ex.com/amp/1"},
		{"https://ex.com/amp/1", "https://other.com/news/1", "https://ex.com/amp/1"},
		{"https://ex.com/amp/1", "javascript:alert(1)", "https://ex.com/amp/1"},
	} {
		if got := pageURL(tt.page, tt.canon); got != tt.want {
			t.Errorf("pageURL(%q, %q) = %q, want %q", tt.page, tt.canon, got, tt.want)
		}
	}
}

// TestReadSharedCorpus reads the shared corpora when they are present.
func TestReadSharedCorpus(t *testing.T) {
	const dir = "/work/shared/corpus"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared corpus not available:", err)
	}
	if testing.Short() {
		t.Skip("short mode")
	}
	counts := map[string]int{}
	dated := 0
	for it := range Read(t.Context(), filepath.Join(dir, "fa-kes.jsonl"), nil, Options{}) {
		if it.Err != nil {
			t.Errorf("fa-kes: %v", it.Err)
			continue
		}
		counts[it.Doc.Format]++
		if !it.Doc.Published.IsZero() {
			dated++
		}
		checkDoc(t, it.Doc)
	}
	if counts[FormatJSONL] == 0 || dated != counts[FormatJSONL] {
		t.Errorf("fa-kes: %d documents, %d dated; want all dated", counts[FormatJSONL], dated)
	}
}
