package analysis

import (
	"math"

	"easyday"
)

// trimpWeights returns Banister's weighting constants for the athlete's sex
// (Banister/Morton: male a = 0.64, b = 1.92; female a = 0.86, b = 1.67;
// docs/metrics.md §3). Anything but Female uses the male constants.
func trimpWeights(a easyday.Athlete) (k, b float64) {
	if a.Sex == easyday.Female {
		return 0.86, 1.67
	}
	return 0.64, 1.92
}

// heartRateReserve reports whether the athlete's resting and max heart rate
// leave a reserve to scale by; without one TRIMP is undefined.
func heartRateReserve(a easyday.Athlete) bool { return a.MaxHR > a.RestingHR }

// TRIMP returns Banister's training impulse integrated per owned interval
// over valid-heart-rate segments (docs/metrics.md §3):
// Σ (Δt/60)·x·a·e^(b·x) with x = max(0, (HR − rest)/(max − rest)).
// It returns 0 when the athlete's max heart rate is not above the resting one.
func TRIMP(segs []easyday.Segment, a easyday.Athlete) float64 {
	if !heartRateReserve(a) {
		return 0
	}
	var t trimpSum
	t.init(a)
	for _, s := range segs {
		if !validHR(s.HR) || !(s.Dur > 0) {
			continue
		}
		t.add(s.HR, s.Dur)
	}
	return t.sum
}

// trimpSum adds up TRIMP one segment at a time, in the segments' order:
// for TRIMP, and in the analysis's one pass over the heart rates.
type trimpSum struct {
	k, b    float64
	rest    int
	reserve float64
	// x and e^(b·x) of each heart rate met, computed once: a heart rate
	// repeats over thousands of segments, and the sum is made of the same
	// products in the same order.
	xs, exps [255]float64 // exps[hr] is 0 until computed (e^(b·x) ≥ 1)
	sum      float64
}

// init readies t for the athlete, who has a heart-rate reserve.
func (t *trimpSum) init(a easyday.Athlete) {
	t.k, t.b = trimpWeights(a)
	t.rest, t.reserve = a.RestingHR, float64(a.MaxHR-a.RestingHR)
}

// add counts a segment of valid heart rate hr that owns dur > 0 seconds.
func (t *trimpSum) add(hr int, dur float64) {
	if t.exps[hr] == 0 {
		t.term(hr)
	}
	t.sum += dur / 60 * t.xs[hr] * t.k * t.exps[hr]
}

// term computes x and e^(b·x) of hr.
func (t *trimpSum) term(hr int) {
	x := math.Max(0, float64(hr-t.rest)/t.reserve)
	t.xs[hr], t.exps[hr] = x, math.Exp(t.b*x)
}

// hrssHour returns the TRIMP of one hour at the LTHR, the score HRSS scales
// to 100, and false when it is not positive (LTHR at or below resting).
func hrssHour(lthr int, a easyday.Athlete) (float64, bool) {
	if !heartRateReserve(a) {
		return 0, false
	}
	k, b := trimpWeights(a)
	x := float64(lthr-a.RestingHR) / float64(a.MaxHR-a.RestingHR)
	hour := 60 * x * k * math.Exp(b*x)
	return hour, hour > 0 && !math.IsInf(hour, 0)
}

// HRSS returns the heart-rate stress score: TRIMP normalised so that one
// hour at LTHR scores exactly 100 (Skiba; docs/metrics.md §3):
// 100·TRIMP / (60·x_LT·a·e^(b·x_LT)). It returns 0 when the LTHR is not
// above the resting heart rate, where the score is undefined.
func HRSS(trimp float64, lthr int, a easyday.Athlete) float64 {
	hour, ok := hrssHour(lthr, a)
	if !ok {
		return 0
	}
	return 100 * trimp / hour
}

// npWindow is the rolling-mean window of normalized power in seconds
// (Coggan, as TrainingPeaks defines NP; docs/metrics.md §4).
const npWindow = 30

// secondEps absorbs the rounding of summed float durations: owned time that
// is a whole number of seconds must not grow an extra second in the NP series
// because 330 segments of 0.1 s add up to 33.0000000000002 s. Files time
// samples to the millisecond at best, so a true remainder is never this small.
const secondEps = 1e-6

// maxSeriesS bounds the 1 Hz series NP builds: 100 days of owned time is no
// activity, and the bound keeps corrupt stored durations from looping for
// ever.
const maxSeriesS = 100 * 86400

// NormalizedPower returns NP over the segments (docs/metrics.md §4) and the
// length in seconds of its 1 Hz series. The series joins the segments (gap
// and paused time are already cut out); second s takes the power of the
// segment owning instant s of the joined time, 0 W when that power is
// missing. ok is false when no segment has power or the series is shorter
// than 30 s.
func NormalizedPower(segs []easyday.Segment) (np float64, seconds int, ok bool) {
	hasPower := false
	for _, s := range segs {
		if validPower(s.Power) && s.Dur > 0 {
			hasPower = true
			break
		}
	}
	if !hasPower {
		return 0, 0, false
	}
	var (
		ring    [npWindow]int64 // the last 30 seconds of power
		sum     int64           // their sum, exact in integers
		fourth  float64         // Σ rolling⁴ from the 30th second on
		rolling int             // number of rolling values
		end     float64         // end of the current segment in joined time
	)
	for _, s := range segs {
		if !(s.Dur > 0) || math.IsInf(s.Dur, 0) {
			continue
		}
		w := int64(0)
		if validPower(s.Power) {
			w = int64(s.Power)
		}
		end += s.Dur
		for float64(seconds) < end-secondEps && seconds < maxSeriesS {
			i := seconds % npWindow
			sum += w - ring[i]
			ring[i] = w
			seconds++
			if seconds >= npWindow {
				r := float64(sum) / npWindow
				r2 := r * r
				fourth += r2 * r2
				rolling++
			}
		}
	}
	if seconds < npWindow {
		return 0, seconds, false
	}
	return math.Sqrt(math.Sqrt(fourth / float64(rolling))), seconds, true
}

// PowerTSS returns the training stress score and intensity factor of NP held
// for seconds against FTP (Coggan; docs/metrics.md §4): IF = NP/FTP,
// TSS = seconds·NP·IF/(FTP·3600)·100. Both are 0 when ftp is 0 or less.
func PowerTSS(np float64, seconds int, ftp int) (tss, intensity float64) {
	if ftp <= 0 {
		return 0, 0
	}
	f := float64(ftp)
	intensity = np / f
	tss = float64(seconds) * np * intensity / (f * 3600) * 100
	return tss, intensity
}

// AveragePower is the mean power over the timer-running owned time that has
// a power reading, coasting's 0 W included (the average a head unit shows;
// docs/metrics.md §4 builds NP on the same owned time). ok is false when no
// owned second has a power reading.
func AveragePower(segs []easyday.Segment) (w float64, ok bool) {
	var sum, secs float64
	for _, s := range segs {
		if validPower(s.Power) && s.Dur > 0 && !math.IsInf(s.Dur, 0) {
			sum += s.Dur * float64(s.Power)
			secs += s.Dur
		}
	}
	if secs == 0 {
		return 0, false
	}
	return sum / secs, true
}
