package analysis

import (
	"math"
	"time"

	"easyday"
)

// maxOffsetS bounds a UTC offset taken from a file (docs/metrics.md §6: ±14 h).
const maxOffsetS = 14 * 3600

// zeroPowerWarning is added when a ride's power is 0 from start to end: a
// head unit that writes 0 with no meter paired (Sigma does), not a ride of
// pure coasting. Its load then comes from heart rate, not a power TSS of 0.
var zeroPowerWarning = easyday.Warning{Code: easyday.WarningZeroPower,
	Text: "power is 0 throughout (no power meter?): load from heart rate"}

// recomputed are the warnings that state what computeMetrics found: Recompute
// drops them and computeMetrics adds them again when they still hold.
var recomputed = map[easyday.WarningCode]bool{easyday.WarningNoThresholds: true, easyday.WarningZeroPower: true,
	easyday.WarningHRSensorFault: true, easyday.WarningGPSFault: true}

// Analyze turns one decoded recording into an activity: everything but ID,
// SHA256 and Source. The recording's timeline is stored in
// Activity.Segments (neighbours with equal values merged), and every metric
// is computed from those segments, so Recompute on the stored activity
// gives the same numbers.
func Analyze(rec easyday.Recording, p easyday.Profile) easyday.Activity {
	clk := easyday.KeptClock(rec.Samples)
	tm, timerIgnored := timerOf(rec, clk)
	segs, kept, dropped := timeline(rec.Samples, clk, tm, true)
	a := easyday.Activity{
		Format:   rec.Format,
		Sport:    rec.Sport,
		SubSport: rec.SubSport,
		Dropped:  dropped,
		Segments: segs,
	}
	a.Warnings = append([]easyday.Warning{}, rec.Warnings...)
	if dropped > 0 {
		noun := "samples"
		if dropped == 1 {
			noun = "sample"
		}
		a.Warnings = append(a.Warnings, easyday.Warnf(easyday.WarningBackwards, "%d %s dropped: time went backwards", dropped, noun))
	}
	if clk.Faults > 0 {
		a.Warnings = append(a.Warnings, easyday.Warnf(easyday.WarningClockFault,
			"%d of %d samples dropped: their times lie more than 24 h from the rest (a clock fault)", clk.Faults, len(rec.Samples)))
	}
	if timerIgnored {
		a.Warnings = append(a.Warnings, easyday.Warnf(easyday.WarningTimerIgnored,
			"the timer events leave no running time: the timer read as running from the first sample to the last"))
	}

	// Start, local day and durations (docs/metrics.md §1.6, §6). A start more
	// than 24 h outside the kept samples is a clock fault (docs/metrics.md
	// §1.3).
	switch {
	case !rec.Start.IsZero() && (len(rec.Samples) == 0 || clk.Near(rec.Start)):
		a.StartUTC = rec.Start.UTC()
	case kept.n > 0:
		a.StartUTC = kept.first.Time()
	}
	a.UTCOffsetS = utcOffset(a.StartUTC, rec.UTCOffsetS, p.Location)
	a.LocalDate = easyday.DateOf(a.LocalStart(), time.UTC)

	if v, ok := fileTime(rec.ElapsedS, kept); ok {
		a.ElapsedS = v
	} else if kept.n > 1 {
		a.ElapsedS = kept.last.Sub(kept.first).Seconds()
	}
	if v, ok := fileTime(rec.TimerS, kept); ok {
		a.TimerS = v
	} else {
		a.TimerS = timerSeconds(kept, tm)
	}
	if v, ok := fileDistance(rec.DistanceM, kept); ok {
		a.DistanceM = v
	} else if kept.lastDist != easyday.Missing {
		a.DistanceM = kept.lastDist
	}
	return computeMetrics(a, p)
}

// fileValue returns a summary value the file carried, when it is usable.
func fileValue(v *float64) (float64, bool) {
	if v == nil || !(*v >= 0) || math.IsInf(*v, 0) {
		return 0, false
	}
	return *v, true
}

// maxFileTimeS is the longest time a file's own total may claim (docs/
// metrics.md §1.6): 7 days, longer than any activity recorded as one.
const maxFileTimeS = 7 * 24 * 3600

