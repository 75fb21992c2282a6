package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"easyday/history"
	"easyday/internal/config"
	"easyday/internal/pipeline"
)

// Exit codes, documented in the README.
const (
	exitOK       = 0
	exitFatal    = 1
	exitUsage    = 2
	exitRejected = 3
	// exitInterrupted is 128 + SIGINT, the shell's code for a command
	// stopped by a signal: ingest and run stopped by SIGINT or SIGTERM
	// (watch finishes its file and exits 0), or any command signalled twice.
	exitInterrupted = 130
)

// errRejected says some files were rejected; the summary already told which.
var errRejected = errors.New("some files were rejected")

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// isSilent reports errors whose message was already shown.
func isSilent(err error) bool {
	return errors.Is(err, errRejected) || errors.Is(err, flag.ErrHelp)
}

// exitCode is the one place that maps errors to exit codes.
func exitCode(err error) int {
	var ce *config.Error
	var ue *usageError
	var ie *pipeline.Interrupted
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ie):
		return exitInterrupted
	case errors.Is(err, errRejected):
		return exitRejected
	case errors.As(err, &ce), errors.As(err, &ue), errors.Is(err, config.ErrMissing):
		return exitUsage
	}
	return exitFatal
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, app *app, args []string) error
}

var commands = map[string]command{
	"init":       {"write a commented configuration template", runInit},
	"ingest":     {"ingest FIT, TCX and GPX files, zips and folders (default: the inbox)", runIngest},
	"activities": {"list the activities in the history", runActivities},
	"days":       {"print fitness, fatigue and form per day", runDays},
	"files":      {"print the ledger of files seen", runFiles},
	"report":     {"write the daily recovery report", runReport},
	"recompute":  {"recompute metrics with the thresholds now configured", runRecompute},
	"run":        {"the nightly job: ingest the inbox, then write today's report", runRun},
	"watch":      {"watch the inbox, ingest new files and keep today's report current", runWatch},
	"wellness":   {"print resting HR, overnight HRV, sleep and stress per day", runWellness},
	"check":      {"check the history for damage", runCheck},
	"rebuild":    {"move a damaged history aside and ingest the inbox into a new one", runRebuild},
	"exclude":    {"take an activity out of every number (it stays listed)", runExclude},
	"include":    {"count an excluded activity again", runInclude},
	"thresholds": {"each threshold as of a day, what the history suggests, and --add to adopt it", runThresholds},
}

// app is what every subcommand shares: flags common to all, output, clock.
type app struct {
	stdout, stderr io.Writer
	configFlag     string
	verbose        bool
	logFormat      string
	getenv         func(string) string
	now            func() time.Time
	log            *slog.Logger
	database       string // the history's path, once the configuration named it
}

// run is the whole program; main only adds signals, the clock and the exit
// code. now is the one clock every command reads ("today", when a file was
// seen, the next midnight), so tests can set it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, now func() time.Time) error {
	a := &app{stdout: stdout, stderr: stderr, getenv: os.Getenv, now: now}
	fs := flag.NewFlagSet("easyday", flag.ContinueOnError)
	fs.SetOutput(stderr)
	a.commonFlags(fs)
	fs.Usage = func() { a.usage(fs) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		a.usage(fs)
		return usagef("no command given")
	}
	name := fs.Arg(0)
	cmd, ok := commands[name]
	if !ok {
		if name == "help" {
			a.usage(fs)
			return nil
		}
		return usagef("unknown command %q (run 'easyday help')", name)
	}
	return a.explainDamage(cmd.run(ctx, a, fs.Args()[1:]))
}

func (a *app) commonFlags(fs *flag.FlagSet) {
	fs.StringVar(&a.configFlag, "config", a.configFlag, "configuration `file` (default $EASYDAY_CONFIG, else $XDG_CONFIG_HOME/easyday/config.toml)")
	fs.BoolVar(&a.verbose, "v", a.verbose, "say what happens to each file")
}

func (a *app) usage(fs *flag.FlagSet) {
	fmt.Fprintf(a.stderr, "usage: easyday [--config FILE] [-v] COMMAND [ARGS]\n\ncommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(a.stderr, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(a.stderr, "\nRun 'easyday COMMAND -h' for a command's flags.\n")
}

// parseFlags parses a subcommand's flags, which may stand before, between
// or after its arguments, and returns the arguments.
func (a *app) parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(a.stderr)
	a.commonFlags(fs)
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
	a.setupLog()
	return rest, nil
}

// parseNoArgs parses the flags of a command that takes no arguments.
func (a *app) parseNoArgs(fs *flag.FlagSet, args []string) error {
	rest, err := a.parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("easyday %s: unexpected argument %q (see 'easyday %s -h')", fs.Name(), rest[0], fs.Name())
	}
	return nil
}

// setupLog sets up log/slog once: text on a terminal, JSON for journald.
func (a *app) setupLog() {
	level := slog.LevelWarn
	if a.verbose {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	if strings.EqualFold(a.logFormat, "json") {
		h = slog.NewJSONHandler(a.stderr, opts)
	} else {
		h = slog.NewTextHandler(a.stderr, opts)
	}
	a.log = slog.New(h)
}

// config loads the configuration.
func (a *app) config() (*config.Config, error) {
	return config.Load(config.Path(a.configFlag, a.getenv), a.getenv)
}

// notice tells the person running easyday something they should know
// (the history was upgraded), whatever the log level.
func (a *app) notice(msg string) {
	fmt.Fprintln(a.stderr, "easyday: "+msg)
}

// open loads the configuration and opens the history.
func (a *app) open(ctx context.Context) (*config.Config, *history.Store, error) {
	return a.openWith(ctx, history.Options{})
}

// openImport is open for the commands that import files in bulk (ingest,
// run): a history they create is filled in its private file and linked
// into place when the import ends (history.Options.Import).
func (a *app) openImport(ctx context.Context) (*config.Config, *history.Store, error) {
	return a.openWith(ctx, history.Options{Import: true})
}

// openWith is open with the history's options o (Notice is set here).
func (a *app) openWith(ctx context.Context, o history.Options) (*config.Config, *history.Store, error) {
	c, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	a.database = c.Database
	o.Notice = a.notice
	st, err := history.Open(ctx, c.Database, o)
	if err != nil {
		return nil, nil, err // it names the file
	}
	return c, st, nil
}

// openHistory opens the history c names; notice tells the person running
// easyday that it was upgraded.
func openHistory(ctx context.Context, c *config.Config, notice func(string)) (*history.Store, error) {
	st, err := history.Open(ctx, c.Database, history.Options{Notice: notice})
	if err != nil {
		return nil, err // it names the file
	}
	return st, nil
}
