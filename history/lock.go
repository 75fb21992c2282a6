package history

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"
)

// busyTimeout is how long an operation waits for another process's lock
// before giving up with ErrLocked.
const busyTimeout = 10 * time.Second

// lockPoll is how long one attempt waits inside SQLite (the driver's
// busy_timeout). SQLite's wait cannot be interrupted, so it is kept short and
// the rest of busyTimeout is waited in Go, where the context is watched: a
// SIGTERM during a wait on a locked history ends it within about lockPoll.
const lockPoll = 50 * time.Millisecond

// maxPause bounds the pause between two attempts.
const maxPause = 100 * time.Millisecond

// ErrLocked marks an operation that gave up after waiting busyTimeout for
// another process's lock on the history.
var ErrLocked = errors.New("the history is locked by another process")

// isBusy reports whether err is SQLite's "database is locked" or "busy".
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// retry runs op until it does not fail for a lock held by another process,
// for up to busyTimeout, pausing between attempts. It returns ctx's error
// as soon as ctx is done.
func retry(ctx context.Context, op func() error) error {
	deadline := time.Now().Add(busyTimeout)
	pause := 2 * time.Millisecond
	for {
		err := asDamage(op())
		if err == nil {
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if !isBusy(err) {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w for over %v: %w", ErrLocked, busyTimeout, err)
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		pause = min(2*pause, maxPause)
	}
}

// lock takes this process's write turn, or gives up when ctx is done.
// Writers of one process queue here (in order) instead of polling the file
// lock, so that only other processes wait on it.
func (s *Store) lock(ctx context.Context) error {
	select {
	case s.wturn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// unlock gives the write turn back.
func (s *Store) unlock() { <-s.wturn }
