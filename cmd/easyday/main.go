// Command easyday turns the files a GPS watch exports into training load, a
// SQLite history and a daily recovery report.
//
// Exit codes: 0 success; 1 a fatal error; 2 a usage or configuration error;
// 3 some files were rejected (the rest were ingested); 130 ingest or run
// interrupted (SIGINT, SIGTERM), or any command interrupted twice.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
	_ "time/tzdata"

	"easyday" // time zones work on machines without zoneinfo files
)

// memoryLimit is the Go runtime's soft memory limit unless GOMEMLIMIT sets
// another: the garbage collector works harder as the heap nears it instead
// of letting it double, which matters on a small home server or NAS. It is
// soft: a file whose decoded samples need more still gets it. Only a huge
// file pays for it, in collector time; a bulk import of ordinary files
// stays far below it. The collector's GOGC is Go's default (100): since a
// bulk import reuses its large arrays from file to file, a higher one
// saved no time and cost a third more memory. The figures behind both are
// in docs/benchmarks.md, "Settings measured".
const memoryLimit = 48 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		cancel() // finish the file in hand, commit, exit
		<-sigs
		os.Exit(exitInterrupted) // a second signal: exit at once
	}()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, time.Now)
	if err != nil && !isSilent(err) {
		// An error may name a file: what does not print is escaped.
		fmt.Fprintln(os.Stderr, "easyday:", easyday.Printable(err.Error()))
	}
	os.Exit(exitCode(err))
}
