package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"easyday"
)

// tol is the tolerance of docs/metrics.md's oracles, printed to 4 decimals.
const tol = 1e-4

func TestZone(t *testing.T) {
	// docs/metrics.md §2 checks (LTHR 170) and the bounds of both tables.
	tests := []struct {
		hr, lthr int
		cycling  bool
		want     int
	}{
		{144, 170, false, Z1},
		{145, 170, false, Z2},
		{153, 170, false, Z3},
		{162, 170, false, Z4},
		{170, 170, false, Z5a},
		{176, 170, false, Z5b},
		{181, 170, false, Z5c},
		{144, 170, true, Z2},
		{161, 170, true, Z4},
		// Exactly on a bound (LTHR 100 makes pct = HR).
		{84, 100, false, Z1}, {85, 100, false, Z2}, {89, 100, false, Z2}, {90, 100, false, Z3},
		{94, 100, false, Z3}, {95, 100, false, Z4}, {99, 100, false, Z4}, {100, 100, false, Z5a},
		{102, 100, false, Z5a}, {103, 100, false, Z5b}, {106, 100, false, Z5b}, {107, 100, false, Z5c},
		{80, 100, true, Z1}, {81, 100, true, Z2}, {89, 100, true, Z2}, {90, 100, true, Z3},
		{93, 100, true, Z3}, {94, 100, true, Z4}, {99, 100, true, Z4}, {100, 100, true, Z5a},
		{103, 100, true, Z5b}, {106, 100, true, Z5b}, {107, 100, true, Z5c},
		// 106 % of 150 is 159 exactly: still z5b; 159.5 would be z5c.
		{159, 150, false, Z5b}, {160, 150, false, Z5c},
		// No LTHR.
		{150, 0, false, Z1}, {150, -3, true, Z1},
	}
	for _, tt := range tests {
		if got := Zone(tt.hr, tt.lthr, tt.cycling); got != tt.want {
			t.Errorf("Zone(%d, %d, %v) = %d, want %d", tt.hr, tt.lthr, tt.cycling, got, tt.want)
		}
	}
}

func TestTopOfZ2(t *testing.T) {
	if got := TopOfZ2(170); got != 152 {
		t.Errorf("TopOfZ2(170) = %d, want 152", got)
	}
	if got := TopOfZ2(0); got != 0 {
		t.Errorf("TopOfZ2(0) = %d, want 0", got)
	}
	for lthr := 100; lthr <= 220; lthr++ {
		top := TopOfZ2(lthr)
		if Zone(top, lthr, false) != Z2 || Zone(top+1, lthr, false) != Z3 {
			t.Errorf("TopOfZ2(%d) = %d, in zone %d with %d in zone %d, want the last z2 heart rate",
				lthr, top, Zone(top, lthr, false), top+1, Zone(top+1, lthr, false))
		}
	}
}

func TestTRIMPAndHRSS(t *testing.T) {
	male := easyday.Athlete{Sex: "male", RestingHR: 50, MaxHR: 190}
	female := easyday.Athlete{Sex: "female", RestingHR: 50, MaxHR: 190}
	tests := []struct {
		name        string
		segs        []easyday.Segment
		athlete     easyday.Athlete
		trimp, hrss float64
	}{
		{"60 min at 170", []easyday.Segment{seg(3600, 170, none)}, male, 170.6511, 100},
		{"45 min at 150", []easyday.Segment{seg(2700, 150, none)}, male, 81.0715, 47.5072},
		{"female 45 min at 150", []easyday.Segment{seg(2700, 150, none)}, female, 91.1243, 49.2345},
		{"split segments", []easyday.Segment{seg(1000, 150, none), seg(1700, 150, 200)}, male, 81.0715, 47.5072},
		{"missing hr counts nothing", []easyday.Segment{seg(2700, 150, none), seg(600, 0, 200), seg(60, 255, none)}, male, 81.0715, 47.5072},
		{"below resting counts 0", []easyday.Segment{seg(2700, 150, none), seg(600, 40, none)}, male, 81.0715, 47.5072},
		{"no max hr", []easyday.Segment{seg(2700, 150, none)}, easyday.Athlete{RestingHR: 50}, 0, 0},
	}
	for _, tt := range tests {
		trimp := TRIMP(tt.segs, tt.athlete)
		if !near(trimp, tt.trimp, tol) {
			t.Errorf("TRIMP(%s) = %.4f, want %.4f", tt.name, trimp, tt.trimp)
		}
		if got := HRSS(trimp, 170, tt.athlete); !near(got, tt.hrss, tol) {
			t.Errorf("HRSS(%s) = %.4f, want %.4f", tt.name, got, tt.hrss)
		}
	}
	if got := HRSS(100, 50, male); got != 0 {
		t.Errorf("HRSS(100, LTHR at resting) = %v, want 0", got)
	}
}

