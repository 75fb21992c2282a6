package main

import (
	"context"
	"flag"
	"fmt"
)

// runIngest is 'easyday ingest [PATH...]'.
func runIngest(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	paths, err := a.parseFlags(fs, args)
	if err != nil {
		return err
	}
	c, st, err := a.open()
	if err != nil {
		return err
	}
	defer st.Close()
	if len(paths) == 0 {
		paths = []string{c.Inbox}
	}
	p := newPipeline(st, c.Profile, a.log)
	err = p.paths(ctx, a.stderr, paths)
	line := p.summary()
	if len(p.rejected) > 0 && !a.verbose {
		line += " (reasons: easyday files, or -v)"
	}
	fmt.Fprintf(a.stderr, "ingest: %s\n", line)
	if err != nil {
		return err
	}
	if len(p.rejected) > 0 {
		return errRejected
	}
	return nil
}
