package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/profile/typedef"

	"easyday"
	"easyday/history"
	"easyday/internal/fitgen"
)

// wellnessD is the report day of the generated wellness histories; in
// February Europe/London is UTC, so local midnight is 00:00 UTC.
var wellnessD = easyday.MakeDate(2026, 2, 20)

// device says which wellness files a generated watch writes.
type device struct {
	hrvSummary bool // HRV status files with Garmin's summary (else 5-minute values only)
	hrv        bool // HRV status files at all
	stages     bool // sleep files with stages and a score (else awake markers only)
}

// wellnessDay is what the generated watch measured on one day.
type wellnessDay struct {
	rhr, rhr7d int
	hrv        float64 // overnight rMSSD, ms
	status     typedef.HrvStatus
	score      int
}

// scenario is 70 days ending on wellnessD: a resting HR around 50 and an
// HRV around 62 ms, a week without any file (D−40 … D−34), a bad night on
// D−10 (sleep score 45), and a cold coming on over the last three days
// (resting HR 56, 58, 60; HRV 52, 48, 45, Garmin's status low on the last).
func scenario() map[easyday.Date]wellnessDay {
	days := map[easyday.Date]wellnessDay{}
	for i := 69; i >= 0; i-- {
		d := wellnessD.AddDays(-i)
		if i >= 34 && i <= 40 {
			continue
		}
		w := wellnessDay{rhr: 49 + i%3, rhr7d: 50, hrv: float64(60 + i%5), status: typedef.HrvStatusBalanced, score: 78 + i%4}
		switch i {
		case 10:
			w.score = 45
		case 2:
			w.rhr, w.hrv = 56, 52
		case 1:
			w.rhr, w.hrv = 58, 48
		case 0:
			w.rhr, w.hrv, w.status = 60, 45, typedef.HrvStatusLow
		}
		days[d] = w
	}
	return days
}

