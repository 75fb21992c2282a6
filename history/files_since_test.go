package history

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

// FilesSince returns the rows seen since the instant and the older rows a
// file seen since then superseded, each as Files returns it but for its
// activities, which it does not read, in its order.
func TestFilesSince(t *testing.T) {
	s, _ := openTemp(t)
	then, now := t0, t0.Add(10*24*time.Hour)
	poor := activity(easyday.Running, t0, 3600)
	poor.Format = "tcx"
	poor.HRS, poor.AvgHR, poor.MaxHR, poor.Load = 0, nil, nil, 0
	rich := activity(easyday.Running, t0, 3600)
	rich.Format = "tcx"
	commits := []struct {
		f    FileRecord
		acts []easyday.Activity
	}{
		{FileRecord{Path: "old/poor.tcx", SHA256: "1", Status: easyday.StatusIngested, SeenUTC: then}, []easyday.Activity{poor}},
		{FileRecord{Path: "old/bad.fit", SHA256: "2", Status: easyday.StatusRejected, Reason: "not a FIT file", SeenUTC: then}, nil},
		{FileRecord{Path: "old/ride.fit", SHA256: "3", Status: easyday.StatusIngested, SeenUTC: then.Add(time.Hour)}, []easyday.Activity{activity(easyday.Cycling, t0.Add(48*time.Hour), 3600)}},
		{FileRecord{Path: "new/rich.tcx", SHA256: "4", Status: easyday.StatusIngested, SeenUTC: now}, []easyday.Activity{rich}},
		{FileRecord{Path: "new/bad.fit", SHA256: "5", Status: easyday.StatusSkipped, Reason: "a course", SeenUTC: now.Add(time.Minute)}, nil},
	}
	for _, c := range commits {
		if _, err := s.Commit(context.Background(), c.f, c.acts); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]FileRecord{}
	for _, f := range all {
		rows[f.Path] = f
	}
	if got := rows["old/poor.tcx"].SupersededBy; got != "new/rich.tcx" {
		t.Fatalf("old/poor.tcx SupersededBy = %q, want new/rich.tcx", got)
	}
	for _, tc := range []struct {
		since time.Time
		want  []string
	}{
		{now.Add(-time.Hour), []string{"old/poor.tcx", "new/rich.tcx", "new/bad.fit"}},
		{now.Add(time.Second), []string{"new/bad.fit"}},
		{now.Add(time.Hour), nil},
		{then, []string{"old/bad.fit", "old/poor.tcx", "old/ride.fit", "new/rich.tcx", "new/bad.fit"}},
	} {
		got, err := s.FilesSince(context.Background(), tc.since)
		if err != nil {
			t.Fatal(err)
		}
		want := []FileRecord{}
		for _, p := range tc.want {
			r := rows[p]
			r.Activities = nil
			want = append(want, r)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("FilesSince(%v) (-want +got):\n%s", tc.since, diff)
		}
	}
}
