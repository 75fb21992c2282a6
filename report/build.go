package report

import (
	"context"
	"fmt"
	"math"
	"time"

	"easyday"
	"easyday/analysis"
	"easyday/history"
)

// Build gathers from the history everything the report for day shows: the
// fitness model up to the day before, the week's activities, their loads'
// monotony and strain, the readiness from the wellness lookback, and the
// data notes. Render and Write take what it returns; the numbers come from
// the analysis package, the report only reads and arranges them.
func Build(ctx context.Context, st *history.Store, p easyday.Profile, day easyday.Date) (Input, error) {
	days, err := ModelDays(ctx, st, p, day.AddDays(-1))
	if err != nil {
		return Input{}, err
	}
	week, err := st.ActivitiesOn(ctx, day.AddDays(-7), day.AddDays(-1), false)
	if err != nil {
		return Input{}, fmt.Errorf("read activities: %w", err)
	}
	in := Input{
		Facts:   analysis.Facts(day, days, week, p),
		Days:    days,
		Week:    week,
		Profile: p,
	}
	wrows, err := st.Wellness(ctx, day.AddDays(-analysis.ReadinessLookback-WellnessDays), day)
	if err != nil {
		return Input{}, err
	}
	wdays := analysis.WellnessDays(wrows)
	in.Facts = analysis.Temper(in.Facts, analysis.Readiness(day, wdays), week, p)
	in.Wellness = analysis.WellnessTrend(day, wdays, WellnessDays)
	for _, x := range week {
		if x.LocalDate == day.AddDays(-1) {
			in.Yesterday = append(in.Yesterday, x)
		}
	}
	if in.AvgPowerW, err = averagePower(ctx, st, day.AddDays(-1), in.Yesterday); err != nil {
		return Input{}, err
	}
	in.Monotony, in.Strain = analysis.Monotony(weekLoads(day, week))
	last, any, err := st.LastActivityDay(ctx, day)
	if err != nil {
		return Input{}, err
	}
	in.Facts = analysis.Quiet(in.Facts, last, any)
	if in.LatestWellness, err = latestWellness(ctx, st, day); err != nil {
		return Input{}, err
	}
	if in.DataNotes, err = dataNotes(ctx, st, p.Location, day, week); err != nil {
		return Input{}, err
	}
	more, err := activityNotes(ctx, st, p, day, week)
	if err != nil {
		return Input{}, err
	}
	in.DataNotes = append(in.DataNotes, more...)
	in.Facts.DataNotes = make([]easyday.DataNote, len(in.DataNotes))
	for i, n := range sortedNotes(in.DataNotes) {
		in.Facts.DataNotes[i] = n.JSON()
	}
	var sugs []analysis.Suggestion
	if in.Facts.Thresholds, sugs, err = thresholdFacts(ctx, st, p, day, wdays); err != nil {
		return Input{}, err
	}
	if in.Suggestions, err = thresholdNotes(ctx, st, p, sugs); err != nil {
		return Input{}, err
	}
	in.Adopt = analysis.Adopt(sugs, p, day)
	return in, nil
}

// thresholdNotes finds the window each suggestion's estimate comes from
// in its activity's stream (a handful of streams at most: one activity
// per key), so that the report can say what it showed and where. A stream
// that no longer gives the stored estimate (the thresholds it was computed
// with have changed since) gives no window.
func thresholdNotes(ctx context.Context, st *history.Store, p easyday.Profile, sugs []analysis.Suggestion) ([]ThresholdNote, error) {
	notes := make([]ThresholdNote, len(sugs))
	streams := map[int64]easyday.Activity{}
	for i, s := range sugs {
		notes[i] = ThresholdNote{Suggestion: s}
		if s.Activity == nil {
			continue
		}
		a, ok := streams[s.Activity.ID]
		if !ok {
			day := s.Activity.LocalDate
			acts, err := st.ActivitiesOn(ctx, day, day, true)
			if err != nil {
				return nil, fmt.Errorf("read the streams of %s: %w", day, err)
			}
			for _, x := range acts {
				streams[x.ID] = x
			}
			if a, ok = streams[s.Activity.ID]; !ok {
				continue
			}
		}
		th, thOK := p.ThresholdsOn(a.LocalDate)
		est, eff := analysis.EstimateEfforts(a, th, thOK)
		a.Estimates = est
		if e := analysis.EstimateOf(s.Key, a); e != nil && math.Abs(*e-s.Value) <= 1e-6*math.Abs(s.Value) {
			notes[i].Effort = eff.Of(s.Key)
		}
	}
	return notes, nil
}

