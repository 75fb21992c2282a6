package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"easyday"
)

// Hard-day and recovery-run rules of the daily report.
const (
	// hardLoad: a day's load of 150 or more is TrainingPeaks' medium-or-higher band.
	hardLoad = 150.0
	// hardZ4S: 10 minutes or more at z4 or above is a workout or a race.
	hardZ4S = 600.0
	// crossTrainMiles: under this weekly running distance a recovery run adds
	// more risk than benefit; cross-train instead.
	crossTrainMiles = 24
	// laterMiles: from this weekly running distance on, run the recovery run
	// later in the day.
	laterMiles = 40
	// recoveryMaxS: past 30 minutes an easy run stops being a recovery run
	// (TrainingPeaks: 20–30 minutes in z1–z2; longer easy running is
	// training volume, not recovery).
	recoveryMaxS = 1800.0
	// cyclePeriodDays: days 1–5 of a menstrual cycle get the fatigue note.
	cyclePeriodDays = 5
)

// Facts computes the report's facts for day d from the model days, the
// activities of the days d−7 … d−1 (with Zones, TimerS, DistanceM, Sport,
// Load, StartUTC, UTCOffsetS) and the profile.
//
// days should run from the first activity's day (as Days is run by the
// caller) through at least d−1. Where it stops short of a day the model
// needs, the last day present is carried forward with zero load; before
// its first day the model holds the values of the day before that first
// day (the seeds when days starts at the first activity); with no days at
// all it holds the profile's seeds. HistoryDays counts from the day before
// days[0] (or before the earliest activity in recent when days is empty).
func Facts(d easyday.Date, days []easyday.Day, recent []easyday.Activity, p easyday.Profile) easyday.Facts {
	m := newModel(days, p.Athlete)
	ctl, atl := m.on(d - 1)
	ctl8, _ := m.on(d - 8)

	f := easyday.Facts{
		Date:            d,
		Fitness:         ctl,
		Fatigue:         atl,
		Form:            ctl - atl,
		Ramp:            ctl - ctl8,
		YesterdayLoad:   loadOn(recent, d-1),
		HardYesterday:   HardDay(recent, d-1),
		RestDaysToFresh: RestDaysToFresh(ctl, atl),
		Seeded:          p.Athlete.FitnessSeed != 0 || p.Athlete.FatigueSeed != 0,
		Warnings:        []easyday.AdviceWarning{},
		Readiness:       Readiness(d, nil),
	}
	weekM := RunningMetres(recent, d-7, d-1)
	u := p.Athlete.DistanceUnit.Or(easyday.Kilometres)
	f.DistanceUnit = u
	f.WeekDistance = u.FromMetres(weekM)
	if th, ok := p.ThresholdsOn(d); ok {
		f.RecoveryCeilBPM = TopOfZ2(th.RunLTHR)
	}
	f.HistoryDays = historyDays(d, days, recent)

	s := situation{
		form:        f.Form,
		hard:        f.HardYesterday,
		weekM:       weekM,
		injuryProne: p.Athlete.InjuryProne,
		ceil:        f.RecoveryCeilBPM,
		unit:        u,
	}
	f.Advice = advise(s)
	if len(days) == 0 && len(recent) == 0 {
		// Nothing is known of the athlete's training: no advice on it.
		f.Advice = easyday.Advice{Code: easyday.AdviceNoData, Text: "No activities before today, so no advice on training yet: " +
			"drop your watch's files (FIT, TCX or GPX) into the inbox and run `easyday ingest`."}
	}
	if HardDay(recent, d-2) {
		f.Warnings = append(f.Warnings, recoveryWarnings(recent, d-1, f.RecoveryCeilBPM)...)
	}
	if n, ok := cycleNote(d, p.Athlete); ok {
		f.Notes = append(f.Notes, n)
	}
	return f
}

// model answers CTL and ATL on any day from a run of Days output.
type model struct {
	days       []easyday.Day // sorted by date
	ctl0, atl0 float64       // values before days[0]
}

func newModel(days []easyday.Day, a easyday.Athlete) model {
	m := model{days: append([]easyday.Day(nil), days...), ctl0: a.FitnessSeed, atl0: a.FatigueSeed}
	sort.SliceStable(m.days, func(i, j int) bool { return m.days[i].Date < m.days[j].Date })
	if len(m.days) > 0 {
		// Undo the first day's step: the day before it is the seed when the
		// slice starts at the first activity, and the true value when the
		// caller passed a later window.
		first := m.days[0]
		m.ctl0 = (first.CTL - kCTL*first.Load) / (1 - kCTL)
		m.atl0 = (first.ATL - kATL*first.Load) / (1 - kATL)
	}
	return m
}

// on returns CTL and ATL at the end of day x.
func (m model) on(x easyday.Date) (ctl, atl float64) {
	i := sort.Search(len(m.days), func(i int) bool { return m.days[i].Date > x }) - 1
	if i < 0 {
		return m.ctl0, m.atl0
	}
	day := m.days[i]
	n := float64(x - day.Date)
	// n days with no load: each step multiplies by (1 − k).
	return day.CTL * math.Pow(1-kCTL, n), day.ATL * math.Pow(1-kATL, n)
}

