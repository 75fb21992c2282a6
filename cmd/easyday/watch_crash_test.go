package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A watcher killed with SIGKILL in the middle of a batch and restarted
// ends with every file in the ledger exactly once, the activities an
// uninterrupted ingest of the same files stores, and a sound history.
func TestWatchKilledMidBatch(t *testing.T) {
	const files = 200
	ref := newEnv(t, testConfig)
	fillInbox(t, ref, files)
	ref.mustRun(exitOK, "ingest")
	want := activityStarts(ref)
	if len(want) != files {
		t.Fatalf("uninterrupted ingest: %d activities, want %d", len(want), files)
	}

	e := newEnv(t, testConfig)
	w := e.start(t, "watch", "--settle", "300ms")
	waitFor(t, 10*time.Second, "the watcher to start", func() bool { return bytes.Contains([]byte(w.stderr.String()), []byte("watching")) })
	// Files made beforehand and dropped in at once, as a sync tool does:
	// the batch is in the inbox before the watcher is far into it.
	staged := filepath.Join(e.dir, "staged")
	check(t, os.CopyFS(staged, os.DirFS(ref.inbox())))
	entries, err := os.ReadDir(staged)
	check(t, err)
	for _, en := range entries {
		check(t, os.Rename(filepath.Join(staged, en.Name()), filepath.Join(e.inbox(), en.Name())))
	}
	// The watcher's log says each commit; reading it is cheap enough that
	// the kill lands early in the batch, even on a slow machine.
	waitFor(t, 60*time.Second, "part of the batch committed", func() bool { return strings.Count(w.stderr.String(), "msg=ingested") >= 5 })
	check(t, w.cmd.Process.Signal(syscall.SIGKILL))
	exitOf(t, w)
	before := len(e.files())
	t.Logf("ledger rows when the watcher was killed: %d of %d", before, files)

	w = e.start(t, "watch", "--settle", "300ms")
	waitFor(t, 90*time.Second, "the whole batch ingested after the restart", func() bool { return e.ingested() >= files })
	if code := w.stop(t); code != 0 {
		t.Errorf("restarted watch: exit %d\n%s", code, w.stderr)
	}

	var paths []string
	for _, f := range ref.files() {
		rel, err := filepath.Rel(ref.dir, f.Path)
		check(t, err)
		paths = append(paths, filepath.Join(e.dir, rel))
	}
	e.checkExactlyOnce(t, paths)
	if got := activityStarts(e); !slices.Equal(got, want) {
		t.Errorf("after a SIGKILL and a restart the activities differ from an uninterrupted ingest's (%d vs %d)", len(got), len(want))
		diffLines(t, strings.Join(want, "\n"), strings.Join(got, "\n"))
	}
	if out, stderr, code := e.run("check"); code != exitOK {
		t.Errorf("check after a killed watcher: exit %d\n%s%s", code, out, stderr)
	}
}

// activityStarts is each activity's start, sport and load, sorted: what an
// ingest stores, whatever order the files were read in.
func activityStarts(e *env) []string {
	var s []string
	for _, a := range e.activities() {
		s = append(s, a.StartUTC.Format(time.RFC3339)+" "+string(a.Sport)+" "+strconv.FormatFloat(a.Load, 'f', 3, 64))
	}
	sort.Strings(s)
	return s
}
