package history

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

// ctx is the context of every store call in these tests: none is cancelled
// but where a test says so.
var ctx = context.Background()

// openTemp opens a new store in a fresh temporary directory.
func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open(%s) error %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// pragma reads one PRAGMA value as text.
func pragma(t testing.TB, s *Store, name string) string {
	t.Helper()
	var v string
	if err := s.db.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

// count returns the number of rows in table.
func count(t testing.TB, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func ptr(v float64) *float64 { return &v }

// activity returns a fully filled activity of sport starting at start with
// the given timer time.
func activity(sport easyday.Sport, start time.Time, timer float64) easyday.Activity {
	return easyday.Activity{
		Format:     "fit",
		Sport:      sport,
		SubSport:   "trail",
		StartUTC:   start.UTC(),
		UTCOffsetS: 3600,
		LocalDate:  easyday.DateOf(start, time.FixedZone("", 3600)),
		ElapsedS:   timer + 120,
		TimerS:     timer,
		DistanceM:  10012.5,
		HRS:        timer - 60,
		AvgHR:      ptr(151.25),
		MaxHR:      ptr(178),
		Zones:      easyday.ZoneSeconds{Z1: 600, Z2: 1200.5, Z3: 300, Z4: 60, Z5a: 1, Z5b: 0.25, Z5c: 0},
		TRIMP:      ptr(99.9131),
		HRSS:       ptr(58.5482),
		NPW:        ptr(247.8515),
		PowerTSS:   ptr(98.2886),
		NGPSPerKm:  ptr(328.12),
		PaceLoad:   ptr(33.8566),
		Estimates:  easyday.Estimates{LTHR: ptr(171.0333), FTP: ptr(266), ThresholdPace: ptr(274.1228), MaxHR: ptr(194)},
		Load:       98.2886,
		LoadSource: easyday.LoadPower,
		Warnings:   []easyday.Warning{{Code: easyday.WarningBackwards, Text: "2 samples dropped: time went backwards"}},
		Dropped:    2,
		Segments: []easyday.Segment{{Dur: 1, HR: 150, Power: 200, Distance: 0, Altitude: 12.4, Step: 1}, {Dur: 2.5, HR: 0, Power: easyday.Missing, Distance: 3.25, Altitude: 12.6, Step: 2.5},
			{Dur: 30, HR: 160, Power: 0, Distance: 10.5, Altitude: easyday.Missing, Step: 40}, {HR: 160, Power: 0, Distance: 130.5, Altitude: easyday.Missing}},
	}
}

func TestOpenCreatesPrivateWALDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	path := filepath.Join(dir, "history.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open(%s) error %v", path, err)
	}
	defer s.Close()

	if got := pragma(t, s, "journal_mode"); got != "wal" {
		t.Errorf("PRAGMA journal_mode = %q, want wal", got)
	}
	if got := pragma(t, s, "foreign_keys"); got != "1" {
		t.Errorf("PRAGMA foreign_keys = %q, want 1", got)
	}
	if got, want := pragma(t, s, "busy_timeout"), strconv.Itoa(int(lockPoll.Milliseconds())); got != want {
		t.Errorf("PRAGMA busy_timeout = %q, want %s (the rest of the wait is in Go)", got, want)
	}
	// Savepoint journals in memory; checkpoints every 40 MB of log, the
	// log file cut back to 4 MB after one (history.go's driver).
	for name, want := range map[string]string{"temp_store": "2", "wal_autocheckpoint": "10000", "journal_size_limit": strconv.Itoa(4 << 20)} {
		if got := pragma(t, s, name); got != want {
			t.Errorf("PRAGMA %s = %q, want %s", name, got, want)
		}
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pragma(t, s, "user_version"), strconv.Itoa(len(ms)); got != want {
		t.Errorf("PRAGMA user_version = %s, want %s (the number of migrations)", got, want)
	}

	// A write makes SQLite create the -wal and -shm files, which take the
	// database file's mode.
	if err := s.MarkSeen(ctx, "a.fit", 1, time.Unix(1, 0)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("Stat(%s) error %v", p, err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("mode of %s = %v, want -rw-------", filepath.Base(p), got)
		}
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("mode of new directory = %v, want drwx------", got)
	}
}

func TestReopenIsIdempotent(t *testing.T) {
	s, path := openTemp(t)
	start := time.Date(2024, 5, 1, 6, 0, 0, 0, time.UTC)
	if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "aa", Status: easyday.StatusIngested}, []easyday.Activity{activity(easyday.Running, start, 3600)}); err != nil {
		t.Fatal(err)
	}
	want := pragma(t, s, "user_version")
	s.Close()

	for i := 0; i < 2; i++ {
		s2, err := Open(context.Background(), path, Options{})
		if err != nil {
			t.Fatalf("reopen %d: Open(%s) error %v", i+1, path, err)
		}
		if got := pragma(t, s2, "user_version"); got != want {
			t.Errorf("reopen %d: user_version = %s, want %s", i+1, got, want)
		}
		acts, err := s2.Activities(ctx, time.Time{}, time.Time{}, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(acts) != 1 {
			t.Errorf("reopen %d: Activities() = %d activities, want 1", i+1, len(acts))
		}
		if err := s2.IntegrityCheck(context.Background()); err != nil {
			t.Errorf("reopen %d: IntegrityCheck() = %v, want nil", i+1, err)
		}
		s2.Close()
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	s, path := openTemp(t)
	if _, err := s.db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(context.Background(), path, Options{})
	if err == nil {
		s2.Close()
		t.Fatalf("Open(schema version 999) = store, want error")
	}
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "upgrade easyday") {
		t.Errorf("Open(schema version 999) error %q, want ErrNewerSchema saying upgrade easyday", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("this is not a database\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		dir,                               // a directory
		filepath.Join(file, "history.db"), // parent is a file
		notDB,
	} {
		s, err := Open(context.Background(), path, Options{})
		if err == nil {
			s.Close()
			t.Errorf("Open(%s) = store, want error", path)
		}
		if err != nil && !strings.Contains(err.Error(), "history "+path+": ") {
			t.Errorf("Open(%s) error %q, want it to name the file", path, err)
		}
	}
}

// Paths with URI-special characters open the file they name.
func TestOpenOddPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "50% run?#1 & more")
	path := filepath.Join(dir, "hist?ory#.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open(%q) error %v", path, err)
	}
	defer s.Close()
	if err := s.MarkSeen(ctx, "a", 1, time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("Stat(%q) error %v", path, err)
	}
	if fi.Size() == 0 {
		entries, _ := os.ReadDir(dir)
		t.Errorf("Open(%q) wrote elsewhere; directory holds %v", path, entries)
	}
}

