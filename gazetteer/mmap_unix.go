//go:build linux || darwin || freebsd || netbsd || openbsd

package gazetteer

import (
	"os"
	"syscall"
)

// maxIndexSize bounds the size of an index file (1 TiB).
const maxIndexSize = 1 << 40

// mapFile maps size bytes of f read-only.
func mapFile(f *os.File, size int64) ([]byte, bool, error) {
	if int64(int(size)) != size {
		return nil, false, errTooLarge
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, false, err
	}
	return b, true, nil
}

func unmapFile(b []byte) error { return syscall.Munmap(b) }
