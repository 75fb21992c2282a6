package gpx

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"easyday"
)

// fixtures are made by ingest/fit/fitgen (gpxFixtures documents each).
const fixtures = "../../testdata/gpx"

const m = easyday.Missing

// day is the start of the fixture made for day n.
func day(n int) time.Time { return time.Date(2026, 5, 10+n, 7, 0, 0, 0, time.UTC) }

// pt builds a sample at offset seconds from start.
func pt(start time.Time, secs float64, hr, power int, dist, speed, alt float64) easyday.Sample {
	return easyday.Sample{Time: easyday.InstantOf(start.Add(time.Duration(secs * float64(time.Second)))), HR: hr, Power: power,
		Distance: dist, Speed: speed, Altitude: alt}
}

// run gives the events of a timer that runs over each pair of offsets.
func run(start time.Time, bounds ...float64) []easyday.TimerEvent {
	var ev []easyday.TimerEvent
	for i, b := range bounds {
		ev = append(ev, easyday.TimerEvent{Time: start.Add(time.Duration(b * float64(time.Second))), Running: i%2 == 0})
	}
	return ev
}

func TestDecodeFixtures(t *testing.T) {
	tests := []struct {
		file    string
		want    []easyday.Recording
		wantErr string // substring of the error; "" means no error
		notAct  bool   // the error wraps easyday.ErrNotActivity
	}{
		{file: "garmin-v1.gpx", want: []easyday.Recording{{
			Format: "gpx", Sport: easyday.Running,
			Samples: []easyday.Sample{
				pt(day(0), 0, 120, m, 0, m, 10), pt(day(0), 1, 121, m, 3, m, 10.5), pt(day(0), 2, 122, m, 6, m, 11),
				pt(day(0), 3, 123, m, 9, m, 11.5), pt(day(0), 4, 124, m, 12, m, 12),
			},
			Events: run(day(0), 0, 4), HasEvents: true,
		}}},
		{file: "garmin-v2.gpx", want: []easyday.Recording{{
			Format: "gpx", Sport: easyday.Cycling,
			Samples: []easyday.Sample{
				pt(day(1), 0, 130, m, 0, 8, 30), pt(day(1), 1, 131, m, 8, 8, 28.75), pt(day(1), 2, 132, m, 16, 8, 27.5),
				pt(day(1), 3, 133, m, 24, 8, 26.25), pt(day(1), 4, 134, m, 32, 8, 25),
			},
			Events: run(day(1), 0, 4), HasEvents: true,
		}}},
		{file: "prefixes.gpx", want: []easyday.Recording{{
			Format: "gpx", Sport: easyday.Running, SubSport: "trail",
			Samples: []easyday.Sample{pt(day(2), 0, 140, m, 0, m, m), pt(day(2), 1, 141, m, 2.5, m, m), pt(day(2), 2, 142, m, 5, m, m)},
			Events:  run(day(2), 0, 2), HasEvents: true,
		}}},
		{file: "bom-and-whitespace.gpx", want: []easyday.Recording{{
			Format: "gpx", Sport: easyday.Generic,
			Samples: []easyday.Sample{pt(day(3), 0, 0, m, 0, m, m), pt(day(3), 1, 0, m, 1.5, m, m), pt(day(3), 2, 0, m, 3, m, m)},
			Events:  run(day(3), 0, 2), HasEvents: true,
		}}},
		{file: "strava-power.gpx", want: []easyday.Recording{{
			Format: "gpx", Sport: easyday.Cycling,
			Samples: []easyday.Sample{
				pt(day(4), 0, 150, 200, 0, m, m), pt(day(4), 1, 151, 0, 9, m, m),
				pt(day(4), 2, 152, m, 18, m, m), pt(day(4), 3, 153, 250, 27, m, m),
			},
			Events: run(day(4), 0, 3), HasEvents: true,
		}}},
		{file: "strava-numeric-type.gpx", want: []easyday.Recording{{
			Format: "gpx", Sport: easyday.Running,
			Samples: []easyday.Sample{pt(day(5), 0, 145, m, 0, m, m), pt(day(5), 2, 146, m, 6.4, m, m), pt(day(5), 4, 147, m, 12.8, m, m)},
			Events:  run(day(5), 0, 4), HasEvents: true,
		}}},
		{file: "unknown-type.gpx", want: []easyday.Recording{{
			Format: "gpx", Sport: easyday.Generic, SubSport: "Quidditch",
			Samples: []easyday.Sample{pt(day(6), 0, 0, m, 0, m, m), pt(day(6), 1, 0, m, 4, m, m), pt(day(6), 2, 0, m, 8, m, m)},
			Events:  run(day(6), 0, 2), HasEvents: true,
		}}},
		{file: "two-segments-pause.gpx", want: []easyday.Recording{{
			Format: "gpx", Sport: easyday.Running,
			// The 100 m walked while paused count for nothing.
			Samples: []easyday.Sample{
				pt(day(7), 0, 140, m, 0, m, m), pt(day(7), 60, 141, m, 180, m, m), pt(day(7), 120, 142, m, 360, m, m),
				pt(day(7), 300, 150, m, 360, m, m), pt(day(7), 360, 151, m, 540, m, m),
			},
			Events: run(day(7), 0, 120, 300, 360), HasEvents: true,
		}}},
		{file: "missing-times.gpx", want: []easyday.Recording{{
			Format: "gpx", Sport: easyday.Walking,
			Samples: []easyday.Sample{pt(day(8), 0, 0, m, 0, m, m), pt(day(8), 30, 0, m, 60, m, m)},
			Events:  run(day(8), 0, 30), HasEvents: true,
			Warnings: []easyday.Warning{{Code: easyday.WarningUntimedPoints, Text: "dropped 2 track points without a usable time"}},
		}}},
		{file: "offset-times.gpx", want: []easyday.Recording{{
			Format: "gpx", Sport: easyday.Running,
			Samples: []easyday.Sample{pt(day(9), 0, 0, m, 0, m, m), pt(day(9), 1.5, 0, m, 4.5, m, m)},
			Events:  run(day(9), 0, 1.5), HasEvents: true,
		}}},
		{file: "two-tracks.gpx", want: []easyday.Recording{
			{
				Format: "gpx", Sport: easyday.Running,
				Samples: []easyday.Sample{pt(day(10), 0, 0, m, 0, m, m), pt(day(10), 1, 0, m, 3, m, m), pt(day(10), 2, 0, m, 6, m, m)},
				Events:  run(day(10), 0, 2), HasEvents: true,
			},
			{
				Format: "gpx", Sport: easyday.Walking,
				Samples: []easyday.Sample{pt(day(10), 3600, 0, m, 0, m, m), pt(day(10), 3601, 0, m, 1.2, m, m), pt(day(10), 3602, 0, m, 2.4, m, m)},
				Events:  run(day(10), 3600, 3602), HasEvents: true,
			},
		}},
		{file: "route-no-times.gpx", wantErr: "not an activity: GPX route: no times", notAct: true},
		{file: "track-no-times.gpx", wantErr: "not an activity: GPX route: no times", notAct: true},
		{file: "truncated.gpx", wantErr: "malformed GPX"},
	}
	// Positions are written with 7 decimals (about 1 cm).
	approx := cmpopts.EquateApprox(0, 0.02)
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.file] = true
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(fixtures, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(data)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Decode(%s) error = %v, want %q", tt.file, err, tt.wantErr)
				}
				if errors.Is(err, easyday.ErrNotActivity) != tt.notAct {
					t.Errorf("errors.Is(Decode(%s), ErrNotActivity) = %v, want %v", tt.file, !tt.notAct, tt.notAct)
				}
				if got != nil {
					t.Errorf("Decode(%s) = %d recordings with an error, want none", tt.file, len(got))
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%s) error = %v, want nil", tt.file, err)
			}
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("Decode(%s) recordings differ (-want +got):\n%s", tt.file, diff)
			}
			for _, r := range got {
				checkInvariants(t, r)
			}
		})
	}
	// Every fixture is in the table, so none rots unnoticed.
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.gpx"))
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("fixture %s has no row in TestDecodeFixtures", filepath.Base(f))
		}
	}
}

