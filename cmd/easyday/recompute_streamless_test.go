package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"easyday"
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
