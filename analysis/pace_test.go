package analysis

import (
	"math"
	"reflect"
	"testing"
	"time"

	"easyday"
)

func TestMinettiCost(t *testing.T) {
	tests := []struct {
		g, want float64
	}{
		{0, 3.6},
		{0.06, 4.927054},  // docs/metrics.md §10 oracle
		{-0.06, 2.605518}, // docs/metrics.md §10 oracle
	}
	for _, tt := range tests {
		if got := MinettiCost(tt.g); !near(got, tt.want, 5e-7) {
			t.Errorf("MinettiCost(%v) = %.7f, want %.6f", tt.g, got, tt.want)
		}
	}
}

// stretch is a part of a synthetic run: Dur seconds at Speed m/s up Grade.
type stretch struct {
	Dur   int
	Speed float64
	Grade float64
}

// paceRun records stretches as a run from t0 with a sample every step
// seconds and one at the end, where the timer stops (docs/metrics.md §10's
// oracles: the final sample sits at the stop and owns nothing). Distance
// and altitude follow the stretches exactly; hr is the heart rate of every
// sample (0: no strap).
func paceRun(sport easyday.Sport, sub string, parts []stretch, step, hr int) easyday.Recording {
	var total int
	for _, p := range parts {
		total += p.Dur
	}
	// distance and altitude at second s.
	at := func(s int) (d, h float64) {
		h = 100
		for _, p := range parts {
			n := min(s, p.Dur)
			d += p.Speed * float64(n)
			h += p.Speed * float64(n) * p.Grade
			s -= n
		}
		return d, h
	}
	rec := easyday.Recording{Format: "fit", Sport: sport, SubSport: sub, HasEvents: true}
	rec.Events = []easyday.TimerEvent{{Time: at0(0), Running: true}, {Time: at0(total)}}
	for s := 0; ; s += step {
		s = min(s, total)
		d, h := at(s)
		rec.Samples = append(rec.Samples, easyday.Sample{Time: easyday.InstantOf(at0(s)), HR: hr, Power: easyday.Missing, Distance: d, Speed: easyday.Missing, Altitude: h})
		if s == total {
			break
		}
	}
	return rec
}

func at0(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

// paceProfile is testProfile with a threshold pace in seconds per km.
func paceProfile(pace float64) easyday.Profile {
	p := testProfile()
	p.Thresholds[0].RunThresholdPace = pace
	return p
}

var (
	// docs/metrics.md §10: 10 min flat at 3.0 m/s, 10 min at 2.5 m/s up 6%,
	// 10 min at 3.5 m/s down 6%.
	hilly = []stretch{{600, 3.0, 0}, {600, 2.5, 0.06}, {600, 3.5, -0.06}}
	// docs/metrics.md §10: 10 min flat at 3.0 m/s, then 10 × (60 s at 5.0 m/s,
	// 60 s at 2.5 m/s).
	intervals = func() []stretch {
		parts := []stretch{{600, 3.0, 0}}
		for range 10 {
			parts = append(parts, stretch{60, 5.0, 0}, stretch{60, 2.5, 0})
		}
		return parts
	}()
)

func TestPaceLoadOracles(t *testing.T) {
	tests := []struct {
		name      string
		rec       easyday.Recording
		threshold float64 // s/km
		ngs       float64 // m/s
		ngp       float64 // s/km
		intensity float64
		load      float64
	}{
		{name: "30 min flat at 5:00/km", rec: paceRun(easyday.Running, "", []stretch{{1800, 1000.0 / 300, 0}}, 1, 0),
			threshold: 240, ngs: 1000.0 / 300, ngp: 300, intensity: 0.8, load: 32.0},
		{name: "hilly 1 Hz", rec: paceRun(easyday.Running, "", hilly, 1, 0),
			threshold: 270, ngs: 3.0477, ngp: 328.12, intensity: 0.8229, load: 33.8566},
		// docs/metrics.md gives the load; NGS and NGP follow from it.
		{name: "hilly smart recording every 5 s", rec: paceRun(easyday.Running, "trail", hilly, 5, 0),
			threshold: 270, ngs: 3.0479, ngp: 328.09, intensity: 0.8229, load: 33.8612},
		{name: "intervals", rec: paceRun(easyday.Running, "", intervals, 1, 0),
			threshold: 240, ngs: 3.8576, ngp: 1000 / 3.8576, intensity: 0.9258, load: 42.8586},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs := MergeSegments(func() []easyday.Segment { s, _ := Timeline(tt.rec); return s }())
			ngs, secs, ok := NormalizedGradedSpeed(segs, false)
			if !ok || !near(ngs, tt.ngs, 5e-5) {
				t.Errorf("NormalizedGradedSpeed(%s) = %.5f, %v, want %.4f", tt.name, ngs, ok, tt.ngs)
			}
			load, intensity := PaceLoad(ngs, secs, tt.threshold)
			if !near(intensity, tt.intensity, 5e-5) || !near(load, tt.load, 5e-5) {
				t.Errorf("PaceLoad(%s) = %.5f, IF %.5f, want %.4f, IF %.4f", tt.name, load, intensity, tt.load, tt.intensity)
			}
			a := Analyze(tt.rec, paceProfile(tt.threshold))
			if a.LoadSource != easyday.LoadPace || !near(a.Load, tt.load, 5e-5) {
				t.Errorf("Analyze(%s) load %.5f (%s), want %.4f (pace)", tt.name, a.Load, a.LoadSource, tt.load)
			}
			if a.NGPSPerKm == nil || !near(*a.NGPSPerKm, tt.ngp, 5e-3) {
				t.Errorf("Analyze(%s) NGP = %v, want %.2f s/km", tt.name, fmtPtr(a.NGPSPerKm), tt.ngp)
			}
			if b := Recompute(a, paceProfile(tt.threshold)); b.Load != a.Load || *b.NGPSPerKm != *a.NGPSPerKm {
				t.Errorf("Recompute(Analyze(%s)) = %v, want %v", tt.name, b.Load, a.Load)
			}
		})
	}
}

