package main

import (
	"math"

	"easyday"
)

// dayRange reads the --from and --to days of a command that prints days; an
// empty flag gives nil. --to before --from is a usage error.
func dayRange(fromS, toS string) (from, to *easyday.Date, err error) {
	for _, f := range []struct {
		name, s string
		dst     **easyday.Date
	}{{"--from", fromS, &from}, {"--to", toS, &to}} {
		if f.s == "" {
			continue
		}
		d, err := easyday.ParseDate(f.s)
		if err != nil {
			return nil, nil, usagef("%s: %v", f.name, err)
		}
		*f.dst = &d
	}
	if from != nil && to != nil && *to < *from {
		return nil, nil, usagef("--to %s is before --from %s", *to, *from)
	}
	return from, to, nil
}

// closedRange is from..to with a missing end open as far as a date goes,
// for the history's queries by day.
func closedRange(from, to *easyday.Date) (lo, hi easyday.Date) {
	lo, hi = easyday.Date(math.MinInt32), easyday.Date(math.MaxInt32)
	if from != nil {
		lo = *from
	}
	if to != nil {
		hi = *to
	}
	return lo, hi
}
