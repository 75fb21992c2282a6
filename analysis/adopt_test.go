package analysis

import (
	"math"
	"testing"

	"easyday"
)

// TestEffortWindows checks where the window behind each §12.3 oracle's
// estimate lies and what it held, as the report says it.
func TestEffortWindows(t *testing.T) {
	tests := []struct {
		name   string
		sport  easyday.Sport
		blocks []block
		p      easyday.Profile
		key    easyday.ThresholdKey
		want   Effort
	}{
		{"FTP test", easyday.Cycling, []block{watts(900, 150), watts(1200, 280), watts(1500, 200)}, testProfile(), easyday.KeyFTP,
			Effort{Rule: RuleCoggan20, StartS: 900, DurS: 1200, Mean: 280}},
		{"hour ride", easyday.Cycling, []block{watts(600, 150), watts(3600, 260), watts(600, 150)}, testProfile(), easyday.KeyFTP,
			Effort{Rule: RuleHourPower, StartS: 600, DurS: 3600, Mean: 260}},
		{"run test", easyday.Running, []block{hr(600, 130), hr(600, 165), hr(1200, 172), hr(600, 140)}, noFTP(), easyday.KeyRunLTHR,
			Effort{Rule: RuleFriel30, StartS: 1200, DurS: 1200, Mean: 172}},
		{"all-out finish", easyday.Running, []block{hr(600, 150), hr(120, 185), hr(60, 194), hr(600, 140)}, testProfile(), easyday.KeyMaxHR,
			Effort{Rule: RulePeak30s, StartS: 720, DurS: 30, Mean: 194}},
		{"tempo run", easyday.Running, []block{pace(600, 3.0), pace(1800, 3.8), pace(300, 3.0)}, testProfile(), easyday.KeyRunThresholdPace,
			Effort{Rule: RuleRiegel30, StartS: 600, DurS: 1800, Mean: 3.8}},
	}
	for _, tt := range tests {
		a := Analyze(record(tt.sport, tt.blocks, nil), tt.p)
		th, ok := tt.p.ThresholdsOn(a.LocalDate)
		est, eff := EstimateEfforts(a, th, ok)
		got := eff.Of(tt.key)
		a.Estimates = est
		if got == nil || got.Rule != tt.want.Rule || got.StartS != tt.want.StartS || got.DurS != tt.want.DurS ||
			math.Abs(got.Mean-tt.want.Mean) > 1e-3 || EstimateOf(tt.key, a) == nil {
			t.Errorf("%s: EstimateEfforts %s window = %+v, want %+v", tt.name, tt.key, got, tt.want)
		}
		if e := Estimate(a, th, ok); !sameEstimates(e, est) {
			t.Errorf("%s: Estimate = %+v, EstimateEfforts %+v", tt.name, e, est)
		}
	}
}

