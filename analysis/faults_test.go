package analysis

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"easyday"
)

// The tests of docs/metrics.md's fault rules: values no activity can hold
// (§1.2), clock faults (§1.3), timer events (§1.4), absurd file totals
// (§1.6) and GPS faults of a run's speed (§10.1).

// codes returns the warnings of ws with the given code.
func codes(ws []easyday.Warning, code easyday.WarningCode) []easyday.Warning {
	var out []easyday.Warning
	for _, w := range ws {
		if w.Code == code {
			out = append(out, w)
		}
	}
	return out
}

// TestMissingBeyondBounds: docs/metrics.md §1.2, a cumulative distance
// above 10,000 km and an altitude outside −500…9,000 m are missing, the
// bounds themselves readings.
func TestMissingBeyondBounds(t *testing.T) {
	const none = easyday.Missing
	tests := []struct {
		name              string
		dist, alt         float64
		wantDist, wantAlt float64
	}{
		{"a distance of 10,000 km is a reading", 1e7, 100, 1e7, 100},
		{"a distance above 10,000 km is missing", 1e7 + 0.01, 100, none, none},
		{"a distance of 2e9 m is missing", 2e9, 100, none, none},
		{"an altitude of -500 m is a reading", 10, -500, 10, -500},
		{"an altitude of 9,000 m is a reading", 10, 9000, 10, 9000},
		{"an altitude below -500 m is missing", 10, -500.01, 10, none},
		{"an altitude above 9,000 m is missing", 10, 9000.01, 10, none},
		{"an altitude of 2e9 m is missing", 10, 2e9, 10, none},
		{"an infinite altitude is missing", 10, math.Inf(-1), 10, none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := easyday.Recording{Format: easyday.FormatFIT, Sport: easyday.Running, Samples: []easyday.Sample{
				{Time: easyday.InstantOf(at(0)), HR: 150, Power: none, Distance: tt.dist, Speed: none, Altitude: tt.alt},
				{Time: easyday.InstantOf(at(1)), HR: 150, Power: none, Distance: none, Speed: none, Altitude: none},
			}}
			segs, _ := Timeline(rec)
			if len(segs) == 0 || segs[0].Distance != tt.wantDist || segs[0].Altitude != tt.wantAlt {
				t.Fatalf("Timeline(distance %v, altitude %v) = %+v, want distance %v, altitude %v", tt.dist, tt.alt, segs, tt.wantDist, tt.wantAlt)
			}
			a := Analyze(rec, testProfile())
			if want := max(0, tt.wantDist); a.DistanceM != want {
				t.Errorf("Analyze(distance %v).DistanceM = %v, want %v", tt.dist, a.DistanceM, want)
			}
			checkRecording(t, tt.name, rec, testProfile())
		})
	}
}

// TestRunSpeedGPSFault: docs/metrics.md §10.1, a running speed above
// 12.5 m/s is a GPS fault: that sample runs at 0 and its owned seconds are
// a warning. One glitched sample in a strapless run (a jump of 5,000 km and
// back, a (0,0) fix) leaves the pace load of the run without it (§10's
// 30 min flat at 5:00/km, threshold 4:00/km: 32.0), at 1 Hz and recorded
// every 5 s, and a recomputed stream says the same.
func TestRunSpeedGPSFault(t *testing.T) {
	for _, step := range []int{1, 5} {
		flat := []stretch{{1800, 1000.0 / 300, 0}}
		clean := paceRun(easyday.Running, "", flat, step, 0)
		glitch := paceRun(easyday.Running, "", flat, step, 0)
		i := len(glitch.Samples) / 2
		glitch.Samples[i].Distance += 5e6
		p := paceProfile(240)
		got, want := Analyze(glitch, p), Analyze(clean, p)
		if got.PaceLoad == nil || want.PaceLoad == nil || !near(*got.PaceLoad, *want.PaceLoad, 0.01**want.PaceLoad) || got.LoadSource != easyday.LoadPace {
			t.Fatalf("step %d: Analyze(run with a glitch).PaceLoad = %v (%s), want near %v", step, deref(got.PaceLoad), got.LoadSource, deref(want.PaceLoad))
		}
		// The sample before the glitch jumps 5,000 km forward: it runs
		// at 0; the glitch itself goes back, a negative speed, 0 anyway.
		fault := codes(got.Warnings, easyday.WarningGPSFault)
		wantText := "speed above 12.5 m/s for " + map[int]string{1: "1", 5: "5"}[step] + " s (a GPS fault): those seconds count as standing still"
		if len(fault) != 1 || fault[0].Text != wantText {
			t.Errorf("step %d: Analyze(run with a glitch).Warnings = %q, want one %q", step, got.Warnings, wantText)
		}
		if len(codes(want.Warnings, easyday.WarningGPSFault)) != 0 {
			t.Errorf("step %d: Analyze(clean run).Warnings = %q, want no %s", step, want.Warnings, easyday.WarningGPSFault)
		}
		again := Recompute(got, p)
		if *again.PaceLoad != *got.PaceLoad || !slices.Equal(again.Warnings, got.Warnings) {
			t.Errorf("step %d: Recompute(run with a glitch) = %v, %q, want %v, %q", step, *again.PaceLoad, again.Warnings, *got.PaceLoad, got.Warnings)
		}
		checkRecording(t, "run with a glitch", glitch, p)
	}
	// 12.5 m/s itself is a speed; faster is not.
	segs := []easyday.Segment{
		{Dur: 1, HR: 0, Power: easyday.Missing, Distance: 0, Altitude: easyday.Missing, Step: 1},
		{Dur: 1, HR: 0, Power: easyday.Missing, Distance: 12.5, Altitude: easyday.Missing, Step: 1},
		{Dur: 0, HR: 0, Power: easyday.Missing, Distance: 25.51, Altitude: easyday.Missing, Step: 0},
	}
	if got := FlatSpeeds(segs, true); got[0] != 12.5 || got[1] != 0 {
		t.Errorf("FlatSpeeds(12.5 m/s, 13.01 m/s) = %v, want [12.5 0 0]", got)
	}
	if got := gpsFaultSeconds(segs); got != 1 {
		t.Errorf("gpsFaultSeconds(12.5 m/s, 13.01 m/s) = %v, want 1", got)
	}
}

