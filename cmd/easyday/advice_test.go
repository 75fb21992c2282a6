package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/internal/fitgen"
)

// dayFacts is 'report --json --date d' read loosely, as a script would.
type dayFacts struct {
	Advice struct {
		Code easyday.AdviceCode `json:"code"`
		Text string             `json:"text"`
	} `json:"advice"`
	LastActivityDate *string            `json:"last_activity_date"`
	QuietDays        *int               `json:"quiet_days"`
	DataNotes        []easyday.DataNote `json:"data_notes"`
	Raw              map[string]json.RawMessage
}

func (e *env) reportJSON(d easyday.Date) dayFacts {
	e.t.Helper()
	out := e.mustRun(0, "report", "--json", "--date", d.String())
	var f dayFacts
	decode(e.t, out, &f)
	decode(e.t, out, &f.Raw)
	return f
}

// reportMarkdown writes the report of d and returns it.
func (e *env) reportMarkdown(d easyday.Date) string {
	e.t.Helper()
	path := strings.TrimSpace(e.mustRun(0, "report", "--date", d.String()))
	b, err := os.ReadFile(path)
	check(e.t, err)
	return string(b)
}

// notesWith returns the data notes of code.
func notesWith(notes []easyday.DataNote, code easyday.DataNoteCode) []easyday.DataNote {
	var out []easyday.DataNote
	for _, n := range notes {
		if n.Code == code {
			out = append(out, n)
		}
	}
	return out
}

// An empty history gets no training advice, only where to put the files.
func TestEmptyHistoryNoData(t *testing.T) {
	e := newEnv(t, testConfig)
	day := easyday.MakeDate(2026, 9, 24)
	f := e.reportJSON(day)
	if f.Advice.Code != easyday.AdviceNoData || !strings.Contains(f.Advice.Text, "inbox") {
		t.Errorf("report --json advice = %q %q, want no_data telling where the files go", f.Advice.Code, f.Advice.Text)
	}
	for _, k := range []string{"last_activity_date", "quiet_days"} {
		if string(f.Raw[k]) != "null" {
			t.Errorf("report --json %s = %s, want null", k, f.Raw[k])
		}
	}
	if string(f.Raw["data_notes"]) != "[]" {
		t.Errorf("report --json data_notes = %s, want []", f.Raw["data_notes"])
	}
	md := e.reportMarkdown(day)
	head := strings.Join(strings.SplitN(md, "\n", 6)[:5], "\n")
	if !strings.Contains(head, "**Today: add your watch's files.**") {
		t.Errorf("report's first lines do not give the no_data advice:\n%s", head)
	}
	for _, not := range []string{"fresh:", "quality session", "hard session", "race"} {
		if strings.Contains(strings.SplitN(md, "\n", 5)[3], not) {
			t.Errorf("empty history's advice line says %q:\n%s", not, head)
		}
	}
}

// A week without files: the facts say since when, and from 3 quiet days
// the report's first lines say the advice assumes rest.
func TestQuietDays(t *testing.T) {
	e := newEnv(t, testConfig)
	writeFile(t, filepath.Join(e.dir, "inbox", "run.fit"), morningRun(t))
	e.mustRun(0, "ingest")
	day := easyday.DateOf(longDay, time.UTC) // Tuesday 22 September
	for _, tc := range []struct {
		after int
		quiet int
		line  bool
	}{{1, 0, false}, {3, 2, false}, {4, 3, true}, {6, 5, true}} {
		d := day.AddDays(tc.after)
		f := e.reportJSON(d)
		if f.LastActivityDate == nil || *f.LastActivityDate != day.String() || f.QuietDays == nil || *f.QuietDays != tc.quiet {
			t.Errorf("report --json --date %s: last_activity_date %v, quiet_days %v; want %s, %d", d, f.LastActivityDate, f.QuietDays, day, tc.quiet)
		}
		first := strings.Join(strings.SplitN(e.reportMarkdown(d), "\n", 7)[:6], "\n")
		want := "No activity since Tuesday 22 September, " + itoa(tc.quiet) + " days:** if you trained since, add those files; this advice assumes you rested."
		if got := strings.Contains(first, want); got != tc.line {
			t.Errorf("report %s: quiet line shown %v, want %v (%q)\n%s", d, got, tc.line, want, first)
		}
	}
	if f := e.reportJSON(day); f.LastActivityDate != nil || f.QuietDays != nil || f.Advice.Code != easyday.AdviceNoData {
		t.Errorf("report of the first activity's own day: last %v, quiet %v, advice %s; want null, null, no_data (nothing before it)", f.LastActivityDate, f.QuietDays, f.Advice.Code)
	}
}

