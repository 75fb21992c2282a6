package history

import (
	"context"
	"strings"
	"testing"
	"time"

	"easyday"
)

// ledgerRow returns the ledger row of path from Files.
func ledgerRow(t *testing.T, s *Store, path string) FileRecord {
	t.Helper()
	files, err := s.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == path {
			return f
		}
	}
	t.Fatalf("no ledger row for %s", path)
	return FileRecord{}
}

// The richer copy wins whichever arrives first, and keeps the stored id.
func TestRicherCopyWins(t *testing.T) {
	withHR := activity(easyday.Running, t0, 3600)
	withHR.Format = "tcx"
	noHR := withHR
	noHR.HRS, noHR.AvgHR, noHR.MaxHR, noHR.Load = 0, nil, nil, 0
	for _, order := range []string{"poorer first", "richer first"} {
		t.Run(order, func(t *testing.T) {
			s, _ := openTemp(t)
			first, second := []easyday.Activity{noHR}, []easyday.Activity{withHR}
			firstPath, secondPath := "no_hr.tcx", "test.tcx"
			if order == "richer first" {
				first, second = second, first
				firstPath, secondPath = secondPath, firstPath
			}
			rec1, err := s.Commit(context.Background(), FileRecord{Path: firstPath, SHA256: "111", Status: easyday.StatusIngested}, first)
			if err != nil {
				t.Fatal(err)
			}
			rec2, err := s.Commit(context.Background(), FileRecord{Path: secondPath, SHA256: "222", Status: easyday.StatusIngested}, second)
			if err != nil {
				t.Fatal(err)
			}
			acts, err := s.Activities(context.Background(), time.Time{}, time.Time{}, true)
			if err != nil {
				t.Fatal(err)
			}
			if len(acts) != 1 || acts[0].HRS != withHR.HRS || acts[0].ID != rec1.Activities[0] {
				t.Fatalf("activities = %+v, want the heart-rate copy alone with id %d", acts, rec1.Activities[0])
			}
			if order == "poorer first" {
				if rec2.Status != easyday.StatusIngested || second[0].ID != rec1.Activities[0] || !strings.Contains(rec2.Reason, "richer copy") {
					t.Errorf("Commit(richer) = %+v (id %d), want ingested, replacing id %d", rec2, second[0].ID, rec1.Activities[0])
				}
				old := ledgerRow(t, s, firstPath)
				if old.Status != easyday.StatusDuplicate || old.Reason != "superseded by "+secondPath || old.SupersededBy != secondPath {
					t.Errorf("ledger %s = %+v, want duplicate superseded by %s", firstPath, old, secondPath)
				}
				if got := acts[0].Source; got != secondPath {
					t.Errorf("Source = %q, want %q", got, secondPath)
				}
			} else {
				if rec2.Status != easyday.StatusDuplicate || !strings.Contains(rec2.Reason, "same activity as "+firstPath) {
					t.Errorf("Commit(poorer) = %+v, want a plain duplicate", rec2)
				}
				if old := ledgerRow(t, s, firstPath); old.Status != easyday.StatusIngested || old.SupersededBy != "" {
					t.Errorf("ledger %s = %+v, want ingested, not superseded", firstPath, old)
				}
			}
			if n := count(t, s, "streams"); n != 1 {
				t.Errorf("streams = %d, want 1", n)
			}
			if err := s.IntegrityCheck(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
}

// Content that grew replaces the activities of its earlier content in
// order, keeping their ids, even when they no longer match by the
// same-activity rule; an activity the whole file does not have goes.
func TestGrownFileReplacesItsActivities(t *testing.T) {
	s, _ := openTemp(t)
	partial := []easyday.Activity{activity(easyday.Running, t0, 1800), activity(easyday.Generic, t0.Add(time.Hour), 300)}
	rec1, err := s.Commit(context.Background(), FileRecord{Path: "in/a.fit", SHA256: "short", Size: 100, Status: easyday.StatusIngested}, partial)
	if err != nil {
		t.Fatal(err)
	}
	whole := []easyday.Activity{activity(easyday.Running, t0, 3600)}
	rec2, err := s.Commit(context.Background(), FileRecord{Path: "in/a.fit", SHA256: "long", Size: 200, Status: easyday.StatusIngested, Grows: "short"}, whole)
	if err != nil {
		t.Fatal(err)
	}
	if rec2.Status != easyday.StatusIngested || len(rec2.Activities) != 1 || rec2.Activities[0] != rec1.Activities[0] || whole[0].ID != rec1.Activities[0] {
		t.Errorf("Commit(grown) = %+v, want ingested keeping id %d", rec2, rec1.Activities[0])
	}
	acts, err := s.Activities(context.Background(), time.Time{}, time.Time{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 1 || acts[0].TimerS != 3600 {
		t.Errorf("activities = %+v, want the whole run alone", acts)
	}
	if old := ledgerRow(t, s, "in/a.fit"); old.SHA256 != "short" || old.Status != easyday.StatusDuplicate || !strings.Contains(old.Reason, "the file grew") {
		t.Errorf("earlier row = %+v, want a duplicate superseded because the file grew", old)
	}
	if n := count(t, s, "streams"); n != 1 {
		t.Errorf("streams = %d, want 1", n)
	}
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}
