package analysis

import (
	"math"
	"slices"
	"testing"

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
				{Time: at(0), HR: 150, Power: none, Distance: tt.dist, Speed: none, Altitude: tt.alt},
				{Time: at(1), HR: 150, Power: none, Distance: none, Speed: none, Altitude: none},
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
