package history

import (
	"database/sql"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

// writeV1 regenerates testdata/v1.db, the populated history that the
// migration tests upgrade:
//
//	go test ./history -run TestWriteV1Fixture -write-v1
//
// It applies migration 001 only and writes its rows with the SQL of the
// version 1 schema, so that it keeps making a version 1 history whatever
// later migrations and the Go code above them become. Streams are in the
// version 1 stream encoding (encodeSegmentsV1), as version 1 stored them.
var writeV1 = flag.Bool("write-v1", false, "regenerate testdata/v1.db from migration 001")

// v1Fixture is the committed version 1 history.
const v1Fixture = "testdata/v1.db"

// TestWriteV1Fixture makes the version 1 history again and checks that it
// holds what the committed one holds (schema, version, every row; not the
// bytes, which name the SQLite version that wrote them): the generator must
// keep making what version 1 made. With -write-v1 it replaces the committed
// file instead.
func TestWriteV1Fixture(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(t.TempDir(), "v1.db")
	db, err := sql.Open("sqlite3", dsn(work))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ms[0].sql); err != nil {
		t.Fatalf("migration %s: %v", ms[0].name, err)
	}
	if _, err := tx.Exec("PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) int64 {
		t.Helper()
		res, err := tx.Exec(q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	file := func(path, sha string, size int64, status, reason string, seenMS int64) int64 {
		return exec(`INSERT INTO files (path, sha256, size, status, reason, seen_ms) VALUES (?, ?, ?, ?, ?, ?)`,
			path, sha, size, status, reason, seenMS)
	}
	link := func(fileID int64, ids ...int64) {
		for i, id := range ids {
			exec(`INSERT INTO file_activities (file_id, ord, activity_id) VALUES (?, ?, ?)`, fileID, i, id)
		}
	}
	// act inserts one activity (start in unix ms, local date as days since
	// 1970) with its stream.
	act := func(fileID int64, sha, source, format, sport, sub string, startMS int64, offset int, date int64,
		timer, dist float64, avg, max, trimp, hrss, np, ptss any, load float64, src, warnings string,
		dropped int, segs []easyday.Segment) int64 {
		id := exec(`INSERT INTO activities (file_id, sha256, source, format, sport, sub_sport, start_ms, utc_offset_s,
			local_date, elapsed_s, timer_s, distance_m, hr_s, avg_hr, max_hr,
			z1_s, z2_s, z3_s, z4_s, z5a_s, z5b_s, z5c_s, trimp, hrss, np_w, power_tss,
			load, load_source, warnings, dropped)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			fileID, sha, source, format, sport, sub, startMS, offset,
			date, timer+95.5, timer, dist, timer-12, avg, max,
			timer*0.2, timer*0.5, timer*0.2, timer*0.08, 6.0, 2.25, 0.0, trimp, hrss, np, ptss,
			load, src, warnings, dropped)
		b, err := encodeSegmentsV1(segs)
		if err != nil {
			t.Fatal(err)
		}
		exec(`INSERT INTO streams (activity_id, segments) VALUES (?, ?)`, id, b)
		return id
	}
	ride := make([]easyday.Segment, 3600)
	for i := range ride {
		ride[i] = easyday.Segment{Dur: 1, HR: 120 + i%40, Power: 150 + (i*7)%120}
	}
	run := make([]easyday.Segment, 1800)
	for i := range run {
		run[i] = easyday.Segment{Dur: 1, HR: 140 + i%25, Power: easyday.Missing}
	}
	run[900].Dur = 4.125 // a pause-trimmed stretch

	const day = 86_400_000
	base := int64(20_000) * day // 2024-10-04 UTC

	// Ingested: a ride with power, a run with heart rate only, a file of
	// two activities (a walk with no load, a swim), a TCX run.
	fRide := file("/in/2024-10-04-ride.fit", "aa01", 81234, "ingested", "", base+20*3600_000)
	aRide := act(fRide, "aa01", "/in/2024-10-04-ride.fit", "fit", "cycling", "road", base+6*3600_000, 7200, 20_000,
		3600, 30125.5, 139.5, 159.0, 120.25, 88.125, 231.5, 95.75, 95.75, "power", `[]`, 0, ride)
	fRun := file("/in/2024-10-05-run.fit", "bb02", 40321, "ingested", "", base+day+20*3600_000)
	aRun := act(fRun, "bb02", "/in/2024-10-05-run.fit", "fit", "running", "trail", base+day+7*3600_000, 7200, 20_001,
		1800, 5012.25, 152.0, 164.0, 60.5, 45.25, nil, nil, 45.25, "hr",
		`["3 samples dropped: time went backwards","CRC mismatch: file checksum 0x1234, computed 0x4321"]`, 3, run)
	fPair := file("/in/export.zip!/pair.fit", "cc03", 12000, "ingested", "", base+2*day+20*3600_000)
	aWalk := act(fPair, "cc03", "/in/export.zip!/pair.fit", "fit", "walking", "", base+2*day+8*3600_000, 3600, 20_002,
		600, 900, nil, nil, nil, nil, nil, nil, 0, "none", `["no heart rate"]`, 0, []easyday.Segment{{Dur: 30, HR: 0, Power: easyday.Missing}})
	aSwim := act(fPair, "cc03", "/in/export.zip!/pair.fit", "fit", "swimming", "lap_swimming", base+2*day+9*3600_000, 3600, 20_002,
		1200, 1500, 131.0, 150.0, 20.0, 18.5, nil, nil, 18.5, "hr", `[]`, 0, nil)
	fTCX := file("/in/old.tcx", "dd04", 5555, "ingested", "", base+3*day)
	aTCX := act(fTCX, "dd04", "/in/old.tcx", "tcx", "running", "", base+3*day-5*3600_000, -18000, 20_002,
		2400, 8000, 148.5, 171.0, 70.0, 55.0, nil, nil, 55.0, "hr", `[]`, 0, run[:600])
	link(fRide, aRide)
	link(fRun, aRun)
	link(fPair, aWalk, aSwim)
	link(fTCX, aTCX)

	// Duplicates: the same content under another path, the same activity
	// in another file.
	fCopy := file("/in/copy of ride.fit", "aa01", 81234, "duplicate", "same content as /in/2024-10-04-ride.fit", base+3*day+1000)
	link(fCopy, aRide)
	fStrava := file("/in/strava/123.fit.gz!/123.fit", "ee05", 40000, "duplicate", "same activity as /in/2024-10-05-run.fit", base+3*day+2000)
	link(fStrava, aRun)
	// Skipped and rejected rows stand for no activity.
	file("/in/settings.fit", "ff06", 300, "skipped", "not an activity: settings file", base+3*day+3000)
	file("/in/broken.fit", "0707", 14, "rejected", "not a FIT file: header too short", base+3*day+4000)
	file("/in/empty.tcx", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0, "rejected", "empty file", base+3*day+5000)

	for i, p := range []string{"/in/2024-10-04-ride.fit", "/in/2024-10-05-run.fit", "/in/export.zip", "/in/old.tcx", "/in/copy of ride.fit", "/in/settings.fit", "/in/broken.fit"} {
		exec(`INSERT INTO scan_cache (path, size, mtime_s, mtime_ns, sha256) VALUES (?, ?, ?, ?, ?)`,
			p, 1000+i, 1_728_000_000+int64(i)*60, 123_456_789*(i%2), "sha-of-"+strconv.Itoa(i))
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// VACUUM INTO writes one self-contained file: no -wal beside it.
	made := filepath.Join(t.TempDir(), "made.db")
	if _, err := db.Exec("VACUUM INTO ?", made); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(made)
	if err != nil {
		t.Fatal(err)
	}
	if *writeV1 {
		if err := os.WriteFile(v1Fixture, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(dumpAll(t, v1Fixture), dumpAll(t, made)); diff != "" {
		t.Errorf("the generator no longer makes %s, a version 1 history (-committed +made):\n%s", v1Fixture, diff)
	}
}

// dumpAll reads the schema, user_version and every row of every table of
// the database at path, each row as column name, value, column name,
// value… (so that rows of a table that gained columns compare by name).
func dumpAll(t testing.TB, path string) map[string][][]any {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", checkDSN(abs))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	query := func(q string) [][]any {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out [][]any
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := make([]any, 0, 2*len(cols))
			for i, c := range cols {
				row = append(row, c, vals[i])
			}
			out = append(out, row)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	out := map[string][][]any{
		"schema":       query("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"),
		"user_version": query("PRAGMA user_version"),
	}
	for _, row := range out["schema"] {
		// row is type, name, tbl_name, sql, each after its column name.
		if row[1] == "table" {
			name, order := row[3].(string), " ORDER BY rowid"
			if sql, _ := row[7].(string); strings.Contains(sql, "WITHOUT ROWID") {
				order = "" // read in primary-key order
			}
			out[name] = query("SELECT * FROM " + name + order)
		}
	}
	return out
}
