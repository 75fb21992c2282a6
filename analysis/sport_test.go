package analysis

import (
	"testing"
	"time"

	"easyday"
)

// TestFitnessEquipmentSubSports: older devices record a treadmill run or an
// indoor ride as sport fitness_equipment; the sub-sport decides the zone
// table, power TSS and weekly running distance.
func TestFitnessEquipmentSubSports(t *testing.T) {
	p := sportProfile()
	start := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
	rec := func(sport easyday.Sport, sub string) easyday.Recording {
		r := easyday.Recording{Format: "fit", Sport: sport, SubSport: sub, Start: start}
		for s := 0; s <= 3600; s++ {
			r.Samples = append(r.Samples, easyday.Sample{Time: easyday.InstantOf(start.Add(time.Duration(s) * time.Second)), HR: 150, Power: 200, Distance: float64(s) * 3, Speed: 3})
		}
		return r
	}
	tests := []struct {
		sport       easyday.Sport
		sub         string
		wantCycling bool
		wantRunning bool
	}{
		{"fitness_equipment", "indoor_cycling", true, false},
		{"fitness_equipment", "spin", true, false},
		{"fitness_equipment", "treadmill", false, true},
		{"fitness_equipment", "indoor_rowing", false, false},
		{"running", "treadmill", false, true},
		{"cycling", "indoor_cycling", true, false},
	}
	for _, tt := range tests {
		a := Analyze(rec(tt.sport, tt.sub), p)
		if a.IsCycling() != tt.wantCycling || a.IsRunning() != tt.wantRunning {
			t.Errorf("%s/%s: cycling %v running %v, want %v %v", tt.sport, tt.sub, a.IsCycling(), a.IsRunning(), tt.wantCycling, tt.wantRunning)
		}
		// 150 bpm is 88% of the run LTHR (run z2) and 94% of the bike LTHR
		// (bike z3): the table shows which one was used.
		want := easyday.ZoneSeconds{Z2: 3600}
		if tt.wantCycling {
			want = easyday.ZoneSeconds{Z3: 3600}
		}
		if a.Zones != want {
			t.Errorf("Analyze(%s/%s).Zones = %+v, want %+v", tt.sport, tt.sub, a.Zones, want)
		}
		if (a.LoadSource == easyday.LoadPower) != tt.wantCycling {
			t.Errorf("Analyze(%s/%s).LoadSource = %s", tt.sport, tt.sub, a.LoadSource)
		}
		d := easyday.DateOf(start, time.UTC)
		if got, want := RunningMetres([]easyday.Activity{a}, d, d) > 0, tt.wantRunning; got != want {
			t.Errorf("RunningMetres(%s/%s) counted = %v, want %v", tt.sport, tt.sub, got, want)
		}
	}
}

// TestZeroPowerRide: a ride whose power reads 0 from start to end (a head
// unit writing 0 with no meter) takes its load from heart rate, with a
// warning; Recompute gives the same and does not repeat the warning.
func TestZeroPowerRide(t *testing.T) {
	p := sportProfile()
	start := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
	r := easyday.Recording{Format: "fit", Sport: easyday.Cycling, Start: start}
	for s := 0; s <= 3600; s++ {
		r.Samples = append(r.Samples, easyday.Sample{Time: easyday.InstantOf(start.Add(time.Duration(s) * time.Second)), HR: 150, Power: 0, Distance: easyday.Missing, Speed: easyday.Missing})
	}
	a := Analyze(r, p)
	if a.LoadSource != easyday.LoadHR || a.PowerTSS != nil || a.NPW != nil || a.HRSS == nil || a.Load != *a.HRSS {
		t.Fatalf("Analyze(zero power ride) load %v from %s, power TSS %v; want HRSS", a.Load, a.LoadSource, a.PowerTSS)
	}
	if len(a.Warnings) != 1 || a.Warnings[0] != zeroPowerWarning {
		t.Errorf("Analyze(zero power ride).Warnings = %q", a.Warnings)
	}
	b := Recompute(a, p)
	if len(b.Warnings) != 1 || b.Load != a.Load {
		t.Errorf("Recompute(zero power ride) = load %v, warnings %q; want the same as Analyze", b.Load, b.Warnings)
	}
	// One second of real power is a ride with a meter: power TSS stands.
	r.Samples[100].Power = 300
	if c := Analyze(r, p); c.LoadSource != easyday.LoadPower {
		t.Errorf("Analyze(ride with some power).LoadSource = %s, want power", c.LoadSource)
	}
}

// sportProfile is the docs/metrics.md athlete with an FTP, in UTC.
func sportProfile() easyday.Profile {
	return easyday.Profile{
		Athlete:    easyday.Athlete{Sex: "male", RestingHR: 50, MaxHR: 190, DistanceUnit: "km"},
		Thresholds: []easyday.Thresholds{{From: 0, RunLTHR: 170, BikeLTHR: 160, FTP: 250}},
		Location:   time.UTC,
	}
}
