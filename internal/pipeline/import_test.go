package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"easyday/history"
)

// leftPrivate lists what is left in dir of the private files new
// histories of db are made in.
func leftPrivate(t *testing.T, db string) []string {
	t.Helper()
	left, err := filepath.Glob(db + ".new-*")
	if err != nil {
		t.Fatal(err)
	}
	return left
}

// importAll runs p over inboxDir, which must end without an error, with
// these counts and no private file of db left.
func importAll(t *testing.T, p *Pipeline, inboxDir, db string, want counts) {
	t.Helper()
	res, err := p.Paths(context.Background(), []string{inboxDir}, nil)
	if err != nil {
		t.Fatalf("Paths() error %v", err)
	}
	if got := countsOf(res); got != want {
		t.Errorf("Paths counts = %+v, want %+v", got, want)
	}
	if left := leftPrivate(t, db); len(left) != 0 {
		t.Errorf("after the run, private files %v left", left)
	}
}

// A run into a history made for a first import leaves it in place, whole,
// when it ends: another process opening the path reads every file.
func TestFirstImportPublished(t *testing.T) {
	dir := t.TempDir()
	inboxDir := filepath.Join(dir, "inbox")
	put(t, inboxDir, map[string][]byte{"a.fit": fixture(t, "demo/2026-10-01-run.fit"), "b.fit": fixture(t, "demo/2026-10-03-ride.fit"), "e.fit": {}})
	p, _, db := newTestWith(t, dir, history.Options{Import: true})
	if _, err := os.Lstat(db); !os.IsNotExist(err) {
		t.Fatalf("before the run, Lstat(%s) error %v, want it missing", db, err)
	}
	importAll(t, p, inboxDir, db, counts{ingested: 2, rejected: 1})
	other, err := history.Open(context.Background(), db, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	files, err := other.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Errorf("the history in place holds %d files, want 3 (two ingested, one rejected)", len(files))
	}
}

// When another process creates the history while a first import fills its
// own, the run's files go into that one: read again, those it ingested
// already seen before, and none lost.
func TestFirstImportCreatedMeanwhile(t *testing.T) {
	dir := t.TempDir()
	inboxDir := filepath.Join(dir, "inbox")
	put(t, inboxDir, map[string][]byte{"a.fit": fixture(t, "demo/2026-10-01-run.fit")})
	p, st, db := newTestWith(t, dir, history.Options{Import: true})

	other, err := history.Open(context.Background(), db, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := New(other, Config{Profile: profile(), Database: db}).Paths(context.Background(), []string{inboxDir}, nil); err != nil {
		t.Fatal(err)
	}
	put(t, inboxDir, map[string][]byte{"b.fit": fixture(t, "demo/2026-10-03-ride.fit")})

	importAll(t, p, inboxDir, db, counts{ingested: 1, known: 1}) // the run again, into the other history
	for name, s := range map[string]*history.Store{"the run's store": st, "the other process's": other} {
		files, err := s.Files(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 2 {
			t.Errorf("%s reads %d files, want both", name, len(files))
		}
	}
}

// An interrupted first import whose history another process created
// meanwhile keeps nothing, and says so: every file is left for the next
// run, which reads them into that history.
func TestFirstImportInterruptedCreatedMeanwhile(t *testing.T) {
	p, st, db, inboxDir, files := demoInbox(t, history.Options{Import: true})
	other, err := history.Open(context.Background(), db, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := p.Paths(ctx, []string{inboxDir}, func(done, total int) {
		if done >= 3 {
			cancel()
		}
	})
	var in *Interrupted
	if !errors.As(err, &in) || in.Left != len(files) {
		t.Fatalf("Paths() = %v, want *Interrupted with all %d files left", err, len(files))
	}
	if res.Total() != 0 || res.Known != 0 {
		t.Errorf("Paths() counted %d files and %d seen before, want none: nothing it did was kept", res.Total(), res.Known)
	}
	again, err := New(st, Config{Profile: profile(), Database: db}).Paths(context.Background(), []string{inboxDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Total() != len(files) {
		t.Errorf("the next run processed %d files, want all %d", again.Total(), len(files))
	}
}

// A first import whose private file is removed while it runs (by another
// easyday, taking it for left over) keeps nothing and counts nothing,
// though it had committed batches: the next run reads every file.
func TestFirstImportFileGone(t *testing.T) {
	p, _, db, inboxDir, _ := demoInbox(t, history.Options{Import: true})
	removed := false
	res, err := p.Paths(context.Background(), []string{inboxDir}, func(done, total int) {
		if done >= 3 && !removed {
			removed = true
			for _, f := range leftPrivate(t, db) {
				if err := os.Remove(f); err != nil {
					t.Error(err)
				}
			}
		}
	})
	if !removed {
		t.Fatal("no batch was committed before the run ended")
	}
	if !errors.Is(err, history.ErrImportGone) {
		t.Fatalf("Paths() error %v, want ErrImportGone", err)
	}
	if res.Total() != 0 || res.Known != 0 {
		t.Errorf("Paths() counted %d files and %d seen before, want none: nothing was kept", res.Total(), res.Known)
	}
	if _, err := os.Lstat(db); !os.IsNotExist(err) {
		t.Errorf("Lstat(%s) error %v, want no history", db, err)
	}
}
