package easyday

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestKeptClock: docs/metrics.md §1.3, the samples sorted by time split
// wherever two lie more than 24 h apart, and the group holding the most
// samples is kept, the earliest on a tie.
func TestKeptClock(t *testing.T) {
	base := time.Date(2019, 6, 1, 8, 0, 0, 0, time.UTC)
	at := func(h float64) time.Time { return base.Add(time.Duration(h * float64(time.Hour))) }
	tests := []struct {
		name        string
		hours       []float64 // sample times, hours after base, in file order
		first, last float64
		faults      int
		notSet      bool
	}{
		{"one sample", []float64{0}, 0, 0, 0, false},
		{"in order", []float64{0, 1, 2}, 0, 2, 0, false},
		{"exactly 24 h apart is one group", []float64{0, 24, 48}, 0, 48, 0, false},
		{"more than 24 h apart splits", []float64{0, 1, 2, 26.01}, 0, 2, 1, false},
		{"a rollover point in the middle", []float64{0, 1, -1024 * 7 * 24, 2}, 0, 2, 1, false},
		{"a point in 2100 first", []float64{(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Sub(base)).Hours(), 0, 1}, 0, 1, 1, false},
		{"out of order within a group", []float64{2, 0, 1}, 0, 2, 0, false},
		{"the larger group wins", []float64{0, 1, 100, 101, 102}, 100, 102, 2, false},
		{"the earliest group wins a tie", []float64{100, 101, 0, 1}, 0, 1, 2, false},
		{"a clock never set", []float64{-20 * 365 * 24, -20*365*24 + 1}, -20 * 365 * 24, -20*365*24 + 1, 0, true},
	}
	for _, tt := range tests {
		samples := make([]Sample, len(tt.hours))
		for i, h := range tt.hours {
			samples[i] = Sample{Time: InstantOf(at(h))}
		}
		got := KeptClock(samples)
		if !got.First.Time().Equal(at(tt.first)) || !got.Last.Time().Equal(at(tt.last)) || got.Faults != tt.faults || got.NotSet() != tt.notSet {
			t.Errorf("KeptClock(%s) = %v…%v, %d faults, not set %v; want %v…%v, %d, %v", tt.name, got.First, got.Last, got.Faults, got.NotSet(),
				at(tt.first), at(tt.last), tt.faults, tt.notSet)
		}
	}
	if (KeptClock(nil) != ClockSpan{}) || KeptClock(nil).NotSet() {
		t.Errorf("KeptClock(nil) = %+v, want the zero span, set", KeptClock(nil))
	}
}

// TestStepWithinMatchesSub: the clock's step test agrees with time.Sub at
// the edges of [0, ClockFaultGap] and on random steps.
func TestStepWithinMatchesSub(t *testing.T) {
	base := time.Date(2026, 3, 1, 6, 0, 0, 500_000_000, time.UTC)
	steps := []time.Duration{0, 1, -1, time.Second, -time.Second, ClockFaultGap, ClockFaultGap + 1, ClockFaultGap - 1,
		ClockFaultGap + time.Second, -ClockFaultGap, 999_999_999, -999_999_999, 1<<62 + 12345, -1 << 62}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		steps = append(steps, time.Duration(rng.Int64N(int64(3*ClockFaultGap)))-ClockFaultGap/2)
	}
	for _, d := range steps {
		for _, prev := range []time.Time{base, base.Add(-time.Duration(rng.Int64N(1e9))), time.Unix(0, 0).UTC()} {
			next := prev.Add(d)
			sub := next.Sub(prev)
			if got, want := stepWithin(InstantOf(prev), InstantOf(next)), sub >= 0 && sub <= ClockFaultGap; got != want {
				t.Fatalf("stepWithin(%v, %v) = %v, Sub gives %v", prev, next, got, sub)
			}
		}
	}
	// Three centuries apart: more than an int64 of nanoseconds holds.
	far := InstantOf(time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC))
	if stepWithin(far, InstantOf(base)) || stepWithin(InstantOf(base), far) {
		t.Error("stepWithin accepts a step of three centuries")
	}
}
