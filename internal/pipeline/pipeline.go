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
	"sort"
	"strings"
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
	return &Pipeline{store: store, profile: c.Profile, log: log, now: now, own: own, counts: map[easyday.FileStatus]int{}}
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
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := p.File(ctx, f); err != nil && !errors.Is(err, ErrTruncated) {
			return err
		}
		progress(i+1, len(files))
	}
	return nil
}

// File ingests one file from disk (all its archive members). A file whose
// path, size and modification time were seen before is not read again. A
// file that could not be read (permissions, a disk error, content changing
// while read) is rejected but not remembered, so the next run tries it
// again; one gone since it was listed is only counted.
func (p *Pipeline) File(ctx context.Context, path string) error {
	if p.ownFile(path) {
		return nil
	}
	info, statErr := os.Stat(path)
	regular := statErr == nil && info.Mode().IsRegular()
	if regular {
		if ok, err := p.store.Seen(ctx, path, info.Size(), info.ModTime()); err != nil {
			return err
		} else if ok {
			p.known++
			return nil
		}
	}
	remember := regular
	err := ingest.Open(ctx, path, func(it ingest.Item) error {
		ok, err := p.item(ctx, it)
		remember = remember && ok
		return err
	})
	if err != nil || !remember {
		return err
	}
	return p.store.MarkSeen(ctx, path, info.Size(), info.ModTime())
}

// item takes one decompressed file through decode, analysis and commit. It
// reports whether the outcome may be remembered: false when the file could
// not be read.
func (p *Pipeline) item(ctx context.Context, it ingest.Item) (bool, error) {
	if errors.Is(it.Err, fs.ErrNotExist) {
		p.gone++
		p.log.Warn("gone before it was read", "file", it.Path)
		return false, nil
	}
	sha := it.SHA256
	if it.Err == nil {
		if _, ok, err := p.store.Lookup(ctx, it.Path, sha); err != nil {
			return false, err
		} else if ok {
			p.known++
			return true, nil
		}
	}
	rec := history.FileRecord{Path: it.Path, SHA256: sha, Size: it.Size, SeenUTC: p.now()}
	recs, err := decodeSafely(it)
	var acts []easyday.Activity
	switch {
	case errors.Is(err, ingest.ErrTruncated) && p.HoldTruncated:
		p.log.Info("waiting for the rest of the file", "file", it.Path, "reason", err.Error())
		return false, fmt.Errorf("%s: %w", it.Path, ErrTruncated)
	case errors.Is(err, ingest.ErrUnreadable):
		// Nothing is known of the content: one row per path says so.
		rec.SHA256, rec.Size = "", 0
		rec.Status = easyday.StatusRejected
		rec.Reason = err.Error()
	case errors.Is(err, ingest.ErrSkipped) && it.Kind == ingest.FIT:
		wf, werr := ingest.DecodeWellness(it)
		if werr == nil {
			return true, p.wellness(ctx, it, rec, wf)
		}
		rec.Status, rec.Reason = easyday.StatusSkipped, strings.TrimPrefix(err.Error(), ingest.ErrSkipped.Error()+": ")
		if !errors.Is(werr, ingest.ErrNotWellness) {
			rec.Status, rec.Reason = easyday.StatusRejected, werr.Error()
		}
	case errors.Is(err, ingest.ErrSkipped):
		rec.Status = easyday.StatusSkipped
		rec.Reason = strings.TrimPrefix(err.Error(), ingest.ErrSkipped.Error()+": ")
	case err != nil:
		rec.Status = easyday.StatusRejected
		rec.Reason = err.Error()
	default:
		rec.Status = easyday.StatusIngested
		for _, r := range recs {
			a := analysis.Analyze(r, p.profile)
			a.SHA256, a.Source = sha, it.Path
			acts = append(acts, a)
		}
	}
	stored, cerr := p.store.Commit(ctx, rec, acts)
	if cerr != nil {
		return false, fmt.Errorf("store %s: %w", it.Path, cerr)
	}
	if errors.Is(err, ingest.ErrUnreadable) {
		stored.Reason = rec.Reason // the row may be an older one: say this run's reason
	}
	p.counts[stored.Status]++
	switch stored.Status {
	case easyday.StatusRejected:
		p.rejected = append(p.rejected, it.Path+": "+stored.Reason)
		p.log.Info("rejected", "file", it.Path, "reason", stored.Reason)
	case easyday.StatusIngested:
		p.log.Info("ingested", "file", it.Path, "activities", len(stored.Activities))
	default:
		p.log.Info(string(stored.Status), "file", it.Path, "reason", stored.Reason)
	}
	return !errors.Is(err, ingest.ErrUnreadable), nil
}

// wellness places a wellness file's values on their local days and commits
// them: a file that adds no value is a duplicate.
func (p *Pipeline) wellness(ctx context.Context, it ingest.Item, rec history.FileRecord, wf easyday.WellnessFile) error {
	rows := analysis.WellnessRows(wf, p.profile.Location)
	stored, err := p.store.CommitWellness(ctx, rec, wf.Kind, rows)
	if err != nil {
		return fmt.Errorf("store %s: %w", it.Path, err)
	}
	p.counts[stored.Status]++
	p.log.Info(string(stored.Status), "file", it.Path, "kind", string(wf.Kind), "values", len(rows), "reason", stored.Reason)
	return nil
}

// decodeSafely decodes an item, turning a decoder panic into a rejection so
// that one bad file never stops a batch.
func decodeSafely(it ingest.Item) (recs []easyday.Recording, err error) {
	defer func() {
		if r := recover(); r != nil {
			recs, err = nil, fmt.Errorf("decoder failed on this file: %v", r)
		}
	}()
	return ingest.Decode(it)
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
