package analysis

// Frozen copies of the analysis code as it was before the speed work, the
// oracle the differential tests compare the current code with bit for bit.
// The policy: a speed change never edits this file (the oracle is what
// proves the fast code computes the same numbers); a change of a docs/metrics.md
// rule updates this file in the same commit, written the plain way, so the
// oracle keeps stating the rules. Rule changes made here since the freeze:
//   - §1.2 (metrics version 3): heart rate above 225 bpm is a sensor fault,
//     kept in the segments, read as missing, its seconds a warning.
//   - §1.2 (metrics version 4): a cumulative distance above 10,000 km and an
//     altitude outside −500…9,000 m are missing.
//   - §10.1 (metrics version 4): a running speed above 12.5 m/s is a GPS
//     fault: the sample runs at 0, its owned seconds a warning.
//   - Not a rule, bookkeeping: an activity records the Key of the
//     thresholds set that scored it (ScoredWith), for the report's
//     stale-thresholds note.
//   - §12 (metrics version 5): the best efforts and threshold estimates of
//     each activity (RefEstimate); merging keeps a segment followed by gap
//     time apart, so that the stream shows where a gap cuts the series.
//   - §1.3 (metrics version 5): clock faults. The samples, sorted, split
//     where two lie more than 24 h apart; the largest group (the earliest
//     on a tie) is kept, the others dropped with a warning; a start or
//     timer event more than 24 h outside the kept span is ignored.
//   - §1.4 (metrics version 5): a FIT file whose timer events leave no
//     running time is read as one without timer events, with a warning.
//   - §1.6 (metrics version 5): a file's own total time or distance is
//     ignored when absurd (over 7 days, over 10,000 km) or contradicted by
//     its samples (60 s past their span, 1.5 times their distance).

import (
	"math"
	"sort"
	"time"

	"easyday"
)

func refValidHR(hr int) bool { return hr > 0 && hr <= 225 }

func refFaultHR(hr int) bool { return hr > 225 && hr < 255 }

func refValidPower(w int) bool { return w >= 0 && w < 0xFFFF }

func refValidDistance(d float64) bool {
	return d >= 0 && !math.IsInf(d, 0) && !math.IsNaN(d) && d <= 10_000_000
}

func refNormalize(s easyday.Sample) easyday.Sample {
	if !refValidHR(s.HR) && !refFaultHR(s.HR) {
		s.HR = 0
	}
	if !refValidPower(s.Power) {
		s.Power = easyday.Missing
	}
	if !refValidDistance(s.Distance) {
		s.Distance = easyday.Missing
	}
	if !(s.Speed >= 0) || math.IsInf(s.Speed, 0) {
		s.Speed = easyday.Missing
	}
	if math.IsNaN(s.Altitude) || math.IsInf(s.Altitude, 0) || s.Altitude < -500 || s.Altitude > 9000 {
		s.Altitude = easyday.Missing
	}
	return s
}

// refClock is the kept span of §1.3's clock-fault rule.
type refClock struct {
	first, last time.Time
	faults      int
}

func refKeptClock(samples []easyday.Sample) refClock {
	if len(samples) == 0 {
		return refClock{}
	}
	times := make([]time.Time, len(samples))
	for i, s := range samples {
		times[i] = s.Time.Time()
	}
	sort.SliceStable(times, func(i, j int) bool { return times[i].Before(times[j]) })
	var groups [][]time.Time
	start := 0
	for i := 1; i <= len(times); i++ {
		if i == len(times) || times[i].Sub(times[i-1]) > 24*time.Hour {
			groups = append(groups, times[start:i])
			start = i
		}
	}
	best := groups[0]
	for _, g := range groups[1:] {
		if len(g) > len(best) {
			best = g
		}
	}
	return refClock{first: best[0], last: best[len(best)-1], faults: len(samples) - len(best)}
}

func (c refClock) holds(t time.Time) bool { return !t.Before(c.first) && !t.After(c.last) }

func (c refClock) near(t time.Time) bool {
	return !t.Before(c.first.Add(-24*time.Hour)) && !t.After(c.last.Add(24*time.Hour))
}

type refKeptSamples struct {
	samples []easyday.Sample
	clk     refClock
	i       int // the next sample of the file to read
	dropped int // samples dropped for going backwards so far
}

func (k *refKeptSamples) next() (easyday.Sample, bool) {
	var cur easyday.Sample
	ok := k.nextInto(&cur)
	return cur, ok
}

