package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"easyday/internal/config"
	"easyday/internal/pipeline"
)

// runIngest is 'easyday ingest [PATH...]'.
func runIngest(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	paths, err := a.parseFlags(fs, args)
	if err != nil {
		return err
	}
	c, st, err := a.openImport(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(paths) == 0 {
		if err := ensureInbox(c); err != nil {
			return err
		}
		paths = []string{c.Inbox}
	}
	p := newPipeline(st, c, a)
	var bar pipeline.Progress
	if !a.verbose { // verbose: one log line per file instead
		bar = progressBar(a.stderr)
	}
	res, err := p.Paths(ctx, paths, bar)
	line := res.Summary()
	if len(res.Rejected) > 0 && !a.verbose {
		line += " (reasons: easyday files, or -v)"
	}
	fmt.Fprintf(a.stderr, "ingest: %s\n", line)
	if err != nil {
		return err
	}
	if len(res.Rejected) > 0 {
		return errRejected
	}
	return nil
}

// ensureInbox creates the configured inbox when it is missing, so that a
// first run (or cron on a fresh machine) finds an empty folder, not an error.
func ensureInbox(c *config.Config) error {
	if err := os.MkdirAll(c.Inbox, 0o700); err != nil {
		return fmt.Errorf("create inbox: %w", err)
	}
	return nil
}
