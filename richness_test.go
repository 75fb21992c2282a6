package easyday

import "testing"

func TestRicher(t *testing.T) {
	ride := func(power, hr float64, format string) Activity {
		a := Activity{Sport: Cycling, HRS: hr, TimerS: 3600, DistanceM: 30000, Format: Format(format)}
		if power > 0 {
			a.Segments = []Segment{{Dur: power, Power: 200}, {Dur: 3600 - power, Power: Missing}}
		}
		return a
	}
	run := Activity{Sport: Running, HRS: 1800, TimerS: 1800, DistanceM: 5000, Format: "tcx"}
	noHR := run
	noHR.HRS = 0
	noDist := run
	noDist.DistanceM = 0
	fit := run
	fit.Format = "fit"
	tests := []struct {
		name string
		a, b Activity
		want bool
	}{
		{"power wins over heart rate", ride(3600, 0, "tcx"), ride(0, 3600, "fit"), true},
		{"less power loses", ride(1000, 3600, "fit"), ride(2000, 0, "gpx"), false},
		{"heart rate", run, noHR, true},
		{"no heart rate", noHR, run, false},
		{"distance", run, noDist, true},
		{"FIT over TCX", fit, run, true},
		{"tie keeps the stored copy", run, run, false},
		{"power counts only on rides", Activity{Sport: Running, Format: "fit", Segments: []Segment{{Dur: 60, Power: 300}}}, Activity{Sport: Running, Format: "fit"}, false},
		{"under a second is a tie", Activity{HRS: 1800.2, TimerS: 1900, Format: "tcx"}, Activity{HRS: 1800, TimerS: 1900, Format: "tcx"}, false},
		{"within 1% of the timer is a tie, then FIT wins", Activity{HRS: 3187, TimerS: 3097.8, Format: "tcx"}, Activity{HRS: 3097, TimerS: 3097.8, Format: "fit"}, false},
		{"seconds past the timer count for nothing", Activity{HRS: 4000, TimerS: 3600, Format: "gpx"}, Activity{HRS: 3590, TimerS: 3600, Format: "fit"}, false},
		{"2% more heart rate wins", Activity{HRS: 3600, TimerS: 3600, Format: "gpx"}, Activity{HRS: 3520, TimerS: 3600, Format: "fit"}, true},
	}
	for _, tt := range tests {
		if got := RichnessOf(tt.a).Richer(RichnessOf(tt.b)); got != tt.want {
			t.Errorf("%s: RichnessOf(a).Richer(b) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
