package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/evident-org/evident"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"evident": func() {
			main := NewMain()
			main.StderrIsTerminal = false
			code := main.Run(context.Background(), os.Args[1:])
			main.Close()
			os.Exit(code)
		},
	})
}

// TestScripts runs the CLI scripts in testdata/script (testscript format).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			for _, name := range []string{"bbc-mosul-from-the-sky.txt", "sky-mosul-footage.txt"} {
				b, err := seedFS.ReadFile("seeds/" + name)
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(env.WorkDir, name), b, 0o644); err != nil {
					return err
				}
			}
			env.Setenv("EVIDENT_DB", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// nul-file DST writes a file with a NUL byte: binary content.
			"nul-file": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: nul-file DST")
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte("a\x00b\n"), 0o644))
			},
			// gzip-file SRC DST writes SRC gzip-compressed to DST.
			"gzip-file": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: gzip-file SRC DST")
				}
				var b bytes.Buffer
				zw := gzip.NewWriter(&b)
				_, err := zw.Write([]byte(ts.ReadFile(args[0])))
				ts.Check(err)
				ts.Check(zw.Close())
				ts.Check(os.WriteFile(ts.MkAbs(args[1]), b.Bytes(), 0o644))
			},
		},
	})
}

// run runs the CLI in-process and returns stdout, stderr and the exit code.
func run(t testing.TB, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := m.Run(context.Background(), args)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// TestExtractGolden is the golden test of "evident extract" on the two
// seed articles. Refresh with: go test ./cmd/evident -run Golden -update
// and check the result by eye against shared/seeds/gold.jsonl.
func TestExtractGolden(t *testing.T) {
	for _, name := range []string{"bbc-mosul-from-the-sky", "sky-mosul-footage"} {
		t.Run(name, func(t *testing.T) {
			in := filepath.Join("seeds", name+".txt")
			out, errs, code := run(t, "", "extract", "--all", "--format", "jsonl", in)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden := filepath.Join("testdata", "golden", name+".jsonl")
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if diff := cmp.Diff(string(want), out); diff != "" {
				t.Errorf("extract output differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// TestSeedRequiredEvents checks the acceptance events: the
// required events of the seeds, as non-background events with evidence.
func TestSeedRequiredEvents(t *testing.T) {
	type want struct {
		doc, subEventType, actor1, location, evidence string
	}
	wants := []want{
		{"bbc-mosul-from-the-sky", "Attack", "Islamic State", "Mosul", "An IS sniper had shot a woman in the street."},
		{"sky-mosul-footage", "Armed clash", "Islamic State", "Mosul", "Islamic State fighters attacking Iraq’s Special Forces in Mosul"},
		{"sky-mosul-footage", "Looting/property destruction", "Islamic State", "Mosul", "IS set fire to a number of buildings"},
	}
	got := map[string][]evident.Event{}
	for _, name := range []string{"bbc-mosul-from-the-sky", "sky-mosul-footage"} {
		out, errs, code := run(t, "", "extract", "--format", "jsonl", filepath.Join("seeds", name+".txt"))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var e evident.Event
			if err := json.Unmarshal([]byte(line), &e); err != nil {
				t.Fatal(err)
			}
			if e.DocID != name {
				t.Errorf("doc_id %q, want %q", e.DocID, name)
			}
			got[name] = append(got[name], e)
		}
	}
	for _, w := range wants {
		found := false
		for _, e := range got[w.doc] {
			if e.SubEventType != w.subEventType || e.Actor1 != w.actor1 || e.Location.Location != w.location || e.Background {
				continue
			}
			for _, ev := range e.Evidence {
				if strings.Contains(ev.Text, w.evidence) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%s: no %s event by %s in %s with evidence %q", w.doc, w.subEventType, w.actor1, w.location, w.evidence)
		}
	}
}
