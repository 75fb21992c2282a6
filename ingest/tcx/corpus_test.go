package tcx

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"easyday"
	"easyday/internal/corpus"
)

// The corpus's tcx folder holds real device and app exports (see its
// SOURCES.md). It is not part of the project, so these tests skip when it
// is absent, and fail when it is absent in CI.

// corpusFact is what SOURCES.md says about one file, as decoded here.
type corpusFact struct {
	sports []easyday.Sport // one per recording
	first  string          // first trackpoint of the first recording, RFC 3339 UTC
	hr     int             // trackpoints with heart rate, over all recordings
	total  int             // trackpoints kept, over all recordings
	power  int             // trackpoints with power
	notAct bool            // a course or workout: skipped
}

var (
	run1  = []easyday.Sport{easyday.Running}
	bike1 = []easyday.Sport{easyday.Cycling}
	gen1  = []easyday.Sport{easyday.Generic}
)

// corpusFacts: HR and totals are SOURCES.md's "trackpoints with HR / total".
var corpusFacts = map[string]corpusFact{
	"dblock-tcx__20090528-202902.tcx":                 {run1, "2009-05-28T20:29:02Z", 492, 494, 0, false},
	"dblock-tcx__brighton-beach.tcx":                  {notAct: true},
	"dblock-tcx__cross-country-skiing_activity_1.tcx": {gen1, "2020-12-26T15:14:21Z", 486, 486, 0, false},
	"dblock-tcx__multiple_running_activities.tcx": {[]easyday.Sport{easyday.Running, easyday.Running},
		"2014-12-26T10:00:39Z", 1254, 2717, 0, false},
	"dblock-tcx__pool_swim-activity_1.tcx": {gen1, "2022-08-26T16:35:13Z", 0, 32, 0, false},
	"dblock-tcx__running_activity_2.tcx":   {run1, "2016-07-29T15:00:26Z", 0, 1463, 0, false},
	"dblock-tcx__simple_workout_1.tcx":     {notAct: true},
	"dblock-tcx__sup_activity_1.tcx":       {gen1, "2022-07-16T16:08:25Z", 111, 111, 0, false},
	"dblock-tcx__swim_activity_1.tcx":      {gen1, "2018-08-10T08:39:31Z", 1317, 1317, 0, false},
	"dblock-tcx__treadmill_1.tcx":          {run1, "2025-10-24T15:25:26Z", 215, 215, 0, false},
	"dblock-tcx__walking_activity_1.tcx":   {gen1, "2018-10-01T15:00:44Z", 660, 660, 0, false},
	"python-tcxparser__no_hr.tcx":          {run1, "2012-12-26T21:29:53Z", 0, 384, 0, false},
	"python-tcxparser__test.tcx":           {run1, "2012-12-26T21:29:53Z", 383, 384, 0, false},
	"runalyze__First-point-empty.tcx":      {bike1, "2015-07-09T08:38:33Z", 0, 24, 0, false},
	"runalyze__Multisport.tcx": {[]easyday.Sport{easyday.Cycling, easyday.Running, easyday.Cycling},
		"2013-04-18T16:14:21Z", 981, 1010, 0, false},
	"runalyze__Polar-one-lap-indoor-with-distance.tcx": {bike1, "2018-02-05T12:16:03.661Z", 13, 13, 0, false},
	"runalyze__Power-ns2-extension.tcx":                {bike1, "2016-12-11T13:54:56Z", 2731, 2731, 2731, false},
	"runalyze__Route-only.tcx":                         {notAct: true},
	"runalyze__Runtastic.tcx":                          {run1, "2015-05-10T14:13:32Z", 15, 22, 0, false},
	"runalyze__Standard.tcx":                           {run1, "2011-07-10T09:47:00Z", 1519, 1528, 0, false},
	"runalyze__Swim-without-time_by-Timekiller.tcx":    {gen1, "2012-04-13T11:51:59Z", 0, 53, 0, false},
	"runalyze__Treadmill-doubled-cadence.tcx":          {run1, "2016-01-07T17:39:11Z", 255, 262, 0, false},
	"runalyze__Wrong-time-zone-by-polar.tcx":           {run1, "2016-04-10T17:40:59Z", 1922, 1923, 0, false},
	"runalyze__missing-distances.tcx":                  {run1, "2010-12-27T14:46:30Z", 0, 36, 0, false},
	"runalyze__negative-pause.tcx":                     {bike1, "2016-09-22T14:33:44Z", 124, 124, 124, false},
	"runalyze__watt-extension-without-namespace.tcx":   {bike1, "2013-11-03T13:05:00Z", 27, 27, 27, false},
	"sports-lib__6281425038.tcx":                       {run1, "2016-09-12T11:19:56Z", 1545, 1545, 0, false},
	"sports-lib__6688025408.tcx":                       {gen1, "2020-10-23T11:11:04Z", 3999, 3999, 0, false},
	"sports-lib__6860622783.tcx":                       {run1, "2020-02-02T11:19:33Z", 3101, 3101, 0, false},
	"sports-lib__6860712481.tcx":                       {gen1, "2019-07-21T13:15:00Z", 2875, 2875, 0, false},
	"sports-lib__movescount.tcx":                       {run1, "2018-02-23T16:55:43Z", 903, 903, 0, false},
	"sports-lib__unknown_example.tcx":                  {run1, "2017-05-09T18:14:32Z", 752, 752, 0, false},
	"sweatpy__3173437224.tcx":                          {run1, "2019-01-29T10:25:13Z", 3507, 3507, 0, false},
	"sweatpy__activity_4801048867.tcx":                 {bike1, "2020-04-18T11:10:44Z", 5166, 5166, 0, false},
	"sweatpy__activity_5039744860.tcx":                 {bike1, "2020-06-01T14:52:40Z", 100, 100, 98, false},
	"tcxreader__mapmyride_biking.tcx":                  {bike1, "2022-11-12T15:58:25.8498Z", 0, 3112, 0, false},
}

func TestDecodeCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpus.Path(t, "tcx"), "*.tcx"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no TCX files in the corpus (%v)", err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(f)
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			recs, err := Decode(data)
			fact, known := corpusFacts[name]
			if errors.Is(err, easyday.ErrNotActivity) {
				if known && !fact.notAct {
					t.Errorf("Decode(%s) error = %v, want recordings", name, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%s) error = %v, want nil", name, err)
			}
			if known && fact.notAct {
				t.Fatalf("Decode(%s) = %d recordings, want ErrNotActivity", name, len(recs))
			}
			var hr, total, power, alt int
			for i, r := range recs {
				if len(r.Samples) == 0 {
					t.Errorf("Decode(%s) recording %d has no samples", name, i)
				}
				if r.Format != "tcx" || r.Start.IsZero() || !r.HasEvents || len(r.Events) == 0 {
					t.Errorf("Decode(%s) recording %d: format %q, start %v, %d events (HasEvents %v), want tcx, a start, events",
						name, i, r.Format, r.Start, len(r.Events), r.HasEvents)
				}
				checkUTC(t, name, r)
				checkEvents(t, name, r.Events)
				for _, s := range r.Samples {
					total++
					if s.HR > 0 {
						hr++
					}
					if s.Power != easyday.Missing {
						power++
					}
					if s.Altitude != easyday.Missing {
						alt++
					}
				}
			}
			// In the corpus every AltitudeMeters sits in a trackpoint with a
			// time, and each becomes a sample's altitude.
			if tags := bytes.Count(data, []byte("<AltitudeMeters>")); alt != tags {
				t.Errorf("Decode(%s) samples with altitude = %d, want one per AltitudeMeters (%d)", name, alt, tags)
			}
			if !known {
				t.Logf("no facts recorded for %s: %d recordings, %d/%d samples with HR", name, len(recs), hr, total)
				return
			}
			if len(recs) != len(fact.sports) {
				t.Fatalf("Decode(%s) = %d recordings, want %d", name, len(recs), len(fact.sports))
			}
			for i, r := range recs {
				if r.Sport != fact.sports[i] {
					t.Errorf("Decode(%s) recording %d sport = %q, want %q", name, i, r.Sport, fact.sports[i])
				}
			}
			if got := recs[0].Samples[0].Time; !got.Time().Equal(ts(fact.first)) {
				t.Errorf("Decode(%s) first sample time = %v, want %s", name, got, fact.first)
			}
			if hr != fact.hr || total != fact.total || power != fact.power {
				t.Errorf("Decode(%s) samples with HR/total/power = %d/%d/%d, want %d/%d/%d",
					name, hr, total, power, fact.hr, fact.total, fact.power)
			}
		})
	}
	for name := range corpusFacts {
		if !seen[name] {
			t.Errorf("corpus file %s is listed in corpusFacts but missing", name)
		}
	}
}

