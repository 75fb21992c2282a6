package analysis

import (
	"math"

	"easyday"
)

// Daily decay constants of the performance-management model (docs/metrics.md
// §7): 42-day fitness, 7-day fatigue (easyday.FitnessDays, FatigueDays).
var (
	kCTL = 1 - math.Exp(-1.0/easyday.FitnessDays)
	kATL = 1 - math.Exp(-1.0/easyday.FatigueDays)
)

// rampDays is the span of the ramp rate: CTL_d − CTL_{d−7} (docs/metrics.md §7).
const rampDays = 7

// Step advances fitness and fatigue by one day with that day's load
// (docs/metrics.md §7): CTL += k_C·(L − CTL), ATL += k_A·(L − ATL).
func Step(ctl, atl, load float64) (float64, float64) {
	return ctl + kCTL*(load-ctl), atl + kATL*(load-atl)
}

// finiteLoad keeps a non-finite load from poisoning every later day.
func finiteLoad(l float64) float64 {
	if math.IsNaN(l) || math.IsInf(l, 0) {
		return 0
	}
	return l
}

// Days runs the performance-management model (docs/metrics.md §7) over daily
// loads from `from` to `to` inclusive, starting from the seeds on the day
// before `from`; loads maps a local day to the sum of its activities' loads
// (days not in the map have no load). TSB is form going into the day
// (CTL and ATL of the day before). Ramp looks back 7 days; before `from`
// the fitness is taken to be the seed. It returns nil when to < from.
func Days(loads map[easyday.Date]float64, from, to easyday.Date, ctlSeed, atlSeed float64) []easyday.Day {
	if to < from {
		return nil
	}
	days := make([]easyday.Day, 0, int(to-from)+1)
	ctl, atl := ctlSeed, atlSeed
	for d := from; ; d++ {
		load := finiteLoad(loads[d])
		tsb := ctl - atl
		ctl, atl = Step(ctl, atl, load)
		back := ctlSeed
		if i := len(days) - rampDays; i >= 0 {
			back = days[i].CTL
		}
		days = append(days, easyday.Day{Date: d, Load: load, CTL: ctl, ATL: atl, TSB: tsb, Ramp: ctl - back})
		if d == to {
			break // before d++ so that `to` at the top of the Date range cannot wrap
		}
	}
	return days
}

// maxMonotony caps Foster's monotony and is its value when the loads do not
// vary (Runalyze Monotony.php; docs/metrics.md §9).
const maxMonotony = 10

// Monotony returns Foster's monotony and strain over daily loads, normally
// the 7 days ending with the report's previous day, days without activity
// as 0 (docs/metrics.md §9): monotony = mean / population SD (10 when the SD is
// 0, capped at 10), strain = Σ load × monotony. Both are 0 for no loads.
func Monotony(loads []float64) (monotony, strain float64) {
	if len(loads) == 0 {
		return 0, 0
	}
	var sum float64
	for _, l := range loads {
		sum += finiteLoad(l)
	}
	n := float64(len(loads))
	mean := sum / n
	var ss float64
	for _, l := range loads {
		d := finiteLoad(l) - mean
		ss += d * d
	}
	sd := math.Sqrt(ss / n)
	monotony = maxMonotony
	if sd > 0 {
		monotony = math.Min(mean/sd, maxMonotony)
	}
	return monotony, sum * monotony
}

// maxRestDays bounds RestDaysToFresh: form that a year of rest does not
// bring to 0 (fatigue without any fitness) never gets there in practice.
const maxRestDays = 365

// RestDaysToFresh returns the smallest n >= 0 such that, with no training
// from day D on, form on day D+n is >= 0, given CTL and ATL of day D−1. It
// steps the model day by day; the result equals
// ceil(ln(ctl/atl) / ln((1−k_A)/(1−k_C))) for atl > ctl > 0 (docs/metrics.md §7)
// and is capped at 365 days.
func RestDaysToFresh(ctl, atl float64) int {
	if math.IsNaN(ctl) || math.IsNaN(atl) {
		return 0
	}
	for n := 0; n < maxRestDays; n++ {
		if ctl-atl >= 0 {
			return n
		}
		ctl, atl = Step(ctl, atl, 0)
	}
	return maxRestDays
}
