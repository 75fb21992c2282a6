package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"easyday"
)

// Prepared is one file's outcome made ready for its commit: checked, and
// its activities' streams encoded. Preparing needs no transaction, so the
// caller may do it on another goroutine than the one that commits (a bulk
// import prepares in its workers and commits in its one writer).
type Prepared struct {
	f       FileRecord
	acts    []easyday.Activity
	streams [][]byte // per act, for an ingested file
}

// Prepare checks f and encodes the streams of acts, for Batch.Commit. acts
// is kept, not copied: Batch.Commit sets the IDs in it as Commit does. Its
// Segments are not read again once Prepare returns (Batch.Commit stores the
// encoded streams), so a caller may give their arrays back for reuse (a
// bulk import does: analysis.Recycle). An activity the history cannot keep
// (a number that is not one, a value the stream cannot hold) is a
// *RefusedError: record the file as rejected.
func Prepare(f FileRecord, acts []easyday.Activity) (*Prepared, error) {
	switch f.Status {
	case easyday.StatusIngested, easyday.StatusSkipped, easyday.StatusRejected:
	default:
		return nil, fmt.Errorf("commit %s: status %q is not ingested, skipped or rejected", f.Path, f.Status)
	}
	p := &Prepared{f: f, acts: acts}
	if f.Status == easyday.StatusIngested {
		p.streams = make([][]byte, len(acts))
		for i := range acts {
			err := checkActivity(&acts[i])
			if err == nil {
				p.streams[i], err = encodeSegments(acts[i].Segments)
			}
			if err != nil {
				reason := err.Error()
				if len(acts) > 1 {
					reason = fmt.Sprintf("activity %d: %s", i+1, reason)
				}
				return nil, &RefusedError{Path: f.Path, Reason: reason, Err: err}
			}
		}
	}
	return p, nil
}

// Batch is one IMMEDIATE write transaction holding the commits of several
// files, in order: each sees the ones before it exactly as if they had been
// committed on their own, and a crash keeps all of them or none. End
// commits it; Rollback abandons it. While a batch is open it holds this
// process's write turn and the database's write lock: keep it short (a
// bulk import ends one every couple of hundred milliseconds).
//
// When the batch's context ends, the transaction is rolled back and End
// fails: nothing of it is stored.
type Batch struct {
	s    *Store
	tx   *sql.Tx
	done bool
	// The savepoint statements, prepared on the batch's transaction when
	// first needed: run as text, each was parsed anew for every file
	// (about a tenth of the CPU of an import of one-minute files).
	savepoint, release *sql.Stmt
}

// Begin opens a batch, waiting for the write lock as every write does (up
// to busyTimeout, stopping when ctx is done).
func (s *Store) Begin(ctx context.Context) (*Batch, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	var tx *sql.Tx
	err := retry(ctx, func() error {
		var err error
		tx, err = s.db.BeginTx(ctx, nil)
		return err
	})
	if err != nil {
		s.unlock()
		return nil, fmt.Errorf("begin: %w", err)
	}
	if err := s.stillThere(); err != nil {
		tx.Rollback()
		s.unlock()
		return nil, err
	}
	return &Batch{s: s, tx: tx}, nil
}

// End commits the batch. After End or Rollback the batch is not used again.
func (b *Batch) End() error {
	if b.done {
		return errors.New("batch already ended")
	}
	b.done = true
	defer b.s.unlock()
	if err := b.tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	b.s.startWriteback()
	return nil
}

// Rollback abandons the batch: nothing of it is stored. It does nothing
// after End or another Rollback.
func (b *Batch) Rollback() {
	if b.done {
		return
	}
	b.done = true
	b.tx.Rollback()
	b.s.unlock()
}

