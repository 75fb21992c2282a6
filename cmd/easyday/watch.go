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

	"easyday"
	"easyday/history"
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
	defer st.Close()

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	w := &watcher{app: a, store: st, cfg: c}
	opts := inbox.WatchOptions{Settle: *settle, Rescan: *rescan, Poll: *poll, Log: a.log}
	go w.midnights(ctx)
	for {
		wctx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		dir := w.config().Inbox
		if err := ensureInbox(w.config()); err != nil {
			stop()
			return err
		}
		a.log.Info("watching", "inbox", dir, "settle", settle.String(), "poll", poll.String())
		go func() { done <- inbox.Watch(wctx, dir, opts, w.handle) }()
		select {
		case err := <-done:
			stop()
			if ctx.Err() != nil {
				return nil // signalled: the file in hand was committed
			}
			return err
		case <-hup:
			nc, err := a.config()
			if err != nil {
				a.log.Error("reload configuration: keeping the old one", "error", err)
				stop()
				<-done
				continue
			}
			w.setConfig(nc)
			a.log.Info("configuration reloaded", "path", nc.Path)
			stop()
			<-done
		}
	}
}

// watcher is the state of 'easyday watch'. mu serialises ingesting and
// report writing.
type watcher struct {
	app   *app
	store *history.Store
	mu    sync.Mutex
	cfg   *config
}

func (w *watcher) config() *config {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cfg
}

func (w *watcher) setConfig(c *config) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cfg = c
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
		p := newPipeline(w.store, w.cfg, w.app)
		p.HoldTruncated = !r.Final
		err := p.File(ctx, r.Path)
		switch {
		case errors.Is(err, pipeline.ErrTruncated):
			retry = append(retry, r.Path)
		case errors.Is(err, os.ErrNotExist):
			// gone before we read it: nothing to do
		case err != nil:
			w.app.log.Error("ingest failed", "file", r.Path, "error", err)
		}
		if p.Total() > 0 {
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
// file arrived.
func (w *watcher) midnights(ctx context.Context) {
	for {
		loc := w.config().Profile.Location
		now := w.app.now().In(loc)
		y, m, d := now.Date()
		next := time.Date(y, m, d+1, 0, 0, 1, 0, loc) // a second past midnight, safely on the new day
		t := time.NewTimer(next.Sub(now))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
			w.mu.Lock()
			w.report(ctx)
			w.mu.Unlock()
		}
	}
}
