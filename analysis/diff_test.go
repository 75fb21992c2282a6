package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"easyday"
)

// The differential tests hold the current code to the frozen reference in
// ref_test.go: every result must be the same to the last bit, on random
// recordings of every shape the decoders can produce and on real files
// (files_diff_test.go). A speed-up that changes the order of a sum shows
// here as a difference in the last bits of a float.

// BitEqual reports whether a and b are deeply equal with floats compared
// bit for bit (so 0 and -0 differ and a NaN equals the same NaN), and
// describes the first difference.
func BitEqual(a, b any) (bool, string) {
	if ok, why := bitEqual(reflect.ValueOf(a), reflect.ValueOf(b)); !ok {
		return false, why
	}
	if !reflect.DeepEqual(a, b) && !hasNaN(reflect.ValueOf(a)) {
		return false, "reflect.DeepEqual differs"
	}
	return true, ""
}

func hasNaN(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Float64, reflect.Float32:
		return math.IsNaN(v.Float())
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && hasNaN(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if hasNaN(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if hasNaN(v.Index(i)) {
				return true
			}
		}
	}
	return false
}

// bitEqual compares a and b; on a difference it returns the path to it
// (built only then: the comparison runs over millions of values).
func bitEqual(a, b reflect.Value) (bool, string) {
	if a.Kind() != b.Kind() || a.Type() != b.Type() {
		return false, ": types differ"
	}
	switch a.Kind() {
	case reflect.Float64, reflect.Float32:
		if math.Float64bits(a.Float()) != math.Float64bits(b.Float()) {
			return false, fmt.Sprintf(": %v (%#x) vs %v (%#x)", a.Float(), math.Float64bits(a.Float()), b.Float(), math.Float64bits(b.Float()))
		}
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Int8:
		if a.Int() != b.Int() {
			return false, fmt.Sprintf(": %d vs %d", a.Int(), b.Int())
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return false, fmt.Sprintf(": %v vs %v", a.Bool(), b.Bool())
		}
	case reflect.String:
		if a.String() != b.String() {
			return false, fmt.Sprintf(": %q vs %q", a.String(), b.String())
		}
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() != b.IsNil() {
			return false, ": nil vs non-nil"
		}
		if !a.IsNil() {
			return bitEqual(a.Elem(), b.Elem())
		}
	case reflect.Struct:
		if a.Type() == reflect.TypeFor[time.Time]() {
			ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
			if !ta.Equal(tb) || ta.Location() != tb.Location() {
				return false, fmt.Sprintf(": %v vs %v", ta, tb)
			}
			return true, ""
		}
		if a.Type() == reflect.TypeFor[easyday.Segment]() {
			x, y := a.Interface().(easyday.Segment), b.Interface().(easyday.Segment)
			if segmentBits(x) == segmentBits(y) {
				return true, ""
			}
		}
		for i := range a.NumField() {
			if ok, why := bitEqual(a.Field(i), b.Field(i)); !ok {
				return false, "." + a.Type().Field(i).Name + why
			}
		}
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() {
			return false, ": nil slice vs empty"
		}
		if a.Len() != b.Len() {
			return false, fmt.Sprintf(": length %d vs %d", a.Len(), b.Len())
		}
		if x, ok := a.Interface().([]float64); ok {
			y := b.Interface().([]float64)
			for i := range x {
				if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
					return false, fmt.Sprintf("[%d]: %v vs %v", i, x[i], y[i])
				}
			}
			return true, ""
		}
		if x, ok := a.Interface().([]easyday.Segment); ok {
			y := b.Interface().([]easyday.Segment)
			for i := range x {
				if segmentBits(x[i]) != segmentBits(y[i]) {
					return false, fmt.Sprintf("[%d]: %+v vs %+v", i, x[i], y[i])
				}
			}
			return true, ""
		}
		for i := range a.Len() {
			if ok, why := bitEqual(a.Index(i), b.Index(i)); !ok {
				return false, fmt.Sprintf("[%d]", i) + why
			}
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			return false, ": map sizes differ"
		}
		for _, k := range a.MapKeys() {
			if ok, why := bitEqual(a.MapIndex(k), b.MapIndex(k)); !ok {
				return false, fmt.Sprintf("[%v]", k) + why
			}
		}
	default:
		if a.Interface() != b.Interface() {
			return false, fmt.Sprintf(": %v vs %v", a.Interface(), b.Interface())
		}
	}
	return true, ""
}

