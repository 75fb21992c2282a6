package analysis

import (
	"math/rand/v2"
	"testing"

	"easyday"
)

// every keeps the samples of a 1 Hz recording at whole multiples of n
// seconds and the last one: the same effort recorded every n seconds.
func every(rec easyday.Recording, n int) easyday.Recording {
	out := rec
	out.Samples = nil
	for i, s := range rec.Samples {
		if int(s.Time.Sub(easyday.InstantOf(t0)).Seconds())%n == 0 || i == len(rec.Samples)-1 {
			out.Samples = append(out.Samples, s)
		}
	}
	return out
}

// noFTP is testProfile with no FTP in force.
func noFTP() easyday.Profile {
	p := testProfile()
	p.Thresholds[0].FTP = 0
	return p
}

// withPace is testProfile with a run threshold pace of 4:50/km in force.
func withPace() easyday.Profile {
	p := testProfile()
	p.Thresholds[0].RunThresholdPace = 290
	return p
}

// hr is a block of a run at a steady heart rate and no power.
func hr(dur, bpm int) block { return block{Dur: dur, HR: bpm, Power: easyday.Missing} }

// watts is a block of a ride at a steady power and no heart rate.
func watts(dur, w int) block { return block{Dur: dur, HR: 0, Power: w} }

// pace is a block of a run at a steady speed on the flat, HR 150.
func pace(dur int, v float64) block {
	return block{Dur: dur, HR: 150, Power: easyday.Missing, Speed: v}
}

// TestEstimateOracles checks every oracle of docs/metrics.md §12.3.
func TestEstimateOracles(t *testing.T) {
	type field func(easyday.Estimates) *float64
	ftp := func(e easyday.Estimates) *float64 { return e.FTP }
	lthr := func(e easyday.Estimates) *float64 { return e.LTHR }
	thrPace := func(e easyday.Estimates) *float64 { return e.ThresholdPace }
	maxHR := func(e easyday.Estimates) *float64 { return e.MaxHR }
	burst := []block{watts(900, 150), watts(600, 280), watts(5, 2500), watts(595, 280), watts(1500, 200)}
	wrist := []block{{Dur: 300, HR: 135, Power: easyday.Missing, Speed: 2.9}, {Dur: 1500, HR: 172, Power: easyday.Missing, Speed: 2.9},
		{Dur: 300, HR: 135, Power: easyday.Missing, Speed: 2.9}}
	tests := []struct {
		name     string
		sport    easyday.Sport
		subSport string
		blocks   []block
		p        easyday.Profile
		field    field
		want     float64 // NaN: none
		smart    int     // also recorded every smart seconds, when not 0
	}{
		{"ride ftp", easyday.Cycling, "", []block{watts(900, 150), watts(1200, 280), watts(1500, 200)}, testProfile(), ftp, 266.0, 5},
		{"ride burst capped at 3×FTP", easyday.Cycling, "", burst, testProfile(), ftp, 267.8604, 0},
		{"ride burst capped at 1,500 W", easyday.Cycling, "", burst, noFTP(), ftp, 270.8292, 0},
		{"e-bike gives no ftp", easyday.EBiking, "", burst, testProfile(), ftp, nan, 0},
		{"ride without power gives no ftp", easyday.Cycling, "", []block{hr(3600, 150)}, testProfile(), ftp, nan, 0},
		{"run test", easyday.Running, "", []block{hr(600, 130), hr(600, 165), hr(1200, 172), hr(600, 140)}, testProfile(), lthr, 172.0, 5},
		{"5 km race", easyday.Running, "", []block{hr(900, 140), hr(1200, 178), hr(600, 140)}, testProfile(), lthr, 171.0333, 5},
		{"hard block at the start", easyday.Running, "", []block{hr(1200, 172), hr(1200, 150)}, testProfile(), lthr, 161.0, 5},
		{"wrist locked on cadence", easyday.Running, "", wrist, testProfile(), lthr, 171.5375, 0},
		{"wrist locked on cadence, pace in force", easyday.Running, "", wrist, withPace(), lthr, nan, 0},
		{"treadmill: no pace guard", easyday.Running, "treadmill", wrist, withPace(), lthr, 171.5375, 0},
		{"treadmill gives no pace", easyday.Running, "treadmill", wrist, withPace(), thrPace, nan, 0},
		{"ride test bike lthr", easyday.Cycling, "", []block{hr(600, 130), hr(600, 165), hr(1200, 172), hr(600, 140)}, testProfile(), lthr, 172.0, 0},
		{"walk gives no lthr", easyday.Walking, "", []block{hr(600, 130), hr(600, 165), hr(1200, 172), hr(600, 140)}, testProfile(), lthr, nan, 0},
		{"test cut by a pause", easyday.Running, "", []block{hr(600, 130), hr(600, 165), hr(600, 172), {Dur: 60, Paused: true}, hr(600, 172), hr(600, 140)},
			testProfile(), lthr, nan, 0},
		{"test cut by a gap", easyday.Running, "", []block{hr(600, 130), hr(600, 165), hr(600, 172), {Dur: 60, Gap: true}, hr(600, 172), hr(600, 140)},
			testProfile(), lthr, nan, 0},
		{"run pace", easyday.Running, "", []block{pace(600, 3.0), pace(1800, 3.8), pace(300, 3.0)}, testProfile(), thrPace, 274.1228, 5},
		{"run pace, trail", easyday.Running, "trail", []block{pace(600, 3.0), pace(1800, 3.8), pace(300, 3.0)}, testProfile(), thrPace, 274.1228, 0},
		{"run pace cut by a pause", easyday.Running, "", []block{pace(600, 3.0), pace(900, 3.8), {Dur: 30, Paused: true}, pace(900, 3.8), pace(300, 3.0)},
			testProfile(), thrPace, nan, 0},
		{"run pace cut by a gap", easyday.Running, "", []block{pace(600, 3.0), pace(900, 3.8), {Dur: 60, Gap: true}, pace(900, 3.8), pace(300, 3.0)},
			testProfile(), thrPace, nan, 0},
		// The window's altitude runs from its first second to its last,
		// 1799 s of climbing at 6% over the 1800 s of distance.
		{"uphill pace is graded", easyday.Running, "", []block{{Dur: 1800, HR: 150, Power: easyday.Missing, Speed: 3, Grade: 0.06}}, testProfile(),
			thrPace, 1000 / (0.96 * 3 * MinettiCost(0.06*1799/1800) / 3.6), 0},
		{"all-out finish", easyday.Running, "", []block{hr(600, 150), hr(120, 185), hr(60, 194), hr(600, 140)}, testProfile(), maxHR, 194.0, 0},
		{"dry strap", easyday.Running, "", []block{hr(90, 205), hr(1800, 140)}, testProfile(), maxHR, 140.0, 0},
		{"spike", easyday.Running, "", []block{hr(600, 150), hr(8, 215), hr(600, 150)}, testProfile(), maxHR, 165.1667, 0},
		{"short run gives no max", easyday.Running, "", []block{hr(320, 180)}, testProfile(), maxHR, nan, 0},
	}
	for _, tt := range tests {
		rec := record(tt.sport, tt.blocks, nil)
		rec.SubSport = tt.subSport
		check := func(how string, rec easyday.Recording) {
			t.Helper()
			got := tt.field(Analyze(rec, tt.p).Estimates)
			if !sameOrNone(got, tt.want) {
				t.Errorf("%s (%s): estimate = %v, want %v", tt.name, how, deref(got), tt.want)
			}
		}
		check("1 Hz", rec)
		if tt.smart > 0 {
			check("smart", every(rec, tt.smart))
		}
	}
}

