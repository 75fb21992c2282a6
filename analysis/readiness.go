package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"easyday"
)

// Readiness rules of docs/metrics.md §11.
const (
	// rhrMin, rhrMax: a resting heart rate outside 25–120 bpm is not a reading.
	rhrMin, rhrMax = 25, 120
	// rhrBaselineDays, rhrBaselineMin: the RHR baseline is the 60 calendar
	// days before the day used, when at least 14 of them have a value.
	rhrBaselineDays, rhrBaselineMin = 60, 14
	// rhrElevatedBPM: elevated when RHR − mean ≥ max(3 bpm, SD).
	rhrElevatedBPM = 3.0
	// hrvWeekNights, hrvWeekMin: the 7-night ln-rMSSD mean needs 3 nights.
	hrvWeekNights, hrvWeekMin = 7, 3
	// hrvBaselineFirst, hrvBaselineLast, hrvBaselineMin: baseline nights
	// D−66 … D−7, at least 14 with a value.
	hrvBaselineFirst, hrvBaselineLast, hrvBaselineMin = 66, 7, 14
	// hrvSWC: below normal under mean − 0.5·SD (Plews et al. 2013;
	// HRV4Training's smallest worthwhile change).
	hrvSWC = 0.5
	// poorSleepScore: an overall sleep score below 60 is a poor night.
	poorSleepScore = 60
	// ReadinessLookback is how many days before D the readiness of D reads:
	// the HRV baseline's first night.
	ReadinessLookback = hrvBaselineFirst
	// tolerance of every comparison of the readiness rules (docs/metrics.md §11.0).
	tolerance = 1e-9
)

// WellnessDate is the local day a wellness timestamp belongs to: the day of
// t in loc, except that a row stamped exactly at local midnight closes the
// day before (devices write the day's last summary at 00:00).
func WellnessDate(t time.Time, loc *time.Location) easyday.Date {
	if loc == nil {
		loc = time.UTC
	}
	lt := t.In(loc)
	d := easyday.DateOf(t, loc)
	if lt.Hour() == 0 && lt.Minute() == 0 && lt.Second() == 0 && lt.Nanosecond() == 0 {
		return d - 1
	}
	return d
}

// WellnessRows places a wellness file's values on their local days: a
// monitoring value on the day of its instant, a night's values (sleep, HRV)
// on the day the night ends, that is the day of the file's last night value
// (for sleep, the end of the sleep window when the file writes one).
func WellnessRows(f easyday.WellnessFile, loc *time.Location) []easyday.WellnessRow {
	var end, sleepEnd time.Time
	for _, v := range f.Values {
		if !v.Metric.Night() {
			continue
		}
		if v.Time.After(end) {
			end = v.Time
		}
		if v.Metric == easyday.MetricSleepEnd && v.Time.After(sleepEnd) {
			sleepEnd = v.Time
		}
	}
	if !sleepEnd.IsZero() {
		end = sleepEnd
	}
	night := WellnessDate(end, loc)
	rows := make([]easyday.WellnessRow, 0, len(f.Values))
	for _, v := range f.Values {
		day := night
		if !v.Metric.Night() {
			day = WellnessDate(v.Time, loc)
		}
		rows = append(rows, easyday.WellnessRow{Day: day, WellnessValue: v})
	}
	return rows
}

// WellnessDays sums the stored rows up per local day, in date order; a day
// appears when it has at least one of the values WellnessDay shows.
func WellnessDays(rows []easyday.WellnessRow) []easyday.WellnessDay {
	byDay := map[easyday.Date][]easyday.WellnessRow{}
	for _, r := range rows {
		byDay[r.Day] = append(byDay[r.Day], r)
	}
	dates := make([]easyday.Date, 0, len(byDay))
	for d := range byDay {
		dates = append(dates, d)
	}
	slices.Sort(dates)
	var out []easyday.WellnessDay
	for _, d := range dates {
		if w, ok := wellnessDay(d, byDay[d]); ok {
			out = append(out, w)
		}
	}
	return out
}

