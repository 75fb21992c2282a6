package analysis

import (
	"testing"

	"easyday"
)

// TestBeatsOracles checks the suggestion margins of docs/metrics.md §12.4
// on its oracles.
func TestBeatsOracles(t *testing.T) {
	tests := []struct {
		key  easyday.ThresholdKey
		e, v float64
		want bool
	}{
		{easyday.KeyFTP, 266.0, 250, true},                 // 266 ≥ 257.5
		{easyday.KeyFTP, 257.4, 250, false},                // under 3%
		{easyday.KeyRunLTHR, 172.0, 168, true},             // ≥ LTHR + 4
		{easyday.KeyRunLTHR, 171.9, 168, false},            // under 4 bpm
		{easyday.KeyBikeLTHR, 165, 161, true},              // the bike's own LTHR
		{easyday.KeyRunThresholdPace, 274.1228, 290, true}, // 3.648 ≥ 1.03 · 3.4483
		{easyday.KeyRunThresholdPace, 284, 290, false},     // 2% faster only
		{easyday.KeyMaxHR, 194, 192, true},
		{easyday.KeyMaxHR, 193.9, 192, false},
		{easyday.KeyFTP, 266, 0, false}, // no value: a starting value, not a suggestion
	}
	for _, tt := range tests {
		if got := Beats(tt.key, tt.e, tt.v); got != tt.want {
			t.Errorf("Beats(%s, %v, %v) = %v, want %v", tt.key, tt.e, tt.v, got, tt.want)
		}
	}
}

// on analyses the blocks as an activity of day d.
func on(d easyday.Date, sport easyday.Sport, blocks []block, p easyday.Profile) easyday.Activity {
	a := Analyze(record(sport, blocks, nil), p)
	a.LocalDate = d
	return a
}

// TestSuggestionsOnReportDays checks which report days show a run test's,
// an FTP test's and a max-HR session's suggestion (docs/metrics.md §12.5):
// the 7 days after each, until a newer set holds the value.
func TestSuggestionsOnReportDays(t *testing.T) {
	day := easyday.MakeDate(2026, 3, 10)
	p := testProfile()
	p.Thresholds[0].RunLTHR = 168
	p.Athlete.MaxHR = 190
	acts := []easyday.Activity{
		on(day, easyday.Running, []block{hr(600, 130), hr(600, 165), hr(1200, 172), hr(600, 140)}, p),
		on(day.AddDays(2), easyday.Cycling, []block{watts(900, 150), watts(1200, 280), watts(1500, 200)}, p),
		on(day.AddDays(3), easyday.Running, []block{hr(600, 150), hr(120, 185), hr(60, 194), hr(600, 140)}, p),
	}
	type got map[easyday.ThresholdKey]float64
	show := func(p easyday.Profile, d easyday.Date) got {
		g := got{}
		for _, s := range Suggestions(acts, p, d, nil) {
			g[s.Key] = s.Value
		}
		return g
	}
	check := func(name string, p easyday.Profile, d easyday.Date, want got) {
		t.Helper()
		g := show(p, d)
		if len(g) != len(want) {
			t.Errorf("%s, report of %s: suggestions %v, want %v", name, d, g, want)
			return
		}
		for k, v := range want {
			if !near(g[k], v, 1e-4) {
				t.Errorf("%s, report of %s: %s = %v, want %v", name, d, k, g[k], v)
			}
		}
	}
	check("the day of the test", p, day, got{})
	check("the day after the run test", p, day.AddDays(1), got{easyday.KeyRunLTHR: 172})
	check("after all three", p, day.AddDays(4), got{easyday.KeyRunLTHR: 172, easyday.KeyFTP: 266, easyday.KeyMaxHR: 194})
	check("the run test's 7th day", p, day.AddDays(7), got{easyday.KeyRunLTHR: 172, easyday.KeyFTP: 266, easyday.KeyMaxHR: 194})
	check("the run test's 8th day", p, day.AddDays(8), got{easyday.KeyFTP: 266, easyday.KeyMaxHR: 194})
	check("after 10 days", p, day.AddDays(11), got{})

	// A newer set that holds the values: the suggestions disappear.
	q := testProfile()
	q.Thresholds[0].RunLTHR = 168
	q.Thresholds = append(q.Thresholds, easyday.Thresholds{From: day.AddDays(5), RunLTHR: 172, BikeLTHR: 170, FTP: 266})
	q.Athlete.MaxHR = 194
	check("a newer set in force", q, day.AddDays(6), got{})
	check("before the newer set", q, day.AddDays(5).AddDays(-1), got{easyday.KeyRunLTHR: 172, easyday.KeyFTP: 266})

	// A hard block at the very start suggests nothing with LTHR 168.
	hard := []easyday.Activity{on(day, easyday.Running, []block{hr(1200, 172), hr(1200, 150)}, p)}
	if s := Suggestions(hard, p, day.AddDays(1), nil); len(s) != 0 {
		t.Errorf("a hard block at the start: suggestions %+v, want none (lthr 161)", s)
	}
}

