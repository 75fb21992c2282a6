// Package pipeline takes files from disk into the history: find (inbox),
// unpack and decode (ingest), analyse (analysis), commit (history). It is
// shared by the ingest, run and watch commands, and knows nothing about
// flags, terminals or exit codes: it reports progress through a callback and
// what became of each file through the Result of each run.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"runtime"
	"slices"
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

	own ownFiles // never read as input, even inside the inbox

	res      Result             // what the current run did so far
	ingested map[string]bool    // paths counted as ingested in this run
	cache    *history.ScanCache // the scan cache as the run began; nil: ask the store for each file

	// A run over many files reads the ledger once, when a file first
	// needs it (index); nil indexOnce: ask the store for each file.
	indexOnce *sync.Once
	ledger    *history.LedgerIndex
	ledgerErr error

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
	own := ownFiles{database: c.Database, reports: c.Reports}
	log := c.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := c.Now
	if now == nil {
		now = time.Now
	}
	p := &Pipeline{store: store, profile: c.Profile, log: log, now: now, readItem: ingest.Read, analyze: analysis.Analyze, own: own, holdTruncated: c.HoldTruncated,
		batchSteps: batchSteps, batchWall: batchWall}
	p.begin()
	return p
}

// ownFiles are easyday's own files, never read as input, even inside the
// inbox: the history and the files beside it (history.IsOwnFile: its
// journals, and a new history's private file, which a run that lists the
// folder while another process creates the history, or after a creation
// was killed, would otherwise read), and the reports folder.
type ownFiles struct {
	database, reports string
}

// has reports whether path is one of them.
func (o ownFiles) has(path string) bool {
	if o.reports != "" && (path == o.reports || strings.HasPrefix(path, o.reports+string(os.PathSeparator))) {
		return true
	}
	return o.database != "" && history.IsOwnFile(o.database, path)
}

// ownFile reports whether path is one of easyday's own files.
func (p *Pipeline) ownFile(path string) bool { return p.own.has(path) }

// Progress is told how many of the files found have been processed: once
// with done 0 before the first, then after each file. It may be nil.
type Progress func(done, total int)

// Paths ingests every file under the given files and folders and returns
// what became of them, also when it stops early. A path or folder that
// cannot be listed is reported (a warning, and among Result.Rejected) and
// the rest goes on; only the history's errors and the context's end stop
// it.
//
// Files are read, decoded and analysed by one worker per CPU and one more
// (workers), and committed by this goroutine alone, in the order inbox.Files lists them, so the same
// inbox gives the same ids and the same ledger whatever the scheduling.
//
// A history made for this import (history.Options.Import) is linked into
// place when the run ends, however it ends; when another process created
// the history meanwhile, the files are run again, into that one.
func (p *Pipeline) Paths(ctx context.Context, paths []string, progress Progress) (Result, error) {
	res, err := p.paths(ctx, paths, progress)
	perr := p.store.Publish(context.WithoutCancel(ctx))
	switch {
	case perr == nil:
		return res, err
	case errors.Is(perr, history.ErrCreatedMeanwhile) && ctx.Err() == nil:
		return p.paths(ctx, paths, progress)
	case errors.Is(perr, history.ErrCreatedMeanwhile), errors.Is(perr, history.ErrImportGone), errors.Is(perr, history.ErrNotKept):
		// Nothing the run did was kept: every file it finished is left
		// for the next run too.
		var in *Interrupted
		if errors.As(err, &in) {
			in.Left += res.Total() + res.Known + res.Gone
		}
		p.begin()
		res = p.result()
	}
	switch {
	case err == nil:
		err = perr
	case errors.Is(err, history.ErrImportGone) && errors.Is(perr, history.ErrImportGone):
		// The run stopped on it already.
	default:
		err = fmt.Errorf("%w; %w", err, perr)
	}
	return res, err
}

// paths is Paths into the store as it is.
func (p *Pipeline) paths(ctx context.Context, paths []string, progress Progress) (Result, error) {
	p.begin()
	// A run over a folder reads the scan cache while the folder is listed,
	// and stats the files it lists while the cache is still being read
	// (each is a few milliseconds of a run with nothing new).
	var snap chan error
	if listsFolder(paths) {
		snap = make(chan error, 1)
		go func() { snap <- p.snapshot(ctx) }()
	}
	files, problems := inbox.Files(paths)
	for _, err := range problems {
		p.res.Unlisted++
		p.log.Warn("could not be read", "error", err)
		var pe *fs.PathError
		path := ""
		if errors.As(err, &pe) {
			path = pe.Path
		}
		p.res.Rejected = append(p.res.Rejected, fmt.Sprintf("%s: %v: %v", path, ingest.ErrUnreadable, err))
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	var asIs []bool
	if snap != nil {
		var err error
		if asIs, err = p.knownOnArrival(ctx, files, workers(), snap); err != nil {
			return p.result(), err
		}
	} else {
		if len(files) >= snapshotFrom {
			if err := p.snapshot(ctx); err != nil {
				return p.result(), err
			}
		}
		asIs = p.knownAsIs(ctx, files, workers())
	}
	progress(0, len(files))
	finished := 0
	err := p.run(ctx, files, asIs, workers(), func(done int) {
		finished = done
		progress(done, len(files))
	})
	if err != nil && ctx.Err() != nil {
		return p.result(), &Interrupted{Left: len(files) - finished, Err: err}
	}
	return p.result(), err
}

// workers is how many goroutines read, decode and analyse a run's files:
// one per CPU, and one more, so that every CPU stays busy while the writer
// (which takes its turn on one of them) or a worker's open, stat and read
// of its next file would leave one idle (docs/benchmarks.md, "Settings
// measured").
func workers() int { return runtime.GOMAXPROCS(0) + 1 }

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

// File ingests one file from disk (all its archive members) and returns
// what became of it. A file whose
// path, size and modification time were seen before is not read again. A
// file that could not be read (permissions, a disk error, content changing
// while read) is rejected but not remembered, so the next run tries it
// again; one gone since it was listed is only counted.
func (p *Pipeline) File(ctx context.Context, path string) (Result, error) {
	p.begin()
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
		return p.result(), err
	}
	return p.result(), f.err
}

