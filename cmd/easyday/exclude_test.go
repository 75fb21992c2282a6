package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/internal/fitgen"
)

// longDay is the day of the 26-hour recording and the run before it.
var longDay = time.Date(2026, 9, 22, 0, 0, 0, 0, time.UTC)

// marathonRide is a ride the watch went on recording for 26 hours, a sample
// every 10 s, its heart rate an easy 125.
func marathonRide(t *testing.T) []byte {
	t.Helper()
	var pts []fitgen.Point
	for s := 0; s <= 26*3600; s += 10 {
		pts = append(pts, fitgen.Point{Offset: time.Duration(s) * time.Second, HR: 125 + s/10%5, Power: easyday.Missing,
			Distance: 2 * float64(s), Speed: 2})
	}
	b, err := fitgen.Build(fitgen.Spec{Start: longDay.Add(8 * time.Hour), UTCOffset: time.Hour,
		Sessions: []fitgen.Session{{Sport: "cycling", Points: pts}}})
	check(t, err)
	return b
}

// morningRun is a 40-minute run at 6:00 on the day of the long ride.
func morningRun(t *testing.T) []byte {
	t.Helper()
	var pts []fitgen.Point
	for s := 0; s <= 2400; s++ {
		pts = append(pts, fitgen.Point{Offset: time.Duration(s) * time.Second, HR: 150 + s%9, Power: easyday.Missing,
			Distance: 3 * float64(s), Speed: 3})
	}
	b, err := fitgen.Build(fitgen.Spec{Start: longDay.Add(5 * time.Hour), UTCOffset: time.Hour,
		Sessions: []fitgen.Session{{Sport: "running", Points: pts}}})
	check(t, err)
	return b
}

// daysJSON is 'days --json' from the first activity's day to to.
func (e *env) daysJSON(to easyday.Date) []easyday.Day {
	e.t.Helper()
	var days []easyday.Day
	decode(e.t, e.mustRun(0, "days", "--json", "--to", to.String()), &days)
	return days
}

// byStart finds the activity starting at start.
func byStart(t *testing.T, acts []easyday.Activity, start time.Time) easyday.Activity {
	t.Helper()
	for _, a := range acts {
		if a.StartUTC.Equal(start) {
			return a
		}
	}
	t.Fatalf("no activity starts at %s", start)
	return easyday.Activity{}
}

