package source

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/url"
	"regexp"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"github.com/evident-org/evident"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// ReadHTML reads one HTML page from r and extracts its article: the body as
// plain text (paragraphs separated by a blank line), the title, the outlet
// (og:site_name, else the host of the page URL) and the publication date.
// name is a file path (id: file name without extension), an http(s) URL
// (the page's URL; id: URLID of its canonical URL, see the package doc) or
// "-" (id: evident.HashID(text)). The page must be UTF-8 unless a <meta>
// tag declares another charset.
func ReadHTML(r io.Reader, name string, opt Options) (*evident.Document, error) {
	opt, err := opt.prepare()
	if err != nil {
		return nil, err
	}
	b, err := readLimited(r, name, opt.MaxBytes)
	if err != nil {
		return nil, err
	}
	page := ""
	if isURL(name) {
		page = name
	}
	return htmlDoc(b, name, "", page)
}

// htmlDoc builds a document from an HTML page. input names it in errors;
// contentType is the HTTP Content-Type ("" for files); page is the URL the
// page was fetched from ("" for files).
func htmlDoc(b []byte, input, contentType, page string) (doc *evident.Document, err error) {
	src, err := decodeHTML(input, b, contentType)
	if err != nil {
		return nil, err
	}
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, &evident.Error{Code: evident.EINVALID, Input: input, Message: "cannot parse HTML", Err: err}
	}
	meta := scanMeta(root)

	var pu *url.URL
	if page != "" {
		pu, _ = url.Parse(page)
	}
	art, err := extract(root, pu)
	if err != nil {
		return nil, &evident.Error{Code: evident.EINTERNAL, Input: input, Message: "article extraction failed", Err: err}
	}
	text := ""
	if art.Node != nil {
		text = tidyText(render.InnerText(art.Node))
	}
	if text == "" && meta.body != nil { // readability found nothing: use the whole body
		text = tidyText(render.InnerText(meta.body))
	}
	if err := checkText(input, text); err != nil {
		return nil, err
	}

	doc = &evident.Document{
		Title:       strings.Join(strings.Fields(art.Title()), " "),
		Outlet:      strings.TrimSpace(art.SiteName()),
		Text:        text,
		Input:       input,
		Format:      FormatHTML,
		ContentHash: evident.HashText(text),
	}
	if page != "" {
		doc.URL, _ = normalizeURL(pageURL(page, meta.canonical, meta.ogURL))
		doc.ID = URLID(doc.URL)
		if doc.Outlet == "" {
			doc.Outlet = hostOutlet(doc.URL)
		}
	} else {
		doc.ID = docID(input, text)
		for _, c := range []string{meta.canonical, meta.ogURL} {
			if n, ok := normalizeURL(c); ok {
				doc.URL = n
				if doc.Outlet == "" {
					doc.Outlet = hostOutlet(n)
				}
				break
			}
		}
	}
	if t, err := art.PublishedTime(); err == nil {
		if d, ok := dayOf(t); ok {
			doc.Published = d
		}
	}
	if doc.Published.IsZero() {
		for _, s := range meta.dates {
			if d, ok := ParseDate(s); ok {
				doc.Published = d
				break
			}
		}
	}
	if !doc.Published.IsZero() {
		doc.PublishedFrom = "metadata"
	}
	return doc, nil
}

// extract runs go-readability, turning a panic inside it into an error so
// that one odd page cannot stop a run.
func extract(root *html.Node, pu *url.URL) (art readability.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("readability panic: %v", r)
		}
	}()
	p := readability.NewParser()
	return p.ParseDocument(root, pu) // clones root: meta.body stays intact
}

var rxMetaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)`)

// decodeHTML converts a page to UTF-8. A BOM, a charset parameter in
// contentType or a <meta> charset in the first 1024 bytes selects the
// encoding; without one the page must be valid UTF-8.
func decodeHTML(input string, b []byte, contentType string) (string, error) {
	if bytes.HasPrefix(b, bomUTF8) || bytes.HasPrefix(b, bomUTF16LE) || bytes.HasPrefix(b, bomUTF16BE) {
		return decodeText(input, b)
	}
	declared := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		declared = params["charset"]
	}
	if declared == "" {
		head := b[:min(len(b), 1024)]
		if m := rxMetaCharset.FindSubmatch(head); m != nil {
			declared = string(m[1])
		}
	}
	if declared != "" {
		if enc, name := charset.Lookup(declared); enc != nil && name != "utf-8" {
			if i := bytes.IndexByte(b, 0); i >= 0 {
				return "", evident.Errorf(evident.EINVALID, input, "binary content, not text (NUL byte at offset %d)", i)
			}
			out, err := enc.NewDecoder().Bytes(b)
			if err != nil {
				return "", &evident.Error{Code: evident.EINVALID, Input: input, Message: "cannot decode " + name, Err: err}
			}
			return string(out), nil
		}
	}
	return decodeText(input, b)
}

// pageMeta is what scanMeta finds beside readability's metadata.
type pageMeta struct {
	canonical string
	ogURL     string
	dates     []string // fallback publication dates, best first
	body      *html.Node
}

// scanMeta collects the canonical URL and publication dates that
// readability does not report.
func scanMeta(root *html.Node) pageMeta {
	var m pageMeta
	var dates [2][]string // [0]: named metadata, [1]: <time> elements
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Body:
			if m.body == nil {
				m.body = n
			}
		case atom.Link:
			if strings.EqualFold(attr(n, "rel"), "canonical") && m.canonical == "" {
				m.canonical = attr(n, "href")
			}
		case atom.Meta:
			key := strings.ToLower(strings.TrimSpace(attr(n, "property") + attr(n, "name") + attr(n, "itemprop")))
			content := attr(n, "content")
			switch key {
			case "og:url":
				if m.ogURL == "" {
					m.ogURL = content
				}
			case "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
				"publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.date",
				"sailthru.date", "parsely-pub-date", "citation_publication_date", "originalpublicationdate":
				dates[0] = append(dates[0], content)
			}
		case atom.Time:
			if _, ok := hasAttr(n, "pubdate"); ok || strings.EqualFold(attr(n, "itemprop"), "datePublished") {
				dates[1] = append(dates[1], attr(n, "datetime"))
			}
		}
	}
	m.dates = append(dates[0], dates[1]...)
	return m
}

func attr(n *html.Node, key string) string {
	v, _ := hasAttr(n, key)
	return v
}

func hasAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

// htmlToText converts an HTML fragment (a feed item's content) to plain
// text.
func htmlToText(fragment string) string {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return ""
	}
	for _, n := range nodes {
		ctx.AppendChild(n)
	}
	return tidyText(render.InnerText(ctx))
}

var rxBlankLines = regexp.MustCompile(`\n{3,}`)

// tidyText trims trailing blanks from lines, collapses runs of blank lines
// to one and trims the whole text, so paragraphs are separated by exactly
// one blank line.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r\u00a0")
	}
	s = strings.Join(lines, "\n")
	s = rxBlankLines.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

// dayOf returns the calendar day of t as written (in t's own zone) at
// midnight UTC, and false for implausible years.
func dayOf(t time.Time) (time.Time, bool) {
	y, mo, d := t.Date()
	if y < minYear || y > maxYear {
		return time.Time{}, false
	}
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), true
}
