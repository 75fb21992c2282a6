package main

import (
	"context"
	"flag"
	"fmt"

	"easyday"
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
		in, err := report.Build(ctx, st, c.Profile, day)
		if err != nil {
			return err
		}
		return writeJSON(a.stdout, report.RoundFacts(in.Facts))
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
	in, err := report.Build(ctx, st, c.Profile, day)
	if err != nil {
		return "", err
	}
	path, err := report.Write(c.Reports, in)
	if err != nil {
		return "", fmt.Errorf("write report: %w", err)
	}
	return path, nil
}