// checkEvents asserts the timer alternates start, stop in time order.
func checkEvents(t *testing.T, name string, ev []easyday.TimerEvent) {
	t.Helper()
	for i, e := range ev {
		if e.Running != (i%2 == 0) {
			t.Errorf("Decode(%s) event %d running = %v, want %v", name, i, e.Running, i%2 == 0)
			return
		}
		if i > 0 && e.Time.Before(ev[i-1].Time) {
			t.Errorf("Decode(%s) event %d at %v before event %d at %v", name, i, e.Time, i-1, ev[i-1].Time)
			return
		}
	}
}

// TestDecodeCorpusSummaries checks lap sums and the timeline of files whose
// laps are unusual.
func TestDecodeCorpusSummaries(t *testing.T) {
	tests := []struct {
		file            string
		start           string
		timerS, distM   float64
		events          int
		firstStop, last string // first stop event and last event
	}{
		// Laps 2 and 3 lie inside lap 1 (the "negative pause"): one span.
		{"runalyze__negative-pause.tcx", "2016-09-22T14:33:51Z", 8133.5, 72420, 2,
			"2016-09-22T14:44:25Z", "2016-09-22T14:44:25Z"},
		// 30 laps, 7 of them a single trackpoint (no time, and the last three are
		// such); the others touch.
		{"runalyze__Swim-without-time_by-Timekiller.tcx", "2012-04-13T11:51:59Z", 2165.075, 0, 46,
			"2012-04-13T11:53:04Z", "2012-04-13T12:24:32Z"},
		// Polar writes +01:00 offsets; the start is its UTC instant.
		{"runalyze__Wrong-time-zone-by-polar.tcx", "2016-04-10T17:40:58Z", 1923, 3642.6, 14,
			"", ""},
	}
	for _, tt := range tests {
		data := corpus.ReadFile(t, "tcx/"+tt.file)
		recs, err := Decode(data)
		if err != nil || len(recs) != 1 {
			t.Fatalf("Decode(%s) = %d recordings, %v; want 1, nil", tt.file, len(recs), err)
		}
		r := recs[0]
		if !r.Start.Equal(ts(tt.start)) {
			t.Errorf("Decode(%s) Start = %v, want %s", tt.file, r.Start, tt.start)
		}
		if r.TimerS == nil || !near(*r.TimerS, tt.timerS) {
			t.Errorf("Decode(%s) TimerS = %v, want %v", tt.file, deref(r.TimerS), tt.timerS)
		}
		if r.DistanceM == nil || !near(*r.DistanceM, tt.distM) {
			t.Errorf("Decode(%s) DistanceM = %v, want %v", tt.file, deref(r.DistanceM), tt.distM)
		}
		if r.ElapsedS != nil || r.UTCOffsetS != nil {
			t.Errorf("Decode(%s) ElapsedS, UTCOffsetS = %v, %v, want nil, nil", tt.file, r.ElapsedS, r.UTCOffsetS)
		}
		if len(r.Events) != tt.events {
			t.Fatalf("Decode(%s) = %d events, want %d", tt.file, len(r.Events), tt.events)
		}
		if tt.firstStop != "" && !r.Events[1].Time.Equal(ts(tt.firstStop)) {
			t.Errorf("Decode(%s) first stop = %v, want %s", tt.file, r.Events[1].Time, tt.firstStop)
		}
		if tt.last != "" && !r.Events[len(r.Events)-1].Time.Equal(ts(tt.last)) {
			t.Errorf("Decode(%s) last event = %v, want %s", tt.file, r.Events[len(r.Events)-1].Time, tt.last)
		}
	}
}

// near allows for the float32 values some writers print in full.
func near(a, b float64) bool { return a-b < 1e-3 && b-a < 1e-3 }

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
