package geoparse

import "testing"

// TestNameSpan: a lower-case administrative word after a name is no part
// of the name's span; a capitalised one is.
func TestNameSpan(t *testing.T) {
	g := defaultGaz(t)
	tests := []struct {
		text, mention, name string
	}{
		{"Shelling hit villages in Hama province overnight.", "Hama province", "Hama"},
		{"Deputies patrolled Kanawha County roads.", "Kanawha County", "Kanawha County"},
		{"Troops moved into Anbar Province.", "Anbar Province", "Anbar Province"},
		{"Floods reached Sichuan  province.", "Sichuan  province", "Sichuan"},
		{"Clashes in Mosul.", "Mosul", "Mosul"},
	}
	for _, tt := range tests {
		a := analyse(t, tt.text, Recognise{Gaz: g})
		found := false
		for i := range a.Mentions {
			m := &a.Mentions[i]
			if m.Text != tt.mention {
				continue
			}
			found = true
			sp := NameSpan(m)
			if got := tt.text[sp.Start:sp.End]; got != tt.name {
				t.Errorf("%q: NameSpan(%q) = %q, want %q", tt.text, m.Text, got, tt.name)
			}
		}
		if !found {
			t.Errorf("%q: no mention %q in %v", tt.text, tt.mention, summarise(a))
		}
	}
}
