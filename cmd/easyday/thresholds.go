package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"easyday"
	"easyday/analysis"
	"easyday/internal/config"
	"easyday/internal/thresholds"
)

// runThresholds is 'easyday thresholds [--date D] [--json] [--add]': each
// threshold key as of day D (default today), and with --add the suggested
// dated values appended to the configuration as new sets, then recomputed.
func runThresholds(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("thresholds", flag.ContinueOnError)
	dateS := fs.String("date", "", "the `day` to look from, YYYY-MM-DD (default: today in your time zone)")
	asJSON := fs.Bool("json", false, "print JSON")
	add := fs.Bool("add", false, "append the suggested values to the configuration as dated [[thresholds]] sets, then recompute")
	if err := a.parseNoArgs(fs, args); err != nil {
		return err
	}
	if *add && *asJSON {
		return usagef("easyday thresholds: --add prints what it did; it takes no --json")
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
	unit := c.Profile.Athlete.DistanceUnit.Or(easyday.Kilometres)
	if *add {
		res, err := thresholds.Add(ctx, st, thresholds.AddOptions{
			Config:   c.Path,
			Pipeline: pipelineConfig(c, a),
			Day:      day,
			Parse: func(text []byte) (easyday.Profile, error) {
				nc, err := config.Parse(c.Path, text, a.getenv)
				if err != nil {
					return easyday.Profile{}, err
				}
				return nc.Profile, nil
			},
		})
		if err != nil {
			return err
		}
		printAdd(a.stdout, res, c.Path, unit, day)
		if res.Result.Rejected() > 0 {
			return errRejected
		}
		return nil
	}
	out, keys, err := thresholds.Status(ctx, st, c.Profile, day)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(a.stdout, out)
	}
	return thresholdTable(a.stdout, keys, unit, day)
}

// thresholdTable prints the keys' status for people.
func thresholdTable(w io.Writer, keys []analysis.KeyStatus, unit easyday.DistanceUnit, day easyday.Date) error {
	fmt.Fprintf(w, "Thresholds as of %s (best of the 42 days before; demonstrated in the 56 days before):\n\n", day)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tIN FORCE\tSINCE\tBEST 42 DAYS\tACTIVITY\tSUGGESTED\tDEMONSTRATED")
	for _, k := range keys {
		inForce, since, best, act, sug, shown := "not set", "-", "-", "-", "-", "-"
		if k.InForce > 0 {
			inForce = easyday.FormatThreshold(k.Key, k.InForce, unit)
		}
		if !k.Key.Dated() {
			since = "[athlete]"
		} else if k.Since != nil {
			since = k.Since.String()
		}
		if k.Best != nil {
			best = easyday.FormatThreshold(k.Key, k.Best.Value, unit)
			act = fmt.Sprintf("#%d %s", k.Best.Activity.ID, k.Best.Activity.LocalDate)
		}
		if k.Key == easyday.KeyRestingHR {
			act = "wellness, 30-day median"
		}
		if k.Suggested != nil {
			sug = easyday.FormatThreshold(k.Key, *k.Suggested, unit)
			if !(k.InForce > 0) {
				sug += " (starting value)"
			}
		}
		if k.Demonstrated != nil {
			shown = "no"
			if *k.Demonstrated {
				shown = "yes"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.Key, inForce, since, best, act, sug, shown)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	dated, athlete := false, false
	for _, k := range keys {
		if k.Suggested != nil {
			dated, athlete = dated || k.Key.Dated(), athlete || !k.Key.Dated()
		}
	}
	if dated {
		fmt.Fprintln(w, "\nRun 'easyday thresholds --add' to add the suggested run_lthr, bike_lthr, ftp and run_threshold_pace as dated [[thresholds]] sets and recompute.")
	}
	if athlete {
		fmt.Fprintln(w, "\nmax_hr and resting_hr are not dated: change them in [athlete] by hand, then run 'easyday recompute': every load is recomputed with them.")
	}
	return nil
}

// printAdd says what 'thresholds --add' did.
func printAdd(w io.Writer, res thresholds.AddResult, path string, unit easyday.DistanceUnit, day easyday.Date) {
	for _, b := range res.Blocked {
		for _, s := range b.Suggestions {
			fmt.Fprintf(w, "not added: %s %s from %s: the set from %s is in force on %s; change that set by hand\n",
				s.Key, easyday.FormatThreshold(s.Key, s.Value, unit), b.Set.From, b.Blocked, day)
		}
	}
	for _, k := range res.Athlete {
		fmt.Fprintf(w, "%s %s is suggested: it is not dated, so change %s in [athlete] by hand, then run 'easyday recompute': every load is recomputed with it\n",
			k.Key, easyday.FormatThreshold(k.Key, *k.Suggested, unit), k.Key)
	}
	if len(res.Added) == 0 {
		fmt.Fprintf(w, "nothing to add: no dated threshold is suggested as of %s\n", day)
		return
	}
	fmt.Fprintf(w, "added to %s (as it was: %s):\n", path, res.Backup)
	for _, a := range res.Added {
		fmt.Fprintf(w, "\n%s", a.Set.TOML(unit))
	}
	fmt.Fprintf(w, "\nrecomputing since %s:\n", res.Since)
	printRecompute(w, res.Result)
}
