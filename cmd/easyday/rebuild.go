package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"

	"easyday/history"
	"easyday/internal/pipeline"
)

// runRebuild is 'easyday rebuild [--force] [PATH...]': move a damaged
// history aside and ingest the inbox, and any paths given, into a new one.
// A history that passes its checks is left alone unless --force. Exit codes
// as ingest.
func runRebuild(ctx context.Context, a *app, args []string) error {
	flags := flag.NewFlagSet("rebuild", flag.ContinueOnError)
	force := flags.Bool("force", false, "rebuild even a history that passes its checks")
	paths, err := a.parseFlags(flags, args)
	if err != nil {
		return err
	}
	c, err := a.config()
	if err != nil {
		return err
	}
	// The old history's write lock, held until the new history is filled:
	// a process writing to it (ingest, run, watch) commits before the move
	// or finds the history moved and says so, never storing into the copy
	// moved aside. Taken as every write takes it: waiting for another
	// process's, then giving up.
	release, err := history.LockWrites(ctx, c.Database)
	if err != nil {
		return fmt.Errorf("rebuild: another process (an ingest, run or watch) is writing to the history; try again once it has finished: %w", err)
	}
	defer release()
	err = history.Check(ctx, c.Database)
	switch {
	case err == nil && !*force:
		return fmt.Errorf("rebuild: the history %s passed integrity_check and foreign_key_check: nothing to rebuild (--force rebuilds it anyway)", c.Database)
	case err == nil, errors.Is(err, history.ErrDamaged), errors.Is(err, history.ErrEmpty), errors.Is(err, fs.ErrNotExist):
	default:
		return fmt.Errorf("rebuild: %w", err)
	}
	moved, err := history.MoveAside(c.Database, a.now())
	if err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	if moved != "" {
		fmt.Fprintf(a.stderr, "rebuild: moved the old history to %s; activities whose files are no longer in the inbox or the paths given are only there\n", moved)
	}
	c, st, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if moved != "" {
		// Exclusions are not in the files: they come from the old history,
		// keyed so that they find the same activities read again.
		if n, err := st.CarryExclusions(ctx, moved); err != nil {
			fmt.Fprintf(a.stderr, "rebuild: the exclusions of the old history could not be read (%v): activities excluded there count again; exclude them anew with 'easyday exclude ID'\n", err)
		} else if n > 0 {
			fmt.Fprintf(a.stderr, "rebuild: %d %s carried over from the old history\n", n, plural(n, "exclusion", "exclusions"))
		}
	}
	if err := ensureInbox(c); err != nil {
		return err
	}
	p := newPipeline(st, c, a)
	var bar pipeline.Progress
	if !a.verbose {
		bar = progressBar(a.stderr)
	}
	res, err := p.Paths(ctx, append([]string{c.Inbox}, paths...), bar)
	fmt.Fprintf(a.stderr, "rebuild: new history %s: %s\n", c.Database, res.Summary())
	if err != nil {
		return err
	}
	if len(res.Rejected) > 0 {
		return errRejected
	}
	return nil
}
