package source

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

func TestReadJSONL(t *testing.T) {
	long := `{"id":"long","text":"` + strings.Repeat("x", 300) + `"}`
	lines := []string{
		`{"id": "fakes-1", "outlet": "nna", "title": "Syria attack", "published": "2017-04-05", "text": "Wed 05 Apr 2017 Syria attack.", "category": "World"}`,
		`{"id": "guardian-3", "outlet": "The Guardian", "title": null, "published": null, "url": "https://www.theguardian.com/x", "text": "Baghdad and Washington."}`,
		``,
		`   `,
		`{"id": 42, "published": "Wed, 05 Apr 2017 10:00:00 GMT", "text": "numeric id"}`,
		`{"text": "no id here", "published": "sometime"}`,
		`{"id": "broken", "text": "unterminated`,
		`{"id": "empty", "text": ""}`,
		`{"id": "blank", "text": "  \n "}`,
		`{"id": "notext"}`,
		"{\"id\": \"bad-utf8\", \"text\": \"caf\xe9\"}",
		`[1, 2, 3]`,
		`{"id": true, "text": "bool id"}`,
		`{"id": "nul", "text": "a\u0000b"}`,
		long,
		"{\"id\": \"crlf\", \"text\": \"windows line\"}\r",
		`{"id": "last", "text": "no trailing newline", "published": "April 5, 2017"}`,
	}
	data := strings.Join(lines, "\n")
	var items []Item
	for it := range ReadJSONL(strings.NewReader("\xEF\xBB\xBF"+data), "c.jsonl", Options{MaxBytes: 200}) {
		items = append(items, it)
	}
	var gs []got
	for _, it := range items {
		gs = append(gs, summarise(t, it))
	}
	const n = "c.jsonl"
	want := []got{
		{ID: "fakes-1", Input: n + ":1", Format: "jsonl", Title: "Syria attack", Outlet: "nna", Published: "2017-04-05", Text: "Wed 05 Apr 2017 Syria attack."},
		{ID: "guardian-3", Input: n + ":2", Format: "jsonl", Outlet: "The Guardian", URL: "https://www.theguardian.com/x", Text: "Baghdad and Washington."},
		{ID: "42", Input: n + ":5", Format: "jsonl", Published: "2017-04-05", Text: "numeric id"},
		{ID: evident.HashID("no id here"), Input: n + ":6", Format: "jsonl", Text: "no id here"},
		{Code: evident.EINVALID, ErrInput: n + ":7"},
		{Code: evident.EINVALID, ErrInput: n + ":8"},
		{Code: evident.EINVALID, ErrInput: n + ":9"},
		{Code: evident.EINVALID, ErrInput: n + ":10"},
		{Code: evident.EINVALID, ErrInput: n + ":11"},
		{Code: evident.EINVALID, ErrInput: n + ":12"},
		{Code: evident.EINVALID, ErrInput: n + ":13"},
		{Code: evident.EINVALID, ErrInput: n + ":14"},
		{Code: evident.ETOOLARGE, ErrInput: n + ":15"},
		{ID: "crlf", Input: n + ":16", Format: "jsonl", Text: "windows line"},
		{ID: "last", Input: n + ":17", Format: "jsonl", Published: "2017-04-05", Text: "no trailing newline"},
	}
	if diff := cmp.Diff(want, gs); diff != "" {
		t.Fatalf("ReadJSONL (-want +got):\n%s", diff)
	}
	msgs := map[string]string{
		n + ":7":  n + ":7: invalid JSON record: ",
		n + ":8":  "empty document",
		n + ":11": fmt.Sprintf("invalid UTF-8 at byte offset 31 of the line (offset %d of the input)", 3+len(strings.Join(lines[:10], "\n"))+1+31),
		n + ":14": "NUL",
	}
	for _, it := range items {
		var e *evident.Error
		if errors.As(it.Err, &e) {
			if m, ok := msgs[e.Input]; ok && !strings.Contains(e.Error(), m) {
				t.Errorf("error %q does not contain %q", e.Error(), m)
			}
		}
	}
}

// TestReadJSONLLongLines checks that lines longer than bufio's buffer are
// read whole.
func TestReadJSONLLongLines(t *testing.T) {
	text := strings.Repeat("word ", 100_000) // 500 kB
	var b bytes.Buffer
	for i := range 3 {
		fmt.Fprintf(&b, `{"id":"d%d","text":%q}`+"\n", i, text)
	}
	i := 0
	for it := range ReadJSONL(&b, "long.jsonl", Options{}) {
		if it.Err != nil {
			t.Fatal(it.Err)
		}
		if it.Doc.Text != text || it.Doc.ID != "d"+strconv.Itoa(i) {
			t.Fatalf("doc %d: id %s, text of %d bytes", i, it.Doc.ID, len(it.Doc.Text))
		}
		i++
	}
	if i != 3 {
		t.Fatalf("read %d docs, want 3", i)
	}
}

func TestReadJSONLStopsWhenAsked(t *testing.T) {
	data := strings.Repeat(`{"text":"x"}`+"\n", 10)
	n := 0
	for range ReadJSONL(strings.NewReader(data), "s.jsonl", Options{}) {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Fatalf("n = %d", n)
	}
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"id": "a", "text": "hello", "published": "2017-04-05"}` + "\n" + `{"text": "x"}`))
	f.Add([]byte("{\"id\": 1, \"text\": \"caf\xe9\"}\n\n{bad\n"))
	f.Add([]byte(`{"title": null, "published": null, "text": "\u00e9\ud800"}` + "\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		last := 0
		for it := range ReadJSONL(bytes.NewReader(data), "f.jsonl", Options{MaxBytes: 256}) {
			if (it.Doc == nil) == (it.Err == nil) {
				t.Fatalf("item with both or neither: %+v", it)
			}
			input := ""
			if it.Err != nil {
				var e *evident.Error
				if !errors.As(it.Err, &e) {
					t.Fatalf("error %T %v", it.Err, it.Err)
				}
				input = e.Input
			} else {
				checkDoc(t, it.Doc)
				if !utf8.ValidString(it.Doc.Text) || !utf8.ValidString(it.Doc.ID) || !utf8.ValidString(it.Doc.Title) {
					t.Fatalf("invalid UTF-8 in %+v", it.Doc)
				}
				input = it.Doc.Input
			}
			num, ok := strings.CutPrefix(input, "f.jsonl:")
			line, err := strconv.Atoi(num)
			if !ok || err != nil || line <= last || line > bytes.Count(data, []byte("\n"))+1 {
				t.Fatalf("input %q after line %d", input, last)
			}
			last = line
		}
	})
}
