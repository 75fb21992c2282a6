package main

import (
	"context"
	"flag"
	"fmt"

	"easyday"
)

// runRun is 'easyday run', the cron job: ingest the inbox, then write
// today's report. Silent on success, since cron mails any output; problems go
// to stderr; exit codes as ingest.
func runRun(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	if err := a.parseNoArgs(fs, args); err != nil {
		return err
	}
	c, st, err := a.openImport(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := ensureInbox(c); err != nil {
		return err
	}
	p := newPipeline(st, c, a)
	res, err := p.Paths(ctx, []string{c.Inbox}, progressBar(a.stderr))
	if err != nil {
		return err
	}
	today := easyday.DateOf(a.now(), c.Profile.Location)
	path, err := writeReport(ctx, st, c, today)
	if err != nil {
		return err
	}
	a.log.Info("report written", "path", path)
	if len(res.Rejected) > 0 {
		for _, r := range res.Rejected {
			fmt.Fprintf(a.stderr, "easyday: rejected %s\n", easyday.Printable(r))
		}
		return errRejected
	}
	return nil
}
