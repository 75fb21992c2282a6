package easyday

// The bounds of what one activity can hold (docs/metrics.md §1.1, §1.2,
// §1.6, §10.1): a value beyond them is a fault of the recording, never a
// reading. The decoders and the analysis read them from here.

// MaxDistanceM is the longest cumulative distance, and the longest total
// distance a file may claim, that is read as one: 10,000 km, more than any
// multi-week race (docs/metrics.md §1.2, §1.6).
const MaxDistanceM = 10_000_000

// MinAltitudeM and MaxAltitudeM bound an altitude read as one: the shore of
// the Dead Sea is at −430 m and the summit of Everest at 8,849 m
// (docs/metrics.md §1.2).
const (
	MinAltitudeM = -500
	MaxAltitudeM = 9_000
)

// MaxRunSpeed is the fastest a runner moves, in m/s: faster than any
// sprint (Bolt's peak is about 12.4 m/s). A faster step of a run is a GPS
// fault (docs/metrics.md §1.1, §10.1).
const MaxRunSpeed = 12.5

// maxSwimSpeed and maxOtherSpeed are the step ceilings, in m/s, of
// swimming and of every other sport (docs/metrics.md §1.1).
const (
	maxSwimSpeed  = 5
	maxOtherSpeed = 100
)

// SpeedCeiling is the fastest step, in m/s, that a recording of sport s can
// hold between two positions (docs/metrics.md §1.1): 12.5 m/s for running
// sports, 5 m/s for swimming, 100 m/s otherwise or when the sport is
// unknown.
func (s Sport) SpeedCeiling() float64 {
	switch {
	case s.IsRunning():
		return MaxRunSpeed
	case s == Swimming:
		return maxSwimSpeed
	}
	return maxOtherSpeed
}
