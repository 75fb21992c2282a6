package analysis

import "easyday"

// Zone indexes returned by Zone, in the order of easyday.ZoneSeconds.
const (
	Z1 = iota
	Z2
	Z3
	Z4
	Z5a
	Z5b
	Z5c
)

// Zone returns the Friel zone index 0..6 (z1..z5c) of hr for the LTHR;
// cycling selects the bike table (easyday.ZonesFor). The bounds are compared
// in integers (100·HR against bound·LTHR) so a heart rate exactly on a bound
// lands in the right zone. An LTHR of 0 or less puts every heart rate in z1.
func Zone(hr, lthr int, cycling bool) int {
	if lthr <= 0 {
		return Z1
	}
	t := easyday.ZonesFor(cycling)
	p := 100 * int64(hr)
	l := int64(lthr)
	for z, lo := range t {
		if p < int64(lo)*l {
			return z
		}
	}
	if p <= easyday.Z5bTopPct*l {
		return Z5b
	}
	return Z5c
}

// Zones returns the owned time of valid-heart-rate segments in each zone
// (docs/metrics.md §2); missing heart rate is in no zone.
func Zones(segs []easyday.Segment, lthr int, cycling bool) easyday.ZoneSeconds {
	z := zoneSum{lthr: lthr, cycling: cycling}
	for _, s := range segs {
		if validHR(s.HR) && s.Dur > 0 {
			z.add(s.HR, s.Dur)
		}
	}
	return z.seconds()
}

// zoneSum adds up the seconds in each zone one segment at a time, in the
// segments' order: for Zones, and in the analysis's one pass over the
// heart rates. Each zone's seconds are summed in an array indexed by the
// zone and named at the end: a switch on the zone for every segment was
// most of the loop.
type zoneSum struct {
	lthr    int
	cycling bool
	zone    [255]int8 // the zone + 1 of each heart rate met, 0 until known
	sums    [Z5c + 1]float64
}

// add counts a segment of valid heart rate hr that owns dur > 0 seconds.
func (z *zoneSum) add(hr int, dur float64) {
	if z.zone[hr] == 0 {
		z.zone[hr] = int8(Zone(hr, z.lthr, z.cycling) + 1)
	}
	z.sums[z.zone[hr]-1] += dur
}

// seconds returns the sums by zone.
func (z *zoneSum) seconds() easyday.ZoneSeconds {
	return easyday.ZoneSeconds{Z1: z.sums[Z1], Z2: z.sums[Z2], Z3: z.sums[Z3], Z4: z.sums[Z4], Z5a: z.sums[Z5a], Z5b: z.sums[Z5b], Z5c: z.sums[Z5c]}
}

// TopOfZ2 returns the largest whole heart rate in run z2 for the LTHR: the
// largest HR with 100·HR/LTHR < 90, the ceiling of a recovery run. It
// returns 0 when lthr is 0 or less.
func TopOfZ2(lthr int) int {
	if lthr <= 0 {
		return 0
	}
	return easyday.RunZones.BPM(lthr)[Z2].Hi
}
