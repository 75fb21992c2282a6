package history

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"easyday"
)

// loadsOf returns DailyLoads' map, failing the test on an error.
func loadsOf(t *testing.T, s *Store) map[easyday.Date]float64 {
	t.Helper()
	loads, _, _, _, err := s.DailyLoads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return loads
}

// An excluded activity stays listed, marked, and counts for nothing; an
// include restores it exactly.
func TestExcludeInclude(t *testing.T) {
	s, _ := openTemp(t)
	run, ride := activity(easyday.Running, t0, 3600), activity(easyday.Cycling, t0.Add(3*time.Hour), 5400)
	ride.Load = 40
	acts := []easyday.Activity{run, ride}
	if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "aaa", Status: easyday.StatusIngested}, acts); err != nil {
		t.Fatal(err)
	}
	day := run.LocalDate
	before := loadsOf(t, s)
	if before[day] != run.Load+ride.Load {
		t.Fatalf("DailyLoads()[%s] = %v, want %v", day, before[day], run.Load+ride.Load)
	}

	got, err := s.Exclude(ctx, acts[0].ID, "watch left running", time.Now())
	if err != nil {
		t.Fatalf("Exclude(%d) error %v", acts[0].ID, err)
	}
	if !got.Excluded || got.ExcludeReason != "watch left running" {
		t.Errorf("Exclude(%d) = excluded %v reason %q, want true, %q", acts[0].ID, got.Excluded, got.ExcludeReason, "watch left running")
	}
	if l := loadsOf(t, s)[day]; l != ride.Load {
		t.Errorf("DailyLoads()[%s] after exclude = %v, want the ride's %v", day, l, ride.Load)
	}
	counted, err := s.ActivitiesOn(ctx, day, day, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(counted) != 1 || counted[0].ID != acts[1].ID {
		t.Errorf("ActivitiesOn after exclude = %d activities, want the ride only", len(counted))
	}
	all, err := s.AllActivitiesOn(ctx, day, day, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || !all[0].Excluded || all[1].Excluded {
		t.Errorf("AllActivitiesOn after exclude = %+v, want both, the run marked excluded", all)
	}
	listed, err := s.Activities(ctx, time.Time{}, time.Time{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != 2 || !listed[0].Excluded {
		t.Errorf("Activities after exclude: %d, first excluded %v; want 2 listed, the run marked", len(listed), listed[0].Excluded)
	}

	// The same file committed again changes nothing.
	if rec, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "aaa", Status: easyday.StatusIngested}, []easyday.Activity{run, ride}); err != nil || rec.Status != easyday.StatusIngested {
		t.Fatalf("Commit(a.fit) again = %v, %v", rec.Status, err)
	}
	if l := loadsOf(t, s)[day]; l != ride.Load {
		t.Errorf("DailyLoads()[%s] after the same file again = %v, want %v", day, l, ride.Load)
	}

	inc, was, err := s.Include(ctx, acts[0].ID)
	if err != nil || !was || inc.Excluded {
		t.Errorf("Include(%d) = excluded %v, was %v, error %v; want false, true, nil", acts[0].ID, inc.Excluded, was, err)
	}
	if after := loadsOf(t, s); after[day] != before[day] {
		t.Errorf("DailyLoads()[%s] after include = %v, want %v as before", day, after[day], before[day])
	}
	if _, was, err := s.Include(ctx, acts[0].ID); err != nil || was {
		t.Errorf("Include(%d) twice = was %v, error %v; want false, nil", acts[0].ID, was, err)
	}
	if _, err := s.Exclude(ctx, 999, "", time.Now()); !errors.Is(err, ErrNoActivity) {
		t.Errorf("Exclude(999) error %v, want ErrNoActivity", err)
	}
	if _, _, err := s.Include(ctx, 999); !errors.Is(err, ErrNoActivity) {
		t.Errorf("Include(999) error %v, want ErrNoActivity", err)
	}
}

// A richer copy that replaces an excluded activity is excluded too.
func TestExclusionFollowsRicherCopy(t *testing.T) {
	s, _ := openTemp(t)
	tcx := activity(easyday.Running, t0, 3600)
	tcx.Format, tcx.HRS = easyday.FormatTCX, 1000
	acts := []easyday.Activity{tcx}
	if _, err := s.Commit(ctx, FileRecord{Path: "a.tcx", SHA256: "aaa", Status: easyday.StatusIngested}, acts); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exclude(ctx, acts[0].ID, "", time.Now()); err != nil {
		t.Fatal(err)
	}
	fit := []easyday.Activity{activity(easyday.Running, t0.Add(2*time.Second), 3600)}
	if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "bbb", Status: easyday.StatusIngested}, fit); err != nil {
		t.Fatal(err)
	}
	got, err := s.Activities(ctx, time.Time{}, time.Time{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].SHA256 != "bbb" || !got[0].Excluded {
		t.Errorf("after the richer copy: %+v, want one activity from bbb, still excluded", got)
	}
	if l := loadsOf(t, s); len(l) != 0 {
		t.Errorf("DailyLoads() = %v, want none", l)
	}
}

// A rebuild carries the exclusions of the old history into the new one,
// where they apply to the same activities read again.
func TestCarryExclusions(t *testing.T) {
	old, oldPath := openTemp(t)
	acts := []easyday.Activity{activity(easyday.Running, t0, 3600)}
	f := FileRecord{Path: "a.fit", SHA256: "aaa", Status: easyday.StatusIngested}
	if _, err := old.Commit(ctx, f, acts); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exclude(ctx, acts[0].ID, "26 hours", time.Now()); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s, _ := openTemp(t)
	n, err := s.CarryExclusions(ctx, oldPath)
	if err != nil || n != 1 {
		t.Fatalf("CarryExclusions(old) = %d, %v; want 1, nil", n, err)
	}
	if _, err := s.Commit(ctx, f, []easyday.Activity{activity(easyday.Running, t0, 3600)}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Activities(ctx, time.Time{}, time.Time{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].Excluded || got[0].ExcludeReason != "26 hours" {
		t.Errorf("after the rebuild: %+v, want the activity excluded with its reason", got)
	}
	if _, err := s.CarryExclusions(ctx, filepath.Join(t.TempDir(), "gone.db")); err == nil {
		t.Errorf("CarryExclusions(missing file) = nil error, want one")
	}
	// An upgraded version 1 history (before exclusions) has none to carry
	// and excludes like a new one.
	v1 := copyV1(t)
	if n, err := s.CarryExclusions(ctx, v1); err != nil || n != 0 {
		t.Errorf("CarryExclusions(v1 history) = %d, %v; want 0, nil", n, err)
	}
	up, err := Open(context.Background(), v1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	before := loadsOf(t, up)
	all, err := up.Activities(ctx, time.Time{}, time.Time{}, false)
	if err != nil || len(all) == 0 {
		t.Fatalf("Activities(upgraded v1) = %d, %v", len(all), err)
	}
	x := all[0]
	if x.ScoredWith != "" {
		t.Errorf("upgraded activity %d ScoredWith = %q, want \"\" (not recorded)", x.ID, x.ScoredWith)
	}
	if _, err := up.Exclude(ctx, x.ID, "", time.Now()); err != nil {
		t.Fatal(err)
	}
	if after := loadsOf(t, up); after[x.LocalDate] != before[x.LocalDate]-x.Load {
		t.Errorf("upgraded v1: day %s load %v after exclude, want %v", x.LocalDate, after[x.LocalDate], before[x.LocalDate]-x.Load)
	}
}
