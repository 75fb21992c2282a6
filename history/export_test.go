package history

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"easyday"
)

// The history's test aids that need its insides: what the package's own
// tests call, kept out of its production API. Tests outside the package
// use history/historytest.

// Commit prepares one file's outcome (Prepare) and stores it in a
// transaction of its own, as Batch.Commit does; a zero f.SeenUTC means now.
func (s *Store) Commit(ctx context.Context, f FileRecord, acts []easyday.Activity) (FileRecord, error) {
	p, err := Prepare(f, acts)
	if err != nil {
		return FileRecord{}, err
	}
	b, err := s.Begin(ctx)
	if err != nil {
		return FileRecord{}, fmt.Errorf("commit %s: %w", f.Path, err)
	}
	defer b.Rollback()
	out, err := b.Commit(ctx, p, f.SeenUTC)
	if err != nil {
		return FileRecord{}, err
	}
	if err := b.End(); err != nil {
		return FileRecord{}, fmt.Errorf("commit %s: %w", f.Path, err)
	}
	return out, nil
}

// MarkSeen records the file at path in the scan cache in a transaction of
// its own, as Batch.MarkSeen does within a batch.
func (s *Store) MarkSeen(ctx context.Context, path string, size int64, mtime time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error { return markSeen(tx, path, size, mtime) })
	if err != nil {
		return fmt.Errorf("scan cache %s: %w", path, err)
	}
	return nil
}

// UpdateMetrics replaces the metric columns (everything computed from
// segments and thresholds: hr_s, avg/max HR, zones, TRIMP, HRSS, NP, power
// TSS, load, load source, warnings) of the given activities, by ID, in one
// transaction, recording that easyday.MetricsVersion computed them. An ID
// that is not stored, or an activity the history refuses, is an error and
// nothing is changed.
func (s *Store) UpdateMetrics(ctx context.Context, acts []easyday.Activity) error {
	refused, err := s.updateMetrics(ctx, acts, nil, false)
	for _, r := range refused {
		return fmt.Errorf("update metrics: %w", r)
	}
	return err
}

// IntegrityCheck runs PRAGMA integrity_check and PRAGMA foreign_key_check
// (which integrity_check leaves out). It returns nil when both are clean, an
// error matching ErrDamaged when they found a problem, and another error
// when they could not run (a file too damaged to read fails here too).
func (s *Store) IntegrityCheck(ctx context.Context) error {
	return integrityCheck(ctx, s.db)
}
