package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMoveSharedFlags(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"ingest a.txt", "ingest a.txt"},
		{"--db x.db ingest a.txt", "ingest a.txt --db x.db"},
		{"--db=x.db --gazetteer g.idx --workers 2 eval geoparse --corpus lgl", "eval geoparse --corpus lgl --db=x.db --gazetteer g.idx --workers 2"},
		{"--db x.db extract -- -odd-name.txt", "extract --db x.db -- -odd-name.txt"},
		{"--help", "--help"},
		{"--db x.db", "--db x.db"},
	} {
		got := strings.Join(moveSharedFlags(strings.Fields(tt.in)), " ")
		if got != tt.want {
			t.Errorf("moveSharedFlags(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSharedFlagsOnlyWhereUsed: a command shows and takes only the shared
// flags it uses.
func TestSharedFlagsOnlyWhereUsed(t *testing.T) {
	for _, tt := range []struct {
		cmd        []string
		has, lacks []string
	}{
		{[]string{"version"}, nil, []string{"--db", "--workers", "--gazetteer"}},
		{[]string{"gazetteer", "import"}, nil, []string{"--db", "--workers", "--gazetteer="}},
		{[]string{"export"}, []string{"--db"}, []string{"--workers", "--gazetteer"}},
		{[]string{"extract"}, []string{"--workers", "--gazetteer"}, []string{"--db"}},
		{[]string{"ingest"}, []string{"--db", "--workers", "--gazetteer"}, nil},
		{[]string{"token", "list"}, []string{"--db"}, []string{"--gazetteer"}},
	} {
		out, _, code := run(t, "", append(tt.cmd, "--help")...)
		if code != 0 {
			t.Fatalf("%v --help: exit %d", tt.cmd, code)
		}
		for _, f := range tt.has {
			if !strings.Contains(out, f) {
				t.Errorf("%v --help lacks %s", tt.cmd, f)
			}
		}
		for _, f := range tt.lacks {
			if strings.Contains(out, f) {
				t.Errorf("%v --help shows %s", tt.cmd, f)
			}
		}
	}
	_, stderr, code := run(t, "", "--workers", "2", "export")
	if code != 2 || !strings.Contains(stderr, "unknown flag --workers") {
		t.Errorf("export --workers: exit %d, %q; want a usage error", code, stderr)
	}
	if d := cmp.Diff([]string{"a"}, moveSharedFlags([]string{"a"})); d != "" {
		t.Error(d)
	}
}
