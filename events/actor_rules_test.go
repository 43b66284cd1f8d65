package events_test

import "testing"

// TestEventActorRules: the document level names the actor a sentence
// implies: the air force of a demonym in an event noun's "by" phrase, a
// country named as the subject of an attack, and generic police localised
// to the event's country.
func TestEventActorRules(t *testing.T) {
	for _, tc := range []struct{ text, actor1 string }{
		{"The bombardment of Saraqeb by Russian planes killed six people on Tuesday.", "Military Forces of Russia (2000-)"},
		{"Turkey launched an assault on Afrin on Saturday, killing three fighters.", "Military Forces of Turkey (2002-)"},
		{"Police arrested 40 activists in Jakarta on Monday.", "Police Forces of Indonesia"},
		{"A gas attack believed to be by Syrian government jets killed 58 people in Khan Sheikhoun on Tuesday.", "Military Forces of Syria (2000-2024)"},
	} {
		got, _ := extract(t, tc.text, pub)
		if got.Actor1 != tc.actor1 || got.Background {
			t.Errorf("%q: actor1 %q (background %v), want %q", tc.text, got.Actor1, got.Background, tc.actor1)
		}
	}
}
