package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strings"

	"easyday"
	"easyday/analysis"
	"easyday/ingest"
)

// RecomputeKind says what recompute did with one activity it names.
type RecomputeKind string

// What recompute says of an activity.
const (
	// Changed: its numbers are recomputed from its stream and differ.
	Changed RecomputeKind = "changed"
	// NoStream: its stream is missing or holds no samples and its file
	// could not be read again; its numbers are kept.
	NoStream RecomputeKind = "no stream"
	// NoPaceLoad: a run stored before streams kept distance, whose file
	// could not be read again for pace load; the rest of its numbers are
	// recomputed from the stream.
	NoPaceLoad RecomputeKind = "no pace load"
	// OldDistance: a GPX stored before its distance was taken over the
	// kept samples without position faults (docs/metrics.md §1.1), whose
	// file could not be read again; its stream keeps the distance it has
	// and the rest of its numbers are recomputed from it.
	OldDistance RecomputeKind = "old distance"
	// NotStored: the history refused its new numbers; the old ones are kept.
	NotStored RecomputeKind = "not stored"
)

// RecomputeNote is what recompute says of one activity.
type RecomputeNote struct {
	Kind RecomputeKind
	Old  easyday.Activity // as it was stored (without its segments)
	New  easyday.Activity // as recomputed (without its segments); Changed only
	// Streamless: the stream row is missing (not merely empty); NoStream only.
	Streamless bool
	// Err says why, for every kind but Changed.
	Err error
}

// Rejected reports whether the note is a failure of the activity's file
// or of its new numbers (exit 3), rather than a file that is no longer
// where it was or no longer what it was, which is the athlete's to know,
// not a fault.
func (n RecomputeNote) Rejected() bool {
	switch n.Kind {
	case NotStored:
		return true
	case NoStream, NoPaceLoad, OldDistance:
		return !errors.Is(n.Err, errFileGone) && !errors.Is(n.Err, errFileChanged) && !errors.Is(n.Err, errNotInFile)
	}
	return false
}

// RecomputeResult is what a recompute did.
type RecomputeResult struct {
	Activities int             // activities on and after the day asked for
	Notes      []RecomputeNote // in the order of the activities: Changed, NoStream and NotStored; NoPaceLoad ones are in Unread
	Unread     []RecomputeNote // runs whose file could not be read again for pace load, and GPX for their distance
	Changed    int             // activities whose numbers changed and were stored
	Restreamed int             // activities read again from their file, their stream stored anew
	Kept       int             // activities not recomputed for want of a stream
	Refused    int             // activities whose new numbers the history refused: the old ones kept
	Older      map[int]int     // activities per metrics version older than this easyday's
}

// Rejected is the number of notes that are failures (RecomputeNote.Rejected).
func (r RecomputeResult) Rejected() int {
	n := 0
	for _, l := range [][]RecomputeNote{r.Notes, r.Unread} {
		for _, x := range l {
			if x.Rejected() {
				n++
			}
		}
	}
	return n
}

// Recompute recomputes the metrics of the activities on and after since
// from their stored streams with the profile now configured, and stores
// what changed (and, for activities computed by older rules, every one, so
// that the row says which rules computed it). An activity with no stream
// to recompute from, or whose stream predates distance, is analysed again
// from its original file, read through the same guard as ingest, when the
// file is still there with the same content; otherwise it is named and
// its numbers kept. One activity never stops the others: only the
// history's own errors and the context's end do.
func (p *Pipeline) Recompute(ctx context.Context, since easyday.Date) (RecomputeResult, error) {
	var res RecomputeResult
	// Excluded activities too: their numbers stay current for the day
	// they are included again.
	acts, err := p.store.AllActivitiesOn(ctx, since, easyday.Date(math.MaxInt32), true)
	if err != nil {
		return res, err
	}
	res.Activities = len(acts)
	streamless, err := p.store.Streamless(ctx)
	if err != nil {
		return res, err
	}
	var update, restreamed []easyday.Activity
	changed := map[int64]int{} // activity ID → its index in res.Notes
	res.Older = map[int]int{}
	for i := range acts {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		old := acts[i]
		acts[i].Segments = nil // the notes hold no stream
		note := acts[i]
		if streamless[old.ID] || len(old.Segments) == 0 {
			// Recomputing from nothing would save load 0 over a good
			// number: read the original file again, or leave it be. A
			// stream stored empty is as much nothing as a missing one.
			again, err := p.reread(ctx, old)
			if err != nil {
				res.Kept++
				res.Notes = append(res.Notes, RecomputeNote{Kind: NoStream, Old: note, Streamless: streamless[old.ID], Err: err})
				continue
			}
			restreamed = append(restreamed, again)
			if !old.SameMetrics(again) {
				changed[old.ID] = -1
			}
			continue
		}
		nw := analysis.Recompute(old, p.profile)
		rewritten := false
		if needsFile(old) {
			// The stream predates distance: analyse the original file
			// again, or say why not. The stream's own numbers stay.
			if again, err := p.reread(ctx, old); err != nil {
				kind := NoPaceLoad
				if old.Format == easyday.FormatGPX {
					kind = OldDistance
				}
				res.Unread = append(res.Unread, RecomputeNote{Kind: kind, Old: note, Err: err})
			} else {
				nw, rewritten = again, true
				restreamed = append(restreamed, nw)
			}
		}
		stored := rewritten
		if old.MetricsVersion < easyday.MetricsVersion {
			res.Older[old.MetricsVersion]++
			// Stored again even when unchanged, so that the row says which
			// rules computed it.
			if !rewritten {
				update = append(update, nw)
				stored = true
			}
		}
		if old.SameMetrics(nw) {
			if old.ScoredWith != nw.ScoredWith && !stored {
				// Unchanged numbers from the thresholds now in force: the
				// row says so, and its loads are no longer stale.
				update = append(update, nw)
			}
			continue
		}
		if old.MetricsVersion >= easyday.MetricsVersion && !rewritten {
			update = append(update, nw)
		}
		shown := nw
		shown.Segments = nil
		changed[old.ID] = len(res.Notes)
		res.Notes = append(res.Notes, RecomputeNote{Kind: Changed, Old: note, New: shown})
	}
	res.Restreamed = len(restreamed)
	refused, err := p.store.UpdateMetricsAndStreams(ctx, update, restreamed)
	if err != nil {
		return res, fmt.Errorf("store recomputed metrics: %w", err)
	}
	res.Changed = len(changed)
	for _, a := range restreamed {
		if refused[a.ID] != nil {
			res.Restreamed--
		}
	}
	for i, a := range acts {
		r := refused[a.ID]
		if r == nil {
			continue
		}
		// Its new numbers are not stored: it is named once, as kept.
		res.Refused++
		if j, ok := changed[a.ID]; ok {
			res.Changed--
			if j >= 0 {
				res.Notes[j] = RecomputeNote{Kind: NotStored, Old: acts[i], Err: r}
				continue
			}
		}
		res.Notes = append(res.Notes, RecomputeNote{Kind: NotStored, Old: acts[i], Err: r})
	}
	return res, nil
}

