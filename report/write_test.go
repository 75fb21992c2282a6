package report

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWrite writes a report into a missing folder and checks the four files.
func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports", "daily")
	in := sampleInput("km")
	path, err := Write(dir, in)
	if err != nil {
		t.Fatalf("Write(%s) error: %v", dir, err)
	}
	if want := filepath.Join(dir, "2026-10-29.md"); path != want {
		t.Errorf("Write(%s) = %q, want %q", dir, path, want)
	}
	md, chart, chartName, _ := Render(in)
	if got := readFile(t, path); got != string(md) {
		t.Errorf("Write(%s) <date>.md differs from Render", dir)
	}
	if got := readFile(t, filepath.Join(dir, "latest.md")); got != string(md) {
		t.Errorf("Write(%s) latest.md differs from <date>.md", dir)
	}
	if got := readFile(t, filepath.Join(dir, chartName)); got != string(chart) {
		t.Errorf("Write(%s) chart differs from Render", dir)
	}
	if got, want := readFile(t, filepath.Join(dir, "2026-10-29-wellness.svg")), string(renderWellnessChart(in.Facts.Date, in.Wellness)); got != want {
		t.Errorf("Write(%s) wellness chart differs from the rendered one", dir)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("Write(%s) left %v, want the two Markdown files and the two charts only", dir, names)
	}
	if runtime.GOOS != "windows" {
		st, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if perm := st.Mode().Perm(); perm != 0o700 {
			t.Errorf("Write(%s) folder mode = %o, want 700", dir, perm)
		}
	}
	// Writing again over existing files works and changes nothing.
	if _, err := Write(dir, in); err != nil {
		t.Fatalf("Write(%s) again error: %v", dir, err)
	}
	if got := readFile(t, path); got != string(md) {
		t.Errorf("Write(%s) again changed <date>.md", dir)
	}
}

// TestWriteLatestIsNewestDay: latest.md is the newest day's report. A report
// written again for a past day writes that day's file and leaves latest.md
// alone; the same day again, or a later one, replaces it.
func TestWriteLatestIsNewestDay(t *testing.T) {
	dir := t.TempDir()
	today := sampleInput("km")
	past := sampleInput("km")
	past.Facts.Date = today.Facts.Date.AddDays(-3)
	if _, err := Write(dir, past); err != nil {
		t.Fatal(err)
	}
	pastMD, _, _, _ := Render(past)
	if got := readFile(t, filepath.Join(dir, LatestName)); got != string(pastMD) {
		t.Fatalf("Write(%s) into an empty folder: latest.md is not its report", past.Facts.Date)
	}
	if _, err := Write(dir, today); err != nil {
		t.Fatal(err)
	}
	todayMD, _, _, _ := Render(today)
	if got := readFile(t, filepath.Join(dir, LatestName)); got != string(todayMD) {
		t.Errorf("Write(%s) after %s: latest.md is not the newer report", today.Facts.Date, past.Facts.Date)
	}
	path, err := Write(dir, past)
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != string(pastMD) {
		t.Errorf("Write(%s) again: %s is not its report", past.Facts.Date, path)
	}
	if got := readFile(t, filepath.Join(dir, LatestName)); got != string(todayMD) {
		t.Errorf("Write(%s) after %s replaced latest.md, want it left as the newest day's", past.Facts.Date, today.Facts.Date)
	}
}

