package history

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

var t0 = time.Date(2024, 4, 14, 8, 0, 0, 0, time.UTC)

func TestCommitIngested(t *testing.T) {
	s, _ := openTemp(t)
	seen := time.Date(2024, 4, 14, 12, 0, 0, 123_456_789, time.FixedZone("", -4*3600))
	acts := []easyday.Activity{activity(easyday.Running, t0, 3600), activity(easyday.Cycling, t0.Add(2*time.Hour), 5400)}
	acts[0].ID = 77 // ignored on input
	rec, err := s.Commit(ctx, FileRecord{Path: "in/a.fit", SHA256: "aaa", Size: 1234, Status: easyday.StatusIngested, SeenUTC: seen}, acts)
	if err != nil {
		t.Fatalf("Commit(a.fit) error %v", err)
	}
	want := FileRecord{Path: "in/a.fit", SHA256: "aaa", Size: 1234, Status: easyday.StatusIngested, Activities: []int64{acts[0].ID, acts[1].ID},
		SeenUTC: time.UnixMilli(seen.UnixMilli()).UTC()}
	if diff := cmp.Diff(want, rec); diff != "" {
		t.Errorf("Commit(a.fit) mismatch (-want +got):\n%s", diff)
	}
	if acts[0].ID == 0 || acts[1].ID == 0 || acts[0].ID == acts[1].ID || acts[0].ID == 77 {
		t.Errorf("Commit(a.fit) set ids %d, %d, want two new distinct ids", acts[0].ID, acts[1].ID)
	}
	got, ok, err := s.Lookup(ctx, "in/a.fit", "aaa")
	if err != nil || !ok {
		t.Fatalf("Lookup(a.fit) = %v, %v", ok, err)
	}
	if diff := cmp.Diff(rec, got); diff != "" {
		t.Errorf("Lookup(a.fit) mismatch (-commit +lookup):\n%s", diff)
	}
	if _, ok, _ := s.Lookup(ctx, "in/a.fit", "other"); ok {
		t.Errorf("Lookup(a.fit, other content) = true, want false")
	}
	if n := count(t, s, "streams"); n != 2 {
		t.Errorf("streams rows = %d, want 2", n)
	}
}

