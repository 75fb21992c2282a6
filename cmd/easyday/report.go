package main

import (
	"context"
	"flag"
	"fmt"

	"easyday"
	"easyday/history"
	"easyday/internal/config"
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
	day, err := a.dateFlag(*dateS, c)
	if err != nil {
		return err
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
func writeReport(ctx context.Context, st *history.Store, c *config.Config, day easyday.Date) (string, error) {
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

// dateFlag is the day a --date flag names, YYYY-MM-DD, or today in the
// athlete's time zone when it is empty.
func (a *app) dateFlag(s string, c *config.Config) (easyday.Date, error) {
	if s == "" {
		return easyday.DateOf(a.now(), c.Profile.Location), nil
	}
	d, err := easyday.ParseDate(s)
	if err != nil {
		return 0, usagef("--date: %v", err)
	}
	return d, nil
}
