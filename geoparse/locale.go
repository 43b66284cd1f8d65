package geoparse

import (
	"net/url"
	"strings"

	evident "github.com/evident-org/evident"
)

// vanityTLDs are country-code top-level domains used mostly by outlets
// outside the country, so they say nothing about the outlet's locale.
var vanityTLDs = map[string]bool{
	"io": true, "tv": true, "co": true, "me": true, "fm": true, "ai": true, "ly": true,
	"cc": true, "ws": true, "to": true, "am": true, "gg": true, "la": true, "nu": true,
	"tk": true, "ms": true, "sh": true, "st": true, "vc": true, "ag": true, "gd": true,
	"eu": true, "su": true, "ac": true, "so": true, "is": true, "re": true, "im": true,
}

// OutletCountry returns the ISO alpha-2 country of a document's outlet,
// read from the country-code top-level domain of its URL or outlet
// ("bbc.co.uk" → GB, "aljazeera.com" → ""). Generic domains and vanity
// ccTLDs (.io, .tv, .co ...) give "".
func OutletCountry(d *evident.Document) string {
	if d == nil {
		return ""
	}
	host := ""
	if d.URL != "" {
		if u, err := url.Parse(strings.TrimSpace(d.URL)); err == nil {
			host = u.Hostname()
		}
	}
	if host == "" && strings.Contains(d.Outlet, ".") && !strings.Contains(d.Outlet, " ") {
		host = d.Outlet
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	i := strings.LastIndexByte(host, '.')
	if i < 0 {
		return ""
	}
	tld := host[i+1:]
	if len(tld) != 2 || vanityTLDs[tld] {
		return ""
	}
	if tld == "uk" {
		return "GB"
	}
	return strings.ToUpper(tld)
}
