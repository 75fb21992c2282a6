package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"easyday"
)

// damageFile overwrites every page of the database file at path but the
// first two, keeping the schema readable so that the damage shows to the
// checks and to the queries that read those pages.
func damageFile(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	if len(b) < 4*page {
		t.Fatalf("%s: %d bytes, too small to damage", path, len(b))
	}
	for i := 2 * page; i < len(b); i++ {
		b[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestCheckAndRebuild(t *testing.T) {
	e := newEnv(t, testConfig)
	inbox := filepath.Join(e.dir, "inbox")
	demo := filepath.Join("..", "..", "testdata", "demo")
	entries, err := os.ReadDir(demo)
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		copyFile(t, filepath.Join(demo, en.Name()), filepath.Join(inbox, en.Name()))
	}
	extra := filepath.Join(e.dir, "elsewhere", "run.fit")
	copyFile(t, filepath.Join("..", "..", "testdata", "metrics", "stream-1hz.fit"), extra)
	e.mustRun(0, "ingest")
	e.mustRun(0, "ingest", extra)
	before := e.activities()
	if len(before) < 2 {
		t.Fatalf("activities after ingest = %d, want at least 2", len(before))
	}
	db := filepath.Join(e.dir, "history.db")

	if out := e.mustRun(0, "check"); !strings.Contains(out, "sound") || !strings.Contains(out, db) {
		t.Errorf("check(sound history) stdout = %q, want it to say the history %s is sound", out, db)
	}
	// A sound history is not rebuilt unless asked.
	if _, stderr, code := e.run("rebuild"); code != exitFatal || !strings.Contains(stderr, "--force") {
		t.Errorf("rebuild(sound history) = exit %d, %q; want 1 naming --force", code, stderr)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("history after refused rebuild: %v", err)
	}

	damageFile(t, db)
	backup := db + ".before-v2" // as an upgrade that failed would have kept
	if err := os.WriteFile(backup, []byte("copy"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"check"}, {"activities"}, {"files"}} {
		_, stderr, code := e.run(args...)
		if code != exitFatal {
			t.Errorf("%s(damaged history) exit %d, want 1\n%s", args[0], code, stderr)
		}
		for _, want := range []string{"damaged", backup, "sqlite3 " + db + " .recover", "easyday rebuild"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s(damaged history) stderr does not say %q:\n%s", args[0], want, stderr)
			}
		}
	}

	_, stderr, code := e.run("rebuild", extra)
	if code != exitOK {
		t.Fatalf("rebuild: exit %d, want 0\n%s", code, stderr)
	}
	var matches []string // the moved history, not its -wal or -shm
	all, _ := filepath.Glob(db + ".damaged-*")
	for _, m := range all {
		if !strings.HasSuffix(m, "-wal") && !strings.HasSuffix(m, "-shm") {
			matches = append(matches, m)
		}
	}
	if len(matches) != 1 || !strings.Contains(stderr, matches[0]) {
		t.Errorf("rebuild stderr %q, moved-aside files %q: want one, named", stderr, matches)
	}
	e.mustRun(0, "check")
	after := e.activities()
	if len(after) != len(before) {
		t.Errorf("activities after rebuild = %d, want %d (the inbox and the path given)", len(after), len(before))
	}
	for i := range min(len(before), len(after)) {
		if before[i].SHA256 != after[i].SHA256 || before[i].Load != after[i].Load {
			t.Errorf("activity %d after rebuild = %s load %v, want %s load %v", i, after[i].SHA256, after[i].Load, before[i].SHA256, before[i].Load)
		}
	}
}

// A zero-byte history is refused, and rebuild makes a new one in its place.
func TestEmptyHistoryRefused(t *testing.T) {
	e := newEnv(t, testConfig)
	db := filepath.Join(e.dir, "history.db")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := e.run("ingest")
	if code != exitFatal || !strings.Contains(stderr, "this is not an easyday history: it is empty; move it aside to start a new one") {
		t.Errorf("ingest(empty history) = exit %d, %q; want 1 saying it is empty", code, stderr)
	}
	if fi, err := os.Stat(db); err != nil || fi.Size() != 0 {
		t.Errorf("empty history after ingest: %v, %v; want it left alone", fi, err)
	}
	e.mustRun(0, "rebuild")
	e.mustRun(0, "check")
}

// A version 1 history (the one history's tests upgrade) is upgraded by the
// first command, which says so on stderr; recompute then says which
// activities older metrics rules computed, once.
func TestUpgradeAndOlderRules(t *testing.T) {
	e := newEnv(t, testConfig)
	db := filepath.Join(e.dir, "history.db")
	copyFile(t, filepath.Join("..", "..", "history", "testdata", "v1.db"), db)

	out, stderr, code := e.run("recompute")
	if code != exitOK {
		t.Fatalf("recompute(v1 history): exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(stderr, "upgraded from v1 to v") || !strings.Contains(stderr, db+".before-v2") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("recompute(v1 history) stderr = %q, want one line saying it upgraded from v1 and naming the copy", stderr)
	}
	if _, err := os.Stat(db + ".before-v2"); !os.IsNotExist(err) {
		t.Errorf("copy taken before the upgrade still there: %v", err)
	}
	// The swim has no samples to recompute from and its file is gone: its
	// numbers stay those version 1 computed, and its row says so.
	want := fmt.Sprintf("4 activities by metrics version 1 computed by older rules; now computed by metrics version %d", easyday.MetricsVersion)
	if easyday.MetricsVersion > 1 && !strings.Contains(out, want) {
		t.Errorf("recompute(v1 history) stdout = %q, want it to say %q", out, want)
	}
	for _, a := range e.activities() {
		wantV := easyday.MetricsVersion
		if a.Sport == easyday.Swimming {
			wantV = 1
		}
		if a.MetricsVersion != wantV {
			t.Errorf("activity %d (%s) after recompute: metrics version %d, want %d", a.ID, a.Sport, a.MetricsVersion, wantV)
		}
	}
	out, stderr, _ = e.run("recompute")
	if strings.Contains(out, "older rules") || stderr != "" {
		t.Errorf("second recompute = %q, %q; want no older rules and no upgrade", out, stderr)
	}
}
