package tcx

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
	"easyday/ingest/internal/trackxml"
)

const fixtures = "../../testdata/tcx"

const m = easyday.Missing

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func f64(v float64) *float64 { return &v }

// smp builds a sample; the time is RFC 3339.
func smp(t string, hr, power int, dist, speed float64) easyday.Sample {
	return easyday.Sample{Time: easyday.InstantOf(ts(t)), HR: hr, Power: power, Distance: dist, Speed: speed, Altitude: easyday.Missing}
}

// alt sets a sample's altitude.
func alt(s easyday.Sample, metres float64) easyday.Sample {
	s.Altitude = metres
	return s
}

// at builds a sample that owns a time and nothing else.
func at(t string) easyday.Sample { return smp(t, 0, m, m, m) }

// run gives the events of a timer that runs from each from to each to.
func run(bounds ...string) []easyday.TimerEvent {
	var ev []easyday.TimerEvent
	for i, b := range bounds {
		ev = append(ev, easyday.TimerEvent{Time: ts(b), Running: i%2 == 0})
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
		{file: "bom-and-whitespace.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Running, Start: ts("2024-03-10T08:00:00Z"),
			TimerS: f64(2), DistanceM: f64(6),
			Samples: []easyday.Sample{
				smp("2024-03-10T08:00:00Z", 100, m, 0, m),
				smp("2024-03-10T08:00:01Z", 101, m, 3, m),
				smp("2024-03-10T08:00:02Z", 102, m, 6, m),
			},
			Events: run("2024-03-10T08:00:00Z", "2024-03-10T08:00:02Z"), HasEvents: true,
		}}},
		{file: "multisport.tcx", want: []easyday.Recording{
			{
				Format: "tcx", Sport: easyday.Cycling, Start: ts("2024-06-01T06:00:00Z"),
				TimerS: f64(600), DistanceM: f64(5000),
				Samples: []easyday.Sample{
					smp("2024-06-01T06:00:00Z", 110, m, 0, m),
					smp("2024-06-01T06:10:00Z", 140, m, 5000, m),
				},
				Events: run("2024-06-01T06:00:00Z", "2024-06-01T06:10:00Z"), HasEvents: true,
			},
			{
				Format: "tcx", Sport: easyday.Running, Start: ts("2024-06-01T06:12:00Z"),
				TimerS: f64(300), DistanceM: f64(1000),
				Samples: []easyday.Sample{
					smp("2024-06-01T06:12:00Z", 145, m, 0, m),
					smp("2024-06-01T06:17:00Z", 160, m, 1000, m),
				},
				Events: run("2024-06-01T06:12:00Z", "2024-06-01T06:17:00Z"), HasEvents: true,
			},
			{
				Format: "tcx", Sport: easyday.Cycling, Start: ts("2024-06-01T06:18:00Z"),
				TimerS: f64(120), DistanceM: f64(1100),
				Samples: []easyday.Sample{
					smp("2024-06-01T06:18:00Z", 0, m, 0, m),
					smp("2024-06-01T06:19:00Z", 0, m, 550, m),
					smp("2024-06-01T06:20:00Z", 0, m, 1100, m),
				},
				Events: run("2024-06-01T06:18:00Z", "2024-06-01T06:20:00Z"), HasEvents: true,
			},
		}},
		{file: "multiple-activities.tcx", want: []easyday.Recording{
			{
				Format: "tcx", Sport: easyday.Running, Start: ts("2024-01-02T07:00:00Z"), TimerS: f64(60),
				Samples: []easyday.Sample{
					smp("2024-01-02T07:00:00Z", 120, m, m, m),
					smp("2024-01-02T07:01:00Z", 125, m, m, m),
				},
				Events: run("2024-01-02T07:00:00Z", "2024-01-02T07:01:00Z"), HasEvents: true,
			},
			{
				Format: "tcx", Sport: easyday.Generic, Start: ts("2024-01-02T18:00:00Z"), TimerS: f64(30),
				Samples: []easyday.Sample{at("2024-01-02T18:00:00Z"), at("2024-01-02T18:00:30Z")},
				Events:  run("2024-01-02T18:00:00Z", "2024-01-02T18:00:30Z"), HasEvents: true,
			},
			{
				// A lap of one trackpoint owns no time: the lap bounds are
				// known (HasEvents) but the timer never runs.
				Format: "tcx", Sport: easyday.Generic, Start: ts("2024-01-03T18:00:00Z"),
				Samples:   []easyday.Sample{at("2024-01-03T18:00:00Z")},
				HasEvents: true,
			},
		}},
		{file: "ns-watts.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Cycling, Start: ts("2024-04-20T14:00:00Z"),
			TimerS: f64(3), DistanceM: f64(25.5),
			Samples: []easyday.Sample{
				smp("2024-04-20T14:00:00Z", 90, 180, 0, 8.25),
				smp("2024-04-20T14:00:01Z", 91, m, 8.5, 8.5),
				smp("2024-04-20T14:00:02Z", 92, 0, 17, m),
				smp("2024-04-20T14:00:03Z", 93, 213, 25.5, 8.5),
			},
			Events: run("2024-04-20T14:00:00Z", "2024-04-20T14:00:03Z"), HasEvents: true,
		}}},
		{file: "bare-watts.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Cycling, Start: ts("2013-11-03T13:05:00Z"),
			TimerS: f64(2), DistanceM: f64(7),
			Samples: []easyday.Sample{
				smp("2013-11-03T13:05:00Z", 0, 150, m, 3.5),
				smp("2013-11-03T13:05:01Z", 0, 250, m, m),
				smp("2013-11-03T13:05:02Z", 0, 0, m, m),
			},
			Events: run("2013-11-03T13:05:00Z", "2013-11-03T13:05:02Z"), HasEvents: true,
		}}},
		{file: "offset-times.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Running, Start: ts("2016-04-10T17:40:58Z"), TimerS: f64(5),
			Samples: []easyday.Sample{
				at("2016-04-10T17:40:59Z"),
				at("2016-04-10T17:41:00.8498Z"),
				at("2016-04-10T17:41:01Z"),
				at("2016-04-10T17:41:02.5Z"),
				at("2016-04-10T17:41:03Z"),
			},
			Events: run("2016-04-10T17:40:59Z", "2016-04-10T17:41:03Z"), HasEvents: true,
		}}},
		{file: "zoneless-times.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Running, Start: ts("2016-04-10T17:40:58Z"),
			Samples: []easyday.Sample{at("2016-04-10T17:40:58Z"), at("2016-04-10T17:40:59.25Z")},
			Events:  run("2016-04-10T17:40:58Z", "2016-04-10T17:40:59.25Z"), HasEvents: true,
			Warnings: []easyday.Warning{{Code: easyday.WarningNoUTCOffset, Text: "times carry no UTC offset; read as UTC"}},
		}}},
		{file: "two-laps-pause.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Running, Start: ts("2024-03-10T08:00:00Z"),
			TimerS: f64(180), DistanceM: f64(550.5),
			Samples: []easyday.Sample{
				// AltitudeMeters into Altitude: below sea level is a reading,
				// an empty element is missing, 0 is sea level.
				alt(smp("2024-03-10T08:00:00Z", 120, m, 0, m), 12.5),
				alt(smp("2024-03-10T08:01:00Z", 130, m, 200, m), -3.25),
				smp("2024-03-10T08:02:00Z", 140, m, 400, m),
				alt(smp("2024-03-10T08:05:00Z", 135, m, 400, m), 0),
				smp("2024-03-10T08:06:00Z", 150, m, 550.5, m),
			},
			Events: run("2024-03-10T08:00:00Z", "2024-03-10T08:02:00Z",
				"2024-03-10T08:05:00Z", "2024-03-10T08:06:00Z"),
			HasEvents: true,
		}}},
		{file: "overlapping-laps.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Cycling, Start: ts("2024-07-01T10:00:10Z"), TimerS: f64(911),
			Samples: []easyday.Sample{
				at("2024-07-01T10:00:00Z"), at("2024-07-01T10:05:00Z"), at("2024-07-01T10:10:00Z"),
				at("2024-07-01T10:03:00Z"), at("2024-07-01T10:03:10Z"),
				at("2024-07-01T10:10:00Z"), at("2024-07-01T10:15:00Z"),
				at("2024-07-01T10:20:00Z"),
			},
			// Lap 2 lies inside lap 1 and is absorbed; lap 3 touches lap 1
			// (stop, then start, at 10:10); lap 4 has one point and no time.
			Events: run("2024-07-01T10:00:00Z", "2024-07-01T10:10:00Z",
				"2024-07-01T10:10:00Z", "2024-07-01T10:15:00Z"),
			HasEvents: true,
		}}},
		{file: "missing-time.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Generic, Start: ts("2024-05-01T07:00:00Z"), TimerS: f64(10),
			Samples: []easyday.Sample{
				at("2024-05-01T07:00:00Z"),
				smp("2024-05-01T07:00:10Z", 110, m, 20, m),
			},
			Events: run("2024-05-01T07:00:00Z", "2024-05-01T07:00:10Z"), HasEvents: true,
			Warnings: []easyday.Warning{{Code: easyday.WarningUntimedPoints, Text: "dropped 3 trackpoints without a usable time"}},
		}}},
		{file: "empty-values.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Running, Start: ts("2024-02-01T09:00:00Z"),
			Samples: []easyday.Sample{
				at("2024-02-01T09:00:00Z"),
				smp("2024-02-01T09:00:01Z", 0, m, 3.5, m),
				at("2024-02-01T09:00:02Z"),
				at("2024-02-01T09:00:03Z"),
				smp("2024-02-01T09:00:04Z", 131, m, m, m),
			},
			Events: run("2024-02-01T09:00:00Z", "2024-02-01T09:00:04Z"), HasEvents: true,
		}}},
		{file: "no-trackpoints.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Running, Start: ts("2024-08-01T17:00:00Z"),
			TimerS: f64(1800), DistanceM: f64(5000),
			Warnings: []easyday.Warning{{Code: easyday.WarningNoTrackpoints, Text: "activity has no trackpoints"}},
		}}},
		{file: "latin1.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Running, Start: ts("2011-07-10T09:47:00Z"),
			Samples: []easyday.Sample{
				smp("2011-07-10T09:47:00Z", 98, m, m, m),
				smp("2011-07-10T09:47:05Z", 99, m, m, m),
			},
			Events: run("2011-07-10T09:47:00Z", "2011-07-10T09:47:05Z"), HasEvents: true,
		}}},
		{file: "utf16.tcx", want: []easyday.Recording{{
			Format: "tcx", Sport: easyday.Running, Start: ts("2011-07-10T09:47:00Z"),
			Samples: []easyday.Sample{
				smp("2011-07-10T09:47:00Z", 98, m, m, m),
				smp("2011-07-10T09:47:05Z", 99, m, m, m),
			},
			Events: run("2011-07-10T09:47:00Z", "2011-07-10T09:47:05Z"), HasEvents: true,
		}}},
		{file: "course-only.tcx", wantErr: "not an activity: TCX course", notAct: true},
		{file: "workout-only.tcx", wantErr: "not an activity: TCX workout", notAct: true},
		{file: "no-activities.tcx", wantErr: "TCX has no activities"},
		{file: "gpx-root.tcx", wantErr: "not a TCX file: root element is <gpx>"},
		{file: "malformed.tcx", wantErr: "malformed TCX at line 9"},
	}
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
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Decode(%s) recordings differ (-want +got):\n%s", tt.file, diff)
			}
			// cmp compares times with Equal, which ignores the location.
			for _, r := range got {
				checkUTC(t, tt.file, r)
			}
		})
	}
	// Every fixture is in the table, so none rots unnoticed.
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.tcx"))
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("fixture %s has no row in TestDecodeFixtures", filepath.Base(f))
		}
	}
}

