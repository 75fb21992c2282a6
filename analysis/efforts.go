package analysis

import (
	"math"
	"strings"
	"sync"

	"easyday"
)

// The window lengths of the best efforts behind the estimates, in seconds
// (docs/metrics.md §12.3).
const (
	ftpWindowS     = 1200 // Coggan: FTP ≈ 95% of a 20-minute best
	hourS          = 3600 // an hour's best power or pace is the threshold itself
	testWindowS    = 1800 // Friel's 30-minute test
	testStartS     = 600  // its first 10 minutes, F
	testLTHRS      = 1200 // its last 20 minutes, L: the LTHR
	maxHRWindowS   = 30   // a 30-second mean smooths a strap's spikes
	maxHRSettleS   = 300  // a maximum comes no sooner than 5 minutes into a piece
	maxHRBeforeS   = 120  // and at the end of a hard effort of 2 minutes
	paceGradeMinM  = 50   // under 50 m a window's net grade says nothing (§10.2)
	defaultPowerW  = 1500 // the power cap per second without an FTP in force
	powerCapPerFTP = 3    // the power cap per second with an FTP in force
)

// The factors of the estimates (docs/metrics.md §12.3).
const (
	ftpOf20Min     = 0.95 // Coggan/Allen
	paceOf30Min    = 0.96 // Riegel: a 30-minute best is about 4% faster than an hour's
	hardStart      = 0.9  // F ≥ 0.9·L: the test is hard from its start
	thresholdGuard = 0.95 // the last 20 minutes hold 95% of the pace or power in force
	maxHRBefore    = 0.9  // the 2 minutes before average 90% of the window's mean
)

// effortSeries is the 1 Hz series of docs/metrics.md §12.1 cut into
// pieces, as prefix sums: the sum over seconds [i, j) of a channel is
// pre[j] − pre[i]. Heart rate and power are summed in integers, exactly.
type effortSeries struct {
	pieces [][2]int // [start, end) seconds of each piece
	// hr packs two prefix sums in one: the valid heart rates above
	// hrShift, the seconds with one below it. A series has at most
	// maxSeriesS < 2^hrShift seconds, and their heart rates sum to at most
	// maxValidHR·maxSeriesS < 2^31, so both parts are exact.
	hr []int64
	// power is capped per second, missing as 0 W, summed modulo 2^32: a
	// window of at most an hour of at most 0xFFFF W sums to less than
	// 2^32, so a difference of two prefix sums is exact. Empty unless asked.
	power []uint32
	speed []float64
	alt   []float64 // altitude of each second (not a prefix), NaN when missing; empty with speed
}

// hrShift and hrCount unpack effortSeries.hr.
const (
	hrShift = 24
	hrCount = 1<<hrShift - 1
)

// effortPoolMaxS is the longest series whose arrays go back to the pool
// for the next activity: a day; longer ones are left to the collector.
const effortPoolMaxS = 86400

// effortPool holds series arrays for reuse from one activity to the next,
// so that each activity neither allocates nor clears them again.
var effortPool = sync.Pool{New: func() any { return new(effortSeries) }}

// effortChannels says which channels a series needs beyond heart rate.
type effortChannels struct {
	power    bool
	powerCap int
	speed    bool
}