// wellnessDay reads one day's values (docs/metrics.md §11.1–3).
func wellnessDay(d easyday.Date, rows []easyday.WellnessRow) (easyday.WellnessDay, bool) {
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b easyday.WellnessRow) int { return a.Time.Compare(b.Time) })
	w := easyday.WellnessDay{Date: d}
	latest := map[easyday.Metric]float64{}
	var rhrAt time.Time
	var stressSum, hrvSum float64
	var stressN, hrvN int
	var levels []easyday.WellnessRow
	var sleepEnd time.Time
	for _, r := range rows {
		switch r.Metric {
		case easyday.MetricRestingHR:
			if r.Value >= rhrMin && r.Value <= rhrMax {
				w.RHR, rhrAt = ref(int(r.Value)), r.Time
			}
		case easyday.MetricStress:
			if r.Value >= 0 {
				stressSum += r.Value
				stressN++
			}
		case easyday.MetricHRV:
			if r.Value > 0 {
				hrvSum += r.Value
				hrvN++
			}
		case easyday.MetricSleepLevel:
			levels = append(levels, r)
		case easyday.MetricSleepEnd:
			sleepEnd = r.Time
		}
		latest[r.Metric] = r.Value
	}
	// Garmin's 7-day value from the row that gave the day's value, else
	// the latest plausible one.
	for _, r := range rows {
		if r.Metric != easyday.MetricRestingHR7d || r.Value < rhrMin || r.Value > rhrMax {
			continue
		}
		if w.RHR == nil || r.Time.Equal(rhrAt) {
			w.RHR7d = ref(int(r.Value))
		}
	}
	if v, ok := latest[easyday.MetricHRVLastNight]; ok {
		w.HRVLastNightMS = ref(v)
	} else if hrvN > 0 {
		w.HRVLastNightMS = ref(hrvSum / float64(hrvN))
	}
	if v, ok := latest[easyday.MetricHRVWeekly]; ok {
		w.HRVWeeklyMS = ref(v)
	}
	if v, ok := latest[easyday.MetricHRVStatus]; ok {
		if name := easyday.HRVStatusName(int(v)); name != "" {
			w.HRVStatus, w.HRVSummary = ref(name), true
		}
	}
	lo, okLo := latest[easyday.MetricHRVBalancedLow]
	hi, okHi := latest[easyday.MetricHRVBalancedHigh]
	if okLo && okHi {
		w.HRVBaseline = &easyday.HRVBand{Low: lo, High: hi}
	}
	w.SleepS = sleepSeconds(levels, sleepEnd)
	if v, ok := latest[easyday.MetricSleepScore]; ok {
		w.SleepScore = ref(int(v))
	}
	if stressN > 0 {
		w.StressAvg = ref(stressSum / float64(stressN))
	}
	has := w.RHR != nil || w.RHR7d != nil || w.HRVLastNightMS != nil || w.HRVWeeklyMS != nil ||
		w.HRVStatus != nil || w.HRVBaseline != nil || w.SleepS != nil || w.SleepScore != nil || w.StressAvg != nil
	return w, has
}

// sleepSeconds is the time asleep: light, deep and REM levels, each lasting
// until the next level row, the last one until the sleep window's end (the
// event 74 stop, else the last row). Nil when no row is a stage of sleep.
func sleepSeconds(levels []easyday.WellnessRow, end time.Time) *float64 {
	asleep := false
	var sum float64
	for i, l := range levels {
		switch int(l.Value) {
		case easyday.SleepLight, easyday.SleepDeep, easyday.SleepREM:
		default:
			continue
		}
		asleep = true
		until := end
		if i+1 < len(levels) {
			until = levels[i+1].Time
		}
		if until.After(l.Time) {
			sum += until.Sub(l.Time).Seconds()
		}
	}
	if !asleep {
		return nil
	}
	return &sum
}

