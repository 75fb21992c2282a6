package fit

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"easyday"
	"easyday/internal/corpus"
)

// The corpus holds real device files; it is not part of the project (their
// licences forbid shipping them), so these tests skip when it is absent
// and fail when it is absent in CI.
func readCorpus(t testing.TB, name string) []byte {
	t.Helper()
	return corpus.ReadFile(t, "fit/"+name)
}

// corpusWant is what decoding a corpus file must give; the zero value means
// at least one recording with samples.
type corpusWant struct {
	err      error  // sentinel the error wraps
	errText  string // the error's text contains this
	sessions int    // number of recordings; 0 for any
	warning  string // some recording carries a warning containing this
	clean    bool   // no recording carries any warning
}

var corpusCases = map[string]corpusWant{
	// 14-byte headers with CRC 0x0000 ("not computed"): no warning.
	"python-fitparse__2013-02-06-12-11-14.fit":                {sessions: 1, clean: true},
	"python-fitparse__2015-10-13-08-43-15.fit":                {sessions: 1, clean: true},
	"python-fitparse__Edge810-Vector-2013-08-16-15-35-10.fit": {sessions: 1, clean: true},
	"python-fitparse__sample-activity-indoor-trainer.fit":     {sessions: 1, clean: true},
	"runalyze__Standard.fit":                                  {sessions: 1, clean: true},
	"runalyze__swim-outdoor.fit":                              {sessions: 1, clean: true},
	"sports-lib__garmin.fit":                                  {sessions: 1, clean: true},
	"sports-lib__31-days-activity.fit":                        {sessions: 1, clean: true},

	// Checksums and chained sequences.
	"python-fitparse__activity-filecrc.fit":                 {sessions: 1, warning: "file CRC mismatch: stored 0xB1D5, computed 0xA1D5"},
	"python-fitparse__activity-activity-filecrc.fit":        {sessions: 2, warning: "file CRC mismatch in FIT sequence 2 at byte 771"},
	"python-fitparse__activity-settings.fit":                {sessions: 1, clean: true},
	"python-fitparse__activity-settings-corruptheader.fit":  {sessions: 1, warning: "ignored 83 bytes after the last FIT sequence at byte 771"},
	"muktihari-fit__chained_Activity_activity_poolswim.fit": {sessions: 2, clean: true},

	// Cut short or damaged.
	"python-fitparse__activity-unexpected-eof.fit": {err: ErrTruncated, errText: "truncated: still being copied? 768 of 771 bytes"},
	// A last sequence with a header and no data: as a file still being
	// copied looks, so it is truncated, whichever sequence is cut.
	"python-fitparse__activity-settings-nodata.fit":           {err: ErrTruncated, errText: "truncated: still being copied? FIT sequence 2 at byte 771 is cut short: 15 of 82 bytes"},
	"python-fitparse__nick.fit":                               {sessions: 1, warning: "decoding stopped at byte 403,456"},
	"python-fitparse__strava-android-app-201.10-b1218918.fit": {sessions: 1, warning: "decoding stopped at byte 7,472: message definition missing"},
	"sports-lib__empty-activities.fit":                        {errText: "FIT header declares no data"},
	"sports-lib__empty-sessions.fit":                          {errText: "empty file"},

	// Not activities.
	"python-fitparse__MonitoringFile.fit":               {err: easyday.ErrNotActivity, errText: "daily monitoring file"},
	"python-fitparse__Settings.fit":                     {err: easyday.ErrNotActivity, errText: "settings file"},
	"python-fitparse__Settings2.fit":                    {err: easyday.ErrNotActivity, errText: "settings file"},
	"python-fitparse__nametest.FIT":                     {err: easyday.ErrNotActivity, errText: "settings file"},
	"python-fitparse__WeightScaleMultiUser.fit":         {err: easyday.ErrNotActivity, errText: "weight file"},
	"python-fitparse__WeightScaleSingleUser.fit":        {err: easyday.ErrNotActivity, errText: "weight file"},
	"python-fitparse__WorkoutCustomTargetValues.fit":    {err: easyday.ErrNotActivity, errText: "workout file"},
	"python-fitparse__WorkoutIndividualSteps.fit":       {err: easyday.ErrNotActivity, errText: "workout file"},
	"python-fitparse__WorkoutRepeatGreaterThanStep.fit": {err: easyday.ErrNotActivity, errText: "workout file"},
	"python-fitparse__WorkoutRepeatSteps.fit":           {err: easyday.ErrNotActivity, errText: "workout file"},

	// Devices whose clock was never set: every time counts from the
	// device's power-on, below 0x10000000 (docs/metrics.md §1.3).
	"python-fitparse__antfs-dump.63.fit":             {err: easyday.ErrClockNotSet, errText: "clock not set"},
	"python-fitparse__compressed-speed-distance.fit": {err: easyday.ErrClockNotSet, errText: "clock not set"},

	// Activities without anything to analyse.
	"python-fitparse__DeveloperData.fit":           {errText: "FIT activity has no records with a timestamp"},
	"muktihari-fit__valid_only_contain_fileid.fit": {errText: "FIT activity has a single record"},

	// Several sessions.
	"python-fitparse__activity-large-fenxi2-multisport.fit": {sessions: 7},
	"muktihari-fit__activity_multisport.fit":                {sessions: 2, clean: true},
	"sports-lib__4623204522.fit":                            {sessions: 5, clean: true},
	"runalyze__Multisession.fit":                            {sessions: 2, clean: true},
	"sweatpy__6471559601_ACTIVITY.fit":                      {sessions: 3, clean: true},
	"muktihari-fit__triathlon_summary_first.fit":            {sessions: 5, clean: true},
	"muktihari-fit__triathlon_summary_last.fit":             {sessions: 5, clean: true},
	"python-fitparse__sample_mulitple_header.fit":           {sessions: 5, clean: true},
	"sports-lib__6788312639-1.fit":                          {sessions: 5, clean: true},

	// Base types without the endian bit (0x04, 0x0C), read as Garmin's SDK
	// reads them.
	"sports-lib__971150603.fit": {sessions: 1, clean: true},

	// A file_id type that is invalid does not hide an activity.
	"sports-lib__broken-dates.fit": {sessions: 1, clean: true},
}

