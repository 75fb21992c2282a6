// Package thresholds is the workflow of `easyday thresholds`: each
// threshold key as of a day, from the estimates and resting heart rates
// the history keeps (docs/metrics.md §12), and adopting the suggested
// values by appending dated sets to the configuration and recomputing the
// activities they change.
package thresholds

import (
	"context"
	"fmt"

	"easyday"
	"easyday/analysis"
	"easyday/history"
)

// The days before the day asked about that the keys' status reads:
// estimates of the last 56 days (the longest window, docs/metrics.md
// §12.5) and resting heart rates of the last 30 (§12.4).
const (
	estimateDays = 56
	restingDays  = 30
)

// Status returns every key as of day d, with the analysis package's
// statuses the JSON is made of (they name the activities).
func Status(ctx context.Context, st *history.Store, p easyday.Profile, d easyday.Date) (easyday.ThresholdsAsOf, []analysis.KeyStatus, error) {
	acts, err := st.ActivitiesOn(ctx, d.AddDays(-estimateDays), d.AddDays(-1), false)
	if err != nil {
		return easyday.ThresholdsAsOf{}, nil, fmt.Errorf("read activities: %w", err)
	}
	rhr, err := RestingHR(ctx, st, d)
	if err != nil {
		return easyday.ThresholdsAsOf{}, nil, err
	}
	keys := analysis.Status(acts, p, d, rhr)
	out := easyday.ThresholdsAsOf{Date: d, Keys: make([]easyday.ThresholdStatus, len(keys))}
	for i, k := range keys {
		j := easyday.ThresholdStatus{Key: k.Key, Since: k.Since, Suggested: k.Suggested, Demonstrated: k.Demonstrated}
		if k.InForce > 0 {
			v := k.InForce
			j.InForce = &v
		}
		if k.Best != nil {
			j.Best42d = &easyday.ThresholdBest{Value: k.Best.Value, ActivityID: k.Best.Activity.ID, Date: k.Best.Activity.LocalDate}
		}
		out.Keys[i] = j
	}
	return out, keys, nil
}

// RestingHR reads the resting heart rates of the wellness days of the 30
// days before d, by day.
func RestingHR(ctx context.Context, st *history.Store, d easyday.Date) (map[easyday.Date]float64, error) {
	rows, err := st.Wellness(ctx, d.AddDays(-restingDays), d.AddDays(-1))
	if err != nil {
		return nil, err
	}
	rhr := map[easyday.Date]float64{}
	for _, w := range analysis.WellnessDays(rows) {
		if w.RHR != nil {
			rhr[w.Date] = float64(*w.RHR)
		}
	}
	return rhr, nil
}
