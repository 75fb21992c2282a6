// Command bench measures easyday's ingest against its baselines on an archive
// it generates, and prints the table (`make bench`; docs/benchmarks.md).
//
//	go run ./internal/bench/cmd/bench [-files 1000] [-ten-years 3650] [-short-files 1000] [-runs 5] [-sdk-runs 3] [-out FILE]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"easyday/internal/bench"
)

func main() {
	files := flag.Int("files", 1000, "activity files in the generated archive (3650: ten years)")
	tenYears := flag.Int("ten-years", 3650, "files of the ten-year archive, measured beside the main one (0 leaves it out)")
	short := flag.Int("short-files", 1000, "files of the archive of one-minute activities (0 leaves it out)")
	runs := flag.Int("runs", 5, "counted runs of each command")
	sdkRuns := flag.Int("sdk-runs", 3, "runs of Garmin's SDK (0 leaves it out)")
	settle := flag.Duration("settle", 500*time.Millisecond, "the watcher's settle time")
	work := flag.String("work", "bin/bench", "scratch folder the benchmark owns")
	out := flag.String("out", "", "also write the table to this file")
	flag.Parse()
	if *files < 1 || *runs < 1 || *sdkRuns < 0 || *short < 0 || *tenYears < 0 {
		fmt.Fprintln(os.Stderr, "bench: -files and -runs must be at least 1, -sdk-runs, -ten-years and -short-files at least 0")
		os.Exit(2)
	}
	repo, err := os.Getwd()
	if err != nil {
		fail(err)
	}
	w, err := filepath.Abs(*work)
	if err != nil {
		fail(err)
	}
	o := bench.Options{Files: *files, TenYears: *tenYears, ShortFiles: *short, Runs: *runs, SDKRuns: *sdkRuns, Settle: *settle, Work: w, Repo: repo, Log: os.Stderr}
	var note string
	if *sdkRuns > 0 {
		o.NodeDir, note = bench.InstallSDK(filepath.Join(w, "fitsdk"), os.Stderr)
	} else {
		note = "left out (-sdk-runs 0)"
	}
	r, err := bench.Measure(o)
	if err != nil {
		fail(err)
	}
	r.SDKNote = note
	var b strings.Builder
	r.Markdown(&b, o)
	fmt.Print(b.String())
	if *out != "" {
		if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
