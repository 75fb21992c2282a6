package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"easyday/history"
)

// runCheck is 'easyday check': PRAGMA integrity_check and foreign_key_check
// on the history, without changing it. Exit 0 when it is sound, 1 when it is
// damaged (with what to do) or cannot be checked.
func runCheck(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	if err := a.parseNoArgs(fs, args); err != nil {
		return err
	}
	c, err := a.config()
	if err != nil {
		return err
	}
	a.database = c.Database
	if err := history.Check(ctx, c.Database); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "history %s is sound: integrity_check and foreign_key_check found no problem\n", c.Database)
	return nil
}

// damagedError is a damaged history with what the person can do about it.
type damagedError struct {
	database string
	backups  []string // copies kept by upgrades, newest first
	err      error
}

func (e *damagedError) Error() string {
	var ways []string
	if len(e.backups) > 0 {
		ways = append(ways, fmt.Sprintf("go back to the copy taken before the last upgrade, %s (what was stored since is not in it):\n"+
			"    move the history aside and copy that file in its place", e.backups[0]))
	}
	ways = append(ways,
		fmt.Sprintf("let SQLite salvage what it can still read: sqlite3 %s .recover | sqlite3 %s.recovered\n"+
			"    (.dump in place of .recover when that fails), then 'easyday check' it with database set to\n"+
			"    %s.recovered", e.database, e.database, e.database),
		"start again from the files: 'easyday rebuild [PATH...]' moves the damaged history aside\n"+
			"    and ingests the inbox (and any paths given) into a new one")
	var b strings.Builder
	fmt.Fprintf(&b, "%v\nthe history %s is damaged; stop 'easyday watch' if it runs, then", e.err, e.database)
	for i, w := range ways {
		if i > 0 {
			b.WriteString(";\n  - or ")
		} else {
			b.WriteString("\n  - ")
		}
		b.WriteString(w)
	}
	b.WriteString(".")
	return b.String()
}

func (e *damagedError) Unwrap() error { return e.err }

// explainDamage adds what to do to an error that says the history is damaged.
func (a *app) explainDamage(err error) error {
	var de *damagedError
	if a.database == "" || !errors.Is(err, history.ErrDamaged) || errors.As(err, &de) {
		return err
	}
	return &damagedError{database: a.database, backups: history.Backups(a.database), err: err}
}
