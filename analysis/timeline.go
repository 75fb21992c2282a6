// Package analysis turns recordings into numbers: the timeline of owned
// time, heart-rate zones, TRIMP and HRSS, normalized power and TSS, the
// fitness/fatigue model and the daily report's facts and advice. Every
// function is pure: no I/O, no clock; days and times come in as arguments.
// docs/metrics.md is the contract for every number computed here.
package analysis

import (
	"math"
	"sort"
	"time"

	"easyday"
	"easyday/internal/freelist"
)

// maxGap caps the time one sample owns (docs/metrics.md §1.5 max_gap); the rest
// of a longer gap counts for no metric.
const maxGap = 30 * time.Second

// maxValidHR is the highest heart rate read as one (docs/metrics.md §1.2): above
// it a strap losing contact reads 230–254 bpm, a sensor fault.
const maxValidHR = 225

// validHR reports whether hr is a reading: 0 and 255 (0xFF) mark a missing
// value and anything above maxValidHR is a sensor fault (docs/metrics.md §1.2).
func validHR(hr int) bool { return hr > 0 && hr <= maxValidHR }

// faultHR reports whether hr is a sensor fault: a value a device wrote as a
// heart rate but above maxValidHR. The timeline keeps such values in its
// segments so that the seconds they cover can be counted (and so that a
// stored stream keeps what the file said); every metric reads them through
// validHR, as missing.
func faultHR(hr int) bool { return hr > maxValidHR && hr < 255 }

// keptHR reports whether the timeline keeps hr in a segment: a reading or a
// sensor fault, not a missing marker.
func keptHR(hr int) bool { return validHR(hr) || faultHR(hr) }

// validPower reports whether w is a reading: 0 is one (coasting), negative
// values are easyday.Missing and 0xFFFF is the FIT invalid value (§1.2).
func validPower(w int) bool { return w >= 0 && w < 0xFFFF }

// validDistance reports whether d is a usable cumulative distance: not
// negative, finite and at most 10,000 km (docs/metrics.md §1.2).
func validDistance(d float64) bool { return d >= 0 && d <= easyday.MaxDistanceM }

// validAltitude reports whether a is a usable altitude: finite and within
// −500…9,000 m (docs/metrics.md §1.2).
func validAltitude(a float64) bool { return a >= easyday.MinAltitudeM && a <= easyday.MaxAltitudeM }

// keptSpan is what Analyze needs of the kept samples besides their
// segments: how many, the first and last times, the last distance.
type keptSpan struct {
	n           int
	first, last easyday.Instant
	lastDist    float64 // the last kept distance, Missing when none
}

// timer is a recording's timer as docs/metrics.md §1.4 defines it.
type timer struct {
	// fromFile: the file defines the timer (FIT timer events, TCX lap
	// bounds). False: it runs from the first sample to the last.
	fromFile bool
	// events, sorted by time. With fromFile and no events the timer never
	// runs: a TCX file whose laps each hold one trackpoint time.
	events []easyday.TimerEvent
}

// timerOf returns the recording's timer, its events sorted by time, keeping
// the file's order among events at the same instant (a stop and a start at
// one instant leave the timer as the later one says). An event more than
// 24 h outside the kept samples' span clk is a clock fault, ignored
// (docs/metrics.md §1.3). A FIT file whose events leave the timer no
// running time at all is read as a file without timer events: ignored is
// then true (docs/metrics.md §1.4).
func timerOf(rec easyday.Recording, clk easyday.ClockSpan) (tm timer, ignored bool) {
	if !rec.HasEvents {
		return timer{}, false
	}
	ev := make([]easyday.TimerEvent, 0, len(rec.Events))
	for _, e := range rec.Events {
		if len(rec.Samples) == 0 || clk.Near(e.Time) {
			ev = append(ev, e)
		}
	}
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].Time.Before(ev[j].Time) })
	tm = timer{fromFile: true, events: ev}
	if rec.Format != easyday.FormatFIT || len(rec.Samples) == 0 {
		return tm, false
	}
	// The kept samples' span: the first sample in the span, in file order,
	// is the first kept; the span's last time is the last kept.
	sp := keptSpan{n: 1, last: clk.Last}
	for _, s := range rec.Samples {
		if clk.Holds(s.Time) {
			sp.first = s.Time
			break
		}
	}
	if timerSeconds(sp, tm) > 0 {
		return tm, false
	}
	return timer{}, true
}

