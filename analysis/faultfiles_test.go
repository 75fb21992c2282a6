package analysis_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/analysis"
	"easyday/ingest"
	"easyday/internal/fitgen"
)

// The files of docs/metrics.md's fault rules, as a hostile tester makes
// them: each analyses to numbers an activity can have, or is rejected with
// a typed error. FIT files come from fitgen, TCX and GPX are written here.

// faultStart is when every file below starts: a run of 600 s at 3 m/s.
var faultStart = time.Date(2019, 6, 1, 7, 0, 0, 0, time.UTC)

const faultPoints = 600

var (
	year2100 = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	year1999 = time.Date(1999, 6, 1, 7, 0, 0, 0, time.UTC) // a GPS week rollover of 2019: 1024 weeks back
)

// fitRecords are the run's records, each changed by edit (which may drop
// it by returning false).
func fitRecords(edit func(i int, r *fitgen.Record) bool) []fitgen.Record {
	var out []fitgen.Record
	for i := range faultPoints {
		r := fitgen.Record{At: faultStart.Add(time.Duration(i) * time.Second), HR: 150, Distance: 3 * float64(i)}
		if edit == nil || edit(i, &r) {
			out = append(out, r)
		}
	}
	return out
}

func fitFile(t *testing.T, spec fitgen.FaultySpec) []byte {
	t.Helper()
	b, err := fitgen.Faulty(spec)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// trackPoint is one point of a TCX or GPX run: its time, distance,
// altitude and position, written as given.
type trackPoint struct {
	time     string
	dist     string // TCX DistanceMeters; "" writes none
	ele      string // TCX AltitudeMeters, GPX ele; "" writes none
	lat, lon float64
}

// trackPoints are the run's points, each changed by edit.
func trackPoints(edit func(i int, p *trackPoint)) []trackPoint {
	out := make([]trackPoint, faultPoints)
	for i := range out {
		out[i] = trackPoint{time: faultStart.Add(time.Duration(i) * time.Second).Format(time.RFC3339),
			dist: fmt.Sprint(3 * i), ele: "100", lat: 48 + 3*float64(i)/111195, lon: 11}
		if edit != nil {
			edit(i, &out[i])
		}
	}
	return out
}

// tcxFile writes a TCX run of one lap claiming lapTime seconds and lapDist
// metres.
func tcxFile(pts []trackPoint, lapTime, lapDist string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>%s</Id><Lap StartTime="%s"><TotalTimeSeconds>%s</TotalTimeSeconds><DistanceMeters>%s</DistanceMeters><Track>`,
		faultStart.Format(time.RFC3339), faultStart.Format(time.RFC3339), lapTime, lapDist)
	for _, p := range pts {
		fmt.Fprintf(&b, `<Trackpoint><Time>%s</Time>`, p.time)
		if p.ele != "" {
			fmt.Fprintf(&b, `<AltitudeMeters>%s</AltitudeMeters>`, p.ele)
		}
		if p.dist != "" {
			fmt.Fprintf(&b, `<DistanceMeters>%s</DistanceMeters>`, p.dist)
		}
		b.WriteString(`</Trackpoint>`)
	}
	b.WriteString(`</Track></Lap></Activity></Activities></TrainingCenterDatabase>`)
	return []byte(b.String())
}

// gpxFile writes a GPX run of one track segment.
func gpxFile(pts []trackPoint) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>`)
	for _, p := range pts {
		fmt.Fprintf(&b, `<trkpt lat="%.7f" lon="%.7f">`, p.lat, p.lon)
		if p.ele != "" {
			fmt.Fprintf(&b, `<ele>%s</ele>`, p.ele)
		}
		fmt.Fprintf(&b, `<time>%s</time></trkpt>`, p.time)
	}
	b.WriteString(`</trkseg></trk></gpx>`)
	return []byte(b.String())
}

