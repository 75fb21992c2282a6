package main

import "easyday"

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
