package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/internal/fitgen"
)

// seasonConfig holds the thresholds the season's tests beat: run LTHR 168,
// FTP 250 W, 4:50/km, max HR 190.
const seasonConfig = testAthlete + `
# The set the season starts with.
[[thresholds]]
from = 2026-01-01
run_lthr = 168
bike_lthr = 160
ftp = 250
run_threshold_pace = "4:50/km"
`

// stretch is a part of a generated activity at a steady effort.
type stretch struct {
	min   int     // minutes
	hr    int     // bpm
	speed float64 // m/s; 0 for none
	power int     // W; 0 for none
	sec   int     // seconds more
}

// effortSpec is an activity of the stretches at 07:00 UTC on day (London
// is on UTC in March), one record a second on the flat, the final record
// at the stop. pause, when positive, stops the timer for a minute after
// that many minutes (the stretches count timer time).
func effortSpec(day easyday.Date, sport, sub string, pause int, parts ...stretch) fitgen.Spec {
	var pts []fitgen.Point
	var pauses []fitgen.Pause
	dist, off := 0.0, 0
	add := func(s stretch) {
		p := fitgen.Point{Offset: time.Duration(off) * time.Second, HR: s.hr, Power: easyday.Missing, Distance: easyday.Missing, Speed: easyday.Missing}
		if s.speed > 0 {
			p.Distance, p.Speed, p.Altitude = dist, s.speed, fitgen.Metres(100)
		}
		if s.power > 0 {
			p.Power = s.power
		}
		pts = append(pts, p)
	}
	moving := 0
	for _, s := range parts {
		for i := 0; i < s.min*60+s.sec; i++ {
			if pause > 0 && moving == pause*60 {
				pauses = append(pauses, fitgen.Pause{At: time.Duration(off) * time.Second, Dur: time.Minute})
				off += 60
			}
			add(s)
			dist += s.speed
			off++
			moving++
		}
	}
	add(parts[len(parts)-1])
	return fitgen.Spec{Start: day.Time().Add(7 * time.Hour), Pauses: pauses,
		Sessions: []fitgen.Session{{Sport: sport, SubSport: sub, Points: pts}}}
}

// effortFIT is effortSpec as a FIT file.
func effortFIT(t *testing.T, day easyday.Date, sport, sub string, pause int, parts ...stretch) []byte {
	t.Helper()
	b, err := fitgen.Build(effortSpec(day, sport, sub, pause, parts...))
	check(t, err)
	return b
}

// The season's days.
var (
	runTestDay  = easyday.MakeDate(2026, 3, 3)  // Friel's 30-minute test in a run: LTHR 172, 4:34/km
	ftpTestDay  = easyday.MakeDate(2026, 3, 5)  // a 20-minute test on the bike: FTP 266
	maxHRDay    = easyday.MakeDate(2026, 3, 7)  // an all-out finish: max HR 194
	treadmill   = easyday.MakeDate(2026, 3, 10) // the run test on a treadmill: LTHR, no pace
	hardStartDy = easyday.MakeDate(2026, 3, 12) // 20 hard minutes at the very start: nothing
)

// seasonFiles writes the season's activities into the inbox: each test
// with easy days around it, so that the history has ordinary days too.
func seasonFiles(t *testing.T, inbox string) {
	t.Helper()
	easy := []stretch{{min: 40, hr: 140, speed: 3.0}}
	test := []stretch{{10, 130, 3.0, 0, 0}, {10, 165, 3.8, 0, 0}, {20, 172, 3.8, 0, 0}, {10, 140, 3.0, 0, 0}}
	files := map[string][]byte{
		"easy-0301.fit": effortFIT(t, easyday.MakeDate(2026, 3, 1), "running", "", 0, easy...),
		"runtest.fit":   effortFIT(t, runTestDay, "running", "", 0, test...),
		"ftptest.fit":   effortFIT(t, ftpTestDay, "cycling", "", 50, stretch{15, 135, 0, 150, 0}, stretch{20, 150, 0, 280, 0}, stretch{25, 140, 0, 200, 0}),
		"maxhr.fit":     effortFIT(t, maxHRDay, "running", "", 0, stretch{10, 150, 3.0, 0, 0}, stretch{2, 185, 4.5, 0, 0}, stretch{1, 194, 5.0, 0, 0}, stretch{10, 140, 2.8, 0, 0}),
		"treadmill.fit": effortFIT(t, treadmill, "running", "treadmill", 0, test...),
		"hardstart.fit": effortFIT(t, hardStartDy, "running", "", 0, stretch{20, 172, 3.4, 0, 0}, stretch{20, 150, 3.4, 0, 0}),
		"easy-0314.fit": effortFIT(t, easyday.MakeDate(2026, 3, 14), "running", "", 0, easy...),
	}
	for name, b := range files {
		writeFile(t, filepath.Join(inbox, name), b)
	}
}

