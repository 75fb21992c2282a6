package report

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
	"easyday/history"
	"easyday/history/historytest"
)

// run is a stored run of an hour with heart rate, starting at start (UTC).
func run(start time.Time, load float64) easyday.Activity {
	return easyday.Activity{
		Format: "fit", Sport: easyday.Running, StartUTC: start, LocalDate: easyday.DateOf(start, time.UTC),
		ElapsedS: 3600, TimerS: 3600, DistanceM: 10000, HRS: 3600, Load: load, LoadSource: easyday.LoadHR,
		Warnings: []easyday.Warning{},
	}
}

// Build reads the week, yesterday and the data notes from the history: the
// notes read from the dated ledger query are the ones the whole ledger
// gives, old superseded rows included, and older news is left out.
func TestBuild(t *testing.T) {
	ctx := context.Background()
	st, err := history.Open(ctx, filepath.Join(t.TempDir(), "history.db"), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	day := easyday.MakeDate(2026, time.October, 29)
	at := func(d easyday.Date, h int) time.Time { return d.Time().Add(time.Duration(h) * time.Hour) }
	poor := run(at(day.AddDays(-20), 7), 0)
	poor.HRS, poor.LoadSource = 0, easyday.LoadNone
	for _, c := range []struct {
		f    history.FileRecord
		acts []easyday.Activity
	}{
		{history.FileRecord{Path: "old/poor.fit", SHA256: "1", Status: easyday.StatusIngested, SeenUTC: at(day.AddDays(-20), 9)}, []easyday.Activity{poor}},
		{history.FileRecord{Path: "old/bad.fit", SHA256: "2", Status: easyday.StatusRejected, Reason: "not a FIT file", SeenUTC: at(day.AddDays(-20), 9)}, nil},
		{history.FileRecord{Path: "week/a.fit", SHA256: "3", Status: easyday.StatusIngested, SeenUTC: at(day.AddDays(-5), 9)}, []easyday.Activity{run(at(day.AddDays(-5), 7), 80)}},
		{history.FileRecord{Path: "week/b.fit", SHA256: "4", Status: easyday.StatusIngested, SeenUTC: at(day.AddDays(-1), 9)}, []easyday.Activity{run(at(day.AddDays(-1), 7), 120)}},
		{history.FileRecord{Path: "new/rich.fit", SHA256: "5", Status: easyday.StatusIngested, SeenUTC: at(day, 8)}, []easyday.Activity{run(at(day.AddDays(-20), 7), 90)}},
		{history.FileRecord{Path: "new/bad.fit", SHA256: "6", Status: easyday.StatusRejected, Reason: "truncated", SeenUTC: at(day, 9)}, nil},
		{history.FileRecord{Path: "later/bad.fit", SHA256: "7", Status: easyday.StatusRejected, Reason: "truncated", SeenUTC: at(day.AddDays(3), 9)}, nil},
	} {
		if _, err := historytest.Commit(ctx, st, c.f, c.acts); err != nil {
			t.Fatal(err)
		}
	}
	p := easyday.Profile{Location: time.UTC}
	in, err := Build(ctx, st, p, day)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Week) != 2 || len(in.Yesterday) != 1 || in.Yesterday[0].Source != "week/b.fit" {
		t.Errorf("Build: week %d activities, yesterday %+v; want 2 and week/b.fit's run", len(in.Week), in.Yesterday)
	}
	if in.Facts.Date != day || len(in.Days) == 0 || in.Days[len(in.Days)-1].Date != day.AddDays(-1) {
		t.Errorf("Build: facts of %s, model days to %v; want %s and the day before", in.Facts.Date, in.Days, day)
	}
	files, err := st.Files(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := DataNotes(day, p.Location, ledgerEntries(files), in.Week)
	if diff := cmp.Diff(want, in.DataNotes); diff != "" {
		t.Errorf("Build data notes differ from the whole ledger's (-want +got):\n%s", diff)
	}
	paths := map[string]bool{}
	for _, n := range in.DataNotes {
		paths[n.Path] = true
	}
	if !paths["new/bad.fit"] || !paths["new/rich.fit"] || paths["old/bad.fit"] || paths["later/bad.fit"] {
		t.Errorf("Build data notes = %+v, want new/bad.fit and new/rich.fit's replacement alone", in.DataNotes)
	}
}

// TestBuildAveragePower: yesterday's ride with power gets its average power
// from its stored stream; a run without power gets none.
func TestBuildAveragePower(t *testing.T) {
	ctx := context.Background()
	st, err := history.Open(ctx, filepath.Join(t.TempDir(), "history.db"), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	day := easyday.MakeDate(2026, time.October, 29)
	start := day.AddDays(-1).Time().Add(7 * time.Hour)
	ride := run(start, 100)
	ride.Sport, ride.NPW = easyday.Cycling, ptr(220)
	ride.Segments = []easyday.Segment{
		{Dur: 1200, HR: 140, Power: 200, Distance: easyday.Missing, Altitude: easyday.Missing, Step: 1200},
		{Dur: 600, HR: 150, Power: 0, Distance: easyday.Missing, Altitude: easyday.Missing, Step: 600},
		{Dur: 600, HR: 150, Power: easyday.Missing, Distance: easyday.Missing, Altitude: easyday.Missing},
	}
	other := run(start.Add(5*time.Hour), 50)
	for i, acts := range [][]easyday.Activity{{ride}, {other}} {
		f := history.FileRecord{Path: fmt.Sprintf("%d.fit", i), SHA256: fmt.Sprint(i), Status: easyday.StatusIngested, SeenUTC: start}
		if _, err := historytest.Commit(ctx, st, f, acts); err != nil {
			t.Fatal(err)
		}
	}
	in, err := Build(ctx, st, easyday.Profile{Location: time.UTC}, day)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Yesterday) != 2 || len(in.AvgPowerW) != 1 {
		t.Fatalf("Build: yesterday %d activities, average power %v; want 2 and one", len(in.Yesterday), in.AvgPowerW)
	}
	for _, a := range in.Yesterday {
		w, ok := in.AvgPowerW[a.ID]
		if a.Sport == easyday.Cycling && (!ok || w != 4000.0/30) { // 20 min at 200 W, 10 at 0 W
			t.Errorf("Build: the ride's average power = %v, %v, want %v", w, ok, 4000.0/30)
		}
		if a.Sport == easyday.Running && ok {
			t.Errorf("Build: the run without power has an average power %v", w)
		}
	}
}

// Build reads the stored estimates for the report's thresholds
// (docs/metrics.md §12.5): a run test of 3 days ago beats the run LTHR in
// force, and `report --json` shows it with its activity and date.
func TestBuildThresholds(t *testing.T) {
	ctx := context.Background()
	st, err := history.Open(ctx, filepath.Join(t.TempDir(), "history.db"), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	day := easyday.MakeDate(2026, time.October, 29)
	test := run(day.AddDays(-3).Time().Add(7*time.Hour), 90)
	lthr := 172.0
	test.Estimates.LTHR = &lthr
	f := history.FileRecord{Path: "test.fit", SHA256: "1", Status: easyday.StatusIngested, SeenUTC: day.Time()}
	if _, err := historytest.Commit(ctx, st, f, []easyday.Activity{test}); err != nil {
		t.Fatal(err)
	}
	p := easyday.Profile{Location: time.UTC, Thresholds: []easyday.Thresholds{{From: day.AddDays(-100), RunLTHR: 168, BikeLTHR: 160, FTP: 250}}}
	in, err := Build(ctx, st, p, day)
	if err != nil {
		t.Fatal(err)
	}
	got := in.Facts.Thresholds
	if len(got.Suggestions) != 1 || got.Suggestions[0].Key != easyday.KeyRunLTHR || got.Suggestions[0].Value != 172 ||
		got.Suggestions[0].InForce == nil || *got.Suggestions[0].InForce != 168 ||
		got.Suggestions[0].ActivityID == nil || got.Suggestions[0].Date == nil || *got.Suggestions[0].Date != day.AddDays(-3) {
		t.Errorf("Build thresholds suggestions = %+v, want run_lthr 172 over 168 from %s", got.Suggestions, day.AddDays(-3))
	}
	want := []easyday.ThresholdKey{easyday.KeyBikeLTHR, easyday.KeyFTP}
	if !cmp.Equal(got.NotDemonstrated, want) {
		t.Errorf("Build thresholds not demonstrated = %v, want %v", got.NotDemonstrated, want)
	}
	// A newer set holding 172 takes the suggestion away.
	p.Thresholds = append(p.Thresholds, easyday.Thresholds{From: day.AddDays(-1), RunLTHR: 172, BikeLTHR: 160, FTP: 250})
	if in, err = Build(ctx, st, p, day); err != nil {
		t.Fatal(err)
	}
	if s := in.Facts.Thresholds.Suggestions; len(s) != 0 {
		t.Errorf("Build thresholds with 172 in force = %+v, want none", s)
	}
}
