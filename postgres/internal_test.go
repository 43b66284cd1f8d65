package postgres

import (
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestEmbeddedMigrations(t *testing.T) {
	ms, err := loadMigrations(migrationsFS())
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].version != 1 {
		t.Fatalf("embedded migrations: %d, want some from 1", len(ms))
	}
}

func TestLoadMigrationsErrors(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"gap", []string{"0001_a.sql", "0003_c.sql"}, "want 2"},
		{"repeat", []string{"0001_a.sql", "0001_b.sql"}, "want 2"},
		{"not from 1", []string{"0002_b.sql"}, "want 1"},
		{"bad name", []string{"init.sql"}, "NNNN_description.sql"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys[f] = &fstest.MapFile{Data: []byte("SELECT 1;")}
			}
			if _, err := loadMigrations(fsys); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("loadMigrations(%v) = %v, want an error with %q", tt.files, err, tt.want)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	c := Config{URL: "postgres://h/db"}.WithDefaults()
	want := Config{URL: "postgres://h/db", MaxConns: int32(max(4, 2*runtime.GOMAXPROCS(0)+2)),
		MaxConnLifetime: time.Hour, MaxConnIdleTime: 30 * time.Minute, ConnectTimeout: 10 * time.Second}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("WithDefaults (-want +got):\n%s", diff)
	}
	if err := c.validate(); err != nil {
		t.Errorf("validate(defaults) = %v", err)
	}
	kept := Config{URL: "postgresql://h/db", MaxConns: 3, MinConns: 1, MaxConnLifetime: time.Minute}.WithDefaults()
	if kept.MaxConns != 3 || kept.MinConns != 1 || kept.MaxConnLifetime != time.Minute {
		t.Errorf("WithDefaults changed set fields: %+v", kept)
	}
	for _, bad := range []Config{
		{},
		{URL: "./evident.db"},
		{URL: "postgres://h/db", MaxConns: -1},
		{URL: "postgres://h/db", MaxConns: 2, MinConns: 3},
		{URL: "postgres://h/db", ConnectTimeout: -time.Second},
		{URL: "postgres://h/db", Schema: strings.Repeat("s", 64)},
	} {
		if err := bad.WithDefaults().validate(); err == nil {
			t.Errorf("validate(%+v) = nil, want an error", bad)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Jets bombed the market in Sarāqib.", []string{"jets", "bombed", "the", "market", "in", "saraqib"}},
		{"Al-Bab (2014-); Ünïcode", []string{"al", "bab", "2014", "unicode"}},
		{`'; DROP TABLE events; --`, []string{"drop", "table", "events"}},
		{"  ", nil},
	}
	for _, tt := range tests {
		if got := tokens(tt.in); !cmp.Equal(tt.want, got) {
			t.Errorf("tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearchQuery(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"", "", true},
		{"sniper", "'sniper'", true},
		{"Snip*", "'snip':*", true},
		{"coalition bridge", "'coalition' & 'bridge'", true},
		{"actors:sniper", "('actors' <-> 'sniper')", true},
		{`"sniper`, "'sniper'", true},
		{"it's", "('it' <-> 's')", true},
		{"- ^ +", "", false},
		{`a\b`, "('a' <-> 'b')", true},
	}
	for _, tt := range tests {
		got, ok := searchQuery(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("searchQuery(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestSearchVectorGaps(t *testing.T) {
	v := searchVector([]string{"Islamic State"}, []string{"Mosul"}, []string{"state troops"})
	pos := map[string][]int{}
	for _, l := range v.Lexemes {
		for _, p := range l.Positions {
			pos[l.Word] = append(pos[l.Word], int(p.Position))
		}
	}
	// actors at 1, 2; place after a gap; body after another.
	place, body := 2+columnGap+1, 2+columnGap+1+columnGap+1
	want := map[string][]int{"islamic": {1}, "state": {2, body}, "mosul": {place}, "troops": {body + 1}}
	if !cmp.Equal(want, pos) {
		t.Errorf("positions %v, want %v", pos, want)
	}
}
