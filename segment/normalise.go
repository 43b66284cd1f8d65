// Package segment holds the first two pipeline stages: Normalise, which
// cleans a document's text before any span points into it, and Stage,
// which splits the text into sentences and tokens with byte offsets.
package segment

import (
	"context"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/evident-org/evident"
)

// Normalise is the first stage. It rewrites Doc.Text once, before any span
// exists, so that every later offset points into the normalised text that
// the store keeps: it drops a byte-order mark and NUL bytes, turns CRLF and
// CR into LF, applies Unicode NFC, and trims surrounding white space.
// Quotes and dashes are kept as written, so evidence reads like the source.
type Normalise struct{}

// Name implements evident.Stage.
func (Normalise) Name() string { return "normalise" }

// Process implements evident.Stage.
func (Normalise) Process(_ context.Context, a *evident.Analysis) error {
	t := NormaliseText(a.Doc.Text)
	if t != a.Doc.Text {
		a.Doc.Text = t
		a.Doc.ContentHash = evident.HashText(t)
		a.Doc.PublishedSpan = nil // offsets into the old text are void
	} else if a.Doc.ContentHash == "" {
		a.Doc.ContentHash = evident.HashText(t)
	}
	return nil
}

// NormaliseText returns text normalised as Normalise describes.
func NormaliseText(text string) string {
	text = strings.TrimPrefix(text, "\uFEFF")
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	if strings.IndexByte(text, 0) >= 0 {
		text = strings.ReplaceAll(text, "\x00", "")
	}
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text)
	}
	return strings.TrimSpace(text)
}
