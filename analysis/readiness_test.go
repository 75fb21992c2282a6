package analysis

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"easyday"
)

// wd is day D of the readiness tests, the facts tests' day.
var wd = day

// rhrDays gives the RHR values to the days ending with last, oldest first.
func rhrDays(last easyday.Date, vals ...int) []easyday.WellnessDay {
	var out []easyday.WellnessDay
	for i, v := range vals {
		out = append(out, easyday.WellnessDay{Date: last - easyday.Date(len(vals)-1-i), RHR: ref(v)})
	}
	return out
}

// metricsRHRBaseline is docs/metrics.md §11's RHR oracle baseline (mean 50.0, SD 1.6475).
var metricsRHRBaseline = []int{50, 52, 48, 50, 53, 47, 50, 51, 49, 50, 51, 52, 48, 49}

func signal(r easyday.Readiness, name easyday.SignalName) easyday.Signal {
	for _, s := range r.Signals {
		if s.Name == name {
			return s
		}
	}
	return easyday.Signal{}
}

func TestReadinessRestingHROracle(t *testing.T) {
	tests := []struct {
		name     string
		base     []int
		today    int
		state    easyday.SignalState
		baseline float64 // NaN: none
	}{
		{"53 is elevated (3 ≥ max(3, 1.6475))", metricsRHRBaseline, 53, easyday.StateElevated, 50},
		{"52 is not elevated", metricsRHRBaseline, 52, easyday.StateNormal, 50},
		{"13 baseline days: no baseline, unknown", metricsRHRBaseline[1:], 53, easyday.StateUnknown, math.NaN()},
	}
	for _, tt := range tests {
		days := append(rhrDays(wd-1, tt.base...), rhrDays(wd, tt.today)...)
		r := Readiness(wd, days)
		s := signal(r, easyday.SignalRestingHR)
		if s.State != tt.state || s.Value == nil || *s.Value != float64(tt.today) || s.Date == nil || *s.Date != wd {
			t.Errorf("%s: resting HR signal = %+v, want state %s, value %d on %s", tt.name, s, tt.state, tt.today, wd)
		}
		switch {
		case math.IsNaN(tt.baseline) && s.Baseline != nil:
			t.Errorf("%s: baseline = %v, want none", tt.name, *s.Baseline)
		case !math.IsNaN(tt.baseline) && (s.Baseline == nil || !near(*s.Baseline, tt.baseline, 1e-9)):
			t.Errorf("%s: baseline = %v, want %v", tt.name, s.Baseline, tt.baseline)
		}
	}
	// The SD of the oracle is 1.6475.
	var xs []float64
	for _, v := range metricsRHRBaseline {
		xs = append(xs, float64(v))
	}
	if m, sd := meanSD(xs); !near(m, 50, 1e-9) || !near(sd, 1.6475, 1e-4) {
		t.Errorf("meanSD(oracle) = %v, %v, want 50, 1.6475", m, sd)
	}
}

func TestReadinessRestingHRFromYesterday(t *testing.T) {
	// No value today: yesterday's is used and named; its baseline is the 60
	// days before yesterday.
	days := append(rhrDays(wd-2, metricsRHRBaseline...), rhrDays(wd-1, 53)...)
	s := signal(Readiness(wd, days), easyday.SignalRestingHR)
	if s.State != easyday.StateElevated || s.Date == nil || *s.Date != wd-1 {
		t.Errorf("resting HR from yesterday = %+v, want elevated on %s", s, wd-1)
	}
	// Values outside 25–120 bpm are missing: the day before has none either.
	days = []easyday.WellnessDay{{Date: wd}}
	rows := []easyday.WellnessRow{
		{Day: wd, WellnessValue: easyday.WellnessValue{Time: wd.Time().Add(8 * time.Hour), Metric: easyday.MetricRestingHR, Value: 24}},
		{Day: wd, WellnessValue: easyday.WellnessValue{Time: wd.Time().Add(9 * time.Hour), Metric: easyday.MetricRestingHR, Value: 121}},
	}
	if got := WellnessDays(rows); len(got) != 0 {
		t.Errorf("WellnessDays(RHR 24 and 121) = %+v, want no day", got)
	}
	if s := signal(Readiness(wd, days), easyday.SignalRestingHR); s.State != easyday.StateUnknown || s.Value != nil {
		t.Errorf("resting HR with no value = %+v, want unknown", s)
	}
	// The baseline window is the 60 calendar days before the day used: a
	// value 61 days before does not count.
	days = append(rhrDays(wd-61, 40), rhrDays(wd-13, metricsRHRBaseline[1:]...)...)
	days = append(days, rhrDays(wd, 53)...)
	if s := signal(Readiness(wd, days), easyday.SignalRestingHR); s.State != easyday.StateUnknown {
		t.Errorf("resting HR with 13 days in the window and one 61 days back = %+v, want unknown", s)
	}
}

