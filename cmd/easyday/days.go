package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"easyday"
	"easyday/report"
)

// runDays is 'easyday days [--json] [--from D] [--to D]': the fitness
// model's days, report.DaysBetween.
func runDays(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("days", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print a JSON array")
	fromS := fs.String("from", "", "first `day` to print, YYYY-MM-DD (default: the first activity's day)")
	toS := fs.String("to", "", "last `day` to print, YYYY-MM-DD (default: the last activity's day)")
	if err := a.parseNoArgs(fs, args); err != nil {
		return err
	}
	from, to, err := dayRange(*fromS, *toS)
	if err != nil {
		return err
	}
	c, st, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	days, err := report.DaysBetween(ctx, st, c.Profile, from, to)
	if err != nil {
		return err
	}
	for i := range days {
		days[i] = roundDay(days[i])
	}
	return printDays(a, days, *asJSON)
}

// printDays prints the days as JSON or a table.
func printDays(a *app, out []easyday.Day, asJSON bool) error {
	if asJSON {
		return writeJSON(a.stdout, out)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "DATE\tLOAD\tFITNESS\tFATIGUE\tFORM\tRAMP\t")
	for _, d := range out {
		fmt.Fprintf(tw, "%s\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t\n", d.Date, d.Load, d.CTL, d.ATL, d.TSB, d.Ramp)
	}
	return tw.Flush()
}

func roundDay(d easyday.Day) easyday.Day {
	d.Load, d.CTL, d.ATL, d.TSB, d.Ramp = easyday.Round(d.Load, 4), easyday.Round(d.CTL, 4), easyday.Round(d.ATL, 4), easyday.Round(d.TSB, 4), easyday.Round(d.Ramp, 4)
	return d
}
