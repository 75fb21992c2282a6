package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"easyday"
	"easyday/history"
	"easyday/ingest"
)

// commitAll commits the steps of each job in file order, several files per
// transaction (see writer). It returns what stops the run: the context's
// end or the history's error.
func (p *Pipeline) commitAll(ctx context.Context, order <-chan job, done func(int)) error {
	w := p.newWriter(ctx)
	defer w.abandon()
	n := 0
	for {
		j, ok, err := receive(w, order)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if j.known > 0 {
			k := j.known
			w.later(func() {
				w.p.res.Known += k
				n += k
				done(n)
			})
		}
		if j.steps == nil {
			continue // only a count
		}
		f := w.newFile()
		for {
			s, ok, err := receive(w, j.steps)
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			if f.err == nil {
				_ = f.step(s)
			}
			if f.err == nil {
				if err := w.flushIfDue(); err != nil {
					return err
				}
			}
		}
		if f.err != nil && !errors.Is(f.err, ErrHeld) {
			// What the files before this one stored stays; the error that
			// stops the run is this file's, unless the run was interrupted.
			if err := w.flush(); err != nil && ctx.Err() != nil {
				return err
			}
			return f.err
		}
		w.later(func() {
			n++
			done(n)
		})
	}
	if err := w.flush(); err != nil {
		return err
	}
	return ctx.Err()
}

// Batch bounds: the writer commits the steps it has stored once the
// transaction holds this many, or began this long ago. A transaction per
// file cost the writer more than the inserts themselves (the commit, and
// the scan cache's mark as a second one: docs/benchmarks.md, "Settings
// measured"); 200 ms bounds what a crash or an
// interruption costs the next run, and how long another process waits
// for the history.
const (
	batchSteps = 1000
	batchWall  = 200 * time.Millisecond
)

// writer commits steps in order, several per transaction (a history.Batch):
// each file's commit and its scan-cache mark go into the open batch, which
// is committed when it reaches its bounds, when the run has nothing more,
// or when its wall bound passes while the writer waits for a worker. What
// a step changes in the pipeline (counts, logs, progress) is applied once
// its batch is committed, in order: a run interrupted mid-batch, whose
// batch is rolled back, counts those files as left for the next run.
type writer struct {
	p       *Pipeline
	ctx     context.Context
	batch   *history.Batch // nil: none open
	began   time.Time      // when batch was opened
	steps   int            // steps stored in batch
	last    string         // the path of the last of them
	pending []func()       // what the batch's steps change in p, in order
}

func (p *Pipeline) newWriter(ctx context.Context) *writer { return &writer{p: p, ctx: ctx} }

// open returns the open batch for a step of path, opening one when none is.
func (w *writer) open(path string) (*history.Batch, error) {
	if w.batch == nil {
		b, err := w.p.store.Begin(w.ctx)
		if err != nil {
			return nil, fmt.Errorf("store %s: %w", path, err)
		}
		w.batch, w.began, w.steps = b, time.Now(), 0
	}
	w.steps++
	w.last = path
	return w.batch, nil
}

// later queues what a step changes in the pipeline until its batch is
// committed; with no batch open it is applied at once.
func (w *writer) later(fn func()) {
	if w.batch == nil && len(w.pending) == 0 {
		fn()
		return
	}
	w.pending = append(w.pending, fn)
}

// due reports whether the open batch has reached a bound.
func (w *writer) due() bool {
	return w.batch != nil && (w.steps >= w.p.batchSteps || time.Since(w.began) >= w.p.batchWall)
}

// flushIfDue commits the open batch when it has reached a bound.
func (w *writer) flushIfDue() error {
	if w.due() {
		return w.flush()
	}
	return nil
}

// flush commits the open batch, if any, and applies its steps' changes.
// When the commit fails (the context ended: it was rolled back) nothing
// of them is applied.
func (w *writer) flush() error {
	if w.batch != nil {
		b, n := w.batch, w.steps
		w.batch = nil
		if err := b.End(); err != nil {
			w.pending = nil
			if cerr := w.ctx.Err(); cerr != nil {
				return cerr
			}
			if n > 1 {
				// The transaction also held the files before this one (and
				// their scan-cache marks): none of them is stored.
				return fmt.Errorf("store %s and the files committed with it (the next run reads them again): %w", w.last, err)
			}
			return fmt.Errorf("store %s: %w", w.last, err)
		}
	}
	for _, fn := range w.pending {
		fn()
	}
	w.pending = w.pending[:0]
	return nil
}

// abandon rolls back a batch not committed: the run stopped.
func (w *writer) abandon() {
	if w.batch != nil {
		w.batch.Rollback()
		w.batch = nil
	}
	w.pending = nil
}

// receive takes the next value from c for w. When none is ready and a batch
// is open, it waits at most until the batch's wall bound, commits the batch
// then, and waits on: a file's commit is never held back longer than that
// by a worker still reading the next one. It returns the context's error
// when that ends first.
func receive[T any](w *writer, c <-chan T) (T, bool, error) {
	var zero T
	select {
	case v, ok := <-c:
		return v, ok, nil
	default:
	}
	if w.batch != nil {
		t := time.NewTimer(w.p.batchWall - time.Since(w.began))
		select {
		case v, ok := <-c:
			t.Stop()
			return v, ok, nil
		case <-w.ctx.Done():
			t.Stop()
			return zero, false, w.ctx.Err()
		case <-t.C:
		}
		if err := w.flush(); err != nil {
			return zero, false, err
		}
	}
	select {
	case v, ok := <-c:
		return v, ok, nil
	case <-w.ctx.Done():
		return zero, false, w.ctx.Err()
	}
}