func (k *refKeptSamples) nextInto(cur *easyday.Sample) bool {
	for k.i < len(k.samples) && !k.clk.holds(k.samples[k.i].Time.Time()) {
		k.i++
	}
	if k.i >= len(k.samples) {
		return false
	}
	*cur = refNormalize(k.samples[k.i])
	for k.i++; k.i < len(k.samples); k.i++ {
		s := &k.samples[k.i]
		switch {
		case !k.clk.holds(s.Time.Time()):
			continue
		case s.Time.Before(cur.Time):
			k.dropped++
			continue
		case !s.Time.Time().Equal(cur.Time.Time()):
			return true
		}
		n := refNormalize(*s)
		if cur.HR == 0 || refFaultHR(cur.HR) && refValidHR(n.HR) {
			cur.HR = n.HR
		}
		if cur.Power == easyday.Missing {
			cur.Power = n.Power
		}
		if cur.Distance == easyday.Missing {
			cur.Distance = n.Distance
		}
		if cur.Speed == easyday.Missing {
			cur.Speed = n.Speed
		}
		if cur.Altitude == easyday.Missing {
			cur.Altitude = n.Altitude
		}
	}
	return true
}

type refKeptSpan struct {
	n           int
	first, last time.Time
	lastDist    float64 // the last kept distance, Missing when none
}

func (sp *refKeptSpan) add(s easyday.Sample) {
	if sp.n == 0 {
		sp.first = s.Time.Time()
	}
	sp.n++
	sp.last = s.Time.Time()
	if s.Distance != easyday.Missing {
		sp.lastDist = s.Distance
	}
}

type refTimer struct {
	// fromFile: the file defines the timer (FIT timer events, TCX lap
	// bounds). False: it runs from the first sample to the last.
	fromFile bool
	// events, sorted by time. With fromFile and no events the timer never
	// runs: a TCX file whose laps each hold one trackpoint time.
	events []easyday.TimerEvent
}

func refTimerOf(rec easyday.Recording, clk refClock) (refTimer, bool) {
	if !rec.HasEvents {
		return refTimer{}, false
	}
	var ev []easyday.TimerEvent
	for _, e := range rec.Events {
		if len(rec.Samples) == 0 || clk.near(e.Time) {
			ev = append(ev, e)
		}
	}
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].Time.Before(ev[j].Time) })
	tm := refTimer{fromFile: true, events: ev}
	if rec.Format != easyday.FormatFIT || len(rec.Samples) == 0 {
		return tm, false
	}
	// No running time at all: read as a file without timer events.
	k := refKeptSamples{samples: rec.Samples, clk: clk}
	sp := refKeptSpan{lastDist: easyday.Missing}
	for s, ok := k.next(); ok; s, ok = k.next() {
		sp.add(s)
	}
	if refTimerSeconds(sp, tm) == 0 {
		return refTimer{}, true
	}
	return tm, false
}

func RefTimeline(rec easyday.Recording) (segs []easyday.Segment, dropped int) {
	clk := refKeptClock(rec.Samples)
	tm, _ := refTimerOf(rec, clk)
	k := refKeptSamples{samples: rec.Samples, clk: clk}
	segs, _ = refOwnedSegments(&k, tm, len(rec.Samples), false)
	return segs, k.dropped
}

