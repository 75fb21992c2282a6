package history

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"easyday"
)

// holdWriteLock takes the history's write lock on a connection of its own,
// as another process would, until the test ends.
func holdWriteLock(t *testing.T, path string) {
	t.Helper()
	other, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	tx, err := other.Begin() // IMMEDIATE: takes the write lock now
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback(); other.Close() })
}

// A write waiting for another process's lock stops when its context is
// cancelled (SIGTERM), long before the busy timeout, and stores nothing.
func TestLockWaitStopsOnCancel(t *testing.T) {
	s, path := openTemp(t)
	holdWriteLock(t, path)
	tests := []struct {
		name string
		op   func(ctx context.Context) error
	}{
		{"Commit", func(ctx context.Context) error {
			_, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "a", Status: easyday.StatusIngested},
				[]easyday.Activity{activity(easyday.Running, t0, 3600)})
			return err
		}},
		{"MarkSeen", func(ctx context.Context) error { return s.MarkSeen(ctx, "a.fit", 1, t0) }},
		{"UpdateMetrics", func(ctx context.Context) error { return s.UpdateMetrics(ctx, nil) }},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(200*time.Millisecond, cancel)
		start := time.Now()
		err := tt.op(ctx)
		waited := time.Since(start)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s(locked history, cancelled) error %v, want context.Canceled", tt.name, err)
		}
		if waited > busyTimeout/2 {
			t.Errorf("%s(locked history, cancelled after 200ms) returned after %v, want it to stop at the cancel", tt.name, waited)
		}
	}
	if n := count(t, s, "files"); n != 0 {
		t.Errorf("files after cancelled commits = %d, want 0", n)
	}
}

// A write that finds the lock taken waits for it and then succeeds.
func TestLockWaitThenWrite(t *testing.T) {
	s, path := openTemp(t)
	other, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(300*time.Millisecond, func() { tx.Commit() })
	if err := s.MarkSeen(ctx, "a.fit", 1, t0); err != nil {
		t.Fatalf("MarkSeen(history locked for 300ms) error %v, want it to wait and succeed", err)
	}
}