// TestClockFaults: docs/metrics.md §1.3. The samples, sorted by time, split
// wherever two lie more than 24 h apart; the largest group is kept (on a
// tie, the earliest) and the others are dropped with a warning; a start
// time or timer event more than 24 h outside the kept span is ignored.
func TestClockFaults(t *testing.T) {
	const none = easyday.Missing
	year2100 := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	rollover := -1024 * 7 * 24 * time.Hour // a GPS week rollover: 19.6 years back
	// run is an hour at 1 Hz from t0 with a timer started at t0 and stopped
	// at its end, changed by edit.
	run := func(format easyday.Format, edit func(*easyday.Recording)) easyday.Recording {
		rec := easyday.Recording{Format: format, Sport: easyday.Running, HasEvents: true,
			Events: []easyday.TimerEvent{{Time: at(0), Running: true}, {Time: at(3600)}}}
		for s := range 3601 {
			rec.Samples = append(rec.Samples, easyday.Sample{Time: easyday.InstantOf(at(float64(s))), HR: 150, Power: none, Distance: 3 * float64(s), Speed: none, Altitude: none})
		}
		edit(&rec)
		return rec
	}
	tests := []struct {
		name                string
		rec                 easyday.Recording
		start               time.Time
		elapsed, timer      float64
		faults, samples     int // the clock_fault warning's counts, 0: none
		timerIgnoredWarning bool
	}{
		{name: "a clean hour keeps every sample", rec: run(easyday.FormatFIT, func(*easyday.Recording) {}),
			start: at(0), elapsed: 3600, timer: 3600},
		{name: "a GPS week rollover point inside the run is dropped",
			rec:   run(easyday.FormatTCX, func(r *easyday.Recording) { r.Samples[1800].Time = r.Samples[1800].Time.Add(rollover) }),
			start: at(0), elapsed: 3600, timer: 3600, faults: 1, samples: 3601},
		{name: "a GPS week rollover first point is dropped",
			rec:   run(easyday.FormatGPX, func(r *easyday.Recording) { r.Samples[0].Time = r.Samples[0].Time.Add(rollover) }),
			start: at(1), elapsed: 3599, timer: 3600, faults: 1, samples: 3601},
		{name: "a point in 2100 is dropped",
			rec:   run(easyday.FormatFIT, func(r *easyday.Recording) { r.Samples[100].Time = easyday.InstantOf(year2100) }),
			start: at(0), elapsed: 3600, timer: 3600, faults: 1, samples: 3601},
		{name: "a last point two years after the rest is dropped",
			rec: run(easyday.FormatTCX, func(r *easyday.Recording) {
				r.Samples[3600].Time = easyday.InstantOf(r.Samples[3600].Time.Time().AddDate(2, 0, 0))
			}),
			start: at(0), elapsed: 3599, timer: 3600, faults: 1, samples: 3601},
		{name: "the group holding the most samples is kept",
			rec: run(easyday.FormatFIT, func(r *easyday.Recording) {
				for i := range 1000 {
					r.Samples[i].Time = easyday.InstantOf(r.Samples[i].Time.Time().AddDate(-1, 0, 0))
				}
				r.Events = nil
				r.HasEvents = false
			}),
			start: at(1000), elapsed: 2600, timer: 2600, faults: 1000, samples: 3601},
		{name: "on a tie the earliest group is kept",
			rec: run(easyday.FormatFIT, func(r *easyday.Recording) {
				r.Samples = r.Samples[:3600]
				for i := 1800; i < 3600; i++ {
					r.Samples[i].Time = easyday.InstantOf(r.Samples[i].Time.Time().AddDate(0, 0, 3))
				}
				r.Events = nil
				r.HasEvents = false
			}),
			start: at(0), elapsed: 1799, timer: 1799, faults: 1800, samples: 3600},
		{name: "a multi-day event recorded continuously keeps every sample",
			rec: run(easyday.FormatFIT, func(r *easyday.Recording) {
				for i := range r.Samples {
					r.Samples[i].Time = easyday.InstantOf(t0.Add(time.Duration(i) * 100 * time.Second))
				}
				r.Samples[1000].Time = r.Samples[999].Time.Add(ClockGap) // exactly 24 h: no split
				for i := 1001; i < len(r.Samples); i++ {
					r.Samples[i].Time = r.Samples[i-1].Time.Add(100 * time.Second)
				}
				r.Events = nil
				r.HasEvents = false
			}),
			start: t0, elapsed: 3599*100 + 86400, timer: 3599*100 + 86400},
		{name: "a start time more than 24 h before the kept samples is ignored",
			rec: run(easyday.FormatFIT, func(r *easyday.Recording) {
				r.Start = at(0).Add(-ClockGap - time.Second)
			}),
			start: at(0), elapsed: 3600, timer: 3600},
		{name: "a start time within 24 h of the kept samples is kept",
			rec: run(easyday.FormatFIT, func(r *easyday.Recording) {
				r.Start = at(0).Add(-ClockGap)
			}),
			start: at(0).Add(-ClockGap), elapsed: 3600, timer: 3600},
		{name: "a start time in 2100 is ignored",
			rec:   run(easyday.FormatTCX, func(r *easyday.Recording) { r.Start = year2100 }),
			start: at(0), elapsed: 3600, timer: 3600},
		{name: "a timer stop in 2100 is ignored",
			rec: run(easyday.FormatFIT, func(r *easyday.Recording) {
				r.Events = append(r.Events, easyday.TimerEvent{Time: at(1800)}, easyday.TimerEvent{Time: year2100, Running: true})
			}),
			start: at(0), elapsed: 3600, timer: 1800},
		{name: "timer events in 1991 and 2100 leave no running time: the timer runs first to last",
			rec: run(easyday.FormatFIT, func(r *easyday.Recording) {
				r.Events = []easyday.TimerEvent{{Time: time.Date(1991, 5, 1, 0, 0, 0, 0, time.UTC), Running: true}, {Time: year2100}}
			}),
			start: at(0), elapsed: 3600, timer: 3600, timerIgnoredWarning: true},
		{name: "a stop before every sample leaves no running time: the timer runs first to last",
			rec: run(easyday.FormatFIT, func(r *easyday.Recording) {
				r.Events = []easyday.TimerEvent{{Time: at(-10)}}
			}),
			start: at(0), elapsed: 3600, timer: 3600, timerIgnoredWarning: true},
	}
	p := testProfile()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(tt.rec, p)
			owned := 0.0
			for _, s := range a.Segments {
				owned += s.Dur
			}
			if !a.StartUTC.Equal(tt.start) || a.ElapsedS != tt.elapsed || a.TimerS != tt.timer || owned != min(tt.timer, owned) {
				t.Errorf("Analyze(%s): start %v, elapsed %v s, timer %v s, want %v, %v s, %v s", tt.name, a.StartUTC, a.ElapsedS, a.TimerS, tt.start, tt.elapsed, tt.timer)
			}
			if want := a.HRS; owned != want || owned == 0 {
				t.Errorf("Analyze(%s): owned %v s, heart rate %v s, want equal and not 0", tt.name, owned, want)
			}
			fault := codes(a.Warnings, easyday.WarningClockFault)
			switch {
			case tt.faults == 0 && len(fault) != 0:
				t.Errorf("Analyze(%s).Warnings = %q, want no %s", tt.name, a.Warnings, easyday.WarningClockFault)
			case tt.faults > 0 && (len(fault) != 1 || fault[0].Text != fmt.Sprintf("%d of %d samples dropped: their times lie more than 24 h from the rest (a clock fault)", tt.faults, tt.samples)):
				t.Errorf("Analyze(%s).Warnings = %q, want one %s naming %d of %d samples", tt.name, a.Warnings, easyday.WarningClockFault, tt.faults, tt.samples)
			}
			if got := len(codes(a.Warnings, easyday.WarningTimerIgnored)) == 1; got != tt.timerIgnoredWarning {
				t.Errorf("Analyze(%s).Warnings = %q, want a %s warning: %v", tt.name, a.Warnings, easyday.WarningTimerIgnored, tt.timerIgnoredWarning)
			}
			checkRecording(t, tt.name, tt.rec, p)
		})
	}
}