// Centimetres rounds metres to the centimetre, the precision of a stored
// stream's distance and altitude.
func Centimetres(m float64) float64 { return math.Round(m*100) / 100 }

// timerSeconds returns the time the timer ran (docs/metrics.md §1.6 when the file
// has no total): with no events, last sample − first sample; with events,
// the sum of the start→stop intervals; 0 when the file defines a timer
// that never runs (TCX laps of one trackpoint each). A timer running before the first
// event counts from the first sample, and one still running after the last
// event counts to the last sample. This includes time between a start and
// the next sample and gap time beyond 30 s: it is the clock time the timer
// ran, not the owned time the metrics use.
// kept is the span of the kept samples, tm the file's timer.
func timerSeconds(kept keptSpan, tm timer) float64 {
	events := tm.events
	if len(events) == 0 {
		if tm.fromFile {
			return 0 // the timer never ran
		}
		if kept.n < 2 {
			return 0
		}
		return kept.last.Sub(kept.first).Seconds()
	}
	var total time.Duration
	running := !events[0].Running
	open := events[0].Time
	if running && kept.n > 0 && kept.first.Time().Before(open) {
		open = kept.first.Time()
	}
	for _, e := range events {
		switch {
		case e.Running && !running:
			open = e.Time
		case !e.Running && running:
			total += e.Time.Sub(open)
		}
		running = e.Running
	}
	if running && kept.n > 0 {
		if last := kept.last.Time(); last.After(open) {
			total += last.Sub(open)
		}
	}
	return total.Seconds()
}

// gapAfter reports whether gap time follows the segment's sample: its time
// step is longer than the time it owns. Merging keeps such a segment apart,
// so that the stored stream still shows where a gap cuts the series into
// pieces (docs/metrics.md §12.1).
func gapAfter(s easyday.Segment) bool { return s.Step > s.Dur+secondEps }

// mergeInto adds s to the merged segments out: it joins neighbouring
// segments with the same heart rate and power and no distance, which keeps
// stored streams of rides and indoor sessions small, and drops segments that
// own no time and carry no distance. It changes no metric: zones, TRIMP and
// averages are sums over durations, and normalized power assigns each second
// of joined time to the segment owning that second's start, so where a
// boundary between two equal segments falls does not matter. Segments with a
// distance are kept as they are, since pace load reads each sample's own
// speed and grade; a segment without distance runs at speed 0 and is no
// grade point, so joining two of them changes no pace either, as long as the
// interval bounds stay. A segment followed by gap time is not joined, nor is
// one joined to it: the best efforts never span a gap (docs/metrics.md
// §12.1).
//
// The timeline applies the same two rules, mergeDrops and mergeJoins, to
// each segment in place as it makes it (segmentMaker.add).
func mergeInto(out []easyday.Segment, s easyday.Segment) []easyday.Segment {
	noDist := s.Distance == easyday.Missing
	if noDist {
		s.Altitude = easyday.Missing
	}
	n := len(out)
	if mergeDrops(s.Dur, noDist) {
		if n > 0 && s.Step == 0 {
			out[n-1].Step = 0 // the dropped sample closed the interval
		}
		return out
	}
	if n > 0 && noDist && mergeJoins(&out[n-1], s.Dur, s.Step, s.HR, s.Power) {
		out[n-1].Dur += s.Dur
		out[n-1].Step = s.Step
		return out
	}
	return append(out, s)
}

// mergeDrops reports whether merging drops a segment of duration dur: it
// owns no time and carries no distance (or its duration is no number).
func mergeDrops(dur float64, noDist bool) bool { return !(dur > 0) && (noDist || !(dur == 0)) }

