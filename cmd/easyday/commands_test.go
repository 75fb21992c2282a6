package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/history"
	"easyday/internal/config"
)

// TestOracleFiles ingests the project's docs/metrics.md oracle files (made by
// internal/fitgen) through the whole command and checks the JSON
// contract's numbers: 1 Hz and smart recording give the same result.
func TestOracleFiles(t *testing.T) {
	for _, name := range []string{"stream-1hz.fit", "stream-smart.fit"} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, testConfig)
			e.mustRun(0, "ingest", filepath.Join("..", "..", "testdata", "metrics", name))
			acts := e.activities()
			if len(acts) != 1 {
				t.Fatalf("activities = %d, want 1", len(acts))
			}
			a := acts[0]
			checks := []struct {
				field     string
				got, want float64
			}{
				{"timer_s", a.TimerS, 2880},
				{"hr_s", a.HRS, 2820},
				{"avg_hr", val(a.AvgHR), 154.6383},
				{"trimp", val(a.TRIMP), 99.9131},
				{"hrss", val(a.HRSS), 58.5482},
				{"load", a.Load, 58.5482},
				{"zones_s.z1", a.Zones.Z1, 1080},
				{"zones_s.z2", a.Zones.Z2, 0},
				{"zones_s.z4", a.Zones.Z4, 1200},
				{"zones_s.z5a", a.Zones.Z5a, 540},
			}
			for _, c := range checks {
				if math.Abs(c.got-c.want) > 1e-3 {
					t.Errorf("%s: %s = %.4f, want %.4f", name, c.field, c.got, c.want)
				}
			}
			if a.LoadSource != "hr" || a.Sport != "running" || a.Format != "fit" || a.PowerTSS != nil || a.NPW != nil {
				t.Errorf("%s: load_source %q sport %q format %q power_tss %v np_w %v", name, a.LoadSource, a.Sport, a.Format, a.PowerTSS, a.NPW)
			}
		})
	}
	t.Run("power-oracle.fit", func(t *testing.T) {
		e := newEnv(t, testConfig)
		e.mustRun(0, "ingest", filepath.Join("..", "..", "testdata", "metrics", "power-oracle.fit"))
		acts := e.activities()
		if len(acts) != 1 {
			t.Fatalf("activities = %d, want 1", len(acts))
		}
		a := acts[0]
		if math.Abs(val(a.NPW)-247.8515) > 1e-3 || math.Abs(val(a.PowerTSS)-98.2886) > 1e-3 || a.LoadSource != "power" || math.Abs(a.Load-98.2886) > 1e-3 {
			t.Errorf("power oracle: np_w %v power_tss %v load %.4f (%s), want 247.8515, 98.2886, power", val(a.NPW), val(a.PowerTSS), a.Load, a.LoadSource)
		}
	})
}

// TestActivitiesJSONContract checks every field the issue names is present
// with its JSON type.
func TestActivitiesJSONContract(t *testing.T) {
	e := newEnv(t, testConfig)
	e.mustRun(0, "ingest", filepath.Join("..", "..", "testdata", "metrics", "power-oracle.fit"))
	var raw []map[string]any
	if err := json.Unmarshal([]byte(e.mustRun(0, "activities", "--json")), &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw) != 1 {
		t.Fatalf("activities --json: %d objects", len(raw))
	}
	o := raw[0]
	for _, k := range []string{"id", "utc_offset_s", "elapsed_s", "timer_s", "distance_m", "hr_s", "load"} {
		if _, ok := o[k].(float64); !ok {
			t.Errorf("activities --json: %s = %#v, want a number", k, o[k])
		}
	}
	for _, k := range []string{"sha256", "source", "format", "sport", "sub_sport", "start_utc", "local_date", "load_source"} {
		if _, ok := o[k].(string); !ok {
			t.Errorf("activities --json: %s = %#v, want a string", k, o[k])
		}
	}
	for _, k := range []string{"avg_hr", "max_hr", "trimp", "hrss", "np_w", "power_tss", "ngp_s_per_km", "pace_load"} {
		if _, ok := o[k]; !ok {
			t.Errorf("activities --json: %s missing (want a number or null)", k)
		}
	}
	z, ok := o["zones_s"].(map[string]any)
	if !ok || len(z) != 7 {
		t.Fatalf("zones_s = %#v, want 7 zones", o["zones_s"])
	}
	for _, k := range []string{"z1", "z2", "z3", "z4", "z5a", "z5b", "z5c"} {
		if _, ok := z[k].(float64); !ok {
			t.Errorf("zones_s.%s = %#v", k, z[k])
		}
	}
	if s := o["start_utc"].(string); !strings.HasSuffix(s, "Z") {
		t.Errorf("start_utc = %q, want RFC 3339 in UTC with Z", s)
	}
	if len(o["sha256"].(string)) != 64 {
		t.Errorf("sha256 = %q", o["sha256"])
	}
}

