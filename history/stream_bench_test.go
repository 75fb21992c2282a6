package history

import (
	"math"
	"math/rand/v2"
	"syscall"
	"testing"

	"easyday"
)

// hourRun returns a realistic hour of a 1 Hz run with every stream a
// watch records: heart rate drifting between 110 and 180 bpm, power around
// 200 W with noise and some missing seconds, distance at about 3 m/s to the
// centimetre (FIT's resolution) and altitude wandering in FIT's 0.2 m steps.
// The last sample closes the interval and owns nothing.
func hourRun(seed uint64) []easyday.Segment {
	r := rand.New(rand.NewPCG(seed, 2))
	segs := hourStream(seed)
	d, h := 0.0, 120.0
	for i := range segs {
		segs[i].Distance = math.Round(d*100) / 100
		segs[i].Altitude = math.Round(h*5) / 5
		segs[i].Step = 1
		d += 3 + r.Float64()*0.4 - 0.2
		h += float64(r.IntN(3)-1) * 0.2
	}
	segs = append(segs, easyday.Segment{HR: segs[len(segs)-1].HR, Power: easyday.Missing, Distance: math.Round(d*100) / 100, Altitude: math.Round(h*5) / 5})
	return segs
}

// cpuTime is the process's user and system CPU time in nanoseconds: on a
// machine shared with other work, wall time per operation says more about
// the neighbours than about the code.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkEncodeSegments measures storing one hour of 1 s data, and
// reports its size in bytes per hour.
func BenchmarkEncodeSegments(b *testing.B) {
	for _, bc := range []struct {
		name string
		segs []easyday.Segment
		enc  func([]easyday.Segment) ([]byte, error)
	}{
		{"v1/hr+power", hourStream(5), encodeSegmentsV1},
		{"v2/hr+power", hourStream(5), encodeSegments},
		{"v2/hr+power+distance+altitude", hourRun(5), encodeSegments},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var n int
			cpu := cpuTime()
			for b.Loop() {
				out, err := bc.enc(bc.segs)
				if err != nil {
					b.Fatal(err)
				}
				n = len(out)
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(n), "bytes/hour")
		})
	}
}

// BenchmarkDecodeSegments measures loading one stored hour of 1 s data.
func BenchmarkDecodeSegments(b *testing.B) {
	for _, bc := range []struct {
		name string
		segs []easyday.Segment
		enc  func([]easyday.Segment) ([]byte, error)
	}{
		{"v1/hr+power", hourStream(5), encodeSegmentsV1},
		{"v2/hr+power", hourStream(5), encodeSegments},
		{"v2/hr+power+distance+altitude", hourRun(5), encodeSegments},
	} {
		b.Run(bc.name, func(b *testing.B) {
			blob, err := bc.enc(bc.segs)
			if err != nil {
				b.Fatal(err)
			}
			cpu := cpuTime()
			for b.Loop() {
				if _, err := decodeSegments(blob); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}