// fileTime returns a file's own total time (session or lap), when docs/
// metrics.md §1.6 lets it stand: finite, not negative, at most 7 days, and
// at most 60 s longer than the kept samples' span.
func fileTime(v *float64, kept keptSpan) (float64, bool) {
	t, ok := fileValue(v)
	if !ok || t > maxFileTimeS || kept.n > 0 && t > kept.last.Sub(kept.first).Seconds()+60 {
		return 0, false
	}
	return t, true
}

// fileDistance returns a file's own total distance, when docs/metrics.md
// §1.6 lets it stand: finite, not negative, at most 10,000 km, and at most
// 1.5 times the samples' last distance when that is over 1 km (a writer
// that scaled its units wrongly).
func fileDistance(v *float64, kept keptSpan) (float64, bool) {
	d, ok := fileValue(v)
	if !ok || d > easyday.MaxDistanceM || kept.lastDist > 1000 && d > 1.5*kept.lastDist {
		return 0, false
	}
	return d, true
}

// utcOffset returns the offset in seconds east of UTC: the file's when it
// has a plausible one, else the athlete's zone at the start instant, never
// the machine's zone (docs/metrics.md §6). Without a configured zone it is UTC.
func utcOffset(start time.Time, file *int, loc *time.Location) int {
	if file != nil && *file >= -maxOffsetS && *file <= maxOffsetS {
		return *file
	}
	if loc == nil {
		return 0
	}
	_, off := start.In(loc).Zone()
	return off
}

// Recompute recomputes zones, HR metrics, power metrics and load of a stored
// activity from a.Segments with the thresholds in force on a.LocalDate
// (a.LocalDate, times and durations are kept). The no-thresholds and
// zero-power warnings are replaced by the current state; other warnings are
// kept.
func Recompute(a easyday.Activity, p easyday.Profile) easyday.Activity {
	warnings := make([]easyday.Warning, 0, len(a.Warnings))
	for _, w := range a.Warnings {
		if !recomputed[w.Code] {
			warnings = append(warnings, w)
		}
	}
	a.Warnings = warnings
	return computeMetrics(a, p)
}

// computeMetrics fills the heart-rate, zone, power and load fields of a
// from a.Segments, a.Sport and the thresholds in force on a.LocalDate,
// one step after the other (each step's warnings in that order).
func computeMetrics(a easyday.Activity, p easyday.Profile) easyday.Activity {
	a.HRS, a.AvgHR, a.MaxHR = 0, nil, nil
	a.Zones = easyday.ZoneSeconds{}
	a.TRIMP, a.HRSS, a.NPW, a.PowerTSS = nil, nil, nil, nil
	a.NGPSPerKm, a.PaceLoad = nil, nil
	a.Load, a.LoadSource = 0, easyday.LoadNone

	th, ok := p.ThresholdsOn(a.LocalDate)
	cycling := a.IsCycling()
	lthr := 0 // no zones without thresholds in force
	if ok {
		lthr = sportLTHR(th, cycling)
	}
	cov, zones := heartRateMetrics(&a, p.Athlete, lthr, cycling)
	a.ScoredWith = ""
	if !ok {
		a.Warnings = append(a.Warnings, easyday.Warnf(easyday.WarningNoThresholds, "no thresholds in force on %s", a.LocalDate))
	} else {
		a.ScoredWith = th.Key()
	}
	a.Estimates, _ = estimateEfforts(a, th, ok, cov)
	if ok {
		zoneMetrics(&a, zones, lthr, p.Athlete)
		powerMetrics(&a, th)
	}
	paceMetrics(&a, th, ok)
	a.Load, a.LoadSource = chooseLoad(a, cov.owned, cov.distanced)
	return a
}

