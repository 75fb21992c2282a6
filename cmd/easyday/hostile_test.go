package main

// One file never stops a run, with the inputs a hostile tester brought:
// clock faults, values out of any range, GPS glitches, absurd totals and
// names a terminal obeys, each as a generated file among good ones, loose
// in the inbox and inside an export zip.

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/history"
	"easyday/internal/fitgen"
	"easyday/report"
)

// tcxPoint is one Trackpoint of a generated TCX file; a negative distance
// or altitude writes none.
type tcxPoint struct {
	at       time.Time
	distance float64
	altitude float64
	hr       int
}

// buildTCX writes a one-lap running TCX whose lap claims timer seconds and
// metres (0: the points' own).
func buildTCX(pts []tcxPoint, lapS, lapM float64) []byte {
	if lapS == 0 {
		lapS = pts[len(pts)-1].at.Sub(pts[0].at).Seconds()
	}
	if lapM == 0 {
		lapM = pts[len(pts)-1].distance
	}
	var b strings.Builder
	start := pts[0].at.UTC().Format(time.RFC3339)
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Id>%s</Id>
<Lap StartTime="%s"><TotalTimeSeconds>%g</TotalTimeSeconds><DistanceMeters>%g</DistanceMeters><Track>
`, start, start, lapS, lapM)
	for _, p := range pts {
		fmt.Fprintf(&b, "<Trackpoint><Time>%s</Time>", p.at.UTC().Format(time.RFC3339))
		if p.distance >= 0 {
			fmt.Fprintf(&b, "<DistanceMeters>%g</DistanceMeters>", p.distance)
		}
		if p.altitude >= 0 {
			fmt.Fprintf(&b, "<AltitudeMeters>%g</AltitudeMeters>", p.altitude)
		}
		fmt.Fprintf(&b, "<HeartRateBpm><Value>%d</Value></HeartRateBpm></Trackpoint>\n", p.hr)
	}
	b.WriteString("</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n")
	return []byte(b.String())
}

// tcxRun is a 20-minute run at 3 m/s, a point every 5 s, on day, with
// change applied to point i (of 241).
func tcxRun(day time.Time, change func(i int, p *tcxPoint)) []tcxPoint {
	pts := make([]tcxPoint, 241)
	for i := range pts {
		pts[i] = tcxPoint{at: day.Add(time.Duration(5*i) * time.Second), distance: 15 * float64(i), altitude: 100, hr: 140 + i%10}
		if change != nil {
			change(i, &pts[i])
		}
	}
	return pts
}

// gpxRun is a 20-minute run heading north at 3 m/s, a point every 5 s,
// without heart rate, on day, with change applied to point i (of 241).
func gpxRun(day time.Time, change func(i int, p *fitgen.GPXPoint)) []byte {
	pts := fitgen.North(51.5, -0.1, 0, 241, 5*time.Second, 3)
	for i := range pts {
		pts[i].Ele, pts[i].HasEle = 50, true
		if change != nil {
			change(i, &pts[i])
		}
	}
	return fitgen.BuildGPX(fitgen.GPX{Creator: "easyday test", Start: day, TPX: 1, TPXPrefix: "gpxtpx",
		Tracks: []fitgen.GPXTrack{{Type: "running", Segments: [][]fitgen.GPXPoint{pts}}}})
}

// fitRun is a 20-minute FIT run at 3 m/s, a record every 5 s, on day,
// with change applied to record i (of 241), events as given and a session
// that names the sport and the start but claims no totals.
func fitRun(t *testing.T, day time.Time, events []fitgen.Event, change func(i int, r *fitgen.Record)) []byte {
	t.Helper()
	recs := make([]fitgen.Record, 241)
	for i := range recs {
		recs[i] = fitgen.Record{At: day.Add(time.Duration(5*i) * time.Second), HR: 140 + i%10, Distance: 15 * float64(i)}
		if change != nil {
			change(i, &recs[i])
		}
	}
	b, err := fitgen.Faulty(fitgen.FaultySpec{Records: recs, Events: events, Sport: "running", Start: day})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The most any hostile input records: each is a run of 20 minutes and
// 3.6 km at most, so a stored activity longer or further carries the time
// or the distance of a fault (docs/metrics.md §1.2, §1.3, §1.6).
const (
	hostileMaxS = 3600
	hostileMaxM = 10_000
)

// hostileFiles are the inputs of the hostile tester's report, by name.
func hostileFiles(t *testing.T) map[string][]byte {
	t.Helper()
	day := func(d int) time.Time { return time.Date(2019, time.June, d, 7, 0, 0, 0, time.UTC) }
	years := func(n int) time.Duration { return time.Duration(n) * 8766 * time.Hour }
	files := map[string][]byte{
		// A GPS week rollover: one point 1024 weeks (about 19.6 years) early.
		"rollover.gpx": gpxRun(day(1), func(i int, p *fitgen.GPXPoint) {
			if i == 120 {
				p.Offset -= 1024 * 7 * 24 * time.Hour
			}
		}),
		"point-in-2100.tcx": buildTCX(tcxRun(day(2), func(i int, p *tcxPoint) {
			if i == 240 {
				p.at = time.Date(2100, time.January, 1, 0, 0, 0, 0, time.UTC)
			}
		}), 0, 0),
		"point-two-years-on.tcx": buildTCX(tcxRun(day(3), func(i int, p *tcxPoint) {
			if i == 240 {
				p.at = p.at.Add(years(2))
			}
		}), 0, 0),
		"distance-2e9.tcx": buildTCX(tcxRun(day(4), func(i int, p *tcxPoint) {
			if i == 100 {
				p.distance = 2e9
			}
		}), 0, 0),
		"altitude-2e9.tcx": buildTCX(tcxRun(day(5), func(i int, p *tcxPoint) {
			if i == 100 {
				p.altitude = 2e9
			}
		}), 0, 0),
		"ele-2e9.gpx": gpxRun(day(6), func(i int, p *fitgen.GPXPoint) {
			if i == 100 {
				p.Ele = 2e9
			}
		}),
		"across-the-globe.gpx": gpxRun(day(7), func(i int, p *fitgen.GPXPoint) {
			if i%40 == 20 {
				p.Lat, p.Lon = -p.Lat, p.Lon+180
			}
		}),
		// One (0,0) point in a run without a strap: the pace load glitch.
		"null-island.gpx": gpxRun(day(8), func(i int, p *fitgen.GPXPoint) {
			if i == 120 {
				p.Lat, p.Lon = 0, 0
			}
		}),
		"absurd-totals.tcx": buildTCX(tcxRun(day(9), nil), 1e300, 1e300),
		// A clock never set: every sample in 1995.
		"clock-not-set.gpx": gpxRun(time.Date(1995, time.March, 1, 7, 0, 0, 0, time.UTC), nil),
		// A FIT without timer events holding one record in 2100.
		"record-in-2100.fit": fitRun(t, day(10), nil, func(i int, r *fitgen.Record) {
			if i == 240 {
				r.At = time.Date(2100, time.January, 1, 0, 0, 0, 0, time.UTC)
			}
		}),
		// A device's relative time (below 0x10000000) on the first records,
		// written before its clock was set.
		"device-relative-time.fit": fitRun(t, day(11), nil, func(i int, r *fitgen.Record) {
			if i < 30 {
				r.At = fitgen.RelativeTime(uint32(600 + 5*i))
			}
		}),
		"timer-events-1991.fit": fitRun(t, day(12), []fitgen.Event{
			{At: time.Date(1991, time.March, 1, 7, 0, 0, 0, time.UTC)},
			{At: time.Date(1991, time.March, 1, 8, 0, 0, 0, time.UTC), Stop: true}}, nil),
		"timer-events-2100.fit": fitRun(t, day(13), []fitgen.Event{
			{At: day(13)},
			{At: time.Date(2100, time.January, 1, 0, 0, 0, 0, time.UTC), Stop: true}}, nil),
		// Compressed-timestamp records before any full timestamp: their
		// times count from 0, a device's relative time.
		"compressed-first.fit": fitgen.CompressedFirst(12, day(14), hostileHR(600)),
		// Not an activity file at all, under a name a terminal obeys.
		"garbage\x1b[2J\a.fit": []byte("this is no activity file at all, only text"),
	}
	return files
}

// hostileRejected are the hostile inputs a history has no place for: a
// clock never set and a file that is no activity. Every other one is
// stored, its faults left out (docs/metrics.md §1.2, §1.3, §1.6).
var hostileRejected = map[string]bool{"clock-not-set.gpx": true, "garbage\x1b[2J\a.fit": true}

// hostileHR is n heart rates of an easy run.
func hostileHR(n int) []uint8 {
	hr := make([]uint8, n)
	for i := range hr {
		hr[i] = uint8(140 + i%10)
	}
	return hr
}

// hostileOutcome checks what became of each input: every good file
// ingested with its activity, every hostile one either rejected with a
// reason in a runner's words or stored with numbers an activity can have.
// It returns how many were rejected.
func hostileOutcome(t *testing.T, e *env, names map[string]bool, good []string) int {
	t.Helper()
	ledger := map[string]history.FileRecord{}
	for _, f := range e.files() {
		name := f.Path[strings.LastIndexAny(f.Path, "/!")+1:]
		ledger[name] = f
	}
	acts := map[int64]easyday.Activity{}
	for _, a := range e.activities() {
		acts[a.ID] = a
	}
	for _, name := range good {
		if f, ok := ledger[name]; !ok || f.Status != easyday.StatusIngested || len(f.Activities) != 1 {
			t.Errorf("good file %s: %+v, want ingested with its activity", name, f)
		}
	}
	rejected := 0
	var lines []string
	for name := range names {
		f, ok := ledger[strings.ToValidUTF8(name, "\uFFFD")]
		if !ok {
			t.Errorf("%q: no ledger row", name)
			continue
		}
		lines = append(lines, fmt.Sprintf("%q: %s %q", name, f.Status, f.Reason))
		if want := easyday.StatusIngested; hostileRejected[name] {
			want = easyday.StatusRejected
			if f.Status != want {
				t.Errorf("%q: %s, want %s", name, f.Status, want)
			}
		} else if f.Status != want {
			t.Errorf("%q: %s %q, want %s with its faults left out", name, f.Status, f.Reason, want)
		}
		switch f.Status {
		case easyday.StatusRejected:
			rejected++
			if f.Reason == "" || strings.Contains(f.Reason, "segment") {
				t.Errorf("%q rejected with reason %q, want one that says what is wrong with the file", name, f.Reason)
			}
		case easyday.StatusIngested:
			// Stored numbers are what a run of 20 minutes on its day can
			// have: no time or distance of a fault, no start in another
			// year, and a load a 20-minute run can have: a GPS glitch
			// (null-island.gpx) is a fault, not 96 billion (docs/metrics.md
			// §1.2, §1.3, §1.6, §10.1).
			for _, id := range f.Activities {
				a := acts[id]
				if !(a.TimerS >= 0 && a.TimerS <= hostileMaxS) || !(a.ElapsedS >= 0 && a.ElapsedS <= hostileMaxS) ||
					!(a.DistanceM >= 0 && a.DistanceM <= hostileMaxM) || !(a.Load >= 0 && a.Load < 100) || a.StartUTC.Year() != 2019 {
					t.Errorf("%q stored activity %d starting %s with timer %v s, elapsed %v s, distance %v m, load %v: beyond what the run can have",
						name, id, a.StartUTC, a.TimerS, a.ElapsedS, a.DistanceM, a.Load)
				}
			}
		default:
			t.Errorf("%q: %s %q, want ingested or rejected", name, f.Status, f.Reason)
		}
	}
	sort.Strings(lines)
	t.Logf("outcomes:\n%s", strings.Join(lines, "\n"))
	return rejected
}

func TestHostileInputsNeverStopARun(t *testing.T) {
	files := hostileFiles(t)
	names := map[string]bool{}
	for name := range files {
		names[name] = true
	}
	good := map[string][]byte{"00-first.fit": smallRunData(t, 0), "zz-last.fit": smallRunData(t, 1)}

	t.Run("inbox", func(t *testing.T) {
		e := newEnv(t, testConfig)
		for name, b := range files {
			writeFile(t, filepath.Join(e.inbox(), name), b)
		}
		for name, b := range good {
			writeFile(t, filepath.Join(e.inbox(), name), b)
		}
		_, stderr, code := e.run("run")
		rejected := hostileOutcome(t, e, names, []string{"00-first.fit", "zz-last.fit"})
		want := exitOK
		if rejected > 0 {
			want = exitRejected
		}
		if code != want {
			t.Errorf("run: exit %d with %d files rejected, want %d\n%s", code, rejected, want, stderr)
		}
		md, err := os.ReadFile(filepath.Join(e.dir, "reports", report.LatestName))
		if err != nil {
			t.Fatalf("run wrote no report: %v\n%s", err, stderr)
		}
		printableText(t, "the report", string(md))
		printableText(t, "run's stderr", stderr)
		// Nothing is read again, and nothing stops the next run either.
		_, stderr, code = e.run("run")
		if code != exitOK {
			t.Errorf("second run: exit %d, want 0 (every file seen before)\n%s", code, stderr)
		}
	})

	t.Run("export zip", func(t *testing.T) {
		e := newEnv(t, testConfig)
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		order := []string{"00-first.fit"}
		for name := range files {
			order = append(order, name)
		}
		sort.Strings(order[1:])
		order = append(order, "zz-last.fit")
		for _, name := range order {
			b, ok := files[name]
			if !ok {
				b = good[name]
			}
			f, err := w.Create("export/activities/" + name)
			check(t, err)
			_, err = f.Write(b)
			check(t, err)
		}
		check(t, w.Close())
		writeFile(t, filepath.Join(e.inbox(), "export.zip"), buf.Bytes())
		_, stderr, code := e.run("ingest")
		rejected := hostileOutcome(t, e, names, []string{"00-first.fit", "zz-last.fit"})
		want := exitOK
		if rejected > 0 {
			want = exitRejected
		}
		if code != want {
			t.Errorf("ingest: exit %d with %d files rejected, want %d\n%s", code, rejected, want, stderr)
		}
	})
}

// One fix at (0,0) in a run without a strap: the steps to and from it are
// position faults (docs/metrics.md §1.1), so the run keeps the distance
// and the pace load of the same run with a good fix there, less the two
// steps of 15 m around it, where summing the fix's jumps gave a pace load
// of 96 billion.
func TestNullIslandPaceLoad(t *testing.T) {
	e := newEnv(t, testConfig+"run_threshold_pace = \"4:30/km\"\n")
	glitch := func(i int, p *fitgen.GPXPoint) {
		if i == 120 {
			p.Lat, p.Lon = 0, 0
		}
	}
	writeFile(t, filepath.Join(e.inbox(), "null-island.gpx"), gpxRun(time.Date(2019, time.June, 8, 7, 0, 0, 0, time.UTC), glitch))
	writeFile(t, filepath.Join(e.inbox(), "clean.gpx"), gpxRun(time.Date(2019, time.June, 9, 7, 0, 0, 0, time.UTC), nil))
	e.mustRun(exitOK, "ingest")
	byDay := map[int]easyday.Activity{}
	for _, a := range e.activities() {
		byDay[a.StartUTC.Day()] = a
	}
	got, clean := byDay[8], byDay[9]
	if clean.PaceLoad == nil || got.PaceLoad == nil || clean.LoadSource != easyday.LoadPace {
		t.Fatalf("pace loads %v and %v (%s), want both", got.PaceLoad, clean.PaceLoad, clean.LoadSource)
	}
	if lost := clean.DistanceM - got.DistanceM; lost < 29.9 || lost > 30.1 {
		t.Errorf("distance with a (0,0) fix = %.2f m, want the clean run's %.2f less two steps of 15 m", got.DistanceM, clean.DistanceM)
	}
	if r := *got.PaceLoad / *clean.PaceLoad; r < 0.98 || r > 1.0 {
		t.Errorf("pace load with a (0,0) fix = %.4f, want within 2%% below the clean run's %.4f", *got.PaceLoad, *clean.PaceLoad)
	}
}
