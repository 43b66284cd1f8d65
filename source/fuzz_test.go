package source

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/evident-org/evident"
)

// checkItem asserts what every item must hold: one of Doc and Err, an
// *evident.Error naming an input that starts with name, a valid document.
func checkItem(t *testing.T, it Item, name string) {
	t.Helper()
	if (it.Doc == nil) == (it.Err == nil) {
		t.Fatalf("item must have exactly one of Doc and Err: %+v", it)
	}
	if it.Err != nil {
		var e *evident.Error
		if !errors.As(it.Err, &e) || !strings.HasPrefix(e.Input, name) {
			t.Fatalf("error %v (%T) does not name the input %q", it.Err, it.Err, name)
		}
		return
	}
	checkDoc(t, it.Doc)
	if !strings.HasPrefix(it.Doc.Input, name) {
		t.Fatalf("document input %q, want one starting %q", it.Doc.Input, name)
	}
	if !utf8.ValidString(it.Doc.Title) || !utf8.ValidString(it.Doc.Outlet) || !utf8.ValidString(it.Doc.ID) {
		t.Fatalf("invalid UTF-8 in metadata: %+v", it.Doc)
	}
}

func feedSeeds(f *testing.F) {
	for _, p := range []string{"testdata/feed.rss", "testdata/feed.atom"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<rss version="2.0"><channel><title>T</title><item><title>a</title><link>https://example.org/a</link><description>&lt;p&gt;Gunmen killed 4.&lt;/p&gt;</description><pubDate>Wed, 05 Apr 2017 10:00:00 GMT</pubDate></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><id>urn:1</id><content type="html">&lt;b&gt;x&lt;/b&gt;</content><updated>2017-04-05</updated></entry></feed>`))
	f.Add([]byte(`<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><title>r</title><description>d</description></item></rdf:RDF>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"j","items":[{"id":"1","content_text":"hello"}]}`))
	f.Add([]byte("<rss><channel><item><description>\x00</description></item></channel></rss>"))
	f.Add([]byte(`<rss><channel><item><guid>g</guid><description><![CDATA[<p>one</p><p>two]]></description></item>`))
}

func FuzzReadFeed(f *testing.F) {
	feedSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for it := range ReadFeed(t.Context(), bytes.NewReader(data), "f.xml", Options{MaxBytes: 1 << 16}) {
			checkItem(t, it, "f.xml")
			if it.Doc != nil && it.Doc.Format != FormatFeed {
				t.Fatalf("feed item of format %q", it.Doc.Format)
			}
		}
	})
}

// FuzzRead feeds anything to the sniffing and dispatch of Read, as stdin
// and as a file's bytes of unknown format: no panic, every item well
// formed.
func FuzzRead(f *testing.F) {
	feedSeeds(f)
	if b, err := os.ReadFile("testdata/article.html"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"id":"a","text":"Gunmen killed 4 people."}` + "\n" + `{"id":2,"text":null}` + "\n{bad"))
	f.Add([]byte("\xEF\xBB\xBF  <!-- c --><?xml version=\"1.0\"?><!DOCTYPE rss><rss></rss>"))
	f.Add([]byte("<html><body><p>x</p></body></html>"))
	f.Add([]byte("\xFF\xFEh\x00i\x00"))
	f.Add([]byte("plain words\r\nand more"))
	f.Add([]byte("<!--"))
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := Options{MaxBytes: 1 << 16}.WithDefaults()
		for it := range Read(t.Context(), "-", bytes.NewReader(data), opt) {
			name := "-"
			if it.Err != nil {
				var e *evident.Error
				if errors.As(it.Err, &e) && strings.HasPrefix(e.Input, "stdin") {
					name = "stdin"
				}
			} else if strings.HasPrefix(it.Doc.Input, "stdin") {
				name = "stdin"
			}
			checkItem(t, it, name)
		}
		b := bytes.Clone(data) // readBytes keeps b: give it its own copy
		format := sniff(b)
		switch format {
		case FormatText, FormatHTML, FormatJSONL, FormatFeed:
		default:
			t.Fatalf("sniff gave %q", format)
		}
		for it := range readBytes(t.Context(), b, "f", format, opt) {
			checkItem(t, it, "f")
		}
	})
}
