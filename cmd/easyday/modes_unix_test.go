//go:build unix

package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Every file easyday writes (the history and its journals, the reports and
// their charts) is owner-only, in owner-only folders it creates, whatever
// the umask: SECURITY.md promises it.
func TestWrittenFilesOwnerOnlyUnderAnyUmask(t *testing.T) {
	for _, mask := range []int{0o022, 0o000} {
		t.Run(fmt.Sprintf("umask %03o", mask), func(t *testing.T) {
			old := syscall.Umask(mask)
			defer syscall.Umask(old)
			config := strings.NewReplacer(`inbox = "inbox"`, `inbox = "new/inbox"`,
				`database = "history.db"`, `database = "data/history.db"`,
				`reports = "reports"`, `reports = "out/reports"`).Replace(testConfig)
			e := newEnv(t, config)
			copyFile(t, filepath.Join("..", "..", "testdata", "demo", "2026-10-01-run.fit"), filepath.Join(e.dir, "new", "inbox", "a.fit"))
			check(t, os.Chmod(filepath.Join(e.dir, "new"), 0o755)) // the test made these two, not easyday
			check(t, os.Chmod(filepath.Join(e.dir, "new", "inbox"), 0o755))
			check(t, os.RemoveAll(filepath.Join(e.dir, "new", "inbox")))
			e.mustRun(0, "run")
			copyFile(t, filepath.Join("..", "..", "testdata", "demo", "2026-10-03-ride.fit"), filepath.Join(e.dir, "new", "inbox", "b.fit"))
			e.mustRun(0, "run")
			n := 0
			err := filepath.WalkDir(e.dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || p == e.dir || p == e.config || p == filepath.Join(e.dir, "new") {
					return err
				}
				rel, _ := filepath.Rel(e.dir, p)
				if strings.HasPrefix(rel, filepath.Join("new", "inbox")+string(filepath.Separator)) {
					return nil // the test's own input files
				}
				info, err := d.Info()
				if err != nil {
					return err
				}
				want := fs.FileMode(0o600)
				if d.IsDir() {
					want = 0o700
				}
				if got := info.Mode().Perm(); got != want {
					t.Errorf("%s has mode %04o, want %04o", rel, got, want)
				}
				n++
				return nil
			})
			check(t, err)
			if n < 6 { // data, history.db, new/inbox, out, out/reports, the report
				t.Errorf("only %d files and folders checked: the run wrote less than expected", n)
			}
		})
	}
}
