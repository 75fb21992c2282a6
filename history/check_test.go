package history

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// damage overwrites the pages after the first of the database file at path
// (the schema page stays readable, so the damage shows only to the checks
// or to a query that reads those pages).
func damage(t testing.TB, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	if len(b) < 4*page {
		t.Fatalf("%s: %d bytes, too small to damage", path, len(b))
	}
	for i := 2 * page; i < len(b)-page; i++ {
		b[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestCheck(t *testing.T) {
	path := copyV1(t) // in rollback-journal mode, as sqlite3 .recover makes one
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(ctx, path); err != nil {
		t.Fatalf("Check(v1 history) = %v, want nil", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("Check changed the history")
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Errorf("Check left a -wal file: it switched the journal mode")
	}

	// A history in use, with commits still in its -wal.
	s, live := openTemp(t)
	if err := s.MarkSeen(ctx, "a.fit", 1, time.Unix(1, 0)); err != nil {
		t.Fatal(err)
	}
	if err := Check(ctx, live); err != nil {
		t.Errorf("Check(open WAL history) = %v, want nil", err)
	}

	damaged := copyV1(t)
	damage(t, damaged)
	err = Check(ctx, damaged)
	var de *DamageError
	if !errors.Is(err, ErrDamaged) || !errors.As(err, &de) || len(de.Problems) == 0 {
		t.Errorf("Check(damaged) = %v, want a *DamageError with problems", err)
	}

	if err := Check(ctx, filepath.Join(t.TempDir(), "none.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Check(missing) = %v, want fs.ErrNotExist", err)
	}
	empty := filepath.Join(t.TempDir(), "empty.db")
	os.WriteFile(empty, nil, 0o600)
	if err := Check(ctx, empty); !errors.Is(err, ErrEmpty) {
		t.Errorf("Check(empty) = %v, want ErrEmpty", err)
	}
	notDB := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(notDB, []byte(string(make([]byte, 8192))+"not a database"), 0o600)
	if err := Check(ctx, notDB); !errors.Is(err, ErrDamaged) {
		t.Errorf("Check(not a database) = %v, want ErrDamaged", err)
	}
}

// A query that meets damaged pages fails with ErrDamaged.
func TestQueryOnDamagedHistory(t *testing.T) {
	path := copyV1(t)
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close() // checkpointed: everything in the main file
	damage(t, path)
	s, err = Open(ctx, path, Options{})
	if err != nil {
		if !errors.Is(err, ErrDamaged) {
			t.Fatalf("Open(damaged) = %v, want ErrDamaged or a store", err)
		}
		return
	}
	defer s.Close()
	_, err1 := s.Activities(ctx, time.Time{}, time.Time{}, true)
	_, err2 := s.Files(ctx)
	if !errors.Is(err1, ErrDamaged) && !errors.Is(err2, ErrDamaged) {
		t.Errorf("Activities, Files on a damaged history = %v, %v; want ErrDamaged", err1, err2)
	}
}

func TestBackupsAndMoveAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "h[1].db")
	for _, name := range []string{"h[1].db", "h[1].db-wal", "h[1].db-shm", "h[1].db.before-v2", "h[1].db.before-v10", "h[1].db.before-v3.tmp"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got := Backups(path)
	want := []string{path + ".before-v10", path + ".before-v2"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Backups = %q, want %q", got, want)
	}

	now := time.Date(2026, 12, 1, 10, 30, 5, 0, time.UTC)
	moved, err := MoveAside(path, now)
	if err != nil {
		t.Fatal(err)
	}
	if want := path + ".damaged-20261201-103005"; moved != want {
		t.Errorf("MoveAside = %s, want %s", moved, want)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s still there after MoveAside", path+suffix)
		}
		if b, err := os.ReadFile(moved + suffix); err != nil || string(b) != "h[1].db"+suffix {
			t.Errorf("%s = %q, %v; want the moved file", moved+suffix, b, err)
		}
	}
	// A second move at the same second takes another name.
	os.WriteFile(path, []byte("again"), 0o600)
	again, err := MoveAside(path, now)
	if err != nil || again == moved || again == "" {
		t.Errorf("second MoveAside = %q, %v; want a new name", again, err)
	}
	if moved, err := MoveAside(path, now); moved != "" || err != nil {
		t.Errorf("MoveAside(no history) = %q, %v; want \"\", nil", moved, err)
	}
}
