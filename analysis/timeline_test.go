package analysis

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"easyday"
)

// smp is a sample at t0 + s seconds with heart rate and power, no distance.
func smp(s float64, hr, power int) easyday.Sample {
	return easyday.Sample{Time: easyday.InstantOf(at(s)), HR: hr, Power: power, Distance: easyday.Missing, Speed: easyday.Missing}
}

func ev(s float64, running bool) easyday.TimerEvent {
	return easyday.TimerEvent{Time: at(s), Running: running}
}

// seg is a segment without distance whose sample is followed by another
// of the same timer-running interval.
func seg(dur float64, hr, power int) easyday.Segment {
	return easyday.Segment{Dur: dur, HR: hr, Power: power, Distance: easyday.Missing, Altitude: easyday.Missing, Step: 1}
}

// ownedTime is the owned time of segments as heart rate and power read it:
// the segments that own time, without the pace fields.
func ownedTime(segs []easyday.Segment) []easyday.Segment {
	out := []easyday.Segment{}
	for _, s := range segs {
		if s.Dur > 0 {
			out = append(out, seg(s.Dur, s.HR, s.Power))
		}
	}
	return out
}

const none = easyday.Missing

func TestTimeline(t *testing.T) {
	tests := []struct {
		name    string
		rec     easyday.Recording
		want    []easyday.Segment
		dropped int
		timerS  float64
	}{
		{
			// §1.2: HR 0 and 255 are missing, and so is anything outside
			// 1..254; power 0xFFFF is missing, power 0 is coasting.
			name: "missing values",
			rec: easyday.Recording{Samples: []easyday.Sample{
				smp(0, 255, 0xFFFF), smp(1, 0, 0), smp(2, -5, -1), smp(3, 300, 120), smp(4, 254, 65535), smp(5, 1, 0),
			}},
			want:   []easyday.Segment{seg(1, 0, none), seg(1, 0, 0), seg(1, 0, none), seg(1, 0, 120), seg(1, 254, none)},
			timerS: 5,
		},
		{
			// §1.3: samples sharing a timestamp merge, a later non-missing
			// field filling a missing one; the first reading wins otherwise.
			name: "equal timestamps merged",
			rec: easyday.Recording{Samples: []easyday.Sample{
				smp(0, 0, 100), smp(0, 150, none), smp(0, 160, 200), smp(1, 140, none), smp(1, 0, 90), smp(2, 0, none),
			}},
			want:   []easyday.Segment{seg(1, 150, 100), seg(1, 140, 90)},
			timerS: 2,
		},
		{
			// §1.3: a sample earlier than the last kept one is dropped and counted.
			name: "backwards dropped",
			rec: easyday.Recording{Samples: []easyday.Sample{
				smp(0, 100, none), smp(1, 110, none), smp(3, 130, none), smp(2, 120, none), smp(1.5, 125, none), smp(4, 140, none),
			}},
			want:    []easyday.Segment{seg(1, 100, none), seg(2, 110, none), seg(1, 130, none)},
			dropped: 2,
			timerS:  4,
		},
		{
			// §1.4: no events: the timer runs first → last sample, and the
			// very last sample owns nothing.
			name:   "no events",
			rec:    easyday.Recording{Samples: []easyday.Sample{smp(0, 100, none), smp(1, 101, none), smp(2, 102, none)}},
			want:   []easyday.Segment{seg(1, 100, none), seg(1, 101, none)},
			timerS: 2,
		},
		{
			// HasEvents false: events present but not authoritative are ignored.
			name: "events ignored without HasEvents",
			rec: easyday.Recording{
				Samples: []easyday.Sample{smp(0, 100, none), smp(1, 101, none), smp(2, 102, none)},
				Events:  []easyday.TimerEvent{ev(0, true), ev(1, false)},
			},
			want:   []easyday.Segment{seg(1, 100, none), seg(1, 101, none)},
			timerS: 2,
		},
		{
			// §1.4: samples while stopped are ignored; a sample exactly at a
			// stop owns nothing, one exactly at a start owns its interval.
			name: "start stop events",
			rec: easyday.Recording{
				HasEvents: true,
				Events:    []easyday.TimerEvent{ev(0, true), ev(2, false), ev(5, true), ev(7, false)},
				Samples: []easyday.Sample{
					smp(0, 100, none), smp(1, 101, none), smp(2, 102, none), smp(3, 103, none),
					smp(4, 104, none), smp(5, 105, none), smp(6, 106, none), smp(7, 107, none),
				},
			},
			want:   []easyday.Segment{seg(1, 100, none), seg(1, 101, none), seg(1, 105, none), seg(1, 106, none)},
			timerS: 4,
		},
		{
			// Events out of order in the file are sorted.
			name: "events unsorted",
			rec: easyday.Recording{
				HasEvents: true,
				Events:    []easyday.TimerEvent{ev(5, true), ev(7, false), ev(0, true), ev(2, false)},
				Samples: []easyday.Sample{
					smp(0, 100, none), smp(1, 101, none), smp(2, 102, none), smp(3, 103, none),
					smp(4, 104, none), smp(5, 105, none), smp(6, 106, none), smp(7, 107, none),
				},
			},
			want:   []easyday.Segment{seg(1, 100, none), seg(1, 101, none), seg(1, 105, none), seg(1, 106, none)},
			timerS: 4,
		},
		{
			// A file whose first event is a stop was running before it.
			name: "first event is a stop",
			rec: easyday.Recording{
				HasEvents: true,
				Events:    []easyday.TimerEvent{ev(2, false)},
				Samples:   []easyday.Sample{smp(0, 100, none), smp(1, 101, none), smp(2, 102, none), smp(3, 103, none)},
			},
			want:   []easyday.Segment{seg(1, 100, none), seg(1, 101, none)},
			timerS: 2,
		},
		{
			// TCX laps: a stop and a start at the same instant (stop first)
			// leave the timer running; the sample there owns its interval.
			name: "tcx laps back to back",
			rec: easyday.Recording{
				Format:    "tcx",
				HasEvents: true,
				Events:    []easyday.TimerEvent{ev(0, true), ev(2, false), ev(2, true), ev(4, false)},
				Samples:   []easyday.Sample{smp(0, 100, none), smp(1, 101, none), smp(2, 102, none), smp(3, 103, none), smp(4, 104, none)},
			},
			want:   []easyday.Segment{seg(1, 100, none), seg(1, 101, none), seg(1, 102, none), seg(1, 103, none)},
			timerS: 4,
		},
		{
			// TCX laps with a pause between them: each lap's last trackpoint owns nothing.
			name: "tcx laps apart",
			rec: easyday.Recording{
				Format:    "tcx",
				HasEvents: true,
				Events:    []easyday.TimerEvent{ev(0, true), ev(2, false), ev(10, true), ev(12, false)},
				Samples:   []easyday.Sample{smp(0, 100, none), smp(1, 101, none), smp(2, 102, none), smp(10, 110, none), smp(11, 111, none), smp(12, 112, none)},
			},
			want:   []easyday.Segment{seg(1, 100, none), seg(1, 101, none), seg(1, 110, none), seg(1, 111, none)},
			timerS: 4,
		},
		{
			// §1.5: a gap over 30 s is cut to 30 s of owned time; the last
			// sample before a stop owns up to it, still capped at 30 s.
			name: "gap capped at 30 s",
			rec: easyday.Recording{
				HasEvents: true,
				Events:    []easyday.TimerEvent{ev(0, true), ev(200, false)},
				Samples:   []easyday.Sample{smp(0, 100, 10), smp(100, 101, 11), smp(129, 102, 12), smp(160, 103, 13)},
			},
			want:   []easyday.Segment{seg(30, 100, 10), seg(29, 101, 11), seg(30, 102, 12), seg(30, 103, 13)},
			timerS: 200,
		},
		{
			name: "last sample before stop owns to it",
			rec: easyday.Recording{
				HasEvents: true,
				Events:    []easyday.TimerEvent{ev(0, true), ev(12.5, false)},
				Samples:   []easyday.Sample{smp(0, 100, none), smp(10, 101, none)},
			},
			want:   []easyday.Segment{seg(10, 100, none), seg(2.5, 101, none)},
			timerS: 12.5,
		},
		{
			// A start after the first sample: that sample was recorded while
			// stopped; the time from the start to the next sample belongs to
			// no sample but the timer ran.
			name: "start after first sample",
			rec: easyday.Recording{
				HasEvents: true,
				Events:    []easyday.TimerEvent{ev(2, true), ev(6, false)},
				Samples:   []easyday.Sample{smp(0, 100, none), smp(4, 104, none), smp(5, 105, none)},
			},
			want:   []easyday.Segment{seg(1, 104, none), seg(1, 105, none)},
			timerS: 4,
		},
		{
			// A timer never stopped runs to the last sample.
			name: "timer left running",
			rec: easyday.Recording{
				HasEvents: true,
				Events:    []easyday.TimerEvent{ev(0, true), ev(2, false), ev(3, true)},
				Samples:   []easyday.Sample{smp(0, 100, none), smp(1, 101, none), smp(4, 104, none), smp(6, 106, none)},
			},
			want:   []easyday.Segment{seg(1, 100, none), seg(1, 101, none), seg(2, 104, none)},
			timerS: 5,
		},
		{
			// §1.4: a TCX timer runs from the first to the last trackpoint of
			// each lap. Laps of one trackpoint each give the decoder lap
			// bounds (HasEvents) but no timer interval: nothing is owned.
			name: "tcx laps of one trackpoint",
			rec: easyday.Recording{
				Format:    "tcx",
				HasEvents: true,
				Samples:   []easyday.Sample{smp(0, 100, 50), smp(10, 110, 60), smp(20, 120, 70)},
			},
			want:   []easyday.Segment{},
			timerS: 0,
		},
		{
			name: "no samples",
			rec:  easyday.Recording{HasEvents: true, Events: []easyday.TimerEvent{ev(0, true), ev(60, false)}},
			want: []easyday.Segment{}, timerS: 60,
		},
		{
			name: "one sample",
			rec:  easyday.Recording{Samples: []easyday.Sample{smp(0, 100, none)}},
			want: []easyday.Segment{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, dropped := Timeline(tt.rec)
			if segs := ownedTime(segs); !reflect.DeepEqual(segs, tt.want) || dropped != tt.dropped {
				t.Errorf("Timeline(%s) = %v, %d, want %v, %d", tt.name, segs, dropped, tt.want, tt.dropped)
			}
			if got := TimerSeconds(tt.rec); !near(got, tt.timerS, 1e-9) {
				t.Errorf("TimerSeconds(%s) = %v, want %v", tt.name, got, tt.timerS)
			}
		})
	}
}