// Each row commits a first file, then a second one, and checks the second's row.
func TestCommitOutcomes(t *testing.T) {
	run := easyday.Running
	first := []easyday.Activity{activity(run, t0, 3600)}
	tests := []struct {
		name       string
		second     FileRecord
		acts       []easyday.Activity
		status     easyday.FileStatus
		reason     string // substring
		sameActs   bool   // Activities equal the first file's
		newActs    int    // activities inserted by the second file
		storedActs int    // activities stored in all
	}{
		{name: "same content at a new path", second: FileRecord{Path: "copy/a.fit", SHA256: "aaa", Status: easyday.StatusIngested},
			acts: first, status: easyday.StatusDuplicate, reason: "same content as in/a.fit", sameActs: true, storedActs: 1},
		{name: "same content, no activities passed", second: FileRecord{Path: "copy/a.fit", SHA256: "aaa", Status: easyday.StatusIngested},
			status: easyday.StatusDuplicate, reason: "same content as in/a.fit", sameActs: true, storedActs: 1},
		{name: "same activity in a TCX export", second: FileRecord{Path: "in/a.tcx", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{sameInfo(activity(run, t0.Add(59*time.Second), 3600*1.05))}, status: easyday.StatusDuplicate, reason: "same activity as in/a.fit", sameActs: true, storedActs: 1},
		{name: "starts 59 s earlier, timer 5% shorter", second: FileRecord{Path: "b.fit", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{activity(run, t0.Add(-59*time.Second), 3600*0.95)}, status: easyday.StatusDuplicate, reason: "same activity as in/a.fit", sameActs: true, storedActs: 1},
		{name: "starts 61 s later", second: FileRecord{Path: "b.fit", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{activity(run, t0.Add(61*time.Second), 3600)}, status: easyday.StatusIngested, newActs: 1, storedActs: 2},
		{name: "starts 60 s later, timer 5% longer", second: FileRecord{Path: "b.fit", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{sameInfo(activity(run, t0.Add(60*time.Second), 3600*1.05))}, status: easyday.StatusDuplicate, reason: "same activity as in/a.fit", sameActs: true, storedActs: 1},
		{name: "starts 60.001 s later", second: FileRecord{Path: "b.fit", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{activity(run, t0.Add(60001*time.Millisecond), 3600)}, status: easyday.StatusIngested, newActs: 1, storedActs: 2},
		{name: "timer and elapsed time 5.1% longer", second: FileRecord{Path: "b.fit", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{elapsed(activity(run, t0, 3600*1.051), 3720*1.051)}, status: easyday.StatusIngested, newActs: 1, storedActs: 2},
		{name: "timer and elapsed time 5.1% shorter", second: FileRecord{Path: "b.fit", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{elapsed(activity(run, t0, 3600*0.949), 3720*0.949)}, status: easyday.StatusIngested, newActs: 1, storedActs: 2},
		{name: "timer 20% longer, elapsed time the same", second: FileRecord{Path: "a.tcx", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{sameInfo(elapsed(activity(run, t0, 3600*1.2), 3720))}, status: easyday.StatusDuplicate, reason: "same activity as in/a.fit", sameActs: true, storedActs: 1},
		{name: "timer 5.1% longer, elapsed time 5% longer", second: FileRecord{Path: "a.tcx", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{sameInfo(elapsed(activity(run, t0, 3600*1.051), 3720*1.05))}, status: easyday.StatusDuplicate, reason: "same activity as in/a.fit", sameActs: true, storedActs: 1},
		{name: "timer 5.1% longer, no elapsed time", second: FileRecord{Path: "b.fit", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{elapsed(activity(run, t0, 3600*1.051), 0)}, status: easyday.StatusIngested, newActs: 1, storedActs: 2},
		{name: "other sport", second: FileRecord{Path: "b.fit", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{activity(easyday.Cycling, t0, 3600)}, status: easyday.StatusIngested, newActs: 1, storedActs: 2},
		{name: "unspecific sport", second: FileRecord{Path: "a.tcx", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{sameInfo(activity(easyday.Generic, t0, 3600))}, status: easyday.StatusDuplicate, reason: "same activity as in/a.fit", sameActs: true, storedActs: 1},
		{name: "unspecific sport, timer and elapsed time 10% longer", second: FileRecord{Path: "b.tcx", SHA256: "bbb", Status: easyday.StatusIngested},
			acts: []easyday.Activity{elapsed(activity(easyday.Generic, t0, 3600*1.1), 3720*1.1)}, status: easyday.StatusIngested, newActs: 1, storedActs: 2},
		{name: "partial duplicate", second: FileRecord{Path: "multi.fit", SHA256: "ccc", Status: easyday.StatusIngested},
			acts:   []easyday.Activity{activity(easyday.Cycling, t0.Add(-2*time.Hour), 3000), activity(run, t0.Add(10*time.Second), 3590)},
			status: easyday.StatusIngested, reason: "1 of 2 activities already stored: activity 2 is already stored", newActs: 1, storedActs: 2},
		{name: "rejected", second: FileRecord{Path: "bad.fit", SHA256: "ddd", Status: easyday.StatusRejected, Reason: "not a FIT file: bad header"},
			acts: []easyday.Activity{activity(run, t0.Add(24*time.Hour), 100)}, status: easyday.StatusRejected, reason: "not a FIT file: bad header", storedActs: 1},
		{name: "skipped", second: FileRecord{Path: "settings.fit", SHA256: "eee", Status: easyday.StatusSkipped, Reason: "not an activity: settings file"},
			status: easyday.StatusSkipped, reason: "not an activity: settings file", storedActs: 1},
		{name: "rejected with the same content as an ingested file", second: FileRecord{Path: "bad/a.fit", SHA256: "aaa", Status: easyday.StatusRejected, Reason: "unreadable"},
			status: easyday.StatusRejected, reason: "unreadable", storedActs: 1},
		{name: "ingested with no activities", second: FileRecord{Path: "empty.fit", SHA256: "fff", Status: easyday.StatusIngested},
			status: easyday.StatusIngested, storedActs: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTemp(t)
			firstActs := append([]easyday.Activity(nil), first...)
			rec1, err := s.Commit(ctx, FileRecord{Path: "in/a.fit", SHA256: "aaa", Status: easyday.StatusIngested}, firstActs)
			if err != nil {
				t.Fatal(err)
			}
			acts := append([]easyday.Activity(nil), tt.acts...)
			rec, err := s.Commit(ctx, tt.second, acts)
			if err != nil {
				t.Fatalf("Commit(%s) error %v", tt.second.Path, err)
			}
			if rec.Status != tt.status || !strings.Contains(rec.Reason, tt.reason) {
				t.Errorf("Commit(%s) = status %q reason %q, want %q with %q", tt.second.Path, rec.Status, rec.Reason, tt.status, tt.reason)
			}
			if rec.Activities == nil {
				t.Errorf("Commit(%s).Activities = nil, want non-nil", tt.second.Path)
			}
			if tt.sameActs && !cmp.Equal(rec.Activities, rec1.Activities) {
				t.Errorf("Commit(%s).Activities = %v, want the first file's %v", tt.second.Path, rec.Activities, rec1.Activities)
			}
			if !tt.sameActs && len(rec.Activities) != tt.newActs {
				t.Errorf("Commit(%s).Activities = %v, want %d new", tt.second.Path, rec.Activities, tt.newActs)
			}
			var inserted []int64
			for _, a := range acts {
				if a.ID != 0 {
					inserted = append(inserted, a.ID)
				}
			}
			if len(inserted) != tt.newActs || (tt.newActs > 0 && !cmp.Equal(inserted, rec.Activities)) {
				t.Errorf("Commit(%s) set activity ids %v, want %d matching %v", tt.second.Path, inserted, tt.newActs, rec.Activities)
			}
			if n := count(t, s, "activities"); n != tt.storedActs {
				t.Errorf("after Commit(%s): %d activities stored, want %d", tt.second.Path, n, tt.storedActs)
			}
			if n := count(t, s, "streams"); n != tt.storedActs {
				t.Errorf("after Commit(%s): %d streams stored, want %d", tt.second.Path, n, tt.storedActs)
			}
			if n := count(t, s, "files"); n != 2 {
				t.Errorf("after Commit(%s): %d ledger rows, want 2", tt.second.Path, n)
			}
			got, ok, err := s.Lookup(ctx, tt.second.Path, tt.second.SHA256)
			if err != nil || !ok {
				t.Fatalf("Lookup(%s) = %v, %v", tt.second.Path, ok, err)
			}
			if diff := cmp.Diff(rec, got); diff != "" {
				t.Errorf("Lookup(%s) differs from Commit's row (-commit +lookup):\n%s", tt.second.Path, diff)
			}
			if err := s.IntegrityCheck(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
}

// A duplicate of a duplicate names the ingested file and its activities.
func TestCommitDuplicateChain(t *testing.T) {
	s, _ := openTemp(t)
	rec1, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "aaa", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Running, t0, 3600)})
	if err != nil {
		t.Fatal(err)
	}
	rec2, err := s.Commit(ctx, FileRecord{Path: "a.tcx", SHA256: "bbb", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Running, t0, 3600)})
	if err != nil {
		t.Fatal(err)
	}
	rec3, err := s.Commit(ctx, FileRecord{Path: "copy/a.tcx", SHA256: "bbb", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Running, t0, 3600)})
	if err != nil {
		t.Fatal(err)
	}
	if rec2.Status != easyday.StatusDuplicate || rec3.Status != easyday.StatusDuplicate {
		t.Fatalf("statuses %s, %s, want duplicate, duplicate", rec2.Status, rec3.Status)
	}
	if rec3.Reason != "same content as a.tcx" || !cmp.Equal(rec3.Activities, rec1.Activities) {
		t.Errorf("Commit(copy/a.tcx) = %q %v, want %q %v", rec3.Reason, rec3.Activities, "same content as a.tcx", rec1.Activities)
	}
}

// Two activities of one file that are the same activity store one.
func TestCommitDuplicateWithinFile(t *testing.T) {
	s, _ := openTemp(t)
	acts := []easyday.Activity{activity(easyday.Running, t0, 3600), activity(easyday.Running, t0.Add(5*time.Second), 3600)}
	rec, err := s.Commit(ctx, FileRecord{Path: "twice.fit", SHA256: "t", Status: easyday.StatusIngested}, acts)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != easyday.StatusIngested || len(rec.Activities) != 1 || acts[1].ID != 0 || !strings.Contains(rec.Reason, "twice.fit") {
		t.Errorf("Commit(twice.fit) = %+v, ids %d %d, want one activity and the second named in the reason", rec, acts[0].ID, acts[1].ID)
	}
}

func TestCommitSameFileTwice(t *testing.T) {
	s, _ := openTemp(t)
	f := FileRecord{Path: "a.fit", SHA256: "aaa", Size: 5, Status: easyday.StatusIngested}
	rec1, err := s.Commit(ctx, f, []easyday.Activity{activity(easyday.Running, t0, 3600)})
	if err != nil {
		t.Fatal(err)
	}
	// Even with other activities and a later time, the first row stands.
	f.SeenUTC = time.Now().Add(time.Hour)
	acts := []easyday.Activity{activity(easyday.Cycling, t0.Add(48*time.Hour), 100)}
	acts[0].ID = 55 // reset: nothing was inserted
	rec2, err := s.Commit(ctx, f, acts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rec1, rec2); diff != "" {
		t.Errorf("Commit(same file again) mismatch (-first +second):\n%s", diff)
	}
	if acts[0].ID != 0 {
		t.Errorf("Commit(same file again) set activity id %d, want 0", acts[0].ID)
	}
	if n := count(t, s, "files"); n != 1 {
		t.Errorf("ledger rows = %d, want 1", n)
	}
	if n := count(t, s, "activities"); n != 1 {
		t.Errorf("activities = %d, want 1", n)
	}
}

func TestCommitRejectsStatus(t *testing.T) {
	s, _ := openTemp(t)
	for _, status := range []easyday.FileStatus{"", easyday.StatusDuplicate, "INGESTED"} {
		if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "a", Status: status}, nil); err == nil {
			t.Errorf("Commit(status %q) = nil error, want error", status)
		}
	}
	if n := count(t, s, "files"); n != 0 {
		t.Errorf("ledger rows = %d, want 0", n)
	}
}

// A failure part-way through Commit leaves nothing written.
func TestCommitFailureWritesNothing(t *testing.T) {
	good := activity(easyday.Running, t0.Add(24*time.Hour), 3600)
	badSource := activity(easyday.Cycling, t0.Add(26*time.Hour), 3600)
	badSource.LoadSource = "guess" // refused by the schema's CHECK
	nanTimer := activity(easyday.Cycling, t0.Add(26*time.Hour), 3600)
	nanTimer.ElapsedS = math.NaN() // SQLite stores NaN as NULL: NOT NULL fails
	badStream := activity(easyday.Cycling, t0.Add(26*time.Hour), 3600)
	badStream.Segments = append(badStream.Segments, easyday.Segment{Dur: -1})

	tests := []struct {
		name string
		acts []easyday.Activity
	}{
		{"check constraint on the second activity", []easyday.Activity{good, badSource}},
		{"NaN in a NOT NULL column", []easyday.Activity{good, nanTimer}},
		{"negative segment duration", []easyday.Activity{good, badStream}},
	}
	tables := []string{"files", "activities", "streams", "file_activities"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTemp(t)
			if _, err := s.Commit(ctx, FileRecord{Path: "first.fit", SHA256: "1", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Running, t0, 3600)}); err != nil {
				t.Fatal(err)
			}
			before := map[string]int{}
			for _, tb := range tables {
				before[tb] = count(t, s, tb)
			}
			acts := append([]easyday.Activity(nil), tt.acts...)
			rec, err := s.Commit(ctx, FileRecord{Path: "bad.fit", SHA256: "2", Status: easyday.StatusIngested}, acts)
			if err == nil {
				t.Fatalf("Commit(%s) = %+v, want error", tt.name, rec)
			}
			if !strings.Contains(err.Error(), "bad.fit") {
				t.Errorf("Commit(%s) error %q, want it to name bad.fit", tt.name, err)
			}
			// The file's own values failed, not the history: the caller
			// records it as rejected and goes on.
			var refused *RefusedError
			if !errors.As(err, &refused) || refused.Reason == "" {
				t.Errorf("Commit(%s) error %v, want a *RefusedError with a reason", tt.name, err)
			}
			for _, tb := range tables {
				if n := count(t, s, tb); n != before[tb] {
					t.Errorf("after failed Commit(%s): %s has %d rows, want %d", tt.name, tb, n, before[tb])
				}
			}
			for i, a := range acts {
				if a.ID != 0 {
					t.Errorf("after failed Commit(%s): activity %d has id %d, want 0", tt.name, i, a.ID)
				}
			}
			if _, ok, _ := s.Lookup(ctx, "bad.fit", "2"); ok {
				t.Errorf("Lookup(bad.fit) after failed Commit = true, want false")
			}
		})
	}
}

func TestFiles(t *testing.T) {
	s, _ := openTemp(t)
	at := func(h int) time.Time { return time.Date(2024, 1, 1, h, 0, 0, 0, time.UTC) }
	commits := []FileRecord{
		{Path: "z.fit", SHA256: "z", Status: easyday.StatusIngested, SeenUTC: at(1)},
		{Path: "b.fit", SHA256: "b", Status: easyday.StatusSkipped, Reason: "not an activity: settings file", SeenUTC: at(2)},
		{Path: "a.fit", SHA256: "a", Status: easyday.StatusRejected, Reason: "truncated", SeenUTC: at(2)},
		{Path: "arch.zip!/y.fit", SHA256: "z", Status: easyday.StatusIngested, SeenUTC: at(0)},
	}
	for i, f := range commits {
		var acts []easyday.Activity
		if i == 0 {
			acts = []easyday.Activity{activity(easyday.Running, t0, 3600)}
		}
		if _, err := s.Commit(ctx, f, acts); err != nil {
			t.Fatal(err)
		}
	}
	files, err := s.Files(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, f := range files {
		order = append(order, f.Path)
		if f.Activities == nil {
			t.Errorf("Files(): %s has nil Activities", f.Path)
		}
	}
	if want := []string{"arch.zip!/y.fit", "z.fit", "a.fit", "b.fit"}; !cmp.Equal(order, want) {
		t.Errorf("Files() order = %v, want %v", order, want)
	}
	// The archive member came later but was seen (by its own clock) earlier:
	// it is the duplicate, as committed.
	if files[0].Status != easyday.StatusDuplicate || len(files[0].Activities) != 1 || files[0].Activities[0] != files[1].Activities[0] {
		t.Errorf("Files()[0] = %+v, want a duplicate of z.fit's activity", files[0])
	}
	b, err := json.Marshal(files[2])
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"path":"a.fit","sha256":"a","size":0,"status":"rejected","reason":"truncated","activities":[]}`; string(b) != want {
		t.Errorf("json.Marshal(Files()[2]) = %s, want %s", b, want)
	}
}

// Two goroutines on two stores commit the same file at once: one row, one activity.
func TestCommitRaceSameFile(t *testing.T) {
	for round := 0; round < 20; round++ {
		s1, path := openTemp(t)
		s2, err := Open(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		recs := make([]FileRecord, 2)
		errs := make([]error, 2)
		for i, s := range []*Store{s1, s2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				recs[i], errs[i] = s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "aaa", Status: easyday.StatusIngested},
					[]easyday.Activity{activity(easyday.Running, t0, 3600)})
			}()
		}
		wg.Wait()
		s2.Close()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: Commit on store %d error %v", round, i+1, err)
			}
		}
		if diff := cmp.Diff(recs[0], recs[1]); diff != "" {
			t.Errorf("round %d: racing Commits returned different rows (-1 +2):\n%s", round, diff)
		}
		if n, a := count(t, s1, "files"), count(t, s1, "activities"); n != 1 || a != 1 {
			t.Errorf("round %d: %d ledger rows and %d activities, want 1 and 1", round, n, a)
		}
	}
}

// Two stores on one file (as two processes would be) commit 400 files from
// 8 goroutines each; every file is committed by both stores, and the second
// half of the files carry the same activities as the first half under other
// content. Nothing is lost, nothing is doubled.
func TestConcurrentStores(t *testing.T) {
	const workers, perWorker = 8, 50
	const files = workers * perWorker
	const half = files / 2
	path := t.TempDir() + "/shared/history.db"

	// Both stores open the new database at once.
	stores := make([]*Store, 2)
	var wg sync.WaitGroup
	openErrs := make([]error, 2)
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], openErrs[i] = Open(context.Background(), path, Options{})
		}()
	}
	wg.Wait()
	for i, err := range openErrs {
		if err != nil {
			t.Fatalf("Open(store %d) error %v", i+1, err)
		}
		defer stores[i].Close()
	}

	fileFor := func(n int) (FileRecord, []easyday.Activity) {
		act := activity(easyday.Running, t0.Add(time.Duration(n%half)*24*time.Hour), 3600)
		return FileRecord{Path: fmt.Sprintf("inbox/%03d.fit", n), SHA256: fmt.Sprintf("sha-%03d", n), Size: int64(n), Status: easyday.StatusIngested},
			[]easyday.Activity{act}
	}
	errs := make(chan error, 2*workers)
	for si, s := range stores {
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := 0; k < perWorker; k++ {
					// The second store walks each batch backwards, so both
					// stores meet in the middle on the same files.
					i := k
					if si == 1 {
						i = perWorker - 1 - k
					}
					f, acts := fileFor(w*perWorker + i)
					if _, err := s.Commit(ctx, f, acts); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent Commit error %v", err)
	}

	s := stores[0]
	recs, err := s.Files(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != files {
		t.Fatalf("Files() = %d rows, want %d (one per path)", len(recs), files)
	}
	byPath := map[string]FileRecord{}
	for _, r := range recs {
		byPath[r.Path] = r
	}
	ingested := 0
	for n := 0; n < half; n++ {
		a, b := byPath[fmt.Sprintf("inbox/%03d.fit", n)], byPath[fmt.Sprintf("inbox/%03d.fit", n+half)]
		if len(a.Activities) != 1 || !cmp.Equal(a.Activities, b.Activities) {
			t.Errorf("files %d and %d: activities %v and %v, want the same single activity", n, n+half, a.Activities, b.Activities)
		}
		st := []easyday.FileStatus{a.Status, b.Status}
		if !cmp.Equal(st, []easyday.FileStatus{easyday.StatusIngested, easyday.StatusDuplicate}) && !cmp.Equal(st, []easyday.FileStatus{easyday.StatusDuplicate, easyday.StatusIngested}) {
			t.Errorf("files %d and %d: statuses %v, want one ingested and one duplicate", n, n+half, st)
		}
		for _, r := range []FileRecord{a, b} {
			if r.Status == easyday.StatusIngested {
				ingested++
			}
		}
	}
	if ingested != half {
		t.Errorf("%d ingested files, want %d", ingested, half)
	}
	if n := count(t, s, "activities"); n != half {
		t.Errorf("%d activities stored, want %d", n, half)
	}
	var dupStarts int
	if err := s.db.QueryRow(`SELECT count(*) FROM (SELECT start_ms FROM activities GROUP BY sport, start_ms HAVING count(*) > 1)`).Scan(&dupStarts); err != nil {
		t.Fatal(err)
	}
	if dupStarts != 0 {
		t.Errorf("%d activities stored twice", dupStarts)
	}
	for i, st := range stores {
		if err := st.IntegrityCheck(context.Background()); err != nil {
			t.Errorf("store %d: IntegrityCheck() = %v", i+1, err)
		}
	}
}

// elapsed sets a copy's elapsed time.
func elapsed(a easyday.Activity, s float64) easyday.Activity {
	a.ElapsedS = s
	return a
}

// sameInfo gives a second copy of the test activity the heart-rate seconds
// of the first (3600 s timer), so that it is no richer.
func sameInfo(a easyday.Activity) easyday.Activity {
	a.HRS = 3600 - 60
	return a
}

// A batch's Commit takes a context: once it has ended, nothing is stored
// and the context's error says why.
func TestBatchCommitContext(t *testing.T) {
	s, _ := openTemp(t)
	ctx, cancel := context.WithCancel(context.Background())
	b, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Rollback()
	p, err := Prepare(FileRecord{Path: "a.fit", SHA256: "a", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Running, t0, 3600)})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := b.Commit(ctx, p, time.Time{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Batch.Commit(ended context) = %v, want context.Canceled", err)
	}
	b.Rollback()
	if n := count(t, s, "files"); n != 0 {
		t.Errorf("%d ledger rows after a commit with an ended context, want 0", n)
	}
}

// TestCommitAfterSegmentsGivenBack checks the contract a bulk import relies
// on: once Prepare has returned, the activities' segments may be dropped
// (their arrays reused) and Batch.Commit still stores every one of them.
func TestCommitAfterSegmentsGivenBack(t *testing.T) {
	s, _ := openTemp(t)
	start := time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC)
	a := activity(easyday.Running, start, 3600)
	want := slices.Clone(a.Segments)
	acts := []easyday.Activity{a}
	p, err := Prepare(FileRecord{Path: "/inbox/a.fit", SHA256: "aa", Size: 10, Status: easyday.StatusIngested}, acts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range acts {
		clear(acts[i].Segments) // as a reused array would be overwritten
		acts[i].Segments = nil
	}
	b, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Commit(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := b.End(); err != nil {
		t.Fatal(err)
	}
	got, err := s.Activities(ctx, start.Add(-time.Hour), start.Add(time.Hour), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !slices.Equal(got[0].Segments, want) {
		t.Fatalf("stored %d activities, segments %v; want the %d segments Prepare saw", len(got), got, len(want))
	}
}
