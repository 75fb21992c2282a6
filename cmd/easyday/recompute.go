package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"easyday"
	"easyday/internal/pipeline"
)

// runRecompute is 'easyday recompute [--since D]': recompute activity
// metrics from the stored streams with the thresholds now configured. It
// never runs by itself: changing a threshold does not rewrite history
// until the athlete asks. An activity whose file cannot be read again or
// whose new numbers the history refuses is named, keeps its numbers, and
// makes the exit code 3.
func runRecompute(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("recompute", flag.ContinueOnError)
	sinceS := fs.String("since", "", "recompute activities on and after this `day`, YYYY-MM-DD (default: all)")
	if err := a.parseNoArgs(fs, args); err != nil {
		return err
	}
	since := easyday.Date(math.MinInt32)
	if *sinceS != "" {
		d, err := easyday.ParseDate(*sinceS)
		if err != nil {
			return usagef("--since: %v", err)
		}
		since = d
	}
	c, st, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := newPipeline(st, c, a).Recompute(ctx, since)
	if err != nil {
		return err
	}
	printRecompute(a.stdout, res)
	if res.Rejected() > 0 {
		return errRejected
	}
	return nil
}

// printRecompute says what a recompute did: each activity it names, then
// the counts.
func printRecompute(w io.Writer, res pipeline.RecomputeResult) {
	for _, n := range res.Notes {
		printNote(w, n)
	}
	if res.Restreamed > 0 {
		fmt.Fprintf(w, "%d %s read again from the original file\n", res.Restreamed, plural(res.Restreamed, "activity", "activities"))
	}
	for _, g := range unreadGroups {
		printUnread(w, g, res.Unread)
	}
	if len(res.Older) > 0 {
		fmt.Fprintf(w, "%s computed by older rules; now computed by metrics version %d\n", olderRules(res.Older), easyday.MetricsVersion)
	}
	line := fmt.Sprintf("recomputed %d activities: %d changed", res.Activities-res.Kept-res.Refused, res.Changed)
	if res.Kept > 0 {
		line += fmt.Sprintf(", %d not recomputed (no stream)", res.Kept)
	}
	if res.Refused > 0 {
		line += fmt.Sprintf(", %d not stored", res.Refused)
	}
	fmt.Fprintln(w, line)
}

// printNote writes the line of one activity a recompute names.
func printNote(w io.Writer, n pipeline.RecomputeNote) {
	switch n.Kind {
	case pipeline.Changed:
		printChanged(w, n)
	case pipeline.NoStream:
		printNoStream(w, n)
	case pipeline.NotStored:
		printNotStored(w, n)
	}
}

// printChanged is an activity whose load the new rules changed.
func printChanged(w io.Writer, n pipeline.RecomputeNote) {
	old := n.Old
	fmt.Fprintf(w, "%s #%d %s: load %.1f (%s) → %.1f (%s)\n", old.LocalDate, old.ID, old.Sport,
		old.Load, old.LoadSource, n.New.Load, n.New.LoadSource)
}

// printNoStream is an activity without a usable stream whose file could
// not be read again either: it keeps its numbers.
func printNoStream(w io.Writer, n pipeline.RecomputeNote) {
	old := n.Old
	why := "its stream in the history holds no samples"
	if n.Streamless {
		why = "its stream is missing from the history"
	}
	fmt.Fprintf(w, "%s #%d %s: not recomputed: %s and its file could not be read again (%v); load %.1f kept\n",
		old.LocalDate, old.ID, old.Sport, why, printableErr(n.Err), old.Load)
}

// printNotStored is an activity whose new numbers the history refused.
func printNotStored(w io.Writer, n pipeline.RecomputeNote) {
	old := n.Old
	fmt.Fprintf(w, "%s #%d %s: not recomputed: its new numbers could not be stored (%v); load %.1f kept\n",
		old.LocalDate, old.ID, old.Sport, printableErr(n.Err), old.Load)
}

// unreadGroup is one kind of activity a recompute could not read again in
// full, as the summary names it.
type unreadGroup struct {
	kind       pipeline.RecomputeKind
	one, many  string
	what, kept string
}

// unreadGroups are the kinds printUnread summarises, in the order printed.
var unreadGroups = []unreadGroup{
	{pipeline.NoPaceLoad, "run", "runs", "stored before pace load could not be given one", "the rest of their numbers are recomputed"},
	{pipeline.OldDistance, "GPX activity", "GPX activities", "stored before position faults were left out of their distance could not be read again",
		"their distance stays, the rest of their numbers are recomputed"},
}

// printUnread writes the activities of one group, if any, under a line
// that counts them.
func printUnread(w io.Writer, g unreadGroup, all []pipeline.RecomputeNote) {
	var unread []pipeline.RecomputeNote
	for _, u := range all {
		if u.Kind == g.kind {
			unread = append(unread, u)
		}
	}
	if len(unread) == 0 {
		return
	}
	fmt.Fprintf(w, "%d %s %s (%s):\n", len(unread), plural(len(unread), g.one, g.many), g.what, g.kept)
	for _, u := range unread {
		fmt.Fprintf(w, "  %s #%d %s: %v\n", u.Old.LocalDate, u.Old.ID, u.Old.Sport, printableErr(u.Err))
	}
}

// plural picks the noun for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// olderRules says how many activities each older metrics version computed,
// e.g. "3 activities by metrics version 1".
func olderRules(perVersion map[int]int) string {
	versions := make([]int, 0, len(perVersion))
	for v := range perVersion {
		versions = append(versions, v)
	}
	sort.Ints(versions)
	parts := make([]string, len(versions))
	for i, v := range versions {
		noun := "activities"
		if perVersion[v] == 1 {
			noun = "activity"
		}
		parts[i] = fmt.Sprintf("%d %s by metrics version %d", perVersion[v], noun, v)
	}
	return strings.Join(parts, ", ")
}

// printableErr is an error's text as a terminal shows it safely: it may
// name a file, and what does not print is escaped (SECURITY.md).
func printableErr(err error) string {
	if err == nil {
		return "no error"
	}
	return easyday.Printable(err.Error())
}
