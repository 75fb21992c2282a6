package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/history"
	"easyday/internal/corpus"
)

// testAthlete is the folders and the athlete of the project's fixtures
// (testdata/demo.toml); the tests' configurations add their thresholds.
const testAthlete = `timezone = "Europe/London"
inbox = "inbox"
database = "history.db"
reports = "reports"
[athlete]
sex = "male"
resting_hr = 50
max_hr = 190
distance_unit = "km"
`

// testConfig is the athlete of the project's fixtures (testdata/demo.toml).
const testConfig = testAthlete + `[[thresholds]]
from = 2000-01-01
run_lthr = 170
bike_lthr = 160
ftp = 250
`

// env is a throwaway easyday home: a configuration, its inbox, history and
// reports in one temporary folder, and the clock its commands read.
type env struct {
	t      *testing.T
	dir    string
	config string
	now    func() time.Time // the commands' clock: stopped when the env is made
}

func newEnv(t *testing.T, config string) *env {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(p, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "inbox"), 0o700); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	return &env{t: t, dir: dir, config: p, now: func() time.Time { return start }}
}

// run runs easyday in-process with the env's configuration.
func (e *env) run(args ...string) (stdout, stderr string, code int) {
	e.t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), append([]string{"--config", e.config}, args...), &out, &errb, e.now)
	if err != nil && !isSilent(err) {
		errb.WriteString("easyday: " + err.Error() + "\n")
	}
	return out.String(), errb.String(), exitCode(err)
}

// mustRun runs easyday and fails the test unless it exits with want.
func (e *env) mustRun(want int, args ...string) string {
	e.t.Helper()
	out, errs, code := e.run(args...)
	if code != want {
		e.t.Fatalf("easyday %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out, errs)
	}
	return out
}

func (e *env) activities() []easyday.Activity {
	e.t.Helper()
	var acts []easyday.Activity
	if err := json.Unmarshal([]byte(e.mustRun(0, "activities", "--json")), &acts); err != nil {
		e.t.Fatalf("activities --json: %v", err)
	}
	return acts
}

func (e *env) files() []history.FileRecord {
	e.t.Helper()
	var files []history.FileRecord
	if err := json.Unmarshal([]byte(e.mustRun(0, "files", "--json")), &files); err != nil {
		e.t.Fatalf("files --json: %v", err)
	}
	return files
}

// check fails the test at once on a setup error: a test whose files were
// not written as planned asserts nothing.
func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// corpusDir is the shared corpus of real files, absent on a user's machine:
// the test skips then, or fails under CI.
func corpusDir(t *testing.T) string {
	t.Helper()
	return corpus.Path(t, ".")
}

func noEnv(string) string { return "" }

// TestConfigErrorExitUsage: a configuration that does not load stops a
// command with exit 2, naming the file and the key. (The checks of each
// key moved with the configuration code to internal/config's tests.)
func TestConfigErrorExitUsage(t *testing.T) {
	for _, tt := range []struct{ name, old, new, key string }{
		{"bad timezone", `"Europe/London"`, `"Mars/Olympus"`, "timezone"},
		{"unknown key", "[athlete]", "[athlete]\ninjury = true", "athlete.injury"},
		{"syntax", `timezone = "Europe/London"`, "timezone = ", ""},
	} {
		e := newEnv(t, strings.Replace(testConfig, tt.old, tt.new, 1))
		_, stderr, code := e.run("activities")
		if code != exitUsage || !strings.Contains(stderr, e.config) || !strings.Contains(stderr, tt.key) {
			t.Errorf("activities with %s: exit %d, stderr %q; want exit %d naming %s and key %q", tt.name, code, stderr, exitUsage, e.config, tt.key)
		}
	}
}
