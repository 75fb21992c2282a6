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
	store   *history.Store
	profile easyday.Profile
	log     *slog.Logger
	now     func() time.Time
	decode  func(ingest.Item) ([]easyday.Recording, error) // ingest.Decode; tests replace it
	// HoldTruncated makes a truncated FIT file an error for the caller to
	// retry (the watcher, while a copy may still be in flight) instead of a
	// rejection written to the ledger.
	HoldTruncated bool

	// own are easyday's own files (the history and its journal, the
	// reports folder): never read as input, even inside the inbox.
	own []string

	counts   map[easyday.FileStatus]int // per status, this run
	known    int                        // files seen before with the same content
	gone     int                        // files gone between listing and reading
	unlisted int                        // paths and folders that could not be listed
	rejected []string                   // "path: reason" of files rejected in this run
}

// Config is what a pipeline needs besides the store.
type Config struct {
	Profile  easyday.Profile
	Database string           // the history file: it and its journals are never read as input
	Reports  string           // the reports folder: never read as input
	Log      *slog.Logger     // nil: discard
	Now      func() time.Time // when a file is seen; nil: time.Now
}

// ErrTruncated is returned for a truncated FIT file when HoldTruncated is set.
var ErrTruncated = errors.New("truncated")

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
	return &Pipeline{store: store, profile: c.Profile, log: log, now: now, decode: ingest.Decode, own: own, counts: map[easyday.FileStatus]int{}}
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
	w := p.newFileCommit()
	p.read(ctx, path, func(s step) error { return w.step(ctx, s) })
	return w.err
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

// commitAll commits the steps of each job in file order. It returns what
// stops the run: the context's end or the history's error.
func (p *Pipeline) commitAll(ctx context.Context, order <-chan job, done func(int)) error {
	n := 0
	for j := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		w := p.newFileCommit()
		for s := range j.steps {
			if w.err == nil {
				_ = w.step(ctx, s)
			}
		}
		if w.err != nil && !errors.Is(w.err, ErrTruncated) {
			return w.err
		}
		n++
		done(n)
	}
	return ctx.Err()
}

// fileCommit is the writer's state for one file on disk.
type fileCommit struct {
	p        *Pipeline
	remember bool  // every member may be remembered as seen
	err      error // the first error: the rest of the file is not committed
}

func (p *Pipeline) newFileCommit() *fileCommit { return &fileCommit{p: p, remember: true} }

// step commits one step of the file and returns the file's error so far.
func (w *fileCommit) step(ctx context.Context, s step) error {
	if w.err != nil {
		return w.err
	}
	switch {
	case s.err != nil:
		w.err = s.err
	case s.item != nil:
		ok, err := w.p.commit(ctx, s.item)
		w.remember = w.remember && ok
		w.err = err
	case s.end.known:
		w.p.known++
	case s.end.regular && w.remember:
		w.err = w.p.store.MarkSeen(ctx, s.end.path, s.end.size, s.end.mtime)
	}
	return w.err
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
		if ctx.Err() == nil || errors.Is(err, ErrTruncated) {
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
	recs, err := guard(p.decode, it)
	pr.decodeErr = err
	var skip *ingest.SkipError
	switch {
	case errors.Is(err, ingest.ErrTruncated) && p.HoldTruncated:
		p.log.Info("waiting for the rest of the file", "file", it.Path, "reason", err.Error())
		return nil, fmt.Errorf("%s: %w", it.Path, ErrTruncated)
	case errors.Is(err, ingest.ErrUnreadable):
		// Nothing is known of the content: one row per path says so.
		rec.SHA256, rec.Size = "", 0
		rec.Status = easyday.StatusRejected
		rec.Reason = err.Error()
	case errors.As(err, &skip) && it.Kind == ingest.FIT:
		wf, werr := guard(ingest.DecodeWellness, it)
		if werr == nil {
			pr.wellness = &wf
			pr.rows = analysis.WellnessRows(wf, p.profile.Location)
			break
		}
		rec.Status, rec.Reason = easyday.StatusSkipped, skip.Reason
		if !errors.Is(werr, ingest.ErrNotWellness) {
			rec.Status, rec.Reason = easyday.StatusRejected, werr.Error()
		}
	case errors.As(err, &skip):
		rec.Status = easyday.StatusSkipped
		rec.Reason = skip.Reason
	case err != nil:
		rec.Status = easyday.StatusRejected
		rec.Reason = err.Error()
	default:
		rec.Status = easyday.StatusIngested
		for i, r := range recs {
			// The samples are the largest thing a worker holds: once
			// analysed, only the segments are needed.
			recs[i].Samples = nil
			a := analysis.Analyze(r, p.profile)
			a.SHA256, a.Source = sha, it.Path
			pr.acts = append(pr.acts, a)
		}
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
	}
	return pr, nil
}

// commit stores one prepared file. It reports whether the outcome may be
// remembered: false when the file could not be read.
func (p *Pipeline) commit(ctx context.Context, pr *prepared) (bool, error) {
	switch {
	case pr.gone:
		p.gone++
		p.log.Warn("gone before it was read", "file", pr.path)
		return false, nil
	case pr.known:
		p.known++
		return true, nil
	}
	// Seen when committed, in file order: the ledger lists files by it.
	pr.rec.SeenUTC = p.now()
	if pr.wellness != nil {
		return true, p.commitWellness(ctx, pr)
	}
	if pr.prepErr != nil {
		return false, fmt.Errorf("store %s: %w", pr.path, pr.prepErr)
	}
	stored, cerr := p.store.CommitPrepared(ctx, pr.commit, pr.rec.SeenUTC)
	if cerr != nil {
		return false, fmt.Errorf("store %s: %w", pr.path, cerr)
	}
	unreadable := errors.Is(pr.decodeErr, ingest.ErrUnreadable)
	if unreadable {
		stored.Reason = pr.rec.Reason // the row may be an older one: say this run's reason
	}
	p.counts[stored.Status]++
	switch stored.Status {
	case easyday.StatusRejected:
		p.rejected = append(p.rejected, pr.path+": "+stored.Reason)
		p.log.Info("rejected", "file", pr.path, "reason", stored.Reason)
	case easyday.StatusIngested:
		if stored.Reason != "" {
			p.log.Info("ingested", "file", pr.path, "activities", len(stored.Activities), "reason", stored.Reason)
			break
		}
		p.log.Info("ingested", "file", pr.path, "activities", len(stored.Activities))
	default:
		p.log.Info(string(stored.Status), "file", pr.path, "reason", stored.Reason)
	}
	return !unreadable, nil
}

// commitWellness commits a wellness file's values, placed on their local
// days: a file that adds no value is a duplicate.
func (p *Pipeline) commitWellness(ctx context.Context, pr *prepared) error {
	stored, err := p.store.CommitWellness(ctx, pr.rec, pr.wellness.Kind, pr.rows)
	if err != nil {
		return fmt.Errorf("store %s: %w", pr.path, err)
	}
	p.counts[stored.Status]++
	p.log.Info(string(stored.Status), "file", pr.path, "kind", string(pr.wellness.Kind), "values", len(pr.rows), "reason", stored.Reason)
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
