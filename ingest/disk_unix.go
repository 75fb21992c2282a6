//go:build unix

package ingest

import (
	"io"
	"io/fs"
	"syscall"
)

// rawFile is a file opened for reading by its descriptor alone. An
// os.File costs a bulk import more than its reads: registering every file
// with the runtime's poller (which refuses regular files, one failed
// system call each), a finalizer, and a last read at the end of each file
// only to be told it has ended.
type rawFile struct {
	fd   int
	path string
	size int64 // as the open descriptor had it
}

// openRegular opens the file at path for reading, without blocking should
// it have become a pipe since the caller's Stat, and returns its size and
// mode as the open descriptor has them. Errors are those os.Open and
// File.Stat give, naming the path.
func openRegular(path string) (file, int64, fs.FileMode, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, 0, 0, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	var st syscall.Stat_t
	for {
		err = syscall.Fstat(fd, &st)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		syscall.Close(fd)
		return nil, 0, 0, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	return &rawFile{fd: fd, path: path, size: st.Size}, st.Size, fileMode(uint32(st.Mode)), nil
}

// fileMode is the type bits of a stat mode, as os gives them.
func fileMode(m uint32) fs.FileMode {
	switch m & syscall.S_IFMT {
	case syscall.S_IFREG:
		return 0
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}

// ReadAt reads len(p) bytes at off, as os.File.ReadAt does, but takes a
// short read that reaches the size the file had when opened for its end,
// rather than read again to be told so (a file grown since reads on).
func (f *rawFile) ReadAt(p []byte, off int64) (int, error) {
	return readAt(func(b []byte, at int64) (int, error) {
		for {
			n, err := syscall.Pread(f.fd, b, at)
			if err != syscall.EINTR {
				if err != nil {
					return 0, &fs.PathError{Op: "read", Path: f.path, Err: err}
				}
				return n, nil
			}
		}
	}, p, off, f.size)
}

// readAt fills p from off through pread, a file of size bytes when opened:
// io.EOF with what there is once a read returns nothing, or comes up short
// at or past size. A short read before size (a network or FUSE file system
// may give one) reads on.
func readAt(pread func([]byte, int64) (int, error), p []byte, off, size int64) (int, error) {
	n := 0
	for n < len(p) {
		m, err := pread(p[n:], off+int64(n))
		if err != nil {
			return n, err
		}
		if m <= 0 {
			return n, io.EOF
		}
		n += m
		if n < len(p) && off+int64(n) >= size {
			return n, io.EOF
		}
	}
	return n, nil
}

func (f *rawFile) Close() error { return syscall.Close(f.fd) }
