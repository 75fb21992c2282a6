package analysis

import (
	"math"

	"easyday"
	"easyday/internal/freelist"
)

// gradeWindowM is how far before and after a sample the grade looks: half
// of the 100 m over which a GPS or barometric altitude says something about
// the slope (docs/metrics.md §10.2).
const gradeWindowM = 50

// maxGrade bounds the grade Minetti's polynomial is used for: his
// measurements span −45% to +45% (Minetti et al. 2002; docs/metrics.md §10.2).
const maxGrade = 0.45

// flatCost is Minetti's energy cost of running on the flat, Cr(0), in
// J·kg⁻¹·m⁻¹: the unit a graded speed is scaled by.
const flatCost = 3.6

// MinettiCost returns the energy cost of running at grade g (rise over run)
// in J·kg⁻¹·m⁻¹ (Minetti et al. 2002, "Energy cost of walking and running at
// extreme uphill and downhill slopes", as GoldenCheetah's GOVSS uses it;
// docs/metrics.md §10.3): 155.4g⁵ − 30.4g⁴ − 43.3g³ + 46.3g² + 19.5g + 3.6.
func MinettiCost(g float64) float64 {
	return ((((155.4*g-30.4)*g-43.3)*g+46.3)*g+19.5)*g + flatCost
}

// hasDistance reports whether a segment's distance d is a cumulative
// distance (taken by value rather than the segment, which was copied
// whole to the stack at every call).
func hasDistance(d float64) bool {
	return d != easyday.Missing && validDistance(d)
}

// gradePoints are the grade points of one timer-running interval, the
// samples with a distance in order: their distances side by side, for the
// ±50 m windows, and their indexes in the interval, nil when every sample
// of the interval is a point (the common case: point p is sample p).
type gradePoints struct {
	dist []float64
	at   []int32
}

// flatSpeedsInto fills vf (zeroed, one per segment) with, for each segment,
// the flat-equivalent speed of its sample in m/s (docs/metrics.md
// §10.1–10.3): the sample's own speed, distance to the next sample of its
// timer-running interval over the time step, scaled by Minetti's cost at the
// grade over ±50 m. The last sample of an interval and a sample without
// distance run at 0. Treadmill runs have grade 0: the watch's altitude says
// nothing of the belt. dist (empty, with room for a distance per segment)
// holds the grade points' distances.
func flatSpeedsInto(segs []easyday.Segment, vf, dist []float64, treadmill bool) {
	pts := gradePoints{dist: dist} // one buffer for all intervals
	for lo := 0; lo < len(segs); {
		hi := lo // the interval is segs[lo..hi]
		for hi < len(segs)-1 && segs[hi].Step > 0 {
			hi++
		}
		pts = intervalSpeeds(segs[lo:hi+1], vf[lo:hi+1], treadmill, pts, len(segs))
		lo = hi + 1
	}
}

// intervalSpeeds fills vf for the samples of one timer-running interval,
// using pts (reused between intervals; at is made, for room up to most
// samples, when first needed) for its grade points, which it returns.
func intervalSpeeds(segs []easyday.Segment, vf []float64, treadmill bool, pts gradePoints, most int) gradePoints {
	// The grade points: samples with a distance, in order.
	dist := pts.dist[:0]
	altitude := false // a point has an altitude: grades can be other than 0
	for i := range segs {
		if s := &segs[i]; validDistance(s.Distance) {
			dist = append(dist, s.Distance)
			altitude = altitude || s.Altitude != easyday.Missing
		}
	}
	pts.dist = dist
	if len(dist) == 0 {
		return pts
	}
	var at []int32 // nil: point p is sample p
	if len(dist) < len(segs) {
		if pts.at == nil {
			pts.at = make([]int32, 0, most)
		}
		at = pts.at[:0]
		for i := range segs {
			if validDistance(segs[i].Distance) {
				at = append(at, int32(i))
			}
		}
		at = at[:len(dist)]
	}
	sample := func(p int) int {
		if at == nil {
			return p
		}
		return int(at[p])
	}
	flat := MinettiCost(0)
	jp, kp := 0, 0
	for p := range dist {
		// The speed: to the next sample, when it is the next point.
		i := sample(p)
		s := &segs[i]
		v := 0.0
		if p+1 < len(dist) && (at == nil || int(at[p+1]) == i+1) && s.Step > 0 {
			v = max0((dist[p+1] - dist[p]) / s.Step)
			if v > easyday.MaxRunSpeed {
				v = 0 // a GPS fault (docs/metrics.md §10.1)
			}
		}
		if v == 0 {
			continue
		}
		if treadmill || !altitude {
			vf[i] = v * flat / flatCost
			continue
		}
		// j: the latest point at or before i at least 50 m back, else
		// the interval's first; k: the earliest at or after i at
		// least 50 m ahead, else its last. Cumulative distance grows,
		// so both only move forward.
		d := dist[p]
		for jp+1 <= p && d-dist[jp+1] >= gradeWindowM {
			jp++
		}
		j := 0
		if d-dist[jp] >= gradeWindowM {
			j = jp
		}
		kp = max(kp, p)
		for kp < len(dist)-1 && dist[kp]-d < gradeWindowM {
			kp++
		}
		g := grade(&segs[sample(j)], &segs[sample(kp)])
		vf[i] = v * MinettiCost(g) / flatCost
	}
	return pts
}

