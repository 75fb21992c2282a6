package easyday

import (
	"errors"
	"slices"
	"time"
)

// ClockFaultGap is how far apart two consecutive samples, in time order,
// may lie and still belong to one recording (docs/metrics.md §1.3): further
// apart, one side is a clock fault (a GPS week rollover, a corrupted
// timestamp). A multi-day event recorded continuously has no such gap.
const ClockFaultGap = 24 * time.Hour

// ClockSetFrom is the earliest time a set clock gives a kept sample: a
// recording whose kept samples all lie before it comes from a device whose
// clock was never set (docs/metrics.md §1.3).
var ClockSetFrom = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// ErrClockNotSet is wrapped by the error for a file whose samples lie
// before 2000 (ClockSetFrom) or carry only a device's relative time: its
// clock was never set, so no day can be told (docs/metrics.md §1.3). Such a
// file is rejected.
var ErrClockNotSet = errors.New("clock not set")

// ClockSpan is the time span of a recording's samples that docs/metrics.md
// §1.3 keeps: sorted by time and split wherever two consecutive samples lie
// more than ClockFaultGap apart, the group holding the most samples (on a
// tie, the earliest). Samples outside it are clock faults.
type ClockSpan struct {
	First, Last time.Time // the kept group's earliest and latest times; zero when there are no samples
	Faults      int       // samples outside the kept group
	kept        int       // samples inside it
}

// KeptClock returns the ClockSpan of samples, in any order. A recording in
// time order without a gap over ClockFaultGap (every real one) costs one
// pass; only one that has either is sorted, as a list of indexes.
func KeptClock(samples []Sample) ClockSpan {
	if len(samples) == 0 {
		return ClockSpan{}
	}
	ordered := true
	for i := 1; i < len(samples) && ordered; i++ {
		d := samples[i].Time.Sub(samples[i-1].Time)
		ordered = d >= 0 && d <= ClockFaultGap
	}
	if ordered {
		return ClockSpan{First: samples[0].Time, Last: samples[len(samples)-1].Time, kept: len(samples)}
	}
	idx := make([]int32, len(samples))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return samples[a].Time.Compare(samples[b].Time) })
	at := func(i int) time.Time { return samples[idx[i]].Time }
	bestLo, bestN := 0, 0
	for lo := 0; lo < len(idx); {
		hi := lo + 1
		for hi < len(idx) && !at(hi).After(at(hi-1).Add(ClockFaultGap)) {
			hi++
		}
		if hi-lo > bestN {
			bestLo, bestN = lo, hi-lo
		}
		lo = hi
	}
	return ClockSpan{First: at(bestLo), Last: at(bestLo + bestN - 1), Faults: len(samples) - bestN, kept: bestN}
}

// Holds reports whether t lies within the kept group's span: a sample at t
// is kept.
func (c ClockSpan) Holds(t time.Time) bool { return !t.Before(c.First) && !t.After(c.Last) }

// Near reports whether t lies within ClockFaultGap of the kept group's
// span: a start time or timer event further out is ignored
// (docs/metrics.md §1.3).
func (c ClockSpan) Near(t time.Time) bool {
	return !t.Before(c.First.Add(-ClockFaultGap)) && !t.After(c.Last.Add(ClockFaultGap))
}

// NotSet reports whether the kept samples all lie before 2000
// (ClockSetFrom): the device's clock was never set. A span of no samples
// is not a clock that was not set.
func (c ClockSpan) NotSet() bool { return c.kept > 0 && c.Last.Before(ClockSetFrom) }
