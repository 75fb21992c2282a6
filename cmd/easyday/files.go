package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"easyday"
	"easyday/history"
)

// runFiles is 'easyday files [--json]': the ledger of every file seen.
func runFiles(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("files", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := a.parseNoArgs(fs, args); err != nil {
		return err
	}
	_, st, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	files, err := st.Files(ctx)
	if err != nil {
		return err
	}
	for i := range files {
		if files[i].Activities == nil {
			files[i].Activities = []int64{}
		}
	}
	if *asJSON {
		if files == nil {
			files = []history.FileRecord{}
		}
		return writeJSON(a.stdout, files)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tPATH\tACTIVITIES\tREASON")
	for _, f := range files {
		// Names are shown escaped (a name may hold a terminal's escape
		// sequences); --json keeps them exact.
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\n", f.Status, easyday.Printable(f.Path), f.Activities, easyday.Printable(f.Reason))
	}
	return tw.Flush()
}
