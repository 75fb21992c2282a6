package report

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"easyday"
)

// TestNoWellness: without wellness files the readiness line says what to
// drop, and there is no wellness section or chart.
func TestNoWellness(t *testing.T) {
	in := sampleInput("km")
	in.Facts.Readiness = easyday.Readiness{Code: easyday.ReadinessUnknown}
	in.Wellness = nil
	md, _, _ := mustRender(t, in)
	lines := strings.Split(md, "\n")
	if want := "- **Readiness:** no wellness files yet: drop the watch's sleep and HRV files into the inbox to use them."; lines[2] != want {
		t.Errorf("Render(no wellness) line 3 = %q, want %q", lines[2], want)
	}
	if strings.Contains(md, "wellness.svg") || strings.Contains(md, "## Resting HR") {
		t.Errorf("Render(no wellness) has a wellness section")
	}
	dir := t.TempDir()
	if _, err := Write(dir, in); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "2026-10-29-wellness.svg")); !os.IsNotExist(err) {
		t.Errorf("Write(no wellness) wrote a wellness chart: %v", err)
	}
}

// TestReadinessLineMissingSignals: what is missing or old is said, never
// taken as good.
func TestReadinessLineMissingSignals(t *testing.T) {
	in := sampleInput("km")
	d := in.Facts.Date
	y := d - 1
	in.Facts.Readiness = easyday.Readiness{Code: easyday.ReadinessEasy, HasData: true, Signals: []easyday.Signal{
		{Name: easyday.SignalHRV, State: easyday.StateUnknown},
		{Name: easyday.SignalRestingHR, Value: ptr(58), Baseline: ptr(52), State: easyday.StateElevated, Date: &y},
		{Name: easyday.SignalSleep, State: easyday.StateUnknown},
	}}
	md, _, _ := mustRender(t, in)
	want := "- **Readiness: reduced, one signal off.** resting HR 58, usual 52 (elevated); no HRV last night; resting HR from yesterday; no sleep last night."
	if got := strings.Split(md, "\n")[2]; got != want {
		t.Errorf("Render(missing signals) line 3 = %q, want %q", got, want)
	}
}

// TestWellnessChartWellFormed: the chart is one SVG document with a panel
// for each signal, and the same bytes every time.
func TestWellnessChartWellFormed(t *testing.T) {
	in := sampleInput("km")
	b := renderWellnessChart(in.Facts.Date, in.Wellness)
	if string(b) != string(renderWellnessChart(in.Facts.Date, in.Wellness)) {
		t.Error("renderWellnessChart is not deterministic")
	}
	d := xml.NewDecoder(strings.NewReader(string(b)))
	classes := map[string]bool{}
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "g" {
			for _, a := range se.Attr {
				if a.Name.Local == "class" {
					classes[a.Value] = true
				}
			}
		}
	}
	if !classes["resting_hr"] || !classes["hrv"] {
		t.Errorf("wellness chart groups = %v, want resting_hr and hrv", classes)
	}
}

// TestHRVPart: HRV shows the value its state was decided on, the 7-night
// average, against the band that describes it, and last night apart, so a
// night inside the band beside a low status never reads as a bug.
func TestHRVPart(t *testing.T) {
	band := &easyday.HRVBand{Low: 62, High: 76}
	tests := []struct {
		name string
		s    easyday.Signal
		want string
	}{
		{"Garmin low, last night inside the band",
			easyday.Signal{Name: easyday.SignalHRV, Value: ptr(71), Week: ptr(49), LastNight: ptr(71), Band: band, Status: "low", State: easyday.StateBelowNormal},
			"7-night HRV 49 ms, under your usual 62–76 (low: below normal); last night 71 ms"},
		{"Garmin unbalanced above",
			easyday.Signal{Name: easyday.SignalHRV, Value: ptr(80), Week: ptr(81), LastNight: ptr(80), Band: band, Status: "unbalanced", State: easyday.StateAboveNormal},
			"7-night HRV 81 ms, over your usual 62–76 (unbalanced); last night 80 ms"},
		{"Garmin balanced",
			easyday.Signal{Name: easyday.SignalHRV, Value: ptr(70), Week: ptr(68), LastNight: ptr(70), Band: band, Status: "balanced", State: easyday.StateNormal},
			"7-night HRV 68 ms, within your usual 62–76 (balanced); last night 70 ms"},
		{"Garmin status without a weekly average",
			easyday.Signal{Name: easyday.SignalHRV, Value: ptr(70), LastNight: ptr(70), Status: "none", State: easyday.StateUnknown},
			"HRV 70 ms last night (none)"},
		{"own baseline, below",
			easyday.Signal{Name: easyday.SignalHRV, Value: ptr(50), Week: ptr(50), LastNight: ptr(55), Band: &easyday.HRVBand{Low: 58.4, High: 61.7}, State: easyday.StateBelowNormal},
			"7-night HRV 50 ms, under your usual 58–62 (below normal); last night 55 ms"},
		{"own baseline not yet known, no HRV last night",
			easyday.Signal{Name: easyday.SignalHRV, Value: ptr(60), Week: ptr(60), State: easyday.StateUnknown},
			"7-night HRV 60 ms, no usual yet (14 nights needed)"},
	}
	for _, tt := range tests {
		if got := hrvPart(tt.s); got != tt.want {
			t.Errorf("hrvPart(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestWellnessChartGapsAndStop: the wellness chart labels each panel's axis,
// draws the 7-night HRV average, leaves days without data blank (no band
// under them) and says where the files stopped.
func TestWellnessChartGapsAndStop(t *testing.T) {
	d := easyday.MakeDate(2026, time.November, 30)
	var trend []easyday.WellnessTrendDay
	withValue := 0
	for i := range WellnessDays {
		day := d.AddDays(i - WellnessDays + 1)
		tr := easyday.WellnessTrendDay{Date: day, RHRLow: ptr(47), RHRHigh: ptr(53), HRVLow: ptr(58), HRVHigh: ptr(71)}
		if i < 20 { // the files stop ten days before the report
			tr.RHR, tr.HRV, tr.HRVWeek = ptr(50), ptr(64), ptr(63)
			withValue++
		}
		trend = append(trend, tr)
	}
	chart := string(renderWellnessChart(d, trend))
	for _, want := range []string{"Resting heart rate, bpm", "Overnight HRV (rMSSD), ms", `class="hrv_week"`, "no files since 20 Nov"} {
		if !strings.Contains(chart, want) {
			t.Errorf("renderWellnessChart(files stopping on 20 Nov) has no %q", want)
		}
	}
	// One band rectangle per day with a value in each panel, none under the
	// days after the files stopped.
	if n := strings.Count(chart, `fill-opacity="`+bandOpaque+`"`); n != 2*withValue {
		t.Errorf("renderWellnessChart: %d band rectangles, want %d (two panels × %d days with values)", n, 2*withValue, withValue)
	}
	// A report on the day after the last values says nothing of files stopping.
	if chart := string(renderWellnessChart(trend[20].Date, trend)); strings.Contains(chart, "no files since") {
		t.Errorf("renderWellnessChart(the morning after the last values) says the files stopped")
	}
}