// writeWellness writes the scenario's files as the device would into dir:
// for each day a monitoring file, and the sleep and HRV files of the night
// ending on it.
func writeWellness(t *testing.T, dir string, dev device, days map[easyday.Date]wellnessDay) {
	t.Helper()
	put := func(name string, b []byte, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for d, w := range days {
		midnight := d.Time()
		hr := make([]int, 90) // 06:00 to 09:00
		for i := range hr {
			hr[i] = w.rhr + 10 + i%7
		}
		stress := []int{20, 25, -1, 30, -2, 35, 40, -1, 22} // mean of the readings 28.6667
		b, err := fitgen.Monitoring(fitgen.MonitoringDay{Created: midnight.Add(6 * time.Hour), HR: hr, EarlyBy: 30 * time.Second,
			RestingAt: midnight.Add(24 * time.Hour), RestingHR: w.rhr, RestingHR7d: w.rhr7d, Stress: stress})
		put("M"+d.String()+".FIT", b, err)

		start, end := midnight.Add(-time.Hour), midnight.Add(6*time.Hour+30*time.Minute)
		n := fitgen.Night{Start: start, End: end}
		if dev.stages {
			n.Levels = []fitgen.SleepLevel{
				{Offset: 0, Level: typedef.SleepLevelAwake},
				{Offset: 15 * time.Minute, Level: typedef.SleepLevelLight},
				{Offset: 2 * time.Hour, Level: typedef.SleepLevelDeep},
				{Offset: 3 * time.Hour, Level: typedef.SleepLevelRem},
				{Offset: 4 * time.Hour, Level: typedef.SleepLevelAwake},
				{Offset: 4*time.Hour + 10*time.Minute, Level: typedef.SleepLevelLight},
			}
			n.Score = w.score
		} else {
			n.Levels = []fitgen.SleepLevel{{Offset: 0, Level: typedef.SleepLevelAwake}, {Offset: 7 * time.Hour, Level: typedef.SleepLevelAwake}}
		}
		b, err = fitgen.Sleep(n)
		put("S"+d.String()+".FIT", b, err)

		if !dev.hrv {
			continue
		}
		vals := make([]float64, 80)
		for i := range vals {
			vals[i] = w.hrv + float64(i%5-2) // mean w.hrv
		}
		vals[7] = 0 // a missing value
		h := fitgen.HRVNight{Start: midnight.Add(-30 * time.Minute), Values: vals}
		if dev.hrvSummary {
			weekly := 62.0 // inside the balanced band, as Garmin's status says
			if w.status == typedef.HrvStatusLow {
				weekly = 52 // a low status is a weekly average under the band
			}
			h.Summary = &fitgen.HRVSummary{Weekly: weekly, LastNight: w.hrv, High5: w.hrv + 30, LowUpper: 50,
				BalancedLow: 55, BalancedHigh: 70, Status: w.status}
		}
		b, err = fitgen.HRVStatus(h)
		put("H"+d.String()+".FIT", b, err)
	}
}

// reportFacts runs report --json for day.
func reportFacts(t *testing.T, e *env, day easyday.Date) easyday.Facts {
	t.Helper()
	var f easyday.Facts
	if err := json.Unmarshal([]byte(e.mustRun(exitOK, "report", "--json", "--date", day.String())), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func states(r easyday.Readiness) []string {
	var s []string
	for _, sig := range r.Signals {
		s = append(s, string(sig.Name)+"="+string(sig.State))
	}
	return s
}

// TestWellnessColdComingOn: a full device (HRV status, sleep stages and
// scores) through ingest and report: 70 days with a gap, a bad night and a
// cold coming on.
func TestWellnessColdComingOn(t *testing.T) {
	e := newEnv(t, testConfig)
	inbox := filepath.Join(e.dir, "inbox")
	days := scenario()
	writeWellness(t, inbox, device{hrv: true, hrvSummary: true, stages: true}, days)
	e.mustRun(exitOK, "ingest")
	for _, f := range e.files() {
		if f.Status != easyday.StatusIngested {
			t.Errorf("%s: %s %s, want ingested", f.Path, f.Status, f.Reason)
		}
	}

	var list []map[string]any
	if err := json.Unmarshal([]byte(e.mustRun(exitOK, "wellness", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != len(days) {
		t.Errorf("wellness lists %d days, want %d (no day in the gap)", len(list), len(days))
	}
	last := list[len(list)-1]
	// Sleep: light 1:45 + deep 1:00 + REM 1:00 + light 3:20 until the stop
	// at 06:30; the awake minutes do not count.
	wantSleep := float64((105 + 60 + 60 + 200) * 60)
	if last["date"] != wellnessD.String() || last["rhr"] != 60.0 || last["rhr_7d"] != 50.0 || last["hrv_last_night_ms"] != 45.0 ||
		last["hrv_weekly_ms"] != 52.0 || last["hrv_status"] != "low" || last["sleep_s"] != wantSleep ||
		last["sleep_score"] != 78.0 || last["stress_avg"] != 28.6667 {
		t.Errorf("wellness on %s = %v", wellnessD, last)
	}
	if b, _ := last["hrv_baseline"].(map[string]any); b["low"] != 55.0 || b["high"] != 70.0 {
		t.Errorf("hrv_baseline = %v, want 55–70", last["hrv_baseline"])
	}
	for _, key := range []string{"date", "rhr", "rhr_7d", "hrv_last_night_ms", "hrv_weekly_ms", "hrv_status", "hrv_baseline", "sleep_s", "sleep_score", "stress_avg"} {
		if _, ok := last[key]; !ok {
			t.Errorf("wellness day has no %q", key)
		}
	}

	// The cold: resting HR 60 against a usual 50, Garmin's status low.
	f := reportFacts(t, e, wellnessD)
	if f.Readiness.Code != easyday.ReadinessRecover || !slices.Equal(states(f.Readiness),
		[]string{"hrv=below_normal", "resting_hr=elevated", "sleep=normal"}) {
		t.Errorf("readiness on %s = %s %v, want recover", wellnessD, f.Readiness.Code, states(f.Readiness))
	}
	if f.Advice.Code != "easy_days" || !slices.Equal(f.Advice.MovedBy, []easyday.SignalName{"hrv", "resting_hr"}) ||
		!strings.Contains(f.Advice.Text, "Resting HR 60, 10 above your usual 50, and HRV below normal: take an easy day whatever your form says") {
		t.Errorf("advice on %s = %+v, want easy days moved by hrv and resting_hr", wellnessD, f.Advice)
	}
	// Two days before: only resting HR is off (56 against 50): easy.
	f = reportFacts(t, e, wellnessD-2)
	if f.Readiness.Code != easyday.ReadinessEasy || f.Advice.Code != "cross_train" || !slices.Equal(f.Advice.MovedBy, []easyday.SignalName{"resting_hr"}) {
		t.Errorf("D−2: readiness %s %v, advice %s %v, want easy, cross-training (no running this week), moved by resting_hr",
			f.Readiness.Code, states(f.Readiness), f.Advice.Code, f.Advice.MovedBy)
	}
	// The bad night alone: easy.
	f = reportFacts(t, e, wellnessD-10)
	if f.Readiness.Code != easyday.ReadinessEasy || !slices.Equal(f.Advice.MovedBy, []easyday.SignalName{"sleep"}) {
		t.Errorf("bad night: readiness %s %v, moved by %v, want easy, sleep", f.Readiness.Code, states(f.Readiness), f.Advice.MovedBy)
	}
	// A normal day moves nothing: with no activities there is no training
	// advice.
	f = reportFacts(t, e, wellnessD-5)
	if f.Readiness.Code != easyday.ReadinessNormal || f.Advice.MovedBy != nil || f.Advice.Code != easyday.AdviceNoData {
		t.Errorf("normal day: readiness %s %v, advice %s %v", f.Readiness.Code, states(f.Readiness), f.Advice.Code, f.Advice.MovedBy)
	}

	// The report: readiness line, 30-day section and chart.
	e.mustRun(exitOK, "report", "--date", wellnessD.String())
	md, err := os.ReadFile(filepath.Join(e.dir, "reports", wellnessD.String()+".md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(md), "\n")
	if want := "- **Readiness: low, two or more signals off.** 7-night HRV 52 ms, under your usual 55–70 (low: below normal); last night 45 ms · resting HR 60, usual 50 (elevated) · sleep 7:05, score 78."; lines[2] != want {
		t.Errorf("readiness line = %q, want %q", lines[2], want)
	}
	if !strings.Contains(string(md), "("+wellnessD.String()+"-wellness.svg)") {
		t.Error("report has no wellness chart")
	}
	if _, err := os.Stat(filepath.Join(e.dir, "reports", wellnessD.String()+"-wellness.svg")); err != nil {
		t.Error(err)
	}

	// Re-importing everything under other names, and a re-export of one
	// day with other bytes but no new value, change nothing.
	before := e.mustRun(exitOK, "wellness", "--json")
	again := filepath.Join(inbox, "again")
	if err := os.MkdirAll(again, 0o700); err != nil {
		t.Fatal(err)
	}
	writeWellness(t, again, device{hrv: true, hrvSummary: true, stages: true}, days)
	w := days[wellnessD]
	b, err := fitgen.Monitoring(fitgen.MonitoringDay{Created: wellnessD.Time().Add(6 * time.Hour), HR: []int{w.rhr + 10, w.rhr + 11},
		RestingAt: wellnessD.Time().Add(24 * time.Hour), RestingHR: w.rhr, RestingHR7d: w.rhr7d})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "re-export.fit"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	e.mustRun(exitOK, "ingest")
	for _, f := range e.files() {
		switch {
		case strings.HasSuffix(f.Path, "re-export.fit"):
			if f.Status != easyday.StatusDuplicate || f.Reason != "every value already stored" {
				t.Errorf("re-export: %s %q, want duplicate, every value already stored", f.Status, f.Reason)
			}
		case strings.Contains(f.Path, string(filepath.Separator)+"again"+string(filepath.Separator)):
			if f.Status != easyday.StatusDuplicate {
				t.Errorf("%s again: %s %q, want duplicate", f.Path, f.Status, f.Reason)
			}
		}
	}
	if after := e.mustRun(exitOK, "wellness", "--json"); after != before {
		t.Errorf("wellness changed after a re-import")
	}
}

// TestWellnessOverlappingFiles: one day in two files that overlap; the
// second adds its new values only, and the day reads as one.
func TestWellnessOverlappingFiles(t *testing.T) {
	e := newEnv(t, testConfig)
	inbox := filepath.Join(e.dir, "inbox")
	d := wellnessD
	morning := fitgen.MonitoringDay{Created: d.Time().Add(6 * time.Hour), HR: []int{60, 61, 62}, Stress: []int{10, 20}}
	whole := morning
	whole.Stress = []int{10, 20, 60}
	whole.RestingAt, whole.RestingHR, whole.RestingHR7d = d.Time().Add(24*time.Hour), 48, 50
	for name, m := range map[string]fitgen.MonitoringDay{"a-morning.fit": morning, "b-whole.fit": whole} {
		b, err := fitgen.Monitoring(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(inbox, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	e.mustRun(exitOK, "ingest")
	for _, f := range e.files() {
		if f.Status != easyday.StatusIngested {
			t.Errorf("%s: %s %q, want ingested (each adds values)", f.Path, f.Status, f.Reason)
		}
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(e.mustRun(exitOK, "wellness", "--json", "--from", d.String(), "--to", d.String())), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0]["rhr"] != 48.0 || list[0]["stress_avg"] != 30.0 || list[0]["sleep_s"] != nil || list[0]["hrv_status"] != nil {
		t.Errorf("overlapping day = %v, want one day: RHR 48, stress 30 (10, 20, 60 once each), nulls elsewhere", list)
	}
}

// TestWellnessOlderDevices: a watch that writes 5-minute HRV values without
// Garmin's status and sleep without stages, and one without HRV at all.
func TestWellnessOlderDevices(t *testing.T) {
	t.Run("5-minute HRV, no sleep stages", func(t *testing.T) {
		e := newEnv(t, testConfig)
		writeWellness(t, filepath.Join(e.dir, "inbox"), device{hrv: true}, scenario())
		e.mustRun(exitOK, "ingest")
		f := reportFacts(t, e, wellnessD)
		// ln rMSSD of 52, 48, 45 and four nights near 62 against ~62: below normal.
		if f.Readiness.Code != easyday.ReadinessRecover || !slices.Equal(states(f.Readiness),
			[]string{"hrv=below_normal", "resting_hr=elevated", "sleep=unknown"}) {
			t.Errorf("readiness = %s %v, want recover from our HRV baseline and resting HR", f.Readiness.Code, states(f.Readiness))
		}
		var list []map[string]any
		if err := json.Unmarshal([]byte(e.mustRun(exitOK, "wellness", "--json", "--from", wellnessD.String())), &list); err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0]["sleep_s"] != nil || list[0]["sleep_score"] != nil || list[0]["hrv_status"] != nil ||
			list[0]["hrv_weekly_ms"] != nil || list[0]["hrv_last_night_ms"] != 45.0 {
			t.Errorf("wellness = %v, want no sleep time or score, no status, last night 45 ms (mean of the 5-minute values)", list)
		}
	})
	t.Run("no HRV", func(t *testing.T) {
		e := newEnv(t, testConfig)
		writeWellness(t, filepath.Join(e.dir, "inbox"), device{stages: true}, scenario())
		e.mustRun(exitOK, "ingest")
		f := reportFacts(t, e, wellnessD)
		if f.Readiness.Code != easyday.ReadinessEasy || !slices.Equal(states(f.Readiness),
			[]string{"hrv=unknown", "resting_hr=elevated", "sleep=normal"}) || !slices.Equal(f.Advice.MovedBy, []easyday.SignalName{"resting_hr"}) {
			t.Errorf("readiness = %s %v, moved by %v, want easy, moved by resting_hr", f.Readiness.Code, states(f.Readiness), f.Advice.MovedBy)
		}
	})
}

// TestWellnessSignedTimestamp16: monitoring rows written just before the
// hourly full timestamp keep their day; a forward-only rebuild would move
// them 18 hours on, into the next day.
func TestWellnessSignedTimestamp16(t *testing.T) {
	e := newEnv(t, testConfig)
	d := wellnessD
	hr := make([]int, 150) // 19:00 to 23:58
	for i := range hr {
		hr[i] = 70
	}
	b, err := fitgen.Monitoring(fitgen.MonitoringDay{Created: d.Time().Add(19 * time.Hour), HR: hr, EarlyBy: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.dir, "inbox", "m.fit"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	e.mustRun(exitOK, "ingest")
	st, err := history.Open(t.Context(), filepath.Join(e.dir, "history.db"), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.Wellness(t.Context(), d-5, d+5)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		if r.Metric == easyday.MetricHeartRate {
			n++
			if r.Day != d || r.Time.Before(d.Time().Add(19*time.Hour-time.Minute)) || !r.Time.Before((d + 1).Time()) {
				t.Errorf("heart rate at %s on %s, want within %s 18:59–24:00", r.Time, r.Day, d)
			}
		}
	}
	// 150 rows every 2 minutes, and one early row before each of the 4
	// later hourly full timestamps (19:59, 20:59, 21:59, 22:59).
	if n != 154 {
		t.Errorf("%d heart-rate rows stored, want 154", n)
	}
}

// TestWellnessCommandUsage: bad dates and ranges are usage errors; an
// empty history prints an empty array.
func TestWellnessCommandUsage(t *testing.T) {
	e := newEnv(t, testConfig)
	for _, args := range [][]string{{"wellness", "--from", "yesterday"}, {"wellness", "--to", "2026-02-30"},
		{"wellness", "--from", "2026-02-10", "--to", "2026-02-09"}, {"wellness", "extra"}} {
		if _, _, code := e.run(args...); code != exitUsage {
			t.Errorf("easyday %v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if out := strings.TrimSpace(e.mustRun(exitOK, "wellness", "--json")); out != "[]" {
		t.Errorf("wellness --json on an empty history = %q, want []", out)
	}
}
