package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"iter"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/evident-org/evident"
)

// fetched is one HTTP response body.
type fetched struct {
	body        []byte
	contentType string
	url         string // after redirects
}

// fetch GETs rawURL through opt.Client within opt.Timeout and reads at
// most opt.MaxBytes (counted after decompression: a gzip-encoded body is
// decoded by the transport before it is counted).
func fetch(ctx context.Context, rawURL string, opt Options) (*fetched, error) {
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, &evident.Error{Code: evident.EINVALID, Input: rawURL, Message: "bad URL", Err: err}
	}
	req.Header.Set("User-Agent", opt.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	resp, err := opt.Client.Do(req)
	if err != nil {
		return nil, fetchError(rawURL, opt, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, evident.Errorf(evident.ENOTFOUND, rawURL, "HTTP %s", resp.Status)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, evident.Errorf(evident.EINVALID, rawURL, "HTTP %s", resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); !opt.AnyContentType && !readableType(ct) {
		mt, _, _ := mime.ParseMediaType(ct)
		if mt == "" {
			mt = ct
		}
		return nil, evident.Errorf(evident.EINVALID, rawURL, "content type %q is not a page, feed or text (accepted: HTML, XHTML, RSS/Atom/XML, JSON Lines, text/plain; --any-content-type reads it anyway)", mt)
	}
	if resp.ContentLength > opt.MaxBytes {
		return nil, tooLarge(rawURL, resp.ContentLength, opt.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, opt.MaxBytes+1))
	if err != nil {
		return nil, fetchError(rawURL, opt, err)
	}
	if int64(len(body)) > opt.MaxBytes {
		return nil, tooLarge(rawURL, -1, opt.MaxBytes)
	}
	return &fetched{body: body, contentType: resp.Header.Get("Content-Type"), url: resp.Request.URL.String()}, nil
}

func fetchError(input string, opt Options, err error) *evident.Error {
	var dns *net.DNSError
	var refused *RefusedError
	var redirect *redirectError
	hop := "" // the redirect hop that failed, when not the URL asked for
	var ue *url.Error
	if errors.As(err, &ue) && !sameURL(ue.URL, input) {
		hop = "redirected to " + ue.URL + ": "
	}
	switch {
	case errors.As(err, &refused):
		return &evident.Error{Code: evident.EFORBIDDEN, Input: input, Message: hop + refused.Error()}
	case errors.As(err, &redirect) && redirect.tooMany:
		return &evident.Error{Code: evident.EINVALID, Input: input, Message: redirect.Error()}
	case errors.As(err, &redirect):
		return &evident.Error{Code: evident.EFORBIDDEN, Input: input, Message: redirect.Error()}
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return &evident.Error{Code: evident.ETIMEOUT, Input: input, Message: "fetch timed out (Timeout " + opt.Timeout.String() + ")", Err: err}
	case errors.Is(err, context.Canceled):
		return &evident.Error{Code: evident.EINTERNAL, Input: input, Message: "fetch canceled", Err: err}
	case errors.As(err, &dns) && dns.IsNotFound:
		return &evident.Error{Code: evident.ENOTFOUND, Input: input, Message: "cannot fetch", Err: err}
	}
	return &evident.Error{Code: evident.EINVALID, Input: input, Message: "cannot fetch", Err: err}
}

// sameURL reports whether two URLs name the same host, path and query
// (the client writes a URL back in its own spelling).
func sameURL(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return strings.EqualFold(ua.Host, ub.Host) && ua.EscapedPath() == ub.EscapedPath() && ua.RawQuery == ub.RawQuery
}

// readURL fetches one URL and reads it according to its content type,
// sniffing the body when the type says little.
func readURL(ctx context.Context, rawURL string, opt Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		f, err := fetch(ctx, rawURL, opt)
		if err != nil {
			yield(Item{Err: err})
			return
		}
		switch formatOfResponse(f.contentType, f.body) {
		case FormatFeed:
			for it := range ReadFeed(ctx, bytes.NewReader(f.body), rawURL, opt) {
				if !yield(it) {
					return
				}
			}
		case FormatJSONL:
			for it := range ReadJSONL(bytes.NewReader(f.body), rawURL, opt) {
				if !yield(it) {
					return
				}
			}
		case FormatHTML:
			yield(item(htmlDoc(f.body, rawURL, f.contentType, f.url)))
		default:
			doc, err := textDoc(rawURL, f.body)
			if doc != nil {
				doc.URL, _ = normalizeURL(f.url)
				doc.ID = URLID(f.url)
				doc.Outlet = hostOutlet(f.url)
			}
			yield(item(doc, err))
		}
	}
}

// fetchHTML fetches a page and reads it as HTML whatever its type says;
// used for feed items.
func fetchHTML(ctx context.Context, rawURL string, opt Options) (*evident.Document, error) {
	f, err := fetch(ctx, rawURL, opt)
	if err != nil {
		return nil, err
	}
	return htmlDoc(f.body, rawURL, f.contentType, f.url)
}

// readableType reports whether a response's Content-Type is one Evident
// reads: HTML, XHTML, RSS, Atom and other XML, JSON Lines and plain text.
// A missing type is sniffed, so it passes.
func readableType(contentType string) bool {
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch mt {
	case "text/html", "application/xhtml+xml", "text/plain",
		"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml", "application/feed+json",
		"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines":
		return true
	}
	return false
}

// formatOfResponse picks a reader from the Content-Type, sniffing the body
// when the type is generic or absent.
func formatOfResponse(contentType string, body []byte) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json":
		return FormatFeed
	case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines":
		return FormatJSONL
	case "text/html", "application/xhtml+xml":
		if isFeed(body) { // some servers send feeds as text/html
			return FormatFeed
		}
		return FormatHTML
	}
	return sniff(body)
}

func item(doc *evident.Document, err error) Item {
	if err != nil {
		return Item{Err: err}
	}
	return Item{Doc: doc}
}
