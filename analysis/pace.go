package analysis

import (
	"math"

	"easyday"
)

// gradeWindowM is how far before and after a sample the grade looks: half
// of the 100 m over which a GPS or barometric altitude says something about
// the slope (METRICS.md §10.2).
const gradeWindowM = 50

// maxGrade bounds the grade Minetti's polynomial is used for: his
// measurements span −45% to +45% (Minetti et al. 2002; METRICS.md §10.2).
const maxGrade = 0.45

// flatCost is Minetti's energy cost of running on the flat, Cr(0), in
// J·kg⁻¹·m⁻¹: the unit a graded speed is scaled by.
const flatCost = 3.6

// MinettiCost returns the energy cost of running at grade g (rise over run)
// in J·kg⁻¹·m⁻¹ (Minetti et al. 2002, "Energy cost of walking and running at
// extreme uphill and downhill slopes", as GoldenCheetah's GOVSS uses it;
// METRICS.md §10.3): 155.4g⁵ − 30.4g⁴ − 43.3g³ + 46.3g² + 19.5g + 3.6.
func MinettiCost(g float64) float64 {
	return ((((155.4*g-30.4)*g-43.3)*g+46.3)*g+19.5)*g + flatCost
}

// hasDistance reports whether a segment carries a cumulative distance.
func hasDistance(s easyday.Segment) bool {
	return s.Distance != easyday.Missing && validDistance(s.Distance)
}

// FlatSpeeds returns, for each segment, the flat-equivalent speed of its
// sample in m/s (METRICS.md §10.1–10.3): the sample's own speed, distance
// to the next sample of its timer-running interval over the time step,
// scaled by Minetti's cost at the grade over ±50 m. The last sample of an
// interval and a sample without distance run at 0. Treadmill runs have
// grade 0: the watch's altitude says nothing of the belt.
func FlatSpeeds(segs []easyday.Segment, treadmill bool) []float64 {
	vf := make([]float64, len(segs))
	pts := make([]int, 0, len(segs)) // the grade points of an interval, one buffer for all
	for lo := 0; lo < len(segs); {
		hi := lo // the interval is segs[lo..hi]
		for hi < len(segs)-1 && segs[hi].Step > 0 {
			hi++
		}
		pts = intervalSpeeds(segs[lo:hi+1], vf[lo:hi+1], treadmill, pts[:0])
		lo = hi + 1
	}
	return vf
}

// intervalSpeeds fills vf for the samples of one timer-running interval,
// using pts (empty, reused between intervals) for its grade points, which
// it returns.
func intervalSpeeds(segs []easyday.Segment, vf []float64, treadmill bool, pts []int) []int {
	// The grade points: samples with a distance, in order.
	for i, s := range segs {
		if hasDistance(s) {
			pts = append(pts, i)
		}
	}
	jp, kp := 0, 0
	for p, i := range pts {
		s := segs[i]
		v := 0.0
		if i+1 < len(segs) && s.Step > 0 && hasDistance(segs[i+1]) {
			v = math.Max(0, (segs[i+1].Distance-s.Distance)/s.Step)
		}
		if v == 0 {
			continue
		}
		g := 0.0
		if !treadmill {
			// j: the latest point at or before i at least 50 m back, else
			// the interval's first; k: the earliest at or after i at
			// least 50 m ahead, else its last. Cumulative distance grows,
			// so both only move forward.
			for jp+1 <= p && s.Distance-segs[pts[jp+1]].Distance >= gradeWindowM {
				jp++
			}
			j := pts[0]
			if s.Distance-segs[pts[jp]].Distance >= gradeWindowM {
				j = pts[jp]
			}
			kp = max(kp, p)
			for kp < len(pts)-1 && segs[pts[kp]].Distance-s.Distance < gradeWindowM {
				kp++
			}
			k := pts[kp]
			g = grade(segs[j], segs[k])
		}
		vf[i] = v * MinettiCost(g) / flatCost
	}
	return pts
}

// grade is the rise over run from a to b, 0 when they are under 50 m apart
// or an altitude is missing, clamped to Minetti's range.
func grade(a, b easyday.Segment) float64 {
	run := b.Distance - a.Distance
	if run < gradeWindowM || a.Altitude == easyday.Missing || b.Altitude == easyday.Missing {
		return 0
	}
	return math.Max(-maxGrade, math.Min(maxGrade, (b.Altitude-a.Altitude)/run))
}

// NormalizedGradedSpeed returns NGS over the segments in m/s (METRICS.md
// §10.4) and the length in seconds of its 1 Hz series. The series joins
// the timer-running owned time as normalized power's does (§4): second s
// takes the flat-equivalent speed of the segment owning it, 0 when that
// sample has no distance. NGS is the fourth-power mean of the 30 s rolling
// mean from the 30th second on, the plain mean when the series is shorter.
// ok is false when no segment has a distance or the series is empty.
func NormalizedGradedSpeed(segs []easyday.Segment, treadmill bool) (ngs float64, seconds int, ok bool) {
	has := false
	for _, s := range segs {
		if hasDistance(s) && s.Dur > 0 {
			has = true
			break
		}
	}
	if !has {
		return 0, 0, false
	}
	vf := FlatSpeeds(segs, treadmill)
	var (
		ring    [npWindow]float64 // the last 30 seconds
		total   float64           // Σ of the whole series, for the short case
		fourth  float64           // Σ rolling⁴ from the 30th second on
		rolling int
		end     float64 // end of the current segment in joined time
	)
	for i, s := range segs {
		if !(s.Dur > 0) || math.IsInf(s.Dur, 0) {
			continue
		}
		end += s.Dur
		for float64(seconds) < end-secondEps && seconds < maxSeriesS {
			ring[seconds%npWindow] = vf[i]
			total += vf[i]
			seconds++
			if seconds >= npWindow {
				// Summing the window afresh keeps every rolling value
				// exact to the last bit whatever came before it.
				var sum float64
				for _, x := range ring {
					sum += x
				}
				r2 := (sum / npWindow) * (sum / npWindow)
				fourth += r2 * r2
				rolling++
			}
		}
	}
	switch {
	case seconds == 0:
		return 0, 0, false
	case seconds < npWindow:
		return total / float64(seconds), seconds, true
	}
	return math.Sqrt(math.Sqrt(fourth / float64(rolling))), seconds, true
}

// PaceLoad returns the pace load and intensity factor of NGS held for
// seconds against a threshold pace in seconds per km (TrainingPeaks' rTSS
// formula; METRICS.md §10.5): IF = NGS / v_T, load = seconds/3600 · IF² · 100.
// Both are 0 when the threshold pace is not positive.
func PaceLoad(ngs float64, seconds int, thresholdSPerKm float64) (load, intensity float64) {
	if !(thresholdSPerKm > 0) {
		return 0, 0
	}
	intensity = ngs / (1000 / thresholdSPerKm)
	return float64(seconds) / 3600 * intensity * intensity * 100, intensity
}

// coveredShare is the share of the timer-running owned time a stream must
// have valid to count as covered (METRICS.md §5).
const coveredShare = 0.8

// covered reports whether valid seconds make at least 80% of the owned time.
func covered(valid, owned float64) bool { return owned > 0 && valid >= coveredShare*owned }