// Readiness reads the day's readiness from the wellness days (docs/metrics.md
// §11.1–4). days may be in any order and may hold days after d (ignored).
func Readiness(d easyday.Date, days []easyday.WellnessDay) easyday.Readiness {
	by := make(map[easyday.Date]easyday.WellnessDay, len(days))
	has := false
	for _, w := range days {
		if w.Date <= d {
			by[w.Date] = w
			has = true
		}
	}
	r := easyday.Readiness{
		Signals: []easyday.Signal{hrvSignal(d, by), restingHRSignal(d, by), sleepSignal(d, by)},
		HasData: has,
	}
	off, known := 0, 0
	for _, s := range r.Signals {
		if s.Off() {
			off++
		}
		if s.State != easyday.StateUnknown {
			known++
		}
	}
	switch {
	case off >= 2:
		r.Code = easyday.ReadinessRecover
	case off == 1:
		r.Code = easyday.ReadinessEasy
	case known > 0:
		r.Code = easyday.ReadinessNormal
	default:
		r.Code = easyday.ReadinessUnknown
	}
	return r
}

// meanSD returns the mean and population SD of xs.
func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)))
}

// restingHRSignal: RHR of d, else of d−1, against the 60 days before it
// (docs/metrics.md §11.1).
func restingHRSignal(d easyday.Date, by map[easyday.Date]easyday.WellnessDay) easyday.Signal {
	s := easyday.Signal{Name: easyday.SignalRestingHR, State: easyday.StateUnknown}
	used := d
	if by[d].RHR == nil {
		used = d - 1
	}
	rhr := by[used].RHR
	if rhr == nil {
		return s
	}
	s.Value, s.Date = ref(float64(*rhr)), ref(used)
	var base []float64
	for x := used - rhrBaselineDays; x < used; x++ {
		if v := by[x].RHR; v != nil {
			base = append(base, float64(*v))
		}
	}
	if len(base) < rhrBaselineMin {
		return s
	}
	m, sd := meanSD(base)
	s.Baseline = ref(m)
	if float64(*rhr)-m >= max(rhrElevatedBPM, sd)-tolerance {
		s.State = easyday.StateElevated
	} else {
		s.State = easyday.StateNormal
	}
	return s
}

// hrvSignal: Garmin's status for the night ending on d, else our ln-rMSSD
// baseline (docs/metrics.md §11.2).
func hrvSignal(d easyday.Date, by map[easyday.Date]easyday.WellnessDay) easyday.Signal {
	s := easyday.Signal{Name: easyday.SignalHRV, State: easyday.StateUnknown}
	if w := by[d]; w.HRVSummary && w.HRVStatus != nil {
		s.Date, s.Value, s.Band, s.Status = ref(d), w.HRVLastNightMS, w.HRVBaseline, *w.HRVStatus
		s.Week, s.LastNight = w.HRVWeeklyMS, w.HRVLastNightMS
		switch *w.HRVStatus {
		case "low", "poor":
			s.State = easyday.StateBelowNormal
		case "balanced":
			s.State = easyday.StateNormal
		case "unbalanced":
			if w.HRVWeeklyMS != nil && w.HRVBaseline != nil {
				if *w.HRVWeeklyMS < w.HRVBaseline.Low-tolerance {
					s.State = easyday.StateBelowNormal
				} else {
					s.State = easyday.StateAboveNormal
				}
			}
		}
		return s
	}
	x := func(n easyday.Date) (float64, bool) {
		if v := by[n].HRVLastNightMS; v != nil && *v > 0 {
			return math.Log(*v), true
		}
		return 0, false
	}
	var week, base []float64
	var last easyday.Date
	for n := d - hrvWeekNights + 1; n <= d; n++ {
		if v, ok := x(n); ok {
			week, last = append(week, v), n
		}
	}
	for n := d - hrvBaselineFirst; n <= d-hrvBaselineLast; n++ {
		if v, ok := x(n); ok {
			base = append(base, v)
		}
	}
	if len(week) == 0 {
		return s
	}
	wm, _ := meanSD(week)
	s.Value, s.Date = ref(math.Exp(wm)), ref(last)
	s.Week, s.LastNight = s.Value, by[d].HRVLastNightMS
	if len(week) < hrvWeekMin || len(base) < hrvBaselineMin {
		return s
	}
	m, sd := meanSD(base)
	s.Baseline = ref(math.Exp(m))
	s.Band = &easyday.HRVBand{Low: math.Exp(m - hrvSWC*sd), High: math.Exp(m + hrvSWC*sd)}
	if wm < m-hrvSWC*sd-tolerance {
		s.State = easyday.StateBelowNormal
	} else {
		s.State = easyday.StateNormal
	}
	return s
}

