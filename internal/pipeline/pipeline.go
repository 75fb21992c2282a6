// Package pipeline takes files from disk into the history: find (inbox),
// unpack and decode (ingest), analyse (analysis), commit (history). It is
// shared by the ingest, run and watch commands, and knows nothing about
// flags, terminals or exit codes: it reports progress through a callback and
// what became of each file through counts.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"easyday"
	"easyday/analysis"
	"easyday/history"
	"easyday/ingest"
	"easyday/internal/inbox"
)

// Pipeline ingests files into one history. It is not safe for concurrent
// use; make one per run (or per watched batch).
type Pipeline struct {
	store         *history.Store
	profile       easyday.Profile
	log           *slog.Logger
	now           func() time.Time
	readItem      func(ingest.Item) (ingest.Result, error)                  // ingest.Read; tests replace it
	analyze       func(easyday.Recording, easyday.Profile) easyday.Activity // analysis.Analyze; tests replace it
	holdTruncated bool                                                      // Config.HoldTruncated

	// own are easyday's own files (the history and its journal, the
	// reports folder): never read as input, even inside the inbox.
	own []string

	counts   map[easyday.FileStatus]int // per status, this run
	known    int                        // files seen before with the same content
	gone     int                        // files gone between listing and reading
	unlisted int                        // paths and folders that could not be listed
	rejected []string                   // "path: reason" of files rejected in this run
	ingested map[string]bool            // paths counted as ingested in this run

	batchSteps int           // the writer's bounds on a transaction: batchSteps, batchWall
	batchWall  time.Duration // (tests vary them)
}

// Config is what a pipeline needs besides the store.
type Config struct {
	Profile  easyday.Profile
	Database string           // the history file: it and its journals are never read as input
	Reports  string           // the reports folder: never read as input
	Log      *slog.Logger     // nil: discard
	Now      func() time.Time // when a file is seen; nil: time.Now
	// HoldTruncated makes a truncated FIT file an error wrapping ErrHeld
	// for the caller to retry (the watcher, while a copy may still be in
	// flight) instead of a rejection written to the ledger.
	HoldTruncated bool
}

// ErrHeld is returned for a file held for the watcher: a truncated FIT
// file (ingest.ErrTruncated) when Config.HoldTruncated is set, nothing of
// it stored, to be read again once its copy has finished.
var ErrHeld = errors.New("held until its copy finishes")

// New returns a pipeline that commits into store.
func New(store *history.Store, c Config) *Pipeline {
	var own []string
	if c.Reports != "" {
		own = append(own, c.Reports)
	}
	if c.Database != "" {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			own = append(own, c.Database+suffix)
		}
	}
	log := c.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := c.Now
	if now == nil {
		now = time.Now
	}
	return &Pipeline{store: store, profile: c.Profile, log: log, now: now, readItem: ingest.Read, analyze: analysis.Analyze, own: own, holdTruncated: c.HoldTruncated, counts: map[easyday.FileStatus]int{},
		ingested: map[string]bool{}, batchSteps: batchSteps, batchWall: batchWall}
}

// ownFile reports whether path is one of easyday's own files.
func (p *Pipeline) ownFile(path string) bool {
	for _, o := range p.own {
		if path == o || strings.HasPrefix(path, o+string(os.PathSeparator)) {
			return true
		}
	}
	return false
}

// Progress is told how many of the files found have been processed: once
// with done 0 before the first, then after each file. It may be nil.
type Progress func(done, total int)

