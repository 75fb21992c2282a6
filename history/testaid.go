package history

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
)

// HoldWriteLock takes the write lock of the history at path on a
// connection of its own and keeps it until release is called, as another
// process in the middle of a long write would. It writes nothing. It is a
// test aid, for tests outside this package (the command's end-to-end
// tests) that show what a command does while the history is locked: they
// must not open the SQLite driver themselves.
func HoldWriteLock(path string) (release func(), err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", abs, err)
	}
	tx, err := db.Begin() // BEGIN IMMEDIATE (see dsn): the write lock, now
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("history %s: take the write lock: %w", abs, err)
	}
	return func() { tx.Rollback(); db.Close() }, nil
}

// DropStream deletes the stored stream of activity id, leaving the
// activity's numbers, as damage or a salvage that lost the streams table
// would. It is a test aid, for tests outside this package that show what
// the commands do with such an activity.
func (s *Store) DropStream(ctx context.Context, id int64) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.unlock()
	return retry(ctx, func() error {
		_, err := s.db.ExecContext(ctx, `DELETE FROM streams WHERE activity_id = ?`, id)
		return err
	})
}

// RefuseFile makes every later commit of an activity file at path fail
// halfway, as a full disk or a damaged page would in the middle of a batch:
// once its ledger row and first activity are written, a trigger aborts the
// insert of that activity's stream. It is a test aid, for tests outside
// this package that show what a run does when the history fails on one
// file.
func (s *Store) RefuseFile(ctx context.Context, path string) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.unlock()
	// A trigger's body takes no parameters: the path is quoted as SQL text.
	quoted := "'" + strings.ReplaceAll(path, "'", "''") + "'"
	_, err := s.db.ExecContext(ctx, `CREATE TRIGGER refuse_file BEFORE INSERT ON streams
		WHEN (SELECT f.path FROM activities a JOIN files f ON f.id = a.file_id WHERE a.id = NEW.activity_id) = `+quoted+`
		BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`)
	return err
}
