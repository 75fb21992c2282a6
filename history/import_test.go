package history

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"easyday"
)

// privateFiles lists the private files of new histories of db.
func privateFiles(t *testing.T, db string) []string {
	t.Helper()
	left, err := filepath.Glob(db + newSuffix + "*")
	if err != nil {
		t.Fatal(err)
	}
	return left
}

// openImport opens a new history for a first import in a fresh folder.
func openImport(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	s, err := Open(ctx, path, Options{Import: true})
	if err != nil {
		t.Fatalf("Open(%s, Import) error %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// A first import fills the history in its private file, with its journal in
// memory and no syncs, and Publish links it into place whole, in WAL mode,
// the store then reading it there as any opened history.
func TestImportPublishedWhole(t *testing.T) {
	s, path := openImport(t)
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("during the import, Lstat(%s) error %v, want it missing", path, err)
	}
	if got := privateFiles(t, path); len(got) != 1 {
		t.Fatalf("during the import, private files %v, want one", got)
	}
	if got := pragma(t, s, "journal_mode"); got != "memory" {
		t.Errorf("during the import, journal_mode = %q, want memory", got)
	}
	if got := pragma(t, s, "synchronous"); got != "0" {
		t.Errorf("during the import, synchronous = %q, want 0 (off)", got)
	}
	if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "aa", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Running, t0, 3600)}); err != nil {
		t.Fatal(err)
	}

	if err := s.Publish(ctx); err != nil {
		t.Fatalf("Publish() error %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("after Publish, Stat(%s) error %v", path, err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("mode of the published history = %v, want -rw-------", got)
	}
	if got := privateFiles(t, path); len(got) != 0 {
		t.Errorf("after Publish, private files %v left", got)
	}
	for name, want := range map[string]string{"journal_mode": "wal", "synchronous": "1", "foreign_keys": "1"} {
		if got := pragma(t, s, name); got != want {
			t.Errorf("after Publish, PRAGMA %s = %q, want %s", name, got, want)
		}
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Errorf("after Publish, IntegrityCheck() = %v", err)
	}
	// The store goes on, in place: a second file lands in the history.
	if _, err := s.Commit(ctx, FileRecord{Path: "b.fit", SHA256: "bb", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Cycling, t0.Add(24*time.Hour), 3600)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Publish(ctx); err != nil {
		t.Errorf("a second Publish() error %v, want nil (nothing to do)", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	o, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	acts, err := o.Activities(ctx, time.Time{}, time.Time{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 2 {
		t.Errorf("reopened: %d activities, want 2", len(acts))
	}
}

// A store closed before it was published publishes on Close: what the
// import committed (an interrupted run's files) stays.
func TestImportCloseKeepsCommitted(t *testing.T) {
	s, path := openImport(t)
	if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "aa", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Running, t0, 3600)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close() error %v", err)
	}
	if got := privateFiles(t, path); len(got) != 0 {
		t.Errorf("after Close, private files %v left", got)
	}
	o, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if n := count(t, o, "activities"); n != 1 {
		t.Errorf("after Close: %d activities, want 1", n)
	}
}

// When another process creates the history while a first import fills its
// own, Publish keeps the other one, opens it and says so; the import's
// private file goes.
func TestImportCreatedMeanwhile(t *testing.T) {
	s, path := openImport(t)
	if _, err := s.Commit(ctx, FileRecord{Path: "mine.fit", SHA256: "11", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Running, t0, 3600)}); err != nil {
		t.Fatal(err)
	}
	other, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Commit(ctx, FileRecord{Path: "theirs.fit", SHA256: "22", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Cycling, t0, 7200)}); err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	err = s.Publish(ctx)
	if !errors.Is(err, ErrCreatedMeanwhile) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Publish() error %v, want ErrCreatedMeanwhile naming %s", err, path)
	}
	if got := privateFiles(t, path); len(got) != 0 {
		t.Errorf("after Publish, private files %v left", got)
	}
	files, err := s.Files(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Path != "theirs.fit" {
		t.Errorf("after Publish the store reads %+v, want the other history's theirs.fit alone", files)
	}
}

// A file refused in the middle of a first import's batch is rolled back
// alone, as in a history in place: the journal in memory still rolls back
// a savepoint.
func TestImportRollsBackARefusedFile(t *testing.T) {
	s, _ := openImport(t)
	bad := activity(easyday.Cycling, t0.Add(26*time.Hour), 3600)
	bad.LoadSource = "guess" // refused by the schema's CHECK
	b, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Rollback()
	for i, acts := range [][]easyday.Activity{
		{activity(easyday.Running, t0, 3600)},
		{activity(easyday.Running, t0.Add(24*time.Hour), 3600), bad},
		{activity(easyday.Running, t0.Add(48*time.Hour), 3600)},
	} {
		f := FileRecord{Path: string(rune('a'+i)) + ".fit", SHA256: string(rune('a' + i)), Status: easyday.StatusIngested}
		p, err := Prepare(f, acts)
		if err != nil {
			t.Fatal(err)
		}
		_, err = b.Commit(ctx, p, time.Now())
		var refused *RefusedError
		if refusedWant := i == 1; errors.As(err, &refused) != refusedWant || (err != nil && !refusedWant) {
			t.Fatalf("file %d: Commit() error %v, want refused: %v", i, err, refusedWant)
		}
	}
	if err := b.End(); err != nil {
		t.Fatal(err)
	}
	if err := s.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]int{"files": 2, "activities": 2, "streams": 2, "file_activities": 2} {
		if n := count(t, s, table); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Errorf("IntegrityCheck() = %v", err)
	}
}

// A first import whose private file another process removed (taken for
// left over after it stood still for ten minutes) stops at its next write
// and at Publish with ErrImportGone, naming the history, and leaves no
// history behind.
func TestImportGone(t *testing.T) {
	s, path := openImport(t)
	if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "aa", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Running, t0, 3600)}); err != nil {
		t.Fatal(err)
	}
	for _, p := range privateFiles(t, path) {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Begin(ctx); !errors.Is(err, ErrImportGone) || !strings.Contains(err.Error(), path) {
		t.Errorf("Begin() error %v, want ErrImportGone naming %s", err, path)
	}
	if err := s.Publish(ctx); !errors.Is(err, ErrImportGone) {
		t.Errorf("Publish() error %v, want ErrImportGone", err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after the failure, Lstat(%s) error %v, want it missing", path, err)
	}
}

// A first import whose file cannot be linked into place says, naming the
// history and the cause, that nothing of it was kept (ErrNotKept), and
// leaves neither a history nor its private file behind.
func TestImportNotKept(t *testing.T) {
	s, path := openImport(t)
	if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "aa", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Running, t0, 3600)}); err != nil {
		t.Fatal(err)
	}
	refused := &fs.PathError{Op: "link", Path: path, Err: syscall.EPERM}
	old := placeImport
	placeImport = func(tmp, abs string) error { return refused }
	t.Cleanup(func() { placeImport = old })
	err := s.Publish(ctx)
	if !errors.Is(err, ErrNotKept) || !errors.Is(err, refused) || !strings.Contains(err.Error(), "history "+path) {
		t.Errorf("Publish() error %v, want ErrNotKept with the link's error, naming %s", err, path)
	}
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after the failure, Lstat(%s) error %v, want it missing", path, err)
	}
	if got := privateFiles(t, path); len(got) != 0 {
		t.Errorf("after the failure, private files %v left", got)
	}
}
