package analysis

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // IANA zones for the local-day tests on any machine

	"easyday"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

func TestAnalyzeLocalDay(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	berlin := mustZone(t, "Europe/Berlin")
	tokyo := mustZone(t, "Asia/Tokyo")
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		start  time.Time
		file   *int
		loc    *time.Location
		offset int
		date   easyday.Date
	}{
		{"offset from file", utc(2024, 6, 1, 22, 30), ip(7200), ny, 7200, easyday.MakeDate(2024, 6, 2)},
		{"offset from zone", utc(2024, 6, 1, 22, 30), nil, berlin, 7200, easyday.MakeDate(2024, 6, 2)},
		// 23:30 local on 9 March is already 10 March in UTC.
		{"23:30 local, next day in UTC", utc(2024, 3, 10, 4, 30), nil, ny, -5 * 3600, easyday.MakeDate(2024, 3, 9)},
		// 08:30 local on 1 January is still 31 December in UTC.
		{"morning east, day before in UTC", utc(2023, 12, 31, 23, 30), nil, tokyo, 9 * 3600, easyday.MakeDate(2024, 1, 1)},
		// DST starts in Berlin at 01:00 UTC on 31 March 2024: the same day
		// has a +1 h and a +2 h morning.
		{"DST day before the switch", utc(2024, 3, 31, 0, 30), nil, berlin, 3600, easyday.MakeDate(2024, 3, 31)},
		{"DST day after the switch", utc(2024, 3, 31, 1, 30), nil, berlin, 7200, easyday.MakeDate(2024, 3, 31)},
		{"DST ends, 25-hour day", utc(2024, 10, 27, 22, 30), nil, berlin, 3600, easyday.MakeDate(2024, 10, 27)},
		{"file offset beyond 14 h ignored", utc(2024, 6, 1, 22, 30), ip(15 * 3600), berlin, 7200, easyday.MakeDate(2024, 6, 2)},
		{"no zone configured is UTC", utc(2024, 6, 1, 22, 30), nil, nil, 0, easyday.MakeDate(2024, 6, 1)},
	}
	for _, tt := range tests {
		p := testProfile()
		p.Location = tt.loc
		rec := easyday.Recording{Sport: easyday.Running, Start: tt.start, UTCOffsetS: tt.file}
		a := Analyze(rec, p)
		if a.UTCOffsetS != tt.offset || a.LocalDate != tt.date || !a.StartUTC.Equal(tt.start) {
			t.Errorf("Analyze(%s) = offset %d, day %v, start %v, want %d, %v, %v",
				tt.name, a.UTCOffsetS, a.LocalDate, a.StartUTC, tt.offset, tt.date, tt.start)
		}
	}
}

func TestAnalyzeSummary(t *testing.T) {
	dist := func(s float64, d float64) easyday.Sample {
		x := smp(s, 140, none)
		x.Distance = d
		return x
	}
	base := easyday.Recording{
		Sport:   easyday.Running,
		Samples: []easyday.Sample{dist(0, 0), dist(1, 3), dist(3, 9), dist(2, 6), dist(10, 30), dist(11, easyday.Missing)},
	}
	tests := []struct {
		name                     string
		rec                      easyday.Recording
		start                    time.Time
		elapsed, timer, distance float64
		dropped                  int
		warnings                 []easyday.Warning
	}{
		{"derived", base, at(0), 11, 11, 30, 1, []easyday.Warning{easyday.Warning{Code: easyday.WarningBackwards, Text: "1 sample dropped: time went backwards"}}},
		{"from file", func() easyday.Recording {
			r := base
			r.Start, r.ElapsedS, r.TimerS, r.DistanceM = at(-5), fp(70), fp(65), fp(1234.5)
			r.Warnings = []easyday.Warning{easyday.Warning{Code: easyday.WarningFileCRC, Text: "CRC mismatch"}}
			return r
		}(), at(-5), 70, 65, 1234.5, 1, []easyday.Warning{easyday.Warning{Code: easyday.WarningFileCRC, Text: "CRC mismatch"}, easyday.Warning{Code: easyday.WarningBackwards, Text: "1 sample dropped: time went backwards"}}},
		{"unusable file values derived", func() easyday.Recording {
			r := base
			r.ElapsedS, r.TimerS, r.DistanceM = fp(-1), nil, fp(-3)
			return r
		}(), at(0), 11, 11, 30, 1, []easyday.Warning{easyday.Warning{Code: easyday.WarningBackwards, Text: "1 sample dropped: time went backwards"}}},
		{"empty", easyday.Recording{Sport: easyday.Running}, time.Time{}, 0, 0, 0, 0, []easyday.Warning{}},
	}
	for _, tt := range tests {
		a := Analyze(tt.rec, testProfile())
		if !a.StartUTC.Equal(tt.start) || a.ElapsedS != tt.elapsed || a.TimerS != tt.timer || a.DistanceM != tt.distance ||
			a.Dropped != tt.dropped || !slices.Equal(a.Warnings, tt.warnings) {
			t.Errorf("Analyze(%s) = start %v, elapsed %v, timer %v, distance %v, dropped %d, warnings %q, want %v, %v, %v, %v, %d, %q",
				tt.name, a.StartUTC, a.ElapsedS, a.TimerS, a.DistanceM, a.Dropped, a.Warnings,
				tt.start, tt.elapsed, tt.timer, tt.distance, tt.dropped, tt.warnings)
		}
	}
	// Plural form of the dropped warning.
	r := base
	r.Samples = append(slices.Clone(base.Samples), smp(5, 1, none))
	if a := Analyze(r, testProfile()); a.Dropped != 2 || !slices.Contains(a.Warnings, easyday.Warning{Code: easyday.WarningBackwards, Text: "2 samples dropped: time went backwards"}) {
		t.Errorf("Analyze(two backwards) = dropped %d, warnings %q, want 2 and a warning", a.Dropped, a.Warnings)
	}
}

