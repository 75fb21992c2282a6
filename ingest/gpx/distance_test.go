package gpx

import (
	"math"
	"slices"
	"testing"
	"time"

	"easyday"
	"easyday/internal/fitgen"
)

// track is a one-trkseg GPX of the given type and points, from 2026-06-01.
func track(typ string, pts []fitgen.GPXPoint) []byte {
	return fitgen.BuildGPX(fitgen.GPX{Creator: "easyday test", Start: time.Date(2026, 6, 1, 7, 0, 0, 0, time.UTC),
		Tracks: []fitgen.GPXTrack{{Type: typ, Segments: [][]fitgen.GPXPoint{pts}}}})
}

// decodeOne decodes a GPX holding one recording.
func decodeOne(t *testing.T, data []byte) easyday.Recording {
	t.Helper()
	recs, err := Decode(data)
	if err != nil || len(recs) != 1 {
		t.Fatalf("Decode = %d recordings, %v; want 1", len(recs), err)
	}
	return recs[0]
}

// lastDistance is the cumulative distance of the recording's last sample
// that has one.
func lastDistance(t *testing.T, r easyday.Recording) float64 {
	t.Helper()
	for i := len(r.Samples) - 1; i >= 0; i-- {
		if d := r.Samples[i].Distance; d != easyday.Missing {
			return d
		}
	}
	t.Fatal("no sample has a distance")
	return 0
}

// without returns pts less the point at index i.
func without(pts []fitgen.GPXPoint, i int) []fitgen.GPXPoint {
	return slices.Delete(slices.Clone(pts), i, i+1)
}

// A single GPS fix at (0,0) in the middle of a run is a position fault
// (docs/metrics.md §1.1): the two steps to and from it add nothing, so the
// run measures what the same file without that fix measures, less the one
// step the fix stood in for; summed in document order it added twice the
// distance from London to the Gulf of Guinea.
func TestDistanceGlitch(t *testing.T) {
	pts := fitgen.North(51.5, -0.1, 0, 601, time.Second, 3)
	glitched := slices.Clone(pts)
	glitched[300].Lat, glitched[300].Lon = 0, 0
	got := decodeOne(t, track("running", glitched))
	clean := decodeOne(t, track("running", without(pts, 300)))
	// Without the fix, samples 299 and 300 of clean are the fix's
	// neighbours: the step between them is the one lost.
	lost := clean.Samples[300].Distance - clean.Samples[299].Distance
	want := lastDistance(t, clean) - lost
	if d := lastDistance(t, got); math.Abs(d-want) > 1e-6 || want < 1790 {
		t.Errorf("distance with a (0,0) fix = %.3f m, want %.3f (the clean run's %.3f less one step of %.3f)",
			d, want, lastDistance(t, clean), lost)
	}
	if d := got.Samples[300].Distance; d != got.Samples[299].Distance {
		t.Errorf("the fix's own distance = %.3f, want %.3f: the step to it adds nothing", d, got.Samples[299].Distance)
	}
}

// A step faster than the sport's ceiling adds nothing: 12.5 m/s for runs,
// 5 m/s for swims, 100 m/s for anything else or an unknown sport
// (docs/metrics.md §1.1, easyday.Sport.SpeedCeiling). The sport is the
// track's <type>.
func TestDistanceCeiling(t *testing.T) {
	// 60 points at 1 m/s due north, one step of jump metres in one second
	// after the 30th, then on at 1 m/s from there.
	withJump := func(jump float64) []fitgen.GPXPoint {
		pts := fitgen.North(51.5, -0.1, 0, 60, time.Second, 1)
		for i := 30; i < len(pts); i++ {
			pts[i].Lat += (jump - 1) / (6_371_008.8 * math.Pi / 180)
		}
		return pts
	}
	tests := []struct {
		typ   string
		jump  float64 // metres in one second
		kept  bool    // the jump adds its distance
		sport easyday.Sport
	}{
		{"swimming", 6, false, easyday.Swimming},
		{"swimming", 4.5, true, easyday.Swimming},
		{"cycling", 6, true, easyday.Cycling},
		{"cycling", 60, true, easyday.Cycling},
		{"running", 60, false, easyday.Running},
		{"running", 12, true, easyday.Running},
		{"trail_running", 13, false, easyday.Running},
		{"", 60, true, easyday.Generic},
		{"", 150, false, easyday.Generic},
		{"kitesurfing-on-mars", 150, false, easyday.Generic},
	}
	for _, tt := range tests {
		r := decodeOne(t, track(tt.typ, withJump(tt.jump)))
		if r.Sport != tt.sport {
			t.Errorf("type %q: sport %q, want %q", tt.typ, r.Sport, tt.sport)
		}
		step := r.Samples[30].Distance - r.Samples[29].Distance
		want := 0.0
		if tt.kept {
			want = tt.jump
		}
		if math.Abs(step-want) > 0.05 {
			t.Errorf("type %q, a step of %g m in 1 s: adds %.3f m, want %g", tt.typ, tt.jump, step, want)
		}
		// The steps before and after it count.
		if d, w := lastDistance(t, r), 58+want; math.Abs(d-w) > 0.05 {
			t.Errorf("type %q, a step of %g m in 1 s: distance %.3f m, want %.3f", tt.typ, tt.jump, d, w)
		}
	}
}