// ClockGap is easyday.ClockFaultGap, short.
const ClockGap = easyday.ClockFaultGap

// TestTimerEventsOfTCXNotIgnored: docs/metrics.md §1.4's "no running time"
// rule is about FIT timer events: a TCX whose laps each hold one trackpoint
// still owns no time, as before.
func TestTimerEventsOfTCXNotIgnored(t *testing.T) {
	rec := easyday.Recording{Format: easyday.FormatTCX, Sport: easyday.Running, HasEvents: true, Samples: []easyday.Sample{
		{Time: easyday.InstantOf(at(0)), HR: 150, Power: easyday.Missing, Distance: easyday.Missing, Speed: easyday.Missing, Altitude: easyday.Missing},
		{Time: easyday.InstantOf(at(60)), HR: 150, Power: easyday.Missing, Distance: easyday.Missing, Speed: easyday.Missing, Altitude: easyday.Missing},
	}}
	a := Analyze(rec, testProfile())
	if a.TimerS != 0 || a.HRS != 0 || len(codes(a.Warnings, easyday.WarningTimerIgnored)) != 0 {
		t.Errorf("Analyze(TCX laps of one trackpoint) = timer %v s, heart rate %v s, warnings %q, want 0, 0, none", a.TimerS, a.HRS, a.Warnings)
	}
}

