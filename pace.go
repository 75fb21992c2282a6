package easyday

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Bounds of a plausible threshold pace, in seconds per km: faster than the
// hour record or slower than a brisk walk is a typing slip.
const (
	minPaceSPerKm = 2 * 60
	maxPaceSPerKm = 20 * 60
)

// ErrPace marks a pace that is not written "m:ss/km" or "m:ss/mi".
var ErrPace = errors.New(`want a pace such as "4:30/km" or "7:15/mi"`)

// ParsePace reads a pace written "4:30/km" or "7:15/mi" (minutes, two-digit
// seconds below 60, the unit) and returns it in seconds per km. A pace
// outside 2:00–20:00 per km is refused as implausible.
func ParsePace(s string) (float64, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	clock, per, ok := strings.Cut(t, "/")
	unit, err := ParseDistanceUnit(per)
	if !ok || err != nil {
		return 0, fmt.Errorf("%q: %w", s, ErrPace)
	}
	mm, ss, ok := strings.Cut(clock, ":")
	m, err1 := strconv.Atoi(mm)
	sec, err2 := strconv.Atoi(ss)
	if !ok || err1 != nil || err2 != nil || m < 0 || len(ss) != 2 || sec < 0 || sec >= 60 || strings.HasPrefix(mm, "+") {
		return 0, fmt.Errorf("%q: %w", s, ErrPace)
	}
	perKm := float64(60*m+sec) * 1000 / unit.Metres()
	if perKm < minPaceSPerKm || perKm > maxPaceSPerKm {
		return 0, fmt.Errorf("%q is not a plausible threshold pace (2:00–20:00 per km)", s)
	}
	return perKm, nil
}

// FormatPace writes a pace in seconds per km in the athlete's unit, to the
// second: "5:28 /km", "8:48 /mi". It gives "-" for a pace
// that is not a positive finite number.
func FormatPace(sPerKm float64, unit DistanceUnit) string {
	if !(sPerKm > 0) || math.IsInf(sPerKm, 0) {
		return "-"
	}
	per, name := sPerKm*unit.Metres()/1000, unit.Or(Kilometres)
	t := int64(math.Round(per))
	return fmt.Sprintf("%d:%02d /%s", t/60, t%60, name)
}