// The distance is taken over the samples as docs/metrics.md §1.3 keeps
// them: a point whose time goes backwards is dropped, so a point written out
// of order adds no detour (summed in document order it went back and forth),
// and the track measures what the same points in time order measure.
func TestDistanceOutOfOrder(t *testing.T) {
	pts := fitgen.North(51.5, -0.1, 0, 120, time.Second, 3)
	shuffled := slices.Clone(pts)
	shuffled[50], shuffled[51] = shuffled[51], shuffled[50]
	shuffled[90], shuffled[95] = shuffled[95], shuffled[90]
	got, sorted := decodeOne(t, track("running", shuffled)), decodeOne(t, track("running", pts))
	if d, want := lastDistance(t, got), lastDistance(t, sorted); math.Abs(d-want) > 1e-6 {
		t.Errorf("distance of points out of order = %.3f m, want %.3f as in time order", d, want)
	}
	last := -1.0
	for i, s := range got.Samples {
		if s.Distance == easyday.Missing {
			continue
		}
		if s.Distance < last {
			t.Fatalf("sample %d: distance %.3f after %.3f", i, s.Distance, last)
		}
		last = s.Distance
	}
}

// Two points at one timestamp are one sample (docs/metrics.md §1.3); the
// step between them has no time and adds nothing, wherever the second one
// lies, and the track goes on from the first.
func TestDistanceDuplicateTime(t *testing.T) {
	pts := fitgen.North(51.5, -0.1, 0, 120, time.Second, 3)
	dup := pts[60]
	dup.Lat += 0.01 // 1.1 km away, at the same instant
	withDup := slices.Insert(slices.Clone(pts), 61, dup)
	got, want := decodeOne(t, track("cycling", withDup)), decodeOne(t, track("cycling", pts))
	if d, w := lastDistance(t, got), lastDistance(t, want); math.Abs(d-w) > 1e-6 {
		t.Errorf("distance with a point repeated at its timestamp = %.3f m, want %.3f", d, w)
	}
	if d := got.Samples[61].Distance; d != easyday.Missing {
		t.Errorf("the repeated point's distance = %v, want none: the first point's stands", d)
	}
}

// A point whose time lies years from the rest is a clock fault (docs/
// metrics.md §1.3): it adds no distance, wherever it lies.
func TestDistanceClockFault(t *testing.T) {
	pts := fitgen.North(51.5, -0.1, 0, 120, time.Second, 3)
	fault := slices.Clone(pts)
	fault[60].Offset -= 20 * 365 * 24 * time.Hour
	fault[60].Lat += 1 // and 111 km away
	got, want := decodeOne(t, track("cycling", fault)), decodeOne(t, track("cycling", without(pts, 60)))
	if d, w := lastDistance(t, got), lastDistance(t, want); math.Abs(d-w) > 1e-6 {
		t.Errorf("distance with a point 20 years off = %.3f m, want %.3f", d, w)
	}
}

// A trkseg's timer runs from its first to its last kept point
// (docs/metrics.md §1.1, §1.3): a point 20 years off, or one whose time
// goes backwards, stretches no trkseg, so the pause between trksegs stays
// a pause and no timer runs for 20 years.
func TestSegmentTimerKeptPoints(t *testing.T) {
	start := time.Date(2026, 6, 1, 7, 0, 0, 0, time.UTC)
	seg1 := fitgen.North(51.5, -0.1, 0, 61, time.Second, 3)                                                     // 0–60 s
	seg2 := fitgen.North(51.6, -0.1, 120*time.Second, 61, time.Second, 3)                                       // 120–180 s
	seg3 := fitgen.North(51.7, -0.1, 240*time.Second, 61, time.Second, 3)                                       // 240–300 s
	seg2[30].Offset -= 20 * 365 * 24 * time.Hour                                                                // a clock fault
	seg3 = slices.Insert(seg3, 40, fitgen.GPXPoint{Offset: 200 * time.Second, Lat: 51.7, Lon: -0.1, Power: -1}) // backwards
	recs, err := Decode(fitgen.BuildGPX(fitgen.GPX{Creator: "easyday test", Start: start,
		Tracks: []fitgen.GPXTrack{{Type: "running", Segments: [][]fitgen.GPXPoint{seg1, seg2, seg3}}}}))
	if err != nil || len(recs) != 1 {
		t.Fatalf("Decode = %d recordings, %v", len(recs), err)
	}
	if got, want := recs[0].Events, run(start, 0, 60, 120, 180, 240, 300); !slices.Equal(got, want) {
		t.Errorf("events = %v, want %v", got, want)
	}
}
