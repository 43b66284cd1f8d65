package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/evident-org/evident"
)

// Format names, as stored in Document.Format.
const (
	FormatText  = "text"
	FormatHTML  = "html"
	FormatJSONL = "jsonl"
	FormatFeed  = "feed"
)

// ReadText reads one plain-text document from r. name is the input's name:
// a file path (the id is the file name without its extension), an http(s)
// URL (the id is URLID(name)) or "-"/"" (the id is evident.HashID(text)).
// The text is kept as is, except that a UTF-8 byte order mark is dropped and
// UTF-16 with a byte order mark is decoded; binary content, invalid UTF-8
// and empty text are rejected with an *evident.Error naming the input.
func ReadText(r io.Reader, name string, opt Options) (*evident.Document, error) {
	opt, err := opt.prepare()
	if err != nil {
		return nil, err
	}
	b, err := readLimited(r, name, opt.MaxBytes)
	if err != nil {
		return nil, err
	}
	return textDoc(name, b)
}

func textDoc(name string, b []byte) (*evident.Document, error) {
	text, err := decodeText(name, b)
	if err != nil {
		return nil, err
	}
	if err := checkText(name, text); err != nil {
		return nil, err
	}
	doc := &evident.Document{
		ID:          docID(name, text),
		Text:        text,
		Input:       name,
		Format:      FormatText,
		ContentHash: evident.HashText(text),
	}
	if isURL(name) {
		doc.URL, _ = normalizeURL(name)
	}
	return doc, nil
}

// docID is the id rule shared by the text and HTML readers.
func docID(name, text string) string {
	switch {
	case isURL(name):
		return URLID(name)
	case name == "" || name == "-":
		return evident.HashID(text)
	}
	return fileID(name)
}

// fileID returns the file name of path without its extension.
func fileID(path string) string {
	base := filepath.Base(path)
	if stem := strings.TrimSuffix(base, filepath.Ext(base)); stem != "" {
		return stem
	}
	return base
}

// readSized reads all of r, expected to hold size bytes (a file's size),
// into one buffer of that size: no growing copies, so reading a 19 MB
// file takes 19 MB. It fails with ETOOLARGE past max bytes, whatever size
// said; a size of 0 or less, or over max, reads as readLimited.
func readSized(r io.Reader, input string, max, size int64) ([]byte, error) {
	if size <= 0 || size > max {
		return readLimited(r, input, max)
	}
	b := make([]byte, 0, size+1) // +1: EOF is seen without growing
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // the file grew
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > max {
			return nil, tooLarge(input, -1, max)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, ioError(input, err)
		}
	}
}

// readLimited reads all of r, failing with ETOOLARGE past max bytes
// without buffering more than max+1 bytes.
func readLimited(r io.Reader, input string, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, ioError(input, err)
	}
	if int64(len(b)) > max {
		return nil, tooLarge(input, -1, max)
	}
	return b, nil
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decodeText turns raw bytes into a UTF-8 string, strictly: a UTF-8 BOM is
// dropped, UTF-16 with a BOM is decoded, anything else must be valid UTF-8
// without NUL bytes. The string shares b's memory (a big file is not held
// twice): b must not change afterwards. Every caller passes a buffer it
// has just read and never writes again.
func decodeText(input string, b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		b = b[len(bomUTF8):]
	case bytes.HasPrefix(b, bomUTF16LE):
		return decodeUTF16(input, b[2:], false)
	case bytes.HasPrefix(b, bomUTF16BE):
		return decodeUTF16(input, b[2:], true)
	}
	if err := checkBytes(input, b); err != nil {
		return "", err
	}
	if len(b) == 0 {
		return "", nil
	}
	return unsafe.String(&b[0], len(b)), nil
}

// checkBytes rejects binary content (a NUL byte) and invalid UTF-8, giving
// the byte offset of the first offending byte.
func checkBytes(input string, b []byte) error {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return evident.Errorf(evident.EINVALID, input, "binary content, not text (NUL byte at offset %d)", i)
	}
	if i := invalidUTF8(b); i >= 0 {
		return evident.Errorf(evident.EINVALID, input, "invalid UTF-8 at byte offset %d", i)
	}
	return nil
}

// checkText rejects text that cannot become a Document.Text.
func checkText(input, text string) error {
	if i := strings.IndexByte(text, 0); i >= 0 {
		return evident.Errorf(evident.EINVALID, input, "binary content, not text (NUL at text offset %d)", i)
	}
	if i := invalidUTF8([]byte(text)); i >= 0 {
		return evident.Errorf(evident.EINVALID, input, "invalid UTF-8 at text offset %d", i)
	}
	if strings.TrimSpace(text) == "" {
		return evident.Errorf(evident.EINVALID, input, "empty document: no text")
	}
	return nil
}

// invalidUTF8 returns the offset of the first invalid UTF-8 sequence in b,
// or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// decodeUTF16 decodes UTF-16 without a BOM, rejecting odd lengths and
// unpaired surrogates with their byte offset (counted after the BOM).
func decodeUTF16(input string, b []byte, bigEndian bool) (string, error) {
	if len(b)%2 != 0 {
		return "", evident.Errorf(evident.EINVALID, input, "invalid UTF-16: odd length %d", len(b)+2)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	var sb strings.Builder
	sb.Grow(len(u))
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c == 0:
			return "", evident.Errorf(evident.EINVALID, input, "binary content, not text (NUL at byte offset %d)", 2*i+2)
		case utf16.IsSurrogate(rune(c)):
			if c < 0xDC00 && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] <= 0xDFFF {
				sb.WriteRune(utf16.DecodeRune(rune(c), rune(u[i+1])))
				i++
				continue
			}
			return "", evident.Errorf(evident.EINVALID, input, "invalid UTF-16: unpaired surrogate at byte offset %d", 2*i+2)
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String(), nil
}

// ioError turns an I/O error into an *evident.Error naming input.
func ioError(input string, err error) *evident.Error {
	var e *evident.Error
	if errors.As(err, &e) {
		return e
	}
	var pe *fs.PathError
	cause := err
	if errors.As(err, &pe) {
		cause = pe.Err
	}
	code := evident.EINTERNAL
	switch {
	case errors.Is(err, fs.ErrNotExist):
		code = evident.ENOTFOUND
	case errors.Is(err, fs.ErrPermission):
		code = evident.EINVALID
	case isTimeout(err):
		code = evident.ETIMEOUT
	}
	return &evident.Error{Code: code, Input: input, Message: "cannot read", Err: cause}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func lineInput(name string, line int) string { return fmt.Sprintf("%s:%d", name, line) }
