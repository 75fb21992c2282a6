package analysis

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"easyday"
)

// tenHours is a 10-hour 1 Hz ride with varying heart rate and power, one
// pause and distance on every sample.
func tenHours() easyday.Recording {
	const n = 10 * 3600
	rec := easyday.Recording{Format: "fit", Sport: easyday.Cycling, Start: t0, HasEvents: true}
	rec.Samples = make([]easyday.Sample, 0, n)
	for s := 0; s < n; s++ {
		rec.Samples = append(rec.Samples, easyday.Sample{
			Time:     easyday.InstantOf(at(float64(s))),
			HR:       120 + int(30*math.Sin(float64(s)/300)),
			Power:    200 + int(80*math.Sin(float64(s)/47)),
			Distance: float64(s) * 8,
			Speed:    8,
		})
	}
	rec.Events = []easyday.TimerEvent{ev(0, true), ev(5*3600, false), ev(5*3600+600, true), ev(n, false)}
	return rec
}

func BenchmarkAnalyze10Hours(b *testing.B) {
	rec := tenHours()
	p := testProfile()
	cpu := ProcessCPU()
	for b.Loop() {
		Analyze(rec, p)
	}
	ReportCPU(b, cpu)
}

// ReportCPU reports the process's CPU time per operation since cpu, read
// before the benchmark's loop.
func ReportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(ProcessCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

// tenHourRun is a 10-hour 1 Hz run over hills: heart rate, distance and
// altitude on every sample, a pause, a threshold pace in force, so that
// NGP and pace load are computed besides the heart-rate metrics.
func tenHourRun() (easyday.Recording, easyday.Profile) {
	const n = 10 * 3600
	rec := easyday.Recording{Format: "fit", Sport: easyday.Running, Start: t0, HasEvents: true}
	rec.Samples = make([]easyday.Sample, 0, n)
	dist := 0.0
	for s := 0; s < n; s++ {
		dist += 3 + math.Sin(float64(s)/600)
		rec.Samples = append(rec.Samples, easyday.Sample{
			Time:     easyday.InstantOf(at(float64(s))),
			HR:       140 + int(25*math.Sin(float64(s)/300)),
			Power:    easyday.Missing,
			Distance: dist,
			Speed:    easyday.Missing,
			Altitude: 100 + 40*math.Sin(float64(s)/900),
		})
	}
	rec.Events = []easyday.TimerEvent{ev(0, true), ev(5*3600, false), ev(5*3600+600, true), ev(n, false)}
	p := testProfile()
	p.Thresholds[0].RunThresholdPace = 270
	return rec, p
}

func BenchmarkAnalyze10HourRun(b *testing.B) {
	rec, p := tenHourRun()
	cpu := ProcessCPU()
	for b.Loop() {
		Analyze(rec, p)
	}
	ReportCPU(b, cpu)
}

func BenchmarkDays10Years(b *testing.B) {
	from := easyday.MakeDate(2015, 1, 1)
	to := from.AddDays(3652)
	loads := map[easyday.Date]float64{}
	for d := from; d <= to; d++ {
		if d%7 != 0 {
			loads[d] = float64(30 + int(d)%120)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		Days(loads, from, to, 0, 0)
	}
}

// FuzzAnalyze feeds Analyze and Recompute recordings built from arbitrary
// bytes (times jumping both ways, equal times, any values, any events); they
// must never panic nor produce NaN.
func FuzzAnalyze(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte("\x05\x00\x96\x00\xc8\x00\x01\x00\x96\x00\xc8\x00\xff\xff\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec := easyday.Recording{Sport: easyday.Cycling, HasEvents: len(data)%2 == 0}
		now := t0
		for len(data) >= 6 {
			step := int16(binary.LittleEndian.Uint16(data))
			hr := int(int8(data[2])) * 3
			power := int(binary.LittleEndian.Uint16(data[3:]))
			if power > 60000 {
				power = easyday.Missing
			}
			if data[5]%5 == 0 {
				rec.Events = append(rec.Events, easyday.TimerEvent{Time: now, Running: data[5]%2 == 0})
			}
			now = now.Add(time.Duration(step) * time.Second / 4)
			rec.Samples = append(rec.Samples, easyday.Sample{Time: easyday.InstantOf(now), HR: hr, Power: power, Distance: float64(step), Speed: easyday.Missing})
			data = data[6:]
		}
		p := testProfile()
		a := Analyze(rec, p)
		for _, v := range []float64{a.ElapsedS, a.TimerS, a.DistanceM, a.HRS, a.Load, a.Zones.Total(), deref(a.TRIMP), deref(a.NPW)} {
			if math.IsInf(v, 0) {
				t.Fatalf("Analyze gave an infinite value: %+v", a)
			}
		}
		if math.IsNaN(a.Load) || a.HRS < 0 || a.TimerS < 0 {
			t.Fatalf("Analyze gave load %v, hr_s %v, timer %v", a.Load, a.HRS, a.TimerS)
		}
		var owned float64
		for _, s := range a.Segments {
			if s.Dur < 0 || (s.Dur == 0 && s.Distance == easyday.Missing) || math.IsNaN(s.Dur) {
				t.Fatalf("Analyze stored a segment of %v s", s.Dur)
			}
			owned += s.Dur
		}
		if a.HRS > owned+1e-6 {
			t.Fatalf("hr_s %v exceeds owned time %v", a.HRS, owned)
		}
		b := Recompute(a, p)
		if b.Load != a.Load || b.Zones != a.Zones {
			t.Fatalf("Recompute(Analyze(x)) = load %v, zones %+v, want %v, %+v", b.Load, b.Zones, a.Load, a.Zones)
		}
	})
}

// BenchmarkAnalyzeHourRun is an hour's 1 Hz hilly run with heart rate,
// distance and altitude and a threshold pace: everything pace load adds.
func BenchmarkAnalyzeHourRun(b *testing.B) {
	rec := paceRun(easyday.Running, "", append(append([]stretch{}, hilly...), hilly...), 1, 150)
	p := paceProfile(270)
	cpu := ProcessCPU()
	for b.Loop() {
		Analyze(rec, p)
	}
	ReportCPU(b, cpu)
}
