package analysis

import (
	"slices"

	"easyday"
)

// The margins an estimate must beat the value in force by to be suggested
// (docs/metrics.md §12.4): below them day-to-day heart rate (about 5 bpm,
// Lamberts 2004) and a 20-minute test (about 3%, Borszcz 2020) vary anyway.
const (
	lthrMargin     = 4    // bpm
	maxHRMargin    = 2    // bpm
	ratioMargin    = 1.03 // FTP and threshold speed
	restingMargin  = 3    // bpm, either way
	restingDays    = 30   // the resting HR median's days before the report's day
	restingMinDays = 14   // days with a value the median needs
)

// The days the report reads estimates from (docs/metrics.md §12.4, §12.5).
const (
	suggestDays      = 7  // suggestions: D−7…D−1
	startingDays     = 42 // starting values: D−42…D−1
	demonstratedDays = 56 // not demonstrated: D−56…D−1
)

// The shares of the value in force an estimate must reach to demonstrate it
// (docs/metrics.md §12.5).
const (
	demonstratedLTHR  = 0.97
	demonstratedRatio = 0.95 // FTP and threshold speed
)

// EstimateOf returns the activity's estimate for key k, nil when it gives
// none: the LTHR of a run is the run LTHR's, of a ride the bike LTHR's.
func EstimateOf(k easyday.ThresholdKey, a easyday.Activity) *float64 {
	if (k == easyday.KeyRunLTHR && !a.IsRunning()) || (k == easyday.KeyBikeLTHR && !a.IsCycling()) {
		return nil
	}
	e := a.Estimates
	return byKey(k, e.LTHR, e.FTP, e.ThresholdPace, e.MaxHR)
}

// InForce returns the value of key k in force on day d, 0 when it has none:
// a dated key from the set in force that day, max_hr and resting_hr from
// the athlete. A pace is in seconds per km.
func InForce(k easyday.ThresholdKey, p easyday.Profile, d easyday.Date) float64 {
	th, _ := p.ThresholdsOn(d)
	switch k {
	case easyday.KeyRunLTHR:
		return float64(th.RunLTHR)
	case easyday.KeyBikeLTHR:
		return float64(th.BikeLTHR)
	case easyday.KeyFTP:
		return float64(th.FTP)
	case easyday.KeyRunThresholdPace:
		return th.RunThresholdPace
	case easyday.KeyMaxHR:
		return float64(p.Athlete.MaxHR)
	case easyday.KeyRestingHR:
		return float64(p.Athlete.RestingHR)
	}
	return 0
}

// Beats reports whether estimate e of key k beats the value v in force by
// the margin of docs/metrics.md §12.4. A key with no value (v ≤ 0) has no
// suggestions. A pace beats when its speed is 3% higher.
func Beats(k easyday.ThresholdKey, e, v float64) bool {
	if !(v > 0) || !(e > 0) {
		return false
	}
	switch k {
	case easyday.KeyRunLTHR, easyday.KeyBikeLTHR:
		return e >= v+lthrMargin
	case easyday.KeyMaxHR:
		return e >= v+maxHRMargin
	case easyday.KeyFTP:
		return e >= ratioMargin*v
	case easyday.KeyRunThresholdPace:
		return 1000/e >= ratioMargin*(1000/v)
	}
	return false
}

// better reports whether estimate a of key k is a higher threshold than b:
// a faster pace is a lower number.
func better(k easyday.ThresholdKey, a, b float64) bool {
	if k == easyday.KeyRunThresholdPace {
		return a < b
	}
	return a > b
}

// Suggestion is what the report for a day says of one key (docs/metrics.md
// §12.5): an estimate that beats the value in force, or, for a key with no
// value, a starting value.
type Suggestion struct {
	Key      easyday.ThresholdKey
	Value    float64 // unrounded; a pace in seconds per km
	InForce  float64 // the value in force on the report's day; 0 when none
	Starting bool    // the key has no value: the highest recent estimate is offered
	// Activity is the activity the estimate comes from; nil for resting HR.
	Activity *easyday.Activity
}

