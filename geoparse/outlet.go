package geoparse

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	evident "github.com/evident-org/evident"
	"github.com/evident-org/evident/gazetteer"
)

// The outlet's home: a local paper names its town in its web domain
// (athensreview.com, palestineherald.com, thisisoxfordshire.co.uk,
// timesofoman.com). The domain's labels are split into words, news words
// (review, herald, times ...) and gazetteer names; each name becomes a
// home group: a name group without mentions whose candidates are the
// populated places, divisions and countries of the name (in the country
// of a country-code domain). A home group votes in the region vote like
// any name, and before the second pass it is ranked in the document's
// context like any name (athensreview.com with Texas names is Athens,
// Texas). The chosen home then favours the places near it
// (Weights.Home), in its division (Weights.HomeAdmin1) and, for a
// country, in the country (as the outlet's country would).

// newsWords are the words of outlet names around a place name. Short
// function words are there so that "timesofoman" splits.
var newsWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		the of and on in at my this is your our
		news daily weekly week today tonight now online live local net web info
		review times herald journal tribune gazette post courier register star
		press sun telegraph telegram chronicle observer record recorder dispatch
		enquirer inquirer examiner express independent mercury monitor leader
		ledger argus sentinel beacon bulletin citizen democrat republican free
		item standard statesman reporter report voice mail eagle globe banner
		advocate advertiser progress pilot signal spectator union messenger
		guardian mirror echo bee tv radio fm am channel media group newspaper
		newspapers paper papers sports sport metro area region county city
		north south east west northern southern eastern western central middle`) {
		newsWords[w] = true
	}
}

// secondLevel are the second-level labels of country-code domains that
// are not the outlet's name (bbc.co.uk, abc.net.au).
var secondLevel = map[string]bool{"co": true, "com": true, "net": true, "org": true, "gov": true, "ac": true, "edu": true, "go": true, "or": true, "ne": true}

// hostLabels are the labels of the outlet's host that may name a place:
// without "www", the top-level domain and a second level like "co.uk".
func hostLabels(d *evident.Document) []string {
	host := ""
	if d.URL != "" {
		u := strings.TrimSpace(d.URL)
		if !strings.Contains(u, "//") {
			u = "http://" + u
		}
		if p, err := url.Parse(u); err == nil {
			host = p.Hostname()
		}
	}
	if host == "" && strings.Contains(d.Outlet, ".") && !strings.Contains(d.Outlet, " ") {
		host = d.Outlet
	}
	labels := strings.Split(strings.ToLower(strings.TrimSuffix(host, ".")), ".")
	if len(labels) < 2 {
		return nil
	}
	labels = labels[:len(labels)-1]
	if n := len(labels); n >= 2 && secondLevel[labels[n-1]] {
		labels = labels[:n-1]
	}
	if len(labels) > 0 && labels[0] == "www" {
		labels = labels[1:]
	}
	return labels
}

// homeNames splits the host's labels into news words and gazetteer
// keys and returns the keys ("athensreview" → "athens";
// "kansascity" → "kansas city").
func homeNames(gz *gazetteer.Gazetteer, labels []string, ok func(string) bool) []string {
	var out []string
	for _, l := range labels {
		for _, chunk := range strings.FieldsFunc(l, func(r rune) bool { return r < 'a' || r > 'z' }) {
			if len(chunk) > 40 {
				continue
			}
			for _, n := range splitDomainWord(gz, chunk, ok) {
				if !containsString(out, n) {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// splitDomainWord splits s into the fewest pieces that are news words or
// gazetteer keys of at least four letters (with at most one inner
// space: "kansascity") that ok accepts, and returns the keys; nil when s
// does not split.
func splitDomainWord(gz *gazetteer.Gazetteer, s string, accept func(string) bool) []string {
	n := len(s)
	const inf = 1 << 30
	best := make([]int, n+1)
	from := make([]int, n+1)
	key := make([]string, n+1) // the place key of the piece ending at i, "" for a news word
	for i := 1; i <= n; i++ {
		best[i] = inf
		for j := 0; j < i; j++ {
			if best[j] == inf || best[j]+1 >= best[i] {
				continue
			}
			p := s[j:i]
			k, ok := "", newsWords[p]
			if !ok && len(p) >= 4 {
				k, ok = placeKey(gz, p)
				ok = ok && accept(k)
			}
			if ok {
				best[i], from[i], key[i] = best[j]+1, j, k
			}
		}
	}
	if best[n] == inf {
		return nil
	}
	var out []string
	for i := n; i > 0; i = from[i] {
		if key[i] != "" {
			out = append(out, key[i])
		}
	}
	slices.Reverse(out)
	return out
}

// placeKey returns the gazetteer key that p spells: p itself or p with
// one space inside.
func placeKey(gz *gazetteer.Gazetteer, p string) (string, bool) {
	if gz.Has(p) {
		return p, true
	}
	for k := 3; k <= len(p)-3; k++ {
		if s := p[:k] + " " + p[k:]; gz.Has(s) {
			return s, true
		}
	}
	return "", false
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// homeCache remembers homeNames per gazetteer and host labels.
var homeCache stripedMap[[]string]

// homeGroups returns the home groups of the document's outlet, one for
// each name in its domain (homeCands).
func (r Resolve) homeGroups(d *evident.Document, locale string) []*group {
	if d == nil {
		return nil
	}
	labels := hostLabels(d)
	if len(labels) == 0 {
		return nil
	}
	ck := fmt.Sprintf("%p|%s", r.Gaz, strings.Join(labels, "."))
	names, ok := homeCache.load(ck)
	if !ok {
		names = homeNames(r.Gaz, labels, func(k string) bool { return len(r.homeCands(k, locale)) > 0 })
		homeCache.store(ck, names, 4096)
	}
	var out []*group
	for _, k := range names {
		if cands := r.homeCands(k, locale); len(cands) > 0 {
			out = append(out, &group{key: k, chosen: -1, cands: cands, home: true})
		}
	}
	return out
}

// homeCands are the candidates of a home name: towns of 5,000 people or
// more, countries, first- and second-level divisions that have it as
// their preferred name, in the country of a country-code domain.
func (r Resolve) homeCands(k, locale string) []gazetteer.Entry {
	var out []gazetteer.Entry
	for _, e := range r.restrict(r.Gaz.LookupKey(k)) {
		if e.FeatureClass != "P" && !e.IsCountry() && e.FeatureCode != "ADM1" && e.FeatureCode != "ADM2" ||
			e.FeatureClass == "P" && e.Population < 5000 || !nameMatches(e.Name, k) ||
			locale != "" && e.CountryCode != locale {
			continue // villages and alternate names are too weak a guess
		}
		out = append(out, e)
	}
	return out
}

// chooseHome ranks the home groups in the document's context and
// returns the first one's choice; a home group with a candidate in the
// document's focus country chooses the best of those.
func (r Resolve) chooseHome(homes []*group, dc *docContext, w *Weights, bias map[string]bool, locale string, scratch []scoredCand) (*gazetteer.Entry, []scoredCand) {
	var home *gazetteer.Entry
	for _, g := range homes {
		g.chosen, scratch = r.rank(g, dc, w, bias, locale, scratch, false)
		if g.chosen >= 0 && dc.focus != "" && g.cands[g.chosen].CountryCode != dc.focus {
			// A local paper is at home in the country its news is
			// about: parisbeacon.com with Illinois names is not Paris,
			// France.
			for _, sc := range scratch {
				if g.cands[sc.i].CountryCode == dc.focus {
					g.chosen = sc.i
					break
				}
			}
		}
		if g.chosen >= 0 && home == nil {
			home = &g.cands[g.chosen]
		}
	}
	return home, scratch
}

// homeScore is candidate c's score from the outlet's home.
func (dc *docContext) homeScore(c *gazetteer.Entry, w *Weights, why *[]string) float64 {
	h := dc.home
	if h == nil || h.IsCountry() || c.IsCountry() {
		return 0
	}
	s := 0.0
	if c.FeatureClass != "A" && c.FeatureClass != "H" && c.FeatureClass != "L" {
		switch d := Distance(c.Lat, c.Lon, h.Lat, h.Lon); {
		case d < 50:
			s += w.Home
		case d < 150:
			s += w.Home / 2
		}
	}
	if c.CountryCode == h.CountryCode && c.Admin1Code != "" && c.Admin1Code == h.Admin1Code {
		s += w.HomeAdmin1
	}
	if s != 0 && why != nil {
		*why = append(*why, "home="+h.Name)
	}
	return s
}