// gpsFaultSeconds returns the owned seconds of the samples whose speed is
// a GPS fault, above 12.5 m/s (docs/metrics.md §10.1): the speed flatSpeedsInto
// takes as 0.
func gpsFaultSeconds(segs []easyday.Segment) float64 {
	var faulty float64
	for i := 0; i+1 < len(segs); i++ {
		s, next := &segs[i], &segs[i+1]
		if s.Step > 0 && s.Dur > 0 && validDistance(s.Distance) && validDistance(next.Distance) &&
			(next.Distance-s.Distance)/s.Step > easyday.MaxRunSpeed {
			faulty += s.Dur
		}
	}
	return faulty
}

// max0 is math.Max(0, x), bit for bit (its NaN included), without the
// call.
func max0(x float64) float64 {
	switch {
	case x > 0:
		return x
	case math.IsNaN(x):
		return math.NaN()
	}
	return 0
}

// grade is the rise over run from a to b, 0 when they are under 50 m apart
// or an altitude is missing, clamped to Minetti's range.
func grade(a, b *easyday.Segment) float64 {
	run := b.Distance - a.Distance
	if run < gradeWindowM || a.Altitude == easyday.Missing || b.Altitude == easyday.Missing {
		return 0
	}
	return clampGrade((b.Altitude - a.Altitude) / run)
}

// clampGrade is math.Max(-maxGrade, math.Min(maxGrade, g)), bit for bit (its
// NaN included), without the two calls (assembly on amd64).
func clampGrade(g float64) float64 {
	switch {
	case math.IsNaN(g):
		return math.NaN()
	case g > maxGrade:
		return maxGrade
	case g < -maxGrade:
		return -maxGrade
	}
	return g
}

// freeFlat holds the flat-speed buffers of activities already analysed for
// the next ones: a new one was cleared and written cold for each activity.
var freeFlat = freelist.New[float64](4)

// flatBuffer returns a buffer of n values, not cleared, for
// NormalizedGradedSpeed.
func flatBuffer(n int) []float64 {
	if b := freeFlat.Get(n); b != nil {
		return b[:n]
	}
	return make([]float64, n)
}

// putFlatBuffer gives a buffer back, unless it is too large to keep.
func putFlatBuffer(b []float64) {
	if cap(b) <= 2*pooledSegments {
		freeFlat.Put(b)
	}
}

// NormalizedGradedSpeed returns NGS over the segments in m/s (docs/metrics.md
// §10.4) and the length in seconds of its 1 Hz series. The series joins
// the timer-running owned time as normalized power's does (§4): second s
// takes the flat-equivalent speed of the segment owning it, 0 when that
// sample has no distance. NGS is the fourth-power mean of the 30 s rolling
// mean from the 30th second on, the plain mean when the series is shorter.
// ok is false when no segment has a distance or the series is empty.
func NormalizedGradedSpeed(segs []easyday.Segment, treadmill bool) (ngs float64, seconds int, ok bool) {
	has := false
	for _, s := range segs {
		if hasDistance(s.Distance) && s.Dur > 0 {
			has = true
			break
		}
	}
	if !has {
		return 0, 0, false
	}
	// The flat speeds and their grade points' distances, in one block.
	buf := flatBuffer(2 * len(segs))
	defer putFlatBuffer(buf)
	clear(buf[:len(segs)])
	vf := buf[:len(segs):len(segs)]
	flatSpeedsInto(segs, vf, buf[len(segs):len(segs)], treadmill)
	var (
		w     rollingWindow
		total float64 // Σ of the whole series, for the short case
		end   float64 // end of the current segment in joined time
	)
	for i, s := range segs {
		if !(s.Dur > 0) || math.IsInf(s.Dur, 0) {
			continue
		}
		end += s.Dur
		v := vf[i]
		for float64(seconds) < end-secondEps && seconds < maxSeriesS {
			w.push(v)
			total += v
			seconds++
		}
	}
	w.flush()
	switch {
	case seconds == 0:
		return 0, 0, false
	case seconds < npWindow:
		return total / float64(seconds), seconds, true
	}
	return math.Sqrt(math.Sqrt(w.fourth / float64(w.rolling))), seconds, true
}