func TestCorpus(t *testing.T) {
	dir := corpus.Path(t, "fit")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if !strings.EqualFold(filepath.Ext(name), ".fit") {
			continue
		}
		seen[name] = true
		want := corpusCases[name]
		t.Run(name, func(t *testing.T) {
			recs, err := Decode(readCorpus(t, name))
			if want.err != nil || want.errText != "" {
				if err == nil {
					t.Fatalf("Decode(%s) = %d recordings, want error %q", name, len(recs), want.errText)
				}
				if want.err != nil && !errors.Is(err, want.err) {
					t.Errorf("Decode(%s) error = %v, want it to wrap %v", name, err, want.err)
				}
				if !strings.Contains(err.Error(), want.errText) {
					t.Errorf("Decode(%s) error = %q, want it to contain %q", name, err, want.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%s) error = %v, want recordings", name, err)
			}
			if want.sessions > 0 && len(recs) != want.sessions {
				t.Errorf("Decode(%s) = %d recordings (%v), want %d", name, len(recs), sports(recs), want.sessions)
			}
			samples, warned := 0, false
			for i, r := range recs {
				samples += len(r.Samples)
				if r.Format != "fit" || r.Sport == "" {
					t.Errorf("Decode(%s)[%d] = format %q, sport %q; want fit and a sport", name, i, r.Format, r.Sport)
				}
				if want.clean && len(r.Warnings) > 0 {
					t.Errorf("Decode(%s)[%d].Warnings = %q, want none", name, i, r.Warnings)
				}
				for _, w := range r.Warnings {
					warned = warned || (want.warning != "" && strings.Contains(w.Text, want.warning))
				}
				for j, s := range r.Samples {
					if s.Time == 0 || s.HR < 0 || s.HR > 254 || s.Power < easyday.Missing || s.Distance < easyday.Missing || s.Speed < easyday.Missing {
						t.Fatalf("Decode(%s)[%d].Samples[%d] = %+v, want easyday.Sample conventions", name, i, j, s)
					}
				}
			}
			if samples == 0 {
				t.Errorf("Decode(%s) has no samples, want some", name)
			}
			if want.warning != "" && !warned {
				var all []easyday.Warning
				for _, r := range recs {
					all = append(all, r.Warnings...)
				}
				t.Errorf("Decode(%s) warnings = %q, want one containing %q", name, all, want.warning)
			}
		})
	}
	for name := range corpusCases {
		if !seen[name] {
			t.Errorf("corpus case %s has no file", name)
		}
	}
}

