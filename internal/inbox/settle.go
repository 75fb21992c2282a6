package inbox

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"time"
)

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

// batchResult is what a batch's handle returned.
type batchResult struct {
	retry []string
	panic any // handle panicked: re-raised in Watch's goroutine
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