func refOwnedSegments(k *refKeptSamples, tm refTimer, size int, merge bool) ([]easyday.Segment, refKeptSpan) {
	sp := refKeptSpan{lastDist: easyday.Missing}
	if tm.fromFile && len(tm.events) == 0 {
		for s, ok := k.next(); ok; s, ok = k.next() {
			sp.add(s)
		}
		return []easyday.Segment{}, sp
	}
	events := tm.events

	nextStop := make([]int, len(events)+1)
	nextStop[len(events)] = len(events)
	for j := len(events) - 1; j >= 0; j-- {
		if events[j].Running {
			nextStop[j] = nextStop[j+1]
		} else {
			nextStop[j] = j
		}
	}
	running := true
	if len(events) > 0 {
		running = !events[0].Running
	}
	segs := make([]easyday.Segment, 0, size+1)
	j := 0
	open := false
	// The sample in hand and the one after it, in two slots that swap.
	var pair [2]easyday.Sample
	s, following := &pair[0], &pair[1]
	more := k.nextInto(s)
	for more {
		sp.add(*s)
		hasNext := k.nextInto(following)
		for j < len(events) && !events[j].Time.After(s.Time.Time()) {
			running = events[j].Running
			j++
		}
		switch {
		case !running:
			if open {
				segs = refAddSegment(segs, refTrackSegment(s, 0, 0), merge)
			}
			open = false
		default:
			var end time.Time
			bounded, next := false, false
			if hasNext {
				end, bounded, next = following.Time.Time(), true, true
			}
			if k := nextStop[j]; k < len(events) && (!bounded || events[k].Time.Before(end)) {
				end, bounded, next = events[k].Time, true, false
			}
			step := 0.0
			if next {
				step = end.Sub(s.Time.Time()).Seconds()
			}
			open = next
			if !bounded {

				segs = refAddSegment(segs, refTrackSegment(s, 0, 0), merge)
				break
			}
			d := end.Sub(s.Time.Time())
			if d > maxGap {
				d = maxGap
			}
			if d > 0 {
				segs = refAddSegment(segs, refTrackSegment(s, d.Seconds(), step), merge)
			}
		}
		s, following, more = following, s, hasNext
	}
	if merge && len(segs) < cap(segs)/2 {

		segs = append(make([]easyday.Segment, 0, len(segs)), segs...)
	}
	return segs, sp
}

func refAddSegment(segs []easyday.Segment, seg easyday.Segment, merge bool) []easyday.Segment {
	if merge {
		return refMergeInto(segs, seg)
	}
	return append(segs, seg)
}

func refTrackSegment(s *easyday.Sample, dur, step float64) easyday.Segment {
	seg := easyday.Segment{Dur: dur, HR: s.HR, Power: s.Power, Distance: easyday.Missing, Altitude: easyday.Missing, Step: step}
	if s.Distance != easyday.Missing {
		seg.Distance = RefCentimetres(s.Distance)
		if s.Altitude != easyday.Missing {
			seg.Altitude = RefCentimetres(s.Altitude)
		}
	}
	return seg
}

func RefCentimetres(m float64) float64 { return math.Round(m*100) / 100 }

func RefTimerSeconds(rec easyday.Recording) float64 {
	clk := refKeptClock(rec.Samples)
	k := refKeptSamples{samples: rec.Samples, clk: clk}
	sp := refKeptSpan{lastDist: easyday.Missing}
	for s, ok := k.next(); ok; s, ok = k.next() {
		sp.add(s)
	}
	tm, _ := refTimerOf(rec, clk)
	return refTimerSeconds(sp, tm)
}

func refTimerSeconds(kept refKeptSpan, tm refTimer) float64 {
	events := tm.events
	if len(events) == 0 {
		if tm.fromFile {
			return 0
		}
		if kept.n < 2 {
			return 0
		}
		return kept.last.Sub(kept.first).Seconds()
	}
	var total time.Duration
	running := !events[0].Running
	open := events[0].Time
	if running && kept.n > 0 && kept.first.Before(open) {
		open = kept.first
	}
	for _, e := range events {
		switch {
		case e.Running && !running:
			open = e.Time
		case !e.Running && running:
			total += e.Time.Sub(open)
		}
		running = e.Running
	}
	if running && kept.n > 0 {
		if last := kept.last; last.After(open) {
			total += last.Sub(open)
		}
	}
	return total.Seconds()
}

func RefMergeSegments(segs []easyday.Segment) []easyday.Segment {
	out := make([]easyday.Segment, 0, len(segs))
	for _, s := range segs {
		out = refMergeInto(out, s)
	}
	return out
}

func refMergeInto(out []easyday.Segment, s easyday.Segment) []easyday.Segment {
	noDist := s.Distance == easyday.Missing
	if noDist {
		s.Altitude = easyday.Missing
	}
	n := len(out)
	if !(s.Dur > 0) && (noDist || !(s.Dur == 0)) {
		if n > 0 && s.Step == 0 {
			out[n-1].Step = 0
		}
		return out
	}
	if n > 0 && noDist && out[n-1].Distance == easyday.Missing && out[n-1].Step > 0 &&
		out[n-1].HR == s.HR && out[n-1].Power == s.Power &&
		!(out[n-1].Step > out[n-1].Dur+1e-6) && !(s.Step > s.Dur+1e-6) {
		out[n-1].Dur += s.Dur
		out[n-1].Step = s.Step
		return out
	}
	return append(out, s)
}