// TestIngestStatusesAndExitCodes walks the ledger through each status.
func TestIngestStatusesAndExitCodes(t *testing.T) {
	e := newEnv(t, testConfig)
	inbox := filepath.Join(e.dir, "inbox")
	src := filepath.Join("..", "..", "testdata", "metrics", "stream-1hz.fit")
	copyFile(t, src, filepath.Join(inbox, "run.fit"))
	data, _ := os.ReadFile(src)
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(data)
	w.Close()
	check(t, os.MkdirAll(filepath.Join(inbox, "zlater"), 0o700))
	check(t, os.WriteFile(filepath.Join(inbox, "zlater", "run.fit.gz"), gz.Bytes(), 0o600))
	copyFile(t, filepath.Join("..", "..", "testdata", "metrics", "stream-smart.fit"), filepath.Join(inbox, "smart.fit"))
	check(t, os.WriteFile(filepath.Join(inbox, "notes.txt"), []byte("not a watch file"), 0o600))
	check(t, os.WriteFile(filepath.Join(inbox, "empty.fit"), nil, 0o600))
	check(t, os.WriteFile(filepath.Join(inbox, "route.gpx"), []byte(`<?xml version="1.0"?><gpx version="1.1"></gpx>`), 0o600))
	check(t, os.WriteFile(filepath.Join(inbox, "half.fit"), data[:len(data)/2], 0o600))
	check(t, os.WriteFile(filepath.Join(inbox, ".hidden.fit"), data, 0o600))

	_, stderr, code := e.run("ingest") // the inbox by default
	if code != exitRejected {
		t.Fatalf("ingest: exit %d, want %d\n%s", code, exitRejected, stderr)
	}
	if want := "ingest: 1 ingested, 2 duplicate, 2 skipped, 2 rejected"; !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("ingest stderr = %q, want one line starting %q", stderr, want)
	}
	status := map[string]string{}
	reason := map[string]string{}
	for _, f := range e.files() {
		rel, _ := filepath.Rel(inbox, f.Path)
		status[rel], reason[rel] = string(f.Status), f.Reason
	}
	want := map[string]string{"run.fit": "ingested", "zlater/run.fit.gz": "duplicate", "smart.fit": "duplicate",
		"notes.txt": "skipped", "route.gpx": "skipped", "half.fit": "rejected", "empty.fit": "rejected"}
	for k, v := range want {
		if status[k] != v {
			t.Errorf("files: %s status %q (%s), want %q", k, status[k], reason[k], v)
		}
	}
	if len(status) != len(want) {
		t.Errorf("files: %v, want exactly %v (hidden files are not read)", status, want)
	}
	if !strings.Contains(reason["zlater/run.fit.gz"], "run.fit") || !strings.Contains(reason["smart.fit"], "run.fit") {
		t.Errorf("duplicate reasons %q, %q: want the first file named", reason["zlater/run.fit.gz"], reason["smart.fit"])
	}
	if !strings.HasPrefix(reason["half.fit"], "truncated: still being copied? ") || !strings.Contains(reason["half.fit"], " of ") {
		t.Errorf("half.fit reason %q, want 'truncated: still being copied? N of M bytes'", reason["half.fit"])
	}

	// Rejected before with unchanged content: not retried, exit 0.
	_, stderr, code = e.run("ingest", inbox)
	if code != exitOK {
		t.Errorf("second ingest: exit %d (%s), want 0", code, stderr)
	}
	// The truncated file completes: its new content is read and matches
	// the activity already stored.
	check(t, os.WriteFile(filepath.Join(inbox, "half.fit"), data, 0o600))
	_, stderr, code = e.run("ingest", inbox)
	if code != exitOK || !strings.Contains(stderr, "1 duplicate") {
		t.Errorf("ingest after the copy completed: exit %d, %q; want 0 and one duplicate", code, stderr)
	}
	if n := len(e.activities()); n != 1 {
		t.Errorf("activities = %d, want 1", n)
	}
	if info, err := os.Stat(filepath.Join(e.dir, "history.db")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("history.db mode = %v (%v), want 0600: it is health data", info.Mode().Perm(), err)
	}
}

func TestInitAndMissingConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sub", "config.toml")
	var out, errb bytes.Buffer
	err := run(t.Context(), []string{"activities", "--config", cfg}, &out, &errb, time.Now)
	if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "easyday init") || !strings.Contains(err.Error(), cfg) {
		t.Errorf("activities without config = %v (exit %d), want exit 2 and how to make one", err, exitCode(err))
	}
	if err := run(t.Context(), []string{"init", "--config", cfg}, &out, &errb, time.Now); err != nil {
		t.Fatalf("init = %v", err)
	}
	if !strings.Contains(out.String(), cfg) {
		t.Errorf("init stdout = %q, want the path", out.String())
	}
	b, _ := os.ReadFile(cfg)
	if string(b) != config.Template {
		t.Errorf("init wrote %d bytes, want the template", len(b))
	}
	check(t, os.WriteFile(cfg, []byte("# mine\n"), 0o600))
	err = run(t.Context(), []string{"init", "--config", cfg}, &out, &errb, time.Now)
	if exitCode(err) != exitUsage {
		t.Errorf("second init = %v, want exit 2", err)
	}
	if b, _ := os.ReadFile(cfg); string(b) != "# mine\n" {
		t.Errorf("init overwrote an existing configuration")
	}
	t.Setenv("EASYDAY_CONFIG", filepath.Join(dir, "env.toml"))
	err = run(t.Context(), []string{"files"}, &out, &errb, time.Now)
	if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "env.toml") {
		t.Errorf("files with EASYDAY_CONFIG = %v, want the env path named", err)
	}
}