// segmentBits is a segment with its floats as bits, comparable with ==.
func segmentBits(s easyday.Segment) [6]uint64 {
	return [6]uint64{math.Float64bits(s.Dur), uint64(s.HR), uint64(s.Power), math.Float64bits(s.Distance), math.Float64bits(s.Altitude), math.Float64bits(s.Step)}
}

// pick returns one of vs at random.
func pick[T any](rng *rand.Rand, vs ...T) T { return vs[rng.IntN(len(vs))] }

// randomLength is a sample count: mostly a few hundred to a few thousand,
// sometimes none, one or two, sometimes a long recording.
func randomLength(rng *rand.Rand) int {
	switch r := rng.IntN(200); {
	case r < 10:
		return rng.IntN(3)
	case r < 50:
		return 3 + rng.IntN(40)
	case r < 190:
		return 40 + rng.IntN(1200)
	case r < 199:
		return 1200 + rng.IntN(6000)
	default:
		return 7200 + rng.IntN(30000)
	}
}

// randomRecording is a recording of any shape a decoder can hand over: 1 Hz,
// smart recording, sub-second (TCX, GPX) or nanosecond times, gaps, pauses,
// timestamps repeated or going backwards, fields missing, invalid or out of
// range, timer events unsorted, at samples, before and after them.
func randomRecording(rng *rand.Rand) easyday.Recording {
	rec := easyday.Recording{
		Format:    pick(rng, easyday.Format("fit"), "tcx", "gpx"),
		Sport:     pick(rng, easyday.Running, easyday.Running, easyday.Cycling, easyday.EBiking, easyday.Generic, easyday.Walking, easyday.Swimming, "fitness_equipment"),
		SubSport:  pick(rng, "", "", "trail", "treadmill", "indoor_running", "road"),
		HasEvents: rng.IntN(3) > 0,
	}
	base := t0.Add(time.Duration(rng.Int64N(int64(400 * 24 * time.Hour))))
	if rng.IntN(50) == 0 {
		base = pick(rng, time.Time{}, time.Unix(0, 0).UTC(), time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	n := randomLength(rng)
	// How the clock moves between samples.
	mode := rng.IntN(6)
	hasHR, hasPower, hasDist, hasAlt, hasSpeed := rng.IntN(4) > 0, rng.IntN(3) == 0, rng.IntN(4) > 0, rng.IntN(2) == 0, rng.IntN(2) == 0
	now := base
	hr, power, dist, alt, speed := 100+rng.IntN(80), rng.IntN(400), rng.Float64()*100, 50+rng.Float64()*500, 2+rng.Float64()*8
	rec.Samples = make([]easyday.Sample, 0, n)
	for i := range n {
		s := easyday.Sample{Time: easyday.InstantOf(now), HR: 0, Power: easyday.Missing, Distance: easyday.Missing, Speed: easyday.Missing, Altitude: easyday.Missing}
		hr = max(30, min(230, hr+rng.IntN(7)-3))
		power = max(0, power+rng.IntN(41)-20)
		speed = max(0, speed+rng.NormFloat64()*0.2)
		alt += rng.NormFloat64() * 0.5
		if hasHR && rng.IntN(30) > 0 {
			s.HR = hr
		}
		if hasPower && rng.IntN(30) > 0 {
			s.Power = power
		}
		if hasSpeed {
			s.Speed = speed
		}
		if hasDist && rng.IntN(40) > 0 {
			s.Distance = dist
			if mode == 5 {
				s.Distance = math.Round(dist*100) / 100
			}
		}
		if hasAlt && rng.IntN(40) > 0 {
			s.Altitude = alt
			if rng.IntN(3) == 0 {
				s.Altitude = math.Round(alt*5) / 5 // barometric steps: repeated values
			}
		}
		// Odd values now and then.
		if rng.IntN(200) == 0 {
			switch rng.IntN(12) {
			case 0:
				s.HR = pick(rng, 255, 256, -5, 1000, 254, 1)
			case 1:
				s.Power = pick(rng, 0xFFFF, 0x10000, -2, 0, 65534)
			case 2:
				s.Distance = pick(rng, math.NaN(), math.Inf(1), math.Inf(-1), -3.0, 0.0, 1e12, 1e7, 1e7+0.01)
			case 3:
				s.Altitude = pick(rng, math.NaN(), math.Inf(1), -500.0, 9000.0, easyday.Missing, -500.01, 9000.01, 2e9)
			case 4:
				s.Speed = pick(rng, math.NaN(), math.Inf(1), -1.0)
			case 5:
				dist -= rng.Float64() * 200 // a distance reset
			case 6:
				s.Distance = easyday.Missing
			case 7:
				s.HR = 0
			case 8:
				dist += pick(rng, 50.0, 500.0, 5e6) // a GPS jump
			case 9: // a clock fault: a GPS week rollover, a point in 2100
				s.Time = pick(rng, s.Time.Add(-1024*7*24*time.Hour), easyday.InstantOf(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)), s.Time.Add(25*time.Hour))
			}
		}
		rec.Samples = append(rec.Samples, s)
		if i == n-1 {
			break
		}
		// The next time.
		var step time.Duration
		switch mode {
		case 0, 5: // 1 Hz
			step = time.Second
		case 1: // smart recording
			step = time.Duration(1+rng.IntN(7)) * time.Second
		case 2: // TCX or GPX, to the millisecond
			step = time.Duration(200+rng.IntN(2000)) * time.Millisecond
		case 3: // any nanosecond
			step = time.Duration(rng.Int64N(int64(3 * time.Second)))
		case 4: // a mix
			step = pick(rng, time.Second, 2*time.Second, 500*time.Millisecond, 1500*time.Millisecond, 0)
		}
		switch r := rng.IntN(400); {
		case r < 4:
			step = 0 // a repeated timestamp
		case r < 6:
			step = -time.Duration(rng.Int64N(int64(20 * time.Second))) // backwards
		case r < 9:
			step = time.Duration(31+rng.IntN(600)) * time.Second // a gap
		case r == 9:
			step = time.Duration(rng.IntN(30)) * time.Second
		case r == 10 && rng.IntN(20) == 0:
			step = 400 * 24 * time.Hour // a clock jump
		}
		now = now.Add(step)
		if step > 0 && !rec.Samples[len(rec.Samples)-1].Time.Before(easyday.InstantOf(now)) {
			continue
		}
		if hasDist && step > 0 {
			dist += speed * step.Seconds()
		}
	}
	if rng.IntN(30) == 0 && n > 2 { // samples out of order
		rng.Shuffle(min(n, 20), func(i, j int) { rec.Samples[i], rec.Samples[j] = rec.Samples[j], rec.Samples[i] })
	}
	// Timer events.
	if rec.HasEvents {
		end := now
		if end.Before(base) {
			end = base
		}
		span := end.Sub(base)
		switch rng.IntN(8) {
		case 0: // none: a TCX whose laps hold one trackpoint each
		case 1: // start and stop around everything
			rec.Events = []easyday.TimerEvent{{Time: base.Add(-time.Duration(rng.IntN(3)) * time.Second), Running: true}, {Time: end.Add(time.Duration(rng.IntN(3)) * time.Second)}}
		default:
			at := base
			if rng.IntN(4) == 0 {
				at = base.Add(time.Duration(rng.IntN(10)-5) * time.Second)
			}
			running := rng.IntN(5) > 0
			for at.Before(end.Add(10 * time.Second)) {
				rec.Events = append(rec.Events, easyday.TimerEvent{Time: at, Running: running})
				if rng.IntN(6) == 0 {
					running = !running
				} else if rng.IntN(20) == 0 {
					// a repeated state
				} else {
					running = !running
				}
				var d time.Duration
				if span > 0 {
					d = time.Duration(rng.Int64N(int64(span)/4 + 1))
				}
				if rng.IntN(3) == 0 && n > 0 { // exactly at a sample
					at = rec.Samples[rng.IntN(n)].Time.Time()
					if !at.After(rec.Events[len(rec.Events)-1].Time) {
						at = rec.Events[len(rec.Events)-1].Time.Add(d + time.Second)
					}
				} else {
					at = at.Add(d + time.Duration(rng.IntN(2))*time.Second)
				}
				if rng.IntN(15) == 0 {
					at = rec.Events[len(rec.Events)-1].Time // two events at one instant
				}
			}
			if rng.IntN(10) == 0 { // timer events that are clock faults
				for range 1 + rng.IntN(2) {
					rec.Events = append(rec.Events, easyday.TimerEvent{Time: pick(rng, time.Date(1991, 3, 1, 0, 0, 0, 0, time.UTC),
						time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), end.Add(25*time.Hour)), Running: rng.IntN(2) == 0})
				}
			}
			if rng.IntN(6) == 0 {
				rng.Shuffle(len(rec.Events), func(i, j int) { rec.Events[i], rec.Events[j] = rec.Events[j], rec.Events[i] })
			}
		}
	}
	// Summary values.
	if rng.IntN(3) == 0 {
		rec.Start = base.Add(-time.Duration(rng.IntN(5)) * time.Second)
		if rng.IntN(10) == 0 {
			rec.Start = pick(rng, base.Add(-25*time.Hour), base.Add(-23*time.Hour), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
		}
	}
	fv := func() *float64 {
		if rng.IntN(2) == 0 {
			return nil
		}
		return fp(pick(rng, rng.Float64()*5000, -1, math.NaN(), math.Inf(1), 0))
	}
	rec.ElapsedS, rec.TimerS, rec.DistanceM = fv(), fv(), fv()
	if rng.IntN(3) == 0 {
		rec.UTCOffsetS = ip(pick(rng, 3600, -18000, 0, 20*3600, 19800))
	}
	if rng.IntN(10) == 0 {
		rec.Warnings = []easyday.Warning{{Code: easyday.WarningBackwards, Text: "from the decoder"}}
	}
	return rec
}

// randomProfile is an athlete with or without thresholds, FTP, pace and a
// heart-rate reserve.
func randomProfile(rng *rand.Rand) easyday.Profile {
	p := easyday.Profile{
		Athlete:  easyday.Athlete{Sex: pick(rng, "male", easyday.Female, ""), RestingHR: 40 + rng.IntN(30), MaxHR: 160 + rng.IntN(50)},
		Location: pick(rng, time.UTC, nil, time.FixedZone("X", -5*3600), time.FixedZone("Y", 5*3600+1800)),
	}
	if rng.IntN(15) == 0 {
		p.Athlete.MaxHR = p.Athlete.RestingHR - rng.IntN(2)
	}
	for range rng.IntN(4) {
		p.Thresholds = append(p.Thresholds, easyday.Thresholds{
			From:             easyday.MakeDate(2020+rng.IntN(8), time.Month(1+rng.IntN(12)), 1),
			RunLTHR:          pick(rng, 0, 150+rng.IntN(40), 170),
			BikeLTHR:         pick(rng, 0, 150+rng.IntN(40), 165),
			FTP:              pick(rng, 0, 150+rng.IntN(200)),
			RunThresholdPace: pick(rng, 0, 200+rng.Float64()*200, 270),
		})
	}
	return p
}

// randomSegments is a stored stream of any shape, odd durations included,
// for the functions that read segments.
func randomSegments(rng *rand.Rand) []easyday.Segment {
	n := randomLength(rng)
	segs := make([]easyday.Segment, n)
	dist, alt := 0.0, 100.0
	for i := range segs {
		d := pick(rng, 1.0, 1.0, 1.0, float64(1+rng.IntN(30)), rng.Float64()*3, 0.001)
		if rng.IntN(300) == 0 {
			d = pick(rng, 0, -1, math.NaN(), math.Inf(1), 1e-7, 29.9999999)
		}
		s := easyday.Segment{Dur: d, HR: pick(rng, 0, 120+rng.IntN(60), 150, 255, 300), Power: pick(rng, easyday.Missing, rng.IntN(500), 200, 0xFFFF), Distance: easyday.Missing, Altitude: easyday.Missing, Step: pick(rng, d, d, 0, d+1)}
		if rng.IntN(5) > 0 {
			dist += rng.Float64() * 6
			s.Distance = Centimetres(dist)
			if rng.IntN(3) > 0 {
				alt += rng.NormFloat64()
				s.Altitude = Centimetres(alt)
			}
		}
		if rng.IntN(500) == 0 {
			s.Distance = pick(rng, math.NaN(), math.Inf(1), -2)
		}
		segs[i] = s
	}
	return segs
}

func diffCount(t *testing.T, full, short int) int {
	if testing.Short() {
		return short
	}
	return full
}

// TestAnalyzeMatchesReference checks Analyze, Recompute, Timeline and
// TimerSeconds against the reference on random recordings and profiles.
func TestAnalyzeMatchesReference(t *testing.T) {
	n := diffCount(t, 3000, 300)
	for seed := range uint64(n) {
		rng := rand.New(rand.NewPCG(seed, 11))
		rec := randomRecording(rng)
		p := randomProfile(rng)
		checkRecording(t, fmt.Sprintf("seed %d", seed), rec, p)
		if t.Failed() {
			return
		}
		a := Analyze(rec, p)
		q := randomProfile(rng)
		if ok, why := SameActivity(Recompute(a, q), RefRecompute(a, q)); !ok {
			t.Fatalf("seed %d: Recompute differs from the reference: %s", seed, why)
		}
	}
}

// SameActivity compares an activity with the reference's: bit for bit,
// but for the estimates of the best efforts, whose window speeds the
// reference sums in another order (a running sum rather than prefix sums):
// those agree within 1e-9 of their value.
func SameActivity(got, want easyday.Activity) (bool, string) {
	g, w := got.Estimates, want.Estimates
	for _, f := range []struct {
		name string
		g, w *float64
	}{{"LTHR", g.LTHR, w.LTHR}, {"FTP", g.FTP, w.FTP}, {"ThresholdPace", g.ThresholdPace, w.ThresholdPace}, {"MaxHR", g.MaxHR, w.MaxHR}} {
		switch {
		case (f.g == nil) != (f.w == nil):
			return false, fmt.Sprintf("Estimates.%s = %v, reference %v", f.name, deref(f.g), deref(f.w))
		case f.g != nil && !(math.Abs(*f.g-*f.w) <= 1e-9*math.Abs(*f.w)):
			return false, fmt.Sprintf("Estimates.%s = %v, reference %v", f.name, *f.g, *f.w)
		}
	}
	got.Estimates = want.Estimates
	return BitEqual(got, want)
}

// checkRecording compares every entry point that reads a recording with the
// reference.
func checkRecording(t *testing.T, name string, rec easyday.Recording, p easyday.Profile) {
	t.Helper()
	if ok, why := SameActivity(Analyze(rec, p), RefAnalyze(rec, p)); !ok {
		t.Errorf("%s: Analyze differs from the reference: %s", name, why)
		return
	}
	segs, dropped := Timeline(rec)
	rsegs, rdropped := RefTimeline(rec)
	if ok, why := BitEqual(segs, rsegs); !ok || dropped != rdropped {
		t.Errorf("%s: Timeline differs from the reference (dropped %d vs %d): %s", name, dropped, rdropped, why)
		return
	}
	if got, want := TimerSeconds(rec), RefTimerSeconds(rec); math.Float64bits(got) != math.Float64bits(want) {
		t.Errorf("%s: TimerSeconds = %v, reference %v", name, got, want)
	}
	checkSegments(t, name+" timeline", segs, p)
}

// checkSegments compares the functions that read segments with the
// reference.
func checkSegments(t *testing.T, name string, segs []easyday.Segment, p easyday.Profile) {
	t.Helper()
	type metrics struct {
		Merged        []easyday.Segment
		Flat, FlatTM  []float64
		NGS, NGSTM    float64
		NGSS, NGSSTM  int
		NGSOK, NGSOKT bool
		NP            float64
		NPS           int
		NPOK          bool
		TRIMP         float64
		Zones, ZonesC easyday.ZoneSeconds
	}
	lthr := 150 + len(segs)%40
	get := func(merge func([]easyday.Segment) []easyday.Segment, flat func([]easyday.Segment, bool) []float64,
		ngs func([]easyday.Segment, bool) (float64, int, bool), np func([]easyday.Segment) (float64, int, bool),
		trimp func([]easyday.Segment, easyday.Athlete) float64, zones func([]easyday.Segment, int, bool) easyday.ZoneSeconds) metrics {
		var m metrics
		m.Merged = merge(segs)
		m.Flat, m.FlatTM = flat(segs, false), flat(segs, true)
		m.NGS, m.NGSS, m.NGSOK = ngs(segs, false)
		m.NGSTM, m.NGSSTM, m.NGSOKT = ngs(segs, true)
		m.NP, m.NPS, m.NPOK = np(segs)
		m.TRIMP = trimp(segs, p.Athlete)
		m.Zones, m.ZonesC = zones(segs, lthr, false), zones(segs, lthr, true)
		return m
	}
	got := get(MergeSegments, FlatSpeeds, NormalizedGradedSpeed, NormalizedPower, TRIMP, Zones)
	want := get(RefMergeSegments, RefFlatSpeeds, RefNormalizedGradedSpeed, RefNormalizedPower, RefTRIMP, RefZones)
	if ok, why := BitEqual(got, want); !ok {
		t.Errorf("%s: segment metrics differ from the reference: %s", name, why)
	}
}

// TestSegmentMetricsMatchReference checks the segment readers on random
// streams, odd durations included.
func TestSegmentMetricsMatchReference(t *testing.T) {
	n := diffCount(t, 2000, 200)
	for seed := range uint64(n) {
		rng := rand.New(rand.NewPCG(seed, 13))
		checkSegments(t, fmt.Sprintf("seed %d", seed), randomSegments(rng), randomProfile(rng))
		if t.Failed() {
			return
		}
	}
}

// TestBenchRecordingsMatchReference covers the benchmark's own recordings.
func TestBenchRecordingsMatchReference(t *testing.T) {
	rec, p := tenHourRun()
	checkRecording(t, "ten-hour run", rec, p)
	checkRecording(t, "ten-hour ride", tenHours(), testProfile())
	checkRecording(t, "hour run", paceRun(easyday.Running, "", append(append([]stretch{}, hilly...), hilly...), 1, 150), paceProfile(270))
}

// TestMonotonicTimesMatchReference covers timer events that carry a
// monotonic clock reading (made from time.Now): the timeline reads their
// wall clock, as the reference's time.Time comparisons with the samples'
// times do.
func TestMonotonicTimesMatchReference(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 17))
		rec := randomRecording(rng)
		now := time.Now()
		for i := range rec.Samples {
			rec.Samples[i].Time = easyday.InstantOf(now.Add(rec.Samples[i].Time.Sub(easyday.InstantOf(t0))))
		}
		for i := range rec.Events {
			rec.Events[i].Time = now.Add(rec.Events[i].Time.Sub(t0))
		}
		checkRecording(t, fmt.Sprintf("seed %d", seed), rec, randomProfile(rng))
	}
}

