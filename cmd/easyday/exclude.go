package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"

	"easyday"
	"easyday/history"
)

// runExclude is 'easyday exclude ID [--reason TEXT]': take an activity out
// of every number; it stays stored and listed.
func runExclude(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("exclude", flag.ContinueOnError)
	reason := fs.String("reason", "", "why, in your words (shown in 'easyday activities' and the report)")
	id, err := activityArg(a, fs, args)
	if err != nil {
		return err
	}
	_, st, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	x, err := st.Exclude(ctx, id, *reason, a.now())
	if err != nil {
		return noActivity(id, err)
	}
	fmt.Fprintf(a.stdout, "excluded #%d: %s; it counts for nothing now ('easyday include %d' counts it again)\n", x.ID, describe(x), x.ID)
	return nil
}

// runInclude is 'easyday include ID': count an excluded activity again.
func runInclude(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("include", flag.ContinueOnError)
	id, err := activityArg(a, fs, args)
	if err != nil {
		return err
	}
	_, st, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	x, was, err := st.Include(ctx, id)
	if err != nil {
		return noActivity(id, err)
	}
	if !was {
		fmt.Fprintf(a.stdout, "#%d was not excluded: %s\n", x.ID, describe(x))
		return nil
	}
	fmt.Fprintf(a.stdout, "included #%d again: %s\n", x.ID, describe(x))
	return nil
}

// activityArg parses the flags and the one activity id of exclude and include.
func activityArg(a *app, fs *flag.FlagSet, args []string) (int64, error) {
	rest, err := a.parseFlags(fs, args)
	if err != nil {
		return 0, err
	}
	if len(rest) != 1 {
		return 0, usagef("easyday %s: want one activity ID (see 'easyday activities')", fs.Name())
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("easyday %s: %q is not an activity ID (see 'easyday activities')", fs.Name(), rest[0])
	}
	return id, nil
}

// noActivity says plainly that id is not stored.
func noActivity(id int64, err error) error {
	if errors.Is(err, history.ErrNoActivity) {
		return fmt.Errorf("there is no activity #%d in the history (see 'easyday activities')", id)
	}
	return err
}

// describe names an activity for people: day, start, sport, duration, load.
func describe(x easyday.Activity) string {
	return fmt.Sprintf("%s %s %s, %s, load %.0f", x.LocalDate, x.LocalStart().Format("15:04"), x.Sport, hms(x.TimerS), x.Load)
}
