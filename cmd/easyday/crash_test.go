package main

// Crash safety and interruption, through the real binary: an ingest killed
// at random moments and restarted ends where an uninterrupted one does; a
// killed report never tears the previous one; SIGTERM ends an ingest at
// once with exit 130 and the count of files left.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"easyday/history"
)

// fillInbox writes n distinct small runs into the env's inbox, in folders
// of 50 as a device export might be laid out.
func fillInbox(t *testing.T, e *env, n int) {
	t.Helper()
	for i := range n {
		writeFile(t, filepath.Join(e.inbox(), fmt.Sprintf("d%02d", i/50), fmt.Sprintf("run-%04d.fit", i)), smallRunData(t, i))
	}
}

// exitGuard bounds how long a test waits for a process to exit: a guard
// against a hang, generous for a loaded machine, never an assertion.
const exitGuard = 2 * time.Minute

// exitOf waits for p and returns its exit code (-1 when killed by a signal).
func exitOf(t *testing.T, p *proc) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(exitGuard):
		t.Fatalf("easyday did not exit within %v\n%s", exitGuard, p.stderr)
	}
	var ee *exec.ExitError
	if errors.As(p.err, &ee) {
		return ee.ExitCode()
	}
	return 0
}

// snapshot is everything a history holds that must survive a crash, with
// the env's folder taken out of the paths: activities with their streams,
// days, and the ledger.
func (e *env) snapshot(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, args := range [][]string{{"activities", "--json"}, {"days", "--json", "--from", "2026-08-01", "--to", "2026-12-31"}, {"files", "--json"}} {
		b.WriteString(e.mustRun(exitOK, args...))
	}
	st, err := history.Open(context.Background(), filepath.Join(e.dir, "history.db"), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := history.Check(context.Background(), filepath.Join(e.dir, "history.db")); err != nil {
		t.Errorf("integrity_check / foreign_key_check: %v", err)
	}
	acts, err := st.Activities(context.Background(), time.Time{}, time.Time{}, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range acts {
		fmt.Fprintf(&b, "stream %d: %v\n", a.ID, a.Segments)
	}
	return strings.ReplaceAll(b.String(), e.dir, "<home>")
}

func TestCrashSafetyIngestKilled(t *testing.T) {
	// Enough files for several batches (a batch commits about every 200 ms),
	// so that the kills land before, inside and between commits.
	const files, kills = 300, 20
	ref := newEnv(t, testConfig)
	fillInbox(t, ref, files)
	begin := time.Now()
	if code := exitOf(t, ref.start(t, "ingest")); code != exitOK {
		t.Fatalf("uninterrupted ingest: exit %d", code)
	}
	took := time.Since(begin)
	want := ref.snapshot(t)

	e := newEnv(t, testConfig)
	fillInbox(t, e, files)
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("uninterrupted ingest took %v; kill times drawn with seed %d", took, seed)
	for i := range kills {
		p := e.start(t, "ingest")
		time.Sleep(time.Duration(rng.Int64N(int64(took))))
		p.cmd.Process.Signal(syscall.SIGKILL)
		exitOf(t, p)
		_ = i
	}
	if code := exitOf(t, e.start(t, "ingest")); code != exitOK {
		t.Fatalf("ingest after %d kills: exit %d", kills, code)
	}
	if got := e.snapshot(t); got != want {
		t.Errorf("after %d SIGKILLs and a restart the history differs from an uninterrupted run's", kills)
		diffLines(t, want, got)
	}

	// A killed report leaves the previous report and latest.md whole: the
	// same history always gives the same bytes, so any file there must be
	// exactly the full report.
	e.mustRun(exitOK, "report", "--date", "2026-10-01")
	reports := filepath.Join(e.dir, "reports")
	full, err := os.ReadFile(filepath.Join(reports, "latest.md"))
	if err != nil {
		t.Fatal(err)
	}
	for range kills {
		p := e.start(t, "report", "--date", "2026-10-01")
		time.Sleep(time.Duration(rng.Int64N(int64(40 * time.Millisecond))))
		p.cmd.Process.Signal(syscall.SIGKILL)
		exitOf(t, p)
		for _, name := range []string{"latest.md", "2026-10-01.md"} {
			if got, err := os.ReadFile(filepath.Join(reports, name)); err != nil || string(got) != string(full) {
				t.Fatalf("after a killed report, %s is not the whole report (%d of %d bytes, %v)", name, len(got), len(full), err)
			}
		}
	}
}

// diffLines reports the first lines where two snapshots differ.
func diffLines(t *testing.T, want, got string) {
	t.Helper()
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 5; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			t.Errorf("line %d:\n want %.300s\n  got %.300s", i+1, a, b)
			shown++
		}
	}
}

// SIGTERM ends an ingest at once: what was committed stays, it says how many
// files are left, exits 130, and the next run reads the rest.
func TestIngestSIGTERM(t *testing.T) {
	// Enough files that the ingest is still running when the first commit is
	// seen: a batch commits about every 200 ms, and 600 of these small files
	// take about half a second. The first commit is seen in the ingest's own
	// log, which costs nothing to watch, not by running another command.
	const files = 1500
	e := newEnv(t, testConfig)
	fillInbox(t, e, files)
	p := e.start(t, "-v", "ingest")
	waitFor(t, 30*time.Second, "the first commits", func() bool {
		return strings.Contains(p.stderr.String(), "msg=ingested")
	})
	p.cmd.Process.Signal(syscall.SIGTERM)
	begin := time.Now()
	code := exitOf(t, p)
	t.Logf("ingest exited %v after SIGTERM", time.Since(begin))
	if code != exitInterrupted {
		t.Fatalf("ingest after SIGTERM: exit %d, want %d\n%s", code, exitInterrupted, p.stderr)
	}
	m := regexp.MustCompile(`interrupted: (\d+) files left for the next run`).FindStringSubmatch(p.stderr.String())
	if m == nil || m[1] == "0" {
		t.Fatalf("stderr = %q, want 'interrupted: N files left for the next run' with N > 0", p.stderr)
	}
	if code := exitOf(t, e.start(t, "ingest")); code != exitOK {
		t.Fatalf("the next ingest: exit %d", code)
	}
	if n := len(e.activities()); n != files {
		t.Errorf("after the next run: %d activities, want %d", n, files)
	}
}
