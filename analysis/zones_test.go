package analysis

import (
	"testing"

	"easyday"
)

// TestZoneBPM checks the bpm ranges the report shows against the zone rule
// itself: every heart rate from 1 to 260 bpm falls in exactly the range of
// the zone Zone gives, for every LTHR from 100 to 220 bpm and both tables.
func TestZoneBPM(t *testing.T) {
	in := func(r easyday.BPMRange, hr int) bool {
		return (r.Lo == 0 || hr >= r.Lo) && (r.Hi == 0 || hr <= r.Hi)
	}
	for lthr := 100; lthr <= 220; lthr++ {
		for _, bike := range []bool{false, true} {
			ranges := easyday.ZonesFor(bike).BPM(lthr)
			for hr := 1; hr <= 260; hr++ {
				want := Zone(hr, lthr, bike)
				for z, r := range ranges {
					if got := in(r, hr); got != (z == want) {
						t.Fatalf("ZonesFor(%v).BPM(%d)[%d] = %v contains %d: %v, want %v", bike, lthr, z, r, hr, got, z == want)
					}
				}
			}
		}
	}
	// The checks of docs/metrics.md §2 for LTHR 170.
	run, bike := easyday.RunZones.BPM(170), easyday.BikeZones.BPM(170)
	for _, c := range []struct {
		got, want easyday.BPMRange
	}{
		{run[Z1], easyday.BPMRange{Hi: 144}}, {run[Z2], easyday.BPMRange{Lo: 145, Hi: 152}},
		{run[Z3], easyday.BPMRange{Lo: 153, Hi: 161}}, {run[Z4], easyday.BPMRange{Lo: 162, Hi: 169}},
		{run[Z5a], easyday.BPMRange{Lo: 170, Hi: 175}}, {run[Z5b], easyday.BPMRange{Lo: 176, Hi: 180}},
		{run[Z5c], easyday.BPMRange{Lo: 181}},
		{bike[Z2], easyday.BPMRange{Lo: 138, Hi: 152}}, {bike[Z4], easyday.BPMRange{Lo: 160, Hi: 169}},
	} {
		if c.got != c.want {
			t.Errorf("BPM(170) range = %v, want %v", c.got, c.want)
		}
	}
}
