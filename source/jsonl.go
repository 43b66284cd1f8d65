package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"strings"

	"github.com/evident-org/evident"
)

// record is one JSON Lines document. Absent and null fields are empty.
type record struct {
	ID        json.RawMessage `json:"id"`
	URL       string          `json:"url"`
	Outlet    string          `json:"outlet"`
	Title     string          `json:"title"`
	Published json.RawMessage `json:"published"`
	Text      *string         `json:"text"`
}

// ReadJSONL streams JSON Lines documents from r, one object per line with
// the fields id, url, outlet, title, published and text (other fields are
// ignored, null is absent). Each document's Input is "name:LINE". The id is
// the id field (a string, or a number's literal), else
// evident.HashID(text). A published value ParseDate cannot read leaves
// Published zero. Blank lines are skipped. A line that is not valid UTF-8,
// not a JSON object, longer than opt.MaxBytes or without text yields an
// error item naming "name:LINE", and reading continues with the next line.
func ReadJSONL(r io.Reader, name string, opt Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		opt, err := opt.prepare()
		if err != nil {
			yield(Item{Err: err})
			return
		}
		br := bufio.NewReaderSize(r, 64<<10)
		var off int64 // byte offset of the current line in r
		for line := 1; ; line++ {
			b, n, tooLong, rerr := readLine(br, opt.MaxBytes)
			if n == 0 && rerr == io.EOF {
				return
			}
			input := lineInput(name, line)
			if rerr != nil && rerr != io.EOF {
				yield(Item{Err: ioError(input, rerr)})
				return
			}
			if line == 1 {
				b = bytes.TrimPrefix(b, bomUTF8)
			}
			var it Item
			switch {
			case tooLong:
				it.Err = evident.Errorf(evident.ETOOLARGE, input, "line is longer than the %s limit", HumanBytes(opt.MaxBytes))
			case len(bytes.TrimSpace(b)) == 0:
				// blank line
			default:
				it = jsonlDoc(b, input, off)
			}
			if (it.Doc != nil || it.Err != nil) && !yield(it) {
				return
			}
			off += n
			if rerr == io.EOF {
				return
			}
		}
	}
}

// readLine reads one line, without its line ending, keeping at most max
// bytes: a longer line is consumed and reported with tooLong. n counts
// every byte consumed.
func readLine(br *bufio.Reader, max int64) (line []byte, n int64, tooLong bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		n += int64(len(frag))
		frag = bytes.TrimSuffix(frag, []byte("\n"))
		if !tooLong {
			if int64(len(line)+len(frag)) > max+1 { // +1: a possible "\r"
				tooLong, line = true, nil
			} else {
				line = append(line, frag...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if int64(len(line)) > max {
			tooLong, line = true, nil
		}
		return line, n, tooLong, err
	}
}

// jsonlDoc decodes one non-blank line that starts at byte off of the input.
func jsonlDoc(b []byte, input string, off int64) Item {
	if i := invalidUTF8(b); i >= 0 {
		return Item{Err: evident.Errorf(evident.EINVALID, input, "invalid UTF-8 at byte offset %d of the line (offset %d of the input)", i, off+int64(i))}
	}
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil {
		return Item{Err: &evident.Error{Code: evident.EINVALID, Input: input, Message: "invalid JSON record", Err: err}}
	}
	if rec.Text == nil {
		return Item{Err: evident.Errorf(evident.EINVALID, input, `no "text" field: each line needs the document's text in "text" (fields read: id, url, outlet, title, published, text)`)}
	}
	text := *rec.Text
	if err := checkText(input, text); err != nil {
		return Item{Err: err}
	}
	id, err := rawID(rec.ID)
	if err != nil {
		return Item{Err: &evident.Error{Code: evident.EINVALID, Input: input, Message: "bad id", Err: err}}
	}
	if id == "" {
		id = evident.HashID(text)
	}
	doc := &evident.Document{
		ID:          id,
		URL:         strings.TrimSpace(rec.URL),
		Outlet:      strings.TrimSpace(rec.Outlet),
		Title:       strings.Join(strings.Fields(rec.Title), " "),
		Text:        text,
		Input:       input,
		Format:      FormatJSONL,
		ContentHash: evident.HashText(text),
	}
	var pub string
	if json.Unmarshal(rec.Published, &pub) == nil {
		if d, ok := ParseDate(pub); ok {
			doc.Published, doc.PublishedFrom = d, "metadata"
		}
	}
	return Item{Doc: doc}
}

// rawID reads an id given as a JSON string or number; null and absent are
// "".
func rawID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		err := json.Unmarshal(raw, &s)
		return strings.TrimSpace(s), err
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", errors.New("id must be a string or a number")
	}
	return n.String(), nil
}