// hrvNights gives the nightly rMSSD values (5-minute means, no summary) to
// the nights ending with last.
func hrvNights(last easyday.Date, vals ...float64) []easyday.WellnessDay {
	var out []easyday.WellnessDay
	for i, v := range vals {
		out = append(out, easyday.WellnessDay{Date: last - easyday.Date(len(vals)-1-i), HRVLastNightMS: ref(v)})
	}
	return out
}

var metricsHRVBaseline = []float64{60, 62, 58, 61, 59, 63, 60, 57, 61, 60, 62, 59, 58, 61}

func TestReadinessHRVBaselineOracle(t *testing.T) {
	tests := []struct {
		name  string
		week  float64
		state easyday.SignalState
	}{
		{"7 nights of 50: ln-mean 3.9120 < 4.0812", 50, easyday.StateBelowNormal},
		{"7 nights of 60: ln-mean 4.0943", 60, easyday.StateNormal},
	}
	for _, tt := range tests {
		days := append(hrvNights(wd-7, metricsHRVBaseline...), hrvNights(wd, slices.Repeat([]float64{tt.week}, 7)...)...)
		s := signal(Readiness(wd, days), easyday.SignalHRV)
		if s.State != tt.state || s.Value == nil || !near(*s.Value, tt.week, 1e-9) {
			t.Errorf("%s: HRV signal = %+v, want %s", tt.name, s, tt.state)
		}
		if s.Week == nil || !near(*s.Week, tt.week, 1e-9) || s.LastNight == nil || *s.LastNight != tt.week {
			t.Errorf("%s: HRV signal week, last night = %v, %v, want the 7-night mean and the night of %s", tt.name, s.Week, s.LastNight, wd)
		}
	}
	var xs []float64
	for _, v := range metricsHRVBaseline {
		xs = append(xs, math.Log(v))
	}
	if m, sd := meanSD(xs); !near(m, 4.0951, 1e-4) || !near(sd, 0.0278, 1e-4) || !near(m-0.5*sd, 4.0812, 1e-4) {
		t.Errorf("ln baseline = %v, %v, want 4.0951, 0.0278", m, sd)
	}
	// Too few nights: 2 in the week, or 13 in the baseline.
	days := append(hrvNights(wd-7, metricsHRVBaseline...), hrvNights(wd, 50, 50)...)
	if s := signal(Readiness(wd, days), easyday.SignalHRV); s.State != easyday.StateUnknown {
		t.Errorf("2 nights this week: %+v, want unknown", s)
	}
	days = append(hrvNights(wd-7, metricsHRVBaseline[1:]...), hrvNights(wd, slices.Repeat([]float64{50}, 7)...)...)
	if s := signal(Readiness(wd, days), easyday.SignalHRV); s.State != easyday.StateUnknown {
		t.Errorf("13 baseline nights: %+v, want unknown", s)
	}
}

