package easyday

import (
	"testing"
	"time"
)

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

func TestSameActivity(t *testing.T) {
	t0 := time.Date(2026, 9, 20, 7, 0, 0, 0, time.UTC)
	swim := Activity{Sport: Swimming, StartUTC: t0, TimerS: 2700, ElapsedS: 3000}
	at := func(a Activity, start time.Duration, timer, elapsed float64, sport Sport) Activity {
		a.StartUTC, a.TimerS, a.ElapsedS, a.Sport = t0.Add(start), timer, elapsed, sport
		return a
	}
	tests := []struct {
		name string
		a    Activity
		want bool
	}{
		{"itself", swim, true},
		{"60 s later", at(swim, 60*time.Second, 2700, 3000, Swimming), true},
		{"61 s earlier", at(swim, -61*time.Second, 2700, 3000, Swimming), false},
		{"timer 5% longer", at(swim, 0, 2835, 4000, Swimming), true},
		{"timer 6% longer, elapsed 5% shorter", at(swim, 0, 2862, 2850, Swimming), true},
		{"timer and elapsed 6% longer", at(swim, 0, 2862, 3180, Swimming), false},
		{"a TCX that does not pause: timer is elapsed", at(swim, 10*time.Second, 3000, 3000, Generic), true},
		{"unspecific sport", at(swim, 0, 2700, 3000, Generic), true},
		{"no sport at all", at(swim, 0, 2700, 3000, ""), true},
		{"another sport", at(swim, 0, 2700, 3000, Running), false},
		{"no elapsed times", at(swim, 0, 3000, 0, Swimming), false},
	}
	for _, tt := range tests {
		if got := SameActivity(tt.a, swim); got != tt.want {
			t.Errorf("SameActivity(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if !SameActivity(swim, at(swim, 0, 2700, 3000, Generic)) {
		t.Errorf("SameActivity(swim, generic copy) = false, want true: either copy may be the unspecific one")
	}
}

// ChooseCopy's rule on its own; history's TestCommitKeepsSpecificSport
// checks the same cases through the ledger.
func TestChooseCopy(t *testing.T) {
	cp := func(f Format, sp Sport, sub string, hrs float64) Activity {
		return Activity{Sport: sp, SubSport: sub, Format: f, HRS: hrs, TimerS: 3600}
	}
	tests := []struct {
		name     string
		a, st    Activity // the new copy, the stored one
		newWins  bool
		relabel  bool
		sport    Sport
		subSport string
	}{
		{"FIT swim stored, its TCX Other comes", cp(FormatTCX, Generic, "", 3000), cp(FormatFIT, Swimming, "lap_swimming", 3000), false, false, Swimming, "lap_swimming"},
		{"TCX Other stored, the FIT swim comes", cp(FormatFIT, Swimming, "lap_swimming", 3000), cp(FormatTCX, Generic, "", 3000), true, false, Generic, ""},
		{"richer generic FIT stored, a poorer TCX names the sport", cp(FormatTCX, Swimming, "open_water", 3000), cp(FormatFIT, Generic, "", 3000), false, true, Swimming, "open_water"},
		{"richer generic FIT stored, a poorer TCX ride wins", cp(FormatTCX, Cycling, "road", 2000), cp(FormatFIT, Generic, "", 3500), true, false, Generic, ""},
		{"TCX ride stored, a richer generic FIT loses", cp(FormatFIT, Generic, "", 3500), cp(FormatTCX, Cycling, "road", 2000), false, false, Cycling, "road"},
		{"the same sport: the richer wins", cp(FormatGPX, Running, "", 3600), cp(FormatFIT, Running, "", 1000), true, false, Running, ""},
	}
	for _, tt := range tests {
		c := ChooseCopy(tt.a, tt.st)
		if c.NewWins != tt.newWins || c.Relabel != tt.relabel || c.Sport != tt.sport || c.SubSport != tt.subSport {
			t.Errorf("%s: ChooseCopy = %+v, want NewWins %v, Relabel %v, %s/%s", tt.name, c, tt.newWins, tt.relabel, tt.sport, tt.subSport)
		}
	}
}