const minimal = `<gpx version="1.1"><trk><trkseg>` +
	`<trkpt lat="51.5" lon="-0.1"><time>2024-01-01T00:00:00Z</time></trkpt>` +
	`<trkpt lat="51.5001" lon="-0.1"><time>2024-01-01T00:00:01Z</time></trkpt>` +
	`</trkseg></trk></gpx>`

func TestDecodeAccepts(t *testing.T) {
	tests := []struct {
		name, input string
		check       func(easyday.Recording) bool
	}{
		{"minimal", minimal, func(r easyday.Recording) bool { return len(r.Samples) == 2 && r.Sport == easyday.Generic }},
		{"GPX 1.0 speed", strings.Replace(minimal, "</time></trkpt>", "</time><speed>3.5</speed></trkpt>", 1),
			func(r easyday.Recording) bool { return r.Samples[0].Speed == 3.5 }},
		{"no position: no distance", strings.Replace(minimal, `lat="51.5001" lon="-0.1"`, `lat="north" lon="-0.1"`, 1),
			func(r easyday.Recording) bool { return r.Samples[0].Distance == 0 && r.Samples[1].Distance == m }},
		{"latitude out of range", strings.Replace(minimal, `lat="51.5001"`, `lat="91"`, 1),
			func(r easyday.Recording) bool { return r.Samples[1].Distance == m }},
		{"heart rate 0 and 255 are missing", strings.Replace(strings.Replace(minimal,
			"</time></trkpt>", "</time><extensions><hr>0</hr></extensions></trkpt>", 1),
			"</time></trkpt>", "</time><extensions><hr>255</hr></extensions></trkpt>", 1),
			func(r easyday.Recording) bool { return r.Samples[0].HR == 0 && r.Samples[1].HR == 0 }},
		{"Garmin PowerExtension", strings.Replace(minimal, "</time></trkpt>", "</time><extensions><pwr:PowerInWatts>310</pwr:PowerInWatts></extensions></trkpt>", 1),
			func(r easyday.Recording) bool { return r.Samples[0].Power == 310 }},
		{"type with blanks", strings.Replace(minimal, "<trkseg>", "<type>\n  Running\n</type><trkseg>", 1),
			func(r easyday.Recording) bool { return r.Sport == easyday.Running }},
		{"zoneless times", strings.ReplaceAll(minimal, "Z</time>", "</time>"),
			func(r easyday.Recording) bool {
				return len(r.Warnings) == 1 && r.Warnings[0] == easyday.Warning{Code: easyday.WarningNoUTCOffset, Text: "times carry no UTC offset; read as UTC"}
			}},
		{"no UTC offset kept", minimal, func(r easyday.Recording) bool { return r.UTCOffsetS == nil && r.Start.IsZero() }},
		{"waypoints beside a track", strings.Replace(minimal, "<trk>", `<wpt lat="1" lon="1"><time>2020-01-01T00:00:00Z</time></wpt><trk>`, 1),
			func(r easyday.Recording) bool { return len(r.Samples) == 2 }},
		{"content after the root", minimal + "<junk>", func(r easyday.Recording) bool { return len(r.Samples) == 2 }},
	}
	for _, tt := range tests {
		got, err := Decode([]byte(tt.input))
		if err != nil || len(got) != 1 {
			t.Errorf("Decode(%s) = %d recordings, %v; want 1, nil", tt.name, len(got), err)
			continue
		}
		if !tt.check(got[0]) {
			t.Errorf("Decode(%s) = %+v, not what the case expects", tt.name, got[0])
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	tests := []struct {
		name, input, want string
		notAct            bool
	}{
		{"empty", "", "not a GPX file: it is empty", false},
		{"TCX", `<?xml version="1.0"?><TrainingCenterDatabase/>`, "not a GPX file: root element is <TrainingCenterDatabase>", false},
		{"root only", `<gpx version="1.1"/>`, "not an activity: GPX without a track", true},
		{"waypoints only", `<gpx><wpt lat="1" lon="2"><name>pub</name></wpt></gpx>`, "not an activity: GPX without a track", true},
		{"mismatched end tag", "<gpx>\n<trk></trkseg>", "malformed GPX at line 2, column 15: element <trk> closed by </trkseg>", false},
		{"truncated", minimal[:len(minimal)/2], "malformed GPX", false},
		{"entity declarations", `<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><gpx>&b;</gpx>`,
			"entity declarations are not allowed", false},
		{"undeclared entity", `<gpx>&xxe;</gpx>`, "malformed GPX: XML syntax error on line 1: invalid character entity &xxe;", false},
		{"too deep", "<gpx>" + strings.Repeat("<a>", 300), "elements nested deeper than 256", false},
	}
	for _, tt := range tests {
		got, err := Decode([]byte(tt.input))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Decode(%s) error = %v, want %q", tt.name, err, tt.want)
		}
		if errors.Is(err, easyday.ErrNotActivity) != tt.notAct {
			t.Errorf("errors.Is(Decode(%s), ErrNotActivity) = %v, want %v", tt.name, !tt.notAct, tt.notAct)
		}
		if got != nil {
			t.Errorf("Decode(%s) = %d recordings with an error, want none", tt.name, len(got))
		}
	}
}

func TestHaversine(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want                   float64
	}{
		{"same point", 51.5, -0.1, 51.5, -0.1, 0},
		// One degree of a great circle is R·π/180.
		{"one degree of latitude", 0, 0, 1, 0, 6_371_008.8 * math.Pi / 180},
		{"one degree of longitude on the equator", 0, 179.5, 0, -179.5, 6_371_008.8 * math.Pi / 180},
		{"pole to pole", 90, 0, -90, 0, 6_371_008.8 * math.Pi},
	}
	for _, tt := range tests {
		if got := haversine(tt.lat1, tt.lon1, tt.lat2, tt.lon2); math.Abs(got-tt.want) > 1e-6 {
			t.Errorf("haversine(%s) = %.6f, want %.6f", tt.name, got, tt.want)
		}
	}
}