func TestAnalyzeLoadSources(t *testing.T) {
	withHR := func(bs []block) []block {
		out := slices.Clone(bs)
		for i := range out {
			out[i].HR = 150
		}
		return out
	}
	noFTP := testProfile()
	noFTP.Thresholds[0].FTP = 0
	unset := testProfile()
	unset.Thresholds = nil
	hrOnly := []block{{Dur: 600, HR: 150, Power: none}}
	nothing := []block{{Dur: 600, HR: 0, Power: none}}

	tests := []struct {
		name    string
		sport   easyday.Sport
		blocks  []block
		p       easyday.Profile
		source  easyday.LoadSource
		load    float64             // < 0: only checked to be positive
		np, hrs bool                // NP present, HRSS present
		warning easyday.WarningCode // "": none
	}{
		{"cycling power and FTP", easyday.Cycling, withHR(powerOracle), testProfile(), easyday.LoadPower, 98.2886, true, true, ""},
		{"e-bike counts as cycling", easyday.EBiking, powerOracle, testProfile(), easyday.LoadPower, 98.2886, true, false, ""},
		{"cycling without FTP falls back to HRSS", easyday.Cycling, withHR(powerOracle), noFTP, easyday.LoadHR, -1, false, true, ""},
		{"running power is not TSS", easyday.Running, withHR(powerOracle), testProfile(), easyday.LoadHR, -1, false, true, ""},
		{"heart rate only", easyday.Running, hrOnly, testProfile(), easyday.LoadHR, -1, false, true, ""},
		{"nothing to load", easyday.Running, nothing, testProfile(), easyday.LoadNone, 0, false, false, ""},
		{"no thresholds in force", easyday.Running, hrOnly, unset, easyday.LoadNone, 0, false, false, easyday.WarningNoThresholds},
		{"no thresholds, cycling power", easyday.Cycling, powerOracle, unset, easyday.LoadNone, 0, false, false, easyday.WarningNoThresholds},
	}
	for _, tt := range tests {
		a := Analyze(record(tt.sport, tt.blocks, nil), tt.p)
		okLoad := a.Load > 0
		if tt.load >= 0 {
			okLoad = near(a.Load, tt.load, tol)
		}
		if a.LoadSource != tt.source || !okLoad || (a.NPW != nil) != tt.np || (a.PowerTSS != nil) != tt.np || (a.HRSS != nil) != tt.hrs {
			t.Errorf("Analyze(%s) = source %q, load %.4f, NP %v, HRSS %v, want %q, %.4f, NP %v, HRSS %v",
				tt.name, a.LoadSource, a.Load, a.NPW != nil, a.HRSS != nil, tt.source, tt.load, tt.np, tt.hrs)
		}
		want := easyday.Warning{Code: tt.warning, Text: "no thresholds in force on 2024-06-01"}
		if got := slices.Contains(a.Warnings, want); got != (tt.warning != "") {
			t.Errorf("Analyze(%s) warnings = %q, want %q", tt.name, a.Warnings, tt.warning)
		}
		if tt.np && !near(deref(a.NPW), 247.8515, tol) {
			t.Errorf("Analyze(%s) NP = %.4f, want 247.8515", tt.name, deref(a.NPW))
		}
	}
	// Without thresholds TRIMP, average and max heart rate and hr_s are still computed.
	a := Analyze(record(easyday.Running, hrOnly, nil), unset)
	if a.TRIMP == nil || a.HRS != 600 || deref(a.AvgHR) != 150 || deref(a.MaxHR) != 150 || a.Zones.Total() != 0 {
		t.Errorf("Analyze(no thresholds) = TRIMP %v, hr_s %v, avg %v, max %v, zones %+v, want TRIMP, 600, 150, 150, no zones",
			a.TRIMP, a.HRS, deref(a.AvgHR), deref(a.MaxHR), a.Zones)
	}
	// No valid heart rate: no averages, no TRIMP.
	a = Analyze(record(easyday.Running, nothing, nil), testProfile())
	if a.AvgHR != nil || a.MaxHR != nil || a.TRIMP != nil || a.HRSS != nil || a.HRS != 0 {
		t.Errorf("Analyze(no heart rate) = avg %v, max %v, TRIMP %v, HRSS %v, hr_s %v, want all empty", a.AvgHR, a.MaxHR, a.TRIMP, a.HRSS, a.HRS)
	}
}

