package source

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

func readFeedFile(t *testing.T, path string, opt Options) []got {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return collect(t, ReadFeed(t.Context(), f, path, opt))
}

func TestReadFeed(t *testing.T) {
	link := "https://news.example.com/world/2017/04/idlib-market-strike"
	tests := []struct {
		path string
		want []got
	}{
		{"testdata/feed.rss", []got{
			{ID: URLID(link), Input: "testdata/feed.rss#item1", Format: "feed", Title: "Air strike kills 12 near Idlib market",
				Outlet: "Example News - World", Published: "2017-04-05", URL: link,
				Text: "At least 12 civilians were killed when an air strike hit a market in Khan Sheikhoun.\n\nRescue workers said three children were among the dead."},
			{ID: "guid-" + evident.HashText("example-1002")[:16], Input: "testdata/feed.rss#item2", Format: "feed", Title: "Clashes reported in Mosul",
				Outlet: "Example News - World", Published: "2017-04-06",
				Text: "Iraqi forces clashed with Islamic State fighters in western Mosul, officials said."},
			{Code: evident.EINVALID, ErrInput: "testdata/feed.rss#item3"},
		}},
		{"testdata/feed.atom", []got{
			{ID: URLID("https://monitor.example.org/2019/03/baghouz"), Input: "testdata/feed.atom#item1", Format: "feed",
				Title: "SDF announces fall of Baghouz", Outlet: "Conflict Monitor", Published: "2019-03-23",
				URL:  "https://monitor.example.org/2019/03/baghouz",
				Text: "The Syrian Democratic Forces said on Saturday they had captured Baghouz, the last territory held by Islamic State in Syria."},
		}},
		{"testdata/article.html", []got{{Code: evident.EINVALID, ErrInput: "testdata/article.html"}}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, readFeedFile(t, tt.path, Options{})); diff != "" {
				t.Errorf("ReadFeed (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadFeedFetchItems(t *testing.T) {
	article, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(article)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	feed := fmt.Sprintf(`<rss version="2.0"><channel><title>Feed</title>
<item><title>A</title><link>%[1]s/a</link><description>summary only</description></item>
<item><title>Gone</title><link>%[1]s/missing</link><description>summary</description></item>
<item><title>No link</title><description>kept as is</description></item>
</channel></rss>`, srv.URL)

	gs := collect(t, ReadFeed(t.Context(), strings.NewReader(feed), "f.rss", local(Options{FetchItems: true})))
	want := []got{
		{ID: URLID(srv.URL + "/a"), Input: srv.URL + "/a", Format: "html", Title: "Air strike kills 12 near Idlib market",
			Outlet: "Example News", Published: "2017-04-05", URL: srv.URL + "/a", Text: articleText},
		{Code: evident.ENOTFOUND, ErrInput: srv.URL + "/missing"},
		{ID: evident.HashID("kept as is"), Input: "f.rss#item3", Format: "feed", Title: "No link", Outlet: "Feed", Text: "kept as is"},
	}
	if diff := cmp.Diff(want, gs); diff != "" {
		t.Errorf("ReadFeed with FetchItems (-want +got):\n%s", diff)
	}

	// Without FetchItems nothing is fetched.
	gs = collect(t, ReadFeed(t.Context(), strings.NewReader(feed), "f.rss", Options{}))
	if len(gs) != 3 || gs[0].Text != "summary only" || gs[1].Text != "summary" {
		t.Errorf("ReadFeed without FetchItems = %+v", gs)
	}
}
