package geoparse

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMiddleInitial: a word after a first name and a middle initial is a
// surname, here and later in the document.
func TestMiddleInitial(t *testing.T) {
	g := defaultGaz(t)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"surname after initial", "Officers arrested Lamar T. Houston on Friday.", nil},
		{"same surname later in the document", "Officers arrested Lamar T. Houston in Omaha. Houston was released.", []string{"Omaha"}},
		{"a direction initial after a number is no first name", "The fire was at 32 W. Houston in Omaha.", []string{"Houston", "Omaha"}},
		{"initials as one token are a place", "He flew to Washington, D.C. on Monday.", []string{"Washington", "D.C."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(t, tt.text, Recognise{Gaz: g}, Resolve{Gaz: g})
			var got []string
			for _, m := range a.Mentions {
				got = append(got, m.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}