func TestAnalyzeThresholdsByDate(t *testing.T) {
	p := testProfile()
	p.Thresholds = append(p.Thresholds, easyday.Thresholds{From: easyday.MakeDate(2024, 6, 2), RunLTHR: 150, BikeLTHR: 150, FTP: 300})
	rec := record(easyday.Running, []block{{Dur: 600, HR: 158, Power: none}}, nil)
	if a := Analyze(rec, p); a.Zones.Z3 != 600 {
		t.Errorf("Analyze(run on 2024-06-01 at 158) zones = %+v, want z3 600 (LTHR 170 in force)", a.Zones)
	}
	p.Thresholds[1].From = easyday.MakeDate(2024, 6, 1)
	if a := Analyze(rec, p); a.Zones.Z5b != 600 {
		t.Errorf("Analyze(run on 2024-06-01 at 158, LTHR 150 from that day) zones = %+v, want z5b 600", a.Zones)
	}
	// Before the first set, the first set applies (easyday.Profile.ThresholdsOn).
	p = testProfile()
	p.Thresholds[0].From = easyday.MakeDate(2024, 7, 1)
	if a := Analyze(rec, p); a.Zones.Z3 != 600 || a.LoadSource != easyday.LoadHR || len(a.Warnings) != 0 {
		t.Errorf("Analyze(run before the first thresholds) = zones %+v, source %q, warnings %q, want z3 600 with the first set", a.Zones, a.LoadSource, a.Warnings)
	}
	// A bike uses the bike LTHR and table: 144 of 170 is z2 on a bike, z1 on foot.
	bike := record(easyday.Cycling, []block{{Dur: 600, HR: 144, Power: none}}, nil)
	p = testProfile()
	p.Thresholds[0].RunLTHR = 200
	if a := Analyze(bike, p); a.Zones.Z2 != 600 {
		t.Errorf("Analyze(ride at 144, bike LTHR 170) zones = %+v, want z2 600", a.Zones)
	}
}

func TestRecompute(t *testing.T) {
	p := testProfile()
	for _, tt := range []struct {
		name  string
		sport easyday.Sport
		rec   easyday.Recording
	}{
		{"stream smart", easyday.Running, record(easyday.Running, streamOracle, rand.New(rand.NewPCG(9, 9)))},
		{"power 1 Hz", easyday.Cycling, record(easyday.Cycling, powerOracle, nil)},
		{"random", easyday.Cycling, record(easyday.Cycling, randomBlocks(rand.New(rand.NewPCG(5, 5))), nil)},
	} {
		a := Analyze(tt.rec, p)
		if got := Recompute(a, p); !reflect.DeepEqual(got, a) {
			t.Errorf("Recompute(Analyze(%s)) = %+v, want %+v", tt.name, got, a)
		}
		raw, _ := Timeline(tt.rec)
		if len(a.Segments) > len(raw) {
			t.Errorf("Analyze(%s) stores %d segments, more than the %d unmerged", tt.name, len(a.Segments), len(raw))
		}
	}

	// New thresholds change the numbers; times and the local day stay.
	a := Analyze(record(easyday.Running, streamOracle, nil), p)
	q := testProfile()
	q.Thresholds = append(q.Thresholds, easyday.Thresholds{From: easyday.MakeDate(2024, 5, 1), RunLTHR: 180})
	b := Recompute(a, q)
	if b.Zones == a.Zones || deref(b.HRSS) >= deref(a.HRSS) || b.TimerS != a.TimerS || b.LocalDate != a.LocalDate || !b.StartUTC.Equal(a.StartUTC) {
		t.Errorf("Recompute(LTHR 180) = zones %+v, HRSS %.4f, want other zones, HRSS below %.4f, same times", b.Zones, deref(b.HRSS), deref(a.HRSS))
	}

	// Thresholds added later clear the warning; removed ones add it once.
	none := testProfile()
	none.Thresholds = nil
	c := Analyze(record(easyday.Running, streamOracle, nil), none)
	c.Warnings = append([]easyday.Warning{easyday.Warning{Code: easyday.WarningFileCRC, Text: "CRC mismatch"}}, c.Warnings...)
	c = Recompute(c, none)
	if !slices.Equal(c.Warnings, []easyday.Warning{easyday.Warning{Code: easyday.WarningFileCRC, Text: "CRC mismatch"}, {Code: easyday.WarningNoThresholds, Text: "no thresholds in force on 2024-06-01"}}) || c.LoadSource != easyday.LoadNone {
		t.Errorf("Recompute(no thresholds) warnings = %q, source %q, want one threshold warning, none", c.Warnings, c.LoadSource)
	}
	c = Recompute(c, p)
	if !slices.Equal(c.Warnings, []easyday.Warning{easyday.Warning{Code: easyday.WarningFileCRC, Text: "CRC mismatch"}}) || !near(c.Load, 58.5482, tol) {
		t.Errorf("Recompute(thresholds now set) = warnings %q, load %.4f, want only the CRC warning, 58.5482", c.Warnings, c.Load)
	}
}

