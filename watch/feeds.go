// Package watch polls RSS/Atom feeds politely and ingests their new items:
// conditional GETs (ETag, Last-Modified), robots.txt for article pages, a
// per-host rate limit with one request at a time, exponential backoff with
// jitter, Retry-After, and state that survives restarts in an
// evident.FeedStore (docs/feeds.md). Every request goes through
// source.Client.
package watch

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

// Feed is one line of a feeds file.
type Feed struct {
	URL    string
	Outlet string        // outlet=NAME; "" takes the feed's title
	Every  time.Duration // every=15m; 0 takes the watcher's default
	// Input names the line ("feeds.txt:3").
	Input string
}

// MinEvery is the shortest polling interval a feeds file may ask for.
const MinEvery = time.Minute

// ParseFeeds reads a feeds file: one feed a line, its http(s) URL first,
// then optional fields outlet=NAME (the name runs to the next field, so
// it may hold spaces) and every=DURATION (at least MinEvery). Blank lines,
// lines starting with # and anything after " #" are skipped. A bad line is
// an EINVALID error naming name:line and the problem, and is skipped; a
// URL listed twice is an error on its second line.
func ParseFeeds(r io.Reader, name string) ([]Feed, []error) {
	var (
		feeds []Feed
		errs  []error
		seen  = map[string]string{}
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	n := 0
	for sc.Scan() {
		n++
		input := fmt.Sprintf("%s:%d", name, n)
		f, ok, err := parseLine(sc.Text(), input)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !ok {
			continue
		}
		if prev, dup := seen[f.URL]; dup {
			errs = append(errs, evident.Errorf(evident.EINVALID, input, "%s is already listed at %s", f.URL, prev))
			continue
		}
		seen[f.URL] = input
		feeds = append(feeds, f)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, &evident.Error{Code: evident.EINVALID, Input: fmt.Sprintf("%s:%d", name, n+1), Message: "cannot read the feeds file", Err: err})
	}
	return feeds, errs
}

// parseLine reads one line; ok is false for a blank or comment line.
func parseLine(line, input string) (Feed, bool, error) {
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	if i := strings.Index(line, "\t#"); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return Feed{}, false, nil
	}
	fields := strings.Fields(line)
	f := Feed{Input: input}
	u, err := url.Parse(fields[0])
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Feed{}, false, evident.Errorf(evident.EINVALID, input, "%q is not an http(s) URL (want e.g. https://example.org/rss  outlet=Example  every=15m)", fields[0])
	}
	f.URL = u.String()
	var outlet []string
	inOutlet := false
	for _, fld := range fields[1:] {
		k, v, isKV := strings.Cut(fld, "=")
		switch {
		case isKV && k == "outlet":
			if f.Outlet != "" || len(outlet) > 0 {
				return Feed{}, false, evident.Errorf(evident.EINVALID, input, "outlet is given twice")
			}
			outlet, inOutlet = []string{v}, true
		case isKV && k == "every":
			if f.Every != 0 {
				return Feed{}, false, evident.Errorf(evident.EINVALID, input, "every is given twice")
			}
			d, err := time.ParseDuration(v)
			if err != nil {
				return Feed{}, false, evident.Errorf(evident.EINVALID, input, "every=%s is not a duration (want e.g. every=15m or every=1h)", v)
			}
			if d < MinEvery {
				return Feed{}, false, evident.Errorf(evident.EINVALID, input, "every=%s is shorter than %s (polite polling)", v, MinEvery)
			}
			f.Every = d
			inOutlet = false
		case isKV:
			return Feed{}, false, evident.Errorf(evident.EINVALID, input, "unknown field %q (want outlet=NAME or every=DURATION)", k)
		case inOutlet:
			outlet = append(outlet, fld) // an outlet name with spaces
		default:
			return Feed{}, false, evident.Errorf(evident.EINVALID, input, "unexpected %q after the URL (want outlet=NAME or every=DURATION)", fld)
		}
	}
	f.Outlet = strings.Join(outlet, " ")
	if len(outlet) > 0 && f.Outlet == "" {
		return Feed{}, false, evident.Errorf(evident.EINVALID, input, "outlet= is empty")
	}
	return f, true, nil
}
