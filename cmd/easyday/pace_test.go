package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"easyday"
)

// paceConfig is testConfig with dated threshold paces matching the docs/metrics.md
// §10 oracles: 4:00/km for the flat and interval runs (3 and 5 June 2026),
// 4:30/km for the hilly runs (4 June) and the treadmill (6 June).
const paceConfig = testConfig + `[[thresholds]]
from = 2026-06-03
run_lthr = 170
bike_lthr = 160
run_threshold_pace = "4:00/km"
[[thresholds]]
from = 2026-06-04
run_lthr = 170
bike_lthr = 160
run_threshold_pace = "4:30/km"
[[thresholds]]
from = 2026-06-05
run_lthr = 170
bike_lthr = 160
run_threshold_pace = "4:00/km"
[[thresholds]]
from = 2026-06-06
run_lthr = 170
bike_lthr = 160
run_threshold_pace = "4:30/km"
`

// The §10 oracles end to end: generated FIT files through ingest and
// activities --json. FIT keeps distance to the centimetre and altitude to
// 0.2 m, so the numbers agree with the exact oracles to about 0.1%.
func TestPaceOracleFixtures(t *testing.T) {
	tests := []struct {
		file  string
		load  float64
		ngp   float64 // s/km
		tol   float64 // relative
		table string  // the NGP as the table shows it
	}{
		{file: "pace-flat.fit", load: 32.0, ngp: 300, tol: 1e-3, table: "5:00 /km"},
		{file: "pace-hilly-1hz.fit", load: 33.8566, ngp: 328.12, tol: 2e-3, table: "5:28 /km"},
		{file: "pace-hilly-smart.fit", load: 33.8612, ngp: 328.09, tol: 2e-3, table: "5:28 /km"},
		{file: "pace-intervals.fit", load: 42.8586, ngp: 1000 / 3.8576, tol: 1e-3, table: "4:19 /km"},
		// The first 20 min of the hilly run on a treadmill: grade 0, so
		// 10 min at 3.0 m/s and 10 min at 2.5 m/s against 4:30/km.
		{file: "pace-treadmill.fit", load: treadmillLoad, ngp: treadmillNGP, tol: 1e-3, table: easyday.FormatPace(treadmillNGP, easyday.Kilometres)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			e := newEnv(t, paceConfig)
			e.mustRun(0, "ingest", filepath.Join("..", "..", "testdata", "metrics", tt.file))
			acts := e.activities()
			if len(acts) != 1 {
				t.Fatalf("activities = %d, want 1", len(acts))
			}
			a := acts[0]
			if a.LoadSource != easyday.LoadPace || math.Abs(a.Load-tt.load) > tt.tol*tt.load || a.PaceLoad == nil || *a.PaceLoad != a.Load {
				t.Errorf("%s: load %.4f (%s), pace_load %v, want %.4f (pace)", tt.file, a.Load, a.LoadSource, val(a.PaceLoad), tt.load)
			}
			if tt.ngp > 0 && (a.NGPSPerKm == nil || math.Abs(*a.NGPSPerKm-tt.ngp) > tt.tol*tt.ngp) {
				t.Errorf("%s: ngp_s_per_km %v, want %.2f", tt.file, val(a.NGPSPerKm), tt.ngp)
			}
			if out := e.mustRun(0, "activities"); !strings.Contains(out, tt.table) || !strings.Contains(out, " pace\n") {
				t.Errorf("%s: activities table\n%s\nwant NGP %q and source pace", tt.file, out, tt.table)
			}
			// recompute reproduces the numbers from the stream alone.
			if out := e.mustRun(0, "recompute"); !strings.Contains(out, "0 changed") {
				t.Errorf("%s: recompute changed numbers computed at ingest:\n%s", tt.file, out)
			}
			if b := e.activities()[0]; b.Load != a.Load || val(b.NGPSPerKm) != val(a.NGPSPerKm) {
				t.Errorf("%s: after recompute load %v NGP %v, want %v %v", tt.file, b.Load, val(b.NGPSPerKm), a.Load, val(a.NGPSPerKm))
			}
		})
	}
	// A 1 Hz file and a smart-recording file of the same run agree within 0.5%.
	e := newEnv(t, paceConfig)
	e.mustRun(0, "ingest", filepath.Join("..", "..", "testdata", "metrics", "pace-hilly-1hz.fit"), filepath.Join("..", "..", "testdata", "metrics", "pace-hilly-smart.fit"))
	acts := e.activities()
	if len(acts) != 2 || math.Abs(acts[0].Load-acts[1].Load) > 0.005*acts[0].Load {
		t.Errorf("1 Hz and smart recording: %d activities, loads %v", len(acts), loads(acts))
	}
}

