package inbox

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"easyday"
)

// WatchOptions tunes Watch. Zero values take the defaults.
type WatchOptions struct {
	Settle time.Duration // default 2s
	Rescan time.Duration // default 10m
	Poll   time.Duration // 0: use fsnotify
	GiveUp time.Duration // default 1m: how long an incomplete file may stay unchanged before it is handed over Final
	Log    *slog.Logger  // nil: discard
}

// Ready is a file that has settled.
type Ready struct {
	Path  string
	Final bool // the file was reported incomplete before and has not changed for GiveUp: reject it if still incomplete
}

// Defaults of WatchOptions, and the watcher's own pacing.
const (
	defaultSettle = 2 * time.Second
	defaultRescan = 10 * time.Minute
	defaultGiveUp = time.Minute
	// coalesce delays each settle check a little so that files written
	// together are handed over in one batch; it stays well inside the
	// promise of "settle time + 1 second" to the report.
	coalesce = 10 * time.Millisecond
	// overflowGap keeps an event storm that overflows the kernel queue
	// again and again from turning into back-to-back rescans.
	overflowGap = time.Second
	// maxDepth bounds the folder walk: a bind mount can make a loop.
	maxDepth = 32
)

// Watch watches root until ctx is done. It calls handle with batches of settled files (sorted by path); handle returns the paths that were not complete yet (to retry). Watch never calls handle concurrently. It returns nil when ctx is cancelled, or an error when root cannot be watched at all.
//
// handle runs while Watch keeps listening, so files keep settling during a
// long batch; Watch returns only after a running handle has returned, so
// handle should give up soon once ctx is done. A path handed back in retry
// is watched until it changes (then it settles and is handed over again) or
// stays unchanged for GiveUp after handle returned it (then it is handed
// over once more with Final set); retry paths that were not in the batch,
// or were Final, are ignored.
func Watch(ctx context.Context, root string, opts WatchOptions, handle func(ctx context.Context, batch []Ready) (retry []string)) error {
	return watch(ctx, root, opts, handle, realClock{})
}

// watch is Watch on the clock clk.
func watch(ctx context.Context, root string, opts WatchOptions, handle func(ctx context.Context, batch []Ready) (retry []string), clk clock) error {
	if handle == nil {
		return errors.New("watch inbox: no handler")
	}
	root = filepath.Clean(root)
	info, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("watch inbox: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("watch inbox: %s is not a folder", root)
	}
	w := newWatcher(root, opts, handle, clk)
	if w.opts.Poll == 0 {
		fw, err := fsnotify.NewWatcher()
		if err != nil {
			return fmt.Errorf("watch inbox: %w", watchHint(err))
		}
		defer fw.Close()
		if err := fw.Add(root); err != nil {
			return fmt.Errorf("watch inbox %s: %w", root, watchHint(err))
		}
		w.fs = fw
	}
	return w.run(ctx)
}

// watchHint explains the errors a runner can fix: inotify's per-user
// limits, which Linux reports as a full disk or too many open files.
func watchHint(err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%w (too many folders watched: raise fs.inotify.max_user_watches or use polling)", err)
	case errors.Is(err, syscall.EMFILE):
		return fmt.Errorf("%w (too many file watchers: raise fs.inotify.max_user_instances or use polling)", err)
	}
	return err
}

// fileStat is what tells a file changed: its size and modification time.
type fileStat struct {
	size  int64
	mtime int64 // Unix nanoseconds: a third of a time.Time, for 10,000 files
}

func statOf(info fs.FileInfo) fileStat {
	return fileStat{size: info.Size(), mtime: info.ModTime().UnixNano()}
}

// candidate is a file waiting to settle, or one handle reported incomplete
// that waits to change or to give up.
type candidate struct {
	fileStat
	changed    time.Time // when the watcher last saw it change
	incomplete time.Time // non-zero: when handle reported it incomplete
}

func (c *candidate) due(o *WatchOptions) time.Time {
	if !c.incomplete.IsZero() {
		return c.incomplete.Add(o.GiveUp)
	}
	return c.changed.Add(o.Settle)
}

// handoff is a settled file waiting for, or in, a batch.
type handoff struct {
	fileStat
	final bool
}

// hint is what told the watcher to look at a file.
type hint int

const (
	hintWrite hint = iota // created, renamed into place or written: settle again even if it looks the same
	hintAttr              // attributes changed: only a different size or time counts
	hintScan              // found by a rescan: a candidate unless it is already on its way
	hintPoll              // found by a poll: a candidate when new or changed since the last poll
)