// paceMetricsVersion is the first metrics version whose streams keep
// distance and altitude.
const paceMetricsVersion = 2

// gpxDistanceMetricsVersion is the first metrics version that takes a
// GPX's distance over its kept samples, without position faults
// (docs/metrics.md §1.1): the stream of a GPX stored before it holds the
// distance the file's points summed in document order, one wild fix and
// all.
const gpxDistanceMetricsVersion = 6

// needsFile reports whether an activity's stream lacks what the rules now
// need: a run with a distance, stored before streams kept distance, or a
// GPX whose stream holds a distance by the old rule.
func needsFile(a easyday.Activity) bool {
	if a.Format == easyday.FormatGPX && a.MetricsVersion < gpxDistanceMetricsVersion {
		return true
	}
	if a.MetricsVersion >= paceMetricsVersion || !a.IsRunning() || !(a.DistanceM > 0) {
		return false
	}
	for _, s := range a.Segments {
		if s.Distance != easyday.Missing {
			return false
		}
	}
	return true
}

// Why an activity could not be analysed again from its file, when the
// file moved on: not a fault of the file (RecomputeNote.Rejected).
var (
	errFileGone    = errors.New("its original file is no longer there")
	errFileChanged = errors.New("its original file has changed since it was stored")
	errNotInFile   = errors.New("its original file no longer holds it")
)

// reread analyses a stored activity again from the file its ledger row
// names (an archive member is found inside its archive), checking that
// the content is the one stored. It decodes and analyses as ingest does,
// through guard and analyzeAll, so that a decoder's panic is an error
// naming the file. The result keeps the activity's identity.
func (p *Pipeline) reread(ctx context.Context, old easyday.Activity) (easyday.Activity, error) {
	onDisk, _, _ := strings.Cut(old.Source, "!/")
	if _, err := os.Stat(onDisk); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return old, fmt.Errorf("%w (%s)", errFileGone, onDisk)
		}
		return old, fmt.Errorf("%s: %w", onDisk, err)
	}
	var found *easyday.Activity
	var readErr error
	seen := false
	err := ingest.Open(ctx, onDisk, func(it ingest.Item) error {
		if it.Path != old.Source {
			return nil
		}
		seen = true
		if it.Err != nil {
			readErr = fmt.Errorf("%s: %w", old.Source, it.Err)
			return nil
		}
		if it.SHA256 != old.SHA256 {
			readErr = fmt.Errorf("%w (%s)", errFileChanged, old.Source)
			return nil
		}
		res, err := guard(p.readItem, it)
		if err != nil {
			readErr = fmt.Errorf("%s: %w", old.Source, err)
			return nil
		}
		acts, err := p.analyzeAll(res.Recordings) // none when it holds no activity now
		if err != nil {
			readErr = fmt.Errorf("%s: %w", old.Source, err)
			return nil
		}
		for _, a := range acts {
			if a.Sport == old.Sport && a.StartUTC.Equal(old.StartUTC) {
				a.ID, a.SHA256, a.Source, a.MetricsVersion = old.ID, old.SHA256, old.Source, old.MetricsVersion
				found = &a
				return nil
			}
		}
		return nil
	})
	switch {
	case err != nil:
		return old, fmt.Errorf("%s: %w", old.Source, err)
	case readErr != nil:
		return old, readErr
	case !seen:
		return old, fmt.Errorf("%w (%s)", errFileGone, old.Source)
	case found == nil:
		return old, fmt.Errorf("%w (%s)", errNotInFile, old.Source)
	}
	return *found, nil
}
