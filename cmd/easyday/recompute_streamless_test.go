package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"easyday"
	"easyday/history"
	"easyday/history/historytest"
)

// recompute on an activity whose stream is missing and whose original file
// is gone keeps the load it has, and says which activity and why. The
// version 1 fixture's swim is that case: stored with HRSS 18.5 and a
// stream of no samples, from /in/export.zip, which is not on this machine.
// (A stream row that is missing altogether is the same path; history's
// TestStreamless proves such rows are found.)
func TestRecomputeKeepsStreamlessLoad(t *testing.T) {
	e := newEnv(t, testConfig)
	v1, err := os.ReadFile(filepath.Join("..", "..", "history", "testdata", "v1.db"))
	check(t, err)
	check(t, os.WriteFile(filepath.Join(e.dir, "history.db"), v1, 0o600))
	if _, err := os.Stat("/in/export.zip"); err == nil {
		t.Skip("/in/export.zip exists on this machine: the swim's file is not gone")
	}
	var swim easyday.Activity
	for _, a := range e.activities() { // upgrades the copy first
		if a.Sport == easyday.Swimming {
			swim = a
		}
	}
	if swim.ID == 0 || swim.HRSS == nil || *swim.HRSS != 18.5 || swim.Load != 18.5 {
		t.Fatalf("the fixture's swim = %+v, want HRSS and load 18.5", swim)
	}

	out := e.mustRun(exitOK, "recompute")
	line := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, fmt.Sprintf("#%d %s:", swim.ID, swim.Sport)) {
			line = l
		}
	}
	for _, want := range []string{"not recomputed", "its stream in the history holds no samples", "/in/export.zip", "load 18.5 kept"} {
		if !strings.Contains(line, want) {
			t.Errorf("recompute says of the swim %q, want it to say %q\nall output:\n%s", line, want, out)
		}
	}
	if !strings.Contains(out, "1 not recomputed (no stream)") {
		t.Errorf("recompute summary does not count the activity it kept:\n%s", out)
	}

	for _, a := range e.activities() {
		if a.ID != swim.ID {
			continue
		}
		if a.Load != 18.5 || a.HRSS == nil || *a.HRSS != 18.5 || a.LoadSource != swim.LoadSource {
			t.Errorf("after recompute the swim has load %v (%s), HRSS %v; want 18.5 (%s) kept", a.Load, a.LoadSource, ptr(a.HRSS), swim.LoadSource)
		}
		return
	}
	t.Errorf("the swim #%d is gone after recompute", swim.ID)
}

func ptr(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// An activity whose stream row is gone is read again from its file while
// the file is there (the stream stored again, the numbers the same), and
// kept as it is, named with the reason, once the file is gone too.
func TestRecomputeMissingStream(t *testing.T) {
	e := newEnv(t, testConfig)
	ride := filepath.Join(e.inbox(), "ride.fit")
	copyFile(t, filepath.Join("..", "..", "testdata", "demo", "2026-10-03-ride.fit"), ride)
	e.mustRun(exitOK, "ingest")
	acts := e.activities()
	if len(acts) != 1 || acts[0].Load == 0 {
		t.Fatalf("ingest(ride.fit) = %+v, want one activity with a load", acts)
	}
	stored := acts[0]
	dropStream := func() {
		t.Helper()
		st, err := history.Open(t.Context(), filepath.Join(e.dir, "history.db"), history.Options{})
		check(t, err)
		defer st.Close()
		check(t, historytest.DropStream(t.Context(), filepath.Join(e.dir, "history.db"), stored.ID))
		if got, err := st.Streamless(t.Context()); err != nil || !got[stored.ID] {
			t.Fatalf("Streamless() after DropStream = %v, %v; want #%d", got, err, stored.ID)
		}
	}
	streamless := func() bool {
		t.Helper()
		st, err := history.Open(t.Context(), filepath.Join(e.dir, "history.db"), history.Options{})
		check(t, err)
		defer st.Close()
		got, err := st.Streamless(t.Context())
		check(t, err)
		return got[stored.ID]
	}
	sameLoad := func(when string) {
		t.Helper()
		after := e.activities()
		if len(after) != 1 || after[0].Load != stored.Load || after[0].LoadSource != stored.LoadSource {
			t.Errorf("%s: activities %+v, want load %v (%s) as stored", when, after, stored.Load, stored.LoadSource)
		}
	}

	dropStream()
	out := e.mustRun(exitOK, "recompute")
	if !strings.Contains(out, "1 activity read again from the original file") || streamless() {
		t.Errorf("recompute(stream missing, file there) did not read the file again and store its stream:\n%s", out)
	}
	sameLoad("after reading the file again")

	dropStream()
	check(t, os.Remove(ride))
	out = e.mustRun(exitOK, "recompute")
	want := fmt.Sprintf("#%d %s: not recomputed: its stream is missing from the history and its file could not be read again (its original file is no longer there (%s)); load %.1f kept",
		stored.ID, stored.Sport, ride, stored.Load)
	if !strings.Contains(out, want) {
		t.Errorf("recompute(stream and file missing) output:\n%s\nwant %q", out, want)
	}
	sameLoad("after a recompute with neither stream nor file")
}

// recompute names an activity whose file it cannot read again, keeps that
// activity's numbers, recomputes the others and exits 3: here the stream
// of a run is gone from the history and its file, whose name holds a
// colour escape, has become a named pipe: the name is shown escaped.
func TestRecomputeUnreadableFileGoesOn(t *testing.T) {
	e := newEnv(t, testConfig)
	const lostName = "a\x1b[31m.fit"
	for i, name := range []string{lostName, "b.fit"} {
		writeFile(t, filepath.Join(e.inbox(), name), smallRunData(t, i))
	}
	e.mustRun(exitOK, "ingest")
	var lost easyday.Activity
	for _, a := range e.activities() {
		if filepath.Base(a.Source) == lostName {
			lost = a
		}
	}
	if lost.ID == 0 || !(lost.Load > 0) {
		t.Fatalf("%q stored no activity with a load: %+v", lostName, lost)
	}
	check(t, historytest.DropStream(context.Background(), filepath.Join(e.dir, "history.db"), lost.ID))
	check(t, os.Remove(lost.Source))
	check(t, syscall.Mkfifo(lost.Source, 0o600))

	done := make(chan struct{})
	var out, stderr string
	var code int
	go func() { out, stderr, code = e.run("recompute"); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("recompute blocked on a named pipe")
	}
	if code != exitRejected {
		t.Errorf("recompute: exit %d, want %d\n%s%s", code, exitRejected, out, stderr)
	}
	if want := fmt.Sprintf("#%d %s: not recomputed", lost.ID, lost.Sport); !strings.Contains(out, want) || !strings.Contains(out, easyday.Printable(lost.Source)) ||
		!strings.Contains(out, fmt.Sprintf("load %.1f kept", lost.Load)) {
		t.Errorf("recompute does not name #%d, its file and its kept load:\n%s", lost.ID, out)
	}
	printableText(t, "recompute's output", out)
	if !strings.Contains(out, "recomputed 1 activities") {
		t.Errorf("recompute did not go on with the other activity:\n%s", out)
	}
	for _, a := range e.activities() {
		if a.ID == lost.ID && a.Load != lost.Load {
			t.Errorf("after recompute #%d has load %v, want %v kept", a.ID, a.Load, lost.Load)
		}
	}
}
