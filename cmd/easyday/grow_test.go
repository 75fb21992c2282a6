package main

// A file that grows is one file; the richer copy of an activity wins.

import (
	bin "encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/history"
)

// firstSequence is the length of the first FIT sequence of b: header, data
// and CRC.
func firstSequence(t *testing.T, b []byte) int {
	t.Helper()
	if len(b) < 12 {
		t.Fatal("not a FIT file")
	}
	return int(b[0]) + int(bin.LittleEndian.Uint32(b[4:8])) + 2
}

// rewrite replaces a file's content and moves its modification time on, as
// a copy tool that finishes does.
func rewrite(t *testing.T, path string, b []byte, age time.Duration) {
	t.Helper()
	writeFile(t, path, b)
	when := time.Now().Add(-age)
	if err := os.Chtimes(path, when, when); err != nil {
		t.Fatal(err)
	}
}

// activitySummary is what must be equal between histories: what was stored,
// not the ids.
func activitySummary(acts []easyday.Activity) []string {
	var out []string
	for _, a := range acts {
		out = append(out, fmt.Sprintf("%s %s timer %.1f s, heart rate %.1f s, load %.2f", a.StartUTC.Format(time.RFC3339), a.Sport, a.TimerS, a.HRS, a.Load))
	}
	return out
}

// growAndCompare ingests first, then whole, under one name with cmd
// ("ingest" or "run"), and checks the history equals one that saw only the
// whole file, with the earlier activities' ids kept.
func growAndCompare(t *testing.T, cmd string, first, whole []byte) {
	t.Helper()
	e := newEnv(t, testConfig)
	path := filepath.Join(e.inbox(), "chain.fit")
	rewrite(t, path, first, time.Hour)
	if _, errs, code := e.run(cmd); code != exitOK && code != exitRejected {
		t.Fatalf("%s (first part): exit %d\n%s", cmd, code, errs)
	}
	before := e.activities()
	rewrite(t, path, whole, 0)
	if _, errs, code := e.run(cmd); code != exitOK {
		t.Fatalf("%s (whole file): exit %d\n%s", cmd, code, errs)
	}
	got := e.activities()

	fresh := newEnv(t, testConfig)
	writeFile(t, filepath.Join(fresh.inbox(), "chain.fit"), whole)
	fresh.mustRun(exitOK, "ingest")
	want := fresh.activities()
	if g, w := strings.Join(activitySummary(got), "\n"), strings.Join(activitySummary(want), "\n"); g != w {
		t.Errorf("%s: after the file grew, activities =\n%s\nwant, as from the whole file alone,\n%s", cmd, g, w)
	}
	ids := map[int64]bool{}
	for _, a := range got {
		ids[a.ID] = true
	}
	for i, a := range before {
		if i < len(got) && !ids[a.ID] {
			t.Errorf("%s: activity id %d of the first part was not kept", cmd, a.ID)
		}
	}
	for _, f := range e.files() {
		if f.Status == easyday.StatusIngested && f.Size == int64(len(first)) {
			t.Errorf("%s: the first part's row is still ingested: %+v", cmd, f)
		}
	}
}

// The project's chained fixture (an activity, then its heart rate in a
// second sequence without file_id, as HRM-Swim/Tri uploads are): read once
// when only the first sequence had arrived, then whole. The whole file
// replaces the first read, keeping its id, and carries the heart rate.
func TestGrowingChainedFIT(t *testing.T) {
	whole, err := os.ReadFile(filepath.Join("..", "..", "testdata", "quirks", "hr-messages.fit"))
	if err != nil {
		t.Fatal(err)
	}
	first := whole[:firstSequence(t, whole)]
	for _, cmd := range []string{"ingest", "run"} {
		growAndCompare(t, cmd, first, whole)
	}
}

