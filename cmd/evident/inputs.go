package main

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/source"
)

// InputFlags are the reading limits of the commands that read inputs.
type InputFlags struct {
	MaxBytes string `name:"max-bytes" help:"Largest input accepted: a file, a fetched page, a stdin document or one JSONL line (e.g. 50MB, 1GiB; default 20MiB)." placeholder:"SIZE"`
	// AnyContentType relaxes the fetched content types.
	AnyContentType bool `name:"any-content-type" help:"Read a fetched URL whatever its Content-Type (by default only HTML, XHTML, RSS/Atom/XML, JSON Lines and text/plain are read)."`
	FetchFlags     `embed:""`
}

// FetchFlags open fetches to addresses that are not public; ingest,
// extract and serve share them.
type FetchFlags struct {
	FetchAllowPrivate bool   `name:"fetch-allow-private" help:"Let fetches reach loopback, private, link-local and other non-public addresses (refused by default; docs/security.md)."`
	FetchAllow        string `name:"fetch-allow" help:"Networks fetches may reach although they are not public, comma-separated (e.g. 10.1.0.0/16,192.168.1.7)." placeholder:"CIDR,..."`
}

// cliFetchHint ends a refusal the CLI prints.
const cliFetchHint = "use --fetch-allow-private or --fetch-allow CIDR to allow"

// client returns the one fetch client the flags ask for; hint ends its
// refusals.
func (f FetchFlags) client(hint string) (*source.Client, error) {
	allow, err := source.ParseCIDRs(f.FetchAllow)
	if err != nil {
		return nil, evident.Errorf(evident.EINVALID, "--fetch-allow", "%v", err)
	}
	return source.NewClient(source.ClientConfig{AllowPrivate: f.FetchAllowPrivate, Allow: allow, Hint: hint, KeepAlives: true}), nil
}

// options returns the source options the flags ask for.
func (f InputFlags) options() (source.Options, error) {
	o := source.Options{AnyContentType: f.AnyContentType}
	c, err := f.FetchFlags.client(cliFetchHint)
	if err != nil {
		return o, err
	}
	o.Client = c
	if f.MaxBytes != "" {
		n, err := source.ParseBytes(f.MaxBytes)
		if err != nil {
			return o, evident.Errorf(evident.EINVALID, "--max-bytes", "%v", err)
		}
		if n == 0 {
			return o, evident.Errorf(evident.EINVALID, "--max-bytes", "the limit must be above 0")
		}
		o.MaxBytes = n
	}
	return o, nil
}

// DataFlag says where the shared evaluation and corpus data live.
type DataFlag struct {
	Data string `name:"data" help:"Directory of the shared data (eval/, corpus/, seeds/). Default: $EVIDENT_DATA, else ../shared." placeholder:"DIR"`
}

// dir returns the data directory: --data, else EVIDENT_DATA, else
// ../shared.
func (f DataFlag) dir(m *Main) string {
	if f.Data != "" {
		return f.Data
	}
	if m.Getenv != nil {
		if d := m.Getenv("EVIDENT_DATA"); d != "" {
			return d
		}
	}
	return filepath.Join("..", "shared")
}

// describe is an input error as the CLI prints it: a size limit says how
// to raise it.
func describe(err error) string {
	msg := err.Error()
	var e *evident.Error
	if errors.As(err, &e) && e.Code == evident.ETOOLARGE && strings.Contains(e.Message, "limit") && !strings.Contains(e.Message, "decompress") {
		msg += "; raise it with --max-bytes"
	}
	return msg
}

// countDocuments estimates how many documents the inputs hold, for the
// progress bar: one per file and one per non-blank line of a JSON Lines
// file, hidden entries left out as the reader leaves them. ok is false when
// an input cannot be counted up front (stdin, a URL, a feed, a compressed
// file).
func countDocuments(inputs []string) (n int, ok bool) {
	for _, in := range inputs {
		if in == "-" || strings.Contains(in, "://") {
			return 0, false
		}
		err := filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != in && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				n++ // a pipe, device or socket: one error, never opened
				return nil
			}
			switch source.FormatByExt(p) {
			case source.FormatJSONL:
				lines, err := countLines(p)
				if err != nil {
					return err
				}
				n += lines
			case source.FormatFeed:
				return errUncountable
			default:
				if strings.HasSuffix(strings.ToLower(p), ".gz") {
					return errUncountable
				}
				n++
			}
			return nil
		})
		if err != nil {
			return 0, false
		}
	}
	return n, true
}

var errUncountable = errors.New("uncountable input")

// countLines counts the non-blank lines of a regular file.
func countLines(path string) (int, error) {
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return 1, err // not opened: the reader reports it
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 256<<10)
	n, blank := 0, true
	buf := make([]byte, 256<<10)
	for {
		k, err := r.Read(buf)
		for _, c := range buf[:k] {
			switch c {
			case '\n':
				if !blank {
					n++
				}
				blank = true
			case ' ', '\t', '\r':
			default:
				blank = false
			}
		}
		if err == io.EOF {
			if !blank {
				n++
			}
			return n, nil
		}
		if err != nil {
			return 0, err
		}
	}
}
