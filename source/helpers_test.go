package source

import (
	"errors"
	"iter"
	"testing"

	"github.com/evident-org/evident"
)

// got is a comparable summary of one Item.
type got struct {
	ID, Input, Format string
	Title, Outlet     string
	Published         string // YYYY-MM-DD or ""
	URL               string
	Text              string
	Code              string // error code, "" for documents
	ErrInput          string
}

func summarise(t *testing.T, it Item) got {
	t.Helper()
	if (it.Doc == nil) == (it.Err == nil) {
		t.Fatalf("item must have exactly one of Doc and Err: %+v", it)
	}
	if it.Err != nil {
		var e *evident.Error
		if !errors.As(it.Err, &e) {
			t.Fatalf("error %v (%T) is not an *evident.Error", it.Err, it.Err)
		}
		return got{Code: e.Code, ErrInput: e.Input}
	}
	d := it.Doc
	checkDoc(t, d)
	g := got{ID: d.ID, Input: d.Input, Format: d.Format, Title: d.Title, Outlet: d.Outlet, URL: d.URL, Text: d.Text}
	if !d.Published.IsZero() {
		g.Published = d.Published.Format("2006-01-02")
	}
	return g
}

// checkDoc asserts the invariants every document must hold.
func checkDoc(t testing.TB, d *evident.Document) {
	t.Helper()
	if d.ID == "" || d.Input == "" || d.Format == "" {
		t.Errorf("document lacks id, input or format: %+v", d)
	}
	if d.ContentHash != evident.HashText(d.Text) {
		t.Errorf("%s: ContentHash does not match Text", d.Input)
	}
	if err := checkText(d.Input, d.Text); err != nil {
		t.Errorf("%s: bad text: %v", d.Input, err)
	}
	if d.Published.IsZero() != (d.PublishedFrom == "") {
		t.Errorf("%s: Published %v with PublishedFrom %q", d.Input, d.Published, d.PublishedFrom)
	}
	if !d.Published.IsZero() && (d.Published.Location().String() != "UTC" || d.Published.Hour() != 0 || d.Published.Minute() != 0 || d.Published.Second() != 0 || d.Published.Nanosecond() != 0) {
		t.Errorf("%s: Published %v is not midnight UTC", d.Input, d.Published)
	}
}

func collect(t *testing.T, seq iter.Seq[Item]) []got {
	t.Helper()
	var out []got
	for it := range seq {
		out = append(out, summarise(t, it))
	}
	return out
}