// TestRecomputeWarningsByCode: Recompute replaces the warnings it states by
// their code, whatever their text says; others are kept even when their
// text reads like one of them.
func TestRecomputeWarningsByCode(t *testing.T) {
	a := Analyze(record(easyday.Running, streamOracle, nil), testProfile())
	a.Warnings = []easyday.Warning{
		{Code: easyday.WarningNoThresholds, Text: "reworded: thresholds missing"},
		{Code: easyday.WarningZeroPower, Text: "reworded: flat zero watts"},
		{Code: easyday.WarningFileCRC, Text: "no thresholds in force on 2024-06-01"},
	}
	got := Recompute(a, testProfile()).Warnings
	if want := a.Warnings[2:]; !slices.Equal(got, want) {
		t.Errorf("Recompute warnings = %q, want %q", got, want)
	}
}

// TestHRSensorFault: docs/metrics.md §1.2, heart rate above 225 bpm is a strap
// losing contact, missing like 0 and 255, and the seconds it covered are a
// warning. An easy ride whose strap reads 240–254 for ten minutes scores as
// the ride without those minutes, at 1 Hz and in smart recording, and a
// stored stream recomputed gives the same.
func TestHRSensorFault(t *testing.T) {
	for _, rng := range []*rand.Rand{nil, rand.New(rand.NewPCG(3, 4))} {
		faulty := record(easyday.Cycling, []block{{Dur: 1200, HR: 130}, {Dur: 300, HR: 240}, {Dur: 300, HR: 254}, {Dur: 1200, HR: 130}}, rng)
		clean := record(easyday.Cycling, []block{{Dur: 1200, HR: 130}, {Dur: 600, HR: 0}, {Dur: 1200, HR: 130}}, rng)
		p := testProfile()
		got, want := Analyze(faulty, p), Analyze(clean, p)
		if got.HRS != want.HRS || got.HRS != 2400 || *got.HRSS != *want.HRSS || *got.MaxHR != 130 || got.Zones != want.Zones {
			t.Errorf("Analyze(strap fault).HRS, HRSS, MaxHR = %v, %v, %v, want %v, %v, 130", got.HRS, *got.HRSS, *got.MaxHR, want.HRS, *want.HRSS)
		}
		var fault []easyday.Warning
		for _, w := range got.Warnings {
			if w.Code == easyday.WarningHRSensorFault {
				fault = append(fault, w)
			}
		}
		if len(fault) != 1 || fault[0].Text != "heart rate above 225 bpm for 600 s (a strap losing contact): those seconds count as missing" {
			t.Errorf("Analyze(strap fault).Warnings = %q, want one %s warning naming 600 s", got.Warnings, easyday.WarningHRSensorFault)
		}
		for _, w := range want.Warnings {
			if w.Code == easyday.WarningHRSensorFault {
				t.Errorf("Analyze(clean ride).Warnings = %q, want no %s", want.Warnings, easyday.WarningHRSensorFault)
			}
		}
		again := Recompute(got, p)
		if again.HRS != got.HRS || *again.HRSS != *got.HRSS || !slices.Equal(again.Warnings, got.Warnings) {
			t.Errorf("Recompute(strap fault) = %v s, %v, %q, want %v s, %v, %q", again.HRS, *again.HRSS, again.Warnings, got.HRS, *got.HRSS, got.Warnings)
		}
	}
	// 225 itself is a reading; 226 is not.
	for hr, want := range map[int]bool{0: false, 1: true, 225: true, 226: false, 254: false, 255: false} {
		if validHR(hr) != want {
			t.Errorf("validHR(%d) = %v, want %v", hr, !want, want)
		}
	}
}
