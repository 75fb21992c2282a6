package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"easyday"
	"easyday/report"
)

// runActivities is 'easyday activities [--json] [--from D] [--to D]': the
// activities in date order, those of local days from..to when given.
func runActivities(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("activities", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print a JSON array")
	fromS := fs.String("from", "", "first `day` to list, YYYY-MM-DD (default: the first activity's day)")
	toS := fs.String("to", "", "last `day` to list, YYYY-MM-DD (default: the last activity's day)")
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
	lo, hi := closedRange(from, to)
	acts, err := st.AllActivitiesOn(ctx, lo, hi, false)
	if err != nil {
		return err
	}
	for i := range acts {
		acts[i] = roundActivity(acts[i])
	}
	if *asJSON {
		return writeJSON(a.stdout, acts)
	}
	empty := "(no activities yet: run 'easyday ingest')"
	if from != nil || to != nil {
		empty = "(no activities on those days)"
	}
	return activityTable(a.stdout, acts, c.Profile.Athlete.DistanceUnit, empty)
}

// roundActivity rounds what people read to 4 decimals, so that JSON shows
// 2880 rather than 2879.9999999999995.
func roundActivity(a easyday.Activity) easyday.Activity {
	r := func(v float64) float64 { return easyday.Round(v, 4) }
	rp := func(v *float64) *float64 {
		if v == nil {
			return nil
		}
		x := r(*v)
		return &x
	}
	a.ElapsedS, a.TimerS, a.DistanceM, a.HRS, a.Load = r(a.ElapsedS), r(a.TimerS), r(a.DistanceM), r(a.HRS), r(a.Load)
	a.AvgHR, a.MaxHR, a.TRIMP, a.HRSS, a.NPW, a.PowerTSS = rp(a.AvgHR), rp(a.MaxHR), rp(a.TRIMP), rp(a.HRSS), rp(a.NPW), rp(a.PowerTSS)
	a.NGPSPerKm, a.PaceLoad = rp(a.NGPSPerKm), rp(a.PaceLoad)
	z := &a.Zones
	z.Z1, z.Z2, z.Z3, z.Z4, z.Z5a, z.Z5b, z.Z5c = r(z.Z1), r(z.Z2), r(z.Z3), r(z.Z4), r(z.Z5a), r(z.Z5b), r(z.Z5c)
	a.StartUTC = a.StartUTC.UTC()
	if a.Warnings == nil {
		a.Warnings = []easyday.Warning{}
	}
	return a
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// activityTable prints acts for people, or empty when there are none.
func activityTable(w io.Writer, acts []easyday.Activity, unit easyday.DistanceUnit, empty string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	var excluded []easyday.Activity
	fmt.Fprintf(tw, "ID\tDATE\tSTART\tSPORT\tTIME\tDIST (%s)\tNGP\tAVG HR\tLOAD\tSOURCE\n", unit)
	for _, x := range acts {
		sport := string(x.Sport)
		if x.SubSport != "" {
			sport += "/" + x.SubSport
		}
		avg := "-"
		if x.AvgHR != nil {
			avg = fmt.Sprintf("%.0f", *x.AvgHR)
		}
		ngp := "-"
		if x.NGPSPerKm != nil {
			ngp = easyday.FormatPace(*x.NGPSPerKm, unit)
		}
		source := report.LoadSourceName(x.LoadSource)
		if x.Excluded {
			source += " (excluded)"
			excluded = append(excluded, x)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%.2f\t%s\t%s\t%.0f\t%s\n", x.ID, x.LocalDate, x.LocalStart().Format("15:04"),
			sport, hms(x.TimerS), unit.FromMetres(x.DistanceM), ngp, avg, x.Load, source)
	}
	if len(acts) == 0 {
		fmt.Fprintln(tw, empty)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(excluded) > 0 {
		fmt.Fprintln(w, "\nExcluded: these count for nothing ('easyday include ID' counts one again):")
		for _, x := range excluded {
			why := ""
			if x.ExcludeReason != "" {
				why = ": " + x.ExcludeReason
			}
			fmt.Fprintf(w, "  #%d %s%s\n", x.ID, x.LocalDate, why)
		}
	}
	return nil
}

// hms formats seconds as h:mm:ss.
func hms(s float64) string {
	t := int64(s + 0.5)
	return fmt.Sprintf("%d:%02d:%02d", t/3600, t/60%60, t%60)
}
