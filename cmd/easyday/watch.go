package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"easyday"
	"easyday/history"
	"easyday/internal/clock"
	"easyday/internal/config"
	"easyday/internal/inbox"
	"easyday/internal/pipeline"
)

// runWatch is 'easyday watch': watch the inbox, ingest each file once it has
// settled, keep today's report current, and write the new day's report at
// local midnight. SIGHUP reloads the configuration.
func runWatch(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	settle := fs.Duration("settle", 2*time.Second, "how long a file's size and time must stay unchanged before it is read")
	rescan := fs.Duration("rescan", 10*time.Minute, "rescan the whole inbox this often")
	poll := fs.Duration("poll", 0, "scan the inbox this often instead of using file events (network shares, device mounts)")
	fs.StringVar(&a.logFormat, "log-format", "text", "log format: text or json (for journald)")
	a.verbose = true // one line per file ingested or rejected
	if err := a.parseNoArgs(fs, args); err != nil {
		return err
	}
	if a.logFormat != "text" && a.logFormat != "json" {
		return usagef("--log-format %q: want text or json", a.logFormat)
	}
	if *settle <= 0 || *rescan <= 0 || *poll < 0 {
		return usagef("--settle and --rescan must be positive, --poll zero or positive")
	}
	c, st, err := a.open(ctx)
	if err != nil {
		return err
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	w := newWatcher(a, st, c)
	opts := inbox.WatchOptions{Settle: *settle, Rescan: *rescan, Poll: *poll, Log: a.log}
	return w.serve(ctx, opts, hup)
}

// watcher is the state of 'easyday watch'. mu serialises ingesting, report
// writing and reloading: whoever holds it may use store and cfg.
type watcher struct {
	app   *app
	mu    sync.Mutex
	store *history.Store
	cfg   *config.Config

	// reloaded tells midnights that the time zone may have changed, so
	// that it sets its timer for the new zone's midnight.
	reloaded chan struct{}
	// clock sets the midnight timer: clock.Real, or a test's fake, which
	// also serves as the app's now.
	clock clock.Clock
}

func newWatcher(a *app, st *history.Store, c *config.Config) *watcher {
	return &watcher{app: a, store: st, cfg: c, reloaded: make(chan struct{}, 1), clock: clock.Real}
}

// serve runs the inbox watcher and the midnight reports until ctx is done
// or the inbox cannot be watched, reloading the configuration on each value
// from hup. It returns once both have stopped, then closes the history, so
// a report being written at that moment is finished first.
func (w *watcher) serve(ctx context.Context, opts inbox.WatchOptions, hup <-chan os.Signal) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		w.midnights(gctx)
		return nil
	})
	g.Go(func() error { return w.watchInbox(gctx, opts, hup) })
	err := g.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	if cerr := w.store.Close(); err == nil {
		err = cerr
	}
	if ctx.Err() != nil {
		return nil // signalled: the file in hand was committed
	}
	return err
}

// watchInbox watches the configured inbox, restarting the watch after each
// reload (the inbox may have moved). It returns an error to stop serve.
func (w *watcher) watchInbox(ctx context.Context, opts inbox.WatchOptions, hup <-chan os.Signal) error {
	for {
		c := w.config()
		if err := ensureInbox(c); err != nil {
			return err
		}
		wctx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		w.app.log.Info("watching", "inbox", c.Inbox, "settle", opts.Settle.String(), "poll", opts.Poll.String())
		go func() { done <- inbox.Watch(wctx, c.Inbox, opts, w.handle) }()
		select {
		case err := <-done:
			stop()
			if err == nil {
				err = ctx.Err() // cancelled: let serve see why
			}
			return err
		case <-hup:
			stop()
			if err := <-done; err != nil && ctx.Err() == nil {
				return err
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			w.reload(ctx)
		}
	}
}

// reload reads the configuration again and puts it in force: a new history
// path opens that history (the old one is closed), a new time zone moves
// the midnight report. A configuration that does not load, or a history
// that does not open, keeps everything as it was.
func (w *watcher) reload(ctx context.Context) {
	log := w.app.log
	nc, err := w.app.config()
	if err != nil {
		log.Error("reload configuration: keeping the old one", "error", err)
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	old := w.cfg
	if nc.Database != old.Database {
		st, err := openHistory(ctx, nc, w.app.notice)
		if err != nil {
			log.Error("reload configuration: cannot open the new history; keeping the old configuration", "key", "database", "path", nc.Database, "error", err)
			return
		}
		if err := w.store.Close(); err != nil {
			log.Warn("close the old history", "path", old.Database, "error", err)
		}
		w.store, w.app.database = st, nc.Database
		log.Info("history reopened", "key", "database", "path", nc.Database)
	}
	w.cfg = nc
	if nc.Profile.Location.String() != old.Profile.Location.String() {
		select {
		case w.reloaded <- struct{}{}:
		default: // already pending
		}
	}
	log.Info("configuration reloaded", "path", nc.Path)
}

func (w *watcher) config() *config.Config {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cfg
}

// handle ingests a batch of settled files and rewrites today's report when
// anything new arrived. Files still truncated are handed back to retry.
func (w *watcher) handle(ctx context.Context, batch []inbox.Ready) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var retry []string
	changed := false
	for _, r := range batch {
		if ctx.Err() != nil {
			break
		}
		cfg := pipelineConfig(w.cfg, w.app)
		cfg.HoldTruncated = !r.Final
		p := pipeline.New(w.store, cfg)
		res, err := p.File(ctx, r.Path)
		switch {
		case errors.Is(err, pipeline.ErrHeld):
			retry = append(retry, r.Path)
		case errors.Is(err, os.ErrNotExist):
			// gone before we read it: nothing to do
		case err != nil:
			w.app.log.Error("ingest failed", "file", r.Path, "error", err)
		}
		if res.Total() > 0 {
			changed = true
		}
	}
	if changed {
		// What this batch stored is reported even when the batch was
		// interrupted: the report is short and needs no lock.
		w.report(context.WithoutCancel(ctx))
	}
	return retry
}

// report rewrites today's report; the caller holds mu.
func (w *watcher) report(ctx context.Context) {
	today := easyday.DateOf(w.app.now(), w.cfg.Profile.Location)
	path, err := writeReport(ctx, w.store, w.cfg, today)
	if err != nil {
		w.app.log.Error("write report", "error", err)
		return
	}
	w.app.log.Info("report written", "path", path)
}

// midnights writes the new day's report at each local midnight, even when no
// file arrived. A reload sets the timer again, for the zone now configured.
func (w *watcher) midnights(ctx context.Context) {
	for {
		loc := w.config().Profile.Location
		now := w.app.now().In(loc)
		y, m, d := now.Date()
		next := time.Date(y, m, d+1, 0, 0, 1, 0, loc) // a second past midnight, safely on the new day
		t := w.clock.NewTimer(next.Sub(now))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-w.reloaded:
			t.Stop()
		case <-t.C():
			w.mu.Lock()
			w.report(context.WithoutCancel(ctx)) // once begun, finished: serve waits for it
			w.mu.Unlock()
		}
	}
}