// TestStreamOracle runs docs/metrics.md §3's stream through Analyze, at 1 Hz and
// as smart recording.
func TestStreamOracle(t *testing.T) {
	p := testProfile()
	recs := map[string]easyday.Recording{
		"1 Hz":  record(easyday.Running, streamOracle, nil),
		"smart": record(easyday.Running, streamOracle, rand.New(rand.NewPCG(3, 4))),
	}
	for name, rec := range recs {
		a := Analyze(rec, p)
		checks := []struct {
			what      string
			got, want float64
		}{
			{"timer_s", a.TimerS, 2880},
			{"hr_s", a.HRS, 2820},
			{"avg_hr", deref(a.AvgHR), 154.6383},
			{"max_hr", deref(a.MaxHR), 172},
			{"trimp", deref(a.TRIMP), 99.9131},
			{"hrss", deref(a.HRSS), 58.5482},
			{"load", a.Load, 58.5482},
			{"z1", a.Zones.Z1, 1080},
			{"z2", a.Zones.Z2, 0},
			{"z3", a.Zones.Z3, 0},
			{"z4", a.Zones.Z4, 1200},
			{"z5a", a.Zones.Z5a, 540},
			{"z5b+z5c", a.Zones.Z5b + a.Zones.Z5c, 0},
			{"missing", a.TimerS - a.Zones.Total(), 60},
		}
		for _, c := range checks {
			if !near(c.got, c.want, tol) {
				t.Errorf("Analyze(%s stream).%s = %.4f, want %.4f", name, c.what, c.got, c.want)
			}
		}
		if a.LoadSource != easyday.LoadHR || a.NPW != nil || a.PowerTSS != nil {
			t.Errorf("Analyze(%s stream) load source %q, NP %v, TSS %v, want hr, nil, nil", name, a.LoadSource, a.NPW, a.PowerTSS)
		}
	}
}

func TestNormalizedPower(t *testing.T) {
	tests := []struct {
		name    string
		segs    []easyday.Segment
		np      float64
		seconds int
		ok      bool
	}{
		{"oracle", []easyday.Segment{seg(1200, 0, 200), seg(1200, 0, 300), seg(1200, 0, 200)}, 247.8515, 3600, true},
		{"constant", []easyday.Segment{seg(600, 0, 250)}, 250, 600, true},
		{"exactly 30 s", []easyday.Segment{seg(30, 0, 100)}, 100, 30, true},
		{"29 s", []easyday.Segment{seg(29, 0, 100)}, 0, 29, false},
		{"no power", []easyday.Segment{seg(600, 150, none)}, 0, 0, false},
		{"empty", nil, 0, 0, false},
		// Missing power counts as 0 W: 30 s at 0 then 30 s at 120 gives a
		// rolling mean rising 4 W a second from 0 to 120 over 31 values.
		{"missing is 0 W", []easyday.Segment{seg(30, 0, none), seg(30, 0, 120)}, referenceNP(series(30, 0, 30, 120)), 60, true},
		// Second s goes to the segment owning instant s: [0,0.5) at 0 W owns
		// second 0, [0.5,30.5) at 100 W owns 1..30.
		{"fractional", []easyday.Segment{seg(0.5, 0, 0), seg(30, 0, 100)}, referenceNP(series(1, 0, 30, 100)), 31, true},
		{"oracle by reference", []easyday.Segment{seg(1200, 0, 200), seg(1200, 0, 300), seg(1200, 0, 200)}, referenceNP(series(1200, 200, 1200, 300, 1200, 200)), 3600, true},
		// 330 owned intervals of 0.1 s sum to 33.0000000000002 in floats:
		// still 33 s of series, not 34 (TSS counts the series seconds).
		{"float sum of tenths", tenths(330, 100), 100, 33, true},
	}
	for _, tt := range tests {
		np, secs, ok := NormalizedPower(tt.segs)
		if !near(np, tt.np, tol) || secs != tt.seconds || ok != tt.ok {
			t.Errorf("NormalizedPower(%s) = %.4f, %d, %v, want %.4f, %d, %v", tt.name, np, secs, ok, tt.np, tt.seconds, tt.ok)
		}
	}
}