// TestFaultFiles: every file analyses to numbers a 10-minute run can have,
// with the warning that says what was wrong, or is rejected as "clock not
// set".
func TestFaultFiles(t *testing.T) {
	relative := func(i int, r *fitgen.Record) bool {
		if i < 5 {
			r.At = fitgen.RelativeTime(uint32(1000 + i))
		}
		return true
	}
	hr := make([]uint8, faultPoints)
	for i := range hr {
		hr[i] = 150
	}
	tests := []struct {
		name    string
		file    string
		data    []byte
		warning easyday.WarningCode // a warning the activity must carry; "" for none
		notSet  bool                // rejected: easyday.ErrClockNotSet
		elapsed float64             // the elapsed time the run must have
	}{
		{name: "FIT without timer events holding one record in 2100", file: "2100.fit",
			data: fitFile(t, fitgen.FaultySpec{Records: fitRecords(func(i int, r *fitgen.Record) bool {
				if i == 300 {
					r.At = year2100
				}
				return true
			})}), warning: easyday.WarningClockFault, elapsed: 599},
		{name: "FIT with device-relative timestamps", file: "relative.fit",
			data:    fitFile(t, fitgen.FaultySpec{Records: fitRecords(relative)}),
			warning: easyday.WarningClockFault, elapsed: 594},
		{name: "FIT whose every timestamp is device-relative", file: "all-relative.fit",
			data: fitFile(t, fitgen.FaultySpec{Records: fitRecords(func(i int, r *fitgen.Record) bool {
				r.At = fitgen.RelativeTime(uint32(1000 + i))
				return true
			})}), notSet: true},
		{name: "FIT whose clock was never set (1999)", file: "1999.fit",
			data: fitFile(t, fitgen.FaultySpec{Records: fitRecords(func(i int, r *fitgen.Record) bool {
				r.At = year1999.Add(time.Duration(i) * time.Second)
				return true
			})}), notSet: true},
		{name: "FIT with timer events in 1991", file: "events-1991.fit",
			data: fitFile(t, fitgen.FaultySpec{Records: fitRecords(nil), Events: []fitgen.Event{
				{At: time.Date(1991, 3, 1, 0, 0, 0, 0, time.UTC)}, {At: time.Date(1991, 3, 1, 1, 0, 0, 0, time.UTC), Stop: true}}}),
			elapsed: 599},
		{name: "FIT with timer events in 2100", file: "events-2100.fit",
			data: fitFile(t, fitgen.FaultySpec{Records: fitRecords(nil), Events: []fitgen.Event{
				{At: year2100}, {At: year2100.Add(time.Hour), Stop: true}}}),
			warning: easyday.WarningTimerIgnored, elapsed: 599},
		{name: "FIT with a session starting in 2100", file: "session-2100.fit",
			data:    fitFile(t, fitgen.FaultySpec{Records: fitRecords(nil), Sport: "running", Start: year2100, Elapsed: 600 * time.Second}),
			elapsed: 600},
		{name: "FIT with compressed timestamps before any full one", file: "compressed.fit",
			data: fitgen.CompressedFirst(10, faultStart, hr), warning: easyday.WarningClockFault, elapsed: 599},
		{name: "TCX with a GPS week-rollover point (1999) inside 2019", file: "rollover.tcx",
			data: tcxFile(trackPoints(func(i int, p *trackPoint) {
				if i == 300 {
					p.time = year1999.Format(time.RFC3339)
				}
			}), "600", "1797"), warning: easyday.WarningClockFault, elapsed: 599},
		{name: "TCX with a point in 2100", file: "2100.tcx",
			data: tcxFile(trackPoints(func(i int, p *trackPoint) {
				if i == 599 {
					p.time = year2100.Format(time.RFC3339)
				}
			}), "600", "1797"), warning: easyday.WarningClockFault, elapsed: 598},
		{name: "TCX with a point two years after the rest", file: "later.tcx",
			data: tcxFile(trackPoints(func(i int, p *trackPoint) {
				if i == 599 {
					p.time = faultStart.AddDate(2, 0, 0).Format(time.RFC3339)
				}
			}), "600", "1797"), warning: easyday.WarningClockFault, elapsed: 598},
		{name: "TCX with a DistanceMeters of 2e9", file: "distance.tcx",
			data: tcxFile(trackPoints(func(i int, p *trackPoint) {
				if i == 300 {
					p.dist = "2e9"
				}
			}), "600", "1797"), elapsed: 599},
		{name: "TCX with an AltitudeMeters of 2e9", file: "altitude.tcx",
			data: tcxFile(trackPoints(func(i int, p *trackPoint) {
				if i == 300 {
					p.ele = "2e9"
				}
			}), "600", "1797"), elapsed: 599},
		{name: "TCX with a lap claiming 1e300 s and 1e300 m", file: "totals.tcx",
			data: tcxFile(trackPoints(nil), "1e300", "1e300"), elapsed: 599},
		{name: "GPX with an ele of 2e9", file: "ele.gpx",
			data: gpxFile(trackPoints(func(i int, p *trackPoint) {
				if i == 300 {
					p.ele = "2e9"
				}
			})), elapsed: 599},
		{name: "GPX with a GPS week-rollover point (1999) inside 2019", file: "rollover.gpx",
			data: gpxFile(trackPoints(func(i int, p *trackPoint) {
				if i == 0 {
					p.time = year1999.Format(time.RFC3339)
				}
			})), warning: easyday.WarningClockFault, elapsed: 598},
		{name: "GPX with a point in 2100", file: "2100.gpx",
			data: gpxFile(trackPoints(func(i int, p *trackPoint) {
				if i == 300 {
					p.time = year2100.Format(time.RFC3339)
				}
			})), warning: easyday.WarningClockFault, elapsed: 599},
	}
	p := easyday.Profile{
		Athlete:    easyday.Athlete{Sex: easyday.Male, RestingHR: 50, MaxHR: 190},
		Thresholds: []easyday.Thresholds{{From: easyday.MakeDate(2000, 1, 1), RunLTHR: 170, BikeLTHR: 165, RunThresholdPace: 270}},
		Location:   time.UTC,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := decodeBytes(t, tt.file, tt.data)
			if tt.notSet {
				if !errors.Is(err, easyday.ErrClockNotSet) {
					t.Fatalf("Decode(%s) = %d recordings, %v; want an error wrapping %v", tt.file, len(recs), err, easyday.ErrClockNotSet)
				}
				return
			}
			if err != nil || len(recs) != 1 {
				t.Fatalf("Decode(%s) = %d recordings, %v; want 1", tt.file, len(recs), err)
			}
			a := analysis.Analyze(recs[0], p)
			saneRun(t, tt.file, a, tt.elapsed)
			if tt.warning != "" && !hasWarning(a.Warnings, tt.warning) {
				t.Errorf("Analyze(%s).Warnings = %q, want a %s warning", tt.file, a.Warnings, tt.warning)
			}
			if ok, why := analysis.BitEqual(a, analysis.RefAnalyze(recs[0], p)); !ok {
				t.Errorf("Analyze(%s) differs from the reference: %s", tt.file, why)
			}
		})
	}
}

