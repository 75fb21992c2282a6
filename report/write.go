package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"easyday"
	"easyday/internal/atomicfile"
)

// LatestName is the file that always holds a copy of the newest report.
const LatestName = "latest.md"

// Seams for the tests to make a write fail part-way; the report never
// changes them.
var (
	syncFile   = (*os.File).Sync
	renameFile = os.Rename
)

// Write renders and writes <dir>/<date>.md, its chart beside it, and
// <dir>/latest.md (the same Markdown: the chart link works from the same
// folder) unless dir already holds the report of a later day: latest.md is
// always the newest day's, so a report written again for a past day leaves
// it alone. Every file is first written in full to a temporary file in dir and
// flushed to disk, then renamed over the old one, so a failed write leaves the
// previous files intact. It returns the path of <date>.md. dir is created
// (0700: the report holds health data) when missing.
func Write(dir string, in Input) (string, error) {
	md, chart, chartName, err := Render(in)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create report folder: %w", err)
	}
	removeStaleTemps(dir, time.Now())
	mdPath := filepath.Join(dir, in.Facts.Date.String()+".md")
	// The chart goes first and latest.md last: should a rename fail
	// part-way, every Markdown file on disk still links to a chart that exists.
	files := []struct {
		path string
		data []byte
	}{
		{filepath.Join(dir, chartName), chart},
		{mdPath, md},
	}
	if !laterReport(dir, in.Facts.Date) {
		files = append(files, struct {
			path string
			data []byte
		}{filepath.Join(dir, LatestName), md})
	}
	if hasWellness(in) {
		files = append(files[:1:1], append([]struct {
			path string
			data []byte
		}{{filepath.Join(dir, wellnessChartName(in.Facts.Date)), renderWellnessChart(in.Facts.Date, in.Wellness)}}, files[1:]...)...)
	}
	temps := make([]string, 0, len(files))
	defer func() {
		for _, t := range temps {
			_ = os.Remove(t) // gone already after a successful rename
		}
	}()
	for _, f := range files {
		t, err := writeTemp(dir, f.data)
		if err != nil {
			return "", fmt.Errorf("write %s: %w", filepath.Base(f.path), err)
		}
		temps = append(temps, t)
	}
	for i, f := range files {
		if err := renameFile(temps[i], f.path); err != nil {
			return "", fmt.Errorf("replace %s: %w", filepath.Base(f.path), err)
		}
	}
	atomicfile.SyncDir(dir)
	return mdPath, nil
}

// laterReport reports whether dir holds the report of a day after day.
func laterReport(dir string, day easyday.Date) bool {
	names, _ := filepath.Glob(filepath.Join(dir, "????-??-??.md"))
	for _, n := range names {
		if d, err := easyday.ParseDate(strings.TrimSuffix(filepath.Base(n), ".md")); err == nil && d > day {
			return true
		}
	}
	return false
}

// tempPattern names the temporary files Write makes; staleTemp is the age
// past which one is left over from a write that was killed (a write takes
// milliseconds; a younger one may be another process's write in progress).
const (
	tempPattern = ".easyday-report-*.tmp"
	staleTemp   = 10 * time.Minute
)

// removeStaleTemps removes the temporary files killed writes left in dir.
func removeStaleTemps(dir string, now time.Time) {
	names, _ := filepath.Glob(filepath.Join(dir, tempPattern))
	for _, n := range names {
		if info, err := os.Lstat(n); err == nil && info.Mode().IsRegular() && now.Sub(info.ModTime()) > staleTemp {
			_ = os.Remove(n)
		}
	}
}

// writeTemp writes data to a new temporary file in dir, flushed to disk, and
// returns its path; on failure it removes what it created.
func writeTemp(dir string, data []byte) (path string, err error) {
	f, err := os.CreateTemp(dir, tempPattern)
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(f.Name())
		}
	}()
	_, err = f.Write(data)
	if err == nil {
		err = syncFile(f)
	}
	err = errors.Join(err, f.Close())
	if err != nil {
		return "", err
	}
	return f.Name(), nil
}