// Result is what one run (Paths or File) did with its files.
type Result struct {
	Files    map[easyday.FileStatus]int // files newly processed, per status
	Known    int                        // files seen before with the same content: not read again
	Gone     int                        // files gone between listing and reading
	Unlisted int                        // paths and folders that could not be listed
	Rejected []string                   // "path: reason" of the files rejected and the paths not listed, sorted
}

// begin starts a run's result afresh.
func (p *Pipeline) begin() {
	p.res = Result{Files: map[easyday.FileStatus]int{}}
	p.ingested = map[string]bool{}
	p.cache = nil
	p.indexOnce, p.ledger, p.ledgerErr = nil, nil, nil
}

// snapshotFrom is how many files a run lists before it reads the whole
// scan cache and ledger in one query each rather than asking the history
// about each file (docs/benchmarks.md, "Settings measured").
const snapshotFrom = 32

// listsFolder reports whether one of paths is a folder, whose listing
// may hold any number of files.
func listsFolder(paths []string) bool {
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			return true
		}
	}
	return false
}

// snapshot makes the run ask the scan cache as it is now, read in one
// query, and the ledger, read in one query when first needed, instead of
// the history about each file.
func (p *Pipeline) snapshot(ctx context.Context) error {
	c, err := p.store.ScanCache(ctx)
	if err != nil {
		return err
	}
	p.cache, p.indexOnce = c, new(sync.Once)
	return nil
}

// seen reports whether the scan cache knows the file at path as it is now,
// from the run's snapshot when it has one.
func (p *Pipeline) seen(ctx context.Context, path string, info fs.FileInfo) (bool, error) {
	if p.cache != nil {
		return p.cache.Seen(path, info.Size(), info.ModTime()), nil
	}
	return p.store.Seen(ctx, path, info.Size(), info.ModTime())
}

// index returns the run's ledger index, read when first needed; nil when
// the run asks the history about each file.
func (p *Pipeline) index(ctx context.Context) (*history.LedgerIndex, error) {
	if p.indexOnce == nil {
		return nil, nil
	}
	p.indexOnce.Do(func() { p.ledger, p.ledgerErr = p.store.LedgerIndex(ctx) })
	return p.ledger, p.ledgerErr
}

// known reports whether the ledger holds content sha at path
// (Store.Lookup), from the run's index when it has one.
func (p *Pipeline) known(ctx context.Context, path, sha string) (bool, error) {
	x, err := p.index(ctx)
	if err != nil || x != nil {
		return err == nil && x.Known(path, sha), err
	}
	_, ok, err := p.store.Lookup(ctx, path, sha)
	return ok, err
}

// lastIngested returns the size and hash of what path ingested last
// (Store.LastIngested), from the run's index when it has one.
func (p *Pipeline) lastIngested(ctx context.Context, path string) (size int64, sha string, ok bool, err error) {
	x, err := p.index(ctx)
	if err != nil {
		return 0, "", false, err
	}
	if x != nil {
		size, sha, ok = x.LastIngested(path)
		return size, sha, ok, nil
	}
	prev, ok, err := p.store.LastIngested(ctx, path)
	return prev.Size, prev.SHA256, ok, err
}

// result is the run's result as the caller gets it.
func (p *Pipeline) result() Result {
	r := p.res
	r.Files = maps.Clone(r.Files)
	r.Rejected = slices.Clone(r.Rejected)
	sort.Strings(r.Rejected)
	return r
}

// Summary is the one line ingest prints: counts per status.
func (r Result) Summary() string {
	var parts []string
	for _, s := range []easyday.FileStatus{easyday.StatusIngested, easyday.StatusDuplicate, easyday.StatusSkipped, easyday.StatusRejected} {
		if n := r.Files[s]; n > 0 || s == easyday.StatusIngested {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	if r.Known > 0 {
		parts = append(parts, fmt.Sprintf("%d seen before", r.Known))
	}
	if r.Unlisted > 0 {
		parts = append(parts, fmt.Sprintf("%d folders or paths could not be read", r.Unlisted))
	}
	if r.Gone > 0 {
		parts = append(parts, fmt.Sprintf("%d gone before it was read", r.Gone))
	}
	return strings.Join(parts, ", ")
}

// Total is the number of files newly processed.
func (r Result) Total() int {
	n := 0
	for _, c := range r.Files {
		n += c
	}
	return n
}