// heartRateMetrics sets a's heart-rate seconds, average and maximum and its
// TRIMP, warning of a strap's faulty seconds. It returns the coverage of
// a's segments, which choosing the load and the estimates weigh, and the
// seconds in each zone of the LTHR lthr (none when lthr is 0 or less):
// all of them sums in the segments' order, taken in this one pass.
func heartRateMetrics(a *easyday.Activity, at easyday.Athlete, lthr int, cycling bool) (cov coverage, zones easyday.ZoneSeconds) {
	var weighted, faulty float64
	maxHR := 0
	reserve := heartRateReserve(at)
	var trimp trimpSum
	if reserve {
		trimp.init(at)
	}
	zs := zoneSum{lthr: lthr, cycling: cycling}
	for i := range a.Segments {
		s := &a.Segments[i]
		cov.add(s)
		if s.Dur > 0 && faultHR(s.HR) {
			faulty += s.Dur
		}
		if !validHR(s.HR) || !(s.Dur > 0) {
			continue
		}
		a.HRS += s.Dur
		weighted += s.Dur * float64(s.HR)
		maxHR = max(maxHR, s.HR)
		if reserve {
			trimp.add(s.HR, s.Dur) // TRIMP's sum
		}
		if lthr > 0 {
			zs.add(s.HR, s.Dur) // Zones' sums
		}
	}
	if faulty > 0 {
		// docs/metrics.md §1.2: above 225 bpm a strap has lost contact.
		a.Warnings = append(a.Warnings, easyday.Warnf(easyday.WarningHRSensorFault,
			"heart rate above %d bpm for %.0f s (a strap losing contact): those seconds count as missing", maxValidHR, faulty))
	}
	if a.HRS > 0 {
		a.AvgHR = ptr(weighted / a.HRS)
		a.MaxHR = ptr(float64(maxHR))
		if reserve {
			a.TRIMP = ptr(trimp.sum)
		}
	}
	if lthr > 0 {
		zones = zs.seconds()
	}
	return cov, zones
}

// sportLTHR is the LTHR in th for a ride (cycling) or any other sport.
func sportLTHR(th easyday.Thresholds, cycling bool) int {
	if cycling {
		return th.BikeLTHR
	}
	return th.RunLTHR
}

// zoneMetrics sets a's time in zones (taken in the heart-rate pass) and
// its HRSS from the sport's LTHR.
func zoneMetrics(a *easyday.Activity, zones easyday.ZoneSeconds, lthr int, at easyday.Athlete) {
	if lthr <= 0 {
		return
	}
	a.Zones = zones
	if a.TRIMP != nil {
		if _, valid := hrssHour(lthr, at); valid {
			a.HRSS = ptr(HRSS(*a.TRIMP, lthr, at))
		}
	}
}

// powerMetrics sets a ride's normalized power and power TSS. Power TSS
// needs an FTP, a cycling threshold: other sports keep none even when a
// running power meter recorded watts (docs/metrics.md §4, §5).
func powerMetrics(a *easyday.Activity, th easyday.Thresholds) {
	if !a.IsCycling() || th.FTP <= 0 {
		return
	}
	if np, secs, has := NormalizedPower(a.Segments); has && np > 0 {
		tss, _ := PowerTSS(np, secs, th.FTP)
		a.NPW, a.PowerTSS = ptr(np), ptr(tss)
	} else if has {
		a.Warnings = append(a.Warnings, zeroPowerWarning)
	}
}

// paceMetrics (docs/metrics.md §10) sets NGP for any run with distance, and
// pace load when a threshold pace is in force (ok: th is).
func paceMetrics(a *easyday.Activity, th easyday.Thresholds, ok bool) {
	if !a.IsRunning() {
		return
	}
	if faulty := gpsFaultSeconds(a.Segments); faulty > 0 {
		a.Warnings = append(a.Warnings, easyday.Warnf(easyday.WarningGPSFault,
			"speed above %g m/s for %.0f s (a GPS fault): those seconds count as standing still", easyday.MaxRunSpeed, faulty))
	}
	if ngs, secs, has := NormalizedGradedSpeed(a.Segments, a.IsTreadmill()); has && ngs > 0 {
		a.NGPSPerKm = ptr(1000 / ngs)
		if ok && th.RunThresholdPace > 0 {
			load, _ := PaceLoad(ngs, secs, th.RunThresholdPace)
			a.PaceLoad = ptr(load)
		}
	}
}

// chooseLoad is a's load and its source (docs/metrics.md §5): the first
// rule that applies.
func chooseLoad(a easyday.Activity, owned, withDistance float64) (float64, easyday.LoadSource) {
	switch {
	case a.PowerTSS != nil:
		return *a.PowerTSS, easyday.LoadPower
	case a.HRSS != nil && covered(a.HRS, owned):
		return *a.HRSS, easyday.LoadHR
	case a.PaceLoad != nil && covered(withDistance, owned):
		return *a.PaceLoad, easyday.LoadPace
	case a.HRSS != nil:
		return *a.HRSS, easyday.LoadHR
	}
	return 0, easyday.LoadNone
}

func ptr(v float64) *float64 { return &v }