// checkInvariants asserts what every decoded recording promises.
func checkInvariants(t *testing.T, r easyday.Recording) {
	t.Helper()
	if r.Format != "gpx" || r.Sport == "" || r.ElapsedS != nil || r.TimerS != nil || r.DistanceM != nil || r.UTCOffsetS != nil {
		t.Fatalf("recording header = %q %q %v %v %v %v, want gpx, a sport and no summary", r.Format, r.Sport, r.ElapsedS, r.TimerS, r.DistanceM, r.UTCOffsetS)
	}
	if len(r.Samples) == 0 {
		t.Fatal("recording without samples")
	}
	last := -1.0
	for _, s := range r.Samples {
		if y := s.Time.Time().Year(); y < 1970 || y > 2100 {
			t.Fatalf("sample time %v, want within 1970–2100", s.Time.Time())
		}
		if s.HR < 0 || s.HR > 254 || s.Power < easyday.Missing || s.Power >= 65535 ||
			s.Distance < 0 && s.Distance != easyday.Missing || s.Speed < 0 && s.Speed != easyday.Missing ||
			math.IsNaN(s.Distance) || math.IsNaN(s.Speed) || math.IsNaN(s.Altitude) || math.IsInf(s.Altitude, 0) || math.IsInf(s.Distance, 0) {
			t.Fatalf("sample %+v has an impossible value", s)
		}
		if s.Distance != easyday.Missing {
			if s.Distance < last {
				t.Fatalf("distance %v after %v: cumulative distance went down", s.Distance, last)
			}
			last = s.Distance
		}
	}
	if len(r.Events)%2 != 0 || len(r.Events) > 0 && !r.HasEvents {
		t.Fatalf("%d events with HasEvents %v, want pairs", len(r.Events), r.HasEvents)
	}
	for i, e := range r.Events {
		if e.Running != (i%2 == 0) || i > 0 && e.Time.Before(r.Events[i-1].Time) ||
			e.Running && i+1 < len(r.Events) && !r.Events[i+1].Time.After(e.Time) {
			t.Fatalf("events %v do not alternate start, stop forward in time", r.Events)
		}
	}
}