func TestMigrationsAreNumbered(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatalf("migrations() error %v", err)
	}
	if len(ms) == 0 {
		t.Fatal("migrations() = none, want at least one")
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %d: %s has version %d", i, m.name, m.version)
		}
	}
}

func TestIntegrityCheck(t *testing.T) {
	s, path := openTemp(t)
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Fatalf("IntegrityCheck(new database) = %v, want nil", err)
	}
	// Another connection without foreign keys leaves a dangling row.
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO file_activities (file_id, ord, activity_id) VALUES (42, 0, 43)`); err != nil {
		t.Fatal(err)
	}
	err = s.IntegrityCheck(context.Background())
	if err == nil || !strings.Contains(err.Error(), "file_activities") {
		t.Errorf("IntegrityCheck(dangling row) = %v, want an error naming file_activities", err)
	}
}

func TestSeen(t *testing.T) {
	s, _ := openTemp(t)
	mtime := time.Date(2024, 3, 1, 10, 0, 0, 123456789, time.FixedZone("", 7200))
	if ok, err := s.Seen(ctx, "in/a.fit", 100, mtime); err != nil || ok {
		t.Fatalf("Seen(unknown) = %v, %v, want false, nil", ok, err)
	}
	if err := s.MarkSeen(ctx, "in/a.fit", 100, mtime); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		path  string
		size  int64
		mtime time.Time
		ok    bool
	}{
		{"same", "in/a.fit", 100, mtime, true},
		{"same instant, other zone", "in/a.fit", 100, mtime.UTC(), true},
		{"other size", "in/a.fit", 101, mtime, false},
		{"one nanosecond later", "in/a.fit", 100, mtime.Add(1), false},
		{"one second earlier", "in/a.fit", 100, mtime.Add(-time.Second), false},
		{"other path", "in/b.fit", 100, mtime, false},
	}
	snap, err := s.ScanCache(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		ok, err := s.Seen(ctx, tt.path, tt.size, tt.mtime)
		if err != nil || ok != tt.ok {
			t.Errorf("Seen(%s) = %v, %v, want %v, nil", tt.name, ok, err, tt.ok)
		}
		if ok := snap.Seen(tt.path, tt.size, tt.mtime); ok != tt.ok {
			t.Errorf("ScanCache().Seen(%s) = %v, want %v", tt.name, ok, tt.ok)
		}
		if has, want := snap.Has(tt.path), tt.path == "in/a.fit"; has != want {
			t.Errorf("ScanCache().Has(%s) = %v, want %v", tt.path, has, want)
		}
	}
	// MarkSeen replaces the entry for the path.
	later := mtime.Add(time.Hour)
	if err := s.MarkSeen(ctx, "in/a.fit", 200, later); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Seen(ctx, "in/a.fit", 200, later); err != nil || !ok {
		t.Errorf("Seen(rewritten) = %v, %v, want true, nil", ok, err)
	}
	if ok, _ := s.Seen(ctx, "in/a.fit", 100, mtime); ok {
		t.Errorf("Seen(old entry) = true, want false after MarkSeen replaced it")
	}
	if n := count(t, s, "scan_cache"); n != 1 {
		t.Errorf("scan_cache rows = %d, want 1", n)
	}
}

// Stored then loaded, an activity equals what was stored: every field, nil
// pointers staying nil; Warnings nil loads as an empty slice.
func TestActivityRoundTrip(t *testing.T) {
	s, _ := openTemp(t)
	start := time.Date(2024, 6, 30, 23, 30, 0, 250_000_000, time.UTC)
	full := activity(easyday.Cycling, start, 3600)
	full.SHA256 = "own-sha"
	full.Source = "own/source.fit"
	bare := easyday.Activity{
		Format: "tcx", Sport: easyday.Generic, StartUTC: start.Add(2 * time.Hour),
		LocalDate: easyday.DateOf(start.Add(2*time.Hour), time.UTC), LoadSource: easyday.LoadNone,
	}
	acts := []easyday.Activity{full, bare}
	rec, err := s.Commit(ctx, FileRecord{Path: "in/x.fit", SHA256: "x", Size: 10, Status: easyday.StatusIngested}, acts)
	if err != nil {
		t.Fatalf("Commit error %v", err)
	}
	if len(rec.Activities) != 2 || acts[0].ID != rec.Activities[0] || acts[1].ID != rec.Activities[1] {
		t.Fatalf("Commit ids: record %v, acts %d, %d", rec.Activities, acts[0].ID, acts[1].ID)
	}

	want := []easyday.Activity{acts[0], acts[1]}
	want[1].SHA256, want[1].Source = "x", "in/x.fit" // defaults from the file
	want[1].Warnings = []easyday.Warning{}           // nil loads as empty
	want[1].Segments = nil                           // none stored loads as nil

	got, err := s.Activities(ctx, time.Time{}, time.Time{}, true)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Activities(with segments) mismatch (-want +got):\n%s", diff)
	}
	for i, a := range got {
		if a.StartUTC.Location() != time.UTC {
			t.Errorf("activity %d StartUTC location = %v, want UTC", i, a.StartUTC.Location())
		}
	}
	if got[1].AvgHR != nil || got[1].TRIMP != nil || got[1].PowerTSS != nil {
		t.Errorf("bare activity: nil pointers came back non-nil")
	}
	if got[1].Warnings == nil {
		t.Errorf("bare activity: Warnings = nil, want empty slice")
	}

	// JSON of the loaded activity equals JSON of the stored one.
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	if string(wj) != string(gj) {
		t.Errorf("JSON round trip:\n got %s\nwant %s", gj, wj)
	}

	got, err = s.Activities(ctx, time.Time{}, time.Time{}, false)
	if err != nil {
		t.Fatal(err)
	}
	want[0].Segments = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Activities(without segments) mismatch (-want +got):\n%s", diff)
	}
}

func TestActivityQueries(t *testing.T) {
	s, _ := openTemp(t)
	day := func(d int) time.Time { return time.Date(2024, 1, d, 7, 0, 0, 0, time.UTC) }
	// Two on Jan 2 with the same start (ordered by id), one on Jan 5, one on Jan 9.
	files := []struct {
		path string
		acts []easyday.Activity
	}{
		{"c.fit", []easyday.Activity{withLoad(activity(easyday.Running, day(5), 1800), 30)}},
		{"a.fit", []easyday.Activity{withLoad(activity(easyday.Running, day(2), 3600), 50), withLoad(activity(easyday.Cycling, day(2), 3600), 70)}},
		{"d.fit", []easyday.Activity{withLoad(activity(easyday.Walking, day(9), 600), 0)}},
	}
	ids := map[time.Time][]int64{}
	for _, f := range files {
		rec, err := s.Commit(ctx, FileRecord{Path: f.path, SHA256: f.path, Status: easyday.StatusIngested}, f.acts)
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range f.acts {
			ids[a.StartUTC] = append(ids[a.StartUTC], rec.Activities[i])
		}
	}
	all := []int64{ids[day(2)][0], ids[day(2)][1], ids[day(5)][0], ids[day(9)][0]}

	tests := []struct {
		name     string
		from, to time.Time
		want     []int64
	}{
		{"no bounds", time.Time{}, time.Time{}, all},
		{"from is inclusive", day(5), time.Time{}, all[2:]},
		{"to is exclusive", time.Time{}, day(5), all[:2]},
		{"a millisecond after", day(5).Add(time.Millisecond), day(9).Add(time.Millisecond), all[3:]},
		{"empty range", day(10), day(20), nil},
	}
	for _, tt := range tests {
		acts, err := s.Activities(ctx, tt.from, tt.to, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := actIDs(acts); !cmp.Equal(got, tt.want) {
			t.Errorf("Activities(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}

	local := func(d int) easyday.Date { return easyday.DateOf(day(d), time.FixedZone("", 3600)) }
	onTests := []struct {
		name     string
		from, to easyday.Date
		want     []int64
	}{
		{"one day", local(2), local(2), all[:2]},
		{"inclusive both ends", local(2), local(5), all[:3]},
		{"all", local(1), local(31), all},
		{"none", local(3), local(4), nil},
		{"reversed", local(9), local(2), nil},
	}
	for _, tt := range onTests {
		acts, err := s.ActivitiesOn(ctx, tt.from, tt.to, true)
		if err != nil {
			t.Fatal(err)
		}
		if got := actIDs(acts); !cmp.Equal(got, tt.want) {
			t.Errorf("ActivitiesOn(%s) = %v, want %v", tt.name, got, tt.want)
		}
		for _, a := range acts {
			if len(a.Segments) != 4 {
				t.Errorf("ActivitiesOn(%s, with segments): activity %d has %d segments, want 4", tt.name, a.ID, len(a.Segments))
			}
		}
	}

	loads, first, last, ok, err := s.DailyLoads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantLoads := map[easyday.Date]float64{local(2): 120, local(5): 30, local(9): 0}
	if !ok || first != local(2) || last != local(9) || !cmp.Equal(loads, wantLoads) {
		t.Errorf("DailyLoads() = %v, %s, %s, %v, want %v, %s, %s, true", loads, first, last, ok, wantLoads, local(2), local(9))
	}
}

func withLoad(a easyday.Activity, load float64) easyday.Activity {
	a.Load = load
	return a
}

func actIDs(acts []easyday.Activity) []int64 {
	var ids []int64
	for _, a := range acts {
		ids = append(ids, a.ID)
	}
	return ids
}

func TestEmptyStore(t *testing.T) {
	s, _ := openTemp(t)
	loads, _, _, ok, err := s.DailyLoads(ctx)
	if err != nil || ok || len(loads) != 0 {
		t.Errorf("DailyLoads(empty) = %v, ok %v, %v, want empty, false, nil", loads, ok, err)
	}
	acts, err := s.Activities(ctx, time.Time{}, time.Time{}, true)
	if err != nil || acts == nil || len(acts) != 0 {
		t.Errorf("Activities(empty) = %#v, %v, want empty non-nil, nil", acts, err)
	}
	files, err := s.Files(ctx)
	if err != nil || files == nil || len(files) != 0 {
		t.Errorf("Files(empty) = %#v, %v, want empty non-nil, nil", files, err)
	}
	if _, ok, err := s.Lookup(ctx, "a.fit", "x"); ok || err != nil {
		t.Errorf("Lookup(empty) = %v, %v, want false, nil", ok, err)
	}
}

func TestUpdateMetrics(t *testing.T) {
	s, _ := openTemp(t)
	start := time.Date(2024, 2, 1, 6, 0, 0, 0, time.UTC)
	acts := []easyday.Activity{activity(easyday.Running, start, 3600), activity(easyday.Cycling, start.Add(3*time.Hour), 3600)}
	if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "a", Status: easyday.StatusIngested}, acts); err != nil {
		t.Fatal(err)
	}
	before, err := s.Activities(ctx, time.Time{}, time.Time{}, true)
	if err != nil {
		t.Fatal(err)
	}

	upd := before[1]
	upd.HRS = 1234.5
	upd.AvgHR, upd.MaxHR = ptr(140), nil
	upd.Zones = easyday.ZoneSeconds{Z2: 1234.5}
	upd.TRIMP, upd.HRSS, upd.NPW, upd.PowerTSS = ptr(80), ptr(47.5), nil, nil
	upd.Load, upd.LoadSource = 47.5, easyday.LoadHR
	upd.Warnings = nil
	// Not metrics: these must not change.
	upd.Sport, upd.TimerS, upd.Segments = easyday.Walking, 1, nil

	if err := s.UpdateMetrics(ctx, []easyday.Activity{upd}); err != nil {
		t.Fatalf("UpdateMetrics error %v", err)
	}
	after, err := s.Activities(ctx, time.Time{}, time.Time{}, true)
	if err != nil {
		t.Fatal(err)
	}
	want := before[1]
	want.HRS, want.AvgHR, want.MaxHR, want.Zones = upd.HRS, upd.AvgHR, nil, upd.Zones
	want.TRIMP, want.HRSS, want.NPW, want.PowerTSS = upd.TRIMP, upd.HRSS, nil, nil
	want.Load, want.LoadSource, want.Warnings = 47.5, easyday.LoadHR, []easyday.Warning{}
	if diff := cmp.Diff([]easyday.Activity{before[0], want}, after); diff != "" {
		t.Errorf("UpdateMetrics mismatch (-want +got):\n%s", diff)
	}

	// An unknown id fails the whole batch: the first update is undone.
	first := after[0]
	first.Load = 1
	missing := after[1]
	missing.ID = 9999
	if err := s.UpdateMetrics(ctx, []easyday.Activity{first, missing}); err == nil || !strings.Contains(err.Error(), "9999") {
		t.Errorf("UpdateMetrics(unknown id) = %v, want an error naming 9999", err)
	}
	again, err := s.Activities(ctx, time.Time{}, time.Time{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Load != after[0].Load {
		t.Errorf("after failed UpdateMetrics, load = %v, want %v (unchanged)", again[0].Load, after[0].Load)
	}
	// A bad load source is refused by the schema, also undoing the batch.
	bad := after[1]
	bad.LoadSource = "guess"
	if err := s.UpdateMetrics(ctx, []easyday.Activity{first, bad}); err == nil {
		t.Errorf("UpdateMetrics(load source guess) = nil, want error")
	}
}

// A zero-byte file is not easyday's (a new history appears whole), so it is
// refused and left as it is.
func TestOpenRefusesEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path, Options{})
	if err == nil {
		s.Close()
		t.Fatalf("Open(empty file) = store, want error")
	}
	if !errors.Is(err, ErrEmpty) {
		t.Errorf("Open(empty file) error %v, want ErrEmpty", err)
	}
	const want = "this is not an easyday history: it is empty; move it aside to start a new one"
	if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
		t.Errorf("Open(empty file) error %q, want it to name the file and say %q", err, want)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Errorf("empty file after Open: %v, %v; want it left as it was", fi, err)
	}
}

// Many first opens of a new history at once all succeed and make one.
func TestConcurrentFirstOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "history.db")
	const n = 50
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			s, err := Open(context.Background(), path, Options{Notice: func(m string) { t.Errorf("notice on a new history: %s", m) }})
			if err == nil {
				err = s.MarkSeen(ctx, fmt.Sprintf("f%d", i), 1, time.Unix(1, 0))
				if cerr := s.Close(); err == nil {
					err = cerr
				}
			}
			errs[i] = err
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d error %v", i, err)
		}
	}
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := count(t, s, "scan_cache"); got != n {
		t.Errorf("scan_cache rows = %d, want %d: every opener wrote to the one history", got, n)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".new-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// Many processes opening a new history at once (cron and a watcher started
// together, a script run in parallel) all succeed and share one history.
func TestConcurrentFirstOpenProcesses(t *testing.T) {
	if path := os.Getenv("EASYDAY_TEST_FIRST_OPEN"); path != "" {
		// One of the processes.
		s, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatalf("Open error %v", err)
		}
		defer s.Close()
		if err := s.MarkSeen(ctx, "f"+os.Getenv("EASYDAY_TEST_N"), 1, time.Unix(1, 0)); err != nil {
			t.Fatalf("MarkSeen error %v", err)
		}
		return
	}
	const n = 20
	path := filepath.Join(t.TempDir(), "history.db")
	cmds := make([]*exec.Cmd, n)
	outs := make([]bytes.Buffer, n)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^TestConcurrentFirstOpenProcesses$")
		cmds[i].Env = append(os.Environ(), "EASYDAY_TEST_FIRST_OPEN="+path, "EASYDAY_TEST_N="+strconv.Itoa(i))
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
	}
	for i, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatalf("start process %d: %v", i, err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("process %d: %v\n%s", i, err, outs[i].String())
		}
	}
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := count(t, s, "scan_cache"); got != n {
		t.Errorf("scan_cache rows = %d, want %d: every process wrote to the one history", got, n)
	}
}

// A creation killed part-way (SIGKILL, a power cut) leaves its private file
// and journals beside the history; the next open removes them once they are
// old enough not to be another process's creation in progress, and leaves
// everything else alone.
func TestStaleNewFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.db")
	old := time.Now().Add(-time.Hour)
	files := map[string]bool{ // name: removed
		"history.db.new-1234":     true,
		"history.db.new-1234-wal": true,
		"history.db.new-1234-shm": true,
		"history.db.new-9999":     false, // young: a creation in progress
		"other.db.new-1234":       false, // another history's
		"history.db.before-v2":    false, // the migrations' copy
	}
	for name := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("SQLite format 3\x00 half made"), 0o600); err != nil {
			t.Fatal(err)
		}
		if name != "history.db.new-9999" {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	for range 2 { // creating the history, then opening it
		s, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	for name, removed := range files {
		_, err := os.Lstat(filepath.Join(dir, name))
		if gone := errors.Is(err, os.ErrNotExist); gone != removed {
			t.Errorf("%s: removed = %v, want %v", name, gone, removed)
		}
	}
}

// The history's own files are the file, SQLite's journals of it and a new
// history's private file with its journals; a file that only starts with
// the history's name is not one of them.
func TestIsOwnFile(t *testing.T) {
	db := filepath.Join("/data", "history.db")
	for path, want := range map[string]bool{
		db:                                    true,
		db + "-wal":                           true,
		db + "-shm":                           true,
		db + "-journal":                       true,
		db + newSuffix + "123456":             true,
		db + newSuffix + "123456-wal":         true,
		db + ".fit":                           false,
		db + "-backup":                        false,
		filepath.Join("/data", "history.d"):   false,
		filepath.Join("/other", "history.db"): false,
	} {
		if got := IsOwnFile(db, path); got != want {
			t.Errorf("IsOwnFile(%q, %q) = %v, want %v", db, path, got, want)
		}
	}
}

// The scan cache, read in one row, keeps every path as it is (commas,
// digits, newlines, multibyte names) and every time (before 1970, to the
// nanosecond).
func TestScanCacheOddEntries(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	entries := []struct {
		path  string
		size  int64
		mtime time.Time
	}{
		{"/in/a,1,2,3,b.fit", 7, time.Date(2026, 1, 2, 3, 4, 5, 999999999, time.UTC)},
		{"/in/12,34", 0, time.Date(1969, 7, 20, 20, 17, 40, 1, time.UTC)},
		{"/in/line\nbreak ünïcödé 走る.fit", 1 << 40, time.Unix(0, 0)},
		{"", 3, time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, e := range entries {
		if err := s.MarkSeen(ctx, e.path, e.size, e.mtime); err != nil {
			t.Fatal(err)
		}
	}
	c, err := s.ScanCache(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.seen) != len(entries) {
		t.Errorf("%d entries read, want %d", len(c.seen), len(entries))
	}
	for _, e := range entries {
		if !c.Seen(e.path, e.size, e.mtime) {
			t.Errorf("Seen(%q, %d, %v) = false, want true", e.path, e.size, e.mtime)
		}
		if c.Seen(e.path, e.size, e.mtime.Add(time.Nanosecond)) {
			t.Errorf("Seen(%q) a nanosecond later = true, want false", e.path)
		}
	}
	// A text that does not hold what it counts is an error, not a guess.
	for _, bad := range []struct {
		n    int
		text string
	}{
		{1, "7,1,2,6,/a.fi"}, // the path cut short
		{2, "7,1,2,1,a"},     // an entry missing
		{1, "7,1,2,1,ab"},    // bytes left over
		{1, "7,x,2,1,a"},     // not a number
		{1, "7,1,2,-1,a"},    // a negative length
		{1, "7,1,2"},         // cut inside the numbers
	} {
		if _, err := parseScanCache(bad.n, []byte(bad.text)); err == nil {
			t.Errorf("parseScanCache(%d, %q) = nil error, want one", bad.n, bad.text)
		}
	}
}