// thresholdFacts reads the estimates of the last 56 days and the resting
// heart rates of the wellness days for the report's thresholds
// (docs/metrics.md §12.5).
func thresholdFacts(ctx context.Context, st *history.Store, p easyday.Profile, day easyday.Date, wdays []easyday.WellnessDay) (easyday.ThresholdFacts, []analysis.Suggestion, error) {
	acts, err := st.ActivitiesOn(ctx, day.AddDays(-56), day.AddDays(-1), false)
	if err != nil {
		return easyday.ThresholdFacts{}, nil, fmt.Errorf("read activities: %w", err)
	}
	rhr := map[easyday.Date]float64{}
	for _, w := range wdays {
		if w.RHR != nil {
			rhr[w.Date] = float64(*w.RHR)
		}
	}
	f := easyday.ThresholdFacts{Suggestions: []easyday.ThresholdSuggestion{}, NotDemonstrated: analysis.NotDemonstrated(acts, p, day)}
	if f.NotDemonstrated == nil {
		f.NotDemonstrated = []easyday.ThresholdKey{}
	}
	sugs := analysis.Suggestions(acts, p, day, rhr)
	for _, s := range sugs {
		j := easyday.ThresholdSuggestion{Key: s.Key, Value: s.Value}
		if !s.Starting {
			v := s.InForce
			j.InForce = &v
		}
		if s.Activity != nil {
			id, d := s.Activity.ID, s.Activity.LocalDate
			j.ActivityID, j.Date = &id, &d
		}
		f.Suggestions = append(f.Suggestions, j)
	}
	return f, sugs, nil
}

// latestWellness is the latest day on or before day with a wellness value,
// nil when there is none.
func latestWellness(ctx context.Context, st *history.Store, day easyday.Date) (*easyday.Date, error) {
	d, ok, err := st.LatestWellnessDay(ctx, day)
	if err != nil || !ok {
		return nil, err
	}
	return &d, nil
}

// activityNotes are the data notes about activities beyond their files:
// the week's implausible ones and excluded ones, and the activities scored
// with thresholds no longer in force.
func activityNotes(ctx context.Context, st *history.Store, p easyday.Profile, day easyday.Date, week []easyday.Activity) ([]DataNote, error) {
	notes := implausibleNotes(week)
	all, err := st.AllActivitiesOn(ctx, day.AddDays(-7), day.AddDays(-1), false)
	if err != nil {
		return nil, fmt.Errorf("read activities: %w", err)
	}
	var excluded []easyday.Activity
	for _, x := range all {
		if x.Excluded {
			excluded = append(excluded, x)
		}
	}
	notes = append(notes, excludedNotes(excluded)...)
	n, first, err := st.StaleScores(ctx, func(d easyday.Date) string {
		if th, ok := p.ThresholdsOn(d); ok {
			return th.Key()
		}
		return ""
	})
	if err != nil {
		return nil, err
	}
	if s := staleNote(n, first); s != nil {
		notes = append(notes, *s)
	}
	return notes, nil
}

// averagePower reads the streams of the activities of day that have power
// (few: a day's rides) for their average power, which the history does not
// keep.
func averagePower(ctx context.Context, st *history.Store, day easyday.Date, acts []easyday.Activity) (map[int64]float64, error) {
	any := false
	for _, a := range acts {
		any = any || a.NPW != nil
	}
	if !any {
		return nil, nil
	}
	withStreams, err := st.ActivitiesOn(ctx, day, day, true)
	if err != nil {
		return nil, fmt.Errorf("read yesterday's streams: %w", err)
	}
	avg := map[int64]float64{}
	for _, a := range withStreams {
		if w, ok := analysis.AveragePower(a.Segments); ok && a.NPW != nil {
			avg[a.ID] = w
		}
	}
	return avg, nil
}

