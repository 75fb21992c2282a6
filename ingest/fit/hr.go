package fit

import (
	"math"
	"sort"
)

// hrPoint is one heart rate of an hr-message stream at a FIT time in seconds.
type hrPoint struct {
	t   float64
	bpm uint32
}

// Carry-forward of the hr stream across gaps, as the Garmin FIT SDK's
// expandHeartRates does (fit-javascript-sdk utils-hr-mesg.js): the previous
// value is repeated every 250 ms for up to 5 s.
const (
	hrGapStep  = 0.25 // seconds
	hrGapSteps = 20   // 5 s / 250 ms
)

// eventTimeRange is the span of hr.event_timestamp, a uint32 in 1/1024 s:
// values wrap around after 2^32 / 1024 s (about 48.5 days).
const eventTimeRange = 1 << 32

// expandHR turns the hr messages of one sequence into a time series, as the
// Garmin FIT SDK's expandHeartRates does. A message with a timestamp is an
// anchor: its single event_timestamp marks that instant, and every later
// event_timestamp is placed relative to it. Messages before the first anchor
// cannot be placed and are skipped (the SDK rejects the whole stream).
func expandHR(msgs []hrMesg, out []hrPoint) []hrPoint {
	anchored := false
	var anchor float64  // FIT seconds
	var anchorEv uint32 // 1/1024 s
	for _, m := range msgs {
		if m.hasTime {
			if len(m.events) != 1 {
				anchored = false // the SDK requires one event_timestamp in an anchor
				continue
			}
			anchored, anchor, anchorEv = true, m.time, m.events[0]
		}
		if !anchored {
			continue
		}
		n := min(len(m.events), len(m.bpm))
		for i := range n {
			// uint32 subtraction handles the wrap-around; a value before the
			// anchor comes out huge and is dropped.
			delta := m.events[i] - anchorEv
			if delta >= eventTimeRange/2 {
				continue
			}
			p := hrPoint{t: anchor + float64(delta)/1024, bpm: m.bpm[i]}
			if len(out) > 0 {
				prev := out[len(out)-1]
				gap := math.Abs(p.t - prev.t)
				for step := 1; gap > hrGapStep && step <= hrGapSteps; step++ {
					out = append(out, hrPoint{t: prev.t + hrGapStep*float64(step), bpm: prev.bpm})
					gap -= hrGapStep
				}
			}
			out = append(out, p)
		}
	}
	return out
}

// mergeHR gives records without a heart rate the mean of the hr stream over
// the time since the previous record, as the Garmin FIT SDK's mergeHeartRates
// does: record i takes the rounded mean of the stream values in
// (t[i-1], t[i]]; the first record, and one sharing its time with the
// previous, use (t[i]-1, t[i]]. Records are visited in time order without
// reordering them; invalid stream values (0, 255) count for nothing. Unlike
// the SDK, a heart rate the record already has is kept.
func mergeHR(recs []record, pts []hrPoint) {
	if len(recs) == 0 || len(pts) == 0 {
		return
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].t < pts[j].t })
	order := make([]int32, len(recs))
	sorted := true
	for i := range order {
		order[i] = int32(i)
		if i > 0 && recs[i].t < recs[i-1].t {
			sorted = false
		}
	}
	if !sorted {
		sort.SliceStable(order, func(a, b int) bool { return recs[order[a]].t < recs[order[b]].t })
	}
	prev := int64(-1)
	j := 0 // first point after the window's start; windows only move forward
	for _, i := range order {
		r := &recs[i]
		end := float64(r.t)
		lo := float64(prev)
		if prev < 0 || int64(r.t) == prev {
			lo = end - 1
			// The window may reach back before the previous one's end.
			j = sort.Search(len(pts), func(k int) bool { return pts[k].t > lo })
		} else {
			for j < len(pts) && pts[j].t <= lo {
				j++
			}
		}
		sum, n := 0.0, 0
		for k := j; k < len(pts) && pts[k].t <= end; k++ {
			if b := pts[k].bpm; b > 0 && b < 255 {
				sum += float64(b)
				n++
			}
		}
		if n > 0 && r.hr == 0 {
			r.hr = uint8(math.Round(sum / float64(n)))
		}
		prev = int64(r.t)
	}
}