// Issue 10's reproduction on real files: two activities chained, read when
// the second was cut short, then whole. Never a workout counted twice.
func TestGrowingChainedFITCorpus(t *testing.T) {
	corpus := corpusDir(t)
	a, err := os.ReadFile(filepath.Join(corpus, "fit", "muktihari-fit__Activity.fit"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(corpus, "fit", "python-fitparse__activity-small-fenix2-run.fit"))
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 94096 {
		t.Fatalf("muktihari-fit__Activity.fit is %d bytes, want 94,096", len(a))
	}
	whole := append(append([]byte{}, a...), b...)
	first := whole[:94096+60919]
	for _, cmd := range []string{"ingest", "run"} {
		growAndCompare(t, cmd, first, whole)
	}
}

// The heart-rate copy of a run wins over the same run without, whichever
// arrives first (issue 8, "The richer copy wins").
func TestRicherCopyWinsCorpus(t *testing.T) {
	corpus := corpusDir(t)
	withHR := filepath.Join(corpus, "tcx", "python-tcxparser__test.tcx")
	noHR := filepath.Join(corpus, "tcx", "python-tcxparser__no_hr.tcx")
	for _, order := range [][2]string{{noHR, withHR}, {withHR, noHR}} {
		e := newEnv(t, testConfig)
		e.mustRun(exitOK, "ingest", order[0])
		firstID := e.activities()[0].ID
		out, errs, code := e.run("-v", "ingest", order[1])
		if code != exitOK {
			t.Fatalf("ingest %s after %s: exit %d\n%s%s", order[1], order[0], code, out, errs)
		}
		acts := e.activities()
		if len(acts) != 1 || acts[0].HRS == 0 || acts[0].ID != firstID || acts[0].Source != withHR && !strings.HasSuffix(acts[0].Source, "python-tcxparser__test.tcx") {
			t.Errorf("after %s then %s: activities = %+v, want one, the heart-rate copy, id %d", filepath.Base(order[0]), filepath.Base(order[1]), acts, firstID)
		}
		rows := map[string]history.FileRecord{}
		for _, f := range e.files() {
			rows[filepath.Base(f.Path)] = f
		}
		hr, plain := rows["python-tcxparser__test.tcx"], rows["python-tcxparser__no_hr.tcx"]
		if hr.Status != easyday.StatusIngested || plain.Status != easyday.StatusDuplicate {
			t.Errorf("after %s then %s: ledger test.tcx %s, no_hr.tcx %s; want ingested and duplicate", filepath.Base(order[0]), filepath.Base(order[1]), hr.Status, plain.Status)
		}
		if order[0] == noHR {
			if !strings.HasPrefix(plain.Reason, "superseded by ") || !strings.Contains(plain.Reason, "python-tcxparser__test.tcx") {
				t.Errorf("no_hr.tcx reason = %q, want superseded by test.tcx", plain.Reason)
			}
			if !strings.Contains(errs, "richer copy") {
				t.Errorf("ingest -v does not say the richer copy replaced the stored one:\n%s", errs)
			}
		}
	}
}

// The watcher sees the same file grow: the whole file replaces the first
// read, keeping its id, and nothing is counted twice.
func TestWatchGrowingFile(t *testing.T) {
	whole, err := os.ReadFile(filepath.Join("..", "..", "testdata", "quirks", "hr-messages.fit"))
	if err != nil {
		t.Fatal(err)
	}
	first := whole[:firstSequence(t, whole)]
	e := newEnv(t, testConfig)
	w := e.start(t, "watch", "--settle", "300ms")
	waitFor(t, 10*time.Second, "the watcher to start", func() bool { return strings.Contains(w.stderr.String(), "watching") })
	path := filepath.Join(e.inbox(), "chain.fit")
	writeFile(t, path, first)
	waitFor(t, 20*time.Second, "the first part to be ingested", func() bool { return len(e.files()) == 1 })
	before := e.activities()
	writeFile(t, path, whole)
	waitFor(t, 20*time.Second, "the whole file to be read", func() bool { return len(e.files()) == 2 })
	if code := w.stop(t); code != exitOK {
		t.Errorf("watch exit %d\n%s", code, w.stderr)
	}
	got := e.activities()
	if len(before) != 1 || len(got) != 1 || got[0].ID != before[0].ID || got[0].HRS == 0 {
		t.Errorf("activities before %+v, after %+v: want one, the same id, now with heart rate", before, got)
	}
}