func RefMinettiCost(g float64) float64 {
	return ((((155.4*g-30.4)*g-43.3)*g+46.3)*g+19.5)*g + flatCost
}

func refHasDistance(s easyday.Segment) bool {
	return s.Distance != easyday.Missing && refValidDistance(s.Distance)
}

func RefFlatSpeeds(segs []easyday.Segment, treadmill bool) []float64 {
	vf := make([]float64, len(segs))
	pts := make([]int, 0, len(segs))
	for lo := 0; lo < len(segs); {
		hi := lo
		for hi < len(segs)-1 && segs[hi].Step > 0 {
			hi++
		}
		pts = refIntervalSpeeds(segs[lo:hi+1], vf[lo:hi+1], treadmill, pts[:0])
		lo = hi + 1
	}
	return vf
}

func refIntervalSpeeds(segs []easyday.Segment, vf []float64, treadmill bool, pts []int) []int {

	for i, s := range segs {
		if refHasDistance(s) {
			pts = append(pts, i)
		}
	}
	jp, kp := 0, 0
	for p, i := range pts {
		s := segs[i]
		v := 0.0
		if i+1 < len(segs) && s.Step > 0 && refHasDistance(segs[i+1]) {
			v = math.Max(0, (segs[i+1].Distance-s.Distance)/s.Step)
		}
		if v > 12.5 {
			v = 0 // a GPS fault
		}
		if v == 0 {
			continue
		}
		g := 0.0
		if !treadmill {

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
			g = refGrade(segs[j], segs[k])
		}
		vf[i] = v * RefMinettiCost(g) / flatCost
	}
	return pts
}

func refGrade(a, b easyday.Segment) float64 {
	run := b.Distance - a.Distance
	if run < gradeWindowM || a.Altitude == easyday.Missing || b.Altitude == easyday.Missing {
		return 0
	}
	return math.Max(-maxGrade, math.Min(maxGrade, (b.Altitude-a.Altitude)/run))
}

