package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"easyday"
	"easyday/analysis"
	"easyday/history"
	"easyday/ingest"
	"easyday/internal/inbox"
)

// pipeline takes files from disk into the history: unpack, decode, analyse,
// commit. It is shared by ingest, run and watch.
type pipeline struct {
	store   *history.Store
	profile easyday.Profile
	log     *slog.Logger
	// holdTruncated makes a truncated FIT file an error for the caller to
	// retry (the watcher, while a copy may still be in flight) instead of a
	// rejection written to the ledger.
	holdTruncated bool

	// own are easyday's own files (the history and its journal, the
	// reports folder): never read as input, even inside the inbox.
	own []string

	counts   map[string]int // per status, this run
	known    int            // files seen before with the same content
	rejected []string       // "path: reason" of files rejected in this run
	bar      *progressbar.ProgressBar
}

// errTruncated is returned for a truncated FIT file when holdTruncated is set.
var errTruncated = errors.New("truncated")

func newPipeline(store *history.Store, c *config, log *slog.Logger) *pipeline {
	own := []string{c.Reports}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		own = append(own, c.Database+suffix)
	}
	return &pipeline{store: store, profile: c.Profile, log: log, own: own, counts: map[string]int{}}
}

// ownFile reports whether path is one of easyday's own files.
func (p *pipeline) ownFile(path string) bool {
	for _, o := range p.own {
		if path == o || strings.HasPrefix(path, o+string(os.PathSeparator)) {
			return true
		}
	}
	return false
}

// progress shows a progress bar on w when it is a terminal (never in cron or
// under a supervisor, where it would only fill the log).
func (p *pipeline) progress(w io.Writer, total int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || total < 2 {
		return
	}
	p.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("ingesting"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100e6),
	)
}

// paths ingests every file under the given files and folders.
func (p *pipeline) paths(ctx context.Context, stderr io.Writer, paths []string) error {
	files, err := inbox.Files(paths)
	if err != nil {
		return err
	}
	p.progress(stderr, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := p.file(ctx, f); err != nil && !errors.Is(err, errTruncated) {
			return err
		}
		if p.bar != nil {
			_ = p.bar.Add(1)
		}
	}
	if p.bar != nil {
		_ = p.bar.Finish()
	}
	return nil
}

// file ingests one file from disk (all its archive members). A file whose
// path, size and modification time were seen before is not read again.
func (p *pipeline) file(ctx context.Context, path string) error {
	if p.ownFile(path) {
		return nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if _, ok, err := p.store.Seen(path, info.Size(), info.ModTime()); err != nil {
		return err
	} else if ok {
		p.known++
		return nil
	}
	h := sha256.New()
	err = ingest.Open(ctx, path, func(it ingest.Item) error {
		if it.Data != nil {
			h.Write(it.Data)
		}
		return p.item(it)
	})
	if err != nil {
		return err
	}
	return p.store.MarkSeen(path, info.Size(), info.ModTime(), hex.EncodeToString(h.Sum(nil)))
}

// item takes one decompressed file through decode, analysis and commit.
func (p *pipeline) item(it ingest.Item) error {
	sum := sha256.Sum256(it.Data)
	sha := hex.EncodeToString(sum[:])
	if _, ok, err := p.store.Lookup(it.Path, sha); err != nil {
		return err
	} else if ok {
		p.known++
		return nil
	}
	rec := history.FileRecord{Path: it.Path, SHA256: sha, Size: int64(len(it.Data))}
	recs, err := decodeSafely(it)
	var acts []easyday.Activity
	switch {
	case errors.Is(err, ingest.ErrTruncated) && p.holdTruncated:
		p.log.Info("waiting for the rest of the file", "file", it.Path, "reason", err.Error())
		return fmt.Errorf("%s: %w", it.Path, errTruncated)
	case errors.Is(err, ingest.ErrSkipped):
		rec.Status = history.StatusSkipped
		rec.Reason = strings.TrimPrefix(err.Error(), ingest.ErrSkipped.Error()+": ")
	case err != nil:
		rec.Status = history.StatusRejected
		rec.Reason = err.Error()
	default:
		rec.Status = history.StatusIngested
		for _, r := range recs {
			a := analysis.Analyze(r, p.profile)
			a.SHA256, a.Source, a.Format = sha, it.Path, it.Kind.String()
			acts = append(acts, a)
		}
	}
	stored, err := p.store.Commit(rec, acts)
	if err != nil {
		return fmt.Errorf("store %s: %w", it.Path, err)
	}
	p.counts[stored.Status]++
	switch stored.Status {
	case history.StatusRejected:
		p.rejected = append(p.rejected, it.Path+": "+stored.Reason)
		p.log.Info("rejected", "file", it.Path, "reason", stored.Reason)
	case history.StatusIngested:
		p.log.Info("ingested", "file", it.Path, "activities", len(stored.Activities))
	default:
		p.log.Info(stored.Status, "file", it.Path, "reason", stored.Reason)
	}
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

// summary is the one line ingest prints: counts per status.
func (p *pipeline) summary() string {
	var parts []string
	for _, s := range []string{history.StatusIngested, history.StatusDuplicate, history.StatusSkipped, history.StatusRejected} {
		if n := p.counts[s]; n > 0 || s == history.StatusIngested {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	if p.known > 0 {
		parts = append(parts, fmt.Sprintf("%d seen before", p.known))
	}
	return strings.Join(parts, ", ")
}

// total is the number of files newly processed.
func (p *pipeline) total() int {
	n := 0
	for _, c := range p.counts {
		n += c
	}
	return n
}

// rejectedList returns the rejections of this run, sorted.
func (p *pipeline) rejectedList() []string {
	out := append([]string(nil), p.rejected...)
	sort.Strings(out)
	return out
}