// TestCorpusHRMerge: files whose heart rate is in hr messages (HRM-Swim,
// HRM-Tri, HRM-Pro uploads) get it into their samples.
func TestCorpusHRMerge(t *testing.T) {
	files := []string{
		"python-fitparse__event_timestamp.fit",
		"muktihari-fit__activity_poolswim_with_hr.fit",
		"sports-lib__6688025408.fit",
		"sports-lib__6860712481.fit",
		"fitdecode__garmin-fr935-cr.fit",
		"muktihari-fit__HrmPluginTestActivity.fit",
		"garmin-fit-js-sdk__HrmPluginTestActivity.fit",
	}
	for _, name := range files {
		recs, err := Decode(readCorpus(t, name))
		if err != nil {
			t.Fatalf("Decode(%s) error = %v", name, err)
		}
		var with, total float64
		for _, r := range recs {
			for hr, s := range owned(r, hrKey) {
				total += s
				if hr > 0 {
					with += s
				}
			}
		}
		if total == 0 || with/total < 0.9 {
			t.Errorf("Decode(%s) has heart rate on %.0f of %.0f s of timer time, want at least 90%%", name, with, total)
		}
	}
}

// TestCorpusHRMergeMatchesConnect compares the merged heart rate of a pool
// swim with Garmin Connect's TCX export of the same activity. Connect's merge
// is not published; the SDK's gives the same value on most records and is
// at most a beat or two off on the rest.
func TestCorpusHRMergeMatchesConnect(t *testing.T) {
	recs, err := Decode(readCorpus(t, "sports-lib__6688025408.fit"))
	if err != nil {
		t.Fatal(err)
	}
	tcx := corpus.ReadFile(t, "tcx/sports-lib__6688025408.tcx")
	connect := map[int64]int{}
	text := string(tcx)
	for {
		i := strings.Index(text, "<Time>")
		if i < 0 {
			break
		}
		text = text[i+len("<Time>"):]
		ts, _ := time.Parse(time.RFC3339, text[:strings.Index(text, "<")])
		next := strings.Index(text, "<Time>")
		j := strings.Index(text, "<Value>")
		if j >= 0 && (next < 0 || j < next) {
			var v int
			for _, c := range text[j+len("<Value>"):] {
				if c < '0' || c > '9' {
					break
				}
				v = v*10 + int(c-'0')
			}
			connect[ts.Unix()] = v
		}
	}
	same, near, n := 0, 0, 0
	for _, s := range recs[0].Samples {
		v, ok := connect[s.Time.Time().Unix()]
		if !ok {
			continue
		}
		n++
		switch d := s.HR - v; {
		case d == 0:
			same++
		case d >= -2 && d <= 2:
			near++
		}
	}
	if n < 3000 || float64(same)/float64(n) < 0.8 || same+near < n*99/100 {
		t.Errorf("merged HR vs Connect: %d of %d equal, %d within 2 bpm; want 80%% equal, 99%% within 2", same, n, near)
	}
}

func TestCorpusSummaryFirstLast(t *testing.T) {
	first, err1 := Decode(readCorpus(t, "muktihari-fit__triathlon_summary_first.fit"))
	last, err2 := Decode(readCorpus(t, "muktihari-fit__triathlon_summary_last.fit"))
	if err1 != nil || err2 != nil {
		t.Fatalf("Decode(triathlon_summary_first, _last) errors = %v, %v", err1, err2)
	}
	if diff := cmp.Diff(first, last, cmpopts.IgnoreFields(easyday.Recording{}, "Warnings")); diff != "" {
		t.Errorf("Decode(triathlon_summary_first) differs from _last (-first +last):\n%s", diff)
	}
	want := []string{"swimming/open_water", "transition", "cycling", "transition", "running"}
	if got := sports(first); !slices.Equal(got, want) {
		t.Errorf("Decode(triathlon_summary_first) sports = %v, want %v", got, want)
	}
}

