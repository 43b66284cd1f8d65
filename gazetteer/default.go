package gazetteer

import (
	_ "embed"
	"sync"
	"unsafe"
)

// defaultIndex is the embedded default gazetteer as a binary index. It is
// generated from data/default.tsv.gz (the compact file that
// internal/builddefault writes), never edited by hand: after changing the
// compact file, regenerate it with (from the repository root)
//
//	go generate ./gazetteer
//
// TestDefaultIndexCurrent fails while it is stale. docs/gazetteer.md
// describes its contents and the attribution it needs.
//
//go:generate go run gen_default.go
//go:embed defaultindex/default.idx
var defaultIndex string

var defaultOnce = sync.OnceValues(func() (*Gazetteer, error) {
	return openImage(defaultImage(), true)
})

// defaultImage is the embedded index as bytes; it aliases read-only
// data and must never be written.
func defaultImage() []byte {
	return unsafe.Slice(unsafe.StringData(defaultIndex), len(defaultIndex))
}

// Default returns the embedded default gazetteer, opened once per process
// on first use: the index is used in place, nothing is parsed. The result
// is shared and immutable.
func Default() (*Gazetteer, error) { return defaultOnce() }
