package history

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
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
