// Package historytest holds test aids for the history: what tests outside
// the history package do to a history file (hold its write lock, damage
// it, make it refuse a file) to show what the commands and the pipeline do
// then. It opens the file on a connection of its own, as another process
// would, so that nothing of it is in the history's production API.
package historytest

import (
	"context"
	"database/sql"
	"easyday"
	"easyday/history"
	"fmt"
	"strings"

	_ "github.com/mattn/go-sqlite3" // the history's own driver
)

// open opens the history at path on one connection of its own that waits
// for a lock as the history's do.
func open(ctx context.Context, path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `PRAGMA busy_timeout = 10000`); err != nil {
		db.Close()
		return nil, fmt.Errorf("history %s: %w", path, err)
	}
	return db, nil
}

// exec runs one statement on the history at path.
func exec(ctx context.Context, path, query string, args ...any) error {
	db, err := open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("history %s: %w", path, err)
	}
	return nil
}

// HoldWriteLock takes the write lock of the history at path and keeps it
// until release is called, as another process in the middle of a long
// write would. It writes nothing.
func HoldWriteLock(path string) (release func(), err error) {
	ctx := context.Background()
	db, err := open(ctx, path)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err == nil {
		_, err = conn.ExecContext(ctx, `BEGIN IMMEDIATE`) // the write lock, now
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("history %s: take the write lock: %w", path, err)
	}
	return func() {
		conn.ExecContext(ctx, `ROLLBACK`)
		conn.Close()
		db.Close()
	}, nil
}

// DropStream deletes the stored stream of activity id in the history at
// path, leaving the activity's numbers, as damage or a salvage that lost
// the streams table would.
func DropStream(ctx context.Context, path string, id int64) error {
	return exec(ctx, path, `DELETE FROM streams WHERE activity_id = ?`, id)
}

// RefuseFile makes every later commit of an activity file named file, in
// the history at path, fail halfway, as a full disk or a damaged page
// would in the middle of a batch: once its ledger row and first activity
// are written, a trigger aborts the insert of that activity's stream.
func RefuseFile(ctx context.Context, path, file string) error {
	// A trigger's body takes no parameters: the file is quoted as SQL text.
	quoted := "'" + strings.ReplaceAll(file, "'", "''") + "'"
	return exec(ctx, path, `CREATE TRIGGER refuse_file BEFORE INSERT ON streams
		WHEN (SELECT f.path FROM activities a JOIN files f ON f.id = a.file_id WHERE a.id = NEW.activity_id) = `+quoted+`
		BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`)
}

// Commit stores one file's outcome in s in a transaction of its own, through
// the history's production path (Prepare, Begin, Batch.Commit, End): how a
// test outside the history puts activities into one.
func Commit(ctx context.Context, s *history.Store, f history.FileRecord, acts []easyday.Activity) (history.FileRecord, error) {
	p, err := history.Prepare(f, acts)
	if err != nil {
		return history.FileRecord{}, err
	}
	b, err := s.Begin(ctx)
	if err != nil {
		return history.FileRecord{}, fmt.Errorf("commit %s: %w", f.Path, err)
	}
	defer b.Rollback()
	out, err := b.Commit(ctx, p, f.SeenUTC)
	if err != nil {
		return history.FileRecord{}, err
	}
	if err := b.End(); err != nil {
		return history.FileRecord{}, fmt.Errorf("commit %s: %w", f.Path, err)
	}
	return out, nil
}
