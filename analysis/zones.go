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

// zoneTable holds the lower bounds, in % of LTHR, of z2, z3, z4 and z5a;
// z5b starts at 103 % and z5c above 106 % in both tables.
type zoneTable [4]int

var (
	// runZones: Friel, run LTHR zones, half-open (METRICS.md §2).
	runZones = zoneTable{85, 90, 95, 100}
	// bikeZones: Friel, bike LTHR zones, half-open (METRICS.md §2).
	bikeZones = zoneTable{81, 90, 94, 100}
)

// Zone returns the Friel zone index 0..6 (z1..z5c) of hr for the LTHR;
// cycling selects the bike table. The bounds are compared in integers
// (100·HR against bound·LTHR) so a heart rate exactly on a bound lands in
// the right zone. An LTHR of 0 or less puts every heart rate in z1.
func Zone(hr, lthr int, cycling bool) int {
	if lthr <= 0 {
		return Z1
	}
	t := runZones
	if cycling {
		t = bikeZones
	}
	p := 100 * int64(hr)
	l := int64(lthr)
	switch {
	case p < int64(t[0])*l:
		return Z1
	case p < int64(t[1])*l:
		return Z2
	case p < int64(t[2])*l:
		return Z3
	case p < int64(t[3])*l:
		return Z4
	case p < 103*l:
		return Z5a
	case p <= 106*l:
		return Z5b
	default:
		return Z5c
	}
}

// addZone adds sec seconds to zone z of zs.
func addZone(zs *easyday.ZoneSeconds, z int, sec float64) {
	switch z {
	case Z1:
		zs.Z1 += sec
	case Z2:
		zs.Z2 += sec
	case Z3:
		zs.Z3 += sec
	case Z4:
		zs.Z4 += sec
	case Z5a:
		zs.Z5a += sec
	case Z5b:
		zs.Z5b += sec
	default:
		zs.Z5c += sec
	}
}

// Zones returns the owned time of valid-heart-rate segments in each zone
// (METRICS.md §2); missing heart rate is in no zone.
func Zones(segs []easyday.Segment, lthr int, cycling bool) easyday.ZoneSeconds {
	var zs easyday.ZoneSeconds
	for _, s := range segs {
		if validHR(s.HR) && s.Dur > 0 {
			addZone(&zs, Zone(s.HR, lthr, cycling), s.Dur)
		}
	}
	return zs
}

// TopOfZ2 returns the largest whole heart rate in run z2 for the LTHR: the
// largest HR with 100·HR/LTHR < 90, the ceiling of a recovery run. It
// returns 0 when lthr is 0 or less.
func TopOfZ2(lthr int) int {
	if lthr <= 0 {
		return 0
	}
	return (runZones[1]*lthr - 1) / 100
}
