package analysis

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"easyday"
)

// day is the report's day D in the facts tests.
var day = easyday.MakeDate(2024, 6, 10)

// formDays is a model that ends on D−1 with form going into D of form.
func formDays(form float64) []easyday.Day {
	return []easyday.Day{{Date: day - 1, CTL: 50, ATL: 50 - form}}
}

// act is an activity on date d starting at 07:30 local (UTC+2).
func act(d easyday.Date, sport easyday.Sport, load, metres, timerS float64, z easyday.ZoneSeconds) easyday.Activity {
	return easyday.Activity{
		Sport: sport, LocalDate: d, Load: load, DistanceM: metres, TimerS: timerS, Zones: z,
		StartUTC: d.Time().Add(5*time.Hour + 30*time.Minute), UTCOffsetS: 7200,
	}
}

// week is a running week of metres, run on D−3, with a longer run on D−8
// and a longer ride on D−2 that must not count.
func week(metres float64) []easyday.Activity {
	return []easyday.Activity{
		act(day-3, easyday.Running, 0, metres, 3600, easyday.ZoneSeconds{}),
		act(day-8, easyday.Running, 0, 100000, 3600, easyday.ZoneSeconds{}),
		act(day-2, easyday.Cycling, 0, 100000, 3600, easyday.ZoneSeconds{}),
	}
}

func profileIn(unit easyday.DistanceUnit, injuryProne bool) easyday.Profile {
	p := testProfile()
	p.Athlete.DistanceUnit = unit
	p.Athlete.InjuryProne = injuryProne
	return p
}

