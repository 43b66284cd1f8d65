package gazetteer

import (
	"bytes"
	_ "embed"
	"sync"
)

// defaultData is the embedded default gazetteer. It is generated, not
// edited by hand; rebuild it from the GeoNames and countries-states-cities
// files in ../shared/gazetteer with (from the repository root):
//
//	go run ./gazetteer/internal/builddefault -shared ../shared/gazetteer -out gazetteer/data/default.tsv.gz
//
// docs/gazetteer.md describes its contents and the attribution it needs.
//
//go:embed data/default.tsv.gz
var defaultData []byte

var defaultOnce = sync.OnceValues(func() (*Gazetteer, error) {
	return readCompact(bytes.NewReader(defaultData), gzipSize(defaultData))
})

// Default returns the embedded default gazetteer, loaded once per process
// on first use. The result is shared and immutable.
func Default() (*Gazetteer, error) { return defaultOnce() }

// gzipSize returns the decompressed size recorded in a gzip trailer
// (modulo 4 GiB), or 0.
func gzipSize(b []byte) int {
	if len(b) < 18 {
		return 0
	}
	t := b[len(b)-4:]
	return int(uint32(t[0]) | uint32(t[1])<<8 | uint32(t[2])<<16 | uint32(t[3])<<24)
}
