package main

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"easyday"
	"easyday/internal/fitgen"
)

// oracleConfig has FTP 250 and no threshold pace in force, as the
// docs/metrics.md §12 oracles assume.
const oracleConfig = testAthlete + `[[thresholds]]
from = 2026-01-01
run_lthr = 168
bike_lthr = 160
ftp = 250
`

// estimateOracle is one oracle of docs/metrics.md §12.3 as a generated
// activity, and the estimate it gives.
type estimateOracle struct {
	name  string
	sport string
	parts []stretch
	field func(easyday.Estimates) *float64
	want  float64
	// pause is a minute of timer time where a minute's pause leaves the
	// estimate as it is (in the cool-down); 0: no paused copy.
	pause int
	// smart: the oracle holds when recorded every 5 s (its stretches are
	// whole multiples of 5 s).
	smart bool
}

func estimateOracles() []estimateOracle {
	ftp := func(e easyday.Estimates) *float64 { return e.FTP }
	lthr := func(e easyday.Estimates) *float64 { return e.LTHR }
	thrPace := func(e easyday.Estimates) *float64 { return e.ThresholdPace }
	maxHR := func(e easyday.Estimates) *float64 { return e.MaxHR }
	hr := func(min, bpm int) stretch { return stretch{min: min, hr: bpm} }
	return []estimateOracle{
		{"ftp test", "cycling", []stretch{{15, 135, 0, 150, 0}, {20, 150, 0, 280, 0}, {25, 140, 0, 200, 0}}, ftp, 266, 50, true},
		{"ftp burst", "cycling", []stretch{{15, 135, 0, 150, 0}, {10, 150, 0, 280, 0}, {0, 150, 0, 2500, 5}, {9, 150, 0, 280, 55}, {25, 140, 0, 200, 0}}, ftp, 267.8604, 50, true},
		{"run test", "running", []stretch{hr(10, 130), hr(10, 165), hr(20, 172), hr(10, 140)}, lthr, 172, 45, true},
		{"5 km race", "running", []stretch{hr(15, 140), hr(20, 178), hr(10, 140)}, lthr, 171.0333, 0, true},
		{"hard start", "running", []stretch{hr(20, 172), hr(20, 150)}, lthr, 161, 35, true},
		{"wrist on cadence", "running", []stretch{{5, 135, 2.9, 0, 0}, {25, 172, 2.9, 0, 0}, {5, 135, 2.9, 0, 0}}, lthr, 171.5375, 0, true},
		{"tempo run", "running", []stretch{{10, 150, 3.0, 0, 0}, {30, 150, 3.8, 0, 0}, {5, 150, 3.0, 0, 0}}, thrPace, 274.1228, 42, true},
		{"all-out finish", "running", []stretch{hr(10, 150), hr(2, 185), hr(1, 194), hr(10, 140)}, maxHR, 194, 20, true},
		{"dry strap", "running", []stretch{{0, 205, 0, 0, 90}, {29, 140, 0, 0, 30}}, maxHR, 140, 25, true},
		{"spike", "running", []stretch{hr(10, 150), {0, 215, 0, 0, 8}, {9, 150, 0, 0, 52}}, maxHR, 165.1667, 18, false},
	}
}

// smartCopy keeps the records every 5 s and the last one: the same
// activity in smart recording.
func smartCopy(spec fitgen.Spec) fitgen.Spec {
	s := spec
	pts := spec.Sessions[0].Points
	var kept []fitgen.Point
	for i, p := range pts {
		if int(p.Offset.Seconds())%5 == 0 || i == len(pts)-1 {
			kept = append(kept, p)
		}
	}
	s.Sessions = []fitgen.Session{{Sport: spec.Sessions[0].Sport, SubSport: spec.Sessions[0].SubSport, Points: kept}}
	return s
}