func TestFactsAdvice(t *testing.T) {
	mi24, mi40 := 24*easyday.MetresPerMile, 40*easyday.MetresPerMile
	hardLoadYesterday := []easyday.Activity{act(day-1, easyday.Cycling, 100, 0, 3600, easyday.ZoneSeconds{}), act(day-1, easyday.Cycling, 50, 0, 3600, easyday.ZoneSeconds{})}
	softLoadYesterday := []easyday.Activity{act(day-1, easyday.Cycling, 149.99, 0, 3600, easyday.ZoneSeconds{})}
	z4Yesterday := []easyday.Activity{act(day-1, easyday.Cycling, 40, 0, 3600, easyday.ZoneSeconds{Z1: 3000, Z4: 600})}
	z4SplitYesterday := []easyday.Activity{act(day-1, easyday.Cycling, 40, 0, 3600, easyday.ZoneSeconds{Z1: 3000, Z4: 150, Z5a: 150, Z5b: 150, Z5c: 150})}
	z4ShortYesterday := []easyday.Activity{act(day-1, easyday.Cycling, 40, 0, 3600, easyday.ZoneSeconds{Z1: 3001, Z4: 599})}

	tests := []struct {
		name      string
		unit      easyday.DistanceUnit
		injury    bool
		form      float64
		weekM     float64
		yesterday []easyday.Activity
		hard      bool
		code      easyday.AdviceCode
		contains  []string
		excludes  []string
	}{
		{"form -30 rest", "mi", false, -30, mi24, nil, false, easyday.AdviceRest, []string{"passive recovery"}, nil},
		{"form below -30 rest", "mi", false, -45, mi24, nil, false, easyday.AdviceRest, nil, nil},
		{"rest wins over hard yesterday", "mi", false, -30, mi24, hardLoadYesterday, true, easyday.AdviceRest, nil, nil},
		{"form just above -30 easy days", "mi", false, -29.9999, mi24, nil, false, easyday.AdviceEasyDays, []string{"recovery run", "152 bpm"}, nil},
		{"form -20 easy days", "mi", false, -20, mi24, nil, false, easyday.AdviceEasyDays, nil, nil},
		{"easy days win over hard yesterday", "mi", false, -20, mi24, hardLoadYesterday, true, easyday.AdviceEasyDays, nil, nil},
		{"easy days, no run under 24 mi", "mi", false, -25, mi24 - 0.001, nil, false, easyday.AdviceEasyDays, []string{"Skip running", "under 24 mi"}, []string{"recovery run of"}},
		{"easy days, no run when injury-prone", "km", true, -25, mi40, nil, false, easyday.AdviceEasyDays, []string{"Skip running", "prone to injury"}, nil},
		{"form just above -20 train", "mi", false, -19.9999, mi24, nil, false, easyday.AdviceTrain, []string{"easy days easy"}, nil},
		{"form -10 train", "mi", false, -10, mi24, nil, false, easyday.AdviceTrain, nil, nil},
		{"form just above -10 ready", "mi", false, -9.9999, mi24, nil, false, easyday.AdviceReady, []string{"quality session"}, nil},
		{"form 5 ready", "mi", false, 5, mi24, nil, false, easyday.AdviceReady, nil, nil},
		{"form just above 5 fresh", "mi", false, 5.0001, mi24, nil, false, easyday.AdviceFresh, nil, []string{"fade"}},
		{"form 25 fresh", "mi", false, 25, mi24, nil, false, easyday.AdviceFresh, nil, []string{"fade"}},
		{"form above 25 fading", "mi", false, 25.0001, mi24, nil, false, easyday.AdviceFresh, []string{"fitness is starting to fade"}, nil},

		{"load exactly 150 is hard", "mi", false, -15, mi24, hardLoadYesterday, true, easyday.AdviceRecoveryRun, []string{"20–30 minute", "z1–z2", "152 bpm"}, []string{"later"}},
		{"load 149.99 is not hard", "mi", false, -15, mi24, softLoadYesterday, false, easyday.AdviceTrain, nil, nil},
		{"600 s at z4 is hard", "mi", false, 0, mi24, z4Yesterday, true, easyday.AdviceRecoveryRun, nil, nil},
		{"600 s over z4..z5c is hard", "mi", false, 10, mi24, z4SplitYesterday, true, easyday.AdviceRecoveryRun, nil, nil},
		{"599 s at z4 is not hard", "mi", false, 0, mi24, z4ShortYesterday, false, easyday.AdviceReady, nil, nil},
		{"exactly 24 mi runs", "mi", false, 0, mi24, hardLoadYesterday, true, easyday.AdviceRecoveryRun, nil, nil},
		{"under 24 mi cross-trains", "mi", false, 0, mi24 - 0.001, hardLoadYesterday, true, easyday.AdviceCrossTrain, []string{"easy ride or yoga", "under 24 mi"}, nil},
		{"injury-prone cross-trains", "mi", true, 0, mi40, hardLoadYesterday, true, easyday.AdviceCrossTrain, []string{"prone to injury"}, nil},
		{"exactly 40 mi runs later", "mi", false, 0, mi40, hardLoadYesterday, true, easyday.AdviceRecoveryRun, []string{"later in the day"}, nil},
		{"under 40 mi runs any time", "mi", false, 0, mi40 - 0.001, hardLoadYesterday, true, easyday.AdviceRecoveryRun, nil, []string{"later"}},
		{"km: exactly 38.6 km runs", "km", false, 0, mi24, hardLoadYesterday, true, easyday.AdviceRecoveryRun, nil, nil},
		{"km: under 38.6 km cross-trains", "km", false, 0, mi24 - 0.001, hardLoadYesterday, true, easyday.AdviceCrossTrain, []string{"under 40 km"}, []string{"24 mi"}},
		{"km: 64.4 km runs later", "km", false, 0, mi40, hardLoadYesterday, true, easyday.AdviceRecoveryRun, []string{"later in the day"}, nil},
		{"km: under 64.4 km any time", "km", false, 0, mi40 - 0.001, hardLoadYesterday, true, easyday.AdviceRecoveryRun, nil, []string{"later"}},
	}
	for _, tt := range tests {
		recent := append(week(tt.weekM), tt.yesterday...)
		f := Facts(day, formDays(tt.form), recent, profileIn(tt.unit, tt.injury))
		if f.Advice.Code != tt.code || f.HardYesterday != tt.hard || !near(f.Form, tt.form, 1e-9) {
			t.Errorf("Facts(%s) = advice %q, hard %v, form %v, want %q, %v, %v", tt.name, f.Advice.Code, f.HardYesterday, f.Form, tt.code, tt.hard, tt.form)
		}
		for _, s := range tt.contains {
			if !strings.Contains(f.Advice.Text, s) {
				t.Errorf("Facts(%s).Advice.Text = %q, want it to contain %q", tt.name, f.Advice.Text, s)
			}
		}
		for _, s := range tt.excludes {
			if strings.Contains(f.Advice.Text, s) {
				t.Errorf("Facts(%s).Advice.Text = %q, want no %q", tt.name, f.Advice.Text, s)
			}
		}
		wantWeek := tt.weekM / 1000
		if tt.unit == "mi" {
			wantWeek = tt.weekM / easyday.MetresPerMile
		}
		if f.DistanceUnit != tt.unit || !near(f.WeekDistance, wantWeek, 1e-9) {
			t.Errorf("Facts(%s) week = %v %s, want %v %s", tt.name, f.WeekDistance, f.DistanceUnit, wantWeek, tt.unit)
		}
	}
}