// tenths returns n segments of 0.1 s at watts.
func tenths(n, watts int) []easyday.Segment {
	segs := make([]easyday.Segment, n)
	for i := range segs {
		segs[i] = seg(0.1, 0, watts)
	}
	return segs
}

// series expands (seconds, watts) pairs into a 1 Hz power series.
func series(pairs ...int) []float64 {
	var out []float64
	for i := 0; i+1 < len(pairs); i += 2 {
		for n := 0; n < pairs[i]; n++ {
			out = append(out, float64(pairs[i+1]))
		}
	}
	return out
}

// referenceNP computes NP the slow, obvious way from a 1 Hz series.
func referenceNP(p []float64) float64 {
	var sum4 float64
	n := 0
	for i := 29; i < len(p); i++ {
		var w float64
		for _, v := range p[i-29 : i+1] {
			w += v
		}
		w /= 30
		sum4 += w * w * w * w
		n++
	}
	return math.Pow(sum4/float64(n), 0.25)
}

func TestPowerTSS(t *testing.T) {
	np, secs, _ := NormalizedPower([]easyday.Segment{seg(1200, 0, 200), seg(1200, 0, 300), seg(1200, 0, 200)})
	tss, intensity := PowerTSS(np, secs, 250)
	if !near(tss, 98.2886, tol) || !near(intensity, 0.9914, tol) {
		t.Errorf("PowerTSS(%.4f, %d, 250) = %.4f, %.4f, want 98.2886, 0.9914", np, secs, tss, intensity)
	}
	if tss, intensity := PowerTSS(250, 3600, 250); !near(tss, 100, 1e-9) || !near(intensity, 1, 1e-9) {
		t.Errorf("PowerTSS(250, 3600, 250) = %v, %v, want 100, 1", tss, intensity)
	}
	if tss, intensity := PowerTSS(250, 3600, 0); tss != 0 || intensity != 0 {
		t.Errorf("PowerTSS(250, 3600, 0) = %v, %v, want 0, 0", tss, intensity)
	}
}

func TestAveragePower(t *testing.T) {
	tests := []struct {
		name string
		segs []easyday.Segment
		w    float64
		ok   bool
	}{
		{"NP oracle's ride", []easyday.Segment{seg(1200, 0, 200), seg(1200, 0, 300), seg(1200, 0, 200)}, 233.3333, true},
		// Coasting at 0 W is a reading and counts; a second without a
		// reading does not.
		{"coasting counts", []easyday.Segment{seg(600, 0, 300), seg(600, 0, 0)}, 150, true},
		{"missing does not", []easyday.Segment{seg(600, 0, 300), seg(600, 0, none)}, 300, true},
		{"a sample that owns nothing", []easyday.Segment{seg(600, 0, 200), seg(0, 0, 900)}, 200, true},
		{"no power", []easyday.Segment{seg(600, 150, none)}, 0, false},
		{"empty", nil, 0, false},
	}
	for _, tt := range tests {
		if w, ok := AveragePower(tt.segs); !near(w, tt.w, 1e-4) || ok != tt.ok {
			t.Errorf("AveragePower(%s) = %.4f, %v, want %.4f, %v", tt.name, w, ok, tt.w, tt.ok)
		}
	}
}
