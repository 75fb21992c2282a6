package analysis

import (
	"math"
	"math/rand/v2"
	"time"

	"easyday"
)

// t0 is the start of every synthetic recording: 2024-06-01 07:30 UTC.
var t0 = time.Date(2024, 6, 1, 7, 30, 0, 0, time.UTC)

// at returns t0 + s seconds.
func at(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

// block is a stretch of a synthetic effort: Dur seconds at HR and Power,
// with the timer paused, or with the watch recording nothing (a gap) while
// the timer runs.
type block struct {
	Dur    int
	HR     int
	Power  int
	Paused bool
	Gap    bool
	// Speed (m/s) and Grade (rise over run) of a run: when a block of the
	// recording has a speed, every sample carries the cumulative distance
	// and an altitude following the grade from 100 m, and a last sample sits
	// at the final timer stop.
	Speed float64
	Grade float64
}

// testProfile is the athlete of docs/metrics.md's oracles: male, resting 50,
// max 190, LTHR 170 for both sports, FTP 250, thresholds from 2020.
func testProfile() easyday.Profile {
	return easyday.Profile{
		Athlete: easyday.Athlete{Sex: "male", RestingHR: 50, MaxHR: 190, DistanceUnit: "mi"},
		Thresholds: []easyday.Thresholds{
			{From: easyday.MakeDate(2020, 1, 1), RunLTHR: 170, BikeLTHR: 170, FTP: 250},
		},
		Location: time.UTC,
	}
}

// record builds a recording of blocks from t0 with timer events: a start at
// 0, a stop and a start around each pause, and a stop at the end. At 1 Hz
// (rng nil) there is a sample every second of a running block, and samples
// with a nonsense heart rate during pauses, which must be ignored. With rng
// the recording is "smart": a sample at the start of each block, then steps
// of 1–7 s, plus one in the last second before a gap (a watch writes a
// record before it loses the signal).
func record(sport easyday.Sport, blocks []block, rng *rand.Rand) easyday.Recording {
	rec := easyday.Recording{Format: "fit", Sport: sport, HasEvents: true}
	rec.Events = append(rec.Events, easyday.TimerEvent{Time: at(0), Running: true})
	moving := false
	for _, b := range blocks {
		moving = moving || b.Speed > 0
	}
	dist, alt := 0.0, 100.0 // at the start of the block
	track := func(s easyday.Sample, b block, into int) easyday.Sample {
		if moving {
			s.Distance = dist + float64(into)*b.Speed
			s.Altitude = alt + float64(into)*b.Speed*b.Grade
		}
		return s
	}
	t := 0
	for i, b := range blocks {
		switch {
		case b.Paused:
			rec.Events = append(rec.Events, easyday.TimerEvent{Time: at(float64(t))})
			for s := t + 1; s < t+b.Dur; s += 5 {
				rec.Samples = append(rec.Samples, easyday.Sample{Time: easyday.InstantOf(at(float64(s))), HR: 199, Power: 999, Distance: easyday.Missing, Speed: easyday.Missing})
			}
			rec.Events = append(rec.Events, easyday.TimerEvent{Time: at(float64(t + b.Dur)), Running: true})
		case b.Gap:
		default:
			beforeGap := i+1 < len(blocks) && blocks[i+1].Gap
			add := func(s int) {
				rec.Samples = append(rec.Samples, track(easyday.Sample{Time: easyday.InstantOf(at(float64(s))), HR: b.HR, Power: b.Power, Distance: easyday.Missing, Speed: easyday.Missing}, b, s-t))
			}
			if rng == nil {
				for s := t; s < t+b.Dur; s++ {
					add(s)
				}
				break
			}
			last := t
			for s := t; s < t+b.Dur; s += 1 + rng.IntN(7) {
				add(s)
				last = s
			}
			if beforeGap && last != t+b.Dur-1 {
				add(t + b.Dur - 1)
			}
		}
		if !b.Paused && !b.Gap {
			dist += float64(b.Dur) * b.Speed
			alt += float64(b.Dur) * b.Speed * b.Grade
		}
		t += b.Dur
	}
	if moving && len(blocks) > 0 {
		last := blocks[len(blocks)-1]
		rec.Samples = append(rec.Samples, easyday.Sample{Time: easyday.InstantOf(at(float64(t))), HR: last.HR, Power: last.Power,
			Distance: dist, Altitude: alt, Speed: easyday.Missing})
	}
	rec.Events = append(rec.Events, easyday.TimerEvent{Time: at(float64(t))})
	return rec
}

// streamOracle is docs/metrics.md §3's stream: 600 s at 130, 1200 s at 165, 60 s
// of HR 0, 540 s at 172, timer stopped 120 s, 480 s at 140.
var streamOracle = []block{
	{Dur: 600, HR: 130, Power: easyday.Missing},
	{Dur: 1200, HR: 165, Power: easyday.Missing},
	{Dur: 60, HR: 0, Power: easyday.Missing},
	{Dur: 540, HR: 172, Power: easyday.Missing},
	{Dur: 120, Paused: true},
	{Dur: 480, HR: 140, Power: easyday.Missing},
}

// powerOracle is docs/metrics.md §4's ride: 20 min at 200 W, 20 min at 300 W,
// 20 min at 200 W.
var powerOracle = []block{
	{Dur: 1200, HR: 0, Power: 200},
	{Dur: 1200, HR: 0, Power: 300},
	{Dur: 1200, HR: 0, Power: 200},
}

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// deref returns *p, or NaN for nil so that a missing value fails a comparison.
func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }
