package eventeval

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/source"
)

// DefaultDocPaths are where gold documents are looked up by default, under
// the shared directory (../shared beside the repository): every JSON Lines
// corpus of shared/corpus, in lexical order, then shared/seeds (a directory
// of .txt files). Paths that do not exist are left out.
func DefaultDocPaths(shared string) []string {
	corpora, _ := filepath.Glob(filepath.Join(shared, "corpus", "*.jsonl")) // only ErrBadPattern
	var out []string
	for _, p := range append(corpora, filepath.Join(shared, "seeds")) {
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// maxMissing is how many missing documents FindDocuments names.
const maxMissing = 10

// FindDocuments fills the Doc, Text and TextPath of every gold document,
// looking each doc_id up in paths, in order; the first place that has it
// wins. A path is either
//
//   - a directory: the document is <dir>/<doc_id>.txt, read as plain text
//     (source.ReadText); it has no metadata, so the gold line's published
//     date stands in for it (see GoldDoc.Document); or
//   - a JSON Lines corpus (.jsonl, .ndjson) of {id, url, outlet, title,
//     published, text, ...} lines: the document is the line whose id is the
//     doc_id, built by source.ReadJSONL exactly as ingest builds it (title,
//     outlet, url, published and Input "file:LINE" included).
//
// Corpora are streamed once each and only the needed documents are kept;
// a corpus is not read once every document is found. goldName names the
// gold file in errors. A path that does not exist or is neither a
// directory nor a JSON Lines file is an error naming it, even when it is
// not needed; a doc_id found nowhere is an error naming goldName:line,
// the doc_id and the places searched (one line per missing document, the
// first maxMissing of them).
func FindDocuments(docs []GoldDoc, goldName string, paths []string) error {
	need := map[string]int{} // doc_id → index in docs
	for i := range docs {
		if docs[i].Doc == nil && docs[i].TextPath == "" {
			need[docs[i].DocID] = i
		}
	}
	dirs := make([]bool, len(paths))
	for i, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("gold documents: %w", err)
		}
		dirs[i] = fi.IsDir()
		if !dirs[i] && source.FormatByExt(p) != source.FormatJSONL {
			return fmt.Errorf("gold documents: %s is neither a directory of .txt files nor a JSON Lines corpus (.jsonl)", p)
		}
	}
	var searched []string
	var notes []string // unreadable corpus lines: a missing document may be one of them
	for pi, p := range paths {
		if len(need) == 0 {
			break
		}
		switch {
		case dirs[pi]:
			searched = append(searched, strings.TrimSuffix(p, string(filepath.Separator))+string(filepath.Separator)+"<doc_id>.txt")
			for id, i := range need {
				tp := filepath.Join(p, id+".txt")
				doc, err := readTextDoc(tp)
				if errors.Is(err, fs.ErrNotExist) {
					continue
				}
				if err != nil {
					return fmt.Errorf("%s:%d: %s: text: %w", goldName, docs[i].Line, id, err)
				}
				docs[i].Text, docs[i].TextPath = doc.Text, tp
				delete(need, id)
			}
		default:
			searched = append(searched, p)
			bad, err := scanCorpus(p, func(doc *evident.Document) bool {
				i, ok := need[doc.ID]
				if ok {
					docs[i].Doc, docs[i].Text, docs[i].TextPath = doc, doc.Text, doc.Input
					delete(need, doc.ID)
				}
				return len(need) > 0
			})
			if err != nil {
				return err
			}
			if bad != nil {
				notes = append(notes, fmt.Sprintf("%s has unreadable lines, the first: %v", p, bad))
			}
		}
	}
	if len(need) == 0 {
		return nil
	}
	where := "nowhere (no document paths)"
	if len(searched) > 0 {
		where = strings.Join(searched, ", ")
	}
	if len(notes) > 0 {
		where += "; " + strings.Join(notes, "; ")
	}
	var errs []error
	for i := range docs {
		if _, ok := need[docs[i].DocID]; ok {
			if len(errs) == maxMissing {
				errs = append(errs, fmt.Errorf("%s: and %d more doc_ids not found", goldName, len(need)-maxMissing))
				break
			}
			errs = append(errs, fmt.Errorf("%s:%d: doc_id %q not found in %s", goldName, docs[i].Line, docs[i].DocID, where))
		}
	}
	return errors.Join(errs...)
}

// readTextDoc reads a plain-text document.
func readTextDoc(path string) (*evident.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return source.ReadText(f, path, source.Options{})
}

// scanCorpus streams the documents of a JSON Lines corpus, built by
// source.ReadJSONL as ingest builds them, to fn until fn returns false.
// Lines that are not documents are skipped; the first one's error (or a
// read error, which ends the stream) is returned as bad. err is an error
// opening the file.
func scanCorpus(path string, fn func(*evident.Document) bool) (bad, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gold documents: %w", err)
	}
	defer f.Close()
	for it := range source.ReadJSONL(f, path, source.Options{}) {
		if it.Err != nil {
			// A bad line, or a read error (which ends the stream).
			if bad == nil {
				bad = it.Err
			}
			continue
		}
		if !fn(it.Doc) {
			break
		}
	}
	return bad, nil
}
