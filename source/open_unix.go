//go:build unix

package source

import "syscall"

// oNonblock makes opening a named pipe return at once instead of waiting
// for a writer; regular files ignore it.
const oNonblock = syscall.O_NONBLOCK