// fileCommit is the writer's state for one file on disk.
type fileCommit struct {
	w        *writer
	remember bool  // every member may be remembered as seen
	err      error // the first error: the rest of the file is not committed
}

func (w *writer) newFile() *fileCommit { return &fileCommit{w: w, remember: true} }

// step commits one step of the file and returns the file's error so far.
func (f *fileCommit) step(s step) error {
	if f.err != nil {
		return f.err
	}
	w := f.w
	switch {
	case s.err != nil:
		f.err = s.err
	case s.item != nil:
		ok, err := w.commit(s.item)
		f.remember = f.remember && ok
		f.err = err
	case s.end.known:
		w.later(func() { w.p.res.Known++ })
	case s.end.regular && f.remember:
		b, err := w.open(s.end.path)
		if err == nil {
			err = b.MarkSeen(s.end.path, s.end.size, s.end.mtime)
		}
		f.err = err
	}
	return f.err
}

// commit stores one prepared file in the open batch. It reports whether
// the outcome may be remembered: false when the file could not be read.
func (w *writer) commit(pr *prepared) (bool, error) {
	p := w.p
	switch {
	case pr.gone:
		path := pr.path
		w.later(func() {
			p.res.Gone++
			p.log.Warn("gone before it was read", "file", path)
		})
		return false, nil
	case pr.known:
		w.later(func() { p.res.Known++ })
		return true, nil
	}
	// Seen when committed, in file order: the ledger lists files by it.
	pr.rec.SeenUTC = p.now()
	if pr.wellness != nil {
		return true, w.commitWellness(pr)
	}
	if pr.prepErr != nil {
		return false, fmt.Errorf("store %s: %w", pr.path, pr.prepErr)
	}
	b, err := w.open(pr.path)
	if err != nil {
		return false, err
	}
	stored, cerr := b.Commit(w.ctx, pr.commit, pr.rec.SeenUTC)
	var refused *history.RefusedError
	if errors.As(cerr, &refused) && pr.rec.Status != easyday.StatusRejected {
		// The file's own values failed in the history (its savepoint
		// undid them): it is stored as rejected instead.
		pr.rejectAs(refused.Reason)
		if pr.prepErr != nil {
			return false, fmt.Errorf("store %s: %w", pr.path, pr.prepErr)
		}
		stored, cerr = b.Commit(w.ctx, pr.commit, pr.rec.SeenUTC)
	}
	if cerr != nil {
		return false, fmt.Errorf("store %s: %w", pr.path, cerr)
	}
	unreadable := errors.Is(pr.decodeErr, ingest.ErrUnreadable)
	if unreadable {
		stored.Reason = pr.rec.Reason // the row may be an older one: say this run's reason
	}
	path := pr.path // not pr: the batch holds on to no activity
	w.later(func() { p.committed(path, stored) })
	return !unreadable, nil
}

// committed counts and logs what became of a file.
func (p *Pipeline) committed(path string, stored history.FileRecord) {
	p.res.Files[stored.Status]++
	// A richer copy that replaced a file of this same run made that file a
	// duplicate: count it as one, as the ledger now shows it.
	for _, old := range stored.Supersedes {
		if p.ingested[old] {
			delete(p.ingested, old)
			p.res.Files[easyday.StatusIngested]--
			p.res.Files[easyday.StatusDuplicate]++
		}
	}
	if stored.Status == easyday.StatusIngested {
		p.ingested[path] = true
	}
	switch stored.Status {
	case easyday.StatusRejected:
		p.res.Rejected = append(p.res.Rejected, path+": "+stored.Reason)
		p.log.Info("rejected", "file", path, "reason", stored.Reason)
	case easyday.StatusIngested:
		if stored.Reason != "" {
			p.log.Info("ingested", "file", path, "activities", len(stored.Activities), "reason", stored.Reason)
			break
		}
		p.log.Info("ingested", "file", path, "activities", len(stored.Activities))
	default:
		p.log.Info(string(stored.Status), "file", path, "reason", stored.Reason)
	}
}

// commitWellness commits a wellness file's values, placed on their local
// days: a file that adds no value is a duplicate.
func (w *writer) commitWellness(pr *prepared) error {
	b, err := w.open(pr.path)
	if err != nil {
		return err
	}
	stored, err := b.CommitWellness(w.ctx, pr.rec, pr.rec.SeenUTC, pr.wellness.Kind, pr.rows)
	if err != nil {
		return fmt.Errorf("store %s: %w", pr.path, err)
	}
	p, path, kind, values := w.p, pr.path, pr.wellness.Kind, len(pr.rows)
	w.later(func() {
		p.res.Files[stored.Status]++
		p.log.Info(string(stored.Status), "file", path, "kind", string(kind), "values", values, "reason", stored.Reason)
	})
	return nil
}
