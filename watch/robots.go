package watch

import (
	"bufio"
	"bytes"
	"strings"
)

// Robots is a parsed robots.txt: groups of User-agent lines with their
// Allow and Disallow rules (RFC 9309). Other lines (Sitemap, Crawl-delay,
// unknown fields) are ignored.
type Robots struct {
	groups []robotsGroup
}

type robotsGroup struct {
	agents []string // lower-cased product tokens; "*" for every agent
	rules  []robotsRule
}

type robotsRule struct {
	allow   bool
	pattern string // path pattern: * matches any run, a final $ anchors the end
}

// maxRobotsBytes is how much of a robots.txt is read (RFC 9309 asks for at
// least 500 KiB).
const maxRobotsBytes = 512 << 10

// ParseRobots parses a robots.txt body. It never fails: lines it cannot
// read are ignored, as RFC 9309 asks.
func ParseRobots(b []byte) *Robots {
	if len(b) > maxRobotsBytes {
		b = b[:maxRobotsBytes]
	}
	r := &Robots{}
	var cur *robotsGroup
	lastWasAgent := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), maxRobotsBytes+1)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if !lastWasAgent || cur == nil {
				r.groups = append(r.groups, robotsGroup{})
				cur = &r.groups[len(r.groups)-1]
			}
			cur.agents = append(cur.agents, strings.ToLower(v))
			lastWasAgent = true
		case "allow", "disallow":
			lastWasAgent = false
			if cur == nil {
				continue // rules before any User-agent line
			}
			if v == "" {
				continue // "Disallow:" allows everything
			}
			cur.rules = append(cur.rules, robotsRule{allow: k == "allow", pattern: v})
		default:
			lastWasAgent = false
		}
	}
	return r
}

// Allowed reports whether agent (a product token, "evident") may fetch
// path (with its query, "/a/b?c"). The groups naming the agent apply, else
// the "*" groups, else nothing is disallowed; among the matching rules the
// longest pattern wins, and Allow wins a tie. /robots.txt is always
// allowed.
func (r *Robots) Allowed(agent, path string) bool {
	if r == nil || path == "/robots.txt" {
		return true
	}
	if path == "" {
		path = "/"
	}
	agent = strings.ToLower(agent)
	var rules []robotsRule
	named := false
	for _, g := range r.groups {
		for _, a := range g.agents {
			if a != "*" && a != "" && a == agent {
				rules = append(rules, g.rules...)
				named = true
				break
			}
		}
	}
	if !named {
		for _, g := range r.groups {
			for _, a := range g.agents {
				if a == "*" {
					rules = append(rules, g.rules...)
					break
				}
			}
		}
	}
	best, allowed := -1, true
	for _, rule := range rules {
		if !matchRobots(rule.pattern, path) {
			continue
		}
		if l := len(rule.pattern); l > best || l == best && rule.allow {
			best, allowed = l, rule.allow
		}
	}
	return allowed
}

// matchRobots matches a robots.txt path pattern against path: a prefix
// match where * matches any run of characters and a final $ the end.
func matchRobots(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	if len(parts) == 1 {
		return !anchored || rest == ""
	}
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, p)
		}
		j := strings.Index(rest, p)
		if j < 0 {
			return false
		}
		rest = rest[j+len(p):]
	}
	return true
}
