package report

import (
	"context"
	"fmt"

	"easyday"
	"easyday/history"
)

// DaysBetween is what 'easyday days' lists: the fitness model's days from
// from to to. A missing end is the first or the last activity's day, or
// the other end where that lies beyond the activities. Days before the
// first activity rest at the athlete's seeds. With no activity and an end
// missing there is nothing to list: an empty list.
func DaysBetween(ctx context.Context, st *history.Store, p easyday.Profile, from, to *easyday.Date) ([]easyday.Day, error) {
	loads, first, last, any, err := st.DailyLoads(ctx)
	if err != nil {
		return nil, fmt.Errorf("read daily loads: %w", err)
	}
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
		return out, nil
	}
	byDate := map[easyday.Date]easyday.Day{}
	for _, d := range daysFrom(loads, first, any, max(hi, last), p) {
		byDate[d.Date] = d
	}
	seedC, seedA := p.Athlete.FitnessSeed, p.Athlete.FatigueSeed
	for d := lo; d <= hi; d++ {
		day, ok := byDate[d]
		if !ok {
			// Before the first activity the model rests at its seeds.
			day = easyday.Day{Date: d, CTL: seedC, ATL: seedA, TSB: seedC - seedA}
		}
		out = append(out, day)
	}
	return out, nil
}
