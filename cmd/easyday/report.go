package main

import (
	"context"
	"flag"
	"fmt"

	"easyday"
	"easyday/analysis"
	"easyday/history"
	"easyday/report"
)

// runReport is 'easyday report [--date D] [--json]'.
func runReport(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	dateS := fs.String("date", "", "the `day` to report on, YYYY-MM-DD (default: today in your time zone)")
	asJSON := fs.Bool("json", false, "print the report's facts as JSON instead of writing it")
	if err := a.parseNoArgs(fs, args); err != nil {
		return err
	}
	c, st, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	day := easyday.DateOf(a.now(), c.Profile.Location)
	if *dateS != "" {
		if day, err = easyday.ParseDate(*dateS); err != nil {
			return usagef("--date: %v", err)
		}
	}
	if *asJSON {
		in, err := reportInput(ctx, st, c, day)
		if err != nil {
			return err
		}
		return writeJSON(a.stdout, roundFacts(in.Facts))
	}
	path, err := writeReport(ctx, st, c, day)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, path)
	return nil
}

// writeReport writes the report for day and returns its path.
func writeReport(ctx context.Context, st *history.Store, c *config, day easyday.Date) (string, error) {
	in, err := reportInput(ctx, st, c, day)
	if err != nil {
		return "", err
	}
	path, err := report.Write(c.Reports, in)
	if err != nil {
		return "", fmt.Errorf("write report: %w", err)
	}
	return path, nil
}

// reportInput gathers everything the report for day shows.
func reportInput(ctx context.Context, st *history.Store, c *config, day easyday.Date) (report.Input, error) {
	p := c.Profile
	days, err := modelDays(ctx, st, p, day.AddDays(-1))
	if err != nil {
		return report.Input{}, err
	}
	week, err := st.ActivitiesOn(ctx, day.AddDays(-7), day.AddDays(-1), false)
	if err != nil {
		return report.Input{}, fmt.Errorf("read activities: %w", err)
	}
	in := report.Input{
		Facts:   analysis.Facts(day, days, week, p),
		Days:    days,
		Week:    week,
		Profile: p,
	}
	wrows, err := st.Wellness(ctx, day.AddDays(-analysis.ReadinessLookback-report.WellnessDays), day)
	if err != nil {
		return report.Input{}, err
	}
	wdays := analysis.WellnessDays(wrows)
	in.Facts = analysis.Temper(in.Facts, analysis.Readiness(day, wdays), week, p)
	in.Wellness = analysis.WellnessTrend(day, wdays, report.WellnessDays)
	for _, x := range week {
		if x.LocalDate == day.AddDays(-1) {
			in.Yesterday = append(in.Yesterday, x)
		}
	}
	byDay := map[easyday.Date]float64{}
	for _, x := range week {
		byDay[x.LocalDate] += x.Load
	}
	weekLoads := make([]float64, 7)
	for i := range weekLoads {
		weekLoads[i] = byDay[day.AddDays(i-7)]
	}
	in.Monotony, in.Strain = analysis.Monotony(weekLoads)

	// Data notes: files rejected or skipped since the previous day's report,
	// and activities of the week whose numbers deserve a second look.
	files, err := st.Files(ctx)
	if err != nil {
		return report.Input{}, fmt.Errorf("read ledger: %w", err)
	}
	ledger := make([]report.LedgerEntry, len(files))
	for i, f := range files {
		ledger[i] = report.LedgerEntry{Path: f.Path, Status: f.Status, Reason: f.Reason, Seen: f.SeenUTC, SupersededBy: f.SupersededBy}
	}
	in.DataNotes = report.DataNotes(day, p.Location, ledger, week)
	return in, nil
}

// roundFacts rounds the numbers of the JSON facts to 4 decimals.
func roundFacts(f easyday.Facts) easyday.Facts {
	r := func(v float64) float64 { return easyday.Round(v, 4) }
	f.Fitness, f.Fatigue, f.Form, f.Ramp, f.YesterdayLoad, f.WeekDistance = r(f.Fitness), r(f.Fatigue), r(f.Form), r(f.Ramp), r(f.YesterdayLoad), r(f.WeekDistance)
	if f.Warnings == nil {
		f.Warnings = []easyday.AdviceWarning{}
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
