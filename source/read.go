package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"iter"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/evident-org/evident"
)

// Item is one result of reading: exactly one of Doc and Err is set. Err is
// an *evident.Error whose Input names the file, "file:line", URL or feed
// item concerned.
type Item struct {
	Doc *evident.Document
	Err error
}

// Read reads input and yields its documents. input is a file, a directory
// (walked recursively in lexical order, hidden entries skipped), an http(s)
// URL or "-" for stdin. A bad file, line, item or URL yields an error Item
// and reading continues with the rest; only a canceled ctx stops the walk
// early (after one error Item saying so). See the package documentation for
// formats and ids.
func Read(ctx context.Context, input string, stdin io.Reader, opt Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		opt, err := opt.prepare()
		if err != nil {
			yield(Item{Err: err})
			return
		}
		var seq iter.Seq[Item]
		switch {
		case input == "-":
			seq = readStdin(ctx, stdin, opt)
		case isURL(input):
			seq = readURL(ctx, input, opt)
		default:
			seq = readPath(ctx, input, opt)
		}
		for it := range seq {
			if !yield(it) {
				return
			}
		}
	}
}

// FormatByExt returns the format chosen for a file name by its extension
// (case-insensitive), or "" when the content must be sniffed.
func FormatByExt(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text", ".md":
		return FormatText
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".jsonl", ".ndjson":
		return FormatJSONL
	case ".xml", ".rss", ".atom":
		return FormatFeed
	}
	return ""
}

func readPath(ctx context.Context, path string, opt Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		fi, err := os.Stat(path)
		if err != nil {
			yield(Item{Err: ioError(path, err)})
			return
		}
		if !fi.IsDir() {
			for it := range readFile(ctx, path, fi, opt) {
				if !yield(it) {
					return
				}
			}
			return
		}
		walkDir(ctx, path, opt, yield)
	}
}

// walkDir yields the documents of every non-hidden file under root, in
// lexical order. Symbolic links to files are read; links to directories
// are not followed.
func walkDir(ctx context.Context, root string, opt Options, yield func(Item) bool) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			yield(Item{Err: canceled(p, cerr)})
			return filepath.SkipAll
		}
		if err != nil {
			if !yield(Item{Err: ioError(p, err)}) {
				return filepath.SkipAll
			}
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if opt.OnSkip != nil {
				opt.OnSkip(p, "hidden")
			}
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		var fi fs.FileInfo
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err = os.Stat(p)
			if err == nil && fi.IsDir() {
				return nil // not followed: avoids cycles
			}
		} else {
			fi, err = d.Info()
		}
		if err != nil {
			if !yield(Item{Err: ioError(p, err)}) {
				return filepath.SkipAll
			}
			return nil
		}
		for it := range readFile(ctx, p, fi, opt) {
			if !yield(it) {
				return filepath.SkipAll
			}
		}
		return nil
	})
}

// readFile reads one file, choosing the reader by extension or, failing
// that, by content.
func readFile(ctx context.Context, path string, fi fs.FileInfo, opt Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		if err := checkRegular(path, fi); err != nil {
			yield(Item{Err: err})
			return
		}
		gz := isGzip(path)
		format := FormatByExt(path)
		if gz {
			format = FormatByExt(path[:len(path)-len(".gz")])
		}
		if !gz && format != FormatJSONL && fi.Mode().IsRegular() && fi.Size() > opt.MaxBytes {
			yield(Item{Err: tooLarge(path, fi.Size(), opt.MaxBytes)})
			return
		}
		fh, err := openRegular(path)
		if err != nil {
			yield(Item{Err: err})
			return
		}
		defer fh.Close()
		var f io.Reader = fh
		if gz {
			zr, err := gzip.NewReader(fh)
			if err != nil {
				yield(Item{Err: &evident.Error{Code: evident.EINVALID, Input: path, Message: "not a gzip file", Err: err}})
				return
			}
			defer zr.Close()
			f = &boundedReader{r: zr, left: opt.MaxDecompressedBytes, limit: opt.MaxDecompressedBytes, input: path}
		}
		if format == FormatJSONL {
			for it := range ReadJSONL(f, path, opt) {
				if !yield(it) {
					return
				}
			}
			return
		}
		size := fi.Size()
		if gz {
			size = 0
		}
		b, err := readSized(f, path, opt.MaxBytes, size)
		if err != nil {
			yield(Item{Err: err})
			return
		}
		if format == "" {
			format = sniff(b)
		}
		for it := range readBytes(ctx, b, path, format, opt) {
			if !yield(it) {
				return
			}
		}
	}
}

// checkRegular rejects what is not a regular file: named pipes (which
// would block reading forever), devices, sockets. fi is the file's own
// information, links followed.
func checkRegular(path string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	kind := "irregular file"
	switch m := fi.Mode(); {
	case m&fs.ModeNamedPipe != 0:
		kind = "named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		kind = "character device"
	case m&fs.ModeDevice != 0:
		kind = "device"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	case m.IsDir():
		kind = "directory"
	}
	return evident.Errorf(evident.EINVALID, path, "not a regular file: a %s; skipped (only regular files are read)", kind)
}