func hasWarning(ws []easyday.Warning, code easyday.WarningCode) bool {
	for _, w := range ws {
		if w.Code == code {
			return true
		}
	}
	return false
}

// saneRun checks that a is what the 10-minute run at 3 m/s can be: it
// starts in 2019, lasts elapsed seconds, its timer no longer, its distance
// and load those of ten minutes at a jog, and its stream holds values in
// docs/metrics.md's bounds.
func saneRun(t *testing.T, file string, a easyday.Activity, elapsed float64) {
	t.Helper()
	if a.StartUTC.Year() != 2019 || a.ElapsedS != elapsed || a.TimerS <= 0 || a.TimerS > 600 {
		t.Errorf("Analyze(%s): start %v, elapsed %v s, timer %v s; want 2019, %v s, at most 600 s", file, a.StartUTC, a.ElapsedS, a.TimerS, elapsed)
	}
	if a.DistanceM < 0 || a.DistanceM > 1800 || a.Load < 0 || a.Load > 30 || math.IsNaN(a.Load) {
		t.Errorf("Analyze(%s): distance %v m, load %v (%s); want at most 1,800 m and 30", file, a.DistanceM, a.Load, a.LoadSource)
	}
	for i, s := range a.Segments {
		if !(s.Dur >= 0 && s.Dur <= 600) || !(s.Step >= 0 && s.Step <= easyday.ClockFaultGap.Seconds()) ||
			!(s.Distance == easyday.Missing || s.Distance >= 0 && s.Distance <= easyday.MaxDistanceM) ||
			!(s.Altitude == easyday.Missing || s.Altitude >= easyday.MinAltitudeM && s.Altitude <= easyday.MaxAltitudeM) {
			t.Errorf("Analyze(%s): segment %d = %+v, out of docs/metrics.md's bounds", file, i, s)
			break
		}
	}
}

// decodeBytes decodes data as ingest reads a file of that name from disk.
func decodeBytes(t *testing.T, name string, data []byte) ([]easyday.Recording, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var recs []easyday.Recording
	var decErr error
	err := ingest.Open(context.Background(), path, func(it ingest.Item) error {
		r, err := ingest.Decode(it)
		recs, decErr = append(recs, r...), errors.Join(decErr, err)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return recs, decErr
}