// TestWriteFailureKeepsPrevious makes a second write fail at each step and
// checks that the first report stays whole and no temporary file remains.
func TestWriteFailureKeepsPrevious(t *testing.T) {
	boom := errors.New("disk full")
	tests := []struct {
		name   string
		inject func() (restore func())
		// chartReplaced: the chart was already renamed into place when the
		// failure struck (the Markdown files must still be the old ones).
		chartReplaced bool
	}{
		{"sync of the first file", func() func() {
			syncFile = func(*os.File) error { return boom }
			return func() { syncFile = (*os.File).Sync }
		}, false},
		{"sync of the last file", failOnCall(&syncFile, 4, boom), false},
		{"rename of <date>.md", failRenameOn(3, boom), true},
		{"rename of latest.md", failRenameOn(4, boom), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			old := sampleInput("km")
			if _, err := Write(dir, old); err != nil {
				t.Fatal(err)
			}
			oldMD, oldChart, chartName, _ := Render(old)

			changed := sampleInput("km")
			changed.Facts.Advice.Text = "a different day"
			changed.Days[len(changed.Days)-1].CTL += 10
			restore := tt.inject()
			_, err := Write(dir, changed)
			restore()
			if !errors.Is(err, boom) {
				t.Fatalf("Write(failing %s) error = %v, want %v", tt.name, err, boom)
			}
			dated := readFile(t, filepath.Join(dir, "2026-10-29.md"))
			latest := readFile(t, filepath.Join(dir, "latest.md"))
			if dated != string(oldMD) && !strings.Contains(tt.name, "latest") {
				t.Errorf("Write(failing %s) changed <date>.md", tt.name)
			}
			if latest != string(oldMD) {
				t.Errorf("Write(failing %s) changed latest.md", tt.name)
			}
			chart := readFile(t, filepath.Join(dir, chartName))
			if !tt.chartReplaced && chart != string(oldChart) {
				t.Errorf("Write(failing %s) changed the chart", tt.name)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 4 {
				t.Errorf("Write(failing %s) left %d files, want 4 (no temporary files)", tt.name, len(entries))
			}
		})
	}
}

// failOnCall makes the n-th call of *fn fail with err.
func failOnCall(fn *func(*os.File) error, n int, err error) func() func() {
	return func() func() {
		orig, calls := *fn, 0
		*fn = func(f *os.File) error {
			calls++
			if calls == n {
				return err
			}
			return orig(f)
		}
		return func() { *fn = orig }
	}
}

// failRenameOn makes the n-th rename fail with err.
func failRenameOn(n int, err error) func() func() {
	return func() func() {
		calls := 0
		renameFile = func(from, to string) error {
			calls++
			if calls == n {
				return err
			}
			return os.Rename(from, to)
		}
		return func() { renameFile = os.Rename }
	}
}

// TestWriteBadFolder: a folder that cannot be created or written gives an
// error, never a panic, and leaves nothing behind.
func TestWriteBadFolder(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "not-a-folder")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{file, filepath.Join(file, "sub")} {
		if _, err := Write(dir, sampleInput("km")); err == nil {
			t.Errorf("Write(%s) error = nil, want an error", dir)
		}
	}
	if _, err := Write(base, sampleInput("yards")); err == nil {
		t.Errorf("Write(unit yards) error = nil, want an error")
	}

	// A read-only folder: only meaningful when permissions apply (not root).
	if os.Geteuid() == 0 || runtime.GOOS == "windows" {
		return
	}
	ro := filepath.Join(base, "ro")
	if _, err := Write(ro, sampleInput("km")); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, filepath.Join(ro, "latest.md"))
	if err := os.Chmod(ro, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(ro, 0o700)
	changed := sampleInput("km")
	changed.Facts.Advice.Text = "a different day"
	if _, err := Write(ro, changed); err == nil {
		t.Errorf("Write(read-only folder) error = nil, want an error")
	}
	if got := readFile(t, filepath.Join(ro, "latest.md")); got != before {
		t.Errorf("Write(read-only folder) changed latest.md")
	}
}

// A write killed between its temporary file and the rename leaves the
// temporary behind; the next write removes it once it is clearly stale,
// and never one young enough to be another process's write in progress.
func TestWriteRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, ".easyday-report-123.tmp")
	fresh := filepath.Join(dir, ".easyday-report-456.tmp")
	other := filepath.Join(dir, "notes.tmp")
	for _, p := range []string{stale, fresh, other} {
		if err := os.WriteFile(p, []byte("half a report"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	for _, p := range []string{stale, other} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Write(dir, sampleInput("km")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temporary still there: %v", err)
	}
	for _, p := range []string{fresh, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", filepath.Base(p), err)
		}
	}
}
