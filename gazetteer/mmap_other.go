//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package gazetteer

import (
	"io"
	"os"
)

// maxIndexSize bounds the size of an index file that is read in full.
const maxIndexSize = 1 << 40

// mapFile reads the whole file: this platform has no mmap here.
func mapFile(f *os.File, size int64) ([]byte, bool, error) {
	if int64(int(size)) != size {
		return nil, false, errTooLarge
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, false, err
	}
	return b, false, nil
}

func unmapFile([]byte) error { return nil }