// TestAbsurdFileTotals: docs/metrics.md §1.6, a file's own total time or
// distance is ignored, and the value comes from the samples, when it is not
// finite, negative, a time over 7 days or a distance over 10,000 km, a time
// more than 60 s longer than the samples' span, or a distance more than 1.5
// times the samples' last distance when that is over 1 km.
func TestAbsurdFileTotals(t *testing.T) {
	// An hour at 1 Hz, 3 m/s: span 3600 s, last distance 10,800 m.
	hour := func(dist float64) easyday.Recording {
		rec := easyday.Recording{Format: easyday.FormatTCX, Sport: easyday.Running}
		for s := range 3601 {
			rec.Samples = append(rec.Samples, easyday.Sample{Time: easyday.InstantOf(at(float64(s))), HR: 150, Power: easyday.Missing,
				Distance: dist * float64(s) / 3600, Speed: easyday.Missing, Altitude: easyday.Missing})
		}
		return rec
	}
	tests := []struct {
		name                   string
		lastDist               float64 // the samples' last distance
		time, dist             float64 // the file's totals
		wantTime, wantDistance float64
	}{
		{"plausible totals stand", 10800, 3500, 10900, 3500, 10900},
		{"a time 60 s past the span stands", 10800, 3660, 10800, 3660, 10800},
		{"a time more than 60 s past the span is ignored", 10800, 3660.5, 10800, 3600, 10800},
		{"a time of 1e300 s is ignored", 10800, 1e300, 10800, 3600, 10800},
		{"a negative time is ignored", 10800, -5, 10800, 3600, 10800},
		{"a distance of 1e300 m is ignored", 10800, 3600, 1e300, 3600, 10800},
		{"a distance of 1.5 times the samples' stands", 10800, 3600, 16200, 3600, 16200},
		{"a distance over 1.5 times the samples' is ignored", 10800, 3600, 16200.5, 3600, 10800},
		{"over 1.5 times a last distance under 1 km stands", 900, 3600, 2000, 3600, 2000},
		{"a distance over 10,000 km is ignored", 900, 3600, 1e7 + 1, 3600, 900},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := hour(tt.lastDist)
			rec.ElapsedS, rec.TimerS, rec.DistanceM = fp(tt.time), fp(tt.time), fp(tt.dist)
			a := Analyze(rec, testProfile())
			if a.ElapsedS != tt.wantTime || a.TimerS != tt.wantTime || a.DistanceM != tt.wantDistance {
				t.Errorf("Analyze(totals %v s, %v m) = elapsed %v s, timer %v s, distance %v m; want %v s, %v m",
					tt.time, tt.dist, a.ElapsedS, a.TimerS, a.DistanceM, tt.wantTime, tt.wantDistance)
			}
			checkRecording(t, tt.name, rec, testProfile())
		})
	}
}
