package wordscan

import (
	"context"

	"github.com/evident-org/evident"
)

// EachSentence calls fn with the index, start offset and text of every sentence of a
// that is a non-empty span of a.Doc.Text, skipping the others. It checks
// ctx every 64 sentences and returns its error once it is done. It does
// nothing when a.Doc is nil.
func EachSentence(ctx context.Context, a *evident.Analysis, fn func(si, start int, text string)) error {
	if a.Doc == nil {
		return nil
	}
	text := a.Doc.Text
	for si, sent := range a.Sentences {
		if si%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if sent.Start < 0 || sent.End > len(text) || sent.Start >= sent.End {
			continue
		}
		fn(si, sent.Start, text[sent.Start:sent.End])
	}
	return nil
}
