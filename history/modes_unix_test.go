//go:build unix

package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"easyday"
)

// withUmask runs fn with the process's umask set to mask.
func withUmask(t *testing.T, mask int, fn func()) {
	t.Helper()
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	fn()
}

// wantMode fails the test unless path has the permission bits want.
func wantMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Errorf("stat %s: %v", path, err)
		return
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("%s has mode %04o, want %04o", filepath.Base(path), got, want)
	}
}

// Every file of the history (the database, its -wal and -shm, the copy an
// upgrade takes, while it is written) is owner-only from its creation, in
// an owner-only folder, under a umask that would give others read access
// and under one that would give them everything.
func TestFileModesUnderAnyUmask(t *testing.T) {
	for _, mask := range []int{0o022, 0o000} {
		t.Run(fmt.Sprintf("umask %03o", mask), func(t *testing.T) {
			withUmask(t, mask, func() {
				dir := filepath.Join(t.TempDir(), "new", "folder")
				path := filepath.Join(dir, "history.db")
				s, err := Open(context.Background(), path, Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				if _, err := s.Commit(context.Background(), FileRecord{Path: "a.fit", SHA256: "a", Status: easyday.StatusIngested},
					[]easyday.Activity{activity(easyday.Running, t0, 3600)}); err != nil {
					t.Fatal(err)
				}
				wantMode(t, dir, 0o700)
				wantMode(t, filepath.Dir(dir), 0o700)
				for _, suffix := range []string{"", "-wal", "-shm"} {
					wantMode(t, path+suffix, 0o600)
				}

				// The upgrade's copy, looked at before and after SQLite
				// writes it.
				old := copyV1(t)
				real := vacuumInto
				t.Cleanup(func() { vacuumInto = real })
				copies := 0
				vacuumInto = func(ctx context.Context, c *sql.Conn, dst string) error {
					copies++
					wantMode(t, dst, 0o600)
					err := real(ctx, c, dst)
					wantMode(t, dst, 0o600)
					return err
				}
				up, err := Open(context.Background(), old, Options{})
				if err != nil {
					t.Fatal(err)
				}
				up.Close()
				if copies != 1 {
					t.Errorf("the upgrade took %d copies, want 1", copies)
				}
			})
		})
	}
}

// A copy an upgrade left behind (killed after its commit, or while it
// copied) is dealt with at the next open: a partial one removed, a whole
// one named at every open until it is deleted. A copy for a version the
// history has not reached is another upgrade's and stays unmentioned.
func TestLeftoverUpgradeCopy(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	whole := backupPath(path, len(ms))
	partial := backupPath(path, 2) + ".tmp"
	future := backupPath(path, len(ms)+1)
	for _, p := range []string{whole, partial, future} {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		var notices []string
		s, err = Open(context.Background(), path, Options{Notice: func(m string) { notices = append(notices, m) }})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		if _, err := os.Stat(partial); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s after the next open: %v, want it removed", filepath.Base(partial), err)
		}
		for _, p := range []string{whole, future} {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s was touched: %v", filepath.Base(p), err)
			}
		}
		if len(notices) != 1 || !strings.Contains(notices[0], whole) || !strings.Contains(notices[0], "delete it") {
			t.Errorf("notices = %q, want one naming %s and saying to delete it", notices, whole)
		}
	}
	if err := os.Remove(whole); err != nil {
		t.Fatal(err)
	}
	var notices []string
	s, err = Open(context.Background(), path, Options{Notice: func(m string) { notices = append(notices, m) }})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if len(notices) != 0 {
		t.Errorf("notices once the copy is deleted = %q, want none", notices)
	}
}
