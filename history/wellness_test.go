package history

import (
	"context"
	"testing"
	"time"

	"easyday"
)

func wrow(day easyday.Date, m easyday.Metric, minute int, v float64) easyday.WellnessRow {
	return easyday.WellnessRow{Day: day, WellnessValue: easyday.WellnessValue{
		Time: day.Time().Add(time.Duration(minute) * time.Minute), Metric: m, Value: v}}
}

// TestCommitWellness: values are keyed by (day, metric, time), so that a
// re-import or an overlapping file of the same day adds nothing; a file
// that adds nothing is a duplicate, one that adds anything is ingested.
func TestCommitWellness(t *testing.T) {
	s, _ := openTemp(t)
	d := easyday.MakeDate(2024, 6, 1)
	morning := []easyday.WellnessRow{wrow(d, easyday.MetricStress, 600, 20), wrow(d, easyday.MetricStress, 603, 30)}
	day := append(append([]easyday.WellnessRow{}, morning...),
		wrow(d, easyday.MetricStress, 900, 40), wrow(d, easyday.MetricRestingHR, 1439, 48))

	steps := []struct {
		path, sha string
		rows      []easyday.WellnessRow
		status    easyday.FileStatus
		reason    string
		stored    int
	}{
		{"a.fit", "a", morning, easyday.StatusIngested, "daily monitoring file", 2},
		{"a.fit", "a", morning, easyday.StatusIngested, "daily monitoring file", 2},      // the same file again: the same row
		{"b.fit", "b", day, easyday.StatusIngested, "daily monitoring file", 4},          // overlaps, adds two values
		{"c.fit", "c", morning, easyday.StatusDuplicate, ReasonAllStored, 4},             // another file, nothing new
		{"copy-of-b.fit", "b", day, easyday.StatusDuplicate, "same content as b.fit", 4}, // same content elsewhere
		{"steps.fit", "s", nil, easyday.StatusSkipped, "daily monitoring file with no values easyday reads", 4},
	}
	for i, st := range steps {
		// A changed value under an existing key is not taken: the first file keeps it.
		rows := append([]easyday.WellnessRow{}, st.rows...)
		if i == 3 {
			rows[0].Value = 99
		}
		got, err := s.CommitWellness(context.Background(), FileRecord{Path: st.path, SHA256: st.sha, Size: 10}, easyday.WellnessMonitoring, rows)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != st.status || got.Reason != st.reason {
			t.Errorf("step %d CommitWellness(%s) = %s %q, want %s %q", i, st.path, got.Status, got.Reason, st.status, st.reason)
		}
		if n := count(t, s, "wellness"); n != st.stored {
			t.Errorf("step %d: %d values stored, want %d", i, n, st.stored)
		}
	}
	if n := count(t, s, "files"); n != 5 {
		t.Errorf("%d ledger rows, want 5", n)
	}
	rows, err := s.Wellness(context.Background(), d, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[1].Metric != easyday.MetricStress || rows[1].Value != 20 || !rows[1].Time.Equal(day[0].Time) {
		t.Errorf("Wellness(%s) = %+v, want the 4 values of b.fit, first stress 20", d, rows)
	}
	if rows, _ := s.Wellness(context.Background(), d+1, d+5); len(rows) != 0 {
		t.Errorf("Wellness(later days) = %+v, want none", rows)
	}
}