// TestStartingValues checks that a key with no value gets the highest
// estimate of the last 42 days as a starting value (docs/metrics.md §12.4).
func TestStartingValues(t *testing.T) {
	day := easyday.MakeDate(2026, 3, 10)
	p := noFTP()
	acts := []easyday.Activity{
		on(day.AddDays(-41), easyday.Cycling, []block{watts(900, 150), watts(1200, 280), watts(1500, 200)}, p),
		on(day.AddDays(-43), easyday.Cycling, []block{watts(1200, 300)}, p),
		on(day.AddDays(-20), easyday.Running, []block{pace(600, 3.0), pace(1800, 3.8), pace(300, 3.0)}, p),
	}
	var keys []easyday.ThresholdKey
	for _, s := range Suggestions(acts, p, day, nil) {
		keys = append(keys, s.Key)
		switch s.Key {
		case easyday.KeyFTP:
			if !s.Starting || !near(s.Value, 266, 1e-4) || s.Activity.LocalDate != day.AddDays(-41) {
				t.Errorf("ftp starting value = %+v, want 266 from %s", s, day.AddDays(-41))
			}
		case easyday.KeyRunThresholdPace:
			if !s.Starting || !near(s.Value, 274.1228, 1e-4) {
				t.Errorf("pace starting value = %+v, want 274.1228", s)
			}
		}
	}
	if len(keys) != 2 {
		t.Errorf("suggestions for keys %v, want ftp and run_threshold_pace", keys)
	}
}

// TestRestingSuggestion checks the resting HR rule of docs/metrics.md
// §12.4: the median of 30 days with at least 14 values, 3 bpm either way.
func TestRestingSuggestion(t *testing.T) {
	d := easyday.MakeDate(2026, 3, 10)
	days := func(n int, v float64) map[easyday.Date]float64 {
		m := map[easyday.Date]float64{}
		for i := 1; i <= n; i++ {
			m[d.AddDays(-i)] = v + float64(i%3) - 1 // v−1, v, v+1: median v
		}
		return m
	}
	tests := []struct {
		name    string
		rhr     map[easyday.Date]float64
		resting int
		want    float64 // 0: none
	}{
		{"3 below", days(14, 47), 50, 47},
		{"3 above", days(20, 53), 50, 53},
		{"2 below", days(20, 48), 50, 0},
		{"13 days", days(13, 40), 50, 0},
		{"values before 30 days do not count", func() map[easyday.Date]float64 {
			m := days(13, 40)
			m[d.AddDays(-31)] = 40
			return m
		}(), 50, 0},
		{"today does not count", func() map[easyday.Date]float64 {
			m := days(13, 40)
			m[d] = 40
			return m
		}(), 50, 0},
	}
	for _, tt := range tests {
		s, ok := RestingSuggestion(tt.rhr, tt.resting, d)
		if ok != (tt.want != 0) || (ok && !near(s.Value, tt.want, 1e-9)) {
			t.Errorf("%s: RestingSuggestion = %v %v, want %v", tt.name, s.Value, ok, tt.want)
		}
	}
}

// TestNotDemonstrated checks the 56-day rule of docs/metrics.md §12.5.
func TestNotDemonstrated(t *testing.T) {
	d := easyday.MakeDate(2026, 3, 10)
	p := testProfile() // LTHR 170 both, FTP 250
	p.Thresholds[0].RunThresholdPace = 270
	est := func(day easyday.Date, sport easyday.Sport, e easyday.Estimates) easyday.Activity {
		return easyday.Activity{Sport: sport, LocalDate: day, Estimates: e}
	}
	acts := []easyday.Activity{
		est(d.AddDays(-56), easyday.Running, easyday.Estimates{LTHR: fp(164.9), ThresholdPace: fp(270 / 0.95)}), // 97% of 170 is 164.9
		est(d.AddDays(-57), easyday.Cycling, easyday.Estimates{LTHR: fp(170), FTP: fp(250)}),                    // too long ago
		est(d.AddDays(-3), easyday.Cycling, easyday.Estimates{FTP: fp(237.4)}),                                  // under 95% of 250
	}
	got := NotDemonstrated(acts, p, d)
	want := []easyday.ThresholdKey{easyday.KeyBikeLTHR, easyday.KeyFTP}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("NotDemonstrated = %v, want %v", got, want)
	}
}