// TestCorpusCompressedTimestamps: records with compressed-timestamp headers
// get their times from the previous full timestamp plus the 5-bit offset.
// (python-fitparse's antfs-dump.63 and compressed-speed-distance have them
// too, but their clocks were never set: TestCorpus sees them rejected.)
func TestCorpusCompressedTimestamps(t *testing.T) {
	for _, name := range []string{"runalyze__FR70-intervals.fit"} {
		recs, err := Decode(readCorpus(t, name))
		if err != nil || len(recs) != 1 {
			t.Fatalf("Decode(%s) = %d recordings, %v", name, len(recs), err)
		}
		r := recs[0]
		end := r.Start.Add(time.Duration(deref(r.ElapsedS) * float64(time.Second)))
		first, last := r.Samples[0].Time, r.Samples[len(r.Samples)-1].Time
		if d := first.Sub(easyday.InstantOf(r.Start)); d < 0 || d > 5*time.Second {
			t.Errorf("Decode(%s) first sample %v, session start %v; want within 5 s", name, first, r.Start)
		}
		if d := end.Sub(last.Time()); d < 0 || d > 5*time.Second {
			t.Errorf("Decode(%s) last sample %v, session end %v; want within 5 s", name, last, end)
		}
		stops := 0
		for _, e := range r.Events {
			if !e.Running {
				stops++
			}
		}
		long := 0
		for i := 1; i < len(r.Samples); i++ {
			d := r.Samples[i].Time.Sub(r.Samples[i-1].Time)
			if d < 0 {
				t.Fatalf("Decode(%s) samples %d→%d go back %v, want forward", name, i-1, i, d)
			}
			if d > 31*time.Second {
				long++
			}
		}
		// A compressed offset covers at most 31 s; longer steps are pauses.
		if long > stops {
			t.Errorf("Decode(%s) has %d steps over 31 s and %d timer stops, want no more steps than stops", name, long, stops)
		}
	}
}

func TestCorpusFields(t *testing.T) {
	ptrInt := func(v int) *int { return &v }
	tests := []struct {
		file   string
		sports []string
		offset *int
		start  string
	}{
		{"muktihari-fit__Activity.fit", []string{"stand_up_paddleboarding"}, ptrInt(-25200), "2021-07-20T21:11:20Z"},
		{"muktihari-fit__chained_Activity_activity_poolswim.fit", []string{"stand_up_paddleboarding", "swimming/lap_swimming"}, ptrInt(-25200), "2021-07-20T21:11:20Z"},
		{"sports-lib__6860622783.fit", []string{"running/treadmill"}, ptrInt(-18000), "2020-02-02T11:19:33Z"},
		{"fitdecode__garmin-fr935-cr.fit", []string{"swimming"}, ptrInt(3600), "2018-03-24T11:02:35Z"},
		{"runalyze__Multisession.fit", []string{"running", "running"}, ptrInt(7200), "2015-05-23T10:52:35Z"},
		{"sports-lib__4623204522.fit", []string{"swimming/open_water", "transition", "cycling", "transition", "running"}, ptrInt(-36000), "2018-10-13T17:05:01Z"},
		{"runalyze__Standard.fit", []string{"running"}, nil, "2014-03-29T11:17:57Z"},
		{"python-fitparse__20170518-191602-1740899583.fit", []string{"fitness_equipment/indoor_rowing"}, ptrInt(3600), "2017-05-18T16:37:30Z"},
		{"sports-lib__broken-dates.fit", []string{"cycling"}, nil, "0001-01-01T00:00:00Z"},
	}
	for _, tc := range tests {
		recs, err := Decode(readCorpus(t, tc.file))
		if err != nil {
			t.Errorf("Decode(%s) error = %v", tc.file, err)
			continue
		}
		if got := sports(recs); !slices.Equal(got, tc.sports) {
			t.Errorf("Decode(%s) sports = %v, want %v", tc.file, got, tc.sports)
		}
		r := recs[0]
		if (r.UTCOffsetS == nil) != (tc.offset == nil) || (r.UTCOffsetS != nil && *r.UTCOffsetS != *tc.offset) {
			t.Errorf("Decode(%s).UTCOffsetS = %v, want %v", tc.file, r.UTCOffsetS, tc.offset)
		}
		if got := r.Start.Format(time.RFC3339); got != tc.start {
			t.Errorf("Decode(%s).Start = %s, want %s", tc.file, got, tc.start)
		}
	}
}

// TestCorpusSigmaNoCRC documents the Sigma file whose header claims exactly the
// file's length but whose last message runs into the place of the CRC: it
// is full length, so it is kept with warnings, not treated as truncated.
func TestCorpusSigmaNoCRC(t *testing.T) {
	recs, err := Decode(readCorpus(t, "python-fitparse__nick.fit"))
	if err != nil || len(recs) != 1 {
		t.Fatalf("Decode(sigma) = %d recordings, %v; want 1", len(recs), err)
	}
	r := recs[0]
	if len(r.Samples) != 14391 || r.Sport != easyday.Cycling || !r.Start.IsZero() || !r.HasEvents {
		t.Errorf("Decode(sigma) = %d samples, sport %s, start %v, events %v; want 14391, cycling, none (the session is lost), events",
			len(r.Samples), r.Sport, r.Start, r.HasEvents)
	}
}

func BenchmarkDecodeBigActivity(b *testing.B) {
	data := readCorpus(b, "muktihari-fit__big_activity.fit")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