func TestReadinessHRVGarminStatus(t *testing.T) {
	band := &easyday.HRVBand{Low: 83, High: 97}
	tests := []struct {
		status string
		weekly float64
		state  easyday.SignalState
	}{
		{"balanced", 85, easyday.StateNormal},
		{"low", 70, easyday.StateBelowNormal},
		{"poor", 60, easyday.StateBelowNormal},
		{"unbalanced", 80, easyday.StateBelowNormal},
		{"unbalanced", 100, easyday.StateAboveNormal},
		{"none", 85, easyday.StateUnknown},
	}
	for _, tt := range tests {
		// A baseline of our own that would say "below normal" must not
		// matter: Garmin's status decides.
		days := append(hrvNights(wd-7, metricsHRVBaseline...), hrvNights(wd-1, 40, 40, 40, 40, 40, 40)...)
		days = append(days, easyday.WellnessDay{Date: wd, HRVSummary: true, HRVStatus: ref(tt.status),
			HRVWeeklyMS: ref(tt.weekly), HRVLastNightMS: ref(90.0), HRVBaseline: band})
		s := signal(Readiness(wd, days), easyday.SignalHRV)
		if s.State != tt.state || s.Status != tt.status || s.Value == nil || *s.Value != 90 {
			t.Errorf("status %s, weekly %v: HRV signal = %+v, want %s", tt.status, tt.weekly, s, tt.state)
		}
		// The status describes the weekly average: the report shows it, and
		// last night apart.
		if s.Week == nil || *s.Week != tt.weekly || s.LastNight == nil || *s.LastNight != 90 {
			t.Errorf("status %s, weekly %v: HRV signal week, last night = %v, %v, want %v, 90", tt.status, tt.weekly, s.Week, s.LastNight, tt.weekly)
		}
	}
}

func TestReadinessSleep(t *testing.T) {
	for _, tt := range []struct {
		score *int
		state easyday.SignalState
	}{{ref(59), easyday.StatePoor}, {ref(60), easyday.StateNormal}, {nil, easyday.StateUnknown}} {
		s := signal(Readiness(wd, []easyday.WellnessDay{{Date: wd, SleepScore: tt.score, SleepS: ref(7 * 3600.0)}}), easyday.SignalSleep)
		if s.State != tt.state || s.Seconds == nil || *s.Seconds != 7*3600 {
			t.Errorf("sleep score %v: %+v, want %s", tt.score, s, tt.state)
		}
	}
	// Last night's sleep only: an older night is not today's.
	if s := signal(Readiness(wd, []easyday.WellnessDay{{Date: wd - 1, SleepScore: ref(40)}}), easyday.SignalSleep); s.State != easyday.StateUnknown {
		t.Errorf("sleep from the night before last = %+v, want unknown", s)
	}
}

func TestReadinessCode(t *testing.T) {
	elevated := append(rhrDays(wd-1, metricsRHRBaseline...), rhrDays(wd, 55)...)
	normalRHR := append(rhrDays(wd-1, metricsRHRBaseline...), rhrDays(wd, 50)...)
	withToday := func(days []easyday.WellnessDay, f func(*easyday.WellnessDay)) []easyday.WellnessDay {
		days = slices.Clone(days)
		f(&days[len(days)-1])
		return days
	}
	low := func(w *easyday.WellnessDay) { w.HRVSummary, w.HRVStatus = true, ref("low") }
	poor := func(w *easyday.WellnessDay) { w.SleepScore = ref(40) }
	tests := []struct {
		name string
		days []easyday.WellnessDay
		code easyday.ReadinessCode
	}{
		{"nothing", nil, easyday.ReadinessUnknown},
		{"RHR without a baseline", rhrDays(wd, 70), easyday.ReadinessUnknown},
		{"RHR normal only", normalRHR, easyday.ReadinessNormal},
		{"RHR elevated only", elevated, easyday.ReadinessEasy},
		{"RHR elevated, HRV low", withToday(elevated, low), easyday.ReadinessRecover},
		{"all three off", withToday(withToday(elevated, low), poor), easyday.ReadinessRecover},
		{"poor sleep, RHR normal", withToday(normalRHR, poor), easyday.ReadinessEasy},
	}
	for _, tt := range tests {
		r := Readiness(wd, tt.days)
		if r.Code != tt.code {
			t.Errorf("Readiness(%s) = %s, want %s", tt.name, r.Code, tt.code)
		}
		var names []easyday.SignalName
		for _, s := range r.Signals {
			names = append(names, s.Name)
		}
		if !slices.Equal(names, []easyday.SignalName{"hrv", "resting_hr", "sleep"}) {
			t.Errorf("Readiness(%s) signals = %v, want hrv, resting_hr, sleep", tt.name, names)
		}
	}
}

