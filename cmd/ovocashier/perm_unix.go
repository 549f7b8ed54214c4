//go:build unix

package main

import (
	"io/fs"
	"os"
	"syscall"
)

// ownedBySelf reports whether the file belongs to the user running us.
func ownedBySelf(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !ok || int(st.Uid) == os.Getuid()
}
