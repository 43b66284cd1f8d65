package source

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

const articleText = "IDLIB, Syria — At least 12 civilians were killed on Wednesday when an air strike hit a crowded market in the town of Khan Sheikhoun, in Idlib province, rescue workers said.\n\n" +
	"The White Helmets civil defence group said the dead included three children, and that more than 30 people were wounded in the strike, which happened shortly after 9am local time.\n\n" +
	"It was not immediately clear who carried out the attack. Both Syrian government and Russian aircraft have been operating over the province, which is held by rebel groups.\n\n" +
	"“We pulled people from under the rubble for hours,” said one rescuer, who asked not to be named. Residents said the market had been busy with shoppers buying food before the weekend.\n\n" +
	"The strike came a day after a separate attack in the same area that killed dozens, according to the Syrian Observatory for Human Rights, a Britain-based monitoring group."

const canonical = "https://news.example.com/world/2017/04/idlib-market-strike"

func TestReadHTML(t *testing.T) {
	article, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	latin1, err := os.ReadFile("testdata/latin1.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, input string
		data        string
		want        got
	}{
		{"article file", "testdata/article.html", string(article), got{
			ID: "article", Input: "testdata/article.html", Format: "html", Title: "Air strike kills 12 near Idlib market",
			Outlet: "Example News", Published: "2017-04-05", URL: canonical, Text: articleText}},
		{"article from URL uses canonical", "https://www.news.example.com/amp/idlib?utm_source=x", string(article), got{
			ID: URLID(canonical), Input: "https://www.news.example.com/amp/idlib?utm_source=x", Format: "html",
			Title: "Air strike kills 12 near Idlib market", Outlet: "Example News", Published: "2017-04-05", URL: canonical, Text: articleText}},
		{"declared latin-1", "latin1.html", string(latin1), got{
			ID: "latin1", Input: "latin1.html", Format: "html", Title: "Café attack",
			Text: "Une attaque près du café a fait trois morts à Alep, selon des témoins."}},
		{"short page, meta date fallback", "short.htm",
			`<html><head><meta name="date" content="5 April 2017"></head><body><div>One line.</div><div>Two <br>lines.</div></body></html>`,
			got{ID: "short", Input: "short.htm", Format: "html", Published: "2017-04-05", Text: "One line.\n\nTwo\nlines."}},
		{"fragment without markup", "-", "just some words", got{
			ID: evident.HashID("just some words"), Input: "-", Format: "html", Text: "just some words"}},
		{"no text", "empty.html", `<html><head><title>Nothing</title><script>x()</script></head><body> <img src=a.png> </body></html>`,
			got{Code: evident.EINVALID, ErrInput: "empty.html"}},
		{"invalid utf8", "bad.html", "<html><body><p>caf\xe9</p></body></html>", got{Code: evident.EINVALID, ErrInput: "bad.html"}},
		{"binary", "bin.html", "\x89PNG\r\n\x1a\n\x00\x00", got{Code: evident.EINVALID, ErrInput: "bin.html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ReadHTML(strings.NewReader(tt.data), tt.input, Options{})
			if diff := cmp.Diff(tt.want, summarise(t, Item{Doc: doc, Err: err})); diff != "" {
				t.Errorf("ReadHTML (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadHTMLInvalidUTF8Offset(t *testing.T) {
	_, err := ReadHTML(strings.NewReader("<p>ok</p><p>caf\xe9</p>"), "x.html", Options{})
	if err == nil || !strings.Contains(err.Error(), "x.html: invalid UTF-8 at byte offset 15") {
		t.Fatalf("err = %v", err)
	}
}

func TestTidyText(t *testing.T) {
	for in, want := range map[string]string{
		"\n\n a  \n\n\n\nb\t\n":    "a\n\nb",
		"one\ntwo\u00a0 \n\nthree": "one\ntwo\n\nthree",
		"":                         "",
	} {
		if got := tidyText(in); got != want {
			t.Errorf("tidyText(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzReadHTML(f *testing.F) {
	if b, err := os.ReadFile("testdata/article.html"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`<html><head><meta charset="windows-1252"><title>x</title></head><body><p>caf` + "\xe9" + `</p></body></html>`))
	f.Add([]byte(`<p>One</p><pre>  two
  three</pre><table><tr><td>a</td></tr></table>`))
	f.Add([]byte("\xFF\xFE<\x00p\x00>\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ReadHTML(bytes.NewReader(data), "f.html", Options{MaxBytes: 1 << 16})
		if err != nil {
			var e *evident.Error
			if !errors.As(err, &e) || e.Input != "f.html" {
				t.Fatalf("error %v does not name the input", err)
			}
			return
		}
		checkDoc(t, doc)
		if !utf8.ValidString(doc.Title) || !utf8.ValidString(doc.Outlet) {
			t.Fatalf("invalid UTF-8 in metadata: %+v", doc)
		}
		if strings.Contains(doc.Text, "\n\n\n") || strings.TrimSpace(doc.Text) != doc.Text {
			t.Fatalf("text not tidy: %q", doc.Text)
		}
	})
}