// mergeJoins reports whether a segment without distance, of duration dur,
// time step step, heart rate hr and power power, joins last, the segment
// before it: last has no distance either, the same heart rate and power,
// its interval goes on, and no gap follows either of them.
func mergeJoins(last *easyday.Segment, dur, step float64, hr, power int) bool {
	return last.Distance == easyday.Missing && last.Step > 0 && last.HR == hr && last.Power == power &&
		!gapAfter(*last) && !(step > dur+secondEps)
}

// keptSample is a kept sample of the timeline: its time, the index of the
// file sample that starts it, and the fields the segments use, each a
// reading or Missing (HR 0), merged with the samples at its time.
type keptSample struct {
	at        int64
	idx       int
	hr, power int
	dist, alt float64
}

// keptSamples walks samples in file order as docs/metrics.md §1.3 keeps them
// (easyday.KeptOrder): samples that share a timestamp are merged (a later
// reading fills a missing value or a fault), and clock faults and samples
// that went backwards are passed over. The kept samples are therefore
// sorted by time. It reads the recording in place, one sample at a time,
// so that Analyze holds the file's samples and the segments, never a
// cleaned copy between them.
type keptSamples struct {
	samples []easyday.Sample
	lo, hi  int64 // the kept span (§1.3): samples outside are passed over
	i       int   // the next sample of the file to read
	at      int64 // the time of samples[i], when peeked
	peeked  bool  // at holds samples[i]'s time
	dropped int   // samples dropped for going backwards
}

// nextInto reads the next kept sample into cur; false when none is left.
func (k *keptSamples) nextInto(cur *keptSample) bool {
	var at int64
	var s *easyday.Sample
	for {
		if k.i >= len(k.samples) {
			return false
		}
		s = &k.samples[k.i]
		if k.peeked {
			at, k.peeked = k.at, false
			break
		}
		if at = int64(s.Time); at >= k.lo && at <= k.hi {
			break
		}
		k.i++ // a clock fault
	}
	cur.at, cur.idx = at, k.i
	cur.hr, cur.power, cur.dist, cur.alt = 0, easyday.Missing, easyday.Missing, easyday.Missing
	if keptHR(s.HR) {
		cur.hr = s.HR
	}
	if validPower(s.Power) {
		cur.power = s.Power
	}
	if validDistance(s.Distance) {
		cur.dist = s.Distance
	}
	if validAltitude(s.Altitude) {
		cur.alt = s.Altitude
	}
	for k.i++; k.i < len(k.samples); k.i++ {
		s := &k.samples[k.i]
		t := int64(s.Time)
		switch {
		case t < k.lo || t > k.hi:
			continue // a clock fault, counted by the span
		case t < at:
			k.dropped++
			continue
		case t != at:
			k.at, k.peeked = t, true
			return true
		}
		if !validHR(cur.hr) && (validHR(s.HR) || cur.hr == 0 && faultHR(s.HR)) {
			cur.hr = s.HR // a reading fills a missing value or a fault
		}
		if cur.power == easyday.Missing && validPower(s.Power) {
			cur.power = s.Power
		}
		if cur.dist == easyday.Missing && validDistance(s.Distance) {
			cur.dist = s.Distance
		}
		if cur.alt == easyday.Missing && validAltitude(s.Altitude) {
			cur.alt = s.Altitude
		}
	}
	return true
}

// The segment arrays of activities already stored are reused for the next
// activity's timeline (Recycle): a bulk import made and cleared a new array
// of a few thousand segments per file, and wrote it while still cold.
// Arrays of more than pooledSegments (about 18 hours at 1 s) are left to
// the collector.
const pooledSegments = 1 << 16

// freeSegments holds a few arrays, one or two per worker of a bulk import.
var freeSegments = freelist.New[easyday.Segment](4)

// newSegments returns an empty segment array with room for n.
func newSegments(n int) []easyday.Segment {
	if s := freeSegments.Get(n); s != nil {
		return s
	}
	// A quarter more than this activity needs, so that the array serves
	// the next, somewhat longer, ones too.
	return make([]easyday.Segment, 0, max(n, min(n+n/4, pooledSegments)))
}

