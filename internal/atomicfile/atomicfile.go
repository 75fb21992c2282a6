// Package atomicfile replaces files so that a reader, or the file system
// after a crash or power cut, sees either the old content or the new in
// full, never half: the new content goes to a temporary file beside the
// old one, is flushed to disk and renamed over it.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Write replaces path with data, mode perm, through a temporary file in
// path's folder that is flushed to disk, then renamed over path; the
// folder is flushed too. On any failure the temporary file is removed,
// path is as it was, and the error names path.
func Write(path string, data []byte, perm os.FileMode) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*") // 0600 until Chmod
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(f.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if err = errors.Join(err, f.Close()); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	SyncDir(filepath.Dir(path))
	return nil
}

// SyncDir flushes a folder's entries so that renames in it survive a power
// cut. It is best effort: some systems cannot open or sync a folder, and
// the files themselves are already complete on disk.
func SyncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
