package report

import (
	"time"

	"easyday"
)

// Model constants for building realistic test days (docs/metrics.md §7); the
// literals avoid math.Exp so that the fixture is the same on every platform.
const (
	testKC = 0.02353049741019 // 1 − e^(−1/42)
	testKA = 0.13312210024981 // 1 − e^(−1/7)
)

// modelDays runs the fitness model over loads starting on first. The
// explicit float64 conversions stop the compiler from fusing multiply-adds,
// which some platforms do, so the golden files match everywhere.
func modelDays(first easyday.Date, loads []float64) []easyday.Day {
	var days []easyday.Day
	ctl, atl := 0.0, 0.0
	var ctls []float64
	for i, l := range loads {
		tsb := ctl - atl
		ctl += float64(testKC * (l - ctl))
		atl += float64(testKA * (l - atl))
		ctls = append(ctls, ctl)
		ramp := ctl
		if i >= 7 {
			ramp = ctl - ctls[i-7]
		}
		days = append(days, easyday.Day{Date: first.AddDays(i), Load: l, CTL: ctl, ATL: atl, TSB: tsb, Ramp: ramp})
	}
	return days
}

func ptr(v float64) *float64 { return &v }

// sampleInput is a hand-made report with every section filled: 120 days of
// a building training block, a hard day yesterday (a run and a ride), a
// strength session without heart rate in the week, two thresholds sets,
// a warning, a note and three data notes.
func sampleInput(unit easyday.DistanceUnit) Input {
	date := easyday.MakeDate(2026, time.October, 29) // a Thursday
	first := date.AddDays(-120)
	weekly := []float64{0, 60, 45, 75, 0, 110, 65} // Monday first
	var loads []float64
	for d := first; d < date; d++ {
		wd := (int(d.Time().Weekday()) + 6) % 7
		loads = append(loads, float64(weekly[wd]*(1+float64(int(d-first)/7)/30)))
	}
	// Yesterday: a run (95) and a ride (70); two days ago an easy day.
	loads[len(loads)-1] = 165 // above the hard-day line of 150
	loads[len(loads)-2] = 35
	days := modelDays(first, loads)
	last := days[len(days)-1]
	weekAgo := days[len(days)-8]

	offset := 3600 // the watch's local time is UTC+1
	at := func(d easyday.Date, hh, mm int) time.Time {
		return d.Time().Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute - time.Duration(offset)*time.Second)
	}
	yd := date.AddDays(-1)
	run := easyday.Activity{
		ID: 41, Source: "/watch/2026-10-28-06-45-12.fit", Format: "fit", Sport: easyday.Running, SubSport: "trail",
		StartUTC: at(yd, 6, 45), UTCOffsetS: offset, LocalDate: yd,
		TimerS: 55*60 + 10, ElapsedS: 58 * 60, DistanceM: 12345, AvgHR: ptr(152.4), MaxHR: ptr(178),
		Zones:     easyday.ZoneSeconds{Z1: 600, Z2: 900, Z3: 840, Z4: 700, Z5a: 200, Z5b: 60, Z5c: 10},
		NGPSPerKm: ptr(262.4), PaceLoad: ptr(88.2),
		Load: 95, LoadSource: easyday.LoadHR,
	}
	ride := easyday.Activity{
		ID: 42, Source: "/watch/2026-10-28-17-30-00.fit", Format: "fit", Sport: easyday.Cycling,
		StartUTC: at(yd, 17, 30), UTCOffsetS: offset, LocalDate: yd,
		TimerS: 80 * 60, ElapsedS: 85 * 60, DistanceM: 40210, AvgHR: ptr(131), MaxHR: ptr(160),
		Zones: easyday.ZoneSeconds{Z1: 2400, Z2: 1800, Z3: 600},
		Load:  70, LoadSource: easyday.LoadPower,
	}
	week := []easyday.Activity{ride, run} // out of order on purpose
	for i := 7; i >= 2; i-- {
		d := date.AddDays(-i)
		l := loads[len(loads)-i]
		if l == 0 {
			continue
		}
		a := easyday.Activity{
			ID: int64(100 - i), Sport: easyday.Running, StartUTC: at(d, 7, 0), UTCOffsetS: offset, LocalDate: d,
			TimerS: l * 40, DistanceM: l * 110, AvgHR: ptr(140), MaxHR: ptr(165), Load: l, LoadSource: easyday.LoadHR,
		}
		if d.Time().Weekday() == time.Saturday {
			a.Sport, a.DistanceM, a.LoadSource = easyday.Cycling, l*420, easyday.LoadPower
		}
		week = append(week, a)
	}
	week = append(week, easyday.Activity{
		ID: 90, Sport: "training", SubSport: "strength_training", StartUTC: at(date.AddDays(-3), 19, 0),
		UTCOffsetS: offset, LocalDate: date.AddDays(-3), TimerS: 45 * 60, LoadSource: easyday.LoadNone,
	})

	// 30 days of wellness: resting HR near 50 creeping up to 56 over the
	// last days (a cold coming on), HRV around 64 falling to 52, two
	// missing days.
	var trend []easyday.WellnessTrendDay
	var nights []float64 // HRV of the nights so far, for the 7-night average
	for i := range WellnessDays {
		d := date.AddDays(i - WellnessDays + 1)
		t := easyday.WellnessTrendDay{Date: d, RHRLow: ptr(47), RHRHigh: ptr(53), HRVLow: ptr(58), HRVHigh: ptr(71)}
		if i != 10 && i != 11 {
			rhr, hrv := float64(49+i%3), float64(62+i%5)
			if i >= 26 {
				rhr, hrv = float64(50+2*(i-26)), float64(60-3*(i-26))
			}
			t.RHR, t.HRV = ptr(rhr), ptr(hrv)
			nights = append(nights, hrv)
			week := nights[max(0, len(nights)-7):]
			sum := 0.0
			for _, v := range week {
				sum += v
			}
			t.HRVWeek = ptr(sum / float64(len(week)))
		}
		trend = append(trend, t)
	}
	yesterday := date.AddDays(-1)
	readiness := easyday.Readiness{Code: easyday.ReadinessEasy, HasData: true, Signals: []easyday.Signal{
		{Name: easyday.SignalHRV, Value: ptr(60), State: easyday.StateBelowNormal, Date: &date,
			Band: &easyday.HRVBand{Low: 58, High: 71}, Status: "low", Week: ptr(52), LastNight: ptr(60)},
		{Name: easyday.SignalRestingHR, Value: ptr(56), Baseline: ptr(50), State: easyday.StateNormal, Date: &yesterday},
		{Name: easyday.SignalSleep, Value: ptr(81), State: easyday.StateNormal, Date: &date, Seconds: ptr(7*3600 + 12*60)},
	}}

	return Input{
		Wellness: trend,
		Facts: easyday.Facts{
			Readiness:     readiness,
			Date:          date,
			Fitness:       last.CTL,
			Fatigue:       last.ATL,
			Form:          last.CTL - last.ATL,
			Ramp:          last.CTL - weekAgo.CTL,
			YesterdayLoad: 165,
			HardYesterday: true,
			DistanceUnit:  unit,
			Advice: easyday.Advice{Code: "recovery_run",
				Text: "Run 20–30 minutes easy in zones 1–2, heart rate at or below 152 bpm, later in the day."},
			Warnings: []easyday.AdviceWarning{{Code: "recovery_too_long",
				Text: "Your recovery run at 06:45 lasted 0:55: past 30 minutes a recovery run stops helping you recover."}},
			RestDaysToFresh: 4,
			HistoryDays:     121,
			RecoveryCeilBPM: 152,
			Notes:           []string{"Day 2 of your cycle: fatigue runs higher and basal metabolic rate rises by more than 6%, so plan fuel and expect slower recovery."},
		},
		Days:      days,
		Yesterday: []easyday.Activity{ride, run},
		Week:      week,
		Monotony:  1.5234,
		Strain:    1023.46,
		Profile: easyday.Profile{
			Athlete: easyday.Athlete{Sex: "female", RestingHR: 50, MaxHR: 190, DistanceUnit: unit},
			Thresholds: []easyday.Thresholds{
				{From: easyday.MakeDate(2026, time.January, 1), RunLTHR: 168, BikeLTHR: 158, FTP: 240},
				{From: easyday.MakeDate(2026, time.September, 1), RunLTHR: 170, BikeLTHR: 160, FTP: 250, RunThresholdPace: 270},
				{From: easyday.MakeDate(2025, time.March, 1), RunLTHR: 165, BikeLTHR: 155},
			},
		},
		DataNotes: []DataNote{
			{Path: "/watch/old/settings.fit", Status: "skipped", Reason: "not an activity: settings file"},
			{Path: "/watch/2026-10-27-broken|copy.fit", Status: "rejected", Reason: "file ends part-way through a record (truncated download?)"},
			{Path: "/watch/2026-10-28-06-45-12.fit", Status: "warning", Reason: "checksum mismatch: numbers may be wrong"},
			{Status: "no load", Reason: "1 activity this week has no heart rate, power or pace: fitness and fatigue undercount it. To fix: pair a heart-rate strap (or a power meter on the bike) before the next one."},
		},
	}
}

