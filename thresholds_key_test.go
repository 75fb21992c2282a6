package easyday

import (
	"fmt"
	"math"
	"testing"
)

// Key is the format it names, for every kind of value a set can hold.
func TestThresholdsKey(t *testing.T) {
	for _, th := range []Thresholds{
		{},
		{From: MakeDate(2016, 1, 1), RunLTHR: 170, BikeLTHR: 160, FTP: 250, RunThresholdPace: 255},
		{From: MakeDate(2024, 2, 29), RunLTHR: -1, FTP: 1 << 40, RunThresholdPace: 243.75},
		{From: MakeDate(1969, 12, 31), RunThresholdPace: 1e21},
		{RunThresholdPace: 1.0 / 3},
		{RunThresholdPace: math.Inf(1)},
		{RunThresholdPace: math.NaN()},
		{RunThresholdPace: math.Copysign(0, -1)},
		{RunThresholdPace: 5e-324},
	} {
		want := fmt.Sprintf("%s run_lthr=%d bike_lthr=%d ftp=%d run_threshold_pace=%g", th.From, th.RunLTHR, th.BikeLTHR, th.FTP, th.RunThresholdPace)
		if got := th.Key(); got != want {
			t.Errorf("Key() = %q, want %q", got, want)
		}
	}
}
