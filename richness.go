package easyday

import (
	"math"
	"time"
)

// The same activity in two files (the watch's FIT and a TCX or GPX export
// of it): starts within SameStartWindow, and a timer time or an elapsed
// time within sameTimeFraction of the other copy's. A FIT that pauses and a
// TCX export that does not differ in timer time but not in elapsed time.
const (
	SameStartWindow  = 60 * time.Second
	sameTimeFraction = 0.05
)

// IsUnspecific reports whether the sport says nothing of what the activity
// was: a TCX "Other", a GPX track without a type, a FIT "generic".
func (s Sport) IsUnspecific() bool { return s == Generic || s == "" }

// SameActivity reports whether a is a copy of the activity b: starts at
// most SameStartWindow apart, a timer time within 5% of b's or an elapsed
// time within 5% of b's, and the same sport or either one unspecific (an
// export may not say what the watch knew).
func SameActivity(a, b Activity) bool {
	apart := a.StartUTC.Sub(b.StartUTC)
	if apart < -SameStartWindow || apart > SameStartWindow {
		return false
	}
	if a.Sport != b.Sport && !a.Sport.IsUnspecific() && !b.Sport.IsUnspecific() {
		return false
	}
	// The tolerance keeps "exactly 5%" inside despite float rounding.
	within := func(x, ref float64) bool { return math.Abs(x-ref) <= sameTimeFraction*ref+1e-9 }
	return within(a.TimerS, b.TimerS) || a.ElapsedS > 0 && b.ElapsedS > 0 && within(a.ElapsedS, b.ElapsedS)
}

// ScoredAlike reports whether a and b are scored by the same rules: both
// rides, both runs, or both neither (the sport picks the LTHR, the zone
// table and the load, docs/metrics.md §2, §5, §10).
func ScoredAlike(a, b Activity) bool {
	return a.IsCycling() == b.IsCycling() && a.IsRunning() == b.IsRunning()
}

// Richness is how much one copy of an activity tells, for choosing between
// two copies of the same activity (the watch's FIT and a TCX or GPX export
// of it): seconds of valid power (rides only), then seconds of heart rate,
// then seconds with distance, then the format (FIT over TCX over GPX).
type Richness struct {
	PowerS, HRS, DistanceS float64
	Format                 int     // 3 FIT, 2 TCX, 1 GPX, 0 any other
	TimerS                 float64 // the copy's timer time, for the margin of a tie
}

// richnessMargin is the share of the timer time under which two copies'
// seconds of power or heart rate count as equal: formats rebuild the
// timeline slightly differently (a TCX and its FIT differ by a few seconds),
// and that must not swap a stored FIT for its own TCX export.
const richnessMargin = 0.01

// formatRank orders the formats by what they can carry.
var formatRank = map[Format]int{FormatFIT: 3, FormatTCX: 2, FormatGPX: 1}

// RichnessOf measures a copy of an activity from its metrics and segments.
// Heart-rate seconds are the activity's HRS. Segments carry no distance, so
// a copy with a total distance counts 1 s of it and one without 0: having
// distance beats not having it, and two copies with distance tie there
// (rather than the longer timer winning).
func RichnessOf(a Activity) Richness {
	// Seconds beyond the timer time are time the timer stood still: no
	// copy tells more by having them.
	r := Richness{HRS: math.Min(a.HRS, a.TimerS), Format: formatRank[a.Format], TimerS: a.TimerS}
	if a.Sport.IsCycling() {
		for _, s := range a.Segments {
			if s.Power != Missing {
				r.PowerS += s.Dur
			}
		}
		r.PowerS = math.Min(r.PowerS, a.TimerS)
	}
	if a.DistanceM > 0 {
		r.DistanceS = 1
	}
	return r
}

// Richer reports whether r tells more than o, comparing in the order of the
// fields; seconds of power or heart rate within richnessMargin of the longer
// timer (at least 1 s) are a tie. On a tie throughout it is false, so that
// the copy stored first stays.
func (r Richness) Richer(o Richness) bool {
	margin := math.Max(1, richnessMargin*math.Max(r.TimerS, o.TimerS))
	for _, c := range []struct{ a, b, margin float64 }{
		{r.PowerS, o.PowerS, margin}, {r.HRS, o.HRS, margin},
		{r.DistanceS, o.DistanceS, 0.5}, {float64(r.Format), float64(o.Format), 0.5},
	} {
		if math.Abs(c.a-c.b) >= c.margin {
			return c.a > c.b
		}
	}
	return false
}

// CopyChoice is what becomes of a new copy of a stored activity
// (SameActivity): whether it replaces the stored one, and the sport the
// activity kept names.
type CopyChoice struct {
	NewWins bool // the new copy tells more (Richness): it replaces the stored one
	// Sport and SubSport are the stored copy's, or the new copy's when
	// Relabel; a winning new copy that names no sport takes them.
	Sport    Sport
	SubSport string
	Relabel  bool // the stored copy stays but takes the new copy's sport
}

// ChooseCopy decides between a new copy a and the stored copy of the same
// activity: the richer copy wins (Richness; when only one is a ride, both
// are measured as the ride, power counting for a ride only). When one copy
// names the sport and the other does not (a FIT swim and its TCX "Other"),
// the activity keeps the specific sport: a richer unspecific copy takes it
// over, and a poorer specific copy gives it to the stored one (Relabel).
// Where the two sports are not scored alike (a ride against a generic
// activity), the richer copy was scored by the wrong rules, so the specific
// copy wins.
func ChooseCopy(a, stored Activity) CopyChoice {
	ra, rs := RichnessOf(a), RichnessOf(stored)
	if a.IsCycling() != stored.IsCycling() {
		ra, rs = richnessAsRide(a), richnessAsRide(stored)
	}
	c := CopyChoice{NewWins: ra.Richer(rs), Sport: stored.Sport, SubSport: stored.SubSport}
	switch {
	case a.Sport.IsUnspecific() == stored.Sport.IsUnspecific():
	case !ScoredAlike(a, stored):
		c.NewWins = !a.Sport.IsUnspecific()
	case !c.NewWins && !a.Sport.IsUnspecific():
		c.Relabel = true
		c.Sport, c.SubSport = a.Sport, a.SubSport
	}
	return c
}

// richnessAsRide measures a copy's richness counting its power seconds.
func richnessAsRide(a Activity) Richness {
	a.Sport = Cycling
	return RichnessOf(a)
}
