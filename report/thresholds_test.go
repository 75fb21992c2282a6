package report

import (
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/analysis"
)

// thresholdsInput is the sample with what the history suggests on its
// day: a run LTHR from a 30-minute test, max HR from the same run, resting
// HR from the wellness files and a starting FTP, and two keys not
// demonstrated.
func thresholdsInput(unit easyday.DistanceUnit) Input {
	in := sampleInput(unit)
	day := in.Facts.Date
	run := easyday.Activity{ID: 41, Sport: easyday.Running, LocalDate: day.AddDays(-3),
		StartUTC: time.Date(2026, 10, 26, 7, 12, 0, 0, time.UTC), UTCOffsetS: 0}
	ride := easyday.Activity{ID: 42, Sport: easyday.Cycling, LocalDate: day.AddDays(-20),
		StartUTC: time.Date(2026, 10, 9, 17, 30, 0, 0, time.UTC)}
	for i, th := range in.Profile.Thresholds {
		if th.From == easyday.MakeDate(2026, 9, 1) {
			in.Profile.Thresholds[i].FTP = 0
		}
	}
	in.Suggestions = []ThresholdNote{
		{Suggestion: analysis.Suggestion{Key: easyday.KeyRunLTHR, Value: 176.2, InForce: 170, Activity: &run},
			Effort: &analysis.Effort{Rule: analysis.RuleFriel30, StartS: 735, DurS: 1200, Mean: 176.2}},
		{Suggestion: analysis.Suggestion{Key: easyday.KeyFTP, Value: 266, Starting: true, Activity: &ride},
			Effort: &analysis.Effort{Rule: analysis.RuleCoggan20, StartS: 900, DurS: 1200, Mean: 280}},
		{Suggestion: analysis.Suggestion{Key: easyday.KeyMaxHR, Value: 194, InForce: 190, Activity: &run},
			Effort: &analysis.Effort{Rule: analysis.RulePeak30s, StartS: 2710, DurS: 30, Mean: 194}},
		{Suggestion: analysis.Suggestion{Key: easyday.KeyRestingHR, Value: 45.5, InForce: 50}},
	}
	var sugs []analysis.Suggestion
	for _, s := range in.Suggestions {
		sugs = append(sugs, s.Suggestion)
	}
	in.Adopt = analysis.Adopt(sugs, in.Profile, day)
	in.Facts.Thresholds.NotDemonstrated = []easyday.ThresholdKey{easyday.KeyBikeLTHR, easyday.KeyRunThresholdPace}
	return in
}

// The Thresholds section says what each suggestion rests on and how to
// adopt it, in the athlete's unit.
func TestThresholdSuggestions(t *testing.T) {
	for _, tt := range []struct {
		unit easyday.DistanceUnit
		pace string
	}{{"km", `run_threshold_pace = "4:30/km"`}, {"mi", `run_threshold_pace = "4:30/km"`}} {
		md, _, _ := mustRender(t, thresholdsInput(tt.unit))
		i := strings.Index(md, "## Thresholds")
		section := md[i : i+strings.Index(md[i:], "## Data notes")]
		for _, want := range []string{
			"In force since Tuesday 1 September 2026 (58 days): run LTHR 170 bpm, bike LTHR 160 bpm, FTP not set,",
			"**Run LTHR 176 bpm** (170 bpm in force): the running activity of Monday 26 October 2026, started 07:12, " +
				"held 176 bpm for the 20 minutes from minute 12, after 10 hard minutes (Friel's 30-minute test",
			"A race reads higher than a solo effort",
			"**FTP: none set.** Starting value: the cycling activity of Friday 9 October 2026, started 17:30, " +
				"held 280 W for the 20 minutes from minute 15 (Coggan's 95% of 20 minutes), which gives 266 W.",
			"**Max HR 194 bpm** (190 bpm in force): the running activity of Monday 26 October 2026, started 07:12, " +
				"held 194 bpm for 30 seconds from minute 45, at the end of a hard effort (30-second peak).",
			"change `max_hr = 194` in `[athlete]`, then run `easyday recompute`: every load is recomputed with it.",
			"**Resting HR 46 bpm** (50 bpm in force): the median of your wellness files' resting heart rate over the last 30 days.",
			"change `resting_hr = 46` in `[athlete]`",
			"`easyday recompute --since 2026-10-09`",
			"`easyday thresholds --add`",
			"```toml\n[[thresholds]]\nfrom = 2026-10-09\nrun_lthr = 170\nbike_lthr = 160\nftp = 266\n" + tt.pace + "\n\n" +
				"[[thresholds]]\nfrom = 2026-10-26\nrun_lthr = 176\nbike_lthr = 160\nftp = 266\n" + tt.pace + "\n```",
			"*Not demonstrated in the last 56 days:* bike LTHR, threshold pace",
			"no number or advice changes",
		} {
			if !strings.Contains(section, want) {
				t.Errorf("Render(%s) thresholds has no %q:\n%s", tt.unit, want, section)
			}
		}
	}
	// No suggestion: none of it.
	md, _, _ := mustRender(t, sampleInput("km"))
	for _, no := range []string{"in force):", "```toml", "Not demonstrated"} {
		if strings.Contains(md, no) {
			t.Errorf("Render(sample) with no suggestions shows %q", no)
		}
	}
}