// putSegments gives an array back for the next timeline.
func putSegments(s []easyday.Segment) {
	if cap(s) <= pooledSegments {
		freeSegments.Put(s)
	}
}

// Recycle gives back the segments of activities Analyze made, once nothing
// reads them any more (their streams are encoded): the next activities'
// timelines reuse the arrays. It sets each activity's Segments to nil.
func Recycle(acts []easyday.Activity) {
	for i := range acts {
		putSegments(acts[i].Segments)
		acts[i].Segments = nil
	}
}

// segmentMaker appends the segments of kept samples, merged as mergeInto
// does when merge is set. It remembers the last distance and altitude it
// rounded and the last duration it converted: consecutive samples often
// repeat them.
type segmentMaker struct {
	segs            []easyday.Segment
	merge           bool
	distIn, distOut float64
	altIn, altOut   float64
	lastD           time.Duration
	lastDS          float64
}

// seconds is d.Seconds(), remembered for a repeated d.
func (m *segmentMaker) seconds(d time.Duration) float64 {
	if d != m.lastD {
		m.lastD, m.lastDS = d, d.Seconds()
	}
	return m.lastDS
}

// add appends the segment of s owning dur seconds with the given step, its
// distance and altitude to the centimetre (an altitude without a distance
// serves no metric), joined to the one before as mergeInto says when m
// merges.
func (m *segmentMaker) add(s *keptSample, dur, step float64) {
	dist, alt := float64(easyday.Missing), float64(easyday.Missing)
	if s.dist != easyday.Missing {
		if math.Float64bits(s.dist) != math.Float64bits(m.distIn) {
			m.distIn, m.distOut = s.dist, Centimetres(s.dist)
		}
		dist = m.distOut
		if s.alt != easyday.Missing {
			if math.Float64bits(s.alt) != math.Float64bits(m.altIn) {
				m.altIn, m.altOut = s.alt, Centimetres(s.alt)
			}
			alt = m.altOut
		}
	}
	if m.merge {
		// mergeInto, on the segment in place.
		noDist := dist == easyday.Missing
		n := len(m.segs)
		if mergeDrops(dur, noDist) {
			if n > 0 && step == 0 {
				m.segs[n-1].Step = 0 // the dropped sample closed the interval
			}
			return
		}
		if n > 0 && noDist && mergeJoins(&m.segs[n-1], dur, step, s.hr, s.power) {
			last := &m.segs[n-1]
			last.Dur += dur
			last.Step = step
			return
		}
	}
	// The new segment's fields are stored one by one into its place: a
	// segment built aside and copied in whole was read back, in wide
	// loads, from the narrow stores that had just built it, which the
	// processor cannot forward (a stall on every segment).
	n := len(m.segs)
	if n == cap(m.segs) {
		m.segs = append(m.segs, easyday.Segment{})
	} else {
		m.segs = m.segs[:n+1]
	}
	g := &m.segs[n]
	g.Dur, g.HR, g.Power, g.Distance, g.Altitude, g.Step = dur, s.hr, s.power, dist, alt, step
}

