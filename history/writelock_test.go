package history

import (
	"context"
	"errors"
	"testing"
	"time"

	"easyday"
)

// A history moved aside while a store has it open takes no more writes
// from that store: they fail with ErrMoved instead of going into the file
// moved aside, which keeps exactly what it had.
func TestWriteToMovedHistoryFails(t *testing.T) {
	s, path := openTemp(t)
	commit := func(name string, start time.Time) error {
		_, err := s.Commit(ctx, FileRecord{Path: name, SHA256: name, Status: easyday.StatusIngested},
			[]easyday.Activity{activity(easyday.Running, start, 3600)})
		return err
	}
	if err := commit("a.fit", t0); err != nil {
		t.Fatal(err)
	}
	moved, err := MoveAside(path, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := commit("b.fit", t0.Add(48*time.Hour)); !errors.Is(err, ErrMoved) {
		t.Errorf("Commit after the history was moved aside = %v, want ErrMoved", err)
	}
	if err := s.MarkSeen(ctx, "c.fit", 1, time.Now()); !errors.Is(err, ErrMoved) {
		t.Errorf("MarkSeen after the history was moved aside = %v, want ErrMoved", err)
	}
	s.Close()
	old, err := Open(ctx, moved, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	files, err := old.Files(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Path != "a.fit" {
		t.Errorf("the history moved aside holds %v, want a.fit alone", files)
	}
	if files, err := fresh.Files(ctx); err != nil || len(files) != 0 {
		t.Errorf("the new history holds %v (%v), want nothing", files, err)
	}
}

// LockWrites keeps every other writer out until released, and a missing
// history needs no lock.
func TestLockWrites(t *testing.T) {
	s, path := openTemp(t)
	release, err := LockWrites(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	_, err = s.Commit(short, FileRecord{Path: "a.fit", SHA256: "a", Status: easyday.StatusRejected, Reason: "x"}, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Commit while LockWrites holds the lock = %v, want it to wait until its context ends", err)
	}
	release()
	if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "a", Status: easyday.StatusRejected, Reason: "x"}, nil); err != nil {
		t.Errorf("Commit once released = %v", err)
	}
	release, err = LockWrites(ctx, path+".missing")
	if err != nil {
		t.Errorf("LockWrites(missing file) = %v, want nil", err)
	}
	release()
}
