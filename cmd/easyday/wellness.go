package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"text/tabwriter"

	"easyday"
	"easyday/analysis"
)

// runWellness is 'easyday wellness [--from D] [--to D] [--json]'.
func runWellness(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("wellness", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print a JSON array")
	fromS := fs.String("from", "", "first `day` to print, YYYY-MM-DD (default: the first day with a value)")
	toS := fs.String("to", "", "last `day` to print, YYYY-MM-DD (default: the last day with a value)")
	if err := a.parseNoArgs(fs, args); err != nil {
		return err
	}
	fromP, toP, err := dayRange(*fromS, *toS)
	if err != nil {
		return err
	}
	from, to := closedRange(fromP, toP)
	_, st, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := st.Wellness(ctx, from, to)
	if err != nil {
		return err
	}
	days := analysis.WellnessDays(rows)
	if days == nil {
		days = []easyday.WellnessDay{}
	}
	for i := range days {
		days[i] = roundWellness(days[i])
	}
	if *asJSON {
		return writeJSON(a.stdout, days)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "DATE\tRHR\tRHR 7D\tHRV\tHRV 7D\tHRV STATUS\tSLEEP\tSCORE\tSTRESS\t")
	for _, d := range days {
		status := "–"
		if d.HRVStatus != nil {
			status = *d.HRVStatus
		}
		sleep := "–"
		if d.SleepS != nil {
			m := int(math.Round(*d.SleepS / 60))
			sleep = fmt.Sprintf("%d:%02d", m/60, m%60)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", d.Date, optInt(d.RHR), optInt(d.RHR7d),
			optNum(d.HRVLastNightMS), optNum(d.HRVWeeklyMS), status, sleep, optInt(d.SleepScore), optNum(d.StressAvg))
	}
	return tw.Flush()
}

func optInt(v *int) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprint(*v)
}

func optNum(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f", *v)
}

// roundWellness rounds the day's fractional values to 4 decimals for JSON.
func roundWellness(d easyday.WellnessDay) easyday.WellnessDay {
	r := func(v *float64) *float64 {
		if v == nil {
			return nil
		}
		x := easyday.Round(*v, 4)
		return &x
	}
	d.HRVLastNightMS, d.HRVWeeklyMS, d.SleepS, d.StressAvg = r(d.HRVLastNightMS), r(d.HRVWeeklyMS), r(d.SleepS), r(d.StressAvg)
	if d.HRVBaseline != nil {
		b := easyday.HRVBand{Low: easyday.Round(d.HRVBaseline.Low, 4), High: easyday.Round(d.HRVBaseline.High, 4)}
		d.HRVBaseline = &b
	}
	return d
}
