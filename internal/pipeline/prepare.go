package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"easyday"
	"easyday/analysis"
	"easyday/history"
	"easyday/ingest"
)

// job is one file handed to a worker; its steps come back on steps, in
// order, and steps is closed when the file is done. known counts the files
// listed before it that the run's scan cache knew as they are: the
// dispatcher passed over them. A job with no steps carries only such a
// count (the files after the last one handed out).
type job struct {
	path  string
	steps chan step
	known int
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

// orderAhead is how many files per worker the workers may run ahead of the
// writer. Files are not all the same size: at two per worker, one long file
// at the head of the order held the others' finished files back, and the
// workers then waited, idle, for the writer to take it (docs/benchmarks.md,
// "Settings measured"). What a file waits with is its encoded streams, a
// few kilobytes an activity: its samples went back to its worker.
const orderAhead = 8

// parallel runs workers over files and commits their steps in file order,
// passing over the files the run's scan cache knows as they are.
func (p *Pipeline) parallel(ctx context.Context, files []string, workers int, done func(int)) error {
	return p.run(ctx, files, p.knownAsIs(ctx, files, max(1, min(workers, len(files)))), workers, done)
}

// run runs workers over files and commits their steps in file order. The
// dispatcher passes over files[i] when asIs[i] (knownAsIs); nil asIs
// passes over none.
func (p *Pipeline) run(ctx context.Context, files []string, asIs []bool, workers int, done func(int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers = max(1, min(workers, len(files)))
	jobs := make(chan job)
	// order holds the jobs in file order, at most orderAhead×workers ahead
	// of the writer, so that a slow commit holds the reading back.
	order := make(chan job, orderAhead*workers)
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
		known := 0
		for i, f := range files {
			if asIs != nil && asIs[i] {
				known++
				continue
			}
			j := job{path: f, steps: make(chan step, stepsPerFile), known: known}
			known = 0
			for _, c := range []chan job{order, jobs} {
				select {
				case c <- j:
				case <-ctx.Done():
					return
				}
			}
		}
		if known > 0 {
			select {
			case order <- job{known: known}:
			case <-ctx.Done():
			}
		}
	}()
	err := p.commitAll(ctx, order, done)
	cancel()
	wg.Wait()
	return err
}

// knownAsIs tells, for each of files, whether the run's scan cache knows
// it as it is now (size and modification time): nothing of it needs
// reading, and the dispatcher passes over it rather than hand it to a
// worker and the writer (a run over an inbox it has seen is mostly such
// files). Only the paths the snapshot has a record of are stat'ed, by
// workers goroutines at once; a new file is stat'ed once, by its worker.
// Without a snapshot, or with no path it has, it returns nil, and read
// decides for every file as before.
func (p *Pipeline) knownAsIs(ctx context.Context, files []string, workers int) []bool {
	if p.cache == nil {
		return nil
	}
	var asked []int
	for i, f := range files {
		if p.cache.Has(f) && !p.ownFile(f) {
			asked = append(asked, i)
		}
	}
	if len(asked) == 0 {
		return nil
	}
	known := make([]bool, len(files))
	var next atomic.Int64 // the next of asked to stat, whichever goroutine is free
	var wg sync.WaitGroup
	for range min(workers, len(asked)) {
		wg.Go(func() {
			st := newStatter()
			defer st.close()
			for k := next.Add(1) - 1; k < int64(len(asked)) && ctx.Err() == nil; k = next.Add(1) - 1 {
				i := asked[k]
				fi, ok := st.stat(files[i])
				known[i] = ok && fi.regular && p.cache.SeenAt(files[i], fi.size, fi.sec, fi.nsec)
			}
		})
	}
	wg.Wait()
	return known
}

// knownOnArrival is knownAsIs for a run whose snapshot is still being read
// (snapshot, on another goroutine, which sends its error on snap when it
// is done): its goroutines stat the files meanwhile, every one of them,
// and once the snapshot is in only those it has a record of. What it
// tells is what knownAsIs tells once the snapshot is in; a file stat'ed
// before that which the snapshot turns out not to hold is stat'ed again
// by its worker. It returns the snapshot's error.
func (p *Pipeline) knownOnArrival(ctx context.Context, files []string, workers int, snap <-chan error) ([]bool, error) {
	select {
	case err := <-snap:
		if err != nil {
			return nil, err
		}
		return p.knownAsIs(ctx, files, max(1, min(workers, len(files)))), nil
	default:
	}
	var cache atomic.Pointer[history.ScanCache] // set once the snapshot is in
	infos := make([]fileStat, len(files))       // zero: not stat'ed, or no such file
	var next atomic.Int64                       // the next of files to stat, whichever goroutine is free
	var wg sync.WaitGroup
	for range min(workers, len(files)) {
		wg.Go(func() {
			st := newStatter()
			defer st.close()
			for k := next.Add(1) - 1; k < int64(len(files)) && ctx.Err() == nil; k = next.Add(1) - 1 {
				f := files[k]
				if c := cache.Load(); (c != nil && !c.Has(f)) || p.ownFile(f) {
					continue
				}
				if fi, ok := st.stat(f); ok {
					infos[k] = fi
				}
			}
		})
	}
	err := <-snap
	if err == nil {
		cache.Store(p.cache)
	}
	wg.Wait()
	if err != nil {
		return nil, err
	}
	known := make([]bool, len(files))
	for k, fi := range infos {
		known[k] = fi.regular && p.cache.SeenAt(files[k], fi.size, fi.sec, fi.nsec)
	}
	return known, nil
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
		if ok, err := p.seen(ctx, path, info); err != nil {
			_ = emit(step{err: err})
			return
		} else if ok {
			end.known = true
			_ = emit(step{end: end})
			return
		}
	}
	each := func(it ingest.Item) error {
		pr, err := p.prepare(ctx, it)
		if err != nil {
			return err
		}
		return emit(step{item: pr})
	}
	var err error
	if statErr == nil {
		err = ingest.OpenStat(ctx, path, info, each) // stat'ed once
	} else {
		err = ingest.Open(ctx, path, each) // its error becomes the file's item
	}
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
		if ok, err := p.known(ctx, it.Path, sha); err != nil {
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
		prevSize, prevSHA, ok, err := p.lastIngested(ctx, it.Path)
		if err != nil {
			return nil, err
		}
		if ok && prevSize < it.Size {
			grown, err := it.HasPrefix(prevSize, prevSHA)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", it.Path, err)
			}
			if grown {
				rec.Grows = prevSHA
			}
		}
	}
	pr.rec = rec
	if pr.wellness == nil {
		// Encoded here, by the worker, so that the writer only stores.
		pr.commit, pr.prepErr = history.Prepare(rec, pr.acts)
		// The streams are encoded: the segments serve the next files.
		analysis.Recycle(pr.acts)
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
	done := slices.Clone(recs)
	for i, r := range recs {
		// The samples are the largest thing a worker holds: once
		// analysed, only the segments are needed.
		recs[i].Samples = nil
		acts = append(acts, p.analyze(r, p.profile))
	}
	// Their arrays serve the next files' samples.
	ingest.Recycle(done)
	return acts, nil
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
