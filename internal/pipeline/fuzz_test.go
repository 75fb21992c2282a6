package pipeline

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/history"
	"easyday/internal/fitgen"
)

// fuzzPoints is the length of the generated recordings the fuzz target
// mutates: short, so that an iteration costs little beyond the commit.
const fuzzPoints = 30

// fuzzFile builds a valid 2-minute run of kind (0 FIT, 1 TCX, 2 GPX) whose
// point at (of fuzzPoints) is moved by shift seconds and given the distance
// and altitude dist and alt (metres; NaN keeps the point's own).
func fuzzFile(kind uint8, at uint8, shift int64, dist, alt float64) (string, []byte, error) {
	start := time.Date(2024, 5, 1, 7, 0, 0, 0, time.UTC)
	i := int(at) % fuzzPoints
	off := func(j int) time.Duration {
		d := time.Duration(4*j) * time.Second
		if j == i {
			d += time.Duration(shift) * time.Second
		}
		return d
	}
	value := func(j int, own, v float64) float64 {
		if j == i && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return v
		}
		return own
	}
	switch kind % 3 {
	case 0:
		pts := make([]fitgen.Point, fuzzPoints)
		for j := range pts {
			pts[j] = fitgen.Point{Offset: off(j), HR: 140, Power: easyday.Missing, Distance: value(j, 12*float64(j), dist),
				Speed: 3, Altitude: fitgen.Metres(value(j, 80, alt))}
		}
		b, err := fitgen.Build(fitgen.Spec{Start: start, Sessions: []fitgen.Session{{Sport: "running", Points: pts}}})
		return "f.fit", b, err
	case 1:
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>2024-05-01T07:00:00Z</Id><Lap StartTime="2024-05-01T07:00:00Z"><Track>`)
		for j := range fuzzPoints {
			fmt.Fprintf(&b, "<Trackpoint><Time>%s</Time><DistanceMeters>%g</DistanceMeters><AltitudeMeters>%g</AltitudeMeters><HeartRateBpm><Value>140</Value></HeartRateBpm></Trackpoint>",
				start.Add(off(j)).Format(time.RFC3339), value(j, 12*float64(j), dist), value(j, 80, alt))
		}
		b.WriteString(`</Track></Lap></Activity></Activities></TrainingCenterDatabase>`)
		return "t.tcx", []byte(b.String()), nil
	}
	pts := fitgen.North(51.5, -0.1, 0, fuzzPoints, 4*time.Second, 3)
	for j := range pts {
		pts[j].Offset = off(j)
		pts[j].Ele, pts[j].HasEle = value(j, 80, alt), true
		if j == i && !math.IsNaN(dist) && !math.IsInf(dist, 0) {
			pts[j].Lat = math.Mod(dist, 90) // a jump of the position: GPX has no distances
		}
	}
	return "g.gpx", fitgen.BuildGPX(fitgen.GPX{Creator: "fuzz", Start: start, TPX: 1, TPXPrefix: "gpxtpx",
		Tracks: []fitgen.GPXTrack{{Type: "running", Segments: [][]fitgen.GPXPoint{pts}}}}), nil
}

// Whatever a file's timestamps, distances and altitudes, ingesting it never
// fails the run: the file is stored or rejected, never an error of the
// history (which would be exit code 1).
func FuzzIngestNeverStops(f *testing.F) {
	for kind := range uint8(3) {
		f.Add(kind, uint8(10), int64(0), math.NaN(), math.NaN())
		f.Add(kind, uint8(29), int64(80*365*86400), 2e9, -2e9)
		f.Add(kind, uint8(0), int64(-20*365*86400), 1e300, math.NaN())
		f.Add(kind, uint8(15), int64(-3600), -5.0, 1e10)
	}
	dir := f.TempDir()
	st, err := history.Open(context.Background(), filepath.Join(dir, "history.db"), history.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	n := 0
	f.Fuzz(func(t *testing.T, kind, at uint8, shift int64, dist, alt float64) {
		// Shifts beyond what a FIT or an RFC 3339 time can hold are the
		// generators' limits, not the files'.
		shift = shift % (200 * 365 * 86400)
		name, b, err := fuzzFile(kind, at, shift, dist, alt)
		if err != nil {
			return // fitgen cannot write this time
		}
		n++
		sub := filepath.Join(dir, fmt.Sprint(n))
		if err := os.MkdirAll(sub, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
		p := New(st, Config{Profile: profile()})
		res, err := p.Paths(context.Background(), []string{sub}, nil)
		if err != nil {
			t.Fatalf("ingest of %s (point %d moved %d s, distance %v, altitude %v) failed the run: %v", name, at, shift, dist, alt, err)
		}
		if res.Total() != 1 {
			t.Fatalf("ingest of %s recorded %d files, want 1: %s", name, res.Total(), res.Summary())
		}
	})
}
