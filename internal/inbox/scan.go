package inbox

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"easyday"
)

// fileStat is what tells a file changed: its size and modification time.
type fileStat struct {
	size  int64
	mtime int64 // Unix nanoseconds: a third of a time.Time, for 10,000 files
}

func statOf(info fs.FileInfo) fileStat {
	return fileStat{size: info.Size(), mtime: info.ModTime().UnixNano()}
}

// hint is what told the watcher to look at a file.
type hint int

const (
	hintWrite hint = iota // created, renamed into place or written: settle again even if it looks the same
	hintAttr              // attributes changed: only a different size or time counts
	hintScan              // found by a rescan: a candidate unless it is already on its way
	hintPoll              // found by a poll: a candidate when new or changed since the last poll
)

// scan walks the whole inbox. A full scan (at start, every Rescan, after an
// overflow) makes every file a candidate; a poll scan only new and changed
// ones.
func (w *watcher) scan(ctx context.Context, full bool) {
	if full {
		w.lastFull = w.clock.Now()
	}
	w.warnedAdd = false
	var seen map[string]fileStat
	if w.seen != nil {
		seen = make(map[string]fileStat, len(w.seen))
	}
	var dirs map[string]struct{}
	if w.fs != nil {
		dirs, w.dirs = w.dirs, make(map[string]struct{}, len(w.dirs))
	}
	err := w.scanDir(ctx, w.root, 0, full, seen)
	if w.fs != nil {
		// Folders gone since the last scan: drop what fsnotify may still hold.
		for d := range dirs {
			if _, ok := w.dirs[d]; !ok {
				_ = w.fs.Remove(d)
			}
		}
	}
	if err != nil && ctx.Err() == nil {
		w.loseRoot(err)
	}
	if err != nil && ctx.Err() != nil {
		return
	}
	if err == nil && w.lost {
		w.lost = false
		w.retry.Stop()
		w.log.Info("inbox folder is back", "path", w.root)
	}
	if seen != nil && (err == nil || errors.Is(err, fs.ErrNotExist)) {
		w.seen = seen // a share that failed to list keeps what it had
	}
}

// scanDir watches dir (when using events), then lists it, so that a file
// created in a new folder before its watch was added is found all the same.
// It records every regular file in seen when polling.
func (w *watcher) scanDir(ctx context.Context, dir string, depth int, full bool, seen map[string]fileStat) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if w.fs != nil {
		if err := w.fs.Add(dir); err != nil {
			if dir == w.root {
				return err
			}
			if !errors.Is(err, fs.ErrNotExist) {
				level := slog.LevelWarn
				if w.warnedAdd {
					level = slog.LevelDebug // one warning per scan is enough
				}
				w.warnedAdd = true
				w.log.Log(ctx, level, "cannot watch folder; it is read at each rescan only", "path", dir, "error", watchHint(err))
			}
		} else {
			w.dirs[dir] = struct{}{}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if seen != nil && !errors.Is(err, fs.ErrNotExist) {
			// A folder that failed to list keeps its files known, so that a
			// flaky share does not make them all new again.
			prefix := dir + string(filepath.Separator)
			for p, s := range w.seen {
				if strings.HasPrefix(p, prefix) {
					seen[p] = s
				}
			}
		}
		if dir != w.root && !errors.Is(err, fs.ErrNotExist) {
			w.log.Warn("cannot list folder", "path", dir, "error", err)
		}
		return err
	}
	h := hintPoll
	if full {
		h = hintScan
	}
	for _, e := range entries {
		name := e.Name()
		if easyday.IgnoredName(name) {
			continue
		}
		p := filepath.Join(dir, name)
		switch {
		case e.IsDir():
			if depth >= maxDepth {
				continue
			}
			if err := w.scanDir(ctx, p, depth+1, full, seen); err != nil && ctx.Err() != nil {
				return err
			}
		case e.Type().IsRegular():
			info, err := e.Info()
			if err != nil {
				continue // gone since the listing
			}
			st := statOf(info)
			if seen != nil {
				seen[p] = st
			}
			w.touch(p, st, h)
		}
	}
	return nil
}