// TestEstimateOraclesSmartRecording checks that random smart recording of
// the heart-rate oracles changes the estimates by no more than a second's
// worth of the effort.
func TestEstimateOraclesSmartRecording(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 18))
	blocks := []block{hr(600, 130), hr(600, 165), hr(1200, 172), hr(600, 140)}
	for range 20 {
		got := Analyze(record(easyday.Running, blocks, rng), testProfile()).Estimates.LTHR
		if !sameOrNone(got, 172.0) {
			t.Fatalf("run test, smart recording: lthr = %v, want 172", deref(got))
		}
	}
}

// TestEstimatesRecomputed checks that Recompute on the stored segments
// gives the estimates Analyze gave, with the thresholds of the new profile.
func TestEstimatesRecomputed(t *testing.T) {
	a := Analyze(record(easyday.Running, []block{{Dur: 300, HR: 135, Power: easyday.Missing, Speed: 2.9},
		{Dur: 1500, HR: 172, Power: easyday.Missing, Speed: 2.9}, {Dur: 300, HR: 135, Power: easyday.Missing, Speed: 2.9}}, nil), testProfile())
	if !sameOrNone(a.Estimates.LTHR, 171.5375) {
		t.Fatalf("Analyze: lthr = %v, want 171.5375", deref(a.Estimates.LTHR))
	}
	r := Recompute(a, withPace())
	if r.Estimates.LTHR != nil {
		t.Errorf("Recompute with 4:50/km in force: lthr = %v, want none", *r.Estimates.LTHR)
	}
	if !sameOrNone(r.Estimates.ThresholdPace, 1000/(0.96*2.9)) {
		t.Errorf("Recompute: threshold pace = %v, want %v", deref(r.Estimates.ThresholdPace), 1000/(0.96*2.9))
	}
}

var nan = deref(nil)

// sameOrNone reports whether got is want within 1e-4, or both are none
// (want NaN).
func sameOrNone(got *float64, want float64) bool {
	if want != want {
		return got == nil
	}
	return got != nil && near(*got, want, 1e-4)
}
