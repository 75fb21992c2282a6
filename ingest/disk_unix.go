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
	return &rawFile{fd: fd, path: path}, st.Size, fileMode(uint32(st.Mode)), nil
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
// short read for the end of the file, as it is on a regular file, rather
// than read again to be told so.
func (f *rawFile) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		m, err := syscall.Pread(f.fd, p[n:], off+int64(n))
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return n, &fs.PathError{Op: "read", Path: f.path, Err: err}
		}
		if m <= 0 {
			return n, io.EOF
		}
		n += m
		if n < len(p) {
			return n, io.EOF
		}
	}
	return n, nil
}

func (f *rawFile) Close() error { return syscall.Close(f.fd) }
