package main

// End-to-end tests of 'easyday watch' and 'easyday run': the real binary,
// a temporary inbox, real files copied in the ways people and sync tools
// copy them. They poll with deadlines; nothing waits a fixed time to assert.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"easyday"
	"easyday/history"
	"easyday/internal/fitgen"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds easyday once for all end-to-end tests.
func binary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end tests build and run the binary; skipped with -short")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "easyday-e2e")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "easyday")
		// -pgo=off: the profile-guided build would compile every
		// dependency (SQLite's C included) apart from the ones vet and
		// the other tests build.
		out, err := exec.Command("go", "build", "-pgo=off", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// syncBuffer is a bytes.Buffer safe to write from a process and read here.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// proc is a running easyday process.
type proc struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan struct{}
	err    error
}

func (e *env) start(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(binary(t), append([]string{"--config", e.config}, args...)...)
	p.cmd.Stdout = p.stderr
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// stop sends SIGTERM and returns the exit code once the process has
// exited. The minute it may take is a guard against a hang, not a
// measure: how fast the watcher stops belongs in a benchmark.
func (p *proc) stop(t *testing.T) int {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(time.Minute):
		t.Fatalf("watch did not exit after SIGTERM\n%s", p.stderr)
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(p.err, &ee) {
		code = ee.ExitCode()
	}
	return code
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// smallRun is a distinct 10-minute run: number i starts 3 hours after i−1,
// so no two are the same activity.
func smallRun(t *testing.T, i int) []byte {
	t.Helper()
	return smallRunData(t, i)
}

func smallRunData(t testing.TB, i int) []byte {
	t.Helper()
	start := time.Date(2026, 9, 1, 5, 0, 0, 0, time.UTC).Add(time.Duration(i) * 3 * time.Hour)
	var pts []fitgen.Point
	for s := 0; s <= 600; s += 5 {
		pts = append(pts, fitgen.Point{Offset: time.Duration(s) * time.Second, HR: 130 + (i+s/60)%20, Power: easyday.Missing, Distance: float64(s) * 2.8, Speed: 2.8})
	}
	b, err := fitgen.Build(fitgen.Spec{Start: start, Sessions: []fitgen.Session{{Sport: "running", Points: pts}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ledger counts the ledger rows per path and per status.
func (e *env) ledger() (rows map[string]int, status map[easyday.FileStatus]int) {
	rows, status = map[string]int{}, map[easyday.FileStatus]int{}
	for _, f := range e.files() {
		rows[f.Path]++
		status[f.Status]++
	}
	return rows, status
}

func (e *env) ingested() int {
	_, st := e.ledger()
	return st[easyday.StatusIngested]
}

// checkExactlyOnce: every path in want has one ledger row, ingested, and
// the history holds one activity per file and passes integrity_check.
func (e *env) checkExactlyOnce(t *testing.T, want []string) {
	t.Helper()
	rows, status := e.ledger()
	for _, p := range want {
		if rows[p] != 1 {
			t.Errorf("%s: %d ledger rows, want 1", p, rows[p])
		}
	}
	if status[easyday.StatusIngested] != len(want) || len(rows) != len(want) {
		t.Errorf("ledger %v over %d paths, want %d ingested", status, len(rows), len(want))
	}
	if n := len(e.activities()); n != len(want) {
		t.Errorf("activities = %d, want %d", n, len(want))
	}
	if err := history.Check(context.Background(), filepath.Join(e.dir, "history.db")); err != nil {
		t.Errorf("integrity_check: %v", err)
	}
}

func (e *env) inbox() string { return filepath.Join(e.dir, "inbox") }

func TestWatchSlowCopyRenameSubfolderAndReAdd(t *testing.T) {
	e := newEnv(t, testConfig)
	w := e.start(t, "watch", "--settle", "700ms")
	waitFor(t, 10*time.Second, "the watcher to start", func() bool { return bytes.Contains([]byte(w.stderr.String()), []byte("watching")) })

	// A slow copy: chunks with pauses shorter than the settle time.
	data := smallRun(t, 1)
	slow := filepath.Join(e.inbox(), "slow.fit")
	f, err := os.Create(slow)
	if err != nil {
		t.Fatal(err)
	}
	step := len(data)/6 + 1
	for off := 0; off < len(data); off += step {
		end := min(off+step, len(data))
		_, err := f.Write(data[off:end])
		check(t, err)
		check(t, f.Sync())
		time.Sleep(200 * time.Millisecond)
	}
	check(t, f.Close())
	waitFor(t, 15*time.Second, "slow.fit ingested", func() bool { return e.ingested() == 1 })
	if fs := e.files(); len(fs) != 1 || fs[0].Size != int64(len(data)) {
		t.Fatalf("after a slow copy: ledger %+v, want one row of the complete %d bytes", fs, len(data))
	}

	// A finished file renamed into place; a .part that stays is ignored.
	part := filepath.Join(e.inbox(), "renamed.fit.part")
	check(t, os.WriteFile(part, smallRun(t, 2), 0o600))
	check(t, os.WriteFile(filepath.Join(e.inbox(), "pending.fit.crdownload"), smallRun(t, 9), 0o600))
	check(t, os.Rename(part, filepath.Join(e.inbox(), "renamed.fit")))

	// A new subfolder, with a folder inside it, created with files in it.
	sub := filepath.Join(e.inbox(), "2026", "09")
	check(t, os.MkdirAll(sub, 0o700))
	check(t, os.WriteFile(filepath.Join(sub, "a.fit"), smallRun(t, 3), 0o600))
	check(t, os.WriteFile(filepath.Join(sub, "b.fit"), smallRun(t, 4), 0o600))
	waitFor(t, 15*time.Second, "renamed and subfolder files ingested", func() bool { return e.ingested() == 4 })

	// Delete and re-add: the same content is known; new content is read.
	check(t, os.Remove(filepath.Join(sub, "a.fit")))
	time.Sleep(100 * time.Millisecond)
	check(t, os.WriteFile(filepath.Join(sub, "a.fit"), smallRun(t, 3), 0o600))
	check(t, os.Remove(filepath.Join(sub, "b.fit")))
	check(t, os.WriteFile(filepath.Join(sub, "b.fit"), smallRun(t, 5), 0o600))
	waitFor(t, 15*time.Second, "re-added b.fit with new content ingested", func() bool { return e.ingested() == 5 })

	// Today's report follows each batch. The watcher's clock says which day
	// today is, so the test takes the report's name from its log.
	var report string
	waitFor(t, 5*time.Second, "today's report", func() bool {
		report = reportWritten(w.stderr.String())
		return report != ""
	})
	if _, err := os.Stat(report); err != nil || filepath.Dir(report) != filepath.Join(e.dir, "reports") || !datedReport.MatchString(filepath.Base(report)) {
		t.Errorf("report written to %q (%v), want a dated report in %s", report, err, filepath.Join(e.dir, "reports"))
	}

	if code := w.stop(t); code != 0 {
		t.Errorf("SIGTERM: exit %d, want 0\n%s", code, w.stderr)
	}
	rows, _ := e.ledger()
	if rows[filepath.Join(sub, "a.fit")] != 1 || rows[slow] != 1 {
		t.Errorf("ledger rows %v: want one per file", rows)
	}
	for p := range rows {
		if filepath.Ext(p) != ".fit" {
			t.Errorf("ledger has %s: in-flight names must be ignored", p)
		}
	}
	if n := len(e.activities()); n != 5 {
		t.Errorf("activities = %d, want 5", n)
	}
}

// datedReport is the name of one day's report.
var datedReport = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\.md$`)

// reportWritten returns the path of the last report a text log says was
// written, or "".
func reportWritten(log string) string {
	path := ""
	for _, line := range strings.Split(log, "\n") {
		if !strings.Contains(line, `msg="report written"`) {
			continue
		}
		if _, after, ok := strings.Cut(line, " path="); ok {
			path, _, _ = strings.Cut(after, " ")
		}
	}
	return path
}

func mustLoc(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestWatchBurstSignalRestartAndConcurrentRun drops 500 files in a burst,
// stops the watcher with SIGTERM in the middle, runs 'easyday run' beside a
// restarted watcher and a second watcher, and checks every file was
// ingested exactly once.
func TestWatchBurstSignalRestartAndConcurrentRun(t *testing.T) {
	e := newEnv(t, testConfig)
	w := e.start(t, "watch", "--settle", "500ms")
	waitFor(t, 10*time.Second, "the watcher to start", func() bool { return bytes.Contains([]byte(w.stderr.String()), []byte("watching")) })
	const n = 500
	var paths []string
	for i := 0; i < n; i++ {
		p := filepath.Join(e.inbox(), fmt.Sprintf("burst-%03d.fit", i))
		paths = append(paths, p)
		if err := os.WriteFile(p, smallRun(t, 100+i), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 60*time.Second, "part of the burst ingested", func() bool { return e.ingested() >= 20 })
	if code := w.stop(t); code != 0 {
		t.Errorf("SIGTERM mid-burst: exit %d, want 0\n%s", code, w.stderr)
	}
	got := e.ingested()
	t.Logf("ingested before SIGTERM: %d of %d", got, n)

	// Restart two watchers and run the nightly job at the same time.
	w1 := e.start(t, "watch", "--settle", "500ms")
	w2 := e.start(t, "watch", "--settle", "500ms")
	r := e.start(t, "run")
	<-r.done
	if r.err != nil {
		t.Errorf("easyday run beside two watchers: %v\n%s", r.err, r.stderr)
	}
	waitFor(t, 120*time.Second, "the whole burst ingested", func() bool { return e.ingested() >= n })
	for _, w := range []*proc{w1, w2} {
		if code := w.stop(t); code != 0 {
			t.Errorf("watch exit %d\n%s", code, w.stderr)
		}
	}
	e.checkExactlyOnce(t, paths)
}

// TestWatchPollJSONLogsAndReload: --poll finds files without file events,
// --log-format json writes one JSON object per line with a line per file,
// and SIGHUP reloads the configuration (here: where reports go).
func TestWatchPollJSONLogsAndReload(t *testing.T) {
	e := newEnv(t, testConfig)
	w := e.start(t, "watch", "--poll", "200ms", "--settle", "300ms", "--log-format", "json")
	waitFor(t, 10*time.Second, "the watcher to start", func() bool { return strings.Contains(w.stderr.String(), "watching") })
	check(t, os.WriteFile(filepath.Join(e.inbox(), "one.fit"), smallRun(t, 1), 0o600))
	waitFor(t, 15*time.Second, "one.fit ingested by polling", func() bool { return e.ingested() == 1 })

	// Reports move elsewhere; SIGHUP makes the running watcher use it.
	moved := filepath.Join(e.dir, "moved-reports")
	check(t, os.WriteFile(e.config, []byte(strings.Replace(testConfig, `reports = "reports"`, `reports = "moved-reports"`, 1)), 0o600))
	w.cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, 10*time.Second, "the configuration reloaded", func() bool { return strings.Contains(w.stderr.String(), "configuration reloaded") })
	check(t, os.WriteFile(filepath.Join(e.inbox(), "two.fit"), smallRun(t, 2), 0o600))
	waitFor(t, 15*time.Second, "a report in the new folder", func() bool {
		_, err := os.Stat(filepath.Join(moved, "latest.md"))
		return err == nil
	})
	if code := w.stop(t); code != 0 {
		t.Errorf("watch exit %d", code)
	}
	ingestedLines := 0
	for _, line := range strings.Split(strings.TrimSpace(w.stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("--log-format json wrote a line that is not JSON: %q", line)
			continue
		}
		if rec["msg"] == "ingested" {
			ingestedLines++
			if _, ok := rec["file"].(string); !ok {
				t.Errorf("ingested log line without the file: %q", line)
			}
		}
	}
	if ingestedLines != 2 {
		t.Errorf("%d 'ingested' log lines, want one per file (2)\n%s", ingestedLines, w.stderr)
	}
}