// A 1 Hz file and a smart-recording file of the same hilly run agree within
// 0.5% (docs/metrics.md §1.5, §10).
func TestPaceLoadSmartRecordingAgrees(t *testing.T) {
	p := paceProfile(270)
	one := Analyze(paceRun(easyday.Running, "", hilly, 1, 0), p)
	for _, step := range []int{2, 3, 5, 7} {
		smart := Analyze(paceRun(easyday.Running, "", hilly, step, 0), p)
		if d := math.Abs(smart.Load-one.Load) / one.Load; d > 0.005 {
			t.Errorf("pace load every %d s = %.4f, 1 Hz %.4f: %.2f%% apart, want within 0.5%%", step, smart.Load, one.Load, 100*d)
		}
	}
}

func TestPaceGrade(t *testing.T) {
	p := paceProfile(270)
	flat := Analyze(paceRun(easyday.Running, "", []stretch{{1800, 3, 0}}, 1, 0), p)
	tests := []struct {
		name string
		rec  easyday.Recording
		want float64 // pace load
	}{
		// Treadmill: the altitude is ignored, the hill scores as flat.
		{name: "treadmill", rec: paceRun(easyday.Running, "treadmill", []stretch{{1800, 3, 0.06}}, 1, 0), want: flat.Load},
		{name: "fitness equipment treadmill", rec: func() easyday.Recording {
			r := paceRun("fitness_equipment", "treadmill", []stretch{{1800, 3, 0.06}}, 1, 0)
			return r
		}(), want: flat.Load},
		// No altitude at all: grade 0.
		{name: "no altitude", rec: func() easyday.Recording {
			r := paceRun(easyday.Running, "", []stretch{{1800, 3, 0.06}}, 1, 0)
			for i := range r.Samples {
				r.Samples[i].Altitude = easyday.Missing
			}
			return r
		}(), want: flat.Load},
		// A steady 6% climb scores Cr(0.06)/Cr(0) times the flat speed:
		// load grows by that ratio squared.
		{name: "steady climb", rec: paceRun(easyday.Running, "", []stretch{{1800, 3, 0.06}}, 1, 0),
			want: flat.Load * math.Pow(MinettiCost(0.06)/3.6, 2)},
		// A wall steeper than 45% is clamped to 45%.
		{name: "wall clamped", rec: paceRun(easyday.Running, "", []stretch{{1800, 3, 0.8}}, 1, 0),
			want: flat.Load * math.Pow(MinettiCost(0.45)/3.6, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(tt.rec, p)
			if a.LoadSource != easyday.LoadPace || !near(a.Load, tt.want, 1e-3*tt.want) {
				t.Errorf("Analyze(%s) = %.4f (%s), want %.4f (pace)", tt.name, a.Load, a.LoadSource, tt.want)
			}
		})
	}
}

