package history

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

// copyV1 copies the committed version 1 history into a temporary directory.
func copyV1(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(v1Fixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "history.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// v1Columns are the tables and columns of the version 1 schema whose values
// every later version keeps (scan_cache.sha256 was dropped by 002).
var v1Columns = map[string]string{
	"files": "id, path, sha256, size, status, reason, seen_ms",
	"activities": `id, file_id, sha256, source, format, sport, sub_sport, start_ms, utc_offset_s,
		local_date, elapsed_s, timer_s, distance_m, hr_s, avg_hr, max_hr,
		z1_s, z2_s, z3_s, z4_s, z5a_s, z5b_s, z5c_s, trimp, hrss, np_w, power_tss,
		load, load_source, warnings, dropped`,
	"streams":         "activity_id, segments",
	"file_activities": "file_id, ord, activity_id",
	"scan_cache":      "path, size, mtime_s, mtime_ns",
}

// dump reads every v1 column of every table of the database at path, rows
// in rowid order, through a connection of its own.
func dump(t testing.TB, path string) map[string][][]any {
	t.Helper()
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string][][]any{}
	for table, cols := range v1Columns {
		rows, err := db.Query("SELECT " + cols + " FROM " + table + " ORDER BY rowid")
		if err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		n := len(strings.Split(cols, ","))
		for rows.Next() {
			vals := make([]any, n)
			ptrs := make([]any, n)
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return out
}

func TestUpgradeV1KeepsEverything(t *testing.T) {
	path := copyV1(t)
	before := dump(t, path)
	for table, min := range map[string]int{"files": 9, "activities": 5, "streams": 5, "file_activities": 7, "scan_cache": 7} {
		if len(before[table]) < min {
			t.Fatalf("fixture %s has %d %s rows, want at least %d", v1Fixture, len(before[table]), table, min)
		}
	}
	var notices []string
	s, err := Open(context.Background(), path, Options{Notice: func(m string) { notices = append(notices, m) }})
	if err != nil {
		t.Fatalf("Open(v1 history) error %v", err)
	}
	defer s.Close()

	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pragma(t, s, "user_version"), fmt.Sprint(len(ms)); got != want {
		t.Errorf("user_version after upgrade = %s, want %s", got, want)
	}
	if diff := cmp.Diff(before, dump(t, path)); diff != "" {
		t.Errorf("rows changed by the upgrade (-before +after):\n%s", diff)
	}
	// The streams, the only input recompute has, are byte-identical (cmp
	// compares []byte values byte by byte; say so once more plainly).
	after := dump(t, path)
	for i, row := range before["streams"] {
		if !bytes.Equal(row[1].([]byte), after["streams"][i][1].([]byte)) {
			t.Errorf("stream of activity %v changed", row[0])
		}
	}
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Errorf("IntegrityCheck(upgraded) = %v, want nil", err)
	}
	if got := pragma(t, s, "foreign_keys"); got != "1" {
		t.Errorf("PRAGMA foreign_keys after upgrade = %s, want 1", got)
	}

	// Every activity loads, with its segments, as computed by version 1.
	acts, err := s.Activities(ctx, zeroTime, zeroTime, true)
	if err != nil {
		t.Fatalf("Activities(upgraded) error %v", err)
	}
	if len(acts) != len(before["activities"]) {
		t.Errorf("Activities(upgraded) = %d activities, want %d", len(acts), len(before["activities"]))
	}
	for _, a := range acts {
		if a.MetricsVersion != 1 {
			t.Errorf("activity %d MetricsVersion = %d, want 1 (stored before metrics versions)", a.ID, a.MetricsVersion)
		}
		if a.NGPSPerKm != nil || a.PaceLoad != nil {
			t.Errorf("activity %d NGP %v, pace load %v, want none until recomputed", a.ID, *a.NGPSPerKm, *a.PaceLoad)
		}
		if a.Estimates != (easyday.Estimates{}) {
			t.Errorf("activity %d estimates %+v, want none until recomputed", a.ID, a.Estimates)
		}
		for _, sg := range a.Segments {
			if sg.Distance != easyday.Missing {
				t.Errorf("activity %d: a version 1 stream read with distance %v", a.ID, sg.Distance)
				break
			}
		}
		if a.Sport != easyday.Swimming && len(a.Segments) == 0 {
			t.Errorf("activity %d (%s) loaded no segments", a.ID, a.Sport)
		}
	}

	// The widened CHECK takes pace and still refuses what is not a source.
	if _, err := s.db.Exec(`UPDATE activities SET load_source = 'pace' WHERE id = ?`, acts[0].ID); err != nil {
		t.Errorf("load_source pace after upgrade: %v", err)
	}
	if _, err := s.db.Exec(`UPDATE activities SET load_source = 'guess' WHERE id = ?`, acts[0].ID); err == nil {
		t.Errorf("load_source guess after upgrade = accepted, want the CHECK to refuse it")
	}

	backup := backupPath(path, 2)
	if _, err := os.Stat(backup); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("backup %s after a successful upgrade: Stat error %v, want it removed", backup, err)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], fmt.Sprintf("from v1 to v%d", len(ms))) || !strings.Contains(notices[0], backup) {
		t.Errorf("notices = %q, want one line saying from v1 to v%d and naming %s", notices, len(ms), backup)
	}

	// Opening again changes nothing and says nothing.
	s.Close()
	notices = nil
	s2, err := Open(context.Background(), path, Options{Notice: func(m string) { notices = append(notices, m) }})
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if len(notices) != 0 {
		t.Errorf("notices on reopening an upgraded history = %q, want none", notices)
	}
}