func TestUsageErrors(t *testing.T) {
	e := newEnv(t, testConfig)
	for _, args := range [][]string{{"bogus"}, {"days", "--from", "yesterday"}, {"report", "--date", "2026-13-01"}, {"activities", "--nope"}, {},
		{"report", "extra"}, {"activities", "foo"}, {"days", "foo"}, {"files", "foo"}, {"recompute", "foo"}, {"run", "/some/dir"}, {"watch", "x"}, {"init", "x"}} {
		if _, _, code := e.run(args...); code != exitUsage {
			t.Errorf("easyday %v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestIngestProjectFixtures ingests every fixture of the project's own
// through the command: one row per file, named after its quirk.
func TestIngestProjectFixtures(t *testing.T) {
	e := newEnv(t, testConfig)
	root := filepath.Join("..", "..", "testdata")
	// Some fixtures are broken on purpose: rejections give exit 3, and
	// anything else (a usage error, a fatal one) means the table below was
	// never checked against a real run.
	e.mustRun(exitRejected, "ingest", filepath.Join(root, "quirks"), filepath.Join(root, "tcx"), filepath.Join(root, "gpx"))
	tests := []struct {
		file   string
		status easyday.FileStatus
		reason string
	}{
		{"quirks/altitude-16bit.fit", "ingested", ""},
		{"quirks/altitude.fit", "duplicate", "altitude-16bit.fit"}, // the same run, altitude in the enhanced field
		{"quirks/bad-file-crc.fit", "ingested", ""},
		{"quirks/basetype-no-endian.fit", "duplicate", "bad-file-crc.fit"}, // the same run, base types without the endian bit
		{"quirks/chained-cut-short.fit", "rejected", "truncated: still being copied? FIT sequence 2 at byte 4,524 is cut short"},
		{"quirks/chained.fit", "ingested", ""},
		{"quirks/garbage.fit", "rejected", "not a FIT, TCX, GPX, gzip or zip file"},
		{"quirks/header-crc-zero.fit", "duplicate", "bad-file-crc.fit"}, // the same run, its header CRC zeroed
		{"quirks/hr-messages.fit", "ingested", ""},
		{"quirks/hr-messages-override.fit", "ingested", ""},
		{"quirks/multisport.fit", "ingested", ""},
		{"quirks/no-records.fit", "rejected", "no records"},
		{"quirks/records-after-session.fit", "ingested", ""},
		{"quirks/settings.fit", "skipped", "settings file"},
		{"quirks/truncated.fit", "rejected", "truncated: still being copied? 2,262 of 4,524 bytes"},
		{"tcx/bare-watts.tcx", "ingested", ""},
		{"tcx/bom-and-whitespace.tcx", "ingested", ""},
		{"tcx/course-only.tcx", "skipped", "TCX course"},
		{"tcx/empty-values.tcx", "ingested", ""},
		{"tcx/gpx-root.tcx", "ingested", ""}, // a GPX by its content, whatever its name
		{"gpx/bom-and-whitespace.gpx", "ingested", ""},
		{"gpx/garmin-v1.gpx", "ingested", ""},
		{"gpx/garmin-v2.gpx", "ingested", ""},
		{"gpx/missing-times.gpx", "ingested", ""},
		{"gpx/offset-times.gpx", "ingested", ""},
		{"gpx/prefixes.gpx", "ingested", ""},
		{"gpx/route-no-times.gpx", "skipped", "GPX route: no times"},
		{"gpx/strava-numeric-type.gpx", "ingested", ""},
		{"gpx/strava-power.gpx", "ingested", ""},
		{"gpx/track-no-times.gpx", "skipped", "GPX route: no times"},
		{"gpx/truncated.gpx", "rejected", "malformed GPX"},
		{"gpx/two-segments-pause.gpx", "ingested", ""},
		{"gpx/two-tracks.gpx", "ingested", ""},
		{"gpx/unknown-type.gpx", "ingested", ""},
		{"tcx/latin1.tcx", "ingested", ""},
		{"tcx/malformed.tcx", "rejected", "malformed TCX at line 9"},
		{"tcx/missing-time.tcx", "ingested", ""},
		{"tcx/multiple-activities.tcx", "ingested", ""},
		{"tcx/multisport.tcx", "ingested", ""},
		{"tcx/no-activities.tcx", "rejected", "TCX has no activities"},
		{"tcx/no-trackpoints.tcx", "ingested", ""},
		{"tcx/ns-watts.tcx", "ingested", ""},
		{"tcx/offset-times.tcx", "ingested", ""},
		{"tcx/overlapping-laps.tcx", "ingested", ""},
		{"tcx/two-laps-pause.tcx", "ingested", ""},
		{"tcx/utf16.tcx", "duplicate", "latin1.tcx"}, // the same activity, UTF-16 with a byte-order mark
		{"tcx/workout-only.tcx", "skipped", "TCX workout"},
		{"tcx/zoneless-times.tcx", "ingested", ""},
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]history.FileRecord{}
	for _, f := range e.files() {
		rel, err := filepath.Rel(abs, f.Path)
		if err != nil {
			t.Fatalf("ledger path %s is not under %s", f.Path, abs)
		}
		got[filepath.ToSlash(rel)] = f
	}
	if len(got) != len(tests) {
		t.Errorf("ledger has %d files, want %d", len(got), len(tests))
	}
	for _, tt := range tests {
		f, ok := got[tt.file]
		if !ok {
			t.Errorf("%s: not in the ledger", tt.file)
			continue
		}
		if f.Status != tt.status || !strings.Contains(f.Reason, tt.reason) {
			t.Errorf("ingest %s = %s %q, want %s %q", tt.file, f.Status, f.Reason, tt.status, tt.reason)
		}
	}
}

// TestOwnFilesInInbox: a history and reports kept inside the inbox are
// never read as watch files, so the nightly run does not reject them.
func TestOwnFilesInInbox(t *testing.T) {
	e := newEnv(t, strings.NewReplacer(`database = "history.db"`, `database = "inbox/db/history.db"`, `reports = "reports"`, `reports = "inbox/reports"`).Replace(testConfig))
	copyFile(t, filepath.Join("..", "..", "testdata", "metrics", "stream-1hz.fit"), filepath.Join(e.inbox(), "run.fit"))
	for i := 0; i < 2; i++ {
		if _, stderr, code := e.run("run"); code != exitOK || stderr != "" {
			t.Fatalf("run %d: exit %d, stderr %q; want a silent success", i+1, code, stderr)
		}
		if i == 0 {
			// What a creation of the history killed part way leaves
			// beside it (removed once it is ten minutes old): the history's
			// own too, never input.
			stale := filepath.Join(e.inbox(), "db", "history.db.new-2718281828")
			check(t, os.WriteFile(stale, []byte("SQLite format 3\x00 cut short"), 0o600))
		}
	}
	files := e.files()
	if len(files) != 1 || filepath.Base(files[0].Path) != "run.fit" {
		t.Errorf("ledger %+v, want only run.fit", files)
	}
}

// TestIngestGarminExport: a Garmin account export is a zip of zips of
// activity files among JSON and CSV; each activity is read from inside the
// archives, named by its member path, and the rest is passed over.
func TestIngestGarminExport(t *testing.T) {
	e := newEnv(t, testConfig)
	const n = 60
	zipOf := func(members map[string][]byte) []byte {
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		names := make([]string, 0, len(members))
		for k := range members {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			f, err := w.Create(k)
			check(t, err)
			_, err = f.Write(members[k])
			check(t, err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	parts := map[string][]byte{}
	for part := 0; part < 2; part++ {
		m := map[string][]byte{}
		for i := part * n / 2; i < (part+1)*n/2; i++ {
			m[fmt.Sprintf("%d_ACTIVITY.fit", 1000+i)] = smallRunData(t, 500+i)
		}
		parts[fmt.Sprintf("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part%d.zip", part+1)] = zipOf(m)
	}
	parts["DI_CONNECT/DI-Connect-Fitness/summarizedActivities.json"] = []byte(`[{"summarizedActivitiesExport":[]}]`)
	parts["DI_CONNECT/DI-Connect-User/user_profile.json"] = []byte(`{}`)
	export := filepath.Join(e.inbox(), "garmin-export.zip")
	if err := os.WriteFile(export, zipOf(parts), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := e.run("ingest")
	if code != exitOK || !strings.HasPrefix(stderr, fmt.Sprintf("ingest: %d ingested\n", n)) {
		t.Fatalf("ingest export: exit %d, %q; want %d ingested", code, stderr, n)
	}
	files := e.files()
	if len(files) != n {
		t.Fatalf("ledger has %d rows, want one per activity file (%d)", len(files), n)
	}
	want := export + "!/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!/1000_ACTIVITY.fit"
	if files[0].Path != want {
		t.Errorf("first ledger path %q, want %q", files[0].Path, want)
	}
	if len(e.activities()) != n {
		t.Errorf("activities = %d, want %d", len(e.activities()), n)
	}
	// The unchanged export is not read again.
	if _, stderr, _ := e.run("ingest"); !strings.Contains(stderr, "1 seen before") {
		t.Errorf("second ingest: %q, want the export seen before", stderr)
	}
}
