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
	First, Last Instant // the kept group's earliest and latest times; zero when there are no samples
	Faults      int     // samples outside the kept group
	kept        int     // samples inside it
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
		ordered = stepWithin(samples[i-1].Time, samples[i].Time)
	}
	if ordered {
		return ClockSpan{First: samples[0].Time, Last: samples[len(samples)-1].Time, kept: len(samples)}
	}
	idx := make([]int32, len(samples))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return samples[a].Time.Compare(samples[b].Time) })
	at := func(i int) Instant { return samples[idx[i]].Time }
	bestLo, bestN := 0, 0
	for lo := 0; lo < len(idx); {
		hi := lo + 1
		for hi < len(idx) && stepWithin(at(hi-1), at(hi)) {
			hi++
		}
		if hi-lo > bestN {
			bestLo, bestN = lo, hi-lo
		}
		lo = hi
	}
	return ClockSpan{First: at(bestLo), Last: at(bestLo + bestN - 1), Faults: len(samples) - bestN, kept: bestN}
}

// stepWithin reports whether t−prev lies in [0, ClockFaultGap], without
// overflow for any two instants.
func stepWithin(prev, t Instant) bool {
	return t >= prev && uint64(t)-uint64(prev) <= uint64(ClockFaultGap)
}

// Holds reports whether t lies within the kept group's span: a sample at t
// is kept.
func (c ClockSpan) Holds(t Instant) bool { return t >= c.First && t <= c.Last }

// Near reports whether t lies within ClockFaultGap of the kept group's
// span: a start time or timer event further out is ignored
// (docs/metrics.md §1.3).
func (c ClockSpan) Near(t time.Time) bool {
	return !t.Before(c.First.Time().Add(-ClockFaultGap)) && !t.After(c.Last.Time().Add(ClockFaultGap))
}

// NotSet reports whether the kept samples all lie before 2000
// (ClockSetFrom): the device's clock was never set. A span of no samples
// is not a clock that was not set.
func (c ClockSpan) NotSet() bool { return c.kept > 0 && c.Last.Time().Before(ClockSetFrom) }

// KeptOrder walks a recording's samples in file order as docs/metrics.md
// §1.3 keeps them: a sample outside the kept clock span is a clock fault,
// passed over; a sample earlier than the last kept one went backwards and
// is dropped (counted in Dropped); a sample at the time of the last kept
// one joins it, to be merged into it. The kept samples are therefore in
// time order. File order is what defines "going backwards": sorting first
// would hide the clock jumps the warning exists to report. The analysis
// and the decoders that derive values from the kept samples (a GPX's
// distance, the timer of a TCX lap or a GPX trkseg) walk this one order.
type KeptOrder struct {
	samples []Sample
	clk     ClockSpan
	i       int     // the next sample of the file to read
	last    Instant // the time of the last kept sample
	started bool    // a sample was kept
	Dropped int     // samples dropped for going backwards so far
}

// NewKeptOrder walks samples, whose kept clock span is clk (KeptClock).
func NewKeptOrder(samples []Sample, clk ClockSpan) KeptOrder {
	return KeptOrder{samples: samples, clk: clk}
}

// Next returns the index of the next kept sample and whether it joins the
// kept sample before it (they share a timestamp); ok is false when no
// sample is left.
func (o *KeptOrder) Next() (i int, joins, ok bool) {
	for ; o.i < len(o.samples); o.i++ {
		t := o.samples[o.i].Time
		if !o.clk.Holds(t) {
			continue // a clock fault, counted by the span
		}
		if o.started {
			if t.Before(o.last) {
				o.Dropped++
				continue
			}
			joins = t == o.last
		}
		o.started, o.last = true, t
		i = o.i
		o.i++
		return i, joins, true
	}
	return 0, false, false
}