// weekLoads is the load of each of the 7 days before day, oldest first.
func weekLoads(day easyday.Date, week []easyday.Activity) []float64 {
	byDay := map[easyday.Date]float64{}
	for _, x := range week {
		byDay[x.LocalDate] += x.Load
	}
	loads := make([]float64, 7)
	for i := range loads {
		loads[i] = byDay[day.AddDays(i-7)]
	}
	return loads
}

// dataNotes reads the ledger rows the data notes of day can name (files
// first seen since the day before, and the rows a file seen since then
// superseded) and picks the notes.
func dataNotes(ctx context.Context, st *history.Store, loc *time.Location, day easyday.Date, week []easyday.Activity) ([]DataNote, error) {
	// The day before's first instant in loc is at most 14 hours before its
	// midnight in UTC (the widest offset): a day earlier is safely before
	// it. DataNotes itself keeps to the dates.
	since := day.AddDays(-1).Time().Add(-24 * time.Hour)
	files, err := st.FilesSince(ctx, since)
	if err != nil {
		return nil, fmt.Errorf("read ledger: %w", err)
	}
	return DataNotes(day, loc, ledgerEntries(files), week), nil
}

// ledgerEntries is the ledger as DataNotes reads it.
func ledgerEntries(files []history.FileRecord) []LedgerEntry {
	ledger := make([]LedgerEntry, len(files))
	for i, f := range files {
		ledger[i] = LedgerEntry{Path: f.Path, Status: f.Status, Reason: f.Reason, Seen: f.SeenUTC, SupersededBy: f.SupersededBy}
	}
	return ledger
}

// ModelDays runs the fitness model from the day of the first stored
// activity to `to` (days after the last activity decay with no load).
// Fitness and fatigue start from the athlete's seeds on the day before the
// first activity. No activity, or to before the first: none.
func ModelDays(ctx context.Context, st *history.Store, p easyday.Profile, to easyday.Date) ([]easyday.Day, error) {
	loads, first, _, ok, err := st.DailyLoads(ctx)
	if err != nil {
		return nil, fmt.Errorf("read daily loads: %w", err)
	}
	return daysFrom(loads, first, ok, to, p), nil
}

// daysFrom runs the fitness model over the daily loads from the first
// activity's day to to (nil when there is no activity, or to lies before
// it), from the athlete's seeds.
func daysFrom(loads map[easyday.Date]float64, first easyday.Date, any bool, to easyday.Date, p easyday.Profile) []easyday.Day {
	if !any || to < first {
		return nil
	}
	return analysis.Days(loads, first, to, p.Athlete.FitnessSeed, p.Athlete.FatigueSeed)
}

// RoundFacts rounds the numbers of the facts to 4 decimals, as `report
// --json` prints them, with empty lists as [] rather than null.
func RoundFacts(f easyday.Facts) easyday.Facts {
	r := func(v float64) float64 { return easyday.Round(v, 4) }
	f.Fitness, f.Fatigue, f.Form, f.Ramp, f.YesterdayLoad, f.WeekDistance = r(f.Fitness), r(f.Fatigue), r(f.Form), r(f.Ramp), r(f.YesterdayLoad), r(f.WeekDistance)
	if f.Warnings == nil {
		f.Warnings = []easyday.AdviceWarning{}
	}
	if f.DataNotes == nil {
		f.DataNotes = []easyday.DataNote{}
	}
	sigs := make([]easyday.Signal, len(f.Readiness.Signals))
	for i, s := range f.Readiness.Signals {
		for _, v := range []**float64{&s.Value, &s.Baseline} {
			if *v != nil {
				x := r(**v)
				*v = &x
			}
		}
		sigs[i] = s
	}
	f.Readiness.Signals = sigs
	return f
}