// rollingWindow sums the fourth powers of a series' 30 s rolling means
// from the 30th second on, each mean's sum made exactly as summing a ring
// of the last 30 seconds afresh makes it: ring[0] + ring[1] + … + ring[29]
// in that order from 0, where second t is at place t mod 30 (floating-point
// addition is not associative, so that order is part of the result).
//
// It takes the series 30 seconds at a time, a block filling the ring's
// places 0 to 29 once. The window ending at place p of a block holds the
// block's seconds at places 0..p and the previous block's at places
// p+1..29: its sum is the running sum of the block up to p, then the
// previous block's values from place p+1 on added one by one. The 30 sums
// of a block are independent of each other, so they are made side by
// side, six at a time, rather than one after the other.
type rollingWindow struct {
	block, prev [npWindow]float64 // this block's seconds, the previous block's (0 before the first)
	n           int               // seconds in block
	done        int               // seconds of the series before block
	fourth      float64           // Σ rolling⁴
	rolling     int               // number of rolling values
}

// push adds the series' next second.
func (w *rollingWindow) push(v float64) {
	w.block[w.n] = v
	w.n++
	if w.n == npWindow {
		w.flush()
	}
}

// flush adds the rolling values of the block's seconds, in order.
func (w *rollingWindow) flush() {
	if w.n == 0 {
		return
	}
	var sum [npWindow]float64
	acc := 0.0
	for q, v := range w.block {
		acc += v
		sum[q] = acc // past n: unused
	}
	old := &w.prev
	for p0 := 0; p0 < npWindow; p0 += 6 {
		// The windows ending at p0..p0+5: first the old values between
		// them, then the ones after p0+5 for all six.
		for k := 0; k < 6; k++ {
			for q := p0 + k + 1; q < p0+6; q++ {
				sum[p0+k] += old[q]
			}
		}
		a0, a1, a2, a3, a4, a5 := sum[p0], sum[p0+1], sum[p0+2], sum[p0+3], sum[p0+4], sum[p0+5]
		for _, o := range old[p0+6:] {
			a0 += o
			a1 += o
			a2 += o
			a3 += o
			a4 += o
			a5 += o
		}
		sum[p0], sum[p0+1], sum[p0+2], sum[p0+3], sum[p0+4], sum[p0+5] = a0, a1, a2, a3, a4, a5
	}
	// The rolling values are defined from the 30th second of the series on.
	// The sum is carried in a local, in the same order: through w it went
	// to memory and back on every value.
	fourth, from := w.fourth, max(0, npWindow-1-w.done)
	for p := from; p < w.n; p++ {
		r2 := (sum[p] / npWindow) * (sum[p] / npWindow)
		fourth += r2 * r2
	}
	w.fourth = fourth
	w.rolling += max(0, w.n-from)
	w.done += w.n
	w.prev, w.n = w.block, 0
}

// PaceLoad returns the pace load and intensity factor of NGS held for
// seconds against a threshold pace in seconds per km (TrainingPeaks' rTSS
// formula; docs/metrics.md §10.5): IF = NGS / v_T, load = seconds/3600 · IF² · 100.
// Both are 0 when the threshold pace is not positive.
func PaceLoad(ngs float64, seconds int, thresholdSPerKm float64) (load, intensity float64) {
	if !(thresholdSPerKm > 0) {
		return 0, 0
	}
	intensity = ngs / (1000 / thresholdSPerKm)
	return float64(seconds) / 3600 * intensity * intensity * 100, intensity
}

// coveredShare is the share of the timer-running owned time a stream must
// have valid to count as covered (docs/metrics.md §5).
const coveredShare = 0.8

// covered reports whether valid seconds make at least 80% of the owned time.
func covered(valid, owned float64) bool { return owned > 0 && valid >= coveredShare*owned }