// activityOn returns the one activity of day.
func activityOn(t *testing.T, acts []easyday.Activity, day easyday.Date) easyday.Activity {
	t.Helper()
	var found []easyday.Activity
	for _, a := range acts {
		if a.LocalDate == day {
			found = append(found, a)
		}
	}
	if len(found) != 1 {
		t.Fatalf("activities on %s = %d, want 1", day, len(found))
	}
	return found[0]
}

// suggestionsOf returns the report's suggestions of day by key.
func (e *env) suggestionsOf(day easyday.Date) map[easyday.ThresholdKey]easyday.ThresholdSuggestion {
	e.t.Helper()
	var f struct {
		Thresholds easyday.ThresholdFacts `json:"thresholds"`
	}
	decode(e.t, e.mustRun(0, "report", "--json", "--date", day.String()), &f)
	out := map[easyday.ThresholdKey]easyday.ThresholdSuggestion{}
	for _, s := range f.Thresholds.Suggestions {
		out[s.Key] = s
	}
	return out
}

// TestThresholdSeason: a season of generated activities where a run test,
// an FTP test and a max-HR session each give the suggestion they should on
// the report days that look back at them, a treadmill gives an LTHR and no
// pace, a hard start gives nothing, and 'thresholds --add' adopts them:
// the suggestions disappear once the new sets are in force, and the
// recomputed loads are those of a fresh ingest with the new configuration.
func TestThresholdSeason(t *testing.T) {
	e := newEnv(t, seasonConfig)
	seasonFiles(t, filepath.Join(e.dir, "inbox"))
	e.mustRun(0, "ingest")
	acts := e.activities()
	if len(acts) != 7 {
		t.Fatalf("activities = %d, want 7", len(acts))
	}
	near := func(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 0.01 }

	// Each activity's estimates (docs/metrics.md §12.3).
	run, ride, maxRun := activityOn(t, acts, runTestDay), activityOn(t, acts, ftpTestDay), activityOn(t, acts, maxHRDay)
	tm, hard := activityOn(t, acts, treadmill), activityOn(t, acts, hardStartDy)
	if e := run.Estimates; !near(e.LTHR, 172) || !near(e.ThresholdPace, 1000/(0.96*3.8)) {
		t.Errorf("run test estimates: lthr %v, pace %v; want 172 and %.4f", val(e.LTHR), val(e.ThresholdPace), 1000/(0.96*3.8))
	}
	if e := ride.Estimates; !near(e.FTP, 266) || e.ThresholdPace != nil {
		t.Errorf("FTP test estimates: ftp %v, pace %v; want 266 and none", val(e.FTP), val(e.ThresholdPace))
	}
	if e := maxRun.Estimates; !near(e.MaxHR, 194) {
		t.Errorf("max-HR run: max_hr %v, want 194", val(e.MaxHR))
	}
	if e := tm.Estimates; !near(e.LTHR, 172) || e.ThresholdPace != nil {
		t.Errorf("treadmill estimates: lthr %v, pace %v; want 172 and none", val(e.LTHR), val(e.ThresholdPace))
	}
	if e := hard.Estimates; !near(e.LTHR, 161) {
		t.Errorf("hard start: lthr %v, want 161 (the 20 hard minutes are no test)", val(e.LTHR))
	}

	// The report of each day shows the suggestions of the 7 days before.
	type want map[easyday.ThresholdKey]easyday.Date // key → the day of the activity it comes from
	days := []struct {
		day  easyday.Date
		want want
	}{
		{runTestDay, want{}},
		{runTestDay.AddDays(1), want{easyday.KeyRunLTHR: runTestDay, easyday.KeyRunThresholdPace: runTestDay}},
		{ftpTestDay.AddDays(1), want{easyday.KeyRunLTHR: runTestDay, easyday.KeyRunThresholdPace: runTestDay, easyday.KeyFTP: ftpTestDay}},
		{maxHRDay.AddDays(1), want{easyday.KeyRunLTHR: runTestDay, easyday.KeyRunThresholdPace: runTestDay, easyday.KeyFTP: ftpTestDay, easyday.KeyMaxHR: maxHRDay}},
		// The run test is 8 days back: the treadmill's LTHR stands in, its pace is gone.
		{runTestDay.AddDays(8), want{easyday.KeyRunLTHR: treadmill, easyday.KeyFTP: ftpTestDay, easyday.KeyMaxHR: maxHRDay}},
		{ftpTestDay.AddDays(8), want{easyday.KeyRunLTHR: treadmill, easyday.KeyMaxHR: maxHRDay}},
		{maxHRDay.AddDays(8), want{easyday.KeyRunLTHR: treadmill}},
	}
	values := map[easyday.ThresholdKey]float64{easyday.KeyRunLTHR: 172, easyday.KeyRunThresholdPace: 1000 / (0.96 * 3.8), easyday.KeyFTP: 266, easyday.KeyMaxHR: 194}
	for _, d := range days {
		got := e.suggestionsOf(d.day)
		if len(got) != len(d.want) {
			t.Errorf("report %s: suggestions %+v, want %v", d.day, got, d.want)
		}
		for k, from := range d.want {
			s, ok := got[k]
			if !ok || s.Date == nil || *s.Date != from || math.Abs(s.Value-values[k]) > 0.01 {
				t.Errorf("report %s: %s suggestion %+v, want %.2f from %s", d.day, k, s, values[k], from)
			}
		}
	}

	// The Markdown says what the run test showed, where, and how to adopt it.
	md := e.reportMarkdown(runTestDay.AddDays(1))
	for _, w := range []string{
		"**Run LTHR 172 bpm** (168 bpm in force): the running activity of Tuesday 3 March 2026, started 07:00, held 172 bpm for the 20 minutes from minute 20, after 10 hard minutes (Friel's 30-minute test",
		"**Threshold pace 4:34 /km** (4:50 /km in force): the running activity of Tuesday 3 March 2026, started 07:00, ran 4:23 /km on the flat's terms for the 30 minutes from minute 10 (Riegel",
		"In force since Thursday 1 January 2026 (62 days)",
		"[[thresholds]]\nfrom = 2026-03-03\nrun_lthr = 172\nbike_lthr = 160\nftp = 250\nrun_threshold_pace = \"4:34/km\"\n```",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("report %s has no %q:\n%s", runTestDay.AddDays(1), w, md)
		}
	}

	// thresholds --json as of 11 March: the best of 42 days per key.
	asOf := runTestDay.AddDays(8)
	var st easyday.ThresholdsAsOf
	out := e.mustRun(0, "thresholds", "--json", "--date", asOf.String())
	decode(t, out, &st)
	var raw struct {
		Keys []map[string]json.RawMessage `json:"keys"`
	}
	decode(t, out, &raw)
	for _, k := range raw.Keys {
		if len(k) != 6 {
			t.Errorf("thresholds --json key has fields %v, want key, in_force, since, best_42d, suggested, demonstrated", k)
		}
	}
	if len(st.Keys) != len(easyday.ThresholdKeys) || st.Date != asOf {
		t.Fatalf("thresholds --json = %s", out)
	}
	jan1 := easyday.MakeDate(2026, 1, 1)
	for i, w := range []struct {
		inForce   float64
		since     *easyday.Date
		best      float64
		from      easyday.Date
		suggested float64 // 0: null
		shown     *bool
	}{
		{168, &jan1, 172, runTestDay, 172, ptrTo(true)},
		{160, &jan1, 150, ftpTestDay, 0, ptrTo(false)},
		{250, &jan1, 266, ftpTestDay, 266, ptrTo(true)},
		{290, &jan1, 1000 / (0.96 * 3.8), runTestDay, 1000 / (0.96 * 3.8), ptrTo(true)},
		{190, nil, 194, maxHRDay, 194, nil},
		{50, nil, 0, 0, 0, nil},
	} {
		k := st.Keys[i]
		if k.Key != easyday.ThresholdKeys[i] || k.InForce == nil || *k.InForce != w.inForce || (k.Since == nil) != (w.since == nil) ||
			(k.Since != nil && *k.Since != *w.since) || (k.Demonstrated == nil) != (w.shown == nil) ||
			(k.Demonstrated != nil && *k.Demonstrated != *w.shown) {
			t.Errorf("thresholds --json %s: %+v, want in force %v since %v demonstrated %v", easyday.ThresholdKeys[i], k, w.inForce, w.since, w.shown)
		}
		if (k.Best42d == nil) != (w.best == 0) || (k.Best42d != nil && (math.Abs(k.Best42d.Value-w.best) > 0.01 || k.Best42d.Date != w.from)) {
			t.Errorf("thresholds --json %s best_42d = %+v, want %.2f from %s", k.Key, k.Best42d, w.best, w.from)
		}
		if (k.Suggested == nil) != (w.suggested == 0) || (k.Suggested != nil && math.Abs(*k.Suggested-w.suggested) > 0.01) {
			t.Errorf("thresholds --json %s suggested = %v, want %v", k.Key, k.Suggested, w.suggested)
		}
	}
	if table := e.mustRun(0, "thresholds", "--date", asOf.String()); !strings.Contains(table, "run_lthr") || !strings.Contains(table, "4:34 /km") {
		t.Errorf("thresholds table:\n%s", table)
	}

	// --add appends one set per day of a suggested dated key, byte for
	// byte after the file, keeps a copy, and recomputes.
	before, err := os.ReadFile(e.config)
	check(t, err)
	out = e.mustRun(0, "thresholds", "--add", "--date", asOf.String())
	after, err := os.ReadFile(e.config)
	check(t, err)
	wantSets := "[[thresholds]]\nfrom = 2026-03-03\nrun_lthr = 172\nbike_lthr = 160\nftp = 250\nrun_threshold_pace = \"4:34/km\"\n" +
		"\n# Added by 'easyday thresholds --add' as of 2026-03-11: ftp from activity #" + itoa(int(ride.ID)) + ".\n" +
		"[[thresholds]]\nfrom = 2026-03-05\nrun_lthr = 172\nbike_lthr = 160\nftp = 266\nrun_threshold_pace = \"4:34/km\"\n"
	if !bytes.HasPrefix(after, before) || !strings.HasSuffix(string(after), wantSets) {
		t.Errorf("config after --add:\n%s\nwant the file as it was, then sets ending\n%s", after, wantSets)
	}
	if copyB, err := os.ReadFile(e.config + ".before-add"); err != nil || !bytes.Equal(copyB, before) {
		t.Errorf("config.before-add = %q, %v; want the file as it was", copyB, err)
	} else if info, _ := os.Stat(e.config + ".before-add"); info.Mode().Perm() != 0o600 {
		t.Errorf("config.before-add mode %v, want 0600", info.Mode().Perm())
	}
	for _, w := range []string{"recomputing since 2026-03-03", "max_hr 194 bpm is suggested", "changed"} {
		if !strings.Contains(out, w) {
			t.Errorf("thresholds --add says\n%s\nwant %q", out, w)
		}
	}
	// Adopted: the suggestions are gone from every report that showed them; max HR stays.
	for _, d := range days {
		got := e.suggestionsOf(d.day)
		for k := range got {
			if k != easyday.KeyMaxHR {
				t.Errorf("report %s after --add still suggests %s: %+v", d.day, k, got[k])
			}
		}
	}
	if out := e.mustRun(0, "thresholds", "--add", "--date", asOf.String()); !strings.Contains(out, "nothing to add") {
		t.Errorf("thresholds --add a second time:\n%s\nwant nothing to add", out)
	}
	if again, _ := os.ReadFile(e.config); !bytes.Equal(again, after) {
		t.Errorf("thresholds --add with nothing to add changed the file")
	}

	// The recomputed loads are those of a fresh ingest with the new configuration.
	fresh := newEnv(t, string(after))
	seasonFiles(t, filepath.Join(fresh.dir, "inbox"))
	fresh.mustRun(0, "ingest")
	got, wantActs := e.activities(), fresh.activities()
	if len(got) != len(wantActs) {
		t.Fatalf("activities after --add = %d, a fresh ingest %d", len(got), len(wantActs))
	}
	for i := range wantActs {
		g, w := got[i], wantActs[i]
		if g.LocalDate != w.LocalDate || g.Load != w.Load || val(g.HRSS) != val(w.HRSS) || val(g.PowerTSS) != val(w.PowerTSS) ||
			val(g.PaceLoad) != val(w.PaceLoad) || g.LoadSource != w.LoadSource || g.ScoredWith != w.ScoredWith {
			t.Errorf("activity of %s after --add: load %.4f (%s), want %.4f (%s) as a fresh ingest gives", g.LocalDate, g.Load, g.LoadSource, w.Load, w.LoadSource)
		}
	}
}

