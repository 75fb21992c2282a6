package inbox

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"

	"easyday"
)

// fsError handles an error from fsnotify. An overflow means events were
// lost, so only a rescan can tell what arrived.
func (w *watcher) fsError(ctx context.Context, err error) {
	if !errors.Is(err, fsnotify.ErrEventOverflow) {
		w.log.Warn("file events", "path", w.root, "error", err)
		return
	}
	if wait := overflowGap - w.clock.Now().Sub(w.lastFull); wait > 0 {
		if !w.soonSet {
			w.log.Warn("too many file events at once; rescanning the inbox shortly", "path", w.root)
			w.soonSet = true
			w.soon.Reset(wait)
		}
		return
	}
	w.log.Warn("too many file events at once; rescanning the inbox", "path", w.root)
	w.scan(ctx, true)
}

// event handles one fsnotify event. Events only say where to look: the
// file's current state comes from a fresh stat.
func (w *watcher) event(ctx context.Context, ev fsnotify.Event) {
	p := filepath.Clean(ev.Name)
	if p == w.root {
		if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
			w.loseRoot(errors.New("folder removed or renamed"))
		}
		return
	}
	if easyday.IgnoredName(filepath.Base(p)) {
		return
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.unwatch(p) // its watches, and those of folders below it, are stale
	}
	info, err := os.Lstat(p)
	switch {
	case err != nil:
		w.forget(p)
	case info.IsDir():
		if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
			// New, moved in, or re-created at once: watch it first, then list
			// it, so that nothing created in between is missed.
			w.scanDir(ctx, p, depthOf(w.root, p), true, nil)
		}
	case info.Mode().IsRegular():
		h := hintAttr
		if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Write) {
			h = hintWrite
		}
		w.touch(p, statOf(info), h)
	default:
		w.forget(p) // replaced by a link or a device: not ours
	}
}

func depthOf(root, p string) int {
	return strings.Count(strings.TrimPrefix(p, root), string(filepath.Separator))
}

// forget drops a file that is gone.
func (w *watcher) forget(p string) {
	delete(w.files, p)
	delete(w.queue, p)
}

// unwatch drops the watches of a folder that was removed or renamed, and of
// every folder below it: a renamed folder keeps its kernel watch under the
// old name otherwise.
func (w *watcher) unwatch(dir string) {
	if _, ok := w.dirs[dir]; !ok || w.fs == nil {
		return
	}
	prefix := dir + string(filepath.Separator)
	for d := range w.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			_ = w.fs.Remove(d) // already gone with the folder, most often
			delete(w.dirs, d)
		}
	}
}

// loseRoot notes that the inbox folder itself is gone and starts looking
// for it again.
func (w *watcher) loseRoot(err error) {
	if w.lost {
		return
	}
	w.lost = true
	w.log.Warn("inbox folder is gone; waiting for it to come back", "path", w.root, "error", err)
	if w.fs != nil {
		for d := range w.dirs {
			_ = w.fs.Remove(d)
		}
		clear(w.dirs)
		w.retry.Reset(w.retryEvery())
	}
}

// findRoot looks for a lost inbox folder; when it is back, every file in it
// is a candidate.
func (w *watcher) findRoot(ctx context.Context) {
	if !w.lost {
		return
	}
	if info, err := os.Stat(w.root); err != nil || !info.IsDir() {
		w.retry.Reset(w.retryEvery())
		return
	}
	w.scan(ctx, true)
	if w.lost {
		w.retry.Reset(w.retryEvery())
	}
}
