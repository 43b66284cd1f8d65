package eventeval

import (
	"regexp"
	"strings"
)

// yearsInParens matches a parenthesised year or year range of an ACLED
// actor name: "(2014-)", "(2000-)", "(1979-2003)", "(2016 - 2021)",
// "(1994)", "(2011-present)".
var yearsInParens = regexp.MustCompile(`\(\s*\d{4}\s*(?:[-–]\s*(?:\d{4}|present)?\s*)?\)`)

// acronymPrefix matches ACLED's "ACRONYM: " prefix ("SDF: Syrian
// Democratic Forces", "CPN-M: Communist Party of Nepal (Maoist)",
// "Asayish: Kurdish Internal Security Forces"): one word and a colon
// before the name.
var acronymPrefix = regexp.MustCompile(`^[^\s:]+:\s+`)

// NormaliseActor is the lenient form of an actor name that gold scoring
// compares (shared/eval/ANNOTATION.md): ACLED's acronym prefix ("SDF: ")
// and parenthesised years ("(2014-)") dropped, typographic apostrophes
// made plain, white space collapsed, lower case. Country qualifiers stay:
// "Civilians (Syria)" and "Civilians (Iraq)" differ.
func NormaliseActor(s string) string {
	s = strings.TrimSpace(s)
	s = acronymPrefix.ReplaceAllString(s, "")
	s = yearsInParens.ReplaceAllString(s, " ")
	s = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'").Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// CompareActors compares a gold event's actors with a system event's,
// leniently (NormaliseActor): actor1 is true when the actor1s are equal;
// pair when the unordered pairs {actor1, actor2} are equal, an empty
// actor counting as a value of its own (so a gold event without actor2
// needs a system event without one).
func CompareActors(gold1, gold2, sys1, sys2 string) (actor1, pair bool) {
	g1, g2 := NormaliseActor(gold1), NormaliseActor(gold2)
	s1, s2 := NormaliseActor(sys1), NormaliseActor(sys2)
	actor1 = g1 == s1
	pair = g1 == s1 && g2 == s2 || g1 == s2 && g2 == s1
	return actor1, pair
}