// batchResult is what a batch's handle returned.
type batchResult struct {
	retry []string
	panic any // handle panicked: re-raised in Watch's goroutine
}

// watcher is Watch's state; one goroutine (run) owns all of it.
type watcher struct {
	root   string
	opts   WatchOptions
	handle func(context.Context, []Ready) []string
	log    *slog.Logger
	clock  clock

	fs   *fsnotify.Watcher   // nil when polling
	dirs map[string]struct{} // folders with an fsnotify watch

	files    map[string]*candidate // waiting to settle or to give up
	queue    map[string]handoff    // settled, waiting for the next batch
	inflight map[string]handoff    // the batch handle is working on
	seen     map[string]fileStat   // polling: every file of the last scan

	busy bool
	done chan batchResult

	check   timer     // fires at the earliest due candidate
	checkAt time.Time // zero when check is not armed
	soon    timer     // a rescan put off by overflowGap
	soonSet bool
	retry   timer // looks for a lost inbox folder
	poll    ticker
	pollC   <-chan time.Time

	lost      bool      // the inbox folder is gone
	lastFull  time.Time // last full rescan
	warnedAdd bool      // a folder could not be watched during this scan
}

func newWatcher(root string, opts WatchOptions, handle func(context.Context, []Ready) []string, clk clock) *watcher {
	if opts.Settle <= 0 {
		opts.Settle = defaultSettle
	}
	if opts.Rescan <= 0 {
		opts.Rescan = defaultRescan
	}
	if opts.GiveUp <= 0 {
		opts.GiveUp = defaultGiveUp
	}
	if opts.Poll < 0 {
		opts.Poll = 0
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &watcher{
		root:   root,
		opts:   opts,
		handle: handle,
		log:    log,
		dirs:   make(map[string]struct{}),
		files:  make(map[string]*candidate),
		queue:  make(map[string]handoff),
		done:   make(chan batchResult, 1),
		clock:  clk,
		check:  stoppedTimer(clk),
		soon:   stoppedTimer(clk),
		retry:  stoppedTimer(clk),
	}
	if opts.Poll > 0 {
		w.startPolling(opts.Poll)
	}
	return w
}

func stoppedTimer(clk clock) timer {
	t := clk.NewTimer(time.Hour)
	t.Stop()
	return t
}

func (w *watcher) startPolling(every time.Duration) {
	w.opts.Poll = every
	w.seen = make(map[string]fileStat)
	w.poll = w.clock.NewTicker(every)
	w.pollC = w.poll.C()
}

// retryEvery is how often a lost inbox folder is looked for.
func (w *watcher) retryEvery() time.Duration {
	return min(max(w.opts.Settle/4, 50*time.Millisecond), time.Second)
}

func (w *watcher) run(ctx context.Context) error {
	defer func() {
		w.check.Stop()
		w.soon.Stop()
		w.retry.Stop()
		if w.poll != nil {
			w.poll.Stop()
		}
	}()
	var (
		events <-chan fsnotify.Event
		errs   <-chan error
	)
	if w.fs != nil {
		events, errs = w.fs.Events, w.fs.Errors
		w.log.Debug("watching inbox", "path", w.root, "settle", w.opts.Settle.String())
	} else {
		w.log.Debug("polling inbox", "path", w.root, "every", w.opts.Poll.String(), "settle", w.opts.Settle.String())
	}
	rescan := w.clock.NewTicker(w.opts.Rescan)
	defer rescan.Stop()
	w.scan(ctx, true)
	for {
		w.dispatch(ctx)
		select {
		case <-ctx.Done():
			if w.busy {
				if r := <-w.done; r.panic != nil {
					panic(r.panic)
				}
			}
			return nil
		case ev, ok := <-events:
			if !ok {
				// The event reader stopped on its own: keep the promise by polling.
				w.log.Warn("file events stopped; polling the inbox instead", "path", w.root)
				events, errs = nil, nil
				w.fs = nil
				w.startPolling(max(w.opts.Settle, time.Second))
				continue
			}
			w.event(ctx, ev)
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			w.fsError(ctx, err)
		case <-w.check.C():
			w.checkAt = time.Time{}
			w.settle()
		case <-rescan.C():
			w.scan(ctx, true)
		case <-w.soon.C():
			w.soonSet = false
			w.scan(ctx, true)
		case <-w.pollC:
			w.scan(ctx, false)
		case <-w.retry.C():
			w.findRoot(ctx)
		case r := <-w.done:
			if r.panic != nil {
				panic(r.panic)
			}
			w.finish(r.retry)
		}
	}
}

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

// touch records that a file was seen with st, making it a candidate when h
// says so, and restarting its settle time when it changed.
func (w *watcher) touch(p string, st fileStat, h hint) {
	now := w.clock.Now()
	rewritten := h == hintWrite
	if c := w.files[p]; c != nil {
		if rewritten || c.fileStat != st {
			c.fileStat, c.changed, c.incomplete = st, now, time.Time{}
			w.schedule(now.Add(w.opts.Settle))
		}
		return
	}
	if q, ok := w.queue[p]; ok {
		if !rewritten && q.fileStat == st {
			return
		}
		delete(w.queue, p) // changed after it settled: settle again
	} else {
		switch h {
		case hintAttr:
			return // a chmod or a touch of a file already handed over
		case hintScan:
			if q, ok := w.inflight[p]; ok && q.fileStat == st {
				return // handle is reading it right now
			}
		case hintPoll:
			if old, ok := w.seen[p]; ok && old == st {
				return
			}
		}
	}
	w.files[p] = &candidate{fileStat: st, changed: now}
	w.schedule(now.Add(w.opts.Settle))
}

// schedule makes sure a settle check runs at t (a little after, to gather
// files due together).
func (w *watcher) schedule(t time.Time) {
	t = t.Add(coalesce)
	if !w.checkAt.IsZero() && !t.Before(w.checkAt) {
		return
	}
	w.checkAt = t
	w.check.Reset(t.Sub(w.clock.Now()))
}

// settle re-stats every candidate that is due: unchanged for Settle, it
// joins the queue; reported incomplete and unchanged for GiveUp, it joins
// the queue as Final; changed, it starts over; gone, it is dropped.
func (w *watcher) settle() {
	now := w.clock.Now()
	var next time.Time
	for p, c := range w.files {
		due := c.due(&w.opts)
		if now.Before(due) {
			next = earliest(next, due)
			continue
		}
		info, err := os.Lstat(p)
		if err != nil || !info.Mode().IsRegular() {
			delete(w.files, p)
			continue
		}
		if st := statOf(info); st != c.fileStat {
			c.fileStat, c.changed, c.incomplete = st, now, time.Time{}
			next = earliest(next, now.Add(w.opts.Settle))
			continue
		}
		final := !c.incomplete.IsZero()
		if final {
			w.log.Debug("incomplete file stopped changing; handing it over a last time", "path", p)
		}
		delete(w.files, p)
		w.queue[p] = handoff{fileStat: c.fileStat, final: final}
	}
	if !next.IsZero() {
		w.schedule(next)
	}
}

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

// dispatch hands the queue to handle when it is idle. A queued file that
// changed since it settled goes back to settling.
func (w *watcher) dispatch(ctx context.Context) {
	if w.busy || len(w.queue) == 0 || ctx.Err() != nil {
		return
	}
	now := w.clock.Now()
	paths := slices.Sorted(maps.Keys(w.queue))
	batch := make([]Ready, 0, len(paths))
	inflight := make(map[string]handoff, len(paths))
	for _, p := range paths {
		q := w.queue[p]
		delete(w.queue, p)
		info, err := os.Lstat(p)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if st := statOf(info); st != q.fileStat {
			w.files[p] = &candidate{fileStat: st, changed: now}
			w.schedule(now.Add(w.opts.Settle))
			continue
		}
		batch = append(batch, Ready{Path: p, Final: q.final})
		inflight[p] = q
	}
	if len(batch) == 0 {
		return
	}
	w.busy, w.inflight = true, inflight
	go func() {
		var r batchResult
		defer func() {
			if v := recover(); v != nil {
				r.panic = fmt.Sprintf("inbox.Watch: handle panicked: %v\n%s", v, debug.Stack())
			}
			w.done <- r
		}()
		r.retry = w.handle(ctx, batch)
	}()
}

// finish takes handle's answer: each file it reported incomplete waits to
// change, or to stay unchanged for GiveUp.
func (w *watcher) finish(retry []string) {
	now := w.clock.Now()
	for _, p := range retry {
		p = filepath.Clean(p)
		q, ok := w.inflight[p]
		if !ok || q.final {
			continue // not ours, or already handed over for the last time
		}
		if _, ok := w.files[p]; ok {
			continue // changed while handle read it: it settles again
		}
		if _, ok := w.queue[p]; ok {
			continue
		}
		c := &candidate{fileStat: q.fileStat, changed: now, incomplete: now}
		w.files[p] = c
		w.schedule(c.due(&w.opts))
	}
	w.busy, w.inflight = false, nil
}
