package thresholds

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"easyday"
	"easyday/analysis"
	"easyday/history"
	"easyday/internal/atomicfile"
	"easyday/internal/pipeline"
)

// BackupSuffix names the copy of the configuration Add takes before it
// appends: <config>.before-add.
const BackupSuffix = ".before-add"

// AddOptions is what Add needs beyond the history.
type AddOptions struct {
	// Config is the configuration file Add appends to.
	Config string
	// Pipeline is the configuration of the recompute that follows; its
	// Profile is replaced by the one the new text gives.
	Pipeline pipeline.Config
	// Day is the day the suggestions are as of.
	Day easyday.Date
	// Parse reads a configuration's text as `easyday` loads it, so that
	// the sets are chosen from the file as it is now and nothing is
	// written that the next command would refuse.
	Parse func(text []byte) (easyday.Profile, error)
}

// AddResult is what Add did.
type AddResult struct {
	// Added are the sets appended, oldest first; none: the file is as it
	// was and nothing was recomputed.
	Added []analysis.Adoption
	// Blocked are the sets not added because a set already configured on
	// or after their day is in force on the day asked about.
	Blocked []analysis.Adoption
	// Athlete are the [athlete] keys with a suggested value: they are not
	// dated, so the athlete changes them by hand.
	Athlete []analysis.KeyStatus
	Backup  string                   // the copy of the file as it was
	Since   easyday.Date             // the first day recomputed
	Result  pipeline.RecomputeResult // the recompute since that day
}

// Add appends to the configuration one [[thresholds]] set for each local
// day whose activity gives a suggested dated key as of opt.Day (see
// analysis.Adopt), after copying the file to <config>.before-add, then
// recomputes the activities from the earliest of those days with the new
// sets. The file's text stays byte for byte: the sets come after it. A
// file it cannot write is an error naming it, and the file is unchanged.
func Add(ctx context.Context, st *history.Store, opt AddOptions) (AddResult, error) {
	var res AddResult
	path, err := filepath.EvalSymlinks(opt.Config)
	if err != nil {
		return res, fmt.Errorf("read %s: %w", opt.Config, err)
	}
	old, err := os.ReadFile(path)
	if err != nil {
		return res, fmt.Errorf("read %s: %w", path, err)
	}
	p, err := opt.Parse(old)
	if err != nil {
		return res, err
	}
	_, keys, err := Status(ctx, st, p, opt.Day)
	if err != nil {
		return res, err
	}
	var sugs []analysis.Suggestion
	for _, k := range keys {
		if k.Suggested == nil {
			continue
		}
		if !k.Key.Dated() {
			res.Athlete = append(res.Athlete, k)
			continue
		}
		sugs = append(sugs, *k.Best)
	}
	for _, a := range analysis.Adopt(sugs, p, opt.Day) {
		if a.Blocked != 0 {
			res.Blocked = append(res.Blocked, a)
			continue
		}
		res.Added = append(res.Added, a)
	}
	if len(res.Added) == 0 {
		return res, nil
	}
	text := appended(old, res.Added, p.Athlete.DistanceUnit, opt.Day)
	np, err := opt.Parse(text)
	if err != nil {
		// Not the configuration's fault as it stands (exit 1, not 2): the
		// athlete changes what the sets collide with (max_hr) by hand.
		return res, fmt.Errorf("%s: nothing written: the suggested sets would make the configuration invalid (change what they conflict with by hand, then run --add again): %v", path, err)
	}
	perm, err := writable(path)
	if err != nil {
		return res, err
	}
	if res.Backup, err = writeBackup(path, old); err != nil {
		return res, err
	}
	if err := atomicfile.Write(path, text, perm); err != nil {
		return res, err
	}
	res.Since = res.Added[0].Set.From
	cfg := opt.Pipeline
	cfg.Profile = np
	if res.Result, err = pipeline.New(st, cfg).Recompute(ctx, res.Since); err != nil {
		return res, err
	}
	return res, nil
}

// appended is the configuration's text with the sets after it, each under
// a comment naming the activities it comes from.
func appended(old []byte, sets []analysis.Adoption, unit easyday.DistanceUnit, d easyday.Date) []byte {
	var b strings.Builder
	b.Write(old)
	if len(old) > 0 && old[len(old)-1] != '\n' {
		b.WriteByte('\n')
	}
	for _, a := range sets {
		var from []string
		for _, s := range a.Suggestions {
			from = append(from, fmt.Sprintf("%s from activity #%d", s.Key, s.Activity.ID))
		}
		fmt.Fprintf(&b, "\n# Added by 'easyday thresholds --add' as of %s: %s.\n", d, strings.Join(from, ", "))
		b.WriteString(a.Set.TOML(unit))
	}
	return []byte(b.String())
}

// writeBackup copies the configuration's text to path.before-add (mode
// 0600, as every copy easyday keeps), through a temporary file renamed
// over any earlier copy.
func writeBackup(path string, text []byte) (string, error) {
	backup := path + BackupSuffix
	if err := atomicfile.Write(backup, text, 0o600); err != nil {
		return "", err
	}
	return backup, nil
}

// writable checks that the configuration file itself can be written,
// before anything is: the new text goes to a temporary file renamed over
// it (a reader sees the old text or the new, never half), and a rename
// would replace a read-only file too. It returns the file's mode, which
// the new file keeps.
func writable(path string) (os.FileMode, error) {
	info, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	return info.Mode().Perm(), nil
}