func TestTimelineDoesNotModifyInput(t *testing.T) {
	rec := easyday.Recording{
		HasEvents: true,
		Events:    []easyday.TimerEvent{ev(5, true), ev(0, true), ev(9, false)},
		Samples:   []easyday.Sample{smp(0, 255, 0xFFFF), smp(0, 120, 5), smp(2, 130, 6)},
	}
	before := fmt.Sprint(rec)
	Timeline(rec)
	TimerSeconds(rec)
	Analyze(rec, testProfile())
	if after := fmt.Sprint(rec); after != before {
		t.Errorf("Timeline changed its input: %s, want %s", after, before)
	}
}

func TestMergeSegments(t *testing.T) {
	in := []easyday.Segment{seg(1, 100, 5), seg(2, 100, 5), seg(0, 120, 5), seg(1, 100, 5), seg(3, 100, 6), seg(1, 0, none), seg(1, 0, none)}
	want := []easyday.Segment{seg(4, 100, 5), seg(3, 100, 6), seg(2, 0, none)}
	if got := MergeSegments(in); !reflect.DeepEqual(got, want) {
		t.Errorf("MergeSegments(%v) = %v, want %v", in, got, want)
	}
}

// randomBlocks returns a random piecewise-constant effort: blocks of 1–300 s
// with missing or real heart rate and power, some pauses and some gaps.
func randomBlocks(rng *rand.Rand) []block {
	n := 1 + rng.IntN(40)
	var bs []block
	for i := 0; i < n; i++ {
		b := block{Dur: 1 + rng.IntN(300), HR: 60 + rng.IntN(140), Power: rng.IntN(500)}
		switch r := rng.IntN(20); {
		case r == 0 && i > 0 && !bs[i-1].Paused:
			b = block{Dur: 1 + rng.IntN(200), Paused: true}
		case r == 1 && i > 0 && !bs[i-1].Gap && !bs[i-1].Paused:
			b = block{Dur: 31 + rng.IntN(200), Gap: true}
		case r == 2:
			b.HR = 0
		case r == 3:
			b.Power = none
		}
		bs = append(bs, b)
	}
	// A gap last would leave its time to the final stop; keep the ends real.
	bs = append(bs, block{Dur: 1 + rng.IntN(60), HR: 120, Power: 150})
	return bs
}

