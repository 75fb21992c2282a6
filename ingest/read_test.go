package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/profile/typedef"

	"easyday"
	"easyday/internal/fitgen"
)

// Read tells what a file holds by its content: a FIT file's file_id.type
// picks wellness or activity decoding, and what is neither is a skip with
// its reason.
func TestRead(t *testing.T) {
	t0 := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	gen := func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	file := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("..", "testdata", filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name     string
		data     []byte
		want     Content
		wellness easyday.WellnessKind
		reason   string
	}{
		{"run.fit", file("demo/2026-10-01-run.fit"), Activity, "", ""},
		{"run.gpx", []byte(gpxDoc), Activity, "", ""},
		{"monitoring.fit", gen(fitgen.Monitoring(fitgen.MonitoringDay{Created: t0.Add(6 * time.Hour), HR: []int{60, 61}})), Wellness, easyday.WellnessMonitoring, ""},
		{"sleep.fit", gen(fitgen.Sleep(fitgen.Night{Start: t0.Add(-time.Hour), End: t0.Add(6 * time.Hour), Score: 80,
			Levels: []fitgen.SleepLevel{{Offset: 0, Level: typedef.SleepLevelLight}}})), Wellness, easyday.WellnessSleep, ""},
		{"hrv.fit", gen(fitgen.HRVStatus(fitgen.HRVNight{Start: t0, Values: []float64{60, 62}})), Wellness, easyday.WellnessHRVStatus, ""},
		{"metrics.fit", gen(fitgen.Typed(44, t0)), Skip, "", "not an activity"},
		{"settings.fit", file("quirks/settings.fit"), Skip, "", "settings"},
		{"export.csv", []byte("date,steps\n2026-10-01,1000\n"), Skip, "", "not an activity file"},
	} {
		res, err := Read(NewItem(tc.name, tc.data))
		if err != nil {
			t.Errorf("Read(%s) error %v", tc.name, err)
			continue
		}
		if res.Content != tc.want || res.Wellness.Kind != tc.wellness || (tc.reason == "") != (res.SkipReason == "") ||
			!strings.Contains(res.SkipReason, tc.reason) || (tc.want == Activity) != (len(res.Recordings) > 0) {
			t.Errorf("Read(%s) = content %d, wellness %q, %d recordings, skip %q; want %d, %q, recordings %v, skip saying %q",
				tc.name, res.Content, res.Wellness.Kind, len(res.Recordings), res.SkipReason, tc.want, tc.wellness, tc.want == Activity, tc.reason)
		}
	}
}
