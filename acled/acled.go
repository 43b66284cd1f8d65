// Package acled holds ACLED's reference tables that records and exports
// need: the region of each country, ISO 3166-1 alpha-3 codes for
// event_id_cnty (from the gazetteer's country table), and the
// source_scale rule.
package acled

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/evident-org/evident/gazetteer"
)

//go:embed regions.tsv
var regionsTSV string

// table parses "CODE<TAB>value" lines; # starts a comment.
func table(name, src string) map[string]string {
	m := make(map[string]string, 256)
	sc := bufio.NewScanner(strings.NewReader(src))
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		code, v, ok := strings.Cut(s, "\t")
		if !ok || len(code) != 2 || strings.TrimSpace(v) == "" {
			panic(fmt.Sprintf("acled: embedded %s:%d: malformed line %q", name, line, s))
		}
		m[strings.ToUpper(code)] = strings.TrimSpace(v)
	}
	return m
}

var regions = sync.OnceValue(func() map[string]string { return table("regions.tsv", regionsTSV) })

// Region returns ACLED's region of a country (ISO alpha-2, any case):
// "Middle East" for IQ; "" for an unknown code.
func Region(cc string) string { return regions()[strings.ToUpper(cc)] }

// ISO3 returns the ISO 3166-1 alpha-3 code of a country (ISO alpha-2, any
// case), from the embedded gazetteer's country table: "IRQ" for IQ; "" for
// an unknown code.
func ISO3(cc string) string {
	g, err := gazetteer.Default()
	if err != nil {
		return ""
	}
	c, ok := g.Country(strings.ToUpper(cc))
	if !ok {
		return ""
	}
	return c.ISO3
}