func ptrTo[T any](v T) *T { return &v }

// thresholds --add that cannot write the configuration exits 1 naming it
// and leaves it as it was.
func TestThresholdsAddUnwritable(t *testing.T) {
	e := newEnv(t, seasonConfig)
	seasonFiles(t, filepath.Join(e.dir, "inbox"))
	e.mustRun(0, "ingest")
	before, err := os.ReadFile(e.config)
	check(t, err)
	// The copy cannot be made: a folder stands where it goes.
	check(t, os.Mkdir(e.config+".before-add", 0o700))
	_, errs, code := e.run("thresholds", "--add", "--date", "2026-03-11")
	if code != exitFatal || !strings.Contains(errs, e.config) {
		t.Errorf("thresholds --add with no room for its copy: exit %d, %q; want 1 naming %s", code, errs, e.config)
	}
	if after, _ := os.ReadFile(e.config); !bytes.Equal(after, before) {
		t.Errorf("thresholds --add that failed changed the configuration")
	}
	if os.Geteuid() == 0 {
		return // root writes a read-only file; the folder above tested the failure
	}
	check(t, os.Remove(e.config+".before-add"))
	check(t, os.Chmod(e.config, 0o400))
	_, errs, code = e.run("thresholds", "--add", "--date", "2026-03-11")
	if code != exitFatal || !strings.Contains(errs, e.config) {
		t.Errorf("thresholds --add on a read-only configuration: exit %d, %q; want 1 naming it", code, errs)
	}
	if after, _ := os.ReadFile(e.config); !bytes.Equal(after, before) {
		t.Errorf("thresholds --add on a read-only configuration changed it")
	}
}

