package report

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
	"easyday/history"
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
		if _, err := st.Commit(ctx, c.f, c.acts); err != nil {
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
