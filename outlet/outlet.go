// Package outlet tells who published a document: the outlet's display
// name, home country and reach, for a record's source and source_scale.
package outlet

import (
	_ "embed"
	"fmt"
	"net/url"
	"strings"
	"sync"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/geoparse"
)

//go:embed outlets.tsv
var outletsTSV string

// Info is what is known of a document's outlet.
type Info struct {
	// Name is the outlet's display name ("Reuters"), else the document's
	// outlet field, else its URL's host without "www."; "" when the
	// document says nothing of its outlet.
	Name string
	// Country is the outlet's home country (ISO alpha-2): from the table,
	// else the country-code domain of its URL ("" when unknown).
	Country string
	// International: a wire service or broadcaster reporting worldwide.
	International bool
	// Local: an outlet of one town or province.
	Local bool
}

var known = sync.OnceValue(func() map[string]Info {
	m := map[string]Info{}
	for no, line := range strings.Split(outletsTSV, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 || f[1] == "" || len(f[2]) != 0 && len(f[2]) != 2 {
			panic(fmt.Sprintf("outlet: embedded outlets.tsv:%d: want 4 tab-separated columns, got %q", no+1, line))
		}
		in := Info{Name: f[1], Country: strings.ToUpper(f[2])}
		switch f[3] {
		case "international":
			in.International = true
		case "local":
			in.Local = true
		case "national":
		default:
			panic(fmt.Sprintf("outlet: embedded outlets.tsv:%d: reach %q", no+1, f[3]))
		}
		for _, k := range strings.Split(f[0], ",") {
			m[strings.ToLower(strings.TrimSpace(k))] = in
		}
	}
	return m
})

// Of returns what is known of a document's outlet: from the table by its
// outlet field or its URL's host (and that host's parent domains), else
// the outlet field or host with the country of its domain.
func Of(d *evident.Document) Info {
	if d == nil {
		return Info{}
	}
	name := strings.TrimSpace(d.Outlet)
	if in, ok := known()[strings.ToLower(name)]; ok {
		return in
	}
	host := ""
	if d.URL != "" {
		if u, err := url.Parse(strings.TrimSpace(d.URL)); err == nil {
			host = strings.TrimPrefix(strings.ToLower(strings.TrimSuffix(u.Hostname(), ".")), "www.")
		}
	}
	for h := host; strings.Contains(h, "."); {
		if in, ok := known()[h]; ok {
			return in
		}
		_, h, _ = strings.Cut(h, ".")
	}
	if name == "" {
		name = host
	}
	return Info{Name: name, Country: geoparse.OutletCountry(d)}
}