func TestTemper(t *testing.T) {
	elevated := append(rhrDays(wd-1, 52, 52, 51, 53, 52, 52, 51, 53, 52, 52, 51, 53, 52, 52), rhrDays(wd, 58)...)
	recover := slices.Clone(elevated)
	recover[len(recover)-1].HRVSummary, recover[len(recover)-1].HRVStatus = true, ref("low")
	tests := []struct {
		name    string
		form    float64
		hard    bool
		weekKm  float64
		days    []easyday.WellnessDay
		code    easyday.AdviceCode
		movedBy []easyday.SignalName
		text    string
	}{
		{"recover moves fresh to easy days", 10, false, 50, recover, easyday.AdviceEasyDays, []easyday.SignalName{"hrv", "resting_hr"},
			"Resting HR 58, 6 above your usual 52, and HRV below normal: take an easy day whatever your form says"},
		{"recover leaves rest", -35, false, 50, recover, easyday.AdviceRest, nil, ""},
		{"recover leaves easy days", -25, false, 50, recover, easyday.AdviceEasyDays, nil, ""},
		{"recover moves a recovery run", -5, true, 50, recover, easyday.AdviceEasyDays, []easyday.SignalName{"hrv", "resting_hr"}, ""},
		{"easy moves ready to a recovery run", 0, false, 50, elevated, easyday.AdviceRecoveryRun, []easyday.SignalName{"resting_hr"},
			"Resting HR 58, 6 above your usual 52: keep today easy whatever your form says."},
		{"easy moves train to cross-training under 24 mi", -15, false, 20, elevated, easyday.AdviceCrossTrain, []easyday.SignalName{"resting_hr"}, "Instead of a run"},
		{"easy leaves a recovery run", 0, true, 50, elevated, easyday.AdviceRecoveryRun, nil, "Yesterday was hard."},
		{"easy leaves cross-training", 0, true, 20, elevated, easyday.AdviceCrossTrain, nil, "Yesterday was hard."},
		{"normal moves nothing", 10, false, 50, rhrDays(wd, 50), easyday.AdviceFresh, nil, ""},
	}
	for _, tt := range tests {
		p := profileIn("km", false)
		recent := week(tt.weekKm * 1000)
		if tt.hard {
			recent = append(recent, act(wd-1, easyday.Cycling, 200, 0, 3600, easyday.ZoneSeconds{}))
		}
		f := Facts(wd, formDays(tt.form), recent, p)
		before := f.Advice
		r := Readiness(wd, tt.days)
		got := Temper(f, r, recent, p)
		if got.Advice.Code != tt.code || !slices.Equal(got.Advice.MovedBy, tt.movedBy) || !strings.Contains(got.Advice.Text, tt.text) {
			t.Errorf("Temper(%s) = %q %v %q, want %q %v containing %q", tt.name, got.Advice.Code, got.Advice.MovedBy, got.Advice.Text, tt.code, tt.movedBy, tt.text)
		}
		if cautionRank(got.Advice.Code) > cautionRank(before.Code) {
			t.Errorf("Temper(%s) made %s into %s: less cautious", tt.name, before.Code, got.Advice.Code)
		}
		if tt.movedBy == nil && (got.Advice.Code != before.Code || got.Advice.Text != before.Text) {
			t.Errorf("Temper(%s) changed unmoved advice text %q to %q", tt.name, before.Text, got.Advice.Text)
		}
		if got.Readiness.Code != r.Code {
			t.Errorf("Temper(%s).Readiness = %s, want %s", tt.name, got.Readiness.Code, r.Code)
		}
	}
}

