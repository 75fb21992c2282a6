package fit

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"easyday"
	"easyday/internal/fitgen"
)

// TestDeviceRelativeTimes: docs/metrics.md §1.3, a FIT date_time below
// 0x10000000 is the device's relative time, never UTC: such records and
// timer events are dropped, the records counted in a clock_fault warning; a
// file left with none is rejected as "clock not set". Compressed
// timestamps before any full one count from 0 and are dropped the same
// way. The fast path and the library agree on each file.
func TestDeviceRelativeTimes(t *testing.T) {
	start := time.Date(2019, 6, 1, 7, 0, 0, 0, time.UTC)
	records := func(n, relative int) []fitgen.Record {
		var out []fitgen.Record
		for i := range relative {
			out = append(out, fitgen.Record{At: fitgen.RelativeTime(uint32(500 + i)), HR: 140, Distance: -1})
		}
		for i := range n {
			out = append(out, fitgen.Record{At: start.Add(time.Duration(i) * time.Second), HR: 150, Distance: 3 * float64(i)})
		}
		return out
	}
	build := func(spec fitgen.FaultySpec) []byte {
		b, err := fitgen.Faulty(spec)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name      string
		data      []byte
		samples   int
		relative  int // records the clock_fault warning names; 0: no warning
		events    int
		notSet    bool
		firstTime time.Time
	}{
		{name: "relative records before the real ones", data: build(fitgen.FaultySpec{Records: records(60, 7)}),
			samples: 60, relative: 7, firstTime: start},
		{name: "relative timer events", data: build(fitgen.FaultySpec{Records: records(60, 0), Events: []fitgen.Event{
			{At: fitgen.RelativeTime(10)}, {At: start}, {At: fitgen.RelativeTime(20), Stop: true}, {At: start.Add(time.Minute), Stop: true}}}),
			samples: 60, events: 2, firstTime: start},
		{name: "timer events in 1991", data: build(fitgen.FaultySpec{Records: records(60, 0), Events: []fitgen.Event{
			{At: time.Date(1991, 3, 1, 0, 0, 0, 0, time.UTC)}, {At: time.Date(1991, 3, 1, 1, 0, 0, 0, time.UTC), Stop: true}}}),
			samples: 60, firstTime: start},
		{name: "compressed timestamps before any full one", data: fitgen.CompressedFirst(12, start, make([]uint8, 60)),
			samples: 60, relative: 12, firstTime: start},
		{name: "every record relative", data: build(fitgen.FaultySpec{Records: records(0, 60)}), notSet: true},
		{name: "only compressed timestamps", data: fitgen.CompressedFirst(12, start, nil), notSet: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			decodeBoth(t, tt.name, tt.data)
			recs, err := Decode(tt.data)
			if tt.notSet {
				if !errors.Is(err, easyday.ErrClockNotSet) {
					t.Fatalf("Decode(%s) = %d recordings, %v; want an error wrapping %v", tt.name, len(recs), err, easyday.ErrClockNotSet)
				}
				return
			}
			if err != nil || len(recs) != 1 {
				t.Fatalf("Decode(%s) = %d recordings, %v; want 1", tt.name, len(recs), err)
			}
			r := recs[0]
			if len(r.Samples) != tt.samples || !r.Samples[0].Time.Time().Equal(tt.firstTime) || len(r.Events) != tt.events || r.HasEvents != (tt.events > 0) {
				t.Errorf("Decode(%s) = %d samples from %v, %d events (has events %v); want %d from %v, %d",
					tt.name, len(r.Samples), r.Samples[0].Time, len(r.Events), r.HasEvents, tt.samples, tt.firstTime, tt.events)
			}
			var fault []easyday.Warning
			for _, w := range r.Warnings {
				if w.Code == easyday.WarningClockFault {
					fault = append(fault, w)
				}
			}
			want := 0
			if tt.relative > 0 {
				want = 1
			}
			if len(fault) != want || want == 1 && fault[0].Text != "dropped "+strconv.Itoa(tt.relative)+" records whose time counts from the device's power-on, not a date" {
				t.Errorf("Decode(%s).Warnings = %q, want %d %s warning naming %d records", tt.name, r.Warnings, want, easyday.WarningClockFault, tt.relative)
			}
		})
	}
}

// fitInstant gives what fitTime gives, as an instant, and fitSecondsAt
// turns an instant back into FIT seconds, its fraction included: over the
// whole FIT range.
func TestFitInstantMatchesFitTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 10000 {
		s := rng.Uint32()
		switch i {
		case 0, 1, 2:
			s = []uint32{0, relativeTimeLimit, math.MaxUint32 - 1}[i]
		}
		if got, want := fitInstant(s), easyday.InstantOf(fitTime(s)); got != want {
			t.Fatalf("fitInstant(%d) = %d, want %d", s, got, want)
		}
		ms := rng.IntN(1000)
		at := fitInstant(s) + easyday.Instant(ms)*easyday.Instant(time.Millisecond)
		if got, want := fitSecondsAt(at), float64(s)+float64(ms*1e6)/1e9; got != want {
			t.Fatalf("fitSecondsAt(%d s + %d ms) = %v, want %v", s, ms, got, want)
		}
	}
}