// A set the configuration would refuse (an LTHR above max_hr, which --add
// does not change) is not written: exit 1 naming the file and what it
// collides with.
func TestThresholdsAddRefused(t *testing.T) {
	e := newEnv(t, strings.Replace(seasonConfig, "max_hr = 190", "max_hr = 175", 1))
	writeFile(t, filepath.Join(e.dir, "inbox", "runtest.fit"), effortFIT(t, runTestDay, "running", "", 0,
		stretch{10, 130, 3.0, 0, 0}, stretch{10, 170, 3.8, 0, 0}, stretch{20, 177, 3.8, 0, 0}, stretch{10, 140, 3.0, 0, 0}))
	e.mustRun(0, "ingest")
	before, err := os.ReadFile(e.config)
	check(t, err)
	_, errs, code := e.run("thresholds", "--add", "--date", runTestDay.AddDays(1).String())
	if code != exitFatal || !strings.Contains(errs, e.config) || !strings.Contains(errs, "max_hr") {
		t.Errorf("thresholds --add of an LTHR above max_hr: exit %d, %q; want 1 naming the file and max_hr", code, errs)
	}
	if after, _ := os.ReadFile(e.config); !bytes.Equal(after, before) {
		t.Errorf("thresholds --add that was refused changed the configuration")
	}
	if _, err := os.Stat(e.config + ".before-add"); err == nil {
		t.Errorf("thresholds --add that was refused left a copy")
	}
}
