//go:build !unix

package pipeline

import "os"

// statter stats files by path (statfiles_unix.go stats them relative to
// their folder).
type statter struct{}

func newStatter() *statter { return &statter{} }

// stat stats the file at path, following a symbolic link.
func (s *statter) stat(path string) (fileStat, bool) {
	info, err := os.Stat(path)
	if err != nil {
		return fileStat{}, false
	}
	t := info.ModTime()
	return fileStat{regular: info.Mode().IsRegular(), size: info.Size(), sec: t.Unix(), nsec: t.Nanosecond()}, true
}

func (s *statter) close() {}
