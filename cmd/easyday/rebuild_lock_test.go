package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"easyday/history"
	"easyday/history/historytest"
)

// rebuild --force while an ingest of files outside the inbox runs, through
// the binary: rebuild waits for the history's write lock as every writer
// does, and moves nothing while another process holds it; then the ingest
// either finished before the move (its files are in the history moved
// aside, as rebuild says) or finds the history moved and fails loudly. It
// never says it stored files that went into the copy moved aside after it.
func TestRebuildDuringIngest(t *testing.T) {
	const files = 5
	e := newEnv(t, testConfig)
	db := filepath.Join(e.dir, "history.db")
	writeFile(t, filepath.Join(e.inbox(), "first.fit"), smallRunData(t, 0))
	e.mustRun(exitOK, "ingest")
	elsewhere := filepath.Join(e.dir, "elsewhere")
	for i := 1; i <= files; i++ {
		writeFile(t, filepath.Join(elsewhere, fmt.Sprintf("run-%d.fit", i)), smallRunData(t, i))
	}

	release, err := historytest.HoldWriteLock(db)
	check(t, err)
	defer release()
	ingest := e.start(t, "ingest", elsewhere)
	waitOpened(t, ingest, db)
	rebuild := e.start(t, "rebuild", "--force")
	// Rebuild first opens the history to take its write lock: once it has
	// it open, it waits on the lock this test holds, and may move nothing
	// until release.
	waitOpened(t, rebuild, db)
	select {
	case <-rebuild.done:
		t.Fatalf("rebuild ended while another process held the history's write lock\n%s", rebuild.stderr)
	default:
	}
	if moved, _ := filepath.Glob(db + ".damaged-*"); len(moved) > 0 {
		t.Fatalf("rebuild moved the history (%v) while another process held its write lock\n%s", moved, rebuild.stderr)
	}
	release()

	ci := exitOf(t, ingest)
	if cr := exitOf(t, rebuild); cr != exitOK {
		t.Fatalf("rebuild: exit %d\n%s", cr, rebuild.stderr)
	}
	moved, _ := filepath.Glob(db + ".damaged-*[0-9]")
	if len(moved) != 1 {
		t.Fatalf("histories moved aside: %v, want one", moved)
	}
	old, err := history.Open(context.Background(), moved[0], history.Options{})
	check(t, err)
	defer old.Close()
	inOld, err := old.Files(context.Background())
	check(t, err)
	fromElsewhere := 0
	for _, f := range inOld {
		if strings.HasPrefix(f.Path, elsewhere) {
			fromElsewhere++
		}
	}
	switch ci {
	case exitOK:
		// The ingest committed before rebuild took the lock: all of it is
		// in the history moved aside, as rebuild's message says.
		if fromElsewhere != files {
			t.Errorf("ingest exited 0 but the history moved aside holds %d of its %d files", fromElsewhere, files)
		}
		if !strings.Contains(rebuild.stderr.String(), "are only there") {
			t.Errorf("rebuild did not say where the activities of files outside the inbox are:\n%s", rebuild.stderr)
		}
	case exitFatal:
		if !strings.Contains(ingest.stderr.String(), "moved aside") {
			t.Errorf("ingest failed without saying the history was moved aside:\n%s", ingest.stderr)
		}
		if fromElsewhere != 0 {
			t.Errorf("the history moved aside holds %d files of the ingest that found it moved, want none", fromElsewhere)
		}
	default:
		t.Fatalf("ingest: exit %d\n%s", ci, ingest.stderr)
	}
	t.Logf("ingest exited %d", ci)
	// The history people see is whole, and holds the inbox.
	if got := e.files(); len(got) != 1 || filepath.Base(got[0].Path) != "first.fit" {
		t.Errorf("the new history's ledger = %v, want first.fit (the inbox) alone", got)
	}
}
