//go:build unix

package ingest

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A file opened by its descriptor reads as os.File reads it, takes a
// short read for the end, and fails as os does, naming the path.
func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.fit")
	if err := os.WriteFile(path, []byte("0123456789"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, size, mode, err := openRegular(path)
	if err != nil {
		t.Fatal(err)
	}
	if size != 10 || !mode.IsRegular() {
		t.Errorf("size, mode = %d, %v; want 10, a regular file", size, mode)
	}
	p := make([]byte, 20)
	for _, c := range []struct {
		n, off int
		want   string
		err    error
	}{
		{4, 0, "0123", nil},
		{20, 5, "56789", io.EOF},
		{5, 5, "56789", nil},
		{3, 10, "", io.EOF},
		{3, 12, "", io.EOF},
	} {
		n, err := f.ReadAt(p[:c.n], int64(c.off))
		if string(p[:n]) != c.want || err != c.err {
			t.Errorf("ReadAt(%d bytes at %d) = %q, %v; want %q, %v", c.n, c.off, p[:n], err, c.want, c.err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ReadAt(p, 0); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("ReadAt after Close: %v, want an error naming %s", err, path)
	}

	_, _, _, err = openRegular(filepath.Join(dir, "missing.fit"))
	_, osErr := os.Open(filepath.Join(dir, "missing.fit"))
	if !errors.Is(err, fs.ErrNotExist) || err.Error() != osErr.Error() {
		t.Errorf("missing file: %v, want %v", err, osErr)
	}

	fifo := filepath.Join(dir, "pipe.fit")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	f, _, mode, err = openRegular(fifo) // returns at once: no writer needed
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if mode&fs.ModeNamedPipe == 0 {
		t.Errorf("mode of a named pipe = %v", mode)
	}
	f, _, mode, err = openRegular(dir)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !mode.IsDir() {
		t.Errorf("mode of a folder = %v", mode)
	}
}

// readAt takes a short read for the end only where the file ended when it
// was opened: before that it reads on, as it must on file systems that
// give short reads; past it (the file grew) a short read is the end.
func TestReadAtShortReads(t *testing.T) {
	content := []byte("0123456789")
	calls := 0
	// A file system that gives at most 3 bytes a read.
	pread := func(b []byte, off int64) (int, error) {
		calls++
		if off >= int64(len(content)) {
			return 0, nil
		}
		return copy(b[:min(len(b), 3)], content[off:]), nil
	}
	p := make([]byte, 16)
	n, err := readAt(pread, p, 0, int64(len(content)))
	if string(p[:n]) != string(content) || err != io.EOF {
		t.Errorf("readAt(3-byte reads) = %q, %v; want %q, EOF", p[:n], err, content)
	}
	if calls != 4 {
		t.Errorf("readAt made %d reads, want 4 (the last short one at the end)", calls)
	}
	// Opened at 4 bytes, grown to 10 since: the short read before 4 reads
	// on, the one past it is taken for the end (what a file being written
	// gives is a snapshot either way).
	n, err = readAt(pread, p, 0, 4)
	if string(p[:n]) != "012345" || err != io.EOF {
		t.Errorf("readAt(grown file, 3-byte reads) = %q, %v; want %q, EOF", p[:n], err, "012345")
	}
	// On a file system that gives whole reads, a grown file reads whole.
	whole := func(b []byte, off int64) (int, error) {
		if off >= int64(len(content)) {
			return 0, nil
		}
		return copy(b, content[off:]), nil
	}
	n, err = readAt(whole, p, 0, 4)
	if string(p[:n]) != string(content) || err != io.EOF {
		t.Errorf("readAt(grown file) = %q, %v; want %q, EOF", p[:n], err, content)
	}
	// A full read is no end.
	n, err = readAt(pread, p[:3], 0, int64(len(content)))
	if n != 3 || err != nil {
		t.Errorf("readAt(3 of 10) = %d, %v; want 3, nil", n, err)
	}
	// An error is returned with what was read.
	boom := errors.New("boom")
	n, err = readAt(func(b []byte, off int64) (int, error) {
		if off > 0 {
			return 0, boom
		}
		return copy(b[:2], content), nil
	}, p, 0, 10)
	if n != 2 || err != boom {
		t.Errorf("readAt(failing) = %d, %v; want 2, boom", n, err)
	}
}