// Paths ingests every file under the given files and folders. A path or
// folder that cannot be listed is reported (a warning, and among Rejected)
// and the rest goes on; only the history's errors and the context's end
// stop it.
//
// Files are read, decoded and analysed by one worker per CPU and committed
// by this goroutine alone, in the order inbox.Files lists them, so the same
// inbox gives the same ids and the same ledger whatever the scheduling.
func (p *Pipeline) Paths(ctx context.Context, paths []string, progress Progress) error {
	files, problems := inbox.Files(paths)
	for _, err := range problems {
		p.unlisted++
		p.log.Warn("could not be read", "error", err)
		var pe *fs.PathError
		path := ""
		if errors.As(err, &pe) {
			path = pe.Path
		}
		p.rejected = append(p.rejected, fmt.Sprintf("%s: %v: %v", path, ingest.ErrUnreadable, err))
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	progress(0, len(files))
	finished := 0
	err := p.parallel(ctx, files, runtime.GOMAXPROCS(0), func(done int) {
		finished = done
		progress(done, len(files))
	})
	if err != nil && ctx.Err() != nil {
		return &Interrupted{Left: len(files) - finished, Err: err}
	}
	return err
}

// Interrupted is the end of a run whose context ended (SIGINT, SIGTERM):
// what was committed stays, and Left of the files listed were not finished;
// the next run reads them.
type Interrupted struct {
	Left int
	Err  error // the context's error
}

func (e *Interrupted) Error() string {
	return fmt.Sprintf("interrupted: %d files left for the next run", e.Left)
}

// Unwrap returns the context's error.
func (e *Interrupted) Unwrap() error { return e.Err }

// File ingests one file from disk (all its archive members). A file whose
// path, size and modification time were seen before is not read again. A
// file that could not be read (permissions, a disk error, content changing
// while read) is rejected but not remembered, so the next run tries it
// again; one gone since it was listed is only counted.
func (p *Pipeline) File(ctx context.Context, path string) error {
	w := p.newWriter(ctx)
	defer w.abandon()
	f := w.newFile()
	p.read(ctx, path, func(s step) error {
		if err := f.step(s); err != nil {
			return err
		}
		return w.flushIfDue()
	})
	if err := w.flush(); err != nil {
		return err
	}
	return f.err
}

// job is one file handed to a worker; its steps come back on steps, in
// order, and steps is closed when the file is done.
type job struct {
	path  string
	steps chan step
}

// step is what a worker did with one archive member (item set), or the end
// of a file (end set), or why the file stopped (err set): all of a file's
// work but the commit, which the writer does.
type step struct {
	item *prepared
	end  *fileEnd
	err  error
}

// prepared is one decompressed file, decoded and analysed.
type prepared struct {
	path      string
	rec       history.FileRecord // status and reason set, unless wellness or known
	acts      []easyday.Activity
	wellness  *easyday.WellnessFile
	rows      []easyday.WellnessRow
	commit    *history.Prepared // rec and acts made ready for the commit (streams encoded)
	prepErr   error             // why they could not be: a history error, stopping the run at this file
	decodeErr error             // the decoder's answer (ErrUnreadable rows keep this run's reason)
	gone      bool              // the file went away before it was read
	known     bool              // the ledger holds this content at this path: nothing to commit
}

// fileEnd says a file on disk was read to its end.
type fileEnd struct {
	path    string
	size    int64
	mtime   time.Time
	regular bool // a regular file: its outcome may go into the scan cache
	known   bool // the scan cache knew it: nothing was read
}

// stepsPerFile bounds how far a worker runs ahead of the writer within one
// file (an account export holds thousands of members), and so the memory
// held by decoded activities waiting for their commit.
const stepsPerFile = 4

// parallel runs workers over files and commits their steps in file order.
func (p *Pipeline) parallel(ctx context.Context, files []string, workers int, done func(int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers = max(1, min(workers, len(files)))
	jobs := make(chan job)
	// order holds the jobs in file order, at most 2×workers ahead of the
	// writer, so that a slow commit holds the reading back.
	order := make(chan job, 2*workers)
	var wg sync.WaitGroup
	wg.Add(workers)
	for range workers {
		go func() {
			defer wg.Done()
			for j := range jobs {
				p.read(ctx, j.path, func(s step) error {
					select {
					case j.steps <- s:
						return nil
					case <-ctx.Done():
						return ctx.Err()
					}
				})
				close(j.steps)
			}
		}()
	}
	// The dispatcher hands the files out in order; it is waited for with
	// the workers, so nothing of the run outlives the call.
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(order)
		defer close(jobs)
		for _, f := range files {
			j := job{path: f, steps: make(chan step, stepsPerFile)}
			for _, c := range []chan job{order, jobs} {
				select {
				case c <- j:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	err := p.commitAll(ctx, order, done)
	cancel()
	wg.Wait()
	return err
}

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
// the scan cache's mark as a second one); 200 ms bounds what a crash or an
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
		w.later(func() { w.p.known++ })
	case s.end.regular && f.remember:
		b, err := w.open(s.end.path)
		if err == nil {
			err = b.MarkSeen(s.end.path, s.end.size, s.end.mtime)
		}
		f.err = err
	}
	return f.err
}

// read does a worker's part for one file: the scan cache, unpacking,
// hashing, decoding and analysis. It hands each step to emit in order and
// stops at the first error emit returns.
func (p *Pipeline) read(ctx context.Context, path string, emit func(step) error) {
	if p.ownFile(path) {
		return
	}
	info, statErr := os.Stat(path)
	end := &fileEnd{path: path, regular: statErr == nil && info.Mode().IsRegular()}
	if end.regular {
		end.size, end.mtime = info.Size(), info.ModTime()
		if ok, err := p.store.Seen(ctx, path, info.Size(), info.ModTime()); err != nil {
			_ = emit(step{err: err})
			return
		} else if ok {
			end.known = true
			_ = emit(step{end: end})
			return
		}
	}
	err := ingest.Open(ctx, path, func(it ingest.Item) error {
		pr, err := p.prepare(ctx, it)
		if err != nil {
			return err
		}
		return emit(step{item: pr})
	})
	if err != nil {
		if ctx.Err() == nil || errors.Is(err, ErrHeld) {
			_ = emit(step{err: err})
		}
		return
	}
	_ = emit(step{end: end})
}

// prepare decodes and analyses one decompressed file: everything but the
// commit. A truncated FIT file held for the watcher is an error that stops
// reading its file.
func (p *Pipeline) prepare(ctx context.Context, it ingest.Item) (*prepared, error) {
	pr := &prepared{path: it.Path}
	if errors.Is(it.Err, fs.ErrNotExist) {
		pr.gone = true
		return pr, nil
	}
	sha := it.SHA256
	if it.Err == nil {
		if _, ok, err := p.store.Lookup(ctx, it.Path, sha); err != nil {
			return nil, err
		} else if ok {
			pr.known = true
			return pr, nil
		}
	}
	rec := history.FileRecord{Path: it.Path, SHA256: sha, Size: it.Size}
	res, err := guard(p.readItem, it)
	pr.decodeErr = err
	switch {
	case errors.Is(err, ingest.ErrTruncated) && p.holdTruncated:
		p.log.Info("waiting for the rest of the file", "file", it.Path, "reason", err.Error())
		return nil, fmt.Errorf("%s: %w", it.Path, ErrHeld)
	case errors.Is(err, ingest.ErrUnreadable):
		// Nothing is known of the content: one row per path says so.
		rec.SHA256, rec.Size = "", 0
		rec.Status = easyday.StatusRejected
		rec.Reason = err.Error()
	case err != nil:
		rec.Status = easyday.StatusRejected
		rec.Reason = err.Error()
	case res.Content == ingest.Wellness:
		pr.wellness = &res.Wellness
		pr.rows = analysis.WellnessRows(res.Wellness, p.profile.Location)
	case res.Content == ingest.Skip:
		rec.Status = easyday.StatusSkipped
		rec.Reason = res.SkipReason
	default:
		rec.Status = easyday.StatusIngested
		acts, err := p.analyzeAll(res.Recordings)
		if err != nil {
			rec.Status, rec.Reason = easyday.StatusRejected, err.Error()
			break
		}
		for i := range acts {
			acts[i].SHA256, acts[i].Source = sha, it.Path
		}
		pr.acts = acts
	}
	if rec.Status == easyday.StatusIngested {
		// A file that grew (a copy read while in progress, a device that
		// appends) replaces what its earlier content stored.
		prev, ok, err := p.store.LastIngested(ctx, it.Path)
		if err != nil {
			return nil, err
		}
		if ok && prev.Size < it.Size {
			grown, err := it.HasPrefix(prev.Size, prev.SHA256)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", it.Path, err)
			}
			if grown {
				rec.Grows = prev.SHA256
			}
		}
	}
	pr.rec = rec
	if pr.wellness == nil {
		// Encoded here, by the worker, so that the writer only stores.
		pr.commit, pr.prepErr = history.Prepare(rec, pr.acts)
		var refused *history.RefusedError
		if errors.As(pr.prepErr, &refused) {
			pr.rejectAs(refused.Reason)
		}
	}
	return pr, nil
}

// rejectAs makes pr the rejection of its file with reason: what the file
// holds cannot be stored, and the run goes on.
func (pr *prepared) rejectAs(reason string) {
	pr.rec.Status, pr.rec.Reason, pr.rec.Grows = easyday.StatusRejected, reason, ""
	pr.acts = nil
	pr.commit, pr.prepErr = history.Prepare(pr.rec, nil)
}

// analyzeAll analyses the recordings of one file. A panic in the analysis
// (a bug, on values nobody foresaw) is an error that rejects the file, as
// guard does for the decoders: one file never stops a run.
func (p *Pipeline) analyzeAll(recs []easyday.Recording) (acts []easyday.Activity, err error) {
	defer func() {
		if r := recover(); r != nil {
			acts, err = nil, fmt.Errorf("analysis failed on this file: %v", r)
		}
	}()
	for i, r := range recs {
		// The samples are the largest thing a worker holds: once
		// analysed, only the segments are needed.
		recs[i].Samples = nil
		acts = append(acts, p.analyze(r, p.profile))
	}
	return acts, nil
}

// commit stores one prepared file in the open batch. It reports whether
// the outcome may be remembered: false when the file could not be read.
func (w *writer) commit(pr *prepared) (bool, error) {
	p := w.p
	switch {
	case pr.gone:
		path := pr.path
		w.later(func() {
			p.gone++
			p.log.Warn("gone before it was read", "file", path)
		})
		return false, nil
	case pr.known:
		w.later(func() { p.known++ })
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
	p.counts[stored.Status]++
	// A richer copy that replaced a file of this same run made that file a
	// duplicate: count it as one, as the ledger now shows it.
	for _, old := range stored.Supersedes {
		if p.ingested[old] {
			delete(p.ingested, old)
			p.counts[easyday.StatusIngested]--
			p.counts[easyday.StatusDuplicate]++
		}
	}
	if stored.Status == easyday.StatusIngested {
		p.ingested[path] = true
	}
	switch stored.Status {
	case easyday.StatusRejected:
		p.rejected = append(p.rejected, path+": "+stored.Reason)
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
		p.counts[stored.Status]++
		p.log.Info(string(stored.Status), "file", path, "kind", string(kind), "values", values, "reason", stored.Reason)
	})
	return nil
}

// guard runs a decoder on an item, turning a panic (a bug in a decoder or
// its library, on bytes nobody foresaw) into an error, so that the file is
// rejected with a reason and one bad file never stops a batch. It is the one
// recover around decoding: the decoders themselves let panics through, so
// that their fuzz tests see them.
func guard[T any](decode func(ingest.Item) (T, error), it ingest.Item) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			v, err = zero, fmt.Errorf("decoder failed on this file: %v", r)
		}
	}()
	return decode(it)
}