// historyDays counts the days from the day before the first activity to
// d−1, that is d − first, and 0 when there is none.
func historyDays(d easyday.Date, days []easyday.Day, recent []easyday.Activity) int {
	first, found := easyday.Date(0), false
	for _, day := range days {
		if !found || day.Date < first {
			first, found = day.Date, true
		}
	}
	if !found {
		for _, a := range recent {
			if !found || a.LocalDate < first {
				first, found = a.LocalDate, true
			}
		}
	}
	if !found || first >= d {
		return 0
	}
	return int(d - first)
}

// loadOn sums the loads of the activities on day.
func loadOn(acts []easyday.Activity, day easyday.Date) float64 {
	var sum float64
	for _, a := range acts {
		if a.LocalDate == day {
			sum += finiteLoad(a.Load)
		}
	}
	return sum
}

// HardDay reports whether day was hard: a total load of 150 or more
// (TrainingPeaks' medium-or-higher band), or any activity with 10 minutes
// or more at z4 or above, a workout or a race.
func HardDay(acts []easyday.Activity, day easyday.Date) bool {
	if loadOn(acts, day) >= hardLoad {
		return true
	}
	for _, a := range acts {
		if a.LocalDate == day && zoneZ4Up(a.Zones) >= hardZ4S {
			return true
		}
	}
	return false
}

func zoneZ4Up(z easyday.ZoneSeconds) float64 { return z.Z4 + z.Z5a + z.Z5b + z.Z5c }

// RunningMetres sums the distance of running-sport activities (running,
// trail, treadmill) on the days from..to inclusive (docs/metrics.md §8).
func RunningMetres(acts []easyday.Activity, from, to easyday.Date) float64 {
	var sum float64
	for _, a := range acts {
		if a.IsRunning() && a.LocalDate >= from && a.LocalDate <= to && validDistance(a.DistanceM) {
			sum += a.DistanceM
		}
	}
	return sum
}

// miles formats a distance given in miles in the athlete's unit.
//
// A metric runner reads a round number of kilometres (24 mi, 38.6 km, reads
// "40 km"), rounded up to 5 km so that "under 40 km" stays true whenever the
// rule, which counts in miles, says under 24 mi.
func miles(mi float64, u easyday.DistanceUnit) string {
	if u == easyday.Miles {
		return fmt.Sprintf("%g mi", mi)
	}
	km := easyday.Kilometres.FromMetres(mi * easyday.MetresPerMile)
	return fmt.Sprintf("%.0f km", 5*math.Ceil(km/5))
}

// situation is what the advice rules read.
type situation struct {
	form        float64
	hard        bool    // yesterday was hard
	weekM       float64 // running metres over the last 7 days
	injuryProne bool
	ceil        int // top of run z2 in bpm, 0 when unknown
	unit        easyday.DistanceUnit
}

// runAllowed reports whether the mileage rule allows a recovery run: 24 mi
// a week or more, and not injury-prone.
func (s situation) runAllowed() bool {
	return !s.injuryProne && s.weekM >= crossTrainMiles*easyday.MetresPerMile
}

// noRunReason says why a recovery run is not advised.
func (s situation) noRunReason() string {
	if s.injuryProne {
		return "as you are prone to injury"
	}
	return "with under " + miles(crossTrainMiles, s.unit) + " of running in the last 7 days"
}

// ceiling describes how easy a recovery session must be.
func (s situation) ceiling() string {
	if s.ceil > 0 {
		return fmt.Sprintf("in z1–z2, keeping your heart rate at or below %d bpm", s.ceil)
	}
	return "in z1–z2, easy enough to talk in full sentences"
}

// advise applies the advice rules in order; the first that applies wins.
func advise(s situation) easyday.Advice {
	band := easyday.FormBandOf(s.form)
	switch {
	case band == easyday.FormOverreached:
		return easyday.Advice{Code: easyday.AdviceRest, Text: "You are overreached. Take a few easy days, " +
			"starting with passive recovery: sleep, a nap, massage, compression, or a full rest day."}
	case band == easyday.FormFatigued:
		return easyDaysAdvice(s, "Take a few easy days")
	case s.hard && !s.runAllowed():
		return crossTrainAdvice(s, "Yesterday was hard.")
	case s.hard:
		return recoveryRunAdvice(s, "Yesterday was hard.")
	case band == easyday.FormProductive:
		return easyday.Advice{Code: easyday.AdviceTrain, Text: "Productive training load: train as planned, and keep your easy days easy."}
	case band == easyday.FormRecovered:
		return easyday.Advice{Code: easyday.AdviceReady, Text: "You are recovered: a good day for a quality session " +
			"such as intervals, a tempo run or a race."}
	default:
		text := "You are fresh: a good day for a hard session or a race."
		if band == easyday.FormFading {
			text += " Form is this high because training has been light: your fitness is starting to fade."
		}
		return easyday.Advice{Code: easyday.AdviceFresh, Text: text}
	}
}