// sleepSignal: the overall sleep score of the night ending on d (docs/metrics.md §11.3).
func sleepSignal(d easyday.Date, by map[easyday.Date]easyday.WellnessDay) easyday.Signal {
	s := easyday.Signal{Name: easyday.SignalSleep, State: easyday.StateUnknown}
	w := by[d]
	s.Seconds = w.SleepS
	if w.SleepS != nil || w.SleepScore != nil {
		s.Date = ref(d)
	}
	if w.SleepScore == nil {
		return s
	}
	s.Value = ref(float64(*w.SleepScore))
	if *w.SleepScore < poorSleepScore {
		s.State = easyday.StatePoor
	} else {
		s.State = easyday.StateNormal
	}
	return s
}

// caution ranks the advice codes, most cautious first (docs/metrics.md §11.5).
var caution = []easyday.AdviceCode{easyday.AdviceRest, easyday.AdviceEasyDays, easyday.AdviceCrossTrain, easyday.AdviceRecoveryRun, easyday.AdviceTrain, easyday.AdviceReady, easyday.AdviceFresh}

// cautionRank is the code's place in caution; unknown codes rank as the
// most cautious, so that readiness never touches them.
func cautionRank(code easyday.AdviceCode) int {
	if i := slices.Index(caution, code); i >= 0 {
		return i
	}
	return 0
}

// Temper moves the day's advice towards caution when readiness says so
// (docs/metrics.md §11.5), and puts the readiness into the facts. recent and p
// are what Facts was given: the cross-training condition reads them.
// Readiness never makes the advice harder.
func Temper(f easyday.Facts, r easyday.Readiness, recent []easyday.Activity, p easyday.Profile) easyday.Facts {
	f.Readiness = r
	f.Advice.MovedBy = nil
	f.Advice.FormCode = f.Advice.Code
	s := situation{
		form:        f.Form,
		hard:        f.HardYesterday,
		weekM:       RunningMetres(recent, f.Date-7, f.Date-1),
		injuryProne: p.Athlete.InjuryProne,
		ceil:        f.RecoveryCeilBPM,
		unit:        p.Athlete.DistanceUnit.Or(easyday.Kilometres),
	}
	from := f.Advice.Code
	rank := cautionRank(from)
	if from == easyday.AdviceNoData {
		// No activities: no training advice, unless the wellness files
		// ask for caution, which needs no training history.
		rank = cautionRank(easyday.AdviceFresh)
	}
	var to easyday.AdviceCode
	switch r.Code {
	case easyday.ReadinessRecover:
		if rank > cautionRank(easyday.AdviceEasyDays) {
			to = easyday.AdviceEasyDays
		}
	case easyday.ReadinessEasy:
		if rank >= cautionRank(easyday.AdviceTrain) {
			to = easyday.AdviceRecoveryRun
			if !s.runAllowed() {
				to = easyday.AdviceCrossTrain
			}
		}
	}
	if to == "" {
		return f
	}
	var names []easyday.SignalName
	var why []string
	for _, sig := range r.Signals {
		if sig.Off() {
			names = append(names, sig.Name)
		}
	}
	// The text leads with the number a runner knows best.
	for _, name := range []easyday.SignalName{easyday.SignalRestingHR, easyday.SignalHRV, easyday.SignalSleep} {
		for _, sig := range r.Signals {
			if sig.Name == name && sig.Off() {
				why = append(why, offPhrase(sig))
			}
		}
	}
	lead := upperFirst(joinAnd(why))
	switch to {
	case easyday.AdviceEasyDays:
		f.Advice = easyDaysAdvice(s, lead+": take an easy day whatever your form says,")
	case easyday.AdviceCrossTrain:
		f.Advice = crossTrainAdvice(s, lead+": keep today easy whatever your form says.")
	default:
		f.Advice = recoveryRunAdvice(s, lead+": keep today easy whatever your form says.")
	}
	f.Advice.MovedBy = names
	f.Advice.FormCode = from
	return f
}