// sized returns s with length n, reusing its array when it is large enough.
func sized[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// build makes the series of the segments: second s of the joined
// timer-running owned time takes the values of the segment owning it, as
// normalized power's series does (§4). A piece ends where a timer-running
// interval ends (Step 0) and where a gap follows a sample (its time step
// longer than the time it owns). owned is the coverage's sum of the
// segments' positive durations (coverage.add): the series' length is that
// sum without infinite durations, the very same additions when owned is
// finite, so only an infinite owned costs a pass of its own.
func (es *effortSeries) build(segs []easyday.Segment, ch effortChannels, owned float64) {
	total := owned
	if math.IsInf(owned, 0) {
		total = 0
		for _, s := range segs {
			if s.Dur > 0 && !math.IsInf(s.Dur, 0) {
				total += s.Dur
			}
		}
	}
	n := int(math.Min(math.Ceil(total-secondEps), maxSeriesS)) + 1
	n = max(n, 1)
	es.pieces = es.pieces[:0]
	es.hr = sized(es.hr, n+1)
	es.hr[0] = 0
	es.power, es.speed, es.alt = es.power[:0], es.speed[:0], es.alt[:0]
	if ch.power {
		es.power = sized(es.power, n+1)
		es.power[0] = 0
	}
	if ch.speed {
		es.speed = sized(es.speed, n+1)
		es.speed[0] = 0
		es.alt = sized(es.alt, n)
	}
	var end float64
	seconds, start := 0, 0
	for i := range segs {
		s := &segs[i]
		if s.Dur > 0 && !math.IsInf(s.Dur, 0) {
			end += s.Dur
			// The seconds k with float64(k) < end−ε, up to maxSeriesS.
			stop := seconds
			if lim := end - secondEps; lim >= maxSeriesS {
				stop = maxSeriesS
			} else if c := int(math.Ceil(lim)); c > stop {
				stop = c
			}
			stop = min(stop, n)
			if stop > seconds {
				h := int64(0)
				if validHR(s.HR) {
					h = int64(s.HR)<<hrShift | 1
				}
				acc := es.hr[seconds]
				for k := seconds; k < stop; k++ {
					acc += h
					es.hr[k+1] = acc
				}
				if ch.power {
					w := uint32(0)
					if validPower(s.Power) {
						w = uint32(min(s.Power, ch.powerCap))
					}
					acc := es.power[seconds]
					for k := seconds; k < stop; k++ {
						acc += w
						es.power[k+1] = acc
					}
				}
				if ch.speed {
					v := segmentSpeed(segs, i)
					alt := math.NaN()
					if s.Altitude != easyday.Missing && hasDistance(s.Distance) {
						alt = s.Altitude
					}
					acc := es.speed[seconds]
					for k := seconds; k < stop; k++ {
						acc += v
						es.speed[k+1] = acc
						es.alt[k] = alt
					}
				}
				seconds = stop
			}
		}
		if s.Step == 0 || s.Step > s.Dur+secondEps {
			if seconds > start {
				es.pieces = append(es.pieces, [2]int{start, seconds})
			}
			start = seconds
		}
	}
	if seconds > start {
		es.pieces = append(es.pieces, [2]int{start, seconds})
	}
	es.hr = es.hr[:seconds+1]
	if ch.power {
		es.power = es.power[:seconds+1]
	}
	if ch.speed {
		es.speed, es.alt = es.speed[:seconds+1], es.alt[:seconds]
	}
}

// segmentSpeed returns segment i's speed of docs/metrics.md §10.1:
// distance to the next sample of its timer-running interval over the time
// step, 0 for an interval's last sample, for a sample without distance or
// before one, and for a GPS fault (faster than 12.5 m/s).
func segmentSpeed(segs []easyday.Segment, i int) float64 {
	if i+1 >= len(segs) {
		return 0
	}
	s, next := &segs[i], &segs[i+1]
	if !(s.Step > 0) || !validDistance(s.Distance) || !validDistance(next.Distance) {
		return 0
	}
	if x := (next.Distance - s.Distance) / s.Step; x > 0 && x <= easyday.MaxRunSpeed {
		return x
	}
	return 0
}

// hrMean returns the mean valid heart rate of seconds [i, j) and whether
// at least 95% of them have one (§12.2).
func (es *effortSeries) hrMean(i, j int) (float64, bool) {
	d := es.hr[j] - es.hr[i]
	n := int(d & hrCount)
	if n == 0 || 20*n < 19*(j-i) {
		return 0, false
	}
	return float64(d>>hrShift) / float64(n), true
}

// meanAbove reports whether the mean heart rate sum/n is above the mean
// best/bestN, as hrMean's quotients compare, for counts of at most a
// window's length (the LTHR test's 1,200 seconds): the exact fractions
// compare as their cross products (each below 2^31 · 2^11), and two
// different fractions with such counts differ by at least 1/1200², far
// more than the spacing of doubles below 256 (2^-45), so they never round
// to one double and their correctly rounded quotients compare the same
// way.
func meanAbove(sum, n, best, bestN int64) bool { return sum*bestN > best*n }

// powerMean returns the mean capped power of seconds [i, j).
func (es *effortSeries) powerMean(i, j int) float64 {
	return float64(es.power[j]-es.power[i]) / float64(j-i)
}

// windowSpeed returns the flat-equivalent speed of seconds [i, j) with the
// window's net grade (§12.2): the mean speed scaled by Minetti's cost at
// the rise over the distance covered, grade 0 under 50 m or without an
// altitude at either end.
func (es *effortSeries) windowSpeed(i, j int) float64 {
	d := float64(j - i)
	v := (es.speed[j] - es.speed[i]) / d
	g := 0.0
	if run := v * d; run >= paceGradeMinM {
		if rise := es.alt[j-1] - es.alt[i]; !math.IsNaN(rise) {
			g = clampGrade(rise / run)
		}
	}
	return v * MinettiCost(g) / flatCost
}

// bestPower returns the highest mean power over the windows of d seconds
// of one piece and the first second of the first window that has it, and
// false when no piece is d seconds long. The mean is the window's sum
// over d, so the first highest sum gives both.
func (es *effortSeries) bestPower(d int) (float64, int, bool) {
	top, at, found := uint32(0), 0, false
	for _, p := range es.pieces {
		for i := p[0]; i+d <= p[1]; i++ {
			if x := es.power[i+d] - es.power[i]; x > top || !found {
				top, at, found = x, i, true
			}
		}
	}
	return float64(top) / float64(d), at, found
}

// bestSpeed returns the highest flat-equivalent speed over the windows of
// d seconds of one piece and the first second of the first window that
// has it, and false when no piece is d seconds long.
func (es *effortSeries) bestSpeed(d int) (float64, int, bool) {
	top, at, found := math.Inf(-1), 0, false
	for _, p := range es.pieces {
		for i := p[0]; i+d <= p[1]; i++ {
			if x := es.windowSpeed(i, i+d); x > top {
				top, at, found = x, i, true
			}
		}
	}
	return top, at, found
}

// isEBike reports whether a ride is on an e-bike, whose motor's watts are
// no threshold of the rider's (§12.3).
func isEBike(a easyday.Activity) bool {
	return a.Sport == easyday.EBiking || strings.HasPrefix(a.SubSport, "e_bike")
}

// outdoorRun reports whether a run's pace says something of a threshold:
// treadmill, indoor and virtual runs give none (§12.3).
func outdoorRun(a easyday.Activity) bool {
	return a.IsRunning() && !a.IsTreadmill() && a.SubSport != "virtual_activity"
}

// EffortRule names the rule of docs/metrics.md §12.3 an estimate comes
// from.
type EffortRule string

// The rules behind the estimates.
const (
	// RuleFriel30: LTHR is the mean HR of the last 20 minutes of a
	// 30-minute effort hard from its start (Friel).
	RuleFriel30 EffortRule = "friel_30min"
	// RuleCoggan20: FTP is 95% of the best 20-minute power (Coggan/Allen).
	RuleCoggan20 EffortRule = "coggan_20min"
	// RuleHourPower: FTP is the best hour's power.
	RuleHourPower EffortRule = "hour_power"
	// RuleRiegel30: the threshold speed is 96% of the best 30-minute
	// speed (Riegel).
	RuleRiegel30 EffortRule = "riegel_30min"
	// RuleHourPace: the threshold pace is the best hour's pace.
	RuleHourPace EffortRule = "hour_pace"
	// RulePeak30s: max HR is the highest 30-second mean at the end of a
	// hard effort.
	RulePeak30s EffortRule = "peak_30s"
)

// Effort is the window of an activity an estimate comes from: where it
// lies in the activity's timer-running time and what it held.
type Effort struct {
	Rule   EffortRule
	StartS int // seconds of timer-running time before the window
	DurS   int
	// Mean is what the window held: heart rate in bpm, capped power in
	// W, or flat-equivalent speed in m/s.
	Mean float64
}

// Efforts are the windows behind an activity's estimates; nil where it
// gives none.
type Efforts struct {
	LTHR, FTP, ThresholdPace, MaxHR *Effort
}

// Of returns the effort behind the estimate of key k, nil when there is
// none (resting HR never has one).
func (e Efforts) Of(k easyday.ThresholdKey) *Effort {
	return byKey(k, e.LTHR, e.FTP, e.ThresholdPace, e.MaxHR)
}

// byKey picks, of the four things an activity's best efforts give (its
// LTHR, FTP, threshold pace and max HR), the one of key k: nil for resting
// HR, which no activity gives. Estimates and their efforts both use it, so
// a key maps to one field in one place.
func byKey[T any](k easyday.ThresholdKey, lthr, ftp, pace, maxHR *T) *T {
	switch k {
	case easyday.KeyRunLTHR, easyday.KeyBikeLTHR:
		return lthr
	case easyday.KeyFTP:
		return ftp
	case easyday.KeyRunThresholdPace:
		return pace
	case easyday.KeyMaxHR:
		return maxHR
	}
	return nil
}

// Estimate returns the threshold estimates of one activity's best efforts
// (docs/metrics.md §12.3) from its segments, with the thresholds in force
// on its local day (th, ok false when there are none).
func Estimate(a easyday.Activity, th easyday.Thresholds, ok bool) easyday.Estimates {
	est, _ := EstimateEfforts(a, th, ok)
	return est
}

// EstimateEfforts is Estimate with the window each estimate comes from, so
// that a suggestion can say what the activity showed and where. The report
// reads the few streams it needs again rather than the history keeping
// windows.
func EstimateEfforts(a easyday.Activity, th easyday.Thresholds, ok bool) (easyday.Estimates, Efforts) {
	if !a.IsRunning() && !a.IsCycling() {
		return easyday.Estimates{}, Efforts{}
	}
	return estimateEfforts(a, th, ok, coverageOf(a.Segments))
}

// coverage is the time an activity's segments own, and how much of it has
// a valid power, a distance, and a distance and an altitude: whether a
// channel covers the activity (§5, §12.3).
type coverage struct {
	owned, powered, distanced, altituded float64
}

// add counts segment s.
func (c *coverage) add(s *easyday.Segment) {
	if !(s.Dur > 0) {
		return
	}
	c.owned += s.Dur
	if validPower(s.Power) {
		c.powered += s.Dur
	}
	if hasDistance(s.Distance) {
		c.distanced += s.Dur
		if s.Altitude != easyday.Missing {
			c.altituded += s.Dur
		}
	}
}

// coverageOf is the coverage of segs.
func coverageOf(segs []easyday.Segment) coverage {
	var c coverage
	for i := range segs {
		c.add(&segs[i])
	}
	return c
}

// estimateEfforts is EstimateEfforts with the coverage of a's segments,
// which the analysis takes in its pass over the heart rates.
func estimateEfforts(a easyday.Activity, th easyday.Thresholds, ok bool, cov coverage) (easyday.Estimates, Efforts) {
	running, cycling := a.IsRunning(), a.IsCycling()
	if !running && !cycling {
		return easyday.Estimates{}, Efforts{}
	}
	owned, powered, distanced, altituded := cov.owned, cov.powered, cov.distanced, cov.altituded
	// The shortest window of any estimate is max HR's, which starts 5
	// minutes into its piece: a shorter activity (most of a triathlon's
	// transitions, a warm-up file) has none, and no series is built.
	if owned < maxHRSettleS+maxHRWindowS {
		return easyday.Estimates{}, Efforts{}
	}
	ftpIn := 0
	if ok {
		ftpIn = th.FTP
	}
	paceIn := 0.0
	if ok {
		paceIn = th.RunThresholdPace
	}
	ch := effortChannels{
		power: cycling && !isEBike(a) && covered(powered, owned),
		speed: running && outdoorRun(a) && covered(distanced, owned) && covered(altituded, owned),
	}
	ch.powerCap = defaultPowerW
	if ftpIn > 0 {
		ch.powerCap = powerCapPerFTP * ftpIn
	}
	es := effortPool.Get().(*effortSeries)
	defer func() {
		if len(es.hr) <= effortPoolMaxS+1 {
			effortPool.Put(es)
		}
	}()
	es.build(a.Segments, ch, owned)

	var est easyday.Estimates
	var eff Efforts
	if ch.power {
		p20, at20, ok20 := es.bestPower(ftpWindowS)
		p60, at60, ok60 := es.bestPower(hourS)
		switch {
		case ok60 && (!ok20 || p60 > ftpOf20Min*p20):
			est.FTP = ptr(p60)
			eff.FTP = &Effort{Rule: RuleHourPower, StartS: at60, DurS: hourS, Mean: p60}
		case ok20:
			est.FTP = ptr(ftpOf20Min * p20)
			eff.FTP = &Effort{Rule: RuleCoggan20, StartS: at20, DurS: ftpWindowS, Mean: p20}
		}
	}
	if ch.speed {
		v30, at30, ok30 := es.bestSpeed(testWindowS)
		v60, at60, ok60 := es.bestSpeed(hourS)
		switch {
		case ok60 && v60 > 0 && (!ok30 || v60 > paceOf30Min*v30):
			est.ThresholdPace = ptr(1000 / v60)
			eff.ThresholdPace = &Effort{Rule: RuleHourPace, StartS: at60, DurS: hourS, Mean: v60}
		case ok30 && v30 > 0:
			est.ThresholdPace = ptr(1000 / (paceOf30Min * v30))
			eff.ThresholdPace = &Effort{Rule: RuleRiegel30, StartS: at30, DurS: testWindowS, Mean: v30}
		}
	}

	// The guard of the LTHR test: the last 20 minutes hold 95% of the
	// threshold in force, where the activity gives a pace or an FTP.
	guard := func(i, j int) bool { return true }
	switch {
	case running && est.ThresholdPace != nil && paceIn > 0:
		vT := 1000 / paceIn
		guard = func(i, j int) bool { return es.windowSpeed(i, j) >= thresholdGuard*vT }
	case cycling && est.FTP != nil && ftpIn > 0:
		guard = func(i, j int) bool { return es.powerMean(i, j) >= thresholdGuard*float64(ftpIn) }
	}
	lthr, lthrAt, found := 0.0, 0, false
	var lthrSum, lthrN int64 // lthr is lthrSum / lthrN
	for _, p := range es.pieces {
		for i := p[0]; i+testWindowS <= p[1]; i++ {
			// The last 20 minutes first: once a window is found, most
			// are no higher, and their first 10 minutes need no mean.
			// Its mean, as hrMean gives it, is no higher than lthr
			// exactly when sum·lthrN ≤ lthrSum·n (see meanAbove), which
			// spares the division for the windows that cannot win.
			d := es.hr[i+testWindowS] - es.hr[i+testStartS]
			sum, n := d>>hrShift, d&hrCount
			if n == 0 || 20*n < 19*(testWindowS-testStartS) || (found && !meanAbove(sum, n, lthrSum, lthrN)) {
				continue
			}
			l := float64(sum) / float64(n)
			if f, okF := es.hrMean(i, i+testStartS); !okF || f < hardStart*l {
				continue
			}
			if guard(i+testStartS, i+testWindowS) {
				lthr, lthrAt, found = l, i+testStartS, true
				lthrSum, lthrN = sum, n
			}
		}
	}
	if found {
		est.LTHR = ptr(lthr)
		eff.LTHR = &Effort{Rule: RuleFriel30, StartS: lthrAt, DurS: testLTHRS, Mean: lthr}
	}

	maxHR, maxAt, found := 0.0, 0, false
	var maxSum int64 // maxHR is maxSum / maxHRWindowS
	for _, p := range es.pieces {
		for i := p[0] + maxHRSettleS; i+maxHRWindowS <= p[1]; i++ {
			d := es.hr[i+maxHRWindowS] - es.hr[i]
			if d&hrCount != maxHRWindowS {
				continue
			}
			// Every window here has the same count: its mean is no
			// higher than maxHR exactly when its sum is no higher.
			sum := d >> hrShift
			if found && sum <= maxSum {
				continue
			}
			m := float64(sum) / maxHRWindowS
			if before, ok := es.hrMean(i-maxHRBeforeS, i); ok && before >= maxHRBefore*m {
				maxHR, maxAt, found, maxSum = m, i, true, sum
			}
		}
	}
	if found {
		est.MaxHR = ptr(maxHR)
		eff.MaxHR = &Effort{Rule: RulePeak30s, StartS: maxAt, DurS: maxHRWindowS, Mean: maxHR}
	}
	return est, eff
}
