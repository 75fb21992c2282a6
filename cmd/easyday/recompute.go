package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"sort"
	"strings"

	"easyday"
	"easyday/analysis"
)

// runRecompute is 'easyday recompute [--since D]': recompute activity
// metrics from the stored streams with the thresholds now configured. It
// never runs by itself: changing a threshold does not rewrite history
// until the athlete asks.
func runRecompute(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("recompute", flag.ContinueOnError)
	sinceS := fs.String("since", "", "recompute activities on and after this `day`, YYYY-MM-DD (default: all)")
	if err := a.parseNoArgs(fs, args); err != nil {
		return err
	}
	since := easyday.Date(math.MinInt32)
	if *sinceS != "" {
		d, err := easyday.ParseDate(*sinceS)
		if err != nil {
			return usagef("--since: %v", err)
		}
		since = d
	}
	c, st, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	acts, err := st.ActivitiesOn(ctx, since, easyday.Date(math.MaxInt32), true)
	if err != nil {
		return err
	}
	var changed, update []easyday.Activity
	older := map[int]int{} // activities per metrics version older than this easyday's
	for _, old := range acts {
		if err := ctx.Err(); err != nil {
			return err
		}
		nw := analysis.Recompute(old, c.Profile)
		if old.MetricsVersion < easyday.MetricsVersion {
			older[old.MetricsVersion]++
			// Stored again even when unchanged, so that the row says which
			// rules computed it.
			update = append(update, nw)
		}
		if sameMetrics(old, nw) {
			continue
		}
		changed = append(changed, nw)
		if old.MetricsVersion >= easyday.MetricsVersion {
			update = append(update, nw)
		}
		fmt.Fprintf(a.stdout, "%s #%d %s: load %.1f (%s) → %.1f (%s)\n", old.LocalDate, old.ID, old.Sport,
			old.Load, old.LoadSource, nw.Load, nw.LoadSource)
	}
	if err := st.UpdateMetrics(ctx, update); err != nil {
		return fmt.Errorf("store recomputed metrics: %w", err)
	}
	if len(older) > 0 {
		fmt.Fprintf(a.stdout, "%s computed by older rules; now computed by metrics version %d\n", olderRules(older), easyday.MetricsVersion)
	}
	fmt.Fprintf(a.stdout, "recomputed %d activities: %d changed\n", len(acts), len(changed))
	return nil
}

// sameMetrics reports whether recomputing changed nothing a person sees.
func sameMetrics(a, b easyday.Activity) bool {
	ra, rb := roundActivity(a), roundActivity(b)
	eq := func(x, y *float64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return ra.Load == rb.Load && ra.LoadSource == rb.LoadSource && ra.HRS == rb.HRS && ra.Zones == rb.Zones &&
		eq(ra.TRIMP, rb.TRIMP) && eq(ra.HRSS, rb.HRSS) && eq(ra.NPW, rb.NPW) && eq(ra.PowerTSS, rb.PowerTSS) &&
		eq(ra.AvgHR, rb.AvgHR) && eq(ra.MaxHR, rb.MaxHR)
}

// olderRules says how many activities each older metrics version computed,
// e.g. "3 activities by metrics version 1".
func olderRules(perVersion map[int]int) string {
	versions := make([]int, 0, len(perVersion))
	for v := range perVersion {
		versions = append(versions, v)
	}
	sort.Ints(versions)
	parts := make([]string, len(versions))
	for i, v := range versions {
		noun := "activities"
		if perVersion[v] == 1 {
			noun = "activity"
		}
		parts[i] = fmt.Sprintf("%d %s by metrics version %d", perVersion[v], noun, v)
	}
	return strings.Join(parts, ", ")
}