// raceDayInput is the sample athlete on the day after a triathlon: a
// warm-up, the swim, the ride with a power meter, the run and a transition
// without heart rate.
func raceDayInput() Input {
	in := sampleInput("km")
	yd := in.Facts.Date.AddDays(-1)
	start := yd.Time().Add(7 * time.Hour)
	act := func(id int64, sport easyday.Sport, min float64, dist float64, z easyday.ZoneSeconds) easyday.Activity {
		a := easyday.Activity{ID: id, Sport: sport, StartUTC: start.Add(time.Duration(id) * 10 * time.Minute), LocalDate: yd,
			TimerS: min * 60, DistanceM: dist, Zones: z, Load: min, LoadSource: easyday.LoadHR}
		if z.Total() > 0 {
			a.AvgHR, a.MaxHR = ptr(150), ptr(170)
		}
		return a
	}
	ride := act(2, easyday.Cycling, 150, 90000, easyday.ZoneSeconds{Z2: 3000, Z3: 6000})
	ride.NPW, ride.PowerTSS, ride.Load, ride.LoadSource = ptr(212.4), ptr(180), 180, easyday.LoadPower
	in.AvgPowerW = map[int64]float64{ride.ID: 188.6}
	transition := act(4, "transition", 2, 0, easyday.ZoneSeconds{})
	transition.Load, transition.LoadSource = 0, easyday.LoadNone
	in.Yesterday = []easyday.Activity{
		act(0, easyday.Generic, 15, 0, easyday.ZoneSeconds{Z1: 900}),
		act(1, easyday.Swimming, 30, 1500, easyday.ZoneSeconds{Z2: 1000, Z3: 800}),
		ride,
		act(3, easyday.Running, 45, 10000, easyday.ZoneSeconds{Z3: 1200, Z4: 1500}),
		transition,
	}
	week := in.Week[:0:0]
	for _, a := range in.Week {
		if a.LocalDate != yd {
			week = append(week, a)
		}
	}
	in.Week = append(week, in.Yesterday...)
	return in
}