// A new thresholds set that recompute has not applied yet makes a
// stale_thresholds note with the exact command; recompute clears it.
func TestStaleThresholdsNote(t *testing.T) {
	e := newEnv(t, testConfig)
	writeFile(t, filepath.Join(e.dir, "inbox", "run.fit"), morningRun(t))
	e.mustRun(0, "ingest")
	day := easyday.DateOf(longDay, time.UTC).AddDays(1)
	if n := notesWith(e.reportJSON(day).DataNotes, easyday.NoteStaleThresholds); len(n) != 0 {
		t.Fatalf("stale_thresholds before any change: %+v", n)
	}
	check(t, os.WriteFile(e.config, []byte(testConfig+"[[thresholds]]\nfrom = 2026-09-01\nrun_lthr = 160\nbike_lthr = 150\n"), 0o600))
	n := notesWith(e.reportJSON(day).DataNotes, easyday.NoteStaleThresholds)
	if len(n) != 1 || !strings.Contains(n[0].Text, "1 activity on Tuesday 22 September 2026") ||
		!strings.Contains(n[0].Text, "easyday recompute --since 2026-09-22") {
		t.Fatalf("stale_thresholds after a new set = %+v, want one note naming the activity's day and the command", n)
	}
	if md := e.reportMarkdown(day); !strings.Contains(md, "easyday recompute --since 2026-09-22") {
		t.Errorf("the Markdown report does not show the stale_thresholds note")
	}
	e.mustRun(0, "recompute", "--since", "2026-09-22")
	if n := notesWith(e.reportJSON(day).DataNotes, easyday.NoteStaleThresholds); len(n) != 0 {
		t.Errorf("stale_thresholds after recompute = %+v, want none", n)
	}
}

// A chest strap losing contact reads 240–254 bpm: those seconds are missing
// for every number, as if the strap had sent nothing, and the ride says so.
func TestStrapFaultRide(t *testing.T) {
	ride := func(fault int) []byte {
		var pts []fitgen.Point
		for s := 0; s <= 3600; s++ {
			hr := 125 + s%11
			if s >= 1200 && s < 1500 {
				hr = fault + s%15 // five minutes without contact
				if fault == 0 {
					hr = easyday.Missing // as if the strap had sent nothing
				}
			}
			pts = append(pts, fitgen.Point{Offset: time.Duration(s) * time.Second, HR: hr, Power: easyday.Missing, Distance: 8 * float64(s), Speed: 8})
		}
		b, err := fitgen.Build(fitgen.Spec{Start: longDay.Add(9 * time.Hour), UTCOffset: time.Hour,
			Sessions: []fitgen.Session{{Sport: "cycling", Points: pts}}})
		check(t, err)
		return b
	}
	got, want := newEnv(t, testConfig), newEnv(t, testConfig)
	writeFile(t, filepath.Join(got.dir, "inbox", "ride.fit"), ride(240))
	writeFile(t, filepath.Join(want.dir, "inbox", "ride.fit"), ride(0))
	got.mustRun(0, "ingest")
	want.mustRun(0, "ingest")
	g, w := got.activities()[0], want.activities()[0]
	if g.HRS != w.HRS || g.Load != w.Load || g.LoadSource != easyday.LoadHR || *g.MaxHR != *w.MaxHR || g.HRS > 3300 {
		t.Errorf("strap-fault ride: hr_s %.0f, load %.2f (%s), max %v; want hr_s %.0f (no faulty seconds), load %.2f, max %v as without them",
			g.HRS, g.Load, g.LoadSource, *g.MaxHR, w.HRS, w.Load, *w.MaxHR)
	}
	var warned bool
	for _, x := range g.Warnings {
		warned = warned || x.Code == easyday.WarningHRSensorFault && strings.Contains(x.Text, "300 s")
	}
	if !warned {
		t.Errorf("strap-fault ride warnings = %+v, want hr_sensor_fault naming 300 s", g.Warnings)
	}
	if len(w.Warnings) != 0 {
		t.Errorf("ride without the fault warnings = %+v, want none", w.Warnings)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