func TestFactsNoThresholdsCeiling(t *testing.T) {
	p := testProfile()
	p.Thresholds = nil
	recent := append(week(30*easyday.MetresPerMile), act(day-1, easyday.Running, 200, 0, 3600, easyday.ZoneSeconds{}))
	f := Facts(day, formDays(0), recent, p)
	if f.RecoveryCeilBPM != 0 || f.Advice.Code != easyday.AdviceRecoveryRun || strings.Contains(f.Advice.Text, "bpm") {
		t.Errorf("Facts(no thresholds) = ceiling %d, advice %q %q, want 0, a recovery run without bpm", f.RecoveryCeilBPM, f.Advice.Code, f.Advice.Text)
	}
}

func TestFactsRecoveryWarnings(t *testing.T) {
	hardBefore := act(day-2, easyday.Cycling, 200, 0, 7200, easyday.ZoneSeconds{})
	softBefore := act(day-2, easyday.Cycling, 149, 0, 7200, easyday.ZoneSeconds{})
	z4Before := act(day-2, easyday.Running, 50, 10000, 3000, easyday.ZoneSeconds{Z1: 2400, Z4: 600})
	run := func(timer float64, z easyday.ZoneSeconds) easyday.Activity {
		return act(day-1, easyday.Running, 20, 5000, timer, z)
	}
	easy90 := easyday.ZoneSeconds{Z1: 1000, Z2: 620, Z3: 180}    // exactly 90 % in z1–z2, 10 % above
	easyUnder := easyday.ZoneSeconds{Z1: 1000, Z2: 619, Z3: 181} // just under 90 % / over 10 %
	hardOver := easyday.ZoneSeconds{Z1: 1619, Z4: 100, Z5c: 81}  // 181 s of 1800 at z3+

	tests := []struct {
		name     string
		before   easyday.Activity
		act      easyday.Activity
		codes    []easyday.AdviceCode
		contains []string
	}{
		{"90 % easy, 30 min 1 s: too long", hardBefore, run(1801, easy90), []easyday.AdviceCode{easyday.WarnRecoveryTooLong}, []string{"07:30", "30 min 1 s", "20–30 minutes in z1–z2"}},
		{"under 90 % easy, over 30 min: nothing", hardBefore, run(1801, easyUnder), nil, nil},
		{"90 % easy, exactly 30 min: nothing", hardBefore, run(1800, easy90), nil, nil},
		{"over 10 % hard, exactly 30 min: too hard", hardBefore, run(1800, easyUnder), []easyday.AdviceCode{easyday.WarnRecoveryTooHard}, []string{"07:30", "30 min", "z3 or above", "152 bpm"}},
		{"over 10 % hard at z4+, 29 min: too hard", hardBefore, run(1740, hardOver), []easyday.AdviceCode{easyday.WarnRecoveryTooHard}, []string{"29 min"}},
		{"exactly 10 % hard, 20 min: nothing", hardBefore, run(1200, easy90), nil, nil},
		{"day before not hard: nothing", softBefore, run(1801, easy90), nil, nil},
		{"day before hard by z4 time", z4Before, run(1801, easy90), []easyday.AdviceCode{easyday.WarnRecoveryTooLong}, nil},
		{"a ride is not a run", hardBefore, act(day-1, easyday.Cycling, 20, 0, 3600, easy90), nil, nil},
		{"no heart rate: nothing", hardBefore, run(3600, easyday.ZoneSeconds{}), nil, nil},
	}
	for _, tt := range tests {
		f := Facts(day, formDays(0), []easyday.Activity{tt.before, tt.act}, testProfile())
		var codes []easyday.AdviceCode
		for _, w := range f.Warnings {
			codes = append(codes, w.Code)
		}
		if !slices.Equal(codes, tt.codes) {
			t.Errorf("Facts(%s).Warnings = %v, want %v", tt.name, f.Warnings, tt.codes)
			continue
		}
		for _, s := range tt.contains {
			if !strings.Contains(f.Warnings[0].Text, s) {
				t.Errorf("Facts(%s).Warnings[0].Text = %q, want it to contain %q", tt.name, f.Warnings[0].Text, s)
			}
		}
		if f.Warnings == nil {
			t.Errorf("Facts(%s).Warnings = nil, want an empty list for JSON", tt.name)
		}
	}
}

