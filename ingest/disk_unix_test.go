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