// openRegular opens a file that was a regular file when stated, without
// blocking if it has since been swapped for a named pipe (the open does
// not wait for a writer), and checks the opened file once more.
func openRegular(path string) (*os.File, error) {
	fh, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, ioError(path, err)
	}
	fi, err := fh.Stat()
	if err == nil {
		err = checkRegular(path, fi)
	}
	if err != nil {
		fh.Close()
		return nil, ioError(path, err)
	}
	return fh, nil
}

// isGzip reports whether a path names a gzip-compressed file.
func isGzip(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".gz") }

// boundedReader reads at most left bytes of r, then fails with an
// ETOOLARGE error naming the input: a .gz input may not expand past
// Options.MaxDecompressedBytes.
type boundedReader struct {
	r           io.Reader
	left, limit int64
	input       string
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a file of exactly the limit from a longer one.
		var one [1]byte
		if n, _ := b.r.Read(one[:]); n == 0 {
			return 0, io.EOF
		}
		return 0, evident.Errorf(evident.ETOOLARGE, b.input, "decompresses to more than the %s limit (a .gz input may not expand further)", HumanBytes(b.limit))
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

// readBytes reads an input already in memory with the given format.
func readBytes(ctx context.Context, b []byte, name, format string, opt Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		switch format {
		case FormatJSONL:
			for it := range ReadJSONL(bytes.NewReader(b), name, opt) {
				if !yield(it) {
					return
				}
			}
		case FormatFeed:
			for it := range ReadFeed(ctx, bytes.NewReader(b), name, opt) {
				if !yield(it) {
					return
				}
			}
		case FormatHTML:
			yield(item(htmlDoc(b, name, "", "")))
		default:
			yield(item(textDoc(name, b)))
		}
	}
}

// readStdin sniffs stdin: JSON Lines are streamed with inputs
// "stdin:LINE"; anything else is read whole (up to MaxBytes) as one
// document named "-".
func readStdin(ctx context.Context, stdin io.Reader, opt Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		if stdin == nil {
			yield(Item{Err: evident.Errorf(evident.EINVALID, "-", "no standard input")})
			return
		}
		br := bufio.NewReaderSize(stdin, 64<<10)
		head, err := br.Peek(4096)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			yield(Item{Err: ioError("-", err)})
			return
		}
		if firstByte(head) == '{' {
			for it := range ReadJSONL(br, "stdin", opt) {
				if !yield(it) {
					return
				}
			}
			return
		}
		b, err := readLimited(br, "-", opt.MaxBytes)
		if err != nil {
			yield(Item{Err: err})
			return
		}
		for it := range readBytes(ctx, b, "-", sniff(b), opt) {
			if !yield(it) {
				return
			}
		}
	}
}

// firstByte returns the first byte after a UTF-8 BOM and white space, or 0.
func firstByte(b []byte) byte {
	b = bytes.TrimLeft(bytes.TrimPrefix(b, bomUTF8), " \t\r\n\f\v")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// sniff guesses the format of content without a telling name: JSON Lines
// when the first non-space byte is "{", a feed when the root element is
// rss, feed or rdf:RDF, HTML when the root element is html or the content
// sniffs as text/html, else text (which rejects binary content).
func sniff(b []byte) string {
	if firstByte(b) == '{' {
		return FormatJSONL
	}
	switch rootElement(b) {
	case "rss", "feed", "rdf:rdf":
		return FormatFeed
	case "html":
		return FormatHTML
	}
	if strings.HasPrefix(http.DetectContentType(b), "text/html") {
		return FormatHTML
	}
	return FormatText
}

func isFeed(b []byte) bool { return sniff(b) == FormatFeed }

// rootElement returns the lower-cased name of the first element in the
// first 4 KiB of an XML or HTML document, skipping declarations,
// processing instructions and comments, or "" when the content does not
// start with markup.
func rootElement(b []byte) string {
	b = b[:min(len(b), 4096)]
	b = bytes.TrimPrefix(b, bomUTF8)
	for {
		b = bytes.TrimLeft(b, " \t\r\n\f\v")
		if len(b) < 2 || b[0] != '<' {
			return ""
		}
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b, []byte("-->"))
			if i < 0 {
				return ""
			}
			b = b[i+3:]
		case b[1] == '?' || b[1] == '!':
			i := bytes.IndexByte(b, '>')
			if i < 0 {
				return ""
			}
			b = b[i+1:]
		default:
			end := bytes.IndexAny(b[1:], " \t\r\n/>")
			if end < 0 {
				return ""
			}
			return strings.ToLower(string(b[1 : 1+end]))
		}
	}
}