func TestWellnessDate(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		utc  time.Time
		want easyday.Date
	}{
		{time.Date(2025, 1, 1, 23, 0, 0, 0, time.UTC), easyday.MakeDate(2025, 1, 1)},   // 00:00 local: closes Jan 1
		{time.Date(2025, 1, 1, 23, 0, 1, 0, time.UTC), easyday.MakeDate(2025, 1, 2)},   // a second later: Jan 2
		{time.Date(2025, 1, 1, 22, 59, 0, 0, time.UTC), easyday.MakeDate(2025, 1, 1)},  // 23:59 local
		{time.Date(2023, 9, 26, 22, 0, 0, 0, time.UTC), easyday.MakeDate(2023, 9, 26)}, // summer time: UTC+2
	}
	for _, tt := range tests {
		if got := WellnessDate(tt.utc, berlin); got != tt.want {
			t.Errorf("WellnessDate(%s) = %s, want %s", tt.utc, got, tt.want)
		}
	}
}

func TestWellnessRowsAndDays(t *testing.T) {
	at := func(h, m int) time.Time {
		return wd.Time().Add(-24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	v := func(tm time.Time, m easyday.Metric, x float64) easyday.WellnessValue {
		return easyday.WellnessValue{Time: tm, Metric: m, Value: x}
	}
	next := func(h, m int) time.Time { return at(h, m).Add(24 * time.Hour) }
	sleep := easyday.WellnessFile{Kind: easyday.WellnessSleep, Values: []easyday.WellnessValue{
		v(at(22, 0), easyday.MetricSleepLevel, easyday.SleepAwake),
		v(at(22, 30), easyday.MetricSleepLevel, easyday.SleepLight),  // 1 h
		v(at(23, 30), easyday.MetricSleepLevel, easyday.SleepDeep),   // 2 h
		v(next(1, 30), easyday.MetricSleepLevel, easyday.SleepREM),   // 30 min
		v(next(2, 0), easyday.MetricSleepLevel, easyday.SleepAwake),  // not asleep
		v(next(2, 10), easyday.MetricSleepLevel, easyday.SleepLight), // until the stop: 3 h 50
		v(next(6, 0), easyday.MetricSleepEnd, 0),
		v(next(6, 0), easyday.MetricSleepScore, 81),
	}}
	mon := easyday.WellnessFile{Kind: easyday.WellnessMonitoring, Values: []easyday.WellnessValue{
		v(at(8, 0), easyday.MetricRestingHR, 57), v(at(8, 0), easyday.MetricRestingHR7d, 50),
		v(at(12, 0), easyday.MetricStress, 20), v(at(12, 3), easyday.MetricStress, 31),
		v(at(22, 0), easyday.MetricRestingHR, 49), v(at(22, 0), easyday.MetricRestingHR7d, 51), // UTC midnight
		v(next(0, 5), easyday.MetricStress, 10),
	}}
	rows := append(WellnessRows(sleep, time.UTC), WellnessRows(mon, time.UTC)...)
	for _, r := range rows {
		want := wd - 1
		if r.Metric.Night() || r.Time.After(next(0, 0)) {
			want = wd
		}
		if r.Metric == easyday.MetricRestingHR && r.Time.Equal(at(22, 0)) {
			want = wd - 1
		}
		if r.Day != want {
			t.Errorf("row %s at %s on %s, want %s", r.Metric, r.Time, r.Day, want)
		}
	}
	days := WellnessDays(rows)
	if len(days) != 2 {
		t.Fatalf("WellnessDays = %+v, want 2 days", days)
	}
	d0, d1 := days[0], days[1]
	if d0.Date != wd-1 || *d0.RHR != 49 || *d0.RHR7d != 51 || !near(*d0.StressAvg, 25.5, 1e-9) || d0.SleepS != nil {
		t.Errorf("day 1 = %+v, want RHR 49/51, stress 25.5, no sleep", d0)
	}
	wantSleep := (1*3600 + 2*3600 + 1800 + 3*3600 + 50*60)
	if d1.Date != wd || d1.RHR != nil || d1.SleepS == nil || *d1.SleepS != float64(wantSleep) || *d1.SleepScore != 81 || *d1.StressAvg != 10 {
		t.Errorf("day 2 = %+v, want sleep %d s, score 81, stress 10", d1, wantSleep)
	}
	// Awake-only nights give no sleep time.
	awake := easyday.WellnessFile{Kind: easyday.WellnessSleep, Values: []easyday.WellnessValue{
		v(at(22, 0), easyday.MetricSleepLevel, easyday.SleepAwake), v(at(23, 0), easyday.MetricSleepLevel, easyday.SleepUnmeasurable)}}
	if got := WellnessDays(WellnessRows(awake, time.UTC)); len(got) != 0 {
		t.Errorf("awake-only night = %+v, want no day", got)
	}
	// HRV without a summary: the night's value is the mean of the 5-minute values.
	hrv := easyday.WellnessFile{Kind: easyday.WellnessHRVStatus, Values: []easyday.WellnessValue{
		v(next(1, 0), easyday.MetricHRV, 50), v(next(1, 5), easyday.MetricHRV, 70)}}
	if got := WellnessDays(WellnessRows(hrv, time.UTC)); len(got) != 1 || got[0].HRVSummary || *got[0].HRVLastNightMS != 60 || got[0].HRVStatus != nil {
		t.Errorf("5-minute values only = %+v, want last night 60 ms, no status", got)
	}
}

func TestWellnessTrend(t *testing.T) {
	days := append(rhrDays(wd-1, metricsRHRBaseline...), rhrDays(wd, 53)...)
	days[len(days)-1].HRVSummary, days[len(days)-1].HRVLastNightMS = true, ref(64.0)
	days[len(days)-1].HRVBaseline = &easyday.HRVBand{Low: 58, High: 71}
	tr := WellnessTrend(wd, days, 30)
	if len(tr) != 30 || tr[0].Date != wd-29 || tr[29].Date != wd {
		t.Fatalf("WellnessTrend = %d days from %s, want 30 ending %s", len(tr), tr[0].Date, wd)
	}
	last := tr[29]
	// Mean 50, SD 1.6475 < 3: the band is 47–53 and 53 sits on its top (elevated).
	if *last.RHR != 53 || !near(*last.RHRLow, 47, 1e-9) || !near(*last.RHRHigh, 53, 1e-9) ||
		*last.HRV != 64 || *last.HRVLow != 58 || *last.HRVHigh != 71 {
		t.Errorf("WellnessTrend(%s) = %+v", wd, last)
	}
	// The 7-night average the status describes, on the night that has a
	// value only.
	days[len(days)-1].HRVStatus, days[len(days)-1].HRVWeeklyMS = ref("low"), ref(55.0)
	tr = WellnessTrend(wd, days, 30)
	if w := tr[29].HRVWeek; w == nil || *w != 55 {
		t.Errorf("WellnessTrend(%s).HRVWeek = %v, want Garmin's weekly 55", wd, w)
	}
	if w := tr[28].HRVWeek; w != nil {
		t.Errorf("WellnessTrend(%s).HRVWeek = %v on a night without HRV, want none", tr[28].Date, *w)
	}
	// 13 days of baseline before D−1: no band yet.
	if tr[28].RHRLow != nil {
		t.Errorf("WellnessTrend(%s) has an RHR band from 13 days", tr[28].Date)
	}
}

// TestFactsJSONReadiness: advice always carries moved_by (null unless
// readiness moved it), warnings do not, and readiness is always there.
func TestFactsJSONReadiness(t *testing.T) {
	f := Facts(wd, formDays(0), nil, profileIn("km", false))
	f.Warnings = append(f.Warnings, easyday.AdviceWarning{Code: easyday.WarnRecoveryTooLong, Text: "x"})
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"moved_by":null`, `"readiness":{"code":"unknown","signals":[{"name":"hrv","value":null,"baseline":null,"state":"unknown","date":null}`} {
		if !strings.Contains(s, want) {
			t.Errorf("Facts JSON %s: no %s", s, want)
		}
	}
	if strings.Count(s, "moved_by") != 1 {
		t.Errorf("Facts JSON %s: moved_by outside the advice", s)
	}
}