// easyDaysAdvice is the easy-days advice after its opening words.
func easyDaysAdvice(s situation, head string) easyday.Advice {
	text := head + " with only active recovery: an easy spin or yoga"
	if s.runAllowed() {
		text += ", or a short recovery run of 20–30 minutes " + s.ceiling() + "."
	} else {
		text += ". Skip running for now: " + s.noRunReason() + ", a recovery run adds more risk than benefit."
	}
	return easyday.Advice{Code: easyday.AdviceEasyDays, Text: text}
}

// crossTrainAdvice is the cross-training advice after its opening sentence.
func crossTrainAdvice(s situation, head string) easyday.Advice {
	return easyday.Advice{Code: easyday.AdviceCrossTrain, Text: head + " Instead of a run, do a " +
		"20–30 minute easy ride or yoga session: " + s.noRunReason() + ", a recovery run adds more risk than benefit."}
}

// recoveryRunAdvice is the recovery-run advice after its opening sentence.
func recoveryRunAdvice(s situation, head string) easyday.Advice {
	text := head + " Go for a 20–30 minute recovery run " + s.ceiling() + "."
	if s.weekM >= laterMiles*easyday.MetresPerMile {
		text += " Run it later in the day to give your body more time to recover."
	}
	return easyday.Advice{Code: easyday.AdviceRecoveryRun, Text: text}
}

// recoveryWarnings checks the runs of day, the day after a hard day, when a
// recovery run was due.
func recoveryWarnings(acts []easyday.Activity, day easyday.Date, ceil int) []easyday.AdviceWarning {
	runs := make([]easyday.Activity, 0, len(acts))
	for _, a := range acts {
		if a.LocalDate == day && a.IsRunning() {
			runs = append(runs, a)
		}
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].StartUTC.Before(runs[j].StartUTC) })
	var out []easyday.AdviceWarning
	for _, a := range runs {
		total := a.Zones.Total()
		if !(total > 0) {
			continue
		}
		easy := a.Zones.Z1 + a.Zones.Z2
		hard := total - easy
		name := fmt.Sprintf("Yesterday's run at %s (%s)", a.LocalClock(), formatDuration(a.TimerS))
		// Compared as 10·part against 9·total and 1·total so that exactly 90 %
		// and exactly 10 % of whole seconds fall on the documented side.
		switch {
		case 10*easy >= 9*total && a.TimerS > recoveryMaxS:
			out = append(out, easyday.AdviceWarning{Code: easyday.WarnRecoveryTooLong, Text: name +
				" came the day after a hard day and went on past 30 minutes. A recovery run is 20–30 minutes in " +
				"z1–z2: short enough to add almost no fatigue while you recover; past 30 minutes easy running " +
				"adds training volume, and the fatigue that comes with it. Keep recovery runs to 20–30 minutes."})
		case a.TimerS <= recoveryMaxS && 10*hard > total:
			text := fmt.Sprintf("%s came the day after a hard day and spent %.0f%% of its heart-rate time "+
				"in z3 or above: too hard for a recovery run. Keep recovery runs in z1–z2", name, 100*hard/total)
			if ceil > 0 {
				text += fmt.Sprintf(", at or below %d bpm", ceil)
			}
			out = append(out, easyday.AdviceWarning{Code: easyday.WarnRecoveryTooHard, Text: text + "."})
		}
	}
	return out
}

// formatDuration writes seconds as "1 h 5 min", "45 min" or "30 min 10 s".
func formatDuration(sec float64) string {
	if !(sec > 0) || math.IsInf(sec, 0) {
		return "0 min"
	}
	total := int64(math.Round(sec))
	h, m, s := total/3600, total/60%60, total%60
	var parts []string
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d h", h))
	}
	if m > 0 || (h == 0 && s == 0) {
		parts = append(parts, fmt.Sprintf("%d min", m))
	}
	if s > 0 {
		parts = append(parts, fmt.Sprintf("%d s", s))
	}
	return strings.Join(parts, " ")
}

// cycleNote returns the note for days 1–5 of a menstrual cycle.
func cycleNote(d easyday.Date, a easyday.Athlete) (string, bool) {
	if a.Sex != easyday.Female || a.CycleStart == nil ||
		a.CycleLengthDays <= 0 || d < *a.CycleStart {
		return "", false
	}
	day := int(d-*a.CycleStart) % a.CycleLengthDays
	if day >= cyclePeriodDays {
		return "", false
	}
	return fmt.Sprintf("Day %d of your cycle: fatigue runs higher and your basal metabolic rate rises by "+
		"more than 6%%, so plan your fuelling and expect slower recovery.", day+1), true
}

// QuietDays are the days strictly between last, the latest day with an
// activity, and the report's day d: 0 when yesterday had one.
func QuietDays(d, last easyday.Date) int { return max(0, int(d-last)-1) }

// Quiet says how long nothing has arrived: the facts of day d with the
// latest day before it that has an activity (ok false: none at all).
func Quiet(f easyday.Facts, last easyday.Date, ok bool) easyday.Facts {
	f.LastActivityDate, f.QuietDays = nil, nil
	if ok && last < f.Date {
		n := QuietDays(f.Date, last)
		f.LastActivityDate, f.QuietDays = &last, &n
	}
	return f
}