// treadmillLoad and treadmillNGP are the pace load and NGP of 10 min at
// 3.0 m/s then 10 min at 2.5 m/s against 4:30/km, from the 30 s rolling
// mean of docs/metrics.md §10.4 (a 1200 s series).
var treadmillLoad, treadmillNGP = flatTwoSpeeds()

func flatTwoSpeeds() (load, ngp float64) {
	var fourth float64
	n := 0
	for s := 30; s <= 1200; s++ { // the window ends at second s
		fast := max(0, min(30, 600-(s-30)))
		r := (3.0*float64(fast) + 2.5*float64(30-fast)) / 30
		fourth += r * r * r * r
		n++
	}
	ngs := math.Sqrt(math.Sqrt(fourth / float64(n)))
	intensity := ngs / (1000.0 / 270)
	return 1200.0 / 3600 * intensity * intensity * 100, 1000 / ngs
}

func loads(acts []easyday.Activity) []float64 {
	out := make([]float64, len(acts))
	for i, a := range acts {
		out[i] = a.Load
	}
	return out
}

// `run_threshold_pace` errors exit 2 naming the key.
func TestPaceConfigErrors(t *testing.T) {
	for _, bad := range []string{`"4:75/km"`, `"fast"`, `0`, `"0:00/km"`} {
		cfg := strings.Replace(paceConfig, `run_threshold_pace = "4:00/km"`, "run_threshold_pace = "+bad, 1)
		e := newEnv(t, cfg)
		_, stderr, code := e.run("activities")
		if code != exitUsage || !strings.Contains(stderr, "thresholds[2].run_threshold_pace") {
			t.Errorf("run_threshold_pace = %s: exit %d, stderr %q, want %d and the key named", bad, code, stderr, exitUsage)
		}
	}
}

// recompute on a history stored by the previous release, whose files are
// gone: the runs with distance are named with the reason, their other
// numbers stay as they were.
func TestRecomputeVersion1History(t *testing.T) {
	e := newEnv(t, paceConfig)
	v1, err := os.ReadFile(filepath.Join("..", "..", "history", "testdata", "v1.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.dir, "history.db"), v1, 0o600); err != nil {
		t.Fatal(err)
	}
	before := e.activities()
	out := e.mustRun(0, "recompute")
	for _, want := range []string{"2 runs stored before pace load could not be given one", "#2 running: its original file is no longer there (/in/2024-10-05-run.fit)", "#5 running: its original file is no longer there (/in/old.tcx)"} {
		if !strings.Contains(out, want) {
			t.Errorf("recompute output\n%s\nwant %q", out, want)
		}
	}
	after := e.activities()
	for i := range before {
		if before[i].IsRunning() && before[i].LoadSource != easyday.LoadNone && after[i].Load == 0 {
			t.Errorf("activity %d: load %v (%s) became 0", before[i].ID, before[i].Load, before[i].LoadSource)
		}
	}
	var raw []map[string]any
	if err := json.Unmarshal([]byte(e.mustRun(0, "activities", "--json")), &raw); err != nil {
		t.Fatal(err)
	}
	for _, o := range raw {
		for _, k := range []string{"ngp_s_per_km", "pace_load"} {
			if v, ok := o[k]; !ok || v != nil {
				t.Errorf("activity %v: %s = %#v, want null (not computed)", o["id"], k, v)
			}
		}
	}
}
