package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"easyday"
	"easyday/report"
)

// runDays is 'easyday days [--json] [--from D] [--to D]'.
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
	_, first, last, any, err := st.DailyLoads(ctx)
	if err != nil {
		return fmt.Errorf("read daily loads: %w", err)
	}
	// The days printed: the first to the last activity's day, or the range
	// asked for (an open end takes the activity's day, or the other end).
	lo, hi := first, last
	if from != nil {
		lo = *from
		if to == nil && lo > hi {
			hi = lo
		}
	}
	if to != nil {
		hi = *to
		if from == nil && hi < lo {
			lo = hi
		}
	}
	out := []easyday.Day{}
	if !any && (from == nil || to == nil) {
		return printDays(a, out, *asJSON)
	}
	days, err := report.ModelDays(ctx, st, c.Profile, max(hi, last))
	if err != nil {
		return err
	}
	byDate := map[easyday.Date]easyday.Day{}
	for _, d := range days {
		byDate[d.Date] = d
	}
	seedC, seedA := c.Profile.Athlete.FitnessSeed, c.Profile.Athlete.FatigueSeed
	for d := lo; d <= hi; d++ {
		day, ok := byDate[d]
		if !ok {
			// Before the first activity the model rests at its seeds.
			day = easyday.Day{Date: d, CTL: seedC, ATL: seedA, TSB: seedC - seedA}
		}
		out = append(out, roundDay(day))
	}
	return printDays(a, out, *asJSON)
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