// TestSmartRecordingProperty checks docs/metrics.md §1.5's promise: a 1 Hz file
// and a smart-recording file of the same piecewise-constant effort give the
// same zones, TRIMP and NP.
func TestSmartRecordingProperty(t *testing.T) {
	p := testProfile()
	for seed := uint64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		blocks := randomBlocks(rng)
		dense := Analyze(record(easyday.Cycling, blocks, nil), p)
		smart := Analyze(record(easyday.Cycling, blocks, rng), p)
		type result struct {
			zones          easyday.ZoneSeconds
			hrs, trimp, np float64
			npSeconds      int
		}
		get := func(a easyday.Activity) result {
			np, secs, _ := NormalizedPower(a.Segments)
			return result{a.Zones, a.HRS, deref(a.TRIMP), np, secs}
		}
		d, s := get(dense), get(smart)
		same := d.zones == s.zones && d.hrs == s.hrs && d.npSeconds == s.npSeconds &&
			near(d.trimp, s.trimp, 1e-9) && near(d.np, s.np, 1e-9)
		if !same {
			t.Errorf("seed %d: Analyze(smart) = %+v, want the 1 Hz result %+v", seed, s, d)
		}
		// Merging neighbours must not change NP (the stored stream is merged).
		raw, _ := Timeline(record(easyday.Cycling, blocks, rng))
		np1, s1, ok1 := NormalizedPower(raw)
		np2, s2, ok2 := NormalizedPower(MergeSegments(raw))
		if np1 != np2 || s1 != s2 || ok1 != ok2 {
			t.Errorf("seed %d: NormalizedPower(merged) = %v, %d, %v, want %v, %d, %v", seed, np2, s2, ok2, np1, s1, ok1)
		}
	}
}
