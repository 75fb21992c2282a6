package easyday

import (
	"path/filepath"
	"strings"
)

// IgnoredName reports whether a file name is one easyday never reads: hidden
// files and the temporaries of copies in flight (browsers, rsync, Syncthing,
// editors). The inbox skips such files (the watcher waits for them to be
// renamed into place) and ingest skips such archive members. The rule lives
// here, beside the domain, so that both use it without the decoders
// depending on the watcher.
func IgnoredName(name string) bool {
	base := filepath.Base(name)
	lower := strings.ToLower(base)
	switch {
	case strings.HasPrefix(base, "."), strings.HasPrefix(base, "~"):
		return true // dotfiles, rsync/Syncthing temporaries (.syncthing.*.tmp), Office locks
	case strings.HasSuffix(lower, ".part"), strings.HasSuffix(lower, ".crdownload"),
		strings.HasSuffix(lower, ".tmp"), strings.HasSuffix(lower, ".download"),
		strings.HasSuffix(lower, ".partial"), strings.HasSuffix(lower, "~"):
		return true
	case strings.HasPrefix(lower, "syncthing"), lower == "desktop.ini", lower == "thumbs.db":
		return true
	}
	return false
}
