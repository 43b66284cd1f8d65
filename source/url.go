package source

import (
	"net/url"
	"strings"

	"github.com/evident-org/evident"
)

// isURL reports whether s is an absolute http or https URL.
func isURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// URLID returns the document id for a web page: "url-" plus the first 16
// hex digits of the SHA-256 of the normalised URL. Normalising lower-cases
// the scheme and host, drops the default port, the fragment and utm_*,
// fbclid and gclid query parameters, and turns an empty path into "/".
func URLID(rawURL string) string {
	n, _ := normalizeURL(rawURL)
	return "url-" + evident.HashText(n)[:16]
}

// normalizeURL returns the normalised form of an http(s) URL, or s trimmed
// and false when it is not one.
func normalizeURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return s, false
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return s, false
	}
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); (u.Scheme == "http" && p == "80") || (u.Scheme == "https" && p == "443") {
		u.Host = strings.TrimSuffix(u.Host, ":"+p)
	}
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" && u.RawPath == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		q := u.Query()
		removed := false
		for k := range q {
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" {
				delete(q, k)
				removed = true
			}
		}
		if removed {
			u.RawQuery = q.Encode()
		}
	}
	u.ForceQuery = false
	return u.String(), true
}

// pageURL chooses the URL that identifies a fetched page: its canonical URL
// (or og:url) when that is an http(s) URL on the same host, ignoring a
// "www." prefix, and not the site root (sites that point every page's
// canonical link at their home page exist); else the fetched URL.
func pageURL(fetched string, canonical ...string) string {
	f, err := url.Parse(fetched)
	if err != nil {
		return fetched
	}
	for _, c := range canonical {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		cu, err := f.Parse(c) // resolves relative canonical links
		if err != nil || (cu.Scheme != "http" && cu.Scheme != "https") {
			continue
		}
		if strings.TrimPrefix(strings.ToLower(cu.Hostname()), "www.") != strings.TrimPrefix(strings.ToLower(f.Hostname()), "www.") {
			continue
		}
		if cu.Path == "" || cu.Path == "/" {
			continue
		}
		return cu.String()
	}
	return fetched
}

// hostOutlet returns the URL's host without "www.", as a fallback outlet.
func hostOutlet(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