// docs/metrics.md §5: power TSS → HRSS with heart rate covered → pace load with
// distance covered → HRSS from any heart rate → 0.
func TestLoadPriority(t *testing.T) {
	run := func(hr int) easyday.Recording { return paceRun(easyday.Running, "", []stretch{{1800, 3, 0}}, 1, hr) }
	// hrFor keeps heart rate on the first share of the samples only.
	hrFor := func(share float64) easyday.Recording {
		r := run(150)
		for i := range r.Samples {
			if float64(i) >= share*float64(len(r.Samples)-1) {
				r.Samples[i].HR = 0
			}
		}
		return r
	}
	noDistance := func(r easyday.Recording, share float64) easyday.Recording {
		for i := range r.Samples {
			if float64(i) >= share*float64(len(r.Samples)-1) {
				r.Samples[i].Distance = easyday.Missing
			}
		}
		return r
	}
	ride := paceRun(easyday.Cycling, "", []stretch{{1800, 8, 0}}, 1, 150)
	for i := range ride.Samples {
		ride.Samples[i].Power = 200
	}
	tests := []struct {
		name   string
		rec    easyday.Recording
		pace   float64
		source easyday.LoadSource
	}{
		{name: "ride with power", rec: ride, pace: 270, source: easyday.LoadPower},
		{name: "run, heart rate throughout", rec: run(150), pace: 270, source: easyday.LoadHR},
		{name: "run, heart rate on 80%", rec: hrFor(0.8), pace: 270, source: easyday.LoadHR},
		{name: "run, heart rate on 50%", rec: hrFor(0.5), pace: 270, source: easyday.LoadPace},
		{name: "run, heart rate on 50%, no threshold pace", rec: hrFor(0.5), pace: 0, source: easyday.LoadHR},
		{name: "run, heart rate on 50%, distance on 50%", rec: noDistance(hrFor(0.5), 0.5), pace: 270, source: easyday.LoadHR},
		{name: "run, no heart rate", rec: run(0), pace: 270, source: easyday.LoadPace},
		{name: "run, no heart rate, distance on 80%", rec: noDistance(run(0), 0.8), pace: 270, source: easyday.LoadPace},
		{name: "run, no heart rate, distance on 50%", rec: noDistance(run(0), 0.5), pace: 270, source: easyday.LoadNone},
		{name: "run, no heart rate, no threshold pace", rec: run(0), pace: 0, source: easyday.LoadNone},
		{name: "ride, no heart rate, no power", rec: paceRun(easyday.Cycling, "", []stretch{{1800, 8, 0}}, 1, 0), pace: 270, source: easyday.LoadNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(tt.rec, paceProfile(tt.pace))
			if a.LoadSource != tt.source {
				t.Errorf("Analyze(%s) load source = %s (load %.2f), want %s", tt.name, a.LoadSource, a.Load, tt.source)
			}
			if tt.source == easyday.LoadPace && (a.PaceLoad == nil || a.Load != *a.PaceLoad) {
				t.Errorf("Analyze(%s) load %v, want the pace load %v", tt.name, a.Load, fmtPtr(a.PaceLoad))
			}
			if (a.PaceLoad != nil) != (tt.pace > 0 && tt.rec.Sport == easyday.Running) {
				t.Errorf("Analyze(%s) pace load = %v with threshold pace %v", tt.name, fmtPtr(a.PaceLoad), tt.pace)
			}
		})
	}
}

// fmtPtr shows a nullable number.
func fmtPtr(v *float64) any {
	if v == nil {
		return "null"
	}
	return *v
}

// Segments keep what pace load needs: each sample's distance, altitude and
// time step to the next sample of its timer-running interval, and the
// sample that closes an interval even when it owns nothing.
func TestTimelineTrack(t *testing.T) {
	run := func(s, d, h float64) easyday.Sample {
		return easyday.Sample{Time: easyday.InstantOf(at(s)), HR: 150, Power: easyday.Missing, Distance: d, Speed: easyday.Missing, Altitude: h}
	}
	tr := func(dur, d, h, step float64) easyday.Segment {
		return easyday.Segment{Dur: dur, HR: 150, Power: easyday.Missing, Distance: d, Altitude: h, Step: step}
	}
	const none = easyday.Missing
	tests := []struct {
		name string
		rec  easyday.Recording
		want []easyday.Segment
	}{
		{
			// The sample at the stop closes the first interval; the one
			// after the pause starts the second; the last sample, with no
			// stop after it, closes that.
			name: "pause with a sample at the stop",
			rec: easyday.Recording{HasEvents: true, Events: []easyday.TimerEvent{ev(0, true), ev(2, false), ev(10, true)},
				Samples: []easyday.Sample{run(0, 0, 10), run(1, 3, 10.2), run(2, 6, 10.4), run(5, 6, 10.4), run(10, 6, 10.4), run(11, 9.004, none)}},
			want: []easyday.Segment{tr(1, 0, 10, 1), tr(1, 3, 10.2, 1), tr(0, 6, 10.4, 0), tr(1, 6, 10.4, 1), tr(0, 9, none, 0)},
		},
		{
			// A stop between two samples: the sample before it is the
			// interval's last (speed 0), owning the time up to the stop.
			name: "stop between samples",
			rec: easyday.Recording{HasEvents: true, Events: []easyday.TimerEvent{ev(0, true), ev(1.5, false)},
				Samples: []easyday.Sample{run(0, 0, 10), run(1, 3, 10), run(2, 6, 10)}},
			want: []easyday.Segment{tr(1, 0, 10, 1), tr(0.5, 3, 10, 0)},
		},
		{
			// A gap: the sample owns 30 s but its step is the whole gap.
			name: "gap over 30 s",
			rec:  easyday.Recording{Samples: []easyday.Sample{run(0, 0, 10), run(100, 300, 10), run(101, 303, 10)}},
			want: []easyday.Segment{tr(30, 0, 10, 100), tr(1, 300, 10, 1), tr(0, 303, 10, 0)},
		},
		{
			// No distance: altitude is dropped, and MergeSegments joins the
			// stretch into one segment as before pace load.
			name: "no distance",
			rec:  easyday.Recording{Samples: []easyday.Sample{run(0, none, 10), run(1, none, 11), run(2, none, 12)}},
			want: []easyday.Segment{tr(2, none, none, 0)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, _ := Timeline(tt.rec)
			if got := MergeSegments(raw); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("MergeSegments(Timeline(%s)) =\n%v\nwant\n%v", tt.name, got, tt.want)
			}
		})
	}
}
