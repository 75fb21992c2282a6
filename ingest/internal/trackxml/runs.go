package trackxml

import (
	"time"

	"easyday"
)

// Runs are the runs of the timer of one recording, TCX laps or GPX
// trksegs, as the decoder reads them: each run's timer goes from its first
// to its last kept point (docs/metrics.md §1.1, §1.4), kept as §1.3 keeps
// samples (easyday.KeptOrder). A point that is a clock fault, or that went
// backwards, stretches no timer: one point 20 years off must not give its
// lap a timer of 20 years.
type Runs struct {
	starts []int  // the index of each run's first sample among the recording's samples
	tails  []Span // each run's points past the sample cap (SampleCap)
	tailOK []bool // the run has points past the cap
}

// Begin starts a run whose samples begin at index n.
func (r *Runs) Begin(n int) {
	r.starts = append(r.starts, n)
	r.tails = append(r.tails, Span{})
	r.tailOK = append(r.tailOK, false)
}

// Past records a point of the current run that the sample cap left out:
// it still widens its run (SampleCap).
func (r *Runs) Past(t time.Time) {
	k := len(r.starts) - 1
	if k < 0 {
		return
	}
	r.tails[k].Add(t, r.tailOK[k])
	r.tailOK[k] = true
}

// Starts returns the index of each run's first sample, in file order: run
// k holds the samples from Starts()[k] up to the next run's first.
func (r *Runs) Starts() []int { return r.starts }

// Spans returns each run's span over the kept samples, whose clock span is
// clk (easyday.KeptClock), leaving out runs with no kept point. The points
// past the cap widen their run's span where they lie within
// easyday.ClockFaultGap of the kept samples' span, as a timer event must
// (docs/metrics.md §1.3).
func (r *Runs) Spans(samples []easyday.Sample, clk easyday.ClockSpan) []Span {
	if len(r.starts) == 0 {
		return nil
	}
	spans := make([]Span, len(r.starts))
	has := make([]bool, len(r.starts))
	o := easyday.NewKeptOrder(samples, clk)
	k := 0
	for i, _, ok := o.Next(); ok; i, _, ok = o.Next() {
		for k+1 < len(r.starts) && r.starts[k+1] <= i {
			k++
		}
		spans[k].Add(samples[i].Time.Time(), has[k])
		has[k] = true
	}
	out := spans[:0]
	for k, sp := range spans {
		if r.tailOK[k] {
			for _, t := range []time.Time{r.tails[k].From, r.tails[k].To} {
				if clk.Near(t) {
					sp.Add(t, has[k])
					has[k] = true
				}
			}
		}
		if has[k] {
			out = append(out, sp)
		}
	}
	return out
}
