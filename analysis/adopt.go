package analysis

import (
	"slices"

	"easyday"
)

// KeyStatus is one key of `easyday thresholds` as of a day d: the value in
// force, since when, the best estimate of days d−42…d−1, whether it is
// suggested, and whether the value in force was demonstrated in days
// d−56…d−1 (docs/metrics.md §12.4, §12.5).
type KeyStatus struct {
	Key     easyday.ThresholdKey
	InForce float64 // 0 when the key has no value; a pace in seconds per km
	// Since is the first day of the set the value comes from; nil for the
	// [athlete] keys, which are not dated, and when no set is in force.
	Since *easyday.Date
	// Best is the best estimate of days d−42…d−1 and its activity; nil
	// when there is none, and always for resting HR, which comes from the
	// wellness files rather than an activity.
	Best *Suggestion
	// Suggested is the value suggested: the best estimate when it beats
	// the value in force, or is a starting value for a key with none; for
	// resting HR the 30-day median of the wellness files. Nil when nothing
	// is suggested.
	Suggested *float64
	// Demonstrated says whether an activity of days d−56…d−1 shows the
	// value in force; nil where §12.5 does not say (max HR, resting HR, a
	// key with no value).
	Demonstrated *bool
}

// Status returns every key's status as of day d, in the order of
// easyday.ThresholdKeys, from the activities (any days; excluded ones left
// out by the caller) and the wellness days' resting heart rates (rhr, by
// day).
func Status(acts []easyday.Activity, p easyday.Profile, d easyday.Date, rhr map[easyday.Date]float64) []KeyStatus {
	out := make([]KeyStatus, 0, len(easyday.ThresholdKeys))
	for _, k := range easyday.ThresholdKeys {
		s := KeyStatus{Key: k, InForce: InForce(k, p, d)}
		if k.Dated() {
			if th, ok := p.ThresholdsOn(d); ok {
				since := th.From
				s.Since = &since
			}
		}
		if k == easyday.KeyRestingHR {
			if r, ok := RestingSuggestion(rhr, p.Athlete.RestingHR, d); ok {
				s.Suggested = ptr(r.Value)
			}
			out = append(out, s)
			continue
		}
		s.Best = bestEstimate(acts, k, d.AddDays(-startingDays), d)
		if s.Best != nil {
			s.Best.InForce = s.InForce
			s.Best.Starting = !(s.InForce > 0)
			if s.Best.Starting || Beats(k, s.Best.Value, s.InForce) {
				s.Suggested = ptr(s.Best.Value)
			}
		}
		if k.Dated() && s.InForce > 0 {
			shown := Demonstrated(acts, k, s.InForce, d)
			s.Demonstrated = &shown
		}
		out = append(out, s)
	}
	return out
}

// bestEstimate returns the best estimate of key k among the activities of
// days from…to−1, the earliest activity first among equals; nil when none
// gives one.
func bestEstimate(acts []easyday.Activity, k easyday.ThresholdKey, from, to easyday.Date) *Suggestion {
	var best *Suggestion
	for i := range acts {
		a := &acts[i]
		e := EstimateOf(k, *a)
		if e == nil || a.LocalDate < from || a.LocalDate >= to {
			continue
		}
		if best == nil || better(k, *e, best.Value) {
			best = &Suggestion{Key: k, Value: *e, Activity: a}
		}
	}
	return best
}

// Adoption is one [[thresholds]] set that adopts the suggested dated keys
// whose activities fall on one local day: it starts that day and holds the
// suggested values, rounded as the configuration writes them, and for
// every other key the value in force that day.
type Adoption struct {
	Set easyday.Thresholds
	// Suggestions are the suggestions it adopts, in key order.
	Suggestions []Suggestion
	// Blocked is the first day of a set already configured on or after
	// the set's day and no later than the day asked about: a set added
	// beneath it would not be in force then, so none is added and the
	// athlete edits that set instead. Zero when the set can be added.
	Blocked easyday.Date
}

// Adopt returns the sets that adopt the suggestions of dated keys (others
// are ignored) as of day d, one per local day of their activities, oldest
// first. Each set starts from the value in force on its day, counting the
// sets before it, so that adopting one key never undoes another. Values
// are whole bpm and W and a pace to the second in the athlete's unit,
// halves rounded up.
func Adopt(sugs []Suggestion, p easyday.Profile, d easyday.Date) []Adoption {
	byDay := map[easyday.Date][]Suggestion{}
	var days []easyday.Date
	for _, s := range sugs {
		if !s.Key.Dated() || s.Activity == nil {
			continue
		}
		day := s.Activity.LocalDate
		if _, ok := byDay[day]; !ok {
			days = append(days, day)
		}
		byDay[day] = append(byDay[day], s)
	}
	slices.Sort(days)
	work := p
	work.Thresholds = slices.Clone(p.Thresholds)
	var out []Adoption
	for _, day := range days {
		a := Adoption{Suggestions: byDay[day]}
		for _, t := range p.Thresholds {
			if t.From >= day && t.From <= d && (a.Blocked == 0 || t.From < a.Blocked) {
				a.Blocked = t.From
			}
		}
		th, _ := work.ThresholdsOn(day)
		th.From = day
		for _, s := range a.Suggestions {
			switch s.Key {
			case easyday.KeyRunLTHR:
				th.RunLTHR = easyday.WholeUp(s.Value)
			case easyday.KeyBikeLTHR:
				th.BikeLTHR = easyday.WholeUp(s.Value)
			case easyday.KeyFTP:
				th.FTP = easyday.WholeUp(s.Value)
			case easyday.KeyRunThresholdPace:
				th.RunThresholdPace = RoundPace(s.Value, p.Athlete.DistanceUnit)
			}
		}
		a.Set = th
		out = append(out, a)
		if a.Blocked == 0 {
			work.Thresholds = append(work.Thresholds, th)
			slices.SortStableFunc(work.Thresholds, func(x, y easyday.Thresholds) int { return int(x.From - y.From) })
		}
	}
	return out
}

// RoundPace rounds a pace in seconds per km to the second in unit, halves
// up, and returns it in seconds per km: the pace the configuration can
// write.
func RoundPace(sPerKm float64, unit easyday.DistanceUnit) float64 {
	m := unit.Or(easyday.Kilometres).Metres()
	return float64(easyday.WholeUp(sPerKm*m/1000)) * 1000 / m
}
