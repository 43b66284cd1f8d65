//go:build !unix

package source

// oNonblock is 0 where there are no named pipes to block on.
const oNonblock = 0