// TestMax0 checks max0 and clampGrade against math.Max and math.Min bit
// for bit.
func TestMax0(t *testing.T) {
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 5e-324, -5e-324, math.Inf(1), math.Inf(-1), math.NaN(), math.Float64frombits(0x7ff8000000000001), 3.7} {
		if got, want := max0(x), math.Max(0, x); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("max0(%v) = %v (%#x), math.Max(0, x) = %v (%#x)", x, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 0.45, -0.45, 0.4500000000000001, -0.4500000000000001, 0.2, -0.3, 7, -7, math.Inf(1), math.Inf(-1), math.NaN(), math.Float64frombits(0x7ff8000000000001)} {
		if got, want := clampGrade(x), math.Max(-maxGrade, math.Min(maxGrade, x)); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("clampGrade(%v) = %v (%#x), want %v (%#x)", x, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
}

// FuzzAnalyzeMatchesReference runs the differential check on random
// recordings drawn from fuzzed seeds.
func FuzzAnalyzeMatchesReference(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Add(uint64(99), uint64(0))
	f.Fuzz(func(t *testing.T, a, b uint64) {
		rng := rand.New(rand.NewPCG(a, b))
		checkRecording(t, fmt.Sprintf("seeds %d, %d", a, b), randomRecording(rng), randomProfile(rng))
	})
}