func sameEstimates(a, b easyday.Estimates) bool {
	same := func(x, y *float64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return same(a.LTHR, b.LTHR) && same(a.FTP, b.FTP) && same(a.ThresholdPace, b.ThresholdPace) && same(a.MaxHR, b.MaxHR)
}

// TestAdopt checks the sets that adopt suggestions: one per day, values
// rounded halves up (a pace to the second in the athlete's unit), every
// other key as in force that day counting the sets before it, and none
// beneath a set already configured.
func TestAdopt(t *testing.T) {
	p := testProfile() // miles
	p.Thresholds[0].RunThresholdPace = 300
	d := easyday.MakeDate(2026, 3, 20)
	runDay, rideDay := easyday.MakeDate(2026, 3, 3), easyday.MakeDate(2026, 3, 5)
	run := &easyday.Activity{ID: 1, LocalDate: runDay}
	ride := &easyday.Activity{ID: 2, LocalDate: rideDay}
	perMile := 440.5 * 1000 / easyday.MetresPerMile // 7:20.5 /mi: rounds up to 7:21
	sugs := []Suggestion{
		{Key: easyday.KeyRunLTHR, Value: 175.5, Activity: run},
		{Key: easyday.KeyRunThresholdPace, Value: perMile, Activity: run},
		{Key: easyday.KeyFTP, Value: 265.49, Activity: ride},
		{Key: easyday.KeyMaxHR, Value: 196, Activity: ride}, // [athlete]: not a set
	}
	got := Adopt(sugs, p, d)
	want := []easyday.Thresholds{
		{From: runDay, RunLTHR: 176, BikeLTHR: 170, FTP: 250, RunThresholdPace: 441 * 1000 / easyday.MetresPerMile},
		{From: rideDay, RunLTHR: 176, BikeLTHR: 170, FTP: 265, RunThresholdPace: 441 * 1000 / easyday.MetresPerMile},
	}
	if len(got) != len(want) {
		t.Fatalf("Adopt = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Set != want[i] || got[i].Blocked != 0 {
			t.Errorf("Adopt set %d = %+v (blocked %v), want %+v", i, got[i].Set, got[i].Blocked, want[i])
		}
	}
	if s := got[0].Set.TOML("mi"); s != "[[thresholds]]\nfrom = 2026-03-03\nrun_lthr = 176\nbike_lthr = 170\nftp = 250\nrun_threshold_pace = \"7:21/mi\"\n" {
		t.Errorf("TOML(mi) =\n%s", s)
	}
	// A set configured from 4 March is in force on d over the run's set:
	// it is not added; the ride's set, after it, is.
	p.Thresholds = append(p.Thresholds, easyday.Thresholds{From: easyday.MakeDate(2026, 3, 4), RunLTHR: 171, BikeLTHR: 170, FTP: 250})
	got = Adopt(sugs, p, d)
	if len(got) != 2 || got[0].Blocked != easyday.MakeDate(2026, 3, 4) || got[1].Blocked != 0 || got[1].Set.RunLTHR != 171 || got[1].Set.FTP != 265 {
		t.Errorf("Adopt under a later set = %+v, want the run's set blocked by 2026-03-04 and the ride's on top of it", got)
	}
}

// TestStatus checks each key's status as of a day: in force and since
// when, the best of 42 days, suggested or a starting value, demonstrated.
func TestStatus(t *testing.T) {
	p := testProfile()
	p.Thresholds[0].FTP = 0
	d := easyday.MakeDate(2026, 3, 20)
	est := func(day easyday.Date, sport easyday.Sport, lthr, ftp, maxHR float64) easyday.Activity {
		a := easyday.Activity{ID: int64(day), Sport: sport, LocalDate: day}
		a.Estimates = easyday.Estimates{LTHR: ptr(lthr), MaxHR: ptr(maxHR)}
		if ftp > 0 {
			a.Estimates.FTP = ptr(ftp)
		}
		return a
	}
	acts := []easyday.Activity{
		est(d.AddDays(-50), easyday.Running, 178, 0, 200), // 50 days back: demonstrates, but is no best of 42
		est(d.AddDays(-10), easyday.Running, 166, 0, 186),
		est(d.AddDays(-5), easyday.Cycling, 150, 240, 180),
	}
	rhr := map[easyday.Date]float64{}
	for i := 1; i <= 20; i++ {
		rhr[d.AddDays(-i)] = 44
	}
	got := Status(acts, p, d, rhr)
	from := p.Thresholds[0].From
	type row struct {
		inForce   float64
		since     bool
		best      float64
		suggested float64
		shown     string // "yes", "no", "" for none
	}
	want := []row{
		{170, true, 166, 0, "yes"}, // 178 of day −50 demonstrates 170
		{170, true, 150, 0, "no"},  // 150 < 0.97 · 170
		{0, true, 240, 240, ""},    // no FTP: a starting value
		{0, true, 0, 0, ""},        // no pace, no estimate
		{190, false, 186, 0, ""},   // 186 < 192
		{50, false, 0, 44, ""},     // 20 days of 44: 6 under
	}
	for i, w := range want {
		g := got[i]
		best := 0.0
		if g.Best != nil {
			best = g.Best.Value
		}
		sug := 0.0
		if g.Suggested != nil {
			sug = *g.Suggested
		}
		shown := ""
		if g.Demonstrated != nil {
			shown = map[bool]string{true: "yes", false: "no"}[*g.Demonstrated]
		}
		if g.Key != easyday.ThresholdKeys[i] || g.InForce != w.inForce || (g.Since != nil) != w.since || (g.Since != nil && *g.Since != from) ||
			best != w.best || sug != w.suggested || shown != w.shown {
			t.Errorf("Status %s = %+v (best %v, suggested %v, demonstrated %q), want %+v", easyday.ThresholdKeys[i], g, best, sug, shown, w)
		}
	}
}
