package watch_test

import (
	"strings"
	"testing"
	"time"

	"github.com/evident-org/evident/watch"
	"github.com/google/go-cmp/cmp"
)

func TestParseFeeds(t *testing.T) {
	in := `# feeds
https://example.org/rss  outlet=Example  every=15m
https://example.org/atom outlet=The Daily Example every=1h   # a name with spaces

ftp://example.org/x
https://example.org/rss
https://example.org/y every=10s
https://example.org/z every=soon
https://example.org/w colour=blue
https://example.org/v stray
http://example.net/feed.xml
`
	feeds, errs := watch.ParseFeeds(strings.NewReader(in), "feeds.txt")
	want := []watch.Feed{
		{URL: "https://example.org/rss", Outlet: "Example", Every: 15 * time.Minute, Input: "feeds.txt:2"},
		{URL: "https://example.org/atom", Outlet: "The Daily Example", Every: time.Hour, Input: "feeds.txt:3"},
		{URL: "http://example.net/feed.xml", Input: "feeds.txt:11"},
	}
	if diff := cmp.Diff(want, feeds); diff != "" {
		t.Errorf("feeds (-want +got):\n%s", diff)
	}
	var got []string
	for _, err := range errs {
		got = append(got, err.Error())
	}
	wantErrs := []string{
		`feeds.txt:5: "ftp://example.org/x" is not an http(s) URL (want e.g. https://example.org/rss  outlet=Example  every=15m)`,
		`feeds.txt:6: https://example.org/rss is already listed at feeds.txt:2`,
		`feeds.txt:7: every=10s is shorter than 1m0s (polite polling)`,
		`feeds.txt:8: every=soon is not a duration (want e.g. every=15m or every=1h)`,
		`feeds.txt:9: unknown field "colour" (want outlet=NAME or every=DURATION)`,
		`feeds.txt:10: unexpected "stray" after the URL (want outlet=NAME or every=DURATION)`,
	}
	if diff := cmp.Diff(wantErrs, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestRobotsAllowed(t *testing.T) {
	robots := `# robots
User-agent: *
Disallow: /private/
Allow: /private/open$

User-agent: Evident
User-agent: other
Disallow: /news/drafts
Allow: /news/drafts/public
Disallow: /*.pdf$
Disallow: /search*q=

User-agent: nobody
Disallow:
Sitemap: https://example.org/sitemap.xml
`
	r := watch.ParseRobots([]byte(robots))
	tests := []struct {
		agent, path string
		want        bool
	}{
		{"evident", "/news/a", true},
		{"evident", "/news/drafts/x", false},
		{"evident", "/news/drafts/public/x", true},
		{"EVIDENT", "/news/drafts", false},
		{"evident", "/files/a.pdf", false},
		{"evident", "/files/a.pdf?x=1", true},
		{"evident", "/search?q=x", false},
		{"evident", "/private/x", true}, // its own group replaces *
		{"evident", "/robots.txt", true},
		{"crawler", "/private/x", false},
		{"crawler", "/private/open", true},
		{"crawler", "/private/open/more", false},
		{"crawler", "/", true},
		{"nobody", "/private/x", true},
	}
	for _, tt := range tests {
		if got := r.Allowed(tt.agent, tt.path); got != tt.want {
			t.Errorf("Allowed(%q, %q) = %v, want %v", tt.agent, tt.path, got, tt.want)
		}
	}
	if !watch.ParseRobots(nil).Allowed("evident", "/x") {
		t.Error("an empty robots.txt disallows")
	}
	if watch.ParseRobots([]byte("User-agent: *\nDisallow: /")).Allowed("evident", "/x") {
		t.Error("Disallow: / for * allows")
	}
}

func FuzzParseFeeds(f *testing.F) {
	f.Add("https://example.org/rss  outlet=Example  every=15m\n# c\n\nx\n")
	f.Add("http://a/b outlet= every=1h outlet=x")
	f.Fuzz(func(t *testing.T, in string) {
		feeds, errs := watch.ParseFeeds(strings.NewReader(in), "f")
		for _, fd := range feeds {
			if !strings.HasPrefix(fd.URL, "http") || fd.Every != 0 && fd.Every < watch.MinEvery || !strings.HasPrefix(fd.Input, "f:") {
				t.Errorf("bad feed %+v", fd)
			}
		}
		for _, err := range errs {
			if !strings.HasPrefix(err.Error(), "f:") {
				t.Errorf("error %q does not name the line", err)
			}
		}
	})
}

func FuzzParseRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /a*b$\nAllow: /a\n"), "/ab")
	f.Add([]byte("user-agent: evident\ndisallow: /\n"), "/")
	f.Fuzz(func(t *testing.T, b []byte, path string) {
		r := watch.ParseRobots(b)
		r.Allowed("evident", path)
		r.Allowed("*", "/"+path)
		if !r.Allowed("evident", "/robots.txt") {
			t.Error("/robots.txt disallowed")
		}
	})
}
