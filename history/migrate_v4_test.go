package history

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

// v4Fixture is a history written by the release before exclusions and
// threshold estimates (schema version 4): the demo's first six activities,
// a daily monitoring file's wellness values and a rejected file, ingested
// by that release's easyday binary (built from commit 40a4bfc, never by
// this code), so that the upgrade is tested on what users really have. To
// make it again: build that commit, 'easyday ingest' the demo's files of 1–8
// October 2026, one monitoring file and a file that is no FIT, and copy the
// history (checkpointed: no -wal beside it).
const v4Fixture = "testdata/v4.db"

// TestUpgradeV4KeepsEverything upgrades the previous release's history:
// every row of every table it had comes through unchanged (the new columns
// aside), the new columns say "not known yet" (no estimates, no thresholds
// key, so no stale-thresholds note about old activities), and the new
// exclusions work on the old activities.
func TestUpgradeV4KeepsEverything(t *testing.T) {
	b, err := os.ReadFile(v4Fixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "history.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	before := dumpAll(t, path)
	if got := before["user_version"][0][1]; got != int64(4) {
		t.Fatalf("fixture %s is schema version %v, want 4", v4Fixture, got)
	}
	for table, min := range map[string]int{"files": 8, "activities": 6, "streams": 6, "wellness": 1} {
		if len(before[table]) < min {
			t.Fatalf("fixture %s has %d %s rows, want at least %d", v4Fixture, len(before[table]), table, min)
		}
	}
	ctx := context.Background()
	s, err := Open(ctx, path, Options{Notice: func(string) {}})
	if err != nil {
		t.Fatalf("Open(v4 history) error %v", err)
	}
	defer s.Close()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pragma(t, s, "user_version"), fmt.Sprint(len(ms)); got != want {
		t.Errorf("user_version after upgrade = %s, want %s", got, want)
	}
	after := dumpAll(t, path)
	// Compare the columns the old rows had; a new column must be NULL.
	for table, rows := range before {
		if table == "schema" || table == "user_version" {
			continue // the upgrade's own work
		}
		if len(after[table]) != len(rows) {
			t.Errorf("%s: %d rows after the upgrade, want %d", table, len(after[table]), len(rows))
			continue
		}
		for i, old := range rows {
			got := map[any]any{}
			for j := 0; j < len(after[table][i]); j += 2 {
				got[after[table][i][j]] = after[table][i][j+1]
			}
			for j := 0; j < len(old); j += 2 {
				if diff := cmp.Diff(old[j+1], got[old[j]]); diff != "" {
					t.Errorf("%s row %d column %v changed by the upgrade:\n%s", table, i, old[j], diff)
				}
				delete(got, old[j])
			}
			for col, v := range got {
				if v != nil {
					t.Errorf("%s row %d: new column %v = %v, want NULL (not known for an old row)", table, i, col, v)
				}
			}
		}
	}
	if n := len(after["exclusions"]); n != 0 {
		t.Errorf("exclusions after the upgrade = %d rows, want none", n)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Errorf("IntegrityCheck(upgraded) = %v", err)
	}

	all := easyday.Date(math.MinInt32)
	acts, err := s.ActivitiesOn(ctx, all, easyday.Date(math.MaxInt32), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != len(before["activities"]) {
		t.Fatalf("ActivitiesOn(upgraded) = %d activities, want %d", len(acts), len(before["activities"]))
	}
	for _, a := range acts {
		if a.Estimates != (easyday.Estimates{}) || len(a.Segments) == 0 || a.MetricsVersion != 2 {
			t.Errorf("activity %d: estimates %+v, %d segments, metrics version %d; want none, its stream, 2",
				a.ID, a.Estimates, len(a.Segments), a.MetricsVersion)
		}
	}
	if n, _, err := s.StaleScores(ctx, func(easyday.Date) string { return "any set" }); err != nil || n != 0 {
		t.Errorf("StaleScores(upgraded) = %d, %v; want 0: which set scored an old activity is not known", n, err)
	}
	// An old activity can be taken out and put back.
	if _, err := s.Exclude(ctx, acts[0].ID, "watch left running", time.Now()); err != nil {
		t.Fatalf("Exclude(old activity) error %v", err)
	}
	counted, err := s.ActivitiesOn(ctx, all, easyday.Date(math.MaxInt32), false)
	if err != nil || len(counted) != len(acts)-1 {
		t.Errorf("ActivitiesOn after Exclude = %d, %v; want %d", len(counted), err, len(acts)-1)
	}
	if _, was, err := s.Include(ctx, acts[0].ID); err != nil || !was {
		t.Errorf("Include(old activity) = %v, %v; want it was excluded", was, err)
	}
}
