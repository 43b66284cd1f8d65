package eventeval

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/evident-org/evident"
)

func TestCategoryFilter(t *testing.T) {
	tests := []struct {
		name    string
		vals    []string
		cat     string
		hasCat  bool
		want    bool
		wantErr string
	}{
		{"no filter keeps all", nil, "World", true, true, ""},
		{"no filter keeps lines without category", nil, "", false, true, ""},
		{"negation drops", []string{"!World"}, "World", true, false, ""},
		{"negation ignores case", []string{"!world"}, "World", true, false, ""},
		{"negation keeps others", []string{"!World"}, "Sports", true, true, ""},
		{"negation keeps lines without category", []string{"!World"}, "", false, true, ""},
		{"include", []string{"Business", "Sci/Tech"}, "Sci/Tech", true, true, ""},
		{"include drops others", []string{"Business", "Sci/Tech"}, "Sports", true, false, ""},
		{"include drops lines without category", []string{"Business"}, "", false, false, ""},
		{"include and exclude", []string{"Sports", "!Sports"}, "Sports", true, false, ""},
		{"spaces", []string{" ! World "}, "World", true, false, ""},
		{"empty negation", []string{"!"}, "", false, false, `category "!": no name`},
		{"empty", []string{""}, "", false, false, "no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseCategories(tt.vals)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Keep(tt.cat, tt.hasCat); got != tt.want {
				t.Errorf("%v.Keep(%q, %v) = %v, want %v", tt.vals, tt.cat, tt.hasCat, got, tt.want)
			}
		})
	}
}

func TestLoadFP(t *testing.T) {
	path := filepath.Join("testdata", "corpus", "news.jsonl")
	ing := ingested(t, path)
	tests := []struct {
		name string
		cats []string
		want []string // id/category
	}{
		{"all", nil, []string{"news-1/World", "news-2/Sports", "4/Business", "news-5/Sci/Tech", "news-6/"}},
		{"not World", []string{"!World"}, []string{"news-2/Sports", "4/Business", "news-5/Sci/Tech", "news-6/"}},
		{"named", []string{"Business", "Sports", "Sci/Tech"}, []string{"news-2/Sports", "4/Business", "news-5/Sci/Tech"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseCategories(tt.cats)
			if err != nil {
				t.Fatal(err)
			}
			docs, bad, err := LoadFP(path, f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range docs {
				got = append(got, d.Doc.ID+"/"+d.Category)
				if diff := cmp.Diff(ing[d.Doc.ID], d.Doc); diff != "" {
					t.Errorf("%s: differs from ingest's document (-ingest +fp):\n%s", d.Doc.ID, diff)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("documents (-want +got):\n%s", diff)
			}
			if len(bad) != 1 || bad[0].Line != 3 || bad[0].File != path || !strings.Contains(bad[0].Reason, "invalid JSON") {
				t.Errorf("malformed = %+v, want line 3", bad)
			}
		})
	}
	f, _ := ParseCategories([]string{"Politics"})
	if _, _, err := LoadFP(path, f); err == nil || !strings.Contains(err.Error(), "no documents") {
		t.Errorf("no match: err = %v", err)
	}
	gold := filepath.Join("testdata", "gold", "gold.jsonl") // no category field anywhere
	f, _ = ParseCategories([]string{"!World"})
	if _, _, err := LoadFP(gold, f); err == nil || !strings.Contains(err.Error(), "no line has a category field") {
		t.Errorf("no categories: err = %v", err)
	}
}

func TestRunFP(t *testing.T) {
	f, _ := ParseCategories([]string{"!World"})
	docs, bad, err := LoadFP(filepath.Join("testdata", "corpus", "news.jsonl"), f)
	if err != nil {
		t.Fatal(err)
	}
	beat := evident.Event{EventType: "Violence against civilians", SubEventType: "Attack",
		Evidence: []evident.Evidence{{Start: 0, End: 60, Text: "Rovers beat United 3-1 on Saturday to stay top of the league."}},
		Fields:   []evident.FieldEvidence{{Field: "sub_event_type", Value: "Attack", Start: 7, End: 11, Rule: "trigger:beat"}}}
	rally := evident.Event{EventType: "Protests", SubEventType: "Peaceful protest",
		Evidence: []evident.Evidence{{Start: 0, End: 20, Text: "Shares rallied on Wednesday"}, {Start: 30, End: 40, Text: "the central\n bank"}},
		Fields:   []evident.FieldEvidence{{Field: "sub_event_type", Value: "Peaceful protest", Start: 7, End: 14, Rule: "by target noun: x"}}}
	old := rally
	old.Background = true
	sys := &fakeSystem{byID: map[string][]evident.Event{
		"news-2": {beat, beat},
		"4":      {rally, old},
	}}
	rep, err := RunFP(context.Background(), docs, bad, f, sys, Options{File: "news.jsonl", Workers: 2, CollectErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	want := &FPReport{
		Set: FP, PerThousand: 750, Events: 3, N: 4, DocsWithEvents: 2, DocsPerThousand: 500, Background: 1,
		Categories:    "!World",
		ByCategory:    []FPCategoryCount{{"", 1, 0}, {"Business", 1, 1}, {"Sci/Tech", 1, 0}, {"Sports", 1, 2}},
		SubEventTypes: []FPCount{{"Attack", 2}, {"Peaceful protest", 1}},
		// The business item's trigger has no trigger rule: the text of its
		// sub_event_type span.
		Triggers:  []FPCount{{"beat", 2}, {"rallied", 1}},
		Malformed: 1, File: "news.jsonl", Workers: 2,
	}
	opts := cmp.Options{cmpopts.IgnoreFields(FPReport{}, "Seconds", "Skipped", "Errors")}
	if diff := cmp.Diff(want, rep, opts...); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	var kinds []string
	for _, e := range rep.Errors {
		kinds = append(kinds, e.Kind+" "+e.Doc+" "+e.Category+" "+e.Excerpt)
	}
	wantKinds := []string{
		"fp_event news-2 Sports Rovers beat United 3-1 on Saturday to stay top of the league.",
		"fp_event news-2 Sports Rovers beat United 3-1 on Saturday to stay top of the league.",
		"fp_event 4 Business Shares rallied on Wednesday",
		"malformed " + filepath.Join("testdata", "corpus", "news.jsonl") + ":3  ",
	}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("error records (-want +got):\n%s", diff)
	}
	if ref := rep.Errors[2].System.(EventRef); ref.Trigger != "" || ref.Evidence != "Shares rallied on Wednesday" || !cmp.Equal(ref.MoreEvidence, []string{"the central bank"}) {
		t.Errorf("rally event in the error file = %+v", ref)
	}
	if ref := rep.Errors[0].System.(EventRef); ref.Trigger != "beat" || ref.MoreEvidence != nil {
		t.Errorf("beat event in the error file = %+v", ref)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"set":"fp","per_1000":750,"events":3,"n":4,"docs_with_events":2,`) {
		t.Errorf("JSON = %s", b)
	}
	var sb strings.Builder
	if err := rep.WriteText(&sb); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"documents:  4 (categories: !World; 1 malformed lines skipped)", "per 1,000:  750.00 events; 500.00 documents with an event (2)",
		"Sports                           1       2   2000.00", "      2  beat", "      2  Attack"} {
		if !strings.Contains(sb.String(), w) {
			t.Errorf("text report lacks %q:\n%s", w, sb.String())
		}
	}
}
