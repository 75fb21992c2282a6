package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/mattn/go-sqlite3"
)

// ErrMoved marks a write to a history that was moved aside or replaced
// (by 'easyday rebuild') while this process had it open: the write is not
// made, for it would go into the file moved aside, where nobody looks.
var ErrMoved = errors.New("the history was moved aside or replaced while easyday had it open (by 'easyday rebuild'?): nothing more was stored; run the command again")

// ErrImportGone marks a first import (Options.Import) whose private file
// was removed while it was being filled: by another easyday, which takes
// such a file for left over by a killed import once it has not changed for
// ten minutes (an import stopped that long). Nothing of the run is kept.
var ErrImportGone = errors.New("the file this first import was filling beside it was removed (taken for left over after ten minutes without a change?): nothing of this run was kept; run the command again")

// stillThere reports ErrMoved when the history's path no longer names the
// file this store opened, and ErrImportGone when a first import's private
// file is gone. The writers call it once they hold the write lock: a
// rebuild moves the history only while it holds that lock too, so a write
// that passes the check is made into the history people see.
func (s *Store) stillThere() error {
	if s.file == nil {
		return nil
	}
	fi, err := os.Stat(s.abs)
	switch {
	case (err != nil || !os.SameFile(fi, s.file)) && s.final != "":
		return fmt.Errorf("history %s: %w", s.final, ErrImportGone)
	case err != nil || !os.SameFile(fi, s.file):
		return fmt.Errorf("history %s: %w", s.abs, ErrMoved)
	}
	return nil
}

// LockWrites takes the write lock of the history at path on a connection
// of its own, waiting for another process's as every write does (up to
// busyTimeout, then ErrLocked; stopping when ctx is done), and holds it
// until release is called: no other process commits to that file
// meanwhile. Rebuild holds it while it checks the history, moves it aside
// and fills the new one, so that a writer still using the old file either
// committed before the move or finds it moved (ErrMoved) and says so.
//
// The file may be moved while the lock is held: the connection keeps its
// journal when it closes, instead of deleting it by its old name, which is
// then the new history's. A missing file, or one too damaged for SQLite to
// lock, needs no lock (no process can write to it): release does nothing.
func LockWrites(ctx context.Context, path string) (release func(), err error) {
	none := func() {}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", path, err)
	}
	if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
		return none, nil
	}
	db, err := sql.Open("sqlite3", checkDSN(abs))
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", abs, err)
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return none, nil
	}
	_ = conn.Raw(func(dc any) error {
		if c, ok := dc.(*sqlite3.SQLiteConn); ok {
			return c.SetFileControlInt("main", sqlite3.SQLITE_FCNTL_PERSIST_WAL, 1)
		}
		return nil
	})
	err = retry(ctx, func() error {
		_, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE")
		return err
	})
	switch {
	case err == nil:
		return func() {
			conn.ExecContext(context.Background(), "ROLLBACK")
			conn.Close()
			db.Close()
		}, nil
	case errors.Is(err, ErrLocked), ctx.Err() != nil:
		conn.Close()
		db.Close()
		return nil, fmt.Errorf("history %s: %w", abs, err)
	}
	// Not a database SQLite can lock: nobody writes to it either.
	conn.Close()
	db.Close()
	return none, nil
}
