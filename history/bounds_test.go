package history

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

// TestStreamHoldsWhatTheRulesAllow: the stream encoder never meets a value
// docs/metrics.md's rules let through. A segment owns at most 30 s (§1.5);
// a time step reaches the 24 h beyond which samples are clock faults
// (§1.3); a distance reaches 10,000 km and an altitude −500 and 9,000 m
// (§1.2); heart rate keeps a sensor fault up to 254 (§1.2); power is below
// 0xFFFF. Each encodes and decodes exactly, the largest jumps between them
// included.
func TestStreamHoldsWhatTheRulesAllow(t *testing.T) {
	day := easyday.ClockFaultGap.Seconds()
	const none = easyday.Missing
	segs := []easyday.Segment{
		{Dur: 30, HR: 254, Power: 0xFFFE, Distance: 0, Altitude: easyday.MinAltitudeM, Step: day},
		{Dur: 30, HR: 1, Power: 0, Distance: easyday.MaxDistanceM, Altitude: easyday.MaxAltitudeM, Step: day},
		{Dur: 0.001, HR: 0, Power: none, Distance: 0, Altitude: easyday.MinAltitudeM, Step: 0.001},
		{Dur: 30, HR: 225, Power: 0xFFFE, Distance: easyday.MaxDistanceM, Altitude: none, Step: day},
		{Dur: 0, HR: 0, Power: none, Distance: none, Altitude: none, Step: 0},
		{Dur: 30, HR: 254, Power: 0, Distance: 0.01, Altitude: easyday.MaxAltitudeM, Step: day},
		{Dur: 0, HR: 254, Power: 0xFFFE, Distance: easyday.MaxDistanceM, Altitude: easyday.MinAltitudeM, Step: 0},
	}
	// A stream long enough to fill several blocks, alternating extremes.
	for i := range 300 {
		s := segs[i%len(segs)]
		segs = append(segs, s)
	}
	b, err := encodeSegments(segs)
	if err != nil {
		t.Fatalf("encodeSegments(the rules' extremes) error %v", err)
	}
	got, err := decodeSegments(b)
	if err != nil {
		t.Fatalf("decodeSegments(encodeSegments(the rules' extremes)) error %v", err)
	}
	if diff := cmp.Diff(segs, got); diff != "" {
		t.Errorf("decodeSegments(encodeSegments(the rules' extremes)) mismatch (-want +got):\n%s", diff)
	}
}
