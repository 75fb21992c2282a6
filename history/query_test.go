package history

import (
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

// LastIngested is the ingested row of the path seen last (then the highest
// id), with its activities, as the ledger's own ORDER BY gives it, whatever
// else the path has: rejected rows, other content, rows of other paths.
func TestLastIngested(t *testing.T) {
	s, _ := openTemp(t)
	commit := func(path, sha string, status easyday.FileStatus, seen time.Time, acts ...easyday.Activity) {
		t.Helper()
		f := FileRecord{Path: path, SHA256: sha, Size: int64(len(sha)), Status: status, SeenUTC: seen}
		if status != easyday.StatusIngested {
			f.Reason = "no"
		}
		if _, err := s.Commit(ctx, f, acts); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, err := s.LastIngested(ctx, "a.fit"); err != nil || ok {
		t.Fatalf("LastIngested(a.fit) on an empty ledger = %v, %v; want none", ok, err)
	}
	commit("a.fit", "1", easyday.StatusIngested, t0, activity(easyday.Running, t0, 3600))
	commit("a.fit", "2", easyday.StatusIngested, t0.Add(time.Hour), activity(easyday.Running, t0.Add(24*time.Hour), 3600), activity(easyday.Cycling, t0.Add(26*time.Hour), 1800))
	commit("a.fit", "3", easyday.StatusRejected, t0.Add(2*time.Hour))
	commit("a.fit", "4", easyday.StatusIngested, t0.Add(time.Hour)) // seen at the same time, a later row, no activities
	commit("b.fit", "5", easyday.StatusIngested, t0.Add(3*time.Hour), activity(easyday.Running, t0.Add(48*time.Hour), 3600))
	commit("c.fit", "6", easyday.StatusRejected, t0)
	for _, path := range []string{"a.fit", "b.fit", "c.fit", "d.fit"} {
		var sha string
		err := s.db.QueryRow(`SELECT sha256 FROM files WHERE path = ? AND status = 'ingested' ORDER BY seen_ms DESC, id DESC LIMIT 1`, path).Scan(&sha)
		var want FileRecord
		wantOK := !errors.Is(err, sql.ErrNoRows)
		if err != nil && wantOK {
			t.Fatal(err)
		}
		if wantOK {
			if want, _, _, err = lookup(s.db, path, sha); err != nil {
				t.Fatal(err)
			}
		}
		got, ok, err := s.LastIngested(ctx, path)
		if err != nil || ok != wantOK {
			t.Fatalf("LastIngested(%s) = %v, %v; want %v", path, ok, err, wantOK)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("LastIngested(%s) differs from the ledger's last ingested row (-want +got):\n%s", path, diff)
		}
	}
	if got, _, _ := s.LastIngested(ctx, "a.fit"); got.SHA256 != "4" {
		t.Errorf("LastIngested(a.fit) = content %q, want 4 (seen with 2, a later row)", got.SHA256)
	}
	if got, _, _ := s.LastIngested(ctx, "b.fit"); len(got.Activities) != 1 {
		t.Errorf("LastIngested(b.fit) activities = %v, want one", got.Activities)
	}
}

// The same content under another path: the ingested row first, then the
// first seen, then the lowest id, as the ledger's ORDER BY says.
func TestSameContentPreference(t *testing.T) {
	s, _ := openTemp(t)
	seen := []time.Time{t0.Add(time.Hour), t0, t0, t0.Add(2 * time.Hour)}
	for i, when := range seen {
		// The first ingested copy makes the others duplicates of it.
		f := FileRecord{Path: fmt.Sprintf("%d.fit", i), SHA256: "x", Status: easyday.StatusIngested, SeenUTC: when}
		if _, err := s.Commit(ctx, f, []easyday.Activity{activity(easyday.Running, t0, 3600)}); err != nil {
			t.Fatal(err)
		}
	}
	// A duplicate seen earliest does not win over the ingested row.
	if _, err := s.db.Exec(`UPDATE files SET seen_ms = 0 WHERE path = '3.fit'`); err != nil {
		t.Fatal(err)
	}
	tx, err := s.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, status := range []string{"ingested", "duplicate"} {
		if _, err := tx.Exec(`UPDATE files SET status = ? WHERE path IN ('1.fit', '2.fit')`, status); err != nil {
			t.Fatal(err)
		}
		var wantID int64
		var wantPath string
		if err := tx.QueryRow(`SELECT id, path FROM files WHERE sha256 = 'x' AND status IN ('ingested', 'duplicate')
			ORDER BY status = 'ingested' DESC, seen_ms, id LIMIT 1`).Scan(&wantID, &wantPath); err != nil {
			t.Fatal(err)
		}
		id, path, ok, err := sameContent(tx, "x")
		if err != nil || !ok || id != wantID || path != wantPath {
			t.Errorf("with 1.fit and 2.fit %s: sameContent = %d %s %v %v, want %d %s", status, id, path, ok, err, wantID, wantPath)
		}
	}
}

// findSameActivity takes the stored activity closest in start time, the
// lowest id on a tie, among those of the sport within the window whose
// timer is close enough: the same answer as ordering in SQL.
func TestFindSameActivityClosest(t *testing.T) {
	s, _ := openTemp(t)
	// Stored one by one, each from its own file: starts 40 s before, 20 s
	// after, 20 s before (a tie with the one before, a higher id), 10 s
	// after with a timer too far off, and a ride 1 s after.
	stored := []struct {
		sport easyday.Sport
		off   time.Duration
		timer float64
	}{
		{easyday.Running, -40 * time.Second, 3600},
		{easyday.Running, 20 * time.Second, 3600},
		{easyday.Running, -20 * time.Second, 3600},
		{easyday.Running, 10 * time.Second, 1800},
		{easyday.Cycling, time.Second, 3600},
	}
	for i, st := range stored {
		// Apart by more than the window from each other, then moved in place.
		a := activity(st.sport, t0.Add(time.Duration(i+1)*24*time.Hour), st.timer)
		f := FileRecord{Path: fmt.Sprintf("%d.fit", i), SHA256: fmt.Sprint(i), Status: easyday.StatusIngested}
		rec, err := s.Commit(ctx, f, []easyday.Activity{a})
		if err != nil || len(rec.Activities) != 1 {
			t.Fatalf("Commit(%s) = %+v, %v", f.Path, rec, err)
		}
		if _, err := s.db.Exec(`UPDATE activities SET start_ms = ? WHERE id = ?`, t0.Add(st.off).UnixMilli(), rec.Activities[0]); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := s.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	m, ok, err := findSameActivity(tx, activity(easyday.Running, t0, 3600), nil)
	if err != nil || !ok {
		t.Fatalf("findSameActivity = %v, %v; want a match", ok, err)
	}
	if m.id != 2 || m.path != "1.fit" {
		t.Errorf("findSameActivity = id %d from %s, want id 2 from 1.fit (20 s after, the lower id of two 20 s away)", m.id, m.path)
	}
	if _, ok, _ := findSameActivity(tx, activity(easyday.Running, t0.Add(-3*time.Minute), 3600), nil); ok {
		t.Error("findSameActivity outside the window found a match")
	}
}
