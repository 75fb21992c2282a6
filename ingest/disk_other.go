//go:build !unix

package ingest

import (
	"io/fs"
	"os"
	"syscall"
)

// openRegular opens the file at path for reading, without blocking should
// it have become a pipe since the caller's Stat, and returns its size and
// mode as the open file has them.
func openRegular(path string) (file, int64, fs.FileMode, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, 0, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, 0, err
	}
	return f, info.Size(), info.Mode(), nil
}