func TestFactsModel(t *testing.T) {
	first := day - 30
	loads := map[easyday.Date]float64{}
	var recent []easyday.Activity
	for i := 0; i < 30; i++ {
		d := first + easyday.Date(i)
		l := float64(40 + (i*37)%90)
		loads[d] = l
		if d >= day-7 {
			recent = append(recent, act(d, easyday.Running, l, 10000, 3600, easyday.ZoneSeconds{}))
		}
	}
	through := Days(loads, first, day, 0, 0) // through D: TSB of D is the form
	toYesterday := through[:len(through)-1]
	y := toYesterday[len(toYesterday)-1]
	p := testProfile()

	f := Facts(day, toYesterday, recent, p)
	checks := []struct {
		what      string
		got, want float64
	}{
		{"fitness", f.Fitness, y.CTL},
		{"fatigue", f.Fatigue, y.ATL},
		{"form", f.Form, through[len(through)-1].TSB},
		{"ramp", f.Ramp, y.Ramp},
		{"yesterday load", f.YesterdayLoad, loads[day-1]},
		{"rest days", float64(f.RestDaysToFresh), float64(RestDaysToFresh(y.CTL, y.ATL))},
		{"history days", float64(f.HistoryDays), 30},
		{"week distance", f.WeekDistance, 70000 / easyday.MetresPerMile},
	}
	for _, c := range checks {
		if !near(c.got, c.want, 1e-9) {
			t.Errorf("Facts(30-day model).%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	if f.Seeded || f.RecoveryCeilBPM != 152 {
		t.Errorf("Facts(30-day model) seeded %v, ceiling %d, want false, 152", f.Seeded, f.RecoveryCeilBPM)
	}

	// Days stopping short of D−1 are carried forward with zero load.
	short := toYesterday[:len(toYesterday)-3]
	ext := Days(loads, first, day-4, 0, 0)
	ext = Days(nil, day-3, day-1, ext[len(ext)-1].CTL, ext[len(ext)-1].ATL)
	want := ext[len(ext)-1]
	g := Facts(day, short, recent, p)
	if !near(g.Fitness, want.CTL, 1e-9) || !near(g.Fatigue, want.ATL, 1e-9) || !near(g.Ramp, want.CTL-toYesterday[len(toYesterday)-8].CTL, 1e-9) {
		t.Errorf("Facts(model ending D−4) = fitness %v, fatigue %v, ramp %v, want %v, %v, %v",
			g.Fitness, g.Fatigue, g.Ramp, want.CTL, want.ATL, want.CTL-toYesterday[len(toYesterday)-8].CTL)
	}

	// A window that starts after D−8 still finds CTL of D−8 (the day before it).
	window := toYesterday[len(toYesterday)-7:]
	if w := Facts(day, window, recent, p); !near(w.Ramp, y.Ramp, 1e-9) {
		t.Errorf("Facts(window D−7…D−1).Ramp = %v, want %v", w.Ramp, y.Ramp)
	}

	// A history shorter than a week: before the first day the seeds hold.
	seeded := p
	seeded.Athlete.FitnessSeed, seeded.Athlete.FatigueSeed = 30, 20
	young := Days(loads, day-3, day-1, 30, 20)
	h := Facts(day, young, recent, seeded)
	if !near(h.Ramp, young[2].CTL-30, 1e-9) || h.HistoryDays != 3 || !h.Seeded {
		t.Errorf("Facts(3 days, seeds 30/20) = ramp %v, history %d, seeded %v, want %v, 3, true", h.Ramp, h.HistoryDays, h.Seeded, young[2].CTL-30)
	}

	// No history at all: the seeds, no history days.
	e := Facts(day, nil, nil, seeded)
	if e.Fitness != 30 || e.Fatigue != 20 || e.Form != 10 || e.Ramp != 0 || e.HistoryDays != 0 || e.YesterdayLoad != 0 || e.RestDaysToFresh != 0 {
		t.Errorf("Facts(no history, seeds 30/20) = %+v, want fitness 30, fatigue 20, form 10, nothing else", e)
	}
	// Nothing is known of the training: no advice on it, however fresh the
	// seeds say the athlete is.
	if e.Advice.Code != easyday.AdviceNoData || !strings.Contains(e.Advice.Text, "inbox") || e.Warnings == nil || len(e.Warnings) != 0 {
		t.Errorf("Facts(no history) advice %q %q, warnings %v, want no_data naming the inbox and an empty list", e.Advice.Code, e.Advice.Text, e.Warnings)
	}
	if tm := Temper(e, easyday.Readiness{Code: easyday.ReadinessNormal}, nil, seeded); tm.Advice.Code != easyday.AdviceNoData {
		t.Errorf("Temper(no_data, normal) advice %q, want no_data: readiness never makes advice", tm.Advice.Code)
	}
	// No model but activities: history counts from the day before the earliest.
	if got := Facts(day, nil, recent, p).HistoryDays; got != 7 {
		t.Errorf("Facts(no model, activities from D−7).HistoryDays = %d, want 7", got)
	}
	if math.IsNaN(f.Form) {
		t.Errorf("Facts form is NaN")
	}
}

func TestFactsCycleNotes(t *testing.T) {
	start := day - 2
	tests := []struct {
		name   string
		sex    easyday.Sex
		start  *easyday.Date
		length int
		d      easyday.Date
		want   string // "" for no note
	}{
		{"day 3 of the period", "female", &start, 28, day, "Day 3 of your cycle"},
		{"first day", "female", &start, 28, start, "Day 1 of your cycle"},
		{"day 5", "female", &start, 28, start + 4, "Day 5 of your cycle"},
		{"day 6: no note", "female", &start, 28, start + 5, ""},
		{"next cycle", "female", &start, 28, start + 28, "Day 1 of your cycle"},
		{"before the start", "female", &start, 28, start - 1, ""},
		{"no length", "female", &start, 0, day, ""},
		{"no start", "female", nil, 28, day, ""},
		{"male", "male", &start, 28, day, ""},
	}
	for _, tt := range tests {
		p := testProfile()
		p.Athlete.Sex, p.Athlete.CycleStart, p.Athlete.CycleLengthDays = tt.sex, tt.start, tt.length
		f := Facts(tt.d, formDays(0), nil, p)
		got := strings.Join(f.Notes, " ")
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("Facts(%s).Notes = %q, want %q", tt.name, got, tt.want)
		}
		if tt.want != "" && !strings.Contains(got, "more than 6%") {
			t.Errorf("Facts(%s).Notes = %q, want the metabolic-rate note", tt.name, got)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		sec  float64
		want string
	}{
		{2700, "45 min"}, {1801, "30 min 1 s"}, {3900, "1 h 5 min"}, {3600, "1 h"}, {45, "45 s"}, {0, "0 min"}, {math.NaN(), "0 min"},
	}
	for _, tt := range tests {
		if got := formatDuration(tt.sec); got != tt.want {
			t.Errorf("formatDuration(%v) = %q, want %q", tt.sec, got, tt.want)
		}
	}
}
