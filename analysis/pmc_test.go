package analysis

import (
	"math"
	"testing"

	"easyday"
)

func TestDaysOracle(t *testing.T) {
	// docs/metrics.md §7: loads 100, 0, 80, 120, 0, 150, 60, 0, 200, 50 from seed 0.
	from := easyday.MakeDate(2024, 1, 1)
	loads := map[easyday.Date]float64{}
	for i, l := range []float64{100, 0, 80, 120, 0, 150, 60, 0, 200, 50} {
		loads[from.AddDays(i)] = l
	}
	days := Days(loads, from, from.AddDays(9), 0, 0)
	if len(days) != 10 {
		t.Fatalf("Days(oracle) returned %d days, want 10", len(days))
	}
	d9, d10 := days[8], days[9]
	checks := []struct {
		what      string
		got, want float64
	}{
		{"day 10 CTL", d10.CTL, 16.2342},
		{"day 10 ATL", d10.ATL, 60.5932},
		{"day 10 TSB", d10.TSB, -46.7993},
		{"day 9 TSB", d9.TSB, -30.0886},
		{"day 10 ramp", d10.Ramp, 12.1086},
		{"day 10 load", d10.Load, 50},
		{"day 1 TSB", days[0].TSB, 0},
		{"day 1 ramp", days[0].Ramp, days[0].CTL},
	}
	for _, c := range checks {
		if !near(c.got, c.want, tol) {
			t.Errorf("Days(oracle) %s = %.4f, want %.4f", c.what, c.got, c.want)
		}
	}
	for i, d := range days {
		if d.Date != from.AddDays(i) {
			t.Errorf("Days(oracle)[%d].Date = %v, want %v", i, d.Date, from.AddDays(i))
		}
	}
}

func TestDaysSeedsAndEdges(t *testing.T) {
	from := easyday.MakeDate(2024, 1, 1)
	days := Days(nil, from, from.AddDays(2), 42, 7)
	if first := days[0]; !near(first.TSB, 35, 1e-12) || !near(first.CTL, 42*math.Exp(-1.0/42), 1e-9) || !near(first.ATL, 7*math.Exp(-1.0/7), 1e-9) {
		t.Errorf("Days(no load, seeds 42/7)[0] = %+v, want TSB 35 and both decayed by one day", first)
	}
	if got := Days(nil, from, from.AddDays(-1), 0, 0); got != nil {
		t.Errorf("Days(to before from) = %v, want nil", got)
	}
	if got := Days(nil, from, from, 0, 0); len(got) != 1 {
		t.Errorf("Days(one day) has %d days, want 1", len(got))
	}
	nan := Days(map[easyday.Date]float64{from: math.NaN()}, from, from, 10, 10)
	if math.IsNaN(nan[0].CTL) || nan[0].Load != 0 {
		t.Errorf("Days(NaN load) = %+v, want the load taken as 0", nan[0])
	}
}

func TestMonotony(t *testing.T) {
	tests := []struct {
		loads            []float64
		monotony, strain float64
	}{
		{[]float64{100, 0, 80, 120, 0, 150, 60}, 1.3719, 699.6588},
		{[]float64{50, 50, 50, 50, 50, 50, 50}, 10, 3500},
		{[]float64{0, 0, 0, 0, 0, 0, 0}, 10, 0},
		// Nearly constant: mean/sd far above 10, capped.
		{[]float64{100, 100, 100, 100, 100, 100, 101}, 10, 7010},
		{nil, 0, 0},
	}
	for _, tt := range tests {
		m, s := Monotony(tt.loads)
		if !near(m, tt.monotony, tol) || !near(s, tt.strain, tol) {
			t.Errorf("Monotony(%v) = %.4f, %.4f, want %.4f, %.4f", tt.loads, m, s, tt.monotony, tt.strain)
		}
	}
}

// TestRestDaysToFresh checks the day-by-day count against docs/metrics.md §7's
// closed formula over a grid. Form on D+n from CTL c and ATL a of D−1 is
// c(1−k_C)^n − a(1−k_A)^n, which is >= 0 from n = ln(c/a)/ln((1−k_A)/(1−k_C))
// on; the "+1" of docs/metrics.md counts from the last training day, D−1.
func TestRestDaysToFresh(t *testing.T) {
	r := math.Log((1 - kATL) / (1 - kCTL))
	checked := 0
	for c := 1.0; c <= 150; c += 3.7 {
		for a := 0.5; a <= 300; a += 4.3 {
			want := 0
			if a > c {
				x := math.Log(c/a) / r
				if math.Abs(x-math.Round(x)) < 1e-6 {
					continue // on an integer the float rounding decides; skip
				}
				want = int(math.Ceil(x))
			}
			if got := RestDaysToFresh(c, a); got != want {
				t.Errorf("RestDaysToFresh(%v, %v) = %d, want %d", c, a, got, want)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("grid checked only %d points", checked)
	}
	edges := []struct {
		ctl, atl float64
		want     int
	}{
		{50, 50, 0},
		{0, 0, 0},
		{0, 10, 365}, // no fitness: form never reaches 0
		{math.NaN(), 10, 0},
	}
	for _, e := range edges {
		if got := RestDaysToFresh(e.ctl, e.atl); got != e.want {
			t.Errorf("RestDaysToFresh(%v, %v) = %d, want %d", e.ctl, e.atl, got, e.want)
		}
	}
}