// Commit stores one prepared file (Prepare) within the batch and returns
// the row as stored. seen is when the file was seen (zero: now).
//
//   - Status rejected or skipped: writes the ledger row; acts are ignored.
//   - Status ingested: when another ledger row already has this content and
//     status ingested or duplicate, the file becomes a duplicate of it ("same
//     content as <path>", with that row's activities). Otherwise each activity
//     is checked against the stored ones (easyday.SameActivity: start within
//     60 s, timer or elapsed time within 5% of the stored one's, the same
//     sport or either unspecific). When every activity is already stored
//     the file becomes a duplicate ("same activity as <path of the file that
//     first produced it>", with the matched ids); otherwise the new activities
//     are inserted with their segments, the others are left out and named in
//     Reason, and Activities lists the inserted ids. A file with no
//     activities is recorded as ingested with none.
//   - The richer copy wins: a new activity matching a stored one that tells
//     more (easyday.Richness) replaces it, keeping its id, and the stored
//     activity keeps the sport whichever copy named it; the file that had
//     produced it becomes a duplicate "superseded by <path>" once none of its
//     activities is its own any more.
//   - f.Grows names this path's earlier content that the new content starts
//     with: the new activities replace the earlier content's in order,
//     keeping their ids (extra ones are added, missing ones removed), and
//     the earlier row becomes a duplicate superseded by this one.
//
// On success the ID and MetricsVersion of each inserted activity are set in
// acts (ID 0 for those left out). An activity's empty SHA256 and Source are taken from the file.
// The same (path, sha) committed twice, even by two processes at once, makes
// one row: the second Commit returns the existing row unchanged. Times are
// kept to the millisecond.
//
// A file whose commit fails
// leaves nothing in the batch and the files before it as they were, so
// the batch may still be ended; when the file's own values are what failed
// (a constraint of the schema, a panic while storing it) the error is a
// *RefusedError, and the file may be committed again as rejected. A
// context already ended stores nothing and returns its error (the batch's
// transaction, begun with its context, is rolled back when it ends).
func (b *Batch) Commit(ctx context.Context, p *Prepared, seen time.Time) (FileRecord, error) {
	f := p.f
	if err := ctx.Err(); err != nil {
		return FileRecord{}, fmt.Errorf("commit %s: %w", f.Path, err)
	}
	if seen.IsZero() {
		seen = time.Now()
	}
	f.SeenUTC = time.UnixMilli(seen.UnixMilli()).UTC()
	var out FileRecord
	var ids []int64 // per act: inserted id or 0
	err := b.atomic(func(tx *sql.Tx) error {
		var err error
		out, ids, err = commitTx(tx, f, p.acts, p.streams)
		return err
	})
	var serr sqlite3.Error
	if errors.As(err, &serr) && serr.ExtendedCode == sqlite3.ErrConstraintUnique {
		// Unreachable while every writer uses IMMEDIATE transactions, which
		// serialise the check in commitTx with the insert; kept as the
		// backstop the unique key exists for.
		rec, _, ok, lerr := lookup(b.tx, f.Path, f.SHA256)
		if lerr == nil && ok {
			out, ids, err = rec, nil, nil
		}
	}
	if err != nil {
		return FileRecord{}, fmt.Errorf("commit %s: %w", f.Path, refusedByConstraint(err))
	}
	for i := range p.acts {
		p.acts[i].ID = 0
		if i < len(ids) && ids[i] != 0 {
			p.acts[i].ID = ids[i]
			p.acts[i].MetricsVersion = easyday.MetricsVersion
		}
	}
	return out, nil
}

// CommitWellness stores a wellness file as Store.CommitWellness does,
// within the batch; seen as for Commit.
func (b *Batch) CommitWellness(ctx context.Context, f FileRecord, seen time.Time, kind easyday.WellnessKind, rows []easyday.WellnessRow) (FileRecord, error) {
	if seen.IsZero() {
		seen = time.Now()
	}
	f.SeenUTC = time.UnixMilli(seen.UnixMilli()).UTC()
	var out FileRecord
	err := b.atomic(func(tx *sql.Tx) error {
		var err error
		out, err = commitWellnessTx(ctx, tx, f, kind, rows)
		return err
	})
	if err != nil {
		return FileRecord{}, fmt.Errorf("commit %s: %w", f.Path, err)
	}
	return out, nil
}

// MarkSeen records in the scan cache, within the batch, the file at path
// with its size and modification time, replacing what was recorded for
// that path (Store.Seen reads it).
func (b *Batch) MarkSeen(path string, size int64, mtime time.Time) error {
	if err := markSeen(b.tx, path, size, mtime); err != nil {
		return fmt.Errorf("scan cache %s: %w", path, err)
	}
	return nil
}

// markSeen writes the scan-cache row of path.
func markSeen(tx *sql.Tx, path string, size int64, mtime time.Time) error {
	_, err := tx.Exec(
		`INSERT INTO scan_cache (path, size, mtime_s, mtime_ns) VALUES (?, ?, ?, ?)
		 ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_s = excluded.mtime_s,
		   mtime_ns = excluded.mtime_ns`,
		path, size, mtime.Unix(), mtime.Nanosecond(),
	)
	return err
}

// atomic runs fn within a savepoint of the batch: when fn fails, what it
// did is undone and the rest of the batch stays.
func (b *Batch) atomic(fn func(tx *sql.Tx) error) error {
	if b.done {
		return errors.New("batch already ended")
	}
	if b.savepoint == nil {
		sp, err := b.tx.Prepare(`SAVEPOINT one_file`)
		if err != nil {
			return err
		}
		rel, err := b.tx.Prepare(`RELEASE one_file`)
		if err != nil {
			sp.Close()
			return err
		}
		b.savepoint, b.release = sp, rel
	}
	if _, err := b.savepoint.Exec(); err != nil {
		return err
	}
	if err := guardTx(b.tx, fn); err != nil {
		// Undone, and the savepoint gone; if SQLite has already rolled the
		// whole transaction back (a full disk), End says so.
		if _, rerr := b.tx.Exec(`ROLLBACK TO one_file`); rerr == nil {
			b.release.Exec()
		}
		return err
	}
	_, err := b.release.Exec()
	return err
}

// guardTx runs fn, turning a panic (a value nobody foresaw, on a path of
// the commit) into a *RefusedError, so that the savepoint undoes what fn
// did and the run goes on with the next file.
func guardTx(tx *sql.Tx, fn func(tx *sql.Tx) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &RefusedError{Reason: fmt.Sprintf("storing it failed: %v", r), Err: fmt.Errorf("panic: %v", r)}
		}
	}()
	return fn(tx)
}
