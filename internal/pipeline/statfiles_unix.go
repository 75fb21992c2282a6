//go:build unix

package pipeline

import (
	"path/filepath"

	"golang.org/x/sys/unix"
)

// statter stats files relative to their folder, through a descriptor of
// the folder kept while the files come from it: the kernel then walks one
// name instead of the whole path, and nothing is allocated. os.Stat took
// 4.2–5.3 µs a file here against 2.4–2.7 µs (the run with nothing new
// stats every file of the inbox). One statter belongs to one goroutine;
// it holds one folder open at a time (the files come sorted, a folder's
// together).
type statter struct {
	dir string // the folder fd is open on, with its trailing separator
	fd  int    // -1: none
}

func newStatter() *statter { return &statter{fd: -1} }

// stat stats the file at path, following a symbolic link as os.Stat does.
func (s *statter) stat(path string) (fileStat, bool) {
	dir, name := filepath.Split(path)
	if dir != s.dir || s.fd < 0 {
		s.close()
		s.dir = dir
		for {
			fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
			if err != unix.EINTR {
				if err == nil {
					s.fd = fd
				}
				break
			}
		}
	}
	var st unix.Stat_t
	for {
		var err error
		if s.fd >= 0 {
			err = unix.Fstatat(s.fd, name, &st, 0)
		} else {
			err = unix.Stat(path, &st) // the folder would not open: by path, as before
		}
		if err == nil {
			break
		}
		if err != unix.EINTR {
			return fileStat{}, false
		}
	}
	return fileStat{
		regular: st.Mode&unix.S_IFMT == unix.S_IFREG,
		size:    st.Size,
		sec:     int64(st.Mtim.Sec),
		nsec:    int(st.Mtim.Nsec),
	}, true
}

// close closes the folder's descriptor.
func (s *statter) close() {
	if s.fd >= 0 {
		unix.Close(s.fd)
		s.fd = -1
	}
}