func checkUTC(t *testing.T, name string, r easyday.Recording) {
	t.Helper()
	if !r.Start.IsZero() && r.Start.Location() != time.UTC {
		t.Errorf("Decode(%s) Start location = %v, want UTC", name, r.Start.Location())
	}
	for i, e := range r.Events {
		if e.Time.Location() != time.UTC {
			t.Errorf("Decode(%s) event %d location = %v, want UTC", name, i, e.Time.Location())
			return
		}
	}
}

const minimal = `<TrainingCenterDatabase><Activities><Activity Sport="Running"><Lap StartTime="2024-01-01T00:00:00Z"><Track>` +
	`<Trackpoint><Time>2024-01-01T00:00:00Z</Time></Trackpoint>` +
	`<Trackpoint><Time>2024-01-01T00:00:01Z</Time></Trackpoint>` +
	`</Track></Lap></Activity></Activities></TrainingCenterDatabase>`

func TestDecodeAccepts(t *testing.T) {
	tests := []struct {
		name, input string
	}{
		{"minimal", minimal},
		{"leading spaces before the declaration", "          <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + minimal},
		{"BOM before the declaration", "\xEF\xBB\xBF<?xml version=\"1.0\"?>" + minimal},
		{"prefixed root", strings.ReplaceAll(minimal, "TrainingCenterDatabase>", "t:TrainingCenterDatabase>")},
		{"content after the root", minimal + "<junk>"},
		{"comments and CDATA", strings.Replace(minimal, "2024-01-01T00:00:00Z</Time>", "<![CDATA[2024-01-01T00:00:00Z]]><!-- c --></Time>", 1)},
		{"windows-1252 declaration", "<?xml version=\"1.0\" encoding=\"windows-1252\"?>" + minimal},
	}
	for _, tt := range tests {
		got, err := Decode([]byte(tt.input))
		if err != nil {
			t.Errorf("Decode(%s) error = %v, want nil", tt.name, err)
			continue
		}
		if len(got) != 1 || len(got[0].Samples) != 2 {
			t.Errorf("Decode(%s) = %d recordings, want 1 with 2 samples", tt.name, len(got))
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	deep := "<TrainingCenterDatabase>" + strings.Repeat("<a>", trackxml.MaxDepth) + strings.Repeat("</a>", trackxml.MaxDepth) + "</TrainingCenterDatabase>"
	tests := []struct {
		name, input, want string
	}{
		{"empty", "", "not a TCX file: it is empty"},
		{"only whitespace", " \n\t", "not a TCX file: it is empty"},
		{"only a declaration", `<?xml version="1.0"?>`, "not a TCX file: no root element"},
		{"GPX", `<?xml version="1.0"?><gpx version="1.1"></gpx>`, "not a TCX file: root element is <gpx>"},
		{"FIT bytes", "\x0e\x10\x43\x08\x8f\x00\x00\x00.FIT\x00\x00", "not a TCX file: XML syntax error on line 1: illegal character code U+000E"},
		{"text only", "hello", "not a TCX file: no root element"},
		{"truncated inside an element", minimal[:strings.Index(minimal, "</Activity>")], "malformed TCX at line 1, column 238: unexpected end of file inside <Activity>"},
		{"truncated inside a tag", minimal[:len(minimal)-3], "malformed TCX: XML syntax error on line 1: unexpected EOF"},
		{"mismatched end tag", "<TrainingCenterDatabase>\n<Activities></Activity>", "malformed TCX at line 2, column 24: element <Activities> closed by </Activity>"},
		{"stray end tag", "</TrainingCenterDatabase>", "malformed TCX at line 1, column 26: unexpected end tag </TrainingCenterDatabase>"},
		{"bad entity", "<TrainingCenterDatabase>&nope;</TrainingCenterDatabase>", "malformed TCX: XML syntax error on line 1: invalid character entity &nope;"},
		{"too deep", deep, "elements nested deeper than 256"},
		{"entity declarations", `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>` +
			strings.Replace(minimal, "<Activities>", "<Activities>&lol2;", 1), "malformed TCX at line 1, column 90: entity declarations are not allowed"},
		{"external entity", `<?xml version="1.0"?><!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><TrainingCenterDatabase>&xxe;</TrainingCenterDatabase>`,
			"entity declarations are not allowed"},
		{"a megabyte without markup", "<TrainingCenterDatabase>" + strings.Repeat("x", trackxml.MaxRun+1) + "</TrainingCenterDatabase>",
			"cannot read TCX: more than 1048576 bytes without markup"},
		{"unknown encoding", `<?xml version="1.0" encoding="KOI8-R"?>` + minimal, `cannot read TCX: xml: opening charset "KOI8-R": unsupported character encoding "KOI8-R"`},
		{"root only", "<TrainingCenterDatabase/>", "TCX has no activities"},
		{"long root name", "<" + strings.Repeat("x", 5000) + "/>", "not a TCX file: root element is <" + strings.Repeat("x", 40) + "…>"},
	}
	for _, tt := range tests {
		got, err := Decode([]byte(tt.input))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Decode(%s) error = %v, want %q", tt.name, err, tt.want)
		}
		if got != nil {
			t.Errorf("Decode(%s) = %d recordings with an error, want none", tt.name, len(got))
		}
	}
}

func TestSportOf(t *testing.T) {
	tests := []struct {
		in   string
		want easyday.Sport
		sub  string
	}{
		{"Running", easyday.Running, ""},
		{"running", easyday.Running, ""},
		{" RUNNING ", easyday.Running, ""},
		{"Biking", easyday.Cycling, ""},
		{"biking", easyday.Cycling, ""},
		{"Other", easyday.Generic, ""},
		{"", easyday.Generic, ""},
		{"Rowing", "rowing", ""},
		{"Quidditch", easyday.Generic, ""},
		{"Walking", easyday.Walking, ""},
		{"Swimming", easyday.Swimming, ""},
	}
	for _, tt := range tests {
		if got, sub := sportOf(tt.in); got != tt.want || sub != tt.sub {
			t.Errorf("sportOf(%q) = %q, %q, want %q, %q", tt.in, got, sub, tt.want, tt.sub)
		}
	}
}

func TestDecodeWarnings(t *testing.T) {
	doc := func(trackpoints string) string {
		return `<TrainingCenterDatabase><Activities><Activity Sport="Running"><Lap><Track>` +
			trackpoints + `</Track></Lap></Activity></Activities></TrainingCenterDatabase>`
	}
	tests := []struct {
		name, input string
		samples     int
		hasEvents   bool
		want        []easyday.Warning
	}{
		{"one point without time",
			doc(`<Trackpoint><Time>2024-01-01T00:00:00Z</Time></Trackpoint><Trackpoint/><Trackpoint><Time>2024-01-01T00:00:01Z</Time></Trackpoint>`),
			2, true, []easyday.Warning{{Code: easyday.WarningUntimedPoints, Text: "dropped 1 trackpoint without a usable time"}}},
		{"no point with a time",
			doc(`<Trackpoint><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint><Trackpoint><Time>yesterday</Time></Trackpoint>`),
			0, false, []easyday.Warning{{Code: easyday.WarningUntimedPoints, Text: "dropped 2 trackpoints without a usable time"}, {Code: easyday.WarningNoTrackpoints, Text: "activity has no trackpoints"}}},
		{"half a megabyte of text in a time",
			doc(`<Trackpoint><Time>2024-01-01T00:00:00Z</Time></Trackpoint><Trackpoint><Time>` + strings.Repeat(" ", 1<<19) + `2024-01-01T00:00:01Z</Time></Trackpoint>`),
			1, true, []easyday.Warning{{Code: easyday.WarningUntimedPoints, Text: "dropped 1 trackpoint without a usable time"}}},
		{"clean", doc(`<Trackpoint><Time>2024-01-01T00:00:00Z</Time></Trackpoint>`), 1, true, nil},
	}
	for _, tt := range tests {
		got, err := Decode([]byte(tt.input))
		if err != nil || len(got) != 1 {
			t.Errorf("Decode(%s) = %d recordings, %v; want 1, nil", tt.name, len(got), err)
			continue
		}
		r := got[0]
		if len(r.Samples) != tt.samples || r.HasEvents != tt.hasEvents {
			t.Errorf("Decode(%s) = %d samples, HasEvents %v; want %d, %v", tt.name, len(r.Samples), r.HasEvents, tt.samples, tt.hasEvents)
		}
		if diff := cmp.Diff(tt.want, r.Warnings); diff != "" {
			t.Errorf("Decode(%s) warnings differ (-want +got):\n%s", tt.name, diff)
		}
	}
}

// A lap's timer runs from its first to its last kept trackpoint
// (docs/metrics.md §1.3, §1.4): one trackpoint 20 years off, or one whose
// time goes backwards, stretches no lap, so the pause between laps stays a
// pause and no timer runs for 20 years.
func TestLapTimerKeptPoints(t *testing.T) {
	lap := func(times ...string) string {
		s := `<Lap StartTime="` + times[0] + `"><Track>`
		for _, tm := range times {
			s += `<Trackpoint><Time>` + tm + `</Time><HeartRateBpm><Value>140</Value></HeartRateBpm></Trackpoint>`
		}
		return s + `</Track></Lap>`
	}
	doc := `<TrainingCenterDatabase><Activities><Activity Sport="Running">` +
		lap("2026-06-01T07:00:00Z", "2026-06-01T07:00:30Z", "2026-06-01T07:01:00Z") +
		lap("2026-06-01T07:02:00Z", "2006-06-01T07:02:30Z", "2026-06-01T07:03:00Z") +
		lap("2026-06-01T07:04:00Z", "2026-06-01T07:04:30Z", "2026-06-01T07:03:20Z", "2026-06-01T07:05:00Z") +
		`</Activity></Activities></TrainingCenterDatabase>`
	recs, err := Decode([]byte(doc))
	if err != nil || len(recs) != 1 {
		t.Fatalf("Decode = %d recordings, %v", len(recs), err)
	}
	want := run("2026-06-01T07:00:00Z", "2026-06-01T07:01:00Z", "2026-06-01T07:02:00Z", "2026-06-01T07:03:00Z",
		"2026-06-01T07:04:00Z", "2026-06-01T07:05:00Z")
	if got := recs[0].Events; !cmp.Equal(got, want) {
		t.Errorf("events = %v, want %v", got, want)
	}
}
