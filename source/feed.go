package source

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/mmcdole/gofeed"
)

// ReadFeed reads an RSS, Atom or JSON Feed document from r and yields one
// document per item, in feed order. An item's text is its content, else its
// description, converted from HTML to plain text; Title and Published come
// from the item, Outlet from the feed title, URL from the item link. The id
// is URLID(link), else "guid-" plus 16 hex digits of the SHA-256 of the
// GUID, else evident.HashID(text). Items are named "name#itemN" (N from 1)
// in Input and errors.
//
// With opt.FetchItems, each item's link is fetched (honouring ctx and
// opt.Timeout) and read as HTML; the document keeps the item's id and
// falls back to the item's title, date and outlet, and its Input is the
// link. A failed fetch yields an error item naming the link.
func ReadFeed(ctx context.Context, r io.Reader, name string, opt Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		opt, err := opt.prepare()
		if err != nil {
			yield(Item{Err: err})
			return
		}
		b, err := readLimited(r, name, opt.MaxBytes)
		if err != nil {
			yield(Item{Err: err})
			return
		}
		if i := bytes.IndexByte(b, 0); i >= 0 {
			yield(Item{Err: evident.Errorf(evident.EINVALID, name, "binary content, not a feed (NUL byte at offset %d)", i)})
			return
		}
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
		if err != nil {
			yield(Item{Err: &evident.Error{Code: evident.EINVALID, Input: name, Message: "not an RSS/Atom/JSON feed", Err: err}})
			return
		}
		outlet := strings.Join(strings.Fields(feed.Title), " ")
		for i, fi := range feed.Items {
			if fi == nil {
				continue
			}
			input := fmt.Sprintf("%s#item%d", name, i+1)
			var it Item
			if opt.FetchItems && isURL(strings.TrimSpace(fi.Link)) {
				if err := ctx.Err(); err != nil {
					yield(Item{Err: canceled(input, err)})
					return
				}
				it = item(fetchItem(ctx, fi, outlet, opt))
			} else {
				it = item(feedItemDoc(fi, input, outlet))
			}
			if !yield(it) {
				return
			}
		}
	}
}

// feedItemDoc builds a document from an item's own content.
func feedItemDoc(fi *gofeed.Item, input, outlet string) (*evident.Document, error) {
	text := htmlToText(fi.Content)
	if text == "" {
		text = htmlToText(fi.Description)
	}
	if err := checkText(input, text); err != nil {
		return nil, err
	}
	doc := &evident.Document{
		ID:          itemID(fi, text),
		Outlet:      outlet,
		Title:       itemTitle(fi),
		Text:        text,
		Input:       input,
		Format:      FormatFeed,
		ContentHash: evident.HashText(text),
	}
	doc.URL, _ = normalizeURL(fi.Link)
	if d, ok := itemDate(fi); ok {
		doc.Published, doc.PublishedFrom = d, "metadata"
	}
	return doc, nil
}

// fetchItem fetches an item's link and reads the page as HTML.
func fetchItem(ctx context.Context, fi *gofeed.Item, outlet string, opt Options) (*evident.Document, error) {
	link := strings.TrimSpace(fi.Link)
	doc, err := fetchHTML(ctx, link, opt)
	if err != nil {
		return nil, err
	}
	doc.ID = itemID(fi, doc.Text)
	if doc.Title == "" {
		doc.Title = itemTitle(fi)
	}
	if doc.Outlet == "" || doc.Outlet == hostOutlet(doc.URL) && outlet != "" {
		doc.Outlet = outlet
	}
	if doc.Published.IsZero() {
		if d, ok := itemDate(fi); ok {
			doc.Published, doc.PublishedFrom = d, "metadata"
		}
	}
	return doc, nil
}

func itemID(fi *gofeed.Item, text string) string {
	if link := strings.TrimSpace(fi.Link); isURL(link) {
		return URLID(link)
	}
	if g := strings.TrimSpace(fi.GUID); g != "" {
		if isURL(g) {
			return URLID(g)
		}
		return "guid-" + evident.HashText(g)[:16]
	}
	return evident.HashID(text)
}

func itemTitle(fi *gofeed.Item) string {
	return strings.Join(strings.Fields(htmlToText(fi.Title)), " ")
}

// itemDate is the item's publication date, else its update date.
func itemDate(fi *gofeed.Item) (time.Time, bool) {
	for _, p := range []*time.Time{fi.PublishedParsed, fi.UpdatedParsed} {
		if p != nil {
			if d, ok := dayOf(*p); ok {
				return d, true
			}
		}
	}
	for _, s := range []string{fi.Published, fi.Updated} {
		if d, ok := ParseDate(s); ok {
			return d, true
		}
	}
	return time.Time{}, false
}

func canceled(input string, err error) *evident.Error {
	code := evident.EINTERNAL
	if err == context.DeadlineExceeded {
		code = evident.ETIMEOUT
	}
	return &evident.Error{Code: code, Input: input, Message: "reading stopped", Err: err}
}

// ParseFeed parses an RSS, Atom or JSON Feed document (b, named name in
// errors) without reading its items into documents; feed watchers use it
// to see each item's GUID and link before deciding what to fetch.
func ParseFeed(b []byte, name string) (*gofeed.Feed, error) {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return nil, evident.Errorf(evident.EINVALID, name, "binary content, not a feed (NUL byte at offset %d)", i)
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		return nil, &evident.Error{Code: evident.EINVALID, Input: name, Message: "not an RSS/Atom/JSON feed", Err: err}
	}
	return feed, nil
}

// ItemDocument is the document ReadFeed makes of an item without fetching
// its link: the item's content or description as text. input names it.
func ItemDocument(fi *gofeed.Item, input, outlet string) (*evident.Document, error) {
	return feedItemDoc(fi, input, outlet)
}

// ItemID is the document id ReadFeed gives an item: URLID of its link,
// else "guid-" and a hash of its GUID (URLID when the GUID is a URL), else
// evident.HashID(text).
func ItemID(fi *gofeed.Item, text string) string { return itemID(fi, text) }

// FeedOutlet is the outlet ReadFeed gives a feed's items: its title, with
// white space collapsed.
func FeedOutlet(f *gofeed.Feed) string { return strings.Join(strings.Fields(f.Title), " ") }