// Suggestions returns the suggestions of the report for day d, in the order
// of easyday.ThresholdKeys: for each key the highest estimate of the
// activities on days d−7…d−1 that beats the value in force on d, or, for a
// key with no value, the highest estimate of days d−42…d−1 as a starting
// value; then resting HR from the wellness days' RHR values (rhr, by day),
// see RestingSuggestion. acts may hold activities of any days; excluded
// ones should be left out by the caller.
func Suggestions(acts []easyday.Activity, p easyday.Profile, d easyday.Date, rhr map[easyday.Date]float64) []Suggestion {
	var out []Suggestion
	for _, k := range easyday.ThresholdKeys {
		if k == easyday.KeyRestingHR {
			if s, ok := RestingSuggestion(rhr, p.Athlete.RestingHR, d); ok {
				out = append(out, s)
			}
			continue
		}
		v := InForce(k, p, d)
		from := d.AddDays(-suggestDays)
		if !(v > 0) {
			from = d.AddDays(-startingDays)
		}
		var best *easyday.Activity
		var top float64
		for i := range acts {
			a := &acts[i]
			e := EstimateOf(k, *a)
			if e == nil || a.LocalDate < from || a.LocalDate >= d {
				continue
			}
			if v > 0 && !Beats(k, *e, v) {
				continue
			}
			if best == nil || better(k, *e, top) {
				best, top = a, *e
			}
		}
		if best != nil {
			out = append(out, Suggestion{Key: k, Value: top, InForce: v, Starting: !(v > 0), Activity: best})
		}
	}
	return out
}

// RestingSuggestion returns the resting HR suggestion of the report for
// day d (docs/metrics.md §12.4): the median of the RHR values of the 30
// days before d, when at least 14 have one, when it differs from the
// configured resting HR by 3 bpm or more either way.
func RestingSuggestion(rhr map[easyday.Date]float64, resting int, d easyday.Date) (Suggestion, bool) {
	var vs []float64
	for day := d.AddDays(-restingDays); day < d; day++ {
		if v, ok := rhr[day]; ok {
			vs = append(vs, v)
		}
	}
	if len(vs) < restingMinDays {
		return Suggestion{}, false
	}
	slices.Sort(vs)
	m := vs[len(vs)/2]
	if len(vs)%2 == 0 {
		m = (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
	}
	diff := m - float64(resting)
	if diff < restingMargin && diff > -restingMargin {
		return Suggestion{}, false
	}
	return Suggestion{Key: easyday.KeyRestingHR, Value: m, InForce: float64(resting), Starting: resting <= 0}, true
}

// NotDemonstrated returns the dated keys with a value in force on day d
// that no activity of days d−56…d−1 demonstrated (docs/metrics.md §12.5):
// none had an estimate of at least 97% of the LTHR, or 95% of the FTP or
// of the threshold speed. It is information only: no number changes.
func NotDemonstrated(acts []easyday.Activity, p easyday.Profile, d easyday.Date) []easyday.ThresholdKey {
	var out []easyday.ThresholdKey
	for _, k := range easyday.ThresholdKeys {
		if !k.Dated() {
			continue
		}
		if v := InForce(k, p, d); v > 0 && !Demonstrated(acts, k, v, d) {
			out = append(out, k)
		}
	}
	return out
}

// Demonstrated reports whether an activity of days d−56…d−1 shows value v
// of key k (docs/metrics.md §12.5).
func Demonstrated(acts []easyday.Activity, k easyday.ThresholdKey, v float64, d easyday.Date) bool {
	for _, a := range acts {
		e := EstimateOf(k, a)
		if e == nil || a.LocalDate < d.AddDays(-demonstratedDays) || a.LocalDate >= d {
			continue
		}
		switch k {
		case easyday.KeyRunLTHR, easyday.KeyBikeLTHR:
			if *e >= demonstratedLTHR*v {
				return true
			}
		case easyday.KeyFTP:
			if *e >= demonstratedRatio*v {
				return true
			}
		case easyday.KeyRunThresholdPace:
			if *e > 0 && 1000 / *e >= demonstratedRatio*(1000/v) {
				return true
			}
		}
	}
	return false
}
