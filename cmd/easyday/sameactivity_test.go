package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/internal/fitgen"
)

// swimStart is the start of the swim the FIT and TCX tests save twice.
var swimStart = time.Date(2026, 9, 20, 6, 30, 0, 0, time.UTC)

// swimPoint is the swim's sample at second s: heart rate and distance.
func swimPoint(s int) (hr int, dist float64) { return 120 + s%11, 0.8 * float64(s) }

// swimFIT is a 30-minute pool swim as the watch saves it.
func swimFIT(t *testing.T) []byte {
	t.Helper()
	var pts []fitgen.Point
	for s := 0; s <= 1800; s += 5 {
		hr, d := swimPoint(s)
		pts = append(pts, fitgen.Point{Offset: time.Duration(s) * time.Second, HR: hr, Power: easyday.Missing, Distance: d, Speed: 0.8})
	}
	b, err := fitgen.Build(fitgen.Spec{Start: swimStart, UTCOffset: time.Hour,
		Sessions: []fitgen.Session{{Sport: "swimming", SubSport: "lap_swimming", Points: pts}}})
	check(t, err)
	return b
}

// swimTCX is the same swim as a TCX export, whose sport is "Other".
func swimTCX() []byte {
	var b strings.Builder
	ts := func(s int) string { return swimStart.Add(time.Duration(s) * time.Second).Format(time.RFC3339) }
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Other"><Id>%s</Id><Lap StartTime="%s"><TotalTimeSeconds>1800</TotalTimeSeconds><DistanceMeters>1440</DistanceMeters><Track>
`, ts(0), ts(0))
	for s := 0; s <= 1800; s += 5 {
		hr, d := swimPoint(s)
		fmt.Fprintf(&b, "<Trackpoint><Time>%s</Time><DistanceMeters>%.1f</DistanceMeters><HeartRateBpm><Value>%d</Value></HeartRateBpm></Trackpoint>\n", ts(s), d, hr)
	}
	b.WriteString("</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n")
	return []byte(b.String())
}

// A swim saved as FIT and as TCX ("Other") is one activity whichever comes
// first: the swim keeps its sport, the TCX row is a duplicate, and the
// day's load counts once.
func TestSwimAsFITAndTCX(t *testing.T) {
	for _, order := range [][]string{{"swim.fit", "swim.tcx"}, {"swim.tcx", "swim.fit"}} {
		t.Run(order[0]+" first", func(t *testing.T) {
			e := newEnv(t, testConfig)
			body := map[string][]byte{"swim.fit": swimFIT(t), "swim.tcx": swimTCX()}
			for _, name := range order {
				writeFile(t, filepath.Join(e.dir, "inbox", name), body[name])
				e.mustRun(0, "ingest")
				acts := e.activities()
				if len(acts) != 1 {
					t.Fatalf("after %s: %d activities, want 1", name, len(acts))
				}
			}
			acts := e.activities()
			if a := acts[0]; a.Sport != easyday.Swimming || a.SubSport != "lap_swimming" || a.Format != easyday.FormatFIT || !(a.Load > 0) {
				t.Errorf("stored swim: %s/%s from %s, load %.1f; want swimming/lap_swimming from the FIT, with a load", a.Sport, a.SubSport, a.Format, a.Load)
			}
			for _, f := range e.files() {
				want := easyday.StatusIngested
				if strings.HasSuffix(f.Path, ".tcx") {
					want = easyday.StatusDuplicate
				}
				if f.Status != want {
					t.Errorf("%s: %s (%s), want %s", filepath.Base(f.Path), f.Status, f.Reason, want)
				}
			}
			var days []easyday.Day
			decode(t, e.mustRun(0, "days", "--json"), &days)
			if len(days) != 1 || days[0].Load != easyday.Round(acts[0].Load, 4) {
				t.Errorf("days: %+v, want one day with the swim's load %.4f once", days, acts[0].Load)
			}
		})
	}
}

// decode reads a command's JSON output into v, failing the test when it is not.
func decode(t *testing.T, out string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
}

// rideFIT is an hour's ride with heart rate, and with power when power is
// set, as two head units save the same ride.
func rideFIT(t *testing.T, power bool) []byte {
	t.Helper()
	start := time.Date(2026, 9, 21, 7, 0, 0, 0, time.UTC)
	var pts []fitgen.Point
	for s := 0; s <= 3600; s++ {
		w := easyday.Missing
		if power {
			w = 180 + s%40
		}
		pts = append(pts, fitgen.Point{Offset: time.Duration(s) * time.Second, HR: 130 + s%20, Power: w, Distance: 8 * float64(s), Speed: 8})
	}
	b, err := fitgen.Build(fitgen.Spec{Start: start, Sessions: []fitgen.Session{{Sport: "cycling", Points: pts}}})
	check(t, err)
	return b
}

// The copy of a ride with power wins over the same ride without, whichever
// arrives first: its power seconds count when the commit compares the two
// copies, as the stored one's do.
func TestRideWithPowerWins(t *testing.T) {
	for _, order := range [][]string{{"plain.fit", "power.fit"}, {"power.fit", "plain.fit"}} {
		t.Run(order[0]+" first", func(t *testing.T) {
			e := newEnv(t, testConfig)
			body := map[string][]byte{"plain.fit": rideFIT(t, false), "power.fit": rideFIT(t, true)}
			for _, name := range order {
				writeFile(t, filepath.Join(e.dir, "inbox", name), body[name])
				e.mustRun(0, "ingest")
			}
			acts := e.activities()
			if len(acts) != 1 || filepath.Base(acts[0].Source) != "power.fit" || acts[0].NPW == nil {
				t.Fatalf("activities = %+v, want one, the copy with power", acts)
			}
			for _, f := range e.files() {
				want := easyday.StatusIngested
				if filepath.Base(f.Path) == "plain.fit" {
					want = easyday.StatusDuplicate
				}
				if f.Status != want {
					t.Errorf("%s: %s (%s), want %s", filepath.Base(f.Path), f.Status, f.Reason, want)
				}
			}
		})
	}
}