// Summary is the one line ingest prints: counts per status.
func (p *Pipeline) Summary() string {
	var parts []string
	for _, s := range []easyday.FileStatus{easyday.StatusIngested, easyday.StatusDuplicate, easyday.StatusSkipped, easyday.StatusRejected} {
		if n := p.counts[s]; n > 0 || s == easyday.StatusIngested {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	if p.known > 0 {
		parts = append(parts, fmt.Sprintf("%d seen before", p.known))
	}
	if p.unlisted > 0 {
		parts = append(parts, fmt.Sprintf("%d folders or paths could not be read", p.unlisted))
	}
	if p.gone > 0 {
		parts = append(parts, fmt.Sprintf("%d gone before it was read", p.gone))
	}
	return strings.Join(parts, ", ")
}

// Total is the number of files newly processed.
func (p *Pipeline) Total() int {
	n := 0
	for _, c := range p.counts {
		n += c
	}
	return n
}

// Count is the number of files of this run that ended with status.
func (p *Pipeline) Count(status easyday.FileStatus) int { return p.counts[status] }

// Known is the number of files of this run seen before with the same content.
func (p *Pipeline) Known() int { return p.known }

// Rejected returns the rejections of this run ("path: reason"), sorted.
func (p *Pipeline) Rejected() []string {
	out := append([]string(nil), p.rejected...)
	sort.Strings(out)
	return out
}