// A step that fails rolls the whole upgrade back, leaving the history at
// the version it had, and keeps the copy taken before, named in the error.
func TestUpgradeFailureKeepsBackup(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	bad := migration{version: len(ms) + 1, name: fmt.Sprintf("%03d_dangling.sql", len(ms)+1),
		// With foreign keys off this insert succeeds; foreign_key_check must catch it.
		sql: `INSERT INTO file_activities (file_id, ord, activity_id) VALUES (999, 0, 999)`}
	path := copyV1(t)
	before := dump(t, path)

	var notices []string
	_, err = open(context.Background(), path, Options{Notice: func(m string) { notices = append(notices, m) }}, append(ms, bad))
	if !errors.Is(err, ErrUpgrade) {
		t.Fatalf("open(with a failing step) error %v, want ErrUpgrade", err)
	}
	var ue *UpgradeError
	if !errors.As(err, &ue) {
		t.Fatalf("open(with a failing step) error %v, want an *UpgradeError", err)
	}
	backup := backupPath(path, 2)
	if ue.Backup != backup || ue.From != 1 || ue.To != bad.version || !strings.Contains(err.Error(), backup) {
		t.Errorf("UpgradeError = from v%d to v%d, backup %q (%v); want from v1 to v%d, backup %s named in the message",
			ue.From, ue.To, ue.Backup, err, bad.version, backup)
	}
	if !errors.Is(err, ErrDamaged) {
		t.Errorf("error %v, want it to wrap the foreign key check's ErrDamaged", err)
	}
	if len(notices) != 0 {
		t.Errorf("notices = %q, want none when the upgrade fails", notices)
	}

	// The copy is the version 1 history, whole.
	if diff := cmp.Diff(before, dump(t, backup)); diff != "" {
		t.Errorf("backup differs from the history before (-before +backup):\n%s", diff)
	}
	// The history itself is the version 1 history still, dangling row and
	// all the steps before it rolled back.
	if diff := cmp.Diff(before, dump(t, path)); diff != "" {
		t.Errorf("rows changed by the failed upgrade (-before +after):\n%s", diff)
	}
	if got := rawUserVersion(t, path); got != 1 {
		t.Errorf("user_version after the failed upgrade = %d, want 1", got)
	}
	// Opened with the real migrations, it upgrades.
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open(after failed step) error %v", err)
	}
	defer s.Close()
	if got := pragma(t, s, "user_version"); got != fmt.Sprint(len(ms)) {
		t.Errorf("user_version after the upgrade = %s, want %d", got, len(ms))
	}
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Errorf("IntegrityCheck(after failed step) = %v", err)
	}
	if diff := cmp.Diff(before, dump(t, path)); diff != "" {
		t.Errorf("rows changed (-before +after):\n%s", diff)
	}
}