// offPhrase says how a signal is off, for the advice text.
func offPhrase(s easyday.Signal) string {
	switch {
	case s.Name == easyday.SignalRestingHR && s.Value != nil && s.Baseline != nil:
		v, b := math.Round(*s.Value), math.Round(*s.Baseline)
		return fmt.Sprintf("resting HR %.0f, %.0f above your usual %.0f", v, v-b, b)
	case s.Name == easyday.SignalSleep && s.Value != nil:
		return fmt.Sprintf("a poor night (sleep score %.0f)", *s.Value)
	case s.Name == easyday.SignalHRV:
		return "HRV below normal"
	}
	return strings.ReplaceAll(string(s.Name), "_", " ") + " " + strings.ReplaceAll(string(s.State), "_", " ")
}

// joinAnd joins phrases as "a", "a, and b", "a, b, and c" (the first
// phrase of resting HR holds a comma of its own).
func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", and " + parts[len(parts)-1]
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func ref[T any](v T) *T { return &v }

// WellnessTrend returns the n days ending with d for the report's chart:
// each day's own resting HR and overnight HRV, with the bands the readiness
// rules of that day read them against (docs/metrics.md §11.1–2).
func WellnessTrend(d easyday.Date, days []easyday.WellnessDay, n int) []easyday.WellnessTrendDay {
	by := make(map[easyday.Date]easyday.WellnessDay, len(days))
	for _, w := range days {
		by[w.Date] = w
	}
	out := make([]easyday.WellnessTrendDay, 0, n)
	for x := d - easyday.Date(n) + 1; x <= d; x++ {
		t := easyday.WellnessTrendDay{Date: x}
		w := by[x]
		if w.RHR != nil {
			t.RHR = ref(float64(*w.RHR))
		}
		var base []float64
		for y := x - rhrBaselineDays; y < x; y++ {
			if v := by[y].RHR; v != nil {
				base = append(base, float64(*v))
			}
		}
		if len(base) >= rhrBaselineMin {
			m, sd := meanSD(base)
			t.RHRLow, t.RHRHigh = ref(m-max(rhrElevatedBPM, sd)), ref(m+max(rhrElevatedBPM, sd))
		}
		t.HRV = w.HRVLastNightMS
		s := hrvSignal(x, by)
		if w.HRVSummary && w.HRVBaseline != nil {
			t.HRVLow, t.HRVHigh = ref(w.HRVBaseline.Low), ref(w.HRVBaseline.High)
		} else if s.Band != nil && s.Status == "" {
			t.HRVLow, t.HRVHigh = ref(s.Band.Low), ref(s.Band.High)
		}
		if t.HRV != nil || w.HRVWeeklyMS != nil {
			// Only on a night with a value: the chart leaves a gap where
			// the files stop instead of carrying the average on.
			t.HRVWeek = s.Week
		}
		out = append(out, t)
	}
	return out
}
