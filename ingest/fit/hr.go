package fit

import (
	"math"

	"easyday"
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

// mergeHR sets the heart rate of record samples from the hr stream exactly as the
// Garmin FIT SDK's mergeHeartRates does (fit-javascript-sdk
// utils-hr-mesg.js), record by record in file order with one forward-moving
// index into the stream:
//   - record i takes the rounded mean of the stream values in (start, t_i],
//     where start is the previous record's time, or t_i − 1 for the first
//     record and for one that shares its time with the previous (the index
//     then steps back one value);
//   - the mean replaces the record's heart rate, even one it already has;
//   - a record is set only once the stream has a value after t_i, and start
//     moves on only then: a record past the stream's end keeps its own;
//   - an invalid stream value (0xFF, null in the SDK) counts as 0 in the
//     mean, as JavaScript's null + number does.
//
// Neither records nor the stream are sorted first: the SDK does not sort.
func mergeHR(recs []easyday.Sample, pts []hrPoint) {
	if len(recs) == 0 || len(pts) == 0 {
		return
	}
	j := 0 // the SDK's heartrateIndex
	var start float64
	started := false
	for i := range recs {
		r := &recs[i]
		end := fitSecondsAt(r.Time)
		if !started {
			start, started = end, true
		}
		if start == end {
			start--
			j = max(j-1, 0)
		}
		sum, n := 0.0, 0
		for ; j < len(pts); j++ {
			p := pts[j]
			if p.t > start && p.t <= end {
				if p.bpm != math.MaxUint8 {
					sum += float64(p.bpm)
				}
				n++
			} else if p.t > end {
				if n > 0 {
					r.HR = int(math.Round(sum / float64(n)))
				}
				start = end
				break
			}
		}
	}
}