// Several processes upgrading the same history at once apply each step
// once: one takes the copy, upgrades and says so; the others find it done.
func TestUpgradeConcurrent(t *testing.T) {
	path := copyV1(t)
	before := dump(t, path)
	const n = 4
	var mu sync.Mutex
	var notices []string
	notice := func(m string) { mu.Lock(); notices = append(notices, m); mu.Unlock() }
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), path, Options{Notice: notice})
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d error %v", i, err)
		}
	}
	if len(notices) != 1 {
		t.Errorf("notices = %q, want exactly one upgrade", notices)
	}
	if diff := cmp.Diff(before, dump(t, path)); diff != "" {
		t.Errorf("rows changed (-before +after):\n%s", diff)
	}
	if _, err := os.Stat(backupPath(path, 2)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("backup left behind: %v", err)
	}
}

var zeroTime time.Time

// bigV1 copies the v1 fixture and grows it to about n activities (ride and
// run streams repeated), as a version 1 history of a few years would be.
func bigV1(b *testing.B, n int) string {
	b.Helper()
	path := copyV1(b)
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	copies := n/5 - 1
	_, err = db.Exec(`
		WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
		INSERT INTO activities (file_id, sha256, source, format, sport, sub_sport, start_ms, utc_offset_s,
			local_date, elapsed_s, timer_s, distance_m, hr_s, avg_hr, max_hr,
			z1_s, z2_s, z3_s, z4_s, z5a_s, z5b_s, z5c_s, trimp, hrss, np_w, power_tss,
			load, load_source, warnings, dropped)
		SELECT file_id, sha256, source, format, sport, sub_sport, start_ms + i * 86400000, utc_offset_s,
			local_date + i, elapsed_s, timer_s, distance_m, hr_s, avg_hr, max_hr,
			z1_s, z2_s, z3_s, z4_s, z5a_s, z5b_s, z5c_s, trimp, hrss, np_w, power_tss,
			load, load_source, warnings, dropped
		FROM activities, k ORDER BY i, activities.id;
		INSERT INTO streams (activity_id, segments)
		SELECT a.id, (SELECT segments FROM streams WHERE activity_id = 1) FROM activities a WHERE a.id > 5;
		INSERT INTO file_activities (file_id, ord, activity_id)
		SELECT a.file_id, a.id, a.id FROM activities a WHERE a.id > 5;`, copies)
	if err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkUpgradeV1 measures the whole upgrade of a version 1 history:
// the copy, every step, the checks, removing the copy.
func BenchmarkUpgradeV1(b *testing.B) {
	for _, n := range []int{5, 1000, 10000} {
		b.Run(fmt.Sprintf("activities=%d", n), func(b *testing.B) {
			src := copyV1(b)
			if n > 5 {
				src = bigV1(b, n)
			}
			orig, err := os.ReadFile(src)
			if err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(b.TempDir(), "history.db")
			for b.Loop() {
				b.StopTimer()
				os.Remove(path + "-wal")
				os.Remove(path + "-shm")
				if err := os.WriteFile(path, orig, 0o600); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				s, err := Open(ctx, path, Options{})
				if err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
			b.ReportMetric(float64(len(orig))/1e6, "MB")
		})
	}
}

// rawUserVersion reads user_version without opening the file as a history.
func rawUserVersion(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
