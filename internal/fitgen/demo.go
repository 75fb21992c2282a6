package fitgen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	_ "time/tzdata" // the demo's Europe/London offsets must not depend on the machine

	"easyday"
)

// The demo athlete (the thresholds the demo configuration uses): resting HR
// 50, max HR 190, run LTHR 170, bike LTHR 160, FTP 250 W, male, Europe/London.
const demoZone = "Europe/London"

// segment is a stretch of a workout at one effort.
type segment struct {
	min   float64 // duration, minutes
	hr    float64 // heart rate the effort settles at, bpm
	speed float64 // m/s
	power int     // watts; 0 for runs (no power meter)
}

// workout is one demo activity.
type workout struct {
	day   int // October 2026
	hour  int // local start hour
	ride  bool
	name  string // short description, for the comment of the plan only
	parts []segment
	pause bool // a stop at a crossing, mid-way
}

func seg(min, hr, speed float64) segment { return segment{min: min, hr: hr, speed: speed} }
func ride(min, hr, speed float64, w int) segment {
	return segment{min: min, hr: hr, speed: speed, power: w}
}

// repeat returns n repetitions of on then off.
func repeat(n int, on, off segment) []segment {
	var out []segment
	for range n {
		out = append(out, on, off)
	}
	return out
}

func join(parts ...[]segment) []segment {
	var out []segment
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// Run efforts, in bpm for run LTHR 170 (Friel run zones: z2 from 145, z3
// from 153, z4 from 162, z5a from 170) and speeds of a 45-min 10k runner.
var (
	warmup   = seg(10, 132, 2.8)
	cooldown = seg(8, 130, 2.7)
	easy     = func(min float64) segment { return seg(min, 140, 2.95) }
	steady   = func(min float64) segment { return seg(min, 148, 3.1) }
	tempo    = func(min float64) segment { return seg(min, 160, 3.45) }
	thresh   = func(min float64) segment { return seg(min, 167, 3.6) }
	hard     = func(min float64) segment { return seg(min, 176, 4.2) }
	jog      = func(min float64) segment { return seg(min, 138, 2.6) }
	recovery = func(min float64) segment { return seg(min, 133, 2.7) }
)

// Ride efforts for bike LTHR 160 and FTP 250 W.
var (
	spin      = func(min float64) segment { return ride(min, 115, 7.0, 150) }
	endurance = func(min float64) segment { return ride(min, 128, 8.3, 180) }
	sweetspot = func(min float64) segment { return ride(min, 148, 9.3, 225) }
	threshold = func(min float64) segment { return ride(min, 156, 9.8, 255) }
)

// demoPlan is four weeks of training ending on Wednesday 2026-10-28 with a
// hard interval session, after a heavy weekend: the report for 2026-10-29
// sees a hard yesterday and negative form. 2026-10-14 is a recovery run that
// is too long (45 min easy the day after intervals). British Summer Time ends
// on 2026-10-25, so the last runs are at UTC+0.
var demoPlan = []workout{
	{day: 1, hour: 7, name: "easy", parts: []segment{warmup, easy(26), cooldown}},
	{day: 3, hour: 9, ride: true, name: "endurance ride", parts: []segment{spin(10), endurance(70), spin(10)}},
	{day: 4, hour: 8, name: "long run", parts: []segment{warmup, steady(50), cooldown}, pause: true},
	{day: 6, hour: 18, name: "intervals 5x3", parts: join([]segment{seg(15, 132, 2.8)}, repeat(5, hard(3), jog(2)), []segment{cooldown})},
	{day: 7, hour: 7, name: "easy", parts: []segment{warmup, easy(22), seg(3, 128, 2.7)}},
	{day: 8, hour: 18, name: "tempo", parts: []segment{warmup, tempo(25), cooldown}, pause: true},
	{day: 10, hour: 9, ride: true, name: "sweet spot ride", parts: join([]segment{spin(15)}, repeat(3, sweetspot(12), spin(5)), []segment{endurance(30), spin(9)})},
	{day: 11, hour: 8, name: "long run", parts: []segment{warmup, steady(55), seg(5, 130, 2.7)}},
	{day: 13, hour: 18, name: "intervals 6x3", parts: join([]segment{seg(15, 132, 2.8)}, repeat(6, hard(3), jog(2)), []segment{seg(10, 130, 2.7)})},
	{day: 14, hour: 7, name: "recovery run, too long", parts: []segment{recovery(45)}},
	{day: 15, hour: 18, name: "steady", parts: []segment{warmup, steady(32), cooldown}, pause: true},
	{day: 17, hour: 9, ride: true, name: "endurance ride", parts: []segment{spin(10), endurance(55), spin(10)}},
	{day: 18, hour: 8, name: "long run, tempo finish", parts: []segment{warmup, steady(42), tempo(12), seg(6, 132, 2.7)}},
	{day: 19, hour: 7, name: "easy", parts: []segment{easy(30)}},
	{day: 20, hour: 18, name: "intervals 6x4", parts: join([]segment{seg(15, 132, 2.8)}, repeat(6, hard(4), jog(2)), []segment{seg(9, 130, 2.7)})},
	{day: 21, hour: 7, name: "easy", parts: []segment{warmup, easy(25), seg(5, 130, 2.7)}},
	{day: 22, hour: 18, name: "tempo", parts: []segment{warmup, tempo(30), cooldown, seg(2, 128, 2.6)}, pause: true},
	{day: 24, hour: 9, ride: true, name: "threshold ride", parts: join([]segment{spin(15)}, repeat(2, threshold(20), spin(8)), []segment{endurance(40), spin(9)})},
	{day: 25, hour: 8, name: "long run", parts: []segment{warmup, steady(52), cooldown}},
	{day: 26, hour: 7, name: "easy", parts: []segment{easy(30)}},
	{day: 27, hour: 18, name: "threshold run", parts: []segment{seg(15, 132, 2.8), thresh(15), jog(3), thresh(15), seg(7, 130, 2.7)}},
	{day: 28, hour: 18, name: "hard intervals 8x3", parts: join([]segment{seg(15, 134, 2.8)}, repeat(8, hard(3), jog(2)), []segment{seg(10, 132, 2.7)})},
}

// demoFixtures writes the demo athlete's four weeks.
func demoFixtures(files map[string][]byte) error {
	loc, err := time.LoadLocation(demoZone)
	if err != nil {
		return fmt.Errorf("fitgen: %w", err)
	}
	for i, w := range demoPlan {
		local := time.Date(2026, time.October, w.day, w.hour, 0, 0, 0, loc)
		rng := rand.New(rand.NewPCG(2026, uint64(i)))
		// Not on the hour to the second: people start a few minutes late.
		local = local.Add(time.Duration(rng.IntN(20*60)) * time.Second)
		b, err := Build(simulate(w, local, rng))
		if err != nil {
			return fmt.Errorf("fitgen: demo %s: %w", local.Format("2006-01-02"), err)
		}
		kind := "run"
		if w.ride {
			kind = "ride"
		}
		files[fileName(local, kind)] = b
	}
	return nil
}

// Heart-rate response of the simulated athlete.
const (
	hrRise  = 25.0  // s, time constant when the effort goes up
	hrFall  = 45.0  // s, time constant when it goes down
	hrDrift = 0.08  // bpm per minute: cardiac drift over a long effort
	hrStart = 92.0  // bpm at the start
	hrPause = 100.0 // bpm the heart settles towards while standing
)

// simulate turns a workout into a spec: smart recording (a record every
// 1–5 s), heart rate following the effort with a lag, small noise in heart
// rate, speed and power, and for rides the odd few seconds of coasting.
func simulate(w workout, start time.Time, rng *rand.Rand) Spec {
	total := 0.0
	for _, s := range w.parts {
		total += s.min * 60
	}
	var pauses []Pause
	pauseAt, pauseDur := math.Inf(1), 0.0
	if w.pause {
		pauseAt = math.Round(total * (0.3 + 0.4*rng.Float64()))
		pauseDur = float64(30 + rng.IntN(60))
		pauses = append(pauses, Pause{At: secs(pauseAt), Dur: secs(pauseDur)})
	}

	var pts []Point
	hr, dist := hrStart, 0.0
	t, moving := 0.0, 0.0 // elapsed and timer-running seconds
	segStart, si := 0.0, 0
	coast := 0
	for moving < total {
		for si < len(w.parts)-1 && moving >= segStart+w.parts[si].min*60 {
			segStart += w.parts[si].min * 60
			si++
		}
		s := w.parts[si]
		p := Point{Offset: secs(t), HR: int(math.Round(hr + rng.NormFloat64()*1.2)), Power: easyday.Missing,
			Distance: math.Round(dist*100) / 100}
		speed := s.speed * (1 + rng.NormFloat64()*0.03)
		if w.ride {
			watts := float64(s.power) * (1 + rng.NormFloat64()*0.08)
			if coast > 0 || rng.IntN(200) == 0 {
				if coast == 0 {
					coast = 2 + rng.IntN(6)
				}
				coast--
				watts = 0
			}
			p.Power = max(0, int(math.Round(watts)))
		}
		p.Speed = math.Round(speed*1000) / 1000
		pts = append(pts, p)

		step := float64(1 + rng.IntN(5))
		if moving < pauseAt && moving+step >= pauseAt {
			step = pauseAt - moving // record up to the stop, then stand still
			if step == 0 {
				step = 1
			}
		}
		target := s.hr + hrDrift*moving/60
		tau := hrRise
		if target < hr {
			tau = hrFall
		}
		hr += (target - hr) * (1 - math.Exp(-step/tau))
		dist += speed * step
		t += step
		moving += step
		if moving == pauseAt {
			hr += (hrPause - hr) * (1 - math.Exp(-pauseDur/hrFall))
			t += pauseDur
		}
	}
	sport, sub := "running", ""
	if w.ride {
		sport, sub = "cycling", "road"
	}
	_, offset := start.Zone()
	return Spec{
		Start:     start.UTC(),
		UTCOffset: time.Duration(offset) * time.Second,
		Sessions:  []Session{{Sport: sport, SubSport: sub, Points: pts, End: secs(t)}},
		Pauses:    pauses,
	}
}

func secs(s float64) time.Duration { return time.Duration(math.Round(s)) * time.Second }