func RefNormalizedGradedSpeed(segs []easyday.Segment, treadmill bool) (ngs float64, seconds int, ok bool) {
	has := false
	for _, s := range segs {
		if refHasDistance(s) && s.Dur > 0 {
			has = true
			break
		}
	}
	if !has {
		return 0, 0, false
	}
	vf := RefFlatSpeeds(segs, treadmill)
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

func RefPaceLoad(ngs float64, seconds int, thresholdSPerKm float64) (load, intensity float64) {
	if !(thresholdSPerKm > 0) {
		return 0, 0
	}
	intensity = ngs / (1000 / thresholdSPerKm)
	return float64(seconds) / 3600 * intensity * intensity * 100, intensity
}

func refCovered(valid, owned float64) bool { return owned > 0 && valid >= coveredShare*owned }

func RefAnalyze(rec easyday.Recording, p easyday.Profile) easyday.Activity {
	clk := refKeptClock(rec.Samples)
	tm, timerIgnored := refTimerOf(rec, clk)
	k := refKeptSamples{samples: rec.Samples, clk: clk}
	segs, kept := refOwnedSegments(&k, tm, len(rec.Samples), true)
	dropped := k.dropped
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
	if clk.faults > 0 {
		a.Warnings = append(a.Warnings, easyday.Warnf(easyday.WarningClockFault,
			"%d of %d samples dropped: their times lie more than 24 h from the rest (a clock fault)", clk.faults, len(rec.Samples)))
	}
	if timerIgnored {
		a.Warnings = append(a.Warnings, easyday.Warnf(easyday.WarningTimerIgnored,
			"the timer events leave no running time: the timer read as running from the first sample to the last"))
	}

	switch {
	case !rec.Start.IsZero() && (len(rec.Samples) == 0 || clk.near(rec.Start)):
		a.StartUTC = rec.Start.UTC()
	case kept.n > 0:
		a.StartUTC = kept.first.UTC()
	}
	a.UTCOffsetS = refUtcOffset(a.StartUTC, rec.UTCOffsetS, p.Location)
	a.LocalDate = easyday.DateOf(a.LocalStart(), time.UTC)

	span := 0.0
	if kept.n > 0 {
		span = kept.last.Sub(kept.first).Seconds()
	}
	fileTime := func(v *float64) (float64, bool) {
		t, ok := refFileValue(v)
		if !ok || t > 7*24*3600 || kept.n > 0 && t > span+60 {
			return 0, false
		}
		return t, true
	}
	if v, ok := fileTime(rec.ElapsedS); ok {
		a.ElapsedS = v
	} else if kept.n > 1 {
		a.ElapsedS = kept.last.Sub(kept.first).Seconds()
	}
	if v, ok := fileTime(rec.TimerS); ok {
		a.TimerS = v
	} else {
		a.TimerS = refTimerSeconds(kept, tm)
	}
	if v, ok := refFileValue(rec.DistanceM); ok && v <= 10_000_000 && !(kept.lastDist > 1000 && v > 1.5*kept.lastDist) {
		a.DistanceM = v
	} else if kept.lastDist != easyday.Missing {
		a.DistanceM = kept.lastDist
	}
	return refComputeMetrics(a, p)
}

func refFileValue(v *float64) (float64, bool) {
	if v == nil || !(*v >= 0) || math.IsInf(*v, 0) {
		return 0, false
	}
	return *v, true
}

func refUtcOffset(start time.Time, file *int, loc *time.Location) int {
	if file != nil && *file >= -maxOffsetS && *file <= maxOffsetS {
		return *file
	}
	if loc == nil {
		return 0
	}
	_, off := start.In(loc).Zone()
	return off
}

func RefRecompute(a easyday.Activity, p easyday.Profile) easyday.Activity {
	warnings := make([]easyday.Warning, 0, len(a.Warnings))
	for _, w := range a.Warnings {
		if !recomputed[w.Code] {
			warnings = append(warnings, w)
		}
	}
	a.Warnings = warnings
	return refComputeMetrics(a, p)
}

func refComputeMetrics(a easyday.Activity, p easyday.Profile) easyday.Activity {
	a.HRS, a.AvgHR, a.MaxHR = 0, nil, nil
	a.Zones = easyday.ZoneSeconds{}
	a.TRIMP, a.HRSS, a.NPW, a.PowerTSS = nil, nil, nil, nil
	a.NGPSPerKm, a.PaceLoad = nil, nil
	a.Load, a.LoadSource = 0, easyday.LoadNone

	var weighted, owned, withDistance, faulty float64
	maxHR := 0
	for _, s := range a.Segments {
		if s.Dur > 0 {
			owned += s.Dur
			if refHasDistance(s) {
				withDistance += s.Dur
			}
			if refFaultHR(s.HR) {
				faulty += s.Dur
			}
		}
		if !refValidHR(s.HR) || !(s.Dur > 0) {
			continue
		}
		a.HRS += s.Dur
		weighted += s.Dur * float64(s.HR)
		maxHR = max(maxHR, s.HR)
	}
	if faulty > 0 {
		a.Warnings = append(a.Warnings, easyday.Warnf(easyday.WarningHRSensorFault,
			"heart rate above 225 bpm for %.0f s (a strap losing contact): those seconds count as missing", faulty))
	}
	if a.HRS > 0 {
		a.AvgHR = refPtr(weighted / a.HRS)
		a.MaxHR = refPtr(float64(maxHR))
		if refHeartRateReserve(p.Athlete) {
			a.TRIMP = refPtr(RefTRIMP(a.Segments, p.Athlete))
		}
	}

	cycling := a.IsCycling()
	th, ok := p.ThresholdsOn(a.LocalDate)
	a.ScoredWith = ""
	if !ok {
		a.Warnings = append(a.Warnings, easyday.Warnf(easyday.WarningNoThresholds, "no thresholds in force on %s", a.LocalDate))
	} else {
		a.ScoredWith = th.Key()
	}
	a.Estimates = RefEstimate(a, th, ok)
	lthr := th.RunLTHR
	if cycling {
		lthr = th.BikeLTHR
	}
	if ok && lthr > 0 {
		a.Zones = RefZones(a.Segments, lthr, cycling)
		if a.TRIMP != nil {
			if _, valid := refHrssHour(lthr, p.Athlete); valid {
				a.HRSS = refPtr(RefHRSS(*a.TRIMP, lthr, p.Athlete))
			}
		}
	}

	if ok && cycling && th.FTP > 0 {
		if np, secs, has := RefNormalizedPower(a.Segments); has && np > 0 {
			tss, _ := RefPowerTSS(np, secs, th.FTP)
			a.NPW, a.PowerTSS = refPtr(np), refPtr(tss)
		} else if has {
			a.Warnings = append(a.Warnings, zeroPowerWarning)
		}
	}

	running := a.IsRunning()
	if running {
		faults := 0.0
		for i, s := range a.Segments {
			if i+1 < len(a.Segments) && s.Step > 0 && s.Dur > 0 && refHasDistance(s) && refHasDistance(a.Segments[i+1]) &&
				(a.Segments[i+1].Distance-s.Distance)/s.Step > 12.5 {
				faults += s.Dur
			}
		}
		if faults > 0 {
			a.Warnings = append(a.Warnings, easyday.Warnf(easyday.WarningGPSFault,
				"speed above 12.5 m/s for %.0f s (a GPS fault): those seconds count as standing still", faults))
		}
		if ngs, secs, has := RefNormalizedGradedSpeed(a.Segments, a.IsTreadmill()); has && ngs > 0 {
			a.NGPSPerKm = refPtr(1000 / ngs)
			if ok && th.RunThresholdPace > 0 {
				load, _ := RefPaceLoad(ngs, secs, th.RunThresholdPace)
				a.PaceLoad = refPtr(load)
			}
		}
	}

	switch {
	case a.PowerTSS != nil:
		a.Load, a.LoadSource = *a.PowerTSS, easyday.LoadPower
	case a.HRSS != nil && refCovered(a.HRS, owned):
		a.Load, a.LoadSource = *a.HRSS, easyday.LoadHR
	case a.PaceLoad != nil && refCovered(withDistance, owned):
		a.Load, a.LoadSource = *a.PaceLoad, easyday.LoadPace
	case a.HRSS != nil:
		a.Load, a.LoadSource = *a.HRSS, easyday.LoadHR
	}
	return a
}

func refPtr(v float64) *float64 { return &v }

func refTrimpWeights(a easyday.Athlete) (k, b float64) {
	if a.Sex == easyday.Female {
		return 0.86, 1.67
	}
	return 0.64, 1.92
}

func refHeartRateReserve(a easyday.Athlete) bool { return a.MaxHR > a.RestingHR }

func RefTRIMP(segs []easyday.Segment, a easyday.Athlete) float64 {
	if !refHeartRateReserve(a) {
		return 0
	}
	k, b := refTrimpWeights(a)
	reserve := float64(a.MaxHR - a.RestingHR)
	// x and e^(b·x) of each heart rate met, computed once: a heart rate
	// repeats over thousands of segments, and the sum is made of the same
	// products in the same order.
	var xs, exps [255]float64 // exps[hr] is 0 until computed (e^(b·x) ≥ 1)
	var sum float64
	for _, s := range segs {
		if !refValidHR(s.HR) || !(s.Dur > 0) {
			continue
		}
		if exps[s.HR] == 0 {
			x := math.Max(0, float64(s.HR-a.RestingHR)/reserve)
			xs[s.HR], exps[s.HR] = x, math.Exp(b*x)
		}
		sum += s.Dur / 60 * xs[s.HR] * k * exps[s.HR]
	}
	return sum
}

func refHrssHour(lthr int, a easyday.Athlete) (float64, bool) {
	if !refHeartRateReserve(a) {
		return 0, false
	}
	k, b := refTrimpWeights(a)
	x := float64(lthr-a.RestingHR) / float64(a.MaxHR-a.RestingHR)
	hour := 60 * x * k * math.Exp(b*x)
	return hour, hour > 0 && !math.IsInf(hour, 0)
}

func RefHRSS(trimp float64, lthr int, a easyday.Athlete) float64 {
	hour, ok := refHrssHour(lthr, a)
	if !ok {
		return 0
	}
	return 100 * trimp / hour
}

func RefNormalizedPower(segs []easyday.Segment) (np float64, seconds int, ok bool) {
	hasPower := false
	for _, s := range segs {
		if refValidPower(s.Power) && s.Dur > 0 {
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
		if refValidPower(s.Power) {
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

func RefPowerTSS(np float64, seconds int, ftp int) (tss, intensity float64) {
	if ftp <= 0 {
		return 0, 0
	}
	f := float64(ftp)
	intensity = np / f
	tss = float64(seconds) * np * intensity / (f * 3600) * 100
	return tss, intensity
}

func RefZone(hr, lthr int, cycling bool) int {
	if lthr <= 0 {
		return Z1
	}
	t := easyday.ZonesFor(cycling)
	p := 100 * int64(hr)
	l := int64(lthr)
	for z, lo := range t {
		if p < int64(lo)*l {
			return z
		}
	}
	if p <= easyday.Z5bTopPct*l {
		return Z5b
	}
	return Z5c
}

func refAddZone(zs *easyday.ZoneSeconds, z int, sec float64) {
	switch z {
	case Z1:
		zs.Z1 += sec
	case Z2:
		zs.Z2 += sec
	case Z3:
		zs.Z3 += sec
	case Z4:
		zs.Z4 += sec
	case Z5a:
		zs.Z5a += sec
	case Z5b:
		zs.Z5b += sec
	default:
		zs.Z5c += sec
	}
}

func RefZones(segs []easyday.Segment, lthr int, cycling bool) easyday.ZoneSeconds {
	var zs easyday.ZoneSeconds
	var zone [255]int8 // the zone + 1 of each heart rate met, 0 until known
	for _, s := range segs {
		if refValidHR(s.HR) && s.Dur > 0 {
			if zone[s.HR] == 0 {
				zone[s.HR] = int8(RefZone(s.HR, lthr, cycling) + 1)
			}
			refAddZone(&zs, int(zone[s.HR]-1), s.Dur)
		}
	}
	return zs
}

func RefTopOfZ2(lthr int) int {
	if lthr <= 0 {
		return 0
	}
	return easyday.RunZones.BPM(lthr)[Z2].Hi
}

// refSecond is one second of the series of docs/metrics.md §12.1.
type refSecond struct {
	hr    int     // 0 when missing
	power int     // capped, missing as 0
	v     float64 // §10.1 speed
	alt   float64 // NaN when missing
}

// RefEstimate is Estimate written the plain way: the series as a slice of
// seconds cut into pieces, each window's sums made by a running sum.
func RefEstimate(a easyday.Activity, th easyday.Thresholds, ok bool) easyday.Estimates {
	running, cycling := a.IsRunning(), a.IsCycling()
	var est easyday.Estimates
	if !running && !cycling {
		return est
	}
	var owned, powered, distanced, altituded float64
	for _, s := range a.Segments {
		if !(s.Dur > 0) {
			continue
		}
		owned += s.Dur
		if refValidPower(s.Power) {
			powered += s.Dur
		}
		if refHasDistance(s) {
			distanced += s.Dur
			if s.Altitude != easyday.Missing {
				altituded += s.Dur
			}
		}
	}
	ebike := a.Sport == easyday.EBiking || a.SubSport == "e_bike_fitness" || a.SubSport == "e_bike_mountain"
	outdoor := !a.IsTreadmill() && a.SubSport != "virtual_activity"
	usePower := cycling && !ebike && refCovered(powered, owned)
	useSpeed := running && outdoor && refCovered(distanced, owned) && refCovered(altituded, owned)
	ftpIn, paceIn := 0, 0.0
	if ok {
		ftpIn, paceIn = th.FTP, th.RunThresholdPace
	}
	capW := 1500
	if ftpIn > 0 {
		capW = 3 * ftpIn
	}

	// The speeds of §10.1, per segment.
	speed := make([]float64, len(a.Segments))
	for i := 0; i+1 < len(a.Segments); i++ {
		s, n := a.Segments[i], a.Segments[i+1]
		if s.Step > 0 && refValidDistance(s.Distance) && refValidDistance(n.Distance) && s.Distance != easyday.Missing && n.Distance != easyday.Missing {
			if v := (n.Distance - s.Distance) / s.Step; v > 0 && v <= 12.5 {
				speed[i] = v
			}
		}
	}
	// The pieces.
	var pieces [][]refSecond
	var cur []refSecond
	var end float64
	sec := 0
	for i, s := range a.Segments {
		if s.Dur > 0 && !math.IsInf(s.Dur, 0) {
			end += s.Dur
			x := refSecond{alt: math.NaN(), v: speed[i]}
			if refValidHR(s.HR) {
				x.hr = s.HR
			}
			if refValidPower(s.Power) {
				x.power = min(s.Power, capW)
			}
			if refHasDistance(s) && s.Altitude != easyday.Missing {
				x.alt = s.Altitude
			}
			for float64(sec) < end-1e-6 && sec < 100*86400 {
				cur = append(cur, x)
				sec++
			}
		}
		if s.Step == 0 || s.Step > s.Dur+1e-6 {
			if len(cur) > 0 {
				pieces = append(pieces, cur)
			}
			cur = nil
		}
	}
	if len(cur) > 0 {
		pieces = append(pieces, cur)
	}

	hrMean := func(sum, n, d int) (float64, bool) {
		if n == 0 || 20*n < 19*d {
			return 0, false
		}
		return float64(sum) / float64(n), true
	}
	flatSpeed := func(sumV float64, d int, first, last float64) float64 {
		v := sumV / float64(d)
		run := v * float64(d)
		g := 0.0
		if run >= 50 && !math.IsNaN(last) && !math.IsNaN(first) {
			g = math.Max(-0.45, math.Min(0.45, (last-first)/run))
		}
		return v * RefMinettiCost(g) / 3.6
	}
	// bestPower and bestSpeed slide a window of d seconds over each piece,
	// adding the second that enters and taking away the one that leaves.
	bestPower := func(d int) (float64, bool) {
		top, found := 0.0, false
		for _, p := range pieces {
			sum := 0
			for i, x := range p {
				sum += x.power
				if i >= d {
					sum -= p[i-d].power
				}
				if i >= d-1 {
					if m := float64(sum) / float64(d); !found || m > top {
						top, found = m, true
					}
				}
			}
		}
		return top, found
	}
	bestSpeed := func(d int) (float64, bool) {
		top, found := 0.0, false
		for _, p := range pieces {
			sum := 0.0
			for i, x := range p {
				sum += x.v
				if i >= d {
					sum -= p[i-d].v
				}
				if i >= d-1 {
					if m := flatSpeed(sum, d, p[i-d+1].alt, x.alt); !found || m > top {
						top, found = m, true
					}
				}
			}
		}
		return top, found
	}
	if usePower {
		if p20, ok := bestPower(1200); ok {
			ftp := 0.95 * p20
			if p60, ok := bestPower(3600); ok && p60 > ftp {
				ftp = p60
			}
			est.FTP = refPtr(ftp)
		}
	}
	if useSpeed {
		if v30, ok := bestSpeed(1800); ok {
			v := 0.96 * v30
			if v60, ok := bestSpeed(3600); ok && v60 > v {
				v = v60
			}
			if v > 0 {
				est.ThresholdPace = refPtr(1000 / v)
			}
		}
	}
	// Friel's test: a window of 1800 s, F its first 600, L its last 1200.
	valid := func(x refSecond) int {
		if x.hr > 0 {
			return 1
		}
		return 0
	}
	for _, p := range pieces {
		if len(p) < 1800 {
			continue
		}
		var fSum, fN, lSum, lN, lPower int
		var lV float64
		for _, x := range p[:600] {
			fSum, fN = fSum+x.hr, fN+valid(x)
		}
		for _, x := range p[600:1800] {
			lSum, lN, lPower, lV = lSum+x.hr, lN+valid(x), lPower+x.power, lV+x.v
		}
		for i := 0; ; i++ {
			f, okF := hrMean(fSum, fN, 600)
			l, okL := hrMean(lSum, lN, 1200)
			counts := okF && okL && f >= 0.9*l
			if counts && running && est.ThresholdPace != nil && paceIn > 0 && flatSpeed(lV, 1200, p[i+600].alt, p[i+1799].alt) < 0.95*(1000/paceIn) {
				counts = false
			}
			if counts && cycling && est.FTP != nil && ftpIn > 0 && float64(lPower)/1200 < 0.95*float64(ftpIn) {
				counts = false
			}
			if counts && (est.LTHR == nil || l > *est.LTHR) {
				est.LTHR = refPtr(l)
			}
			if i+1800 >= len(p) {
				break
			}
			out, mid, in := p[i], p[i+600], p[i+1800]
			fSum, fN = fSum-out.hr+mid.hr, fN-valid(out)+valid(mid)
			lSum, lN, lPower, lV = lSum-mid.hr+in.hr, lN-valid(mid)+valid(in), lPower-mid.power+in.power, lV-mid.v+in.v
		}
	}
	for _, p := range pieces {
		for i := 300; i+30 <= len(p); i++ {
			sum := 0
			all := true
			for _, x := range p[i : i+30] {
				sum += x.hr
				all = all && x.hr > 0
			}
			if !all {
				continue
			}
			m := float64(sum) / 30
			bSum, bN := 0, 0
			for _, x := range p[i-120 : i] {
				bSum, bN = bSum+x.hr, bN+valid(x)
			}
			if before, ok := hrMean(bSum, bN, 120); ok && before >= 0.9*m && (est.MaxHR == nil || m > *est.MaxHR) {
				est.MaxHR = refPtr(m)
			}
		}
	}
	return est
}
