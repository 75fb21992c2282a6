package easyday

import (
	"math"
	"time"
)

// The tables of the science, written once: analysis applies them and the
// report shows them, so a change here changes both.

// Time constants of the performance-management model, in days (GoldenCheetah
// PMCData, Elevate, WKO+; docs/metrics.md §7): fitness (CTL) is a 42-day average
// of load, fatigue (ATL) a 7-day one.
const (
	FitnessDays = 42
	FatigueDays = 7
)

// HighMonotony is where Foster's training monotony becomes high: the days
// are too alike (docs/metrics.md §9).
const HighMonotony = 2.0

// ZoneTable holds the lower bounds, in percent of LTHR, of z2, z3, z4, z5a
// and z5b of the Friel heart-rate zones; z5b ends at Z5bTopPct inclusive
// and z5c is above it. A heart rate is in a zone starting at p percent when
// 100·HR ≥ p·LTHR (half-open, docs/metrics.md §2).
type ZoneTable [5]int

// Z5bTopPct is the top of z5b, inclusive, in both tables (docs/metrics.md §2).
const Z5bTopPct = 106

var (
	// RunZones: Friel, run LTHR zones (docs/metrics.md §2).
	RunZones = ZoneTable{85, 90, 95, 100, 103}
	// BikeZones: Friel, bike LTHR zones (docs/metrics.md §2).
	BikeZones = ZoneTable{81, 90, 94, 100, 103}
)

// ZonesFor returns the bike table for rides and the run table otherwise.
func ZonesFor(cycling bool) ZoneTable {
	if cycling {
		return BikeZones
	}
	return RunZones
}

// BPMRange is an inclusive heart-rate range in whole bpm; Lo 0 means "and
// below", Hi 0 means "and above". Lo > Hi is an empty range (an LTHR too
// low to separate the zones).
type BPMRange struct{ Lo, Hi int }

// BPM returns the whole-bpm range of each zone z1..z5c for the LTHR (above
// 0), for showing the zones. A heart rate HR is in a zone starting at p
// percent when 100·HR ≥ p·LTHR, so the zone's lowest bpm is ⌈p·LTHR/100⌉,
// kept exact in integers.
func (t ZoneTable) BPM(lthr int) [7]BPMRange {
	ceil := func(p int) int { return (p*lthr + 99) / 100 }
	var r [7]BPMRange
	r[0].Hi = ceil(t[0]) - 1
	for i := 0; i < len(t)-1; i++ {
		r[i+1] = BPMRange{Lo: ceil(t[i]), Hi: ceil(t[i+1]) - 1}
	}
	top := Z5bTopPct * lthr / 100
	r[5] = BPMRange{Lo: ceil(t[len(t)-1]), Hi: top}
	r[6] = BPMRange{Lo: top + 1}
	return r
}

// FormBand is TrainingPeaks' reading of form (TSB) going into a day. The
// advice rules and the report's verdict both read it, so they never disagree.
type FormBand int

// The form bands, from most tired to freshest (docs/metrics.md §7: −20 to −30 =
// take a few easy days; near 0 = recovered).
const (
	FormOverreached FormBand = iota // −30 and below
	FormFatigued                    // above −30, to −20: take a few easy days
	FormProductive                  // above −20, to −10: productive training load
	FormRecovered                   // above −10, to 5
	FormFresh                       // above 5, to 25
	FormFading                      // above 25: fitness is starting to fade
)

// Upper bounds (inclusive) of the form bands below FormFading.
const (
	formOverreachedTop = -30.0
	formFatiguedTop    = -20.0
	formProductiveTop  = -10.0
	formRecoveredTop   = 5.0
	formFreshTop       = 25.0
)

// FormBands lists the bands from most tired to freshest.
var FormBands = []FormBand{FormOverreached, FormFatigued, FormProductive, FormRecovered, FormFresh, FormFading}

// Bounds returns the band's range of form, closed above: lo < form ≤ hi,
// with infinities for the open ends (overreached has lo −Inf and is closed
// at −30; fading has hi +Inf).
func (b FormBand) Bounds() (lo, hi float64) {
	tops := []float64{formOverreachedTop, formFatiguedTop, formProductiveTop, formRecoveredTop, formFreshTop, math.Inf(1)}
	if b < FormOverreached || b > FormFading {
		return math.NaN(), math.NaN()
	}
	lo = math.Inf(-1)
	if b > FormOverreached {
		lo = tops[b-1]
	}
	return lo, tops[b]
}

// FormBandOf returns the band of form; the bands are closed above, so −10
// is productive training and −9.99 recovered. NaN reads as fresh.
func FormBandOf(form float64) FormBand {
	switch {
	case form <= formOverreachedTop:
		return FormOverreached
	case form <= formFatiguedTop:
		return FormFatigued
	case form <= formProductiveTop:
		return FormProductive
	case form <= formRecoveredTop:
		return FormRecovered
	case form > formFreshTop:
		return FormFading
	}
	return FormFresh
}

// LocalStart is the activity's start on the local clock of where it was
// recorded, as a time in UTC (so Format shows the local wall time).
func (a Activity) LocalStart() time.Time {
	return a.StartUTC.Add(time.Duration(a.UTCOffsetS) * time.Second).UTC()
}

// LocalClock is the local start time as hh:mm, or "–" when the start is unknown.
func (a Activity) LocalClock() string {
	if a.StartUTC.IsZero() {
		return "–"
	}
	return a.LocalStart().Format("15:04")
}
