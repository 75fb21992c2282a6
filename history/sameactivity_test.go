package history

import (
	"testing"
	"time"

	"easyday"
)

// copyAs is the test activity as a copy in format f with sport sp and hrs
// seconds of heart rate.
func copyAs(f easyday.Format, sp easyday.Sport, sub string, hrs float64) easyday.Activity {
	a := activity(sp, t0, 3600)
	a.Format, a.SubSport, a.HRS = f, sub, hrs
	return a
}

// One copy names the sport and the other does not: whichever is richer, the
// stored activity keeps the sport that was named; where the two sports are
// scored by different rules, the specific copy wins outright.
func TestCommitKeepsSpecificSport(t *testing.T) {
	tests := []struct {
		name          string
		first, second easyday.Activity
		secondStatus  easyday.FileStatus
		firstStatus   easyday.FileStatus // the first file's row after the second commit
		from          string             // the file the stored activity comes from
		sport         easyday.Sport
		sub           string
	}{
		{"FIT swim, then its TCX Other", copyAs(easyday.FormatFIT, easyday.Swimming, "lap_swimming", 3000), copyAs(easyday.FormatTCX, easyday.Generic, "", 3000),
			easyday.StatusDuplicate, easyday.StatusIngested, "a.fit", easyday.Swimming, "lap_swimming"},
		{"TCX Other, then the FIT swim", copyAs(easyday.FormatTCX, easyday.Generic, "", 3000), copyAs(easyday.FormatFIT, easyday.Swimming, "lap_swimming", 3000),
			easyday.StatusIngested, easyday.StatusDuplicate, "b.fit", easyday.Swimming, "lap_swimming"},
		{"richer generic FIT, then a poorer TCX that names the sport", copyAs(easyday.FormatFIT, easyday.Generic, "", 3000), copyAs(easyday.FormatTCX, easyday.Swimming, "open_water", 3000),
			easyday.StatusDuplicate, easyday.StatusIngested, "a.fit", easyday.Swimming, "open_water"},
		{"richer generic FIT, then a poorer TCX ride: the ride wins", copyAs(easyday.FormatFIT, easyday.Generic, "", 3500), copyAs(easyday.FormatTCX, easyday.Cycling, "road", 2000),
			easyday.StatusIngested, easyday.StatusDuplicate, "b.fit", easyday.Cycling, "road"},
		{"TCX ride, then a richer generic FIT: the ride stays", copyAs(easyday.FormatTCX, easyday.Cycling, "road", 2000), copyAs(easyday.FormatFIT, easyday.Generic, "", 3500),
			easyday.StatusDuplicate, easyday.StatusIngested, "a.fit", easyday.Cycling, "road"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTemp(t)
			if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "aaa", Status: easyday.StatusIngested}, []easyday.Activity{tt.first}); err != nil {
				t.Fatal(err)
			}
			rec, err := s.Commit(ctx, FileRecord{Path: "b.fit", SHA256: "bbb", Status: easyday.StatusIngested}, []easyday.Activity{tt.second})
			if err != nil {
				t.Fatal(err)
			}
			if rec.Status != tt.secondStatus {
				t.Errorf("second commit: status %s (%s), want %s", rec.Status, rec.Reason, tt.secondStatus)
			}
			first, ok, err := s.Lookup(ctx, "a.fit", "aaa")
			if err != nil || !ok {
				t.Fatalf("Lookup(a.fit) = %v, %v", ok, err)
			}
			if first.Status != tt.firstStatus {
				t.Errorf("first file after the second commit: status %s (%s), want %s", first.Status, first.Reason, tt.firstStatus)
			}
			acts, err := s.Activities(ctx, time.Time{}, time.Time{}, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(acts) != 1 {
				t.Fatalf("%d activities stored, want 1", len(acts))
			}
			if a := acts[0]; a.Sport != tt.sport || a.SubSport != tt.sub || a.Source != tt.from {
				t.Errorf("stored activity: %s/%s from %s, want %s/%s from %s", a.Sport, a.SubSport, a.Source, tt.sport, tt.sub, tt.from)
			}
		})
	}
}
