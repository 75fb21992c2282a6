package inbox

import (
	"context"
	"easyday/internal/clock"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchOptions tunes Watch. Zero values take the defaults.
type WatchOptions struct {
	Settle time.Duration // default 2s
	Rescan time.Duration // default 10m
	Poll   time.Duration // 0: use fsnotify
	GiveUp time.Duration // default 1m: how long an incomplete file may stay unchanged before it is handed over Final
	Log    *slog.Logger  // nil: discard

	// taken, when set, is called with the name of each file event after
	// the watcher has handled it. Tests wait on it instead of on real
	// time: one inotify queue delivers events in order, so once an event
	// of a file written last is taken, so are those of everything before.
	taken func(name string)
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
	return watch(ctx, root, opts, handle, clock.Real)
}

// watch is Watch on the clock clk.
func watch(ctx context.Context, root string, opts WatchOptions, handle func(ctx context.Context, batch []Ready) (retry []string), clk clock.Clock) error {
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

// watcher is Watch's state; one goroutine (run) owns all of it.
type watcher struct {
	root   string
	opts   WatchOptions
	handle func(context.Context, []Ready) []string
	log    *slog.Logger
	clock  clock.Clock

	fs   *fsnotify.Watcher   // nil when polling
	dirs map[string]struct{} // folders with an fsnotify watch

	files    map[string]*candidate // waiting to settle or to give up
	queue    map[string]handoff    // settled, waiting for the next batch
	inflight map[string]handoff    // the batch handle is working on
	seen     map[string]fileStat   // polling: every file of the last scan

	busy bool
	done chan batchResult

	check   clock.Timer // fires at the earliest due candidate
	checkAt time.Time   // zero when check is not armed
	soon    clock.Timer // a rescan put off by overflowGap
	soonSet bool
	retry   clock.Timer // looks for a lost inbox folder
	poll    clock.Ticker
	pollC   <-chan time.Time

	lost      bool      // the inbox folder is gone
	lastFull  time.Time // last full rescan
	warnedAdd bool      // a folder could not be watched during this scan
}

func newWatcher(root string, opts WatchOptions, handle func(context.Context, []Ready) []string, clk clock.Clock) *watcher {
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

func stoppedTimer(clk clock.Clock) clock.Timer {
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
			if w.opts.taken != nil {
				w.opts.taken(ev.Name)
			}
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