// gpxCopy is the GPX a sync service writes of the activity, with the
// flat's altitude where the activity has distance.
func gpxCopy(spec fitgen.Spec) []byte {
	g := fitgen.GPXCopy(spec, 51.5, -0.1)
	if spec.Sessions[0].Points[0].Altitude != nil {
		for i := range g.Tracks {
			for j := range g.Tracks[i].Segments {
				for k := range g.Tracks[i].Segments[j] {
					g.Tracks[i].Segments[j][k].Ele, g.Tracks[i].Segments[j][k].HasEle = 100, true
				}
			}
		}
	}
	return fitgen.BuildGPX(g)
}

// tcxCopy is the activity (a run) as a TCX file.
func tcxCopy(spec fitgen.Spec) []byte {
	var pts []tcxPoint
	for _, p := range spec.Sessions[0].Points {
		tp := tcxPoint{at: spec.Start.Add(p.Offset), distance: -1, altitude: -1, hr: p.HR}
		if p.Distance >= 0 {
			tp.distance, tp.altitude = p.Distance, 100
		}
		pts = append(pts, tp)
	}
	return buildTCX(pts, 0, 0)
}

// TestEstimateOracleFixtures checks every §12.3 oracle through the binary:
// generated files at 1 Hz, in smart recording, with a pause in the
// cool-down, and as GPX and TCX copies, each ingested into its own history
// (a copy of an activity is the same activity), the estimate read back from
// activities --json.
func TestEstimateOracleFixtures(t *testing.T) {
	oracles := estimateOracles()
	day := func(i int) easyday.Date { return easyday.MakeDate(2026, 3, 1).AddDays(i) }
	variants := []struct {
		name string
		tol  float64 // relative: FIT keeps distance to the centimetre, GPX positions to about 1e-7°
		file func(o estimateOracle, d easyday.Date) (string, []byte, bool)
	}{
		{"1hz", 1e-4, func(o estimateOracle, d easyday.Date) (string, []byte, bool) {
			b, err := fitgen.Build(effortSpec(d, o.sport, "", 0, o.parts...))
			return "a.fit", b, err == nil
		}},
		{"smart", 1e-4, func(o estimateOracle, d easyday.Date) (string, []byte, bool) {
			b, err := fitgen.Build(smartCopy(effortSpec(d, o.sport, "", 0, o.parts...)))
			return "a.fit", b, o.smart && err == nil
		}},
		{"paused", 1e-4, func(o estimateOracle, d easyday.Date) (string, []byte, bool) {
			b, err := fitgen.Build(effortSpec(d, o.sport, "", o.pause, o.parts...))
			return "a.fit", b, o.pause > 0 && err == nil
		}},
		{"gpx", 2e-3, func(o estimateOracle, d easyday.Date) (string, []byte, bool) {
			return "a.gpx", gpxCopy(effortSpec(d, o.sport, "", 0, o.parts...)), true
		}},
		{"tcx", 1e-4, func(o estimateOracle, d easyday.Date) (string, []byte, bool) {
			return "a.tcx", tcxCopy(effortSpec(d, o.sport, "", 0, o.parts...)), o.sport == "running"
		}},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			e := newEnv(t, oracleConfig)
			var want []estimateOracle
			for i, o := range oracles {
				name, b, ok := v.file(o, day(i))
				if !ok {
					continue
				}
				want = append(want, o)
				writeFile(t, filepath.Join(e.dir, "inbox", fmt.Sprintf("%02d-%s", i, name)), b)
			}
			e.mustRun(0, "ingest")
			acts := e.activities()
			if len(acts) != len(want) {
				t.Fatalf("activities = %d, want %d", len(acts), len(want))
			}
			for _, o := range want {
				var a easyday.Activity
				for i := range oracles {
					if oracles[i].name == o.name {
						a = activityOn(t, acts, day(i))
					}
				}
				got := o.field(a.Estimates)
				if got == nil || math.Abs(*got-o.want) > v.tol*o.want {
					t.Errorf("%s (%s): estimate %v, want %.4f", o.name, v.name, val(got), o.want)
				}
			}
		})
	}
}
