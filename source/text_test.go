package source

import (
	"strings"
	"testing"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

func TestReadText(t *testing.T) {
	tests := []struct {
		name, input string
		data        string
		want        got
		msg         string // substring of the error message
	}{
		{name: "plain", input: "dir/bbc-mosul-from-the-sky.txt", data: "Mosul from the sky\n\nIS used human shields.\n",
			want: got{ID: "bbc-mosul-from-the-sky", Input: "dir/bbc-mosul-from-the-sky.txt", Format: "text", Text: "Mosul from the sky\n\nIS used human shields.\n"}},
		{name: "utf8 bom dropped", input: "a.b.txt", data: "\xEF\xBB\xBFCafé",
			want: got{ID: "a.b", Input: "a.b.txt", Format: "text", Text: "Café"}},
		{name: "utf16le bom", input: "u.txt", data: "\xFF\xFEH\x00i\x00 \x00=\xD8\x00\xDE", // "Hi 😀"
			want: got{ID: "u", Input: "u.txt", Format: "text", Text: "Hi 😀"}},
		{name: "utf16be bom", input: "u.txt", data: "\xFE\xFF\x00H\x00i",
			want: got{ID: "u", Input: "u.txt", Format: "text", Text: "Hi"}},
		{name: "stdin id is a hash", input: "-", data: "hello",
			want: got{ID: evident.HashID("hello"), Input: "-", Format: "text", Text: "hello"}},
		{name: "binary", input: "b.txt", data: "PK\x03\x04\x00\x00junk",
			want: got{Code: evident.EINVALID, ErrInput: "b.txt"}, msg: "NUL byte at offset 4"},
		{name: "invalid utf8", input: "l.txt", data: "caf\xe9 au lait",
			want: got{Code: evident.EINVALID, ErrInput: "l.txt"}, msg: "invalid UTF-8 at byte offset 3"},
		{name: "truncated utf8 at end", input: "l.txt", data: "ok \xe2\x82",
			want: got{Code: evident.EINVALID, ErrInput: "l.txt"}, msg: "byte offset 3"},
		{name: "unpaired surrogate", input: "s.txt", data: "\xFF\xFEa\x00\x00\xD8b\x00",
			want: got{Code: evident.EINVALID, ErrInput: "s.txt"}, msg: "unpaired surrogate at byte offset 4"},
		{name: "empty", input: "e.txt", data: "",
			want: got{Code: evident.EINVALID, ErrInput: "e.txt"}, msg: "empty document"},
		{name: "whitespace only", input: "w.txt", data: " \n\t\r\n \u00a0",
			want: got{Code: evident.EINVALID, ErrInput: "w.txt"}, msg: "empty document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ReadText(strings.NewReader(tt.data), tt.input, Options{})
			g := summarise(t, Item{Doc: doc, Err: err})
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("ReadText (-want +got):\n%s", diff)
			}
			if tt.msg != "" && (err == nil || !strings.Contains(err.Error(), tt.msg)) {
				t.Errorf("error %v does not contain %q", err, tt.msg)
			}
			if err != nil && !strings.HasPrefix(err.Error(), tt.input+": ") {
				t.Errorf("error %q does not start with the input name", err)
			}
		})
	}
}

func TestReadTextTooLarge(t *testing.T) {
	_, err := ReadText(strings.NewReader(strings.Repeat("a", 101)), "big.txt", Options{MaxBytes: 100})
	if evident.ErrorCode(err) != evident.ETOOLARGE || !strings.Contains(err.Error(), "big.txt") {
		t.Fatalf("err = %v, want ETOOLARGE naming big.txt", err)
	}
	if _, err := ReadText(strings.NewReader(strings.Repeat("a", 100)), "ok.txt", Options{MaxBytes: 100}); err != nil {
		t.Fatalf("exactly MaxBytes: %v", err)
	}
}

func TestOptions(t *testing.T) {
	o := Options{}.WithDefaults()
	if o.MaxBytes != DefaultMaxBytes || o.Timeout != DefaultTimeout || o.Client == nil || o.UserAgent != DefaultUserAgent || o.FetchItems {
		t.Errorf("WithDefaults = %+v", o)
	}
	for _, bad := range []Options{{MaxBytes: -1}, {Timeout: -1}} {
		if _, err := ReadText(strings.NewReader("x"), "x.txt", bad); evident.ErrorCode(err) != evident.EINVALID {
			t.Errorf("options %+v: err = %v, want EINVALID", bad, err)
		}
		n := 0
		for it := range Read(t.Context(), "x.txt", nil, bad) {
			n++
			if evident.ErrorCode(it.Err) != evident.EINVALID {
				t.Errorf("Read with %+v: %+v", bad, it)
			}
		}
		if n != 1 {
			t.Errorf("Read with bad options yielded %d items, want 1", n)
		}
	}
}
