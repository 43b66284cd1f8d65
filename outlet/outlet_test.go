package outlet

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	evident "github.com/evident-org/evident"
)

func TestOf(t *testing.T) {
	for _, tt := range []struct {
		name string
		doc  *evident.Document
		want Info
	}{
		{"by outlet field", &evident.Document{Outlet: "Reuters"}, Info{Name: "Reuters", Country: "GB", International: true}},
		{"outlet field any case", &evident.Document{Outlet: "AHRAM"}, Info{Name: "Al-Ahram", Country: "EG"}},
		{"by host", &evident.Document{URL: "https://www.bbc.co.uk/news/world-123"}, Info{Name: "BBC", Country: "GB", International: true}},
		{"by parent domain", &evident.Document{URL: "https://english.alarabiya.net/News/1"}, Info{Name: "Al Arabiya", Country: "AE", International: true}},
		{"unknown, country domain", &evident.Document{URL: "https://www.example.com.ng/a"}, Info{Name: "example.com.ng", Country: "NG"}},
		{"unknown name kept", &evident.Document{Outlet: "Athens Review", URL: "http://athensreview.com/x"}, Info{Name: "Athens Review"}},
		{"nothing known", &evident.Document{}, Info{}},
		{"nil", nil, Info{}},
	} {
		if d := cmp.Diff(tt.want, Of(tt.doc)); d != "" {
			t.Errorf("%s: Of (-want +got):\n%s", tt.name, d)
		}
	}
}

func TestTableParses(t *testing.T) {
	if n := len(known()); n < 50 {
		t.Errorf("outlet table has %d keys", n)
	}
}
