package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/internal/fitgen"
)

// runSpec is a run of 20 minutes with a one-minute pause at 10 minutes,
// one record a second, starting at start.
func runSpec(start time.Time, sport string, hr int) fitgen.Spec {
	var pts []fitgen.Point
	for s := 0; s < 1200; s++ {
		if s >= 600 && s < 660 {
			continue // paused
		}
		moving := min(s, 600) + max(0, s-660)
		pts = append(pts, fitgen.Point{Offset: time.Duration(s) * time.Second, HR: hr + s%7, Power: easyday.Missing,
			Distance: 3 * float64(moving), Speed: 3})
	}
	return fitgen.Spec{Start: start, UTCOffset: time.Hour,
		Sessions: []fitgen.Session{{Sport: sport, Points: pts, End: 1200 * time.Second}},
		Pauses:   []fitgen.Pause{{At: 600 * time.Second, Dur: 60 * time.Second}}}
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestGPXCopyOfFITIsDuplicate: Strava exports a GPX of a run whose FIT is
// already stored; by the activity rule (same sport, start within 60 s,
// timer within 5%) the GPX is a duplicate, and the day's load counts once.
func TestGPXCopyOfFITIsDuplicate(t *testing.T) {
	e := newEnv(t, testConfig)
	spec := runSpec(time.Date(2026, 6, 3, 6, 0, 0, 0, time.UTC), "running", 140)
	fitData, err := fitgen.Build(spec)
	if err != nil {
		t.Fatal(err)
	}
	gpxData := fitgen.BuildGPX(fitgen.GPXCopy(spec, 51.5, -0.1))
	writeFile(t, filepath.Join(e.inbox(), "a", "run.fit"), fitData)
	writeFile(t, filepath.Join(e.inbox(), "b", "run.gpx"), gpxData)

	_, stderr, code := e.run("ingest")
	if code != exitOK || !strings.HasPrefix(stderr, "ingest: 1 ingested, 1 duplicate") {
		t.Fatalf("ingest: exit %d, %q; want 0 and 1 ingested, 1 duplicate", code, stderr)
	}
	for _, f := range e.files() {
		switch filepath.Base(f.Path) {
		case "run.fit":
			if f.Status != easyday.StatusIngested {
				t.Errorf("run.fit = %s %q, want ingested", f.Status, f.Reason)
			}
		case "run.gpx":
			if f.Status != easyday.StatusDuplicate || !strings.Contains(f.Reason, filepath.Join("a", "run.fit")) {
				t.Errorf("run.gpx = %s %q, want a duplicate naming a/run.fit", f.Status, f.Reason)
			}
		}
	}
	acts := e.activities()
	if len(acts) != 1 || acts[0].Format != "fit" {
		t.Fatalf("activities = %+v, want the FIT only", acts)
	}

	// The same GPX alone is a run of its own, and reads as the FIT does.
	g := newEnv(t, testConfig)
	writeFile(t, filepath.Join(g.inbox(), "run.gpx"), gpxData)
	g.mustRun(exitOK, "ingest")
	gacts := g.activities()
	if len(gacts) != 1 {
		t.Fatalf("GPX alone: %d activities, want 1", len(gacts))
	}
	ga, fa := gacts[0], acts[0]
	if ga.Format != "gpx" || ga.Sport != fa.Sport || !ga.StartUTC.Equal(fa.StartUTC) || ga.LocalDate != fa.LocalDate {
		t.Errorf("GPX activity = %s %s %v %v, want gpx %s %v %v", ga.Format, ga.Sport, ga.StartUTC, ga.LocalDate, fa.Sport, fa.StartUTC, fa.LocalDate)
	}
	// The GPX's timer runs from the first to the last point of each
	// trkseg: the FIT's last record of each stretch owns its second.
	if ga.TimerS != fa.TimerS-2 || ga.HRS != ga.TimerS {
		t.Errorf("GPX timer %v s, hr %v s; want %v (the FIT's %v less 2) and all of it with heart rate", ga.TimerS, ga.HRS, fa.TimerS-2, fa.TimerS)
	}
	if d := ga.DistanceM - fa.DistanceM; d < -5 || d > 5 {
		t.Errorf("GPX distance %v m, want the FIT's %v within 5 m (haversine of the positions)", ga.DistanceM, fa.DistanceM)
	}
	if ga.HRSS == nil || fa.HRSS == nil || *ga.HRSS < *fa.HRSS*0.99 || *ga.HRSS > *fa.HRSS {
		t.Errorf("GPX HRSS %v, want within 1%% below the FIT's %v", ga.HRSS, fa.HRSS)
	}
}

// TestGPXLocalDayFromConfiguredZone: a GPX has no time zone, so a run at
// 23:30 UTC on a summer evening in London belongs to the next day there.
func TestGPXLocalDayFromConfiguredZone(t *testing.T) {
	e := newEnv(t, testConfig)
	spec := runSpec(time.Date(2026, 7, 1, 23, 30, 0, 0, time.UTC), "running", 140)
	writeFile(t, filepath.Join(e.inbox(), "late.gpx"), fitgen.BuildGPX(fitgen.GPXCopy(spec, 51.5, -0.1)))
	e.mustRun(exitOK, "ingest")
	acts := e.activities()
	if len(acts) != 1 || acts[0].UTCOffsetS != 3600 || acts[0].LocalDate.String() != "2026-07-02" {
		t.Fatalf("activities = %+v, want one on 2026-07-02 at UTC+1 (Europe/London in summer)", acts)
	}
}

// TestIngestStravaExport: a Strava bulk export keeps its activities in
// activities/ as .gpx, .gpx.gz and .fit.gz (beside CSV and media). Read as
// a folder or as the zip Strava sends, every activity arrives, once.
func TestIngestStravaExport(t *testing.T) {
	const n = 12
	members := map[string][]byte{}
	for i := range n {
		start := time.Date(2026, 4, 1+i, 6, 0, 0, 0, time.UTC)
		sport := "running"
		if i%4 == 3 {
			sport = "cycling"
		}
		spec := runSpec(start, sport, 130+i)
		id := 9000000 + i
		switch i % 3 {
		case 0:
			members[fmt.Sprintf("activities/%d.gpx", id)] = fitgen.BuildGPX(fitgen.GPXCopy(spec, 45.8, 6.9))
		case 1:
			members[fmt.Sprintf("activities/%d.gpx.gz", id)] = gzipped(t, fitgen.BuildGPX(fitgen.GPXCopy(spec, 45.8, 6.9)))
		case 2:
			b, err := fitgen.Build(spec)
			if err != nil {
				t.Fatal(err)
			}
			members[fmt.Sprintf("activities/%d.fit.gz", id)] = gzipped(t, b)
		}
	}

	// The folder as unpacked: only activities/ holds watch files; the CSV,
	// JSON and media beside it are skipped by their content, not rejected.
	folder := newEnv(t, testConfig)
	for name, b := range members {
		writeFile(t, filepath.Join(folder.inbox(), "export_123", filepath.FromSlash(name)), b)
	}
	others := map[string][]byte{
		"activities.csv":       []byte("Activity ID,Activity Date,Activity Type\n9000000,\"Apr 1, 2026\",Run\n"),
		"profile.json":         []byte(`{"athlete": {"id": 1}}`),
		"media/1.jpg":          {0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0},
		"media/2.png":          []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"),
		"media/3.mp4":          []byte("\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2"),
		"activities/notes.txt": []byte("a note kept with the activities"),
	}
	kinds := map[string]string{"activities.csv": "CSV", "profile.json": "JSON", "media/1.jpg": "JPEG",
		"media/2.png": "PNG", "media/3.mp4": "MP4", "activities/notes.txt": "text"}
	for name, b := range others {
		writeFile(t, filepath.Join(folder.inbox(), "export_123", filepath.FromSlash(name)), b)
	}
	_, stderr, code := folder.run("ingest")
	if want := fmt.Sprintf("ingest: %d ingested, %d skipped\n", n, len(others)); code != exitOK || !strings.HasPrefix(stderr, want) {
		t.Fatalf("ingest the export folder: exit %d, %q; want 0 and %q", code, stderr, want)
	}
	checkStravaActivities(t, folder.activities(), n)
	for _, f := range folder.files() {
		rel, _ := filepath.Rel(filepath.Join(folder.inbox(), "export_123"), f.Path)
		if kind, ok := kinds[filepath.ToSlash(rel)]; ok {
			if f.Status != easyday.StatusSkipped || f.Reason != "not an activity file: "+kind {
				t.Errorf("%s: %s %q, want skipped: not an activity file: %s", rel, f.Status, f.Reason, kind)
			}
		}
	}

	// The zip as Strava sends it, with its CSV and media passed over.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	all := map[string][]byte{"activities.csv": []byte("Activity ID,Activity Date,Activity Type\n"), "media/1.jpg": {0xff, 0xd8, 0xff}, "profile.csv": []byte("x")}
	for name, b := range members {
		all[name] = b
	}
	for _, name := range sortedNames(all) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(all[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	z := newEnv(t, testConfig)
	writeFile(t, filepath.Join(z.inbox(), "export_123.zip"), buf.Bytes())
	_, stderr, code = z.run("ingest")
	if code != exitOK || !strings.HasPrefix(stderr, fmt.Sprintf("ingest: %d ingested\n", n)) {
		t.Fatalf("ingest the export zip: exit %d, %q; want %d ingested", code, stderr, n)
	}
	checkStravaActivities(t, z.activities(), n)

	// The folder beside its zip: the same files, so nothing twice.
	writeFile(t, filepath.Join(folder.inbox(), "export_123.zip"), buf.Bytes())
	_, stderr, code = folder.run("ingest")
	if code != exitOK || !strings.Contains(stderr, fmt.Sprintf("%d seen before", n)) && !strings.Contains(stderr, fmt.Sprintf("%d duplicate", n)) {
		t.Errorf("ingest the zip after the folder: exit %d, %q; want its %d activities known", code, stderr, n)
	}
	checkStravaActivities(t, folder.activities(), n)
}

func checkStravaActivities(t *testing.T, acts []easyday.Activity, n int) {
	t.Helper()
	if len(acts) != n {
		t.Fatalf("activities = %d, want %d", len(acts), n)
	}
	formats := map[easyday.Format]int{}
	for _, a := range acts {
		formats[a.Format]++
		if a.TimerS < 1100 || a.HRSS == nil || a.DistanceM < 3400 {
			t.Errorf("activity %s %s: timer %v s, HRSS %v, distance %v m; want a whole 20-minute run or ride", a.Source, a.Sport, a.TimerS, a.HRSS, a.DistanceM)
		}
	}
	if formats["gpx"] != 8 || formats["fit"] != 4 {
		t.Errorf("formats = %v, want 8 gpx and 4 fit", formats)
	}
}

func sortedNames(m map[string][]byte) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// TestGPXRunWithoutHeartRateTakesPaceLoad: a GPX run with no heart rate
// (a phone app without a strap) has distance from its positions and
// altitude from ele, so with a threshold pace it is scored by pace load
// instead of counting as a rest day.
func TestGPXRunWithoutHeartRateTakesPaceLoad(t *testing.T) {
	e := newEnv(t, strings.Replace(testConfig, "run_lthr = 170", "run_lthr = 170\nrun_threshold_pace = \"5:00/km\"", 1))
	pts := fitgen.North(51.5, -0.1, 0, 1801, time.Second, 3.0) // 30 minutes at 5:33 /km
	for i := range pts {
		pts[i].Ele, pts[i].HasEle = 20+float64(i%600)/20, true
	}
	g := fitgen.GPX{Creator: "phone app", Start: time.Date(2026, 6, 10, 7, 0, 0, 0, time.UTC),
		Tracks: []fitgen.GPXTrack{{Type: "running", Segments: [][]fitgen.GPXPoint{pts}}}}
	writeFile(t, filepath.Join(e.inbox(), "phone.gpx"), fitgen.BuildGPX(g))
	e.mustRun(exitOK, "ingest")
	acts := e.activities()
	if len(acts) != 1 {
		t.Fatalf("activities = %d, want 1", len(acts))
	}
	a := acts[0]
	if a.Format != easyday.FormatGPX || a.HRS != 0 || a.LoadSource != easyday.LoadPace || !(a.Load > 0) {
		t.Errorf("phone.gpx = format %s, hr %v s, load %v from %q; want gpx, no heart rate, a pace load", a.Format, a.HRS, a.Load, a.LoadSource)
	}
	if d := a.DistanceM - 5400; d < -1 || d > 1 {
		t.Errorf("phone.gpx distance = %v m, want 5400 (30 minutes at 3 m/s)", a.DistanceM)
	}
}

// TestIngestCountsRicherCopyInOneRun: a GPX without heart rate and then the
// watch's FIT of the same run arrive in one ingest; the FIT tells more and
// replaces the GPX's activity. The summary counts what 'easyday files'
// shows: one ingested, one duplicate.
func TestIngestCountsRicherCopyInOneRun(t *testing.T) {
	e := newEnv(t, testConfig)
	spec := runSpec(time.Date(2026, 6, 3, 6, 0, 0, 0, time.UTC), "running", 140)
	fitData, err := fitgen.Build(spec)
	if err != nil {
		t.Fatal(err)
	}
	g := fitgen.GPXCopy(spec, 51.5, -0.1)
	for i := range g.Tracks {
		for j := range g.Tracks[i].Segments {
			for k := range g.Tracks[i].Segments[j] {
				g.Tracks[i].Segments[j][k].HR = 0 // a phone's GPS track: no strap
			}
		}
	}
	writeFile(t, filepath.Join(e.inbox(), "a", "run.gpx"), fitgen.BuildGPX(g))
	writeFile(t, filepath.Join(e.inbox(), "b", "run.fit"), fitData)

	_, stderr, code := e.run("ingest")
	if code != exitOK || !strings.HasPrefix(stderr, "ingest: 1 ingested, 1 duplicate") {
		t.Fatalf("ingest: exit %d, %q; want 0 and 1 ingested, 1 duplicate", code, stderr)
	}
	counts := map[easyday.FileStatus]int{}
	for _, f := range e.files() {
		counts[f.Status]++
		if filepath.Base(f.Path) == "run.gpx" && (f.Status != easyday.StatusDuplicate || !strings.Contains(f.Reason, "superseded")) {
			t.Errorf("run.gpx = %s %q, want a duplicate superseded by the FIT", f.Status, f.Reason)
		}
	}
	if counts[easyday.StatusIngested] != 1 || counts[easyday.StatusDuplicate] != 1 {
		t.Errorf("files = %v, want 1 ingested and 1 duplicate, as the summary says", counts)
	}
	if acts := e.activities(); len(acts) != 1 || acts[0].Format != easyday.FormatFIT {
		t.Errorf("activities = %+v, want the FIT's one", acts)
	}
}
