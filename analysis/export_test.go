package analysis

import "easyday"

// What the package's tests (and package analysis_test) read of its insides,
// kept out of its production API: Analyze is the way in there.

// Timeline is timeline on a whole recording, unmerged: the owned segments
// and the number of samples dropped for going backwards.
func Timeline(rec easyday.Recording) (segs []easyday.Segment, dropped int) {
	clk := easyday.KeptClock(rec.Samples)
	tm, _ := timerOf(rec, clk)
	segs, _, dropped = timeline(rec.Samples, clk, tm, false)
	return segs, dropped
}

// TimerSeconds is timerSeconds on a whole recording.
func TimerSeconds(rec easyday.Recording) float64 {
	clk := easyday.KeptClock(rec.Samples)
	tm, _ := timerOf(rec, clk)
	_, sp, _ := timeline(rec.Samples, clk, tm, false)
	return timerSeconds(sp, tm)
}

// MergeSegments merges segs as mergeInto does, one after the other.
func MergeSegments(segs []easyday.Segment) []easyday.Segment {
	out := make([]easyday.Segment, 0, len(segs))
	for _, s := range segs {
		out = mergeInto(out, s)
	}
	return out
}

// FlatSpeeds is flatSpeedsInto into a new slice.
func FlatSpeeds(segs []easyday.Segment, treadmill bool) []float64 {
	vf := make([]float64, len(segs))
	flatSpeedsInto(segs, vf, make([]float64, 0, len(segs)), treadmill)
	return vf
}
