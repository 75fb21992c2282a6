package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"sort"
	"strings"

	"easyday"
	"easyday/analysis"
	"easyday/ingest"
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
	streamless, err := st.Streamless(ctx)
	if err != nil {
		return err
	}
	var changed, update, restreamed []easyday.Activity
	var unread []string // activities whose pace load could not be computed, and why
	kept := 0
	older := map[int]int{} // activities per metrics version older than this easyday's
	for _, old := range acts {
		if err := ctx.Err(); err != nil {
			return err
		}
		if streamless[old.ID] || len(old.Segments) == 0 {
			// Recomputing from nothing would save load 0 over a good
			// number: read the original file again, or leave it be. A
			// stream stored empty is as much nothing as a missing one.
			again, err := reread(ctx, old, c.Profile)
			if err != nil {
				kept++
				why := "its stream is missing from the history"
				if !streamless[old.ID] {
					why = "its stream in the history holds no samples"
				}
				fmt.Fprintf(a.stdout, "%s #%d %s: not recomputed: %s and its file could not be read again (%v); load %.1f kept\n",
					old.LocalDate, old.ID, old.Sport, why, err, old.Load)
				continue
			}
			restreamed = append(restreamed, again)
			if !sameMetrics(old, again) {
				changed = append(changed, again)
			}
			continue
		}
		nw := analysis.Recompute(old, c.Profile)
		if needsFile(old) {
			// The stream predates distance: analyse the original file
			// again, or say why not. The stream's own numbers stay.
			if again, err := reread(ctx, old, c.Profile); err != nil {
				unread = append(unread, fmt.Sprintf("%s #%d %s: %v", old.LocalDate, old.ID, old.Sport, err))
			} else {
				nw = again
				restreamed = append(restreamed, nw)
			}
		}
		rewritten := len(restreamed) > 0 && restreamed[len(restreamed)-1].ID == old.ID
		if old.MetricsVersion < easyday.MetricsVersion {
			older[old.MetricsVersion]++
			// Stored again even when unchanged, so that the row says which
			// rules computed it.
			if !rewritten {
				update = append(update, nw)
			}
		}
		if sameMetrics(old, nw) {
			continue
		}
		changed = append(changed, nw)
		if old.MetricsVersion >= easyday.MetricsVersion && !rewritten {
			update = append(update, nw)
		}
		fmt.Fprintf(a.stdout, "%s #%d %s: load %.1f (%s) → %.1f (%s)\n", old.LocalDate, old.ID, old.Sport,
			old.Load, old.LoadSource, nw.Load, nw.LoadSource)
	}
	if err := st.UpdateMetricsAndStreams(ctx, update, restreamed); err != nil {
		return fmt.Errorf("store recomputed metrics: %w", err)
	}
	if len(restreamed) > 0 {
		fmt.Fprintf(a.stdout, "%d %s read again from the original file for pace load\n", len(restreamed), plural(len(restreamed), "activity", "activities"))
	}
	if len(unread) > 0 {
		fmt.Fprintf(a.stdout, "%d %s stored before pace load could not be given one (the rest of their numbers are recomputed):\n",
			len(unread), plural(len(unread), "run", "runs"))
		for _, u := range unread {
			fmt.Fprintf(a.stdout, "  %s\n", u)
		}
	}
	if len(older) > 0 {
		fmt.Fprintf(a.stdout, "%s computed by older rules; now computed by metrics version %d\n", olderRules(older), easyday.MetricsVersion)
	}
	if kept > 0 {
		fmt.Fprintf(a.stdout, "recomputed %d activities: %d changed, %d not recomputed (no stream)\n", len(acts)-kept, len(changed), kept)
		return nil
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
		eq(ra.AvgHR, rb.AvgHR) && eq(ra.MaxHR, rb.MaxHR) && eq(ra.NGPSPerKm, rb.NGPSPerKm) && eq(ra.PaceLoad, rb.PaceLoad)
}

// paceMetricsVersion is the first metrics version whose streams keep
// distance and altitude.
const paceMetricsVersion = 2

// needsFile reports whether an activity's stream lacks what pace load
// needs: a run with a distance, stored before streams kept distance.
func needsFile(a easyday.Activity) bool {
	if a.MetricsVersion >= paceMetricsVersion || !a.IsRunning() || !(a.DistanceM > 0) {
		return false
	}
	for _, s := range a.Segments {
		if s.Distance != easyday.Missing {
			return false
		}
	}
	return true
}

// Why an activity could not be analysed again from its file.
var (
	errFileGone    = errors.New("its original file is no longer there")
	errFileChanged = errors.New("its original file has changed since it was stored")
	errNotInFile   = errors.New("its original file no longer holds it")
)

// reread analyses a stored activity again from the file its ledger row
// names (an archive member is found inside its archive), checking that
// the content is the one stored. The result keeps the activity's identity.
func reread(ctx context.Context, old easyday.Activity, p easyday.Profile) (easyday.Activity, error) {
	onDisk, _, _ := strings.Cut(old.Source, "!/")
	if _, err := os.Stat(onDisk); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return old, fmt.Errorf("%w (%s)", errFileGone, onDisk)
		}
		return old, fmt.Errorf("%s: %w", onDisk, err)
	}
	var found *easyday.Activity
	var readErr error
	seen := false
	err := ingest.Open(ctx, onDisk, func(it ingest.Item) error {
		if it.Path != old.Source {
			return nil
		}
		seen = true
		if it.Err != nil {
			readErr = it.Err
			return nil
		}
		if it.SHA256 != old.SHA256 {
			readErr = fmt.Errorf("%w (%s)", errFileChanged, old.Source)
			return nil
		}
		recs, err := ingest.Decode(it)
		if err != nil {
			readErr = fmt.Errorf("%s: %w", old.Source, err)
			return nil
		}
		for _, r := range recs {
			a := analysis.Analyze(r, p)
			if a.Sport == old.Sport && a.StartUTC.Equal(old.StartUTC) {
				a.ID, a.SHA256, a.Source, a.MetricsVersion = old.ID, old.SHA256, old.Source, old.MetricsVersion
				found = &a
				return nil
			}
		}
		return nil
	})
	switch {
	case err != nil:
		return old, fmt.Errorf("%s: %w", old.Source, err)
	case readErr != nil:
		return old, readErr
	case !seen:
		return old, fmt.Errorf("%w (%s)", errFileGone, old.Source)
	case found == nil:
		return old, fmt.Errorf("%w (%s)", errNotInFile, old.Source)
	}
	return *found, nil
}

// plural picks the noun for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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