// timeline applies docs/metrics.md §1.3–1.5 (merge equal timestamps, drop
// backwards samples, timer, zero-order hold capped at 30 s) and returns the
// owned segments in time order, the span of the kept samples and the number
// of samples dropped for going backwards. The timer-running owned seconds
// are the sum of the segments' durations; zero-length segments are left out.
//
// Sample i owns [t_i, t_{i+1}) when the timer runs at t_i, cut short at the
// next timer stop and capped at 30 s. The timer state at t_i is the state
// after every event at or before t_i, so a sample exactly at a stop owns
// nothing (a TCX lap's last trackpoint) and one exactly at a start owns its
// interval. Before the first event the timer is in the opposite state of
// that event: a file whose first event is a stop was running before it.
// The last sample owns time only up to a following stop.
//
// Besides the owned time, each segment records what pace load needs
// (docs/metrics.md §10): the sample's distance and altitude, to the
// centimetre (Centimetres), and its Step, the time to the next sample of
// the same timer-running interval (0 for the interval's last sample). A
// timer-running interval is a run of samples with no timer stop between
// them; a sample exactly at a stop, or the very last sample of a file,
// closes the interval it ends: it owns nothing and is kept as a segment of
// Dur 0. With merge, each segment is joined to the one before as mergeInto
// says, as it is made, so that the merged segments are the only copy.
func timeline(samples []easyday.Sample, clk easyday.ClockSpan, tm timer, merge bool) (segs []easyday.Segment, sp keptSpan, dropped int) {
	sp = keptSpan{lastDist: easyday.Missing}
	k := keptSamples{samples: samples}
	if len(samples) > 0 {
		k.lo, k.hi = int64(clk.First), int64(clk.Last)
	}
	first, last := -1, -1
	var cur keptSample
	if tm.fromFile && len(tm.events) == 0 {
		for k.nextInto(&cur) {
			if first < 0 {
				first = cur.idx
			}
			sp.n++
			last = cur.idx
			if cur.dist != easyday.Missing {
				sp.lastDist = cur.dist
			}
		}
		if sp.n > 0 {
			sp.first, sp.last = samples[first].Time, samples[last].Time
		}
		return []easyday.Segment{}, sp, k.dropped // the timer never ran
	}
	events := tm.events
	// evAt[j] is the time of events[j] as an instant: timerOf keeps only
	// events within a day of the samples, which lie within 1970–2125.
	// nextStop[j] is the index of the first stop event at or after j, or
	// len(events) when there is none: the cut for a sample whose state was
	// set by events[:j].
	evAt := make([]int64, len(events))
	for j, e := range events {
		evAt[j] = int64(easyday.InstantOf(e.Time))
	}
	nextStop := make([]int, len(events)+1)
	nextStop[len(events)] = len(events)
	for j := len(events) - 1; j >= 0; j-- {
		if events[j].Running {
			nextStop[j] = nextStop[j+1]
		} else {
			nextStop[j] = j
		}
	}
	running := true
	if len(events) > 0 {
		running = !events[0].Running
	}
	m := segmentMaker{segs: newSegments(len(samples) + 1), merge: merge, distIn: math.NaN(), altIn: math.NaN()}
	j := 0
	open := false // the previous sample's interval goes on to this sample
	var pair [2]keptSample
	s, following := &pair[0], &pair[1]
	more := k.nextInto(s)
	for more {
		if first < 0 {
			first = s.idx
		}
		sp.n++
		last = s.idx
		if s.dist != easyday.Missing {
			sp.lastDist = s.dist
		}
		hasNext := k.nextInto(following)
		for j < len(events) && evAt[j] <= s.at {
			running = events[j].Running
			j++
		}
		switch {
		case !running:
			if open { // the sample at the stop closes the interval
				m.add(s, 0, 0)
			}
			open = false
		default:
			var end int64
			bounded, next := false, false
			if hasNext {
				end, bounded, next = following.at, true, true
			}
			if k := nextStop[j]; k < len(events) && (!bounded || evAt[k] < end) {
				end, bounded, next = evAt[k], true, false
			}
			open = next
			if !bounded {
				// The very last sample with no stop after it owns nothing;
				// it still closes its interval.
				m.add(s, 0, 0)
				break
			}
			d := time.Duration(end - s.at)
			step := 0.0
			if next {
				step = m.seconds(d)
			}
			if d > maxGap {
				d = maxGap
			}
			if d > 0 {
				m.add(s, m.seconds(d), step)
			}
		}
		s, following, more = following, s, hasNext
	}
	if sp.n > 0 {
		sp.first, sp.last = samples[first].Time, samples[last].Time
	}
	segs = m.segs
	if merge && len(segs) < (len(samples)+1)/2 {
		// Merging left most of the room the samples needed unused (a
		// ride without distance): keep only what the activity stores, in
		// a recycled array when there is one (it is written while warm).
		// The room itself is no measure: a recycled array has more.
		segs = append(newSegments(len(segs)), segs...)
		putSegments(m.segs)
	}
	return segs, sp, k.dropped
}