// An activity excluded counts for nothing: the day's load is the other
// activities', fitness follows as if it had never been, and so it stays
// through a re-ingest, a recompute and a rebuild; include restores every
// number exactly.
func TestExcludeLongRecording(t *testing.T) {
	day := easyday.DateOf(longDay, time.UTC)
	to := day.AddDays(10)

	// The model with the run alone: what excluding the ride must give.
	alone := newEnv(t, testConfig)
	writeFile(t, filepath.Join(alone.dir, "inbox", "run.fit"), morningRun(t))
	alone.mustRun(0, "ingest")
	want := alone.daysJSON(to)

	e := newEnv(t, testConfig)
	writeFile(t, filepath.Join(e.dir, "inbox", "run.fit"), morningRun(t))
	writeFile(t, filepath.Join(e.dir, "inbox", "ride.fit"), marathonRide(t))
	e.mustRun(0, "ingest")
	full := e.daysJSON(to)
	ride := byStart(t, e.activities(), longDay.Add(8*time.Hour))
	if ride.TimerS < 26*3600 || full[0].Load <= want[0].Load {
		t.Fatalf("ride %.0f s, day load %.1f with it and %.1f without: want a 26-hour ride adding load", ride.TimerS, full[0].Load, want[0].Load)
	}

	// The report points it out, with the command that takes it out.
	notes := e.reportJSON(day.AddDays(1)).DataNotes
	imp := notesWith(notes, easyday.NoteImplausible)
	if len(imp) != 1 || len(imp[0].ActivityIDs) != 1 || imp[0].ActivityIDs[0] != ride.ID ||
		!strings.Contains(imp[0].Text, "easyday exclude "+strconv.FormatInt(ride.ID, 10)) || !strings.Contains(imp[0].Text, "cycling") {
		t.Errorf("data notes %+v: want one implausible note for the ride #%d with the exclude command", notes, ride.ID)
	}
	if md := e.reportMarkdown(day.AddDays(1)); !strings.Contains(md, "easyday exclude "+strconv.FormatInt(ride.ID, 10)) {
		t.Errorf("the Markdown report does not show the implausible note")
	}

	out := e.mustRun(0, "exclude", strconv.FormatInt(ride.ID, 10), "--reason", "watch left running")
	if !strings.Contains(out, "#"+strconv.FormatInt(ride.ID, 10)) {
		t.Errorf("exclude stdout = %q, want it to name #%d", out, ride.ID)
	}
	excludedDays := func(when string) {
		t.Helper()
		got := e.daysJSON(to)
		if len(got) != len(want) {
			t.Fatalf("%s: %d days, want %d", when, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: day %s = %+v, want %+v as with the run alone", when, want[i].Date, got[i], want[i])
			}
		}
		x := byStart(t, e.activities(), longDay.Add(8*time.Hour))
		if !x.Excluded || x.ExcludeReason != "watch left running" {
			t.Errorf("%s: ride excluded %v reason %q, want true, %q", when, x.Excluded, x.ExcludeReason, "watch left running")
		}
	}
	excludedDays("after exclude")
	notes = e.reportJSON(day.AddDays(1)).DataNotes
	ex := notesWith(notes, easyday.NoteExcluded)
	if len(notesWith(notes, easyday.NoteImplausible)) != 0 || len(ex) != 1 || ex[0].ActivityIDs[0] != ride.ID || !strings.Contains(ex[0].Text, "watch left running") {
		t.Errorf("data notes after exclude %+v: want the ride as excluded, with its reason, and no implausible note", notes)
	}
	if table := e.mustRun(0, "activities"); !strings.Contains(table, "(excluded)") || !strings.Contains(table, "watch left running") {
		t.Errorf("activities table does not mark the excluded ride:\n%s", table)
	}

	e.mustRun(0, "ingest")
	writeFile(t, filepath.Join(e.dir, "inbox", "copy", "ride.fit"), marathonRide(t))
	e.mustRun(0, "ingest")
	excludedDays("after ingest")
	e.mustRun(0, "recompute")
	excludedDays("after recompute")
	_, stderr, code := e.run("rebuild", "--force")
	if code != exitOK || !strings.Contains(stderr, "1 exclusion carried over") {
		t.Fatalf("rebuild --force: exit %d, want 0 saying it carried the exclusion over\n%s", code, stderr)
	}
	excludedDays("after rebuild")

	ride = byStart(t, e.activities(), longDay.Add(8*time.Hour))
	e.mustRun(0, "include", strconv.FormatInt(ride.ID, 10))
	got := e.daysJSON(to)
	for i := range full {
		if got[i] != full[i] {
			t.Errorf("after include: day %s = %+v, want %+v as before the exclude", full[i].Date, got[i], full[i])
		}
	}
	if x := byStart(t, e.activities(), longDay.Add(8*time.Hour)); x.Excluded || x.ExcludeReason != "" {
		t.Errorf("after include: excluded %v reason %q, want false, \"\"", x.Excluded, x.ExcludeReason)
	}

	for _, args := range [][]string{{"exclude"}, {"exclude", "x"}, {"include", "1", "2"}} {
		if _, _, code := e.run(args...); code != exitUsage {
			t.Errorf("easyday %s: exit %d, want %d", strings.Join(args, " "), code, exitUsage)
		}
	}
	if _, stderr, code := e.run("exclude", "999"); code != exitFatal || !strings.Contains(stderr, "no activity #999") {
		t.Errorf("exclude 999: exit %d %q, want 1 saying there is no activity #999", code, stderr)
	}
}
