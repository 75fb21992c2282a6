package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"easyday/history/historytest"
)

// SIGTERM while ingest waits for another process's lock on the history ends
// it with exit 130 and the count of files left; nothing is lost and the
// next run reads them. That the wait stops at the cancel, long before the
// busy timeout, history's TestLockWaitStopsOnCancel asserts; here only a
// generous guard (exitGuard) stands against a hang, and nothing is timed.
func TestIngestSIGTERMWhileLocked(t *testing.T) {
	const files = 5
	e := newEnv(t, testConfig)
	db := filepath.Join(e.dir, "history.db")
	writeFile(t, filepath.Join(e.inbox(), "first.fit"), smallRunData(t, 0))
	e.mustRun(exitOK, "ingest")
	for i := 1; i <= files; i++ {
		writeFile(t, filepath.Join(e.inbox(), "run-"+strconv.Itoa(i)+".fit"), smallRunData(t, i))
	}

	release, err := historytest.HoldWriteLock(db)
	check(t, err)
	defer release()
	p := e.start(t, "ingest")
	// The lock is held from before the start to after the exit: whether
	// SIGTERM finds ingest decoding or (as a few milliseconds later)
	// waiting to commit its first file, nothing can be stored.
	waitOpened(t, p, db)
	select {
	case <-p.done:
		t.Fatalf("ingest ended while the history was locked, before SIGTERM\n%s", p.stderr)
	default:
	}

	check(t, p.cmd.Process.Signal(syscall.SIGTERM))
	if code := exitOf(t, p); code != exitInterrupted {
		t.Fatalf("ingest(locked history) after SIGTERM: exit %d, want %d\n%s", code, exitInterrupted, p.stderr)
	}
	m := regexp.MustCompile(`interrupted: (\d+) files left for the next run`).FindStringSubmatch(p.stderr.String())
	if m == nil || m[1] != strconv.Itoa(files) {
		t.Errorf("stderr = %q, want 'interrupted: %d files left for the next run' (no commit could be made)", p.stderr, files)
	}

	release()
	if n := len(e.files()); n != 1 {
		t.Errorf("ledger after the interrupted ingest: %d rows, want 1 (the first file only)", n)
	}
	e.mustRun(exitOK, "ingest")
	if n := len(e.activities()); n != files+1 {
		t.Errorf("after the next run: %d activities, want %d", n, files+1)
	}
}

// waitOpened waits until p has the history at path open, where the system
// says (Linux's /proc); elsewhere it gives the process a second.
func waitOpened(t *testing.T, p *proc, path string) {
	t.Helper()
	fds := filepath.Join("/proc", strconv.Itoa(p.cmd.Process.Pid), "fd")
	if _, err := os.Stat(fds); err != nil {
		time.Sleep(time.Second)
		return
	}
	waitFor(t, 10*time.Second, "ingest to open the history", func() bool {
		entries, _ := os.ReadDir(fds)
		for _, en := range entries {
			if target, err := os.Readlink(filepath.Join(fds, en.Name())); err == nil && target == path {
				return true
			}
		}
		return false
	})
}
