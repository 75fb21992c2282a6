package history

import (
	"os"

	"golang.org/x/sys/unix"
)

const writebackSupported = true

// writebackFile starts writing the dirty pages of the file at path to disk
// and returns without waiting for them (sync_file_range with
// SYNC_FILE_RANGE_WRITE). A missing file, or a file system that cannot,
// is no matter: the later sync does the work.
func writebackFile(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	_ = unix.SyncFileRange(int(f.Fd()), 0, 0, unix.SYNC_FILE_RANGE_WRITE)
}
